"""Activation functions and their derivatives, safe for any finite input.

`sigmoid` never overflows: for negative z it is computed as exp(z) / (1 + exp(z)),
for positive z as 1 / (1 + exp(-z)), so exp never sees a large positive argument.
Every function takes a real number or an array of them and returns the same shape:
a float for a number, except `step`, whose 0s and 1s are integers (an int for a
number).  NaN or complex input is an error.
"""

from __future__ import annotations

import numpy as np

__all__ = ["step", "sigmoid", "sigmoid_prime", "tanh", "tanh_prime", "relu", "relu_prime"]


def _as_float_array(z, name="z"):
    if np.iscomplexobj(z):
        raise TypeError(f"{name} is complex; these functions take real numbers (use z.real if the imaginary "
                        f"part is meant to be 0)")
    arr = np.asarray(z, dtype=np.float64)
    if np.isnan(arr).any():
        raise ValueError(f"{name} contains NaN; check the computation that produced it")
    return arr


def _like_input(z, result):
    """Return a Python float for scalar input, the array otherwise."""
    if np.ndim(z) == 0 and not isinstance(z, np.ndarray):
        return float(result)
    return result


def step(z, threshold=0.0):
    """The threshold unit's output: 1 where z > threshold, else 0 (as integers); the threshold must be finite."""
    arr, t = _as_float_array(z), _as_float_array(threshold, "threshold")
    if not np.isfinite(t).all():
        raise ValueError(f"threshold must be a finite number, got {threshold!r}")
    out = (arr > t).astype(np.int64)
    if np.ndim(z) == 0 and not isinstance(z, np.ndarray):
        return int(out)
    return out


def sigmoid(z):
    """The logistic function 1 / (1 + e^(-z)), with no overflow for any finite z."""
    arr = _as_float_array(z)
    # e = exp(-|z|) lies in (0, 1]: it can underflow to 0 but never overflow.
    e = np.exp(-np.abs(arr))
    out = np.where(arr >= 0, 1.0 / (1.0 + e), e / (1.0 + e))
    return _like_input(z, out)


def sigmoid_prime(z):
    """The derivative σ'(z) = σ(z)(1 - σ(z)); its largest value is 1/4, at z = 0."""
    arr = _as_float_array(z)
    # σ(z)(1-σ(z)) = e / (1 + e)^2 with e = exp(-|z|): exact for both signs.
    e = np.exp(-np.abs(arr))
    out = e / (1.0 + e) ** 2
    return _like_input(z, out)


def tanh(z):
    """The hyperbolic tangent, σ's zero-centred cousin: tanh(z) = 2σ(2z) - 1."""
    return _like_input(z, np.tanh(_as_float_array(z)))


def tanh_prime(z):
    """The derivative 1 - tanh(z)^2; its largest value is 1, at z = 0."""
    t = np.tanh(_as_float_array(z))
    return _like_input(z, 1.0 - t * t)


def relu(z):
    """The rectified linear unit max(0, z)."""
    return _like_input(z, np.maximum(_as_float_array(z), 0.0))


def relu_prime(z):
    """The derivative of ReLU: 1 for z > 0, 0 for z <= 0 (we take 0 at the kink)."""
    return _like_input(z, (_as_float_array(z) > 0).astype(np.float64))
