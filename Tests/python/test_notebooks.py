"""The course notebooks never rot: each one re-executes on the kernel and reproduces its saved outputs.

Like nbval: every code cell's text outputs (stream text and the text/plain of execute_result and
display_data) must equal the saved ones exactly, after trailing whitespace is normalised. Only the
live training progress is skipped (its final state depends on timing-driven updates): outputs that
carry a display_id/transient, or whose machine-readable part has kind "train_progress".

Regenerate the saved outputs with Tests/python/regenerate_notebooks.py.
"""
import json
import sys
from pathlib import Path

import nbformat
import pytest

sys.path.insert(0, str(Path(__file__).resolve().parent))
from regenerate_notebooks import NOTEBOOKS, execute  # noqa: E402

JSON_MIME = "application/vnd.backprop+json"
NOTEBOOK_PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
WORKED_EXAMPLE = NOTEBOOKS / "02-light-math-worked-example.ipynb"


def machine_part(output):
    data = output.get("data", {})
    value = data.get(JSON_MIME, data.get("application/json"))
    if isinstance(value, str):
        try:
            value = json.loads(value)
        except ValueError:
            return None
    return value if isinstance(value, dict) else None


def is_live_progress(output) -> bool:
    if output.get("transient") or output.get("metadata", {}).get("transient"):
        return True
    if "display_id" in output or output.get("output_type") == "update_display_data":
        return True
    part = machine_part(output)
    return part is not None and part.get("kind") == "train_progress"


def normalise(text) -> str:
    if isinstance(text, list):
        text = "".join(text)
    return "\n".join(line.rstrip() for line in text.rstrip().splitlines())


def text_outputs(cell):
    """The comparable outputs of one code cell, consecutive stream chunks of one stream merged."""
    result = []
    for output in cell.get("outputs", []):
        kind = output["output_type"]
        if kind == "stream":
            if result and result[-1][0] == "stream" and result[-1][1] == output["name"]:
                result[-1] = ("stream", output["name"], result[-1][2] + "".join(output["text"]))
            else:
                result.append(("stream", output["name"], "".join(output["text"])))
        elif kind in ("execute_result", "display_data"):
            if is_live_progress(output):
                continue
            if "text/plain" in output.get("data", {}):
                result.append((kind, "text/plain", output["data"]["text/plain"]))
        elif kind == "error":
            result.append(("error", output["ename"], output["evalue"]))
    return [(k, n, normalise(t)) for k, n, t in result]


def test_every_notebook_is_collected():
    names = {p.name for p in NOTEBOOK_PATHS}
    for expected in ("01-chain-rule.ipynb", "02-light-math-worked-example.ipynb", "03-vectorised-backward.ipynb",
                     "04-training.ipynb", "05-softmax-cross-entropy.ipynb", "06-move-a-weight.ipynb", "07-beyond-sgd.ipynb"):
        assert expected in names


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebook_is_saved_for_this_kernel_with_outputs(path):
    nb = nbformat.read(path, as_version=4)
    nbformat.validate(nb)
    assert nb.metadata["kernelspec"]["name"] == "backprop"
    assert nb.metadata["kernelspec"]["language"] == "backprop"
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert code, "no code cells"
    for i, cell in enumerate(code):
        assert cell.get("execution_count") is not None, f"code cell {i} was saved unexecuted"
        assert not any(o["output_type"] == "error" for o in cell.outputs), f"code cell {i} saved with an error"


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_notebook_reproduces_its_saved_outputs(path):
    saved = nbformat.read(path, as_version=4)
    fresh = execute(path)
    saved_code = [c for c in saved.cells if c.cell_type == "code"]
    fresh_code = [c for c in fresh.cells if c.cell_type == "code"]
    assert len(saved_code) == len(fresh_code)
    for i, (old, new) in enumerate(zip(saved_code, fresh_code)):
        assert old.source == new.source
        expected, actual = text_outputs(old), text_outputs(new)
        assert actual == expected, (
            f"{path.name}, code cell {i} ({old.source.splitlines()[0] if old.source else ''!r}) changed its output;"
            " if the change is intended, run Tests/python/regenerate_notebooks.py")


def test_worked_example_runs_top_to_bottom_with_the_notes_numbers():
    """Issue 4's acceptance: nbclient runs the worked-example notebook from top to bottom."""
    nb = execute(WORKED_EXAMPLE)  # allow_errors=False: any error raises CellExecutionError
    parts = [machine_part(o) for c in nb.cells if c.cell_type == "code" for o in c.outputs]
    parts = [p for p in parts if p]
    forward = next(p for p in parts if p.get("kind") == "forward")
    assert forward["loss"] == pytest.approx(0.10549, abs=1e-5)
    explains = {p["target"]: p for p in parts if p.get("kind") == "explain"}
    assert explains["dL/dw212"]["path_count"] == 2
    assert explains["dL/dw212"]["gradient"] == pytest.approx(-0.130377, abs=1e-6)
    assert explains["dL/dw131"]["path_count"] == 4
    assert explains["dL/dw131"]["gradient"] == pytest.approx(0.0031594, abs=1e-7)
    step = next(p for p in parts if p.get("kind") == "step")
    new = {c["name"]: c["new"] for c in step["changes"]}
    assert new["w212"] == pytest.approx(0.930377, abs=1e-6)
    assert new["w131"] == pytest.approx(-0.303159, abs=1e-6)
