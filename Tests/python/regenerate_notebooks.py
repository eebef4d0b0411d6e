"""Re-execute every notebook under notebooks/ on the backprop kernel and save it with its outputs.

    BACKPROP_KERNEL_BIN=$PWD/.build/debug/backprop-kernel .venv/bin/python Tests/python/regenerate_notebooks.py [NAME.ipynb ...]

The kernelspec of the binary in BACKPROP_KERNEL_BIN (default .build/debug/backprop-kernel) is
installed into a temporary JUPYTER_PATH first, as the tests do. Cells run with notebooks/ as the
working directory (so `data "data/iris.csv"` resolves). test_notebooks.py checks that a fresh run
reproduces the saved text outputs.
"""
import os
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import nbformat
from nbclient import NotebookClient

REPO = Path(__file__).resolve().parents[2]
NOTEBOOKS = REPO / "notebooks"
KERNEL_NAME = "backprop"
TIMEOUT = 120  # seconds per cell


def execute(path: Path) -> nbformat.NotebookNode:
    """Run a notebook top to bottom on the backprop kernel and return the executed copy."""
    nb = nbformat.read(path, as_version=4)
    client = NotebookClient(nb, timeout=TIMEOUT, kernel_name=KERNEL_NAME, allow_errors=False,
                            resources={"metadata": {"path": str(path.parent)}})
    client.execute()
    return nb


def install_kernelspec() -> str:
    binary = Path(os.environ.get("BACKPROP_KERNEL_BIN", REPO / ".build" / "debug" / "backprop-kernel"))
    if not binary.exists():
        sys.exit(f"{binary} not found: run `swift build` first (or set BACKPROP_KERNEL_BIN)")
    prefix = tempfile.mkdtemp(prefix="backprop-kernelspec-")
    subprocess.run([str(binary), "install", "--prefix", prefix, "--name", KERNEL_NAME], check=True,
                   stdout=subprocess.DEVNULL)
    os.environ["JUPYTER_PATH"] = os.path.join(prefix, "share", "jupyter")
    os.environ.setdefault("JUPYTER_RUNTIME_DIR", os.path.join(prefix, "runtime"))
    os.environ["JUPYTER_PLATFORM_DIRS"] = "1"
    return prefix


def main(argv):
    paths = [NOTEBOOKS / a if not os.path.sep in a else Path(a) for a in argv] or sorted(NOTEBOOKS.glob("*.ipynb"))
    prefix = install_kernelspec()
    try:
        for path in paths:
            nb = execute(path)
            nbformat.validate(nb)
            nbformat.write(nb, path)
            print(f"executed and saved {path.relative_to(REPO) if path.is_relative_to(REPO) else path}")
    finally:
        shutil.rmtree(prefix, ignore_errors=True)


if __name__ == "__main__":
    main(sys.argv[1:])
