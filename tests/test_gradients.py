"""course.gradients against independent truth: finite differences, torch.autograd,
brute force, backprop in course.network, and the closed-form window."""

import math

import numpy as np
import pytest
import torch

from course import gradients as G
from course.activations import sigmoid, sigmoid_prime


# ------------------------------------------------------------------ the chain
def _chain_cost(weights, biases, a0, y, f=sigmoid):
    """An independent forward pass and quadratic cost C = (a_L - y)^2 / 2."""
    a = a0
    for w, b in zip(weights, biases):
        a = f(w * a + b)
    return 0.5 * (a - y) ** 2


@pytest.mark.parametrize("depth", [1, 2, 4, 7])
def test_chain_gradients_equal_finite_differences(depth):
    rng = np.random.default_rng(depth)
    for _ in range(5):
        w, b = rng.standard_normal(depth), rng.standard_normal(depth)
        a0, y = rng.uniform(), rng.uniform()
        _, acts = G.chain_forward(w, b, a0)
        got = G.chain_bias_gradients(w, b, a0, dC_daL=acts[-1] - y)["grad_b"]
        h = 1e-6
        for l in range(depth):
            bp, bm = b.copy(), b.copy()
            bp[l] += h
            bm[l] -= h
            fd = (_chain_cost(w, bp, a0, y) - _chain_cost(w, bm, a0, y)) / (2 * h)
            assert got[l] == pytest.approx(fd, rel=1e-6, abs=1e-9)  # FD round-off ~ 1e-11


@pytest.mark.parametrize("activation", ["sigmoid", "tanh"])
def test_chain_gradients_equal_autograd(activation):
    f = torch.sigmoid if activation == "sigmoid" else torch.tanh
    rng = np.random.default_rng(1)
    for depth in (1, 3, 6, 12):
        w = rng.standard_normal(depth) * 2
        b0 = rng.standard_normal(depth)
        a0 = float(rng.uniform())
        b = torch.tensor(b0, dtype=torch.float64, requires_grad=True)
        a = torch.tensor(a0, dtype=torch.float64)
        for j in range(depth):
            a = f(float(w[j]) * a + b[j])
        a.backward()  # C = a_L, so dC/da_L = 1
        got = G.chain_bias_gradients(w, b0, a0, activation=activation)
        np.testing.assert_allclose(got["grad_b"], b.grad.numpy(), rtol=1e-10, atol=1e-300)
        # the factors are the ratios of consecutive bias gradients, times f'(z_l)/f'(z_{l+1})
        np.testing.assert_allclose(got["factors"], w[1:] * (1 - np.tanh(got["zs"][1:]) ** 2)
                                   if activation == "tanh" else w[1:] * sigmoid_prime(got["zs"][1:]),
                                   rtol=1e-12)


def test_chain_forward_is_the_forward_pass():
    zs, acts = G.chain_forward([2.0, -1.0], [0.5, 0.25], 0.3)
    assert zs[0] == pytest.approx(2.0 * 0.3 + 0.5)
    assert acts[0] == pytest.approx(1 / (1 + math.exp(-zs[0])))
    assert zs[1] == pytest.approx(-acts[0] + 0.25)


def test_long_chain_underflows_cleanly_to_zero():
    # 29 factors of 1e-12 * 1/4 make 1e-366: below the smallest double, so exactly 0
    with np.errstate(all="raise"):
        g = G.chain_bias_gradients(np.full(30, 1e-12), np.zeros(30), 0.5)["grad_b"]
    assert g[0] == 0.0 and np.all(np.isfinite(g))
    assert g[-2] == pytest.approx(0.25 * 1e-12 * 0.25)  # the short products are still exact


def test_a_chain_whose_gradient_overflows_is_a_clear_error():
    # 249 factors of 25 (w = 100) give 25^249·(1/4) ≈ 10^347, beyond float64: an error, not a warning and inf
    with pytest.raises(ValueError, match=r"∂C/∂b_1 is about 10\^347, beyond float64's largest number"):
        G.exploding_chain(depth=250)
    with np.errstate(all="raise"):
        assert np.isfinite(G.exploding_chain(depth=200)["grad_b"]).all()   # 10^278: still a number


_PLAIN_ACT = {  # (f, f'), written out here rather than taken from course.activations
    "sigmoid": (lambda z: 1 / (1 + math.exp(-z)), lambda z: math.exp(-z) / (1 + math.exp(-z)) ** 2),
    "tanh": (math.tanh, lambda z: 1 - math.tanh(z) ** 2),
    "relu": (lambda z: max(z, 0.0), lambda z: 1.0 if z > 0 else 0.0),
}


def _plain_chain_bias_gradients(w, b, a0, activation):
    """dC/db_l with dC/da_L = 1, one chain, by backprop written out in plain Python."""
    f, fp = _PLAIN_ACT[activation]
    a, zs = a0, []
    for wj, bj in zip(w, b):
        zs.append(wj * a + bj)
        a = f(zs[-1])
    grads, dC_da = [0.0] * len(w), 1.0
    for l in range(len(w) - 1, -1, -1):        # dC/dz_l = f'(z_l) dC/da_l, dC/da_{l-1} = w_l dC/dz_l
        grads[l] = fp(zs[l]) * dC_da
        dC_da = w[l] * grads[l]
    return np.array(grads)


@pytest.mark.parametrize("weight_std", [0.5, 1.0, 3.0])
@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_random_chain_ratios_match_single_chains(activation, weight_std):
    n, depth, seed = 60, 4, 3
    ratios = G.random_chain_ratios(n, depth, seed=seed, activation=activation, weight_std=weight_std)
    assert ratios.shape == (n, depth)
    # the documented draws, in the function's order: all weights, all biases, then the inputs
    rng = np.random.default_rng(seed)
    w = rng.normal(0.0, weight_std, (n, depth))
    b, a = rng.normal(0.0, 1.0, (n, depth)), rng.uniform(0, 1, n)
    with np.errstate(divide="ignore", invalid="ignore"):
        want = np.array([np.abs(g[0] / g) for g in
                         (_plain_chain_bias_gradients(w[i], b[i], a[i], activation) for i in range(n))])
    np.testing.assert_allclose(ratios, want, rtol=1e-10)           # NaN (0/0) where want has NaN
    if activation == "relu":   # dead units make gradients exactly 0: both kinds must occur and agree
        assert np.isnan(want).any() and (want == 0).any()
    if activation == "sigmoid" and weight_std == 1.0:               # the defaults
        np.testing.assert_array_equal(G.random_chain_ratios(n, depth, seed=seed), ratios)


def test_usual_chain_first_bias_is_much_slower_than_third():
    # Nielsen's claim, measured: most random N(0,1) chains have |dC/db1| <= |dC/db3| / 16.
    r = G.random_chain_ratios(20_000, 4, seed=0)[:, 2]
    assert np.mean(r <= 1 / 16) > 0.8
    # and the bound that drives it: |w sigma'(z)| <= |w|/4 everywhere
    z = np.linspace(-20, 20, 100_001)
    assert sigmoid_prime(z).max() == 0.25


def test_exploding_chain_gives_exactly_25_per_factor():
    for a0 in (0.0, 0.3, 1.0):
        out = G.exploding_chain(depth=4, w=100.0, a0=a0)
        assert np.all(out["zs"] == 0.0)
        assert np.all(out["factors"] == 25.0)
        assert out["biases"][0] == -100.0 * a0 and np.all(out["biases"][1:] == -50.0)
        g = out["grad_b"]
        np.testing.assert_allclose(g[:-1] / g[1:], 25.0, rtol=1e-12)
        assert g[-1] == pytest.approx(0.25)
        assert g[0] == pytest.approx(0.25 * 25.0 ** 3)


# --------------------------------------------------------------- the window
@pytest.mark.parametrize("w", list(np.linspace(4.0, 20.0, 17)) + [-5.0, -13.5])
def test_window_formula_equals_brute_force(w):
    brute = G.window_width_brute(w)
    step = 2 * (math.log(4 * abs(w)) + 1) / abs(w) / 2_000_000
    assert G.window_width(w) == pytest.approx(brute, abs=3 * step)


def test_window_is_empty_below_four():
    for w in (0.5, 1.0, 3.0, 3.99, -3.5):
        assert G.window_width(w) == 0.0
        assert G.window_width_brute(w) == 0.0
    assert G.window_width(4.0) == 0.0
    np.testing.assert_array_equal(G.window_width(np.array([1.0, 4.0])), [0.0, 0.0])


def test_window_maximum_matches_brute_force_and_nielsen():
    w_star, width = G.window_maximum()
    ws = np.linspace(4.0, 20.0, 321)  # step 0.05
    brute = np.array([G.window_width_brute(w, n_grid=200_001) for w in ws])
    assert abs(ws[brute.argmax()] - w_star) <= 0.06
    assert brute.max() == pytest.approx(width, abs=1e-3)
    assert round(w_star, 1) == G.NIELSEN_WINDOW_MAX[0]
    assert round(width, 2) == G.NIELSEN_WINDOW_MAX[1]


# --------------------------------------------------------- the identity neuron
@pytest.mark.parametrize("w1", [0.01, 0.1, 0.5, 1.0])
def test_identity_neuron_is_x_plus_constant(w1):
    p = G.identity_neuron(w1)
    x = np.linspace(0, 1, 2001)
    out = G.identity_neuron_output(x, p["w1"], p["b"], p["w2"])
    err = np.abs(out - x - p["offset"])
    assert err.max() <= p["error_bound"] * (1 + 1e-9) + 1e-12
    # the bound is tight at the ends, where |Delta| = 1/2
    assert err.max() >= 0.5 * p["error_bound"]


def test_identity_neuron_error_shrinks_like_w1_squared():
    errs = []
    x = np.linspace(0, 1, 1001)
    for w1 in (0.4, 0.2, 0.1):
        p = G.identity_neuron(w1)
        errs.append(np.abs(G.identity_neuron_output(x, p["w1"], p["b"], p["w2"]) - x - p["offset"]).max())
    assert errs[0] / errs[1] == pytest.approx(4, rel=0.05)
    assert errs[1] / errs[2] == pytest.approx(4, rel=0.05)


# ------------------------------------------------------------------ bad input
def test_bad_input_is_a_clear_error():
    with pytest.raises(ValueError, match="same length"):
        G.chain_forward([1.0, 2.0], [0.0], 0.5)
    with pytest.raises(ValueError, match="finite"):
        G.chain_forward([np.nan], [0.0], 0.5)
    with pytest.raises(ValueError, match="unknown activation"):
        G.chain_bias_gradients([1.0], [0.0], 0.5, activation="softsign")
    with pytest.raises(ValueError, match="depth"):
        G.exploding_chain(depth=0)
    with pytest.raises(ValueError, match="n_chains"):
        G.random_chain_ratios(0)
    with pytest.raises(ValueError, match="finite"):
        G.window_width(np.inf)
    with pytest.raises(ValueError, match="lo"):
        G.window_maximum(lo=2.0)
    with pytest.raises(ValueError, match="non-zero"):
        G.identity_neuron(0.0)
    with pytest.raises(TypeError):
        G.chain_forward(["a"], [0.0], 0.5)


# ------------------------------------------------- against course.network
@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_chain_factors_equal_backprop_on_one_neuron_per_layer_networks(cost):
    from course.network import Network

    rng = np.random.default_rng(7)
    for depth in (1, 2, 4, 6):
        net = Network([1] * (depth + 1), cost=cost, seed=depth)
        w = np.array([W[0, 0] for W in net.weights])
        b = np.array([B[0] for B in net.biases])
        a0, y = rng.uniform(), float(rng.integers(0, 2))
        _, acts = G.chain_forward(w, b, a0)
        aL = acts[-1]
        dC_daL = aL - y if cost == "quadratic" else (aL - y) / (aL * (1 - aL))
        ours = G.chain_bias_gradients(w, b, a0, dC_daL=dC_daL)["grad_b"]
        _, grads_b = net.backprop(np.array([[a0]]), np.array([[y]]))
        np.testing.assert_allclose(ours, [g[0] for g in grads_b], rtol=1e-10)


def _tiny_data(n=40, seed=0):
    rng = np.random.default_rng(seed)
    X = rng.uniform(0, 1, (n, 20))
    Y = np.eye(3)[rng.integers(0, 3, n)]
    return X, Y


def test_speeds_at_init_agree_with_layer_speeds():
    from course.network import Network

    X, Y = _tiny_data()
    nets = [(20, 8, 8, 3), (20, 6, 5, 4, 3)]
    out = G.speeds_at_init(X, Y, nets=nets, seeds=[0, 3, 5], activation="tanh")
    assert set(out) == set(nets)
    for sizes in nets:
        assert out[sizes].shape == (3, len(sizes) - 2)
        for row, seed in zip(out[sizes], [0, 3, 5]):
            np.testing.assert_allclose(row, Network(sizes, seed=seed, activation="tanh").layer_speeds(X, Y),
                                       rtol=1e-12)


def test_speeds_during_training_agree_with_layer_speeds_epoch_by_epoch():
    from course.network import Network

    X, Y = _tiny_data()
    sizes, epochs = (20, 7, 6, 3), 5
    run = G.speeds_during_training(X, Y, sizes, epochs=epochs, eta=0.5, lmbda=2.0, seed=4)
    assert run["speeds"].shape == (epochs + 1, 2)
    np.testing.assert_array_equal(run["epoch"], np.arange(epochs + 1))
    net = Network(sizes, seed=4)
    for k in range(epochs + 1):  # row k: the speeds after k full-batch updates
        np.testing.assert_allclose(run["speeds"][k], net.layer_speeds(X, Y), rtol=1e-12)
        if k < epochs:
            net.train(X, Y, epochs=1, batch_size=len(X), eta=0.5, lmbda=2.0)
    assert run["cost"] == pytest.approx(net.cost(X, Y), rel=1e-12)
    assert run["accuracy"] == net.accuracy(X, Y)


def test_layer_ratios():
    np.testing.assert_allclose(G.layer_ratios([[1.0, 4.0, 20.0]]), [[4.0, 5.0]])
    with pytest.raises(ValueError, match="two hidden layers"):
        G.layer_ratios([0.3])


def test_runner_bad_input():
    X, Y = _tiny_data()
    with pytest.raises(ValueError, match="hidden layer"):
        G.speeds_at_init(X, Y, nets=[(20, 3)])
    with pytest.raises(ValueError, match="seeds"):
        G.speeds_at_init(X, Y, nets=[(20, 4, 3)], seeds=[])
    with pytest.raises(ValueError, match="shape"):  # the network's own check
        G.speeds_during_training(X[:, :5], Y, (20, 4, 3), epochs=2)


def test_nielsen_data_is_the_seeded_stratified_sample():
    X, Y = G.nielsen_data(1000)
    assert X.shape == (1000, 784) and Y.shape == (1000, 10)
    assert X.min() >= 0 and X.max() <= 1 and X.max() > 0.9
    np.testing.assert_array_equal(Y.sum(axis=0), np.full(10, 100))  # 100 per class


def test_accuracy_against_depth_matches_plain_training():
    from course.network import Network

    X, Y = _tiny_data(60)
    Xt, Yt = _tiny_data(30, seed=1)
    yt = Yt.argmax(axis=1)
    nets = [(20, 6, 3), (20, 6, 6, 3)]
    runs = G.accuracy_against_depth((X, Y), (Xt, yt), nets=nets, epochs=3, batch_size=7, eta=0.5, lmbda=0.1, seed=2)
    for sizes in nets:
        net = Network(sizes, seed=2)
        np.testing.assert_array_equal(runs[sizes]["initial"].weights[0], net.weights[0])
        history = net.train(X, Y, epochs=3, batch_size=7, eta=0.5, lmbda=0.1, seed=2, evaluation_data=(Xt, yt))
        np.testing.assert_allclose(runs[sizes]["accuracy"], history["evaluation_accuracy"])
        np.testing.assert_allclose(runs[sizes]["network"].weights[-1], net.weights[-1], rtol=1e-12)


def test_saturation_run_uses_glorot_init_and_summarises_activations():
    from course.activations import sigmoid as sig

    X, Y = _tiny_data(40)
    Xp, Yp = _tiny_data(15, seed=3)
    out = G.saturation_run(X, Y, (Xp, Yp.argmax(axis=1)), width=5, depth=2, eta=0.5, steps=4,
                           snapshot_every=2, batch_size=5, bins=10, seed=1)
    np.testing.assert_array_equal(out["step"], [0, 2, 4])
    assert out["mean"].shape == (3, 2) and out["hist"].shape == (3, 2, 10)
    np.testing.assert_allclose(out["hist"].sum(axis=2), 1.0)
    # update 0: weights uniform on +-1/sqrt(n_in), biases 0 -> recompute the first layer's mean by hand
    rng = np.random.default_rng(1)
    W1 = rng.uniform(-1.0, 1.0, (5, 20)) / np.sqrt(20)
    assert out["mean"][0, 0] == pytest.approx(sig(Xp @ W1.T).mean(), rel=1e-12)
    assert not np.allclose(out["mean"][0], out["mean"][-1])      # training moved something
    with pytest.raises(ValueError, match="multiple"):
        G.saturation_run(X, Y, (Xp, Yp.argmax(axis=1)), steps=5, snapshot_every=2, batch_size=5)
    with pytest.raises(ValueError, match="exceeds"):
        G.saturation_run(X, Y, (Xp, Yp.argmax(axis=1)), steps=40, snapshot_every=20, batch_size=10)


def _replay_saturation_run(X, Y, X_probe, y_probe, width, depth, eta, steps, snapshot_every, batch_size,
                           bins, seed):
    """saturation_run's documented procedure, written out in plain NumPy.

    Every layer gets weights uniform on [-1/sqrt(n_in), 1/sqrt(n_in)] (one draw per layer from
    default_rng(seed), in layer order) and biases 0; sigmoid everywhere, cross-entropy, plain SGD.
    Updates come in chunks of snapshot_every mini-batches: chunk k is the k-th block of
    snapshot_every * batch_size training examples (cycling through X), visited in the order
    default_rng(seed + k).permutation(chunk) -- one epoch of Network.train with seed=seed + k.
    """
    sig = lambda z: 1 / (1 + np.exp(-z))  # noqa: E731
    sizes = [X.shape[1]] + [width] * depth + [Y.shape[1]]
    rng = np.random.default_rng(seed)
    Ws = [rng.uniform(-1 / np.sqrt(n_in), 1 / np.sqrt(n_in), (n_out, n_in)) for n_in, n_out in zip(sizes, sizes[1:])]
    bs = [np.zeros(n_out) for n_out in sizes[1:]]

    def forward(A):
        acts = [A]
        for W, b in zip(Ws, bs):
            acts.append(sig(acts[-1] @ W.T + b))
        return acts

    edges = np.linspace(0, 1, bins + 1)
    rows = {"step": [], "mean": [], "std": [], "hist": [], "accuracy": []}

    def snapshot(step):
        acts = forward(X_probe)
        hidden = acts[1:-1]
        rows["step"].append(step)
        rows["mean"].append([h.sum() / h.size for h in hidden])
        rows["std"].append([np.sqrt(((h - h.sum() / h.size) ** 2).sum() / h.size) for h in hidden])
        rows["hist"].append([[np.count_nonzero((h >= lo) & ((h < hi) if hi < 1 else (h <= hi))) / h.size
                              for lo, hi in zip(edges[:-1], edges[1:])] for h in hidden])
        rows["accuracy"].append(np.mean([int(np.argmax(o)) == y for o, y in zip(acts[-1], y_probe)]))

    chunk = snapshot_every * batch_size
    n_chunks = len(X) // chunk
    snapshot(0)
    for k in range(steps // snapshot_every):
        start = (k % n_chunks) * chunk
        Xc, Yc = X[start:start + chunk], Y[start:start + chunk]
        order = np.random.default_rng(seed + k).permutation(chunk) if batch_size < chunk else np.arange(chunk)
        for i in range(0, chunk, batch_size):
            idx = order[i:i + batch_size]
            acts = forward(Xc[idx])
            delta = (acts[-1] - Yc[idx]) / len(idx)        # dC/dz of the output: cross-entropy, sigmoid
            grads = []
            for l in range(len(Ws) - 1, -1, -1):
                grads.append((delta.T @ acts[l], delta.sum(axis=0)))
                delta = (delta @ Ws[l]) * acts[l] * (1 - acts[l])
            for l, (gW, gb) in enumerate(reversed(grads)):
                Ws[l] = Ws[l] - eta * gW
                bs[l] = bs[l] - eta * gb
        snapshot((k + 1) * snapshot_every)
    return {k: np.array(v, dtype=float) for k, v in rows.items()}, edges


@pytest.mark.parametrize("eta,seed", [(0.5, 1), (3.0, 4)])
def test_saturation_run_equals_an_independent_replay_at_every_snapshot_and_layer(eta, seed):
    X, Y = _tiny_data(40)
    Xp, Yp = _tiny_data(25, seed=3)
    yp = Yp.argmax(axis=1)
    kw = dict(width=6, depth=3, eta=eta, steps=14, snapshot_every=2, batch_size=5, bins=10, seed=seed)
    out = G.saturation_run(X, Y, (Xp, yp), **kw)                # chunks of 10: 7 chunks cycle through 4 blocks
    want, edges = _replay_saturation_run(X, Y, Xp, yp, **kw)
    assert set(out) == {"step", "mean", "std", "hist", "edges", "accuracy"}
    np.testing.assert_array_equal(out["edges"], edges)
    np.testing.assert_array_equal(out["step"], want["step"])
    assert out["mean"].shape == out["std"].shape == (8, 3) and out["hist"].shape == (8, 3, 10)
    for key in ("mean", "std", "hist"):
        np.testing.assert_allclose(out[key], want[key], rtol=1e-9, atol=1e-12, err_msg=key)
    np.testing.assert_array_equal(out["accuracy"], want["accuracy"])
    # the replay is not trivially constant: every layer's summary moves, and so does the accuracy
    assert np.all(np.ptp(want["mean"], axis=0) > 1e-4) and np.all(np.ptp(want["std"], axis=0) > 1e-4)
    assert len(set(want["accuracy"])) > 1


# ------------------------------------------------ bad input: the probe's findings
@pytest.mark.parametrize("tol", [0, -1, np.nan, np.inf])
def test_window_maximum_rejects_bad_tol_instead_of_hanging(tol):
    with pytest.raises(ValueError, match="tol must be"):
        G.window_maximum(tol=tol)


def test_window_maximum_stops_even_when_tol_is_below_float_precision():
    w_star, width = G.window_maximum(tol=1e-300)      # used to loop forever
    assert w_star == pytest.approx(G.window_maximum()[0], abs=1e-6)
    assert width == pytest.approx(G.NIELSEN_WINDOW_MAX[1], abs=0.01)


@pytest.mark.parametrize("n_grid", [0, 1, 2.5])
def test_window_width_brute_rejects_grids_of_fewer_than_two_points(n_grid):
    with pytest.raises(ValueError, match="n_grid must be an integer >= 2"):
        G.window_width_brute(5.0, n_grid=n_grid)


@pytest.mark.parametrize("half_range", [-1.0, 0.0])
def test_window_width_brute_rejects_a_non_positive_half_range(half_range):
    with pytest.raises(ValueError, match="half_range must be > 0"):
        G.window_width_brute(5.0, half_range=half_range)
    with pytest.raises(ValueError, match="half_range must be finite"):
        G.window_width_brute(5.0, half_range=np.nan)


@pytest.mark.parametrize("w", [1e308, -1e308, np.finfo(float).max])
def test_window_width_for_huge_w_is_tiny_and_quiet(w, recwarn):
    width = G.window_width(w)
    assert 0.0 < width < 1e-300
    assert G.window_width(np.array([w, 8.0]))[0] == width
    assert G.window_width_brute(w) == pytest.approx(width, rel=1e-6)
    assert not recwarn.list


def test_seeds_must_be_non_negative_integers():
    X, Y = _tiny_data()
    with pytest.raises(ValueError, match="seed must be a non-negative integer, got -1"):
        G.random_chain_ratios(10, 2, seed=-1)
    with pytest.raises(ValueError, match="seed must be a non-negative integer, got 1.5"):
        G.random_chain_ratios(10, 2, seed=1.5)
    with pytest.raises(ValueError, match="seed must be a non-negative integer, got -1"):
        G.nielsen_data(10, seed=-1)
    with pytest.raises(ValueError, match="each seed in seeds must be a non-negative integer, got 1.5"):
        G.speeds_at_init(X, Y, nets=[(20, 4, 3)], seeds=[0, 1.5])
    with pytest.raises(ValueError, match="seed must be a non-negative integer, got 'a'"):
        G.speeds_during_training(X, Y, (20, 4, 3), epochs=1, seed="a")


def test_accuracy_against_depth_names_a_missing_pair():
    X, Y = _tiny_data()
    with pytest.raises(ValueError, match=r"test must be a pair \(X_test, y_test\)"):
        G.accuracy_against_depth((X, Y), None, nets=[(20, 4, 3)], epochs=1)
    with pytest.raises(ValueError, match=r"train must be a pair \(X, Y\)"):
        G.accuracy_against_depth(X, (X, Y.argmax(axis=1)), nets=[(20, 4, 3)], epochs=1)


def test_saturation_run_checks_its_data_up_front():
    X, Y = _tiny_data(40)
    Xp, Yp = _tiny_data(15, seed=3)
    yp = Yp.argmax(axis=1)
    kw = dict(width=5, depth=2, steps=4, snapshot_every=2, batch_size=5, bins=10, seed=1)
    with pytest.raises(ValueError, match=r"Y must be one-hot targets of shape \(40, n_classes\)"):
        G.saturation_run(X, Y.argmax(axis=1), (Xp, yp), **kw)       # integer labels for Y
    with pytest.raises(ValueError, match=r"y_probe must be integer labels of shape \(15,\).*got shape \(15, 3\)"):
        G.saturation_run(X, Y, (Xp, Yp), **kw)                       # one-hot probe labels
    with pytest.raises(ValueError, match=r"y_probe must be integer labels of shape \(15,\).*got shape \(1,\)"):
        G.saturation_run(X, Y, (Xp, yp[:1]), **kw)                   # used to broadcast silently
    with pytest.raises(ValueError, match=r"y_probe must hold integer labels 0\.\.2"):
        G.saturation_run(X, Y, (Xp, yp + 1), **kw)
    with pytest.raises(ValueError, match="X_probe must have at least one row and 20 columns"):
        G.saturation_run(X, Y, (Xp[:, :5], yp), **kw)
    with pytest.raises(ValueError, match=r"probe must be a pair \(X_probe, y_probe\)"):
        G.saturation_run(X, Y, None, **kw)
