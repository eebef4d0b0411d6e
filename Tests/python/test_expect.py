"""`expect` over the Jupyter protocol, as a grader sees it: a passing check is one display_data
line and never an execute_result (nbgrader reads an execute_result's text/plain as a score);
a failing one is an `error` output, ename ExpectationError, whose traceback carries the
diagnosis, and the execute_reply's status is "error"."""
from pathlib import Path

import pytest

from conftest import iopub_until_idle, reply_to, start_client, stop_client

ROOT = Path(__file__).resolve().parents[2]
SETUP = (ROOT / "Tests" / "programs" / "worked_example.bp").read_text().split("\nforward")[0]


@pytest.fixture(scope="module")
def kernel():
    km, kc = start_client()
    msg_id = kc.execute(SETUP)
    assert reply_to(kc, msg_id, timeout=30)["content"]["status"] == "ok"
    iopub_until_idle(kc, msg_id, timeout=30)
    yield km, kc
    stop_client(km, kc, now=False)


def execute(kc, code):
    msg_id = kc.execute(code)
    reply = reply_to(kc, msg_id, timeout=30)
    return reply["content"], iopub_until_idle(kc, msg_id, timeout=30)


def test_a_passing_expect_is_one_display_line_not_a_result(kernel):
    _, kc = kernel
    reply, messages = execute(kc, "expect dL/dw131 = 0.0031594")
    assert reply["status"] == "ok"
    types = [m["msg_type"] for m in messages if m["msg_type"] not in ("status", "execute_input")]
    assert types == ["display_data"], types
    text = messages[[m["msg_type"] for m in messages].index("display_data")]["content"]["data"]["text/plain"]
    assert text.startswith("✓ ∂L/∂w₁₃₁ = 0.0031594") and "\n" not in text.strip()


def test_a_failing_expect_is_an_error_with_the_diagnosis(kernel):
    _, kc = kernel
    reply, messages = execute(kc, "expect dL/dw131 = 0.0015797")
    assert reply["status"] == "error" and reply["ename"] == "ExpectationError"
    errors = [m["content"] for m in messages if m["msg_type"] == "error"]
    assert len(errors) == 1 and errors[0]["ename"] == "ExpectationError"
    traceback = "\n".join(errors[0]["traceback"])
    assert "0.0015797 is paths 1 + 3 only (of 4): the paths through ŷ₂ are missing" in traceback
    assert "0.003159357" in errors[0]["evalue"]
    assert not [m for m in messages if m["msg_type"] == "execute_result"]
