"""`build.py present`: a deck served by a real Jupyter server, whose code cells are edited and run again on a
real kernel in a real Chromium; the same page served statically reaches for no kernel; the server's security
(a one-time login address, no token in any address, only the kernels API, kernels only in a deck's folder).
Every test leaves the shared server as it found it: they pass in any order."""

import http.client
import json
import os
import re
import shutil
import signal
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import websocket

from slidebuild import browser, config

pytestmark = pytest.mark.browser

IDLE = '#live-kernel[data-state="idle"]'
ABANDONED_SECONDS = 3  # a kernel whose page left without a word is released after this long (default 30)
EVIL = "http://evil.example"
DECKS = ("live.py", "features.py", "live_timeline.py")
# For each code cell on the page: the slide it is on, and the slide the server says it belongs to.
SLIDE_OF_CELLS = """() => {
  const shown = COURSE_LIVE.cells.filter(cell => cell.shown !== null);
  return [...document.querySelectorAll('.reveal .slides .jp-CodeCell')].map((element, index) => {
    const where = Reveal.getIndices(element.closest('section'));
    return [[where.h, where.v || 0], shown[index].slide];
  });
}"""


@dataclass
class Presenter:
    """A running `build.py present` process and what it printed."""

    process: subprocess.Popen
    site: object
    runtime: Path
    once_url: str = ""  # the one-time login address it printed
    token: str = ""  # the long-lived token, as the page's live settings hold it
    cookie: str = ""  # the login cookie the one-time address set
    lines: list = field(default_factory=list)
    reader: threading.Thread | None = None

    def read(self) -> None:
        for line in iter(self.process.stdout.readline, ""):
            self.lines.append(line)

    @property
    def base(self) -> str:
        return self.once_url.split("/present-login", 1)[0]

    @property
    def port(self) -> int:
        return int(self.base.rsplit(":", 1)[1])

    @property
    def url(self) -> str:
        """The live deck's page, logged in by the token in its address (which the server then drops)."""
        return f"{self.base}/site/slides/live.html?token={self.token}"

    def request(self, method: str, path: str, headers: dict | None = None, body: str | None = None) -> tuple:
        """(status, headers, body) of one request, redirects not followed."""
        connection = http.client.HTTPConnection("127.0.0.1", self.port, timeout=30)
        try:
            connection.request(method, path, body=body, headers=headers or {})
            response = connection.getresponse()
            headers = {}
            for name, value in response.getheaders():  # Set-Cookie may come more than once
                headers[name] = f"{headers[name]}\n{value}" if name in headers else value
            return response.status, headers, response.read().decode("utf-8", "replace")
        finally:
            connection.close()

    def kernels(self) -> list:
        status, _, body = self.request("GET", "/api/kernels", {"Authorization": f"token {self.token}"})
        assert status == 200, body
        return json.loads(body)

    def output(self) -> str:
        return "".join(self.lines)


def start(site, *options: str, browser_log: Path | None = None) -> Presenter:
    """`build.py present` on the fixture decks; with `browser_log`, the browser it opens is a script writing its
    arguments there."""
    runtime = site.root / "runtime"  # Jupyter's runtime folder: kernel connection files, and nothing with the token
    settings = site.root / "jupyter-config"  # a Jupyter config file may tune the server, not weaken it
    settings.mkdir(exist_ok=True)
    (settings / "slidebuild_present_config.json").write_text(json.dumps({
        "DeckKernels": {"abandoned_seconds": ABANDONED_SECONDS},
        "ServerApp": {"allow_origin": "*", "ip": "0.0.0.0", "disable_check_xsrf": True},
        "IdentityProvider": {"token": ""},
    }))
    environment = {**os.environ, "JUPYTER_RUNTIME_DIR": str(runtime), "JUPYTER_CONFIG_DIR": str(settings)}
    if browser_log:
        opener = site.root / "browser.sh"
        opener.write_text(f'#!/bin/sh\necho "$@" > {browser_log}.tmp && mv {browser_log}.tmp {browser_log}\n')
        opener.chmod(0o755)
        environment["BROWSER"] = f"{opener} %s"
    process = subprocess.Popen(
        [sys.executable, str(config.ROOT / "build.py"), "present", *(str(site.sources / deck) for deck in DECKS),
         *([] if browser_log else ["--no-browser"]), "--port", "0", "--out", str(site.out), "--cache",
         str(site.cache), "--quiet", *options],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True, env=environment)
    presenter = Presenter(process, site, runtime)
    presenter.reader = threading.Thread(target=presenter.read, daemon=True)
    presenter.reader.start()
    return presenter


def wait_for_line(presenter: Presenter, pattern: str, seconds: float = 120) -> re.Match:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        match = re.search(pattern, presenter.output())
        if match:
            return match
        assert presenter.process.poll() is None, presenter.output()
        time.sleep(0.1)
    raise AssertionError(f"never printed {pattern!r}:\n{presenter.output()}")


def log_in(presenter: Presenter) -> None:
    """As the browser does: wait for the one-time address, visit it (the login cookie is set, the page comes
    with no token in its address), and read the token from the page's live settings."""
    presenter.once_url = wait_for_line(presenter, r"at (http://127\.0\.0\.1:\d+/present-login\?once=[\w-]+) ").group(1)
    status, headers, _ = presenter.request("GET", presenter.once_url.removeprefix(presenter.base))
    assert status == 302 and headers["Location"] == "/site/slides/live.html", (status, headers)
    presenter.cookie = next(cookie.split(";", 1)[0] for cookie in headers["Set-Cookie"].split("\n")
                            if cookie.startswith("username-"))
    status, _, body = presenter.request("GET", headers["Location"], {"Cookie": presenter.cookie})
    assert status == 200, body
    presenter.token = re.search(r'"token": "([\w-]+)"', body).group(1)


def new_kernel(presenter: Presenter, deck: str = "live") -> str:
    status, _, body = presenter.request("POST", "/api/kernels", {"Authorization": f"token {presenter.token}"},
                                        json.dumps({"name": "python3", "path": deck}))
    assert status == 201, body
    return json.loads(body)["id"]


def stop(presenter: Presenter) -> int:
    if presenter.process.poll() is None:
        presenter.process.send_signal(signal.SIGINT)
    try:
        return presenter.process.wait(timeout=60)
    finally:
        presenter.process.kill()
        presenter.process.wait()
        presenter.reader.join(timeout=10)
        presenter.process.stdout.close()


@pytest.fixture(scope="module")
def presenter(tmp_path_factory):
    from tests.conftest import Site

    site = Site(tmp_path_factory.mktemp("present"))
    for deck in DECKS:
        site.add(deck)
    running = start(site)
    try:
        log_in(running)
        yield running
    finally:
        stop(running)  # even when it never printed its address


@pytest.fixture(scope="module")
def chromium():
    with browser.browser() as instance:
        yield instance


def open_live(chromium, presenter: Presenter, slide: str = "0", deck: str = "live") -> tuple:
    check = browser.DeckCheck(f"{presenter.url.replace('/live.html', f'/{deck}.html')}#/{slide}")
    page = browser.open_deck(chromium, check.url, check)
    page.wait_for_selector(IDLE, timeout=60_000)
    return page, check


def cell(page, text: str):
    return page.locator(".jp-CodeCell", has_text=text)


def type_code(code_cell, code: str) -> None:
    """Replace the code in the cell's editor (CodeMirror) as the presenter would: select all, paste."""
    content = code_cell.locator(".live-editor .cm-content")
    content.click()
    content.press("ControlOrMeta+a")
    content.page.keyboard.insert_text(code)


def editor_code(code_cell) -> str:
    return code_cell.locator(".live-editor .cm-content").evaluate(
        "content => [...content.querySelectorAll('.cm-line')].map(line => line.textContent).join('\\n')")


def live_output(code_cell, text: str):
    output = code_cell.locator(".live-output", has_text=text)
    output.wait_for(timeout=60_000)
    return output


def close(page, presenter: Presenter) -> None:
    """Leave the deck (pagehide: the page asks the server to release its kernel) and wait until it is gone."""
    page.goto("about:blank")
    deadline = time.monotonic() + 30
    while presenter.kernels() and time.monotonic() < deadline:
        time.sleep(0.2)
    page.close()
    assert presenter.kernels() == [], presenter.output()


def test_an_edited_cell_runs_and_its_output_replaces_the_build_output_on_the_slide(presenter, chromium):
    page, check = open_live(chromium, presenter)
    first = cell(page, "range(100)")
    assert "count 100" in first.inner_text()  # the build-time output, until the cell runs again
    first.locator(".live-edit").click()
    type_code(first, editor_code(first).replace("range(100)", "range(10)"))
    editor = first.locator(".live-editor .cm-content")
    for key in ("ArrowRight", "ArrowDown", "Space"):
        editor.press(key)  # typed into the code, not to reveal.js
    assert page.evaluate("[Reveal.getIndices().h, Reveal.getIndices().v]") == [0, 0]
    editor.press("Shift+Enter")
    live_output(first, "count 10")
    assert "count 100" not in first.inner_text()

    page.evaluate("Reveal.slide(1, 0)")  # a later slide sees the edited variable and the hidden cell's
    second = cell(page, "total = sum(numbers)")
    second.locator(".live-run").click()
    assert live_output(second, "total 1045").inner_text().strip() == "total 1045"

    page.evaluate("Reveal.slide(1, 1)")  # HTML and images stream into the slide
    rich = cell(page, "display(Image")
    rich.locator(".live-run").click()
    assert live_output(rich, "rows").locator("table.live-table td").last.inner_text() == "10"
    assert rich.locator(".live-output img[src^='data:image/png']").count() == 1

    page.evaluate("Reveal.slide(2, 0)")  # an error shows its traceback on the slide
    failing = cell(page, "total / DIVISOR")
    failing.locator(".live-edit").click()
    type_code(failing, "numbers[len(numbers)]")
    failing.locator(".live-run").click()
    traceback = live_output(failing, "IndexError").inner_text()
    assert "Traceback (most recent call last)" in traceback and "----> 1 numbers[len(numbers)]" in traceback
    assert "IndexError: list index out of range" in traceback
    assert check.console_errors == [] and check.failed_requests == []
    assert page.evaluate("location.search") == "?transition=none"  # the token left the address bar
    close(page, presenter)


def test_the_code_editor_highlights_python_matches_brackets_and_undoes(presenter, chromium):
    page, check = open_live(chromium, presenter)
    first = cell(page, "range(100)")
    built = 'numbers = list(range(100))\nprint("count", len(numbers))'
    first.locator(".live-edit").click()
    assert editor_code(first) == built
    code = first.locator(".live-editor .cm-content")
    font_sizes = [first.locator(selector).first.evaluate("node => getComputedStyle(node).fontSize")
                  for selector in (".cm-line", ".jp-InputArea-editor pre")]
    assert font_sizes[0] == font_sizes[1]  # the slide's code font size
    type_code(first, "for n in range(3):\n    print(n)")
    keyword = code.locator("span", has_text=re.compile(r"^for$"))
    expected = page.evaluate("""() => {
      const probe = document.body.appendChild(document.createElement('span'));
      probe.style.color = 'var(--jp-mirror-editor-keyword-color)';
      return getComputedStyle(probe).color;
    }""")
    assert keyword.evaluate("span => getComputedStyle(span).color") == expected != "rgb(0, 0, 0)"
    code.press("ControlOrMeta+Home")
    code.press("End")
    code.press("ArrowLeft")  # after the closing bracket of range(3)
    assert code.locator(".cm-matchingBracket").all_inner_texts() == ["(", ")"]
    page.add_script_tag(path=str(browser.AXE))  # the highlighted code and the matched brackets pass AA
    violations = page.evaluate("""tags => axe.run('.live-editor', {runOnly: {type: 'tag', values: tags}})
      .then(result => result.violations.map(violation => [violation.id, violation.nodes.length]))""", browser.AXE_TAGS)
    assert violations == []
    code.press("ControlOrMeta+z")
    assert editor_code(first) == built
    code.press("ControlOrMeta+Shift+z")
    assert editor_code(first) == "for n in range(3):\n    print(n)"
    code.press("Escape")  # the editor lets go: reveal.js's keys are its own again
    page.keyboard.press("ArrowRight")
    assert page.evaluate("Reveal.getIndices().h") == 1
    assert check.console_errors == []
    close(page, presenter)


def test_a_live_rerun_of_a_timeline_cell_redraws_its_timeline(presenter, chromium):
    page, check = open_live(chromium, presenter, slide="1", deck="live_timeline")
    tagged = cell(page, "client.map")
    assert "Dask: 6 tasks" in tagged.inner_html()  # drawn at build time (in the figure and its description)
    tagged.locator(".live-edit").click()
    type_code(tagged, editor_code(tagged).replace("range(6)", "range(9)"))
    tagged.locator(".live-editor .cm-content").press("Shift+Enter")
    redrawn = tagged.locator(".live-output", has=page.locator("svg, img"))
    redrawn.wait_for(timeout=60_000)
    assert "Dask: 9 tasks" in redrawn.inner_html() and "Dask: 6 tasks" not in redrawn.inner_html()
    assert check.console_errors == []
    close(page, presenter)


def test_terminal_codes_render_with_the_sites_classes_and_nothing_garbled(presenter, chromium):
    page, check = open_live(chromium, presenter)
    first = cell(page, "range(100)")
    first.locator(".live-edit").click()
    type_code(first,
              r'print("\x1b[31mred\x1b[0m \x1b[1;94mblue\x1b[0m \x1b[3mslanted\x1b[0m \x1b[2K'
              r'\x1b]8;;https://example.org/\x1b\\link\x1b]8;;\x1b\\ <b>&")')
    first.locator(".live-run").click()
    output = live_output(first, "slanted")
    assert output.inner_text().strip() == "red blue slanted link <b>&"  # no escape code left, HTML escaped
    assert output.locator("span.ansi-red-fg").inner_text() == "red"  # nbconvert's classes: the AA palette
    assert output.locator("span.ansi-blue-intense-fg").inner_text() == "blue"
    assert output.get_by_text("slanted").evaluate("span => getComputedStyle(span).fontStyle") == "italic"
    assert check.console_errors == []
    close(page, presenter)


def test_a_deck_opened_on_a_later_slide_runs_the_earlier_cells_and_releases_its_kernel(presenter, chromium):
    printed = len(presenter.output())
    page, _ = open_live(chromium, presenter, "1")
    assert len(presenter.kernels()) == 1
    page.wait_for_selector('#live-kernel[data-ran="2"]')  # in the background: slide 1's cell and the hidden one
    total = cell(page, "total = sum(numbers)")
    total.locator(".live-run").click()
    live_output(total, "total 5950")  # on the deck's own code
    page.locator("#live-kernel .live-restart").click()
    page.wait_for_selector(IDLE, timeout=60_000)
    total.locator(".live-run").click()
    live_output(total, "total 5950")
    released = presenter.output().count("Spark and Dask released")
    close(page, presenter)
    assert presenter.output().count("Spark and Dask released") == released + 1  # the teardown ran first
    assert "no page for" not in presenter.output()[printed:], presenter.output()  # at the page's request


def test_a_page_whose_goodbye_is_lost_still_has_its_kernel_released(presenter, chromium):
    page, _ = open_live(chromium, presenter)
    page.evaluate("window.fetch = () => Promise.resolve()")  # as from a crashed tab: no request on pagehide
    started = time.monotonic()
    close(page, presenter)  # only its websocket closes
    assert time.monotonic() - started >= ABANDONED_SECONDS
    assert re.search(rf"Kernel [\w-]+: no page for {ABANDONED_SECONDS} s", presenter.output())


def test_every_code_cell_of_the_page_belongs_to_the_slide_the_server_says(presenter, chromium):
    for deck, cells in (("live", 5), ("features", 4)):  # removed, skipped, hidden-input, notes, subslides
        page, check = open_live(chromium, presenter, deck=deck)
        pairs = page.evaluate(SLIDE_OF_CELLS)
        assert len(pairs) == cells and all(on_page == said for on_page, said in pairs), pairs
        assert page.locator(".live-run").count() == cells and check.console_errors == []
        close(page, presenter)


def test_the_same_page_served_statically_has_only_copy_buttons_and_reaches_for_no_kernel(presenter, chromium):
    context = chromium.new_context(viewport=browser.VIEWPORT, permissions=["clipboard-read", "clipboard-write"])
    requests, sockets, errors = [], [], []
    context.on("request", lambda request: requests.append(request.url))
    context.on("page", lambda page: page.on("websocket", lambda socket: sockets.append(socket.url)))
    context.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    with browser.serve(presenter.site.out) as base:
        page = context.new_page()
        page.goto(browser.still(f"{base}/slides/live.html"))
        page.wait_for_selector("body.deck-ready")
        page.wait_for_load_state("networkidle")  # every request it makes is made
        assert page.locator(".live-copy").count() == 4  # every cell whose code is shown
        assert page.locator(".live-run, .live-edit, #live-kernel").count() == 0
        assert page.evaluate("window.COURSE_LIVE") is None
        cell(page, "range(100)").locator(".live-copy").click()
        copied = page.evaluate("navigator.clipboard.readText()")
        assert copied == 'numbers = list(range(100))\nprint("count", len(numbers))'
    from_disk = context.new_page()
    from_disk.goto((presenter.site.out / "slides" / "live.html").as_uri())
    from_disk.wait_for_selector("body.deck-ready")
    from_disk.wait_for_load_state("networkidle")
    assert from_disk.locator(".live-copy").count() == 4 and from_disk.locator(".live-run").count() == 0
    context.close()
    assert errors == [] and sockets == []
    assert [url for url in requests if not url.startswith((base, "file:", "data:"))] == []
    assert [url for url in requests if "/api/" in url or "presenter.js" in url] == []


def test_requests_without_the_token_are_refused(presenter):
    assert presenter.request("GET", "/api/kernels")[0] == 403
    assert presenter.request("POST", "/api/kernels", body="{}")[0] == 403
    assert presenter.request("GET", "/api/kernels", {"Authorization": f"token {presenter.token}"})[0] == 200
    status, headers, body = presenter.request("GET", "/site/slides/live.html")
    assert status == 302 and headers["Location"].startswith("/login") and "COURSE_LIVE" not in body
    assert presenter.request("GET", "/site/static/live/live.js")[0] == 302
    status, _, body = presenter.request("GET", "/site/slides/live.html", {"Cookie": presenter.cookie})
    assert status == 200 and f'"token": "{presenter.token}"' in body  # the cookie the one-time address set
    upgrade = {"Connection": "Upgrade", "Upgrade": "websocket", "Sec-WebSocket-Version": "13",
               "Sec-WebSocket-Key": "dGhlIHNhbXBsZSBub25jZQ=="}
    status, headers, _ = presenter.request("GET", f"/api/kernels/{'0' * 32}/channels", upgrade)
    assert status == 302 and headers["Location"].startswith("/login")  # no websocket: the login page instead


def test_cross_origin_requests_are_refused_even_with_the_token(presenter):
    token = {"Authorization": f"token {presenter.token}"}
    assert presenter.request("GET", "/api/kernels", {**token, "Origin": EVIL})[0] in (403, 404)
    assert presenter.request("POST", "/api/kernels", {**token, "Origin": EVIL}, "{}")[0] in (403, 404)
    assert presenter.request("GET", "/site/slides/live.html", {**token, "Origin": EVIL})[0] == 403
    status, _, body = presenter.request("POST", "/api/kernels", token, json.dumps({"name": "python3", "path": "live"}))
    assert status == 201, body
    kernel = json.loads(body)["id"]
    channels = f"ws://127.0.0.1:{presenter.port}/api/kernels/{kernel}/channels?token={presenter.token}"
    try:
        with pytest.raises(websocket.WebSocketBadStatusException) as refused:
            websocket.create_connection(channels, origin=EVIL, timeout=10)
        assert refused.value.status_code == 403
        same_origin = websocket.create_connection(channels, origin=presenter.base, timeout=10)
        same_origin.close()
    finally:
        assert presenter.request("DELETE", f"/api/kernels/{kernel}", token)[0] == 204


def test_the_server_listens_on_loopback_only_and_writes_its_token_nowhere(presenter):
    listening = []
    for table in ("/proc/net/tcp", "/proc/net/tcp6"):
        for row in Path(table).read_text().splitlines()[1:]:
            local, state = row.split()[1], row.split()[3]
            if state == "0A" and int(local.split(":")[-1], 16) == presenter.port:  # LISTEN
                listening.append(local.split(":")[0])
    assert listening == ["0100007F"]  # 127.0.0.1, IPv4 only
    token = {"Authorization": f"token {presenter.token}"}
    status, _, body = presenter.request("POST", "/api/kernels", token, json.dumps({"name": "python3", "path": "live"}))
    assert status == 201, body
    try:
        files = [path for path in presenter.site.root.rglob("*") if path.is_file()]
        assert [path.name for path in files if path.parent == presenter.runtime] != []  # the kernel's files...
        assert [path for path in files if presenter.token.encode() in path.read_bytes()] == []  # ...hold no token
    finally:
        presenter.request("DELETE", f"/api/kernels/{json.loads(body)['id']}", token)


def test_another_host_prints_a_warning_and_the_browser_gets_a_one_time_address(presenter):
    opened = presenter.site.root / "opened.txt"
    opened.unlink(missing_ok=True)
    exposed = start(presenter.site, "--host", "0.0.0.0", browser_log=opened)
    try:
        warning = wait_for_line(exposed, r"WARNING: --host 0\.0\.0\.0 .*", seconds=60).group(0)
        printed = wait_for_line(exposed, r"at (http://127\.0\.0\.1:\d+/present-login\?once=[\w-]+) ").group(1)
        deadline = time.monotonic() + 30
        while not opened.exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        address = opened.read_text().strip()
    finally:
        stop(exposed)  # no traffic is ever sent to it
    assert "reachable from the network" in warning and "token" in warning and "unencrypted" in warning
    assert address == printed and "token" not in address  # a process list shows the one-time address only


def test_the_one_time_address_logs_in_once_and_no_address_keeps_the_token(presenter):
    assert presenter.token and presenter.token not in presenter.output()  # printed nowhere
    status, _, body = presenter.request("GET", presenter.once_url.removeprefix(presenter.base))
    assert status == 403 and "used or has expired" in body  # once only (the fixture used it)
    assert presenter.request("GET", "/present-login?once=guess")[0] == 403
    assert presenter.request("GET", "/present-login")[0] == 403
    pages = (("/site/slides/live.html?token={}&transition=none", "/site/slides/live.html?transition=none"),
             ("/site/index.html?token={}", "/site/index.html"))
    for page, without in pages:
        status, headers, _ = presenter.request("GET", page.format(presenter.token))
        assert status == 302 and headers["Location"] == without  # the address bar forgets the token...
        assert "username-" in headers["Set-Cookie"]  # ...the cookie holds the login
    assert presenter.request("GET", "/site/index.html", {"Cookie": presenter.cookie})[0] == 200


def test_a_one_time_code_serves_once_and_expires():
    from slidebuild.hosts import OneTimeCode

    now = [0.0]
    code = OneTimeCode(60, "index.html", clock=lambda: now[0])
    assert not code.redeem("wrong") and not code.redeem("") and not code.redeem("é")
    assert code.redeem(code.code) and not code.redeem(code.code)
    late = OneTimeCode(60, "index.html", clock=lambda: now[0])
    now[0] = 61
    assert not late.redeem(late.code)


def test_only_the_kernels_api_and_the_site_are_offered(presenter):
    token = {"Authorization": f"token {presenter.token}"}
    for path in ("/api/contents", "/api/contents/live.py", "/files/live.py", "/api/nbconvert", "/nbconvert/html/x",
                 "/api/terminals", "/terminals/1", "/metrics", "/api/metrics/v1", "/api/sessions", "/api/kernelspecs",
                 "/api/config/notebook", "/api/me", "/api/status", "/tree", "/lab", "/edit/live.py", "/view/live.py",
                 "/kernelspecs/python3/logo-64x64.png", "/api/events", "/api/spec.yaml", "/api/kernels_x"):
        assert presenter.request("GET", path, token)[0] in (403, 404), path
    assert presenter.request("POST", "/api/contents", token, "{}")[0] in (403, 404)
    assert presenter.request("GET", "/api/kernels", token)[0] == 200
    status, headers, _ = presenter.request("GET", "/", {"Cookie": presenter.cookie})
    assert status == 302 and headers["Location"].startswith("/site/index.html")  # the server's address leads to the site
    for folder in ("", ".", "..", "src", "../src", "/", str(presenter.site.sources), "features/.."):  # nor a parent
        body = json.dumps({"name": "python3", "path": folder})
        assert presenter.request("POST", "/api/kernels", token, body)[0] == 404, folder
    status, _, body = presenter.request("POST", "/api/kernels", token, json.dumps({"name": "python3"}))
    assert status == 404, body  # no path: not the server's own folder either
    kernel = new_kernel(presenter, "features")
    assert presenter.request("DELETE", f"/api/kernels/{kernel}", token)[0] == 204


def test_stopping_the_server_releases_its_kernels_first(presenter):
    own = start(presenter.site)  # not the shared server: the other tests keep theirs
    try:
        log_in(own)
        new_kernel(own)
        released = own.output().count("Spark and Dask released")
    finally:
        status = stop(own)
    assert status == 0
    assert own.output().count("Spark and Dask released") == released + 1
    assert "Stopped." in own.output()


def test_the_live_client_is_bundled_again_when_its_sources_change_and_the_site_builds_without_node(
        tmp_path, monkeypatch, capsys):
    from slidebuild import publish

    real, live = publish.LIVE_DIR, tmp_path / "live"
    shutil.copytree(real / "src", live / "src")
    shutil.copy(real / "package.json", live / "package.json")
    monkeypatch.setattr(publish, "LIVE_DIR", live)
    publish.install_live_client(tmp_path / "site-without-node")  # no node_modules: a warning, and a site
    assert "live-code client could not be bundled" in capsys.readouterr().err
    assert publish.LIVE_PLACEHOLDER in (tmp_path / "site-without-node" / "presenter.js").read_text()
    (live / "node_modules").symlink_to(real / "node_modules")
    publish.install_live_client(tmp_path / "site")
    bundle = (tmp_path / "site" / "presenter.js").read_text()
    assert "COURSE_LIVE" in bundle and "api/kernels" in bundle and "cm-content" in bundle
    assert "://" not in bundle.replace("http://www.w3.org/2000/svg", "")  # an SVG namespace, no address
    site_client = (tmp_path / "site" / "live.js").read_text()
    assert "COURSE_LIVE" in site_client and "cm-content" not in site_client  # no CodeMirror on the site
    assert (tmp_path / "site" / "live.css").read_text().startswith(".reveal .live-cell")
    (live / "src" / "live.css").write_text(".live-toolbar { color: red; }\n")
    os.utime(live / "src" / "live.css", (time.time() + 5, time.time() + 5))
    publish.install_live_client(tmp_path / "site")
    assert "red" in (tmp_path / "site" / "live.css").read_text()  # bundled again, and copied again
    assert capsys.readouterr().err == ""
