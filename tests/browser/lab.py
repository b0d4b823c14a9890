"""Drive JupyterLab in Chromium the way a learner does: open a notebook, Run All, look, move sliders.

`JupyterLab.run(name)` opens one notebook, runs all its cells and returns an
`OpenNotebook` holding what the page showed; the notebook stays open (one at a
time) so that the slider tests reuse the run.  Every wait is bounded.
"""

from __future__ import annotations

from dataclasses import dataclass, field

APP_TIMEOUT_MS = 90_000       # JupyterLab's page and app loaded
KERNEL_TIMEOUT_MS = 120_000   # the notebook's kernel started and idle
RUN_ALL_TIMEOUT_MS = 300_000  # Run All finished (nbval's cell timeout is 300 s too)
SETTLE_TIMEOUT_MS = 60_000    # widget views rendered, kernel idle again
READOUT_TIMEOUT_MS = 30_000   # a readout updated after a key press

WIDGET_VIEW = "application/vnd.jupyter.widget-view+json"
# What JupyterLab's widget manager writes in place of a widget it cannot show.
WIDGET_FAILURES = ["Error displaying widget", "model not found", "Failed to load model class",
                   "Could not create a model", "Could not create a view", "Failed to create view",
                   "A Jupyter widget could not be displayed"]

_JS_APP_READY = """() => !!(window.jupyterapp && window.jupyterapp.commands.hasCommand('notebook:run-all-cells'))"""

# the open notebook panel, if it shows `path`
_JS_CURRENT = """
  const currentNotebook = (path) => {
    const w = window.jupyterapp.shell.currentWidget;
    if (!w || !w.content || !w.sessionContext || !w.context || w.context.path !== path) return null;
    return w;
  };
"""

_JS_KERNEL_IDLE = """
(path) => {""" + _JS_CURRENT + """
  const w = currentNotebook(path);
  if (!w || !w.context.isReady || !w.sessionContext.isReady) return false;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  return !!k && k.status === 'idle';
}
"""

_JS_RUN_ALL = """
async ([ms]) => {
  const app = window.jupyterapp;
  let timer;
  const timeout = new Promise((_, reject) => {
    timer = setTimeout(() => reject(new Error(`Run All did not finish within ${ms / 1000} s`)), ms);
  });
  try {
    await app.commands.execute('notebook:clear-all-cell-outputs');
    return await Promise.race([app.commands.execute('notebook:run-all-cells'), timeout]);
  } finally {
    clearTimeout(timer);
  }
}
"""

# The cell's own output elements (not those nested in Output widgets) that hold widget views.
_JS_WIDGET_OUTPUTS = """
  const widgetOutputs = (cell, mime) => {
    const area = cell.node.querySelector('.jp-Cell-outputArea');
    const kids = area ? Array.from(area.children).filter(e => e.classList.contains('jp-OutputArea-child')) : [];
    const outs = cell.model.outputs.toJSON();
    const found = [];
    outs.forEach((o, j) => {
      if (!(o.data && o.data[mime] && o.data[mime].model_id)) return;
      const el = kids[j] && kids[j].querySelector(':scope > .jp-OutputArea-output');
      const view = el && el.firstElementChild;
      found.push({text: el ? el.textContent : '(no output element)',
                  rendered: !!view && view.classList.contains('jupyter-widgets')});
    });
    return found;
  };
"""

_JS_SETTLED = """
([path, mime]) => {""" + _JS_CURRENT + _JS_WIDGET_OUTPUTS + """
  const w = currentNotebook(path);
  if (!w) return false;
  const k = w.sessionContext.session && w.sessionContext.session.kernel;
  if (!k || k.status !== 'idle') return false;
  if (w.node.textContent.includes('Loading widget...')) return false;
  for (const cell of w.content.widgets) {
    if (cell.model.type !== 'code') continue;
    for (const v of widgetOutputs(cell, mime)) {
      if (!v.rendered && !v.text.includes('Error')) return false;
    }
  }
  return true;
}
"""

_JS_REPORT = """
([path, mime, failures]) => {""" + _JS_CURRENT + _JS_WIDGET_OUTPUTS + """
  const w = currentNotebook(path);
  const r = {codeCells: 0, unexecuted: [], errors: [], stderr: [], shownErrors: [],
             widgetFailures: [], widgetViews: 0, renderedViews: 0, unrendered: []};
  w.content.widgets.forEach((cell, i) => {
    const m = cell.model;
    if (m.type !== 'code') return;
    r.codeCells += 1;
    if (m.executionCount === null) r.unexecuted.push(i);
    for (const o of m.outputs.toJSON()) {
      if (o.output_type === 'error') r.errors.push(`cell ${i}: ${o.ename}: ${o.evalue}`);
      if (o.output_type === 'stream' && o.name === 'stderr') {
        r.stderr.push(`cell ${i}: ${String(o.text).slice(0, 300)}`);
      }
    }
    // errors and stderr shown anywhere in the cell, also inside Output widgets (live plots)
    for (const el of cell.node.querySelectorAll('[data-mime-type="application/vnd.jupyter.stderr"]')) {
      r.shownErrors.push(`cell ${i}: ${el.textContent.trim().slice(0, 400)}`);
    }
    for (const el of cell.node.querySelectorAll('.jp-OutputArea-output')) {
      for (const f of failures) {
        if (el.textContent.includes(f)) r.widgetFailures.push(`cell ${i}: "${f}"`);
      }
    }
    // ipywidgets' stand-in for a widget whose model or view class failed to load
    for (const el of cell.node.querySelectorAll('.jupyter-widgets-error-widget')) {
      r.widgetFailures.push(`cell ${i}: error widget "${el.textContent.trim().slice(0, 150)}"`);
    }
    for (const v of widgetOutputs(cell, mime)) {
      r.widgetViews += 1;
      if (v.rendered) r.renderedViews += 1;
      else r.unrendered.push(`cell ${i}: ${v.text.trim().slice(0, 100) || '(empty)'}`);
    }
  });
  r.widgetFailures = [...new Set(r.widgetFailures)];
  return r;
}
"""


@dataclass
class RunReport:
    """What JupyterLab showed after Run All."""

    codeCells: int = 0
    unexecuted: list = field(default_factory=list)
    errors: list = field(default_factory=list)
    stderr: list = field(default_factory=list)
    shownErrors: list = field(default_factory=list)
    widgetFailures: list = field(default_factory=list)
    widgetViews: int = 0
    renderedViews: int = 0
    unrendered: list = field(default_factory=list)
    console_errors: list = field(default_factory=list)


class OpenNotebook:
    def __init__(self, lab, name):
        self.lab = lab
        self.name = name
        self.path = f"notebooks/{name}"
        self.page = None
        self.report = None
        self.failure = None
        self.console_errors = []

    def open_and_run(self):
        server = self.lab.server
        page = self.page = self.lab.context.new_page()
        page.on("console", lambda m: m.type == "error" and self.console_errors.append(m.text[:500]))
        page.on("pageerror", lambda e: self.console_errors.append(f"page error: {e}"[:500]))
        page.goto(f"{server.base}/lab/tree/{self.path}?token={server.token}&reset",
                  wait_until="domcontentloaded", timeout=APP_TIMEOUT_MS)
        page.wait_for_function(_JS_APP_READY, timeout=APP_TIMEOUT_MS)
        page.wait_for_function(_JS_KERNEL_IDLE, arg=self.path, timeout=KERNEL_TIMEOUT_MS)
        page.evaluate(_JS_RUN_ALL, [RUN_ALL_TIMEOUT_MS])
        self.wait_settled()
        self.report = RunReport(**page.evaluate(_JS_REPORT, [self.path, WIDGET_VIEW, WIDGET_FAILURES]),
                                console_errors=list(self.console_errors))
        return self

    def wait_settled(self):
        """Wait until the kernel is idle and every widget view has rendered (or failed visibly)."""
        self.page.wait_for_function(_JS_SETTLED, arg=[self.path, WIDGET_VIEW], timeout=SETTLE_TIMEOUT_MS,
                                    polling=250)

    def toasts(self):
        """The texts of the notifications JupyterLab pops up over the page."""
        return [t.strip() for t in self.page.locator(".Toastify__toast").all_text_contents()]

    def screenshot(self, suffix="", near=None):
        """Viewport screenshot into artifacts/screenshots/, scrolled to `near` (a CSS selector) if given."""
        target = self.page.locator(near).first if near is not None else None
        if target is not None and target.count():
            target.scroll_into_view_if_needed(timeout=10_000)
            # let the scrolled-to cells paint (JupyterLab skips rendering cells out of view)
            target.evaluate("el => new Promise(r => { setTimeout(r, 1000);"
                            " requestAnimationFrame(() => requestAnimationFrame(r)); })")
        stem = self.name.removesuffix(".ipynb")
        path = self.lab.screenshots / f"lab_{stem}{suffix}.png"
        self.page.screenshot(path=str(path), timeout=30_000)
        return path

    def close(self):
        if self.page is None:
            return
        try:
            # shut the kernel down now rather than when the server stops
            self.page.evaluate("""async ([path]) => {
                const w = window.jupyterapp && window.jupyterapp.shell.currentWidget;
                if (w && w.context && w.context.path === path && w.sessionContext) {
                  await Promise.race([w.sessionContext.shutdown(), new Promise(r => setTimeout(r, 10000))]);
                }
            }""", [self.path])
        except Exception:
            pass
        try:
            self.page.close()
        except Exception:
            pass
        self.page = None

    # ------------------------------------------------------------ explorers
    def explorer(self, box_class):
        box = self.page.locator(f".{box_class}").first
        if not box.count():
            return None
        box.scroll_into_view_if_needed(timeout=10_000)
        return box

    def slider_readouts(self, box):
        """The text of each slider's readout in the box, in order (e.g. ['1.00', '1.00', '0.00'])."""
        return [t.strip() for t in box.locator(".widget-readout").all_text_contents()]

    def dropdown_labels(self, box):
        return [t.replace("\xa0", " ").strip()
                for t in box.locator("select").evaluate_all("els => els.map(e => e.selectedOptions[0].textContent)")]

    def press(self, box, slider_index, key, times):
        handle = box.locator(".widget-slider .noUi-handle").nth(slider_index)
        for _ in range(times):
            handle.press(key, timeout=10_000)

    def readout(self, box, readout_class):
        return box.locator(f".{readout_class}").first.text_content(timeout=10_000).strip()

    def wait_readout(self, box_class, readout_class, expected):
        """Wait until the first box's readout shows `expected`; returns what it shows at the end."""
        sel = f".{box_class} .{readout_class}"
        if not self.page.locator(sel).count():
            raise AssertionError(f"{self.name}: no readout `{sel}` on the page")
        try:
            self.page.wait_for_function(
                "([sel, want]) => { const e = document.querySelector(sel);"
                " return !!e && e.textContent.trim() === want; }",
                arg=[sel, expected.strip()], timeout=READOUT_TIMEOUT_MS, polling=100)
        except Exception:
            pass
        return self.page.locator(sel).first.text_content(timeout=10_000).strip()


class JupyterLab:
    """One browser context on the `make lab` server; one open notebook at a time."""

    def __init__(self, browser, server, screenshots):
        self.server = server
        self.screenshots = screenshots
        self.context = browser.new_context(viewport={"width": 1280, "height": 900})
        self.context.set_default_timeout(60_000)
        self.current = None

    def run(self, name) -> OpenNotebook:
        """The notebook opened and run (once: later calls for the same notebook reuse the run)."""
        if self.current is not None and self.current.name == name:
            if self.current.failure is not None:
                raise RuntimeError(f"opening and running {name} failed earlier: {self.current.failure}")
            return self.current
        if self.current is not None:
            self.current.close()
        self.current = OpenNotebook(self, name)
        try:
            return self.current.open_and_run()
        except Exception as e:
            self.current.failure = f"{type(e).__name__}: {e}"
            try:
                self.current.screenshot("_failed")
            except Exception:
                pass
            raise

    def close(self):
        if self.current is not None:
            self.current.close()
        self.context.close()
