"""course.setup, course.device and course.plotting."""

import random

import matplotlib.pyplot as plt
import numpy as np
import pytest
import torch

import course
from course import device, plotting


def test_setup_seeds_everything_and_reports():
    env = course.setup(seed=5)
    a = (random.random(), np.random.rand(), torch.rand(1).item())
    course.setup(seed=5)
    b = (random.random(), np.random.rand(), torch.rand(1).item())
    assert a == b
    text = str(env)
    assert "torch" in text and "numpy" in text and "device:" in text and "seed 5" in text
    assert plt.rcParams["axes.prop_cycle"].by_key()["color"][0] == plotting.OKABE_ITO[0]


@pytest.mark.parametrize("bad", [-1, 1.5, "0", True])
def test_setup_rejects_bad_seeds(bad):
    with pytest.raises(ValueError):
        course.setup(seed=bad)


def test_setup_accepts_numpy_integer_seeds():
    course.setup(seed=5)
    a = np.random.rand()
    env = course.setup(seed=np.int64(5))
    assert np.random.rand() == a and "seed 5" in str(env)


def test_device_choice_and_description():
    d = device.get_device()
    assert d.type == ("cuda" if torch.cuda.is_available() else "cpu")
    assert device.describe_device(torch.device("cpu")).startswith("cpu (")
    assert device.describe_device("meta") == "meta"       # not reported as the CPU
    assert device.pick(cpu=1, gpu=2, device=torch.device("cpu")) == 1
    assert device.on_gpu("cpu") is False


def test_lazy_submodules():
    assert course.activations.sigmoid(0.0) == 0.5
    with pytest.raises(AttributeError):
        course.not_a_module


def test_draw_network():
    fig, ax = plt.subplots()
    plotting.draw_network([784, 30, 10], ax=ax)
    assert len(ax.patches) == 8 + 8 + 8  # big layers are drawn with 8 units and an ellipsis
    plt.close(fig)
    with pytest.raises(ValueError):
        plotting.draw_network([3])


def test_asking_for_a_gpu_pytorch_cannot_use_is_a_clear_error():
    n = torch.cuda.device_count() if torch.cuda.is_available() else 0
    missing = [f"cuda:{n}"] + ([] if n else ["cuda", torch.device("cuda")])
    for d in missing:
        for call in (device.on_gpu, device.describe_device, lambda d: device.pick(cpu=1, gpu=2, device=d)):
            with pytest.raises(ValueError, match=f"PyTorch sees {n} CUDA GPU.*leave device=None"):
                call(d)
