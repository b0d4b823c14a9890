"""The GPU notebook runner (tests/gpu/run_notebooks.py) flags what it should.

Its execution needs a GPU; its comparison does not, so it is checked here on
the stored notebooks with planted changes.
"""

import copy
import importlib.util

import nbformat
import pytest

from conftest import NOTEBOOKS, ROOT

spec = importlib.util.spec_from_file_location("run_notebooks", ROOT / "tests" / "gpu" / "run_notebooks.py")
runner = importlib.util.module_from_spec(spec)
spec.loader.exec_module(runner)


@pytest.fixture
def stored(tmp_path):
    path = next(p for p in NOTEBOOKS if p.name.startswith("03_"))   # has an untagged check in its GPU section
    return path, nbformat.read(path, as_version=4)


def _write(tmp_path, path, nb):
    target = tmp_path / path.name
    nbformat.write(nbformat.from_dict(nb), target)
    return target


def _say_cuda(nb):
    """Make the first GPU-section stream output name a CUDA device, as a GPU run would."""
    for i in runner.gpu_section(nb["cells"]):
        cell = nb["cells"][i]
        if cell["cell_type"] == "code" and "nbval-ignore-output" in cell["metadata"].get("tags", []):
            for out in cell["outputs"]:
                if out["output_type"] == "stream":
                    out["text"] = "running on: cuda:0 (a test GPU, 80 GiB)\n"
                    return nb
    raise AssertionError("no ignored stream output in the GPU section")


def test_a_faithful_gpu_run_passes(tmp_path, stored):
    path, nb = stored
    report = runner.compare(path, _write(tmp_path, path, _say_cuda(copy.deepcopy(nb))), runner.sanitizer())
    assert report["ok"], report["problems"]


def test_a_run_that_never_saw_cuda_fails(tmp_path, stored):
    path, nb = stored
    report = runner.compare(path, _write(tmp_path, path, nb), runner.sanitizer())
    assert not report["ok"] and "cuda" in report["problems"][-1]


def test_a_changed_check_in_the_gpu_section_fails_and_stderr_is_caught(tmp_path, stored):
    path, nb = stored
    nb = _say_cuda(copy.deepcopy(nb))
    gpu = runner.gpu_section(nb["cells"])
    compared = [i for i, c in enumerate(nb["cells"]) if c["cell_type"] == "code" and c["outputs"]
                and "nbval-ignore-output" not in c["metadata"].get("tags", [])]
    inside = next(i for i in compared if i in gpu)
    outside = next(i for i in compared if i not in gpu)
    nb["cells"][inside]["outputs"] = [{"output_type": "stream", "name": "stdout", "text": "agree: False\n"}]
    nb["cells"][outside]["outputs"].append({"output_type": "stream", "name": "stderr", "text": "UserWarning\n"})
    report = runner.compare(path, _write(tmp_path, path, nb), runner.sanitizer())
    assert not report["ok"]
    assert f"cell {inside}: output differs from the stored one" in report["problems"]
    assert any(p.startswith(f"cell {outside}: stderr") for p in report["problems"])
    assert [d["cell"] for d in report["differences_outside_gpu_section"]] == [outside]


def test_gpu_requirements_pin_what_the_lock_pins():
    def pins(path):
        lines = (line.split("#")[0].strip() for line in path.read_text().splitlines())
        return {name.lower().replace("_", "-"): version
                for name, _, version in (line.partition("==") for line in lines if line)}
    lock = pins(ROOT / "requirements.lock")
    gpu = pins(ROOT / "tests" / "gpu" / "requirements.txt")
    assert {"nbclient", "ipykernel", "ipywidgets", "mlxtend"} <= gpu.keys()
    assert {name: lock.get(name) for name in gpu} == gpu


def test_a_notebook_without_a_gpu_heading_is_reported_not_a_crash(tmp_path, stored):
    path, nb = stored
    nb = _say_cuda(copy.deepcopy(nb))
    for cell in nb["cells"]:
        if cell["cell_type"] == "markdown" and "GPU" in cell["source"].splitlines()[0]:
            cell["source"] = cell["source"].replace("GPU", "accelerator")
    ran = _write(tmp_path, path, nb)
    report = runner.compare(ran, ran, runner.sanitizer())
    assert not report["ok"] and "no GPU section" in report["problems"][0]
