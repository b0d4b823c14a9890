"""The course's look and its shared drawings.

`apply_style()` sets readable sizes, PNG output and the Okabe-Ito palette (safe
for the common forms of colour blindness).  `draw_network` draws a layered
network diagram; chapters add their own pictures here when more than one
notebook needs them.
"""

from __future__ import annotations

import matplotlib as mpl
import matplotlib.pyplot as plt
import numpy as np
from cycler import cycler

__all__ = ["OKABE_ITO", "COLORS", "apply_style", "draw_network"]

# Okabe & Ito (2008), "Color Universal Design".
OKABE_ITO = ["#0072B2", "#E69F00", "#009E73", "#D55E00", "#CC79A7", "#56B4E9", "#F0E442", "#000000"]
COLORS = dict(zip(["blue", "orange", "green", "vermillion", "purple", "sky", "yellow", "black"], OKABE_ITO))


def apply_style() -> None:
    """Set the course's matplotlib style (and PNG figures when inside IPython)."""
    mpl.rcParams.update({
        "figure.figsize": (7.0, 4.0),
        "figure.dpi": 100,
        "savefig.dpi": 100,
        "font.size": 11,
        "axes.titlesize": 12,
        "axes.labelsize": 11,
        "legend.fontsize": 10,
        "axes.grid": True,
        "grid.alpha": 0.3,
        "axes.spines.top": False,
        "axes.spines.right": False,
        "axes.prop_cycle": cycler(color=OKABE_ITO),
        "image.cmap": "viridis",
        "figure.constrained_layout.use": True,
    })
    try:  # PNG, not SVG: nbval compares SVG text but not PNG bytes.
        from IPython import get_ipython
        from matplotlib_inline.backend_inline import set_matplotlib_formats

        if get_ipython() is not None:
            set_matplotlib_formats("png")
    except ImportError:  # plain Python: nothing to configure
        pass


def draw_network(sizes, ax=None, *, labels=None, layer_names=None, max_drawn=8,
                 node_color=None, edge_alpha=0.35, title=None):
    """Draw a fully connected layered network with `sizes` units per layer.

    Layers with more than `max_drawn` units are drawn with their first and last
    few units and a vertical ellipsis, labelled with the true size.  `labels`
    may give one text per layer to print inside its units (e.g. ["x", "h", "ŷ"]),
    and `layer_names` one name per layer to print below it.
    Returns the axes.
    """
    sizes = [int(s) for s in sizes]
    if len(sizes) < 2 or min(sizes) < 1:
        raise ValueError(f"sizes must list at least two layers of at least one unit, got {sizes}")
    for arg, given in (("labels", labels), ("layer_names", layer_names)):
        if given is not None and len(given) != len(sizes):
            raise ValueError(f"{arg} needs one entry per layer: {len(sizes)} for sizes {sizes}, got {len(given)}")
    if ax is None:
        _, ax = plt.subplots(figsize=(1.6 * len(sizes) + 1, 3.6))
    node_color = node_color or COLORS["sky"]
    positions = []
    for i, n in enumerate(sizes):
        if n > max_drawn:
            k = max_drawn // 2
            shown = list(range(k)) + [None] + list(range(n - k, n))
        else:
            shown = list(range(n))
        m = len(shown)
        ys = np.linspace(1, -1, m) * min(1.0, 0.18 * (m - 1)) if m > 1 else np.zeros(1)
        positions.append([(i, y, j) for y, j in zip(ys, shown)])
    for left, right in zip(positions[:-1], positions[1:]):
        for x0, y0, j0 in left:
            for x1, y1, j1 in right:
                if j0 is not None and j1 is not None:
                    ax.plot([x0, x1], [y0, y1], color="0.55", lw=0.7, alpha=edge_alpha, zorder=1)
    for i, layer in enumerate(positions):
        for x, y, j in layer:
            if j is None:
                ax.text(x, y, "⋮", ha="center", va="center", fontsize=14, zorder=3)
                continue
            ax.add_patch(plt.Circle((x, y), 0.09, facecolor=node_color, edgecolor="black", lw=1, zorder=2))
            if labels is not None:
                ax.text(x, y, f"{labels[i]}", ha="center", va="center", fontsize=8, zorder=3)
        name = layer_names[i] if layer_names is not None else (
            "input" if i == 0 else "output" if i == len(sizes) - 1 else f"hidden {i}")
        ax.text(i, -1.3, f"{name}\n{sizes[i]} units", ha="center", va="top", fontsize=9)
    ax.set_xlim(-0.5, len(sizes) - 0.5)
    ax.set_ylim(-1.75, 1.25)
    ax.set_aspect("equal")
    ax.axis("off")
    if title:
        ax.set_title(title)
    return ax


# ------------------------------------------------ chapter 1: neuron and TLU
PAPER, INK = "#f4ecd8", "#1c1a17"   # Cajal drew in India ink on yellowed paper


def _wobbly(rng, start, end, pieces=6, wobble=0.04):
    """Points from start to end with a little hand-drawn irregularity."""
    start, end = np.asarray(start, float), np.asarray(end, float)
    t = np.linspace(0.0, 1.0, pieces + 1)[:, None]
    pts = start + t * (end - start)
    normal = np.array([start[1] - end[1], end[0] - start[0]])
    length = np.hypot(*normal)
    if length > 0:
        bend = rng.normal(0.0, wobble, size=(pieces + 1, 1)) * np.sin(np.pi * t)
        pts = pts + bend * normal / length * length
    return pts


def _branch(ax, rng, start, angle, length, width, depth, spines=True):
    """Draw one dendrite and, recursively, its two daughter branches."""
    end = np.asarray(start, float) + length * np.array([np.cos(angle), np.sin(angle)])
    pts = _wobbly(rng, start, end)
    ax.plot(pts[:, 0], pts[:, 1], color=INK, lw=width, solid_capstyle="round", zorder=2)
    if spines and width < 2.0:  # dendritic spines, which Cajal was first to draw
        for s in rng.uniform(0.15, 0.95, size=int(6 * length)):
            p = pts[0] + s * (pts[-1] - pts[0])
            side = rng.choice([-1.0, 1.0])
            a = angle + side * rng.uniform(1.0, 2.0)
            q = p + 0.06 * np.array([np.cos(a), np.sin(a)])
            ax.plot([p[0], q[0]], [p[1], q[1]], color=INK, lw=0.6, zorder=2)
    if depth > 0:
        spread = rng.uniform(0.35, 0.6)
        for sign in (-1.0, 1.0):
            _branch(ax, rng, end, angle + sign * spread + rng.normal(0, 0.1),
                    length * rng.uniform(0.6, 0.8), width * 0.65, depth - 1, spines)
    return end


def draw_neuron(ax=None, *, seed=3, labels=True):
    """A pyramidal neuron in the manner of Cajal's ink drawings, with its parts labelled.

    Dendrites (with spines) branch from a triangular cell body; a thin axon leaves
    from its base, gives off a collateral and ends in terminals that touch the
    next cells.  Drawn with matplotlib primitives from a seeded generator, so the
    same `seed` gives the same cell.  Returns the axes.
    """
    rng = np.random.default_rng(seed)
    if ax is None:
        _, ax = plt.subplots(figsize=(5, 6))
    ax.set_facecolor(PAPER)
    # apical dendrite, climbing towards the surface of the cortex, then its tuft
    top = _branch(ax, rng, (0.0, 0.45), np.pi / 2 + 0.05, 1.6, 3.2, 0, spines=True)
    for a in (np.pi / 2 - 0.7, np.pi / 2, np.pi / 2 + 0.7):
        _branch(ax, rng, top, a + rng.normal(0, 0.1), 0.7, 1.8, 2)
    for s, a in ((0.35, 0.5), (0.7, np.pi - 0.45)):  # oblique side branches
        _branch(ax, rng, (0.02, 0.45 + 1.6 * s), a, 0.7, 1.3, 1)
    # basal dendrites, spreading sideways and down from the base
    for a in (np.pi + 0.35, np.pi + 0.95, -0.95, -0.35):
        _branch(ax, rng, (0.35 * np.cos(a), -0.15 + 0.2 * np.sin(a)), a, 0.8, 1.8, 2)
    # the cell body (soma), with a paler nucleus
    body = np.array([[-0.42, -0.22], [0.42, -0.22], [0.05, 0.55], [-0.05, 0.55]])
    ax.add_patch(plt.Polygon(body, closed=True, facecolor=INK, edgecolor=INK, lw=1.5, zorder=3))
    ax.add_patch(plt.Circle((0.0, 0.02), 0.12, facecolor="#6b655c", edgecolor="none", zorder=4))
    # the axon: thin, smooth, long; one collateral; terminals with boutons
    axon = _wobbly(rng, (0.0, -0.22), (0.1, -3.1), pieces=12, wobble=0.01)
    ax.plot(axon[:, 0], axon[:, 1], color=INK, lw=1.1, zorder=2)
    collateral = _wobbly(rng, axon[5], axon[5] + np.array([0.9, -0.5]), wobble=0.03)
    ax.plot(collateral[:, 0], collateral[:, 1], color=INK, lw=0.7, zorder=2)
    ends = [collateral[-1]]
    for a in (-np.pi / 2 - 0.8, -np.pi / 2 - 0.25, -np.pi / 2 + 0.3, -np.pi / 2 + 0.85):
        tip = axon[-1] + rng.uniform(0.45, 0.65) * np.array([np.cos(a), np.sin(a)])
        pts = _wobbly(rng, axon[-1], tip, wobble=0.05)
        ax.plot(pts[:, 0], pts[:, 1], color=INK, lw=0.7, zorder=2)
        ends.append(tip)
    for e in ends:
        ax.add_patch(plt.Circle(e, 0.045, facecolor=INK, edgecolor=INK, zorder=3))
    if labels:
        kw = dict(fontsize=10, color="black", zorder=5,
                  bbox=dict(boxstyle="round,pad=0.25", facecolor="white", edgecolor="0.6", alpha=0.9),
                  arrowprops=dict(arrowstyle="->", color="0.3", lw=0.9))
        ax.annotate("dendrites:\nreceive inputs", (-0.75, 2.55), xytext=(-2.35, 3.1), **kw)
        ax.annotate("cell body (soma):\nintegrates them", (-0.3, 0.05), xytext=(-2.45, 0.6), **kw)
        ax.annotate("axon: carries\none output", (0.07, -2.4), xytext=(0.55, -2.75), **kw)
        ax.annotate("terminals: contacts\nwith the next cells", ends[2], xytext=(-2.45, -3.3), **kw)
    ax.set(xlim=(-2.5, 2.2), ylim=(-3.8, 4.0), aspect="equal")
    ax.set_xticks([])
    ax.set_yticks([])
    ax.grid(False)
    for spine in ax.spines.values():
        spine.set_visible(False)
    ax.set_title("a neuron, after Cajal's drawings")
    return ax


def draw_tlu(ax=None, *, weights=("w₁", "w₂", "w₃"), threshold="T", inputs=None, labels=True):
    """The threshold logic unit as a diagram: inputs, weights, sum and threshold, one output.

    `weights` may be numbers or strings (one per input); `inputs` optional names
    (default x₁, x₂, ...).  Returns the axes.
    """
    n = len(weights)
    if n < 1:
        raise ValueError("draw_tlu needs at least one weight")
    if inputs is None:
        subscripts = "₁₂₃₄₅₆₇₈₉"
        inputs = [f"x{subscripts[i]}" if i < 9 else f"x{i + 1}" for i in range(n)]
    if len(inputs) != n:
        raise ValueError(f"got {len(inputs)} input names for {n} weights")
    fmt = (lambda v: v if isinstance(v, str) else f"{v:g}")
    if ax is None:
        _, ax = plt.subplots(figsize=(6, 4.5))
    ys = np.linspace(1.0, -1.0, n) if n > 1 else np.zeros(1)
    centre, radius = np.array([2.2, 0.0]), 0.62
    for y, name, w in zip(ys, inputs, weights):
        ax.add_patch(plt.Circle((0.0, y), 0.22, facecolor=COLORS["sky"], edgecolor="black", zorder=3))
        ax.text(0.0, y, name, ha="center", va="center", fontsize=12, zorder=4)
        direction = centre - np.array([0.0, y])
        tip = centre - radius * direction / np.hypot(*direction)
        ax.annotate("", xy=tip, xytext=(0.22, y), arrowprops=dict(arrowstyle="-|>", color="black", lw=1.2))
        mid = np.array([0.22, y]) + 0.45 * (tip - np.array([0.22, y]))
        ax.text(mid[0], mid[1] + 0.12, fmt(w), ha="center", va="bottom", fontsize=12, color=COLORS["vermillion"])
    ax.add_patch(plt.Circle(centre, radius, facecolor=COLORS["orange"], edgecolor="black", lw=1.5,
                            alpha=0.9, zorder=3))
    ax.text(centre[0], centre[1] + 0.18, "Σ wᵢxᵢ", ha="center", va="center", fontsize=13, zorder=4)
    ax.text(centre[0], centre[1] - 0.22, f"> {fmt(threshold)} ?", ha="center", va="center", fontsize=12, zorder=4)
    out = centre + np.array([radius, 0.0])
    ax.annotate("", xy=out + np.array([1.0, 0.0]), xytext=out,
                arrowprops=dict(arrowstyle="-|>", color="black", lw=1.5))
    ax.text(out[0] + 1.1, 0.0, "y = 1 if Σ wᵢxᵢ > T\n     else 0", ha="left", va="center", fontsize=11)
    # the step function the unit applies
    sx = np.array([centre[0] - 0.35, centre[0], centre[0], centre[0] + 0.35])
    sy = np.array([-1.35, -1.35, -1.0, -1.0])
    ax.plot(sx, sy, color="black", lw=1.5)
    ax.text(centre[0], -1.5, "step at T", ha="center", va="top", fontsize=9)
    if labels:
        for x, text in ((0.0, "inputs\n(dendrites)"), (centre[0], "sum and threshold\n(cell body)"),
                        (out[0] + 1.6, "one output\n(axon)")):
            ax.text(x, 1.55, text, ha="center", va="bottom", fontsize=10, color="0.25")
    ax.set(xlim=(-0.5, 5.6), ylim=(-1.9, 2.2), aspect="equal")
    ax.axis("off")
    ax.set_title("the threshold logic unit (McCulloch and Pitts, 1943)")
    return ax


__all__ += ["draw_neuron", "draw_tlu"]
