"""The chain explorer's activation switch (sigmoid, tanh, ReLU), checked against
torch.autograd on a real chain of neurons and against exact hand values."""

import inspect

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from course import widgets

TORCH_F = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}


def autograd_chain(weights, zs, activation):
    """dC/db_l ÷ dC/da_L for a chain whose biases make every pre-activation equal zs[l]."""
    f = TORCH_F[activation]
    a = torch.tensor(0.7, dtype=torch.float64)  # the input a_0
    biases = []
    for w, z in zip(weights, zs):
        b = torch.tensor(float(z) - float(w) * a.item(), dtype=torch.float64, requires_grad=True)
        biases.append(b)
        a = f(w * a + b)
    a.backward()  # dC/da_L = 1
    return np.array([b.grad.item() for b in biases])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_chain_gradients_match_autograd(activation):
    rng = np.random.default_rng(3)
    for depth in (1, 2, 5, 9):
        ws = rng.normal(0, 2, depth)
        zs = rng.uniform(0.1, 2.0, depth) * rng.choice([-1, 1], depth)
        if activation == "relu":
            zs = np.abs(zs)  # ReLU's gradient is exactly 0 for a non-positive z
        g = widgets.chain_gradients(ws, zs, activation)
        got = g["sign"] * 10.0 ** g["log10_grad"]
        np.testing.assert_allclose(got, autograd_chain(ws, zs, activation), rtol=1e-10, atol=0)


@pytest.mark.parametrize("depth", [1, 2, 4, 30])
def test_relu_product_is_exactly_one(depth):
    """Positive pre-activations and unit weights: every factor and the product are exactly 1."""
    zs = np.linspace(0.1, 9.0, depth)
    g = widgets.chain_gradients(np.ones(depth), zs, "relu")
    assert np.all(g["factor"] == 1.0)
    assert np.all(g["log10_grad"] == 0.0)  # log10 of exactly 1
    assert np.all(g["sign"] == 1.0)
    text = widgets.chain_readout(depth=depth, w=1.0, z=2.5, activation="relu")
    assert text.startswith("∂C/∂b₁ = 1.00e+00 × ∂C/∂a_L")
    if depth > 1:
        assert "same size" in text


def test_sigmoid_shrinks_where_relu_does_not():
    sig = widgets.chain_gradients(np.ones(10), np.zeros(10), "sigmoid")
    assert sig["log10_grad"][0] == pytest.approx(10 * np.log10(0.25))  # (1/4)^10
    tanh = widgets.chain_gradients(np.ones(10), np.zeros(10), "tanh")
    assert np.all(tanh["log10_grad"] == 0.0)  # tanh'(0) = 1 exactly


def test_relu_dead_neuron_gives_exact_zero():
    g = widgets.chain_gradients(np.ones(4), np.array([1.0, -0.5, 2.0, 3.0]), "relu")
    assert g["sign"][0] == 0 and g["log10_grad"][0] == -np.inf
    assert g["log10_grad"][2] == 0.0  # layers above the dead one still get the full gradient
    text = widgets.chain_readout(depth=4, w=1.0, z=-1.0, activation="relu")
    assert "exactly 0" in text


def test_default_stays_sigmoid_and_bad_names_fail():
    for fn in (widgets.chain_gradients, widgets.chain_readout, widgets.chain_product_figure,
               widgets.chain_product_explorer):
        assert inspect.signature(fn).parameters["activation"].default == "sigmoid"
    with pytest.raises(ValueError, match="unknown activation"):
        widgets.chain_gradients([1.0], [0.0], "softplus")


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_figure_and_explorer_build(activation):
    fig = widgets.chain_product_figure(depth=6, w=1.0, z=1.0, activation=activation)
    assert len(fig.axes) == 2
    plt.close(fig)
    box = widgets.chain_product_explorer(depth=6, w=1.0, z=1.0, activation=activation)
    dropdowns = [c for row in box.children[:2] for c in getattr(row, "children", ())
                 if type(c).__name__ == "Dropdown" and c.description == "activation"]
    assert dropdowns and dropdowns[0].value == activation
    plt.close("all")
