"""course.compute against independent truth: PyTorch's FLOP counter for the
matrix products, a count written out by hand for a tiny net, and the
6-FLOPs-per-weight rule of thumb for wide nets."""

import math

import numpy as np
import pytest
import torch
from torch.utils.flop_counter import FlopCounterMode

from course import compute


def torch_matmul_flops(sizes, batch):
    """Matrix-product FLOPs of one forward + backward pass, counted by PyTorch itself."""
    torch.manual_seed(0)
    layers = []
    for a, b in zip(sizes[:-1], sizes[1:]):
        layers += [torch.nn.Linear(a, b, dtype=torch.float64), torch.nn.Sigmoid()]
    net = torch.nn.Sequential(*layers)
    x = torch.rand(batch, sizes[0], dtype=torch.float64)   # the input needs no gradient
    y = torch.rand(batch, sizes[-1], dtype=torch.float64)
    with FlopCounterMode(display=False) as forward:
        loss = torch.nn.functional.binary_cross_entropy(net(x), y)
    with FlopCounterMode(display=False) as backward:
        loss.backward()
    return forward.get_total_flops(), backward.get_total_flops()


@pytest.mark.parametrize("sizes,batch", [([784, 30, 10], 1), ([784, 30, 30, 10], 10),
                                         ([784, 30, 30, 30, 30, 10], 7), ([5, 3], 4), ([20, 100, 2], 3)])
def test_matmul_flops_match_pytorch_counter(sizes, batch):
    fwd, bwd = torch_matmul_flops(sizes, batch)
    got = compute.step_flops(sizes, batch)
    assert got.forward_matmul == fwd
    assert got.backward_matmul == bwd


def test_tiny_net_by_hand():
    # [2, 3, 1], sigmoid, cross-entropy, one example.
    s = compute.step_flops([2, 3, 1], 1)
    # forward: W1 a (2*2*3 = 12) + W2 a (2*3*1 = 6); +b and sigmoid: 3*(1+4) + 1*(1+4) = 20
    assert (s.forward_matmul, s.forward_elementwise) == (18, 20)
    # backward: dW2 = 6, W2ᵀδ = 6, dW1 = 12 -> 24 matmul;
    # δ^L = a - y (1), db2 (1), hidden δ: 3 units × (σ′ 2 + product 1) = 9, db1 (3) -> 14
    assert (s.backward_matmul, s.backward_elementwise) == (24, 14)
    # update: 13 parameters × 2
    assert s.update == 26 and s.total == 18 + 20 + 24 + 14 + 26
    assert compute.n_parameters([2, 3, 1]) == 13
    # L2 decay adds one FLOP per weight (9), momentum one per parameter (13)
    assert compute.step_flops([2, 3, 1], 1, weight_decay=True, momentum=True).update == 26 + 9 + 13
    # quadratic cost: δ^L = (a - y) σ′(z) is 4 FLOPs instead of 1
    assert compute.step_flops([2, 3, 1], 1, cost="quadratic").backward_elementwise == 17
    # ReLU hidden layer: forward 3*(1+1) + 1*(1+4) = 11; hidden δ 3*(1+1) = 6
    r = compute.step_flops([2, 3, 1], 1, activation="relu")
    assert (r.forward_elementwise, r.backward_elementwise) == (11, 1 + 1 + 6 + 3)


def test_quadratic_cost_charges_the_output_activations_derivative():
    # One layer [10, 10], one example: backward elementwise = δ^L + ∂C/∂b (10); quadratic δ^L = (a - y)·f′(z)
    # is, per unit, a subtract (1), f′ (sigmoid 2, tanh 2, relu 1, linear 0) and a product (1), the same
    # derivative + product that a hidden layer is charged.
    for output, per_unit in [("sigmoid", 4), ("tanh", 4), ("relu", 3), ("linear", 2)]:
        s = compute.step_flops([10, 10], output=output, cost="quadratic")
        assert s.backward_elementwise == 10 * per_unit + 10, output
    assert compute.step_flops([10, 10], output="linear", cost="quadratic").backward_elementwise == 30
    # [2, 3, 1], sigmoid hidden, ReLU output: δ^L 1 × 3, db2 1, hidden δ 3 × (2 + 1) = 9, db1 3 -> 16;
    # forward +b and f: 3 × (1 + 4) + 1 × (1 + 1) = 17
    r = compute.step_flops([2, 3, 1], output="relu", cost="quadratic")
    assert (r.forward_elementwise, r.backward_elementwise) == (17, 16)


def test_batch_scales_forward_and_backward_but_not_update():
    one, ten = compute.step_flops([784, 30, 10], 1), compute.step_flops([784, 30, 10], 10)
    assert ten.forward == 10 * one.forward and ten.backward == 10 * one.backward
    assert ten.update == one.update


def test_epoch_and_training_sum_over_batches():
    sizes, n, m = [784, 30, 10], 1003, 10
    # add it up step by step, the last step holding the 3 left-over examples
    steps, total, left = 0, 0, n
    while left > 0:
        b = min(m, left)
        total += compute.step_flops(sizes, b).total
        left -= b
        steps += 1
    assert steps == 101
    assert compute.epoch_flops(sizes, n, m) == total
    assert compute.training_flops(sizes, n, 30, m) == 30 * total


def test_six_flops_per_weight_for_wide_nets():
    sizes = [2000, 2000, 2000, 2000]
    n_weights = 3 * 2000 * 2000
    per_example = compute.step_flops(sizes, 1000).total / 1000
    # 6 per weight, less the input gradient the first layer does not need (2 per first-layer weight)
    assert per_example == pytest.approx(6 * n_weights - 2 * 2000 * 2000, rel=0.01)
    s = compute.step_flops(sizes, 1000)
    assert s.matmul / s.total > 0.99


def test_machines_and_formatting():
    names = [m.name for m in compute.MACHINES]
    assert len(set(names)) == len(names)
    years = [m.year for m in compute.MACHINES]
    assert years == sorted(years)
    r10k = next(m for m in compute.MACHINES if "R10000" in m.name)
    assert r10k.peak_flops == 2 * 200e6
    assert all(m.source and m.peak_flops > 0 for m in compute.MACHINES)
    assert compute.seconds_at_peak(800e6, r10k) == pytest.approx(2.0)
    assert compute.format_duration(2.0) == "2 s"
    assert compute.format_duration(5400.0) == "1.5 hours"
    assert compute.format_duration(0.00025) == "250 µs"
    assert compute.format_duration(3 * 365.25 * 86400) == "3 years"
    assert compute.format_duration(0) == "0 s"
    assert compute.format_flops(1.234e9) == "1.23 GFLOP"
    assert compute.format_flops(512) == "512 FLOP"


def test_formatting_picks_the_unit_after_rounding():
    cases = {0.9995: "1 s", 0.0009995: "1 ms", 59.99: "1 minute", 59.96: "1 minute", 59.94: "59.9 s",
             3599.9: "1 hour", 86399.9: "1 day", 12345: "3.43 hours"}
    for seconds, text in cases.items():
        assert compute.format_duration(seconds) == text, seconds
    assert compute.format_flops(999.6e9) == "1 TFLOP" and compute.format_flops(999.6) == "1 kFLOP"
    assert compute.format_flops(999.4) == "999 FLOP"
    # no unit below the largest ever shows 1e+03, however close to a boundary
    for k in range(-10, 9):
        for x in 10.0 ** k * np.linspace(0.999, 1.001, 401):
            assert "e+" not in compute.format_duration(x) + compute.format_flops(x * 1e9), x


@pytest.mark.parametrize("call", [lambda: compute.format_flops(10 ** 400), lambda: compute.format_duration(10 ** 400),
                                  lambda: compute.seconds_at_peak(10 ** 400, compute.MACHINES[0])])
def test_numbers_too_large_for_a_float_are_a_clear_error(call):
    with pytest.raises(ValueError, match="too large: it must be a finite non-negative number below 1.8e308"):
        call()


def test_matmul_throughput_runs_on_cpu():
    rate = compute.matmul_throughput(64, "cpu", repeats=3)
    assert math.isfinite(rate) and rate > 0


@pytest.mark.parametrize("call", [
    lambda: compute.step_flops([784]),
    lambda: compute.step_flops([784, 0, 10]),
    lambda: compute.step_flops([784, 30, 10], batch_size=0),
    lambda: compute.step_flops([784, 30, 10], activation="softsign"),
    lambda: compute.step_flops([784, 30, 10], cost="hinge"),
    lambda: compute.step_flops([784, 30, 10], output="relu"),
    lambda: compute.epoch_flops([784, 30, 10], 0),
    lambda: compute.training_flops([784, 30, 10], 100, epochs=2.5),
    lambda: compute.seconds_at_peak(-1, compute.MACHINES[0]),
    lambda: compute.format_duration(float("inf")),
    lambda: compute.matmul_throughput(0),
    lambda: compute.step_flops([784, 30, 10], batch_size=True),
    lambda: compute.format_flops(False),
    lambda: compute.format_duration(np.float64("nan")),
])
def test_bad_input_raises_value_error(call):
    with pytest.raises(ValueError):
        call()


def test_bad_types():
    with pytest.raises(TypeError):
        compute.step_flops("784,30,10")
    with pytest.raises(TypeError):
        compute.seconds_at_peak(1e9, "a Cray")


def test_numpy_numbers_are_accepted():
    sizes, r10k = [784, 30, 10], next(m for m in compute.MACHINES if "R10000" in m.name)
    assert compute.step_flops(sizes, np.int64(10)) == compute.step_flops(sizes, 10)
    assert compute.training_flops(sizes, np.int64(100), np.int32(2), np.int64(10)) == \
        compute.training_flops(sizes, 100, 2, 10)
    assert compute.seconds_at_peak(np.int64(800_000_000), r10k) == pytest.approx(2.0)
    assert compute.seconds_at_peak(np.float32(8e8), r10k) == pytest.approx(2.0)
    assert compute.format_duration(np.float32(3.0)) == "3 s"
    assert compute.format_flops(np.int64(512)) == "512 FLOP"
    assert compute.matmul_throughput(np.int64(8), "cpu", repeats=np.int64(1)) > 0


def test_layer_widths_must_be_whole_numbers():
    with pytest.raises(TypeError, match="whole-number layer widths"):
        compute.step_flops([784, 2.5, 10], batch_size=10)
    assert compute.n_parameters((np.int64(784), 30, 10)) == 23_860


def test_sizes_may_come_from_a_generator():
    assert compute.n_parameters(s for s in [784, 30, 10]) == 23_860
