"""`build.py serve`: live preview that rebuilds on save (and builds a deck added while it runs), reloads the tab
on the same slide, shows errors; a server that answers only requests addressed to it, lists no folder, survives
malformed requests and holds no thread per idle connection. Every wait is on an event: a line printed, a page
state, a socket closed."""

import http.client
import json
import queue
import re
import signal
import socket
import subprocess
import sys
import threading
import time
from dataclasses import dataclass, field
from pathlib import Path

import pytest

from slidebuild import browser, config

pytestmark = pytest.mark.browser

ADDED_DECK = "# %% [markdown]\n# # A deck added while serving\n"


@dataclass
class Server:
    """A running `build.py serve` process and the lines it prints."""

    process: subprocess.Popen
    lines: queue.Queue = field(default_factory=queue.Queue)
    seen: list = field(default_factory=list)

    def read(self) -> None:
        for line in iter(self.process.stdout.readline, ""):
            self.lines.put(line)

    def wait_for(self, pattern: str, seconds: float = 120) -> re.Match:
        """The next printed line matching `pattern` (lines before it are kept in `seen`)."""
        deadline = time.monotonic() + seconds
        while True:
            try:
                line = self.lines.get(timeout=max(0.0, deadline - time.monotonic()))
            except queue.Empty:
                raise AssertionError(f"never printed {pattern!r}:\n{''.join(self.seen)}") from None
            self.seen.append(line)
            match = re.search(pattern, line)
            if match:
                return match

    def stop(self) -> None:
        self.process.send_signal(signal.SIGINT)
        try:
            self.process.wait(timeout=20)
        finally:
            self.process.kill()
            self.process.wait()
            self.process.stdout.close()


def start(site, deck: Path, *options: str) -> Server:
    process = subprocess.Popen(
        [sys.executable, str(config.ROOT / "build.py"), "serve", str(deck), "--port", "0", "--out", str(site.out),
         "--cache", str(site.cache), "--quiet", *options], stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    server = Server(process)
    threading.Thread(target=server.read, daemon=True).start()
    return server


@pytest.fixture
def server(site):
    deck = site.add("basic.py")
    running = start(site, deck)
    try:
        base = running.wait_for(r"at (http://127\.0\.0\.1:\d+)/").group(1)
        yield deck, base, running
    finally:
        running.stop()  # even when it never said where it listens


def request(base: str, path: str, host: str | None = None) -> tuple:
    """(status, body) of one GET, with the Host header given (default: the address itself)."""
    address, port = base.removeprefix("http://").rsplit(":", 1)
    connection = http.client.HTTPConnection(address.strip("[]"), int(port), timeout=30)
    try:
        connection.request("GET", path, headers={"Host": host or f"{address}:{port}"})
        response = connection.getresponse()
        return response.status, response.read().decode("utf-8", "replace")
    finally:
        connection.close()


def thread_count(pid: int) -> int:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"^Threads:\s+(\d+)", status, re.M).group(1))


def test_an_edit_reloads_the_tab_on_the_same_slide_and_an_error_shows_in_the_page(server):
    deck, base, running = server
    with browser.browser() as instance:
        check = browser.DeckCheck(f"{base}/slides/basic.html#/1")
        page = browser.open_deck(instance, check.url, check)
        assert page.evaluate("Reveal.getIndices().h") == 1
        page.wait_for_selector("html[data-build-version]")  # the tab has seen the current build
        deck.write_text(deck.read_text().replace("## Second slide", "## Second slide, EDITED"))
        page.wait_for_function("document.body.textContent.includes('EDITED')", timeout=60_000)
        page.wait_for_selector("body.deck-ready")
        assert page.evaluate("Reveal.getIndices().h") == 1  # still on the slide the instructor was on
        deck.write_text(deck.read_text().replace("answer = 6 * 7", "answer = six * 7"))
        page.wait_for_selector("#build-error", timeout=60_000)
        shown = page.inner_text("#build-error")
        assert "NameError" in shown and "basic.py" in shown
        assert "Traceback" not in shown and "site-packages" not in shown  # one line; the traceback is printed
        assert str(deck.parent) not in shown and "/tmp/" not in shown  # where the course lives stays private
        assert running.process.poll() is None  # the server keeps running after a failed rebuild
        page.close()
    running.wait_for(r"Traceback|NameError")


def test_a_deck_added_to_a_watched_folder_is_built(server):
    deck, base, running = server
    (deck.parent / "added.py").write_text(ADDED_DECK)
    running.wait_for(r"1 built, 0 failed")
    status, body = request(base, "/slides/added.html")
    assert status == 200 and "A deck added while serving" in body
    assert "slides/added.html" in request(base, "/index.html")[1]


def test_only_requests_addressed_to_the_server_are_answered(server):
    _, base, _ = server
    port = base.rsplit(":", 1)[1]
    for host in ("evil.example", "127.0.0.1.evil.example", "localhost.evil.example"):  # DNS rebinding
        assert request(base, "/__build", f"{host}:{port}")[0] == 403
        assert request(base, "/slides/basic.html", f"{host}:{port}")[0] == 403
    assert request(base, "/__build", "127.0.0.1:1")[0] == 403  # another port
    for host in (f"localhost:{port}", f"127.0.0.1:{port}"):
        status, body = request(base, "/slides/basic.html", host)
        assert status == 200 and "/__build" in body  # with the reload script
        assert request(base, "/__build", host)[0] == 200


def test_no_folder_is_listed_and_malformed_paths_get_a_4xx(server):
    _, base, running = server
    for path in ("/slides/", "/static/", "/static/live/", "/%00", "/slides/%00.html", "/%2e%2e/%2e%2e/etc/passwd",
                 "/../../etc/passwd", "/%ff", "/slides/basic.html%00", "/\\..\\..\\etc\\passwd"):
        status, body = request(base, path)
        assert 400 <= status < 500, (path, status)
        assert "Directory listing" not in body and "<li>" not in body
    assert request(base, "/slides/basic.html")[0] == 200  # still serving
    assert running.process.poll() is None


def test_idle_connections_hold_no_thread_and_a_page_still_loads(server):
    _, base, running = server
    port = int(base.rsplit(":", 1)[1])
    request(base, "/slides/basic.html")
    threads = thread_count(running.process.pid)
    idle = [socket.create_connection(("127.0.0.1", port), timeout=10) for _ in range(1000)]
    try:
        idle[-1].sendall(b"GET /slides/basic.html HTTP/1.1\r\n")  # and one that never finishes its request
        started = time.monotonic()
        status, body = request(base, "/slides/basic.html")
        assert status == 200 and "Basic fixture" in body
        assert time.monotonic() - started < 5
        status, body = request(base, "/__build")
        assert status == 200 and json.loads(body)["version"] >= 1
        assert thread_count(running.process.pid) <= threads + 2
    finally:
        for connection in idle:
            connection.close()


def test_a_silent_connection_is_closed(tmp_path, monkeypatch):
    from slidebuild import serve

    monkeypatch.setattr(serve, "IDLE_SECONDS", 1.0)
    (tmp_path / "index.html").write_text("<html><body>home</body></html>")
    server = serve.SiteServer(tmp_path, serve.BuildState(), "127.0.0.1", 0)
    try:
        for opening in (b"", b"GET /index.html HTTP/1.1\r\n"):  # nothing at all, or half a request
            with socket.create_connection(("127.0.0.1", server.port), timeout=30) as connection:
                connection.sendall(opening)
                started = time.monotonic()
                assert connection.recv(1024) == b""  # closed by the server
                assert 0.9 < time.monotonic() - started < 20
        assert request(server.url, "/")[1].startswith("<html><body>home<script>")
    finally:
        server.stop()


def test_the_host_option_serves_ipv6_loopback_without_a_warning(tmp_path):
    from slidebuild import serve

    (tmp_path / "index.html").write_text("<html><body>home</body></html>")
    server = serve.SiteServer(tmp_path, serve.BuildState(), "::1", 0)
    try:
        assert server.url == f"http://[::1]:{server.port}"
        assert request(server.url, "/")[0] == 200
        assert request(server.url, "/", f"[::1]:{server.port}")[0] == 200
        assert request(server.url, "/", f"evil.example:{server.port}")[0] == 403
    finally:
        server.stop()
    from slidebuild import hosts

    assert hosts.exposure_warning("::1", "the site") is None and hosts.exposure_warning("localhost", "x") is None


def test_another_host_prints_a_warning_and_still_refuses_other_names(site):
    deck = site.add("basic.py", ADDED_DECK)
    running = start(site, deck, "--host", "0.0.0.0")
    try:
        warning = running.wait_for(r"WARNING: --host 0\.0\.0\.0 .*").group(0)
        base = running.wait_for(r"at (http://127\.0\.0\.1:\d+)/").group(1)
        port = base.rsplit(":", 1)[1]
        assert request(base, "/slides/basic.html")[0] == 200  # over loopback only
        assert request(base, "/slides/basic.html", f"192.0.2.1:{port}")[0] == 200  # an address, not a name
        assert request(base, "/__build", f"evil.example:{port}")[0] == 403
    finally:
        running.stop()
    assert "reachable from the network" in warning and "unencrypted" in warning


def test_a_build_error_is_shown_in_one_line_without_absolute_paths(tmp_path):
    from slidebuild import serve
    from slidebuild.errors import CellError

    deck = tmp_path / "deep" / "deck.py"
    error = CellError(deck, f"cannot open {tmp_path}/deep/data/rows.csv (see http://example.org/a/b/)", line=7,
                      cell=2, details=f"Traceback (most recent call last):\n  File \"{tmp_path}/x.py\"")
    shown = serve.shown_error(error)
    assert shown == "deck.py:7 (cell 2): cannot open rows.csv (see http://example.org/a/b/)"
    state = serve.BuildState()
    state.done([type("Result", (), {"error": error})(), type("Result", (), {"error": None})()])
    assert json.loads(state.as_json()) == {"version": 1, "error": shown}


def test_a_head_request_gets_the_headers_only(tmp_path):
    from slidebuild import serve

    (tmp_path / "page.css").write_text("a { color: red; }")
    server = serve.SiteServer(tmp_path, serve.BuildState(), "127.0.0.1", 0)
    try:
        connection = http.client.HTTPConnection("127.0.0.1", server.port, timeout=30)
        connection.request("HEAD", "/page.css")
        response = connection.getresponse()
        assert response.status == 200 and response.getheader("Content-Type") == "text/css"
        assert response.read() == b""
        connection.close()
    finally:
        server.stop()


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
