"""Helpers for the course "How neural networks learn, and why deep ones were hard to train".

Every notebook starts with::

    import course
    course.setup()

which seeds every random number generator, sets the plotting style and reports
the machine.  The submodules hold one idea each (activations, tlu, perceptron,
network, tape, forward, gradients, bayes, compute, data, widgets, plotting,
device, checks); they are imported on first use so that ``import course`` stays
fast.
"""

from __future__ import annotations

import importlib
import platform
import random
from dataclasses import dataclass

__version__ = "0.1.0"

_SUBMODULES = (
    "activations", "bayes", "checks", "compute", "data", "device", "forward", "gradients", "network",
    "perceptron", "plotting", "tape", "tlu", "widgets",
)


def __getattr__(name):
    if name in _SUBMODULES:
        return importlib.import_module(f"{__name__}.{name}")
    raise AttributeError(f"module 'course' has no attribute {name!r}")


def __dir__():
    return sorted(list(globals()) + list(_SUBMODULES))


@dataclass(frozen=True)
class Environment:
    """What `setup` found: versions, the seed and the compute device."""

    seed: int
    python: str
    numpy: str
    torch: str
    matplotlib: str
    device: str

    def __str__(self):
        return (f"course {__version__} | Python {self.python} | numpy {self.numpy} | "
                f"torch {self.torch} | matplotlib {self.matplotlib} | seed {self.seed}\n"
                f"device: {self.device}")

    __repr__ = __str__


def seed_everything(seed: int = 0) -> None:
    """Seed Python's `random`, NumPy's global generator and PyTorch (CPU and CUDA)."""
    import numpy as np
    import torch

    from .network import _check_seed

    seed = _check_seed(seed)
    random.seed(seed)
    np.random.seed(seed)
    torch.manual_seed(seed)  # also seeds every CUDA device


def setup(seed: int = 0) -> Environment:
    """Seed everything, apply the course's plotting style and describe the machine.

    Call it once, in the first code cell of a notebook.  Returns an
    `Environment` whose printout names the versions and the device.
    """
    import matplotlib
    import numpy as np
    import torch

    from . import device, plotting

    seed_everything(seed)
    plotting.apply_style()
    return Environment(
        seed=seed,
        python=platform.python_version(),
        numpy=np.__version__,
        torch=torch.__version__,
        matplotlib=matplotlib.__version__,
        device=device.describe_device(),
    )
