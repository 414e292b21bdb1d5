"""Grade a folder of submitted notebooks, each in its own kernel, and write what a course needs: a CSV of scores
per item, a feedback file per student, the written answers to mark by hand.

    python -m course.grading lab30 submissions/ [--out DIR]
    python -m course.grading merge DIR marks.csv        # add the hand marks of the written answers

Every notebook runs in a kernel of its own, in a temporary folder of its own, with an environment that holds no
key (COURSE_KEY and anything named like a secret are removed, HOME is the temporary folder), under time limits
per cell and per notebook, its outputs capped. A cell that raises does not stop the others; a cell that hangs
is interrupted (and its kernel replaced if it ignores the interrupt); a kernel that dies is replaced and the
cells that ran before replayed, without the cell that killed it. Whatever happens, the notebook gets the marks
its answers earn and a note of what went wrong, and the next submission is graded.

For a graded lab, the student's kernel only ever exports plain data (see course.grading.graded); the sealed key
scores it here. For a practice lab, the lab's public checks run in the student's kernel (`self_check`).
"""

import csv
import json
import os
import re
import secrets
import shutil
import tempfile
import time
from dataclasses import dataclass, field
from pathlib import Path

import nbformat
from nbformat.v4 import new_code_cell, new_output

from course.grading import graded

SECRET_NAMES = re.compile(r"KEY|SECRET|TOKEN|PASSWORD|CREDENTIAL", re.I)
MAX_SIZES = {"ROWS": 5_000_000, "TEST_ROWS": 1_000_000, "PARTITION_ROWS": 5_000_000}


@dataclass
class Limits:
    """How long and how much a submission may take."""

    cell_seconds: int = 300
    notebook_seconds: int = 1800
    output_bytes: int = 1_000_000  # per cell; the rest is dropped with a marker
    replays: int = 2  # kernels replaced after a death or a hang that ignores interrupts


@dataclass
class Graded:
    """One submission's result."""

    file: str
    student: str = ""
    results: list = field(default_factory=list)  # {"name", "points", "max", "hint", "kind"}
    notes: list = field(default_factory=list)
    written: dict = field(default_factory=dict)  # item -> the student's text

    @property
    def total(self) -> float:
        return sum(result["points"] for result in self.results)

    @property
    def maximum(self) -> float:
        return sum(result["max"] for result in self.results)


def student_environment(folder: Path, extra: dict) -> dict:
    """The kernel's environment: the build's, without any secret, with HOME and TMPDIR in its own folder."""
    from slidebuild.kernels import kernel_environment

    env = {name: value for name, value in kernel_environment().items() if not SECRET_NAMES.search(name)}
    (folder / "tmp").mkdir(exist_ok=True)
    env.update(HOME=str(folder), TMPDIR=str(folder / "tmp"), **extra)
    return env


def capped_client(notebook, folder: Path, limits: Limits):
    """An nbclient client that interrupts a cell at its time limit and drops a cell's output past a size."""
    from nbclient import NotebookClient

    from slidebuild.kernels import KERNEL_ARGUMENTS, KERNEL_NAME

    class Capped(NotebookClient):
        def output(self, outs, msg, display_id, cell_index):
            content = msg.get("content", {})
            size = len(str(content.get("text", ""))) + len(str(content.get("data", "")))
            used = self.used.get(cell_index, 0) + size
            self.used[cell_index] = used
            if used > limits.output_bytes and msg["msg_type"] in ("stream", "display_data", "execute_result"):
                if cell_index not in self.capped:
                    self.capped.add(cell_index)
                    outs.append(new_output("stream", name="stderr",
                                           text=f"[grader: output past {limits.output_bytes:,} bytes dropped]\n"))
                return None
            return super().output(outs, msg, display_id, cell_index)

    client = Capped(notebook, timeout=limits.cell_seconds, kernel_name=KERNEL_NAME, allow_errors=True,
                    interrupt_on_timeout=True, extra_arguments=KERNEL_ARGUMENTS,
                    error_on_timeout={"ename": "TimeoutError", "evalue": f"cell stopped after {limits.cell_seconds} s",
                                      "traceback": []},  # a reply of its own: nbclient stops waiting for the kernel's
                    resources={"metadata": {"path": str(folder)}})
    client.used, client.capped = {}, set()
    return client


def responsive(client) -> bool:
    """Whether the kernel answers a trivial request within seconds (a cell that ignored an interrupt does not)."""
    probe, saved, start = new_code_cell("pass"), client.timeout, time.monotonic()
    client.timeout = 10
    try:
        client.execute_cell(probe, len(client.nb.cells))
    except Exception:
        return False
    finally:
        client.timeout = saved
    return time.monotonic() - start < 10


def run_notebook(notebook, folder: Path, env: dict, limits: Limits, after, log) -> list:
    """Execute the notebook's code cells in order, robustly; then call `after(client)` with the kernel still up
    (the grader's own cells). The kernel's own output goes to `log`. Return the notes of what went wrong."""
    from nbclient.exceptions import DeadKernelError

    from slidebuild.kernels import Tracked

    notes, skipped, deadline = [], set(), time.monotonic() + limits.notebook_seconds
    for _ in range(limits.replays + 1):
        client, tracked = capped_client(notebook, folder, limits), Tracked()
        client.create_kernel_manager()
        failed_at = None
        try:
            with client.setup_kernel(env={**env, **tracked.prepare(client.km)}, cwd=str(folder), stdout=log,
                                     stderr=log):
                tracked.started(client.km)
                for index, cell in enumerate(notebook.cells):
                    if cell.cell_type != "code" or index in skipped:
                        continue
                    if time.monotonic() > deadline:
                        notes.append(f"notebook time limit ({limits.notebook_seconds} s): cells from {index + 1} "
                                     f"on were not run")
                        break
                    failed_at, started = index, time.monotonic()
                    client.execute_cell(cell, index)
                    if time.monotonic() - started >= limits.cell_seconds:  # nbclient interrupted it
                        notes.append(f"cell {index + 1} stopped at the {limits.cell_seconds} s limit")
                        if not responsive(client):
                            raise DeadKernelError("the kernel ignored the interrupt")
                    failed_at = None
                if client.capped:
                    notes.append(f"output past {limits.output_bytes:,} bytes dropped in cell(s) "
                                 f"{', '.join(str(i + 1) for i in sorted(client.capped))}")
                after(client)
                return notes
        except DeadKernelError as error:
            if failed_at is None:
                notes.append(f"the kernel died during grading: {error}")
                return notes
            skipped.add(failed_at)
            notes.append(f"cell {failed_at + 1} killed or froze its kernel ({error}): it was skipped and the cells "
                         f"before it replayed in a new kernel")
        finally:  # the kernel's process group, what left it (named in the notes), its scratch folder
            notes += [f"stopped a process the notebook left running: {stray}" for stray in tracked.end()]
    notes.append("too many kernel failures: grading stopped")
    return notes


def observe_graded(client, lab: str, key, folder: Path, result: Graded) -> None:
    """Inside the student's kernel: export the params; here: compute the references (and write the probes);
    then export every item, one cell each, and score them with the key."""
    import numpy as np

    contract = graded.GRADED[lab]
    inputs, outputs = folder / "grading-inputs", folder / "grading-outputs"
    shutil.rmtree(inputs, ignore_errors=True)
    shutil.rmtree(outputs, ignore_errors=True)
    inputs.mkdir(parents=True)
    run_cell(client, f"from course.grading import graded as __graded\n__graded.export_params(globals(), {lab!r}, "
                     f"{str(folder / 'grading-params.json')!r})")
    params = read_json(folder / "grading-params.json") or {}
    problem = check_params(params, lab)
    if problem:
        result.notes.append(problem)
        result.results = [{"name": item.name, "points": 0.0, "max": item.points, "kind": item.kind,
                           "hint": "not graded: " + problem} for item in contract.items]
        return
    result.student = str(params["STUDENT_ID"])
    refs = key.references({**params, "PROBE_SEED": secrets.randbelow(2**31)}, inputs)
    for item in contract.items:
        run_cell(client, f"__graded.export_item(globals(), {lab!r}, {item.name!r}, {str(inputs)!r}, "
                         f"{str(outputs)!r})")
        seen = read_json(outputs / f"{item.name}.json") or {"error": "no observation (the export stopped)"}
        if "arrays" in seen:
            seen["arrays"] = {name: np.load(outputs / f"{item.name}.{name}.npy", allow_pickle=False)
                              for name in seen["arrays"]}
        result.results.append({"name": item.name, "max": item.points, "kind": item.kind,
                               **dict(zip(("points", "hint"), score_item(item, seen, refs, key, params, lab, result)))})


def score_item(item, seen: dict, refs: dict, key, params: dict, lab: str, result: Graded) -> tuple:
    """(points, hint) for one observed item."""
    if "error" in seen:
        return 0.0, seen["error"]
    if item.kind == "written":
        text = seen["value"] if isinstance(seen["value"], str) else ""
        result.written[item.name] = text
        return 0.0, "marked by hand" if text.strip() else "no answer"
    if item.kind == "choice":
        order = graded.permutation(params["STUDENT_ID"], lab, item.name, item.options)
        shown = seen["value"] if isinstance(seen["value"], list) else [seen["value"]]
        picked = {order[ord(letter) - 97] for letter in map(lambda v: str(v).strip().lower(), shown)
                  if len(letter) == 1 and 0 <= ord(letter) - 97 < item.options}
        answer = key.ANSWERS[item.name]
        right = picked == (set(answer) if item.several else {answer})
        return (float(item.points), "right") if right else (0.0, "not the right option" + "s" * item.several)
    try:
        points, hint = key.score(item.name, seen, refs)
    except Exception as error:  # an observation of an unexpected shape
        points, hint = 0, f"could not be scored ({type(error).__name__})"
    return float(points), hint


def check_params(params: dict, lab: str) -> str:
    """Why a submission's data parameters cannot be trusted, or ''."""
    missing = [name for name in graded.GRADED[lab].params if params.get(name) in (None, "")]
    if missing:
        return f"{', '.join(missing)} not set in the notebook"
    if int(params["SEED"]) != graded.student_seed(params["STUDENT_ID"], lab):
        return "SEED is not the seed of STUDENT_ID: the data were changed"
    too_big = [name for name, most in MAX_SIZES.items() if name in params and int(params[name]) > most]
    return f"{', '.join(too_big)} larger than the grader accepts" if too_big else ""


def observe_practice(client, lab: str, result: Graded) -> None:
    """A practice lab: its public checks run in the student's kernel; read the table they display."""
    from course.grading.contract import CONTRACTS, MIME

    cell = run_cell(client, f"from course.grading import self_check as __check\n__check(globals(), lab={lab!r})")
    payload = next((o["data"][MIME] for o in cell.get("outputs", []) if MIME in o.get("data", {})), None)
    if not payload:
        payload = {"results": [{"name": c.name, "points": 0.0, "max": c.points, "detail": "no result"}
                               for c in CONTRACTS[lab]]}
    result.results = [{"name": r["name"], "points": float(r["points"]), "max": r["max"], "kind": "value",
                       "hint": r["detail"]} for r in payload["results"]]


def run_cell(client, code: str):
    cell = new_code_cell(code)
    client.nb.cells.append(cell)
    client.execute_cell(cell, len(client.nb.cells) - 1)
    return cell


def read_json(path: Path, limit: int = 50_000_000):
    if not path.is_file() or path.stat().st_size > limit:
        return None
    try:
        return json.loads(path.read_text())
    except ValueError:
        return None


def grade_notebook(path: Path, lab: str, key=None, limits: Limits = Limits(), env: dict | None = None,
                   keep: Path | None = None) -> Graded:
    """Grade one notebook in a fresh temporary folder; `keep`: where to save the executed copy."""
    result = Graded(Path(path).name)
    if keep:
        keep.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="course-grading-") as temporary:
        folder = Path(temporary)
        try:
            notebook = nbformat.read(path, as_version=4)
        except Exception as error:
            result.notes.append(f"not a readable notebook: {type(error).__name__}: {error}")
            notebook = None
        if notebook is not None:
            is_graded = lab in graded.GRADED

            def after(client):
                if is_graded:
                    observe_graded(client, lab, key, folder, result)
                else:
                    observe_practice(client, lab, result)
            log_path = (keep.parent if keep else folder) / f"{Path(path).stem}.kernel.log"
            try:
                with open(log_path, "w") as log:
                    result.notes += run_notebook(notebook, folder, student_environment(folder, env or {}), limits,
                                                 after, log)
            except Exception as error:  # whatever a notebook did, the next one is graded
                result.notes.append(f"grading stopped: {type(error).__name__}: {error}")
            if keep:
                nbformat.write(notebook, keep)
        if not result.results:
            items = graded.GRADED[lab].items if lab in graded.GRADED else []
            result.results = [{"name": item.name, "points": 0.0, "max": item.points, "kind": item.kind,
                               "hint": "not graded"} for item in items]
    result.student = result.student or Path(path).stem
    return result


def grade_folder(lab: str, folder: Path, out: Path, key=None, limits: Limits = Limits(), env: dict | None = None,
                 echo=print) -> list:
    """Grade every notebook of a folder; write scores.csv, results.json, feedback/, written.md, marks.csv."""
    results = []
    for path in sorted(Path(folder).glob("*.ipynb")):
        start = time.monotonic()
        result = grade_notebook(path, lab, key, limits, env, keep=out / "executed" / path.name)
        results.append(result)
        echo(f"{path.name}: {result.total:g} / {result.maximum:g} in {time.monotonic() - start:.0f} s"
             + (f" ({'; '.join(result.notes)})" if result.notes else ""))
    write_reports(out, lab, results, key)
    return results


def write_reports(out: Path, lab: str, results: list, key=None, marks: dict | None = None,
                  rubric: dict | None = None) -> None:
    """The instructor's files: scores.csv, results.json, one feedback file per student, written answers."""
    out.mkdir(parents=True, exist_ok=True)
    marks = marks or {}
    claimed = {}
    for result in results:
        claimed.setdefault(result.student, []).append(result.file)
    for result in results:
        for entry in result.results:
            if (result.student, entry["name"]) in marks:
                entry["points"], entry["hint"] = marks[(result.student, entry["name"])]
        others = [file for file in claimed[result.student] if file != result.file]
        if others:
            result.notes.append(f"the id {result.student!r} is also used by {', '.join(others)}")
    names = [entry["name"] for entry in results[0].results] if results else []
    with open(out / "scores.csv", "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["file", "student", "score", "out of", *names, "notes"])
        for result in results:
            points = {entry["name"]: entry["points"] for entry in result.results}
            writer.writerow([result.file, result.student, f"{result.total:g}", f"{result.maximum:g}",
                             *(f"{points.get(name, 0):g}" for name in names), " | ".join(result.notes)])
    rubric = rubric if rubric is not None else getattr(key, "RUBRIC", {})
    (out / "results.json").write_text(json.dumps({"lab": lab, "rubric": rubric,
                                                  "submissions": [r.__dict__ for r in results]}, indent=1))
    feedback = out / "feedback"
    feedback.mkdir(exist_ok=True)
    for result in results:
        lines = [f"# {lab}: {result.student}", "", f"**{result.total:g} / {result.maximum:g}** "
                 f"({result.file})", "", "| answer | points | comment |", "|---|---|---|"]
        lines += [f"| `{e['name']}` | {e['points']:g} / {e['max']} | {e['hint']} |" for e in result.results]
        lines += ["", *(f"- {note}" for note in result.notes)] if result.notes else []
        (feedback / f"{safe(result.student)}.md").write_text("\n".join(lines) + "\n")
    write_written(out, results, rubric, marks)


def write_written(out: Path, results: list, rubric: dict, marks: dict) -> None:
    """written.md (every written answer, under its rubric) and marks.csv (to fill in, then `merge`)."""
    items = sorted({name for result in results for name in result.written})
    lines = ["# Written answers to mark", ""]
    rows = []
    for name in items:
        lines += [f"## `{name}`", "", f"Rubric: {rubric.get(name, '(none in the key)')}", ""]
        for result in results:
            text = result.written.get(name, "").strip() or "(no answer)"
            lines += [f"### {result.student}", "", text, ""]
            mark = marks.get((result.student, name), ("", ""))
            rows.append([result.student, name, mark[0], mark[1]])
    (out / "written.md").write_text("\n".join(lines))
    with open(out / "marks.csv", "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(["student", "item", "points", "comment"])
        writer.writerows(rows)


def merge_marks(out: Path, marks_file: Path, rubric: dict | None = None) -> list:
    """Add the hand marks of marks.csv to the results of a grading run and rewrite its reports."""
    saved = json.loads((out / "results.json").read_text())
    lab, results = saved["lab"], [Graded(**data) for data in saved["submissions"]]
    maxima = {entry["name"]: entry["max"] for result in results for entry in result.results}
    marks = {}
    with open(marks_file, newline="") as stream:
        for row in csv.DictReader(stream):
            if row["points"].strip():
                points = float(row["points"])
                if not 0 <= points <= maxima.get(row["item"], 0):
                    raise SystemExit(f"{marks_file}: {row['student']} {row['item']}: {points} is not in "
                                     f"0-{maxima.get(row['item'], 0)}")
                marks[(row["student"], row["item"])] = (points, row.get("comment", "").strip() or "marked by hand")
    for result in results:
        result.notes = [note for note in result.notes if not note.startswith("the id ")]
    write_reports(out, lab, results, marks=marks, rubric=rubric if rubric is not None else saved.get("rubric", {}))
    return results


def safe(name: str) -> str:
    return re.sub(r"[^\w.-]+", "_", name) or "student"


def load_key(lab: str, public: Path, key_bytes: bytes):
    """The lab's grading key, decrypted and loaded as a module in this (the grader's) process only."""
    import types

    from course.grading import sealed

    bundle = sealed.read_sealed(public, key_bytes)
    module = types.ModuleType(f"{lab}_key")
    exec(compile(bundle.key, f"{lab}_key.py (sealed)", "exec"), module.__dict__)
    return module


def clear_environment_keys() -> None:
    """Nothing of the key stays in this process's environment, which kernels inherit from."""
    for name in list(os.environ):
        if SECRET_NAMES.search(name):
            os.environ.pop(name, None)
