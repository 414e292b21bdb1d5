"""`%%timeline` in a real IPython shell with a real Dask LocalCluster and a local SparkSession: the cell runs
as without the line (last value shown, errors raised with the body's line numbers), the figure beneath it has
the tasks the task stream recorded, cells without the line are left alone, and under Spark Connect the cell
says the timeline is unavailable."""

import os
import sys
import warnings

import pytest
from IPython.core.interactiveshell import InteractiveShell
from IPython.utils.capture import capture_output

from course import timeline

pytestmark = pytest.mark.kernel


@pytest.fixture(scope="module")
def shell():
    shell = InteractiveShell.instance()
    shell.run_line_magic("load_ext", "course.timeline")  # what a student types in their own Jupyter
    timeline.install(shell)  # idempotent: the hooks are registered once
    assert shell.events.callbacks["post_run_cell"].count(shell._course_timeline.post_run_cell) == 1
    assert "timeline" in shell.magics_manager.magics["cell"]
    yield shell
    shell.run_cell("client.close(); cluster.close()")


@pytest.fixture(scope="module")
def dask(shell):
    result = shell.run_cell("from distributed import Client, LocalCluster\n"
                            "cluster = LocalCluster(n_workers=2, threads_per_worker=2, dashboard_address=None, "
                            "processes=False)\nclient = Client(cluster)\nimport dask.array as da")
    result.raise_error()


def run(shell, source: str):
    with capture_output() as captured:
        result = shell.run_cell(source)
    svgs = [out.data["image/svg+xml"] for out in captured.outputs if "image/svg+xml" in out.data]
    return result, svgs, captured


def test_the_cell_runs_as_without_the_line_and_its_tasks_are_drawn(shell, dask):
    result, svgs, _ = run(shell, "%%timeline\nwith __import__('distributed').get_task_stream() as stream:\n"
                                 "    total = da.ones((400, 400), chunks=(100, 100)).sum().compute()\ntotal + 1")
    assert result.success and result.result == 400 * 400 + 1
    assert len(svgs) == 1
    counted = len(shell.user_ns["stream"].data)
    assert counted > 16 and f"Dask: {counted} tasks on 2 workers × 2 threads" in svgs[0]
    assert svgs[0].count('<rect class="lane"') == 4


def test_an_error_is_the_cells_error_at_the_bodys_line(shell, dask):
    result, svgs, captured = run(shell, "%%timeline\nx = 1\nraise ValueError('boom')")
    assert isinstance(result.error_in_exec, ValueError) and not svgs
    assert "line 2" in captured.stdout


def test_cells_without_the_line_are_left_alone(shell, dask):
    result, svgs, captured = run(shell, "da.ones(10, chunks=5).sum().compute()")
    assert result.result == 10 and not svgs and "timeline" not in captured.stdout
    result, svgs, captured = run(shell, "%%timeline\n1 + 1")
    assert result.result == 2 and not svgs and "no Dask or Spark tasks ran" in captured.stdout


class ConnectSession:
    """Stands for a Spark Connect session (no driver to read): grpcio, which a real one needs, is not installed
    here. The same stand-in as tests/test_spark_metrics.py."""


ConnectSession.__module__ = "pyspark.sql.connect.session"


def test_spark_connect_says_the_timeline_is_unavailable(shell, dask, monkeypatch):
    monkeypatch.setattr(timeline, "spark_in_use", ConnectSession)
    result, svgs, captured = run(shell, "%%timeline\nda.ones(10, chunks=5).sum().compute()")
    assert result.result == 10
    assert "Spark timeline unavailable: this is a Spark Connect session" in captured.stdout
    assert len(svgs) == 1 and "Dask:" in svgs[0] and "Spark:" not in svgs[0]


def test_a_local_spark_job_gets_a_lane_per_core(shell, dask, monkeypatch):
    monkeypatch.setenv("PYSPARK_PYTHON", sys.executable)
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        run(shell, "from course import spark\nsession = spark()")[0].raise_error()
        result, svgs, _ = run(shell, "%%timeline\nsession.range(1000).repartition(3).count()")
    shell.run_cell("from course import teardown; teardown()")
    spark_svgs = [svg for svg in svgs if "Spark:" in svg]
    assert result.result == 1000 and len(spark_svgs) == 1
    assert spark_svgs[0].count('<rect class="lane"') == os.cpu_count()
