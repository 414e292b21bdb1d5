"""The timelines fixture deck built against real clusters started here (a Spark standalone master and worker,
a Dask scheduler and two workers, all on loopback): each timeline's lanes are the cluster's executor cores and
worker threads, named by their host, and show as many tasks as the engines counted."""

import os
import re
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.test_timeline_deck import ENGINE, drawn_tasks, timelines

pytestmark = [pytest.mark.kernel, pytest.mark.slow]
BIN = Path(sys.executable).parent


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def start(command: list, log: Path, ready: str, env: dict, seconds: float = 120) -> subprocess.Popen:
    """Start a cluster process with its output in `log`; wait until the log shows `ready`."""
    with log.open("w") as output:  # the process keeps its own copy of the file
        process = subprocess.Popen(command, stdout=output, stderr=subprocess.STDOUT, env=env, start_new_session=True)
    deadline = time.monotonic() + seconds
    while ready not in log.read_text(errors="replace"):
        assert process.poll() is None and time.monotonic() < deadline, log.read_text(errors="replace")[-3000:]
        time.sleep(0.2)
    return process


@pytest.fixture(scope="module")
def clusters(tmp_path_factory):
    """{SPARK_MASTER, DASK_SCHEDULER_ADDRESS} of clusters running for the module."""
    import pyspark

    folder = tmp_path_factory.mktemp("clusters")
    spark_class = str(Path(pyspark.__file__).parent / "bin" / "spark-class")
    env = {**os.environ, "SPARK_LOCAL_IP": "127.0.0.1", "PYSPARK_PYTHON": sys.executable,
           "SPARK_WORKER_DIR": str(folder / "work"), "SPARK_LOG_DIR": str(folder)}
    spark_port, dask_port = free_port(), free_port()
    master, scheduler = f"spark://127.0.0.1:{spark_port}", f"tcp://127.0.0.1:{dask_port}"
    processes = []
    try:
        processes.append(start([spark_class, "org.apache.spark.deploy.master.Master", "--host", "127.0.0.1",
                                "--port", str(spark_port), "--webui-port", "0"], folder / "master.log",
                               "I have been elected leader", env))
        processes.append(start([spark_class, "org.apache.spark.deploy.worker.Worker", master, "--host", "127.0.0.1",
                                "--cores", "2", "--memory", "2g", "--webui-port", "0"], folder / "worker.log",
                               "Successfully registered with master", env))
        processes.append(start([str(BIN / "dask"), "scheduler", "--host", "127.0.0.1", "--port", str(dask_port),
                                "--dashboard-address", "127.0.0.1:0"], folder / "scheduler.log",
                               "Scheduler at:", env))
        processes.append(start([str(BIN / "dask"), "worker", scheduler, "--nworkers", "2", "--nthreads", "1",
                                "--host", "127.0.0.1", "--dashboard-address", "127.0.0.1:0"],
                               folder / "workers.log", "Registered to:", env))
        yield {"SPARK_MASTER": master, "DASK_SCHEDULER_ADDRESS": scheduler}
    finally:
        for process in reversed(processes):
            os.killpg(process.pid, 15)
            process.wait(timeout=30)


@pytest.fixture(scope="module")
def page(clusters, tmp_path_factory):
    from tests.conftest import Site

    site = Site(tmp_path_factory.mktemp("on-clusters"))
    with pytest.MonkeyPatch.context() as patch:
        for name, value in clusters.items():
            patch.setenv(name, value)
        status, _ = site.build(str(site.add("timelines.py")), "--no-cache")
    assert status == 0
    return next(site.out.rglob("timelines.html"))


def lane_labels(svg: str) -> list:
    return re.findall(r'<text[^>]*text-anchor="end"[^>]*>([^<]+)</text>', svg)


def test_on_clusters_the_lanes_are_the_clusters_workers_named_by_host(page):
    from tests.conftest import output_texts

    counted = {m.group(1): (int(m.group(2)), int(m.group(3))) for text in output_texts(page)
               for m in [ENGINE.search(text)] if m}
    drawn = timelines(page)
    assert counted["dask"][1] == 2 and counted["spark"][1] == 2, counted  # 2 workers x 1 thread, 1 executor x 2
    for engine, (tasks, lanes) in counted.items():
        svg, alt, _ = drawn[engine]
        assert drawn_tasks(svg) == tasks and svg.count('<rect class="lane"') == lanes, engine
    dask_svg, spark_svg = drawn["dask"][0], drawn["spark"][0]
    assert "2 workers × 1 thread" in dask_svg and "1 executor × 2 cores" in spark_svg
    assert [label for label in lane_labels(dask_svg) if "127.0.0.1" in label] == ["127.0.0.1 #1", "127.0.0.1 #2"]
    assert "127.0.0.1" in lane_labels(spark_svg) and "driver" not in spark_svg
