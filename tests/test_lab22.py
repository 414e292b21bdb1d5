"""Lab 22 (Dask in practice) executed for real in Jupyter kernels: the grader gives the executed solution full
marks, the student notebook as published zero (only its check cells fail, quickly, with a hint), and a notebook
of wrong answers partial marks whose details never give the expected values away."""

import re
from datetime import datetime
from pathlib import Path

import jupytext
import nbformat
import pytest
from nbformat.v4 import new_code_cell

from course import grading
from slidebuild.labs import PLACEHOLDER, student_notebook
from slidebuild.read import read_deck

pytestmark = pytest.mark.kernel

LAB = Path(__file__).resolve().parent.parent / "labs" / "22_dask_practice.py"
NAME = "22_dask_practice"
# The same lab on less data: the same cells and checks, a quarter of the parsing.
SMALL = {"TAXI_ROWS": "80_000", "TAXI_PARTITION_ROWS": "10_000"}
# Answers a student could give: some right, some wrong, the rest missing. Every name used here is one the lab
# itself provides (DEMAND, first_guess, simulate_rank, PARQUET_DIR...).
WRONG_ANSWERS = '''
q_npartitions, q_groupby, q_chunks, q_futures, q_persist = "a", "b", "c", "a", "b"
raw = pd.read_parquet(PARQUET_DIR)
dirt_counts = {"missing_dropoff": int(raw.dropoff_longitude.isna().sum()),
               "zero_pickup": int(((raw.pickup_longitude == 0) & (raw.pickup_latitude == 0)).sum()),
               "bad_fare": int((raw.fare_amount < 0).sum()),             # forgets the huge fares
               "bad_passengers": int((raw.passenger_count == 0).sum())}  # forgets the 200-passenger taxis


def clean_fares(df):
    return df[df.fare_amount > 0]  # no upper bound, no passenger rule


def search(rate):
    taxis = first_guess(rate)
    while simulate_rank(rate, taxis) >= TARGET_WAIT:
        taxis += STEP
    return taxis


fleet_needed = {period: search(rate) if period in ("night", "midday") else first_guess(rate)
                for period, rate in DEMAND.items()}
scaling_answer = "Two workers were faster than one."
report_workers, report_slowest = 3, "groupby"
'''
QUIET_DETAILS = ("dirt_counts", "fleet_needed", "report_workers", "report_tasks", "report_slowest")


@pytest.fixture
def small_lab(tmp_path, monkeypatch) -> Path:
    """A folder outside the repository, as a student's, with the small data settings and no cluster address."""
    for name, value in SMALL.items():
        monkeypatch.setenv(name, value)
    monkeypatch.delenv("DASK_SCHEDULER_ADDRESS", raising=False)
    monkeypatch.delenv("TAXI_DATA", raising=False)
    return tmp_path


def student_version(folder: Path) -> Path:
    """The student notebook exactly as the site publishes it."""
    path = folder / f"{NAME}.ipynb"
    path.write_text(student_notebook(read_deck(LAB, kind="labs")))
    return path


def points(graded: dict) -> tuple:
    return sum(r["points"] for r in graded["results"]), sum(r["max"] for r in graded["results"])


def by_name(graded: dict) -> dict:
    return {r["name"]: r for r in graded["results"]}


def seconds(cell) -> float:
    timing = cell.metadata.get("execution", {})
    start, end = timing.get("iopub.execute_input"), timing.get("shell.execute_reply")
    return (datetime.fromisoformat(end) - datetime.fromisoformat(start)).total_seconds() if start and end else 0.0


def test_solution_scores_full_marks_and_publishes_its_report(small_lab):
    solution = small_lab / f"{NAME}_solution.ipynb"
    nbformat.write(jupytext.read(LAB), solution)
    executed = small_lab / "executed.ipynb"
    solved = grading.grade(solution, save=executed)
    earned, best = points(solved)
    assert solved["lab"] == NAME and best == 26
    assert earned == best, [r for r in solved["results"] if r["points"] < r["max"]]
    assert (small_lab / "reports" / "22_csv_pipeline.html").stat().st_size > 100_000, "the performance report"
    assert (small_lab / "data" / "taxi" / "practice" / "manifest.json").exists(), "data generated beside the notebook"
    reread = grading.grade(executed, run=False)
    assert reread["results"] == solved["results"] and not reread["executed"]


def test_student_notebook_scores_zero_and_only_its_checks_fail_fast(small_lab):
    blank = student_version(small_lab)
    assert PLACEHOLDER.strip() in blank.read_text() and "scaling_answer = f" not in blank.read_text()
    executed = small_lab / "executed.ipynb"
    graded = grading.grade(blank, save=executed)
    assert points(graded) == (0, 26), [r for r in graded["results"] if r["points"]]
    assert all("not defined" in r["detail"] for r in graded["results"])
    cells = nbformat.read(executed, as_version=4).cells
    failing = [cell for cell in cells if cell.cell_type == "code"
               and any(output.output_type == "error" for output in cell.outputs)]
    assert failing, "the unanswered checks fail"
    assert all("check" in cell.metadata.get("tags", []) for cell in failing), \
        [cell.source[:80] for cell in failing if "check" not in cell.metadata.get("tags", [])]
    for cell in failing:
        error = next(output for output in cell.outputs if output.output_type == "error")
        assert error.ename == "AssertionError" and "define" in error.evalue, (cell.source[:60], error.evalue)
        assert seconds(cell) < 5, f"a check cell must fail within seconds: {cell.source[:60]}"
    assert max(seconds(cell) for cell in cells if cell.cell_type == "code") < 60


def test_wrong_answers_score_partial_marks_without_giving_the_answers_away(small_lab):
    notebook = nbformat.read(student_version(small_lab), as_version=4)
    last = max(i for i, cell in enumerate(notebook.cells) if "self_check(" in cell.source)
    notebook.cells.insert(last, new_code_cell(WRONG_ANSWERS))
    path = small_lab / "wrong.ipynb"
    nbformat.write(notebook, path)
    graded = grading.grade(path)
    results = by_name(graded)
    earned, best = points(graded)
    assert 0 < earned < best
    expected = {"q_npartitions": 0, "q_groupby": 1, "q_chunks": 0, "q_futures": 0, "q_persist": 1,
                "dirt_counts": 1, "clean_fares": 1, "fleet_needed": 1, "scaling_answer": 0,
                "report_workers": 0, "report_slowest": 0}
    assert {name: results[name]["points"] for name in expected} == expected, \
        {name: (results[name]["points"], results[name]["detail"]) for name in expected}
    assert "bad_fare" in results["dirt_counts"]["detail"] and "evening" in results["fleet_needed"]["detail"]
    for name in QUIET_DETAILS:
        assert not re.search(r"\d", results[name]["detail"]), f"{name} reveals a number: {results[name]['detail']}"
    assert all("expected" not in r["detail"] or "not the expected answer" in r["detail"] for r in graded["results"])
