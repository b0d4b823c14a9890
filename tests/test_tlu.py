"""Tests for course.tlu: the unit, find_tlu, the census and the two-input widget.

Independent truth: brute-force enumeration of integer weights and thresholds
(a plain triple loop, none of the census's tricks), the published counts of
OEIS A000609, A000615, A002078 and A000617 (Muroga's tables),
and units built from random weights, whose function is a threshold function by
construction.
"""

import itertools
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from course import tlu
from course.data import GATES, logic_gate
from course.tlu import (TLU, census, count_threshold_functions, find_tlu, function_name,
                        threshold_interval, truth_table)

# OEIS, n = 0..6: threshold functions of n or fewer inputs (A000609), of exactly n (A000615),
# positive ones = N-equivalence classes (A002078), NP-equivalence classes (A000617)
A000609 = [2, 4, 14, 104, 1882, 94572, 15028134]
A000615 = [2, 2, 8, 72, 1536, 86080, 14487040]
A002078 = [2, 3, 6, 20, 150, 3287, 244158]
A000617 = [2, 3, 5, 10, 27, 119, 1113]


def brute_force_threshold_tables(n, max_weight):
    """Every truth table a unit with integer weights in [-max_weight, max_weight] computes."""
    X = truth_table(n)
    found = set()
    for w in itertools.product(range(-max_weight, max_weight + 1), repeat=n):
        net = X @ np.array(w, dtype=np.int64)
        for t in range(-n * max_weight - 1, n * max_weight + 1):
            found.add(tuple((net > t).astype(int)))
    return found


def computes(result, outputs):
    w, t = result
    return np.array_equal(TLU(w, t)(truth_table(len(w))), np.asarray(outputs))


# ------------------------------------------------------------ truth_table, TLU
def test_truth_table_order_and_shape():
    X, _ = logic_gate("AND")
    np.testing.assert_array_equal(truth_table(2), X)
    assert truth_table(0).shape == (1, 0)
    t3 = truth_table(3)
    assert t3.shape == (8, 3)
    # row r holds the binary digits of r, first input most significant
    assert [int("".join(map(str, row)), 2) for row in t3] == list(range(8))


@pytest.mark.parametrize("bad", [-1, 2.5, True, "3", 17])
def test_truth_table_rejects_bad_n(bad):
    with pytest.raises(ValueError):
        truth_table(bad)


def test_tlu_single_and_batch_outputs():
    unit = TLU([1, 1], 1)
    assert unit([1, 1]) == 1 and isinstance(unit([1, 1]), int)
    out = unit(truth_table(2))
    assert out.dtype == np.int64
    np.testing.assert_array_equal(out, GATES["AND"])
    np.testing.assert_array_equal(unit.truth_table(), GATES["AND"])
    # real-valued inputs are fine; the test is strict
    assert unit([0.5, 0.5]) == 0 and unit([0.5, 0.51]) == 1
    assert "TLU(weights=[1, 1], threshold=1)" == repr(unit)


@pytest.mark.parametrize("x", [[1, 0, 1], [[1, 0, 1]], [[[1, 1]]], 5])
def test_tlu_shape_mismatch_is_a_clear_error(x):
    with pytest.raises(ValueError, match="2 inputs"):
        TLU([1, 1], 1)(x)


@pytest.mark.parametrize("weights,threshold", [([[1, 1]], 1), ([1, np.nan], 1), ([1, 1], np.inf), ([1], [1, 2])])
def test_tlu_rejects_bad_parameters(weights, threshold):
    with pytest.raises(ValueError):
        TLU(weights, threshold)


# --------------------------------------------- the thresholds (the FACTS fix)
@pytest.mark.parametrize("name,weights,interval", [
    ("AND", [1, 1], (1, 2)), ("OR", [1, 1], (0, 1)),
    ("NAND", [-1, -1], (-2, -1)), ("NOR", [-1, -1], (-1, 0)),
    ("identity", [1], (0, 1)), ("negation", [-1], (-1, 0)),
])
def test_threshold_intervals_match_a_scan(name, weights, interval):
    outputs = GATES.get(name, {"identity": [0, 1], "negation": [1, 0]}.get(name))
    assert threshold_interval(weights, outputs) == interval
    low, high = interval
    X = truth_table(len(weights))
    for t in np.arange(-3, 3.001, 0.25):  # independent: evaluate the unit at many thresholds
        works = np.array_equal(TLU(weights, t)(X), outputs)
        assert works == (low <= t < high), (name, t)


def test_the_popular_thresholds_are_off_by_one():
    # "exceed 2" for AND, "exceed 1" for OR, "threshold 0" for negation: wrong with a strict >
    assert TLU([1, 1], 2).truth_table().tolist() == [0, 0, 0, 0]
    assert TLU([1, 1], 1).truth_table().tolist() == GATES["AND"].tolist()  # not OR
    assert TLU([-1], 0).truth_table().tolist() == [0, 0]                  # not negation
    assert threshold_interval([1, 1], GATES["XOR"]) is None


@pytest.mark.parametrize("weights", [[np.nan, 1], [np.inf, 1], [1, -np.inf]])
def test_threshold_interval_refuses_non_finite_weights(weights):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        with pytest.raises(ValueError, match="weights must be finite"):
            threshold_interval(weights, GATES["AND"])


def test_threshold_interval_errors():
    with pytest.raises(ValueError, match="need 2 weights"):
        threshold_interval([1, 1, 1], GATES["AND"])
    with pytest.raises(ValueError, match="length 2\\^n"):
        threshold_interval([1, 1], [0, 1, 1])


# ------------------------------------------------------------------ find_tlu
def test_every_two_input_function_is_realised_or_is_xor_or_xnor():
    realised = 0
    for outputs in itertools.product([0, 1], repeat=4):
        result = find_tlu(outputs)
        if result is None:
            assert function_name(outputs) in {"XOR", "XNOR"}
        else:
            assert computes(result, outputs)
            realised += 1
    assert realised == 14


def test_find_tlu_gates_give_small_integer_weights():
    for name in ("AND", "OR", "NAND", "NOR"):
        w, t = find_tlu(GATES[name])
        assert w.dtype == np.int64 and isinstance(t, int)
        assert computes((w, t), GATES[name])
        assert np.abs(w).sum() == 2  # the LP minimises sum |w|; 2 is the least possible here


@pytest.mark.parametrize("n", [1, 2, 3])
def test_find_tlu_agrees_with_brute_force_on_every_function(n):
    truth = brute_force_threshold_tables(n, max_weight=3)
    assert len(truth) == A000609[n]
    for outputs in itertools.product([0, 1], repeat=2 ** n):
        result = find_tlu(outputs)
        assert (result is not None) == (outputs in truth), outputs
        if result is not None:
            assert computes(result, outputs)


def test_find_tlu_on_four_inputs_against_brute_force():
    truth = brute_force_threshold_tables(4, max_weight=3)
    assert len(truth) == A000609[4]  # so weights up to 3 reach every function of 4 inputs
    rng = np.random.default_rng(1)
    listed = sorted(truth)
    sample = [listed[i] for i in rng.choice(len(listed), 60, replace=False)]
    sample += [tuple(rng.integers(0, 2, 16)) for _ in range(60)]
    for outputs in sample:
        result = find_tlu(outputs)
        assert (result is not None) == (outputs in truth), outputs
        if result is not None:
            assert computes(result, outputs)


def test_find_tlu_rejects_unate_non_threshold_function():
    # x1 x2 OR x3 x4 rises with every input, yet (1,1,0,0) + (0,0,1,1) = (1,0,1,0) + (0,1,0,1):
    # two 1s and two 0s with the same sum, so no w, T separates them (the LP must find this)
    X = truth_table(4)
    outputs = ((X[:, 0] & X[:, 1]) | (X[:, 2] & X[:, 3])).astype(int)
    assert tlu._is_unate(outputs, 4)
    assert find_tlu(outputs) is None


@pytest.mark.parametrize("n", [2, 3, 4, 5, 6])
def test_parity_is_never_a_threshold_function(n):
    assert find_tlu(truth_table(n).sum(axis=1) % 2) is None


@settings(max_examples=40, deadline=None)
@given(st.integers(1, 6).flatmap(lambda n: st.tuples(
    st.lists(st.integers(-9, 9), min_size=n, max_size=n), st.integers(-30, 30))))
def test_find_tlu_realises_any_unit(unit):
    weights, threshold = unit
    outputs = TLU(weights, threshold + 0.5).truth_table()  # a threshold function by construction
    result = find_tlu(outputs)
    assert result is not None and computes(result, outputs)


@pytest.mark.parametrize("bad,match", [
    ([0, 1, 1], "length 2\\^n"), ([], "length 2\\^n"), ([[0, 1], [1, 0]], "1-D"),
    ([0, 2], "only 0s and 1s"), ([0, -1], "only 0s and 1s"), ([0.5, 1], "only 0s and 1s"),
])
def test_find_tlu_bad_input(bad, match):
    with pytest.raises(ValueError, match=match):
        find_tlu(bad)


def test_find_tlu_accepts_booleans_and_constants():
    assert computes(find_tlu(np.array([False, True, True, True])), [0, 1, 1, 1])
    assert computes(find_tlu([1]), [1]) and computes(find_tlu([0]), [0])  # n = 0


# ------------------------------------------------------------------ census
def test_census_matches_oeis_up_to_five_inputs():
    for n in range(6):
        c = census(n)
        assert c["threshold"] == A000609[n], n
        assert c["positive"] == A002078[n], n
        assert c["all_inputs_matter"] == A000615[n], n
        assert c["sorted_representatives"] == A000617[n], n
        assert c["functions"] == 2 ** 2 ** n
    assert count_threshold_functions(4, device="cpu") == 1882


@pytest.mark.parametrize("n", [1, 2, 3])
def test_census_matches_brute_force_tables(n):
    assert count_threshold_functions(n) == len(brute_force_threshold_tables(n, max_weight=3))


@pytest.mark.parametrize("n", [2, 3, 4])
def test_weight_bound_is_saturated(n):
    # a larger bound finds no new function: the enumeration is complete
    keys, _ = tlu._positive_tables(n, tlu.torch.device("cpu"))
    more, _ = tlu._positive_tables(n, tlu.torch.device("cpu"), bound=tlu.weight_bound(n) + 3)
    assert keys.tolist() == more.tolist()


def test_weight_bound_is_hadamards():
    for n in range(8):
        m = n + 1
        assert tlu.weight_bound(n) == int((m + 1) ** ((m + 1) / 2) / 2 ** m)
    # every function of 3 inputs needs weights of at most 2 in absolute value (brute force)
    assert brute_force_threshold_tables(3, 2) == brute_force_threshold_tables(3, 3)


@pytest.fixture
def one_torch_thread():
    # The census makes many small sorts; on a busy machine competing threads slow them down
    # many times over (measured here: 30 s on one thread, 3 minutes on two, with other jobs running).
    threads = tlu.torch.get_num_threads()
    tlu.torch.set_num_threads(1)
    yield
    tlu.torch.set_num_threads(threads)


@pytest.mark.slow
def test_census_six_inputs(one_torch_thread):
    c = census(6)
    assert c["threshold"] == A000609[6] and c["positive"] == A002078[6]
    assert c["all_inputs_matter"] == A000615[6] and c["sorted_representatives"] == A000617[6]


@pytest.mark.parametrize("bad", [-1, 7, 2.0, None])
def test_census_bad_n(bad):
    with pytest.raises(ValueError):
        count_threshold_functions(bad)


def test_census_limit_names_the_function_called():
    with pytest.raises(ValueError, match="^census supports at most 6 inputs"):
        census(7)
    with pytest.raises(ValueError, match="^count_threshold_functions supports at most 6 inputs"):
        count_threshold_functions(7)


# ------------------------------------------------ the 16 two-input functions
def test_sixteen_distinct_names_agreeing_with_gates():
    names = [function_name(o) for o in itertools.product([0, 1], repeat=4)]
    assert len(set(names)) == 16
    for gate, outputs in GATES.items():
        assert function_name(outputs) == gate
    X = truth_table(2)
    assert function_name(X[:, 0]) == "x1" and function_name(1 - X[:, 1]) == "NOT x2"
    assert function_name((X[:, 0] & (1 - X[:, 1]))) == "x1 AND NOT x2"
    assert function_name((1 - X[:, 0]) | X[:, 1]) == "NOT x1 OR x2"
    with pytest.raises(ValueError, match="2 inputs"):
        function_name([0] * 8)


# ------------------------------------------------------------ the widget
def test_readout_names_what_the_unit_computes():
    for w1, w2, t in itertools.product(np.arange(-2, 2.01, 0.5), np.arange(-2, 2.01, 0.5), np.arange(-3, 3.01, 0.5)):
        text = tlu.tlu_readout(w1, w2, t)
        outputs = TLU([w1, w2], t).truth_table()   # exact here: halves are exact in binary
        assert f"computes {function_name(outputs)}," in text
        assert "XOR" not in text.split("computes")[1].split(",")[0]


def test_readout_extremes():
    assert "no line" in tlu.tlu_readout(0, 0, 0.5) and "FALSE" in tlu.tlu_readout(0, 0, 0.5)
    assert "TRUE" in tlu.tlu_readout(0, 0, -0.1)
    assert "FALSE" in tlu.tlu_readout(0, 0, 0.0)          # 0 > 0 is false
    assert "lie exactly on the line" in tlu.tlu_readout(1, 1, 1)
    assert "separates no corners" in tlu.tlu_readout(2, -2, 3)


def test_readout_reads_slider_decimals_exactly():
    # 0.1 + 0.2 > 0.3 in floating point; the slider shows 0.1, 0.2 and 0.3, so (1,1) is on the line
    assert "computes AND," not in tlu.tlu_readout(0.1, 0.2, 0.30000000000000004)
    assert "(1,1) lies exactly on the line" in tlu.tlu_readout(0.1, 0.2, 0.3)


@pytest.mark.parametrize("tiny", [1e-7, 1e-300, 5e-324])
def test_tiny_weights_are_not_rounded_to_zero(tiny):
    # w = (tiny, 0), T = 0: the unit fires exactly where x1 = 1
    assert TLU([tiny, 0], 0).truth_table().tolist() == [0, 0, 1, 1]
    text = tlu.tlu_readout(tiny, 0, 0)
    assert "computes x1," in text and "both weights are 0" not in text and f"w₁ = {tiny:.2g}," in text
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = tlu.tlu_figure(tiny, 0, 0)
        fig.canvas.draw()
    ax = fig.axes[0]
    assert ax.get_title() == "computes x1"
    assert not any("both weights are 0" in t.get_text() for t in ax.texts)
    np.testing.assert_array_equal(ax.get_lines()[0].get_xdata(), 0.0)   # the line w·x = T is x1 = 0
    plt.close(fig)
    # decimals are still read as shown: 0.1 + 0.2 is 0.3, and float noise (here as a slider makes it) is ignored
    for t in (0.3, 0.30000000000000004):
        assert "(1,1) lies exactly on the line" in tlu.tlu_readout(0.1, 0.2, t)
    w2, t = -2.0 + 19 * 0.1, -2.0 + 9 * 0.1          # -0.09999999999999987 and -1.1
    assert "computes NAND," in tlu.tlu_readout(-1.0, w2, t) and "(1,1) lies exactly" in tlu.tlu_readout(-1.0, w2, t)


def test_figures_draw_cleanly_at_the_slider_extremes():
    lo_w, hi_w = tlu.TLU_W_RANGE
    lo_t, hi_t = tlu.TLU_T_RANGE
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        for w1, w2, t in itertools.product([lo_w, 0.0, hi_w], [lo_w, 0.0, hi_w], [lo_t, 0.0, hi_t]):
            fig = tlu.tlu_figure(w1, w2, t)
            assert len(fig.axes) == 2
            plt.close(fig)
    with pytest.raises(ValueError, match="finite"):
        tlu.tlu_figure(np.nan, 1, 1)


def test_explorer_widget_updates_its_readout():
    box = tlu.tlu_explorer(1.0, 1.0, 1.5)
    assert "tlu-explorer" in box._dom_classes
    s1, s2, st_ = box.children[0].children
    readout = box.children[1]
    assert "tlu-readout" in readout._dom_classes and "computes AND" in readout.value
    st_.value = 0.5
    assert "computes OR" in readout.value
    s1.value, s2.value = 0.0, 0.0
    assert "no line" in readout.value and "FALSE" in readout.value
    plt.close("all")


def test_neuron_and_tlu_figure():
    fig = tlu.neuron_and_tlu_figure()
    assert len(fig.axes) == 2
    plt.close(fig)


def test_tlu_explorer_refuses_a_start_outside_its_sliders_and_tiny_weights_draw():
    from course.tlu import tlu_explorer, tlu_figure
    with pytest.raises(ValueError, match="outside the explorer's slider range"):
        tlu_explorer(5.0, 1.0, 1.5)
    with pytest.raises(ValueError, match="threshold"):
        tlu_explorer(1.0, 1.0, 5.0)
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = tlu_figure(1e-300, 0.0, 0.5)             # w·w would underflow to 0 without rescaling
        fig.canvas.draw()
    plt.close(fig)
