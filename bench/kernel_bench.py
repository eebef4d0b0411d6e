"""Kernel benchmarks through jupyter_client: backprop-kernel against ipykernel and xeus-python.

Measures, for each kernel in the same run (the machine is shared: compare ratios, not times):
start-up to the first kernel_info_reply; execute round trip (request to iopub idle) for a
trivial statement, median and p99; kernel_info round trip; throughput of pipelined executes;
resident memory after start and after many executes.

Usage: python bench/kernel_bench.py [--quick] [--kernels backprop,python3,xpython] [--json FILE]
"""
import argparse
import json
import os
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

from process_group import stop_group

TRIVIAL = {"backprop": "precision 4", "python3": "pass", "xpython": "pass"}


def rss_kib(pid):
    with open(f"/proc/{pid}/status") as f:
        for line in f:
            if line.startswith("VmRSS:"):
                return int(line.split()[1])
    return -1


def wait_idle(kc, msg_id, timeout=30):
    deadline = time.monotonic() + timeout
    while True:
        msg = kc.get_iopub_msg(timeout=max(0.01, deadline - time.monotonic()))
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "status" \
                and msg["content"]["execution_state"] == "idle":
            return


def start(name):
    km = KernelManager(kernel_name=name)
    t0 = time.perf_counter()
    km.start_kernel()
    kc = km.client()
    kc.start_channels()
    msg_id = kc.kernel_info()
    while True:
        reply = kc.get_shell_msg(timeout=60)
        if reply["parent_header"].get("msg_id") == msg_id:
            break
    startup = time.perf_counter() - t0
    # Drain the start-up iopub traffic.
    try:
        while True:
            kc.get_iopub_msg(timeout=0.2)
    except Exception:
        pass
    return km, kc, startup


def process_startup(name):
    """Seconds from spawning the kernel process to its first kernel_info_reply, measured with
    a raw socket (no jupyter_client provisioning in the way): the kernel's own start-up."""
    import socket
    import subprocess
    import tempfile
    import uuid

    import zmq
    from jupyter_client.kernelspec import KernelSpecManager
    from jupyter_client.session import Session

    spec = KernelSpecManager().get_kernel_spec(name)
    ports = []
    for _ in range(5):
        s = socket.socket()
        s.bind(("127.0.0.1", 0))
        ports.append(s.getsockname()[1])
        s.close()
    key = uuid.uuid4().hex
    info = {"transport": "tcp", "ip": "127.0.0.1", "shell_port": ports[0], "iopub_port": ports[1],
            "stdin_port": ports[2], "control_port": ports[3], "hb_port": ports[4],
            "key": key, "signature_scheme": "hmac-sha256", "kernel_name": name}
    with tempfile.NamedTemporaryFile("w", suffix=".json", delete=False) as f:
        json.dump(info, f)
        path = f.name
    ctx = zmq.Context.instance()
    sock = ctx.socket(zmq.DEALER)
    sock.linger = 0
    sock.setsockopt(zmq.RECONNECT_IVL, 1)  # retry the connect every 1 ms until the kernel binds
    sock.connect(f"tcp://127.0.0.1:{ports[0]}")
    session = Session(key=key.encode())
    argv = [a.replace("{connection_file}", path) for a in spec.argv]
    if argv and argv[0] in ("python", "python3"):
        argv[0] = sys.executable  # as jupyter_client does for the native Python kernel
    elif argv and not os.path.isabs(argv[0]) and os.path.exists(os.path.join(sys.prefix, "bin", argv[0])):
        argv[0] = os.path.join(sys.prefix, "bin", argv[0])  # a launcher installed in this environment
    env = dict(os.environ, **(spec.env or {}))
    t0 = time.perf_counter()
    # Its own process group: a launcher (xeus-python's) may start the kernel as a child.
    proc = subprocess.Popen(argv, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    session.send(sock, "kernel_info_request", {})
    elapsed = None
    if sock.poll(60_000):
        session.recv(sock)
        elapsed = time.perf_counter() - t0
    stop_group(proc)
    sock.close()
    os.unlink(path)
    return elapsed


def percentile(values, p):
    values = sorted(values)
    k = min(len(values) - 1, max(0, int(round(p / 100 * (len(values) - 1)))))
    return values[k]


def bench_kernel(name, rounds, startups, memory_executes):
    results = {"kernel": name}
    times = []
    for _ in range(startups):
        km, kc, t = start(name)
        times.append(t)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    results["startup_ms_median"] = statistics.median(times) * 1000
    results["startup_ms_min"] = min(times) * 1000
    own = [process_startup(name) for _ in range(startups)]
    own = [t for t in own if t is not None]
    results["process_startup_ms_median"] = statistics.median(own) * 1000 if own else None

    km, kc, _ = start(name)
    pid = km.provisioner.pid if hasattr(km, "provisioner") and km.provisioner else None
    results["rss_kib_after_start"] = rss_kib(pid) if pid else -1
    code = TRIVIAL[name]

    for _ in range(20):  # warm-up
        wait_idle(kc, kc.execute(code))
    rt = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        msg_id = kc.execute(code)
        wait_idle(kc, msg_id)
        rt.append(time.perf_counter() - t0)
    results["execute_ms_median"] = statistics.median(rt) * 1000
    results["execute_ms_p99"] = percentile(rt, 99) * 1000

    ki = []
    for _ in range(rounds):
        t0 = time.perf_counter()
        msg_id = kc.kernel_info()
        while kc.get_shell_msg(timeout=30)["parent_header"].get("msg_id") != msg_id:
            pass
        ki.append(time.perf_counter() - t0)
    results["kernel_info_ms_median"] = statistics.median(ki) * 1000

    n = 1000
    t0 = time.perf_counter()
    ids = {kc.execute(code) for _ in range(n)}
    while ids:
        ids.discard(kc.get_shell_msg(timeout=60)["parent_header"].get("msg_id"))
    results["pipelined_executes_per_s"] = n / (time.perf_counter() - t0)
    try:
        while True:
            kc.get_iopub_msg(timeout=0.2)
    except Exception:
        pass

    before = rss_kib(pid) if pid else -1
    for start_at in range(0, memory_executes, 1000):
        batch = {kc.execute(code) for _ in range(min(1000, memory_executes - start_at))}
        while batch:
            batch.discard(kc.get_shell_msg(timeout=60)["parent_header"].get("msg_id"))
        try:
            while True:
                kc.get_iopub_msg(timeout=0.05)
        except Exception:
            pass
    after = rss_kib(pid) if pid else -1
    results["rss_kib_before_many"] = before
    results["rss_kib_after_many"] = after
    results["many_executes"] = memory_executes
    kc.stop_channels()
    km.shutdown_kernel(now=True)
    return results


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run)")
    parser.add_argument("--kernels", default="backprop,python3,xpython")
    parser.add_argument("--json", default=None)
    args = parser.parse_args()
    rounds, startups, many = (50, 3, 1000) if args.quick else (500, 10, 10000)
    all_results = []
    for name in args.kernels.split(","):
        try:
            r = bench_kernel(name, rounds, startups, many)
        except Exception as e:  # a peer kernel that is not installed is reported, not fatal
            r = {"kernel": name, "error": repr(e)}
        print(json.dumps(r), flush=True)
        all_results.append(r)
    by = {r["kernel"]: r for r in all_results if "error" not in r}
    if "backprop" in by:
        bp = by["backprop"]
        print("\nratios (backprop / peer; lower is better for times):")
        for peer in ("python3", "xpython"):
            if peer in by:
                p = by[peer]
                print(f"  vs {peer}: process start-up {bp['process_startup_ms_median'] / p['process_startup_ms_median']:.3f} "
                      f"(through jupyter_client {bp['startup_ms_median'] / p['startup_ms_median']:.3f}), "
                      f"execute median {bp['execute_ms_median'] / p['execute_ms_median']:.3f}, "
                      f"kernel_info {bp['kernel_info_ms_median'] / p['kernel_info_ms_median']:.3f}, "
                      f"throughput ×{bp['pipelined_executes_per_s'] / p['pipelined_executes_per_s']:.2f}, "
                      f"idle RSS {bp['rss_kib_after_start'] / p['rss_kib_after_start']:.3f}")
        growth = (bp["rss_kib_after_many"] - bp["rss_kib_before_many"]) / 1024
        print(f"  backprop RSS growth over {bp['many_executes']} executes: {growth:.2f} MiB")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(all_results, f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
