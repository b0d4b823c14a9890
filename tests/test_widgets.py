"""course.widgets: the numbers behind both explorers, and clean drawing at the extremes."""

import math
import warnings

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

from course import widgets as W
from course.activations import sigmoid_prime


def chain_by_autograd(weights, zs, activation="sigmoid"):
    """∂a_L/∂b_l for a real chain built so that neuron j's input is exactly zs[j]."""
    act = {"sigmoid": torch.sigmoid, "tanh": torch.tanh, "relu": torch.relu}[activation]
    L = len(zs)
    biases = []
    a = torch.tensor(0.7, dtype=torch.float64)  # any input a_0
    for j in range(L):
        # choose b_j so that z_j = w_j a_{j-1} + b_j equals zs[j] at this operating point
        b = torch.tensor(float(zs[j] - weights[j] * a.item()), dtype=torch.float64, requires_grad=True)
        biases.append(b)
        a = act(weights[j] * a + b)
    a.backward()
    return np.array([b.grad.item() for b in biases])


@pytest.mark.parametrize("activation", ["sigmoid", "tanh", "relu"])
def test_chain_gradients_equal_autograd(activation):
    rng = np.random.default_rng(1)
    for L in [1, 2, 5, 12]:
        ws = rng.normal(size=L)
        zs = rng.normal(size=L) * 2 + 0.3
        g = W.chain_gradients(ws, zs, activation)
        expected = chain_by_autograd(ws, zs, activation)
        got = g["sign"] * 10.0 ** g["log10_grad"]
        np.testing.assert_allclose(got, expected, rtol=1e-10, atol=1e-300)


def test_chain_matches_the_closed_form():
    # every w = 1, z = 0: ∂C/∂b_1 = σ′(0)^L; the readout's ratio is 4^(L-1)
    g = W.chain_gradients(np.ones(4), np.zeros(4))
    assert math.isclose(10 ** g["log10_grad"][0], 0.25 ** 4, rel_tol=1e-12)
    text = W.chain_readout(depth=4, w=1.0, z=0.0)
    assert "3.91e-03" in text and "6.40e+01 times smaller" in text
    assert "1.02e+03 times smaller" in W.chain_readout(depth=6, w=1.0, z=0.0)  # 4^5 = 1024


def test_relu_chain_with_unit_weights_is_exactly_one():
    g = W.chain_gradients(np.ones(10), np.full(10, 0.5), "relu")
    assert np.all(g["log10_grad"] == 0.0) and np.all(g["sign"] == 1)
    assert "the same size" in W.chain_readout(depth=10, w=1.0, z=0.5, activation="relu")


def test_chain_readout_reports_exact_zero_and_growth():
    assert "exactly 0" in W.chain_readout(depth=5, w=0.0, z=0.0)
    assert "exactly 0" in W.chain_readout(depth=5, w=1.0, z=-1.0, activation="relu")
    assert "larger" in W.chain_readout(depth=5, w=8.0, z=0.0)  # factor 2 per link


def test_extreme_chain_does_not_underflow():
    # factor (0.1 · σ′(10))^29 ≈ 1e-159 · ...: far below float64's smallest normal if multiplied naively
    g = W.chain_gradients(np.full(30, 0.1), np.full(30, 10.0))
    expected = 30 * math.log10(sigmoid_prime(10.0)) + 29 * math.log10(0.1)
    assert math.isclose(g["log10_grad"][0], expected, rel_tol=1e-12)


def test_sigmoid_readout_values():
    text = W.sigmoid_readout(z=0.5)
    assert f"{sigmoid_prime(0.5):.4f}" in text and "1/4" in text
    assert f"{2 * sigmoid_prime(2 * 0.5 + 1):.4f}" in W.sigmoid_readout(z=0.5, w=2.0, b=1.0)


EXTREME_CHAINS = [
    dict(depth=W.MAX_DEPTH, w=W.CHAIN_W_RANGE[1], z=W.Z_RANGE[1]),
    dict(depth=W.MAX_DEPTH, w=W.CHAIN_W_RANGE[0], z=W.Z_RANGE[0]),
    dict(depth=W.MAX_DEPTH, w=0.1, z=W.Z_RANGE[1], activation="tanh"),
    dict(depth=W.MAX_DEPTH, w=0.0, z=0.0),
    dict(depth=W.MAX_DEPTH, w=W.CHAIN_W_RANGE[1], z=0.0),
    dict(depth=1, w=0.0, z=0.0),
    dict(depth=7, w=1.0, z=-2.0, activation="relu"),
    dict(depth=W.MAX_DEPTH, w=W.CHAIN_W_RANGE[1], z=0.0, weights="random", seed=99),
    dict(depth=W.MAX_DEPTH, w=1e150, z=0.0),            # figures take any finite w: bars are cut off
    dict(depth=W.MAX_DEPTH, w=1e150, z=W.Z_RANGE[1]),
]


@pytest.mark.parametrize("kwargs", EXTREME_CHAINS)
def test_chain_figure_is_clean_at_extremes(kwargs):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = W.chain_product_figure(**kwargs)
        fig.canvas.draw()
    for ax in fig.axes:
        lo, hi = ax.get_ylim()
        assert np.isfinite(lo) and np.isfinite(hi) and lo < hi
    plt.close(fig)


@pytest.mark.parametrize("z,w,b", [(W.Z_RANGE[1], W.W_RANGE[1], W.W_RANGE[1]),
                                   (W.Z_RANGE[0], W.W_RANGE[0], W.W_RANGE[0]), (0, 0, 0)])
def test_sigmoid_figure_is_clean_at_extremes(z, w, b):
    with warnings.catch_warnings():
        warnings.simplefilter("error")
        fig = W.sigmoid_derivative_figure(z, w, b)
        fig.canvas.draw()
    plt.close(fig)


def test_explorers_build_and_respond():
    box = W.sigmoid_derivative_explorer(z=1.0)
    sliders = box.children[0].children
    readout = box.children[1]
    assert [s.description for s in sliders] == ["z", "weight w", "bias b"]
    assert f"{sigmoid_prime(1.0):.4f}" in readout.value
    sliders[0].value = 2.0
    assert f"{sigmoid_prime(2.0):.4f}" in readout.value

    chain = W.chain_product_explorer()
    depth, w, z = chain.children[0].children
    readout = chain.children[2]
    assert "3.91e-03" in readout.value
    depth.value = 6
    assert "1.02e+03 times smaller" in readout.value
    w.value = 4.0  # every factor 4 · 1/4 = 1
    assert "the same size" in readout.value
    plt.close("all")


@pytest.mark.parametrize("bad", [dict(depth=0), dict(depth=31), dict(depth=2.5), dict(w=float("nan")),
                                 dict(activation="swish"), dict(weights="sorted")])
def test_chain_bad_input_is_a_clear_error(bad):
    with pytest.raises(ValueError):
        W.chain_readout(**bad)
    with pytest.raises(ValueError):
        W.chain_product_explorer(**bad)


def test_chain_gradients_shape_errors():
    with pytest.raises(ValueError, match="same length"):
        W.chain_gradients([1.0, 2.0], [0.0])
    with pytest.raises(ValueError, match="finite"):
        W.chain_gradients([1.0, np.inf], [0.0, 0.0])


@pytest.mark.parametrize("make", [
    lambda: W.sigmoid_derivative_explorer(z=50.0),
    lambda: W.sigmoid_derivative_explorer(w=W.W_RANGE[1] + 0.5),
    lambda: W.chain_product_explorer(w=20.0),
    lambda: W.chain_product_explorer(z=-11.0),
    lambda: W.chain_product_explorer(weights="random", seed=500),
])
def test_explorers_refuse_a_start_outside_their_sliders(make):
    # the slider would clamp it silently, and the live widget would disagree with its static figure
    with pytest.raises(ValueError, match="outside the explorer's slider range"):
        make()


@pytest.mark.parametrize("seed", [None, -1, 1.5, True])
def test_random_chain_weights_need_a_fixed_seed(seed):
    # seed=None would draw new weights on every call: the readout and the figure's bars would disagree
    for draw in (W.chain_readout, W.chain_product_figure):
        with pytest.raises(ValueError, match="seed must be a non-negative integer"):
            draw(weights="random", seed=seed)
    assert W.chain_readout(weights="random", seed=7) == W.chain_readout(weights="random", seed=7)


def test_readout_of_a_huge_weight_stays_short():
    assert "w = 1e+150," in W.chain_readout(4, 1e150, 0.0)
    assert "w = 1.00," in W.chain_readout(4, 1.0, 0.0)
