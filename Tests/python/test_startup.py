"""Connection file and start-up (issue 17 §6): a key that is not a string is a start-up
error; a missing key starts unsigned with a warning; an empty key is valid; "::1" works;
ipc socket files are removed after SIGTERM and after shutdown; the kernel exits within
0.5 s of its parent's death, idle and during a long `train`."""
import json
import os
import signal
import subprocess
import sys
import textwrap
import time
from pathlib import Path

import pytest
import zmq
from jupyter_client.blocking import BlockingKernelClient
from jupyter_client.connect import write_connection_file
from jupyter_client.session import Session

from conftest import kernel_binary
from kernel_process import KernelProcess, reply

TRAIN = "net 2 -> 64 sigmoid -> 1 sigmoid\nx = [0 1]\ny = [1]\ntrain epochs 100000000"


def connection(tmp_path, **changes):
    path = str(tmp_path / "base.json")
    write_connection_file(path, ip="127.0.0.1", key=b"k")
    with open(path) as f:
        info = json.load(f)
    info.update(changes)
    return info


@pytest.mark.parametrize("key", [12345, None, ["a"], True, {"k": "v"}])
def test_a_key_that_is_not_a_string_is_a_start_up_error(tmp_path, key):
    path = tmp_path / "kernel.json"
    path.write_text(json.dumps(connection(tmp_path, key=key)))
    result = subprocess.run([str(kernel_binary()), "kernel", "-f", str(path)], capture_output=True, text=True,
                            timeout=20)
    assert result.returncode != 0, "the kernel started with a non-string key"
    assert "key" in result.stderr and "string" in result.stderr, result.stderr


def test_a_missing_key_starts_unsigned_with_a_warning(tmp_path):
    info = connection(tmp_path)
    del info["key"]
    k = KernelProcess(tmp_path, stderr=subprocess.PIPE, connection=info)
    try:
        kc = k.client()
        assert reply(kc, kc.kernel_info())["msg_type"] == "kernel_info_reply"
        k.process.terminate()
        _, err = k.process.communicate(timeout=10)
        assert b"warning" in err and b"key" in err, err
    finally:
        k.close()


def test_an_empty_key_is_valid_and_silent(tmp_path):
    k = KernelProcess(tmp_path, stderr=subprocess.PIPE, connection=connection(tmp_path, key=""))
    try:
        kc = k.client()
        assert reply(kc, kc.execute('print "hi"'))["content"]["status"] == "ok"
        k.process.terminate()
        _, err = k.process.communicate(timeout=10)
        assert b"not signed" not in err
    finally:
        k.close()


def free_ipv6_ports(n):
    import socket
    socks = [socket.socket(socket.AF_INET6) for _ in range(n)]
    for s in socks:
        s.bind(("::1", 0))
    ports = [s.getsockname()[1] for s in socks]
    for s in socks:
        s.close()
    return ports


def test_ipv6_loopback(tmp_path):
    """The kernel binds "::1" (jupyter_client's own URLs lack the brackets libzmq needs for
    IPv6, so this test talks to it over raw sockets)."""
    ports = free_ipv6_ports(5)
    info = dict(connection(tmp_path, ip="::1"), shell_port=ports[0], iopub_port=ports[1], stdin_port=ports[2],
                control_port=ports[3], hb_port=ports[4])
    k = KernelProcess(tmp_path, connection=info)
    try:
        session = Session(key=info["key"].encode())
        shell = k.socket(zmq.DEALER, "shell")
        session.send(shell, "kernel_info_request", {})
        assert shell.poll(10_000), "no kernel_info_reply over IPv6"
        _, frames = session.feed_identities(shell.recv_multipart())
        assert session.deserialize(frames)["msg_type"] == "kernel_info_reply"
        shell.close()
    finally:
        k.close()


def ipc_files(prefix):
    return sorted(str(p) for p in Path(prefix).parent.glob(Path(prefix).name + "-*"))


@pytest.mark.parametrize("how", ["sigterm", "shutdown"])
def test_ipc_socket_files_are_removed_after_a_clean_exit(tmp_path, how):
    prefix = str(tmp_path / "kipc")
    k = KernelProcess(tmp_path, transport="ipc", ip=prefix)
    try:
        kc = k.client()
        assert len(ipc_files(prefix)) == 5
        if how == "sigterm":
            k.process.send_signal(signal.SIGTERM)
        else:
            kc.shutdown()
        assert k.process.wait(timeout=10) == 0
        assert ipc_files(prefix) == [], "ipc socket files left behind"
    finally:
        k.close()


ORPHAN_PARENT = textwrap.dedent("""
    import subprocess, sys, time
    p = subprocess.Popen([sys.argv[1], "kernel", "-f", sys.argv[2]])
    print(p.pid, flush=True)
    time.sleep(3600)
""")


def gone(pid):
    try:
        with open(f"/proc/{pid}/stat") as f:
            return f.read().rsplit(")", 1)[1].split()[0] in ("Z", "X")
    except FileNotFoundError:
        return True


@pytest.mark.parametrize("busy", [False, True])
def test_the_kernel_exits_within_half_a_second_of_its_parents_death(tmp_path, busy):
    path = str(tmp_path / "kernel.json")
    write_connection_file(path, ip="127.0.0.1", key=os.urandom(16).hex().encode())
    parent = subprocess.Popen([sys.executable, "-c", ORPHAN_PARENT, str(kernel_binary()), path],
                              stdout=subprocess.PIPE, text=True)
    pid = int(parent.stdout.readline())
    kc = BlockingKernelClient()
    kc.load_connection_file(path)
    kc.start_channels()
    try:
        kc.wait_for_ready(timeout=30)
        if busy:
            kc.execute(TRAIN)
            time.sleep(1.0)  # well into the training loop
        parent.send_signal(signal.SIGKILL)
        parent.wait(timeout=5)
        start = time.monotonic()
        while not gone(pid) and time.monotonic() - start < 5:
            time.sleep(0.01)
        elapsed = time.monotonic() - start
        print(f"parent died ({'during train' if busy else 'idle'}): kernel exited after {elapsed:.3f} s")
        assert gone(pid), "the kernel outlived its parent by 5 s"
        assert elapsed <= 0.5
    finally:
        kc.stop_channels()
        if not gone(pid):
            os.kill(pid, signal.SIGKILL)
        if parent.poll() is None:
            parent.kill()


@pytest.mark.parametrize("form", [["-f", "{p}"], ["--connection-file", "{p}"], ["--connection-file={p}"]])
def test_every_spelling_of_the_connection_file_starts_the_kernel(tmp_path, form):
    """`kernel -f FILE` and its long forms skip ArgumentParser at start-up (issue 18 §2); each
    must still start the kernel, which answers kernel_info on the file's ports."""
    path = tmp_path / "kernel.json"
    info = connection(tmp_path)
    path.write_text(json.dumps(info))
    argv = [str(kernel_binary()), "kernel"] + [a.replace("{p}", str(path)) for a in form]
    proc = subprocess.Popen(argv, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        kc = BlockingKernelClient()
        kc.load_connection_file(str(path))
        kc.start_channels()
        kc.wait_for_ready(timeout=30)
        assert reply(kc, kc.kernel_info())["msg_type"] == "kernel_info_reply"
        kc.stop_channels()
    finally:
        proc.terminate()
        proc.wait(timeout=10)


@pytest.mark.parametrize("args", [["-f", "/nonexistent/kernel.json"], ["-f"], ["-f", "a.json", "extra"], []])
def test_a_bad_kernel_command_line_is_a_clear_error(args):
    result = subprocess.run([str(kernel_binary()), "kernel"] + args, capture_output=True, text=True, timeout=20)
    assert result.returncode != 0
    assert "Error" in result.stderr or "error" in result.stderr, result.stderr
