"""What a peer without the key can make the kernel hold (issue 17 §1, §9): whatever it
sends on shell, control, heartbeat or iopub, the kernel's peak RSS (VmHWM) grows by at
most 64 MiB, and a client with the key keeps getting its replies and outputs. Loopback
only; each attack sends a bounded amount (a few hundred MB at most) and stops by itself."""
import time
from queue import Empty

import pytest
import zmq

from kernel_process import KernelProcess, reply, rss_kib

BOUND_KIB = 64 * 1024
TRAIN = "net 2 -> 64 sigmoid -> 1 sigmoid\nx = [0 1]\ny = [1]\ntrain epochs 100000000"


@pytest.fixture
def kernel(tmp_path):
    k = KernelProcess(tmp_path)
    kc = k.client()
    yield k, kc
    k.close()


def peak_growth(k, baseline):
    return rss_kib(k.pid, "VmHWM") - baseline


def assert_still_serving(kc, marker="still-served"):
    """A client with the key gets a reply and its output."""
    msg_id = kc.execute(f'print "{marker}"')
    assert reply(kc, msg_id, timeout=20)["content"]["status"] == "ok"
    deadline = time.monotonic() + 10
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=0.5)
        except Empty:
            continue
        if msg["msg_type"] == "stream" and marker in msg["content"]["text"]:
            return
    raise AssertionError("no output for the keyed client")


def settle(k, seconds=1.0):
    time.sleep(seconds)
    assert k.process.poll() is None, "the kernel died"


def test_unsigned_messages_queued_on_shell_while_a_cell_runs(kernel):
    """30 × 12 MB unsigned executes sent while a cell runs: libzmq queues at most one per
    peer (RCVHWM), so they cannot pile up (before: +360 MB)."""
    k, kc = kernel
    baseline = rss_kib(k.pid, "VmHWM")
    msg_id = kc.execute(TRAIN)
    time.sleep(0.5)
    attacker = k.socket(zmq.DEALER, "shell", sndhwm=1000)
    payload = b"x" * (12 << 20)
    for _ in range(30):
        attacker.send_multipart([b"<IDS|MSG>", b"", b"{}", b"{}", b"{}", payload], copy=False)
    settle(k, 2.0)
    growth = peak_growth(k, baseline)
    print(f"shell: 30 x 12 MB unsigned during a cell: peak RSS +{growth / 1024:.0f} MiB")
    kc.control_channel.send(kc.session.msg("interrupt_request", {}))
    attacker.close()
    assert reply(kc, msg_id, timeout=20)["content"]["status"] in ("ok", "error")
    assert growth < BOUND_KIB
    time.sleep(0.2)
    assert_still_serving(kc)


def test_oversized_frames_on_control_are_refused_at_the_socket(kernel):
    """8 × 20 MB frames in one control message: each frame is over the 16 MiB limit, so
    libzmq drops the connection at the first frame's header (before: +160 MB)."""
    k, kc = kernel
    baseline = rss_kib(k.pid, "VmHWM")
    attacker = k.socket(zmq.DEALER, "control")
    payload = b"y" * (20 << 20)
    attacker.send_multipart([b"<IDS|MSG>", b""] + [payload] * 8, copy=False)
    settle(k, 2.0)
    growth = peak_growth(k, baseline)
    print(f"control: 8 x 20 MB frames: peak RSS +{growth / 1024:.0f} MiB")
    attacker.close()
    assert growth < BOUND_KIB
    msg_id = kc.kernel_info()
    assert reply(kc, msg_id)["msg_type"] == "kernel_info_reply"


def test_one_endless_message_of_small_frames_is_cut(kernel):
    """One shell message of 10 frames of 15 MiB, each under the limit: libzmq holds a
    multipart message whole until its last frame, so the kernel cuts a connection that has
    sent more than 2 × 16 + 4 MiB without completing a message (before: +164 MiB)."""
    k, kc = kernel
    baseline = rss_kib(k.pid, "VmHWM")
    attacker = k.socket(zmq.DEALER, "shell")
    payload = b"f" * (15 << 20)
    attacker.send_multipart([b"<IDS|MSG>", b""] + [payload] * 10, copy=False)
    settle(k, 3.0)
    growth = peak_growth(k, baseline)
    print(f"shell: one message of 10 x 15 MiB frames: peak RSS +{growth / 1024:.0f} MiB")
    attacker.close()
    assert growth < BOUND_KIB
    assert_still_serving(kc, "after-endless")


def test_a_keyed_client_sending_many_large_requests_is_never_cut(kernel):
    """The watch counts bytes received since a connection's last complete message: 30
    requests of 2 MiB (60 MiB in all, more than the cut-off) are each answered."""
    k, kc = kernel
    for i in range(30):
        msg = kc.session.msg("kernel_info_request", {"padding": "x" * (2 << 20)})
        kc.shell_channel.send(msg)
        assert reply(kc, msg["header"]["msg_id"], timeout=20)["msg_type"] == "kernel_info_reply", i


def test_heartbeat_pings_are_tiny(kernel):
    """10 pings of 20 MB from a client that never reads the echoes (before: +200 MB pinned);
    a normal ping is still echoed."""
    k, kc = kernel
    baseline = rss_kib(k.pid, "VmHWM")
    attacker = k.socket(zmq.DEALER, "hb")
    payload = b"p" * (20 << 20)
    for _ in range(10):
        attacker.send_multipart([b"", payload], copy=False)
    settle(k, 2.0)
    growth = peak_growth(k, baseline)
    print(f"heartbeat: 10 x 20 MB pings: peak RSS +{growth / 1024:.0f} MiB")
    attacker.close()
    assert growth < BOUND_KIB
    ping = k.socket(zmq.REQ, "hb")
    ping.send(b"ping")
    assert ping.poll(5000), "the heartbeat stopped echoing"
    assert ping.recv() == b"ping"
    ping.close()


def raw_subscription(port, topic):
    """A subscriber speaking ZMTP 3.0 by hand: libzmq's own SUB keeps a long topic in a trie
    that it frees recursively, and crashes on a 2 MB one when the socket closes."""
    import socket
    import struct
    conn = socket.create_connection(("127.0.0.1", port))
    greeting = b"\xff" + b"\0" * 8 + b"\x7f" + b"\x03\x00" + b"NULL".ljust(20, b"\0") + b"\0" + b"\0" * 31
    ready = b"\x05READY" + b"\x0bSocket-Type" + struct.pack(">I", 3) + b"SUB"
    body = b"\x01" + topic
    conn.sendall(greeting + b"\x04" + bytes([len(ready)]) + ready + b"\x02" + struct.pack(">Q", len(body)) + body)
    return conn


def test_iopub_subscriptions_are_capped_in_size_and_count(kernel):
    """A 2 MB topic (before: +76 MiB in libzmq's trie) and 3 000 distinct 1000-byte
    topics (before: +112 MiB for both) from one subscriber; the keyed client's iopub keeps working."""
    k, kc = kernel
    baseline = rss_kib(k.pid, "VmHWM")
    big = raw_subscription(k.info["iopub_port"], b"t" * (2 << 20))
    many = k.socket(zmq.SUB, "iopub")
    for i in range(3000):
        many.setsockopt(zmq.SUBSCRIBE, b"%06d" % i + b"s" * 994)
    settle(k, 3.0)
    growth = peak_growth(k, baseline)
    print(f"iopub: a 2 MB topic and 3000 x 1000-byte topics: peak RSS +{growth / 1024:.0f} MiB")
    assert growth < BOUND_KIB
    assert_still_serving(kc, "iopub-still-served")
    big.close()
    many.close()


def test_a_subscriber_that_never_reads_is_bounded(kernel):
    """A subscriber that never reads while cells publish 20 × 2 × 2 MiB (execute_input and
    stream): it is cut once 16 MiB behind (before: everything stays queued, +134 MiB held), and the
    keyed client, which reads, gets every output."""
    k, kc = kernel
    text = "z" * (2 << 20)

    def run_cell(i):
        msg_id = kc.execute(f'print "{text}{i}"')
        assert reply(kc, msg_id, timeout=30)["content"]["status"] == "ok"
        seen = False
        deadline = time.monotonic() + 20
        while not seen and time.monotonic() < deadline:
            try:
                msg = kc.get_iopub_msg(timeout=0.5)
            except Empty:
                continue
            seen = msg["msg_type"] == "stream" and msg["parent_header"].get("msg_id") == msg_id
        assert seen, f"the reading client lost the output of cell {i}"

    # Warm up first: running such cells grows malloc's arenas, which is not what is measured.
    for i in range(3):
        run_cell(i)
    baseline = rss_kib(k.pid)
    idle = k.socket(zmq.SUB, "iopub", rcvhwm=1, rcvbuf=65536)
    idle.setsockopt(zmq.SUBSCRIBE, b"")
    time.sleep(0.5)
    for i in range(20):
        run_cell(i)
    settle(k, 1.0)
    # Held now, not the peak: running a 3 MiB cell makes transient copies (code, JSON,
    # output) that are freed; what the idle subscriber pins stays.
    held = rss_kib(k.pid) - baseline
    print(f"iopub: a subscriber that never reads, 80 MB published: RSS held +{held / 1024:.0f} MiB")
    idle.close()
    assert held < BOUND_KIB
