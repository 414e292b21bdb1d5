"""Byte-identical rebuilds: the same sources built twice, executing everything, give the same bytes.

The fixture deck holds what used to differ from run to run: markdown and code cells without ids (Jupytext made up
random ones), a Dask client and cluster (random ids, ports and scratch folders in their reprs), a styled table
(a random CSS id), a matplotlib chart and a Spark DataFrame. The PDF handouts are compared byte for byte too:
Chromium stamps them with the time they were printed, and the printer sets that date to a fixed one (no other
byte of Chromium's PDF changes between two printings of one page).
"""

import re
import subprocess

import nbformat
import pytest
from bs4 import BeautifulSoup

from slidebuild import cache
from slidebuild.clean import clean_notebook
from slidebuild.read import read_deck
from tests.conftest import Site

pytestmark = pytest.mark.browser  # the PDFs are printed by Chromium


@pytest.fixture(scope="module")
def two_builds(tmp_path_factory):
    """The fixture deck built twice with --no-cache, into two sites with two caches."""
    sites = []
    for number in (1, 2):
        site = Site(tmp_path_factory.mktemp(f"build{number}"))
        deck = site.add("reproducible.py")
        status, _ = site.build("--no-cache", "--quiet", str(deck), pdf=True)
        assert status == 0
        sites.append(site)
    return sites


def site_files(site: Site) -> dict:
    return {path.relative_to(site.out).as_posix(): path.read_bytes() for path in sorted(site.out.rglob("*"))
            if path.is_file() and "static" not in path.relative_to(site.out).parts}


def test_pages_index_and_manifest_are_byte_identical(two_builds):
    first, second = (site_files(site) for site in two_builds)
    assert set(first) == set(second) and {"slides/reproducible.html", "slides/reproducible.pdf", "index.html"} <= set(first)
    assert [name for name in first if first[name] != second[name]] == []


def test_the_page_shows_every_output_with_what_varied_normalised(two_builds):
    html = two_builds[0].page("slides/reproducible.html")
    page = BeautifulSoup(html, "html.parser")
    assert page.select_one('img[src^="data:image/svg+xml"][alt="A line rising from 0 to 9."]'), "the chart"
    assert page.select_one('table[id^="T_"]') is not None, "the styled table"
    assert "|  1|     a|" in page.get_text(), "Spark's show()"
    assert ">Client-&lt;id&gt;<" in html and "LocalCluster(&lt;id&gt;, 'tcp://127.0.0.1:&lt;port&gt;'" in html
    ids = [cell["id"] for cell in page.select("div.jp-Cell")]
    assert ids and all(re.fullmatch(r"cell-id=\d+-[0-9a-f]{8}", id_) for id_ in ids), ids


def test_the_executed_notebooks_are_identical_once_cleaned(two_builds):
    """What a graded lab publishes to the instructor: the executed notebook, cleaned."""
    texts = []
    for site in two_builds:
        deck = read_deck(site.sources / "reproducible.py")
        notebook = cache.load(site.cache, deck, cache.cache_key(deck))
        texts.append(nbformat.writes(clean_notebook(notebook)))
    assert texts[0] == texts[1]
    assert "Client-" in texts[0] and "127.0.0.1:<port>" in texts[0]


def test_pdf_handouts_are_identical_and_link_only_to_other_sites(two_builds):
    """The deck was printed from a server on 127.0.0.1 that is gone: no link may point there (every page once had
    two, to the index and to the reader view). A link to another site, in Further reading, stays."""
    pdfs = [site.out / "slides/reproducible.pdf" for site in two_builds]
    urls = subprocess.run(["pdfinfo", "-url", str(pdfs[0])], capture_output=True, text=True, check=True).stdout
    assert "https://reproducible-builds.org/" in urls
    assert "127.0.0.1" not in urls and "localhost" not in urls
    assert b"127.0.0.1" not in pdfs[0].read_bytes()
    info = subprocess.run(["pdfinfo", str(pdfs[0])], capture_output=True, text=True, check=True).stdout
    assert "CreationDate:    Sat Jan  1 00:00:00 2000 UTC" in info
    assert pdfs[0].read_bytes() == pdfs[1].read_bytes()
