"""Grading the labs: one notebook for practice, a folder of submissions for a course, and the sealed graded labs.

    python -m course.grading lab30 submissions/          # a folder, each notebook in its own kernel: scores.csv,
                                                         # feedback/, written.md, marks.csv (see batch)
    python -m course.grading merge OUT marks.csv         # add the hand marks of the written answers
    python -m course.grading alice.ipynb bob.ipynb       # practice labs: execute each, print its score table
    python -m course.grading keygen | open LAB | seal LAB   # the instructor's key, a graded lab's full version

Two kinds of labs. A *practice* lab (03, 13, 22) has public checks (`course.grading.contract`): they run in the
notebook's own kernel, on its variables, and their hints never state an expected value. A *graded* lab (30,
`graded: true` in its header) has a public contract that only says how each answer is observed
(`course.grading.graded`), and a grading key sealed with the lab (`course.grading.sealed`): the grader scores
the observations in its own process, with the instructor's key, which the student's kernel never sees.
"""

import argparse
import copy
import json
import os
import re
import sys
import tempfile
from pathlib import Path

from course.grading import contract, graded, lab03, lab22, lab30  # noqa: F401  (importing them registers their checks)
from course.grading.contract import CONTRACTS, MIME, total

TITLES = {"Evaluation": "30_evaluation", "Play with MapReduce": "03_spark_mapreduce",
          "Dask in practice": "22_dask_practice"}
LABS_DIR = Path(__file__).resolve().parents[2] / "labs"
COMMANDS = ("keygen", "open", "seal", "merge")
__all__ = ["detect_lab", "grade", "main", "self_check"]


def self_check(namespace: dict, lab: str):
    """The check a lab's last cell runs: a practice lab's checks, or a graded lab's format checks."""
    if lab in graded.GRADED:
        return graded.self_check(namespace, lab)
    return contract.self_check(namespace, lab)


def lab_id(name: str) -> str:
    """'lab30', '30' or '30_evaluation' -> '30_evaluation'."""
    known = sorted(set(CONTRACTS) | set(graded.GRADED))
    number = name.removeprefix("lab").split("_")[0]
    found = [lab for lab in known if lab == name or lab.split("_")[0] == number]
    if len(found) != 1:
        raise SystemExit(f"unknown lab {name!r} (known: {', '.join(known)})")
    return found[0]


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

    from slidebuild.kernels import KERNEL_ARGUMENTS, KERNEL_NAME, kernel_environment  # the build's kernels

    notebook = copy.deepcopy(notebook)
    notebook.cells.append(new_code_cell(f"from course.grading import self_check\nimport course\n"
                                        f"self_check(globals(), lab={lab!r})\ncourse.teardown()"))
    client = NotebookClient(notebook, timeout=timeout, kernel_name=KERNEL_NAME, allow_errors=True,
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
    argv = sys.argv[1:] if argv is None else list(argv)
    if argv[:1] and argv[0] in COMMANDS:
        return instructor_command(argv)
    if argv[:1] and not argv[0].endswith(".ipynb") and not argv[0].startswith("-"):
        return grade_course(argv)
    return grade_notebooks(argv)


def grade_notebooks(argv) -> int:
    """Practice labs: grade notebooks one by one and print a table each."""
    cli = argparse.ArgumentParser(prog="python -m course.grading", description="Grade practice lab notebooks.")
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
    results = {str(path): grade(path, args.lab, not args.no_execute, args.cwd, args.timeout,
                                args.save / f"{path.stem}.graded.ipynb" if args.save else None)
               for path in args.notebooks}
    if args.json:
        print(json.dumps(results, indent=1))
    else:
        for path, result in results.items():
            print_table(Path(path), result)
    return 0


def grade_course(argv) -> int:
    """A folder of submissions for one lab: scores.csv, feedback/, written.md, marks.csv."""
    from course.grading import batch, sealed

    cli = argparse.ArgumentParser(prog="python -m course.grading LAB FOLDER",
                                  description="Grade every notebook of a folder, each in its own kernel.")
    cli.add_argument("lab", help="the lab: lab30, 30 or 30_evaluation")
    cli.add_argument("folder", type=Path, help="the submitted notebooks (*.ipynb)")
    cli.add_argument("--out", type=Path, help="where the reports go (default: FOLDER/graded)")
    cli.add_argument("--cell-timeout", type=int, default=batch.Limits.cell_seconds, metavar="S")
    cli.add_argument("--notebook-timeout", type=int, default=batch.Limits.notebook_seconds, metavar="S")
    args = cli.parse_args(argv)
    lab = lab_id(args.lab)
    key = None
    if lab in graded.GRADED:
        secret = sealed.key_from_environment()
        if secret is None:
            raise SystemExit(f"{lab} is graded: set COURSE_KEY (or COURSE_KEY_FILE) to the instructor's key")
        key = batch.load_key(lab, LABS_DIR / f"{lab}.py", secret)
        batch.clear_environment_keys()
    out = args.out or args.folder / "graded"
    limits = batch.Limits(cell_seconds=args.cell_timeout, notebook_seconds=args.notebook_timeout)
    results = batch.grade_folder(lab, args.folder, out, key, limits)
    print(f"{len(results)} notebook(s) graded: {out / 'scores.csv'}, feedback in {out / 'feedback'}"
          + (f", written answers to mark in {out / 'written.md'} (then: merge {out} marks.csv)"
             if any(result.written for result in results) else ""))
    return 0


def instructor_command(argv) -> int:
    """keygen, open LAB, seal LAB, merge OUT MARKS."""
    from course.grading import batch, sealed

    command, rest = argv[0], argv[1:]
    if command == "keygen":
        print(sealed.new_key())
        print(f"Keep it outside the repository: in {sealed.DEFAULT_KEY_FILE} (chmod 600) or the COURSE_KEY "
              f"variable, and as the repository secret COURSE_KEY on GitHub.", file=sys.stderr)
        return 0
    if command == "merge":
        if len(rest) != 2:
            raise SystemExit("usage: python -m course.grading merge OUT marks.csv")
        out = Path(rest[0])
        results = batch.merge_marks(out, Path(rest[1]))
        print(f"hand marks merged for {len(results)} student(s): {out / 'scores.csv'}")
        return 0
    if len(rest) != 1:
        raise SystemExit(f"usage: python -m course.grading {command} LAB")
    public = lab_source(rest[0])
    secret = sealed.key_from_environment()
    if secret is None:
        raise SystemExit("no instructor key: set COURSE_KEY or COURSE_KEY_FILE (python -m course.grading keygen)")
    try:
        paths = sealed.open_lab(public, secret) if command == "open" else sealed.seal(public, secret)
    except sealed.SealError as error:
        raise SystemExit(str(error)) from None
    for path in paths:
        print(path)
    if command == "open":
        print("Edit these files, then: python -m course.grading seal " + str(public), file=sys.stderr)
    return 0


def lab_source(name: str) -> Path:
    """A lab's public source from a path or a lab name."""
    path = Path(name)
    return path if path.suffix == ".py" else LABS_DIR / f"{lab_id(name)}.py"
