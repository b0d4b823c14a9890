"""course.tape against torch.autograd (float64) on random programs, plus the seed's examples and every error."""

import numpy as np
import pytest
import torch
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from course import tape as T
from course.tape import GradientTape, constant

SETTINGS = settings(max_examples=40, deadline=None, derandomize=True,
                    suppress_health_check=[HealthCheck.too_slow])

LEAF_SHAPES = [(3, 4), (4,), (1, 4), (3, 1), (), (4, 3), (3,)]
BINARY = ["add", "sub", "mul", "div"]
OPS = BINARY * 2 + ["number_left", "number_right", "array_left", "neg", "pow", "exp", "log", "tanh",
                    "sigmoid", "relu", "sum", "mean", "transpose", "reshape", "matmul", "matmul"]


def _broadcasts(s1, s2):
    try:
        np.broadcast_shapes(s1, s2)
        return True
    except ValueError:
        return False


def _positive(pair):
    """The node itself when it is safely positive, else 1 + node²: a safe argument for log, /, ** 0.5."""
    o, t = pair
    if np.all(o.numpy() > 0.1):
        return o, t
    return 1.0 + o * o, 1.0 + t * t


def _apply(op, pool, data, rng):
    """Apply `op` to nodes of the pool, on our tape and in torch, in lockstep."""
    i = data.draw(st.integers(0, len(pool) - 1), label="operand")
    a, ta = pool[i]
    if op in BINARY:
        partners = [j for j, (o, _) in enumerate(pool) if _broadcasts(o.shape, a.shape)]
        j = data.draw(st.sampled_from(partners), label="partner")   # j == i reuses a node
        b, tb = pool[j]
        if op == "add":
            return a + b, ta + tb
        if op == "sub":
            return a - b, ta - tb
        if op == "mul":
            return a * b, ta * tb
        b, tb = _positive((b, tb)) if not np.all(np.abs(b.numpy()) > 0.2) else (b, tb)
        return a / b, ta / tb
    if op in ("number_left", "number_right"):
        c = float(rng.uniform(-2, 2))
        kind = data.draw(st.sampled_from("+-*/"), label="number op")
        if kind == "/":
            a, ta = _positive((a, ta)) if not np.all(np.abs(a.numpy()) > 0.2) else (a, ta)
        ops = {"+": lambda x, y: x + y, "-": lambda x, y: x - y, "*": lambda x, y: x * y, "/": lambda x, y: x / y}
        f = ops[kind]
        return (f(c, a), f(c, ta)) if op == "number_left" else (f(a, c), f(ta, c))
    if op == "array_left":
        arr = rng.uniform(-1, 1, size=a.shape)
        return arr * a, torch.from_numpy(arr) * ta
    if op == "neg":
        return -a, -ta
    if op == "pow":
        p = data.draw(st.sampled_from([2, 3, 0.5, -1, 1.5]), label="exponent")
        if p not in (2, 3):
            a, ta = _positive((a, ta))
        return a ** p, ta ** p
    if op == "exp":
        return T.exp(a), torch.exp(ta)
    if op == "log":
        a, ta = _positive((a, ta))
        return T.log(a), torch.log(ta)
    if op == "tanh":
        return T.tanh(a), torch.tanh(ta)
    if op == "sigmoid":
        return T.sigmoid(a), torch.sigmoid(ta)
    if op == "relu":
        return T.relu(a), torch.relu(ta)
    if op in ("sum", "mean"):
        axes = None
        if a.ndim and data.draw(st.booleans(), label="with axis"):
            axes = data.draw(st.integers(-a.ndim, a.ndim - 1), label="axis")
        keep = data.draw(st.booleans(), label="keepdims")
        method = data.draw(st.booleans(), label="method or function")
        ours = getattr(a, op)(axis=axes, keepdims=keep) if method else getattr(T, op)(a, axis=axes, keepdims=keep)
        dims = tuple(range(ta.ndim)) if axes is None else (axes,)
        theirs = getattr(torch, op)(ta, dim=dims, keepdim=keep) if ta.ndim else ta * 1.0
        return ours, theirs
    if op == "transpose":
        # a tuple, not *args: permute() with no arguments is a TypeError for a 0-d tensor
        return a.T, ta.permute(tuple(reversed(range(ta.ndim))))
    if op == "reshape":
        shapes = [(a.size,), (1, a.size), (a.size, 1)] + ([a.shape[::-1]] if a.ndim == 2 else [])
        shape = data.draw(st.sampled_from(shapes), label="new shape")
        ours = a.reshape(shape)
        # reshaping to the same shape returns the very same Tensor (nothing recorded): mirror
        # that in torch, whose reshape would make a new (view) node with its own identity
        return ours, (ta if ours is a else ta.reshape(shape))
    if op == "matmul":
        if a.ndim == 0:
            return T.tanh(a), torch.tanh(ta)
        k = a.shape[-1]
        partners = [j for j, (o, _) in enumerate(pool) if o.ndim in (1, 2) and o.shape[0] == k]
        if partners and data.draw(st.booleans(), label="use a partner"):
            b, tb = pool[data.draw(st.sampled_from(partners), label="matmul partner")]
        elif a.ndim == 2:
            b, tb = a.T, ta.T
        else:
            b, tb = a, ta
        if data.draw(st.booleans(), label="function form"):
            return T.matmul(a, b), torch.matmul(ta, tb)
        return a @ b, ta @ tb
    raise AssertionError(op)


def _build(data, tape, n_steps=None):
    """Random leaves and a random program on them; returns the pool of (ours, torch) nodes."""
    seed = data.draw(st.integers(0, 2**32 - 1), label="seed")
    rng = np.random.default_rng(seed)
    shapes = data.draw(st.lists(st.sampled_from(LEAF_SHAPES), min_size=1, max_size=3), label="leaf shapes")
    pool = []
    for shape in shapes:
        v = rng.uniform(-1.5, 1.5, size=shape)
        ours = constant(v)
        tape.watch(ours)
        pool.append((ours, torch.tensor(v, dtype=torch.float64, requires_grad=True)))
    n_leaves = len(pool)
    n_steps = n_steps if n_steps is not None else data.draw(st.integers(1, 10), label="steps")
    for _ in range(n_steps):
        op = data.draw(st.sampled_from(OPS), label="op")
        o, t = _apply(op, pool, data, rng)
        if np.max(np.abs(o.numpy()), initial=0.0) > 10:   # keep values moderate: no overflow
            o, t = T.tanh(o), torch.tanh(t)
        np.testing.assert_allclose(o.numpy(), t.detach().numpy(), rtol=1e-12, atol=1e-12)
        pool.append((o, t))
    return pool, n_leaves


def _assert_same(ours, theirs, what):
    if theirs is None:
        assert ours is None, f"{what}: torch says unconnected, ours gave {ours}"
        return
    assert ours is not None, f"{what}: ours says unconnected, torch gives a gradient"
    t = theirs.detach().numpy()
    scale = max(1.0, float(np.max(np.abs(t), initial=0.0)))
    assert ours.shape == t.shape, f"{what}: shape {ours.shape} vs torch {t.shape}"
    np.testing.assert_allclose(ours.numpy(), t, rtol=1e-9, atol=1e-9 * scale, err_msg=what)


# ----------------------------------------------------------- property tests
@SETTINGS
@given(st.data())
def test_random_programs_match_torch_autograd(data):
    with GradientTape(persistent=True) as tape:
        pool, _ = _build(data, tape)
    target_index = data.draw(st.integers(0, len(pool) - 1), label="target")
    sources = data.draw(st.lists(st.integers(0, len(pool) - 1), min_size=1, max_size=4, unique=True),
                        label="sources")
    target, ttarget = pool[target_index]
    ours = tape.gradient(target, [pool[s][0] for s in sources])
    theirs = torch.autograd.grad(ttarget.sum(), [pool[s][1] for s in sources], allow_unused=True)
    for s, o, t in zip(sources, ours, theirs):
        _assert_same(o, t, f"d node{target_index} / d node{s}")


@SETTINGS
@given(st.data())
def test_nested_tapes_give_hessian_vector_products(data):
    with GradientTape() as outer:
        with GradientTape() as inner:
            pool, n_leaves = _build(data, inner)
        outer.watch([o for o, _ in pool[:n_leaves]])
        leaves = [o for o, _ in pool[:n_leaves]]
        tleaves = [t for _, t in pool[:n_leaves]]
        target, ttarget = pool[-1]
        grads = inner.gradient(target, leaves)
        rng = np.random.default_rng(0)
        vs = [rng.uniform(-1, 1, size=leaf.shape) for leaf in leaves]
        terms = [T.sum(g * v) for g, v in zip(grads, vs) if g is not None]
        s = terms[0] if terms else None
        for term in terms[1:]:
            s = s + term
    tgrads = torch.autograd.grad(ttarget.sum(), tleaves, create_graph=True, allow_unused=True)
    tterms = [(g * torch.from_numpy(v)).sum() for g, v in zip(tgrads, vs) if g is not None]
    assert len(terms) == len(tterms)
    if not terms:
        return
    hv = outer.gradient(s, leaves)
    ts = sum(tterms)
    thv = (torch.autograd.grad(ts, tleaves, allow_unused=True) if ts.requires_grad
           else [None] * len(tleaves))
    for k, (o, t) in enumerate(zip(hv, thv)):
        o = np.zeros(leaves[k].shape) if o is None else o.numpy()
        t = np.zeros(leaves[k].shape) if t is None else t.detach().numpy()
        scale = max(1.0, float(np.max(np.abs(t), initial=0.0)))
        np.testing.assert_allclose(o, t, rtol=1e-9, atol=1e-9 * scale, err_msg=f"H·v for leaf {k}")


# ------------------------------------------------------ the seed's examples
def test_seed_example_gradient_with_respect_to_an_intermediate():
    x = constant(np.ones((2, 2)))
    with GradientTape() as tape:
        tape.watch(x)
        y = T.sum(x)
        z = y * y
    dz_dy = tape.gradient(z, y)
    assert float(dz_dy) == 8.0            # 2y with y = 4


def test_seed_example_persistent_tape():
    x = constant(3.0)
    with GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = x * x
        z = y * y
    assert float(tape.gradient(z, x)) == 108.0   # 4x³
    assert float(tape.gradient(y, x)) == 6.0     # 2x


def test_second_gradient_call_on_a_non_persistent_tape_is_an_error():
    x = constant(3.0)
    with GradientTape() as tape:
        tape.watch(x)
        y = x * x
    assert float(tape.gradient(y, x)) == 6.0
    assert len(tape.records) == 0                 # memory released after the first call
    with pytest.raises(RuntimeError, match=r"persistent=True"):
        tape.gradient(y, x)


def test_third_derivative_with_three_nested_tapes():
    x = constant(2.0)
    with GradientTape() as t3:
        t3.watch(x)
        with GradientTape() as t2:
            t2.watch(x)
            with GradientTape() as t1:
                t1.watch(x)
                y = x ** 4
            d1 = t1.gradient(y, x)
        d2 = t2.gradient(d1, x)
    d3 = t3.gradient(d2, x)
    assert (float(d1), float(d2), float(d3)) == (4 * 8.0, 12 * 4.0, 24 * 2.0)


# ----------------------------------------------------------- semantics
def test_reused_node():
    a = constant([1.0, -2.0, 0.5])
    with GradientTape() as tape:
        tape.watch(a)
        b = a + a
        c = b * b                      # c = 4a², dc/da = 8a
    np.testing.assert_array_equal(tape.gradient(c, a).numpy(), 8 * a.numpy())


def test_unconnected_source_gets_none_and_list_in_list_out():
    x, w = constant(2.0), constant(5.0)
    with GradientTape() as tape:
        tape.watch([x, w])
        y = T.exp(x)
    gx, gw = tape.gradient(y, [x, w])
    assert gw is None
    assert float(gx) == pytest.approx(np.exp(2.0), rel=1e-15)
    with GradientTape() as tape:
        tape.watch(x)
        y = x * 3
    assert isinstance(tape.gradient(y, (x,)), list)


def test_non_scalar_target_is_summed():
    rng = np.random.default_rng(1)
    W, v = constant(rng.normal(size=(3, 4))), constant(rng.normal(size=4))
    with GradientTape(persistent=True) as tape:
        tape.watch(W)
        y = T.tanh(W @ v)
        total = T.sum(y)
    np.testing.assert_array_equal(tape.gradient(y, W).numpy(), tape.gradient(total, W).numpy())


def test_gradient_reduces_to_each_broadcast_input_shape():
    rng = np.random.default_rng(2)
    a, b, c = constant(rng.normal(size=(3, 1))), constant(rng.normal(size=(4,))), constant(1.5)
    with GradientTape() as tape:
        tape.watch([a, b, c])
        y = a * b + c                  # (3, 4)
    ga, gb, gc = tape.gradient(y, [a, b, c])
    assert (ga.shape, gb.shape, gc.shape) == ((3, 1), (4,), ())
    np.testing.assert_allclose(ga.numpy(), np.full((3, 1), b.numpy().sum()), rtol=1e-14)
    np.testing.assert_allclose(gb.numpy(), np.full(4, a.numpy().sum()), rtol=1e-14)
    assert float(gc) == 12.0


def test_gradients_match_central_finite_differences():
    rng = np.random.default_rng(3)
    x0 = rng.normal(size=(2, 3))
    W = rng.normal(size=(3, 2))

    def f(x):
        h = T.sigmoid(x @ W) / (1 + x.mean(axis=1, keepdims=True) ** 2)
        return T.log(1 + T.exp(h)).sum() - T.relu(x - 0.1).T.reshape(-1).sum() ** 0.5

    x = constant(x0)
    with GradientTape() as tape:
        tape.watch(x)
        y = f(x)
    g = tape.gradient(y, x).numpy()
    eps, fd = 1e-6, np.zeros_like(x0)
    for i in np.ndindex(x0.shape):
        d = np.zeros_like(x0)
        d[i] = eps
        fd[i] = (float(f(constant(x0 + d))) - float(f(constant(x0 - d)))) / (2 * eps)
    np.testing.assert_allclose(g, fd, rtol=1e-6, atol=1e-8)


def test_sigmoid_is_stable_for_huge_inputs():
    x = constant([-1000.0, 0.0, 1000.0])
    with GradientTape() as tape:
        tape.watch(x)
        y = T.sigmoid(x)
    np.testing.assert_array_equal(y.numpy(), [0.0, 0.5, 1.0])
    np.testing.assert_array_equal(tape.gradient(y, x).numpy(), [0.0, 0.25, 0.0])


def test_nothing_is_recorded_outside_a_tape_and_tapes_only_record_while_open():
    x = constant(1.0)
    with GradientTape() as tape:
        tape.watch(x)
        y = x * 2
    z = y * 3                            # after the block: not recorded
    assert len(tape.records) == 1
    with pytest.raises(ValueError, match="not computed on this tape"):
        tape.gradient(z, x)


def test_records_print_as_a_wengert_list():
    x = constant([[1.0, 2.0], [3.0, 4.0]], name="x")
    with GradientTape() as tape:
        tape.watch(x)
        y = T.sum(x * x)
        z = y / 2
    lines = str(tape.records).splitlines()
    assert lines == ["v1 = mul(x, x)                   # (2, 2), (2, 2) -> (2, 2)",
                     "v2 = sum(v1)                     # (2, 2) -> ()",
                     "v3 = div(v2, 2)                  # (), () -> ()"]
    assert repr(tape).splitlines()[1:] == lines
    assert "3 records" in repr(tape)


def test_memory_of_the_tape_counts_the_arrays_it_keeps():
    x = constant(np.ones(1000))
    with GradientTape() as tape:
        tape.watch(x)
        y = T.exp(x)          # keeps x and y: 2 arrays of 8000 bytes
        T.sum(y)              # keeps a scalar
    assert tape.nbytes() == 8000 + 8000 + 8


def test_float32_stays_float32():
    x = constant([1.0, 2.0], dtype=np.float32)
    with GradientTape() as tape:
        tape.watch(x)
        y = T.sum(T.sigmoid(x * 2.0) + 1)
    assert y.dtype == np.float32 and tape.gradient(y, x).dtype == np.float32


def test_tensor_basics():
    t = constant([[1, 2, 3]])
    assert t.dtype == np.float64 and t.shape == (1, 3) and t.ndim == 2 and t.size == 3 and len(t) == 1
    arr = t.numpy()
    arr[0, 0] = 99                       # a copy: the tensor is unchanged
    assert t.numpy()[0, 0] == 1.0
    assert "Tensor(" in repr(t)
    assert float(constant([[2.5]])) == 2.5


# ---------------------------------------------------------------- errors
@pytest.mark.parametrize("op, name", [(lambda a, b: a + b, "add"), (lambda a, b: a - b, "subtract"),
                                      (lambda a, b: a * b, "multiply"), (lambda a, b: a / b, "divide")])
def test_shape_mismatch_names_the_operation_and_both_shapes(op, name):
    with pytest.raises(ValueError, match=rf"{name}: shapes \(2, 3\) and \(4,\)"):
        op(constant(np.ones((2, 3))), constant(np.ones(4)))


def test_matmul_and_reshape_shape_errors():
    with pytest.raises(ValueError, match=r"matmul: shapes \(2, 3\) and \(4, 5\)"):
        constant(np.ones((2, 3))) @ constant(np.ones((4, 5)))
    with pytest.raises(ValueError, match=r"matmul: shapes \(2, 2, 2\) and \(2,\)"):
        T.matmul(constant(np.ones((2, 2, 2))), constant(np.ones(2)))
    with pytest.raises(ValueError, match=r"reshape: .*shape \(2, 3\).*\(4, 2\)"):
        constant(np.ones((2, 3))).reshape(4, 2)
    with pytest.raises(ValueError, match="axis 2 is out of range"):
        constant(np.ones((2, 3))).sum(axis=2)


def test_unwatched_source_says_to_watch_it():
    x, w = constant(1.0), constant(2.0, name="w")
    with GradientTape() as tape:
        tape.watch(x)
        y = x * w
    with pytest.raises(ValueError, match=r"'w'.*never watched.*tape\.watch\(x\)"):
        tape.gradient(y, [x, w])


def test_bad_arguments_are_type_errors():
    x = constant(2.0)
    with GradientTape() as tape:
        with pytest.raises(TypeError, match="wrap arrays with"):
            tape.watch(np.ones(3))
        tape.watch(x)
        y = x * x
        with pytest.raises(TypeError, match="exponent"):
            x ** constant(2.0)
        with pytest.raises(TypeError, match="exp\\(log"):
            2.0 ** x
        with pytest.raises(TypeError, match="expected a Tensor"):
            x + "1"
    with pytest.raises(TypeError, match="target must be a Tensor"):
        tape.gradient(3.0, x)
    with pytest.raises(TypeError, match="sources must be"):
        tape.gradient(y, {x})
    with pytest.raises(ValueError, match="floating-point"):
        constant([1, 2], dtype=np.int64)
    with pytest.raises(ValueError, match="log: .*negative"):
        T.log(constant([-1.0]))
    with pytest.raises(TypeError, match="truth value"):
        bool(x)


def test_float_errors_are_clear_value_errors_not_warnings_and_inf_or_nan():
    # pytest's -W error is not needed: each case would otherwise return inf or nan with a RuntimeWarning
    with pytest.raises(ValueError, match=r"log: needs positive inputs.*got 0\. .*softplus"):
        -T.log(T.sigmoid(constant(-800.0)))
    with pytest.raises(ValueError, match=r"log: .*got -2 at index \(1,\)"):
        T.log(constant([1.0, -2.0]))
    with pytest.raises(ValueError, match=r"divide: division by zero: the divisor is 0 at index \(1,\)"):
        constant([1.0, 1.0]) / constant([2.0, 0.0])
    with pytest.raises(ValueError, match="divide: division by zero"):
        constant(0.0) / 0
    with pytest.raises(ValueError, match=r"pow: x \*\* 0\.5 needs x >= 0.*got -1"):
        constant(-1.0) ** 0.5
    with pytest.raises(ValueError, match=r"pow: x \*\* -1 divides by zero"):
        constant([0.0, 1.0]) ** -1
    with pytest.raises(ValueError, match=r"exp: e\^x overflows float64 for x above about 709\.8, got 1000"):
        T.exp(constant(1000.0))
    with pytest.raises(ValueError, match="exp: e\\^x overflows float32"):
        T.exp(constant(100.0, dtype=np.float32))
    x = constant([0.0, 4.0])              # √x is fine at 0, its derivative is not
    with GradientTape() as tape:
        tape.watch(x)
        y = x ** 0.5
    np.testing.assert_array_equal(y.numpy(), [0.0, 2.0])
    with pytest.raises(ValueError, match=r"pow: the derivative of x \*\* 0\.5 is infinite at x = 0.*index \(0,\)"):
        tape.gradient(y, x)


def test_overflow_in_sums_products_and_matmul_is_a_clear_value_error():
    # Without the check each returns inf (or nan) with only a RuntimeWarning.
    big = constant([1e200, 1.0])
    with pytest.raises(ValueError, match=r"multiply: the result overflows float64 .*reach 1e\+200.*scale them down"):
        big * big
    with pytest.raises(ValueError, match=r"add: the result overflows float64"):
        constant(1e308) + 1e308
    with pytest.raises(ValueError, match=r"subtract: the result overflows"):
        constant(-1e308) - 1e308
    with pytest.raises(ValueError, match=r"sum: the result overflows"):
        T.sum(constant([1e308, 1e308]))
    with pytest.raises(ValueError, match=r"mean: the result overflows|sum: the result overflows"):
        T.mean(constant([1e308, 1e308]))
    with pytest.raises(ValueError, match=r"matmul: the result overflows"):
        constant(np.full((2, 2), 1e200)) @ constant(np.full((2, 2), 1e200))
    with pytest.raises(ValueError, match=r"subtract: an input is already inf.*became infinite"):
        constant(np.inf) - constant(np.inf)
    # in the backward pass too: y = x·c is finite, but dy/dc = x times a huge seed is not
    x, c = constant(1e300), constant(1e-300)
    with GradientTape() as tape:
        tape.watch([x, c])
        y = x * c * 1e300
    with pytest.raises(ValueError, match="multiply: the result overflows"):
        tape.gradient(y, c)
    # what already was inf stays inf (no new overflow), and underflow to 0 is not an error
    assert (constant(np.inf) + 1.0).numpy() == np.inf
    assert (constant(1e-200) * 1e-200).numpy() == 0.0


def test_nan_and_values_beyond_float32_are_refused_when_they_enter_the_tape():
    with pytest.raises(ValueError, match="constant\\(\\): the value contains NaN"):
        constant([1.0, np.nan])
    with pytest.raises(ValueError, match=r"constant\(\): 1e\+300 is beyond float32's largest number"):
        constant(1e300, dtype=np.float32)
    with pytest.raises(ValueError, match=r"a number in the expression: 1e\+40 is beyond float32's"):
        constant([1.0, 2.0], dtype=np.float32) * 1e40
    assert constant(3.0, dtype=np.float32).dtype == np.float32 and constant(np.inf).numpy() == np.inf


def test_valid_edge_cases_of_log_exp_pow_and_divide_still_work():
    x = constant([-700.0, 0.0, 700.0])
    with GradientTape() as tape:
        tape.watch(x)
        y = T.exp(x) + T.log(T.sigmoid(x) + 1e-300) + x ** 2 - x ** 3 + 1 / (1 + x * x)
    assert np.all(np.isfinite(tape.gradient(y, x).numpy()))
    z = constant([0.0, 2.0])
    with GradientTape() as tape:
        tape.watch(z)
        y = z ** 1.5 + z ** 0 + z ** 2
    np.testing.assert_allclose(tape.gradient(y, z).numpy(), [0.0, 1.5 * 2 ** 0.5 + 4.0])


def test_constant_and_gradcheck_reject_bad_arguments():
    with pytest.raises(TypeError, match="constant\\(\\) needs a number.*got None"):
        constant(None)
    with pytest.raises(TypeError, match="got list of dtype object"):
        constant([1.0, None])
    with pytest.raises(TypeError, match="got str"):
        constant("1.5")
    with pytest.raises(TypeError, match="got complex"):
        constant(1j)
    for eps in (0, -1e-6, float("nan"), float("inf")):
        with pytest.raises(ValueError, match="gradcheck: eps must be a positive finite step"):
            T.gradcheck(lambda t: t * t, 1.0, eps=eps)


def test_comparisons_and_numpy_functions_point_to_the_tape_operations():
    x = constant([1.0, -2.0])
    with pytest.raises(TypeError, match=r"cannot be compared.*course\.tape\.relu\(t\)"):
        max(0, constant(1.0))
    with pytest.raises(TypeError, match="cannot be compared"):
        x < 0
    with pytest.raises(TypeError, match=r"np\.sum\(\) cannot record on the tape: use course\.tape\.sum\(t\)"):
        np.sum(x)
    with pytest.raises(TypeError, match=r"np\.mean\(\).*course\.tape\.mean\(t\)"):
        np.mean(x)
    assert {x: 1}[x] == 1               # tensors stay usable as dictionary keys (the notebook's replay)


def test_a_tape_cannot_be_reopened():
    tape = GradientTape()
    with tape:
        with pytest.raises(RuntimeError, match="already open"):
            tape.__enter__()
    x = constant(1.0)
    with tape:
        tape.watch(x)
        y = x + 1
    tape.gradient(y, x)
    with pytest.raises(RuntimeError, match="already been used"):
        with tape:
            pass


# ------------------------------------------------ new operations and chapter 3
def test_record_builds_a_new_operation_with_its_rule():
    def softplus(x):
        return T.record("softplus", (x,), np.logaddexp(0.0, x.value), lambda g: g * T.sigmoid(x))

    x = constant([-40.0, -1.0, 0.0, 2.0, 40.0])
    with GradientTape() as outer:
        outer.watch(x)
        with GradientTape() as inner:
            inner.watch(x)
            y = softplus(x)
        g = inner.gradient(y, x)
    h = outer.gradient(g, x)
    s = 1 / (1 + np.exp(-x.numpy()))
    np.testing.assert_allclose(g.numpy(), s, rtol=1e-15)
    np.testing.assert_allclose(h.numpy(), s * (1 - s), rtol=1e-12, atol=1e-300)
    with GradientTape() as tape:
        softplus(x)
    assert str(tape.records) == "v1 = softplus(x0)                # (5,) -> (5,)"


def test_gradcheck_accepts_a_right_rule_and_rejects_a_wrong_one():
    def square_right(x):
        return T.record("square", (x,), x.value ** 2, lambda g: 2.0 * g * x)

    def square_wrong(x):
        return T.record("square", (x,), x.value ** 2, lambda g: g * x)

    xs = np.linspace(-2, 2, 7)
    ok, err = T.gradcheck(square_right, xs)
    assert ok and err < 1e-8
    ok, err = T.gradcheck(square_wrong, xs)
    assert not ok and err == pytest.approx(2.0, rel=1e-6)   # |2x - x| at x = ±2
    assert T.gradcheck(lambda x: T.tanh(x) * T.exp(x).mean(), np.array([[0.3, -0.2], [1.0, 0.1]]))[0]


def test_record_rejects_malformed_operations():
    x = constant(1.0)
    with pytest.raises(ValueError, match="one backward rule per input"):
        T.record("twice", (x,), 2 * x.value)
    with pytest.raises(TypeError, match="inputs must be Tensors"):
        T.record("twice", (1.0,), 2.0, lambda g: g)
    with GradientTape() as tape:
        tape.watch(x)
        y = T.record("bad", (x,), np.array(2.0), lambda g: T.constant(np.ones(3)))
    with pytest.raises(ValueError, match=r"backward rule of bad returned a gradient of shape \(3,\)"):
        tape.gradient(y, x)


@pytest.mark.parametrize("cost", ["cross_entropy", "quadratic"])
@pytest.mark.parametrize("sizes", [[6, 5, 3], [7, 4, 4, 2]])
def test_tape_gradients_equal_course_network_backprop(sizes, cost):
    network = pytest.importorskip("course.network")
    net = network.Network(sizes, cost=cost, init="scaled", seed=3)
    rng = np.random.default_rng(4)
    X, Y = rng.normal(size=(9, sizes[0])), rng.uniform(0, 1, size=(9, sizes[-1]))
    Ws, bs = [constant(W) for W in net.weights], [constant(b) for b in net.biases]
    with GradientTape() as tape:
        tape.watch(Ws + bs)
        a = constant(X)
        for W, b in zip(Ws, bs):
            a = T.sigmoid(a @ W.T + b)
        if cost == "cross_entropy":
            per_example = -T.sum(Y * T.log(a) + (1 - Y) * T.log(1 - a), axis=1)
        else:
            per_example = 0.5 * T.sum((a - Y) ** 2, axis=1)
        loss = T.mean(per_example)
    grads = tape.gradient(loss, Ws + bs)
    grads_w, grads_b = net.backprop(X, Y)
    assert float(loss) == pytest.approx(net.cost(X, Y), rel=1e-12)
    for ours, theirs in zip(grads, list(grads_w) + list(grads_b)):
        np.testing.assert_allclose(ours.numpy(), theirs, rtol=0, atol=1e-10)


def test_draw_tape_draws_forward_and_gradient_nodes():
    import matplotlib.pyplot as plt

    W, x = constant(np.ones((2, 3)), name="W"), constant(np.ones(3), name="x")
    with GradientTape() as tape:
        tape.watch(W)
        C = T.sum(T.relu(W @ x))
    ax = T.draw_tape(tape, sources=[W])
    texts = {t.get_text() for t in ax.texts}
    assert {"W", "x", "∂C/∂W", "1"} <= texts and "∂C/∂x" not in texts
    plt.close(ax.figure)
    with pytest.raises(ValueError, match="no records"):
        T.draw_tape(GradientTape())


# ------------------------------------- backward rules against torch.autograd, one at a time
def _torch_leaves(*arrays):
    return [torch.tensor(a, dtype=torch.float64, requires_grad=True) for a in arrays]


def _ours_and_hvp(f, arrays, vs):
    """Gradient of sum(f(*xs)) and the Hessian-vector product Σ_k ∂/∂x (grad_k · v_k), with nested tapes."""
    xs = [constant(a) for a in arrays]
    with GradientTape() as outer:
        outer.watch(xs)
        with GradientTape() as inner:
            inner.watch(xs)
            y = f(*xs)
        grads = inner.gradient(y, xs)
        s = T.sum(grads[0] * vs[0])
        for g, v in zip(grads[1:], vs[1:]):
            s = s + T.sum(g * v)
    return y, grads, outer.gradient(s, xs)


def _torch_and_hvp(f, arrays, vs):
    ts = _torch_leaves(*arrays)
    y = f(*ts)
    grads = torch.autograd.grad(y.sum(), ts, create_graph=True)
    s = sum((g * torch.from_numpy(v)).sum() for g, v in zip(grads, vs))
    return y, grads, torch.autograd.grad(s, ts)


@pytest.mark.parametrize("shape_a, shape_b", [((3, 4), (4, 2)), ((4,), (4, 2)), ((3, 4), (4,)), ((4,), (4,))],
                         ids=["matrix@matrix", "vector@matrix", "matrix@vector", "vector@vector"])
def test_each_matmul_branch_matches_torch_first_and_second_order(shape_a, shape_b):
    rng = np.random.default_rng(10)
    a0, b0 = rng.normal(size=shape_a), rng.normal(size=shape_b)
    out_shape = np.matmul(a0, b0).shape
    w = rng.normal(size=out_shape)             # weights make g vary from entry to entry
    vs = [rng.normal(size=shape_a), rng.normal(size=shape_b)]
    y, grads, hv = _ours_and_hvp(lambda a, b: T.tanh(a @ b) * w, [a0, b0], vs)
    ty, tgrads, thv = _torch_and_hvp(lambda a, b: torch.tanh(a @ b) * torch.from_numpy(w), [a0, b0], vs)
    np.testing.assert_allclose(y.numpy(), ty.detach().numpy(), rtol=1e-13)
    for what, ours, theirs in [("grad a", grads[0], tgrads[0]), ("grad b", grads[1], tgrads[1]),
                               ("H·v a", hv[0], thv[0]), ("H·v b", hv[1], thv[1])]:
        _assert_same(ours, theirs, what)


def test_power_zero_has_zero_gradient_everywhere_like_torch():
    x0 = np.array([-1.5, 0.0, 0.7, 2.0])
    x = constant(x0)
    with GradientTape() as tape:
        tape.watch(x)
        y = T.tanh(x) * (x ** 0)               # x ** 0 = 1 everywhere, also at x = 0
    (tx,) = _torch_leaves(x0)
    ty = torch.tanh(tx) * tx ** 0
    (tg,) = torch.autograd.grad(ty.sum(), [tx])
    np.testing.assert_allclose(y.numpy(), ty.detach().numpy(), rtol=1e-15)
    _assert_same(tape.gradient(y, x), tg, "d/dx tanh(x)·x**0")
    x = constant(x0)
    with GradientTape() as tape:               # x ** 0 alone: connected, so zeros (not None)
        tape.watch(x)
        y = x ** 0
    (tx,) = _torch_leaves(x0)
    (tg,) = torch.autograd.grad((tx ** 0).sum(), [tx])
    _assert_same(tape.gradient(y, x), tg, "d/dx x**0")


def _total(x):
    """A user-made reduction whose rule returns the OUTPUT's shape (one value for many entries)."""
    return T.record("total", (x,), x.value.sum(axis=0), lambda g: g)


@pytest.mark.parametrize("shape", [(4,), (3, 4)], ids=["to-scalar", "over-axis-0"])
def test_rule_giving_one_value_for_many_entries_is_broadcast_back(shape):
    # _unbroadcast's second branch: the rule's gradient has the output's (smaller) shape
    rng = np.random.default_rng(11)
    x0, v = rng.normal(size=shape), [rng.normal(size=shape)]
    y, (g,), (hv,) = _ours_and_hvp(lambda x: _total(x) ** 2, [x0], v)
    ty, (tg,), (thv,) = _torch_and_hvp(lambda x: x.sum(dim=0) ** 2, [x0], v)
    np.testing.assert_allclose(y.numpy(), ty.detach().numpy(), rtol=1e-13)
    _assert_same(g, tg, "gradient through a rule that returns one value per output entry")
    _assert_same(hv, thv, "H·v through the broadcast of that value")


def test_relu_gradient_at_exactly_zero_is_zero_like_torch():
    x0 = np.array([-1.0, -0.0, 0.0, 1e-300, 2.0])
    x = constant(x0)
    with GradientTape() as tape:
        tape.watch(x)
        y = T.relu(x) * np.array([1.0, 2.0, 3.0, 4.0, 5.0])
    (tx,) = _torch_leaves(x0)
    (tg,) = torch.autograd.grad((torch.relu(tx) * torch.tensor([1.0, 2.0, 3.0, 4.0, 5.0],
                                                                dtype=torch.float64)).sum(), [tx])
    np.testing.assert_array_equal(tg.numpy(), [0.0, 0.0, 0.0, 4.0, 5.0])   # torch: 0 at the kink too
    _assert_same(tape.gradient(y, x), tg, "relu'(0)")


def test_persistent_tape_does_not_record_its_own_backward_pass():
    x0 = np.array([[0.5, -1.0], [2.0, 0.3]])
    x = constant(x0)
    (tx,) = _torch_leaves(x0)
    (tg,) = torch.autograd.grad((torch.tanh(tx @ tx) ** 2).sum(), [tx])
    with GradientTape(persistent=True) as tape:
        tape.watch(x)
        y = T.tanh(x @ x) ** 2
        n = len(tape.records)
        g1 = tape.gradient(y, x)           # called while the tape is still open and recording
        assert len(tape.records) == n, "the backward pass was recorded on the tape itself"
        g2 = tape.gradient(y, x)
        assert len(tape.records) == n
        z = y * 2.0                        # still open: it records again after gradient()
        assert len(tape.records) == n + 1
    g3 = tape.gradient(z, x)
    assert len(tape.records) == n + 1
    for what, g, t in [("first", g1, tg), ("second", g2, tg), ("after more ops", g3, 2 * tg)]:
        _assert_same(g, t, f"{what} gradient of a persistent tape")


def test_constant_takes_python_integers_beyond_int64_and_power_blames_the_right_entry():
    assert T.constant(10**30).numpy() == 1e30
    with pytest.raises(ValueError, match=r"at x = 1e-200 .*keep x away from 0"):
        T.power(T.constant([1.0, 1e-200]), -2)
    a, b = T.constant(1e-200), T.constant(1e-170)  # b·b underflows to 0, yet ∂(a/b)/∂b = -a/b² = -1e140
    with T.GradientTape() as tape:
        tape.watch(b)
        y = T.divide(a, b)
    assert np.isclose(tape.gradient(y, b).numpy(), -1e140, rtol=1e-12)
