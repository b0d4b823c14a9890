"""Run every notebook with a CUDA GPU visible and compare it with the stored run.

CI has no GPU and `make test` hides CUDA, so nbval only ever runs the CPU path
of each notebook's "Optional: on a GPU" section.  On a machine with a GPU:

    python tests/gpu/run_notebooks.py --out gpu-run            # all notebooks
    python tests/gpu/run_notebooks.py --compare gpu-run        # compare again

It executes the notebooks (several at once, one BLAS thread each, as `make
notebooks` does), writes the executed copies to --out, and then checks each:

- no cell raised, and nothing was written to stderr;
- the GPU section ran on the GPU (one of its outputs names a `cuda:` device);
- every output nbval would compare (cells without `nbval-ignore-output`)
  equals the stored one after the same sanitizing (tests/sanitize.cfg).
  Inside the GPU section such cells print device-independent checks
  ("agree to 1e-10: True"), so a difference there is a GPU bug.  Elsewhere a
  difference means a library version on this machine changed a digit.

Execution is tests/execute_notebooks.py's (what `make notebooks` uses).  Each
notebook runs in its own process group with a wall-clock limit and logs every
finished cell to OUT/<notebook>.log, so a stalled kernel costs at most
--notebook-timeout seconds and shows where it stopped.  The report goes to
stdout and to OUT/report.json.  Exit status 0 when no notebook failed.

Requires a PyTorch built with CUDA and what `make test` installs; in another
CUDA environment, `pip install -r tests/gpu/requirements.txt` adds the rest.
"""

from __future__ import annotations

import argparse
import configparser
import json
import os
import re
import sys
from pathlib import Path

import nbformat

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "tests"))
from execute_notebooks import coalesce_streams, execute as execute_notebook  # noqa: E402

IGNORED_KEYS = {"image/png", "image/jpeg", "application/vnd.jupyter.widget-view+json"}


def gpu_section(cells):
    """Indices of the cells from the GPU heading up to the summary heading (empty without a GPU heading)."""
    start = next((i for i, c in enumerate(cells) if c.cell_type == "markdown"
                  and c.source.lstrip().startswith("#") and "GPU" in c.source.splitlines()[0]), None)
    if start is None:
        return range(0)
    end = next((i for i, c in enumerate(cells) if i > start and c.cell_type == "markdown"
                and c.source.lstrip().startswith("## Summary")), len(cells))
    return range(start, end)


def sanitizer(path=ROOT / "tests" / "sanitize.cfg"):
    parser = configparser.ConfigParser()
    parser.read(path)
    rules = [(re.compile(parser[s]["regex"]), parser[s]["replace"]) for s in parser.sections()]

    def clean(text):
        for regex, replace in rules:
            text = regex.sub(replace, text)
        return text
    return clean


def comparable(outputs, clean):
    """A cell's (stream-coalesced) outputs as nbval compares them: images and widget ids left out."""
    items = []
    for out in outputs:
        kind = out.output_type
        if kind == "stream":
            items.append((("stream", out.name), out.text))
        elif kind in ("execute_result", "display_data"):
            items.extend(((kind, key), value) for key, value in sorted(out.data.items()) if key not in IGNORED_KEYS)
        elif kind == "error":
            items.append((("error", out.ename), out.evalue))
    return [(key, clean(text)) for key, text in items]


def execute(path, out_dir, timeout):
    """Execute one notebook (in this process, polling nbclient in slices), logging each finished cell."""
    import time

    start = time.perf_counter()

    def done(cell, cell_index, **_):
        print(f"{time.perf_counter() - start:7.1f} s  cell {cell_index} done", flush=True)

    execute_notebook(path, out_dir, timeout, on_cell_complete=done, allow_errors=True)


def execute_all(paths, out_dir, jobs, cell_timeout, notebook_timeout):
    """Run each notebook in its own process group, `jobs` at a time, each with a wall-clock limit.

    Each child's output goes to OUT/<notebook>.log, never to a pipe this
    script's caller holds, so a stuck kernel cannot keep the caller waiting:
    at the limit the child's whole process group is killed (its kernel, which
    watches its parent, exits with it).
    """
    import signal
    import subprocess
    import time

    pending, running, status = list(paths), {}, {}
    while pending or running:
        while pending and len(running) < jobs:
            path = pending.pop(0)
            log = open(Path(out_dir) / f"{path.stem}.log", "w")
            cmd = [sys.executable, __file__, "--execute-one", str(path), "--out", str(out_dir),
                   "--timeout", str(cell_timeout)]
            proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, start_new_session=True)
            running[path] = (proc, log, time.monotonic())
        time.sleep(0.5)
        for path, (proc, log, started) in list(running.items()):
            if proc.poll() is None and time.monotonic() - started < notebook_timeout:
                continue
            if proc.poll() is None:
                os.killpg(proc.pid, signal.SIGKILL)
                proc.wait()
                status[path.name] = f"killed after {notebook_timeout} s"
            else:
                status[path.name] = "finished" if proc.returncode == 0 else f"exit status {proc.returncode}"
            log.close()
            del running[path]
            print(f"{path.name}: {status[path.name]}", flush=True)
    return status


def compare(stored_path, run_path, clean):
    stored, ran = (coalesce_streams(nbformat.read(p, as_version=4)).cells for p in (stored_path, run_path))
    if len(stored) != len(ran):
        return {"notebook": Path(stored_path).name, "ok": False, "problems": ["cell count changed"]}
    gpu = gpu_section(ran)
    problems, version_diffs, gpu_outputs, saw_cuda = [], [], [], False
    if not gpu:
        problems.append("no GPU section: no markdown heading with 'GPU' in it")
    for i, (old, new) in enumerate(zip(stored, ran)):
        if new.cell_type != "code":
            continue
        for out in new.outputs:
            if out.output_type == "error":
                problems.append(f"cell {i}: {out.ename}: {out.evalue}")
            if out.output_type == "stream" and out.name == "stderr":
                problems.append(f"cell {i}: stderr: {out.text[:300]}")
        new_items = comparable(new.outputs, clean)
        if i in gpu:
            text = "\n".join(t for _, t in new_items)
            saw_cuda = saw_cuda or "cuda:" in text
            gpu_outputs.append({"cell": i, "output": text})
        if "nbval-ignore-output" in new.metadata.get("tags", []):
            continue
        old_items = comparable(old.outputs, clean)
        if old_items != new_items:
            diff = {"cell": i, "stored": old_items, "gpu_run": new_items}
            (problems if i in gpu else version_diffs).append(
                f"cell {i}: output differs from the stored one" if i in gpu else diff)
    if not saw_cuda:
        problems.append("no output of the GPU section names a cuda device: was CUDA visible?")
    return {"notebook": Path(stored_path).name, "ok": not problems, "problems": problems,
            "gpu_section": gpu_outputs, "differences_outside_gpu_section": version_diffs}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="*", type=Path,
                        default=sorted((ROOT / "notebooks").glob("*.ipynb")))
    parser.add_argument("--out", type=Path, default=ROOT / "artifacts" / "gpu-run")
    parser.add_argument("--compare", type=Path, metavar="DIR",
                        help="skip execution; compare the executed copies already in DIR")
    parser.add_argument("--jobs", type=int, default=min(8, os.cpu_count() or 1))
    parser.add_argument("--timeout", type=int, default=120, help="seconds per cell (default 120)")
    parser.add_argument("--notebook-timeout", type=int, default=300,
                        help="seconds per notebook, start-up included (default 300)")
    parser.add_argument("--execute-one", type=Path, help=argparse.SUPPRESS)
    args = parser.parse_args(argv)

    if args.execute_one:
        execute(args.execute_one.resolve(), args.out, args.timeout)
        return 0
    run_dir = args.compare or args.out
    status = {}
    if args.compare is None:
        for name, value in {"PYTHONHASHSEED": "0", "TQDM_DISABLE": "1", "OPENBLAS_NUM_THREADS": "1",
                            "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1"}.items():
            os.environ[name] = value
        if os.environ.get("CUDA_VISIBLE_DEVICES") == "":
            del os.environ["CUDA_VISIBLE_DEVICES"]           # an empty value hides the GPU; show it
        args.out.mkdir(parents=True, exist_ok=True)
        status = execute_all([p.resolve() for p in args.notebooks], args.out, args.jobs,
                             args.timeout, args.notebook_timeout)

    clean = sanitizer()
    reports = []
    for path in args.notebooks:
        run_path = run_dir / path.name
        report = (compare(path, run_path, clean) if run_path.exists()
                  else {"notebook": path.name, "ok": False, "problems": ["not executed"]})
        if status.get(path.name, "finished") != "finished":
            report["ok"] = False
            report["problems"].insert(0, f"execution {status[path.name]}: see {path.stem}.log")
        reports.append(report)
    (run_dir / "report.json").write_text(json.dumps(reports, indent=1, ensure_ascii=False))
    for r in reports:
        print(f"\n== {r['notebook']}: {'ok' if r['ok'] else 'FAILED'}")
        for p in r["problems"]:
            print("  problem:", p)
        for cell in r.get("gpu_section", []):
            if cell["output"].strip():
                print(f"  [GPU cell {cell['cell']}] " + cell["output"].strip().replace("\n", "\n    "))
        for d in r.get("differences_outside_gpu_section", []):
            print(f"  differs outside the GPU section, cell {d['cell']}: stored {d['stored']!r:.200} "
                  f"now {d['gpu_run']!r:.200}")
    return 0 if all(r["ok"] for r in reports) else 1


if __name__ == "__main__":
    sys.exit(main())
