"""The warm runtime: one kernel per job runs deck after deck, and each deck's outputs are a fresh kernel's."""

import json

import nbformat
import pytest
from conftest import DECKS, Site

from slidebuild.clean import clean_notebook

pytestmark = pytest.mark.kernel


def outputs(site: Site, name: str) -> list:
    """The cleaned outputs of a built deck's code cells, as JSON text (what its page shows)."""
    [path] = site.cache.glob(f"slides-{name}-*.ipynb")
    cells = clean_notebook(nbformat.read(path, as_version=4)).cells
    return [json.dumps(cell.outputs, sort_keys=True) for cell in cells]


def test_decks_in_a_warm_kernel_give_exactly_the_outputs_of_fresh_kernels(tmp_path, capsys):
    """Each fixture prints what an earlier deck could leave in the process (names, folder, environment, options,
    Spark views, caches, ids and job numbers, Dask data and config), then leaves all of that behind. Two copies
    of each run one after the other in one warm kernel (--jobs 1), the Spark ones first; the second copies sit
    in another folder, where relative paths must resolve for Spark and for the Dask workers too."""
    warm, fresh = Site(tmp_path / "warm"), Site(tmp_path / "fresh")
    decks = [warm.add(f"{folder}{copy}_warm_{kind}.py", (DECKS / f"warm_{kind}.py").read_text())
             for kind in ("spark", "dask") for folder, copy in (("", "a"), ("other/", "b"))]
    status, output = warm.build("--jobs", "1", *map(str, decks), capsys=capsys)
    assert status == 0, output
    assert [path.name for path in (warm.cache.parent / "logs").iterdir()] == ["kernel-1.log"]  # one kernel
    for kind in ("spark", "dask"):
        fresh.add(f"a_warm_{kind}.py", (DECKS / f"warm_{kind}.py").read_text())
    status, output = fresh.build("--fresh-kernels", "--jobs", "1", *map(str, fresh.sources.glob("*.py")),
                                 capsys=capsys)
    assert status == 0, output
    for kind in ("spark", "dask"):
        first, second, alone = (outputs(warm, f"a_warm_{kind}"), outputs(warm, f"b_warm_{kind}"),
                                outputs(fresh, f"a_warm_{kind}"))
        assert second == first == alone
        assert "'leak'" not in first[0] and "in the deck's folder: True | WARM_LEAK: None" in first[0]
        assert "pandas rows: 60" in first[0] and "numpy precision: 8" in first[0]
    spark = "".join(outputs(warm, "b_warm_spark"))
    assert "views: [] []" in spark and "shuffle partitions: 4" in spark and "persisted RDDs: 0" in spark
    assert "rows Spark reads from a relative path: 3" in spark and "Accumulator<id=0" in spark and "PythonRDD[" in spark and "plan_id=" in spark and "<svg" in spark
    dask = "".join(outputs(warm, "b_warm_dask"))
    assert "keys held: 0 | datasets: ()" in dask and "workers work in the deck's folder: True" in dask and "chunk size: 128MiB" in dask


def test_jobs_take_the_decks_whose_runtime_they_have_warm():
    from slidebuild.read import read_deck
    from slidebuild.run import DeckQueue

    spark, dask, plain = (read_deck(DECKS / name, "slides") for name in ("warm_spark.py", "warm_dask.py", "basic.py"))
    queue = DeckQueue([(spark, "s1"), (dask, "d1"), (spark, "s2"), (plain, "p"), (dask, "d2")], jobs=2)
    taken = [queue.take(job)[1] for job in (0, 1, 0, 1, 0)]
    assert taken == ["s1", "d1", "s2", "d2", "p"]  # longest first, then the JVM and the cluster stay busy
    assert queue.take(1) is None
    queue = DeckQueue([(spark, "s1"), (spark, "s2"), (plain, "p")], jobs=2)
    assert queue.take(0)[1] == "s1" and queue.take(1)[1] == "p"  # job 1 leaves the Spark deck to the warm JVM
    queue.forget(0)  # job 0's kernel failed and is gone
    assert queue.take(1)[1] == "s2"


def test_slide_tables_give_the_same_html_on_every_run():
    import pandas as pd

    from course import table

    frame = pd.DataFrame({"word": ["spark", "dask"], "count": [3, 2]})
    assert table(frame).to_html() == table(frame.copy()).to_html()  # no random CSS ids
    assert table(frame).uuid != table(frame, size=30).uuid  # two tables on one page keep their own styles


def test_the_local_dask_dashboard_listens_on_loopback_only():
    """Anyone on the network could read an unauthenticated dashboard bound to every interface."""
    from course import runtime

    client = runtime.dask_client(n_workers=1)
    try:
        listening = client.run_on_scheduler(
            lambda dask_scheduler: sorted({str(sock.getsockname()[0])
                                           for sock in dask_scheduler.http_server._sockets.values()}))
        assert listening == ["127.0.0.1"]
    finally:
        runtime.teardown()
