"""PDF handouts: Chromium prints each deck's reveal.js print view, one page per slide, fragments collapsed."""

import contextlib
from pathlib import Path

from slidebuild import browser
from slidebuild.site import write_atomic

PRINT_QUERY = "?print-pdf&pdfSeparateFragments=false&pdfMaxPagesPerSlide=1"
NO_BROWSER = ("PDF handouts skipped: no Chromium found. Install Debian's `chromium` (make setup does) "
              "or run `playwright install chromium`, or pass --no-pdf.")


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


def write_pdfs(out: Path, pages: list) -> list:
    """Print `pages` (paths relative to `out`) to PDFs beside them; return the PDF paths written."""
    written = []
    with browser.serve(out) as base, launched() as instance:
        page = instance.new_page(viewport=browser.VIEWPORT)
        for relative in pages:
            page.goto(f"{base}/{relative}{PRINT_QUERY}")
            page.wait_for_selector(".pdf-page", state="attached", timeout=30_000)
            page.wait_for_function("document.body.classList.contains('deck-ready')", timeout=30_000)
            target = out / Path(relative).with_suffix(".pdf")
            write_atomic(target, page.pdf(prefer_css_page_size=True, print_background=True, tagged=True, outline=True))
            written.append(target)
        page.close()
    return written
