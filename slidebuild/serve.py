"""`build.py serve [PATH...]`: build, serve the site on 127.0.0.1, rebuild what changes, reload the open tab.

The reloaded tab stays on its slide (reveal.js keeps it in the URL hash). A failed rebuild is printed and
shown over the page; the server keeps running and the next save tries again. A deck added to a watched folder
is built too. The server answers only requests addressed to it (see `hosts`), lists no folder, and runs on one
event loop: an idle connection holds no thread and is closed after IDLE_SECONDS.
"""

import asyncio
import json
import mimetypes
import re
import sys
import threading
from dataclasses import replace
from pathlib import Path

from slidebuild import config, fingerprint, hosts
from slidebuild.pipeline import build_and_report
from slidebuild.site import default_sources, discover

RELOAD_SCRIPT = config.ASSETS_DIR / "serve" / "reload.js"
IDLE_SECONDS = 30.0  # a connection that sends no complete request for this long is closed
ABSOLUTE_PATH = re.compile(r"(?<![\w.~:/])/(?:[\w.@+-]+/)+")  # /home/me/course/slides/ in a message


class BuildState:
    """The version the open tabs compare against, and the last rebuild's errors (None when it succeeded): one
    line per failed deck, with no absolute path (the traceback is in the terminal)."""

    def __init__(self):
        self.version, self.error, self.lock = 0, None, threading.Lock()

    def done(self, results: list) -> None:
        errors = [shown_error(result.error) for result in results if result.error]
        with self.lock:
            self.version += 1
            self.error = "\n".join(errors) or None

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error}).encode()


def shown_error(error: Exception) -> str:
    """The error's first line, the file named by its name only: a page must not learn where the course lives."""
    text = str(error).strip().splitlines()[0] if str(error).strip() else type(error).__name__
    path = getattr(error, "path", None)
    if path is not None:
        text = text.replace(str(Path(path).resolve()), Path(path).name).replace(str(path), Path(path).name)
    return ABSOLUTE_PATH.sub("", text)


def site_file(root: Path, path: str) -> Path | None:
    """The file a request path names inside `root` (a folder: its index.html), or None: no such file, or a
    path that is odd (a NUL, a backslash, a `..`) or leads out of `root`."""
    parts = path.split("/")
    if "\x00" in path or "\\" in path or any(part in ("..", ".") for part in parts):
        return None
    try:
        target = (root / path.lstrip("/")).resolve()
        if target.is_dir():
            target = target / "index.html"
        inside = target == root or root in target.parents
        return target if inside and target.is_file() else None
    except (OSError, ValueError):
        return None


def make_app(root: Path, state: BuildState, host: str, port_of):
    """The tornado application: /__build for the tabs, every other path a file of the site."""
    from tornado import web

    class Guarded(web.RequestHandler):
        def prepare(self):
            if not hosts.host_header_allowed(self.request.host, host, port_of()):
                raise web.HTTPError(403)  # a DNS-rebinding page reaches us under its own name

        def set_default_headers(self):
            self.set_header("Cache-Control", "no-store")
            self.set_header("X-Content-Type-Options", "nosniff")

    class Build(Guarded):
        def get(self):
            self.set_header("Content-Type", "application/json")
            self.finish(state.as_json())

    class Page(Guarded):
        def get(self, path: str):
            target = site_file(root, path)
            if target is None:
                raise web.HTTPError(404)
            body = target.read_bytes()
            if target.suffix == ".html":
                body = body.replace(b"</body>", script + b"</body>", 1)
                self.set_header("Content-Type", "text/html; charset=utf-8")
            else:
                self.set_header("Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream")
            self.finish(body)

        head = get

    script = b"<script>\n" + RELOAD_SCRIPT.read_bytes() + b"</script>"
    return web.Application([(r"/__build", Build), (r"/(.*)", Page)], log_function=lambda handler: None)


class SiteServer:
    """The site over HTTP from its own thread, on one event loop, until `stop()`."""

    def __init__(self, root: Path, state: BuildState, host: str, port: int):
        from tornado.netutil import bind_sockets

        sockets = bind_sockets(port, host or None)
        self.port = sockets[0].getsockname()[1]
        self.url = f"http://{hosts.local_name(host)}:{self.port}"
        self.app = make_app(Path(root).resolve(), state, host, lambda: self.port)
        self.loop, self.running, ready = None, False, threading.Event()
        self.thread = threading.Thread(target=self.run, args=(sockets, ready), daemon=True)
        self.thread.start()
        ready.wait()
        if not self.running:
            raise OSError(f"the server for {root} could not start on {host}:{port}")

    def run(self, sockets: list, ready: threading.Event) -> None:
        from tornado.httpserver import HTTPServer
        from tornado.ioloop import IOLoop

        try:
            asyncio.set_event_loop(asyncio.new_event_loop())
            self.loop = IOLoop.current()
            server = HTTPServer(self.app, idle_connection_timeout=IDLE_SECONDS, body_timeout=IDLE_SECONDS,
                                max_body_size=1 << 20)
            server.add_sockets(sockets)
            self.running = True
        finally:
            ready.set()
        self.loop.start()
        server.stop()
        self.loop.close(all_fds=True)

    def stop(self) -> None:
        self.loop.add_callback(self.loop.stop)
        self.thread.join(timeout=10)


def sources_to_rebuild(changes: set, sources: list) -> list:
    """The decks a set of changed files affects: a changed deck itself; a helper or asset change, every deck."""
    changed = {Path(path).resolve() for _, path in changes}
    shared = [config.ASSETS_DIR, config.ROOT / "course"]
    if any(folder in path.parents for path in changed for folder in shared):
        fingerprint.forget()  # course helpers, Spark config or templates changed
        return sources
    return [source for source in sources if source.resolve() in changed]


def listed(sources: list) -> set:
    """Every deck in the folders of the sources, now."""
    return {path.resolve() for folder in {Path(source).resolve().parent for source in sources}
            for path in discover(folder)}


def watched(sources: list) -> list:
    folders = {Path(source).resolve().parent for source in sources}
    return sorted(folders | {config.ASSETS_DIR / "templates", config.ROOT / "course"})


def serve(paths: list, settings: config.Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build, then serve and rebuild on every save until interrupted."""
    warning = hosts.exposure_warning(host, "the site and its build errors")
    if warning:
        print(warning, file=sys.stderr, flush=True)
    sources = [Path(path) for path in paths] or default_sources()
    settings = replace(settings, keep_going=True, pdf=False)  # one broken deck must not stop the preview
    state, known = BuildState(), listed(sources)
    state.done(build_and_report(sources, settings))
    server = SiteServer(settings.out, state, host, port)
    try:
        rebuild_on_change(sources, known, settings, state, f"Serving {settings.out} at {server.url}/ (Ctrl+C to stop)")
    except KeyboardInterrupt:
        pass
    finally:
        server.stop()


def rebuild_on_change(sources: list, known: set, settings: config.Settings, state: BuildState, ready: str) -> None:
    """Rebuild what each change affects, and build every deck that appears in a folder of the sources (`known`:
    the decks there before). `ready` is printed once the watcher runs: a save after it is seen."""
    from watchfiles import watch

    for changes in watch(*watched(sources), watch_filter=lambda _, path: not is_build_output(path),
                         yield_on_timeout=True, rust_timeout=1000):
        if ready:
            print(ready, flush=True)
            ready = ""
        added = sorted(listed(sources) - known)
        known |= set(added)
        sources += added
        todo = added + [source for source in sources_to_rebuild(changes, sources) if source not in added]
        if todo:
            state.done(build_and_report(todo, settings))


def is_build_output(path: str) -> bool:
    """Files the build itself writes (notebooks, reports, caches) must not trigger another build."""
    path = Path(path)
    return (path.suffix in (".ipynb", ".pyc", ".tmp", ".log") or "node_modules" in path.parts
            or path.name.startswith(".") or any(part in ("reports", "data", "manifests", "__pycache__")
                                                for part in path.parts[-3:-1]))
