"""Tests for course.perceptron against independent truth.

Truth tables of the gates, brute-force searches over weights and over unit
directions, the generating separator of each random dataset, a hand-worked
epoch of AND, and the algebra of the rule (scale invariance) serve as the
references; never numbers copied from the module's own output.
"""

import itertools
import warnings

import numpy as np
import pytest
import torch
from hypothesis import given, settings
from hypothesis import strategies as st

from course.data import logic_gate
from course.perceptron import (
    Perceptron, augment, decision_line, is_linearly_separable, margin_of, max_margin, mistake_bound,
    perceptron_step_figure, perceptron_stepper, plot_decision, radius, random_separable, stepper_readout,
    trace, train_many,
)

TRUTH = {  # written out by hand, rows (0,0), (0,1), (1,0), (1,1)
    "AND": [0, 0, 0, 1], "OR": [0, 1, 1, 1], "NAND": [1, 1, 1, 0], "NOR": [1, 0, 0, 0],
    "XOR": [0, 1, 1, 0], "XNOR": [1, 0, 0, 1],
}
CORNERS = np.array([[0, 0], [0, 1], [1, 0], [1, 1]], dtype=float)


# ------------------------------------------------------------- the rule
@pytest.mark.parametrize("gate", ["AND", "OR", "NAND", "NOR"])
@pytest.mark.parametrize("init", ["zeros", "random"])
def test_separable_gates_converge_and_classify_all_corners(gate, init):
    y = np.array(TRUTH[gate])
    p = Perceptron(2, init=init, seed=1)
    mistakes = p.fit(CORNERS, y, epochs=100)
    assert mistakes[-1] == 0 and all(m > 0 for m in mistakes[:-1]), "stops after the first clean epoch"
    assert len(mistakes) < 100
    assert p.predict(CORNERS).tolist() == TRUTH[gate]
    # the learned unit, evaluated by hand with the strict threshold
    by_hand = [int(p.weights @ x + p.bias > 0) for x in CORNERS]
    assert by_hand == TRUTH[gate]


def test_and_first_two_epochs_by_hand():
    # Worked on paper, zero start, r = 1, rows in order (0,0), (0,1), (1,0), (1,1):
    # epoch 1: only (1,1) is wrong (a = 0, ŷ = 0): w = (1, 1), b = 1.
    # epoch 2: (0,0): a = 1 → mistake, b = 0; (0,1): a = 1 → mistake, w = (1, 0), b = −1;
    #          (1,0): a = 0 → correct; (1,1): a = 0 → mistake, w = (2, 1), b = 0.
    p = Perceptron(2)
    p.fit(CORNERS, TRUTH["AND"], epochs=2)
    (w1, b1), (w2, b2) = p.history[1], p.history[2]
    assert w1.tolist() == [1, 1] and b1 == 1
    assert w2.tolist() == [2, 1] and b2 == 0


def test_one_step_matches_the_formula():
    p = Perceptron(3, learning_rate=0.5)
    p.weights, p.bias = np.array([1.0, -2.0, 0.5]), 0.25
    x = np.array([2.0, 1.0, -1.0])  # a = 2 − 2 − 0.5 + 0.25 = −0.25 → ŷ = 0
    assert p.step(x, 1) == 1
    assert np.allclose(p.weights, [1.0 + 0.5 * 2, -2.0 + 0.5 * 1, 0.5 - 0.5 * 1]) and p.bias == 0.75
    before = p.weights.copy()
    assert p.step(x, 1) == 0  # a = 4 − 1.5 + 0 + 0.75 > 0: correct now, nothing moves
    assert np.array_equal(p.weights, before) and p.bias == 0.75
    assert p.step(x, 0) == -1  # ŷ = 1 but y = 0: subtract
    assert np.allclose(p.weights, before - 0.5 * x) and p.bias == 0.25


def test_score_counts_the_fraction_classified_correctly():
    p = Perceptron(2)
    p.fit(CORNERS, TRUTH["AND"], epochs=100)
    by_hand = [int(p.weights @ x + p.bias > 0) for x in CORNERS]
    assert by_hand == TRUTH["AND"]  # the fitted unit reproduces AND on all four corners
    assert p.score(CORNERS, TRUTH["AND"]) == 1.0
    # flip the label of (0,1): the unit still says 0 there, so 3 of the 4 corners agree: 3/4
    flipped = [0, 1, 0, 1]
    assert p.score(CORNERS, flipped) == 3 / 4
    # all four labels inverted (NAND): no corner agrees
    assert p.score(CORNERS, TRUTH["NAND"]) == 0.0


@pytest.mark.parametrize("seed,n_inputs", [(0, 2), (7, 3), (123, 1)])
def test_random_init_follows_the_documented_recipe(seed, n_inputs):
    # Docstring: "random" = small Gaussian values of std 0.1, seeded by `seed`:
    # w = 0.1·N(0, 1) draws from default_rng(seed), then b = one more 0.1·N(0, 1) draw.
    rng = np.random.default_rng(seed)
    w_expected = 0.1 * rng.standard_normal(n_inputs)
    b_expected = 0.1 * rng.standard_normal()
    p = Perceptron(n_inputs, init="random", seed=seed)
    assert np.allclose(p.weights, w_expected, rtol=1e-12, atol=0) and np.isclose(p.bias, b_expected, rtol=1e-12)
    w0, b0 = p.history[0]
    assert np.allclose(w0, w_expected, rtol=1e-12, atol=0) and np.isclose(b0, b_expected, rtol=1e-12)
    # trace starts from the same state
    tr = trace(np.ones((2, n_inputs)), [1, 0], init="random", seed=seed, max_epochs=1)
    assert np.allclose(tr["weights"][0], w_expected, rtol=1e-12, atol=0)
    assert np.isclose(tr["bias"][0], b_expected, rtol=1e-12)


def test_random_init_has_std_one_tenth_and_depends_on_the_seed():
    # Statistical check independent of the draw order: 20 000 weights of std 0.1.
    w = Perceptron(20_000, init="random", seed=5).weights
    assert abs(w.mean()) < 0.005 and 0.095 < w.std() < 0.105
    a, b = Perceptron(3, init="random", seed=1), Perceptron(3, init="random", seed=2)
    assert not np.allclose(a.weights, b.weights)
    again = Perceptron(3, init="random", seed=1)
    assert np.array_equal(a.weights, again.weights) and a.bias == again.bias
    assert a.bias != 0.0 and np.all(a.weights != 0.0)


def test_xor_makes_mistakes_in_every_one_of_100_epochs():
    mistakes = Perceptron(2).fit(CORNERS, TRUTH["XOR"], epochs=100)
    assert len(mistakes) == 100 and min(mistakes) >= 1


@pytest.mark.parametrize("gate", ["XOR", "XNOR"])
def test_no_line_separates_xor_brute_force(gate):
    y = np.array(TRUTH[gate])
    grid = np.linspace(-3, 3, 61)
    w1, w2, b = np.meshgrid(grid, grid, grid, indexing="ij")
    out = (w1[..., None] * CORNERS[:, 0] + w2[..., None] * CORNERS[:, 1] + b[..., None] > 0)
    assert (out == y).all(axis=-1).sum() == 0
    assert not is_linearly_separable(CORNERS, y)
    with pytest.raises(ValueError, match="not linearly separable"):
        max_margin(CORNERS, y)


def test_linear_separability_census_of_two_input_functions():
    # 14 of the 16 Boolean functions of two inputs are threshold functions (all but XOR, XNOR).
    separable = [is_linearly_separable(CORNERS, np.array(ys)) for ys in itertools.product([0, 1], repeat=4)]
    assert sum(separable) == 14


def test_logic_gate_helper_agrees():
    X, y = logic_gate("AND")
    assert Perceptron(2).fit(X, y)[-1] == 0


# --------------------------------------------------- learning-rate scaling
@pytest.mark.parametrize("rate", [0.001, 0.3, 7.0, 1000.0])
def test_learning_rate_only_scales_weights_from_zero(rate):
    X, y, _, _ = random_separable(1, 40, margin=0.05, seed=11)
    ref, scaled = Perceptron(2, learning_rate=1.0), Perceptron(2, learning_rate=rate)
    assert ref.fit(X[0], y[0], 1000) == scaled.fit(X[0], y[0], 1000)
    assert np.allclose(scaled.weights, rate * ref.weights) and np.isclose(scaled.bias, rate * ref.bias)
    test_points = np.random.default_rng(0).uniform(-2, 2, (500, 2))
    assert np.array_equal(scaled.predict(test_points), ref.predict(test_points))


# --------------------------------------------------------- Novikoff's bound
def test_random_separable_is_separated_by_its_generator():
    X, y, u, b = random_separable(50, 30, dim=3, margin=0.2, seed=5)
    assert X.shape == (50, 30, 3) and y.shape == (50, 30) and set(np.unique(y)) <= {0, 1}
    assert np.allclose(np.linalg.norm(u, axis=1), 1)
    t = 2 * y - 1
    assert np.all(t * (np.einsum("bnd,bd->bn", X, u) + b[:, None]) >= 0.2 - 1e-12)


def test_mistake_bound_holds_on_200_seeded_datasets():
    X, y, u, b = random_separable(200, 50, margin=0.05, seed=2024)
    for k in range(200):
        total = sum(Perceptron(2).fit(X[k], y[k], epochs=10_000))
        R = np.sqrt(np.max(np.sum(X[k] ** 2, axis=1)) + 1)  # the bias folded in as an input 1
        gamma_true = np.min((2 * y[k] - 1) * (X[k] @ u[k] + b[k])) / np.sqrt(1 + b[k] ** 2)
        assert total <= (R / gamma_true) ** 2, f"dataset {k}: {total} > (R/γ)² with the generator's γ"
        w, bb, gamma = max_margin(X[k], y[k])
        assert gamma >= gamma_true - 1e-9, "the maximum margin is at least any separator's margin"
        assert total <= (R / gamma) ** 2
        assert np.isclose(mistake_bound(X[k], y[k]), (R / gamma) ** 2)


@settings(max_examples=40, deadline=None)
@given(seed=st.integers(0, 10_000), n=st.integers(1, 60), dim=st.integers(1, 5),
       margin=st.floats(0.01, 0.5), rate=st.floats(0.01, 100))
def test_mistake_bound_property(seed, n, dim, margin, rate):
    X, y, u, b = random_separable(1, n, dim=dim, margin=margin, seed=seed)
    p = Perceptron(dim, learning_rate=rate)
    mistakes = p.fit(X[0], y[0], epochs=100_000)
    assert mistakes[-1] == 0
    assert sum(mistakes) <= mistake_bound(X[0], y[0], u[0], b[0]) + 1e-9


def _sphere(theta, phi):
    T, P = np.meshgrid(theta, phi, indexing="ij")
    return np.stack([np.sin(T) * np.cos(P), np.sin(T) * np.sin(P), np.cos(T)], axis=-1).reshape(-1, 3)


def test_max_margin_against_brute_force_over_directions():
    # In the folded space (w1, w2, b) is a direction in 3-D: search the sphere on a coarse grid,
    # then on a fine grid around the best coarse direction.
    X, y, _, _ = random_separable(3, 25, margin=0.1, seed=9)
    coarse = _sphere(np.linspace(0, np.pi, 181), np.linspace(-np.pi, np.pi, 361))
    for k in range(3):
        Z = (2 * y[k] - 1)[:, None] * augment(X[k])
        best = coarse[np.argmax(np.min(coarse @ Z.T, axis=1))]
        theta0, phi0 = np.arccos(np.clip(best[2], -1, 1)), np.arctan2(best[1], best[0])
        step = np.pi / 180
        fine = _sphere(np.linspace(theta0 - 2 * step, theta0 + 2 * step, 201),
                       np.linspace(phi0 - 2 * step, phi0 + 2 * step, 201))
        brute = np.max(np.min(np.vstack([coarse, fine]) @ Z.T, axis=1))
        w, b, gamma = max_margin(X[k], y[k])
        assert np.isclose(np.linalg.norm(np.append(w, b)), 1)
        assert np.isclose(gamma, margin_of(X[k], y[k], w, b))
        assert brute <= gamma + 1e-7, "no direction beats the reported maximum"
        assert gamma - brute < 1e-3, "the grid's best direction comes close to it"


def test_max_margin_satisfies_the_optimality_conditions():
    # min ½‖v‖² s.t. z_i·v ≥ 1 is convex, so v is optimal iff (KKT) v = Σ α_i z_i with α_i ≥ 0
    # only on the constraints that are tight (z_i·v = 1).  Check that certificate with NNLS.
    from scipy.optimize import nnls

    X, y, _, _ = random_separable(20, 40, dim=3, margin=0.05, seed=12)
    for k in range(20):
        Z = (2 * y[k] - 1)[:, None] * augment(X[k])
        w, b, gamma = max_margin(X[k], y[k])
        v = np.append(w, b) / gamma
        tight = Z @ v < 1 + 1e-6
        assert np.all(Z @ v > 1 - 1e-9) and 1 <= tight.sum() <= 4
        alpha, residual = nnls(Z[tight].T, v)
        assert residual < 1e-6 * np.linalg.norm(v), f"dataset {k}: not a KKT point (residual {residual:.2e})"


def test_radius_and_margin_by_hand():
    X = np.array([[3.0, 0.0], [0.0, -1.0]])
    assert np.isclose(radius(X), np.sqrt(10))
    # (w, b) = (1, 0, 0): t·a = 3 and 0 → margin 0 for the second point when y = 1
    assert np.isclose(margin_of(X, [1, 0], [1.0, 0.0], 0.0), 0.0)
    assert np.isclose(margin_of(X, [1, 0], [0.0, 1.0], 0.5), 0.5 / np.sqrt(1.25))


# --------------------------------------------------------- many at once
def test_train_many_matches_the_numpy_perceptron():
    X, y, _, _ = random_separable(60, 30, margin=0.05, seed=3)
    out = train_many(X, y, device="cpu")
    assert bool(out["converged"].all())
    for k in range(60):
        p = Perceptron(2)
        mistakes = p.fit(X[k], y[k], epochs=10_000)
        assert out["mistakes"][k].item() == sum(mistakes)
        assert out["epochs"][k].item() == len(mistakes)
        assert np.allclose(out["weights"][k].numpy(), p.weights) and np.isclose(out["bias"][k].item(), p.bias)


@pytest.mark.parametrize("rate", [0.3, 2.5])
def test_train_many_uses_the_learning_rate(rate):
    X, y, _, _ = random_separable(40, 25, margin=0.05, seed=8)
    out = train_many(X, y, learning_rate=rate, device="cpu")
    assert bool(out["converged"].all())
    for k in range(40):
        p = Perceptron(2, learning_rate=rate)
        mistakes = p.fit(X[k], y[k], epochs=10_000)  # mistakes per epoch, one dataset at a time
        assert out["mistakes"][k].item() == sum(mistakes)
        assert out["epochs"][k].item() == len(mistakes)
        assert np.allclose(out["weights"][k].numpy(), p.weights, rtol=1e-12, atol=1e-12)
        assert np.isclose(out["bias"][k].item(), p.bias, rtol=1e-12, atol=1e-12)


def test_train_many_on_xor_never_converges():
    X = np.stack([CORNERS, CORNERS])
    y = np.array([TRUTH["XOR"], TRUTH["AND"]])
    out = train_many(X, y, max_epochs=100, device="cpu")
    assert out["converged"].tolist() == [False, True]
    assert out["epochs"][0].item() == 100 and out["mistakes"][0].item() >= 100


# ------------------------------------------------------------- stepping
def test_trace_replays_fit():
    X, y, _, _ = random_separable(1, 16, margin=0.15, seed=3)
    tr = trace(X[0], y[0], max_epochs=50)
    p = Perceptron(2)
    mistakes = p.fit(X[0], y[0], epochs=50)
    assert np.allclose(tr["weights"][-1], p.weights) and np.isclose(tr["bias"][-1], p.bias)
    assert np.count_nonzero(tr["error"]) == sum(mistakes)
    assert len(tr["sample"]) == 16 * len(mistakes)
    assert tr["sample"].tolist() == list(range(16)) * len(mistakes)


def test_stepper_readout_text():
    tr = trace(CORNERS, TRUTH["AND"])
    assert "step 0 of" in stepper_readout(tr, 0)
    text = stepper_readout(tr, 4)  # the (1,1) mistake of the hand-worked epoch
    assert "mistake" in text and "= (1, 1)" in text and "mistakes so far: 1" in text
    assert "correct" in stepper_readout(tr, 1)
    for bad in (len(tr["sample"]) + 1, float("nan"), None, "2", 2.5, -1):
        with pytest.raises(ValueError, match="step must be an integer from 0 to"):
            stepper_readout(tr, bad)


@pytest.mark.parametrize("rate,init", [(1.0, "zeros"), (0.3, "random")])
def test_trace_records_every_step_consistently(rate, init):
    # Record layout (docstring): weights/bias[s] is the state BEFORE step s+1, activation[s] is
    # w·x + b of that state on sample[s], error[s] = y − ŷ, weights/bias[s+1] the state after.
    # Replay it with plain NumPy.
    X, y, _, _ = random_separable(1, 12, margin=0.1, seed=4)
    X, y = X[0], y[0]
    tr = trace(X, y, learning_rate=rate, init=init, seed=3, max_epochs=50)
    n, S = len(X), len(tr["sample"])
    assert S > n, "several epochs, so that many steps are checked"
    assert tr["weights"].shape == (S + 1, 2) and tr["bias"].shape == (S + 1,)
    for s in range(S):
        j = tr["sample"][s]
        assert j == s % n and tr["epoch"][s] == s // n + 1
        a = X[j] @ tr["weights"][s] + tr["bias"][s]
        assert np.isclose(tr["activation"][s], a, rtol=1e-12, atol=1e-12)
        err = y[j] - int(a > 0)
        assert tr["error"][s] == err
        assert np.allclose(tr["weights"][s + 1], tr["weights"][s] + rate * err * X[j], rtol=1e-12, atol=1e-12)
        assert np.isclose(tr["bias"][s + 1], tr["bias"][s] + rate * err, rtol=1e-12, atol=1e-12)
    last_epoch = tr["error"][-n:]
    assert np.all(last_epoch == 0) and np.all(tr["epoch"][-n:] == tr["epoch"][-1])


def test_stepper_readout_shows_the_hand_computed_activation():
    # AND, zero start, r = 1 (see test_and_first_two_epochs_by_hand): after epoch 1 (steps 1-4)
    # w = (1, 1), b = 1.
    # step 5, sample (0,0): a = 0 + 0 + 1 = 1 → ŷ = 1, y = 0: mistake, b = 0.
    # step 6, sample (0,1): a = 1·0 + 1·1 + 0 = 1 → ŷ = 1, y = 0: mistake,
    #         w = (1, 1) − (0, 1) = (1, 0), b = 0 − 1 = −1.
    # step 7, sample (1,0): a = 1·1 + 0·0 − 1 = 0 → ŷ = 0 (strict threshold), y = 0: correct.
    tr = trace(CORNERS, TRUTH["AND"])
    six = stepper_readout(tr, 6)
    assert "epoch 2, sample 2: x = (0, 1), y = 0" in six
    assert "a = w·x + b = 1  →  ŷ = 1" in six
    assert "w ← (1, 1) + 1·(-1)·(0, 1) = (1, 0)" in six and "b ← 0 + 1·(-1) = -1" in six
    assert "mistakes so far: 3" in six  # (1,1) in epoch 1, then steps 5 and 6
    seven = stepper_readout(tr, 7)
    assert "epoch 2, sample 3: x = (1, 0), y = 0" in seven
    assert "a = w·x + b = 0  →  ŷ = 0  →  correct" in seven and "mistakes so far: 3" in seven


def test_step_figure_and_live_stepper():
    import matplotlib.pyplot as plt

    fig = perceptron_step_figure(dataset="XOR", step=5)
    assert len(fig.axes) == 2
    plt.close(fig)
    box = perceptron_stepper(dataset="AND")
    readout = next(w for w in _walk(box) if "perceptron-stepper-readout" in getattr(w, "_dom_classes", ()))
    slider = next(w for w in _walk(box) if getattr(w, "description", "") == "step")
    start = readout.value
    slider.value = 4
    assert readout.value != start and "mistakes so far: 1" in readout.value
    menu = next(w for w in _walk(box) if getattr(w, "description", "") == "data")
    menu.value = "XOR"
    assert slider.value == 0 and slider.max == 40  # 10 epochs of 4 samples, never clean
    plt.close("all")


# ------------------------------------------------------------ plotting
@pytest.mark.parametrize("w,b", [([1.0, 2.0], -0.5), ([-3.0, 0.5], 0.8), ([0.0, -1.0], 0.2)])
def test_decision_line_lies_on_the_boundary_and_spans_the_box(w, b):
    import matplotlib.pyplot as plt

    fig, ax = plt.subplots()
    xlim, ylim = (-2.0, 3.0), (-1.0, 4.0)
    decision_line(ax, np.array(w), b, xlim, ylim, color="k")
    assert len(ax.lines) == 1
    xs, ys = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
    assert len(xs) >= 2
    assert np.allclose(w[0] * np.asarray(xs) + w[1] * np.asarray(ys) + b, 0, atol=1e-12)
    # it runs across the box: from one edge to the opposite one along its steeper-varying axis
    assert np.allclose(sorted(xs), xlim) or np.allclose(sorted(ys), ylim)
    plt.close(fig)
    fig, ax = plt.subplots()
    decision_line(ax, np.zeros(2), 1.0, xlim, ylim)  # w = 0: no line exists
    assert len(ax.lines) == 0
    plt.close(fig)


def test_plot_decision_shades_the_side_where_the_unit_outputs_one():
    import matplotlib.pyplot as plt

    w, b = np.array([1.0, -2.0]), 0.3  # an asymmetric line: a flipped image would not match
    limits = ((-1.0, -0.5), (2.0, 1.5))
    (x0, y0), (x1, y1) = limits
    ax = plot_decision(CORNERS, TRUTH["AND"], w, b, limits=limits)
    assert len(ax.images) == 1
    im = ax.images[0]
    img = np.asarray(im.get_array(), dtype=float)
    ny, nx = img.shape
    assert np.allclose(im.get_extent(), (x0, x1, y0, y1)) and im.origin == "lower"
    # row 0 is the bottom (y0), column 0 the left (x0): compare on the pixel grid
    gx, gy = np.meshgrid(np.linspace(x0, x1, nx), np.linspace(y0, y1, ny))
    assert np.array_equal(img, (w[0] * gx + w[1] * gy + b > 0).astype(float))
    # and at random points of the box, the pixel they fall in shows the unit's output
    # (away from the line by more than a pixel diagonal)
    pts = np.random.default_rng(1).uniform((x0, y0), (x1, y1), (2000, 2))
    a = pts @ w + b
    far = np.abs(a) / np.linalg.norm(w) > 2 * np.hypot((x1 - x0) / nx, (y1 - y0) / ny)
    col = np.minimum(((pts[:, 0] - x0) / (x1 - x0) * nx).astype(int), nx - 1)
    row = np.minimum(((pts[:, 1] - y0) / (y1 - y0) * ny).astype(int), ny - 1)
    assert far.sum() > 1500
    assert np.array_equal(img[row[far], col[far]], (a[far] > 0).astype(float))
    # the decision line drawn on top satisfies w·x + b = 0
    assert len(ax.lines) == 1
    xs, ys = ax.lines[0].get_xdata(), ax.lines[0].get_ydata()
    assert np.allclose(w[0] * np.asarray(xs) + w[1] * np.asarray(ys) + b, 0, atol=1e-12)
    assert tuple(ax.get_xlim()) == (x0, x1) and tuple(ax.get_ylim()) == (y0, y1)
    plt.close(ax.figure)


def _walk(widget):
    yield widget
    for child in getattr(widget, "children", ()):
        yield from _walk(child)


# ------------------------------------------------------------ bad input
@pytest.mark.parametrize("kwargs,match", [
    ({"n_inputs": 0}, "n_inputs"), ({"n_inputs": 2.5}, "n_inputs"), ({"n_inputs": True}, "n_inputs"),
    ({"n_inputs": 2, "learning_rate": 0}, "learning_rate"),
    ({"n_inputs": 2, "learning_rate": -1}, "learning_rate"),
    ({"n_inputs": 2, "learning_rate": float("nan")}, "learning_rate"),
    ({"n_inputs": 2, "init": "ones"}, "init"),
])
def test_bad_constructor_arguments(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Perceptron(**kwargs)


@pytest.mark.parametrize("X,y,match", [
    (np.zeros(4), [0, 1, 1, 0], "2-D"),
    (np.zeros((4, 3)), [0, 1, 1, 0], "columns"),
    (np.zeros((4, 2)), [0, 1, 1], "one label per sample"),
    (np.zeros((4, 2)), [[0, 1, 1, 0]], "one label per sample"),
    (np.zeros((4, 2)), [0, 1, 2, 0], "0 or 1"),
    (np.zeros((4, 2)), [-1, 1, 1, -1], "0 or 1"),
    (np.zeros((4, 2)), ["a", "b", "a", "b"], "0 or 1"),
    (np.array([[0, 0], [0, np.nan], [1, 0], [1, 1]]), [0, 1, 1, 0], "NaN"),
])
def test_bad_data(X, y, match):
    with pytest.raises(ValueError, match=match):
        Perceptron(2).fit(X, y)


def test_bad_epochs_predict_and_step():
    p = Perceptron(2)
    for epochs in (0, -3, 2.0, None):
        with pytest.raises(ValueError, match="epochs"):
            p.fit(CORNERS, TRUTH["AND"], epochs=epochs)
    with pytest.raises(ValueError, match="columns"):
        p.predict(np.zeros((3, 5)))
    with pytest.raises(ValueError, match="0 or 1"):
        p.step([1.0, 0.0], 3)
    with pytest.raises(ValueError, match="columns"):
        p.step([1.0, 0.0, 2.0], 1)


def test_bad_inputs_elsewhere():
    with pytest.raises(ValueError, match="all zeros"):
        margin_of(CORNERS, TRUTH["AND"], [0.0, 0.0], 0.0)
    with pytest.raises(ValueError, match="does not separate"):
        mistake_bound(CORNERS, TRUTH["AND"], [1.0, 1.0], 0.0)
    with pytest.raises(ValueError, match="margin"):
        random_separable(1, 10, margin=0)
    with pytest.raises(ValueError, match="shape"):
        train_many(np.zeros((4, 2)), np.zeros(4), device="cpu")
    with pytest.raises(ValueError, match="0 or 1"):
        train_many(np.zeros((1, 4, 2)), torch.full((1, 4), 2), device="cpu")
    with pytest.raises(ValueError, match="dataset"):
        perceptron_step_figure(dataset="circle")
    with pytest.raises(ValueError, match="both X and y"):
        perceptron_stepper(X=CORNERS)


def test_separator_arguments_are_checked():
    and_y = TRUTH["AND"]
    assert mistake_bound(CORNERS, and_y, [1.0, 1.0], -1.5) > 0
    with pytest.raises(ValueError, match="both w and b"):
        mistake_bound(CORNERS, and_y, w=[1.0, 1.0])
    with pytest.raises(ValueError, match="both w and b"):
        mistake_bound(CORNERS, and_y, b=-1.5)
    with pytest.raises(ValueError, match="b .the bias. is missing"):
        margin_of(CORNERS, and_y, [1.0, 1.0], None)
    with pytest.raises(ValueError, match=r"w must have shape \(2,\)"):
        mistake_bound(CORNERS, and_y, [1.0, 1.0, 1.0], -1.5)
    with pytest.raises(ValueError, match=r"y must have shape \(4,\)"):
        margin_of(CORNERS, [0, 1], [1.0, 1.0], -1.5)
    with pytest.raises(ValueError, match=r"b must have shape \(\)"):
        margin_of(CORNERS, and_y, [1.0, 1.0], [-1.5, 0.0])
    with pytest.raises(ValueError, match="w contains NaN"):
        margin_of(CORNERS, and_y, [np.nan, 1.0], -1.5)
    with pytest.raises(ValueError, match="0 or 1"):
        margin_of(CORNERS, [-1, -1, -1, 1], [1.0, 1.0], -1.5)
    # a batch of separators is still accepted
    X, y, u, b = random_separable(3, 10, seed=1)
    assert np.allclose(margin_of(X, y, u, b), [margin_of(X[k], y[k], u[k], b[k]) for k in range(3)])


def test_overflow_is_a_clear_error_and_no_warning():
    with warnings.catch_warnings():
        warnings.simplefilter("error")  # any RuntimeWarning would fail the test
        p = Perceptron(2, learning_rate=1e308)
        with pytest.raises(ValueError, match="overflowed to infinity.*smaller learning_rate or rescale"):
            p.fit(CORNERS * 1e10, TRUTH["AND"])
        assert np.all(np.isfinite(p.weights)) and np.isfinite(p.bias)
        # finite weights whose activation overflows: (1e305, 1e305)·(2e5, 2e5)
        with pytest.raises(ValueError, match=r"w·x \+ b overflowed"):
            trace([[1e5, 1e5], [2e5, 2e5]], [1, 0], learning_rate=1e300)
        with pytest.raises(ValueError, match="overflowed to infinity"):
            train_many(CORNERS[None] * 1e10, [TRUTH["AND"]], learning_rate=1e308, device="cpu")
        # predict, score and activation on inputs whose w·x + b overflows (finite weights and inputs)
        q = Perceptron(2)
        q.weights = np.array([10.0, 10.0])
        big = np.array([[1.0, -2.0], [1e308, 1e308]])
        for call in (q.predict, q.activation, lambda X: q.score(X, [0, 1])):
            with pytest.raises(ValueError, match=r"w·x \+ b overflowed to infinity for row 1 of X; rescale"):
                call(big)
        assert q.predict(big[:1]).tolist() == [0]


@pytest.mark.parametrize("call", [
    lambda: Perceptron(2, init="random", seed=-1),
    lambda: Perceptron(2, seed=1.5),
    lambda: random_separable(1, 5, seed=-1),
    lambda: trace(CORNERS, TRUTH["AND"], init="random", seed="7"),
])
def test_bad_seeds_name_the_argument(call):
    with pytest.raises(ValueError, match="seed must be an integer >= 0"):
        call()
