"""Every request whose signature is valid and whose header can be read gets a reply
(issue 10 §3): debug_request (the kernel does not advertise a debugger) and any unknown
`*_request` get `*_reply` with status error, on shell and on control. is_complete,
complete and inspect apply the cell size limit (issue 17 §4): 60 MB of code is answered
at once instead of keeping the shell busy for seconds."""
import time

import pytest

from kernel_process import KernelProcess, reply


@pytest.fixture
def kernel(tmp_path):
    # A message limit above 60 MB, so that the cell size limit is what is tested.
    k = KernelProcess(tmp_path, env={"BACKPROP_KERNEL_MAX_MESSAGE_BYTES": str(100 << 20)})
    kc = k.client()
    yield k, kc
    k.close()


def request(kc, channel, msg_type, content=None):
    msg = kc.session.msg(msg_type, content or {})
    getattr(kc, f"{channel}_channel").send(msg)
    return reply(kc, msg["header"]["msg_id"], timeout=10, channel=channel)


def test_debug_request_on_control_gets_an_error_reply(kernel):
    k, kc = kernel
    info = reply(kc, kc.kernel_info())["content"]
    assert info["debugger"] is False
    r = request(kc, "control", "debug_request", {"type": "request", "seq": 1, "command": "initialize",
                                                 "arguments": {}})
    assert r["msg_type"] == "debug_reply"
    assert r["content"]["status"] == "error"


@pytest.mark.parametrize("channel", ["shell", "control"])
def test_an_unknown_request_gets_an_error_reply(kernel, channel):
    k, kc = kernel
    r = request(kc, channel, "frobnicate_request", {})
    assert r["msg_type"] == "frobnicate_reply"
    assert r["content"]["status"] == "error"
    assert r["content"]["ename"]
    # The kernel carries on.
    assert reply(kc, kc.kernel_info())["msg_type"] == "kernel_info_reply"


@pytest.mark.parametrize("msg_type,content,check", [
    ("is_complete_request", {}, lambda c: c["status"] == "invalid"),
    ("complete_request", {"cursor_pos": 3}, lambda c: c["status"] == "ok" and c["matches"] == []),
    ("inspect_request", {"cursor_pos": 3, "detail_level": 0}, lambda c: c["status"] == "ok" and not c["found"]),
])
def test_code_over_the_cell_limit_is_answered_at_once(kernel, msg_type, content, check):
    k, kc = kernel
    code = "x = [1 2]\n" * (6 << 20)  # 60 MiB
    start = time.monotonic()
    r = request(kc, "shell", msg_type, dict(content, code=code))
    elapsed = time.monotonic() - start
    print(f"{msg_type} on 60 MiB of code: answered in {elapsed:.2f} s")
    assert check(r["content"]), r["content"]
    assert elapsed < 5.0  # sending and decoding 60 MiB; before: 22-27 s of parsing
    assert reply(kc, kc.kernel_info(), timeout=5)["msg_type"] == "kernel_info_reply"
