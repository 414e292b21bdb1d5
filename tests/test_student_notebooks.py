"""Every lab as a student meets it: the notebook downloaded from the site, run top to bottom, unanswered, in a
fresh folder outside the repository. Every cell runs except those that use an exercise's answer (tagged
`check`), and those fail within seconds, with a hint and without giving the answer away."""

import json
import re
import shutil

import nbformat
import pytest
from nbclient import NotebookClient
from nbclient.exceptions import CellTimeoutError

from slidebuild import config
from slidebuild.kernels import KERNEL_ARGUMENTS, kernel_environment
from slidebuild.site import discover

pytestmark = pytest.mark.slow
LABS = discover(config.LABS_DIR)
CELL_SECONDS = 60  # no cell of an unanswered notebook may wait longer: a hang is a defect


@pytest.mark.parametrize("lab", LABS, ids=lambda path: path.stem)
def test_the_unanswered_student_notebook_runs_outside_the_repository(course, lab, tmp_path_factory):
    folder = tmp_path_factory.mktemp(f"student-{lab.stem}")
    assert config.ROOT not in folder.parents
    notebook_path = folder / f"{lab.stem}.ipynb"
    shutil.copy(course / "labs" / f"{lab.stem}.ipynb", notebook_path)
    notebook = nbformat.read(notebook_path, as_version=4)
    client = NotebookClient(notebook, timeout=CELL_SECONDS, kernel_name=config.KERNEL_NAME, allow_errors=True,
                            extra_arguments=KERNEL_ARGUMENTS, resources={"metadata": {"path": str(folder)}})
    try:
        client.execute(env=kernel_environment())
    except CellTimeoutError as error:
        pytest.fail(f"a cell of the unanswered notebook hangs: {error}")
    failed = []
    for number, cell in enumerate(notebook.cells, 1):
        errors = [output for output in cell.get("outputs", []) if output["output_type"] == "error"]
        if errors and "check" not in cell.metadata.get("tags", []):
            failed.append(f"cell {number}: {errors[0]['ename']}: {errors[0]['evalue']}\n{cell.source[:300]}")
    assert failed == [], "cells that are no exercise check failed in the unanswered notebook:\n\n" + "\n\n".join(failed)
    exercises = [cell for cell in notebook.cells if "exercise" in cell.metadata.get("tags", [])]
    assert exercises, "a lab has exercises"
    checks = [cell for cell in notebook.cells if "check" in cell.metadata.get("tags", [])]
    unanswered = [cell for cell in checks if any(o["output_type"] == "error" for o in cell.get("outputs", []))]
    assert unanswered, "with no answer given, the exercise checks fail"
    said = [output.get("evalue") or output.get("text") or json.dumps(output.get("data", {}))
            for cell in checks for output in cell.get("outputs", [])]
    assert not [text for text in said if re.search(r"\bexpected\b", text, re.I)], "a check gives away the expected value"
