"""The measured claims of decks 14 (object storage) and 21 (the Python data stack) hold in the built course:
each test reads the line a cell printed and checks the direction the slide's prose draws from it."""

import re

import pytest

from tests.conftest import output_texts

pytestmark = pytest.mark.slow


def lines(course, deck: str) -> list:
    """Every printed line of a built deck, in slide order."""
    return [line.strip() for text in output_texts(course / "slides" / f"{deck}.html") for line in text.splitlines()]


def one(pattern: str, found: list) -> re.Match:
    """The single line matching `pattern` (a regular expression with groups)."""
    matches = [m for m in map(re.compile(pattern).search, found) if m]
    assert len(matches) == 1, f"expected one line matching {pattern!r}, found {len(matches)}"
    return matches[0]


# ---- deck 21: the GIL, vectorisation, engines ----------------------------------------------------------------

GIL = r"^{}\s*: ([\d.]+)x the speed of 1 thread, ([\d.]+) cores busy \(median of 5, (\d+) cores\)"


def test_pure_python_threads_never_use_more_than_one_core_and_the_others_use_free_cores(course):
    found = lines(course, "21_Python_Data_Processing")
    threads, processes, numpy = (one(GIL.format(re.escape(name)), found) for name in
                                 ("pure Python, 2 threads", "pure Python, 2 processes", "NumPy sort, 2 threads"))
    verdict = one(r"^used more than one core: (.+)$", found)
    # the slide's structural claim, true on any machine under any load: the GIL caps pure-Python threads at a core
    assert float(threads[2]) <= 1.1 and "pure Python, 2 threads" not in verdict[1], threads[0]
    # the last line follows the measurement: it names exactly the runs that kept more than 1.3 cores busy
    named = {run[0].split(":")[0].strip() for run in (processes, numpy) if float(run[2]) >= 1.3}
    assert named == {name for name in verdict[1].split("; ") if not name.startswith("none")}, verdict[0]
    if not named:  # nothing wrong, but the other half of the slide was not exercised: say so in the report
        pytest.skip(f"the build found no free second core for this deck ({threads[3]} cores): {verdict[0]}")


@pytest.mark.parametrize("engine", ["NumPy", "Numba"])
def test_vectorised_and_compiled_code_leave_the_python_loop_far_behind(course, engine):
    match = one(rf"^{engine}: (\d+)x faster than the Python loop on 1,000,000 vectors \(median of 3, \d+ cores\)",
                lines(course, "21_Python_Data_Processing"))
    assert int(match[1]) >= 5, match[0]


def test_every_compiled_engine_beats_the_hand_written_group_by_loop(course):
    match = one(r"^slowest compiled engine, (.+): (\d+)x faster than the Python loop \(median of 3, \d+ cores\)",
                lines(course, "21_Python_Data_Processing"))
    assert int(match[2]) >= 4, match[0]


def test_category_dtypes_shrink_the_rides_table(course):
    match = one(r"^total: ([\d.]+) MiB -> ([\d.]+) MiB$", lines(course, "21_Python_Data_Processing"))
    assert float(match[1]) / float(match[2]) >= 2, match[0]


# ---- deck 14: object storage and formats ---------------------------------------------------------------------

def test_parallel_requests_hide_the_latency_of_an_object_store(course):
    match = one(r"^32 requests in flight: ([\d.]+)x faster than 1 at a time \(median of 3, \d+ cores\)",
                lines(course, "14_Object_Storage"))
    assert float(match[1]) >= 5, match[0]


def test_parquet_is_smaller_than_csv(course):
    match = one(r"^Parquet\s+[\d.]+ MB\s+\(([\d.]+)x smaller than the CSV\)", lines(course, "14_Object_Storage"))
    assert float(match[1]) >= 2, match[0]


@pytest.mark.parametrize("columns", [2, 6])
def test_parquet_reads_faster_than_csv_even_with_more_columns(course, columns):
    match = one(rf"^Parquet, {columns} columns: ([\d.]+)x faster than CSV, 2 columns \(median of 5, \d+ cores\)",
                lines(course, "14_Object_Storage"))
    assert float(match[1]) >= 1.5, match[0]
