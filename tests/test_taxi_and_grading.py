"""The taxi generator keeps its promises (columns, dirt rates, determinism, files) and the grader tells a
solved lab (full marks) from a blank one (zero), executing both for real in a Jupyter kernel."""

import copy
import json
import math
import time
from pathlib import Path

import jupytext
import nbformat
import numpy as np
import pandas as pd
import pytest
from nbformat.v4 import new_code_cell

from course import grading, taxi

LABS = Path(__file__).resolve().parent.parent / "labs"
ROWS = 200_000


@pytest.fixture(scope="module")
def trips() -> pd.DataFrame:
    return taxi.generate(ROWS, seed=0)


# ------------------------------------------------------------------------------------------- generator

def test_columns_dtypes_and_unique_keys(trips):
    assert len(trips) == ROWS
    assert {name: str(dtype) for name, dtype in trips.dtypes.items()} == taxi.COLUMNS
    assert trips.key.is_unique
    assert trips.key.iloc[0].startswith(trips.pickup_datetime.iloc[0].strftime("%Y-%m-%d %H:%M:%S."))
    assert trips.pickup_datetime.min() >= pd.Timestamp("2009-01-01", tz="UTC")
    assert trips.pickup_datetime.max() < pd.Timestamp("2015-07-01", tz="UTC")


def clean_rows(trips):
    """The trips with none of the documented kinds of dirt."""
    return trips[~pd.concat(dirt_signatures(trips), axis=1).any(axis=1)]


def test_clean_trips_look_like_new_york_taxis(trips):
    kept = clean_rows(trips)
    assert kept.pickup_longitude.median() == pytest.approx(-73.98, abs=0.02)
    assert kept.pickup_latitude.median() == pytest.approx(40.75, abs=0.02)
    assert 8 < kept.fare_amount.median() < 15 and kept.fare_amount.min() >= 2.5
    assert set(kept.passenger_count) == {1, 2, 3, 4, 5, 6}
    distance = taxi.haversine_km(kept.pickup_longitude, kept.pickup_latitude,
                                 kept.dropoff_longitude, kept.dropoff_latitude)
    assert np.corrcoef(distance, kept.fare_amount)[0, 1] > 0.8, "fares come from the distance"


def dirt_signatures(trips) -> dict:
    """Which rows show each documented kind of dirt."""
    lon = trips[["pickup_longitude", "dropoff_longitude"]]
    lat = trips[["pickup_latitude", "dropoff_latitude"]]
    zero = ((trips.pickup_longitude == 0) & (trips.pickup_latitude == 0)) | \
           ((trips.dropoff_longitude == 0) & (trips.dropoff_latitude == 0))
    invalid = (lon.abs() > 180).any(axis=1) | (lat.abs() > 90).any(axis=1)
    swapped = lon.gt(30).any(axis=1) & lat.lt(-60).any(axis=1)  # a longitude of ~40.7 with a latitude of ~-74
    return {
        "missing_dropoff": trips.dropoff_longitude.isna() & trips.dropoff_latitude.isna(),
        "zero_coordinates": zero,
        "invalid_coordinates": invalid,
        "far_coordinates": swapped & ~invalid,
        "negative_fare": trips.fare_amount < 0,
        "huge_fare": trips.fare_amount >= 300,
        "zero_passengers": trips.passenger_count == 0,
        "many_passengers": trips.passenger_count >= 200,
    }


@pytest.mark.parametrize("kind", sorted(taxi.DIRT))
def test_each_kind_of_dirt_appears_at_its_documented_rate(trips, kind):
    observed = int(dirt_signatures(trips)[kind].sum())
    expected = taxi.DIRT[kind] * ROWS
    assert abs(observed - expected) < 5 * math.sqrt(expected) + 3, f"{kind}: {observed} rows, expected ~{expected:.0f}"


def test_the_documented_dirt_is_all_the_dirt(trips):
    kept = clean_rows(trips)
    box = taxi.NYC_BOX
    inside = kept[["pickup_longitude", "dropoff_longitude"]].apply(lambda c: c.between(*box["longitude"])).all(axis=1)
    inside &= kept[["pickup_latitude", "dropoff_latitude"]].apply(lambda c: c.between(*box["latitude"])).all(axis=1)
    assert inside.all() and kept.notna().all().all()
    assert kept.fare_amount.between(*taxi.FARE_RANGE).all() and kept.passenger_count.between(*taxi.PASSENGER_RANGE).all()
    assert 1 - len(kept) / ROWS == pytest.approx(sum(taxi.DIRT.values()), abs=0.003)


def test_same_seed_same_rows_whatever_the_chunking():
    whole = taxi.generate(30_000, seed=3)
    assert whole.equals(taxi.generate(30_000, seed=3))
    pieces = pd.concat([taxi.generate(12_345, seed=3), taxi.generate(17_655, seed=3, start=12_345)],
                       ignore_index=True)
    assert pieces.equals(whole)
    assert not taxi.generate(1_000, seed=4).fare_amount.equals(whole.fare_amount.iloc[:1_000])


def test_write_dataset_writes_partitioned_parquet_and_csv(tmp_path):
    folder = tmp_path / "trips"
    manifest = taxi.write_dataset(folder, rows=25_000, partition_rows=10_000, seed=5, progress=False)
    expected = taxi.generate(25_000, seed=5)
    parquet = sorted((folder / "parquet").glob("*.parquet"))
    csv = sorted((folder / "csv").glob("*.csv"))
    assert [p.name for p in parquet] == ["part-00000.parquet", "part-00001.parquet", "part-00002.parquet"]
    assert [p.name for p in csv] == ["part-00000.csv", "part-00001.csv", "part-00002.csv"]
    assert json.loads((folder / "manifest.json").read_text()) == manifest
    assert manifest["rows"] == 25_000 and manifest["partitions"] == 3
    from_parquet = pd.concat([pd.read_parquet(p) for p in parquet], ignore_index=True)
    assert from_parquet.astype(taxi.COLUMNS).equals(expected)
    from_csv = pd.concat([pd.read_csv(p, parse_dates=["pickup_datetime"]) for p in csv], ignore_index=True)
    pd.testing.assert_frame_equal(from_csv.astype(taxi.COLUMNS), expected)
    assert csv[0].read_text().splitlines()[0] == ",".join(taxi.COLUMNS)


def test_write_dataset_skips_an_up_to_date_folder_and_rewrites_a_changed_one(tmp_path):
    folder = tmp_path / "trips"
    taxi.write_dataset(folder, rows=5_000, partition_rows=1_000, seed=1, progress=False)
    stamp = (folder / "parquet" / "part-00000.parquet").stat().st_mtime_ns
    time.sleep(0.01)
    taxi.write_dataset(folder, rows=5_000, partition_rows=1_000, seed=1, progress=False)
    assert (folder / "parquet" / "part-00000.parquet").stat().st_mtime_ns == stamp
    taxi.write_dataset(folder, rows=5_000, partition_rows=2_500, seed=1, formats=("parquet",), progress=False)
    assert len(list((folder / "parquet").glob("*.parquet"))) == 2
    assert not list((folder / "csv").glob("*.csv")), "stale CSV parts are removed"
    reread = pd.read_parquet(folder / "parquet").astype(taxi.COLUMNS)
    assert reread.equals(taxi.generate(5_000, seed=1)), "the data do not depend on the partitioning"


def test_command_line(tmp_path, capsys):
    assert taxi.main([str(tmp_path / "cli"), "--rows", "2.5K", "--partition-rows", "1_000",
                      "--formats", "parquet", "--quiet"]) == 0
    assert "2,500 rows in 3 partition(s)" in capsys.readouterr().out
    assert len(list((tmp_path / "cli" / "parquet").glob("*.parquet"))) == 3
    assert [taxi.parse_rows(text) for text in ("1e8", "250M", "100_000", "3k")] == [10**8, 250 * 10**6, 100_000, 3000]


# ---------------------------------------------------------------------------------------------- grader

def lab_versions(name: str, folder: Path) -> tuple:
    """The lab as a solution notebook and as the blank student notebook (solution cells replaced)."""
    solution = jupytext.read(LABS / f"{name}.py")
    blank = copy.deepcopy(solution)
    blank.cells = [new_code_cell("# your code here\n") if "solution" in cell.metadata.get("tags", []) else cell
                   for cell in blank.cells]
    assert any("solution" in cell.metadata.get("tags", []) for cell in solution.cells)
    paths = folder / f"{name}_solution.ipynb", folder / f"{name}_student.ipynb"
    for notebook, path in zip((solution, blank), paths):
        nbformat.write(notebook, path)
    return paths


def points(graded: dict) -> tuple:
    return sum(r["points"] for r in graded["results"]), sum(r["max"] for r in graded["results"])


def assert_full_and_zero(solved: dict, blank: dict) -> None:
    earned, best = points(solved)
    assert earned == best, [r for r in solved["results"] if r["points"] < r["max"]]
    assert points(blank) == (0, best), [r for r in blank["results"] if r["points"]]
    assert all("not defined" in r["detail"] for r in blank["results"])


@pytest.mark.kernel
def test_grader_gives_the_spark_solution_full_marks_and_a_blank_notebook_zero(tmp_path, monkeypatch):
    monkeypatch.delenv("SPARK_REMOTE", raising=False)
    monkeypatch.delenv("SPARK_MASTER", raising=False)
    solution, blank = lab_versions("03_spark_mapreduce", tmp_path)  # a folder with nothing else in it
    solved = grading.grade(solution)
    assert solved["lab"] == "03_spark_mapreduce"
    assert_full_and_zero(solved, grading.grade(blank))
    assert {r["detail"] for r in solved["results"]} <= {"right", "answered", "f_count right, filters right"}
    assert len(list((tmp_path / "data" / "corpus").glob("part-*.txt"))) == 4, "the lab generated its corpus"


def test_the_lab_is_recognised_without_its_file_name(tmp_path):
    solution, _ = lab_versions("03_spark_mapreduce", tmp_path)
    notebook = nbformat.read(solution, as_version=4)
    assert grading.detect_lab(notebook, Path("alice.ipynb")) == "03_spark_mapreduce"
    notebook.cells = notebook.cells[:-1]  # no self_check cell: the course title decides
    assert grading.detect_lab(notebook, Path("alice.ipynb")) == "03_spark_mapreduce"
