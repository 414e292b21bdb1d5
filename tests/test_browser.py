"""Fixture decks in a real headless Chromium: offline loading, navigation, speaker notes, math, overflow."""

import re

import pytest

from slidebuild import browser

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    from tests.conftest import Site

    site = Site(tmp_path_factory.mktemp("browser"))
    site.add("basic.py")
    site.add("features.py")
    status, _ = site.build(str(site.sources / "basic.py"), str(site.sources / "features.py"), "--quiet", pdf=True)
    assert status == 0
    return site


@pytest.fixture(scope="module")
def chromium():
    with browser.browser() as instance:
        yield instance


def test_deck_loads_offline_with_no_errors_and_every_slide_fits(built, chromium):
    with browser.serve(built.out) as base:
        check = browser.check_deck(chromium, f"{base}/slides/basic.html")
    assert check.console_errors == [] and check.failed_requests == []
    assert check.total_slides == 2
    assert check.overflowing == []


def test_overflow_is_reported_with_the_slide_number(tmp_path, chromium):
    from tests.conftest import Site

    site = Site(tmp_path)
    deck = site.add("long.py", '# %% [markdown] slideshow={"slide_type": "slide"}\n# # Short\n\n'
                               '# %% [markdown] slideshow={"slide_type": "slide"}\n# ## Long\n\n'
                               '# %%\nfrom IPython.display import HTML\nHTML(\'<div style="height:900px">tall</div>\')\n')
    assert site.build(str(deck), "--quiet")[0] == 0
    with browser.serve(site.out) as base:
        check = browser.check_deck(chromium, f"{base}/slides/long.html")
    assert [(number, title) for number, title, _ in check.overflowing] == [(2, "Long")]


def test_keyboard_navigation_and_vertical_slides(built, chromium):
    with browser.serve(built.out) as base:
        check = browser.DeckCheck(f"{base}/slides/features.html")
        page = browser.open_deck(chromium, check.url, check)
        assert page.evaluate("Reveal.getTotalSlides()") == 3
        page.keyboard.press("ArrowDown")  # first the fragment of the first slide
        assert page.evaluate("Reveal.getIndices()") == {"h": 0, "v": 0, "f": 0}
        page.keyboard.press("ArrowDown")  # then the vertical subslide
        assert page.evaluate("[Reveal.getIndices().h, Reveal.getIndices().v]") == [0, 1]
        page.keyboard.press("ArrowRight")
        assert page.evaluate("Reveal.getIndices().h") == 1
        page.wait_for_function("location.hash.startsWith('#/1')", timeout=5_000)  # a reload stays here
        page.close()


def test_fragments_appear_one_key_press_at_a_time(built, chromium):
    with browser.serve(built.out) as base:
        check = browser.DeckCheck(f"{base}/slides/features.html")
        page = browser.open_deck(chromium, check.url, check)
        fragment = page.locator(".fragment").first
        assert "visible" not in (fragment.get_attribute("class") or "")
        page.keyboard.press("Space")
        assert "visible" in fragment.get_attribute("class")
        page.close()


def test_speaker_view_opens_with_the_notes(built, chromium):
    with browser.serve(built.out) as base:
        check = browser.DeckCheck(f"{base}/slides/basic.html")
        page = browser.open_deck(chromium, check.url, check)
        with page.expect_popup() as popup_info:
            page.keyboard.press("s")
        popup = popup_info.value
        popup.wait_for_selector(".speaker-controls-notes", timeout=10_000)
        popup.wait_for_function(
            "document.querySelector('.speaker-controls-notes').textContent.includes('NOTE-BASIC')", timeout=10_000)
        page.close()


def test_math_is_typeset_by_the_local_katex(built, chromium):
    with browser.serve(built.out) as base:
        check = browser.DeckCheck(f"{base}/slides/basic.html")
        page = browser.open_deck(chromium, check.url, check)
        page.wait_for_selector(".katex", state="attached", timeout=10_000)
        assert check.failed_requests == []
        page.close()


def test_site_opens_from_disk_without_a_server(built, chromium):
    check = browser.DeckCheck((built.out / "slides/basic.html").as_uri())
    page = browser.open_deck(chromium, check.url, check)
    assert page.evaluate("Reveal.getTotalSlides()") == 2
    assert check.console_errors == []
    page.goto((built.out / "index.html").as_uri())
    page.click("a.deck >> nth=0")
    page.wait_for_selector("body.deck-ready")
    page.close()


def pdf_pages(path) -> int:
    import subprocess

    info = subprocess.run(["pdfinfo", str(path)], capture_output=True, text=True, check=True).stdout
    return int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))


def test_pdf_handouts_have_one_page_per_slide_and_are_linked(built):
    import subprocess

    assert pdf_pages(built.out / "slides/basic.pdf") == 2
    info = subprocess.run(["pdfinfo", str(built.out / "slides/basic.pdf")], capture_output=True, text=True).stdout
    assert re.search(r"^Tagged:\s+yes$", info, re.M), "a tagged PDF keeps the structure and the figures' descriptions"
    assert pdf_pages(built.out / "slides/features.pdf") == 3  # the fragment does not add a page
    index = (built.out / "index.html").read_text()
    assert 'href="slides/basic.pdf"' in index and 'href="slides/features.pdf"' in index


def test_missing_browser_skips_pdfs_with_a_clear_message(tmp_path, capsys, monkeypatch):
    from tests.conftest import Site

    monkeypatch.setattr(browser, "chromium_path", lambda: str(tmp_path / "no-chromium-here"))
    site = Site(tmp_path)
    deck = site.add("basic.py")
    status, output = site.build(str(deck), capsys=capsys, pdf=True)
    assert status == 0
    assert "PDF handouts skipped: no Chromium found" in output
    assert not (site.out / "slides/basic.pdf").exists()
    assert "basic.pdf" not in (site.out / "index.html").read_text()


def test_figures_are_described_from_the_code_that_drew_them(tmp_path, capsys):
    from bs4 import BeautifulSoup

    from tests.conftest import Site

    site = Site(tmp_path)
    deck = site.add("figures.py")
    status, output = site.build(str(deck), capsys=capsys)
    assert status == 0
    assert output.count("a figure without a description") == 1 and "figures.py:58 (cell 11)" in output
    html = site.page("slides/figures.html")
    assert "No description has been provided" not in html
    alts = [img["alt"] for img in BeautifulSoup(html, "html.parser").select(".jp-OutputArea-output img")]
    assert alts[0].startswith("Chart. 'Trips per year': year from") and "trips (millions) from" in alts[0]
    assert "1 line (trips)" in alts[0]
    assert alts[1] == "Diagram with 2 nodes: driver, executor. Arrows: driver to executor (tasks)."
    assert alts[2] == "A red square: the author's own description."
    assert "no written description" in alts[3]
    assert 'aria-label="Dask array of shape (600, 400), dtype float64, in 6 chunks of up to 200x200' in html


def test_keyboard_reaches_the_copy_button_with_a_visible_focus_and_a_large_enough_target(built, chromium):
    with browser.serve(built.out) as base:
        check = browser.DeckCheck(f"{base}/slides/basic.html")
        page = browser.open_deck(chromium, check.url, check)
        assert page.evaluate("document.querySelector('.reveal').getAttribute('role')") is None, \
            "reveal.js's role=application is removed: screen readers stay in reading mode"
        assert page.evaluate("document.documentElement.lang") == "en"
        for _ in range(20):
            page.keyboard.press("Tab")
            if page.evaluate("document.activeElement.className") == "live-copy":
                break
        page.wait_for_timeout(400)  # the toolbar fades in
        focused = page.evaluate("""() => { const b = document.activeElement, r = b.getBoundingClientRect();
            return {name: b.className, width: r.width / Reveal.getScale(), height: r.height / Reveal.getScale(),
                    outline: getComputedStyle(b).outlineStyle,
                    shown: getComputedStyle(b.closest('.live-toolbar')).opacity}; }""")
        assert focused["name"] == "live-copy", "Tab reaches the Copy button"
        assert focused["outline"] != "none" and focused["shown"] == "1", "the focus is visible"
        assert focused["width"] >= 24 and focused["height"] >= 24
        page.keyboard.press("Enter")
        page.wait_for_function("document.activeElement.textContent === 'Copied'", timeout=5_000)
        page.close()


def test_the_reader_view_shows_notes_and_fits_a_phone(built, chromium):
    with browser.serve(built.out) as base:
        phone = browser.check_phone(chromium, f"{base}/slides/features.html")
        assert phone["reader"] and phone["page"] <= phone["screen"]
        page = chromium.new_page(viewport=browser.PHONE)
        page.goto(f"{base}/slides/basic.html?view=scroll")
        page.wait_for_selector("body.deck-ready")
        assert page.locator("aside.notes").first.is_visible(), "speaker notes are part of the reader view"
        assert "NOTE-BASIC" in page.locator("aside.notes").first.inner_text()
        page.close()
