"""Shared set-up for the kernel's Python tests.

Installs the kernelspec of the built binary into a temporary Jupyter data directory
and points JUPYTER_PATH at it, before any test starts a kernel. The binary is
`.build/debug/backprop-kernel` (what `swift build` makes; CI builds debug), or the
path in BACKPROP_KERNEL_BIN.
"""
import os
import shutil
import subprocess
import tempfile
from pathlib import Path

import pytest

REPO = Path(__file__).resolve().parents[2]
KERNEL_NAME = "backprop"


def kernel_binary() -> Path:
    return Path(os.environ.get("BACKPROP_KERNEL_BIN", REPO / ".build" / "debug" / "backprop-kernel"))


_prefix = None


def pytest_configure(config):
    global _prefix
    binary = kernel_binary()
    if not binary.exists():
        raise pytest.UsageError(f"{binary} not found: run `swift build` first (or set BACKPROP_KERNEL_BIN)")
    _prefix = tempfile.mkdtemp(prefix="backprop-kernelspec-")
    subprocess.run([str(binary), "install", "--prefix", _prefix, "--name", KERNEL_NAME], check=True,
                   stdout=subprocess.DEVNULL)
    os.environ["JUPYTER_PATH"] = os.path.join(_prefix, "share", "jupyter")
    # Keep the tests away from the user's own Jupyter runtime and config.
    os.environ.setdefault("JUPYTER_RUNTIME_DIR", os.path.join(_prefix, "runtime"))
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"


def pytest_unconfigure(config):
    if _prefix:
        shutil.rmtree(_prefix, ignore_errors=True)


# Helpers shared by the jupyter_client tests.

def start_client(env=None):
    """A running kernel and a ready client on it."""
    from jupyter_client.manager import KernelManager
    km = KernelManager(kernel_name=KERNEL_NAME)
    km.start_kernel(env=env) if env is not None else km.start_kernel()
    kc = km.client()
    kc.start_channels()
    kc.wait_for_ready(timeout=60)
    return km, kc


def stop_client(km, kc, now=False):
    kc.stop_channels()
    if km.is_alive():
        km.shutdown_kernel(now=now)


def reply_to(kc, msg_id, timeout=10.0):
    """The shell reply to `msg_id`, skipping others; fails after `timeout` seconds."""
    import time
    deadline = time.monotonic() + timeout
    while True:
        remaining = deadline - time.monotonic()
        if remaining <= 0:
            raise AssertionError(f"no reply to {msg_id} within {timeout} s")
        msg = kc.get_shell_msg(timeout=remaining)
        if msg["parent_header"].get("msg_id") == msg_id:
            return msg


def iopub_until_idle(kc, msg_id, timeout=10.0, include_idle=False):
    """The iopub messages of `msg_id` up to its idle status (and the idle itself when asked);
    fails after `timeout` seconds."""
    import time
    from queue import Empty
    outputs = []
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        try:
            msg = kc.get_iopub_msg(timeout=0.5)
        except Empty:
            continue
        if msg["parent_header"].get("msg_id") != msg_id:
            continue
        idle = msg["msg_type"] == "status" and msg["content"]["execution_state"] == "idle"
        if include_idle or not idle:
            outputs.append(msg)
        if idle:
            return outputs
    raise AssertionError(f"no idle status for {msg_id} within {timeout} s")
