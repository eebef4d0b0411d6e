"""nbgrader, the real one from PyPI, grades notebooks of this kernel end to end.

The course in examples/grading is copied to a temporary directory; nbgrader's own command line
generates the student version (solution regions replaced by the `backprop` code stub), then
autogrades three submissions in one run:
  * correct:  every answer right                                -> full marks;
  * halved:   the notes' one-path-per-output mistake, dL/dw131 = 0.0015797 (half of it)
              -> that test cell scores zero, its diagnosis is in the feedback, the rest full;
  * empty:    the student version as released (the stubs)      -> zero.
The scores are read from nbgrader's gradebook, the diagnosis from generate_feedback's HTML and the
autograded notebook. nbgrader's log must not say it could not read a test cell's output as a
score (the "non-numeric output" warning: an execute_result table in a test cell).
The numbers the course's tests expect are checked against numpy here, independently of the kernel.
"""
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import nbformat
import numpy as np
import pytest
from nbgrader.api import Gradebook

REPO = Path(__file__).resolve().parents[2]
COURSE = REPO / "examples" / "grading"
ASSIGNMENT = "worked-example"
NOTEBOOK = "backprop"
SOURCE = COURSE / "source" / ASSIGNMENT / f"{NOTEBOOK}.ipynb"
HALVED = "0.0015797"  # paths 1 + 3 only: the notes' one path per output
POINTS = {"test_forward": 1, "test_by_hand": 2, "test_step": 1}
# What nbgrader logs when it cannot read a test cell's execute_result as a score.
NOT_A_SCORE = ["cannot be converted to", "which is a list", "less than 0.0"]


def reference():
    """The worked example by plain numpy (float64), written for this test: forward, the softmax
    Jacobian in full, backward, one step of eta 0.5, and the paths through ŷ1 only."""
    W1 = np.array([[0.1, 0.3, 0.8, -0.4], [-0.3, -0.2, 0.5, 0.5], [-0.3, 0, 0.5, 0.4], [0.2, 0.5, -0.9, 0.7]])
    W2 = np.array([[0.5, 0.8, 0.2, 0.4], [0.5, 0.2, 0.3, -0.5]])
    x, y = np.array([2.0, 5, 3, 3]), np.array([1.0, 0])
    h1 = 1 / (1 + np.exp(-(W1 @ x)))
    a2 = W2 @ h1
    yhat = np.exp(a2) / np.exp(a2).sum()
    dyhat = -2 * (y - yhat)
    J = np.diag(yhat) - np.outer(yhat, yhat)  # J[p, k] = dŷp/da2k
    da2 = J.T @ dyhat
    dW2 = np.outer(da2, h1)
    dW1 = np.outer((W2.T @ da2) * h1 * (1 - h1), x)
    # Paths to w131: through a2k then ŷp; "one path per output" keeps p = k only.
    local = h1[2] * (1 - h1[2]) * x[0]
    one_per_output = sum(dyhat[k] * J[k, k] * W2[k, 2] * local for k in range(2))
    return {
        "loss": float(((y - yhat) ** 2).sum()), "yhat1": float(yhat[0]), "dL/dw131": float(dW1[2, 0]),
        "w131 after": float(W1[2, 0] - 0.5 * dW1[2, 0]), "w212 after": float(W2[0, 1] - 0.5 * dW2[0, 1]),
        "one path per output": float(one_per_output),
    }


def cell(nb, grade_id):
    return next(c for c in nb.cells if c.metadata.get("nbgrader", {}).get("grade_id") == grade_id)


def expectations(source):
    """(name, value, tolerance) of each `expect NAME = VALUE [tol T]` line; the default tolerance is
    half a unit in the last written digit."""
    found = []
    for m in re.finditer(r"^expect (\S+) = (-?[0-9.]+)(?: tol (\S+))?$", source, re.M):
        name, written, tol = m.groups()
        decimals = len(written.split(".")[1]) if "." in written else 0
        found.append((name, float(written), float(tol) if tol else 0.5 * 10 ** -decimals))
    return found


def test_the_course_expects_the_reference_numbers():
    nb = nbformat.read(SOURCE, as_version=4)
    ref = reference()
    assert abs(ref["one path per output"] - ref["dL/dw131"] / 2) < 1e-15  # the notes' halving
    assert abs(ref["one path per output"] - float(HALVED)) < 5e-8
    checked = {
        "test_forward": {"loss": ref["loss"], "yhat1": ref["yhat1"]},
        "test_by_hand": {"dL/dw131": ref["dL/dw131"]},
        "test_step": {"w131": ref["w131 after"], "w212": ref["w212 after"]},
    }
    for grade_id, want in checked.items():
        lines = expectations(cell(nb, grade_id).source)
        assert {name for name, _, _ in lines} == set(want), grade_id
        for name, value, tol in lines:
            assert abs(value - want[name]) <= tol, (grade_id, name, value, want[name])
    # The teacher's own answer in the solution region is the reference too.
    answer = re.search(r"^answer dL/dw131 = (\S+)$", cell(nb, "by_hand").source, re.M)
    assert answer and abs(float(answer.group(1)) - ref["dL/dw131"]) < 5e-8


def nbgrader(course, *args, timeout=600):
    env = dict(os.environ)
    # nbgrader runs `alembic` (installed beside it) by name to set up its gradebook.
    env["PATH"] = str(Path(sys.executable).parent) + os.pathsep + env.get("PATH", "")
    env["JUPYTER_CONFIG_DIR"] = str(course / ".jupyter-config")  # nothing from the user's config
    run = subprocess.run([sys.executable, "-m", "nbgrader", *args], cwd=course, env=env, capture_output=True,
                         text=True, timeout=timeout)
    log = run.stdout + run.stderr
    assert run.returncode == 0, f"nbgrader {' '.join(args)} failed:\n{log[-6000:]}"
    return log


def solved(release, source):
    """The release notebook with every solution cell written as the source's solution."""
    nb = nbformat.from_dict(json.loads(json.dumps(release)))
    for c in nb.cells:
        meta = c.metadata.get("nbgrader", {})
        if meta.get("solution"):
            lines = cell(source, meta["grade_id"]).source.split("\n")
            c.source = "\n".join(line for line in lines if "### BEGIN SOLUTION" not in line
                                 and "### END SOLUTION" not in line)
    return nb


@pytest.fixture(scope="module")
def graded(tmp_path_factory):
    course = tmp_path_factory.mktemp("course") / "grading"
    shutil.copytree(COURSE, course, ignore=shutil.ignore_patterns("release", "submitted", "autograded",
                                                                  "feedback", "gradebook.db", ".ipynb_checkpoints"))
    generated = nbgrader(course, "generate_assignment", ASSIGNMENT, "--force")
    release = nbformat.read(course / "release" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    source = nbformat.read(SOURCE, as_version=4)
    correct = solved(release, source)
    halved = solved(release, source)
    by_hand = cell(halved, "by_hand")
    by_hand.source = by_hand.source.replace("0.0031594", HALVED)
    for student, nb in [("correct", correct), ("halved", halved), ("empty", release)]:
        folder = course / "submitted" / student / ASSIGNMENT
        folder.mkdir(parents=True)
        nbformat.write(nb, folder / f"{NOTEBOOK}.ipynb")
    autograded = nbgrader(course, "autograde", ASSIGNMENT, "--force")
    nbgrader(course, "generate_feedback", ASSIGNMENT, "--force")
    with Gradebook(f"sqlite:///{course / 'gradebook.db'}") as gb:
        scores = {}
        for student in ["correct", "halved", "empty"]:
            submission = gb.find_submission(ASSIGNMENT, student)
            cells = {g: gb.find_grade(g, NOTEBOOK, ASSIGNMENT, student).score for g in POINTS}
            scores[student] = (submission.score, submission.max_score, cells)
    return {"course": course, "release": release, "generate_log": generated, "log": autograded, "scores": scores}


def test_the_student_version_has_the_backprop_stub(graded):
    release = graded["release"]
    for grade_id in ["network", "by_hand", "step"]:
        text = cell(release, grade_id).source
        assert "# YOUR CODE HERE" in text and "warn \"not answered yet" in text, text
        assert "BEGIN SOLUTION" not in text and "answer dL/dw131 = 0.0031594" not in text
    # Test cells and the given cells are as written.
    assert cell(release, "test_by_hand").source == "answer dL/dw131 required\nexpect dL/dw131 = 0.0031594"


def test_scores(graded):
    scores = graded["scores"]
    total = sum(POINTS.values())
    assert scores["correct"] == (total, total, POINTS)
    assert scores["halved"] == (total - 2, total, {**POINTS, "test_by_hand": 0})
    assert scores["empty"] == (0, total, {g: 0 for g in POINTS})


def test_the_diagnosis_is_in_the_feedback(graded):
    course = graded["course"]
    autograded = nbformat.read(course / "autograded" / "halved" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    errors = [o for o in cell(autograded, "test_by_hand").outputs if o.output_type == "error"]
    assert [e.ename for e in errors] == ["ExpectationError"]
    message = errors[0].evalue
    assert HALVED in message and "0.0031594" in message, message
    assert "paths" in message, message  # the diagnosis: which chain-rule paths the number is
    feedback = (course / "feedback" / "halved" / ASSIGNMENT / f"{NOTEBOOK}.html").read_text()
    text = html.unescape(re.sub(r"<[^>]+>", "", feedback))
    assert "ExpectationError" in text and HALVED in text and "paths" in text


def test_test_cells_score_cleanly(graded):
    log = graded["log"]
    for phrase in NOT_A_SCORE:
        assert phrase not in log, log[-6000:]
    # Passing test cells have no execute_result (a table there would be read as a score) and
    # nothing on stderr (scored zero).
    course = graded["course"]
    nb = nbformat.read(course / "autograded" / "correct" / ASSIGNMENT / f"{NOTEBOOK}.ipynb", as_version=4)
    for grade_id in POINTS:
        kinds = [(o.output_type, o.get("name")) for o in cell(nb, grade_id).outputs]
        assert ("execute_result", None) not in kinds and ("stream", "stderr") not in kinds, (grade_id, kinds)
        assert kinds, grade_id
