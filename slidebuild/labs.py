"""Lab outputs: the student notebook (solutions replaced, outputs cleared) and the executed solution page."""

import copy
from functools import lru_cache

import nbformat
from nbformat.v4 import new_code_cell

from slidebuild import config
from slidebuild.publish import STATIC
from slidebuild.read import Deck

PLACEHOLDER = "# your code here\n"
KEEP_METADATA = ("kernelspec", "language_info", "course")


def student_notebook(deck: Deck) -> str:
    """The notebook students download: every `solution` cell becomes an empty exercise cell."""
    notebook = copy.deepcopy(deck.notebook)
    cells = []
    for cell in notebook.cells:
        if "solution" in cell.metadata.get("tags", []):
            cell = new_code_cell(PLACEHOLDER, metadata={"tags": ["exercise"]})
        elif cell.cell_type == "code":
            cell.outputs, cell.execution_count = [], None
        cell.metadata.pop("lines_to_next_cell", None)
        cells.append(cell)
    notebook.cells = cells
    notebook.metadata = {key: value for key, value in notebook.metadata.items() if key in KEEP_METADATA}
    return nbformat.writes(notebook)


@lru_cache(maxsize=1)
def exporter():
    from nbconvert import HTMLExporter  # imported on first use: see render.exporter

    return HTMLExporter(template_name="course-lab", extra_template_basedirs=[str(config.TEMPLATES_DIR)],
                        exclude_anchor_links=True)


def solution_page(deck: Deck, notebook) -> str:
    """The executed lab, solutions included, as a standalone notebook page at <site>/labs/<name>.html."""
    resources = {
        "metadata": {"name": f"{deck.title} (solution)"},
        "course": {"static": f"../{STATIC}", "home": "../index.html", "title": deck.title,
                   "notebook": f"{deck.name}.ipynb"},
    }
    html, _ = exporter().from_notebook_node(notebook, resources=resources)
    return html
