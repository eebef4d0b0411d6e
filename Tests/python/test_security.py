"""Hostile input against the real kernel: forged, replayed, unsigned, oversized, deeply
nested and non-UTF-8 messages, sent over raw DEALER sockets. None may execute (the
execution count and the history stay as they were, iopub shows nothing for them), none
may crash the kernel (it still answers kernel_info), and the key never reaches the log.
Also the `install` command's file permissions and its refusal to overwrite another spec.

Replays: like ipykernel (jupyter_client's Session keeps a digest history), the kernel
drops a message whose signature it has already accepted, so frames captured from one
client and sent again, from any socket or session, are not run twice. Changing the
session id (or anything else) in a captured header breaks the signature."""
import json
import os
import stat
import subprocess
import time
from queue import Empty

import pytest
import zmq
from jupyter_client.manager import KernelManager
from jupyter_client.session import Session

from conftest import KERNEL_NAME, kernel_binary, reply_to

MAX_MESSAGE = 200_000  # BACKPROP_KERNEL_MAX_MESSAGE_BYTES for these tests


@pytest.fixture
def kernel(tmp_path):
    log_path = tmp_path / "kernel-stderr.log"
    log = open(log_path, "wb")
    env = dict(os.environ, BACKPROP_KERNEL_MAX_MESSAGE_BYTES=str(MAX_MESSAGE))
    km = KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel(env=env, stderr=log, stdout=log)
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    yield km, kc, log_path
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=False)
    log.close()


def drain_iopub(kc, seconds=0.5):
    msgs = []
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            msgs.append(kc.get_iopub_msg(timeout=0.05))
        except Empty:
            pass
    return msgs


def execution_count(kc):
    """Runs a silent-free marker cell and returns its execution count."""
    msg_id = kc.execute("precision 4")
    reply = reply_to(kc, msg_id)
    assert reply["content"]["status"] == "ok"
    return reply["content"]["execution_count"]


def history(kc):
    msg_id = kc.history(hist_access_type="tail", n=1000, raw=True, output=False)
    return [entry[2] for entry in reply_to(kc, msg_id)["content"]["history"]]


def dealer(km, channel="shell"):
    sock = zmq.Context.instance().socket(zmq.DEALER)
    sock.linger = 0
    port = getattr(km, f"{channel}_port")
    sock.connect(f"tcp://{km.ip}:{port}" if km.transport == "tcp" else f"ipc://{km.ip}-{port}")
    return sock


EXECUTE = {"silent": False, "store_history": True, "user_expressions": {}, "allow_stdin": False,
           "stop_on_error": True}


def execute_content(code):
    return dict(EXECUTE, code=code)


def assert_nothing_ran(km, kc, count_before, history_before, marker, iopub):
    """The hostile requests left no trace, and the kernel is alive and answering."""
    assert km.is_alive(), "the kernel died"
    for msg in iopub:
        assert marker not in json.dumps(msg["content"]), f"hostile request produced iopub output: {msg}"
    count_after = execution_count(kc)
    assert count_after == count_before + 1, "a hostile request was executed (execution_count moved)"
    assert all(marker not in entry for entry in history(kc)), "a hostile request reached the history"
    assert history(kc)[: len(history_before)] == history_before
    msg_id = kc.kernel_info()
    assert reply_to(kc, msg_id, timeout=5)["msg_type"] == "kernel_info_reply"


def send_and_expect_silence(sock, frames, wait_ms=500):
    sock.send_multipart(frames)
    assert sock.poll(wait_ms) == 0, "a hostile message got a reply"


def signed_frames(session, msg_type, content, header_patch=None, metadata=None):
    header = session.msg_header(msg_type)
    if header_patch:
        header.update(header_patch)
    parts = [session.pack(p) for p in (header, {}, metadata or {}, content)]
    return [b"<IDS|MSG>", session.sign(parts)] + parts


def test_foreign_key_unsigned_and_tampered_messages_do_not_run(kernel):
    km, kc, _ = kernel
    before, hist = execution_count(kc), history(kc)
    marker = "HOSTILE-1"
    code = f'print "{marker}"'
    sock = dealer(km)
    try:
        # Signed with another key.
        mallory = Session(key=b"not-the-key", username="mallory")
        send_and_expect_silence(sock, signed_frames(mallory, "execute_request", execute_content(code)))
        # Unsigned (empty signature) while the kernel has a key.
        unsigned = Session(key=b"", username="mallory")
        send_and_expect_silence(sock, signed_frames(unsigned, "execute_request", execute_content(code)))
        # A valid signature over other content (content swapped after signing).
        frames = signed_frames(kc.session, "execute_request", execute_content("precision 3"))
        frames[-1] = kc.session.pack(execute_content(code))
        send_and_expect_silence(sock, frames)
        # Upper/lower-case games and a truncated signature.
        frames = signed_frames(kc.session, "execute_request", execute_content(code))
        frames[1] = frames[1][:-1]
        send_and_expect_silence(sock, frames)
        # Control channel too (shutdown with a foreign key must not stop the kernel).
        csock = dealer(km, "control")
        try:
            send_and_expect_silence(csock, signed_frames(mallory, "shutdown_request", {"restart": False}))
        finally:
            csock.close()
    finally:
        sock.close()
    iopub = drain_iopub(kc)
    assert_nothing_ran(km, kc, before, hist, marker, iopub)


def test_replayed_message_is_not_run_twice(kernel):
    """A valid request captured and sent again — from another socket, or with the header's
    session changed — is dropped: the replay has the same signature (already seen), and an
    edited header no longer matches its signature."""
    km, kc, _ = kernel
    marker = "REPLAYED-2"
    frames = signed_frames(kc.session, "execute_request", execute_content(f'print "{marker}"'))
    sock = dealer(km)
    try:
        sock.send_multipart(frames)
        assert sock.poll(10_000), "the original request must be answered"
        sock.recv_multipart()
    finally:
        sock.close()
    drain_iopub(kc)
    before, hist = execution_count(kc), history(kc)
    assert sum(marker in entry for entry in hist) == 1
    other = dealer(km)
    try:
        # Exactly the same frames from another connection.
        send_and_expect_silence(other, frames)
        # The same frames with the signature in upper-case hex (also accepted as valid).
        send_and_expect_silence(other, frames[:1] + [frames[1].upper()] + frames[2:])
        # The same request moved to another session id (re-packed, old signature).
        header = json.loads(frames[2])
        header["session"] = "another-session"
        moved = list(frames)
        moved[2] = json.dumps(header).encode()
        send_and_expect_silence(other, moved)
    finally:
        other.close()
    iopub = drain_iopub(kc)
    assert_nothing_ran(km, kc, before, hist, marker + "-NEVER", iopub)
    assert sum(marker in entry for entry in history(kc)) == 1, "the replay ran again"


def test_oversized_messages_are_dropped(kernel):
    km, kc, _ = kernel
    before, hist = execution_count(kc), history(kc)
    marker = "OVERSIZED-3"
    sock = dealer(km)
    try:
        # Over the limit, under ZeroMQ's hard per-frame cap: decoded and dropped.
        big = f'print "{marker}"\n#' + "x" * (MAX_MESSAGE + 10)
        send_and_expect_silence(sock, signed_frames(kc.session, "execute_request", execute_content(big)))
        # Over the limit in total but spread over many small frames (buffers).
        frames = signed_frames(kc.session, "execute_request", execute_content(f'print "{marker}"'))
        send_and_expect_silence(sock, frames + [b"b" * 10_000] * (MAX_MESSAGE // 10_000 + 2))
        # Far over: ZeroMQ's ZMQ_MAXMSGSIZE cap drops the connection.
        huge = f'print "{marker}"\n#' + "x" * (MAX_MESSAGE * 4)
        send_and_expect_silence(sock, signed_frames(kc.session, "execute_request", execute_content(huge)))
        # Thousands of frames.
        send_and_expect_silence(sock, [b"x"] * 5000 + frames)
    finally:
        sock.close()
    iopub = drain_iopub(kc)
    assert_nothing_ran(km, kc, before, hist, marker, iopub)


def test_deeply_nested_json_is_dropped(kernel):
    km, kc, _ = kernel
    before, hist = execution_count(kc), history(kc)
    marker = "NESTED-4"
    session = kc.session
    sock = dealer(km)
    try:
        for depth in (600, 50_000):
            nested = b"[" * depth + b"]" * depth
            content = session.pack(execute_content(f'print "{marker}"'))[:-1] + b', "deep": ' + nested + b"}"
            header = session.pack(session.msg_header("execute_request"))
            parts = [header, b"{}", b"{}", content]
            send_and_expect_silence(sock, [b"<IDS|MSG>", session.sign(parts)] + parts)
        # Unclosed nesting, and nesting in the header.
        parts = [session.pack(session.msg_header("execute_request")), b"{}", b"{}", b'{"code": ' + b"{" * 100_000]
        send_and_expect_silence(sock, [b"<IDS|MSG>", session.sign(parts)] + parts)
        parts = [b'{"x": ' + b"[" * 10_000 + b"]" * 10_000 + b"}", b"{}", b"{}", session.pack(execute_content(marker))]
        send_and_expect_silence(sock, [b"<IDS|MSG>", session.sign(parts)] + parts)
    finally:
        sock.close()
    iopub = drain_iopub(kc)
    assert_nothing_ran(km, kc, before, hist, marker, iopub)


def test_invalid_utf8_is_dropped(kernel):
    km, kc, _ = kernel
    before, hist = execution_count(kc), history(kc)
    marker = "BADUTF8-5"
    session = kc.session
    sock = dealer(km)
    try:
        header = session.pack(session.msg_header("execute_request"))
        for bad in (b"\xc3\x28", b"\xff", b"\xed\xa0\x80", b"\xf4\x90\x80\x80", b"\xc0\xaf", b"\xe2\x82"):
            code = b'print "' + marker.encode() + bad + b'"'
            content = b'{"code": "' + code.replace(b'"', b'\\"') + b'", "silent": false, "store_history": true}'
            parts = [header, b"{}", b"{}", content]
            send_and_expect_silence(sock, [b"<IDS|MSG>", session.sign(parts)] + parts, wait_ms=200)
            header = session.pack(session.msg_header("execute_request"))
        # Invalid UTF-8 in the header's msg_type, and in a routing identity (not parsed: allowed).
        parts = [b'{"msg_id": "a", "msg_type": "execute_\xff", "session": "s"}', b"{}", b"{}",
                 session.pack(execute_content(marker))]
        send_and_expect_silence(sock, [b"<IDS|MSG>", session.sign(parts)] + parts)
    finally:
        sock.close()
    iopub = drain_iopub(kc)
    assert_nothing_ran(km, kc, before, hist, marker, iopub)


def test_the_key_never_reaches_the_log(kernel):
    km, kc, log_path = kernel
    key = km.session.key.decode()
    assert key
    sock = dealer(km)
    try:
        # Provoke every logged warning: bad signature, missing one, bad JSON, too large, unknown type.
        mallory = Session(key=key[::-1].encode())
        sock.send_multipart(signed_frames(mallory, "execute_request", execute_content("forward")))
        sock.send_multipart(signed_frames(Session(key=b""), "execute_request", execute_content("forward")))
        parts = [b"{", b"{}", b"{}", b"{}"]
        sock.send_multipart([b"<IDS|MSG>", kc.session.sign(parts)] + parts)
        sock.send_multipart(signed_frames(kc.session, "no_such_request", {}))
        sock.send_multipart(signed_frames(kc.session, "execute_request", execute_content("x" * (MAX_MESSAGE + 1))))
        sock.send_multipart([b"<IDS|MSG>", key.encode()] + parts)  # the key itself as a signature
        time.sleep(0.5)
    finally:
        sock.close()
    msg_id = kc.kernel_info()
    reply_to(kc, msg_id)
    km.shutdown_kernel(now=False)
    log = log_path.read_bytes()
    assert b"warning" in log, "the hostile messages should have been logged"
    assert key.encode() not in log, "the connection key appeared in the kernel's log"


# MARK: - install


def install(prefix, *args, umask=None):
    def set_umask():
        if umask is not None:
            os.umask(umask)
    return subprocess.run([str(kernel_binary()), "install", "--prefix", str(prefix), *args],
                          capture_output=True, text=True, preexec_fn=set_umask, timeout=60)


def test_install_writes_safe_permissions_even_with_a_permissive_umask(tmp_path):
    result = install(tmp_path, "--name", "perm-test", umask=0)
    assert result.returncode == 0, result.stderr
    spec_dir = tmp_path / "share" / "jupyter" / "kernels" / "perm-test"
    for path in [spec_dir, *spec_dir.iterdir()]:
        mode = stat.S_IMODE(path.stat().st_mode)
        assert mode & 0o022 == 0, f"{path} is group/other-writable ({oct(mode)})"
    assert not [p for p in spec_dir.iterdir() if p.name.startswith(".")], "temporary files left behind"
    # A directory that was world-writable before is tightened.
    os.chmod(spec_dir, 0o777)
    assert install(tmp_path, "--name", "perm-test").returncode == 0
    assert stat.S_IMODE(spec_dir.stat().st_mode) & 0o022 == 0


def test_install_will_not_overwrite_another_kernels_spec_without_force(tmp_path):
    spec_dir = tmp_path / "share" / "jupyter" / "kernels" / "other"
    spec_dir.mkdir(parents=True)
    foreign = json.dumps({"argv": ["python3", "-m", "ipykernel", "-f", "{connection_file}"],
                          "display_name": "Someone else's", "language": "python"})
    (spec_dir / "kernel.json").write_text(foreign)
    result = install(tmp_path, "--name", "other")
    assert result.returncode != 0
    assert "--force" in result.stderr
    assert (spec_dir / "kernel.json").read_text() == foreign, "the other spec was changed"
    assert not (spec_dir / "logo-64x64.png").exists(), "nothing is written when refusing"
    # The same spec again is fine (idempotent); --force replaces the foreign one.
    result = install(tmp_path, "--name", "other", "--force")
    assert result.returncode == 0, result.stderr
    spec = json.loads((spec_dir / "kernel.json").read_text())
    assert spec["language"] == "backprop"
    assert install(tmp_path, "--name", "other").returncode == 0


def test_install_rejects_path_like_names(tmp_path):
    for name in ("../escape", "a/b", "", ".", ".."):
        result = install(tmp_path, "--name", name)
        assert result.returncode != 0, f"--name {name!r} was accepted"
    share = tmp_path / "share" / "jupyter"
    assert not (share / "escape").exists()
    assert not (share / "kernel.json").exists(), "--name .. wrote outside kernels/"
    assert not (share / "kernels" / "kernel.json").exists(), "--name . wrote into kernels/ itself"


# MARK: - logging and replays (issue 17 §7, §9)


def test_a_stderr_nobody_reads_never_blocks_the_kernel(tmp_path):
    """stderr is a pipe that nobody reads (64 KiB fills after about 800 lines): 3 000 unsigned
    messages on shell and 500 on control, each logged before, then a signed kernel_info and
    shutdown are still answered. Logged lines are also escaped and clipped."""
    from kernel_process import KernelProcess, reply
    k = KernelProcess(tmp_path, stderr=subprocess.PIPE)
    try:
        kc = k.client()
        unsigned = Session(key=b"")
        shell = k.socket(zmq.DEALER, "shell")
        control = k.socket(zmq.DEALER, "control")
        for _ in range(3000):
            shell.send_multipart(signed_frames(unsigned, "execute_request", execute_content("forward")))
        for _ in range(500):
            control.send_multipart(signed_frames(unsigned, "kernel_info_request", {}))
        # A signed request with a long msg_type full of newlines: logged on one short line.
        shell.send_multipart(signed_frames(kc.session, "evil\n" * 20_000 + "x", {}))
        time.sleep(1.0)
        assert reply(kc, kc.kernel_info(), timeout=10)["msg_type"] == "kernel_info_reply"
        kc.control_channel.send(kc.session.msg("shutdown_request", {"restart": False}))
        assert kc.control_channel.get_msg(timeout=10)["msg_type"] == "shutdown_reply"
        shell.close()
        control.close()
        out, err = k.process.communicate(timeout=10)
        assert k.process.returncode == 0
        lines = err.split(b"\n")
        assert all(len(line) <= 1024 for line in lines), "a logged line was not clipped"
        assert not any(line.startswith(b"evil") for line in lines), "a raw newline from a peer reached the log"
        assert b"suppressed" in err, "rate limiting should report what it left out"
    finally:
        k.close()


def test_a_message_older_than_the_replay_window_is_refused(kernel):
    """The replay guard remembers the last 32 768 signatures and refuses any signed request
    dated more than 5 minutes away from now: a message captured earlier (or in another run
    with the same connection file) does not run once it is out of the window. The refusal
    is logged on one line that names the setting."""
    km, kc, log_path = kernel
    before, hist = execution_count(kc), history(kc)
    marker = "STALE-6"
    sock = dealer(km)
    try:
        for date in ("2020-01-01T00:00:00.000000Z", "2099-01-01T00:00:00Z"):
            send_and_expect_silence(sock, signed_frames(kc.session, "execute_request",
                                                        execute_content(f'print "{marker}"'), {"date": date}))
    finally:
        sock.close()
    iopub = drain_iopub(kc)
    assert_nothing_ran(km, kc, before, hist, marker, iopub)
    log = log_path.read_bytes()
    refusals = [line for line in log.split(b"\n") if b"BACKPROP_KERNEL_REPLAY_WINDOW" in line]
    assert len(refusals) == 2, log[-2000:]
    assert b"2020-01-01T00:00:00.000000Z" in refusals[0] and b"in the past" in refusals[0]
    assert b"in the future" in refusals[1]


def test_a_signed_message_without_a_readable_date_is_served_once(kernel):
    """The date is not required by the spec: a signed request with no `date`, or one that is
    not a date, runs (the count-based memory still refuses it a second time)."""
    km, kc, _ = kernel
    sock = dealer(km)
    try:
        for n, patch in enumerate((None, "not a date", 12345)):
            header = kc.session.msg_header("execute_request")
            if patch is None:
                del header["date"]
            else:
                header["date"] = patch
            marker = f"DATELESS-{n}"
            parts = [kc.session.pack(p) for p in (header, {}, {}, execute_content(f'print "{marker}"'))]
            frames = [b"<IDS|MSG>", kc.session.sign(parts)] + parts
            sock.send_multipart(frames)
            assert sock.poll(10_000), "a signed request without a readable date got no reply"
            answer = kc.session.deserialize(kc.session.feed_identities(sock.recv_multipart())[1])
            assert answer["msg_type"] == "execute_reply" and answer["content"]["status"] == "ok"
            assert marker in history(kc)[-1]
            send_and_expect_silence(sock, frames)
    finally:
        sock.close()
    assert km.is_alive()
