"""A deck with a tagged Dask groupby-shuffle and a tagged Spark join, built by the real build: each timeline
beneath the cell shows as many tasks as the engine counted, one lane per worker thread or executor core, and
Spark's own shuffle bytes; the cell's stored source is unchanged and an untagged cell gets no timeline."""

import base64
import re

import pytest
from bs4 import BeautifulSoup

from tests.conftest import output_texts

pytestmark = pytest.mark.kernel

ENGINE = re.compile(r"engine: (dask|spark) (\d+) tasks, (\d+) (?:threads|cores)")


@pytest.fixture(scope="module")
def page(tmp_path_factory):
    from tests.conftest import Site

    site = Site(tmp_path_factory.mktemp("timelines"))
    status, _ = site.build(str(site.add("timelines.py")), "--no-cache")
    assert status == 0
    return next(site.out.rglob("timelines.html"))


def timelines(page) -> dict:
    """{engine: (svg text, its alt, the data table's text)} of each timeline on the page."""
    html = BeautifulSoup(page.read_text(), "html.parser")
    found = {}
    for image in html.select('img[alt^="Timeline."]'):
        svg = base64.b64decode(image["src"].split(",", 1)[1]).decode()
        details = image.find_next("details")
        found[image["alt"].split(":")[0].split()[-1].lower()] = (svg, image["alt"], details)
    return found


def drawn_tasks(svg: str) -> int:
    """Task bars, counting a merged bar as the tasks it stands for."""
    bars = re.findall(r'<rect class="task"(?: data-n="(\d+)")?', svg)
    return sum(int(count or 1) for count in bars)


def test_each_timeline_shows_the_tasks_and_lanes_the_engine_counted(page):
    counted = {m.group(1): (int(m.group(2)), int(m.group(3))) for text in output_texts(page)
               for m in [ENGINE.search(text)] if m}
    drawn = timelines(page)
    assert set(counted) == set(drawn) == {"dask", "spark"}
    for engine, (tasks, lanes) in counted.items():
        svg, alt, _ = drawn[engine]
        assert tasks > 0 and drawn_tasks(svg) == tasks, engine
        assert f"{tasks} tasks" in alt
        assert svg.count('<rect class="lane"') == lanes, engine


def test_spark_shuffle_bytes_are_sparks_own(page):
    line = next(text for text in output_texts(page) if text.startswith("engine: spark"))
    written, read = map(int, re.search(r"shuffle (\d+) written, (\d+) read", line).groups())
    _, alt, details = timelines(page)["spark"]
    assert written > 0 and read > 0
    rows = [[cell.get_text() for cell in row.select("td")] for row in details.select("table")[0].select("tbody tr")]
    assert sum(int(row[-2].replace(",", "") or 0) for row in rows) == written
    assert sum(int(row[-1].replace(",", "") or 0) for row in rows) == read


def test_tagged_source_is_kept_and_untagged_cells_get_none(page):
    html = BeautifulSoup(page.read_text(), "html.parser")
    code = " ".join(block.get_text() for block in html.select(".jp-InputArea"))
    assert "%%timeline" not in code and "get_task_stream() as stream" in code
    assert len(html.select('img[alt^="Timeline."]')) == 2
    assert len(html.select("details.figure-data")) == 3  # the two timelines and the plan
