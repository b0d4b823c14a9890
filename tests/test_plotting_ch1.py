"""Tests for the chapter-1 drawings in course.plotting (draw_neuron, draw_tlu) and draw_network's checks."""

import matplotlib.pyplot as plt
import numpy as np
import pytest

from course import plotting


def _lines(ax):
    return [np.column_stack(line.get_data()) for line in ax.get_lines()]


def test_draw_neuron_is_seeded_and_labelled():
    _, (a, b, c) = plt.subplots(1, 3)
    plotting.draw_neuron(a, seed=3)
    plotting.draw_neuron(b, seed=3)
    plotting.draw_neuron(c, seed=4)
    la, lb, lc = _lines(a), _lines(b), _lines(c)
    assert len(la) > 50                       # a branching tree, not a stick figure
    assert len(la) == len(lb) and all(np.array_equal(p, q) for p, q in zip(la, lb))
    assert len(la) != len(lc) or any(not np.array_equal(p, q) for p, q in zip(la, lc))
    texts = " ".join(t.get_text() for t in a.texts)
    for part in ("dendrites", "cell body", "axon", "terminals"):
        assert part in texts
    plt.close("all")


def test_draw_tlu_labels_weights_and_threshold():
    ax = plotting.draw_tlu(weights=[1, -1.5], threshold=0.5)
    texts = [t.get_text() for t in ax.texts]
    assert "1" in texts and "-1.5" in texts and "> 0.5 ?" in texts
    assert "x₁" in texts and "x₂" in texts
    ax = plotting.draw_tlu(weights=["a", "b", "c"], inputs=["p", "q", "r"])
    assert {"p", "q", "r", "a", "b", "c"} <= {t.get_text() for t in ax.texts}
    plt.close("all")


def test_draw_tlu_errors():
    with pytest.raises(ValueError, match="at least one weight"):
        plotting.draw_tlu(weights=[])
    with pytest.raises(ValueError, match="input names"):
        plotting.draw_tlu(weights=[1, 2], inputs=["a"])
    plt.close("all")


@pytest.mark.parametrize("arg", ["labels", "layer_names"])
def test_draw_network_needs_one_label_per_layer(arg):
    with pytest.raises(ValueError, match=f"{arg} needs one entry per layer: 3 for sizes \\[3, 4, 2\\], got 2"):
        plotting.draw_network([3, 4, 2], **{arg: ["x", "h"]})
    ax = plotting.draw_network([3, 4, 2], **{arg: ["x", "h", "y"]})
    assert ("h" if arg == "labels" else "h\n4 units") in {t.get_text() for t in ax.texts}
    plt.close("all")
