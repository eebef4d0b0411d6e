"""Lifecycle: SIGTERM and shutdown_request end the kernel with status 0 and free its ports
(also while a cell runs), a restart keeps nothing, an interrupt stops every long statement
within a second, and a kernel whose parent dies does not stay behind as an orphan."""
import os
import signal
import socket
import subprocess
import sys
import textwrap
import time
from queue import Empty

import pytest
from jupyter_client.connect import write_connection_file

from conftest import kernel_binary, reply_to, start_client, stop_client


@pytest.fixture
def kernel():
    km, kc = start_client()
    yield km, kc
    stop_client(km, kc, now=True)


def run(kc, code, timeout=60.0):
    return reply_to(kc, kc.execute(code), timeout)["content"]


def run_after_error(kc, code):
    """After a failed cell the kernel aborts executes arriving within 50 ms (stop_on_error
    drains requests sent together with the failing one): wait that out first."""
    time.sleep(0.2)
    return run(kc, code)


def wait_busy(kc, msg_id, timeout=10.0):
    """Waits for the busy status of `msg_id` (the cell has started)."""
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=0.2)
        except Empty:
            continue
        if msg["parent_header"].get("msg_id") == msg_id and msg["msg_type"] == "execute_input":
            return
    raise AssertionError("the cell did not start")


def ports_of(km):
    return [km.shell_port, km.iopub_port, km.stdin_port, km.control_port, km.hb_port]


def assert_ports_free(km):
    for port in ports_of(km):
        s = socket.socket(socket.AF_INET, socket.SOCK_STREAM)
        # SO_REUSEADDR: connections the kernel closed may linger in TIME_WAIT; only a
        # socket still listening on the port makes this bind fail.
        s.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            s.bind((km.ip, port))  # fails with EADDRINUSE if the kernel still listens
        finally:
            s.close()


def test_sigterm_during_a_running_cell_exits_zero_and_frees_the_ports(kernel):
    km, kc = kernel
    msg_id = kc.execute("net 2 -> 64 sigmoid -> 1 sigmoid\nx = [0 1]\ny = [1]\ntrain epochs 100000000")
    wait_busy(kc, msg_id)
    time.sleep(0.5)
    process = km.provisioner.process
    start = time.monotonic()
    process.send_signal(signal.SIGTERM)
    assert process.wait(timeout=10) == 0
    print(f"SIGTERM during train: exited in {time.monotonic() - start:.2f} s")
    assert_ports_free(km)


def test_shutdown_request_exits_zero_and_frees_the_ports(kernel):
    km, kc = kernel
    process = km.provisioner.process
    kc.control_channel.send(kc.session.msg("shutdown_request", {"restart": False}))
    assert kc.control_channel.get_msg(timeout=5)["msg_type"] == "shutdown_reply"
    assert process.wait(timeout=10) == 0
    assert_ports_free(km)


def test_restart_keeps_nothing(kernel):
    km, kc = kernel
    setup = "net 2 -> 2 sigmoid -> 1\nW1 = [1 2; 3 4]\nx = [1 1]\ny = [1]\nprecision 2"
    assert run(kc, setup)["status"] == "ok"
    assert run(kc, "show W1")["status"] == "ok"
    km.restart_kernel(now=False)
    kc.wait_for_ready(timeout=60)
    after = run(kc, "show W1")
    assert after["status"] == "error", "the network survived the restart"
    assert run_after_error(kc, "forward")["status"] == "error", "x/y or the network survived the restart"
    assert after["execution_count"] == 1, "the execution count survived the restart"
    history = reply_to(kc, kc.history(hist_access_type="tail", n=100, raw=True, output=False))
    assert all("W1 = [1 2; 3 4]" not in entry[2] for entry in history["content"]["history"])


def huge_chain():
    """A balanced product of 4 000 distinct variables (the parser bounds the height at 200,
    not the size): the numerical check evaluates the graph twice per variable."""
    names = [f"v{i}" for i in range(4000)]
    terms = list(names)
    while len(terms) > 1:
        terms = [f"({terms[i]}*{terms[i + 1]})" if i + 1 < len(terms) else terms[i] for i in range(0, len(terms), 2)]
    return "chain " + terms[0] + " at " + ", ".join(f"{n} = 1" for n in names)


LONG_STATEMENTS = {
    "train": "net 2 -> 64 sigmoid -> 1 sigmoid\nx = [0 1]\ny = [1]\ntrain epochs 100000000",
    "gradcheck": "net 300 -> 300 tanh -> 10 softmax\nloss cross_entropy\nx = ["
                 + " ".join("0.1" for _ in range(300)) + "]\ny = [1 0 0 0 0 0 0 0 0 0]\ngradcheck",
    "explain": "net 64 -> " + " -> ".join("64 tanh" for _ in range(12)) + " -> 1 sigmoid\nx = ["
               + " ".join("0.5" for _ in range(64)) + "]\ny = [1]\nexplain dL/dw111 limit 10000",
    "chain": huge_chain(),
}


@pytest.mark.parametrize("name", list(LONG_STATEMENTS))
def test_interrupt_during_each_long_statement_returns_within_a_second(kernel, name):
    km, kc = kernel
    msg_id = kc.execute(LONG_STATEMENTS[name])
    wait_busy(kc, msg_id)
    time.sleep(1.5)  # into the statement (set-up lines are fast)
    # The statement must still be running, or this test proves nothing.
    assert kc.shell_channel.msg_ready() is False, f"{name} finished before the interrupt: make it longer"
    start = time.monotonic()
    km.interrupt_kernel()
    reply = reply_to(kc, msg_id, timeout=10)
    elapsed = time.monotonic() - start
    print(f"interrupt during {name}: control back in {elapsed:.3f} s")
    assert elapsed < 1.0, f"{name}: the interrupted cell took {elapsed:.2f} s to end"
    assert reply["content"]["status"] == "error"
    assert reply["content"]["ename"] == "KeyboardInterrupt"
    assert run_after_error(kc, 'print "ok"')["status"] == "ok"


ORPHAN_PARENT = textwrap.dedent("""
    import subprocess, sys, time
    p = subprocess.Popen([sys.argv[1], "kernel", "-f", sys.argv[2]])
    print(p.pid, flush=True)
    time.sleep(3600)
""")


def process_gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            state = f.read().rsplit(")", 1)[1].split()[0]
        return state in ("Z", "X")  # a zombie has exited (nobody reaped it yet)
    except FileNotFoundError:
        return True


def test_no_orphan_when_the_parent_dies(tmp_path):
    connection_file = str(tmp_path / "kernel.json")
    write_connection_file(connection_file, ip="127.0.0.1", key=os.urandom(16).hex().encode())
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN_PARENT, str(kernel_binary()), connection_file],
                              stdout=subprocess.PIPE, text=True)
    kernel_pid = int(parent.stdout.readline())
    try:
        time.sleep(1.0)
        assert not process_gone(kernel_pid), "the kernel did not start"
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=5)
        start = time.monotonic()
        while not process_gone(kernel_pid) and time.monotonic() - start < 5:
            time.sleep(0.05)
        assert process_gone(kernel_pid), "the kernel outlived its parent by 5 s"
        print(f"orphaned kernel exited {time.monotonic() - start:.2f} s after its parent died")
    finally:
        if not process_gone(kernel_pid):
            os.kill(kernel_pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()
