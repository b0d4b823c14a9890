"""Where the optional GPU cells run: CUDA when PyTorch sees a GPU, else the CPU.

GPU cells call `get_device()` and size their work with `pick(cpu=..., gpu=...)`,
so the same cell runs everywhere: big on a GPU, small on a laptop.
"""

from __future__ import annotations

import os

import torch

__all__ = ["get_device", "describe_device", "on_gpu", "pick"]


def get_device() -> torch.device:
    """`torch.device("cuda")` when a CUDA GPU is usable, else `torch.device("cpu")`."""
    return torch.device("cuda") if torch.cuda.is_available() else torch.device("cpu")


def on_gpu(device=None) -> bool:
    """True when `device` (default: `get_device()`) is a GPU."""
    device = get_device() if device is None else torch.device(device)
    return device.type == "cuda"


def describe_device(device=None) -> str:
    """One line naming the device, e.g. 'cuda:0 (NVIDIA H100 80GB HBM3)' or 'cpu (2 threads)'."""
    device = get_device() if device is None else torch.device(device)
    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        props = torch.cuda.get_device_properties(index)
        return f"cuda:{index} ({props.name}, {props.total_memory / 2**30:.0f} GiB)"
    hidden = " (CUDA hidden by CUDA_VISIBLE_DEVICES)" if os.environ.get("CUDA_VISIBLE_DEVICES") == "" else ""
    threads = torch.get_num_threads()
    return f"cpu ({threads} thread{'s' if threads != 1 else ''}){hidden}"


def pick(cpu, gpu, device=None):
    """Choose a problem size: `gpu` on a GPU, `cpu` otherwise."""
    return gpu if on_gpu(device) else cpu
