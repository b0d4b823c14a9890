"""The McCulloch-Pitts threshold logic unit (TLU), and what one unit can compute.

    unit = TLU([1, 1], threshold=1)        # fires when w·x > T: here, AND
    unit(truth_table(2))                   # array([0, 0, 0, 1])
    find_tlu([0, 1, 1, 0])                 # None: no single unit computes XOR
    count_threshold_functions(4)           # 1882 of the 65,536 functions of 4 inputs

* `truth_table(n)` lists the 2^n binary inputs in lexicographic order; every
  output vector in this module is given in that order.
* `find_tlu` decides with a linear program whether one unit computes a given
  Boolean function, and returns small integer weights that it verifies exactly.
* `count_threshold_functions` counts the functions one unit computes, exactly,
  by enumerating integer weights up to a proven bound (`weight_bound`), in
  torch, so the same code runs on a GPU.
* `tlu_figure` and `tlu_explorer` draw a two-input unit's decision line over
  the corners of the unit square (a static figure and a live widget).
"""

from __future__ import annotations

import math
import numbers
from fractions import Fraction

import matplotlib.pyplot as plt
import numpy as np
import torch

from .data import GATES
from .plotting import COLORS
from .widgets import check_slider_start, live_widget

__all__ = [
    "TLU", "truth_table", "threshold_interval", "find_tlu", "is_threshold_function",
    "weight_bound", "census", "count_threshold_functions", "TWO_INPUT_FUNCTIONS",
    "function_name", "tlu_readout", "tlu_figure", "tlu_explorer", "neuron_and_tlu_figure",
]

MAX_TABLE_INPUTS = 16   # truth_table and find_tlu: 2^16 rows at most
MAX_CENSUS_INPUTS = 6   # count_threshold_functions: a truth table must fit in 64 bits


# ---------------------------------------------------------------- the unit
def _check_n(n, limit, what):
    if isinstance(n, bool) or not isinstance(n, (int, np.integer)) or n < 0:
        raise ValueError(f"n must be a non-negative integer, got {n!r}")
    if n > limit:
        raise ValueError(f"{what} supports at most {limit} inputs, got n = {n}")
    return int(n)


def truth_table(n: int) -> np.ndarray:
    """All 2^n binary inputs, one per row, in lexicographic order; shape (2^n, n).

    Row r holds the binary digits of r, the first input being the most
    significant: for n = 2 the rows are (0,0), (0,1), (1,0), (1,1).
    """
    n = _check_n(n, MAX_TABLE_INPUTS, "truth_table")
    rows = np.arange(2 ** n, dtype=np.int64)[:, None]
    return (rows >> np.arange(n - 1, -1, -1, dtype=np.int64)) & 1


class TLU:
    """A threshold logic unit: output 1 if w·x > T, else 0 (a strict inequality).

    Call it on one input of shape (n_inputs,) to get an int, or on a batch of
    shape (n_samples, n_inputs) to get an integer array of 0s and 1s.  Inputs
    may be any real numbers; McCulloch and Pitts used 0 and 1.
    """

    def __init__(self, weights, threshold):
        w = np.asarray(weights, dtype=np.float64)
        if w.ndim != 1:
            raise ValueError(f"weights must be a 1-D list of numbers, got shape {w.shape}")
        t = np.asarray(threshold, dtype=np.float64)
        if t.ndim != 0:
            raise ValueError(f"threshold must be a single number, got shape {t.shape}")
        if not (np.all(np.isfinite(w)) and np.isfinite(t)):
            raise ValueError(f"weights and threshold must be finite, got {weights!r} and {threshold!r}")
        self.weights = w
        self.threshold = float(t)

    @property
    def n_inputs(self) -> int:
        return len(self.weights)

    def net_input(self, x):
        """The weighted sum w·x, for one input or a batch."""
        x = np.asarray(x, dtype=np.float64)
        if x.ndim not in (1, 2) or x.shape[-1] != self.n_inputs:
            raise ValueError(f"this unit has {self.n_inputs} inputs: give x of shape ({self.n_inputs},) "
                             f"or (n_samples, {self.n_inputs}), got shape {x.shape}")
        if not np.all(np.isfinite(x)):
            raise ValueError("inputs must be finite numbers")
        return x @ self.weights

    def __call__(self, x):
        out = (self.net_input(x) > self.threshold).astype(np.int64)
        return int(out) if out.ndim == 0 else out

    def truth_table(self) -> np.ndarray:
        """The outputs for every binary input, in `truth_table(n_inputs)` order."""
        return self(truth_table(self.n_inputs))

    def __repr__(self):
        w = ", ".join(f"{v:g}" for v in self.weights)
        return f"TLU(weights=[{w}], threshold={self.threshold:g})"


def _as_outputs(outputs):
    """Validate a 0/1 output vector of length 2^n; return it as int64 and n."""
    y = np.asarray(outputs)
    if y.ndim != 1 or len(y) == 0:
        raise ValueError(f"outputs must be a 1-D vector of length 2^n, got shape {y.shape}")
    n = int(round(math.log2(len(y))))
    if 2 ** n != len(y):
        raise ValueError(f"outputs must have length 2^n (1, 2, 4, 8, ...), one per row of "
                         f"truth_table(n); got length {len(y)}")
    if n > MAX_TABLE_INPUTS:
        raise ValueError(f"at most {MAX_TABLE_INPUTS} inputs are supported, got {n}")
    if y.dtype == bool:
        y = y.astype(np.int64)
    if not np.all((y == 0) | (y == 1)):
        raise ValueError(f"outputs must hold only 0s and 1s, got values {np.unique(y)[:6]}")
    return y.astype(np.int64), n


def threshold_interval(weights, outputs):
    """The thresholds T for which TLU(weights, T) computes `outputs`, as (low, high).

    With a strict `>`, the unit is right exactly when every input that must
    give 0 has w·x <= T and every input that must give 1 has w·x > T, that is
    low <= T < high with low = max of w·x over the 0s (-inf if none) and
    high = min of w·x over the 1s (+inf if none).  Returns None when no
    threshold works with these weights.  The weights must be finite.
    """
    y, n = _as_outputs(outputs)
    w = np.asarray(weights, dtype=np.float64)
    if w.shape != (n,):
        raise ValueError(f"outputs of length {len(y)} need {n} weights, got shape {w.shape}")
    if not np.all(np.isfinite(w)):
        raise ValueError(f"weights must be finite numbers, got {weights!r}")
    net = truth_table(n) @ w
    low = float(net[y == 0].max()) if np.any(y == 0) else -math.inf
    high = float(net[y == 1].min()) if np.any(y == 1) else math.inf
    return (low, high) if low < high else None


# ------------------------------------------------------------- find_tlu (LP)
def _solve_lp(X, y):
    """Minimise sum |w_i| subject to w·x - T >= 1 on the 1s and w·x - T <= 0 on the 0s.

    Returns (w, T) as floats, or None when the constraints are infeasible, which
    happens exactly when no unit computes y: any unit that does can be scaled
    until its smallest gap above T is 1.
    """
    from scipy.optimize import linprog

    n = X.shape[1]
    sign = np.where(y == 1, -1.0, 1.0)[:, None]          # write every row as "<="
    # variables: p (n), q (n), T; w = p - q with p, q >= 0
    rows = np.hstack([X, -X, -np.ones((len(y), 1))]) * sign
    rhs = np.where(y == 1, -1.0, 0.0)
    cost = np.concatenate([np.ones(2 * n), [0.0]])
    bounds = [(0, None)] * (2 * n) + [(None, None)]
    res = linprog(cost, A_ub=rows, b_ub=rhs, bounds=bounds, method="highs-ds")
    if res.status == 2:
        return None
    if res.status != 0:
        raise RuntimeError(f"the linear program failed unexpectedly: {res.message}")
    return res.x[:n] - res.x[n:2 * n], res.x[-1]


def _computes(w, t, X, y):
    """Exact check (integer arithmetic) that the unit (w, t) gives y on X."""
    net = X @ np.asarray(w, dtype=np.int64)
    return bool(np.array_equal((net > t).astype(np.int64), y))


def _is_unate(y, n):
    """False when some input raises the output in one place and lowers it in another.

    A unit's output can only rise with x_i when w_i > 0 and only fall when
    w_i < 0, so such a function (XOR, for one) is never a threshold function.
    """
    table = y.reshape((2,) * n)   # axis i is input i
    for i in range(n):
        change = np.take(table, 1, axis=i) - np.take(table, 0, axis=i)
        if (change > 0).any() and (change < 0).any():
            return False
    return True


def find_tlu(outputs):
    """Weights and a threshold of a unit that computes `outputs`, or None if none can.

    `outputs` lists the desired output for each row of `truth_table(n)` (so it
    has length 2^n).  Returns ``(weights, threshold)`` with integer weights (a
    NumPy int64 array) and an integer threshold, already verified by evaluating
    the unit on every input; among all real solutions the linear program picks
    one with the smallest sum of |weights|.  Returns None exactly when the
    linear program is infeasible, i.e. when no weights and threshold exist (or,
    faster, when some input raises the output in one place and lowers it in
    another, which no unit can do).
    """
    y, n = _as_outputs(outputs)
    if not _is_unate(y, n):   # a quick, exact "no"
        return None
    X = truth_table(n)
    solution = _solve_lp(X.astype(np.float64), y)
    if solution is None:
        return None
    w, t = solution
    # Integer weights: the LP's w·x - T is >= 1 on the 1s and <= 0 on the 0s.
    # With T moved to the middle of that gap and everything scaled by k, the
    # gap is k/2 on either side; rounding the n + 1 numbers moves w·x - T by at
    # most (n + 1)/2, so k = n + 2 always works.  Smaller k usually do (the LP's
    # vertex is often integral already), and every candidate is verified exactly.
    for k in range(1, n + 3):
        for shift in (0.0, 0.5):
            wi = np.rint(k * w).astype(np.int64)
            ti = int(np.floor(k * (t + shift) + 0.5))
            if _computes(wi, ti, X, y):
                return wi, ti
    raise RuntimeError("could not turn the LP solution into integer weights; please report this bug")


def is_threshold_function(outputs) -> bool:
    """True when a single TLU computes `outputs` (a 0/1 vector in truth_table order)."""
    return find_tlu(outputs) is not None


# ------------------------------------------------------------ the census
def weight_bound(n: int) -> int:
    """An integer B such that every threshold function of n inputs has integer weights in [-B, B].

    A solution of the LP in `find_tlu` can be taken at a vertex, where n + 1
    constraints w·x - T = b (b in {0, 1}) hold with equality.  Cramer's rule
    makes each weight a ratio of determinants of 0/1 matrices of order n + 1
    (flip the sign of T's column of -1s); multiplying by the denominator gives
    integer weights no larger than the largest such determinant, which by
    Hadamard's inequality is at most (m + 1)^((m + 1)/2) / 2^m with m = n + 1.
    """
    n = _check_n(n, 64, "weight_bound")
    m = n + 1
    # integer arithmetic: B = floor(sqrt((m+1)^(m+1)) / 2^m)
    return math.isqrt((m + 1) ** (m + 1)) // 2 ** m


def _sorted_weight_vectors(n, bound, device):
    """Every non-decreasing integer vector 0 <= w_1 <= ... <= w_n <= bound, one per row."""
    W = torch.zeros((1, 0), dtype=torch.int64, device=device)
    for _ in range(n):
        last = W[:, -1] if W.shape[1] else torch.zeros(len(W), dtype=torch.int64, device=device)
        counts = bound - last + 1                      # the next weight runs from last to bound
        parent = torch.repeat_interleave(torch.arange(len(W), device=device), counts)
        first = torch.cumsum(counts, 0) - counts
        offset = torch.arange(len(parent), device=device) - first[parent]
        W = torch.cat([W[parent], (last[parent] + offset)[:, None]], dim=1)
    return W


def _positive_tables(n, device, bound=None):
    """The truth tables (as 2^n-bit integers) of threshold functions with sorted weights >= 0.

    Bit 2^n - 1 - r of a table is the output on row r of truth_table(n).  For
    each weight vector, sorting the 2^n net inputs in decreasing order and
    adding up their bits gives, at every drop of the net input, the table of
    one threshold; the tie-free cuts are all the distinct functions it makes.
    """
    N = 2 ** n
    X = torch.as_tensor(truth_table(n), device=device)
    W = _sorted_weight_vectors(n, weight_bound(n) if bound is None else bound, device)
    bits = torch.ones(N, dtype=torch.int64, device=device) << (N - 1 - torch.arange(N, device=device))
    chunk = 1 << (18 if device.type == "cuda" else 14)
    found = [torch.zeros(1, dtype=torch.int64, device=device)]   # the constant 0
    for start in range(0, len(W), chunk):
        # net inputs are small integers (<= n * bound), exact in float32
        net = W[start:start + chunk].float() @ X.T.float()
        net_sorted, order = torch.sort(net, dim=1, descending=True)
        tables = torch.cumsum(bits[order], dim=1)      # the top j+1 inputs output 1
        cut = torch.ones_like(net_sorted, dtype=torch.bool)
        cut[:, :-1] = net_sorted[:, :-1] > net_sorted[:, 1:]
        found.append(torch.unique(tables[cut]))
    return torch.unique(torch.cat(found)), len(W)


def census(n: int, device=None) -> dict:
    """The exact census of threshold functions of n inputs, with its intermediate counts.

    Method (each step is exact):
    1. every threshold function has integer weights in [-B, B], B = weight_bound(n);
    2. flipping the inputs with negative weights (x -> 1 - x) turns it into a
       *positive* one, with weights >= 0; a positive function with k inputs that
       matter comes from exactly 2^k threshold functions this way;
    3. permuting inputs, the weights can be sorted; a positive function whose
       inputs fall into groups of interchangeable inputs of sizes g_1, g_2, ...
       has n! / (g_1! g_2! ...) distinct permutations.
    So the count is the sum, over the distinct functions made by sorted weights
    0 <= w_1 <= ... <= w_n <= B, of (number of permutations) x 2^(inputs that matter).

    Returns a dict: ``threshold`` (the count; OEIS A000609),
    ``all_inputs_matter`` (those that depend on all n inputs; A000615),
    ``positive`` (positive threshold functions; A002078),
    ``sorted_representatives`` (one per class under flips and permutations;
    A000617), ``weight_vectors`` (enumerated), ``weight_bound`` and
    ``functions`` (2^(2^n)).
    """
    n = _check_n(n, MAX_CENSUS_INPUTS, "census")
    device = torch.device("cpu") if device is None else torch.device(device)
    N = 2 ** n
    keys, n_weights = _positive_tables(n, device)
    rows = torch.arange(N, device=device)
    T = ((keys[:, None] >> (N - 1 - rows)) & 1).bool()     # (functions, 2^n), column r = row r
    matters = torch.zeros(len(keys), dtype=torch.int64, device=device)
    for i in range(n):
        flipped = rows ^ (1 << (n - 1 - i))                 # the same row with input i flipped
        matters += (T != T[:, flipped]).any(dim=1).long()
    # interchangeable inputs are adjacent once the weights are sorted
    stabiliser = torch.ones(len(keys), dtype=torch.int64, device=device)
    run = torch.ones(len(keys), dtype=torch.int64, device=device)
    for i in range(n - 1):
        a, b = n - 1 - i, n - 2 - i                         # bit positions of inputs i and i + 1
        bit_a, bit_b = (rows >> a) & 1, (rows >> b) & 1
        swapped = rows + (bit_b - bit_a) * (1 << a) + (bit_a - bit_b) * (1 << b)
        same = (T == T[:, swapped]).all(dim=1)
        run = torch.where(same, run + 1, torch.ones_like(run))
        stabiliser *= torch.where(same, run, torch.ones_like(run))
    permutations = math.factorial(n) // stabiliser
    return {
        "n": n,
        "threshold": int((permutations << matters).sum()),
        "all_inputs_matter": int((permutations << matters)[matters == n].sum()),
        "positive": int(permutations.sum()),
        "sorted_representatives": len(keys),
        "weight_vectors": n_weights,
        "weight_bound": weight_bound(n),
        "functions": 2 ** N,
    }


def count_threshold_functions(n: int, device=None) -> int:
    """How many of the 2^(2^n) Boolean functions of n inputs a single TLU computes (exact).

    2, 4, 14, 104, 1882, 94572, 15028134 for n = 0..6 (OEIS A000609).  `device`
    (default: the CPU) may be a CUDA device; see `census` for the method.
    """
    return census(_check_n(n, MAX_CENSUS_INPUTS, "count_threshold_functions"), device)["threshold"]


# -------------------------------------------------- the 16 two-input functions
def _table_key(outputs):
    return tuple(int(v) for v in outputs)


TWO_INPUT_FUNCTIONS = {
    (0, 0, 0, 0): "FALSE",
    (0, 0, 1, 0): "x1 AND NOT x2",
    (0, 0, 1, 1): "x1",
    (0, 1, 0, 0): "NOT x1 AND x2",
    (0, 1, 0, 1): "x2",
    (1, 0, 1, 0): "NOT x2",
    (1, 0, 1, 1): "x1 OR NOT x2",
    (1, 1, 0, 0): "NOT x1",
    (1, 1, 0, 1): "NOT x1 OR x2",
    (1, 1, 1, 1): "TRUE",
}
TWO_INPUT_FUNCTIONS.update({_table_key(v): k for k, v in GATES.items()})
TWO_INPUT_FUNCTIONS = dict(sorted(TWO_INPUT_FUNCTIONS.items()))


def function_name(outputs) -> str:
    """The name of a two-input Boolean function given by its 4 outputs, e.g. 'AND'."""
    y, n = _as_outputs(outputs)
    if n != 2:
        raise ValueError(f"function_name names functions of 2 inputs (4 outputs), got {len(y)} outputs")
    return TWO_INPUT_FUNCTIONS[_table_key(y)]


# ------------------------------------------------------ the two-input picture
VIEW = (-0.5, 1.5)               # the plotted square around the unit square
TLU_W_RANGE = (-2.0, 2.0)        # the widget's weight sliders
TLU_T_RANGE = (-3.0, 3.0)        # the widget's threshold slider
_DIGITS = 12                     # floats are read as decimals of 12 significant digits


def _exact(value, name):
    """`value` as a Fraction: an integer exactly, any other number as its decimal rounded to 12 significant digits.

    So 0.1 is exactly 1/10 and 1e-7 exactly 1/10^7 (nothing nonzero is rounded to 0), and float noise
    such as 0.1 + 0.2 = 0.30000000000000004 or a slider's -0.09999999999999987 is read as the decimal it shows.
    """
    x = float(value)
    if not math.isfinite(x):
        raise ValueError(f"{name} must be a finite number, got {x!r}")
    return Fraction(int(value)) if isinstance(value, numbers.Integral) else Fraction(f"{x:.{_DIGITS}g}")


def _shown(v):
    """Two decimals, or two significant digits for a value that two decimals would show as 0."""
    return f"{v:.2f}" if v == 0 or abs(v) >= 0.005 else f"{v:.2g}"


def _two_input_outputs(w1, w2, threshold):
    """Outputs on (0,0), (0,1), (1,0), (1,1), and which corners lie on the line w·x = T.

    Computed in exact rational arithmetic on the values as `_exact` reads them.
    """
    a, b, t = _exact(w1, "w1"), _exact(w2, "w2"), _exact(threshold, "threshold")
    nets = [a * x1 + b * x2 for x1, x2 in truth_table(2)]
    return np.array([int(v > t) for v in nets], dtype=np.int64), [v == t for v in nets]


def tlu_readout(w1=1.0, w2=1.0, threshold=1.5) -> str:
    """The widget's text: the unit, its four outputs and which of the 16 functions it computes."""
    y, on_line = _two_input_outputs(w1, w2, threshold)
    name = function_name(y)
    pairs = ", ".join(f"({x1},{x2})→{v}" for (x1, x2), v in zip(truth_table(2), y))
    text = (f"w₁ = {_shown(float(w1))}, w₂ = {_shown(float(w2))}, T = {_shown(float(threshold))}:  {pairs}\n"
            f"this unit computes {name}, one of the 14 functions (of 16) a single unit can compute")
    if _exact(w1, "w1") == 0 and _exact(w2, "w2") == 0:
        text += (f"\nboth weights are 0: w·x = 0 at every corner, so there is no line; "
                 f"0 > T is {'true' if 0 > _exact(threshold, 'threshold') else 'false'}, "
                 f"so every corner outputs {y[0]}")
        return text
    if len(set(y.tolist())) == 1:
        text += "\nthe line separates no corners: all four give the same output"
    if any(on_line):
        corners = [f"({x1},{x2})" for (x1, x2), on in zip(truth_table(2), on_line) if on]
        verbs = "lies exactly on the line w·x = T and outputs" if len(corners) == 1 else \
            "lie exactly on the line w·x = T and output"
        text += f"\n{', '.join(corners)} {verbs} 0 (the test is strict: w·x > T)"
    return text


def _draw_tlu_panels(fig, w1, w2, threshold):
    y, on_line = _two_input_outputs(w1, w2, threshold)
    w1, w2, threshold = float(w1), float(w2), float(threshold)
    fig.clear()
    ax, ax_net = fig.subplots(1, 2, width_ratios=[1.1, 1])
    lo, hi = VIEW
    grid = np.linspace(lo, hi, 401)
    g1, g2 = np.meshgrid(grid, grid)
    # This panel uses w and T times 2^-e, with 2^(e-1) <= max|w| < 2^e: exact, so it draws the same picture,
    # but w·w cannot underflow to 0 for tiny weights.  T is clipped to ±10^6·max|w| (the line is off the
    # plot beyond ±4·max|w|) so that T·2^-e stays finite.
    big = max(abs(w1), abs(w2))
    e = math.frexp(big)[1]
    t = math.ldexp(min(max(threshold, -1e6 * big), 1e6 * big), -e) if big > 0 else threshold
    v1, v2 = math.ldexp(w1, -e), math.ldexp(w2, -e)
    fires = (v1 * g1 + v2 * g2 > t).astype(float)
    ax.contourf(g1, g2, fires, levels=[-0.5, 0.5, 1.5], colors=["white", COLORS["orange"]], alpha=0.25)
    norm2 = v1 * v1 + v2 * v2                # at least 1/4 unless both weights are 0
    if norm2 > 0:
        if abs(v2) >= abs(v1):
            ax.plot(grid, (t - v1 * grid) / v2, color="black", lw=1.5, label="w·x = T")
        else:
            ax.plot((t - v2 * grid) / v1, grid, color="black", lw=1.5, label="w·x = T")
        # the weight vector points to the side where the unit fires
        foot = np.array([0.5, 0.5]) + (t - 0.5 * (v1 + v2)) / norm2 * np.array([v1, v2])
        if lo < foot[0] < hi and lo < foot[1] < hi:
            d = 0.35 * np.array([v1, v2]) / math.sqrt(norm2)
            ax.annotate("", xy=foot + d, xytext=foot,
                        arrowprops=dict(arrowstyle="->", color=COLORS["vermillion"], lw=1.5))
            ax.text(*(foot + 1.25 * d), "w", color=COLORS["vermillion"], ha="center", va="center",
                    clip_on=True)
    else:
        ax.text(0.5, 1.32, "both weights are 0: no line", ha="center", va="center", fontsize=10,
                bbox=dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor="0.6"))
    ax.plot([0, 1, 1, 0, 0], [0, 0, 1, 1, 0], color="0.6", lw=0.8, ls=":")
    for (x1, x2), out, on in zip(truth_table(2), y, on_line):
        ax.scatter([x1], [x2], s=420, zorder=3, edgecolors="black", linewidths=2.0 if on else 1.0,
                   color=COLORS["orange"] if out else COLORS["sky"])
        ax.text(x1, x2, str(out), ha="center", va="center", fontsize=12, fontweight="bold", zorder=4)
    ax.set(xlim=VIEW, ylim=VIEW, xlabel="x₁", ylabel="x₂", aspect="equal",
           title=f"computes {function_name(y)}")
    ax.grid(False)
    nets = truth_table(2) @ np.array([w1, w2])
    labels = [f"({a},{b})" for a, b in truth_table(2)]
    ax_net.bar(labels, nets, color=[COLORS["orange"] if v else COLORS["sky"] for v in y], edgecolor="black")
    ax_net.axhline(threshold, color="black", ls="--", lw=1.2)
    ax_net.axhline(0, color="0.5", lw=0.6)
    top = max(4.5, abs(threshold) + 0.5, float(np.abs(nets).max()) + 0.5)
    ax_net.text(3.45, threshold, "T", ha="left", va="bottom" if threshold < top - 0.5 else "top")
    ax_net.set(ylim=(-top, top), xlabel="input (x₁, x₂)", ylabel="net input w·x",
               title="fires (1, orange) where w·x > T")
    return fig


def tlu_figure(w1=1.0, w2=1.0, threshold=1.5):
    """The TLU explorer's picture for fixed weights and threshold; returns the Figure."""
    _two_input_outputs(w1, w2, threshold)  # validate
    return _draw_tlu_panels(plt.figure(figsize=(10, 4.2)), w1, w2, threshold)


def tlu_explorer(w1=1.0, w2=1.0, threshold=1.5):
    """Live TLU: sliders for the two weights and the threshold; returns the ipywidgets box."""
    import ipywidgets as widgets

    _two_input_outputs(w1, w2, threshold)  # validate before building anything
    check_slider_start("w1", w1, *TLU_W_RANGE)
    check_slider_start("w2", w2, *TLU_W_RANGE)
    check_slider_start("threshold", threshold, *TLU_T_RANGE)
    style = {"description_width": "initial"}
    s1 = widgets.FloatSlider(value=w1, min=TLU_W_RANGE[0], max=TLU_W_RANGE[1], step=0.1,
                             description="weight w₁", continuous_update=False, style=style)
    s2 = widgets.FloatSlider(value=w2, min=TLU_W_RANGE[0], max=TLU_W_RANGE[1], step=0.1,
                             description="weight w₂", continuous_update=False, style=style)
    st = widgets.FloatSlider(value=threshold, min=TLU_T_RANGE[0], max=TLU_T_RANGE[1], step=0.1,
                             description="threshold T", continuous_update=False, style=style)
    return live_widget([[s1, s2, st]], {"w1": s1, "w2": s2, "threshold": st}, tlu_readout, tlu_figure,
                       readout_class="tlu-readout", box_class="tlu-explorer")


# ------------------------------------------------- Cajal's neuron and the TLU
def neuron_and_tlu_figure(seed=3):
    """A neuron drawn in the manner of Cajal's ink drawings, next to the TLU it inspired."""
    from .plotting import draw_neuron, draw_tlu

    fig, (ax_n, ax_t) = plt.subplots(1, 2, figsize=(11, 5), width_ratios=[1, 1.15])
    draw_neuron(ax_n, seed=seed)
    draw_tlu(ax_t, weights=["w₁", "w₂", "w₃"], threshold="T")
    return fig
