"""Shared by the benchmark scripts: end a launched kernel and every process it started."""
import os
import signal
import subprocess


def stop_group(proc, timeout=10):
    """SIGTERM to `proc`'s process group (it was started with start_new_session=True), then
    SIGKILL if it has not exited within `timeout` seconds."""
    try:
        os.killpg(proc.pid, signal.SIGTERM)
        proc.wait(timeout)
    except (subprocess.TimeoutExpired, ProcessLookupError):
        try:
            os.killpg(proc.pid, signal.SIGKILL)
        except ProcessLookupError:
            pass
