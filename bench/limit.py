"""The floor a build cannot beat: one deck's code cells run in one plain Python process (no kernel, no render).

The cells run in an in-process IPython shell, so that `display()`, `get_ipython()` and magics behave as in
the build's kernels; there is no ZeroMQ, no kernel process and no rendering.

    python bench/limit.py slides/03_Spark_Introduction.py
"""

import os
import sys
from pathlib import Path

import jupytext
import matplotlib
from IPython.core.interactiveshell import InteractiveShell

matplotlib.use("Agg")


def run(source: Path) -> None:
    notebook = jupytext.read(source)
    os.chdir(source.parent)
    shell = InteractiveShell.instance()
    try:
        for cell in notebook.cells:
            if cell.cell_type == "code" and "raises-exception" not in cell.metadata.get("tags", []):
                shell.run_cell(cell.source, store_history=False).raise_error()
    finally:
        import course

        course.teardown()


if __name__ == "__main__":
    run(Path(sys.argv[1]).resolve())
