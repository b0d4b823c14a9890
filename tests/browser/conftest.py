"""Fixtures for the browser tests: one Chromium and one `make lab` server per session.

The server is the real `make lab` (LAB_PORT: a free port, LAB_BROWSER=no,
JUPYTER_TOKEN: a random token) serving a temporary copy of notebooks/, so that
autosave never touches the repository.  Chromium is Debian's (`make test`
installs it); if it is missing, the tests fail and say how to install it.
Screenshots go to artifacts/screenshots/ (git-ignored).
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from .helpers import (CHROMIUM_ARGS, NOTEBOOK_DIR, SCREENSHOTS, LabServer, chromium_or_explain)
from .lab import JupyterLab

BROWSER_DIR = Path(__file__).resolve().parent


def _is_browser_item(item):
    return BROWSER_DIR in item.path.parents


def pytest_collection_modifyitems(session, config, items):
    """Browser tests run last (after the unit tests and nbval), and all the JupyterLab tests of
    one notebook run one after the other, so that each notebook is opened and run once."""
    browser = [it for it in items if _is_browser_item(it)]
    if not browser:
        return
    others = [it for it in items if not _is_browser_item(it)]

    def per_notebook(it):
        return getattr(it, "callspec", None) is not None and "lab_notebook" in it.callspec.params

    order = {it.nodeid: n for n, it in enumerate(browser)}
    quick = [it for it in browser if not per_notebook(it)]
    lab = sorted((it for it in browser if per_notebook(it)),
                 key=lambda it: (it.callspec.params["lab_notebook"], order[it.nodeid]))
    items[:] = others + quick + lab


@pytest.fixture(scope="session")
def chromium_path():
    try:
        return chromium_or_explain()
    except FileNotFoundError as e:
        pytest.fail(str(e), pytrace=False)


@pytest.fixture(scope="session")
def screenshots():
    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    for stale in SCREENSHOTS.glob("*_failed.png"):  # from an earlier failing run
        stale.unlink()
    return SCREENSHOTS


@pytest.fixture(scope="session")
def browser(chromium_path):
    """Headless Chromium, started once.  Playwright gives it a fresh, temporary user-data-dir."""
    try:
        from playwright.sync_api import sync_playwright
    except ImportError as e:
        pytest.fail(f"the playwright package is missing ({e}): `make venv` installs it from "
                    "requirements.lock (never run `playwright install`: the tests use Debian's chromium)",
                    pytrace=False)
    pw = sync_playwright().start()
    try:
        b = pw.chromium.launch(executable_path=chromium_path, headless=True, args=CHROMIUM_ARGS,
                               timeout=60_000)
    except Exception:
        pw.stop()
        raise
    yield b
    try:
        b.close()
    finally:
        pw.stop()


@pytest.fixture(scope="session")
def lab_server(tmp_path_factory):
    """`make lab` serving a temporary copy of notebooks/ (as ROOT/notebooks/...)."""
    work = tmp_path_factory.mktemp("lab")
    root = work / "root"
    shutil.copytree(NOTEBOOK_DIR, root / "notebooks",
                    ignore=shutil.ignore_patterns(".ipynb_checkpoints", "__pycache__"))
    server = LabServer(root, work).start()
    yield server
    server.stop()


@pytest.fixture(scope="session")
def jupyterlab(browser, lab_server, screenshots):
    lab = JupyterLab(browser, lab_server, screenshots)
    yield lab
    lab.close()
