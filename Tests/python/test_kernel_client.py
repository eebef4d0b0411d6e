"""The kernel under jupyter_client and raw zmq: interrupt, shutdown/restart, signals,
forged signatures and malformed frames. Every wait has a time-out."""
import os
import signal
import time

import pytest
import zmq
from jupyter_client.session import Session

from conftest import iopub_until_idle, reply_to, start_client, stop_client

TRAIN = "net 2 -> 64 sigmoid -> 1 sigmoid\nx = [0 1]\ny = [1]\ntrain epochs 100000000"
MAX_MESSAGE = 1_000_000  # the kernel's limit for these tests (BACKPROP_KERNEL_MAX_MESSAGE_BYTES)


@pytest.fixture
def kernel():
    km, kc = start_client(env=dict(os.environ, BACKPROP_KERNEL_MAX_MESSAGE_BYTES=str(MAX_MESSAGE)))
    yield km, kc
    stop_client(km, kc, now=False)


def run(kc, code, timeout=30.0):
    """Executes code; returns (reply, iopub messages up to idle)."""
    msg_id = kc.execute(code)
    reply = reply_to(kc, msg_id, timeout)
    return reply, iopub_until_idle(kc, msg_id, timeout=5)


def stdout_of(outputs):
    return "".join(m["content"]["text"] for m in outputs
                   if m["msg_type"] == "stream" and m["content"]["name"] == "stdout")


def test_interrupt_during_training_is_prompt_and_kernel_stays_usable(kernel):
    km, kc = kernel
    msg_id = kc.execute(TRAIN)
    time.sleep(1.5)  # well into the training loop
    start = time.monotonic()
    km.interrupt_kernel()  # interrupt_mode "message": interrupt_request on control
    reply = reply_to(kc, msg_id, timeout=5)
    assert time.monotonic() - start < 1.0, "the interrupted cell should end within a second"
    assert reply["content"]["status"] in ("ok", "error")
    reply, outputs = run(kc, 'print "still here"')
    assert reply["content"]["status"] == "ok"
    assert "still here" in stdout_of(outputs)
    # The parameters of the last finished step are kept and usable.
    reply, _ = run(kc, "forward")
    assert reply["content"]["status"] == "ok"


def test_sigint_never_kills_the_kernel(kernel):
    km, kc = kernel
    km.signal_kernel(signal.SIGINT)
    time.sleep(0.3)
    assert km.is_alive()
    msg_id = kc.kernel_info()
    assert reply_to(kc, msg_id, timeout=5)["msg_type"] == "kernel_info_reply"


def test_shutdown_and_restart(kernel):
    km, kc = kernel
    old_pid = km.provisioner.process.pid
    km.restart_kernel(now=False)
    assert km.provisioner.process.pid != old_pid
    kc.wait_for_ready(timeout=60)
    reply, outputs = run(kc, 'print "after restart"')
    assert "after restart" in stdout_of(outputs)
    process = km.provisioner.process
    km.shutdown_kernel(now=False)
    assert process.wait(timeout=10) == 0, "shutdown_request should end the kernel with status 0"


def test_shutdown_reply_echoes_restart_flag(kernel):
    km, kc = kernel
    msg = kc.session.msg("shutdown_request", {"restart": True})
    kc.control_channel.send(msg)
    reply = kc.control_channel.get_msg(timeout=5)
    assert reply["msg_type"] == "shutdown_reply"
    assert reply["content"]["restart"] is True
    assert km.provisioner.process.wait(timeout=10) == 0


def test_sigterm_ends_the_kernel_cleanly(kernel):
    km, kc = kernel
    process = km.provisioner.process
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0


def _raw_dealer(km):
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 0
    sock.connect(f"{km.transport}://{km.ip}:{km.shell_port}" if km.transport == "tcp"
                 else f"ipc://{km.ip}-{km.shell_port}")
    return sock


def test_bad_signature_gets_no_reply_and_runs_nothing(kernel):
    km, kc = kernel
    forger = Session(key=b"not-the-key", username="mallory")
    sock = _raw_dealer(km)
    try:
        forger.send(sock, "execute_request", {"code": 'print "forged"', "silent": False,
                                              "store_history": True, "user_expressions": {},
                                              "allow_stdin": False, "stop_on_error": True})
        assert sock.poll(1000) == 0, "a forged message must get no reply"
    finally:
        sock.close()
    # Nothing ran: no history entry, no output.
    msg_id = kc.history(hist_access_type="tail", n=50, raw=True, output=False)
    history = reply_to(kc, msg_id)["content"]["history"]
    assert all("forged" not in entry[2] for entry in history)


def test_malformed_frames_leave_the_kernel_answering(kernel):
    km, kc = kernel
    session = kc.session
    sock = _raw_dealer(km)
    try:
        header = session.msg_header("kernel_info_request")
        parts = [session.pack(p) for p in (header, {}, {}, {})]
        good_sig = session.sign(parts)
        # Wrong frame counts.
        sock.send_multipart([b"just one frame"])
        sock.send_multipart([b"<IDS|MSG>", good_sig, parts[0]])
        # Correctly signed, but not JSON.
        junk = [b"not json", b"{}", b"{}", b"{}"]
        sock.send_multipart([b"<IDS|MSG>", session.sign(junk)] + junk)
        # Correctly signed, but over the size limit.
        big = [parts[0], b"{}", b"{}", session.pack({"code": "x" * (MAX_MESSAGE + 10)})]
        sock.send_multipart([b"<IDS|MSG>", session.sign(big)] + big)
        assert sock.poll(1000) == 0, "malformed messages get no reply"
        # A well-formed one on the same connection is still answered.
        sock.send_multipart([b"<IDS|MSG>", good_sig] + parts)
        assert sock.poll(5000) != 0, "a valid message after malformed ones must be answered"
    finally:
        sock.close()
    msg_id = kc.kernel_info()
    assert reply_to(kc, msg_id, timeout=5)["msg_type"] == "kernel_info_reply"
