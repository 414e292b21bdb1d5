"""Lab outputs: the student notebook (solutions replaced, outputs cleared) and the executed solution page."""

import copy
from functools import lru_cache

import nbformat
from nbformat.v4 import new_code_cell, new_markdown_cell

from course import schedule
from slidebuild import config
from slidebuild.read import Deck
from slidebuild.site import STATIC

PLACEHOLDER = "# your code here\n"
KEEP_METADATA = ("kernelspec", "language_info", "course")
HOW_TO_RUN = (
    "**How to run it.** Put this notebook in a folder of its own (it writes its data and outputs beside it) and "
    "open it in Jupyter with the course's environment, either of:\n\n"
    "- clone the course's repository and run `make setup` (Debian or Ubuntu: it also installs Java 17 and "
    "Graphviz), then `.venv/bin/jupyter lab`;\n"
    "- with conda: `conda env create -f environment.yml && conda activate bigdata-course`, then `jupyter lab` "
    "(Binder builds the same environment from that file).\n\n"
    "Spark and Dask run on this machine by default; `SPARK_MASTER`, `SPARK_REMOTE` or `DASK_SCHEDULER_ADDRESS` "
    "send the same code to a cluster."
)


def about_cell(deck: Deck):
    """A lab's first words, from its header: when it runs in the program, how long it takes, how to run it."""
    scheduled = schedule.item(deck.source, deck.header)
    when = ""
    if scheduled:
        graded = ", graded" if scheduled.kind == "evaluation" else ""
        breaks = " (breaks not counted)" if scheduled.minutes < scheduled.end - scheduled.start else ""
        when = (f"**Day {scheduled.day}, {scheduled.slot}**: about {schedule.duration(scheduled.minutes)} of work"
                f"{breaks}{graded}.\n\n")
    return new_markdown_cell(when + HOW_TO_RUN)


def with_about(cells: list, deck: Deck) -> list:
    """The cells with the generated about cell after the title (the first cell, if it is a heading)."""
    at = 1 if cells and cells[0].cell_type == "markdown" and cells[0].source.lstrip().startswith("#") else 0
    return cells[:at] + [about_cell(deck)] + cells[at:]


def student_notebook(deck: Deck) -> str:
    """The notebook students download: every `solution` cell becomes an empty exercise cell."""
    notebook = copy.deepcopy(deck.notebook)
    cells = []
    for cell in notebook.cells:
        if "instructor" in cell.metadata.get("tags", []):
            continue
        if "solution" in cell.metadata.get("tags", []):
            cell = new_code_cell(PLACEHOLDER, metadata={"tags": ["exercise"]})
        elif cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("lines_to_next_cell", None)
        cells.append(cell)
    notebook.cells = with_about(cells, deck)
    notebook.metadata = {key: value for key, value in notebook.metadata.items() if key in KEEP_METADATA}
    return nbformat.writes(notebook)


@lru_cache(maxsize=1)
def exporter():
    from nbconvert import HTMLExporter  # imported on first use: see render.exporter

    return HTMLExporter(template_name="course-lab", extra_template_basedirs=[str(config.TEMPLATES_DIR)],
                        extra_template_paths=[str(config.TEMPLATES_DIR / "shared")], exclude_anchor_links=True)


def solution_page(deck: Deck, notebook) -> str:
    """The executed lab, solutions included, as a standalone notebook page at <site>/labs/<name>.html (a graded
    lab's goes to the instructor folder, instructor notes included; any other's leaves them out)."""
    resources = {
        "metadata": {"name": f"{deck.title} (solution)"},
        "course": {"static": f"../{STATIC}", "home": "../index.html", "title": deck.title,
                   "notebook": f"{deck.name}.ipynb"},
    }
    notebook = copy.copy(notebook)
    instructor = deck.public is not None
    shown = [cell for cell in notebook.cells if instructor or "instructor" not in cell.metadata.get("tags", [])]
    notebook.cells = with_about(shown, deck)
    html, _ = exporter().from_notebook_node(notebook, resources=resources)
    return html
