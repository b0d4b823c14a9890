"""The two live widgets every chapter uses, and the static figures GitHub shows.

* The σ′ explorer: where the sigmoid is steep and where it is flat.  Sliders for
  z and for the weight and bias of a neuron σ(w·z + b); the readout gives σ′(z)
  and recalls that its maximum is 1/4, at z = 0.
* The w·σ′ chain explorer: a chain of L single neurons, each feeding the next.
  Backpropagation multiplies one factor w·σ′(z) per link, so the gradient that
  reaches the first bias is a product of L - 1 such factors (times σ′(z₁)).

Each widget has a plain function that draws its default state as a figure
(`sigmoid_derivative_figure`, `chain_product_figure`): the notebook cell before
every live widget calls it, so that readers on GitHub, where no widget runs,
still see the picture.  All numbers are computed in log space, so the extreme
slider positions (|z| = 10, |w| = 10 in the σ′ explorer and 8 in the chain explorer,
a chain of 30) draw cleanly.
"""

from __future__ import annotations

import math

import matplotlib.pyplot as plt
import numpy as np

from . import activations
from .network import _check_seed
from .plotting import COLORS

__all__ = [
    "ACTIVATIONS", "lookup_activation", "sigmoid_readout", "chain_gradients", "chain_readout",
    "sigmoid_derivative_figure", "chain_product_figure",
    "sigmoid_derivative_explorer", "chain_product_explorer", "live_widget",
]

# name -> (function, derivative, largest derivative)
ACTIVATIONS = {
    "sigmoid": (activations.sigmoid, activations.sigmoid_prime, 0.25),
    "tanh": (activations.tanh, activations.tanh_prime, 1.0),
    "relu": (activations.relu, activations.relu_prime, 1.0),
}

Z_RANGE = (-10.0, 10.0)      # the z slider, and the plotted range
W_RANGE = (-10.0, 10.0)      # weight and bias of the σ′ explorer
CHAIN_W_RANGE = (-8.0, 8.0)  # weight of every link of the chain
MAX_DEPTH = 30
LOG_FLOOR = -300.0           # log10 of the smallest bar drawn; smaller values are marked
LOG_CEILING = 250.0          # log10 of the tallest bar drawn; larger values are cut off (the readout is exact)


def _check_finite(**values):
    for name, v in values.items():
        if not np.all(np.isfinite(np.asarray(v, dtype=float))):
            raise ValueError(f"{name} must be finite, got {v!r}")


def check_slider_start(name, value, low, high):
    """An explorer starts where its static figure was drawn, so a start outside the slider is an error."""
    if not low <= value <= high:
        raise ValueError(f"{name} = {value!r} lies outside the explorer's slider range [{low:g}, {high:g}]; "
                         f"start inside it (the *_figure functions draw any finite value)")


def lookup_activation(name):
    """(f, f′, largest f′) for an activation's name; a clear error for an unknown one."""
    try:
        return ACTIVATIONS[name]
    except KeyError:
        raise ValueError(f"unknown activation {name!r}; choose one of {sorted(ACTIVATIONS)}") from None


# ------------------------------------------------------------ the pattern
def live_widget(rows, controls, readout_text, draw, *, readout_class, box_class):
    """Wire controls to a text readout and a redrawn figure: every explorer in the course.

    `rows` lists the rows of controls as they are laid out; `controls` maps the
    keyword names of `readout_text(**values)` (a string) and `draw(**values)`
    (draws a matplotlib figure) to the widgets that supply them.  The readout
    is an HTML widget with the CSS class `readout_class` (the browser tests
    find it by that class); the returned VBox has the class `box_class`.
    """
    import ipywidgets as widgets

    readout = widgets.HTML()
    readout.add_class(readout_class)

    def update(**values):
        readout.value = "<pre>" + readout_text(**values) + "</pre>"
        draw(**values)
        plt.show()

    out = widgets.interactive_output(update, controls)
    box = widgets.VBox([*(widgets.HBox(list(row)) for row in rows), readout, out])
    box.add_class(box_class)
    return box


# ---------------------------------------------------------------- σ′ explorer
def sigmoid_readout(z=0.0, w=1.0, b=0.0) -> str:
    """The explorer's readout text for the point z and the neuron σ(w·z + b)."""
    _check_finite(z=z, w=w, b=b)
    u = w * z + b
    return (f"σ′({z:.2f}) = σ(z)(1 − σ(z)) = {activations.sigmoid_prime(z):.4f}"
            f"  (largest value: σ′(0) = 1/4 = 0.25)\n"
            f"neuron σ(w·z + b) with w = {w:.2f}, b = {b:.2f}: slope w·σ′(w·z + b) = "
            f"{w * activations.sigmoid_prime(u):.4f}  (at most |w|/4 = {abs(w) / 4:.4f})")


def _draw_sigmoid(fig, z, w, b):
    fig.clear()
    ax_s, ax_d = fig.subplots(1, 2)
    zs = np.linspace(*Z_RANGE, 801)
    s, ds = activations.sigmoid(zs), activations.sigmoid_prime(zs)
    n, dn = activations.sigmoid(w * zs + b), w * activations.sigmoid_prime(w * zs + b)
    ax_s.plot(zs, s, color=COLORS["blue"], label="σ(z)")
    ax_s.plot(zs, n, color=COLORS["orange"], ls="--", label="σ(w·z + b)")
    ax_s.plot([z], [activations.sigmoid(z)], "o", color=COLORS["blue"])
    ax_s.plot([z], [activations.sigmoid(w * z + b)], "o", color=COLORS["orange"])
    ax_s.set(xlabel="z", ylabel="activation", title="the sigmoid", ylim=(-0.05, 1.05))
    ax_s.legend(loc="upper left")
    ax_d.plot(zs, ds, color=COLORS["blue"], label="σ′(z)")
    ax_d.plot(zs, dn, color=COLORS["orange"], ls="--", label="w·σ′(w·z + b)")
    ax_d.axhline(0.25, color="0.4", lw=0.8, ls=":")
    ax_d.annotate("max 1/4 at z = 0", (0, 0.25), xytext=(2.0, 0.27), fontsize=9)
    ax_d.plot([z], [activations.sigmoid_prime(z)], "o", color=COLORS["blue"])
    ax_d.plot([z], [w * activations.sigmoid_prime(w * z + b)], "o", color=COLORS["orange"])
    top = max(0.3, abs(w) / 4 * 1.1)
    ax_d.set(xlabel="z", ylabel="slope", title=f"its derivative: σ′({z:.2f}) = {activations.sigmoid_prime(z):.4f}",
             ylim=(-top if w < 0 else -0.02, top))
    ax_d.legend(loc="upper left")
    return fig


def sigmoid_derivative_figure(z=0.0, w=1.0, b=0.0):
    """Draw the σ′ explorer's picture for fixed values; returns the Figure."""
    _check_finite(z=z, w=w, b=b)
    return _draw_sigmoid(plt.figure(figsize=(10, 3.8)), z, w, b)


def sigmoid_derivative_explorer(z=0.0, w=1.0, b=0.0):
    """Live σ′ explorer: sliders for z, w and b; returns the ipywidgets box."""
    import ipywidgets as widgets

    _check_finite(z=z, w=w, b=b)
    check_slider_start("z", z, *Z_RANGE)
    check_slider_start("w", w, *W_RANGE)
    check_slider_start("b", b, *W_RANGE)
    style = {"description_width": "initial"}
    zs = widgets.FloatSlider(value=z, min=Z_RANGE[0], max=Z_RANGE[1], step=0.1, description="z",
                             continuous_update=False, style=style)
    ws = widgets.FloatSlider(value=w, min=W_RANGE[0], max=W_RANGE[1], step=0.1, description="weight w",
                             continuous_update=False, style=style)
    bs = widgets.FloatSlider(value=b, min=W_RANGE[0], max=W_RANGE[1], step=0.1, description="bias b",
                             continuous_update=False, style=style)
    return live_widget([[zs, ws, bs]], {"z": zs, "w": ws, "b": bs}, sigmoid_readout, sigmoid_derivative_figure,
                       readout_class="sigmoid-prime-readout", box_class="sigmoid-derivative-explorer")


# ----------------------------------------------------------- chain explorer
def chain_gradients(weights, zs, activation="sigmoid"):
    """Backpropagate through a chain of single neurons, in log space.

    Neuron j computes a_j = f(z_j) with z_j = w_j·a_{j-1} + b_j.  For a chain
    of L neurons (``len(zs) == L``; ``weights[0]``, the weight into neuron 1,
    does not enter the gradient), the chain rule gives

        ∂C/∂b_l = f′(z_l) · w_{l+1} f′(z_{l+1}) · … · w_L f′(z_L) · ∂C/∂a_L.

    Returns a dict of arrays of length L:
      ``factor``      the link factors |w_j f′(z_j)| (``factor[0]`` is |f′(z_1)|),
      ``log10_grad``  log10 |∂C/∂b_l ÷ ∂C/∂a_L| for l = 1..L (-inf where exactly 0),
      ``sign``        the sign of ∂C/∂b_l ÷ ∂C/∂a_L (0 where it vanishes).
    """
    weights = np.asarray(weights, dtype=float)
    zs = np.asarray(zs, dtype=float)
    if weights.ndim != 1 or zs.ndim != 1 or weights.shape != zs.shape or len(zs) < 1:
        raise ValueError(f"weights and zs must be 1-D arrays of the same length >= 1, "
                         f"got shapes {weights.shape} and {zs.shape}")
    _check_finite(weights=weights, zs=zs)
    _, fprime, _ = lookup_activation(activation)
    d = np.asarray(fprime(zs), dtype=float)
    link = np.concatenate([[1.0], weights[1:]]) * d           # w_j f′(z_j), j >= 2; f′(z_1) first
    with np.errstate(divide="ignore"):
        log_link = np.log10(np.abs(link))
        log_d = np.log10(np.abs(d))
    # ∂C/∂b_l = f′(z_l) · prod_{j>l} w_j f′(z_j): suffix sums of the link logs.
    suffix = np.concatenate([np.cumsum(log_link[::-1])[::-1][1:], [0.0]])
    log_grad = log_d + suffix
    sign_link = np.sign(link)
    sign_suffix = np.concatenate([np.cumprod(sign_link[::-1])[::-1][1:], [1.0]])
    sign = np.sign(d) * sign_suffix
    log_grad = np.where(sign == 0, -np.inf, log_grad)
    return {"factor": np.abs(link), "log10_grad": log_grad, "sign": sign}


def _chain_inputs(depth, w, z, weights, seed):
    if isinstance(depth, bool) or int(depth) != depth or not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be an integer from 1 to {MAX_DEPTH}, got {depth!r}")
    _check_finite(w=w, z=z)
    depth = int(depth)
    if weights == "equal":
        ws = np.full(depth, float(w))
    elif weights == "random":
        # a fixed seed, never None: the readout and the figure each draw the weights and must agree
        ws = float(w) * np.random.default_rng(_check_seed(seed)).standard_normal(depth)
    else:
        raise ValueError(f"weights must be 'equal' or 'random', got {weights!r}")
    return ws, np.full(depth, float(z))


def _format_power(sign, log10):
    if not np.isfinite(log10):
        return "0"
    exponent = math.floor(log10)
    mantissa = 10 ** (log10 - exponent)
    if mantissa >= 9.995:  # rounding would print 10.00e..
        mantissa, exponent = 1.0, exponent + 1
    return f"{'-' if sign < 0 else ''}{mantissa:.2f}e{exponent:+03d}"


def chain_readout(depth=4, w=1.0, z=0.0, activation="sigmoid", weights="equal", seed=0) -> str:
    """The chain explorer's readout text for the given settings."""
    ws, zs = _chain_inputs(depth, w, z, weights, seed)
    g = chain_gradients(ws, zs, activation)
    first, last = g["log10_grad"][0], g["log10_grad"][-1]
    shown = f"{w:.2f}" if abs(w) < 1e6 else f"{w:.3g}"
    drawn = f"w = {shown}" if weights == "equal" else f"w ~ {shown}·N(0,1), seed {seed}"
    text = (f"∂C/∂b₁ = {_format_power(g['sign'][0], first)} × ∂C/∂a_L"
            f"   ({depth} neurons, {activation}, {drawn}, z = {z:.2f})\n")
    if depth == 1:
        text += "a chain of one neuron: ∂C/∂b₁ is ∂C/∂b_L itself"
    elif not np.isfinite(first) and not np.isfinite(last):
        text += "every gradient is exactly 0 (the activation is flat here)"
    elif not np.isfinite(first):
        text += "∂C/∂b₁ is exactly 0: no gradient reaches the first neuron"
    else:
        ratio = last - first
        if abs(ratio) < 1e-12:
            text += "∂C/∂b₁ and ∂C/∂b_L have the same size"
        elif ratio > 0:
            text += f"∂C/∂b₁ is {_format_power(1, ratio)} times smaller than ∂C/∂b_L"
        else:
            text += f"∂C/∂b₁ is {_format_power(1, -ratio)} times larger than ∂C/∂b_L"
    return text


def _draw_chain(fig, depth, w, z, activation, weights, seed):
    ws, zs = _chain_inputs(depth, w, z, weights, seed)
    g = chain_gradients(ws, zs, activation)
    fig.clear()
    ax_f, ax_g = fig.subplots(1, 2)
    layers = np.arange(1, depth + 1)
    _, _, fmax = lookup_activation(activation)
    factors = g["factor"][1:]
    if depth > 1:
        ax_f.bar(layers[1:], factors, color=np.where(factors >= 1, COLORS["vermillion"], COLORS["blue"]))
    ax_f.axhline(1.0, color="black", lw=0.8)
    ax_f.axhline(fmax, color="0.4", lw=0.8, ls=":")
    ax_f.annotate(f"largest {activation}′ = {fmax:g}", (1, fmax), xytext=(1, fmax * 1.08), fontsize=9)
    ax_f.set(xlabel="link j", ylabel="|w_j · f′(z_j)|", title="one factor per link",
             xlim=(0.5, max(depth, 2) + 0.5), ylim=(0, max(1.2, 1.1 * float(factors.max(initial=0.0)))))
    lg = np.clip(g["log10_grad"], LOG_FLOOR, LOG_CEILING)
    zero = ~np.isfinite(g["log10_grad"]) | (g["log10_grad"] < LOG_FLOOR)
    ax_g.bar(layers[~zero], 10.0 ** lg[~zero], color=COLORS["green"], bottom=10.0 ** (min(lg.min(), 0.0) - 1))
    for x in layers[zero]:
        ax_g.annotate("0", (x, 10.0 ** (lg.min() - 0.5)), ha="center", fontsize=8, color=COLORS["vermillion"])
    ax_g.set_yscale("log")
    low = min(float(lg.min()), 0.0) - 1
    high = max(float(lg.max()), 0.0) + 1
    ax_g.set(xlabel="layer l", ylabel="|∂C/∂b_l ÷ ∂C/∂a_L|", title="gradient reaching each bias",
             xlim=(0.5, depth + 0.5), ylim=(10.0 ** low, 10.0 ** high))
    fig.suptitle(chain_readout(depth, w, z, activation, weights, seed).split("\n")[1], fontsize=11)
    return fig


def chain_product_figure(depth=4, w=1.0, z=0.0, activation="sigmoid", weights="equal", seed=0):
    """Draw the chain explorer's picture for fixed values; returns the Figure."""
    return _draw_chain(plt.figure(figsize=(10, 3.8)), depth, w, z, activation, weights, seed)


def chain_product_explorer(depth=4, w=1.0, z=0.0, activation="sigmoid", weights="equal", seed=0):
    """Live w·σ′ chain explorer; returns the ipywidgets box.

    Sliders: the chain's length (1 to 30), the weight of every link, the
    pre-activation z of every neuron; a menu picks the activation (sigmoid by
    default, tanh, ReLU) and whether the weights are all equal to w or drawn
    as w·N(0, 1) with a seed.
    """
    import ipywidgets as widgets

    _chain_inputs(depth, w, z, weights, seed)  # validate before building anything
    lookup_activation(activation)
    check_slider_start("w", w, *CHAIN_W_RANGE)
    check_slider_start("z", z, *Z_RANGE)
    check_slider_start("seed", seed, 0, 99)
    style = {"description_width": "initial"}
    ds = widgets.IntSlider(value=depth, min=1, max=MAX_DEPTH, description="neurons L",
                           continuous_update=False, style=style)
    ws = widgets.FloatSlider(value=w, min=CHAIN_W_RANGE[0], max=CHAIN_W_RANGE[1], step=0.1,
                             description="weight w", continuous_update=False, style=style)
    zs = widgets.FloatSlider(value=z, min=Z_RANGE[0], max=Z_RANGE[1], step=0.1, description="z",
                             continuous_update=False, style=style)
    act = widgets.Dropdown(options=list(ACTIVATIONS), value=activation, description="activation")
    mode = widgets.Dropdown(options=[("all equal to w", "equal"), ("w · N(0, 1)", "random")],
                            value=weights, description="weights")
    seeds = widgets.IntSlider(value=seed, min=0, max=99, description="seed", continuous_update=False)
    controls = {"depth": ds, "w": ws, "z": zs, "activation": act, "weights": mode, "seed": seeds}
    return live_widget([[ds, ws, zs], [act, mode, seeds]], controls, chain_readout, chain_product_figure,
                       readout_class="chain-product-readout", box_class="chain-product-explorer")
