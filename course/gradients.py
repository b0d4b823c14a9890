"""What chapter 5's experiments on vanishing and exploding gradients share.

* Chains of single neurons: the forward pass and every bias gradient
  ∂C/∂b_l = f′(z_l) · w_{l+1} f′(z_{l+1}) · … · w_L f′(z_L) · ∂C/∂a_L
  (the product itself is `course.widgets.chain_gradients`, in log space);
  many random chains at once; the exploding chain (w = 100, every z = 0).
* The window problem: for |w| >= 4 the inputs a with |w σ′(w a + b)| >= 1
  form an interval of width (2/|w|) ln(|w|(1 + √(1 − 4/|w|))/2 − 1), largest
  at |w| ≈ 6.9; the formula, a brute-force count, and the maximiser.
* The identity neuron w₂ σ(w₁ x + b) ≈ x + constant on [0, 1].
* The experiments on `course.network.Network`: ‖δˡ‖ per hidden layer at
  initialisation over many seeds and during full-batch training; accuracy
  against depth; Glorot and Bengio's saturation of the top hidden layer.
  They return plain arrays and dicts (and, for accuracy against depth, the
  trained nets); the notebook and `benchmarks/reproduce_nielsen.py` plot and
  record them.  They run NumPy's BLAS on one thread: for matrices this small
  that is as fast on an idle machine and several times faster on a busy one.
* Nielsen's published numbers, to compare against.
"""

from __future__ import annotations

import contextlib
import math

import numpy as np

from . import activations
from .network import _check_seed
from .widgets import chain_gradients, lookup_activation

__all__ = [
    "NIELSEN_ACCURACY", "NIELSEN_SPEEDS_AT_INIT", "NIELSEN_WINDOW_MAX", "NIELSEN_DEPTH_NETS",
    "chain_forward", "chain_bias_gradients", "random_chain_ratios", "exploding_chain",
    "window_width", "window_width_brute", "window_maximum",
    "identity_neuron", "identity_neuron_output",
    "nielsen_data", "speeds_at_init", "speeds_during_training", "layer_ratios",
    "accuracy_against_depth", "saturation_run",
]

# ----------------------------------------------------------- published numbers
# Nielsen, "Neural Networks and Deep Learning", chapter 5 (network2, MNIST with
# 50,000 training images, 30 epochs, mini-batch 10, eta = 0.1, lambda = 5.0).
NIELSEN_ACCURACY = {
    (784, 30, 10): 96.48,
    (784, 30, 30, 10): 96.90,
    (784, 30, 30, 30, 10): 96.57,
    (784, 30, 30, 30, 30, 10): 96.53,
}
NIELSEN_DEPTH_NETS = tuple(NIELSEN_ACCURACY)
# ||delta^l|| per hidden layer at initialisation (first 1,000 training images,
# cross-entropy, weights N(0, 1/n_in) (standard deviation 1/√n_in), biases N(0, 1); one unseeded draw).
NIELSEN_SPEEDS_AT_INIT = {
    (784, 30, 30, 10): (0.07, 0.31),
    (784, 30, 30, 30, 10): (0.012, 0.060, 0.283),
    (784, 30, 30, 30, 30, 10): (0.003, 0.017, 0.070, 0.285),
}
# The window problem: the width is largest at |w| ~ 6.9, where it is ~ 0.45.
NIELSEN_WINDOW_MAX = (6.9, 0.45)


# ---------------------------------------------------------------- helpers
def _finite_array(x, name, ndim=None):
    try:
        arr = np.asarray(x, dtype=float)
    except (TypeError, ValueError):
        raise TypeError(f"{name} must be numbers, got {x!r}") from None
    if ndim is not None and arr.ndim != ndim:
        raise ValueError(f"{name} must be a {ndim}-D array, got shape {arr.shape}")
    if not np.all(np.isfinite(arr)):
        raise ValueError(f"{name} must be finite (no NaN or inf), got {x!r}")
    return arr


def _unpack_pair(pair, name, what):
    """`pair` as its two items, or a ValueError saying it must be the pair `what`."""
    try:
        first, second = pair
    except (TypeError, ValueError):
        raise ValueError(f"{name} must be a pair {what}, got {pair!r:.80}") from None
    return first, second


# ---------------------------------------------------- chains of single neurons
def chain_forward(weights, biases, a0, activation="sigmoid"):
    """Run a chain of single neurons: z_j = w_j a_{j-1} + b_j, a_j = f(z_j).

    Returns ``(zs, activations)``, two arrays of length L = len(weights); the
    input `a0` is not included in `activations`.
    """
    w = _finite_array(weights, "weights", ndim=1)
    b = _finite_array(biases, "biases", ndim=1)
    if w.shape != b.shape or len(w) == 0:
        raise ValueError(f"weights and biases must have the same length >= 1, got {len(w)} and {len(b)}")
    a = float(_finite_array(a0, "a0", ndim=0))
    f, _, _ = lookup_activation(activation)
    zs, acts = np.empty_like(w), np.empty_like(w)
    for j in range(len(w)):
        zs[j] = w[j] * a + b[j]
        a = acts[j] = f(zs[j])
    return zs, acts


def chain_bias_gradients(weights, biases, a0, dC_daL=1.0, activation="sigmoid"):
    """Every bias gradient of a chain of single neurons, by the product rule.

    ∂C/∂b_l = f′(z_l) · w_{l+1} f′(z_{l+1}) · … · w_L f′(z_L) · ∂C/∂a_L, with
    the product taken by `course.widgets.chain_gradients` (in log space, so
    long chains underflow to 0 cleanly; a gradient beyond float64's largest
    number, about 1.8e308, is a ValueError).  Returns a dict of arrays: ``zs``,
    ``activations`` and ``grad_b`` (∂C/∂b_1, …, ∂C/∂b_L) of length L, and
    ``factors``, the signed w_j f′(z_j) for j = 2..L (length L - 1).
    """
    zs, acts = chain_forward(weights, biases, a0, activation)
    w = np.asarray(weights, dtype=float)
    g = chain_gradients(w, zs, activation)
    dC = float(_finite_array(dC_daL, "dC_daL", ndim=0))
    try:
        with np.errstate(under="ignore", over="raise"):
            grad_b = g["sign"] * np.power(10.0, g["log10_grad"]) * dC
    except FloatingPointError:
        top = float(np.max(g["log10_grad"])) + np.log10(abs(dC))
        raise ValueError(f"∂C/∂b_1 is about 10^{top:.0f}, beyond float64's largest number (about 1e308): "
                         f"use a shorter chain or smaller weights (chain_gradients gives the log10 values)") from None
    _, fprime, _ = lookup_activation(activation)
    factors = w[1:] * np.asarray(fprime(zs[1:]), dtype=float)
    return {"zs": zs, "activations": acts, "factors": factors, "grad_b": grad_b}


def random_chain_ratios(n_chains=10_000, depth=4, seed=0, activation="sigmoid", weight_std=1.0):
    """|∂C/∂b_1| / |∂C/∂b_l| for many random chains, l = 1..depth.

    Weights are drawn from N(0, weight_std²), biases from N(0, 1) and the
    input a₀ from U[0, 1], as for Nielsen's "usual" chain (weight_std = 1).
    Vectorised over chains: returns an array of shape (n_chains, depth) whose
    column l-1 holds |∂C/∂b_1 ÷ ∂C/∂b_l| (column 0 is all ones; NaN where both
    gradients are exactly 0).  ∂C/∂a_L cancels from every ratio.
    """
    if isinstance(n_chains, bool) or int(n_chains) != n_chains or n_chains < 1:
        raise ValueError(f"n_chains must be a positive integer, got {n_chains!r}")
    if isinstance(depth, bool) or int(depth) != depth or depth < 1:
        raise ValueError(f"depth must be a positive integer, got {depth!r}")
    weight_std = float(_finite_array(weight_std, "weight_std", ndim=0))
    f, fprime, _ = lookup_activation(activation)
    rng = np.random.default_rng(_check_seed(seed))
    w = weight_std * rng.standard_normal((int(n_chains), int(depth)))
    b = rng.standard_normal((int(n_chains), int(depth)))
    a = rng.uniform(0.0, 1.0, int(n_chains))
    d = np.empty_like(w)
    for j in range(depth):
        z = w[:, j] * a + b[:, j]
        d[:, j] = fprime(z)
        a = f(z)
    # ∂C/∂b_l ∝ f′(z_l) Π_{j>l} w_j f′(z_j); ratio to b_1 in log space.
    link = np.abs(np.concatenate([np.ones((len(w), 1)), w[:, 1:]], axis=1) * d)
    with np.errstate(divide="ignore"):
        log_link, log_d = np.log(link), np.log(d)
    suffix = np.concatenate([np.cumsum(log_link[:, ::-1], axis=1)[:, ::-1][:, 1:],
                             np.zeros((len(w), 1))], axis=1)
    log_grad = log_d + suffix
    with np.errstate(invalid="ignore", over="ignore", under="ignore"):
        return np.exp(log_grad[:, :1] - log_grad)


def exploding_chain(depth=4, w=100.0, a0=0.5):
    """Nielsen's exploding chain: every weight w, biases chosen so every z_j = 0.

    b_1 = -w·a₀ and b_j = -w·σ(0) = -w/2 after that, so each neuron sits at the
    top of σ′ and every factor w σ′(0) equals w/4 (25 for w = 100).  Returns a
    dict: ``weights``, ``biases``, ``a0`` and everything `chain_bias_gradients`
    returns (with ∂C/∂a_L = 1).
    """
    if isinstance(depth, bool) or int(depth) != depth or depth < 1:
        raise ValueError(f"depth must be a positive integer, got {depth!r}")
    w = float(_finite_array(w, "w", ndim=0))
    a0 = float(_finite_array(a0, "a0", ndim=0))
    weights = np.full(int(depth), w)
    biases = np.full(int(depth), -w * activations.sigmoid(0.0))
    biases[0] = -w * a0
    out = {"weights": weights, "biases": biases, "a0": a0}
    out.update(chain_bias_gradients(weights, biases, a0))
    return out


# ------------------------------------------------------------ the window problem
def window_width(w):
    """Width of the set of inputs a with |w σ′(w a + b)| >= 1, by the closed form.

    For |w| >= 4 it is (2/|w|) ln(|w|(1 + √(1 − 4/|w|))/2 − 1), whatever b is
    (b only shifts the interval); for |w| < 4 the set is empty and the width 0.
    Accepts a float or an array.
    """
    arr = np.abs(_finite_array(w, "w"))
    big = arr >= 4.0
    safe = np.where(big, arr, 4.0)
    # safe·((1 + √…)/2), not safe·(1 + √…)/2: the same number, but no overflow for |w| near 1e308
    inner = safe * ((1.0 + np.sqrt(1.0 - 4.0 / safe)) / 2.0) - 1.0   # >= 1 when |w| >= 4
    out = np.where(big, (2.0 / safe) * np.log(inner), 0.0)
    return float(out) if out.ndim == 0 else out


def window_width_brute(w, n_grid=2_000_001, half_range=None):
    """The same width by brute force: count grid points a where |w σ′(w a)| >= 1.

    Uses b = 0 (b only shifts the window) and a uniform grid of `n_grid`
    points on [-half_range, half_range] (default: wide enough for any |w| >= 1,
    since σ′(u) < 4e^{-|u|} < 1/|w| once |u| > ln(4|w|)).  Accuracy: one grid
    step.  Scalar `w` only.
    """
    w = float(_finite_array(w, "w", ndim=0))
    if isinstance(n_grid, bool) or int(n_grid) != n_grid or n_grid < 2:
        raise ValueError(f"n_grid must be an integer >= 2 (a grid needs two points), got {n_grid!r}")
    if half_range is not None:
        half_range = float(_finite_array(half_range, "half_range", ndim=0))
        if half_range <= 0:
            raise ValueError(f"half_range must be > 0, got {half_range!r}")
    if w == 0.0:
        return 0.0
    if half_range is None:   # ln 4 + ln|w|, not ln(4|w|): 4|w| overflows for |w| near 1e308
        half_range = (math.log(4.0) + math.log(max(abs(w), 1.0)) + 1.0) / abs(w)
    a, step = np.linspace(-half_range, half_range, int(n_grid), retstep=True)
    inside = np.abs(w * activations.sigmoid_prime(w * a)) >= 1.0
    return float(np.count_nonzero(inside) * step)


def window_maximum(lo=4.0, hi=20.0, tol=1e-10):
    """Maximise `window_width` over |w| in [lo, hi] by golden-section search.

    Returns ``(w_star, width_star)``.  The width is 0 at |w| = 4, rises, and
    falls like (2/|w|) ln|w| for large |w|, so it has one maximum in between.
    Stops when the bracket is narrower than `tol`, or after 200 steps (each
    shrinks it by 0.618, so by then it is as narrow as floats allow).
    """
    if not (4.0 <= lo < hi) or not np.isfinite(hi):
        raise ValueError(f"need 4 <= lo < hi < inf, got lo={lo!r}, hi={hi!r}")
    tol = float(_finite_array(tol, "tol", ndim=0))
    if tol <= 0:
        raise ValueError(f"tol must be > 0, e.g. 1e-10, got {tol!r}")
    g = (math.sqrt(5.0) - 1.0) / 2.0
    a, b = float(lo), float(hi)
    c, d = b - g * (b - a), a + g * (b - a)
    fc, fd = window_width(c), window_width(d)
    for _ in range(200):
        if b - a <= tol:
            break
        if fc > fd:
            b, d, fd = d, c, fc
            c = b - g * (b - a)
            fc = window_width(c)
        else:
            a, c, fc = c, d, fd
            d = a + g * (b - a)
            fd = window_width(d)
    w_star = (a + b) / 2.0
    return w_star, window_width(w_star)


# ------------------------------------------------------------ the identity neuron
def identity_neuron(w1=0.1):
    """Parameters that make w₂ σ(w₁ x + b) = x + c + O(w₁²) on [0, 1].

    Write x = 1/2 + Δ and take b = -w₁/2, so that w₁ x + b = w₁Δ.  Taylor:
    σ(w₁Δ) = 1/2 + w₁Δ/4 − (w₁Δ)³/48 + …, so with w₂ = 4/w₁ the neuron gives
    2/w₁ + Δ − w₁²Δ³/12 + … = x + c with the constant c = 2/w₁ − 1/2 (which
    the next layer's bias absorbs) and an error of at most w₁²/96 for |Δ| <= 1/2.
    Returns a dict ``w1``, ``b``, ``w2``, ``offset`` (= c), ``error_bound``.
    """
    w1 = float(_finite_array(w1, "w1", ndim=0))
    if w1 == 0.0:
        raise ValueError("w1 must be non-zero: with w1 = 0 the neuron ignores its input")
    return {"w1": w1, "b": -w1 / 2.0, "w2": 4.0 / w1, "offset": 2.0 / w1 - 0.5,
            "error_bound": w1 * w1 / 96.0}


def identity_neuron_output(x, w1, b, w2):
    """The neuron's output w₂ σ(w₁ x + b) for a float or an array x."""
    x = _finite_array(x, "x")
    out = float(w2) * activations.sigmoid(float(w1) * x + float(b))
    return float(out) if np.ndim(out) == 0 else out


# ------------------------------------------------------- layer-speed experiments
def _single_blas_thread():
    """Run NumPy's BLAS on one thread.

    The matrices here are small (1,000 × 784 × 30): one thread is as fast as
    several on an idle machine, and up to 10× faster on a busy shared one,
    where spinning BLAS threads wait for each other.
    """
    try:
        from threadpoolctl import threadpool_limits
    except ImportError:  # pragma: no cover - threadpoolctl comes with scikit-learn
        return contextlib.nullcontext()
    return threadpool_limits(limits=1, user_api="blas")


def nielsen_data(n=1000, seed=0):
    """Nielsen's experimental set: the first `n` images of a seeded, stratified sample.

    Returns ``(X, Y)``: pixels in [0, 1], shape (n, 784), and one-hot targets
    of shape (n, 10), from `course.data.load_mnist`.
    """
    from .data import load_mnist

    (X, Y), _ = load_mnist(n_train=n, n_test=0, seed=seed, one_hot=True)
    return X, Y


def _check_sizes(sizes):
    try:
        sizes = tuple(int(s) for s in sizes)
    except (TypeError, ValueError):
        raise ValueError(f"each net must be a list of layer widths such as [784, 30, 30, 10], got {sizes!r}") from None
    if len(sizes) < 3:
        raise ValueError(f"a layer-speed experiment needs at least one hidden layer, got sizes {list(sizes)}")
    return sizes


def speeds_at_init(X, Y, nets=tuple(NIELSEN_SPEEDS_AT_INIT), seeds=range(20), **network_kwargs):
    """‖δˡ‖ of every hidden layer of freshly initialised networks, one per seed.

    For each layer list in `nets` and each seed, builds
    ``Network(sizes, seed=seed, **network_kwargs)`` (cross-entropy and Nielsen's
    scaled initialisation unless you say otherwise) and takes its
    `layer_speeds` on (X, Y).  Returns ``{sizes: array (n_seeds, n_hidden)}``,
    first hidden layer in column 0.
    """
    from .network import Network

    seeds = [_check_seed(s, "each seed in seeds") for s in seeds]
    if not seeds:
        raise ValueError("seeds is empty: give at least one seed, e.g. range(20)")
    out = {}
    with _single_blas_thread():
        for sizes in nets:
            sizes = _check_sizes(sizes)
            out[sizes] = np.array([Network(sizes, seed=s, **network_kwargs).layer_speeds(X, Y)
                                   for s in seeds])
    return out


def speeds_during_training(X, Y, sizes, epochs=500, eta=0.1, lmbda=5.0, seed=0, **network_kwargs):
    """Nielsen's second experiment: ‖δˡ‖ per hidden layer during full-batch gradient descent.

    Trains ``Network(sizes, seed=seed, **network_kwargs)`` on all of (X, Y) as
    one batch for `epochs` epochs (learning rate `eta`, L2 parameter `lmbda`).
    Returns a dict of plain data:

    * ``speeds``: array (epochs + 1, n_hidden); row k holds the speeds after
      k updates (row 0 at initialisation, the last row after training);
    * ``epoch``: 0..epochs;
    * ``cost`` and ``accuracy``: on (X, Y) after training.
    """
    from .network import Network

    sizes = _check_sizes(sizes)
    net = Network(sizes, seed=seed, **network_kwargs)
    rows = []

    def record(epoch, trained):
        # With one full batch, the gradients of the epoch's only batch are the
        # gradients at the start of the epoch: the speeds before its update.
        rows.append([float(np.linalg.norm(g)) for g in trained.last_gradients[1][:-1]])

    with _single_blas_thread():
        net.train(X, Y, epochs=epochs, batch_size=len(X), eta=eta, lmbda=lmbda,
                  callback=record, monitor_training=False)
        rows.append(net.layer_speeds(X, Y))
        cost, accuracy = net.cost(X, Y), net.accuracy(X, Y)
    return {"speeds": np.array(rows), "epoch": np.arange(epochs + 1), "cost": cost, "accuracy": accuracy}


def layer_ratios(speeds):
    """Layer-to-layer ratios ‖δˡ⁺¹‖ / ‖δˡ‖ along the last axis of `speeds`."""
    s = np.asarray(speeds, dtype=float)
    if s.shape[-1] < 2:
        raise ValueError(f"need speeds of at least two hidden layers, got shape {s.shape}")
    return s[..., 1:] / s[..., :-1]


# ------------------------------------------------------ accuracy against depth
def accuracy_against_depth(train, test, nets=NIELSEN_DEPTH_NETS, epochs=30, batch_size=10, eta=0.1,
                           lmbda=5.0, seed=0, **network_kwargs):
    """Nielsen's first experiment: train nets of growing depth the same way, compare accuracy.

    `train` is ``(X, Y)`` with one-hot Y, `test` is ``(X_test, y_test)`` with
    integer labels.  Each net is ``Network(sizes, seed=seed, **network_kwargs)``
    trained by mini-batch SGD (shuffled with `seed`).  Returns
    ``{sizes: {"accuracy": array (epochs,), "network": the trained Network,
    "initial": a copy of it before training}}``; accuracy is on `test` after
    each epoch.
    """
    from .network import Network

    X, Y = _unpack_pair(train, "train", "(X, Y) with one-hot Y")
    _unpack_pair(test, "test", "(X_test, y_test) with integer labels")
    seed = _check_seed(seed)
    out = {}
    with _single_blas_thread():
        for sizes in nets:
            sizes = tuple(int(s) for s in sizes)
            net = Network(sizes, seed=seed, **network_kwargs)
            initial = net.copy()
            history = net.train(X, Y, epochs=epochs, batch_size=batch_size, eta=eta, lmbda=lmbda, seed=seed,
                                evaluation_data=test, monitor_training=False)
            out[sizes] = {"accuracy": np.array(history["evaluation_accuracy"]), "network": net, "initial": initial}
    return out


# ------------------------------------------------------ Glorot and Bengio's saturation
def saturation_run(X, Y, probe, width=300, depth=4, eta=0.5, steps=400, snapshot_every=20,
                   batch_size=10, bins=20, seed=0):
    """Watch the hidden sigmoid activations during the first `steps` updates.

    The set-up of Glorot and Bengio (2010), made small: `depth` sigmoid hidden
    layers of `width` units, their initialisation (weights uniform on
    [-1/√n_in, 1/√n_in], biases 0, the output layer included), cross-entropy
    on sigmoid outputs, mini-batch SGD with learning rate `eta` and no L2
    term.  The updates between two snapshots use the next chunk of
    `snapshot_every` × `batch_size` consecutive examples of X (chunk k is
    shuffled with seed + k; after the last whole chunk it starts again from
    the first, so a remainder of X shorter than a chunk is never used).  Every
    `snapshot_every` updates the hidden activations on the probe images are
    summarised; ``probe = (X_probe, y_probe)`` with integer labels.
    Returns a dict of arrays, one row per snapshot (update 0 first):
    ``step`` (n_snap,), ``mean`` and ``std`` (n_snap, depth), ``hist`` (n_snap,
    depth, bins: the fraction of activations in each bin) and ``edges`` (bins + 1,
    on [0, 1]); ``accuracy`` (n_snap,), on the probe.
    """
    from .network import Network

    for name, v in (("width", width), ("depth", depth), ("steps", steps), ("snapshot_every", snapshot_every),
                    ("batch_size", batch_size), ("bins", bins)):
        if isinstance(v, bool) or int(v) != v or v < 1:
            raise ValueError(f"{name} must be a positive integer, got {v!r}")
    if steps % snapshot_every:
        raise ValueError(f"steps ({steps}) must be a multiple of snapshot_every ({snapshot_every})")
    seed = _check_seed(seed)
    X = _finite_array(X, "X", ndim=2)
    Y = np.asarray(Y)
    if Y.ndim != 2 or len(Y) != len(X):
        raise ValueError(f"Y must be one-hot targets of shape ({len(X)}, n_classes), one row per row of X, "
                         f"got shape {Y.shape} (turn integer labels y into np.eye(n_classes)[y])")
    chunk = snapshot_every * batch_size
    if chunk > len(X):
        raise ValueError(f"snapshot_every × batch_size = {chunk} exceeds the {len(X)} training examples")
    X_probe, y_probe = _unpack_pair(probe, "probe", "(X_probe, y_probe) with integer labels")
    X_probe = _finite_array(X_probe, "X_probe", ndim=2)
    if len(X_probe) == 0 or X_probe.shape[1] != X.shape[1]:
        raise ValueError(f"X_probe must have at least one row and {X.shape[1]} columns like X, "
                         f"got shape {X_probe.shape}")
    y_probe = _finite_array(y_probe, "y_probe")
    if y_probe.shape != (len(X_probe),):
        raise ValueError(f"y_probe must be integer labels of shape ({len(X_probe)},), one per row of X_probe, "
                         f"got shape {y_probe.shape} (turn one-hot rows into Y_probe.argmax(axis=1))")
    if np.any(y_probe != np.round(y_probe)) or y_probe.min() < 0 or y_probe.max() >= Y.shape[1]:
        raise ValueError(f"y_probe must hold integer labels 0..{Y.shape[1] - 1} (one per column of Y), "
                         f"got {y_probe[:5]!r}...")
    sizes = (X.shape[1],) + (int(width),) * int(depth) + (Y.shape[1],)
    net = Network(sizes, seed=seed)
    rng = np.random.default_rng(seed)
    for W, b in zip(net.weights, net.biases):
        W[...] = rng.uniform(-1.0, 1.0, W.shape) / np.sqrt(W.shape[1])
        b[...] = 0.0
    edges = np.linspace(0.0, 1.0, int(bins) + 1)
    rows = {"step": [], "mean": [], "std": [], "hist": [], "accuracy": []}

    def snapshot(step):
        _, acts = net.forward(X_probe)
        hidden = acts[1:-1]
        rows["step"].append(step)
        rows["mean"].append([float(a.mean()) for a in hidden])
        rows["std"].append([float(a.std()) for a in hidden])
        rows["hist"].append([np.histogram(a, bins=edges)[0] / a.size for a in hidden])
        rows["accuracy"].append(float(np.mean(acts[-1].argmax(axis=1) == np.asarray(y_probe))))

    n_chunks = len(X) // chunk
    with _single_blas_thread():
        snapshot(0)
        for k in range(int(steps) // int(snapshot_every)):
            part = slice((k % n_chunks) * chunk, (k % n_chunks + 1) * chunk)
            net.train(X[part], Y[part], epochs=1, batch_size=batch_size, eta=eta, seed=seed + k,
                      monitor_training=False)
            snapshot((k + 1) * snapshot_every)
    out = {k: np.array(v) for k, v in rows.items()}
    out["edges"] = edges
    return out
