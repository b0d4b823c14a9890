"""Shared test set-up: a non-interactive matplotlib backend and the repo paths."""

import os
from pathlib import Path

import matplotlib

matplotlib.use("Agg")
os.environ.setdefault("PYTHONHASHSEED", "0")

ROOT = Path(__file__).resolve().parents[1]
NOTEBOOKS = sorted((ROOT / "notebooks").glob("*.ipynb"))


def pytest_configure(config):
    config.addinivalue_line("markers", "notebook: checks a stored notebook")
