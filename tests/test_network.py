"""course.network against independent truth: finite differences, torch.autograd, torch.optim.SGD."""

import itertools
import warnings

import numpy as np
import pytest
import torch
import torch.nn.functional as F

from course import activations
from course.data import logic_gate
from course.network import ACTIVATIONS, COSTS, INITS, Network

DEPTHS = [[3, 2], [4, 5, 3], [3, 4, 4, 2], [2, 3, 3, 3, 3, 2]]
TORCH_ACT = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}


def _data(net, n, seed=0, soft=True):
    rng = np.random.default_rng(seed + 100)
    X = rng.standard_normal((n, net.sizes[0]))
    if soft:  # soft targets in [0, 1] exercise the general cross-entropy
        Y = rng.uniform(0, 1, (n, net.sizes[-1]))
    else:
        Y = np.eye(net.sizes[-1])[rng.integers(0, net.sizes[-1], n)]
    return X, Y


def _flat(ws, bs):
    return np.concatenate([p.ravel() for p in list(ws) + list(bs)])


def _rel_err(a, b):
    return np.linalg.norm(a - b) / max(np.linalg.norm(a), np.linalg.norm(b))


def _torch_grads(net, X, Y, device="cpu"):
    """The mean cost and its gradients, written independently in PyTorch and differentiated by autograd."""
    ws = [torch.tensor(w, requires_grad=True, device=device) for w in net.weights]
    bs = [torch.tensor(b, requires_grad=True, device=device) for b in net.biases]
    a = torch.tensor(X, device=device)
    Yt = torch.tensor(Y, device=device)
    for l, (w, b) in enumerate(zip(ws, bs)):
        z = a @ w.T + b
        a = torch.sigmoid(z) if l == len(ws) - 1 else TORCH_ACT[net.activation](z)
    if net.cost_name == "cross_entropy":
        cost = F.binary_cross_entropy_with_logits(z, Yt, reduction="sum") / X.shape[0]
    else:
        cost = 0.5 * ((a - Yt) ** 2).sum() / X.shape[0]
    cost.backward()
    return cost.item(), [w.grad.cpu().numpy() for w in ws], [b.grad.cpu().numpy() for b in bs]


def _finite_differences(net, X, Y, h=1e-6):
    params = net.weights + net.biases
    grads = []
    for p in params:
        g = np.zeros_like(p)
        for i in np.ndindex(p.shape):
            old = p[i]
            p[i] = old + h
            up = net.cost(X, Y)
            p[i] = old - h
            down = net.cost(X, Y)
            p[i] = old
            g[i] = (up - down) / (2 * h)
        grads.append(g)
    return grads[:len(net.weights)], grads[len(net.weights):]


GRAD_CASES = [(s, c, i, a, n) for s, c, i, a, n in itertools.product(DEPTHS, COSTS, INITS, ACTIVATIONS, [1, 17])
              # the FD test keeps every depth and option, but crosses activations only with the two
              # deeper nets to stay fast; torch covers the full product below
              if a == "sigmoid" or len(s) >= 4]


@pytest.mark.parametrize("sizes,cost,init,activation,n", GRAD_CASES)
def test_backprop_matches_central_finite_differences(sizes, cost, init, activation, n):
    # A finite difference across ReLU's kink is meaningless (and a dead unit sits exactly on it with
    # "he" biases of 0): take the first seed whose hidden pre-activations all keep away from 0.
    for seed in range(len(sizes) + n, len(sizes) + n + 50):
        net = Network(sizes, cost=cost, init=init, activation=activation, seed=seed)
        X, Y = _data(net, n, seed=seed)
        if activation != "relu" or min(np.abs(z).min() for z in net.forward(X)[0][:-1]) > 1e-4:
            break
    else:
        pytest.fail("no seed keeps the ReLU units away from their kink")
    gw, gb = net.backprop(X, Y)
    fw, fb = _finite_differences(net, X, Y)
    g, f = _flat(gw, gb), _flat(fw, fb)
    assert np.linalg.norm(g) > 1e-6, "degenerate case: the gradient vanishes"
    assert _rel_err(g, f) < 1e-6


@pytest.mark.parametrize("sizes,cost,init,activation,n",
                         list(itertools.product(DEPTHS, COSTS, INITS, ACTIVATIONS, [1, 17])))
def test_backprop_and_cost_match_torch_autograd(sizes, cost, init, activation, n):
    net = Network(sizes, cost=cost, init=init, activation=activation, seed=7 * n + len(sizes))
    X, Y = _data(net, n, seed=3 * n, soft=(n == 17))
    gw, gb = net.backprop(X, Y)
    c, tw, tb = _torch_grads(net, X, Y)
    for mine, ref in zip(gw + gb, tw + tb):
        assert mine.shape == ref.shape
    assert _rel_err(_flat(gw, gb), _flat(tw, tb)) < 1e-10
    assert net.cost(X, Y) == pytest.approx(c, rel=1e-12)


def test_backprop_has_no_loop_over_examples():
    """The batch gradient is the mean of per-example gradients, and one call handles any batch size."""
    net = Network([5, 4, 3], seed=2)
    X, Y = _data(net, 9)
    gw, gb = net.backprop(X, Y)
    per = [net.backprop(X[i:i + 1], Y[i:i + 1]) for i in range(9)]
    for l in range(2):
        np.testing.assert_allclose(gw[l], np.mean([p[0][l] for p in per], axis=0), rtol=1e-12, atol=1e-15)
        np.testing.assert_allclose(gb[l], np.mean([p[1][l] for p in per], axis=0), rtol=1e-12, atol=1e-15)


def test_forward_shapes_and_values():
    net = Network([4, 6, 5, 3], activation="tanh", seed=1)
    X, _ = _data(net, 7)
    zs, acts = net.forward(X)
    assert [z.shape for z in zs] == [(7, 6), (7, 5), (7, 3)]
    assert [a.shape for a in acts] == [(7, 4), (7, 6), (7, 5), (7, 3)]
    np.testing.assert_array_equal(acts[0], X)
    # an independent forward pass with course.activations, one example at a time
    for i in range(7):
        a = X[i]
        for l, (w, b) in enumerate(zip(net.weights, net.biases)):
            z = w @ a + b
            a = activations.sigmoid(z) if l == 2 else activations.tanh(z)
        np.testing.assert_allclose(acts[-1][i], a, rtol=1e-13)
    np.testing.assert_array_equal(net.feedforward(X), acts[-1])
    assert net.feedforward(X).shape == (7, 3)


def test_init_statistics_and_seeding():
    rng_free = {}
    for init, w_std, b_std in [("scaled", 1 / np.sqrt(400), 1.0), ("standard", 1.0, 1.0),
                               ("he", np.sqrt(2 / 400), 0.0)]:
        net = Network([400, 300, 300], init=init, seed=3)
        assert net.weights[0].shape == (300, 400) and net.biases[0].shape == (300,)
        assert net.weights[0].std() == pytest.approx(w_std, rel=0.02)
        assert abs(net.weights[0].mean()) < 0.02 * w_std
        assert net.biases[1].std() == pytest.approx(b_std, rel=0.15) if b_std else not net.biases[1].any()
        rng_free[init] = net.weights[0]
    again = Network([400, 300, 300], init="scaled", seed=3)
    np.testing.assert_array_equal(again.weights[0], rng_free["scaled"])
    assert not np.array_equal(Network([400, 300, 300], seed=4).weights[0], rng_free["scaled"])
    net32 = Network([3, 2], dtype=np.float32)
    assert all(p.dtype == np.float32 for p in net32.weights + net32.biases)


@pytest.mark.parametrize("init", INITS)
def test_every_layer_follows_the_documented_init_recipe(init):
    """Each layer's own statistics: scaled N(0, 1/n_in) & N(0, 1), standard N(0, 1), he N(0, 2/n_in) & 0.

    The order of the draws is not documented, so this checks distributions (mean, standard deviation,
    a Kolmogorov-Smirnov test against the documented normal, and for the short bias vectors also
    D'Agostino's skew-and-kurtosis test) rather than exact numbers.
    """
    from scipy import stats

    sizes = [300, 500, 400, 300]                     # a different n_in for each layer
    net = Network(sizes, init=init, seed=11)
    assert len(net.weights) == len(net.biases) == 3
    for l, (n_in, n_out) in enumerate(zip(sizes, sizes[1:])):
        W, b = net.weights[l], net.biases[l]
        assert W.shape == (n_out, n_in) and b.shape == (n_out,)
        w_std = {"scaled": 1 / np.sqrt(n_in), "standard": 1.0, "he": np.sqrt(2 / n_in)}[init]
        assert W.std() == pytest.approx(w_std, rel=0.02), f"weights[{l}]"
        assert abs(W.mean()) < 0.02 * w_std, f"weights[{l}]"
        assert stats.kstest(W.ravel() / w_std, "norm").pvalue > 1e-3, f"weights[{l}] is not normal"
        if init == "he":
            assert not b.any(), f"biases[{l}] must be 0"
        else:
            assert b.std() == pytest.approx(1.0, rel=0.15), f"biases[{l}]"
            assert abs(b.mean()) < 0.2, f"biases[{l}]"
            assert stats.kstest(b, "norm").pvalue > 1e-3, f"biases[{l}] is not N(0, 1)"
            assert stats.normaltest(b).pvalue > 1e-3, f"biases[{l}]: skew or kurtosis not normal"
    # the layers are independent draws, not one stream restarted per layer
    for l in range(1, 3):
        n = min(net.weights[0].size, net.weights[l].size)
        r = np.corrcoef(net.weights[0].ravel()[:n], net.weights[l].ravel()[:n])[0, 1]
        assert abs(r) < 0.05, f"weights[0] and weights[{l}] are correlated (r = {r:.3f})"
        if init != "he":
            m = min(net.biases[0].size, net.biases[l].size)
            assert abs(np.corrcoef(net.biases[0][:m], net.biases[l][:m])[0, 1]) < 0.3


def test_cost_formulas_and_saturated_outputs():
    net = Network([2, 3, 2], seed=0)
    X = np.array([[0.5, -1.0], [2.0, 0.1]])
    Y = np.array([[1.0, 0.0], [0.0, 1.0]])
    a = net.feedforward(X)
    ce = -np.sum(Y * np.log(a) + (1 - Y) * np.log(1 - a)) / 2
    assert net.cost(X, Y) == pytest.approx(ce, rel=1e-12)
    quad = Network([2, 3, 2], cost="quadratic", seed=0)
    assert quad.cost(X, Y) == pytest.approx(0.5 * np.sum((a - Y) ** 2) / 2, rel=1e-12)
    # saturate the output layer: σ(z) rounds to exactly 0 or 1, yet the cost stays finite and right
    for w in net.weights:
        w *= 2000.0
    z = net.forward(X)[0][-1]
    assert np.abs(z).max() > 800
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        c = net.cost(X, Y)
        gw, gb = net.backprop(X, Y)
    ref = F.binary_cross_entropy_with_logits(torch.tensor(z), torch.tensor(Y), reduction="sum").item() / 2
    assert np.isfinite(c) and c == pytest.approx(ref, rel=1e-12)
    assert all(np.all(np.isfinite(g)) for g in gw + gb)


def test_train_learns_xor():
    X, y = logic_gate("XOR")
    Y = y.reshape(-1, 1)
    net = Network([2, 4, 1], seed=1)
    start = net.cost(X, Y)
    history = net.train(X, Y, epochs=2000, batch_size=4, eta=2.0)
    assert len(history["training_cost"]) == 2000
    assert start > 0.5 and history["training_cost"][-1] < 0.01
    assert net.cost(X, Y) == pytest.approx(history["training_cost"][-1])
    assert net.accuracy(X, y) == 1.0
    np.testing.assert_array_equal(net.feedforward(X)[:, 0] > 0.5, y == 1)


@pytest.mark.parametrize("batch_size,lmbda", [(3, 0.0), (3, 4.0), (50, 1.0)])
def test_momentum_zero_is_exactly_plain_sgd(batch_size, lmbda):
    net = Network([4, 5, 3], seed=5)
    X, Y = _data(net, 20, soft=False)
    ref = net.copy()
    net.train(X, Y, epochs=3, batch_size=batch_size, eta=0.7, lmbda=lmbda, momentum=0.0, seed=11)
    # the documented plain rule, written out: w <- (1 - eta*lmbda/n) w - eta*g_w, b <- b - eta*g_b
    rng = np.random.default_rng(11)
    for _ in range(3):
        order = rng.permutation(20) if batch_size < 20 else np.arange(20)
        for k in range(0, 20, batch_size):
            idx = order[k:k + batch_size]
            gw, gb = ref.backprop(X[idx], Y[idx])
            ref.weights = [(1 - 0.7 * lmbda / 20) * w - 0.7 * g for w, g in zip(ref.weights, gw)]
            ref.biases = [b - 0.7 * g for b, g in zip(ref.biases, gb)]
    for mine, theirs in zip(net.weights + net.biases, ref.weights + ref.biases):
        np.testing.assert_array_equal(mine, theirs)


@pytest.mark.parametrize("momentum,lmbda,cost", [(0.0, 0.0, "cross_entropy"), (0.9, 0.0, "cross_entropy"),
                                                 (0.5, 3.0, "quadratic"), (0.0, 3.0, "quadratic")])
def test_train_matches_torch_sgd(momentum, lmbda, cost):
    """Same batches, autograd gradients, and the update in the form PyTorch's SGD documents.

    (torch.optim.SGD itself would give the same numbers, but its first step imports torch._dynamo,
    which costs seconds.)  PyTorch's form: g <- g + wd*p; buf <- mu*buf + g; p <- p - lr*buf.
    """
    net = Network([6, 5, 4, 3], cost=cost, activation="tanh", seed=2)
    X, Y = _data(net, 23, soft=False)
    n, eta, bs = 23, 0.3, 5
    ws = [torch.tensor(w, requires_grad=True) for w in net.weights]
    bs_ = [torch.tensor(b, requires_grad=True) for b in net.biases]
    decay = [lmbda / n] * len(ws) + [0.0] * len(bs_)   # L2 on the weights only
    bufs = [torch.zeros_like(p) for p in ws + bs_]
    rng = np.random.default_rng(4)
    for _ in range(4):
        order = rng.permutation(n)
        for k in range(0, n, bs):
            idx = order[k:k + bs]
            a, Yb = torch.tensor(X[idx]), torch.tensor(Y[idx])
            for l, (w, b) in enumerate(zip(ws, bs_)):
                z = a @ w.T + b
                a = torch.sigmoid(z) if l == 2 else torch.tanh(z)
            if cost == "cross_entropy":
                loss = F.binary_cross_entropy_with_logits(z, Yb, reduction="sum") / len(idx)
            else:
                loss = 0.5 * ((a - Yb) ** 2).sum() / len(idx)
            grads = torch.autograd.grad(loss, ws + bs_)
            with torch.no_grad():
                for p, g, buf, wd in zip(ws + bs_, grads, bufs, decay):
                    buf.mul_(momentum).add_(g + wd * p)
                    p.sub_(eta * buf)
    net.train(X, Y, epochs=4, batch_size=bs, eta=eta, lmbda=lmbda, momentum=momentum, seed=4)
    for mine, ref in zip(net.weights + net.biases, ws + bs_):
        np.testing.assert_allclose(mine, ref.detach().numpy(), rtol=1e-10, atol=1e-12)


def test_history_evaluation_callback_and_last_gradients():
    net = Network([4, 5, 3], seed=0)
    X, Y = _data(net, 30, soft=False)
    Xe, Ye = _data(net, 12, seed=9, soft=False)
    labels = Ye.argmax(axis=1)
    start = net.copy()
    seen = []

    def callback(epoch, model):
        seen.append((epoch, [g.copy() for g in model.last_gradients[1]]))

    h = net.train(X, Y, epochs=3, batch_size=30, eta=0.5, evaluation_data=(Xe, labels), callback=callback)
    assert set(h) == {"training_cost", "evaluation_cost", "evaluation_accuracy"}
    assert all(len(v) == 3 for v in h.values())
    assert [e for e, _ in seen] == [1, 2, 3]
    assert h["evaluation_cost"][-1] == pytest.approx(net.cost(Xe, Ye))
    assert h["evaluation_accuracy"][-1] == net.accuracy(Xe, labels) == net.accuracy(Xe, Ye)
    # full batch: the first epoch's gradient is the gradient at the starting weights
    _, gb0 = start.backprop(X, Y)
    for mine, ref in zip(seen[0][1], gb0):
        np.testing.assert_allclose(mine, ref, rtol=1e-13)
    assert Network([4, 5, 3]).train(X, Y, 1, 10, 0.1, monitor_training=False) == {}


def test_accuracy_by_hand():
    net = Network([2, 3], seed=0)
    X = np.random.default_rng(0).standard_normal((40, 2))
    out = net.feedforward(X)
    labels = np.array([int(np.argmax(row)) for row in out])
    labels[:10] = (labels[:10] + 1) % 3   # make exactly 10 of the 40 wrong
    assert net.accuracy(X, labels) == 0.75
    assert net.accuracy(X, np.eye(3)[labels]) == 0.75
    one = Network([2, 1], seed=0)
    y = (one.feedforward(X)[:, 0] > 0.5).astype(int)
    assert one.accuracy(X, y) == 1.0 and one.accuracy(X, 1 - y) == 0.0


def test_single_output_accuracy_at_exactly_one_half():
    """Documented: with one output the prediction is 1 when the output *exceeds* 0.5, so 0.5 itself is 0."""
    net = Network([2, 1], seed=0)
    net.weights[0][...] = [[1.0, 0.0]]
    net.biases[0][...] = 0.0
    X = np.array([[0.0, 3.0], [0.0, -2.0], [1e-3, 0.0], [-1e-3, 0.0]])   # outputs 0.5, 0.5, > 0.5, < 0.5
    out = net.feedforward(X)[:, 0]
    assert out[0] == out[1] == 0.5 and out[2] > 0.5 > out[3]
    assert net.accuracy(X, np.array([0, 0, 1, 0])) == 1.0
    assert net.accuracy(X, np.array([1, 1, 1, 0])) == 0.5
    assert net.accuracy(X, np.array([[0.0], [0.0], [1.0], [0.0]])) == 1.0    # targets, not labels
    # the same rule in train's history: a target of 0.5 at output 0.5 has gradient 0, so nothing moves
    h = net.train(np.zeros((1, 2)), np.array([[0.5]]), epochs=1, batch_size=1, eta=1.0,
                  evaluation_data=(X, np.array([0, 0, 1, 0])), monitor_training=False)
    assert net.feedforward(X)[0, 0] == 0.5
    assert h["evaluation_accuracy"] == [1.0]


def test_layer_speeds_are_bias_gradient_norms():
    net = Network([5, 6, 4, 3, 2], seed=3)
    X, Y = _data(net, 17, soft=False)
    _, _, tb = _torch_grads(net, X, Y)
    speeds = net.layer_speeds(X, Y)
    assert len(speeds) == 3
    np.testing.assert_allclose(speeds, [np.sqrt(np.sum(g ** 2)) for g in tb[:-1]], rtol=1e-10)


def test_float32_network_trains_and_agrees_with_float64():
    net64 = Network([4, 5, 3], seed=0)
    net32 = Network([4, 5, 3], seed=0, dtype=np.float32)
    X, Y = _data(net64, 10, soft=False)
    g64, g32 = net64.backprop(X, Y), net32.backprop(X, Y)
    assert all(g.dtype == np.float32 for g in g32[0] + g32[1])
    assert _rel_err(_flat(*g64), _flat(*g32)) < 1e-5
    net32.train(X, Y, 5, 5, 0.5, momentum=0.5)
    assert all(p.dtype == np.float32 for p in net32.weights + net32.biases)


def test_copy_is_independent():
    net = Network([3, 4, 2], seed=0)
    twin = net.copy()
    twin.weights[0][0, 0] += 1.0
    assert net.weights[0][0, 0] != twin.weights[0][0, 0]
    assert "Network([3, 4, 2]" in repr(twin)


def test_copy_after_training_has_no_gradients_of_its_own():
    net = Network([3, 4, 2], seed=0)
    X, Y = _data(net, 6, soft=False)
    net.train(X, Y, epochs=1, batch_size=6, eta=0.5)
    assert net.last_gradients is not None
    twin = net.copy()
    assert twin.last_gradients is None               # documented: an independent copy of the parameters only
    assert net.last_gradients is not None            # and the original keeps its own
    for mine, theirs in zip(twin.weights + twin.biases, net.weights + net.biases):
        np.testing.assert_array_equal(mine, theirs)
        assert not np.shares_memory(mine, theirs)


def test_divergence_is_reported():
    net = Network([2, 30, 1], cost="quadratic", activation="relu", init="standard", seed=0)
    X, y = logic_gate("XOR")
    with pytest.raises(RuntimeError, match="smaller learning rate"):
        net.train(X * 1e150, y.reshape(-1, 1), epochs=5, batch_size=4, eta=1e300)


@pytest.mark.parametrize("kwargs,match", [
    (dict(sizes=[5]), "at least two layers"),
    (dict(sizes=[]), "at least two layers"),
    (dict(sizes=[3, 0, 1]), "at least two layers"),
    (dict(sizes="abc"), "sizes must be"),
    (dict(sizes=[2, 1], cost="mse"), "unknown cost 'mse'"),
    (dict(sizes=[2, 1], init="xavier"), "unknown init"),
    (dict(sizes=[2, 1], activation="softmax"), "unknown activation"),
    (dict(sizes=[2, 1], dtype=np.int64), "dtype"),
    (dict(sizes=[2, 1], seed=-1), "seed"),
])
def test_bad_construction(kwargs, match):
    with pytest.raises(ValueError, match=match):
        Network(**kwargs)


def test_bad_data():
    net = Network([3, 4, 2])
    X, Y = np.zeros((5, 3)), np.zeros((5, 2))
    with pytest.raises(ValueError, match=r"shape \(5, 4\).*\(n_samples, 3\)"):
        net.feedforward(np.zeros((5, 4)))
    with pytest.raises(ValueError, match=r"reshape\(1, -1\)"):
        net.feedforward(np.zeros(3))
    with pytest.raises(ValueError, match=r"Y has shape \(5, 3\), expected \(5, 2\)"):
        net.backprop(X, np.zeros((5, 3)))
    with pytest.raises(ValueError, match=r"Y has shape \(4, 2\), expected \(5, 2\)"):
        net.cost(X, np.zeros((4, 2)))
    with pytest.raises(ValueError, match="one-hot"):
        net.train(X, np.zeros(5), 1, 1, 0.1)
    with pytest.raises(ValueError, match=r"outside \[0, 1\]"):
        net.cost(X, np.full((5, 2), 2.0))
    with pytest.raises(ValueError, match="NaN"):
        net.cost(np.full((5, 3), np.nan), Y)
    with pytest.raises(ValueError, match="no examples"):
        net.feedforward(np.zeros((0, 3)))
    with pytest.raises(ValueError, match="numeric"):
        net.feedforward(np.array([["a", "b", "c"]]))
    with pytest.raises(ValueError, match="labels must lie in 0..1"):
        net.accuracy(X, np.array([0, 1, 2, 0, 1]))
    with pytest.raises(ValueError, match="integer class labels"):
        net.accuracy(X, np.array([0, 0.5, 1, 0, 1]))
    Network([3, 4, 2], cost="quadratic").cost(X, np.full((5, 2), 2.0))  # any real target is fine here
    # float32: a finite float64 value beyond float32's range is an error, not a cast warning and inf
    with pytest.raises(ValueError, match=r"X has values up to 1e\+300, beyond float32's largest number"):
        Network([3, 2], dtype=np.float32).feedforward(np.full((1, 3), 1e300))
    with pytest.raises(ValueError, match=r"Y has values up to 1e\+40, beyond float32's"):
        Network([3, 2], cost="quadratic", dtype=np.float32).cost(np.ones((1, 3)), np.full((1, 2), 1e40))


@pytest.mark.parametrize("kwargs,match", [
    (dict(epochs=0), "epochs must be a positive integer"),
    (dict(epochs=2.5), "epochs"),
    (dict(batch_size=0), "batch_size"),
    (dict(eta=0.0), "eta must be > 0"),
    (dict(eta=float("nan")), "eta must be a finite number"),
    (dict(lmbda=-1.0), "lmbda"),
    (dict(momentum=1.5), "momentum must be <= 1"),
    (dict(momentum=-0.1), "momentum"),
    (dict(seed=-3), "seed"),
    (dict(callback=5), "callback"),
    (dict(evaluation_data=np.zeros((3, 3))), "pair"),
    (dict(evaluation_data=(np.zeros((3, 3)), np.zeros((3, 5)))), r"y_eval has shape \(3, 5\)"),
])
def test_bad_training_options(kwargs, match):
    net = Network([3, 4, 2])
    args = dict(epochs=1, batch_size=2, eta=0.1)
    args.update(kwargs)
    with pytest.raises(ValueError, match=match):
        net.train(np.zeros((4, 3)), np.zeros((4, 2)), **args)


def test_progress_bar_obeys_tqdm_disable(monkeypatch, capsys):
    X, y = logic_gate("XOR")
    monkeypatch.setenv("TQDM_DISABLE", "1")
    Network([2, 3, 1]).train(X, y.reshape(-1, 1), 3, 4, 0.5, progress=True)
    assert capsys.readouterr().err == ""
    monkeypatch.delenv("TQDM_DISABLE")
    Network([2, 3, 1]).train(X, y.reshape(-1, 1), 3, 4, 0.5, progress=True)
    assert "training" in capsys.readouterr().err


def test_sizes_must_be_whole_numbers_and_inputs_real():
    for sizes in ("78", [2.5, 3], [True, 2], [2, None]):
        with pytest.raises(ValueError, match="whole-number layer widths"):
            Network(sizes)
    assert Network([np.int64(2), 3, 1]).sizes == [2, 3, 1]
    net = Network([2, 3, 2])
    with pytest.raises(ValueError, match="X must be real"):
        net.feedforward(np.ones((2, 2)) + 1j)
    with pytest.raises(ValueError, match="Y must be real"):
        net.cost(np.ones((2, 2)), np.ones((2, 2)) + 0j)
    with pytest.raises(ValueError, match="numeric array"):
        net.accuracy(np.ones((5, 2)), np.array(list("01011")))


def test_weight_decay_that_would_flip_the_weights_is_refused():
    X, Y = np.ones((4, 2)), np.ones((4, 1))
    with pytest.raises(ValueError, match="eta \\* lmbda / n = 2.5"):
        Network([2, 3, 1]).train(X, Y, epochs=1, batch_size=4, eta=10.0, lmbda=1.0)
    Network([2, 3, 1]).train(X, Y, epochs=1, batch_size=4, eta=1.0, lmbda=1.0)   # 0.25: fine


def test_sizes_may_come_from_a_generator():
    assert Network(s for s in [4, 3, 2]).sizes == [4, 3, 2]
