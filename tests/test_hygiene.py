"""Every stored notebook follows the course template and is fully, cleanly executed.

nbval (strict) re-runs the notebooks and compares outputs; this test checks what
nbval cannot: structure, the static figure before each live widget, hidden
solutions, a GPU section, execution order, and the stored widget state that
GitHub needs to render the notebook.
"""

import re

import nbformat
import pytest

from conftest import NOTEBOOKS

WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGETS = [("sigmoid_derivative_explorer", "sigmoid_derivative_figure"),
           ("chain_product_explorer", "chain_product_figure")]


def _src(cell):
    return cell.source if isinstance(cell.source, str) else "".join(cell.source)


def _tags(cell):
    return cell.get("metadata", {}).get("tags", [])


@pytest.fixture(params=NOTEBOOKS, ids=[p.name for p in NOTEBOOKS])
def nb(request):
    return nbformat.read(request.param, as_version=4)


def test_there_are_notebooks():
    assert any(p.name == "00_start_here.ipynb" for p in NOTEBOOKS)


def test_valid_nbformat_and_widget_state(nb):
    nbformat.validate(nb)
    state = nb.metadata.get("widgets", {}).get(WIDGET_STATE)
    assert state is not None and "state" in state and state["state"], \
        "widget state missing from metadata: re-execute with `make notebooks`"


def test_title_time_and_objectives(nb):
    first = nb.cells[0]
    assert first.cell_type == "markdown" and _src(first).startswith("# ")
    text = _src(first)
    assert re.search(r"\*\*Time:\*\* about \d+ minutes", text), "the top must state the time estimate"
    assert "Learning objectives" in text


def test_setup_cell_first(nb):
    code = [c for c in nb.cells if c.cell_type == "code"]
    src = _src(code[0])
    assert "import course" in src and "course.setup(" in src, "first code cell must import course and call setup()"


def test_executed_in_order_without_errors_or_stderr(nb):
    counts = []
    for i, cell in enumerate(nb.cells):
        if cell.cell_type != "code":
            continue
        assert cell.execution_count is not None, f"cell {i} was not executed"
        counts.append(cell.execution_count)
        for out in cell.outputs:
            assert out.output_type != "error", f"cell {i} stored an error: {out.get('ename')}"
            assert not (out.output_type == "stream" and out.name == "stderr"), \
                f"cell {i} wrote to stderr: {out.text[:200]!r}"
            text = out.get("data", {}).get("text/plain", "")
            assert " at 0x" not in text, f"cell {i} stores a memory address: {text[:100]!r}"
    assert counts == list(range(1, len(counts) + 1)), "cells must be executed once, top to bottom"


@pytest.mark.parametrize("live,static", WIDGETS)
def test_both_widgets_with_static_figure_first(nb, live, static):
    code = [c for c in nb.cells if c.cell_type == "code"]
    uses = [i for i, c in enumerate(code) if live + "(" in _src(c)]
    assert uses, f"the notebook must use {live}"
    for i in uses:
        cell = code[i]
        assert "nbval-ignore-output" in _tags(cell), f"the live {live} cell needs the nbval-ignore-output tag"
        assert any(o.get("data", {}).get("application/vnd.jupyter.widget-view+json") for o in cell.outputs), \
            f"the {live} cell has no stored widget view"
        before = code[i - 1] if i else None
        assert before is not None and static + "(" in _src(before), \
            f"the cell before {live} must draw its static figure with {static}"
        assert any("image/png" in o.get("data", {}) for o in before.outputs), \
            f"the static {static} cell has no stored PNG"


def test_exercises_with_checks_and_hidden_solutions(nb):
    headings = [_src(c) for c in nb.cells if c.cell_type == "markdown"]
    assert any(re.search(r"^## .*Exercise", h, re.M) for h in headings), "an Exercises section is required"
    code = [c for c in nb.cells if c.cell_type == "code"]
    checks = [c for c in code if "course.checks" in _src(c) or re.search(r"\bcheck(_function|_that)?\(", _src(c))]
    solutions = [c for c in code if "solution" in _tags(c)]
    assert checks, "exercises must call course.checks"
    assert solutions, "each exercise needs a hidden worked solution (tag: solution)"
    for c in solutions:
        assert c.metadata.get("jupyter", {}).get("source_hidden") is True, "solution cells are hidden"
        printed = "".join(o.get("text", "") for o in c.outputs if o.output_type == "stream")
        assert "✅" in printed and "❌" not in printed, "a worked solution must pass its own check"


def test_gpu_section_summary_references(nb):
    headings = "\n".join(_src(c) for c in nb.cells if c.cell_type == "markdown")
    assert re.search(r"^## .*GPU", headings, re.M), "an optional GPU section is required"
    assert re.search(r"^## Summary", headings, re.M)
    assert re.search(r"^## References", headings, re.M)
    code = "\n".join(_src(c) for c in nb.cells if c.cell_type == "code")
    assert "get_device(" in code, "the GPU section must use course.device.get_device()"
