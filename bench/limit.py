"""The floor a build cannot beat: one deck's code cells run in one plain Python process (no kernel, no render).

    python bench/limit.py slides/03_Spark_Introduction.py
"""

import os
import sys
from pathlib import Path

import jupytext
import matplotlib

matplotlib.use("Agg")
from IPython.display import display  # noqa: E402  (decks may call display(), a kernel builtin)


def run(source: Path) -> None:
    notebook = jupytext.read(source)
    os.chdir(source.parent)
    namespace = {"__name__": "__main__", "display": display}
    try:
        for cell in notebook.cells:
            if cell.cell_type == "code" and "raises-exception" not in cell.metadata.get("tags", []):
                exec(compile(cell.source, f"{source.name}:cell", "exec"), namespace)
    finally:
        import course

        course.teardown()


if __name__ == "__main__":
    run(Path(sys.argv[1]).resolve())
