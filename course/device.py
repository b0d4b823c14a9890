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


def _hidden() -> str:
    return " (CUDA hidden by CUDA_VISIBLE_DEVICES)" if os.environ.get("CUDA_VISIBLE_DEVICES") == "" else ""


def _resolve(device) -> torch.device:
    """`device` as a torch.device (default: `get_device()`); a CUDA GPU that PyTorch cannot use is an error."""
    device = get_device() if device is None else torch.device(device)
    if device.type == "cuda":
        n = torch.cuda.device_count() if torch.cuda.is_available() else 0
        if (device.index or 0) >= n:
            raise ValueError(f"device {str(device)!r} was asked for, but PyTorch sees {n} CUDA GPU(s){_hidden()}; "
                             f"leave device=None to run on the GPU when there is one, else the CPU")
    return device


def on_gpu(device=None) -> bool:
    """True when `device` (default: `get_device()`) is a GPU."""
    return _resolve(device).type == "cuda"


def describe_device(device=None) -> str:
    """One line naming the device, e.g. 'cuda:0 (NVIDIA H100 80GB HBM3, 79 GiB)' or 'cpu (2 threads)'."""
    device = _resolve(device)
    if device.type not in ("cuda", "cpu"):       # mps, meta, ...: the course's GPU cells use CUDA only
        return str(device)
    if device.type == "cuda":
        index = device.index if device.index is not None else torch.cuda.current_device()
        props = torch.cuda.get_device_properties(index)
        return f"cuda:{index} ({props.name}, {props.total_memory / 2**30:.0f} GiB)"
    threads = torch.get_num_threads()
    return f"cpu ({threads} thread{'s' if threads != 1 else ''}){_hidden()}"


def pick(cpu, gpu, device=None):
    """Choose a problem size: `gpu` on a GPU, `cpu` otherwise."""
    return gpu if on_gpu(device) else cpu
