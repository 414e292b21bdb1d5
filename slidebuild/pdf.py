"""PDF handouts: Chromium prints each deck's reveal.js print view, one page per slide, fragments collapsed.

The deck is served from a temporary server on 127.0.0.1 while it prints: links to that server (the index, the
reader view, the deck's own slides) are unlinked first, so the PDF never points at it; links to other sites stay.
Chromium stamps every PDF with the time it was printed: that date is set to a fixed one, so that printing the same
page twice gives the same bytes.
"""

import contextlib
import os
import re
from pathlib import Path

from slidebuild import browser
from slidebuild.site import write_atomic

PRINT_QUERY = "?print-pdf&pdfSeparateFragments=false&pdfMaxPagesPerSlide=1"
NO_BROWSER = ("PDF handouts skipped: no Chromium found. Install Debian's `chromium` (make setup does) "
              "or run `playwright install chromium`, or pass --no-pdf.")
# Every link whose target is on the print server itself loses its href (its text stays).
UNLINK_LOCAL = """() => {
  for (const link of document.querySelectorAll("a")) {
    const href = link.getAttribute("href") ?? link.getAttribute("xlink:href");
    if (href !== null && new URL(href, document.baseURI).origin === location.origin) {
      link.removeAttribute("href");
      link.removeAttribute("xlink:href");
    }
  }
}"""
PDF_DATE = re.compile(rb"(?<=/CreationDate )\(D:[^)]{0,40}\)|(?<=/ModDate )\(D:[^)]{0,40}\)")
FIXED_DATE = b"D:20000101000000Z"


class NoBrowser(RuntimeError):
    """No Chromium could be launched."""


@contextlib.contextmanager
def launched():
    try:
        context = browser.browser()
        instance = context.__enter__()
    except Exception as error:
        raise NoBrowser(NO_BROWSER) from error
    try:
        yield instance
    finally:
        context.__exit__(None, None, None)


def write_pdfs(out: Path, pages: list, note=lambda message: None) -> list:
    """Print `pages` (paths relative to `out`) to PDFs beside them; return [(page, error message)] for those that
    could not be printed. Each PDF gets the modification time its page had when printing began: the handout is
    current while its page is not newer."""
    failed = []
    with browser.serve(out) as base, launched() as instance:
        page = instance.new_page(viewport=browser.VIEWPORT)
        for relative in pages:
            try:
                printed = print_page(page, f"{base}/{relative}", out / relative)
            except Exception as error:  # one page that does not load never stops the others
                failed.append((relative, f"{type(error).__name__}: {str(error).splitlines()[0] if str(error) else ''}"))
                continue
            note(f"printed {Path(relative).with_suffix('.pdf').as_posix()} ({printed} bytes)")
        page.close()
    return failed


def print_page(page, url: str, source: Path) -> int:
    """Print one deck to the PDF beside its page; return its size."""
    printed_from = source.stat().st_mtime_ns
    page.goto(url + PRINT_QUERY)
    page.wait_for_selector(".pdf-page", state="attached", timeout=30_000)
    page.wait_for_function("document.body.classList.contains('deck-ready')", timeout=30_000)
    page.evaluate(UNLINK_LOCAL)
    data = fixed_dates(page.pdf(prefer_css_page_size=True, print_background=True, tagged=True, outline=True))
    target = source.with_suffix(".pdf")
    write_atomic(target, data)
    os.utime(target, ns=(printed_from, printed_from))
    return len(data)


def fixed_dates(data: bytes) -> bytes:
    """The PDF with its creation and modification dates set to FIXED_DATE, padded to their length so that no byte
    offset of the file moves."""
    def fixed(match: re.Match) -> bytes:
        replacement = b"(" + FIXED_DATE + b")"
        padding = len(match.group(0)) - len(replacement)
        return replacement + b" " * padding if padding >= 0 else match.group(0)

    return PDF_DATE.sub(fixed, data)
