"""Execute notebooks and store them with their outputs: what `make notebooks` runs.

    python tests/execute_notebooks.py notebooks/03_backpropagation.ipynb ...

Each notebook runs top to bottom in a fresh `python3` kernel, in its own
folder, with a per-cell timeout; consecutive stream outputs are merged (as
nbconvert's CoalesceStreamsPreprocessor does) and the widget state is kept, so
GitHub can show the widgets' static figures.  No execution timings are stored.
The notebook is written back in place unless --out names a folder.

Why not `jupyter nbconvert --execute`: nbclient, under nbconvert too, waits
for the kernel's messages in one long poll per cell, and that poll can miss
the wake-up for a message that has already arrived (jupyter/nbclient#312,
seen around widget cells).  The cell then appears to hang until its timeout
(five minutes, twice on the course machine; on a GPU machine every notebook's
first widget cell).  Here the poll is cut into half-second slices, and each
slice ends by checking the socket again, so such a message is read at once.
"""

from __future__ import annotations

import argparse
import queue
import re
import sys
import time
from pathlib import Path

SLICE_S = 0.5
CARRIAGE_RETURN = re.compile(r".*\r(?=[^\n])")   # text a later \r overwrote, as a terminal shows it


def poll_in_slices(channel, slice_s=SLICE_S):
    """Make `channel.get_msg(timeout)` wait in slices of `slice_s` seconds (same result, same deadline)."""
    get_msg = channel.get_msg

    async def get_msg_sliced(timeout=None):
        deadline = None if timeout is None else time.monotonic() + timeout
        while True:
            left = None if deadline is None else max(0.0, deadline - time.monotonic())
            try:
                return await get_msg(timeout=slice_s if left is None else min(slice_s, left))
            except queue.Empty:
                if left is not None and time.monotonic() >= deadline:
                    raise

    channel.get_msg = get_msg_sliced


def client_class():
    import nbclient

    class SlicedPollClient(nbclient.NotebookClient):
        """nbclient's NotebookClient, polling the kernel's shell and IOPub channels in slices."""

        async def async_start_new_kernel_client(self):
            kc = await super().async_start_new_kernel_client()
            poll_in_slices(kc.shell_channel)
            poll_in_slices(kc.iopub_channel)
            return kc

    return SlicedPollClient


def coalesce_streams(nb):
    """Merge each cell's consecutive outputs to the same stream, and drop text overwritten by \\r."""
    for cell in nb.cells:
        if cell.cell_type != "code":
            continue
        merged = []
        for out in cell.outputs:
            if merged and out.output_type == "stream" and merged[-1].output_type == "stream" \
                    and merged[-1].name == out.name:
                merged[-1].text += out.text
            else:
                merged.append(out)
        for out in merged:
            if out.output_type == "stream" and "\r" in out.text:
                out.text = CARRIAGE_RETURN.sub("", out.text)
        cell.outputs = merged
    return nb


def execute(path, out_dir=None, timeout=300, on_cell_complete=None, allow_errors=False):
    """Execute the notebook at `path`; write it to `out_dir` (or back to `path`) and return where.

    With `on_cell_complete(cell, cell_index)`, each finished cell is reported.
    The notebook is written even when execution stops early, so a partial run
    can be read.  An error in a cell stops the run unless `allow_errors`.
    """
    import nbformat

    path = Path(path).resolve()
    nb = nbformat.read(path, as_version=4)
    client = client_class()(nb, timeout=timeout, kernel_name="python3", record_timing=False,
                            allow_errors=allow_errors, on_cell_complete=on_cell_complete,
                            resources={"metadata": {"path": str(path.parent)}})
    target = path if out_dir is None else Path(out_dir) / path.name
    try:
        client.execute()
    finally:
        nbformat.write(coalesce_streams(nb), target)
    return target


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("notebooks", nargs="+", type=Path)
    parser.add_argument("--out", type=Path, help="write the executed copies here instead of in place")
    parser.add_argument("--timeout", type=int, default=300, help="seconds per cell (default 300)")
    args = parser.parse_args(argv)
    for path in args.notebooks:
        print(f"executing {path}", flush=True)
        execute(path, args.out, args.timeout)
    return 0


if __name__ == "__main__":
    sys.exit(main())
