"""CurveZMQ transport encryption (jupyter_client 8.9+ `transport_encryption`): a client
without the server's public key, or with a wrong one, gets nothing from any channel, and
the kernel stays up for the client that has it. The jupyter_kernel_test suite runs
encrypted in test_kernel_jkt.py (BackpropKernelTestsCurve)."""
import json

import pytest
import zmq
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

from conftest import KERNEL_NAME, reply_to
from kernel_process import KernelProcess


@pytest.fixture
def encrypted():
    km = KernelManager(kernel_name=KERNEL_NAME, transport_encryption="required")
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    yield km, kc
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=False)


def kernel_info_frames(session):
    msg = session.msg("kernel_info_request", {})
    return session.serialize(msg)


def raw_socket(km, kind, port, **curve):
    sock = zmq.Context.instance().socket(kind)
    sock.linger = 0
    for name, value in curve.items():
        setattr(sock, name, value)
    sock.connect(f"tcp://{km.ip}:{port}")
    return sock


def test_the_connection_file_carries_the_keys_and_the_kernel_answers(encrypted):
    km, kc = encrypted
    with open(km.connection_file) as f:
        info = json.load(f)
    assert len(info["curve_publickey"]) == 40 and len(info["curve_secretkey"]) == 40
    assert reply_to(kc, kc.kernel_info())["msg_type"] == "kernel_info_reply"
    reply = kc.execute_interactive('print "over curve"', timeout=30)
    assert reply["content"]["status"] == "ok"


def test_clients_without_or_with_wrong_keys_get_nothing(encrypted):
    km, kc = encrypted
    session = Session(key=km.session.key)  # even with the HMAC key
    wrong_server_public, _ = zmq.curve_keypair()
    client_public, client_secret = zmq.curve_keypair()
    attempts = {
        "plain": {},
        "wrong server key": dict(curve_serverkey=wrong_server_public, curve_publickey=client_public,
                                 curve_secretkey=client_secret),
    }
    for label, curve in attempts.items():
        for channel, port in (("shell", km.shell_port), ("control", km.control_port)):
            sock = raw_socket(km, zmq.DEALER, port, **curve)
            try:
                sock.send_multipart(kernel_info_frames(session))
                assert sock.poll(1000) == 0, f"{label} client got a reply on {channel}"
            finally:
                sock.close()
        hb = raw_socket(km, zmq.REQ, km.hb_port, **curve)
        try:
            hb.send(b"ping")
            assert hb.poll(500) == 0, f"{label} client got a heartbeat echo"
        finally:
            hb.close()
        sub = raw_socket(km, zmq.SUB, km.iopub_port, **curve)
        try:
            sub.setsockopt(zmq.SUBSCRIBE, b"")
            kc.kernel_info()
            assert sub.poll(1000) == 0, f"{label} subscriber saw iopub"
        finally:
            sub.close()
    assert km.is_alive()
    assert reply_to(kc, kc.kernel_info(), timeout=10)["msg_type"] == "kernel_info_reply"


def test_bad_curve_keys_in_the_connection_file_are_a_clear_start_up_error(tmp_path):
    public, _ = zmq.curve_keypair()
    _, other_secret = zmq.curve_keypair()
    base = {"transport": "tcp", "ip": "127.0.0.1", "shell_port": 0, "iopub_port": 0, "stdin_port": 0,
            "control_port": 0, "hb_port": 0, "key": "k", "signature_scheme": "hmac-sha256"}
    cases = {
        "not the pair": dict(curve_publickey=public.decode(), curve_secretkey=other_secret.decode()),
        "only one": dict(curve_secretkey=other_secret.decode()),
        "not z85": dict(curve_publickey="x" * 39, curve_secretkey=other_secret.decode()),
    }
    import subprocess
    for label, keys in cases.items():
        k = KernelProcess(tmp_path, connection=dict(base, **keys), stderr=subprocess.PIPE)
        try:
            _, err = k.process.communicate(timeout=30)
            assert k.process.returncode != 0, label
            assert b"curve" in err.lower(), (label, err)
            assert other_secret not in err, "the secret key reached the log"
        finally:
            k.close()
