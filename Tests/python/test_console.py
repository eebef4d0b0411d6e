"""`jupyter console --kernel backprop` in a real terminal (a pty driven by pexpect).

A matrix typed over several lines is held until its bracket closes: the console asks the kernel
(is_complete_request) after each Enter and shows a continuation prompt while the answer is
"incomplete". Results print as the text/plain tables. Each step waits for the prompt or text it
needs (no sleeps); the console is closed at the end and the kernel it started must be gone.
"""
import os
import re
import signal
import sys
import time
from pathlib import Path

import pexpect
import pytest

REPO = Path(__file__).resolve().parents[2]
# The repository's venv, else the one running the tests (a worktree sharing another's venv).
JUPYTER = next((p for p in (REPO / ".venv" / "bin" / "jupyter", Path(sys.executable).parent / "jupyter") if p.exists()),
               REPO / ".venv" / "bin" / "jupyter")
TIMEOUT = 30  # seconds for each expected pattern (a debug kernel starts in well under that)

# prompt_toolkit colours the prompts; let escape sequences sit between any two characters.
ANSI = r"(?:\x1b\[[0-9;?]*[A-Za-z])*"


def loose(text: str) -> str:
    return ANSI.join(re.escape(ch) for ch in text)


def prompt(n: int) -> str:
    return loose(f"In [{n}]:")


CONTINUATION = loose("...:")


def children_of(pid: int) -> list[int]:
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


def alive(pid: int) -> bool:
    try:
        state = Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0]
    except OSError:
        return False
    return state != "Z"


def wait_gone(pids, seconds: float) -> list[int]:
    deadline = time.monotonic() + seconds
    while True:
        left = [p for p in pids if alive(p)]
        if not left or time.monotonic() > deadline:
            return left
        time.sleep(0.05)  # polling for an exit, not synchronising with output


@pytest.fixture
def console(tmp_path):
    if not JUPYTER.exists():
        pytest.skip(f"{JUPYTER} not found (make venv)")
    env = dict(os.environ, TERM="xterm-256color", COLUMNS="160", LINES="48", PROMPT_TOOLKIT_NO_CPR="1",
               IPYTHONDIR=str(tmp_path / "ipython"), JUPYTER_CONFIG_DIR=str(tmp_path / "config"))
    child = pexpect.spawn(str(JUPYTER), ["console", "--kernel", "backprop", "--no-confirm-exit"], env=env,
                          encoding="utf-8", dimensions=(48, 160), timeout=TIMEOUT, cwd=str(tmp_path))
    child.logfile_read = open(tmp_path / "console.log", "w", encoding="utf-8")
    kernels = []
    try:
        child.expect(prompt(1))
        kernels = children_of(child.pid)  # the console starts its kernel as a child process
        yield child
        # Close the console the way a user does (Ctrl-D), unless a test did (exit); it shuts
        # its kernel down.
        if child.isalive():
            child.sendcontrol("d")
            child.expect(pexpect.EOF)
    finally:
        if child.isalive():
            child.terminate(force=True)
        child.close()
        child.logfile_read.close()
        left = wait_gone(kernels, 10)
        for pid in left:  # only the kernel this console started, by its id
            os.kill(pid, signal.SIGKILL)
        assert not left, f"kernel process(es) {left} outlived the console"
    assert kernels, "no kernel process was started by the console"


def test_multiline_matrix_and_text_tables(console):
    console.send("net 2 -> 2 sigmoid -> 1 sigmoid\r")
    for line in ("Network 2 → 2 sigmoid → 1 sigmoid",
                 "layer  units  activation  W    b  parameters",
                 "    1      2  sigmoid     2×2  2           6",
                 "    2      1  sigmoid     1×2  1           3",
                 "9 parameters"):
        console.expect_exact(line)
    console.expect(prompt(2))

    # The bracket is open after the first line: the console must hold the cell, not run it.
    console.send("W1 = [1 2\r")
    console.expect(CONTINUATION)
    console.send("3 4]\r")
    console.expect(prompt(3))
    assert "Error" not in console.before, console.before

    console.send("show W1\r")
    # 4 significant digits of the largest entry, one format for the matrix.
    console.expect_exact("W₁ = ⎡ 1.000  2.000 ⎤")
    console.expect_exact("⎣ 3.000  4.000 ⎦")
    console.expect(prompt(4))


def test_an_error_then_the_session_goes_on(console):
    console.send("net 2 -> 2 sigmod\r")
    console.expect_exact("sigmoid")  # the suggestion for the misspelt activation
    console.expect(prompt(2))
    console.send("chain x*y + sin(x) at x = 1, y = 2\r")
    console.expect_exact("∂f/∂x = 2.540 (sum of 2 paths)")
    console.expect(prompt(3))


XOR = ["net 2 -> 4 tanh -> 1 sigmoid", "loss binary_cross_entropy", "x = [0 0; 0 1; 1 0; 1 1]", "y = [0; 1; 1; 0]"]


def test_interrupted_train_shows_its_outcome_before_the_next_prompt(console):
    """Ctrl-C during `train`: the summary ("interrupted at epoch N", the table) and the
    KeyboardInterrupt come before the next prompt, not after the next line is entered."""
    for n, line in enumerate(XOR, start=1):
        console.send(line + "\r")
        console.expect(prompt(n + 1))
    console.send("train epochs 100000000 eta 0.1\r")
    console.expect_exact("training: epoch 0/100000000")
    time.sleep(1.0)  # let it train a while
    console.sendintr()  # the console relays it as an interrupt_request
    n = len(XOR) + 2
    first = console.expect([re.escape("interrupted at epoch"), prompt(n)])
    assert first == 0, f"the prompt came back before the outcome of the interrupted train: {console.before!r}"
    console.expect_exact("Training")
    console.expect_exact("stopped")
    console.expect(re.escape("KeyboardInterrupt: training interrupted at epoch ") + r"\d+ of 100000000; "
                   + re.escape("the parameters after step "))
    console.expect(prompt(n))
    assert "line 1" not in console.before


def test_a_finished_train_prints_its_outcome_line(console):
    for n, line in enumerate(XOR, start=1):
        console.send(line + "\r")
        console.expect(prompt(n + 1))
    console.send("train epochs 20 eta 0.1\r")
    console.expect_exact("done: epoch 20/20")
    console.expect(prompt(len(XOR) + 2))


@pytest.mark.parametrize("word", ["exit", "quit"])
def test_exit_and_quit_end_the_console(console, word):
    console.send(word + "\r")
    console.expect_exact("Shutting down kernel")
    console.expect(pexpect.EOF)
