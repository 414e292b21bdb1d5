"""Graded labs: sealed solutions that never reach the site or the repository, per-student data and questions, and
a grader that scores a folder of submissions, hanging and crashing ones included, with the key out of the
students' reach. A small fixture lab (tests/graded/) sealed with a key made for the test shows all of it."""

import csv
import json
import re
import shutil
import subprocess
from pathlib import Path

import jupytext
import nbformat
import pytest

import tests.graded.contract  # noqa: F401  (registers the fixture's contract)
from course.grading import batch, graded, sealed
from slidebuild import config

pytestmark = pytest.mark.kernel

FIXTURE = Path(__file__).parent / "graded"
LAB = "99_quiz"
MARKERS = ("SOLUTION-TOTAL", "SOLUTION-CHOICE", "SOLUTION-DOUBLE", "SOLUTION-WRITTEN", "INSTRUCTOR-NOTE",
           "KEY-ANSWERS", "KEY-RUBRIC")


@pytest.fixture
def project(tmp_path):
    """A course folder with the fixture lab sealed in labs/, its instructor files in instructor/, and a key."""
    key = sealed.new_key().encode()
    instructor = tmp_path / "instructor"
    instructor.mkdir()
    shutil.copy(FIXTURE / "quiz_full.py", instructor / f"{LAB}.py")
    shutil.copy(FIXTURE / "quiz_key.py", instructor / f"{LAB}_key.py")
    (tmp_path / "labs").mkdir()
    public = tmp_path / "labs" / f"{LAB}.py"
    written = sealed.seal(public, key, instructor)
    assert sorted(path.name for path in written) == [f"{LAB}.py", f"{LAB}.sealed"]
    return {"root": tmp_path, "key": key, "public": public, "instructor": instructor}


def texts_under(folder: Path) -> str:
    return "\n".join(path.read_text(errors="replace") for path in folder.rglob("*") if path.is_file())


def test_the_public_lab_is_the_student_version_and_the_seal_round_trip_loses_nothing(project, tmp_path):
    public, key = project["public"], project["key"]
    text = public.read_text()
    assert not [marker for marker in MARKERS if marker in text + public.with_suffix(".sealed").read_text()]
    assert text.count("# your code here") == 4 and "STUDENT_ID" in text
    reopened = tmp_path / "reopened"
    paths = sealed.open_lab(public, key, reopened)
    assert [path.read_bytes() for path in paths] == [(FIXTURE / name).read_bytes()
                                                     for name in ("quiz_full.py", "quiz_key.py")]
    before = public.with_suffix(".sealed").read_bytes()
    assert sealed.seal(public, key, reopened) == [], "sealing what was opened changes nothing"
    assert public.with_suffix(".sealed").read_bytes() == before
    with pytest.raises(sealed.SealError, match="cannot be opened with this key"):
        sealed.read_sealed(public, sealed.new_key().encode())


def build(project, site, *extra, key=True, capsys=None):
    from slidebuild import cli

    env_key = {"COURSE_KEY": project["key"].decode()} if key else {"COURSE_KEY_FILE": "/nonexistent"}
    with pytest.MonkeyPatch.context() as patch:
        patch.delenv("COURSE_KEY", raising=False)
        for name, value in env_key.items():
            patch.setenv(name, value)
        status = cli.main([str(project["public"]), "--out", str(site), "--cache", str(project["root"] / "cache"),
                           "--instructor", str(project["instructor"]), "--no-pdf", *extra])
    return status, capsys.readouterr().out if capsys else ""


def test_with_the_key_the_full_lab_runs_and_its_solution_goes_to_the_instructor_only(project, capsys):
    site = project["root"] / "site"
    status, output = build(project, site, capsys=capsys)
    assert status == 0, output
    student = json.loads((site / "labs" / f"{LAB}.ipynb").read_text())
    assert any("# your code here" in "".join(cell["source"]) for cell in student["cells"])
    assert not (site / "labs" / f"{LAB}.html").exists()
    assert not [marker for marker in MARKERS if marker in texts_under(site)], "nothing of the solution in the site"
    solution = (project["instructor"] / "site" / "labs" / f"{LAB}.html").read_text()
    assert "SOLUTION-DOUBLE" in solution and "INSTRUCTOR-NOTE" in solution
    manifest = json.loads((site / "manifest.json").read_text())
    assert manifest[f"labs/{LAB}.ipynb"]["page"] is None and manifest[f"labs/{LAB}.ipynb"]["graded"]


def test_without_the_key_the_site_still_builds_and_says_so_once(project, capsys):
    site = project["root"] / "site"
    status, output = build(project, site, key=False, capsys=capsys)
    assert status == 0
    assert output.count("solutions were not executed (no instructor key") == 1
    assert (site / "labs" / f"{LAB}.ipynb").exists() and not (site / "labs" / f"{LAB}.html").exists()
    assert not [marker for marker in MARKERS if marker in texts_under(site)]


def test_a_public_lab_out_of_step_with_its_sealed_version_is_refused(project, capsys):
    project["public"].write_text(project["public"].read_text() + "\n# %%\nprint('edited in public')\n")
    status, output = build(project, project["root"] / "site", capsys=capsys)
    assert status == 1 and "is not the student version" in output


def notebook(project, student: str | None, answers: dict | None = None, extra: list = ()) -> nbformat.NotebookNode:
    """The fixture as a student hands it in: the full lab (or the student version with `answers=None` and
    student=None), with their id, some answers replaced, extra cells appended before the self-check."""
    full = jupytext.read(project["instructor"] / f"{LAB}.py")
    if student is None:
        full = jupytext.reads(project["public"].read_text(), fmt="py:percent")
    for cell in full.cells:
        if cell.source.startswith("STUDENT_ID ="):
            cell.source = f"STUDENT_ID = {student or ''!r}"
        for name, code in (answers or {}).items():
            if "solution" in cell.metadata.get("tags", []) and re.search(rf"^(?:{name} =|def {name}\()", cell.source, re.M):
                cell.source = code
    full.cells[-1:-1] = [nbformat.v4.new_code_cell(code) for code in extra]
    return full


def submit(folder: Path, name: str, notebook) -> None:
    folder.mkdir(exist_ok=True)
    nbformat.write(notebook, folder / f"{name}.ipynb")


def test_students_get_their_own_data_and_option_order():
    assert graded.student_seed("alice", LAB) != graded.student_seed("bob", LAB)
    assert graded.student_seed("alice", LAB) == graded.student_seed(" Alice ", LAB)
    orders = {tuple(graded.permutation(student, LAB, "q_colour", 3)) for student in ("a", "b", "c", "d", "e", "f")}
    assert len(orders) > 1, "the options are shuffled per student"


def test_a_folder_of_submissions_is_graded_whatever_they_do(project, tmp_path):
    key_module = batch.load_key(LAB, project["public"], project["key"])
    folder = tmp_path / "submissions"
    submit(folder, "alice", notebook(project, "alice"))
    submit(folder, "bob", notebook(project, "bob"))
    submit(folder, "blank", notebook(project, None))
    submit(folder, "wrong", notebook(project, "carol", {"total": "total = int(data.sum()) + 1",
                                                        "q_colour": "q_colour = 'z'"}))
    submit(folder, "hangs", notebook(project, "dave", extra=[
        "import signal, time\nsignal.signal(signal.SIGINT, signal.SIG_IGN)\nwhile True:\n    time.sleep(0.1)"]))
    submit(folder, "crashes", notebook(project, "erin", extra=["import os\nos._exit(3)"]))
    submit(folder, "floods", notebook(project, "fred", extra=["print('x' * 100_000_000)"]))
    submit(folder, "deletes", notebook(project, "gail", extra=[
        "import os, shutil\nshutil.rmtree(os.getcwd(), ignore_errors=True)"]))
    submit(folder, "snoops", notebook(project, "hugo", extra=[
        "import os\nprint('KEY SEEN' if any('COURSE_KEY' in name for name in os.environ) else 'no key')"]))
    submit(folder, "daemon", notebook(project, "ivan", extra=[
        f"import subprocess\nwith open({str(tmp_path / 'daemon.pid')!r}, 'w') as pid:\n"
        "    pid.write(str(subprocess.Popen(['sleep', '600'], start_new_session=True).pid))"]))
    (folder / "broken.ipynb").write_text("{not json")
    out = tmp_path / "graded"
    with pytest.MonkeyPatch.context() as patch:
        patch.setenv("COURSE_KEY", project["key"].decode())  # in the grader's process: never in a kernel's
        results = {r.file.removesuffix(".ipynb"): r for r in batch.grade_folder(
            LAB, folder, out, key_module, batch.Limits(cell_seconds=10, notebook_seconds=120), echo=lambda _: None)}
    rows = {row["file"].removesuffix(".ipynb"): row for row in csv.DictReader((out / "scores.csv").read_text().splitlines())}
    assert set(rows) == {"alice", "bob", "blank", "wrong", "hangs", "crashes", "floods", "deletes", "snoops",
                         "daemon", "broken"}, "every submission has a row"
    auto = 3  # total, q_colour, double; w_why (2) is marked by hand
    for name in ("alice", "bob", "hangs", "crashes", "floods", "deletes", "snoops", "daemon"):
        assert results[name].total == auto, (name, results[name].results, results[name].notes)
    assert results["blank"].total == 0 and results["broken"].total == 0
    assert results["wrong"].total == 1, "partial marks: only `double` is right"
    assert any("stopped at the 10 s limit" in note for note in results["hangs"].notes)
    assert any("killed or froze its kernel" in note for note in results["crashes"].notes)
    assert any("output past" in note for note in results["floods"].notes)
    assert "not a readable notebook" in rows["broken"]["notes"]
    daemon = int((tmp_path / "daemon.pid").read_text())  # a process in a session of its own: ended, and named
    assert not Path(f"/proc/{daemon}").exists() or "Z" in Path(f"/proc/{daemon}/stat").read_text().split()[2]
    assert any("left running" in note and "sleep 600" in note for note in results["daemon"].notes)
    executed = nbformat.read(out / "executed" / "snoops.ipynb", as_version=4)
    snoop = next(cell for cell in executed.cells if "KEY SEEN" in cell.source)
    assert "no key" in json.dumps(snoop.outputs) and "KEY SEEN" not in json.dumps(snoop.outputs)
    hints = json.dumps([r.results for r in results.values()])
    assert "expected" not in hints.lower()
    feedback = (out / "feedback" / "carol.md").read_text()
    assert "not the sum of your data" in feedback and "1 / 5" in feedback
    written = (out / "written.md").read_text()
    assert "KEY-RUBRIC" in written and "SOLUTION-WRITTEN" in written


def test_hand_marks_merge_into_the_scores(project, tmp_path):
    key_module = batch.load_key(LAB, project["public"], project["key"])
    folder = tmp_path / "submissions"
    submit(folder, "alice", notebook(project, "alice"))
    out = tmp_path / "graded"
    batch.grade_folder(LAB, folder, out, key_module, echo=lambda _: None)
    marks = list(csv.DictReader((out / "marks.csv").read_text().splitlines()))
    assert marks == [{"student": "alice", "item": "w_why", "points": "", "comment": ""}]
    with open(out / "marks.csv", "w", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerows([["student", "item", "points", "comment"], ["alice", "w_why", "2", "clear"]])
    batch.merge_marks(out, out / "marks.csv")
    row = next(csv.DictReader((out / "scores.csv").read_text().splitlines()))
    assert (row["score"], row["out of"], row["w_why"]) == ("5", "5", "2")
    assert "| `w_why` | 2 / 2 | clear |" in (out / "feedback" / "alice.md").read_text()


def test_lab_30_tracked_files_and_site_hold_no_solution(course):
    """Without the key: the public lab 30 has exercises only, no instructor note, and the site no solution."""
    public = config.LABS_DIR / "30_evaluation.py"
    notebook = jupytext.read(public)
    solutions = [cell.source for cell in notebook.cells if "solution" in cell.metadata.get("tags", [])]
    assert solutions and all(source.strip() == "# your code here" for source in solutions)
    assert not [cell for cell in notebook.cells if "instructor" in cell.metadata.get("tags", [])]
    assert not (course / "labs" / "30_evaluation.html").exists()
    assert not list((course / "labs").glob("reports/30_*"))
    tracked = subprocess.run(["git", "ls-files"], cwd=config.ROOT, capture_output=True, text=True).stdout.split()
    assert "instructor" not in {Path(name).parts[0] for name in tracked}


@pytest.mark.skipif(sealed.key_from_environment() is None, reason="needs the instructor's key (COURSE_KEY)")
def test_lab_30_solution_lines_appear_in_no_tracked_file_and_no_page(course):
    """With the key: every line of lab 30's solutions, notes and key is absent from the repository and the site."""
    bundle = sealed.read_sealed(config.LABS_DIR / "30_evaluation.py", sealed.key_from_environment())
    full = jupytext.reads(bundle.lab, fmt="py:percent")
    secret_cells = [cell.source for cell in full.cells if {"solution", "instructor"} & set(cell.metadata.get("tags", []))]
    student = sealed.student_text(bundle.lab)  # what the exercises themselves state may be public
    lines = {line.strip() for source in secret_cells + [bundle.key] for line in source.splitlines()
             if len(line.strip()) > 40 and not line.strip().startswith(("#", "import", "from", '"""'))
             and line.strip() not in student}
    assert len(lines) > 30
    tracked = subprocess.run(["git", "ls-files"], cwd=config.ROOT, capture_output=True, text=True).stdout.split()
    public = "\n".join((config.ROOT / name).read_text(errors="replace") for name in tracked
                       if (config.ROOT / name).is_file() and not name.endswith(".sealed"))
    site = texts_under(course)
    assert [line for line in lines if line in public] == []
    assert [line for line in lines if line in site] == []


@pytest.mark.slow
@pytest.mark.skipif(sealed.key_from_environment() is None, reason="needs the instructor's key (COURSE_KEY)")
def test_lab_30_graded_from_the_command_line_full_marks_zero_partial_and_data_per_student(tmp_path):
    """The real evaluation, opened with the instructor's key: two solutions with different ids get all the
    automatic marks on different data, a blank notebook none, a notebook of wrong answers some."""
    import sys

    bundle = sealed.read_sealed(config.LABS_DIR / "30_evaluation.py", sealed.key_from_environment())
    folder = tmp_path / "submissions"

    def lab30(student, source=bundle.lab, change=None):
        notebook = jupytext.reads(source, fmt="py:percent")
        for cell in notebook.cells:
            if cell.source.startswith("STUDENT_ID ="):
                cell.source = f"STUDENT_ID = {student!r}"
            if change and "solution" in cell.metadata.get("tags", []) and change[0] in cell.source:
                cell.source = cell.source.replace(*change)
        return notebook

    submit(folder, "alice", lab30("alice"))
    submit(folder, "bob", lab30("bob"))
    submit(folder, "blank", lab30("carol", (config.LABS_DIR / "30_evaluation.py").read_text()))
    submit(folder, "wrong", lab30("dan", change=("n_rows = len(taxi_df)", "n_rows = len(taxi_df) + 1")))
    small = {"TAXI_ROWS": "40_000", "TAXI_PARTITION_ROWS": "10_000", "TAXI_TEST_ROWS": "10_000",
             "TAXI_SAMPLE_ROWS": "5_000"}
    out = tmp_path / "graded"
    run = subprocess.run([sys.executable, "-m", "course.grading", "lab30", str(folder), "--out", str(out)],
                         capture_output=True, text=True, env={**__import__("os").environ, **small}, cwd=tmp_path)
    assert run.returncode == 0, run.stdout + run.stderr
    rows = {row["file"]: row for row in csv.DictReader((out / "scores.csv").read_text().splitlines())}
    automatic = sum(item.points for item in graded.GRADED["30_evaluation"].items if item.kind != "written")
    assert float(rows["alice.ipynb"]["score"]) == float(rows["bob.ipynb"]["score"]) == automatic, rows
    assert float(rows["blank.ipynb"]["score"]) == 0
    assert 0 < float(rows["wrong.ipynb"]["score"]) < automatic and rows["wrong.ipynb"]["n_rows"] == "0"
    heads = [json.dumps(next(cell.outputs for cell in nbformat.read(out / "executed" / f"{name}.ipynb", 4).cells
                             if cell.cell_type == "code" and "taxi_df.head()" in cell.source))
             for name in ("alice", "bob")]
    assert heads[0] != heads[1], "two students, two data sets"
    assert "w_persist" in (out / "written.md").read_text()
