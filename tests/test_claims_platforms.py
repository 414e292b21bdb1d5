"""The claims of decks 01 (Big Data) and 02 (platforms) that rest on a measurement or a computation: each test
reads the executed output of the built deck and checks the direction the slide's prose and notes rely on."""

import re

import pytest

from tests.conftest import output_texts

pytestmark = pytest.mark.slow


def value(course, deck: str, pattern: str) -> tuple:
    """The groups of the first match of `pattern` in the outputs of `deck`, as floats."""
    texts = output_texts(course / "slides" / f"{deck}.html")
    for text in texts:
        found = re.search(pattern, text)
        if found:
            return tuple(float(group.replace(",", "")) for group in found.groups())
    raise AssertionError(f"no output of {deck} matches {pattern!r}")


def test_text_columns_weigh_several_times_float_columns(course):
    # deck 01's notes: with pandas 2, each string is a Python object and a text column weighs several times a
    # float column
    (ratio,) = value(course, "01_Introduction_Big_Data", r"a text column takes ([\d.]+)x the memory of a float")
    assert ratio > 3, f"a text column takes only {ratio}x a float column: revise the notes of deck 01"


def test_fifty_million_rows_outgrow_a_laptop_by_the_course_rule(course):
    # deck 01: around fifty million rows, pandas (5 to 10 times the data set) needs more than a 16 GB laptop
    (per_row,) = value(course, "01_Introduction_Big_Data", r"(\d+) bytes per row")
    assert 5 * 55e6 * per_row / 1e9 > 16


def test_numpy_is_far_faster_than_the_python_loop(course):
    # deck 02: "vectorise before you distribute"; the notes say the factor is large, never close to one
    speedup, cores = value(course, "02_Big_Data_Platforms",
                           r"NumPy: ([\d,]+)x the speed of the Python loop \(median of 5, 1 thread, (\d+) cores\)")
    assert cores >= 1
    assert speedup > 10, f"NumPy only {speedup}x the Python loop"


def test_off_rack_reads_were_slow_in_2008_and_no_longer_are(course):
    # deck 02, data locality then and now: computed from hardware figures
    then, now = value(course, "02_Big_Data_Platforms",
                      r"reading off-rack: ([\d.]+)x slower than local drives in 2008, ([\d.]+)x in 2026")
    assert then > 5, "in 2008 an off-rack read is several times slower than the local disks"
    assert now < 2, "in 2026 an off-rack read costs about the same as a local one"


def test_a_gpu_pays_off_only_for_arithmetic_heavy_work_in_its_precision(course):
    # deck 02, compute vs copy: the vector sum loses to the copy, tensor cores win, FP64 on an AI GPU loses
    add, fp32, tf32, fp64 = value(
        course, "02_Big_Data_Platforms",
        r"GPU speed-up: float32 add ([\d.e-]+)x, float32 matrix ([\d.e-]+)x, "
        r"tf32 tensor matrix ([\d.e-]+)x, float64 matrix ([\d.e-]+)x")
    assert add < 1
    assert tf32 > 2 and tf32 > fp32
    assert fp64 < 1


def test_the_combiner_shrinks_the_shuffle_several_times(course):
    # deck 02's notes: "more than 80 % fewer pairs cross the network"
    without, combined, percent = value(
        course, "02_Big_Data_Platforms",
        r"without combiner: ([\d,]+)\s+pairs shuffled with combiner:\s+([\d,]+) \((\d+)%\)")
    assert combined < without
    assert percent < 20
