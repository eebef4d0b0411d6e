"""`train … boundary every N` under jupyter_client: the decision boundary is one display_data
with a display_id, updated in place by update_display_data while training runs (at most 4
frames a second), each frame a well-formed data-URI SVG image, the last one the trained
network's. Every wait is bounded.
"""
import base64
import re
import xml.etree.ElementTree as ET

import pytest

from conftest import reply_to, start_client, stop_client
from test_train_output import XOR, execute_quietly, until_idle


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_client()
    yield km, kc
    stop_client(km, kc, now=False)


def svg_of(bundle):
    match = re.search(r'src="data:image/svg\+xml;base64,([^"]+)"', bundle["text/html"])
    assert match, "no data-URI image in the frame"
    return ET.fromstring(base64.b64decode(match.group(1)))


def test_the_boundary_is_updated_in_place_while_training(kernel):
    _, kc = kernel
    execute_quietly(kc, XOR)
    msg_id = kc.execute("train epochs 300000 eta 0.2 boundary every 500")
    reply = reply_to(kc, msg_id, timeout=120)
    got, _ = until_idle(kc, msg_id, timeout=120)
    assert reply["content"]["status"] == "ok", reply["content"]
    frames = [m for m in got if m["msg_type"] == "display_data"
              and m["content"]["data"].get("application/vnd.backprop+json", {}).get("kind") == "boundary"]
    assert len(frames) == 1, "one display for the live boundary"
    display_id = frames[0]["content"]["transient"]["display_id"]
    updates = [m for m in got if m["msg_type"] == "update_display_data"
               and m["content"]["transient"]["display_id"] == display_id]
    assert len(updates) >= 2, "the boundary was not updated while training"
    seconds = 300000 / 500  # snapshots asked for; the rate limit keeps far fewer
    assert len(updates) < seconds
    for m in [frames[0]] + updates:
        svg = svg_of(m["content"]["data"])
        paths = [e for e in svg.iter() if e.tag.endswith("path") and e.get("class") == "region"]
        points = [e for e in svg.iter() if e.tag.endswith("circle") and e.get("class") == "point"]
        assert 1 <= len(paths) <= 2 and len(points) == 4
    assert "(done)" in updates[-1]["content"]["data"]["text/plain"]
    # The last frame is the trained network's: the same regions as `boundary` now.
    now_id = kc.execute("boundary")
    reply_to(kc, now_id, timeout=30)
    after, _ = until_idle(kc, now_id)
    result = [m for m in after if m["msg_type"] == "execute_result"][0]
    key = "application/vnd.backprop+json"
    assert result["content"]["data"][key]["classes"] == updates[-1]["content"]["data"][key]["classes"]
