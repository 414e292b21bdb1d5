"""PDF handouts off the critical path: a prose edit returns without waiting for Chromium, its handout follows in a
background printer, one printer prints at a time, and the index links a handout only while it is current."""

import subprocess
import sys
import time

import pytest

from slidebuild import config, handouts
from tests.conftest import Site

pytestmark = pytest.mark.browser
DEADLINE = 120  # seconds a printer may take to print a two-slide deck on a loaded machine
PRINTER = ("playwright", "slidebuild.pdf")  # what a build that prints loads


@pytest.fixture
def printed(tmp_path):
    """A site whose deck and handout are built (a fresh site: the build itself prints the handout)."""
    site = Site(tmp_path)
    deck = site.add("basic.py")
    status, _ = site.build(str(deck), "--quiet", pdf=True)
    assert status == 0 and handouts.is_current(site.out, "slides/basic.html")
    assert 'href="slides/basic.pdf"' in (site.out / "index.html").read_text()
    yield site
    handouts.wait(site.out, timeout=DEADLINE)  # no printer outlives its test


def pdf_text(path) -> str:
    return subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout


def printer_log(site: Site) -> str:
    path = site.cache.parent / "logs" / "handouts.log"
    return path.read_text() if path.exists() else ""


def test_a_prose_edit_returns_before_its_handout_is_reprinted_and_the_index_links_it_once_current(printed):
    deck = printed.sources / "basic.py"
    deck.write_text(deck.read_text().replace("Opening text of the basic deck.", "EDITED prose."))
    probe = ("import sys; from slidebuild import cli; status = cli.main(sys.argv[1:]); "
             f"print('LOADED', sorted(m for m in {PRINTER!r} if m in sys.modules)); sys.exit(status)")
    start = time.monotonic()
    result = subprocess.run([sys.executable, "-c", probe, str(deck), "--out", str(printed.out), "--cache",
                             str(printed.cache)], capture_output=True, text=True, cwd=config.ROOT)
    seconds = time.monotonic() - start
    print(f"prose edit with handouts on: {seconds:.2f} s")
    assert result.returncode == 0, result.stdout + result.stderr
    assert "cached" in result.stdout and "printing in the background" in result.stdout
    assert "LOADED []" in result.stdout  # the build never waited for a browser
    index = (printed.out / "index.html").read_text()
    assert "EDITED prose." in printed.page("slides/basic.html")
    assert not handouts.is_current(printed.out, "slides/basic.html") and "basic.pdf" not in index  # not yet
    handouts.wait(printed.out, timeout=DEADLINE)
    assert handouts.is_current(printed.out, "slides/basic.html")
    assert "EDITED prose." in pdf_text(printed.out / "slides/basic.pdf")
    assert 'href="slides/basic.pdf"' in (printed.out / "index.html").read_text()
    assert printer_log(printed).count("printed slides/basic.pdf") == 1


def test_builds_queued_behind_a_printer_never_print_at_once_and_print_each_handout_once(printed, capsys):
    """While a printer holds the print lock, builds return at once and start at most one printer, which waits
    for the lock and then prints what is stale when its turn comes."""
    deck = printed.sources / "basic.py"
    with handouts.locked(printed.out, handouts.PRINT_LOCK):  # a printer is at work
        for edit in ("FIRST edit.", "SECOND edit."):
            deck.write_text(deck.read_text().replace("Opening text of the basic deck.", edit)
                            .replace("FIRST edit.", edit))
            status, output = printed.build(str(deck), capsys=capsys, pdf=True)
            assert status == 0 and "cached" in output
        assert not handouts.is_current(printed.out, "slides/basic.html")  # nothing printed while the lock is held
        assert "basic.pdf" not in (printed.out / "index.html").read_text()
    handouts.wait(printed.out, timeout=DEADLINE)
    assert printer_log(printed).count("printed slides/basic.pdf") == 1  # the second build queued no printer
    text = pdf_text(printed.out / "slides/basic.pdf")
    assert "SECOND edit." in text and "FIRST edit." not in text
    assert 'href="slides/basic.pdf"' in (printed.out / "index.html").read_text()


def test_printing_by_hand_waits_for_the_printer_then_prints_what_is_stale(printed):
    deck = printed.sources / "basic.py"
    assert printed.build(str(deck), "--quiet", "--no-pdf")[0] == 0  # up to date: nothing to print
    deck.write_text(deck.read_text().replace("Opening text of the basic deck.", "BY HAND."))
    assert printed.build(str(deck), "--quiet")[0] == 0  # --no-pdf: the handout is left stale
    assert not handouts.is_current(printed.out, "slides/basic.html")
    result = subprocess.run([sys.executable, "-m", "slidebuild.handouts", str(printed.out)], capture_output=True,
                            text=True, cwd=config.ROOT)
    assert result.returncode == 0 and result.stdout.startswith("printed slides/basic.pdf ("), result.stdout + result.stderr
    assert "BY HAND." in pdf_text(printed.out / "slides/basic.pdf")
    assert 'href="slides/basic.pdf"' in (printed.out / "index.html").read_text()


def test_a_build_of_the_whole_course_ends_with_every_handout_current(printed, capsys, monkeypatch):
    """`make site` and CI build every source (none named): the command returns only once the PDFs are printed."""
    monkeypatch.setattr(config, "SLIDES_DIR", printed.sources)
    monkeypatch.setattr(config, "LABS_DIR", printed.root / "labs")
    deck = printed.sources / "basic.py"
    deck.write_text(deck.read_text().replace("Opening text of the basic deck.", "WHOLE course."))
    status, output = printed.build(capsys=capsys, pdf=True)
    assert status == 0 and "cached" in output and "printing in the background" not in output
    assert handouts.is_current(printed.out, "slides/basic.html")
    assert "WHOLE course." in pdf_text(printed.out / "slides/basic.pdf")
    assert 'href="slides/basic.pdf"' in (printed.out / "index.html").read_text()
    assert printer_log(printed) == ""  # no background printer was started


def test_waiting_for_a_printer_ends_at_its_deadline(tmp_path):
    with handouts.locked(tmp_path, handouts.PRINT_LOCK):  # a printer that never finishes
        start = time.monotonic()
        with pytest.raises(TimeoutError, match=r"\.handouts\.lock: still held after the deadline"):
            handouts.wait(tmp_path, timeout=0.3)
        assert 0.3 <= time.monotonic() - start < 5
    handouts.wait(tmp_path, timeout=0.3)  # released: returns at once
