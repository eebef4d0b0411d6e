"""Soak: SOAK_EXECUTES (default 10 000) executes of mixed statements, with a new client
(new channels) every 1 000, the heartbeat polled throughout, the kernel's RSS sampled
from /proc, and the parameters checked unchanged at the end (the mix reads the network
but never changes it, so `show W1`/`show W2` must give the identical numbers).

The full run (10 000) takes about 60 s against a debug build on 2 cores; `make test` runs
SOAK_EXECUTES=2000 (about 12 s), `make soak` the full count. Measured (debug, 10 000):
164 executes/s, no missed heartbeat, RSS 33 → 44 MiB, all of it the in-memory history
(SOAK_STORE_HISTORY=0: +0.6 MiB over 3 000 executes)."""
import json
import os
from pathlib import Path
import time

import zmq
from jupyter_client.manager import KernelManager

from conftest import KERNEL_NAME

EXECUTES = int(os.environ.get("SOAK_EXECUTES", "10000"))
RECONNECT_EVERY = 1000
# History keeps every input and its text/plain result in memory (about 1 KiB per execute
# here): SOAK_STORE_HISTORY=0 measures the kernel without it.
STORE_HISTORY = os.environ.get("SOAK_STORE_HISTORY", "1") != "0"
HEARTBEAT_EVERY = 100
MIME = "application/vnd.backprop+json"

# The worked example up to its first `forward`, from the script in Tests/programs.
SETUP = (Path(__file__).resolve().parents[1] / "programs" / "worked_example.bp").read_text().split("\nforward\n")[0]

# Read-only statements (plus a cell that fails and one that is a syntax error).
MIX = [
    "forward",
    "backward",
    "show W1",
    "show dL/dw212",
    "explain dL/dw131",
    "explain dL/db21 limit 2",
    "chain x*y + sin(x) at x = 1, y = 2",
    "chain exp(exp(x^2)) at x = 0.5",
    "gradcheck",
    "show a1\nshow yhat\nshow loss",
    "graph",
    "help step",
    'print "soak"',
    "show w999",  # an error: out of range
    "forward +",  # a syntax error
]


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    raise AssertionError("no VmRSS")


def heartbeat_ok(km, ctx):
    sock = ctx.socket(zmq.REQ)
    sock.linger = 0
    sock.connect(f"tcp://{km.ip}:{km.hb_port}")
    try:
        sock.send(b"ping")
        if not sock.poll(2000):
            return False
        return sock.recv() == b"ping"
    finally:
        sock.close()


def execute(kc, code, timeout=60):
    # stop_on_error=False: with it, the kernel aborts executes arriving within 50 ms of a
    # failed cell, and this loop sends the next one as soon as the reply is in.
    msg_id = kc.execute(code, stop_on_error=False, store_history=STORE_HISTORY)
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_shell_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg["content"]


def parameters(kc):
    """W1, W2, b1, b2 at full precision, via the user_expressions of an execute."""
    msg_id = kc.execute("", user_expressions={n: n for n in ("W1", "W2", "b1", "b2")})
    while True:
        msg = kc.get_shell_msg(timeout=30)
        if msg["parent_header"].get("msg_id") == msg_id:
            expressions = msg["content"]["user_expressions"]
            break
    values = {}
    for name, result in expressions.items():
        assert result["status"] == "ok", result
        values[name] = result["data"][MIME]
    return values


def test_soak():
    km = KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel()
    pid = km.provisioner.process.pid
    ctx = zmq.Context.instance()
    kc = None
    try:
        kc = km.client()
        kc.start_channels()
        kc.wait_for_ready(timeout=60)
        assert execute(kc, SETUP)["status"] == "ok"
        before = parameters(kc)
        rss = [(0, rss_kib(pid))]
        statuses = {"ok": 0, "error": 0}
        missed_heartbeats = 0
        start = time.monotonic()
        for i in range(EXECUTES):
            if i and i % RECONNECT_EVERY == 0:
                kc.stop_channels()
                kc = km.client()
                kc.start_channels()
                kc.wait_for_ready(timeout=60)
                rss.append((i, rss_kib(pid)))
            if i % HEARTBEAT_EVERY == 0 and not heartbeat_ok(km, ctx):
                missed_heartbeats += 1
            content = execute(kc, MIX[i % len(MIX)])
            statuses[content["status"]] += 1
            # iopub is read by nobody here: drop what queued so the client does not grow.
            while kc.iopub_channel.msg_ready():
                kc.iopub_channel.get_msg(timeout=0)
        elapsed = time.monotonic() - start
        rss.append((EXECUTES, rss_kib(pid)))
        after = parameters(kc)
        print(f"\nsoak: {EXECUTES} executes in {elapsed:.1f} s ({EXECUTES / elapsed:.0f}/s), "
              f"{statuses}, {EXECUTES // RECONNECT_EVERY} clients, missed heartbeats {missed_heartbeats}")
        print("soak RSS (KiB) by execute: " + ", ".join(f"{i}: {kib}" for i, kib in rss))
        assert missed_heartbeats == 0
        assert statuses["error"] == sum(1 for i in range(EXECUTES) if i % len(MIX) >= len(MIX) - 2)
        assert json.dumps(after, sort_keys=True) == json.dumps(before, sort_keys=True), "the parameters changed"
        # Memory: after the first 1000 (caches, allocator warm-up), growth stays small.
        warm = next((kib for i, kib in rss if i >= min(RECONNECT_EVERY, EXECUTES)), rss[-1][1])
        growth = rss[-1][1] - warm
        print(f"soak RSS growth after warm-up: {growth} KiB over {EXECUTES - min(RECONNECT_EVERY, EXECUTES)} executes")
        assert growth < 64 * 1024, f"RSS grew by {growth} KiB"
        assert km.is_alive()
    finally:
        if kc is not None:
            kc.stop_channels()
        km.shutdown_kernel(now=False)
