"""The kernel start-up handshake (JEP 66, messaging spec 5.6), against a registration
service written here since jupyter_client has not adopted it: the kernel is given a
registration file, binds ports of its own choosing, sends them signed to the registration
address, and serves on them once acknowledged."""
import hashlib
import hmac
import json
import os
import subprocess

import zmq
from jupyter_client.blocking import BlockingKernelClient

from conftest import kernel_binary


def sign(key, *parts):
    h = hmac.new(key, digestmod=hashlib.sha256)
    for p in parts:
        h.update(p)
    return h.hexdigest().encode()


def start(tmp_path, key, router_port, kernel_id="kernel-under-test"):
    path = tmp_path / "registration.json"
    path.write_text(json.dumps({"kernel_id": kernel_id, "transport": "tcp", "registration_ip": "127.0.0.1",
                                "registration_port": router_port, "signature_scheme": "hmac-sha256",
                                "key": key.decode()}))
    return subprocess.Popen([str(kernel_binary()), "kernel", "-f", str(path)], stdout=subprocess.DEVNULL,
                            stderr=subprocess.PIPE)


def test_the_kernel_registers_its_own_ports_and_serves_on_them(tmp_path):
    key = os.urandom(16).hex().encode()
    router = zmq.Context.instance().socket(zmq.ROUTER)
    router.linger = 0
    port = router.bind_to_random_port("tcp://127.0.0.1")
    kernel = start(tmp_path, key, port)
    kc = None
    try:
        assert router.poll(30_000), "the kernel never registered"
        identity, delimiter, signature, content = router.recv_multipart()
        assert delimiter == b"<IDS|MSG>"
        assert hmac.compare_digest(signature, sign(key, content)), "the registration is not signed with the key"
        info = json.loads(content)
        assert info["kernel_id"] == "kernel-under-test"
        names = ("shell_port", "iopub_port", "stdin_port", "control_port", "hb_port")
        ports = {name: int(info[name]) for name in names}
        assert all(isinstance(info[name], str) for name in names), "the spec sends ports as strings"
        assert len(set(ports.values())) == 5 and all(p > 0 for p in ports.values())
        ack = json.dumps({"status": "ok"}).encode()
        router.send_multipart([identity, b"<IDS|MSG>", sign(key, ack), ack])

        kc = BlockingKernelClient()
        kc.load_connection_info(dict(ports, ip="127.0.0.1", transport="tcp", key=key,
                                     signature_scheme="hmac-sha256"))
        kc.start_channels()
        kc.wait_for_ready(timeout=30)
        reply = kc.execute_interactive('print "registered"', timeout=30)
        assert reply["content"]["status"] == "ok"
        kc.shutdown()
        kernel.wait(timeout=15)
        assert kernel.returncode == 0
    finally:
        if kc:
            kc.stop_channels()
        router.close()
        if kernel.poll() is None:
            kernel.kill()
            kernel.wait(timeout=5)


def test_without_a_signed_ack_the_kernel_exits_with_a_clear_error(tmp_path):
    key = os.urandom(16).hex().encode()
    router = zmq.Context.instance().socket(zmq.ROUTER)
    router.linger = 0
    port = router.bind_to_random_port("tcp://127.0.0.1")
    kernel = start(tmp_path, key, port)
    try:
        assert router.poll(30_000)
        identity = router.recv_multipart()[0]
        forged = b'{"status": "ok"}'
        router.send_multipart([identity, b"<IDS|MSG>", sign(b"not-the-key", forged), forged])
        _, err = kernel.communicate(timeout=40)
        assert kernel.returncode != 0
        assert b"registration" in err and key not in err
    finally:
        router.close()
        if kernel.poll() is None:
            kernel.kill()
            kernel.wait(timeout=5)
