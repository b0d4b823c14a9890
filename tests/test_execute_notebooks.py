"""tests/execute_notebooks.py: what `make notebooks` runs instead of `nbconvert --execute`."""

import asyncio
import copy
import queue
import time

import nbformat
from nbconvert.preprocessors import CoalesceStreamsPreprocessor

import execute_notebooks as executor


class MissedWakeUpChannel:
    """A channel whose poll, once started, sleeps through a message and only sees it at its timeout."""

    def __init__(self, arrives_after):
        self.arrives_at = time.monotonic() + arrives_after
        self.calls = 0

    async def get_msg(self, timeout=None):
        self.calls += 1
        if time.monotonic() >= self.arrives_at:
            return {"msg": "reply"}
        await asyncio.sleep(timeout if timeout is not None else 3600)
        if time.monotonic() >= self.arrives_at:
            return {"msg": "reply"}
        raise queue.Empty


def test_sliced_polling_reads_a_message_soon_after_it_arrives():
    channel = MissedWakeUpChannel(arrives_after=0.1)
    executor.poll_in_slices(channel, slice_s=0.05)
    start = time.monotonic()
    assert asyncio.run(channel.get_msg(timeout=60)) == {"msg": "reply"}
    assert time.monotonic() - start < 5, "waited for the caller's timeout, as the unsliced poll would"
    assert channel.calls > 1


def test_sliced_polling_still_times_out_when_nothing_comes():
    channel = MissedWakeUpChannel(arrives_after=3600)
    executor.poll_in_slices(channel, slice_s=0.05)
    start = time.monotonic()
    try:
        asyncio.run(channel.get_msg(timeout=0.3))
    except queue.Empty:
        pass
    else:
        raise AssertionError("expected queue.Empty at the deadline")
    assert 0.25 <= time.monotonic() - start < 5


def test_stream_coalescing_matches_nbconvert():
    out = nbformat.v4.new_output
    cell = nbformat.v4.new_code_cell("print(1)")
    cell.outputs = [out("stream", name="stdout", text="a\n"), out("stream", name="stdout", text="b"),
                    out("stream", name="stdout", text="\rprogress 10%\rprogress 100%\n"),
                    out("stream", name="stderr", text="warn\n"),
                    out("display_data", data={"text/plain": "x"}),
                    out("stream", name="stdout", text="c\n")]
    nb = nbformat.v4.new_notebook(cells=[cell, nbformat.v4.new_markdown_cell("text")])
    theirs, _ = CoalesceStreamsPreprocessor().preprocess(copy.deepcopy(nb), {})
    ours = executor.coalesce_streams(copy.deepcopy(nb))
    assert ours == theirs
    # "b" and "progress 10%" were overwritten by a later \r, as a terminal would show it
    assert [o.get("text") for o in ours.cells[0].outputs][:2] == ["a\nprogress 100%\n", "warn\n"]
