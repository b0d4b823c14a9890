"""course.activations: values, derivatives (against finite differences and torch), stability."""

import warnings

import numpy as np
import pytest
import torch

from course import activations as A

EXTREMES = [-1e308, -1e4, -710.0, -40.0, 0.0, 40.0, 710.0, 1e4, 1e308]


def test_step_is_strict():
    assert A.step(0.0) == 0 and A.step(1e-12) == 1 and A.step(-3) == 0
    assert A.step(1.0, threshold=1.0) == 0 and A.step(1.5, threshold=1.0) == 1
    np.testing.assert_array_equal(A.step(np.array([-1.0, 0.0, 2.0])), [0, 0, 1])
    assert A.step(np.array([-1.0, 2.0])).dtype.kind == "i"
    assert type(A.step(0.5)) is int and type(A.step(np.float64(-0.5))) is int   # as the module docstring says


@pytest.mark.parametrize("threshold", [np.nan, np.inf, -np.inf])
def test_step_refuses_a_non_finite_threshold(threshold):
    with pytest.raises(ValueError, match="threshold"):
        A.step(np.array([-1.0, 0.0, 2.0]), threshold=threshold)


@pytest.mark.parametrize("f", [A.step, A.sigmoid, A.sigmoid_prime, A.tanh, A.tanh_prime, A.relu, A.relu_prime])
@pytest.mark.parametrize("z", [1 + 2j, np.array([0.5 + 0j, -1 + 1j]), [1j]])
def test_complex_input_is_a_clear_error(f, z):
    with warnings.catch_warnings():
        warnings.simplefilter("error")                # no ComplexWarning, no silently dropped imaginary part
        with pytest.raises(TypeError, match="complex"):
            f(z)
    with pytest.raises(TypeError, match="threshold is complex"):
        A.step(1.0, threshold=1j)


@pytest.mark.parametrize("f,tf", [(A.sigmoid, torch.sigmoid), (A.tanh, torch.tanh), (A.relu, torch.relu)])
def test_values_match_torch(f, tf):
    z = np.linspace(-30, 30, 1001)
    np.testing.assert_allclose(f(z), tf(torch.from_numpy(z)).numpy(), rtol=1e-14, atol=1e-300)


@pytest.mark.parametrize("f,df", [(A.sigmoid, A.sigmoid_prime), (A.tanh, A.tanh_prime), (A.relu, A.relu_prime)])
def test_derivatives_match_finite_differences(f, df):
    z = np.linspace(-8, 8, 321) + 0.0123  # avoid ReLU's kink at exactly 0
    h = 1e-6
    fd = (f(z + h) - f(z - h)) / (2 * h)
    np.testing.assert_allclose(df(z), fd, rtol=1e-6, atol=1e-9)


def test_sigmoid_prime_peak_is_a_quarter_at_zero():
    z = np.linspace(-10, 10, 20001)
    assert A.sigmoid_prime(0.0) == 0.25
    assert z[np.argmax(A.sigmoid_prime(z))] == 0.0
    assert A.sigmoid_prime(z).max() <= 0.25


@pytest.mark.parametrize("f", [A.sigmoid, A.sigmoid_prime, A.tanh, A.tanh_prime, A.relu, A.relu_prime])
def test_no_overflow_or_nan_at_extremes(f):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        out = f(np.array(EXTREMES))
        for z in EXTREMES:
            assert np.isfinite(f(z))
    assert np.all(np.isfinite(out))


def test_sigmoid_limits_and_symmetry():
    assert A.sigmoid(1e308) == 1.0 and A.sigmoid(-1e308) == 0.0 and A.sigmoid(-1e4) == 0.0
    z = np.linspace(-50, 50, 101)
    np.testing.assert_allclose(A.sigmoid(z) + A.sigmoid(-z), 1.0, rtol=1e-15)
    assert A.sigmoid(-40.0) > 0  # the tail is resolved, not rounded to 0
    np.testing.assert_allclose(A.sigmoid(-40.0), np.exp(-40.0) / (1 + np.exp(-40.0)), rtol=1e-14)


@pytest.mark.parametrize("f", [A.sigmoid, A.sigmoid_prime, A.tanh, A.relu, A.relu_prime])
def test_same_shape_out(f):
    assert isinstance(f(0.5), float)
    for shape in [(3,), (2, 3), (2, 1, 4)]:
        assert f(np.zeros(shape)).shape == shape
    assert f([0.0, 1.0]).shape == (2,)


def test_nan_input_is_a_clear_error():
    with pytest.raises(ValueError, match="NaN"):
        A.sigmoid(np.array([0.0, np.nan]))
