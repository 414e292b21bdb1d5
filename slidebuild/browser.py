"""A real headless Chromium for checking built decks: load with the network blocked, count slides, find overflow.

    python -m slidebuild.browser _site/slides/03_Spark_Introduction.html --shots /tmp/shots
"""

import argparse
import contextlib
import functools
import http.server
import shutil
import sys
import threading
from dataclasses import dataclass, field
from pathlib import Path

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1280, "height": 720}
# For each slide: how far its content goes past the canvas, and code blocks cut on the right.
MEASURE_SLIDES = """() => {
  const height = Reveal.getConfig().height, width = Reveal.getConfig().width, found = [];
  Reveal.getSlides().forEach((slide, index) => {
    if (slide.querySelector(':scope > section')) return;  // a vertical stack: its children are measured
    Reveal.slide(...Object.values(Reveal.getIndices(slide)).slice(0, 2));
    slide.querySelectorAll('.fragment').forEach(f => f.classList.add('visible'));
    const top = slide.getBoundingClientRect().top, scale = Reveal.getScale();
    let bottom = 0, right = 0;
    slide.querySelectorAll('*').forEach(el => {
      if (el.closest('aside.notes')) return;
      const box = el.getBoundingClientRect();
      if (box.width && box.height) { bottom = Math.max(bottom, (box.bottom - top) / scale); }
    });
    const cut = [...slide.querySelectorAll('pre, .jp-OutputArea-output, table')]
      .filter(el => !el.closest('aside.notes') && el.scrollWidth > el.clientWidth + 2).length;
    found.push({index: index + 1, bottom: Math.round(bottom), height: height, cut: cut,
                title: (slide.querySelector('h1,h2,h3') || {}).textContent || ''});
  });
  Reveal.slide(0, 0);
  return found;
}"""


@dataclass
class DeckCheck:
    """What the browser saw of one deck."""

    url: str
    total_slides: int = 0
    console_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    overflowing: list = field(default_factory=list)  # (slide number, title, how)

    @property
    def ok(self) -> bool:
        return not (self.console_errors or self.failed_requests or self.overflowing)


def chromium_path() -> str | None:
    """Debian's Chromium when installed; None lets Playwright use its own downloaded browser."""
    return next((path for path in ("/usr/bin/chromium", shutil.which("chromium") or "") if Path(path).exists()),
                None)


@contextlib.contextmanager
def browser():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        instance = playwright.chromium.launch(executable_path=chromium_path(), args=CHROMIUM_ARGS)
        try:
            yield instance
        finally:
            instance.close()


@contextlib.contextmanager
def serve(folder: Path):
    """Serve a folder on 127.0.0.1 (random port) for the duration of the block; yields the base URL."""
    handler = functools.partial(QuietHandler, directory=str(folder))
    server = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    try:
        yield f"http://127.0.0.1:{server.server_address[1]}"
    finally:
        server.shutdown()
        server.server_close()


class QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args):
        pass


def open_deck(instance, url: str, check: DeckCheck):
    """A page showing the deck, with every request off this origin refused and recorded."""
    page = instance.new_page(viewport=VIEWPORT)
    origin = url.split("/", 3)[:3]
    page.route("**/*", lambda route: route.continue_() if route.request.url.split("/", 3)[:3] == origin
               or route.request.url.startswith(("data:", "blob:")) else route.abort())
    page.on("console", lambda message: check.console_errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: check.console_errors.append(str(error)))
    page.on("requestfailed", lambda request: check.failed_requests.append(request.url))
    page.goto(still(url))
    page.wait_for_selector("body.deck-ready", timeout=20_000)
    return page


def still(url: str) -> str:
    """The deck without slide transitions (reveal.js reads its config from the query), so that measures
    and screenshots see slides at rest."""
    address, _, anchor = url.partition("#")
    separator = "&" if "?" in address else "?"
    return f"{address}{separator}transition=none" + (f"#{anchor}" if anchor else "")


def check_deck(instance, url: str, shots: Path | None = None, first: int = 2) -> DeckCheck:
    """Load one deck, measure every slide, optionally screenshot its first slides."""
    check = DeckCheck(url)
    page = open_deck(instance, url, check)
    check.total_slides = page.evaluate("Reveal.getTotalSlides()")
    for slide in page.evaluate(MEASURE_SLIDES):
        if slide["bottom"] > slide["height"]:
            check.overflowing.append((slide["index"], slide["title"].strip(),
                                      f"content reaches {slide['bottom']}px of {slide['height']}px"))
        if slide["cut"]:
            check.overflowing.append((slide["index"], slide["title"].strip(), f"{slide['cut']} block(s) cut on the right"))
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
        name = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
        indices = page.evaluate("Reveal.getSlides().map(s => { const i = Reveal.getIndices(s); return [i.h, i.v || 0]; })")
        for number, (h, v) in enumerate(indices[:first], 1):
            page.evaluate(f"Reveal.slide({h}, {v})")
            page.wait_for_timeout(400)
            page.screenshot(path=str(shots / f"{name}-{number:02d}.png"))
    page.close()
    return check


def main(argv=None) -> int:
    cli = argparse.ArgumentParser(description="Check built decks in headless Chromium (network blocked).")
    cli.add_argument("pages", nargs="+", type=Path, help="deck HTML files inside a built site")
    cli.add_argument("--shots", type=Path, help="folder for screenshots")
    cli.add_argument("--all-shots", action="store_true", help="screenshot every slide, not only the first two")
    args = cli.parse_args(argv)
    site = args.pages[0].resolve().parent.parent
    failures = 0
    with serve(site) as base, browser() as instance:
        for page in args.pages:
            url = f"{base}/{page.resolve().relative_to(site).as_posix()}"
            check = check_deck(instance, url, args.shots, first=999 if args.all_shots else 2)
            failures += not check.ok
            print(f"{page}: {check.total_slides} slides, {'ok' if check.ok else 'PROBLEMS'}")
            for problem in check.console_errors + [f"failed request {url}" for url in check.failed_requests]:
                print(f"  {problem}")
            for number, title, how in check.overflowing:
                print(f"  slide {number} ({title[:50]}): {how}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
