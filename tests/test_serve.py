"""`build.py serve`: live preview that rebuilds on save, reloads the tab on the same slide, shows errors."""

import re
import signal
import subprocess
import sys
import time

import pytest

from slidebuild import browser, config

pytestmark = pytest.mark.browser


@pytest.fixture
def server(site):
    deck = site.add("basic.py")
    process = subprocess.Popen(
        [sys.executable, str(config.ROOT / "build.py"), "serve", str(deck), "--port", "0", "--out", str(site.out),
         "--cache", str(site.cache), "--quiet"], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    deadline = time.monotonic() + 120
    base = None
    while base is None and time.monotonic() < deadline:
        line = process.stdout.readline()
        match = re.search(r"at (http://127\.0\.0\.1:\d+)/", line)
        base = match.group(1) if match else None
        assert process.poll() is None, line
    assert base, "the server never said where it listens"
    yield deck, base, process
    process.send_signal(signal.SIGINT)
    try:
        process.wait(timeout=20)
    finally:
        process.kill()
        process.stdout.close()


def test_an_edit_reloads_the_tab_on_the_same_slide_and_an_error_shows_in_the_page(server):
    deck, base, process = server
    with browser.browser() as instance:
        check = browser.DeckCheck(f"{base}/slides/basic.html#/1")
        page = browser.open_deck(instance, check.url, check)
        assert page.evaluate("Reveal.getIndices().h") == 1
        time.sleep(1.5)  # the tab has seen the current build version
        deck.write_text(deck.read_text().replace("## Second slide", "## Second slide, EDITED"))
        page.wait_for_function("document.body.textContent.includes('EDITED')", timeout=60_000)
        page.wait_for_selector("body.deck-ready")
        assert page.evaluate("Reveal.getIndices().h") == 1  # still on the slide the instructor was on
        deck.write_text(deck.read_text().replace("answer = 6 * 7", "answer = six * 7"))
        page.wait_for_selector("#build-error", timeout=60_000)
        assert "NameError" in page.inner_text("#build-error")
        assert process.poll() is None  # the server keeps running after a failed rebuild
        page.close()


def test_a_template_change_makes_serve_rerender_every_deck(tmp_path, monkeypatch):
    from slidebuild import fingerprint, serve

    before = fingerprint.renderer_fingerprint()
    template = tmp_path / "templates"
    template.mkdir()
    (template / "extra.css").write_text("a {}")
    monkeypatch.setattr(config, "TEMPLATES_DIR", template)
    deck = tmp_path / "deck.py"
    changed = serve.sources_to_rebuild({(1, str(config.ASSETS_DIR / "templates" / "x.css"))}, [deck])
    assert changed == [deck]
    assert fingerprint.renderer_fingerprint() != before  # forgotten, so the fast path sees the new renderer
    fingerprint.forget()
