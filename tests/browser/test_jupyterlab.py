"""Every notebook in a real JupyterLab, as a learner uses it: open, Run All, look, move sliders.

The server is `make lab` on a temporary copy of notebooks/ (see conftest.py).
For the start-here notebook and chapter 5, the two explorers are driven by
keyboard and their readouts compared with the numbers `course.widgets`
computes for the values the sliders show.
"""

from __future__ import annotations

import pytest

from course.widgets import chain_readout, sigmoid_readout

from .helpers import interactive, notebooks

pytestmark = pytest.mark.browser

ALL = [p.name for p in notebooks()]
INTERACTIVE = [n for n in ALL if interactive(n)]

SIGMOID_BOX, SIGMOID_READOUT = "sigmoid-derivative-explorer", "sigmoid-prime-readout"
CHAIN_BOX, CHAIN_READOUT = "chain-product-explorer", "chain-product-readout"
# the labels of the chain explorer's "weights" menu, and the values they stand for
WEIGHT_MODES = {"all equal to w": "equal", "w · N(0, 1)": "random"}


@pytest.fixture
def ran(jupyterlab, lab_notebook):
    try:
        return jupyterlab.run(lab_notebook)
    except Exception as e:
        pytest.fail(f"{lab_notebook} could not be opened and run in JupyterLab: {e}\n"
                    f"server log:\n{jupyterlab.server.log_tail(15)}", pytrace=False)


def _lines(items):
    return "\n  ".join(items)


@pytest.mark.parametrize("lab_notebook", ALL)
def test_run_all_shows_no_error(ran):
    r = ran.report
    ran.screenshot(near=f".{SIGMOID_BOX}, .{CHAIN_BOX}, .jp-OutputArea-output img")
    assert r.codeCells > 0, f"{ran.name} shows no code cells"
    news = [t for t in ran.toasts() if "news" in t.lower()]
    problems = {
        "cells raised errors": r.errors,
        "error or stderr output shown (also inside widgets)": r.shownErrors,
        "cells wrote to stderr": r.stderr,
        "cells left unexecuted by Run All": [f"cell {i}" for i in r.unexecuted],
        "widgets failed to display": r.widgetFailures,
        "widget outputs not rendered": r.unrendered,
        "the page logged errors": r.console_errors,
        "the Jupyter news pop-up covers the page (lab settings overrides not installed?)": news,
    }
    if r.renderedViews != r.widgetViews:
        problems["widget views"] = [f"{r.widgetViews} widget outputs, {r.renderedViews} rendered"]
    shown = {what: found for what, found in problems.items() if found}
    assert not shown, f"{ran.name} after Run All in JupyterLab:\n" + "\n".join(
        f"- {what}:\n  " + _lines(found) for what, found in shown.items())


def _explorer_sliders(ran, box_class, what, sliders):
    """The explorer with CSS class `box_class` and its slider readouts, one per name in `sliders`."""
    box = ran.explorer(box_class)
    assert box is not None, f"{ran.name} shows no {what} (.{box_class})"
    values = ran.slider_readouts(box)
    assert len(values) == len(sliders), f"expected the {', '.join(sliders)} sliders, found readouts {values}"
    return box, values


def _float(text, what):
    try:
        return float(text)
    except ValueError:
        pytest.fail(f"cannot read the {what} slider's value from {text!r}", pytrace=False)


@pytest.mark.parametrize("lab_notebook", INTERACTIVE)
def test_sigmoid_explorer_z_slider_by_keyboard(ran):
    box, values = _explorer_sliders(ran, SIGMOID_BOX, "σ′ explorer", ("z", "w", "b"))
    z0, w, b = (_float(v, n) for v, n in zip(values, ("z", "weight", "bias")))
    before = ran.wait_readout(SIGMOID_BOX, SIGMOID_READOUT, sigmoid_readout(z0, w, b))
    assert before == sigmoid_readout(z0, w, b).strip(), \
        "the σ′ readout does not match its sliders before any key press"

    key, presses = ("ArrowRight", 3) if z0 <= 9.0 else ("ArrowLeft", 3)
    z1 = round(z0 + (0.1 if key == "ArrowRight" else -0.1) * presses, 2)
    expected = sigmoid_readout(z1, w, b)
    assert expected != sigmoid_readout(z0, w, b)
    ran.press(box, 0, key, presses)
    shown = ran.wait_readout(SIGMOID_BOX, SIGMOID_READOUT, expected)
    ran.wait_settled()  # the figure below the readout is redrawn after it
    ran.screenshot("_sigmoid", near=f".{SIGMOID_BOX}")
    assert ran.slider_readouts(box)[0] == f"{z1:.2f}", f"{presses}× {key} should move z from {z0} to {z1}"
    assert shown == expected.strip(), f"σ′ readout after moving z to {z1}:\n{shown}\nexpected:\n{expected}"


@pytest.mark.parametrize("lab_notebook", INTERACTIVE)
def test_chain_explorer_depth_and_weight(ran):
    box, values = _explorer_sliders(ran, CHAIN_BOX, "chain explorer", ("depth", "w", "z", "seed"))
    depth0, w0, z = int(values[0]), _float(values[1], "weight"), _float(values[2], "z")
    seed = int(values[3])
    activation, mode_label = ran.dropdown_labels(box)
    assert mode_label in WEIGHT_MODES, f"unknown weights menu entry {mode_label!r}"
    mode = WEIGHT_MODES[mode_label]

    def expect(depth, w):
        return chain_readout(depth, w, z, activation, mode, seed)

    shown = ran.wait_readout(CHAIN_BOX, CHAIN_READOUT, expect(depth0, w0))
    assert shown == expect(depth0, w0).strip(), "the chain readout does not match its sliders before any key press"

    # the depth: three links longer (or shorter, at the top of the range)
    key = "ArrowRight" if depth0 <= 27 else "ArrowLeft"
    depth1 = depth0 + (3 if key == "ArrowRight" else -3)
    ran.press(box, 0, key, 3)
    shown = ran.wait_readout(CHAIN_BOX, CHAIN_READOUT, expect(depth1, w0))
    assert ran.slider_readouts(box)[0] == str(depth1), f"3× {key} should move the depth from {depth0} to {depth1}"
    assert shown == expect(depth1, w0).strip(), \
        f"chain readout at depth {depth1}:\n{shown}\nexpected:\n{expect(depth1, w0)}"

    # the weight: five steps of 0.1
    key = "ArrowRight" if w0 <= 7.5 else "ArrowLeft"
    w1 = round(w0 + (0.5 if key == "ArrowRight" else -0.5), 2)
    assert expect(depth1, w1) != expect(depth1, w0)
    ran.press(box, 1, key, 5)
    shown = ran.wait_readout(CHAIN_BOX, CHAIN_READOUT, expect(depth1, w1))
    ran.wait_settled()
    ran.screenshot("_chain", near=f".{CHAIN_BOX}")
    assert ran.slider_readouts(box)[1] == f"{w1:.2f}", f"5× {key} should move w from {w0} to {w1}"
    assert shown == expect(depth1, w1).strip(), \
        f"chain readout at depth {depth1}, w = {w1}:\n{shown}\nexpected:\n{expect(depth1, w1)}"
