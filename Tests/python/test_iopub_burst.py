"""Bursts of pipelined executes lose no iopub message (issue 18 §2: one run saw 999 of 1 000 idles).

Each test sends BURST execute_requests without waiting, then counts, per request, its status
busy, its execute_input and its status idle on iopub: every one exactly once, and each busy
before its idle. Two clients: jupyter_client (what a front end uses) and a raw zmq DEALER/SUB
pair (no client thread in between; it subscribes and waits for the kernel's iopub_welcome
before sending, so no slow-joiner loss is excused). Bounded: a burst has 60 s in all.
"""
import time
from collections import Counter
from queue import Empty

import zmq
from jupyter_client.session import Session

from conftest import start_client, stop_client
from kernel_process import KernelProcess

BURST = 1000
CODE = "precision 4"
TIME_LIMIT = 60.0


def check_counts(sent, events):
    """`events`: (msg_id, kind) in iopub order, kind one of busy/idle/execute_input."""
    counts = Counter(events)
    missing = {kind: sum(1 for m in sent if counts[(m, kind)] == 0) for kind in ("busy", "execute_input", "idle")}
    repeated = {kind: sum(1 for m in sent if counts[(m, kind)] > 1) for kind in ("busy", "execute_input", "idle")}
    assert missing == {"busy": 0, "execute_input": 0, "idle": 0}, f"lost on iopub (of {len(sent)}): {missing}"
    assert repeated == {"busy": 0, "execute_input": 0, "idle": 0}, f"sent twice: {repeated}"
    position = {}
    for i, event in enumerate(events):
        position.setdefault(event, i)
    out_of_order = [m for m in sent
                    if not position[(m, "busy")] < position[(m, "execute_input")] < position[(m, "idle")]]
    assert not out_of_order, f"{len(out_of_order)} requests with busy/execute_input/idle out of order"


def kind_of(msg):
    if msg["msg_type"] == "status":
        return msg["content"]["execution_state"]
    return msg["msg_type"]


def test_burst_through_jupyter_client():
    km, kc = start_client()
    try:
        sent = [kc.execute(CODE) for _ in range(BURST)]
        wanted = set(sent)
        replies, events = set(), []
        idles = 0
        deadline = time.monotonic() + TIME_LIMIT
        # Read both channels as they come (a front end does), until every reply and idle is in.
        while (len(replies) < BURST or idles < BURST) and time.monotonic() < deadline:
            try:
                while True:
                    msg = kc.get_shell_msg(timeout=0)
                    if msg["parent_header"].get("msg_id") in wanted:
                        replies.add(msg["parent_header"]["msg_id"])
            except Empty:
                pass
            try:
                msg = kc.get_iopub_msg(timeout=0.05)
            except Empty:
                continue
            parent = msg["parent_header"].get("msg_id")
            if parent in wanted and kind_of(msg) in ("busy", "idle", "execute_input"):
                events.append((parent, kind_of(msg)))
                idles += kind_of(msg) == "idle"
        assert len(replies) == BURST, f"{BURST - len(replies)} execute_replies missing after {TIME_LIMIT} s"
        check_counts(sent, events)
    finally:
        stop_client(km, kc, now=True)


def test_burst_raw_zmq_reading_iopub_only_at_the_end(tmp_path):
    """The client reads nothing on iopub until every reply is in: the kernel must queue, not drop."""
    kernel = KernelProcess(tmp_path)
    try:
        session = Session(key=kernel.key)
        iopub = kernel.socket(zmq.SUB, "iopub")
        iopub.setsockopt(zmq.SUBSCRIBE, b"")
        shell = kernel.socket(zmq.DEALER, "shell")
        # The kernel greets a subscription with iopub_welcome (JEP 65): from then on nothing may be lost.
        deadline = time.monotonic() + 30
        welcomed = False
        while not welcomed and time.monotonic() < deadline:
            if iopub.poll(100):
                _, msg = session.recv(iopub)
                welcomed = msg["msg_type"] == "iopub_welcome"
        assert welcomed, "no iopub_welcome within 30 s"
        sent = []
        for _ in range(BURST):
            msg = session.msg("execute_request", {"code": CODE, "silent": False, "store_history": True,
                                                  "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
            sent.append(msg["header"]["msg_id"])
            session.send(shell, msg)
        wanted = set(sent)
        replies = set()
        deadline = time.monotonic() + TIME_LIMIT
        while len(replies) < BURST and time.monotonic() < deadline:
            if shell.poll(100):
                _, msg = session.recv(shell)
                if msg["parent_header"].get("msg_id") in wanted:
                    replies.add(msg["parent_header"]["msg_id"])
        assert len(replies) == BURST, f"{BURST - len(replies)} execute_replies missing after {TIME_LIMIT} s"
        events, idles = [], 0
        while idles < BURST and time.monotonic() < deadline:
            if not iopub.poll(500):
                break  # nothing more is coming
            _, msg = session.recv(iopub)
            parent = msg["parent_header"].get("msg_id")
            if parent in wanted and kind_of(msg) in ("busy", "idle", "execute_input"):
                events.append((parent, kind_of(msg)))
                idles += kind_of(msg) == "idle"
        check_counts(sent, events)
        shell.close()
        iopub.close()
    finally:
        kernel.close()
