"""The GitHub / nbviewer view: every stored notebook exported to HTML offline and shown in Chromium.

GitHub runs no widget JavaScript, so the page is loaded with JavaScript off and
every network request blocked: what is left is what a reader sees there.  Each
live widget must have its static figure (an <img> output) in the code cell just
before it, no cell may show error output, and the notebook must not be one that
GitHub refuses as "Invalid Notebook" (its widget metadata needs the `state` key).
"""

from __future__ import annotations

import nbformat
import pytest

from .helpers import NOTEBOOK_DIR, notebooks

pytestmark = pytest.mark.browser

ALL = [p.name for p in notebooks()]
WIDGET_STATE = "application/vnd.jupyter.widget-state+json"
WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"

_JS_PAGE = """
([stateMime, viewMime]) => {
  const r = {text: document.body.innerText, images: 0, broken: [], widgets: [], errors: [], cells: 0};
  const stateEl = document.querySelector(`script[type="${stateMime}"]`);
  let state = null;
  try { state = stateEl ? JSON.parse(stateEl.textContent) : null; } catch (e) { state = null; }
  let previousImages = 0;
  document.querySelectorAll('.jp-Cell').forEach((cell, i) => {
    r.cells += 1;
    if (!cell.classList.contains('jp-CodeCell')) return;
    const imgs = Array.from(cell.querySelectorAll('.jp-OutputArea-output img'));
    const shown = imgs.filter(img => img.complete && img.naturalWidth > 0);
    r.images += shown.length;
    imgs.filter(img => !shown.includes(img)).forEach(() => r.broken.push(i));
    for (const v of cell.querySelectorAll(`script[type="${viewMime}"]`)) {
      let id = null;
      try { id = JSON.parse(v.textContent).model_id; } catch (e) {}
      r.widgets.push({cell: i, model_id: id, inState: !!(id && state && state.state && state.state[id]),
                      staticImages: previousImages});
    }
    for (const el of cell.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')) {
      r.errors.push(`cell ${i}: ${el.textContent.trim().slice(0, 300)}`);
    }
    for (const el of cell.querySelectorAll('.jp-OutputArea-output')) {
      if (el.textContent.includes('Traceback (most recent call last)')) r.errors.push(`cell ${i}: a traceback`);
    }
    previousImages = shown.length;
  });
  return r;
}
"""


def github_invalid_reasons(nb):
    """Why GitHub would show "Invalid Notebook" for this notebook (empty: it would render it)."""
    reasons = []
    try:
        nbformat.validate(nb)
    except nbformat.ValidationError as e:
        reasons.append(f"nbformat: {e.message}")
    widgets = nb.metadata.get("widgets")
    if widgets is not None:
        state = widgets.get(WIDGET_STATE)
        if not isinstance(state, dict) or "state" not in state:
            reasons.append("the 'state' key is missing from 'metadata.widgets' (run `make notebooks`)")
    return reasons


@pytest.fixture(scope="session")
def offline_context(browser):
    """JavaScript off, as on GitHub, and every request to the network refused."""
    ctx = browser.new_context(viewport={"width": 1100, "height": 900}, java_script_enabled=False)
    ctx.set_default_timeout(30_000)
    ctx.route(lambda url: not url.startswith(("file:", "data:")), lambda route: route.abort())
    yield ctx
    ctx.close()


@pytest.mark.parametrize("notebook", ALL)
def test_html_export_as_github_shows_it(offline_context, screenshots, tmp_path, notebook):
    from nbconvert import HTMLExporter

    nb = nbformat.read(NOTEBOOK_DIR / notebook, as_version=4)
    assert not github_invalid_reasons(nb), f"GitHub would say Invalid Notebook: {github_invalid_reasons(nb)}"
    html, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    page_file = tmp_path / notebook.replace(".ipynb", ".html")
    page_file.write_text(html, encoding="utf-8")

    page = offline_context.new_page()
    try:
        page.goto(page_file.as_uri(), wait_until="load", timeout=60_000)
        r = page.evaluate(_JS_PAGE, [WIDGET_STATE, WIDGET_VIEW])
        page.screenshot(path=str(screenshots / f"html_{notebook.replace('.ipynb', '')}.png"),
                        full_page=True, timeout=60_000)
    finally:
        page.close()

    assert "Invalid Notebook" not in r["text"]
    shown_cells = [c for c in nb.cells if c.cell_type in ("markdown", "code")]  # raw cells are not shown
    assert r["cells"] == len(shown_cells), \
        f"the page shows {r['cells']} cells, the notebook has {len(shown_cells)}"
    assert not r["errors"], "raw error output on the page:\n  " + "\n  ".join(r["errors"])
    assert not r["broken"], f"images that do not display, in cells {r['broken']}"
    live = [c for c in nb.cells if c.cell_type == "code"
            and any(WIDGET_VIEW in o.get("data", {}) for o in c.get("outputs", []))]
    assert len(r["widgets"]) == len(live), \
        f"{len(live)} cells store a live widget, the page holds {len(r['widgets'])} widget views"
    for w in r["widgets"]:
        assert w["inState"], f"cell {w['cell']}: widget {w['model_id']} is not in the stored widget state"
        assert w["staticImages"] >= 1, \
            f"cell {w['cell']}: the live widget has no static figure (<img>) in the code cell before it"
    assert r["images"] >= len(r["widgets"]), f"{r['images']} images for {len(r['widgets'])} live widgets"


def test_widget_state_check_catches_a_missing_state_key():
    """The "Invalid Notebook" check above is not vacuous: GitHub's complaint is detected."""
    nb = nbformat.v4.new_notebook()
    assert github_invalid_reasons(nb) == []
    nb.metadata["widgets"] = {WIDGET_STATE: {"version_major": 2, "version_minor": 0}}
    assert any("'state'" in r for r in github_invalid_reasons(nb))
    nb.metadata["widgets"][WIDGET_STATE]["state"] = {}
    assert github_invalid_reasons(nb) == []
