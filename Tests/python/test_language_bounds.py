"""Issue 17, points 4 and 5 over the real kernel: a cell of 200 000 `step` lines answers an
interrupt promptly and sends nothing for the statements after it; `show W1` of a large
network sends a bounded iopub message; a network over the memory budget is refused with
the estimate; BACKPROP_MEMORY_LIMIT sets the budget."""
import json
import os
import time
from datetime import datetime, timedelta, timezone
from queue import Empty

import pytest

from conftest import iopub_until_idle, reply_to, start_client, stop_client


@pytest.fixture
def kernel():
    km, kc = start_client()
    yield km, kc
    stop_client(km, kc, now=True)


def run(kc, code, timeout=60.0):
    return reply_to(kc, kc.execute(code), timeout)["content"]


def iopub_of(kc, msg_id, timeout=30.0):
    """Every iopub message of `msg_id` up to its idle status."""
    return iopub_until_idle(kc, msg_id, timeout, include_idle=True)


def as_datetime(value):
    return value if isinstance(value, datetime) else datetime.fromisoformat(str(value).replace("Z", "+00:00"))


def test_a_cell_of_200000_steps_stops_promptly_and_sends_nothing_more(kernel):
    km, kc = kernel
    assert run(kc, "net 2 -> 1\nx = [1 2]\ny = [1]")["status"] == "ok"
    msg_id = kc.execute("step eta 0.001\n" * 200_000)
    # interrupt once a few steps have shown their tables
    seen, deadline = 0, time.monotonic() + 60
    while seen < 3 and time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=0.5)
        except Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "display_data":
            seen += 1
    assert seen == 3, "the steps did not start"
    start, wall = time.monotonic(), datetime.now(timezone.utc)
    km.interrupt_kernel()
    reply = reply_to(kc, msg_id, timeout=20)
    elapsed = time.monotonic() - start
    print(f"200 000 steps: reply {elapsed:.3f} s after the interrupt")
    assert elapsed < 1.0
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    # nothing was produced once the interrupt had arrived (0.3 s for it and the step in flight)
    later = [m for m in iopub_of(kc, msg_id) if m["msg_type"] == "display_data"
             and as_datetime(m["header"]["date"]) > wall + timedelta(seconds=0.3)]
    assert not later, f"{len(later)} displays after the interrupt"


def test_show_of_a_large_matrix_sends_a_bounded_message(kernel):
    km, kc = kernel
    assert run(kc, "net 1000 -> 1000 tanh")["status"] == "ok"
    msg_id = kc.execute("show W1")
    results = [m for m in iopub_of(kc, msg_id) if m["msg_type"] == "execute_result"]
    assert len(results) == 1
    data = results[0]["content"]["data"]
    size = len(json.dumps(data))
    print(f"show W1 of a 1000 x 1000 matrix: {size} bytes")
    assert size < 4 * 1024 * 1024
    value = data["application/vnd.backprop+json"]
    assert value["truncated"] is True
    assert value["truncated_values"][0]["shape"] == [1000, 1000]
    assert "save" in value["truncated_note"]
    assert all(len(row) == 1000 for row in value["value"])


def test_a_network_over_the_budget_is_refused_with_its_estimate():
    km, kc = start_client(env={**os.environ, "BACKPROP_MEMORY_LIMIT": "64MiB"})
    try:
        reply = run(kc, "net 1000 -> 1000 tanh")
        assert reply["status"] == "error"
        assert reply["ename"] == "MemoryError"
        assert "the memory budget is 64 MiB" in reply["evalue"]
        assert "for a step with m = 1" in reply["evalue"]
        time.sleep(0.2)
        assert run(kc, "net 100 -> 100 tanh")["status"] == "ok"
    finally:
        stop_client(km, kc, now=True)
