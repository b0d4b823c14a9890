"""Forward-mode automatic differentiation with dual numbers.

A dual number ``Dual(value, tangent)`` carries a value and, alongside it, the
derivative of that value along one chosen input direction.  Every elementary
operation updates both at once, by the chain rule:

    (u, u′) * (v, v′) = (u·v, u′·v + u·v′),     exp(u, u′) = (e^u, e^u·u′), ...

so one pass through a function f with ``Dual(x, 1)`` gives f(x) and f′(x)
together, and needs no tape: nothing is stored beyond the current values.  The
price: one pass gives the derivative along ONE direction.  The full gradient of
f: ℝⁿ → ℝ takes n passes (`gradient`), where reverse mode (`course.tape`) takes
one forward pass and one backward pass.

Values and tangents may be NumPy arrays of the same shape (elementwise duals),
so the same code differentiates vector functions along a direction (`jvp`).
"""

from __future__ import annotations

import numbers

import numpy as np

from . import activations

__all__ = ["Dual", "derivative", "jvp", "gradient", "exp", "log", "tanh", "sigmoid", "relu",
           "sum", "mean", "matmul"]


def _is_number(x):
    return isinstance(x, numbers.Real) and not isinstance(x, bool)


class Dual:
    """A value with its tangent (the derivative along one input direction)."""

    __array_ufunc__ = None  # make `ndarray @ Dual` call Dual.__rmatmul__ instead of NumPy

    def __init__(self, value, tangent=0.0):
        value = np.asarray(value, dtype=np.float64)
        tangent = np.asarray(tangent, dtype=np.float64)
        if tangent.shape != value.shape:
            try:
                tangent = np.broadcast_to(tangent, value.shape).copy()
            except ValueError:
                raise ValueError(f"Dual: the tangent's shape {tangent.shape} does not match the value's "
                                 f"shape {value.shape}") from None
        self.value = value if value.ndim else float(value)
        self.tangent = tangent if tangent.ndim else float(tangent)

    def __repr__(self):
        return f"Dual({self.value!r}, {self.tangent!r})"

    @property
    def shape(self):
        return np.shape(self.value)

    def _no_comparison(self, other):
        raise TypeError("a Dual cannot be compared with < <= > >= (a comparison has no derivative): for "
                        "max(0, x) use course.forward.relu(x); to branch on the value, compare x.value")

    __lt__ = __le__ = __gt__ = __ge__ = _no_comparison

    def __array_function__(self, func, types, args, kwargs):   # np.sum(x), np.mean(x), ...
        name = func.__name__
        instead = f"course.forward.{name}(x)" if name in __all__ else "the functions of course.forward"
        raise TypeError(f"np.{name}() does not carry the tangent: use {instead} instead, "
                        f"or np.{name}(x.value) for plain values")

    # -- arithmetic: the value part is ordinary; the tangent part is the chain rule
    def __add__(self, other):
        o = _lift(other)
        return Dual(self.value + o.value, self.tangent + o.tangent)

    __radd__ = __add__

    def __sub__(self, other):
        o = _lift(other)
        return Dual(self.value - o.value, self.tangent - o.tangent)

    def __rsub__(self, other):
        return _lift(other) - self

    def __mul__(self, other):
        o = _lift(other)
        return Dual(self.value * o.value, self.tangent * o.value + self.value * o.tangent)

    __rmul__ = __mul__

    def __truediv__(self, other):
        o = _lift(other)
        return Dual(self.value / o.value, (self.tangent * o.value - self.value * o.tangent) / (o.value * o.value))

    def __rtruediv__(self, other):
        return _lift(other) / self

    def __neg__(self):
        return Dual(-self.value, -self.tangent)

    def __pow__(self, p):
        if not _is_number(p):
            raise TypeError(f"the exponent of ** must be a Python number, got {type(p).__name__}")
        if p == 0:
            return Dual(np.ones_like(self.value), np.zeros_like(self.tangent))
        return Dual(self.value ** p, p * self.value ** (p - 1) * self.tangent)

    def __matmul__(self, other):
        return matmul(self, other)

    def __rmatmul__(self, other):
        return matmul(other, self)

    def sum(self, axis=None):
        return sum(self, axis)

    def mean(self, axis=None):
        return mean(self, axis)

    @property
    def T(self):
        return Dual(np.transpose(self.value), np.transpose(self.tangent))

    def reshape(self, *shape):
        if len(shape) == 1 and isinstance(shape[0], (tuple, list)):
            shape = tuple(shape[0])
        return Dual(np.reshape(self.value, shape), np.reshape(self.tangent, shape))


def _lift(x) -> Dual:
    """A number or array is a constant: its tangent is zero."""
    if isinstance(x, Dual):
        return x
    if _is_number(x) or isinstance(x, np.ndarray):
        return Dual(x, np.zeros_like(np.asarray(x, dtype=np.float64)))
    raise TypeError(f"expected a Dual, a NumPy array or a number, got {type(x).__name__}")


# ------------------------------------------------- elementary functions
# Each works on plain numbers and arrays too, so one function body serves both.

def exp(x):
    """e^x; tangent e^x · x′."""
    if not isinstance(x, Dual):
        return np.exp(x)
    e = np.exp(x.value)
    return Dual(e, e * x.tangent)


def log(x):
    """ln x; tangent x′ / x."""
    if not isinstance(x, Dual):
        return np.log(x)
    if np.any(np.asarray(x.value) <= 0):
        raise ValueError("log: needs positive inputs (the log of 0 or a negative number is undefined)")
    return Dual(np.log(x.value), x.tangent / x.value)


def tanh(x):
    """tanh x; tangent (1 − tanh² x) · x′."""
    if not isinstance(x, Dual):
        return np.tanh(x)
    t = np.tanh(x.value)
    return Dual(t, (1.0 - t * t) * x.tangent)


def sigmoid(x):
    """σ(x) without overflow; tangent σ(x)(1 − σ(x)) · x′."""
    if not isinstance(x, Dual):
        return activations.sigmoid(x)
    s = activations.sigmoid(x.value)
    return Dual(s, s * (1.0 - s) * x.tangent)


def relu(x):
    """max(0, x); tangent x′ where x > 0, else 0."""
    if not isinstance(x, Dual):
        return np.maximum(x, 0.0)
    return Dual(np.maximum(x.value, 0.0), np.where(np.asarray(x.value) > 0, x.tangent, 0.0))


_builtin_sum = sum


def sum(x, axis=None):
    """Sum over `axis`; the tangent of a sum is the sum of the tangents."""
    if not isinstance(x, Dual):
        return np.sum(x, axis=axis)
    return Dual(np.sum(x.value, axis=axis), np.sum(x.tangent, axis=axis))


def mean(x, axis=None):
    """Mean over `axis`; the tangent of a mean is the mean of the tangents."""
    if not isinstance(x, Dual):
        return np.mean(x, axis=axis)
    return Dual(np.mean(x.value, axis=axis), np.mean(x.tangent, axis=axis))


def matmul(a, b):
    """a @ b; tangent a′ @ b + a @ b′ (the product rule)."""
    if not isinstance(a, Dual) and not isinstance(b, Dual):
        return np.matmul(a, b)
    constant_a, constant_b = not isinstance(a, Dual), not isinstance(b, Dual)
    a, b = _lift(a), _lift(b)
    try:
        value = np.matmul(a.value, b.value)
    except ValueError:
        raise ValueError(f"matmul: shapes {np.shape(a.value)} and {np.shape(b.value)} do not match") from None
    if constant_a:       # a′ = 0: skip the product that could only give zeros
        return Dual(value, np.matmul(a.value, b.tangent))
    if constant_b:
        return Dual(value, np.matmul(a.tangent, b.value))
    return Dual(value, np.matmul(a.tangent, b.value) + np.matmul(a.value, b.tangent))


# ------------------------------------------------------- derivatives
def _check_finite(func, x, name="x"):
    """A derivative at nan or inf means nothing: refuse such an x (or direction) instead of returning nan."""
    if not np.all(np.isfinite(x)):
        raise ValueError(f"{func}: {name} must be finite, got {_first_bad(x)}; check how {name} was computed")


def _check_output(func, out, plain_ok, expected):
    """f must return a Dual, or a plain value (`plain_ok`) for a constant function; nothing else."""
    if out is None:
        raise TypeError(f"{func}: f returned None — did you forget `return`?")
    if not (isinstance(out, Dual) or plain_ok(out)):
        raise TypeError(f"{func}: f returned a value of type {type(out).__name__}; it must return {expected}")


def _evaluate(func, f, dual):
    """f(dual), with a division by zero, an overflow or an undefined value as one clear ValueError.

    Left alone, NumPy would print a RuntimeWarning and carry inf or nan on
    into the result; Python's own floats raise, but with no word on what to do.
    """
    try:
        with np.errstate(over="raise", divide="raise", invalid="raise"):
            return f(dual)
    except (FloatingPointError, ZeroDivisionError, OverflowError) as err:
        what = "a result out of range" if isinstance(err, OverflowError) else err   # Python's (34, '...')
        raise ValueError(f"{func}: evaluating f or its derivative failed here ({what}); check that x lies "
                         f"in f's domain (no division by zero, no log of 0) and scale large inputs "
                         f"down") from err


def _check_result(func, name, value):
    """A derivative that overflowed to inf (or became nan) is not an answer: say so."""
    if not np.all(np.isfinite(value)):
        raise ValueError(f"{func}: {name} is not finite ({_first_bad(value)}): the computation overflowed "
                         f"float64 (largest finite value 1.8e+308); scale the inputs down")


def _first_bad(value):
    """The first entry that is not finite, as text: "nan at index (0,)", or "inf" for a number."""
    value = np.asarray(value, dtype=np.float64)
    index = tuple(int(i) for i in np.argwhere(~np.isfinite(value))[0])
    return f"{value[index]}" + (f" at index {index}" if value.ndim else "")


def derivative(f, x):
    """f′(x) for a function of one real number, by one forward pass with Dual(x, 1)."""
    if not _is_number(x):
        raise TypeError(f"derivative() takes a real number x, got {type(x).__name__}; "
                        f"use gradient() or jvp() for arrays")
    _check_finite("derivative()", x)
    out = _evaluate("derivative()", f, Dual(float(x), 1.0))
    _check_output("derivative()", out, _is_number, "one number: a Dual, or a plain real number "
                  "for a constant function")
    if not isinstance(out, Dual):
        return 0.0   # f did not use its argument: a constant function
    if np.ndim(out.value) != 0:
        raise ValueError(f"derivative() needs f to return one number, got shape {np.shape(out.value)}")
    _check_result("derivative()", "f′(x)", out.tangent)
    return out.tangent


def jvp(f, x, v):
    """(f(x), J·v): the value and the derivative of f at x along the direction v, in one pass."""
    x = np.asarray(x, dtype=np.float64)
    v = np.asarray(v, dtype=np.float64)
    if x.shape != v.shape:
        raise ValueError(f"jvp: the direction's shape {v.shape} must equal x's shape {x.shape}")
    _check_finite("jvp()", x)
    _check_finite("jvp()", v, "the direction v")
    return _jvp(f, x, v)


def _jvp(f, x, v, func="jvp()"):
    """`jvp` for arguments already checked: gradient() makes n passes and checks x once."""
    out = _evaluate(func, f, Dual(x, v))
    _check_output(func, out, lambda o: _is_number(o) or isinstance(o, np.ndarray),
                  "a Dual, or a plain number or NumPy array for a constant function")
    if not isinstance(out, Dual):
        return out, np.zeros_like(np.asarray(out, dtype=np.float64))
    _check_result(func, "f(x)", out.value)
    _check_result(func, "the derivative J·v", out.tangent)
    return out.value, out.tangent


def gradient(f, x, *, return_passes=False):
    """The gradient of a scalar f: ℝⁿ → ℝ at x, by n forward passes (one per input).

    With ``return_passes=True`` it returns ``(gradient, number_of_passes)``.
    """
    x = np.asarray(x, dtype=np.float64)
    _check_finite("gradient()", x)
    grad = np.zeros_like(x)
    passes = 0
    for i in np.ndindex(x.shape):
        direction = np.zeros_like(x)
        direction[i] = 1.0
        value, slope = _jvp(f, x, direction, "gradient()")
        passes += 1
        if np.ndim(value) != 0:
            raise ValueError(f"gradient() needs f to return one number, got shape {np.shape(value)}")
        grad[i] = slope
    return (grad, passes) if return_passes else grad
