"""`build.py present [DECK...]`: build what is stale, then serve the site from a local Jupyter server so that
every code cell of a deck can be edited and run again during the talk, on one real kernel per open deck.

The browser is opened on a one-time login address (valid once, for a few minutes) that sets the login cookie
and redirects to the page: the long-lived token is never in an address, a process list or the history. The
server offers the site and the kernels API only (no contents, files, nbconvert, terminals or metrics), and a
kernel starts only in the folder of a deck being presented.

The page learns the server's token and the deck's code cells from a script injected into the HTML response
only: nothing holding the token is written to a file, and the same page served statically (GitHub Pages, a
folder on disk, `build.py serve`) shows a copy button and never reaches for a kernel. Security is
jupyter_server's, tightened: loopback only unless --host says otherwise, every request needs the token (or the
cookie it sets), and a request from another origin is refused even when it carries the token. Before a kernel
is shut down (page closed, restart, server stopped, or no page connected for 30 s: a crashed tab) it runs
`course.teardown()`, so Spark and Dask stop cleanly. Jupyter settings that weaken none of this may go in a
`slidebuild_present_config.py` on Jupyter's config path.
"""

import re
import secrets
import signal
import sys
import time
import webbrowser
from dataclasses import replace
from pathlib import Path
from urllib.parse import parse_qsl, urlencode

from jupyter_server.auth.decorator import allow_unauthenticated
from jupyter_server.auth.identity import PasswordIdentityProvider
from jupyter_server.base.handlers import JupyterHandler
from jupyter_server.serverapp import ServerApp
from jupyter_server.services.kernels.kernelmanager import AsyncMappingKernelManager, ServerKernelManager
from tornado import web
from tornado.ioloop import IOLoop
from tornado.routing import PathMatches, Rule
from traitlets import Float, default

from slidebuild import config, hosts, publish
from slidebuild.errors import BuildError, SourceError
from slidebuild.kernels import LIVE_ARGUMENTS, TEARDOWN_CODE, TEARDOWN_SECONDS, kernel_environment
from slidebuild.live import inject, live_settings
from slidebuild.pipeline import build_and_report
from slidebuild.read import read_deck
from slidebuild.site import STATIC, default_sources, kind_of

SITE = "site"  # the site's URL prefix on the server (jupyter_server owns /static/)
LOGIN = "present-login"  # the one-time login address
ONCE_SECONDS = 300  # how long the one-time login address works (once)
ALLOWED = rf"(?:$|{SITE}/|{LOGIN}$|login$|logout$|static/|api/kernels(?:/|$))"  # what the live client needs
IDLE_KERNEL_SECONDS = 1800  # an idle kernel no page ever connected to (started through the API) is released


def present(paths: list, settings: config.Settings, host: str = "127.0.0.1", port: int = 0,
            browser: bool = True, class_host: str | None = None, class_port: int = 0) -> int:
    """Build, serve and open the first deck (the index when no deck is named) until Ctrl+C; with `class_host`,
    the class server too (see `slidebuild.classroom`)."""
    warning = hosts.exposure_warning(host, "code execution on this machine (for anyone with the token)")
    if warning:
        print(warning, file=sys.stderr, flush=True)
    sources = [Path(path) for path in paths] or default_sources()
    results = build_and_report(sources, replace(settings, keep_going=True, pdf=False))
    decks = slide_decks(sources)
    problem = missing_pieces(settings.out, decks, results)
    if problem:
        print(f"build.py present: {problem}", file=sys.stderr)
        return 1
    once = hosts.OneTimeCode(ONCE_SECONDS, next(iter(decks)) if paths and decks else "index.html")
    token = secrets.token_urlsafe(32)
    room, sockets = open_class(settings.out, decks, token, class_host, class_port) if class_host is not None \
        else (None, [])
    app = start_server(settings.out, decks, host, port, token, once, room)
    if room is not None:
        from slidebuild.classroom import serve

        serve(room, sockets)  # on the present server's event loop
    url = f"http://{hosts.local_name(host)}:{app.port}{app.base_url}{LOGIN}?once={once.code}"
    print(f"Presenting {once.page} at {url} (this address logs in once, within {ONCE_SECONDS // 60} minutes; "
          f"Ctrl+C stops the server and its kernels)", flush=True)
    if room is not None:
        room.presenter_origins.update(f"http://{name}:{app.port}" for name in ("127.0.0.1", "localhost",
                                                                               hosts.local_name(host)))
        print(f"Class: students join at {room.join_url} (press Q on the deck for the QR code and the room's "
              f"controls; votes stay in memory)", flush=True)
        room.print_qr()
    if browser:
        webbrowser.open(url)
    app.start()  # until SIGINT or SIGTERM; kernels are released on the way out
    print("Stopped.", flush=True)
    return 0


def slide_decks(sources: list) -> dict:
    """The decks (not labs) among the sources, by page; a source that cannot be read was reported by the build."""
    decks = {}
    for source in sources:
        try:
            deck = read_deck(source, kind_of(source))
        except SourceError:
            continue
        if deck.kind == "slides":
            decks[f"{deck.kind}/{deck.name}.html"] = deck
    return decks


def missing_pieces(out: Path, decks: dict, results: list) -> str | None:
    """Why the decks cannot be presented, if they cannot: no live client, or no page at all."""
    client = out / STATIC / "live" / "presenter.js"
    if not client.exists() or publish.LIVE_PLACEHOLDER in client.read_text(encoding="utf-8")[:100]:
        return "the live-code client is not bundled: run `npm install --prefix assets/live --no-package-lock`"
    absent = [page for page in decks if not (out / page).exists()]
    if absent or not decks:
        failed = [str(result.error) for result in results if isinstance(result.error, BuildError)]
        return f"no page for {', '.join(absent) or 'any deck'}" + "".join(f"\n  {error}" for error in failed)
    return None


class SiteHandler(JupyterHandler, web.StaticFileHandler):
    """The built site, to authenticated same-origin requests only; deck pages get their live settings."""

    def initialize(self, path: str, decks: dict) -> None:
        web.StaticFileHandler.initialize(self, path=path, default_filename="index.html")
        self.decks = decks

    def set_default_headers(self) -> None:
        super().set_default_headers()
        self.set_header("Referrer-Policy", "same-origin")  # an address with ?token= never leaves the server

    def compute_etag(self) -> None:
        return None  # deck pages differ on every request; other files are revalidated by their date

    @web.authenticated
    async def get(self, path: str, include_body: bool = True) -> None:
        if not self.check_origin():
            raise web.HTTPError(403, "cross-origin request refused")
        if "token" in self.request.query_arguments:  # its cookie is set: the address forgets the token
            query = urlencode([(name, value) for name, value in parse_qsl(self.request.query, keep_blank_values=True)
                               if name != "token"])
            return self.redirect(self.request.path + (f"?{query}" if query else ""))
        settings = self.decks.get(path)
        if settings is None:
            return await web.StaticFileHandler.get(self, path, include_body)
        html = (Path(self.root) / path).read_text(encoding="utf-8")
        self.set_header("Content-Type", "text/html; charset=utf-8")
        self.set_header("Cache-Control", "no-store")
        self.finish(inject(html, {**settings, "baseUrl": self.base_url, "token": self.token}) if include_body else b"")
        return None

    @web.authenticated
    async def head(self, path: str) -> None:
        return await self.get(path, include_body=False)


class OnceLoginHandler(JupyterHandler):
    """The one-time login address: sets the login cookie and redirects to the page, with no token in any
    address; a second visit, or a late one, is refused."""

    def initialize(self, once: hosts.OneTimeCode) -> None:
        self.once = once

    @allow_unauthenticated
    def get(self) -> None:
        if not self.once.redeem(self.get_argument("once", "")):
            raise web.HTTPError(403, "this login address was used or has expired: start build.py present again")
        identity = self.identity_provider
        identity.set_login_cookie(self, identity.generate_anonymous_user(self))
        self.set_header("Cache-Control", "no-store")
        self.set_header("Referrer-Policy", "no-referrer")
        self.redirect(f"{self.base_url}{SITE}/{self.once.page}")


class NotOffered(web.RequestHandler):
    """Every Jupyter endpoint the live client does not use (contents, files, nbconvert, terminals, metrics...)."""

    def prepare(self) -> None:
        raise web.HTTPError(404)


class PresenterIdentity(PasswordIdentityProvider):
    """Token only (no password to set from the login page), and the origin is checked even with the token."""

    def should_check_origin(self, handler) -> bool:
        return True


class DeckKernel(ServerKernelManager):
    """A deck's kernel, started like the build's (course helpers importable, quiet JVM), which stops Spark and
    Dask before it is shut down or restarted: killed halfway, a JVM leaves a stack trace and temp folders."""

    async def shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:  # page closed, server stops
        await self.release(now)
        await super().shutdown_kernel(now=now, restart=restart)

    async def _async_shutdown_kernel(self, now: bool = False, restart: bool = False) -> None:  # restart
        await self.release(now)
        await super()._async_shutdown_kernel(now=now, restart=restart)

    async def release(self, now: bool) -> None:
        if now or not self.has_kernel or not await self.is_alive():
            return
        client = self.client()
        client.start_channels()
        try:
            if getattr(self, "execution_state", "") == "busy":
                await self.interrupt_kernel()
            await run_code(client, TEARDOWN_CODE, TEARDOWN_SECONDS)
            print(f"Kernel {self.kernel_id}: Spark and Dask released, shutting down", flush=True)
        except Exception as error:  # a kernel that cannot tear down is still shut down
            self.log.warning("kernel %s: course.teardown() failed: %s", self.kernel_id, error)
        finally:
            client.stop_channels()


async def run_code(client, code: str, seconds: float) -> None:
    """Execute `code` and wait for its reply on the shell channel (a fresh client's IOPub subscription may
    still be settling, so waiting there for the kernel's idle status could miss it)."""
    request = client.execute(code, store_history=False, allow_stdin=False)
    deadline = time.monotonic() + seconds
    while True:
        reply = await client.get_shell_msg(timeout=max(0.0, deadline - time.monotonic()))
        if reply["parent_header"].get("msg_id") == request:
            return


class DeckKernels(AsyncMappingKernelManager):
    """Kernels with the build's environment and arguments, whose working folder is their deck's, released
    when no page has been connected to them for a while (a tab that crashed never says goodbye)."""

    abandoned_seconds = Float(30.0, config=True, help="Release a kernel whose last page left this long ago.")

    def __init__(self, **kwargs):
        super().__init__(**kwargs)
        self.deck_folders = {}  # deck name (the API's kernel path) -> its folder, set by start_server
        self.left_at = {}  # kernel id -> when its last page left (the event loop's clock)
        self.restarting, self.stopping = set(), set()

    @default("kernel_manager_class")
    def _default_kernel_manager_class(self) -> str:
        return f"{__name__}.DeckKernel"

    async def start_kernel(self, *, kernel_id=None, path=None, **kwargs) -> str:
        if path not in self.deck_folders:
            raise web.HTTPError(404, f"no deck named {path!r} is presented")
        kwargs.setdefault("env", kernel_environment())
        kwargs.setdefault("extra_arguments", LIVE_ARGUMENTS)
        return await super().start_kernel(kernel_id=kernel_id, path=path, **kwargs)

    def cwd_for_path(self, path, **kwargs) -> str:
        """A kernel works in the folder of the deck it is for (start_kernel refuses any other path)."""
        return str(self.deck_folders[path])

    def notify_connect(self, kernel_id: str) -> None:
        super().notify_connect(kernel_id)
        self.left_at.pop(kernel_id, None)

    def notify_disconnect(self, kernel_id: str) -> None:
        super().notify_disconnect(kernel_id)
        if self._kernel_connections.get(kernel_id) == 0:
            self.page_left(kernel_id)

    def page_left(self, kernel_id: str) -> None:
        if kernel_id in self.stopping:
            return
        loop = IOLoop.current()
        self.left_at[kernel_id] = loop.time()
        loop.call_later(self.abandoned_seconds, self.release_if_abandoned, kernel_id)

    async def restart_kernel(self, kernel_id: str, now: bool = False):
        self.restarting.add(kernel_id)
        try:
            return await super().restart_kernel(kernel_id, now=now)
        finally:
            self.restarting.discard(kernel_id)
            if kernel_id in self.left_at:  # its page reconnects once the restart is over: wait again
                self.page_left(kernel_id)

    async def _async_shutdown_kernel(self, kernel_id: str, now: bool = False, restart: bool = False) -> None:
        self.stopping.add(kernel_id)
        self.left_at.pop(kernel_id, None)
        try:
            await super()._async_shutdown_kernel(kernel_id, now=now, restart=restart)
        finally:
            self.stopping.discard(kernel_id)

    shutdown_kernel = _async_shutdown_kernel  # the API's name, as in jupyter_server (shutdown_all uses the other)

    async def release_if_abandoned(self, kernel_id: str) -> None:
        left = self.left_at.get(kernel_id)
        if left is None or kernel_id not in self or kernel_id in self.restarting | self.stopping or \
                IOLoop.current().time() - left < self.abandoned_seconds:
            return  # a page came back, the kernel is gone or going, or a later check is due
        print(f"Kernel {kernel_id}: no page for {self.abandoned_seconds:g} s", flush=True)
        try:
            await self.shutdown_kernel(kernel_id)
        except Exception as error:  # gone meanwhile
            self.log.info("kernel %s: %s", kernel_id, error)


class PresentApp(ServerApp):
    """A Jupyter server that writes no file holding its token or cookie secret, and stops cleanly (kernels
    released) on the first Ctrl+C or SIGTERM."""

    name = "slidebuild-present"  # its Jupyter config file: slidebuild_present_config.py (or .json)

    @default("cookie_secret")
    def _random_cookie_secret(self) -> bytes:
        return secrets.token_bytes(32)

    def write_server_info_file(self) -> None:
        pass  # `jupyter server list` reads the token from that file

    def write_browser_open_files(self) -> None:
        pass

    def init_signal(self) -> None:
        signal.signal(signal.SIGINT, self._signal_stop)
        signal.signal(signal.SIGTERM, self._signal_stop)


def open_class(out: Path, decks: dict, token: str, host: str, port: int) -> tuple:
    """The class for the decks and its sockets, bound on `host` (the network address when empty)."""
    from slidebuild import classroom

    host = host or classroom.lan_address()
    if hosts.is_loopback(host):
        note = (f"Note: the class server listens on {host}, which no other device reaches: give --class-host the "
                f"address of this machine on the room's network.")
    else:
        note = (f"Class server on {host}: the site and the class's live channel (not the kernels) are reachable from "
                f"the network with the join address. Its traffic is unencrypted (HTTP).")
    print(note, file=sys.stderr, flush=True)
    room = classroom.Classroom.of_decks(out, decks, token)
    return room, classroom.bind(room, host, port)


def start_server(out: Path, decks: dict, host: str, port: int, token: str, once: hosts.OneTimeCode,
                 room=None) -> PresentApp:
    """An initialised server (listening, not yet serving) for the site in `out`: its root is the site folder,
    and a kernel starts in its deck's folder (never in a parent shared by two decks). With a class `room`, the
    deck pages learn where to publish their state."""
    app = PresentApp.instance()
    app.initialize(argv=server_arguments(out, host, port, token), find_extensions=False)
    app.kernel_manager.deck_folders = {deck.name: deck.source.resolve().parent for deck in decks.values()}
    pages = {page: live_settings(deck) for page, deck in decks.items()}
    if room is not None:
        from slidebuild.classroom import presenter_socket

        for page, deck in decks.items():
            pages[page]["classroom"] = presenter_socket(room, deck.name)
    base = re.escape(app.base_url)
    app.web_app.wildcard_router.rules.insert(0, Rule(PathMatches(f"{base}(?!{ALLOWED}).*"), NotOffered))
    app.web_app.add_handlers(".*$", [(f"{base}{SITE}/(.*)", SiteHandler, {"path": str(out), "decks": pages}),
                                     (f"{base}{LOGIN}", OnceLoginHandler, {"once": once})])
    return app


def server_arguments(root: Path, host: str, port: int, token: str) -> list:
    """Every setting that matters for security is given here, so that no Jupyter config file can weaken it."""
    return [
        f"--ServerApp.ip={host}", f"--ServerApp.port={port}", "--ServerApp.port_retries=0",
        f"--ServerApp.root_dir={root}", f"--ServerApp.default_url=/{SITE}/index.html",
        f"--ServerApp.allow_remote_access={not hosts.is_loopback(host)}", "--ServerApp.allow_origin=",
        "--ServerApp.allow_origin_pat=", "--ServerApp.allow_credentials=False", "--ServerApp.disable_check_xsrf=False",
        "--ServerApp.allow_unauthenticated_access=False", "--ServerApp.terminals_enabled=False",
        "--ServerApp.open_browser=False", "--ServerApp.allow_root=True", "--ServerApp.log_level=WARN",
        f"--ServerApp.identity_provider_class={__name__}.PresenterIdentity", f"--PresenterIdentity.token={token}",
        "--PresenterIdentity.hashed_password=", "--PresenterIdentity.allow_password_change=False",
        f"--ServerApp.kernel_manager_class={__name__}.DeckKernels",
        f"--DeckKernels.cull_idle_timeout={IDLE_KERNEL_SECONDS}", "--DeckKernels.cull_interval=300",
        "--DeckKernels.transport_encryption=auto",  # CurveZMQ between the server and its kernels
    ]
