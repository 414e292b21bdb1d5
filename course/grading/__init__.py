"""Grade a lab notebook: execute it, run the lab's checks on its variables, print a score table.

    python -m course.grading alice.ipynb bob.ipynb        # fresh execution of each, then the checks
    python -m course.grading alice.ipynb --no-execute     # read what the notebook's last cell recorded
    python -m course.grading alice.ipynb --cwd labs       # run where labs/data/ already holds the dataset

How it works. Every lab has a *contract*: a list of checks, each worth some points, each reading one or more
variables the lab text asks students to define with a fixed name (`n_clean`, `rmse_linear`, ...). The checks
run inside the notebook's own kernel, on its global variables, so they see real objects (Dask DataFrames,
fitted models) and compare them with references computed from the same data.

- Executing (the default): the grader copies the notebook, appends a cell calling `self_check(globals())`,
  runs it top to bottom with nbclient (an exercise that fails does not stop the others) and reads the JSON
  that cell displays under the `application/vnd.course.grading+json` mime type. A notebook whose exercise
  cells still say `# your code here` scores 0; the executed solution scores full marks.
- `--no-execute`: the labs end with the same `self_check` cell, so an executed notebook already carries its
  result; reading it is instant but trusts whoever executed the notebook.

The lab is recognised from its `self_check(globals(), lab=...)` cell, else its `course:` title, else its
file name; `--lab` overrides. Reference rules the evaluation expects: `clean()` and `add_features()` below.
"""

import argparse
import copy
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from course.grading import lab03, lab22, lab30  # noqa: F401  (importing them registers their checks)
from course.grading.contract import CONTRACTS, MIME, self_check, total
from course.grading.lab30 import add_features, clean

TITLES = {"Evaluation": "30_evaluation", "Play with MapReduce": "03_spark_mapreduce",
          "Dask in practice": "22_dask_practice"}
__all__ = ["add_features", "clean", "detect_lab", "grade", "main", "self_check"]


def detect_lab(notebook, path: Path) -> str:
    """The lab a notebook belongs to: its self_check cell, its `course:` title, or its file name."""
    for cell in notebook.cells:
        found = re.search(r"self_check\(\s*globals\(\)\s*,\s*lab\s*=\s*['\"]([\w-]+)['\"]", cell.source)
        if cell.cell_type == "code" and found and found.group(1) in CONTRACTS:
            return found.group(1)
    title = str(notebook.metadata.get("course", {}).get("title", ""))
    for prefix, lab in TITLES.items():
        if title.startswith(prefix):
            return lab
    for lab in CONTRACTS:
        if path.stem.startswith(lab.split("_")[0]):
            return lab
    raise SystemExit(f"{path}: cannot tell which lab this is; pass --lab ({', '.join(CONTRACTS)})")


def read_results(notebook):
    """The payload of the last self_check output in the notebook, or None."""
    found = None
    for cell in notebook.cells:
        for output in cell.get("outputs", []) if cell.cell_type == "code" else []:
            if MIME in output.get("data", {}):
                found = output["data"][MIME]
    return found


def execute(notebook, lab: str, cwd: Path, timeout: int):
    """Run a copy of the notebook plus a final self_check cell; return the executed copy."""
    from nbclient import NotebookClient
    from nbformat.v4 import new_code_cell

    from slidebuild.execute import KERNEL_ARGUMENTS, kernel_environment  # the same kernels as the build

    notebook = copy.deepcopy(notebook)
    notebook.cells.append(new_code_cell(f"from course.grading import self_check\nimport course\n"
                                        f"self_check(globals(), lab={lab!r})\ncourse.teardown()"))
    client = NotebookClient(notebook, timeout=timeout, kernel_name="python3", allow_errors=True,
                            interrupt_on_timeout=True, resources={"metadata": {"path": str(cwd)}},
                            extra_arguments=KERNEL_ARGUMENTS)
    log = Path(tempfile.gettempdir()) / f"course-grading-{os.getpid()}.log"  # the kernel's own noise (JVM...)
    try:
        with open(log, "w") as sink:
            client.execute(env=kernel_environment(), stdout=sink, stderr=sink)
    except Exception as error:  # a dead kernel: grade what the notebook produced before it died
        print(f"execution stopped: {type(error).__name__}: {error} (kernel log: {log})", file=sys.stderr)
    else:
        log.unlink(missing_ok=True)
    return notebook


def grade(path: Path, lab: str | None = None, run: bool = True, cwd: Path | None = None, timeout: int = 600,
          save: Path | None = None) -> dict:
    """Grade one notebook; return {"lab", "results", "executed"}. `save`: where to keep the executed copy."""
    import nbformat

    path = Path(path)
    notebook = nbformat.read(path, as_version=4)
    lab = lab or detect_lab(notebook, path)
    if run:
        notebook = execute(notebook, lab, Path(cwd or path.parent).resolve(), timeout)
        if save:
            nbformat.write(notebook, save)
    payload = read_results(notebook)
    if payload is None or payload.get("lab") != lab:  # never executed, or the kernel died first
        results = [{"name": c.name, "points": 0.0, "max": c.points, "detail": "no result recorded"}
                   for c in CONTRACTS[lab]]
        payload = {"lab": lab, "results": results}
    return {**payload, "executed": run}


def print_table(path: Path, graded: dict) -> None:
    from rich.console import Console
    from rich.table import Table

    mode = "fresh execution" if graded["executed"] else "outputs read from the notebook (not re-executed)"
    table = Table(title=f"{path.name}: lab {graded['lab']}, {mode}", title_justify="left")
    for column, justify in (("#", "right"), ("check", "left"), ("points", "right"), ("detail", "left")):
        table.add_column(column, justify=justify)
    for number, result in enumerate(graded["results"], 1):
        style = "green" if result["points"] == result["max"] else "red" if result["points"] == 0 else "yellow"
        table.add_row(str(number), result["name"], f"[{style}]{result['points']:g} / {result['max']}[/]",
                      result["detail"])
    table.add_section()
    table.add_row("", "[b]total[/]", f"[b]{total(graded['results']).split(' ', 1)[1]}[/]", "")
    Console().print(table)


def main(argv=None) -> int:
    cli = argparse.ArgumentParser(prog="python -m course.grading", description="Grade lab notebooks.")
    cli.add_argument("notebooks", nargs="+", type=Path, metavar="NOTEBOOK")
    cli.add_argument("--lab", choices=sorted(CONTRACTS), help="which lab (default: recognised from the notebook)")
    cli.add_argument("--no-execute", action="store_true", help="read the recorded result instead of executing")
    cli.add_argument("--cwd", type=Path, help="folder to execute in (default: the notebook's folder)")
    cli.add_argument("--timeout", type=int, default=600, help="seconds per cell (default 600)")
    cli.add_argument("--json", action="store_true", help="print the results as JSON instead of tables")
    cli.add_argument("--save", type=Path, metavar="DIR", help="keep each executed copy as DIR/<name>.graded.ipynb")
    args = cli.parse_args(argv)
    if args.save:
        args.save.mkdir(parents=True, exist_ok=True)
    graded = {str(path): grade(path, args.lab, not args.no_execute, args.cwd, args.timeout,
                               args.save / f"{path.stem}.graded.ipynb" if args.save else None)
              for path in args.notebooks}
    if args.json:
        print(json.dumps(graded, indent=1))
    else:
        for path, result in graded.items():
            print_table(Path(path), result)
    return 0
