"""`build.py serve [PATH...]`: build, serve the site on 127.0.0.1, rebuild what changes, reload the open tab.

The reloaded tab stays on its slide (reveal.js keeps it in the URL hash). A failed rebuild is printed and
shown over the page; the server keeps running and the next save tries again.
"""

import functools
import http.server
import json
import threading
from dataclasses import replace
from pathlib import Path

from slidebuild import config, fingerprint
from slidebuild.pipeline import build_and_report
from slidebuild.site import default_sources

RELOAD_SCRIPT = """<script>
(function () {
  var seen = null, box = null;
  function show(error) {
    if (!error) { if (box) { box.remove(); box = null; } return; }
    if (!box) {
      box = document.createElement("pre");
      box.id = "build-error";
      box.style.cssText = "position:fixed;inset:auto 0 0 0;max-height:50%;overflow:auto;margin:0;padding:1em;" +
        "background:#7f1d1d;color:#fff;font:14px monospace;z-index:9999;white-space:pre-wrap";
      document.body.appendChild(box);
    }
    box.textContent = error;
  }
  function poll() {
    fetch("/__build", {cache: "no-store"}).then(function (r) { return r.json(); }).then(function (state) {
      if (seen !== null && state.version !== seen && !state.error) { location.reload(); return; }
      seen = state.version;
      show(state.error);
    }).catch(function () {}).then(function () { setTimeout(poll, 700); });
  }
  poll();
})();
</script>"""


class BuildState:
    """The version the open tabs compare against, and the last rebuild's error (None when it succeeded)."""

    def __init__(self):
        self.version, self.error, self.lock = 0, None, threading.Lock()

    def done(self, results: list) -> None:
        errors = [f"{result.error}\n{result.error.details}".strip() for result in results if result.error]
        with self.lock:
            self.version += 1
            self.error = "\n\n".join(errors) or None

    def as_json(self) -> bytes:
        with self.lock:
            return json.dumps({"version": self.version, "error": self.error}).encode()


class Handler(http.server.SimpleHTTPRequestHandler):
    """Serves the site; HTML pages get the reload script, /__build tells the tab about rebuilds."""

    def __init__(self, *args, state: BuildState, **kwargs):
        self.state = state
        super().__init__(*args, **kwargs)

    def do_GET(self):
        path = self.path.split("?")[0].split("#")[0]
        if path == "/__build":
            return self.reply(self.state.as_json(), "application/json")
        target = Path(self.translate_path(path))
        if target.is_dir():
            target = target / "index.html"
        if target.suffix == ".html" and target.is_file():
            html = target.read_text(encoding="utf-8").replace("</body>", RELOAD_SCRIPT + "</body>", 1)
            return self.reply(html.encode(), "text/html; charset=utf-8")
        return super().do_GET()

    def reply(self, body: bytes, content_type: str) -> None:
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Cache-Control", "no-store")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


def sources_to_rebuild(changes: set, sources: list) -> list:
    """The decks a set of changed files affects: a changed deck itself; a helper or asset change, every deck."""
    changed = {Path(path).resolve() for _, path in changes}
    shared = [config.ASSETS_DIR, config.ROOT / "course"]
    if any(folder in path.parents for path in changed for folder in shared):
        fingerprint.forget()  # course helpers, Spark config or templates changed
        return sources
    return [source for source in sources if source.resolve() in changed]


def watched(sources: list) -> list:
    folders = {Path(source).resolve().parent for source in sources}
    return sorted(folders | {config.ASSETS_DIR / "templates", config.ROOT / "course"})


def serve(paths: list, settings: config.Settings, host: str = "127.0.0.1", port: int = 8000) -> None:
    """Build, then serve and rebuild on every save until interrupted."""
    from watchfiles import watch

    sources = [Path(path) for path in paths] or default_sources()
    settings = replace(settings, keep_going=True, pdf=False)  # one broken deck must not stop the preview
    state = BuildState()
    state.done(build_and_report(sources, settings))
    handler = functools.partial(Handler, directory=str(settings.out), state=state)
    server = http.server.ThreadingHTTPServer((host, port), handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving {settings.out} at http://{host}:{server.server_address[1]}/ (Ctrl+C to stop)", flush=True)
    try:
        for changes in watch(*watched(sources), watch_filter=lambda _, path: not is_build_output(path)):
            todo = sources_to_rebuild(changes, sources)
            if todo:
                state.done(build_and_report(todo, settings))
    except KeyboardInterrupt:
        pass
    finally:
        server.shutdown()


def is_build_output(path: str) -> bool:
    """Files the build itself writes (notebooks, reports, caches) must not trigger another build."""
    path = Path(path)
    return (path.suffix in (".ipynb", ".pyc", ".tmp", ".log") or "node_modules" in path.parts
            or path.name.startswith(".") or any(part in ("reports", "data", "manifests", "__pycache__")
                                                for part in path.parts[-3:-1]))
