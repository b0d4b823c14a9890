"""The environment files agree with each other, Binder gets the CPU build, the README's promises hold."""

import os
import re
import shutil
import stat
import subprocess
import sys
import tomllib

import pytest

from conftest import ROOT

COMMISSIONED = {"jupyterlab", "numpy", "matplotlib", "ipywidgets", "nbval", "torch"}
# conda-forge names for the PyPI names they differ from
CONDA_NAME = {"torch": {"pytorch", "pytorch-cpu"}}


def _norm(name):
    return re.sub(r"[-_.]+", "-", name).lower()


def _pyproject_deps():
    meta = tomllib.loads((ROOT / "pyproject.toml").read_text())["project"]
    return {_norm(re.split(r"[<>=!~ \[;]", d)[0]) for d in meta["dependencies"]}


def _lock():
    pins = {}
    for line in (ROOT / "requirements.lock").read_text().splitlines():
        line = line.strip()
        if line and not line.startswith("#"):
            name, _, version = line.partition("==")
            assert version, f"lock line {line!r} is not pinned with =="
            pins[_norm(name)] = version
    return pins


def _conda_deps(path):
    names = set()
    in_deps = False
    for line in path.read_text().splitlines():
        if line.startswith("dependencies:"):
            in_deps = True
            continue
        if in_deps and re.match(r"\s+- ", line):
            names.add(_norm(re.split(r"[<>=! ]", line.strip()[2:].strip())[0]))
        elif in_deps and line and not line.startswith(" "):
            in_deps = False
    return names


def _has(names, pypi_name):
    return bool(({pypi_name} | CONDA_NAME.get(pypi_name, set())) & names)


def test_every_runtime_dependency_is_pinned_and_everywhere():
    deps, lock = _pyproject_deps(), _lock()
    assert COMMISSIONED <= deps
    conda = _conda_deps(ROOT / "environment.yml")
    binder = _conda_deps(ROOT / "binder" / "environment.yml")
    for name in deps:
        assert name in lock, f"{name} is in pyproject but not pinned in requirements.lock"
        assert _has(conda, name), f"{name} missing from environment.yml"
        assert _has(binder, name), f"{name} missing from binder/environment.yml"
    assert lock["torch"] == "2.13.0"


def test_binder_gets_cpu_torch_and_installs_the_package():
    binder = (ROOT / "binder" / "environment.yml").read_text()
    assert re.search(r"^\s+- pytorch-cpu", binder, re.M) and not re.search(r"^\s+- pytorch\s*$", binder, re.M)
    assert re.search(r"^\s+- python=3\.\d+", binder, re.M), "Binder's Python must be pinned"
    for env in [ROOT / "environment.yml", ROOT / "binder" / "environment.yml"]:
        lines = [l.split("#")[0] for l in env.read_text().splitlines()]
        assert not any("-e ." in l for l in lines), f"{env.name} must not install the package (-e .)"
    post = ROOT / "binder" / "postBuild"
    assert post.stat().st_mode & stat.S_IXUSR, "binder/postBuild must be executable"
    text = post.read_text()
    assert "set -euo pipefail" in text and "pip install --no-deps -e ." in text


def test_readme_badge_and_ci():
    readme = (ROOT / "README.md").read_text()
    badge = re.search(r"mybinder\.org/v2/gh/[^)\s]+?urlpath=lab/tree/(notebooks/[\w.]+\.ipynb)", readme)
    assert badge, "the README needs a Binder badge that opens a notebook"
    assert (ROOT / badge.group(1)).exists()
    assert "make lab" in readme and "make test" in readme
    ci = [l for l in (ROOT / ".ci" / "run").read_text().splitlines() if l.strip() and not l.startswith("#")]
    assert ci[-1].strip() == "make test"


def test_every_notebook_is_in_the_chapter_map_with_its_time():
    import nbformat

    readme = (ROOT / "README.md").read_text()
    for nb in (ROOT / "notebooks").glob("*.ipynb"):
        row = next((line for line in readme.splitlines() if line.startswith("|") and nb.name in line), None)
        assert row, f"{nb.name} is missing from the README's chapter map"
        minutes = re.search(r"\*\*Time:\*\* about (\d+) minutes", nbformat.read(nb, 4).cells[0].source).group(1)
        assert f"| {minutes} min |" in row, f"the README gives {nb.name} another time than its top ({minutes} min)"


@pytest.mark.skipif(shutil.which("repo2docker") is None and
                    subprocess.run([sys.executable, "-c", "import repo2docker"], capture_output=True).returncode,
                    reason="jupyter-repo2docker is not installed")
def test_repo2docker_accepts_the_repo():
    exe = shutil.which("repo2docker") or os.path.join(os.path.dirname(sys.executable), "repo2docker")
    result = subprocess.run([exe, "--no-build", "--no-run", "--debug", str(ROOT)],
                            capture_output=True, text=True, timeout=120)
    assert result.returncode == 0, result.stderr[-2000:]
    assert "postBuild" in result.stdout + result.stderr
