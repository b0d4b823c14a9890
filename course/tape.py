"""Reverse-mode automatic differentiation on a tape, the way TensorFlow's GradientTape works.

A `Tensor` wraps a NumPy array.  While a `GradientTape` is open, every operation
on tensors appends one `Record` to the tape: the operation's name, its input
tensors, its output tensor and, for each input, the local chain rule that turns
the gradient of the output into the gradient of that input.  The tape is a plain
Python list of these records, in the order they ran: the Wengert list (Wengert,
1964).  `tape.gradient(target, sources)` walks the list backwards from the
target, applies each record's rules and adds up the contributions.

    x = constant(3.0)
    with GradientTape() as tape:
        tape.watch(x)
        y = x * x
    tape.gradient(y, x)          # Tensor(6.)

Each operation's backward rule is written right next to it, and is itself made
of tensor operations.  So when an outer tape is open while an inner tape runs
its backward pass, the outer tape records that pass too, and differentiating
the gradient gives second derivatives (nested tapes).

Gradients follow NumPy broadcasting: an input that was broadcast receives the
gradient summed back down to its own shape (`_unbroadcast`).

Differences from TensorFlow, on purpose: our tape records every operation made
while it is open (TensorFlow records only those that touch a watched tensor),
and asking for the gradient with respect to a tensor the tape never saw raises
an error that says what to do, where TensorFlow quietly returns None.
"""

from __future__ import annotations

import numbers

import numpy as np

from . import activations

__all__ = [
    "Tensor", "constant", "GradientTape", "Record", "record", "gradcheck", "draw_tape",
    "exp", "log", "tanh", "sigmoid", "relu", "sum", "mean", "matmul", "broadcast_to",
]

_builtin_sum = sum
_recording: list = []   # the tapes that are open and recording, innermost last
_serial = 0             # every Tensor gets a unique number (keys for the gradient table)


def _next_serial():
    global _serial
    _serial += 1
    return _serial


# ------------------------------------------------------------------ the Tensor
class Tensor:
    """An immutable NumPy array that the open tapes can follow.

    Make one with `constant`.  Arithmetic (``+ - * / @``, unary ``-``) works
    with tensors, NumPy arrays and Python numbers on either side; ``**`` takes
    a tensor base and a Python number as the exponent.
    """

    __array_ufunc__ = None  # make `ndarray * Tensor` call Tensor.__rmul__ instead of NumPy

    def __init__(self, value, *, name=None, _literal=False):
        value = np.asarray(value).view()
        value.flags.writeable = False   # a read-only view: the records rely on values not changing
        self.value = value
        self.name = name
        self._literal = _literal   # made from a Python number inside an expression
        self._id = _next_serial()

    # -- plain information
    @property
    def shape(self):
        return self.value.shape

    @property
    def ndim(self):
        return self.value.ndim

    @property
    def size(self):
        return self.value.size

    @property
    def dtype(self):
        return self.value.dtype

    def numpy(self):
        """A copy of the values, as a NumPy array."""
        return np.array(self.value, copy=True)

    def __float__(self):
        if self.value.size != 1:
            raise TypeError(f"only a tensor with one element converts to float; this one has shape {self.shape}")
        return float(self.value.reshape(()))

    def __len__(self):
        if self.ndim == 0:
            raise TypeError("a 0-d tensor has no len(); use float(t) or t.shape")
        return self.shape[0]

    def __repr__(self):
        body = np.array2string(self.value, precision=6, separator=", ", threshold=20)
        name = f", name={self.name!r}" if self.name else ""
        return f"Tensor({body}{name})"

    def __bool__(self):
        raise TypeError("a Tensor has no truth value; compare t.numpy() instead")

    def _no_comparison(self, other):
        raise TypeError("a Tensor cannot be compared with < <= > >= (a comparison has no gradient): for "
                        "max(0, t) use course.tape.relu(t); to compare the values, use t.numpy()")

    __lt__ = __le__ = __gt__ = __ge__ = _no_comparison

    def __array_function__(self, func, types, args, kwargs):   # np.sum(t), np.mean(t), ...
        name = func.__name__
        instead = f"course.tape.{name}(t)" if name in __all__ else "the operations of course.tape"
        raise TypeError(f"np.{name}() cannot record on the tape: use {instead} instead, "
                        f"or np.{name}(t.numpy()) for plain values without gradients")

    # -- arithmetic: each operator is one function below, with its backward rule
    def __add__(self, other):
        return add(self, other)

    def __radd__(self, other):
        return add(other, self)

    def __sub__(self, other):
        return subtract(self, other)

    def __rsub__(self, other):
        return subtract(other, self)

    def __mul__(self, other):
        return multiply(self, other)

    def __rmul__(self, other):
        return multiply(other, self)

    def __truediv__(self, other):
        return divide(self, other)

    def __rtruediv__(self, other):
        return divide(other, self)

    def __neg__(self):
        return negative(self)

    def __pow__(self, exponent):
        return power(self, exponent)

    def __rpow__(self, base):
        raise TypeError("number ** Tensor is not supported: write exp(log(number) * tensor) instead")

    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)

    def sum(self, axis=None, keepdims=False):
        """Sum over `axis` (None: every axis), like `ndarray.sum`."""
        return sum(self, axis=axis, keepdims=keepdims)

    def mean(self, axis=None, keepdims=False):
        """Mean over `axis` (None: every axis), like `ndarray.mean`."""
        return mean(self, axis=axis, keepdims=keepdims)

    @property
    def T(self):
        """The transpose (the axes in reverse order)."""
        return transpose(self)

    def reshape(self, *shape):
        """The same values in a new shape; ``t.reshape(2, 3)`` or ``t.reshape((2, 3))``."""
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return reshape(self, shape)


def constant(value, dtype=np.float64, name=None) -> Tensor:
    """A Tensor holding `value` (a number, list or array), float64 unless `dtype` says otherwise."""
    if isinstance(value, Tensor):
        value = value.value
    dtype = np.dtype(dtype)
    if not np.issubdtype(dtype, np.floating):
        raise ValueError(f"dtype must be a floating-point type (gradients are real numbers), got {dtype}")
    try:
        array = np.asarray(value)
    except (TypeError, ValueError) as err:
        raise TypeError(f"constant() needs a number, a list of numbers or an array, got "
                        f"{type(value).__name__}: {err}") from None
    if array.dtype.kind == "O" and all(isinstance(v, numbers.Real) for v in array.ravel()):
        array = array.astype(dtype)      # Python integers too large for int64, e.g. 10**30
    if array.dtype.kind not in "biuf":   # None, strings, complex numbers, lists holding None, ...
        got = "None" if value is None else f"{type(value).__name__} of dtype {array.dtype}"
        raise TypeError(f"constant() needs a number, a list of numbers or an array, got {got}")
    return Tensor(_cast(array, dtype, "constant()"), name=name)


def _cast(array, dtype, what):
    """`array` as `dtype`: NaN, or a finite value that the cast would turn into inf, is a ValueError."""
    if array.dtype.kind == "f" and np.isnan(array).any():
        raise ValueError(f"{what}: the value contains NaN; check the computation that produced it")
    with np.errstate(over="ignore"):
        out = array.astype(dtype)
    grew = np.isinf(out) & ~np.isinf(array) if array.dtype.kind == "f" else np.isinf(out)
    if grew.any():
        raise ValueError(f"{what}: {_first(array, grew)} is beyond {np.dtype(dtype).name}'s largest number "
                         f"({np.finfo(dtype).max:.3g}); scale it down or use float64")
    return out


def _lift(x, like=None) -> Tensor:
    """Turn a Python number or NumPy array into a Tensor (same dtype as `like` for numbers)."""
    if isinstance(x, Tensor):
        return x
    if isinstance(x, numbers.Real) and not isinstance(x, bool):
        dtype = like.dtype if isinstance(like, (Tensor, np.ndarray)) and like.dtype.kind == "f" else np.float64
        return Tensor(_cast(np.array(float(x)), dtype, "a number in the expression"), _literal=True)
    if isinstance(x, np.ndarray):  # copied, so that changing the array later cannot change the tape
        return Tensor(np.array(x, dtype=x.dtype if x.dtype.kind == "f" else np.float64))
    raise TypeError(f"expected a Tensor, a NumPy array or a number, got {type(x).__name__}")


# ---------------------------------------------------------------- the records
class Record:
    """One line of the Wengert list: ``output = op(inputs)`` and one backward rule per input.

    ``rules[i](g)`` takes the gradient of the output (a Tensor shaped like the
    output) and returns that input's share of it, before unbroadcasting.
    """

    __slots__ = ("op", "inputs", "output", "rules", "params")

    def __init__(self, op, inputs, output, rules, params=""):
        self.op, self.inputs, self.output, self.rules, self.params = op, inputs, output, rules, params

    def line(self, names):
        args = ", ".join([names(t) for t in self.inputs] + ([self.params] if self.params else []))
        text = f"{names(self.output)} = {self.op}({args})"
        shapes = ", ".join(str(t.shape) for t in self.inputs)
        return f"{text:<32} # {shapes} -> {self.output.shape}"

    def __repr__(self):
        return _Namer.lines([self])[0]


class _Namer:
    """Names tensors for printing: a tensor's own name, a number's value, else
    x0, x1, ... for inputs from outside the list and v1, v2, ... for results, in order."""

    def __init__(self, records):
        self.produced = {r.output._id for r in records}
        self.names = {}
        self.counts = {"x": 0, "v": 0}

    def __call__(self, t):
        if t.name:
            return t.name
        if t._literal:
            return f"{t.value.item():g}"
        if t._id not in self.names:
            prefix = "v" if t._id in self.produced else "x"
            self.counts[prefix] += 1
            self.names[t._id] = f"{prefix}{self.counts[prefix] - (prefix == 'x')}"
        return self.names[t._id]

    @classmethod
    def lines(cls, records):
        names = cls(records)
        return [r.line(names) for r in records]


class WengertList(list):
    """A list of `Record`s that prints as one line per operation."""

    def __repr__(self):
        if not self:
            return "(no records)"
        return "\n".join(_Namer.lines(self))

    __str__ = __repr__


def record(op, inputs, value, *rules, params=""):
    """Make an operation's output Tensor and append one `Record` to every open tape.

    Every operation below is built with it, and so is any you add yourself:
    `inputs` is a tuple of Tensors, `value` the NumPy result, and `rules` one
    function per input, ``g -> that input's gradient``, written with tape
    operations (so that an outer tape can differentiate the rule again).
    `params` is extra text for the printed line, e.g. ``"axis=0"``.
    """
    if len(rules) != len(inputs):
        raise ValueError(f"{op}: give one backward rule per input: {len(inputs)} inputs, {len(rules)} rules")
    if not all(isinstance(t, Tensor) for t in inputs):
        raise TypeError(f"{op}: the inputs must be Tensors (wrap numbers with constant())")
    if not all(callable(r) for r in rules):
        raise TypeError(f"{op}: each backward rule must be a function of the output's gradient g")
    value = np.asarray(value)
    if value.dtype.kind != "f":
        raise TypeError(f"{op}: the value must be an array of floats, got dtype {value.dtype}")
    out = Tensor(value)
    if _recording:
        rec = Record(op, inputs, out, rules, params)
        for tape in _recording:
            tape._append(rec)
    return out


def _check_broadcast(op, a, b):
    try:
        return np.broadcast_shapes(a.shape, b.shape)
    except ValueError:
        raise ValueError(f"{op}: shapes {a.shape} and {b.shape} do not broadcast together; "
                         f"make the trailing dimensions equal or 1 (reshape one of them)") from None


def _unbroadcast(g, shape):
    """Sum the gradient `g` down to `shape`, undoing NumPy broadcasting (recorded ops)."""
    if g.shape == shape:
        return g
    if _broadcastable(shape, g.shape):    # the input was broadcast: add up its copies
        lead = g.ndim - len(shape)
        axes = tuple(range(lead)) + tuple(lead + i for i, n in enumerate(shape)
                                          if n == 1 and g.shape[lead + i] != 1)
        g = sum(g, axis=axes) if axes else g
        return reshape(g, shape)
    if _broadcastable(g.shape, shape):    # a rule gave one value for many entries
        return broadcast_to(g, shape)
    return g                              # a wrong shape: the caller reports it


def _broadcastable(small, shape):
    """True when an array of shape `small` broadcasts to `shape`."""
    try:
        return np.broadcast_shapes(small, shape) == tuple(shape)
    except ValueError:
        return False


def _checked(op, compute, explain):
    """compute(), with NumPy's floating-point errors turned into one ValueError that says what to do.

    On its own NumPy only prints a RuntimeWarning and returns inf or nan, which
    then spreads silently into everything computed later, gradients included.
    `explain()` gives the message; it runs only when something went wrong.
    """
    try:
        with np.errstate(divide="raise", over="raise", invalid="raise"):
            return compute()
    except FloatingPointError:
        raise ValueError(f"{op}: {explain()}") from None


def _first(values, bad):
    """The first entry of `values` where `bad` holds, as text: "-2 at index (1, 3)", or "-2" for a 0-d array."""
    index = tuple(int(i) for i in np.argwhere(np.broadcast_to(bad, values.shape))[0])
    return f"{values[index]:g}" + (f" at index {index}" if values.ndim else "")


def _not_finite(*inputs):
    """The message for a sum, difference or product whose result overflowed or is undefined."""
    def explain():
        for t in inputs:
            if not np.all(np.isfinite(t.value)):
                return (f"an input is already {_first(t.value, ~np.isfinite(t.value))}, and inf - inf "
                        f"or 0 · inf has no value; find where that input became infinite")
        dtype = np.result_type(*(t.value for t in inputs))
        largest = max(float(np.max(np.abs(t.value), initial=0.0)) for t in inputs)
        return (f"the result overflows {dtype} (whose largest finite value is {np.finfo(dtype).max:.3g}); "
                f"the inputs reach {largest:.3g} in magnitude: scale them down (normalise the data, "
                f"or use a smaller learning rate)")
    return explain


# ---------------------------------------------------------------- operations
# Each operation computes its value with NumPy and records one rule per input:
# how the gradient g of the output becomes the gradient of that input.

def add(a, b):
    a, b = _lift(a, b), _lift(b, a)
    _check_broadcast("add", a, b)
    value = _checked("add", lambda: a.value + b.value, _not_finite(a, b))
    return record("add", (a, b), value,
                  lambda g: g,
                  lambda g: g)


def subtract(a, b):
    a, b = _lift(a, b), _lift(b, a)
    _check_broadcast("subtract", a, b)
    value = _checked("subtract", lambda: a.value - b.value, _not_finite(a, b))
    return record("sub", (a, b), value,
                  lambda g: g,
                  lambda g: -g)


def multiply(a, b):
    a, b = _lift(a, b), _lift(b, a)
    _check_broadcast("multiply", a, b)
    value = _checked("multiply", lambda: a.value * b.value, _not_finite(a, b))
    return record("mul", (a, b), value,
                  lambda g: g * b,
                  lambda g: g * a)


def divide(a, b):
    a, b = _lift(a, b), _lift(b, a)
    _check_broadcast("divide", a, b)
    value = _checked("divide", lambda: a.value / b.value, lambda: (
        f"division by zero: the divisor is {_first(b.value, b.value == 0)}; keep it away from 0 "
        f"(e.g. add a small epsilon)" if np.any(b.value == 0) else
        "the quotient overflows or is undefined (inf / inf?); check the scale of the inputs"))
    return record("div", (a, b), value,
                  lambda g: g / b,
                  lambda g: -g * (a / b) / b)   # not a / (b·b): b·b underflows to 0 for tiny b


def negative(a):
    a = _lift(a)
    return record("neg", (a,), -a.value,
                  lambda g: -g)


def power(a, p):
    a = _lift(a)
    if isinstance(p, Tensor) or not isinstance(p, numbers.Real) or isinstance(p, bool):
        raise TypeError(f"the exponent of ** must be a Python number, got {type(p).__name__}; "
                        f"for a tensor exponent write exp(log(base) * exponent)")
    p = float(p)
    if p == 0:   # a constant: p·a^(p-1) would give 0·inf = nan at a = 0
        return record("pow", (a,), np.ones_like(a.value), lambda g: g * 0.0, params="0")
    value = _checked("pow", lambda: a.value ** p, lambda: _power_problem(a.value, p))

    def rule(g):
        if 0 < p < 1 and np.any(a.value == 0):   # the slope of a root is infinite at 0
            raise ValueError(f"pow: the derivative of x ** {p:g} is infinite at x = 0, and x is "
                             f"{_first(a.value, a.value == 0)}; keep x away from 0, e.g. (x + 1e-12) ** {p:g}")
        return g * p * a ** (p - 1)
    return record("pow", (a,), value, rule, params=f"{p:g}")


def _power_problem(a, p):
    if p != round(p) and np.any(a < 0):
        return (f"x ** {p:g} needs x >= 0 (a fractional power of a negative number is not a real number), "
                f"got {_first(a, a < 0)}")
    if p < 0 and np.any(a == 0):
        return f"x ** {p:g} divides by zero at x = 0, got {_first(a, a == 0)}; keep x away from 0"
    if p < 0:   # then the smallest |x| is the one that overflows
        return (f"x ** {p:g} overflows {a.dtype} at x = {_first(a, np.abs(a) == np.nanmin(np.abs(a)))}; "
                f"keep x away from 0")
    return f"x ** {p:g} overflows {a.dtype} at x = {_first(a, np.abs(a) == np.nanmax(np.abs(a)))}; scale x down"


def matmul(a, b):
    """The matrix product a @ b of 1-D and 2-D tensors (vectors and matrices)."""
    a, b = _lift(a), _lift(b)
    if not (1 <= a.ndim <= 2 and 1 <= b.ndim <= 2):
        raise ValueError(f"matmul: shapes {a.shape} and {b.shape}: only vectors and matrices "
                         f"(1-D and 2-D tensors) are supported")
    if a.shape[-1] != b.shape[0]:
        raise ValueError(f"matmul: shapes {a.shape} and {b.shape} do not match: the last dimension "
                         f"of the left ({a.shape[-1]}) must equal the first of the right ({b.shape[0]})")
    value = _checked("matmul", lambda: a.value @ b.value, _not_finite(a, b))
    if a.ndim == 2 and b.ndim == 2:      # (n,k) @ (k,m)
        rules = (lambda g: g @ b.T, lambda g: a.T @ g)
    elif a.ndim == 1 and b.ndim == 2:    # (k,) @ (k,m) -> (m,)
        rules = (lambda g: b @ g, lambda g: reshape(a, (-1, 1)) @ reshape(g, (1, -1)))
    elif a.ndim == 2:                    # (n,k) @ (k,) -> (n,)
        rules = (lambda g: reshape(g, (-1, 1)) @ reshape(b, (1, -1)), lambda g: a.T @ g)
    else:                                # (k,) @ (k,) -> ()
        rules = (lambda g: g * b, lambda g: g * a)
    return record("matmul", (a, b), value, *rules)


def _normalize_axis(axis, ndim, op):
    if axis is None:
        return tuple(range(ndim))
    axes = axis if isinstance(axis, (tuple, list)) else (axis,)
    out = []
    for ax in axes:
        if isinstance(ax, bool) or not isinstance(ax, (int, np.integer)):
            raise TypeError(f"{op}: axis must be an integer, a tuple of integers or None, got {axis!r}")
        if not -ndim <= ax < ndim:
            raise ValueError(f"{op}: axis {ax} is out of range for a tensor with {ndim} dimensions")
        out.append(int(ax) % ndim)
    if len(set(out)) != len(out):
        raise ValueError(f"{op}: repeated axis in {axis!r}")
    return tuple(sorted(out))


def sum(x, axis=None, keepdims=False):
    """Sum of the elements over `axis` (None: all of them)."""
    x = _lift(x)
    axes = _normalize_axis(axis, x.ndim, "sum")
    kept = tuple(1 if i in axes else n for i, n in enumerate(x.shape))
    params = ", ".join(p for p in (f"axis={axis}" if axis is not None else "",
                                   "keepdims=True" if keepdims else "") if p)
    value = _checked("sum", lambda: x.value.sum(axis=axes, keepdims=keepdims), _not_finite(x))
    return record("sum", (x,), value,
                  lambda g: broadcast_to(reshape(g, kept), x.shape), params=params)


def mean(x, axis=None, keepdims=False):
    """Mean of the elements over `axis` (None: all of them): the sum divided by the count."""
    x = _lift(x)
    axes = _normalize_axis(axis, x.ndim, "mean")
    count = int(np.prod([x.shape[i] for i in axes])) if axes else 1
    if count == 0:
        raise ValueError(f"mean: the tensor of shape {x.shape} has no elements along axis {axis!r}")
    return sum(x, axis=axis, keepdims=keepdims) / count


def broadcast_to(x, shape):
    """`x` repeated along new or size-1 axes to `shape` (NumPy broadcasting, as an operation)."""
    x = _lift(x)
    shape = tuple(shape)
    if x.shape == shape:
        return x
    try:
        value = np.broadcast_to(x.value, shape)
    except ValueError:
        raise ValueError(f"broadcast_to: shape {x.shape} cannot be broadcast to {shape}") from None
    return record("broadcast_to", (x,), value,
                  lambda g: _unbroadcast(g, x.shape), params=f"{shape}")


def reshape(x, shape):
    """The same elements in a new shape (one dimension may be -1)."""
    x = _lift(x)
    try:
        value = x.value.reshape(shape)
    except (ValueError, TypeError):
        raise ValueError(f"reshape: cannot reshape a tensor of shape {x.shape} ({x.size} elements) "
                         f"into shape {shape}") from None
    if value.shape == x.shape:
        return x
    return record("reshape", (x,), value,
                  lambda g: reshape(g, x.shape), params=f"{value.shape}")


def transpose(x):
    """The axes in reverse order (the matrix transpose for 2-D tensors)."""
    x = _lift(x)
    return record("transpose", (x,), x.value.T,
                  lambda g: transpose(g))


def exp(x):
    """e to the power x, elementwise; d/dx e^x = e^x, the output itself."""
    x = _lift(x)
    value = _checked("exp", lambda: np.exp(x.value), lambda: (
        f"e^x overflows {x.dtype} for x above about {np.log(np.finfo(x.dtype).max):.1f}, got "
        f"{_first(x.value, x.value == np.nanmax(x.value))}; scale the input down, or use a stable "
        f"form (e.g. T.sigmoid(z) rather than 1 / (1 + T.exp(-z)))"))
    out = record("exp", (x,), value,
                 lambda g: g * out)
    return out


def log(x):
    """The natural logarithm, elementwise; d/dx ln x = 1/x."""
    x = _lift(x)
    value = _checked("log", lambda: np.log(x.value), lambda: (
        f"needs positive inputs (the log of 0 or a negative number is undefined), got "
        f"{_first(x.value, x.value <= 0)}. For the log of a sigmoid that rounded to 0 or 1, use "
        f"the softplus form: log σ(z) = -softplus(-z) and log(1 - σ(z)) = -softplus(z)"))
    return record("log", (x,), value,
                  lambda g: g / x)


def tanh(x):
    """The hyperbolic tangent, elementwise; d/dx tanh x = 1 - tanh² x."""
    x = _lift(x)
    out = record("tanh", (x,), np.tanh(x.value),
                 lambda g: g * (1.0 - out * out))
    return out


def sigmoid(x):
    """The logistic function, elementwise, without overflow; σ′ = σ(1 − σ)."""
    x = _lift(x)
    out = record("sigmoid", (x,), activations.sigmoid(x.value).astype(x.dtype, copy=False),
                 lambda g: g * out * (1.0 - out))
    return out


def relu(x):
    """max(0, x), elementwise; its derivative is 1 where x > 0 and 0 elsewhere (0 at the kink)."""
    x = _lift(x)
    return record("relu", (x,), np.maximum(x.value, 0.0),
                  lambda g: g * Tensor((x.value > 0).astype(x.dtype)))


# ------------------------------------------------------------------ the tape
class GradientTape:
    """Records the operations made while it is open; `gradient` replays them backwards.

    ``persistent=False`` (the default): one `gradient` call, after which the
    records are freed.  ``persistent=True``: call `gradient` as often as you like.
    """

    def __init__(self, persistent=False):
        self.persistent = bool(persistent)
        self._records = WengertList()
        self._watched = {}      # serial -> Tensor
        self._produced = set()  # serials of tensors that records on this tape produced
        self._used = False
        self._open = False

    # -- context manager
    def __enter__(self):
        if self._open:
            raise RuntimeError("this GradientTape is already open; make a new one for a nested tape")
        if self._used:
            raise RuntimeError("this GradientTape has already been used; make a new GradientTape()")
        self._open = True
        _recording.append(self)
        return self

    def __exit__(self, *exc):
        self._open = False
        if self in _recording:
            _recording.remove(self)
        return False

    def _append(self, record):
        self._records.append(record)
        self._produced.add(record.output._id)

    # -- the Wengert list
    @property
    def records(self):
        """The Wengert list: one `Record` per operation, in the order they ran."""
        return self._records

    def __repr__(self):
        head = (f"GradientTape(persistent={self.persistent}) with {len(self._records)} "
                f"record{'s' if len(self._records) != 1 else ''}")
        return head + ("\n" + repr(self._records) if self._records else "")

    def nbytes(self):
        """Bytes of array memory the records keep alive (each buffer counted once, views free)."""
        buffers = {}
        for rec in self._records:
            for t in (*rec.inputs, rec.output):
                owner = t.value.base if t.value.base is not None else t.value
                buffers[id(owner)] = owner.nbytes
        return _builtin_sum(buffers.values())

    # -- watching and differentiating
    def watch(self, tensor):
        """Mark a tensor made outside the tape (e.g. a weight) as something to differentiate by."""
        tensors = tensor if isinstance(tensor, (list, tuple)) else [tensor]
        for t in tensors:
            if not isinstance(t, Tensor):
                raise TypeError(f"watch() takes Tensors, got {type(t).__name__}; wrap arrays with "
                                f"course.tape.constant(...) first")
            self._watched[t._id] = t

    def _known(self, t):
        return t._id in self._watched or t._id in self._produced

    def gradient(self, target, sources):
        """d target / d source for each source: a Tensor, or a list for a list/tuple of sources.

        A non-scalar target is summed first.  A source the target does not
        depend on gets None.
        """
        if self._used and not self.persistent:
            raise RuntimeError("gradient() was already called on this non-persistent GradientTape, "
                               "which then freed its records; use GradientTape(persistent=True) to "
                               "call gradient() more than once")
        if not isinstance(target, Tensor):
            raise TypeError(f"the target must be a Tensor computed on the tape, got {type(target).__name__}")
        single = isinstance(sources, Tensor)
        source_list = [sources] if single else sources
        if not isinstance(source_list, (list, tuple)):
            raise TypeError(f"sources must be a Tensor or a list/tuple of Tensors, got {type(sources).__name__}")
        for i, s in enumerate(source_list):
            if not isinstance(s, Tensor):
                raise TypeError(f"source {i} is a {type(s).__name__}, not a Tensor")
            if not self._known(s):
                what = f"source {s.name!r}" if s.name else (f"source {i}" if not single else "the source")
                raise ValueError(f"{what} (shape {s.shape}) was never watched nor computed on this tape: "
                                 f"call tape.watch(x) inside the `with GradientTape() as tape:` block, "
                                 f"or compute it inside the block")
        if not self._known(target):
            raise ValueError(f"the target (shape {target.shape}) was not computed on this tape: compute "
                             f"it inside the `with GradientTape() as tape:` block")

        # The backward pass is not part of this tape's own list (outer tapes do record it).
        position = _recording.index(self) if self in _recording else None
        if position is not None:
            _recording.pop(position)
        try:
            grads = self._backward(target, [s._id for s in source_list])
        finally:
            if position is not None:
                _recording.insert(position, self)
        if not self.persistent:
            self._used = True
            self._records = WengertList()  # free the memory, as TensorFlow does
            self._watched, self._produced = {}, set()
            if self in _recording:
                _recording.remove(self)
        results = [grads.get(s._id) for s in source_list]
        return results[0] if single else results

    def _backward(self, target, source_ids):
        # Which tensors depend on a source?  Only their gradients are worth computing.
        needed = set(source_ids)
        for rec in self._records:
            if any(t._id in needed for t in rec.inputs):
                needed.add(rec.output._id)
        grads = {target._id: Tensor(np.ones_like(target.value), name="seed")}  # d target/d target; ones: summed
        for rec in reversed(self._records):
            g = grads.get(rec.output._id)
            if g is None:
                continue
            for inp, rule in zip(rec.inputs, rec.rules):
                if inp._id not in needed:
                    continue
                local = _lift(rule(g))
                contribution = _unbroadcast(local, inp.shape)
                if contribution.shape != inp.shape or not (local.shape == inp.shape
                                                          or _broadcastable(local.shape, rec.output.shape)):
                    raise ValueError(f"the backward rule of {rec.op} returned a gradient of shape "
                                     f"{local.shape} for an input of shape {inp.shape} (output shape "
                                     f"{rec.output.shape}); it must return the input's or the output's shape")
                previous = grads.get(inp._id)
                grads[inp._id] = contribution if previous is None else previous + contribution
        return grads


# ------------------------------------------------------- checking a gradient
def gradcheck(f, x, eps=1e-6, rtol=1e-5, atol=1e-8):
    """Compare the tape's gradient of sum(f(x)) with central finite differences.

    `f` maps a Tensor to a Tensor; `x` is a number or an array (float64).
    Returns ``(ok, largest_error)``: ok when every entry agrees within
    ``atol + rtol·|finite difference|``.
    """
    if not isinstance(eps, numbers.Real) or not 0 < eps < np.inf:
        raise ValueError(f"gradcheck: eps must be a positive finite step, got {eps!r}; "
                         f"the default 1e-6 suits float64")
    x0 = np.array(x.value if isinstance(x, Tensor) else x, dtype=np.float64)
    xt = constant(x0)
    with GradientTape() as tape:
        tape.watch(xt)
        y = f(xt)
    if not isinstance(y, Tensor):
        raise TypeError(f"gradcheck: f must return a Tensor, got {type(y).__name__}")
    g = tape.gradient(y, xt)
    g = np.zeros_like(x0) if g is None else g.numpy()
    fd = np.zeros_like(x0)
    for i in np.ndindex(x0.shape):
        step = np.zeros_like(x0)
        step[i] = eps
        fd[i] = (float(sum(f(constant(x0 + step)))) - float(sum(f(constant(x0 - step))))) / (2 * eps)
    error = np.abs(g - fd)
    return bool(np.all(error <= atol + rtol * np.abs(fd))), float(error.max(initial=0.0))


# ------------------------------------------------------------------ drawing
def draw_tape(records, ax=None, sources=None, target_label="C"):
    """Draw a (small) Wengert list as a graph, with a node for each gradient below it.

    Top row, left to right: the forward pass (inputs, then each operation's
    output).  Bottom row, right to left: the backward pass, one node ∂C/∂v per
    tensor that needs a gradient (those that depend on `sources`, if given).
    Returns the axes.
    """
    import matplotlib.pyplot as plt

    from .plotting import COLORS

    records = list(records.records if isinstance(records, GradientTape) else records)
    if not records:
        raise ValueError("draw_tape: the tape has no records; record some operations first")
    names = _Namer(records)
    pos, nodes = {}, []
    for i, rec in enumerate(records):   # outputs in tape order; inputs just before their first use
        leaves = [t for t in rec.inputs if not t._literal and t._id not in pos]
        for k, t in enumerate(leaves):
            pos[t._id] = (i + 0.5, 1.6 + 0.6 * k)
            nodes.append(t)
        pos[rec.output._id] = (i + 1, 1.0)
        nodes.append(rec.output)
    needed = {s._id for s in sources} if sources is not None else {t._id for t in nodes}
    for rec in records:
        if any(t._id in needed for t in rec.inputs):
            needed.add(rec.output._id)
    ops = {rec.output._id: rec.op for rec in records}
    right = max(x for x, _ in pos.values())
    if ax is None:
        width = 1.4 * right + 2
        _, ax = plt.subplots(figsize=(min(width, 12), 4.6))
    target_id = records[-1].output._id

    def node(xy, text, color):
        ax.annotate(text, xy, ha="center", va="center", fontsize=9, zorder=3,
                    bbox=dict(boxstyle="round,pad=0.3", fc=color, ec="black", lw=0.8))

    def arrow(a, b, color, bend=0.0):
        ax.annotate("", b, a, zorder=2, arrowprops=dict(arrowstyle="-|>", color=color, lw=1.1, shrinkA=14,
                                                         shrinkB=14, connectionstyle=f"arc3,rad={bend}"))

    for rec in records:
        for t in rec.inputs:
            if t._literal:
                continue
            g_in, g_out = pos[t._id], pos[rec.output._id]
            bend = -0.35 if g_in[1] == g_out[1] and g_out[0] - g_in[0] > 1 else 0.0   # arcs over skipped steps
            arrow(g_in, g_out, COLORS["blue"], bend)
            if t._id in needed and rec.output._id in needed:
                arrow((g_out[0], -g_out[1]), (g_in[0], -g_in[1]), COLORS["vermillion"], bend)
    for t in nodes:
        x, y = pos[t._id]
        label = names(t) + (f"\n{ops[t._id]}" if t._id in ops else "")
        node((x, y), label, COLORS["sky"] if t._id in ops else "white")
        if t._id in needed:
            g = "1" if t._id == target_id else f"∂{target_label}/∂{names(t)}"
            node((x, -y), g, "#F5C6A5")
            ax.plot([x, x], [y - 0.25, -y + 0.25], ls=":", color="0.6", lw=0.8, zorder=1)
    ys = [y for _, y in pos.values()]
    ax.set_xlim(min(x for x, _ in pos.values()) - 0.5, right + 0.5)
    ax.set_ylim(-max(ys) - 0.6, max(ys) + 0.6)
    ax.axhline(0, color="0.8", lw=0.8)
    left = min(x for x, _ in pos.values()) - 0.45
    ax.text(left, max(ys) + 0.45, "forward: record", fontsize=9, color=COLORS["blue"], va="top")
    ax.text(left, -max(ys) - 0.45, "backward: replay in reverse", fontsize=9, color=COLORS["vermillion"])
    ax.axis("off")
    return ax
