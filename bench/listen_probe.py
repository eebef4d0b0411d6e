"""How soon after the spawn each of a kernel's ports listens: the kernel's side of the start-up race.

A client that connects before a port listens waits for libzmq's reconnect (100-200 ms in
jupyter_client); this spawns the binary N times and polls a plain TCP connect on the shell and
iopub ports every 0.2 ms, reporting ms from the spawn to listening (p50, p90, max), and the CPU
time the kernel had used by then (all threads, from schedstat: robust to a loaded machine), for
each binary given, interleaved start by start.

Usage: python bench/listen_probe.py [--starts 20] BINARY [BINARY...]
"""
import argparse
import json
import os
import socket
import subprocess
import tempfile
import time
import uuid


def free_ports(n):
    sockets = [socket.socket() for _ in range(n)]
    for s in sockets:
        s.bind(("127.0.0.1", 0))
    ports = [s.getsockname()[1] for s in sockets]
    for s in sockets:
        s.close()
    return ports


def listens(port):
    s = socket.socket()
    try:
        s.connect(("127.0.0.1", port))
        return True
    except OSError:
        return False
    finally:
        s.close()


def cpu_ms(pid):
    """CPU time of every thread of `pid` so far (ms, from /proc/PID/task/*/schedstat): unlike the
    wall clock, it hardly depends on how loaded the machine is."""
    total = 0
    try:
        for tid in os.listdir(f"/proc/{pid}/task"):
            with open(f"/proc/{pid}/task/{tid}/schedstat") as f:
                total += int(f.read().split()[0])
    except OSError:
        pass
    return total / 1e6


def one_start(binary):
    ports = free_ports(5)
    names = ["shell_port", "iopub_port", "stdin_port", "control_port", "hb_port"]
    info = dict(zip(names, ports), transport="tcp", ip="127.0.0.1", key=uuid.uuid4().hex,
                signature_scheme="hmac-sha256")
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(info, f)
        path = f.name
    t0 = time.perf_counter()
    proc = subprocess.Popen([binary, "kernel", "-f", path], stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    found = {}
    deadline = t0 + 10
    while len(found) < 4 and time.perf_counter() < deadline:
        for name in ("shell_port", "iopub_port"):
            if name not in found and listens(info[name]):
                found[name] = (time.perf_counter() - t0) * 1000
                found[name + " cpu"] = cpu_ms(proc.pid)
        time.sleep(0.0002)
    proc.terminate()
    proc.wait(10)
    os.unlink(path)
    return found


def pct(values, p):
    values = sorted(values)
    return values[min(len(values) - 1, int(round(p / 100 * (len(values) - 1))))]


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--starts", type=int, default=20)
    parser.add_argument("binaries", nargs="+")
    args = parser.parse_args()
    results = {b: {"shell_port": [], "iopub_port": [], "shell_port cpu": [], "iopub_port cpu": []}
               for b in args.binaries}
    for _ in range(args.starts):
        for b in args.binaries:
            for name, ms in one_start(b).items():
                results[b][name].append(ms)
    print(f"{args.starts} starts each, interleaved; load average {os.getloadavg()[0]:.2f} at the end")
    for b, r in results.items():
        for name, ms in r.items():
            if ms:
                what = "CPU ms used when listening" if name.endswith("cpu") else "listening after"
                print(f"{b}: {name} {what} p50 {pct(ms, 50):.1f} p90 {pct(ms, 90):.1f} max {max(ms):.1f} ms"
                      f" ({len(ms)}/{args.starts})")


if __name__ == "__main__":
    main()
