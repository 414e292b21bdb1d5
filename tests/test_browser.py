"""Fixture decks in a real headless Chromium: offline loading, navigation, speaker notes, math, overflow."""

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
    assert pdf_pages(built.out / "slides/basic.pdf") == 2
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
