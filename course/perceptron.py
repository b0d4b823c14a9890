"""Rosenblatt's perceptron: the learning rule, its mistake bound, and a step-by-step widget.

* `Perceptron` is a threshold unit with adaptive weights and a bias.  It
  predicts ŷ = 1 when w·x + b > 0 (else 0) and learns with the rule
  w ← w + r (y − ŷ) x,  b ← b + r (y − ŷ),  one sample at a time.
* `random_separable` draws seeded, linearly separable datasets with a known
  separating line; `radius`, `margin_of`, `max_margin` and `mistake_bound`
  give the quantities of Novikoff's theorem, mistakes ≤ (R/γ)², where the bias
  is folded in as a constant input 1: x̃ = (x, 1), w̃ = (w, b).
* `train_many` trains thousands of perceptrons at once with PyTorch (on a GPU
  when there is one), one dataset per perceptron, by the very same rule.
* `trace`, `perceptron_step_figure` and `perceptron_stepper` replay the rule
  one sample at a time on a 2-D dataset and redraw the decision line.
"""

from __future__ import annotations

import math
import numbers

import numpy as np

from . import activations
from .plotting import COLORS

__all__ = [
    "Perceptron", "random_separable", "augment", "radius", "margin_of", "is_linearly_separable",
    "max_margin", "mistake_bound", "train_many", "trace", "plot_decision", "decision_line",
    "perceptron_step_figure", "stepper_readout", "perceptron_stepper", "STEPPER_DATASETS",
]


# ------------------------------------------------------------- validation
def _check_X(X, n_inputs=None, name="X"):
    X = np.asarray(X, dtype=np.float64)
    if X.ndim != 2:
        raise ValueError(f"{name} must be a 2-D array of shape (n_samples, n_inputs), got shape {X.shape}; "
                         f"for one sample use X.reshape(1, -1)")
    if n_inputs is not None and X.shape[1] != n_inputs:
        raise ValueError(f"{name} has {X.shape[1]} columns but the perceptron has {n_inputs} inputs")
    if not np.all(np.isfinite(X)):
        raise ValueError(f"{name} contains NaN or infinite values; clean the data first")
    return X


def _check_y(y, n_samples):
    arr = np.asarray(y)
    if arr.ndim != 1 or arr.shape[0] != n_samples:
        raise ValueError(f"y must be a 1-D array with one label per sample ({n_samples}), got shape {arr.shape}")
    try:
        values = arr.astype(np.float64)
    except (TypeError, ValueError):
        raise ValueError(f"labels must be 0 or 1, got values of type {arr.dtype}") from None
    bad = ~np.isin(values, (0.0, 1.0))
    if bad.any():
        raise ValueError(f"labels must be 0 or 1, found {np.unique(arr[bad])[:5].tolist()}; "
                         f"for ±1 labels use y = (t + 1) // 2")
    return values.astype(np.int64)


def _check_positive(value, name):
    if isinstance(value, bool) or not isinstance(value, (int, float, np.integer, np.floating)) \
            or not np.isfinite(value) or value <= 0:
        raise ValueError(f"{name} must be a positive finite number, got {value!r}")
    return float(value)


def _check_count(value, name, minimum=1):
    if isinstance(value, bool) or not isinstance(value, (int, np.integer)) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


# The rule and `activation` run under this decorator (no overflow warnings on stderr) and check for overflow
# themselves.
_QUIET = np.errstate(over="ignore", invalid="ignore")


def _overflow(what, learning_rate):
    return ValueError(f"{what} overflowed to infinity with learning_rate = {learning_rate:g}; "
                      f"use a smaller learning_rate or rescale the inputs, e.g. to [-1, 1]")


# -------------------------------------------------------------- the model
class Perceptron:
    """A threshold unit that learns: ŷ = 1 if w·x + b > 0 else 0.

    Parameters
    ----------
    n_inputs : number of inputs (features) per sample.
    learning_rate : r in the rule w ← w + r (y − ŷ) x; any positive number.
    init : "zeros" (w = 0, b = 0) or "random" (small Gaussian values, std 0.1).
    seed : seeds the random initial weights.

    After `fit`, `history` holds (weights, bias) copies: the initial state,
    then the state at the end of every epoch.
    """

    def __init__(self, n_inputs, learning_rate=1.0, init="zeros", seed=0):
        self.n_inputs = _check_count(n_inputs, "n_inputs")
        self.learning_rate = _check_positive(learning_rate, "learning_rate")
        if init not in ("zeros", "random"):
            raise ValueError(f"init must be 'zeros' or 'random', got {init!r}")
        self.init, self.seed = init, _check_count(seed, "seed", minimum=0)
        if init == "zeros":
            self.weights, self.bias = np.zeros(self.n_inputs), 0.0
        else:
            rng = np.random.default_rng(seed)
            self.weights = 0.1 * rng.standard_normal(self.n_inputs)
            self.bias = float(0.1 * rng.standard_normal())
        self.history = [(self.weights.copy(), self.bias)]

    def __repr__(self):
        return (f"Perceptron(n_inputs={self.n_inputs}, learning_rate={self.learning_rate:g}, "
                f"init={self.init!r}, seed={self.seed})")

    @_QUIET
    def activation(self, X):
        """The weighted input a = X·w + b, one number per row of X."""
        a = _check_X(X, self.n_inputs) @ self.weights + self.bias
        if not np.isfinite(a).all():
            row = int(np.argmax(~np.isfinite(a)))
            raise ValueError(f"w·x + b overflowed to infinity for row {row} of X; rescale the inputs, "
                             f"e.g. to [-1, 1]")
        return a

    def predict(self, X):
        """The 0/1 outputs for the rows of X (shape (n_samples, n_inputs))."""
        return activations.step(self.activation(X))

    @_QUIET
    def step(self, x, y):
        """Apply the rule to one sample x (length n_inputs) with label y (0 or 1).

        Returns the error y − ŷ: 0 when the sample was classified correctly
        (nothing changes), +1 or −1 when it was a mistake (the weights moved).
        """
        x = _check_X(np.reshape(x, (1, -1)), self.n_inputs, name="x")[0]
        y = int(_check_y(np.reshape(y, (1,)), 1)[0])
        return self._step(x, y)

    def _activation(self, x):
        a = float(x @ self.weights + self.bias)
        if not math.isfinite(a):
            raise _overflow("w·x + b", self.learning_rate)
        return a

    def _step(self, x, y):
        error = y - (1 if self._activation(x) > 0 else 0)
        if error:
            weights = self.weights + self.learning_rate * error * x
            bias = self.bias + self.learning_rate * error
            if not (math.isfinite(bias) and np.isfinite(weights).all()):
                raise _overflow("the weights", self.learning_rate)
            self.weights, self.bias = weights, bias
        return error

    @_QUIET
    def fit(self, X, y, epochs=100):
        """Sweep over the samples in order, up to `epochs` times.

        Returns the number of mistakes (updates) made in each epoch; training
        stops after the first epoch with no mistake, since the weights then
        classify every sample correctly and would never change again.
        """
        X = _check_X(X, self.n_inputs)
        y = _check_y(y, X.shape[0])
        epochs = _check_count(epochs, "epochs")
        mistakes = []
        for _ in range(epochs):
            count = sum(self._step(x, label) != 0 for x, label in zip(X, y))
            mistakes.append(int(count))
            self.history.append((self.weights.copy(), self.bias))
            if count == 0:
                break
        return mistakes

    def score(self, X, y):
        """The fraction of samples classified correctly."""
        X = _check_X(X, self.n_inputs)
        return float(np.mean(self.predict(X) == _check_y(y, X.shape[0])))


# ------------------------------------------------- data and Novikoff's bound
def random_separable(n_datasets, n_points, dim=2, margin=0.1, seed=0):
    """Seeded, linearly separable datasets with a known separating hyperplane.

    Points are uniform in [−1, 1]^dim; a random unit normal u and an offset
    b ~ U(−0.5, 0.5) label them y = 1 where u·x + b > 0; then every point is
    pushed a distance `margin` further from the plane along ±u, so that
    t·(u·x + b) ≥ margin for every point (t = 2y − 1).

    Returns X (n_datasets, n_points, dim), y (n_datasets, n_points) of 0/1,
    u (n_datasets, dim) and b (n_datasets,).
    """
    n_datasets = _check_count(n_datasets, "n_datasets")
    n_points = _check_count(n_points, "n_points")
    dim = _check_count(dim, "dim")
    margin = _check_positive(margin, "margin")
    rng = np.random.default_rng(_check_count(seed, "seed", minimum=0))
    u = rng.standard_normal((n_datasets, dim))
    u /= np.linalg.norm(u, axis=1, keepdims=True)
    b = rng.uniform(-0.5, 0.5, n_datasets)
    X = rng.uniform(-1.0, 1.0, (n_datasets, n_points, dim))
    t = np.where(np.einsum("bnd,bd->bn", X, u) + b[:, None] > 0, 1.0, -1.0)
    X += margin * t[..., None] * u[:, None, :]
    return X, ((t + 1) / 2).astype(np.int64), u, b


def augment(X):
    """Fold the bias in: append a constant input 1 to every sample, x̃ = (x, 1)."""
    X = np.asarray(X, dtype=np.float64)
    return np.concatenate([X, np.ones(X.shape[:-1] + (1,))], axis=-1)


def radius(X):
    """R = the largest length ‖x̃‖ = √(‖x‖² + 1) over the samples (last axis = features)."""
    return np.sqrt(np.max(np.sum(np.asarray(X, dtype=np.float64) ** 2, axis=-1), axis=-1) + 1.0)


def margin_of(X, y, w, b):
    """The margin γ of the separator (w, b) in the folded space.

    γ = min over samples of t·(w·x + b) / ‖(w, b)‖ with t = 2y − 1: positive
    exactly when (w, b) classifies every sample correctly.  Accepts leading
    batch axes: X (..., n, d), y (..., n), w (..., d), b (...).
    """
    if b is None:
        raise ValueError("b (the bias) is missing: give it with w, e.g. b=0.0 for a line through the origin")
    X, w, b, y = np.asarray(X, dtype=np.float64), np.asarray(w, dtype=np.float64), np.asarray(b, np.float64), \
        np.asarray(y)
    if X.ndim < 2:
        raise ValueError(f"X must have shape (..., n_samples, n_inputs), got shape {X.shape}")
    for name, arr, shape, what in (("y", y, X.shape[:-1], "one label per sample"),
                                   ("w", w, X.shape[:-2] + X.shape[-1:], "one weight per column of X"),
                                   ("b", b, X.shape[:-2], "one number per separator")):
        if arr.shape != shape:
            raise ValueError(f"{name} must have shape {shape} ({what}), got shape {arr.shape}")
    for name, arr in (("X", X), ("w", w), ("b", b)):
        if not np.all(np.isfinite(arr)):
            raise ValueError(f"{name} contains NaN or infinite values")
    t = 2.0 * _check_y(y.reshape(-1), y.size).reshape(y.shape) - 1.0
    a = np.einsum("...nd,...d->...n", X, w) + b[..., None]
    norm = np.sqrt(np.sum(w * w, axis=-1) + b * b)
    if np.any(norm == 0):
        raise ValueError("the separator (w, b) is all zeros; it has no direction and no margin")
    return np.min(t * a, axis=-1) / norm


def _single_dataset(X, y):
    X = _check_X(X)
    y = _check_y(y, X.shape[0])
    return X, y, (2.0 * y - 1.0)[:, None] * augment(X)


def _feasible_direction(Z):
    """A v with Z v ≥ 1 (every row on the positive side), or None when none exists (an LP)."""
    from scipy.optimize import linprog

    n, k = Z.shape
    res = linprog(np.zeros(k), A_ub=-Z, b_ub=-np.ones(n), bounds=[(None, None)] * k, method="highs")
    if res.status == 2:  # infeasible
        return None
    if res.status != 0:
        raise RuntimeError(f"the linear program failed ({res.message}); check the data for extreme values")
    return res.x


def is_linearly_separable(X, y):
    """True when some line (hyperplane) w·x + b = 0 puts every y = 1 sample strictly
    on one side and every y = 0 sample on the other (decided by a linear program)."""
    return _feasible_direction(_single_dataset(X, y)[2]) is not None


def max_margin(X, y):
    """The separator of largest margin in the folded space, and its margin.

    Solves min ‖ṽ‖² subject to t_i ṽ·x̃_i ≥ 1 (a hard-margin SVM whose bias is
    the weight of the constant input, so it is part of the norm), starting from
    a feasible point found by a linear program.  Returns (w, b, γ) with
    ‖(w, b)‖ = 1 and γ = margin_of(X, y, w, b), the actual margin of that unit
    vector; so γ is never larger than the true maximum.  Raises ValueError when
    the data are not linearly separable.
    """
    from scipy.optimize import minimize

    X, y, Z = _single_dataset(X, y)
    v0 = _feasible_direction(Z)
    if v0 is None:
        raise ValueError("the data are not linearly separable: no line puts the two classes on "
                         "opposite sides, so no margin exists (the perceptron would never stop)")
    res = minimize(lambda v: 0.5 * v @ v, v0, jac=lambda v: v, method="SLSQP",
                   constraints=[{"type": "ineq", "fun": lambda v: Z @ v - 1.0, "jac": lambda v: Z}],
                   options={"ftol": 1e-12, "maxiter": 500})
    v = res.x if res.success and np.min(Z @ res.x) > 0 else v0
    v = v / np.linalg.norm(v)
    w, b = v[:-1], float(v[-1])
    return w, b, float(margin_of(X, y, w, b))


def mistake_bound(X, y, w=None, b=None):
    """Novikoff's bound (R/γ)² on the perceptron's mistakes (zero start).

    γ is the margin of the separator (w, b) if given, else the maximum margin.
    """
    if (w is None) != (b is None):
        raise ValueError("give both w and b (a separator), or neither (then the maximum margin is used)")
    X, y, _ = _single_dataset(X, y)
    if w is None:
        gamma = max_margin(X, y)[2]
    else:
        gamma = float(margin_of(X, y, w, b))
        if gamma <= 0:
            raise ValueError(f"(w, b) does not separate the data (its margin is {gamma:.3g} ≤ 0)")
    return float((radius(X) / gamma) ** 2)


# ---------------------------------------------------------- many at once
def train_many(X, y, learning_rate=1.0, max_epochs=1000, device=None, dtype=None):
    """Train one zero-initialised perceptron per dataset, all at once, with PyTorch.

    X has shape (B, n, d) and y shape (B, n) (labels 0/1).  All B perceptrons
    take sample j at the same moment, so the loop runs over samples, not over
    datasets; each follows exactly the rule of `Perceptron`.  Training stops
    when every perceptron has had an epoch without a mistake, or after
    `max_epochs`.

    Returns a dict of tensors (on `device`): ``mistakes`` (B,) total updates,
    ``epochs`` (B,) epochs run up to and including the first clean one,
    ``converged`` (B,) bool, ``weights`` (B, d), ``bias`` (B,).
    """
    import torch

    from .device import get_device

    device = get_device() if device is None else torch.device(device)
    dtype = torch.float64 if dtype is None else dtype
    r = _check_positive(learning_rate, "learning_rate")
    max_epochs = _check_count(max_epochs, "max_epochs")
    X = torch.as_tensor(X, dtype=dtype, device=device)
    y = torch.as_tensor(y, device=device)
    if X.ndim != 3 or y.shape != X.shape[:2]:
        raise ValueError(f"X must have shape (B, n, d) and y shape (B, n), got {tuple(X.shape)} and {tuple(y.shape)}")
    if not bool(torch.isfinite(X).all()):
        raise ValueError("X contains NaN or infinite values; clean the data first")
    if not bool(((y == 0) | (y == 1)).all()):
        raise ValueError("labels must be 0 or 1")
    y = y.to(dtype)
    B, n, d = X.shape
    W = torch.zeros(B, d, dtype=dtype, device=device)
    bias = torch.zeros(B, dtype=dtype, device=device)
    mistakes = torch.zeros(B, dtype=torch.int64, device=device)
    epochs = torch.zeros(B, dtype=torch.int64, device=device)
    active = torch.ones(B, dtype=torch.bool, device=device)
    for _ in range(max_epochs):
        in_epoch = torch.zeros(B, dtype=torch.int64, device=device)
        for j in range(n):
            x = X[:, j]
            y_hat = ((x * W).sum(dim=1) + bias > 0).to(dtype)
            error = y[:, j] - y_hat
            W += r * error[:, None] * x
            bias += r * error
            in_epoch += error != 0
        mistakes += in_epoch
        epochs += active
        active &= in_epoch > 0
        if not bool(active.any()):
            break
    if not bool(torch.isfinite(W).all() and torch.isfinite(bias).all()):
        raise _overflow("the weights", r)
    return {"mistakes": mistakes, "epochs": epochs, "converged": ~active, "weights": W, "bias": bias}


# ------------------------------------------------------------ step by step
@_QUIET
def trace(X, y, learning_rate=1.0, init="zeros", seed=0, max_epochs=20):
    """Replay `Perceptron` one sample at a time and record every state.

    Returns a dict: ``weights`` (S+1, d) and ``bias`` (S+1,) after 0..S steps,
    and for each step s = 1..S (index s − 1): ``sample`` (which row was
    shown), ``epoch`` (1-based), ``activation`` (w·x + b before the update) and
    ``error`` (y − ŷ).  Stops after the first epoch without a mistake or after
    `max_epochs` epochs.
    """
    X = _check_X(X)
    y = _check_y(y, X.shape[0])
    max_epochs = _check_count(max_epochs, "max_epochs")
    p = Perceptron(X.shape[1], learning_rate, init, seed)
    ws, bs = [p.weights.copy()], [p.bias]
    sample, epoch, act, err = [], [], [], []
    for e in range(1, max_epochs + 1):
        clean = True
        for j in range(X.shape[0]):
            act.append(p._activation(X[j]))
            err.append(p._step(X[j], int(y[j])))
            clean &= err[-1] == 0
            sample.append(j)
            epoch.append(e)
            ws.append(p.weights.copy())
            bs.append(p.bias)
        if clean:
            break
    return {"X": X, "y": y, "learning_rate": p.learning_rate, "weights": np.array(ws), "bias": np.array(bs),
            "sample": np.array(sample), "epoch": np.array(epoch), "activation": np.array(act),
            "error": np.array(err, dtype=np.int64)}


def _limits(X, pad=0.35):
    lo, hi = X.min(axis=0), X.max(axis=0)
    span = np.maximum(hi - lo, 1e-9)
    return lo - pad * span, hi + pad * span


def plot_decision(X, y, w, b, ax=None, title=None, limits=None, line_kw=None, shade=True, line=True):
    """Draw 2-D samples (y = 1: orange circles, y = 0: blue squares), the regions
    where the unit outputs 1 and 0 (`shade`), and its decision line w·x + b = 0 (`line`).

    `limits` is ((x_min, y_min), (x_max, y_max)); by default the data's box plus a margin.
    Returns the axes."""
    import matplotlib.pyplot as plt

    X = _check_X(X, 2)
    y = _check_y(y, X.shape[0])
    w = np.asarray(w, dtype=np.float64)
    if ax is None:
        _, ax = plt.subplots(figsize=(4.2, 4.0))
    (x0, y0), (x1, y1) = limits if limits is not None else _limits(X)
    if shade:
        from matplotlib.colors import ListedColormap

        gx, gy = np.meshgrid(np.linspace(x0, x1, 200), np.linspace(y0, y1, 200))
        out = (w[0] * gx + w[1] * gy + b > 0).astype(float)
        ax.imshow(out, origin="lower", extent=(x0, x1, y0, y1), aspect="auto", vmin=0, vmax=1,
                  cmap=ListedColormap(["#d9ebf7", "#fbe9c9"]), interpolation="nearest", zorder=0)
    if line:
        decision_line(ax, w, b, (x0, x1), (y0, y1), **(line_kw or {"color": "black", "lw": 2}))
    ax.scatter(*X[y == 1].T, marker="o", s=60, color=COLORS["orange"], edgecolor="black", zorder=3, label="y = 1")
    ax.scatter(*X[y == 0].T, marker="s", s=55, color=COLORS["blue"], edgecolor="black", zorder=3, label="y = 0")
    ax.set(xlim=(x0, x1), ylim=(y0, y1), xlabel="$x_1$", ylabel="$x_2$")
    ax.grid(False)
    if title:
        ax.set_title(title)
    return ax


def decision_line(ax, w, b, xlim, ylim, **kw):
    """Draw the line w₁x₁ + w₂x₂ + b = 0 across the box xlim × ylim (nothing when w = 0)."""
    if abs(w[1]) >= abs(w[0]) and w[1] != 0:
        xs = np.array(xlim)
        ax.plot(xs, -(w[0] * xs + b) / w[1], **kw)
    elif w[0] != 0:
        ys = np.array(ylim)
        ax.plot(-(w[1] * ys + b) / w[0], ys, **kw)


def _fmt(v):
    v = float(v)
    return "0" if v == 0 else f"{v:.3g}"


def _vec(v):
    return "(" + ", ".join(_fmt(x) for x in np.ravel(v)) + ")"


def stepper_readout(tr, step):
    """The stepper's text for the state after `step` steps of the trace `tr`."""
    n_steps = len(tr["sample"])
    if isinstance(step, bool) or not isinstance(step, numbers.Real) or not math.isfinite(step) \
            or int(step) != step or not 0 <= step <= n_steps:
        raise ValueError(f"step must be an integer from 0 to {n_steps}, got {step!r}")
    step = int(step)
    w, b = tr["weights"][step], tr["bias"][step]
    if step == 0:
        return (f"step 0 of {n_steps}: the start, w = {_vec(w)}, b = {_fmt(b)}\n"
                f"move the slider or press 'next' to show the first sample")
    s = step - 1
    j, e, err = tr["sample"][s], tr["epoch"][s], tr["error"][s]
    x, label, a = tr["X"][j], tr["y"][j], tr["activation"][s]
    r = tr["learning_rate"]
    w0, b0 = tr["weights"][s], tr["bias"][s]
    head = (f"step {step} of {n_steps} · epoch {e}, sample {j + 1}: x = {_vec(x)}, y = {label}\n"
            f"a = w·x + b = {_fmt(a)}  →  ŷ = {int(a > 0)}  →  ")
    if err == 0:
        body = "correct: nothing changes"
    else:
        body = (f"mistake: w ← {_vec(w0)} + {_fmt(r)}·({err:+d})·{_vec(x)} = {_vec(w)},"
                f"  b ← {_fmt(b0)} + {_fmt(r)}·({err:+d}) = {_fmt(b)}")
    total = int(np.count_nonzero(tr["error"][:step]))
    return head + body + f"\nmistakes so far: {total}"


def _draw_step(fig, tr, step):
    from matplotlib.ticker import MaxNLocator

    fig.clear()
    ax, ax_m = fig.subplots(1, 2, gridspec_kw={"width_ratios": [1.1, 1]})
    X, y = tr["X"], tr["y"]
    limits = _limits(X)
    w, b = tr["weights"][step], tr["bias"][step]
    title = "start: w = 0, b = 0" if step == 0 and not np.any(w) and b == 0 else f"after step {step}"
    plot_decision(X, y, w, b, ax=ax, title=title, limits=limits)
    if step > 0:
        s = step - 1
        x = X[tr["sample"][s]]
        if tr["error"][s] != 0:
            (x0, y0), (x1, y1) = limits
            decision_line(ax, tr["weights"][s], tr["bias"][s], (x0, x1), (y0, y1), color="0.45", lw=1.5, ls="--")
        ax.scatter([x[0]], [x[1]], s=260, facecolor="none", edgecolor=COLORS["vermillion"] if tr["error"][s]
                   else COLORS["green"], lw=2.5, zorder=4)
    n_epochs = int(tr["epoch"][-1]) if len(tr["epoch"]) else 1
    counts = np.zeros(n_epochs)
    for e, err in zip(tr["epoch"][:step], tr["error"][:step]):
        counts[e - 1] += err != 0
    epochs = np.arange(1, n_epochs + 1)
    current = int(tr["epoch"][step - 1]) if step else 0
    colors = [COLORS["vermillion"] if e == current else COLORS["sky"] for e in epochs]
    ax_m.bar(epochs, counts, color=colors)
    ax_m.set(xlabel="epoch", ylabel="mistakes", title="mistakes per epoch (so far)",
             xlim=(0.4, n_epochs + 0.6), ylim=(0, max(1.0, float(counts.max())) + 0.5))
    if n_epochs <= 20:
        ax_m.set_xticks(epochs)
    ax_m.yaxis.set_major_locator(MaxNLocator(integer=True))
    return fig


def perceptron_step_figure(X=None, y=None, step=0, learning_rate=1.0, dataset="AND", max_epochs=10):
    """Draw the stepper's picture after `step` steps (static version of the widget)."""
    import matplotlib.pyplot as plt

    tr = trace(*_stepper_data(X, y, dataset), learning_rate=learning_rate, max_epochs=max_epochs)
    stepper_readout(tr, step)  # validates step
    return _draw_step(plt.figure(figsize=(10, 4)), tr, step)


def _cloud():
    X, y, _, _ = random_separable(1, 16, margin=0.15, seed=3)
    return X[0], y[0]


STEPPER_DATASETS = ("AND", "OR", "NAND", "XOR", "cloud")


def _stepper_data(X, y, dataset):
    if X is not None or y is not None:
        if X is None or y is None:
            raise ValueError("give both X and y, or neither (then `dataset` picks one)")
        X = _check_X(X, 2, name="X (the stepper draws 2-D data)")
        return X, _check_y(y, X.shape[0])
    if dataset == "cloud":
        return _cloud()
    if dataset not in STEPPER_DATASETS:
        raise ValueError(f"dataset must be one of {STEPPER_DATASETS}, got {dataset!r}")
    from .data import logic_gate

    return logic_gate(dataset)


def perceptron_stepper(X=None, y=None, dataset="AND", learning_rate=1.0, max_epochs=10):
    """Live stepper: a slider over the steps and back/next buttons; returns the widget box.

    Pass 2-D data as X, y, or pick a built-in `dataset` (AND, OR, NAND, XOR,
    or "cloud", 16 separable random points).  The menus switch the dataset and
    the learning rate.
    """
    import ipywidgets as widgets
    import matplotlib.pyplot as plt

    custom = X is not None or y is not None
    _stepper_data(X, y, dataset)  # validate before building anything
    _check_positive(learning_rate, "learning_rate")
    style = {"description_width": "initial"}
    data_menu = widgets.Dropdown(options=(["your data"] if custom else []) + list(STEPPER_DATASETS),
                                 value="your data" if custom else dataset, description="data")
    rate_menu = widgets.Dropdown(options=sorted({0.1, 1.0, 10.0, float(learning_rate)}),
                                 value=float(learning_rate), description="learning rate r", style=style)
    slider = widgets.IntSlider(value=0, min=0, max=1, description="step", continuous_update=False, style=style)
    back, nxt, reset = (widgets.Button(description=d) for d in ("◀ back", "next ▶", "reset"))
    readout = widgets.HTML()
    readout.add_class("perceptron-stepper-readout")
    out = widgets.Output()
    state = {}

    def retrace(*_):
        name = data_menu.value
        data = (X, y, dataset) if name == "your data" else (None, None, name)
        state["trace"] = trace(*_stepper_data(*data), learning_rate=rate_menu.value, max_epochs=max_epochs)
        slider.max = len(state["trace"]["sample"])
        if slider.value == 0:
            redraw()
        slider.value = 0

    def redraw(*_):
        tr, step = state["trace"], slider.value
        readout.value = "<pre>" + stepper_readout(tr, step) + "</pre>"
        with out:
            out.clear_output(wait=True)
            _draw_step(plt.figure(figsize=(10, 4)), tr, step)
            plt.show()

    back.on_click(lambda _: setattr(slider, "value", max(slider.min, slider.value - 1)))
    nxt.on_click(lambda _: setattr(slider, "value", min(slider.max, slider.value + 1)))
    reset.on_click(lambda _: setattr(slider, "value", 0))
    slider.observe(redraw, names="value")
    data_menu.observe(retrace, names="value")
    rate_menu.observe(retrace, names="value")
    retrace()
    box = widgets.VBox([widgets.HBox([data_menu, rate_menu]), widgets.HBox([back, slider, nxt, reset]),
                        readout, out])
    box.add_class("perceptron-stepper")
    return box
