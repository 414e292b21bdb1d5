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

from slidebuild import config

CHROMIUM_ARGS = ["--no-sandbox", "--disable-gpu", "--disable-background-networking", "--disable-component-update",
                 "--disable-sync", "--no-first-run", "--disable-quic"]
VIEWPORT = {"width": 1280, "height": 720}
SCRIPTS = config.ASSETS_DIR / "browser"  # what the checks run in the page
AXE = config.NODE_MODULES / "axe-core" / "axe.min.js"
AXE_TAGS = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa", "wcag22aa"]
MIN_TEXT_PX = 16  # at the 1280x720 canvas scale: legible when projected
PHONE = {"width": 390, "height": 844}


def script(name: str) -> str:
    return (SCRIPTS / name).read_text()


@dataclass
class DeckCheck:
    """What the browser saw of one deck."""

    url: str
    total_slides: int = 0
    console_errors: list = field(default_factory=list)
    failed_requests: list = field(default_factory=list)
    overflowing: list = field(default_factory=list)  # (slide number, title, how)
    small_text: list = field(default_factory=list)  # (slide number, title, size in px, the text)
    violations: list = field(default_factory=list)  # axe-core's findings: dicts with slide, rule, impact...

    @property
    def serious(self) -> list:
        return [v for v in self.violations if v["impact"] in ("serious", "critical")]

    @property
    def ok(self) -> bool:
        return not (self.console_errors or self.failed_requests or self.overflowing or self.small_text or self.serious)


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


def check_deck(instance, url: str, shots: Path | None = None, first: int = 2, axe: bool = False) -> DeckCheck:
    """Load one deck, measure every slide (and run axe-core on every slide and fragment state), optionally
    screenshot its first slides."""
    check = DeckCheck(url)
    page = open_deck(instance, url, check)
    check.total_slides = page.evaluate("Reveal.getTotalSlides()")
    if axe:
        page.add_script_tag(path=str(AXE))
        check.violations = page.evaluate(script("axe-slides.js"), {"tags": AXE_TAGS})
    for slide in page.evaluate(script("measure-slides.js")):
        if slide["smallest"] < MIN_TEXT_PX:
            check.small_text.append((slide["index"], slide["title"].strip(), slide["smallest"], slide["smallestText"]))
        if slide["bottom"] > slide["height"]:
            check.overflowing.append((slide["index"], slide["title"].strip(),
                                      f"content reaches {slide['bottom']}px of {slide['height']}px"))
        if slide["cut"]:
            check.overflowing.append((slide["index"], slide["title"].strip(),
                                      f"{slide['cut']} block(s) cut on the right"))
    if shots:
        shots.mkdir(parents=True, exist_ok=True)
        name = url.rstrip("/").rsplit("/", 1)[-1].removesuffix(".html")
        indices = page.evaluate("Reveal.getSlides().map(s => { const i = Reveal.getIndices(s); "
                                "return [i.h, i.v || 0]; })")
        for number, (h, v) in enumerate(indices[:first], 1):
            page.evaluate(f"Reveal.slide({h}, {v})")
            page.wait_for_timeout(400)
            page.screenshot(path=str(shots / f"{name}-{number:02d}.png"))
    page.close()
    return check


def check_phone(instance, url: str) -> dict:
    """The deck's reader view at a phone's width: how wide the page is (the screen is PHONE wide)."""
    page = instance.new_page(viewport=PHONE)
    page.route("**/*", lambda route: route.continue_() if route.request.url.startswith(url.split("/slides/")[0])
               or route.request.url.startswith(("data:", "blob:")) else route.abort())
    page.goto(url.split("?")[0] + "?view=scroll")
    page.wait_for_selector("body.deck-ready", timeout=20_000)
    widths = page.evaluate("({page: document.documentElement.scrollWidth, screen: window.innerWidth, "
                           "reader: document.documentElement.classList.contains('reader')})")
    page.close()
    return widths


def report(check: DeckCheck) -> list:
    """The problems of a check, one line each."""
    lines = check.console_errors + [f"failed request {url}" for url in check.failed_requests]
    lines += [f"slide {number} ({title[:50]}): {how}" for number, title, how in check.overflowing]
    lines += [f"slide {number} ({title[:50]}): text of {size} px < {MIN_TEXT_PX}: {text!r}"
              for number, title, size, text in check.small_text]
    lines += [f"slide {v['slide']}: {v['impact']} {v['rule']} at {v['target']}: {v['summary'][:160]}"
              for v in check.serious]
    return lines


def main(argv=None) -> int:
    cli = argparse.ArgumentParser(description="Check built decks in headless Chromium (network blocked).")
    cli.add_argument("pages", nargs="+", type=Path, help="deck HTML files inside a built site")
    cli.add_argument("--shots", type=Path, help="folder for screenshots")
    cli.add_argument("--all-shots", action="store_true", help="screenshot every slide, not only the first two")
    cli.add_argument("--axe", action="store_true", help="run axe-core (WCAG 2.2 A and AA) on every slide")
    args = cli.parse_args(argv)
    site = args.pages[0].resolve().parent.parent
    failures = 0
    with serve(site) as base, browser() as instance:
        for page in args.pages:
            url = f"{base}/{page.resolve().relative_to(site).as_posix()}"
            check = check_deck(instance, url, args.shots, first=999 if args.all_shots else 2, axe=args.axe)
            failures += not check.ok
            print(f"{page}: {check.total_slides} slides, {'ok' if check.ok else 'PROBLEMS'}")
            for line in report(check):
                print(f"  {line}")
    return 1 if failures else 0


if __name__ == "__main__":
    sys.exit(main())
