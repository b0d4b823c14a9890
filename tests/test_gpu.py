"""The course's PyTorch code on a CUDA GPU gives the same answers as on the CPU.

CI has no GPU and `make test` hides CUDA (so stored outputs stay comparable),
so these tests skip there.  On a machine with a GPU run them with CUDA visible:

    CUDA_VISIBLE_DEVICES=0 python -m pytest tests/test_gpu.py

Each checks a GPU result against an independent one: the CPU path of the same
function, NumPy backprop, or a published count.
"""

import numpy as np
import pytest
import torch

import course
from course.network import Network
from test_network import _torch_grads   # the same independent PyTorch network, here on the GPU

pytestmark = pytest.mark.skipif(not torch.cuda.is_available(),
                                reason="needs a CUDA GPU (and CUDA_VISIBLE_DEVICES set to it)")

CUDA = torch.device("cuda")


def test_get_device_and_description_name_the_gpu():
    assert course.device.get_device().type == "cuda"
    assert course.device.on_gpu()
    assert course.device.describe_device().startswith("cuda:0 (")
    assert course.device.pick(cpu=1, gpu=2) == 2
    assert course.device.pick(cpu=1, gpu=2, device="cpu") == 1


def test_threshold_census_on_the_gpu_matches_the_published_counts():
    # OEIS A000609: 2, 4, 14, 104, 1882, 94572 for n = 0..5
    for n, published in enumerate([2, 4, 14, 104, 1882, 94_572]):
        assert course.tlu.count_threshold_functions(n, device=CUDA) == published


def test_batched_perceptrons_on_the_gpu_equal_the_cpu_run():
    rng = np.random.default_rng(0)
    X = rng.normal(size=(64, 40, 3))
    w = rng.normal(size=(64, 3))
    y = (np.einsum("bnd,bd->bn", X, w) > 0.2).astype(int)
    gpu = course.perceptron.train_many(X, y, max_epochs=200, device=CUDA)
    cpu = course.perceptron.train_many(X, y, max_epochs=200, device="cpu")
    for key in ("mistakes", "epochs", "converged"):
        assert torch.equal(gpu[key].cpu(), cpu[key]), key
    torch.testing.assert_close(gpu["weights"].cpu(), cpu["weights"], rtol=0, atol=1e-12)


@pytest.mark.parametrize("cost", ["quadratic", "cross_entropy"])
def test_autograd_on_the_gpu_equals_numpy_backprop(cost):
    net = Network([20, 7, 5, 3], cost=cost, seed=4)
    rng = np.random.default_rng(5)
    X, Y = rng.normal(size=(17, 20)), rng.uniform(size=(17, 3))
    _, torch_w, torch_b = _torch_grads(net, X, Y, device=CUDA)
    grads_w, grads_b = net.backprop(X, Y)
    for ours, theirs in zip(grads_w + grads_b, torch_w + torch_b):
        np.testing.assert_allclose(ours, theirs, rtol=1e-10, atol=1e-13)


def test_matmul_throughput_runs_on_the_gpu():
    assert course.compute.matmul_throughput(512, CUDA, repeats=3) > 0
