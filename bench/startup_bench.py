"""Start-up to ready, as a user sees it: spawn the kernel, then wait until it answers.

Two clients, each over N fresh starts (p50, p90, max in ms, from just before the spawn):
- jupyter_client: KernelManager.start_kernel, client.start_channels, client.wait_for_ready.
  "ready" is the moment wait_for_ready's condition holds (a kernel_info_reply on shell, then
  any iopub message); wait_for_ready itself returns about 200 ms later, because it ends by
  draining iopub until 0.2 s pass without a message (jupyter_client, every kernel alike).
- raw zmq: Popen the kernelspec's argv, connect a DEALER (shell) and a SUB (iopub) at once with
  libzmq's default reconnect interval (100 ms, as jupyter_client), send kernel_info_request;
  ready = the reply and one iopub message both in.

Usage: python bench/startup_bench.py [--starts 20] [--kernel backprop] [--json FILE]
(JUPYTER_PATH must find the kernelspec; `make bench` sets it.)
"""
import argparse
import json
import os
import socket
import subprocess
import sys
import tempfile
import time
import uuid
from queue import Empty

import zmq
from jupyter_client.kernelspec import KernelSpecManager
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

from process_group import stop_group


def percentile(values, p):
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


def through_jupyter_client(name):
    """(ready, wait_for_ready returned) in seconds after the spawn."""
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    marks = {}
    shell_get, iopub_get = kc.shell_channel.get_msg, kc.iopub_channel.get_msg

    def shell(*a, **k):
        msg = shell_get(*a, **k)
        if msg["msg_type"] == "kernel_info_reply":
            marks.setdefault("reply", time.perf_counter())
        return msg

    def iopub(*a, **k):
        msg = iopub_get(*a, **k)
        if "reply" in marks:
            marks.setdefault("ready", time.perf_counter())
        return msg

    kc.shell_channel.get_msg, kc.iopub_channel.get_msg = shell, iopub
    try:
        kc.wait_for_ready(timeout=30)
        done = time.perf_counter()
    finally:
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    return marks["ready"] - t0, done - t0


def free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def raw_socket(name, reconnect_ms=None):
    """Seconds from the spawn to a kernel_info_reply and an iopub message, raw zmq."""
    spec = KernelSpecManager().get_kernel_spec(name)
    ports = free_ports(5)
    key = uuid.uuid4().hex
    info = {"transport": "tcp", "ip": "127.0.0.1", "shell_port": ports[0], "iopub_port": ports[1],
            "stdin_port": ports[2], "control_port": ports[3], "hb_port": ports[4],
            "key": key, "signature_scheme": "hmac-sha256", "kernel_name": name}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(info, f)
        path = f.name
    ctx = zmq.Context.instance()
    shell, iopub = ctx.socket(zmq.DEALER), ctx.socket(zmq.SUB)
    for s in (shell, iopub):
        s.linger = 0
        if reconnect_ms is not None:
            s.setsockopt(zmq.RECONNECT_IVL, reconnect_ms)
    iopub.setsockopt(zmq.SUBSCRIBE, b"")
    session = Session(key=key.encode())
    argv = [a.replace("{connection_file}", path) for a in spec.argv]
    if argv and argv[0] in ("python", "python3"):
        argv[0] = sys.executable
    env = dict(os.environ, **(spec.env or {}))
    t0 = time.perf_counter()
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    shell.connect(f"tcp://127.0.0.1:{ports[0]}")
    iopub.connect(f"tcp://127.0.0.1:{ports[1]}")
    session.send(shell, "kernel_info_request", {})
    got_reply = got_iopub = False
    poller = zmq.Poller()
    poller.register(shell, zmq.POLLIN)
    poller.register(iopub, zmq.POLLIN)
    elapsed = None
    deadline = t0 + 30
    while not (got_reply and got_iopub) and time.perf_counter() < deadline:
        for sock, _ in poller.poll(100):
            sock.recv_multipart()
            if sock is shell:
                got_reply = True
            else:
                got_iopub = True
    if got_reply and got_iopub:
        elapsed = time.perf_counter() - t0
    stop_group(proc)
    shell.close()
    iopub.close()
    os.unlink(path)
    return elapsed


def summary(seconds):
    ms = [s * 1000 for s in seconds if s is not None]
    return {"n": len(seconds), "failed": len(seconds) - len(ms),
            "p50_ms": percentile(ms, 50) if ms else None, "p90_ms": percentile(ms, 90) if ms else None,
            "max_ms": max(ms) if ms else None, "all_ms": [round(m, 1) for m in ms]}


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=20)
    parser.add_argument("--kernel", default="backprop")
    parser.add_argument("--json")
    args = parser.parse_args()
    jc = [through_jupyter_client(args.kernel) for _ in range(args.starts)]
    results = {
        "kernel": args.kernel,
        "jupyter_client_ready": summary([r for r, _ in jc]),
        "jupyter_client_wait_for_ready_returned": summary([d for _, d in jc]),
        "raw_default_reconnect": summary([raw_socket(args.kernel) for _ in range(args.starts)]),
        "raw_reconnect_1ms": summary([raw_socket(args.kernel, 1) for _ in range(args.starts)]),
    }
    print(f"{args.kernel}: {args.starts} starts per row, load average {os.getloadavg()[0]:.2f} at the end")
    for label, r in results.items():
        if isinstance(r, dict) and r["p50_ms"] is not None:
            print(f"{label:42s} p50 {r['p50_ms']:7.1f}  p90 {r['p90_ms']:7.1f}  max {r['max_ms']:7.1f} ms"
                  f"  (failed {r['failed']})  {r['all_ms']}")
    # Issue 18 §2: every start ready within 30 ms of spawning (p90), through jupyter_client and raw.
    for label in ("jupyter_client_ready", "raw_default_reconnect"):
        p90 = results[label]["p90_ms"]
        verdict = "met" if p90 is not None and p90 <= 30 and results[label]["failed"] == 0 else "MISSED"
        print(f"target p90 <= 30 ms, {label}: {verdict}")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(results, f, indent=2)


if __name__ == "__main__":
    main()
