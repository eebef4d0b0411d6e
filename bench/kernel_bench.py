"""Kernel benchmarks through jupyter_client: backprop-kernel against ipykernel and xeus-python.

Measures, for each kernel in the same run (the machine is shared: compare ratios, not times):
start-up to the first kernel_info_reply; execute round trip (request to iopub idle) for a
trivial statement, median and p99; kernel_info round trip; throughput of 1 000 pipelined
executes (2 repeats); resident memory after start and after many executes. The round trips
run on all kernels at once, interleaved in blocks of 50, twice: through jupyter_client, then
with a lean raw-zmq client (bench/raw_client.py), which shows how much of each figure is the
kernel's and how much the Python client's.

Usage: python bench/kernel_bench.py [--quick] [--no-startup] [--kernels backprop,xpython-raw,xpython,python3] [--json FILE]
"""
import argparse
import json
import os
import statistics
import sys
import time

from jupyter_client.manager import KernelManager

from process_group import stop_group
from raw_client import RawClient

TRIVIAL = {"backprop": "precision 4", "python3": "pass", "xpython": "pass", "xpython-raw": "pass"}


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


def measure_client(kind, clients, codes, rounds, block, pipelined_n, repeats):
    """Round trips on every kernel, interleaved in blocks (a load change hits all kernels alike)."""
    out = {name: {"execute": [], "kernel_info": [], "pipelined": []} for name in clients}
    for name, c in clients.items():  # warm-up
        for _ in range(20):
            exec_rt(kind, c, codes[name])
    for _ in range(max(1, rounds // block)):
        for name, c in clients.items():
            out[name]["execute"] += [exec_rt(kind, c, codes[name]) for _ in range(block)]
        for name, c in clients.items():
            out[name]["kernel_info"] += [info_rt(kind, c) for _ in range(block)]
    for _ in range(repeats):
        for name, c in clients.items():
            out[name]["pipelined"].append(pipelined(kind, c, codes[name], pipelined_n))
    return {name: {"execute_ms_median": statistics.median(r["execute"]) * 1000,
                   "execute_ms_p99": percentile(r["execute"], 99) * 1000,
                   "kernel_info_ms_median": statistics.median(r["kernel_info"]) * 1000,
                   "pipelined_executes_per_s": statistics.median(r["pipelined"]),
                   "pipelined_all": [round(x) for x in r["pipelined"]]}
            for name, r in out.items()}


def exec_rt(kind, c, code):
    if kind == "raw":
        return c.execute_round_trip(code)
    t0 = time.perf_counter()
    wait_idle(c, c.execute(code))
    return time.perf_counter() - t0


def info_rt(kind, c):
    if kind == "raw":
        return c.kernel_info_round_trip()
    t0 = time.perf_counter()
    msg_id = c.kernel_info()
    while c.get_shell_msg(timeout=30)["parent_header"].get("msg_id") != msg_id:
        pass
    return time.perf_counter() - t0


def pipelined(kind, c, code, n):
    if kind == "raw":
        return c.pipelined(code, n)
    t0 = time.perf_counter()
    ids = {c.execute(code) for _ in range(n)}
    while ids:
        ids.discard(c.get_shell_msg(timeout=60)["parent_header"].get("msg_id"))
    rate = n / (time.perf_counter() - t0)
    drain(c)
    return rate


def drain(kc, quiet=0.2):
    try:
        while True:
            kc.get_iopub_msg(timeout=quiet)
    except Exception:
        pass


def startup_times(name, startups):
    times = []
    for _ in range(startups):
        km, kc, t = start(name)
        times.append(t)
        kc.stop_channels()
        km.shutdown_kernel(now=True)
    own = [t for t in (process_startup(name) for _ in range(startups)) if t is not None]
    return {"startup_ms_median": statistics.median(times) * 1000, "startup_ms_min": min(times) * 1000,
            "process_startup_ms_median": statistics.median(own) * 1000 if own else None}


def memory(name, km, kc, many):
    pid = km.provisioner.pid if hasattr(km, "provisioner") and km.provisioner else None
    if not pid:
        return {}
    before = rss_kib(pid)
    for start_at in range(0, many, 1000):
        batch = {kc.execute(TRIVIAL.get(name, "precision 4" if name.startswith("backprop") else "pass")) for _ in range(min(1000, many - start_at))}
        while batch:
            batch.discard(kc.get_shell_msg(timeout=60)["parent_header"].get("msg_id"))
        drain(kc, 0.05)
    return {"rss_kib_before_many": before, "rss_kib_after_many": rss_kib(pid), "many_executes": many}


def ratio_line(label, by, bp="backprop"):
    if bp not in by:
        return
    b = by[bp]
    parts = []
    for peer, key, target, better in (("xpython-raw", "execute_ms_median", 0.4, "<="),
                                      ("xpython", "kernel_info_ms_median", 0.5, "<="),
                                      ("xpython-raw", "pipelined_executes_per_s", 2.0, ">=")):
        if peer in by:
            r = b[key] / by[peer][key]
            ok = r <= target if better == "<=" else r >= target
            parts.append(f"{key} vs {peer} {r:.3f} (target {better} {target}: {'met' if ok else 'MISSED'})")
    print(f"  {label}: " + "; ".join(parts))


def main():
    parser = argparse.ArgumentParser()
    parser.add_argument("--quick", action="store_true", help="fewer rounds (a smoke run)")
    parser.add_argument("--kernels", default="backprop,xpython-raw,xpython,python3")
    parser.add_argument("--json", default=None)
    parser.add_argument("--no-startup", action="store_true", help="skip the start-up and memory rows")
    args = parser.parse_args()
    rounds, startups, many = (100, 3, 1000) if args.quick else (1000, 10, 10000)
    names = args.kernels.split(",")
    codes = {n: TRIVIAL.get(n, "precision 4" if n.startswith("backprop") else "pass") for n in names}
    results = {n: {"kernel": n} for n in names}
    if not args.no_startup:
        for n in names:
            try:
                results[n].update(startup_times(n, startups))
            except Exception as e:  # a peer kernel that is not installed is reported, not fatal
                results[n]["error"] = repr(e)
    running = {}
    for n in names:
        if "error" in results[n]:
            continue
        try:
            km, kc, _ = start(n)
        except Exception as e:
            results[n]["error"] = repr(e)
            continue
        pid = km.provisioner.pid if hasattr(km, "provisioner") and km.provisioner else None
        results[n]["rss_kib_after_start"] = rss_kib(pid) if pid else -1
        running[n] = (km, kc)
    # 1. through jupyter_client, every kernel interleaved; 2 repeats of the pipelined burst.
    jc = measure_client("jc", {n: kc for n, (km, kc) in running.items()}, codes, rounds, 50, 1000, 2)
    if not args.no_startup:
        for n, (km, kc) in running.items():
            results[n].update(memory(n, km, kc, many))
    # 2. the raw-zmq client on the same kernels (jupyter_client's channels stopped first).
    raws = {}
    for n, (km, kc) in running.items():
        kc.stop_channels()
        raws[n] = RawClient(km.get_connection_info())
        raws[n].wait_connected()
    raw = measure_client("raw", raws, codes, rounds, 50, 1000, 2)
    for n, (km, kc) in running.items():
        raws[n].close()
        km.shutdown_kernel(now=True)
        results[n]["jupyter_client"] = jc[n]
        results[n]["raw_zmq"] = raw[n]
    print(f"{len(running)} kernels interleaved, {rounds} round trips each in blocks of 50; "
          f"load average {os.getloadavg()[0]:.2f} at the end")
    for n in names:
        print(json.dumps(results[n]), flush=True)
    print("\nratios (backprop / peer, same run):")
    ratio_line("jupyter_client", {n: results[n]["jupyter_client"] for n in running})
    ratio_line("raw zmq", {n: results[n]["raw_zmq"] for n in running})
    for n in running:
        j, r = results[n]["jupyter_client"], results[n]["raw_zmq"]
        print(f"  {n:12s} execute {j['execute_ms_median']:.3f} ms (raw {r['execute_ms_median']:.3f}), "
              f"kernel_info {j['kernel_info_ms_median']:.3f} ms (raw {r['kernel_info_ms_median']:.3f}), "
              f"pipelined {j['pipelined_executes_per_s']:.0f}/s (raw {r['pipelined_executes_per_s']:.0f}/s)")
    if "backprop" in results and "rss_kib_after_many" in results["backprop"]:
        bp = results["backprop"]
        growth = (bp["rss_kib_after_many"] - bp["rss_kib_before_many"]) / 1024
        print(f"  backprop RSS growth over {bp['many_executes']} executes: {growth:.2f} MiB")
    if args.json:
        with open(args.json, "w") as f:
            json.dump(list(results.values()), f, indent=1)


if __name__ == "__main__":
    sys.exit(main())
