"""A lean raw-zmq Jupyter client for the benchmarks: a DEALER on shell and a SUB on iopub, signing
with hmac directly and reading only the headers it needs (no jupyter_client thread, no Session,
no signature check on what comes back). What it measures is mostly the kernel's own time."""
import hashlib
import hmac
import json
import time
import uuid

import zmq

DELIM = b"<IDS|MSG>"


class RawClient:
    def __init__(self, info, context=None):
        ctx = context or zmq.Context.instance()
        ip, transport = info["ip"], info.get("transport", "tcp")

        def endpoint(port):
            return f"ipc://{ip}-{port}" if transport == "ipc" else f"tcp://{ip}:{port}"

        key = info["key"].encode() if isinstance(info["key"], str) else info["key"]
        self.key = key
        self.session = uuid.uuid4().hex
        self.shell = ctx.socket(zmq.DEALER)
        self.iopub = ctx.socket(zmq.SUB)
        for s in (self.shell, self.iopub):
            s.linger = 0
        self.iopub.setsockopt(zmq.SUBSCRIBE, b"")
        self.iopub.setsockopt(zmq.RCVHWM, 0)
        self.shell.setsockopt(zmq.RCVHWM, 0)
        self.shell.connect(endpoint(info["shell_port"]))
        self.iopub.connect(endpoint(info["iopub_port"]))

    def close(self):
        self.shell.close()
        self.iopub.close()

    def send(self, msg_type, content):
        msg_id = uuid.uuid4().hex
        header = json.dumps({"msg_id": msg_id, "msg_type": msg_type, "username": "bench", "session": self.session,
                             "date": time.strftime("%Y-%m-%dT%H:%M:%S.000000Z", time.gmtime()),
                             "version": "5.4"}).encode()
        parts = [header, b"{}", b"{}", json.dumps(content).encode()]
        if self.key:
            h = hmac.new(self.key, digestmod=hashlib.sha256)
            for p in parts:
                h.update(p)
            signature = h.hexdigest().encode()
        else:
            signature = b""
        self.shell.send_multipart([DELIM, signature] + parts)
        return msg_id

    def execute(self, code):
        return self.send("execute_request", {"code": code, "silent": False, "store_history": True,
                                             "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})

    @staticmethod
    def _parse(frames):
        i = frames.index(DELIM)
        return json.loads(frames[i + 2]), json.loads(frames[i + 3])

    def recv_shell(self, timeout=30):
        if not self.shell.poll(int(timeout * 1000)):
            raise TimeoutError("no shell reply")
        return self._parse(self.shell.recv_multipart())

    def recv_iopub(self, timeout=30):
        if not self.iopub.poll(int(timeout * 1000)):
            raise TimeoutError("no iopub message")
        frames = self.iopub.recv_multipart()
        i = frames.index(DELIM)
        header, parent = json.loads(frames[i + 2]), json.loads(frames[i + 3])
        if header["msg_type"] == "status":
            header["execution_state"] = json.loads(frames[i + 5])["execution_state"]
        return header, parent

    def wait_connected(self, timeout=30):
        """kernel_info until a reply and an iopub message are both in (iopub is subscribed)."""
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            self.send("kernel_info_request", {})
            try:
                self.recv_shell(timeout=1)
                self.recv_iopub(timeout=0.5)
                break
            except TimeoutError:
                continue
        self.drain()

    def drain(self, quiet=0.1):
        while self.iopub.poll(int(quiet * 1000)):
            self.iopub.recv_multipart()
        while self.shell.poll(0):
            self.shell.recv_multipart()

    def wait_idle(self, msg_id, timeout=30):
        deadline = time.monotonic() + timeout
        while True:
            header, parent = self.recv_iopub(timeout=max(0.01, deadline - time.monotonic()))
            if parent.get("msg_id") == msg_id and header.get("execution_state") == "idle":
                return

    def execute_round_trip(self, code):
        t0 = time.perf_counter()
        self.wait_idle(self.execute(code))
        return time.perf_counter() - t0

    def kernel_info_round_trip(self):
        t0 = time.perf_counter()
        msg_id = self.send("kernel_info_request", {})
        while self.recv_shell()[1].get("msg_id") != msg_id:
            pass
        return time.perf_counter() - t0

    def pipelined(self, code, n):
        t0 = time.perf_counter()
        ids = {self.execute(code) for _ in range(n)}
        while ids:
            ids.discard(self.recv_shell(timeout=60)[1].get("msg_id"))
        rate = n / (time.perf_counter() - t0)
        self.drain(quiet=0.2)
        return rate
