"""How much arithmetic training a fully connected net takes, and how long machines need for it.

Counting convention (the usual one): a multiply-add is 2 floating-point
operations (FLOPs), so multiplying an (m × k) matrix by a (k × n) one costs
2·m·k·n.  Elementwise work counts one FLOP per elementary operation
(+, −, ×, ÷, exp, max), with the costs per unit listed in `ACTIVATION_FLOPS`.
For a layer with n_in inputs and n_out outputs, per example:

* forward:  z = W a + b costs 2·n_in·n_out + n_out, then the activation;
* backward: ∂C/∂W accumulates δ aᵀ (2·n_in·n_out), ∂C/∂b accumulates δ
  (n_out), and every layer but the first sends the error down,
  δ_below = (Wᵀ δ) ⊙ f′(z_below) (2·n_in·n_out + one derivative and one
  product per unit below);
* update, once per mini-batch: p ← p − (η/m)·∂C/∂p is 2 FLOPs per parameter,
  one more per weight with L2 decay, one more per parameter with momentum.

So training costs 6 FLOPs per weight per example in every layer but the first
and 4 in the first, which sends no error down: two to three times the forward
pass (close to 4 FLOPs per weight, twice the forward pass, when most weights
sit in the first layer, as in MNIST nets).  The matrix products are nearly all of it.  `MACHINES` lists
approximate *peak* rates of reference machines; real code reaches a fraction
of peak, so times computed from them are lower bounds.
"""

from __future__ import annotations

import math
import numbers
import time
from dataclasses import dataclass

__all__ = ["ACTIVATION_FLOPS", "COST_DELTA_FLOPS", "StepFlops", "step_flops", "epoch_flops",
           "training_flops", "n_parameters", "Machine", "MACHINES", "seconds_at_peak",
           "format_duration", "format_flops", "matmul_throughput"]

# activation -> (forward FLOPs per unit, derivative FLOPs per unit, given the stored output)
ACTIVATION_FLOPS = {
    "sigmoid": (4, 2),   # 1/(1 + exp(-z)): negate, exp, add, divide;  σ′ = a(1 - a): subtract, multiply
    "tanh": (5, 2),      # (e^{2z} - 1)/(e^{2z} + 1): double, exp, subtract, add, divide;  1 - a²
    "relu": (1, 1),      # max(0, z);  the derivative is one comparison
    "linear": (0, 0),
}
# cost -> FLOPs per output unit for δ^L, besides the output's derivative: cross-entropy (sigmoid output
# only) a - y, as σ′ cancels; quadratic (a - y)·f′(z), plus f′'s cost from ACTIVATION_FLOPS (σ′: 2 + 2 = 4)
COST_DELTA_FLOPS = {"cross_entropy": 1, "quadratic": 2}


def _check_sizes(sizes):
    if isinstance(sizes, (str, bytes)):
        raise TypeError(f"sizes must be a list of layer widths such as [784, 30, 10], got {sizes!r}")
    try:
        sizes = list(sizes)                   # a generator can be read only once
        if not all(isinstance(s, numbers.Integral) and not isinstance(s, bool) for s in sizes):
            raise TypeError
        sizes = [int(s) for s in sizes]
    except TypeError:
        raise TypeError(f"sizes must be a list of whole-number layer widths such as [784, 30, 10], "
                        f"got {sizes!r}") from None
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must list at least two layers of at least one unit, got {sizes}")
    return sizes


def _check_count(value, name, minimum=1):
    if isinstance(value, bool) or not isinstance(value, numbers.Integral) or value < minimum:
        raise ValueError(f"{name} must be an integer >= {minimum}, got {value!r}")
    return int(value)


def _check_amount(value, name):
    """A finite number >= 0 (Python's or NumPy's, not a bool), as a float."""
    if isinstance(value, bool) or not isinstance(value, numbers.Real):
        raise ValueError(f"{name} must be a finite non-negative number, got {value!r}")
    try:
        number = float(value)
    except OverflowError:                     # an int beyond the largest float
        raise ValueError(f"{name} is too large: it must be a finite non-negative number below 1.8e308") from None
    if not math.isfinite(number) or number < 0:
        raise ValueError(f"{name} must be a finite non-negative number, got {value!r}")
    return number


def _check_activation(name):
    if name not in ACTIVATION_FLOPS:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATION_FLOPS)}")
    return ACTIVATION_FLOPS[name]


def n_parameters(sizes) -> int:
    """Weights plus biases of a fully connected net with these layer widths."""
    sizes = _check_sizes(sizes)
    return sum(a * b + b for a, b in zip(sizes[:-1], sizes[1:]))


@dataclass(frozen=True)
class StepFlops:
    """FLOPs of one training step on a mini-batch, split by kind."""

    forward_matmul: int
    forward_elementwise: int
    backward_matmul: int
    backward_elementwise: int
    update: int

    @property
    def forward(self) -> int:
        return self.forward_matmul + self.forward_elementwise

    @property
    def backward(self) -> int:
        return self.backward_matmul + self.backward_elementwise

    @property
    def matmul(self) -> int:
        return self.forward_matmul + self.backward_matmul

    @property
    def total(self) -> int:
        return self.forward + self.backward + self.update


def step_flops(sizes, batch_size=1, activation="sigmoid", output="sigmoid", cost="cross_entropy",
               weight_decay=False, momentum=False) -> StepFlops:
    """FLOPs of one step of mini-batch gradient descent: forward, backward, update.

    `activation` is the hidden layers' activation, `output` the last layer's.
    With ``batch_size=1`` the forward and backward parts are the per-example
    cost; the update is paid once per step whatever the batch size.
    """
    sizes = _check_sizes(sizes)
    m = _check_count(batch_size, "batch_size")
    hidden_f, hidden_df = _check_activation(activation)
    out_f, out_df = _check_activation(output)
    if cost not in COST_DELTA_FLOPS:
        raise ValueError(f"unknown cost {cost!r}; choose one of {sorted(COST_DELTA_FLOPS)}")
    if cost == "cross_entropy" and output != "sigmoid":
        raise ValueError("the cross-entropy shortcut δ = a - y holds for a sigmoid output; "
                         "use output='sigmoid' or cost='quadratic'")
    layers = list(zip(sizes[:-1], sizes[1:]))
    last = len(layers) - 1
    fwd_mm = fwd_el = bwd_mm = bwd_el = 0
    for l, (n_in, n_out) in enumerate(layers):
        fwd_mm += 2 * m * n_in * n_out
        fwd_el += m * n_out * (1 + (out_f if l == last else hidden_f))   # + b, then f(z)
    bwd_el += m * sizes[-1] * (COST_DELTA_FLOPS[cost] + (out_df if cost == "quadratic" else 0))   # δ^L
    for l, (n_in, n_out) in enumerate(layers):
        bwd_mm += 2 * m * n_in * n_out                                   # ∂C/∂W = δ aᵀ, summed over the batch
        bwd_el += m * n_out                                              # ∂C/∂b = Σ δ
        if l > 0:                                                        # δ for the layer below
            bwd_mm += 2 * m * n_in * n_out
            bwd_el += m * n_in * (hidden_df + 1)
    n_weights = sum(a * b for a, b in layers)
    n_params = n_weights + sum(b for _, b in layers)
    update = 2 * n_params + (n_weights if weight_decay else 0) + (n_params if momentum else 0)
    return StepFlops(fwd_mm, fwd_el, bwd_mm, bwd_el, update)


def epoch_flops(sizes, n_examples, batch_size=10, **options) -> int:
    """FLOPs of one pass over `n_examples` in mini-batches (the last one may be smaller)."""
    n = _check_count(n_examples, "n_examples")
    m = _check_count(batch_size, "batch_size")
    full, rest = divmod(n, m)
    total = full * step_flops(sizes, m, **options).total
    if rest:
        total += step_flops(sizes, rest, **options).total
    return total


def training_flops(sizes, n_examples, epochs, batch_size=10, **options) -> int:
    """FLOPs of `epochs` passes over `n_examples` (evaluation passes not included)."""
    epochs = _check_count(epochs, "epochs")
    return epochs * epoch_flops(sizes, n_examples, batch_size, **options)


# ------------------------------------------------------------ reference machines
@dataclass(frozen=True)
class Machine:
    """A reference machine and its approximate peak floating-point rate."""

    name: str
    year: int
    peak_flops: float   # FLOP/s
    precision: str
    source: str


MACHINES = (
    Machine("AT&T DSP32C signal processor (LeNet-1 demo)", 1989, 25e6, "32-bit float",
            "12.5 million multiply-adds per second = 25 MFLOP/s peak; LeCun et al. (1990) ran their "
            "trained zip-code recogniser on a board with this chip"),
    Machine("SGI workstation, MIPS R10000 at 200 MHz", 1996, 400e6, "64-bit float",
            "one FP add and one FP multiply issued per cycle: 2 × 200 MHz (Yeager, IEEE Micro 16(2), 1996)"),
    Machine("NVIDIA GeForce GTX 280 (a 2008 gaming GPU)", 2008, 933e9, "32-bit float",
            "240 cores × 1.296 GHz × 3 FLOPs (multiply-add + multiply) per cycle, NVIDIA's figure; "
            "the card of Raina, Madhavan & Ng (2009)"),
    Machine("16-core desktop CPU, AVX2 (assumed)", 2022, 2.0e12, "32-bit float",
            "estimate: 16 cores × 4 GHz × 32 FLOPs per cycle (two 8-wide fused multiply-adds)"),
    Machine("NVIDIA H100 SXM (data-centre GPU)", 2022, 67e12, "32-bit float",
            "NVIDIA H100 datasheet: 67 TFLOP/s FP32; tensor cores reach ~495 TFLOP/s TF32 and "
            "~990 TFLOP/s BF16 on dense matrices"),
)


def seconds_at_peak(flops, machine) -> float:
    """The time `flops` operations take at `machine`'s peak rate: a lower bound."""
    if not isinstance(machine, Machine):
        raise TypeError(f"machine must be a course.compute.Machine (see MACHINES), got {type(machine).__name__}")
    return _check_amount(flops, "flops") / machine.peak_flops


def _in_unit(value, units):
    """`value` to 3 significant figures in the largest of `units` ((size, name), largest first) that it
    reaches, or as 1 of the next larger unit when rounding reaches that one (59.99 s reads '1 minute',
    not '60 s'); None below the smallest unit."""
    for i, (size, name) in enumerate(units):
        if value >= size:
            text = f"{value / size:.3g}"
            if i > 0 and float(text) * size >= units[i - 1][0]:
                text, name = "1", units[i - 1][1]
            if text == "1" and name in ("years", "days", "hours", "minutes"):
                name = name[:-1]                  # '1 minute', not '1 minutes'
            return f"{text} {name}"
    return None


def format_duration(seconds) -> str:
    """A duration in the unit that reads best: '850 µs', '3.2 s', '4.1 hours', '2.3 years'."""
    seconds = _check_amount(seconds, "seconds")
    units = [(365.25 * 86400, "years"), (86400, "days"), (3600, "hours"), (60, "minutes"), (1, "s"),
             (1e-3, "ms"), (1e-6, "µs"), (1e-9, "ns")]
    return _in_unit(seconds, units) or ("0 s" if seconds == 0 else f"{seconds / 1e-9:.3g} ns")


def format_flops(flops) -> str:
    """A FLOP count with an SI prefix: '1.23 GFLOP'."""
    flops = _check_amount(flops, "flops")
    units = [(1e18, "EFLOP"), (1e15, "PFLOP"), (1e12, "TFLOP"), (1e9, "GFLOP"), (1e6, "MFLOP"), (1e3, "kFLOP"),
             (1, "FLOP")]
    return _in_unit(flops, units) or f"{flops:.3g} FLOP"


def matmul_throughput(n, device="cpu", dtype=None, repeats=5):
    """Measured FLOP/s of an (n × n) @ (n × n) matrix product on a PyTorch device.

    Runs one warm-up product, then times `repeats` and returns 2·n³ divided
    by the median time.  A measurement: it varies from run to run and from
    machine to machine, so never compare it in a test or a stored output.
    """
    import torch

    n = _check_count(n, "n")
    repeats = _check_count(repeats, "repeats")
    dtype = torch.float32 if dtype is None else dtype
    device = torch.device(device)
    gen = torch.Generator(device="cpu").manual_seed(0)
    a = torch.rand(n, n, generator=gen, dtype=dtype).to(device)
    b = torch.rand(n, n, generator=gen, dtype=dtype).to(device)

    def sync():
        if device.type == "cuda":
            torch.cuda.synchronize(device)

    a @ b
    sync()
    times = []
    for _ in range(repeats):
        start = time.perf_counter()
        a @ b
        sync()
        times.append(time.perf_counter() - start)
    times.sort()
    return 2 * n ** 3 / max(times[len(times) // 2], 1e-12)
