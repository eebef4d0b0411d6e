"""A class on one machine: N kernels of backprop-kernel, then N of ipykernel (never both at once).

Each group is started with a raw launcher (connection files written here, processes spawned
directly, no jupyter_client provisioning), so the figures are the kernels' own. For each group:
  - time from the first spawn until every kernel has answered kernel_info;
  - each kernel then runs the notes' worked example (Tests/programs/worked_example.bp), or for
    ipykernel the same 4-4-2 forward/backward/step written in plain Python (no numpy: PY_CELL);
  - RSS and PSS of every kernel process (/proc/PID/smaps_rollup), total and per kernel;
  - execute round trip (request to execute_reply on shell) of a trivial cell with all N alive,
    median over every kernel.
Loopback only; every wait has a deadline; every process started here is killed at the end.

Usage: CLASS_KERNELS=100 python bench/class_bench.py   (BACKPROP_KERNEL_BIN: the binary,
default .build/release/backprop-kernel; CLASS_SECONDS: time limit of each phase, default 300)
"""
import json
import os
import shutil
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import zmq
from jupyter_client.session import Session

REPO = Path(__file__).resolve().parents[1]
N = int(os.environ.get("CLASS_KERNELS", "100"))
LIMIT = float(os.environ.get("CLASS_SECONDS", "300"))
BINARY = os.environ.get("BACKPROP_KERNEL_BIN", str(REPO / ".build" / "release" / "backprop-kernel"))
WORKED = (REPO / "Tests" / "programs" / "worked_example.bp").read_text()

# The worked example's 4-4-2 sigmoid/softmax net, squared error, forward, backward and one
# step of eta = 1, in plain Python: what a student would run on ipykernel without numpy.
PY_CELL = """
import math
W1 = [[0.1, 0.3, 0.8, -0.4], [-0.3, -0.2, 0.5, 0.5], [-0.3, 0.0, 0.5, 0.4], [0.2, 0.5, -0.9, 0.7]]
W2 = [[0.5, 0.8, 0.2, 0.4], [0.5, 0.2, 0.3, -0.5]]
x = [2.0, 5.0, 3.0, 3.0]; y = [1.0, 0.0]
z1 = [sum(w * v for w, v in zip(row, x)) for row in W1]
a1 = [1 / (1 + math.exp(-z)) for z in z1]
z2 = [sum(w * v for w, v in zip(row, a1)) for row in W2]
m = max(z2); e = [math.exp(z - m) for z in z2]; a2 = [v / sum(e) for v in e]
L = 0.5 * sum((p - t) ** 2 for p, t in zip(a2, y))
g = [p - t for p, t in zip(a2, y)]
d2 = [a2[i] * (g[i] - sum(g[j] * a2[j] for j in range(2))) for i in range(2)]
d1 = [a1[k] * (1 - a1[k]) * sum(W2[i][k] * d2[i] for i in range(2)) for k in range(4)]
W2 = [[W2[i][k] - d2[i] * a1[k] for k in range(4)] for i in range(2)]
W1 = [[W1[k][j] - d1[k] * x[j] for j in range(4)] for k in range(4)]
print(L, d2[0] * a1[1], d1[2] * x[0])
"""
KERNELS = {
    "backprop-kernel": {"argv": [BINARY, "kernel", "-f"], "cell": WORKED, "trivial": "precision 4"},
    "ipykernel": {"argv": [sys.executable, "-m", "ipykernel_launcher", "-f"], "cell": PY_CELL,
                  "trivial": "pass"},
}


def free_ports(count):
    """`count` distinct loopback ports (all held open until all are chosen)."""
    held = []
    for _ in range(count):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        held.append(s)
    ports = [s.getsockname()[1] for s in held]
    for s in held:
        s.close()
    return ports


def memory_kib(pid):
    """(Rss, Pss) of `pid` in KiB from /proc/PID/smaps_rollup."""
    values = {}
    with open(f"/proc/{pid}/smaps_rollup") as f:
        for line in f:
            parts = line.split()
            if parts and parts[0] in ("Rss:", "Pss:"):
                values[parts[0][:-1]] = int(parts[1])
    return values["Rss"], values["Pss"]


class Group:
    """N kernels of one kind, each with a DEALER on its shell channel."""

    def __init__(self, name, n, workdir):
        self.name, self.spec = name, KERNELS[name]
        self.ctx = zmq.Context()
        self.procs, self.shells, self.sessions = [], [], []
        self.workdir = workdir
        self.n = n
        self.failed = set()

    def start(self):
        env = dict(os.environ, JUPYTER_RUNTIME_DIR=str(self.workdir / "runtime"), JUPYTER_PLATFORM_DIRS="1")
        ports = free_ports(5 * self.n)
        conns = []
        for i in range(self.n):
            p = ports[5 * i:5 * i + 5]
            key = os.urandom(16).hex()
            info = {"transport": "tcp", "ip": "127.0.0.1", "shell_port": p[0], "iopub_port": p[1],
                    "stdin_port": p[2], "control_port": p[3], "hb_port": p[4], "key": key,
                    "signature_scheme": "hmac-sha256", "kernel_name": self.name}
            path = self.workdir / f"kernel-{i}.json"
            path.write_text(json.dumps(info))
            conns.append((path, info))
        t0 = time.perf_counter()
        for path, info in conns:
            # One IPYTHONDIR each, as each student has a home: a shared one makes IPython's
            # history database a lock that 100 kernels contend for.
            env["IPYTHONDIR"] = str(self.workdir / f"ipython-{len(self.procs)}")
            self.procs.append(subprocess.Popen(self.spec["argv"] + [str(path)], env=dict(env), cwd=self.workdir,
                                               stdin=subprocess.DEVNULL, stdout=subprocess.DEVNULL,
                                               stderr=subprocess.DEVNULL))
            sock = self.ctx.socket(zmq.DEALER)
            sock.linger = 0
            sock.reconnect_ivl = 10  # ms; the default 100 ms would dominate "all ready"
            sock.connect(f"tcp://127.0.0.1:{info['shell_port']}")
            self.shells.append(sock)
            self.sessions.append(Session(key=info["key"].encode(), signature_scheme="hmac-sha256"))
        # A DEALER queues the request until the kernel binds, so one request each is enough.
        self.request_all("kernel_info_request", {})
        self.replies_all("kernel_info_reply", t0 + LIMIT)
        return time.perf_counter() - t0

    def request_all(self, msg_type, content):
        for sock, session in zip(self.shells, self.sessions):
            session.send(sock, msg_type, content)

    def replies_all(self, msg_type, deadline, indices=None):
        """Waits for one `msg_type` from each kernel in `indices`; returns the arrival times."""
        waiting = set(range(self.n) if indices is None else indices)
        poller = zmq.Poller()
        for i in waiting:
            poller.register(self.shells[i], zmq.POLLIN)
        arrivals = {}
        while waiting:
            left = deadline - time.perf_counter()
            for i in [i for i in waiting if self.procs[i].poll() is not None]:
                self.failed.add(i)  # reported, left out of the figures
                waiting.discard(i)
                poller.unregister(self.shells[i])
            if left <= 0:
                raise TimeoutError(f"{self.name}: {len(waiting)} of {self.n} kernels gave no {msg_type}")
            for sock, _ in poller.poll(timeout=min(left, 1.0) * 1000):
                i = self.shells.index(sock)
                _, msg = self.sessions[i].recv(sock, mode=zmq.NOBLOCK)
                if msg and msg["msg_type"] == msg_type and i in waiting:
                    arrivals[i] = time.perf_counter()
                    if msg["content"].get("status", "ok") != "ok":
                        raise RuntimeError(f"{self.name} kernel {i}: {msg_type} {msg['content']}")
                    waiting.discard(i)
                    poller.unregister(sock)
        return arrivals

    def execute(self, i, code, deadline):
        t = time.perf_counter()
        self.sessions[i].send(self.shells[i], "execute_request",
                              {"code": code, "silent": False, "store_history": True,
                               "user_expressions": {}, "allow_stdin": False, "stop_on_error": True})
        arrivals = self.replies_all("execute_reply", deadline, [i])
        if i not in arrivals:
            raise RuntimeError(f"{self.name} kernel {i} exited during execute")
        return arrivals[i] - t

    def stop(self):
        for p in self.procs:
            if p.poll() is None:
                p.terminate()
        end = time.monotonic() + 10
        for p in self.procs:
            try:
                p.wait(timeout=max(0.1, end - time.monotonic()))
            except subprocess.TimeoutExpired:
                p.kill()
                p.wait(timeout=5)
        self.ctx.destroy(linger=0)


def run_group(name, n):
    workdir = Path(tempfile.mkdtemp(prefix=f"class-bench-{name}-"))
    group = Group(name, n, workdir)
    try:
        ready = group.start()
        deadline = time.perf_counter() + LIMIT
        live = [i for i in range(n) if i not in group.failed]
        for i in live:
            group.execute(i, group.spec["cell"], deadline)
        mem = [memory_kib(group.procs[i].pid) for i in live]
        rounds = [group.execute(i, group.spec["trivial"], deadline) for _ in range(5) for i in live]
        alive = sum(p.poll() is None for p in group.procs)
        return {"kernel": name, "n": n, "alive": alive, "ready_s": ready,
                "rss_total_mib": sum(r for r, _ in mem) / 1024, "pss_total_mib": sum(p for _, p in mem) / 1024,
                "rss_per_mib": statistics.mean(r for r, _ in mem) / 1024,
                "pss_per_mib": statistics.mean(p for _, p in mem) / 1024,
                "execute_median_ms": statistics.median(rounds) * 1000}
    finally:
        group.stop()
        shutil.rmtree(workdir, ignore_errors=True)


def main():
    print(f"class bench: {N} kernels per group, one group at a time, on {os.cpu_count()} CPUs")
    print(f"{'kernel':16} {'all ready':>10} {'RSS total':>10} {'PSS total':>10} {'RSS/kernel':>11} "
          f"{'PSS/kernel':>11} {'execute median':>15}")
    results = {}
    for name in os.environ.get("CLASS_ONLY", ",".join(KERNELS)).split(","):
        r = run_group(name, N)
        results[name] = r
        print(f"{name:16} {r['ready_s']:9.2f}s {r['rss_total_mib']:8.0f}MiB {r['pss_total_mib']:8.0f}MiB "
              f"{r['rss_per_mib']:9.1f}MiB {r['pss_per_mib']:9.1f}MiB {r['execute_median_ms']:12.2f} ms"
              f"   ({r['alive']}/{N} alive)")
    if len(results) < 2:
        return
    ratio = results["backprop-kernel"]["pss_per_mib"] / results["ipykernel"]["pss_per_mib"]
    ready = results["backprop-kernel"]["ready_s"]
    print(f"per-kernel PSS ratio {ratio:.3f} (target <= 0.3): {'ok' if ratio <= 0.3 else 'MISSED'}; "
          f"all {N} ready in {ready:.2f} s (target < 5 s): {'ok' if ready < 5 else 'MISSED'}")
    if "--json" in sys.argv:
        print(json.dumps(results))


if __name__ == "__main__":
    main()
