"""A kernel started directly from the binary with a connection file this test writes, so
a test controls its stderr, its parent and its connection file, and can read its memory
from /proc. Every wait has a time-out."""
import json
import os
import subprocess
import time

import zmq
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.connect import write_connection_file

from conftest import kernel_binary


def rss_kib(pid, field="VmRSS"):
    """VmRSS (now) or VmHWM (peak so far) of `pid`, in KiB."""
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith(field + ":"):
                return int(line.split()[1])
    raise AssertionError(f"no {field} for {pid}")


class KernelProcess:
    def __init__(self, tmp_path, key=None, stderr=subprocess.DEVNULL, env=None, ip="127.0.0.1",
                 transport="tcp", connection=None):
        self.path = str(tmp_path / "kernel.json")
        if connection is None:
            self.key = os.urandom(16).hex().encode() if key is None else key
            write_connection_file(self.path, ip=ip, key=self.key, transport=transport)
        else:
            with open(self.path, "w") as f:
                json.dump(connection, f)
        with open(self.path) as f:
            self.info = json.load(f)
        full_env = dict(os.environ, **(env or {}))
        self.process = subprocess.Popen([str(kernel_binary()), "kernel", "-f", self.path], stderr=stderr,
                                        stdout=subprocess.DEVNULL, env=full_env)
        self.pid = self.process.pid
        self.clients = []

    def client(self, ready_timeout=30):
        kc = BlockingKernelClient()
        kc.load_connection_file(self.path)
        if "key" not in self.info:
            kc.session.key = b""  # jupyter_client would otherwise sign with a random key
        kc.start_channels()
        kc.wait_for_ready(timeout=ready_timeout)
        self.clients.append(kc)
        return kc

    def endpoint(self, channel):
        port = self.info[f"{channel}_port"]
        if self.info.get("transport", "tcp") == "ipc":
            return f"ipc://{self.info['ip']}-{port}"
        ip = self.info["ip"]
        return f"tcp://[{ip}]:{port}" if ":" in ip else f"tcp://{ip}:{port}"

    def socket(self, kind, channel, **options):
        sock = zmq.Context.instance().socket(kind)
        sock.linger = 0
        for name, value in options.items():
            setattr(sock, name, value)
        if ":" in self.info["ip"]:
            sock.ipv6 = True
        sock.connect(self.endpoint(channel))
        return sock

    def close(self):
        for kc in self.clients:
            kc.stop_channels()
        if self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(timeout=5)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(timeout=5)


def reply(kc, msg_id, timeout=10.0, channel="shell"):
    deadline = time.monotonic() + timeout
    get = kc.get_shell_msg if channel == "shell" else kc.get_control_msg
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no reply to {msg_id} within {timeout} s")
        msg = get(timeout=remaining)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg
