"""course.plans draws a real Spark physical plan and a real Dask expression graph: the shuffle boundaries are
marked, and after the action Spark's own exchange metrics (rows, bytes) label them."""

import os
import sys
import warnings

import pytest

from course.plans import plan
from course.spark_metrics import measure

pytestmark = pytest.mark.kernel


@pytest.fixture(scope="module")
def session():
    from course import runtime

    os.environ.setdefault("PYSPARK_PYTHON", sys.executable)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        session = runtime.spark()
    yield session
    runtime.teardown()


def test_a_spark_shuffle_join_shows_its_exchanges_and_what_crossed_them(session):
    session.conf.set("spark.sql.autoBroadcastJoinThreshold", -1)
    left = session.range(20_000).selectExpr("id % 100 as key", "id as value")
    joined = left.join(session.range(100).selectExpr("id as key"), "key")
    with measure(session) as run:
        assert len(joined.collect()) == 20_000  # an action on this DataFrame: its plan has run
    shown = plan(joined)
    rows = shown.tables[0][2]
    exchanges = [row for row in rows if row[0] == "Exchange"]
    assert sum(row[3] for row in exchanges) == run.shuffle_write_bytes > 0, "Spark's own shuffle bytes"
    assert sorted(row[2] for row in exchanges) == [100, 20_000]
    assert "SortMergeJoin" in shown.alt and shown.alt.count("Exchange (") >= 2, shown.alt
    assert "rows" in shown.alt and "B" in shown.alt
    assert "<svg" in shown.svg and "#fed7aa" in shown.svg
    session.conf.unset("spark.sql.autoBroadcastJoinThreshold")


def test_a_dask_groupby_shows_its_shuffle():
    import dask.dataframe as dd
    import pandas as pd

    frame = dd.from_pandas(pd.DataFrame({"key": range(100), "value": range(100)}), npartitions=4)
    shown = plan(frame.shuffle("key").value.sum())
    assert "Dask expression graph" in shown.alt and "Shuffle" in shown.alt.split("Shuffle boundaries:")[1]
    assert shown.tables[0][2][0][0] == "FromPandas"
