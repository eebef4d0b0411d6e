"""Comms with real jupyter_client against the real kernel (issue 14): comm_info, the widget
control target's request_states, an unknown target closed, and no comm message unless a
widget statement runs."""
import uuid
from pathlib import Path

import pytest

from conftest import iopub_until_idle, reply_to, start_client, stop_client

PROGRAM = (Path(__file__).resolve().parents[1] / "programs" / "worked_example.bp").read_text()


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_client()
    yield km, kc
    stop_client(km, kc, now=True)


def send(kc, msg_type, content, metadata=None):
    msg = kc.session.msg(msg_type, content, metadata=metadata or {})
    kc.shell_channel.send(msg)
    return msg["header"]["msg_id"]


def comm_info(kc, target=None):
    content = {} if target is None else {"target_name": target}
    reply = reply_to(kc, send(kc, "comm_info_request", content))
    assert reply["content"]["status"] == "ok"
    return reply["content"]["comms"]


def test_no_comm_message_unless_a_widget_statement_runs(kernel):
    _, kc = kernel
    seen = []
    for cell in [PROGRAM, "train epochs 20", "show W1", "help"]:
        msg_id = kc.execute(cell)
        assert reply_to(kc, msg_id, timeout=30)["content"]["status"] == "ok"
        seen += [m["msg_type"] for m in iopub_until_idle(kc, msg_id, timeout=30)]
    assert seen and not [t for t in seen if t.startswith("comm_")]
    assert comm_info(kc) == {}


def test_unknown_target_is_closed(kernel):
    _, kc = kernel
    comm_id = uuid.uuid4().hex
    msg_id = send(kc, "comm_open", {"comm_id": comm_id, "target_name": "no.such.target", "data": {}})
    outputs = iopub_until_idle(kc, msg_id)
    assert [(m["msg_type"], m["content"].get("comm_id")) for m in outputs] == [("status", None), ("comm_close", comm_id)]
    assert comm_id not in comm_info(kc)


def test_widget_control_request_states(kernel):
    """What ipywidgets 8's manager does on a (re)loaded page: open jupyter.widget.control,
    ask for request_states, get one update_states back, close."""
    _, kc = kernel
    comm_id = uuid.uuid4().hex
    opened = send(kc, "comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
                  metadata={"version": "1.0.0"})
    assert not [m for m in iopub_until_idle(kc, opened) if m["msg_type"] == "comm_close"]
    assert comm_info(kc, "jupyter.widget.control") == {comm_id: {"target_name": "jupyter.widget.control"}}
    assert comm_info(kc, "jupyter.widget") == {}
    asked = send(kc, "comm_msg", {"comm_id": comm_id, "data": {"method": "request_states"}})
    replies = [m for m in iopub_until_idle(kc, asked) if m["msg_type"] == "comm_msg"]
    assert len(replies) == 1
    data = replies[0]["content"]["data"]
    assert replies[0]["content"]["comm_id"] == comm_id
    assert data == {"method": "update_states", "states": {}, "buffer_paths": []}
    closed = send(kc, "comm_close", {"comm_id": comm_id, "data": {}})
    iopub_until_idle(kc, closed)
    assert comm_info(kc) == {}


def test_comm_info_on_control(kernel):
    _, kc = kernel
    msg = kc.session.msg("comm_info_request", {})
    kc.control_channel.send(msg)
    reply = kc.get_control_msg(timeout=5)
    assert reply["parent_header"]["msg_id"] == msg["header"]["msg_id"]
    assert reply["content"] == {"status": "ok", "comms": {}}


def test_widget_made_by_the_front_end_update_request_state_close(kernel):
    """The widget protocol's messages with real jupyter_client, on a FloatSlider the front end
    creates (the kernel's own widgets come with the widget statements): comm_open on
    jupyter.widget with {state, buffer_paths} and metadata.version, update → echo_update
    (parent: the update), an out-of-range value clamped by an update, request_state → the full
    state, listed by request_states, and comm_close."""
    _, kc = kernel
    comm_id = uuid.uuid4().hex
    state = {"_model_name": "FloatSliderModel", "_model_module": "@jupyter-widgets/controls",
             "_model_module_version": "2.0.0", "_view_name": "FloatSliderView",
             "_view_module": "@jupyter-widgets/controls", "_view_module_version": "2.0.0",
             "min": -1.0, "max": 1.0, "value": 0.0}
    opened = send(kc, "comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget",
                                    "data": {"state": state, "buffer_paths": []}}, metadata={"version": "2.1.0"})
    assert not [m for m in iopub_until_idle(kc, opened) if m["msg_type"] == "comm_close"]
    assert comm_info(kc, "jupyter.widget") == {comm_id: {"target_name": "jupyter.widget"}}

    def widget_messages(data):
        msg_id = send(kc, "comm_msg", {"comm_id": comm_id, "data": data})
        found = [m for m in iopub_until_idle(kc, msg_id) if m["msg_type"] == "comm_msg"]
        assert all(m["parent_header"]["msg_id"] == msg_id for m in found)
        return [m["content"]["data"] for m in found]

    assert widget_messages({"method": "update", "state": {"value": 0.5}, "buffer_paths": []}) == [
        {"method": "echo_update", "state": {"value": 0.5}, "buffer_paths": []}]
    assert widget_messages({"method": "update", "state": {"value": 3}, "buffer_paths": []}) == [
        {"method": "echo_update", "state": {"value": 3}, "buffer_paths": []},
        {"method": "update", "state": {"value": 1.0}, "buffer_paths": []}]
    [full] = widget_messages({"method": "request_state"})
    assert full["method"] == "update" and full["buffer_paths"] == []
    assert full["state"]["value"] == 1.0 and full["state"]["_model_name"] == "FloatSliderModel"
    # Every key of the v8 model is there, defaults filled in (e.g. readout_format ".2f").
    assert full["state"]["readout_format"] == ".2f" and full["state"]["continuous_update"] is True

    control_id = uuid.uuid4().hex
    send(kc, "comm_open", {"comm_id": control_id, "target_name": "jupyter.widget.control", "data": {}})
    asked = send(kc, "comm_msg", {"comm_id": control_id, "data": {"method": "request_states"}})
    [states] = [m["content"]["data"] for m in iopub_until_idle(kc, asked) if m["msg_type"] == "comm_msg"]
    assert list(states["states"]) == [comm_id]
    assert states["states"][comm_id]["model_name"] == "FloatSliderModel"
    assert states["states"][comm_id]["state"] == full["state"]

    for closing in (comm_id, control_id):
        iopub_until_idle(kc, send(kc, "comm_close", {"comm_id": closing, "data": {}}))
    assert comm_info(kc) == {}
