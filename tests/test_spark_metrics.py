"""course.spark_metrics reads Spark's own records of the stages a block ran: a real local SparkSession, a
shuffle that writes bytes, a narrow map that writes none, one task per partition, skew seen in task times."""

import json
import os
import statistics
import sys
import warnings

import pytest

from course import spark_metrics
from course.spark_metrics import MetricsUnavailable, Run, measure

pytestmark = pytest.mark.kernel


@pytest.fixture(scope="module")
def session():
    from course import runtime

    previous = os.environ.get("PYSPARK_PYTHON")
    os.environ["PYSPARK_PYTHON"] = sys.executable  # the workers run this interpreter
    for name in ("SPARK_REMOTE", "SPARK_MASTER"):
        if os.environ.get(name):
            pytest.skip(f"{name} is set: these tests need a local driver")
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # PySpark's own deprecation notices are not under test
        yield runtime.spark()
    runtime.teardown()
    if previous is None:
        os.environ.pop("PYSPARK_PYTHON", None)
    else:
        os.environ["PYSPARK_PYTHON"] = previous


def test_a_shuffle_writes_and_reads_bytes_with_one_task_per_partition(session):
    pairs = session.sparkContext.parallelize(range(20_000), 5).map(lambda x: (x % 100, x))
    with measure(session) as run:
        result = pairs.reduceByKey(lambda a, b: a + b, numPartitions=3).collect()
    assert len(result) == 100
    assert [stage.status for stage in run.stages] == ["COMPLETE", "COMPLETE"]
    write, read = run.stages
    assert (write.num_tasks, read.num_tasks) == (5, 3), "one task per partition on each side of the shuffle"
    assert [task.index for task in write.tasks] == [0, 1, 2, 3, 4]
    assert write.shuffle_write_bytes > 0 and write.shuffle_read_bytes == 0
    assert read.shuffle_read_bytes == write.shuffle_write_bytes > 0 and read.shuffle_write_bytes == 0
    assert run.shuffle_write_bytes == run.shuffle_read_bytes == write.shuffle_write_bytes
    assert sum(task.shuffle_write_bytes for task in write.tasks) == write.shuffle_write_bytes
    assert run.num_tasks == 8 and len(run.tasks) == 8
    assert all(task.duration_ms >= task.run_ms >= 0 and task.launch_ms > 0 for task in run.tasks)
    assert "2 stage(s), 8 task(s)" in run.summary()


def test_a_narrow_map_writes_no_shuffle_bytes(session):
    with measure(session) as run:
        session.sparkContext.parallelize(range(10_000), 4).map(lambda x: x * 2).filter(lambda x: x % 3).count()
    assert len(run.stages) == 1 and run.stages[0].num_tasks == 4
    assert run.shuffle_write_bytes == 0 and run.shuffle_read_bytes == 0


def test_only_the_stages_of_the_block_and_skipped_stages_marked(session):
    sc = session.sparkContext
    counts = sc.parallelize(range(1_000), 2).map(lambda x: (x % 7, 1)).reduceByKey(lambda a, b: a + b, 3)
    counts.count()  # outside the block
    with measure(session) as run:
        counts.count()  # the shuffle files exist: the map stage is skipped
    assert [stage.status for stage in run.stages] == ["SKIPPED", "COMPLETE"]
    assert [stage.num_tasks for stage in run.ran()] == [3]
    assert run.shuffle_write_bytes == 0 and run.shuffle_read_bytes > 0
    with measure(session.sparkContext) as empty:  # a SparkContext is accepted too
        pass
    assert empty.stages == [] and empty.available


def test_dataframe_plans_shuffle_or_broadcast(session):
    from pyspark.sql import functions as F

    big = session.range(200_000).withColumn("key", F.col("id") % 500)
    small = session.range(500).withColumnRenamed("id", "key")
    previous = session.conf.get("spark.sql.autoBroadcastJoinThreshold")
    try:
        session.conf.set("spark.sql.autoBroadcastJoinThreshold", "-1")
        with measure(session) as shuffled:
            big.join(small, "key").agg(F.sum("id")).collect()
    finally:
        session.conf.set("spark.sql.autoBroadcastJoinThreshold", previous)
    with measure(session) as broadcast:
        big.join(F.broadcast(small), "key").agg(F.sum("id")).collect()
    assert shuffled.shuffle_write_bytes > 20 * broadcast.shuffle_write_bytes > 0


def test_skew_shows_in_the_task_records_and_the_skew_ratio(session):
    sc = session.sparkContext
    keys = sc.parallelize(range(40_000), 4).map(lambda x: (0 if x % 2 else x % 97, x))  # key 0: half the rows
    with measure(session) as run:
        keys.partitionBy(8).mapPartitions(lambda rows: [sum(1 for _ in rows)]).collect()
    stage = run.stages[-1]
    read = [task.shuffle_read_bytes for task in stage.tasks]  # (a Python RDD's shuffle records are batches)
    assert len(read) == 8 and max(read) > 4 * statistics.median(read)
    assert stage.skew == max(stage.task_durations_ms) / max(statistics.median(stage.task_durations_ms), 1)
    assert stage.skew >= 1


def test_results_are_plain_data(session):
    with measure(session) as run:
        session.range(1_000).repartition(3).count()
    data = run.as_dict()
    assert json.loads(json.dumps(data)) == data
    assert {"stage_id", "num_tasks", "shuffle_write_bytes", "tasks"} <= set(data["stages"][0])
    assert {"task_id", "launch_ms", "duration_ms", "executor"} <= set(data["stages"][0]["tasks"][0])
    assert run.table()[0]["tasks"] == run.ran()[0].num_tasks and len(run.table(skipped=True)) == len(run.stages)


class ConnectSession:
    """Stands for a Spark Connect session: no SparkContext, no driver."""


ConnectSession.__module__ = "pyspark.sql.connect.session"


def test_spark_connect_says_why_instead_of_failing():
    with pytest.warns(MetricsUnavailable, match="Spark Connect"):
        with measure(ConnectSession()) as run:
            value = 6 * 7
    assert value == 42 and not run.available and run.stages == []
    assert run.shuffle_write_bytes is None and run.num_tasks is None
    assert run.summary().startswith("Spark metrics unavailable") and "SPARK_MASTER" in run.summary()


def test_format_bytes():
    assert [spark_metrics.format_bytes(n) for n in (0, 999, 1_500, 2_345_678, 3e9, None)] == \
        ["0 B", "999 B", "1.5 kB", "2.3 MB", "3.0 GB", "n/a"]
    assert Run().summary().startswith("0 stage(s)")
