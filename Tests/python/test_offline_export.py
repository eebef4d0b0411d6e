"""Every course notebook, executed and exported to HTML the way `jupyter nbconvert --to html
--execute` does, reads correctly offline (no MathJax from a CDN): no output shows raw TeX
(`$…$`, `\\frac`, `\\partial`); and every text/latex part is LaTeX that KaTeX (VS Code's math
renderer) accepts in strict mode.

The markdown cells' own math is the notebook authors' and is not checked: only code-cell outputs.
The KaTeX half needs node and Debian's libjs-katex (`make test` installs it); without them it
fails with a message saying what to install, rather than being skipped.
"""
import json
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

import pytest
from bs4 import BeautifulSoup
from nbconvert import HTMLExporter

sys.path.insert(0, str(Path(__file__).resolve().parent))
from regenerate_notebooks import NOTEBOOKS, execute  # noqa: E402

NOTEBOOK_PATHS = sorted(NOTEBOOKS.glob("*.ipynb"))
KATEX = Path("/usr/share/javascript/katex/katex.js")
CHECKER = Path(__file__).resolve().parent / "katex" / "check_latex.js"
# A TeX command (backslash and letters) or a dollar sign, as a reader would see them untypeset.
RAW_TEX = re.compile(r"\\[A-Za-z]+|\$")

_executed = {}


def executed(path):
    if path not in _executed:
        _executed[path] = execute(path)
    return _executed[path]


def raw_tex_in_outputs(html: str):
    """The texts of the exported code-cell outputs that show raw TeX."""
    soup = BeautifulSoup(html, "html.parser")
    outputs = soup.select(".jp-OutputArea-output")
    assert outputs, "the export has no code-cell outputs"
    found = []
    for output in outputs:
        text = output.get_text(" ")
        match = RAW_TEX.search(text)
        if match:
            start = max(match.start() - 60, 0)
            found.append(text[start:match.end() + 60])
    return found


def test_raw_tex_is_detected():
    # The check itself: an output that relies on MathJax is caught, a Unicode one is not.
    page = '<div class="jp-OutputArea-output">$w_{111}$</div><div class="jp-OutputArea-output">∂L/∂w₁₁₁</div>'
    assert len(raw_tex_in_outputs(page)) == 1
    assert raw_tex_in_outputs('<div class="jp-OutputArea-output">\\frac{a}{b}</div>')


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_offline_html_export_shows_no_raw_tex(path):
    nb = executed(path)
    html, _ = HTMLExporter(template_name="lab").from_notebook_node(nb)
    found = raw_tex_in_outputs(html)
    assert not found, f"{path.name}: outputs show raw TeX without MathJax: {found[:5]}"


def latex_parts(nb):
    parts = []
    for cell in nb.cells:
        for output in cell.get("outputs", []):
            latex = output.get("data", {}).get("text/latex")
            if latex:
                parts.append("".join(latex) if isinstance(latex, list) else latex)
    return parts


def katex_failures(sources):
    with tempfile.TemporaryDirectory() as tmp:
        file = Path(tmp) / "latex.json"
        file.write_text(json.dumps(sources))
        result = subprocess.run(["node", str(CHECKER), str(file), str(KATEX)], capture_output=True, text=True,
                                timeout=120, check=True)
        return json.loads(result.stdout)


@pytest.fixture
def katex_tools():
    assert KATEX.exists(), f"{KATEX} is missing: install Debian's libjs-katex (`make system` does)"
    assert shutil.which("node"), "node is missing: install Debian's nodejs"


def test_katex_checker_rejects_mathjax_only_latex(katex_tools):
    # \newline inside \text is accepted by MathJax and rejected by KaTeX's strict mode; \bbox is MathJax-only.
    failures = katex_failures([r"$$\bbox[red]{x}$$", r"$$\frac{\partial L}{\partial w_{131}} = 0.003159$$"])
    assert [index for index, _ in failures] == [0]


@pytest.mark.parametrize("path", NOTEBOOK_PATHS, ids=lambda p: p.name)
def test_every_latex_part_renders_in_katex(path, katex_tools):
    sources = latex_parts(executed(path))
    assert sources, f"{path.name}: no text/latex parts to check"
    failures = katex_failures(sources)
    assert not failures, f"{path.name}: KaTeX rejects: " + "; ".join(f"{sources[i][:120]!r}: {e}" for i, e in failures[:5])
