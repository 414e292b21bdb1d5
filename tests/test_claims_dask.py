"""Deck 22's measured claims, read from its executed output: each slide that concludes from a measurement prints
one line with the median figures and the machine's cores, and its conclusion must hold in that line."""

import re

import pytest

from tests.conftest import output_texts

pytestmark = pytest.mark.slow
NUMBER = r"(\d+(?:\.\d+)?)"


@pytest.fixture(scope="module")
def printed(course) -> str:
    return "\n".join(output_texts(course / "slides" / "22_Dask_Pangeo.html"))


def speeds(printed: str, workload: str) -> dict:
    """The speed-ups over the synchronous scheduler printed for one workload of the scheduler comparison."""
    line = re.search(rf"{workload}: threads {NUMBER}x, processes {NUMBER}x, distributed {NUMBER}x the speed of "
                     rf"synchronous \(median of 5, (\d+) cores\)", printed)
    assert line, f"no scheduler line for {workload}"
    threads, processes, distributed, _cores = map(float, line.groups())
    return {"threads": threads, "processes": processes, "distributed": distributed}


def test_threads_leave_pure_python_alone_while_processes_and_workers_speed_it_up(printed):
    speed = speeds(printed, "pure Python")
    assert speed["threads"] < 1.25, "the GIL: threads take turns on pure Python"
    assert min(speed["processes"], speed["distributed"]) >= 1.3 * speed["threads"], speed


def test_threads_speed_up_numpy_code_that_releases_the_gil(printed):
    speed = speeds(printed, "NumPy sort")
    assert speed["threads"] >= 1.3, speed


def test_persisted_data_answer_several_times_faster_than_csv(printed):
    found = re.search(rf"from CSV: {NUMBER} s \| from worker memory: {NUMBER} s: (\d+)x faster "
                      rf"\(median of 3, \d+ cores\)", printed)
    assert found, "no persist line"
    from_csv, from_memory, _ = map(float, found.groups())
    assert from_csv >= 3 * from_memory, found.group(0)


def test_tiny_chunks_make_the_same_sum_several_times_slower(printed):
    times = {int(size): float(seconds) for size, seconds in
             re.findall(rf"chunks\s+(\d+) x \d+\s*:.*?MiB each,\s+{NUMBER} s", printed)}
    assert len(times) == 3, times
    assert "(median of 3, " in printed
    assert times[min(times)] >= 3 * times[max(times)], times
