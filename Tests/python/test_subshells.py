"""Kernel subshells (JEP 91, protocol 5.5) with real jupyter_client against the real kernel:
create / list / delete on control, and a subshell that answers while the main shell trains."""
import time
from queue import Empty

import pytest

from conftest import iopub_until_idle, reply_to, start_client, stop_client

LONG_TRAIN = "net 2 -> 64 sigmoid -> 1 sigmoid\nx = [0 1]\ny = [1]\ntrain epochs 100000000"


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_client()
    yield km, kc
    stop_client(km, kc, now=True)


def control(kc, msg_type, content=None, timeout=5.0):
    msg = kc.session.msg(msg_type, content or {})
    kc.control_channel.send(msg)
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        reply = kc.get_control_msg(timeout=deadline - time.monotonic())
        if reply["parent_header"].get("msg_id") == msg["header"]["msg_id"]:
            return reply
    raise AssertionError(f"no {msg_type} reply")


def on_subshell(kc, msg_type, content, subshell_id):
    msg = kc.session.msg(msg_type, content)
    msg["header"]["subshell_id"] = subshell_id
    kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def test_kernel_info_announces_subshells_and_5_5(kernel):
    _, kc = kernel
    reply = reply_to(kc, kc.kernel_info())
    assert reply["content"]["protocol_version"] == "5.5"
    assert "kernel subshells" in reply["content"]["supported_features"]


def test_create_list_delete(kernel):
    _, kc = kernel
    before = control(kc, "list_subshell_request")["content"]["subshell_id"]
    created = control(kc, "create_subshell_request")["content"]
    assert created["status"] == "ok"
    sid = created["subshell_id"]
    assert control(kc, "list_subshell_request")["content"]["subshell_id"] == before + [sid]
    assert control(kc, "delete_subshell_request", {"subshell_id": sid})["content"]["status"] == "ok"
    assert control(kc, "list_subshell_request")["content"]["subshell_id"] == before
    again = control(kc, "delete_subshell_request", {"subshell_id": sid})["content"]
    assert again["status"] == "error"
    # A request naming a deleted subshell gets an error reply, not silence.
    reply = reply_to(kc, on_subshell(kc, "kernel_info_request", {}, sid))
    assert reply["content"]["status"] == "error"


def test_subshell_answers_while_main_shell_trains(kernel):
    km, kc = kernel
    sid = control(kc, "create_subshell_request")["content"]["subshell_id"]
    train = kc.execute(LONG_TRAIN)
    # Wait until the cell runs (its busy status).
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        msg = kc.get_iopub_msg(timeout=5)
        if msg["parent_header"].get("msg_id") == train and msg["msg_type"] == "execute_input":
            break
    time.sleep(0.3)
    timings = {}
    for msg_type, content in [("kernel_info_request", {}), ("comm_info_request", {}),
                              ("execute_request", {"code": "show x", "silent": False})]:
        start = time.monotonic()
        msg_id = on_subshell(kc, msg_type, content, sid)
        if msg_type == "execute_request":
            break  # see below: an execute waits for the language, which the train holds
        reply = reply_to(kc, msg_id, timeout=5)
        timings[msg_type] = time.monotonic() - start
        assert reply["parent_header"]["subshell_id"] == sid
        assert reply["content"]["status"] == "ok"
    # What a widget front end does on its comm subshell (JupyterLab: one per comm target)
    # while the cell runs: the control comm's request_states is answered on iopub. (The first
    # subshell is now waiting to run its cell, so the comms use another.)
    comms = control(kc, "create_subshell_request")["content"]["subshell_id"]
    start = time.monotonic()
    on_subshell(kc, "comm_open", {"comm_id": "ctl-during-train", "target_name": "jupyter.widget.control", "data": {}}, comms)
    asked = on_subshell(kc, "comm_msg", {"comm_id": "ctl-during-train", "data": {"method": "request_states"}}, comms)
    answers = [m for m in iopub_until_idle(kc, asked, timeout=5) if m["msg_type"] == "comm_msg"]
    timings["comm_msg request_states"] = time.monotonic() - start
    assert [m["content"]["data"]["method"] for m in answers] == ["update_states"]
    assert answers[0]["parent_header"]["subshell_id"] == comms
    print("subshell replies while training:", {k: f"{v * 1000:.1f} ms" for k, v in timings.items()})
    assert all(t < 0.3 for t in timings.values()), timings
    # The train is still running: no reply to it yet.
    with pytest.raises((AssertionError, Empty)):
        reply_to(kc, train, timeout=0.2)
    km.interrupt_kernel()
    # Both replies come now, in either order: the subshell's execute ran once the language
    # was free (the language serialises executes), on the subshell.
    replies = {}
    deadline = time.monotonic() + 10
    while len(replies) < 2 and time.monotonic() < deadline:
        msg = kc.get_shell_msg(timeout=deadline - time.monotonic())
        replies[msg["parent_header"].get("msg_id")] = msg
    assert replies[train]["content"]["status"] == "error"
    reply = replies[msg_id]
    assert reply["content"]["status"] == "ok"
    assert reply["content"]["execution_count"] == 1
    outputs = iopub_until_idle(kc, msg_id)
    assert any(m["msg_type"] in ("display_data", "stream", "execute_result") for m in outputs)
    for subshell in (sid, comms):
        assert control(kc, "delete_subshell_request", {"subshell_id": subshell})["content"]["status"] == "ok"
