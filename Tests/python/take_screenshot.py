#!/usr/bin/env python3
"""The README screenshot: the notes' worked example run in JupyterLab, in Debian's chromium
driven by Playwright — the same code path as test_browser.py (its helpers start the server,
the browser, open the notebook, Run All and wait for the kernel and MathJax).

    .venv/bin/python Tests/python/take_screenshot.py                 # docs/screenshot-lab.png
    .venv/bin/python Tests/python/take_screenshot.py --theme dark --out /tmp/dark.png
    .venv/bin/python Tests/python/take_screenshot.py --widgets       # docs/screenshot-widgets.png

The kernel binary is BACKPROP_KERNEL_BIN or .build/debug/backprop-kernel (--binary overrides);
its kernelspec is installed into a temporary prefix, as conftest.py does for the tests.
"""
from __future__ import annotations

import argparse
import os
import shutil
import sys
import tempfile
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from test_browser import (DARK, LIGHT, REPO, install_kernelspec, launch_browser,  # noqa: E402
                          notebook_json, open_and_run, set_theme, start_lab)

NOTEBOOK = "worked_example.ipynb"
CELLS = [
    ("markdown", "# The notes' worked example\n"
                 "A 4 → 4 → 2 network with a softmax output and squared error. `explain` lists every "
                 "path from the loss to $w_{131}$ — four, because $a_{21}$ reaches the loss through "
                 "both $\\hat y_1$ and $\\hat y_2$ — and their sum equals the backward pass."),
    ("code", """\
net 4 -> 4 sigmoid -> 2 softmax
loss squared_error
W1 = [ 0.1  0.3  0.8 -0.4
      -0.3 -0.2  0.5  0.5
      -0.3  0    0.5  0.4
       0.2  0.5 -0.9  0.7 ]
W2 = [0.5 0.8 0.2 0.4; 0.5 0.2 0.3 -0.5]
x = [2 5 3 3]
y = [1 0]
forward
explain dL/dw131"""),
    ("code", "graph"),
]

# --widgets: a slider on w212 with explain as its live view, moved once after Run All.
WIDGET_CELLS = [
    ("markdown", "# Move a weight, watch the gradient\n"
                 "The slider sets $w_{212}$; below it the loss and both chain-rule paths of "
                 "$\\partial L/\\partial w_{212}$ are redrawn with the engine's numbers on every move."),
    ("code", CELLS[1][1].rsplit("\nforward", 1)[0]),
    ("code", "slider w212 w131 from -2 to 2 step 0.01 explain w212"),
]


def move_slider(page) -> None:
    """Drags the first slider's handle left a little and waits for the live view to follow."""
    handle = ".jp-NotebookPanel:not(.lm-mod-hidden) .widget-slider .noUi-handle"
    page.wait_for_selector(handle, timeout=60_000)
    old = page.evaluate("() => document.querySelector('.backprop-live').dataset.parameters")
    box = page.locator(handle).first.bounding_box()
    x, y = box["x"] + box["width"] / 2, box["y"] + box["height"] / 2
    page.mouse.move(x, y)
    page.mouse.down()
    page.mouse.move(x - 40, y, steps=8)
    page.mouse.up()
    page.wait_for_function("old => document.querySelector('.backprop-live').dataset.parameters !== old",
                           arg=old, timeout=30_000)


def main() -> int:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--out", type=Path, default=None, help="default docs/screenshot-lab.png (-widgets.png)")
    ap.add_argument("--widgets", action="store_true", help="the slider notebook instead of the worked example")
    ap.add_argument("--theme", choices=["light", "dark"], default="light")
    ap.add_argument("--binary", type=Path,
                    default=Path(os.environ.get("BACKPROP_KERNEL_BIN", REPO / ".build" / "debug" / "backprop-kernel")))
    ap.add_argument("--width", type=int, default=1100, help="viewport width in CSS pixels")
    ap.add_argument("--scale", type=float, default=1.5, help="device pixel ratio of the PNG")
    args = ap.parse_args()
    if args.out is None:
        args.out = REPO / "docs" / ("screenshot-widgets.png" if args.widgets else "screenshot-lab.png")
    if not args.binary.exists():
        print(f"{args.binary} not found: run `swift build` first (or pass --binary)", file=sys.stderr)
        return 2

    workdir = Path(tempfile.mkdtemp(prefix="backprop-screenshot-"))
    lab = pw = browser = None
    try:
        install_kernelspec(args.binary, workdir / "prefix")
        lab = start_lab(workdir / "lab", {NOTEBOOK: notebook_json(WIDGET_CELLS if args.widgets else CELLS)})
        pw, browser = launch_browser()
        context = browser.new_context(viewport={"width": args.width, "height": 1000},
                                      device_scale_factor=args.scale)
        page = context.new_page()
        open_and_run(page, lab, NOTEBOOK)
        if args.widgets:
            move_slider(page)
        # A clean frame: file browser closed, notebook saved (no dirty dot on the tab), the
        # worked-example cell selected in command mode, scrolled to the top.
        page.evaluate("""async () => {
          const app = window.jupyterapp;
          app.shell.collapseLeft();
          await app.commands.execute('docmanager:save');
          const nb = app.shell.currentWidget.content;
          nb.mode = 'command';
          nb.activeCellIndex = 1;
        }""")
        # Selection chrome only (the active cell's blue bar and its toolbar), not the outputs.
        page.add_style_tag(content=".jp-Notebook .jp-Cell .jp-Collapser { background: transparent !important; }"
                                   " .jp-cell-toolbar { display: none !important; }")
        set_theme(page, LIGHT if args.theme == "light" else DARK)
        # Make the window just tall enough to show the last cell (the notebook's own padding
        # below it grows with the window, so measure the cell, not the scroll height).
        for _ in range(3):
            needed = page.evaluate("""() => {
              for (const e of window.jupyterapp.shell.currentWidget.node.querySelectorAll('*')) e.scrollTop = 0;
              const cells = window.jupyterapp.shell.currentWidget.content.widgets;
              const bottom = cells[cells.length - 1].node.getBoundingClientRect().bottom;
              const status = document.querySelector('#jp-bottom-panel');
              return Math.ceil(bottom + 24 + (status ? status.getBoundingClientRect().height : 0));
            }""")
            height = max(600, min(needed, 4000))
            if abs(height - page.viewport_size["height"]) <= 2:
                break
            page.set_viewport_size({"width": args.width, "height": height})
            page.wait_for_timeout(500)
        # Let the status bar's "Saving completed" fade and the repaint settle.
        page.wait_for_timeout(2500)
        args.out.parent.mkdir(parents=True, exist_ok=True)
        page.screenshot(path=str(args.out), timeout=30_000)
        context.close()
        print(args.out)
        return 0
    finally:
        if browser is not None:
            browser.close()
        if pw is not None:
            pw.stop()
        if lab is not None:
            lab.stop()
        shutil.rmtree(workdir, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
