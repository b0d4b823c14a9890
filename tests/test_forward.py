"""course.forward (dual numbers) against known derivatives, finite differences and the reverse-mode tape."""

import math

import numpy as np
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course import forward as F
from course import tape as T
from course.forward import Dual, derivative, gradient, jvp

SETTINGS = settings(max_examples=60, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])


@pytest.mark.parametrize("f, df, x", [
    (lambda x: x * x * x, lambda x: 3 * x * x, 1.7),
    (lambda x: 1 / x, lambda x: -1 / x**2, -0.6),
    (lambda x: 2 - x / 3 + 4 * x, lambda x: -1 / 3 + 4, 0.3),
    (lambda x: -x ** 2.5, lambda x: -2.5 * x ** 1.5, 1.3),
    (lambda x: F.exp(2 * x), lambda x: 2 * math.exp(2 * x), 0.4),
    (lambda x: F.log(x), lambda x: 1 / x, 2.5),
    (lambda x: F.tanh(x), lambda x: 1 - math.tanh(x) ** 2, -0.8),
    (lambda x: F.sigmoid(x), lambda x: math.exp(-x) / (1 + math.exp(-x)) ** 2, 0.9),
    (lambda x: F.relu(x) + F.relu(-x), lambda x: 1.0 if x > 0 else -1.0, -1.2),
    (lambda x: x ** 0, lambda x: 0.0, 0.0),
    (lambda x: 5.0, lambda x: 0.0, 1.0),
])
def test_derivative_of_elementary_functions(f, df, x):
    assert derivative(f, x) == pytest.approx(df(x), rel=1e-14, abs=1e-15)


def test_sigmoid_does_not_overflow():
    assert derivative(F.sigmoid, -1000.0) == 0.0
    assert derivative(F.sigmoid, 0.0) == 0.25


def _scalar_program(data):
    """A random function of one number, built from the elementary operations."""
    steps = data.draw(st.lists(st.sampled_from(
        ["add", "sub", "mul", "div", "radd", "rsub", "rmul", "rdiv", "neg", "square", "cube", "sqrt",
         "exp", "log", "tanh", "sigmoid", "relu"]), min_size=1, max_size=12), label="ops")
    consts = data.draw(st.lists(st.floats(0.3, 2.0), min_size=len(steps), max_size=len(steps)), label="c")
    picks = data.draw(st.lists(st.integers(0, 50), min_size=len(steps), max_size=len(steps)), label="reuse")

    def f(x, lib):
        nodes = [x]
        for op, c, pick in zip(steps, consts, picks):
            a, b = nodes[-1], nodes[pick % len(nodes)]      # b may be any earlier node: reuse
            safe = lambda v: 1 + v * v                       # a positive argument
            out = {"add": lambda: a + b, "sub": lambda: a - b, "mul": lambda: a * b,
                   "div": lambda: a / safe(b), "radd": lambda: c + a, "rsub": lambda: c - a,
                   "rmul": lambda: c * a, "rdiv": lambda: c / safe(a), "neg": lambda: -a,
                   "square": lambda: a ** 2, "cube": lambda: a ** 3, "sqrt": lambda: safe(a) ** 0.5,
                   "exp": lambda: lib.exp(lib.tanh(a)), "log": lambda: lib.log(safe(a)),
                   "tanh": lambda: lib.tanh(a), "sigmoid": lambda: lib.sigmoid(a),
                   "relu": lambda: lib.relu(a)}[op]()
            nodes.append(lib.tanh(out) if abs(float(_value(out))) > 10 else out)
        return nodes[-1]
    return f


def _value(v):
    return v.value if isinstance(v, Dual) else v.numpy()


@SETTINGS
@given(st.data(), st.floats(-2.0, 2.0))
def test_forward_mode_equals_reverse_mode_on_random_scalar_functions(data, x0):
    f = _scalar_program(data)
    forward = derivative(lambda x: f(x, F), x0)
    x = T.constant(x0)
    with T.GradientTape() as tape:
        tape.watch(x)
        y = f(x, T)
    g = tape.gradient(y, x)
    reverse = 0.0 if g is None else float(g)
    assert forward == pytest.approx(reverse, rel=1e-9, abs=1e-12)


def test_gradient_needs_one_pass_per_input_and_matches_the_tape():
    rng = np.random.default_rng(0)
    W = rng.normal(size=(5, 7))
    x0 = rng.normal(size=7)

    def f(x, lib):
        return lib.sum(lib.tanh(W @ x) ** 2) + lib.mean(lib.sigmoid(x) * x)

    g_fwd, passes = gradient(lambda x: f(x, F), x0, return_passes=True)
    assert passes == 7
    x = T.constant(x0)
    with T.GradientTape() as tape:
        tape.watch(x)
        y = f(x, T)
    np.testing.assert_allclose(g_fwd, tape.gradient(y, x).numpy(), rtol=1e-12, atol=1e-14)


def test_jvp_is_the_directional_derivative():
    rng = np.random.default_rng(1)
    A = rng.normal(size=(3, 4))
    x0, v = rng.normal(size=(4, 2)), rng.normal(size=(4, 2))

    def f(x):
        return F.exp(F.tanh(A @ x)).T.reshape(-1) / 2

    value, tangent = jvp(f, x0, v)
    eps = 1e-6
    fd = (f(x0 + eps * v) - f(x0 - eps * v)) / (2 * eps)
    np.testing.assert_allclose(value, f(x0), rtol=1e-15)
    np.testing.assert_allclose(tangent, fd, rtol=1e-7, atol=1e-9)


def test_matrix_product_rule_with_duals_on_both_sides():
    rng = np.random.default_rng(2)
    A, dA, B, dB = (rng.normal(size=(2, 2)) for _ in range(4))
    out = Dual(A, dA) @ Dual(B, dB)
    np.testing.assert_allclose(out.tangent, dA @ B + A @ dB, rtol=1e-14)
    out = A @ Dual(B, dB)                 # an array on the left is a constant
    np.testing.assert_allclose(out.tangent, A @ dB, rtol=1e-14)
    out = Dual(A, dA) @ B                 # and on the right
    np.testing.assert_allclose(out.tangent, dA @ B, rtol=1e-14)
    np.testing.assert_allclose(out.value, A @ B, rtol=1e-14)
    v = rng.normal(size=2)                # vectors: (2,2) @ (2,) and (2,) @ (2,2), a constant on either side
    np.testing.assert_allclose((A @ Dual(v, B[0])).tangent, A @ B[0], rtol=1e-14)
    np.testing.assert_allclose((Dual(v, B[0]) @ A).tangent, B[0] @ A, rtol=1e-14)


def test_errors():
    with pytest.raises(TypeError, match="real number"):
        derivative(F.exp, np.ones(2))
    with pytest.raises(ValueError, match="one number"):
        derivative(lambda x: x * np.ones(2), 1.0)
    with pytest.raises(ValueError, match="shape"):
        Dual(np.ones(3), np.ones(2))
    with pytest.raises(TypeError, match="exponent"):
        Dual(2.0, 1.0) ** Dual(1.0, 0.0)
    with pytest.raises(ValueError, match="direction"):
        jvp(F.exp, np.ones(2), np.ones(3))
    with pytest.raises(ValueError, match="negative"):
        F.log(Dual(-1.0, 1.0))
    with pytest.raises(TypeError, match="expected a Dual"):
        Dual(1.0, 1.0) + "x"


def test_f_must_return_a_number_or_a_dual():
    with pytest.raises(TypeError, match="derivative\\(\\): f returned None — did you forget `return`\\?"):
        derivative(lambda x: None, 1.0)
    with pytest.raises(TypeError, match="returned a value of type list; it must return one number"):
        derivative(lambda x: [x], 1.0)
    with pytest.raises(TypeError, match="returned a value of type ndarray"):
        derivative(lambda x: np.ones(2), 1.0)
    with pytest.raises(TypeError, match="gradient|jvp"):
        gradient(lambda x: None, [1.0, 2.0])
    assert derivative(lambda x: 3, 1.0) == 0.0          # a constant function is fine
    np.testing.assert_array_equal(gradient(lambda x: np.float64(2.0), [1.0, 2.0]), [0.0, 0.0])


def test_inputs_must_be_finite():
    with pytest.raises(ValueError, match=r"gradient\(\): x must be finite, got nan at index \(0,\)"):
        gradient(lambda x: F.sum(x * x), [np.nan, 1.0])
    with pytest.raises(ValueError, match=r"jvp\(\): x must be finite, got inf"):
        jvp(F.exp, np.array([1.0, np.inf]), np.ones(2))
    with pytest.raises(ValueError, match=r"derivative\(\): x must be finite"):
        derivative(F.exp, float("nan"))
    for bad in (np.nan, np.inf):   # a bad direction is named as such, not as an overflow
        with pytest.raises(ValueError, match=r"jvp\(\): the direction v must be finite"):
            jvp(lambda z: z * 2, np.array([1.0, 2.0]), np.array([bad, 1.0]))


def test_division_by_zero_and_overflow_are_clear_errors_not_warnings_or_inf():
    # Python floats (0-d duals) and NumPy arrays fail in different ways; both become one ValueError.
    with pytest.raises(ValueError, match=r"derivative\(\): evaluating f .*\(float division by zero\).*domain"):
        derivative(lambda x: 1 / x, 0.0)
    with pytest.raises(ValueError, match=r"derivative\(\): .*failed here \(a result out of range\)"):
        derivative(lambda x: x ** 2, 1e200)
    with pytest.raises(ValueError, match=r"derivative\(\): .*\(overflow encountered in exp\)"):
        derivative(F.exp, 1000.0)
    with pytest.raises(ValueError, match=r"gradient\(\): .*\(divide by zero encountered"):
        gradient(lambda x: F.sum(1 / x), [1.0, 0.0])
    with pytest.raises(ValueError, match=r"jvp\(\): .*\(overflow encountered in multiply\)"):
        jvp(lambda x: x * x, np.array([1e200, 1.0]), np.array([1.0, 0.0]))
    # A Python float product overflows to inf without a word; the result check catches it.
    with pytest.raises(ValueError, match=r"derivative\(\): f′\(x\) is not finite \(inf\).*overflowed"):
        derivative(lambda x: x * x * x, 1e200)
    assert derivative(lambda x: x * x, 1e200) == 2e200   # f overflows, but f′ = 2x does not: still an answer


def test_log_at_zero_is_an_error_not_a_warning():
    with pytest.raises(ValueError, match="log: needs positive inputs"):
        F.log(Dual(0.0, 1.0))
    with pytest.raises(ValueError, match="log: needs positive inputs"):
        F.log(Dual(np.array([1.0, 0.0]), np.ones(2)))


def test_comparisons_and_numpy_functions_point_to_course_forward():
    with pytest.raises(TypeError, match=r"cannot be compared.*course\.forward\.relu\(x\)"):
        derivative(lambda x: max(0, x), 1.0)
    with pytest.raises(TypeError, match=r"np\.sum\(\) does not carry the tangent: use course\.forward\.sum\(x\)"):
        np.sum(Dual(np.ones(2), np.ones(2)))


# -------------------------------- reductions along one axis, against torch's jvp and finite differences
@pytest.mark.parametrize("reduce, axis", [("mean", 0), ("sum", 1), ("mean", 1), ("sum", 0), ("mean", -1)])
@pytest.mark.parametrize("form", ["function", "method"])
def test_jvp_of_sum_and_mean_along_an_axis(reduce, axis, form):
    torch = pytest.importorskip("torch")
    rng = np.random.default_rng(5)
    x0, v = rng.normal(size=(3, 4)), rng.normal(size=(3, 4))

    def f(x):                           # tanh first, so the tangent is not just v
        t = F.tanh(x) * x
        return getattr(F, reduce)(t, axis=axis) if form == "function" else getattr(t, reduce)(axis=axis)

    value, tangent = jvp(f, x0, v)
    tvalue, ttangent = torch.autograd.functional.jvp(
        lambda x: getattr(torch, reduce)(torch.tanh(x) * x, dim=axis), torch.from_numpy(x0), torch.from_numpy(v))
    assert np.shape(tangent) == tuple(ttangent.shape)
    np.testing.assert_allclose(value, tvalue.numpy(), rtol=1e-14)
    np.testing.assert_allclose(tangent, ttangent.numpy(), rtol=1e-12, atol=1e-14)
    eps = 1e-6                          # and central finite differences, which need no library
    fd = (f(x0 + eps * v) - f(x0 - eps * v)) / (2 * eps)
    np.testing.assert_allclose(tangent, fd, rtol=1e-7, atol=1e-9)


def test_relu_tangent_at_exactly_zero_is_zero():
    torch = pytest.importorskip("torch")
    x0 = np.array([-1.0, -0.0, 0.0, 2.0])
    v = np.array([1.0, 2.0, 3.0, 4.0])
    _, tangent = jvp(F.relu, x0, v)
    _, ttangent = torch.autograd.functional.jvp(torch.relu, torch.from_numpy(x0), torch.from_numpy(v))
    np.testing.assert_array_equal(tangent, ttangent.numpy())
    np.testing.assert_array_equal(tangent, [0.0, 0.0, 0.0, 4.0])
