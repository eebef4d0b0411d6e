"""The widget protocol against a slider, with real jupyter_client and the real kernel
(issue 14): comm_open of the widgets, a front end's `update` answered by echo_update and
update_display_data on the live view's display_id, request_state, comm_close, and
`show w212` agreeing with the slider. Before a widget front end shows itself (the control
comm), `slider` answers in text and sends no comm message."""
import math
import uuid
from pathlib import Path

import pytest

from conftest import iopub_until_idle, reply_to, start_client, stop_client
from test_comms import comm_info, send

PROGRAM = (Path(__file__).resolve().parents[1] / "programs" / "worked_example.bp").read_text()
# The worked example without its final `step`: w212 = 0.8 as written.
SETUP = PROGRAM.split("\nforward")[0]


@pytest.fixture()
def kernel():
    km, kc = start_client()
    msg_id = kc.execute(SETUP)
    assert reply_to(kc, msg_id, timeout=30)["content"]["status"] == "ok"
    iopub_until_idle(kc, msg_id)
    yield km, kc
    stop_client(km, kc, now=True)


def open_control(kc):
    """What JupyterLab's widget manager does on connecting: open jupyter.widget.control."""
    comm_id = uuid.uuid4().hex
    msg_id = send(kc, "comm_open", {"comm_id": comm_id, "target_name": "jupyter.widget.control", "data": {}},
                  metadata={"version": "1.0.0"})
    iopub_until_idle(kc, msg_id)
    return comm_id


def run_cell(kc, code):
    msg_id = kc.execute(code)
    assert reply_to(kc, msg_id, timeout=30)["content"]["status"] == "ok"
    return iopub_until_idle(kc, msg_id, timeout=30)


def sliders_of(messages):
    opened = {m["content"]["comm_id"]: m["content"]["data"]["state"] for m in messages if m["msg_type"] == "comm_open"}
    return {s["description"]: cid for cid, s in opened.items() if s["_model_name"] == "FloatSliderModel"}, opened


def test_without_a_widget_front_end_slider_answers_in_text(kernel):
    _, kc = kernel
    messages = run_cell(kc, "slider w212 from -1 to 1")
    assert not [m for m in messages if m["msg_type"].startswith("comm_")]
    result = [m for m in messages if m["msg_type"] == "execute_result"][0]
    assert "sliders need a notebook front end" in result["content"]["data"]["text/plain"]
    assert "`w212 = …`" in result["content"]["data"]["text/plain"]
    assert comm_info(kc) == {}


def test_slider_open_update_request_state_close(kernel):
    _, kc = kernel
    open_control(kc)
    messages = run_cell(kc, "slider w212 w131 from -1 to 1 step 0.01")
    sliders, opened = sliders_of(messages)
    assert set(sliders) == {"w212", "w131"}
    for m in messages:
        if m["msg_type"] == "comm_open":
            assert m["content"]["target_name"] == "jupyter.widget"
            assert m["metadata"]["version"] == "2.1.0"
            assert m["content"]["data"]["buffer_paths"] == []
    w212 = opened[sliders["w212"]]
    assert (w212["min"], w212["max"], w212["step"], w212["value"]) == (-1, 1, 0.01, 0.8)
    displays = [m for m in messages if m["msg_type"] == "display_data"]
    panel = displays[0]["content"]["data"]["application/vnd.jupyter.widget-view+json"]["model_id"]
    assert opened[panel]["_model_name"] == "VBoxModel"
    assert opened[panel]["children"] == [f"IPY_MODEL_{sliders['w212']}", f"IPY_MODEL_{sliders['w131']}"]
    view_id = displays[1]["content"]["transient"]["display_id"]

    # A front end moves w212: echo_update, then the view on the same display_id.
    moved = send(kc, "comm_msg", {"comm_id": sliders["w212"],
                                  "data": {"method": "update", "state": {"value": 0.25}, "buffer_paths": []}})
    answer = iopub_until_idle(kc, moved)
    echo = [m for m in answer if m["msg_type"] == "comm_msg"]
    assert echo and echo[0]["content"]["data"] == {"method": "echo_update", "state": {"value": 0.25}, "buffer_paths": []}
    updates = [m for m in answer if m["msg_type"] == "update_display_data"]
    assert len(updates) == 1 and updates[0]["content"]["transient"]["display_id"] == view_id
    view = updates[0]["content"]["data"]["application/vnd.backprop+json"]
    assert view["parameters"] == {"w212": 0.25, "w131": -0.3}
    # The numbers are the engine's for w212 = 0.25, as a cell that assigns it gets them.
    forward = [m for m in run_cell(kc, "forward") if m["msg_type"] == "execute_result"][0]
    assert view["loss"] == forward["content"]["data"]["application/vnd.backprop+json"]["loss"]
    shown = [m for m in run_cell(kc, "show w212") if m["msg_type"] == "execute_result"][0]
    assert shown["content"]["data"]["application/vnd.backprop+json"]["value"] == 0.25

    # A value outside [min, max] is clamped, as ipywidgets does, and the session follows.
    far = send(kc, "comm_msg", {"comm_id": sliders["w131"],
                                "data": {"method": "update", "state": {"value": 7}, "buffer_paths": []}})
    clamped = [m for m in iopub_until_idle(kc, far) if m["msg_type"] == "update_display_data"]
    assert clamped[0]["content"]["data"]["application/vnd.backprop+json"]["parameters"]["w131"] == 1

    # request_state: the whole state, with the moved value.
    asked = send(kc, "comm_msg", {"comm_id": sliders["w212"], "data": {"method": "request_state"}})
    state = [m for m in iopub_until_idle(kc, asked) if m["msg_type"] == "comm_msg"][0]["content"]["data"]
    assert state["method"] == "update" and state["state"]["value"] == 0.25
    assert state["state"]["_model_name"] == "FloatSliderModel"

    # comm_close from the front end: the slider is gone; a later move is not answered.
    closed = send(kc, "comm_close", {"comm_id": sliders["w212"], "data": {}})
    iopub_until_idle(kc, closed)
    assert sliders["w212"] not in comm_info(kc, "jupyter.widget")
    again = send(kc, "comm_msg", {"comm_id": sliders["w212"],
                                  "data": {"method": "update", "state": {"value": 0.5}, "buffer_paths": []}})
    assert not [m for m in iopub_until_idle(kc, again) if m["msg_type"] != "status"]
    shown = [m for m in run_cell(kc, "show w212") if m["msg_type"] == "execute_result"][0]
    assert shown["content"]["data"]["application/vnd.backprop+json"]["value"] == 0.25


def test_a_bad_update_changes_nothing(kernel):
    _, kc = kernel
    open_control(kc)
    sliders, _ = sliders_of(run_cell(kc, "slider w212"))
    for bad in [{"value": "x"}, {"value": None}, {"min": 5}]:
        msg_id = send(kc, "comm_msg", {"comm_id": sliders["w212"],
                                       "data": {"method": "update", "state": bad, "buffer_paths": []}})
        iopub_until_idle(kc, msg_id)
    shown = [m for m in run_cell(kc, "show w212") if m["msg_type"] == "execute_result"][0]
    value = shown["content"]["data"]["application/vnd.backprop+json"]["value"]
    assert math.isclose(value, 0.8)
