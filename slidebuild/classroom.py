"""`build.py present --class`: the class server, beside the presenter's. It listens on the laptop's network
address and serves the built site read-only, plus one live channel (a websocket) per deck: a student's page
follows the presenter's slide and fragment, shows the cells the presenter re-runs, and turns quiz slides into
polls. It has no route to the Jupyter server (which stays on 127.0.0.1), to a kernel or to a file outside the
site: it serves files of the site and relays messages, nothing else.

A browser joins with the session key of the join address (shown as a QR code on the presenter's overlay),
which admits the device (a random id in a cookie); the presenter's token never leaves the laptop. The
presenter's page publishes its state over a presenter socket open only from this machine, from the present
server's origin, and only after it sends the token. Everything is kept in memory and forgotten on exit.
"""

import json
import mimetypes
import socket
import sys
from pathlib import Path

import segno
from tornado import web
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from slidebuild import hosts
from slidebuild.channels import DEVICE_COOKIE, PRESENTER, PRESENTER_MESSAGE_BYTES, SOCKET, Presenter, Student
from slidebuild.rooms import Admission, Room, quiz_polls
from slidebuild.serve import site_file

SITE, JOIN = "site", "join"  # URL prefixes (the sockets': see channels)
NOT_ADMITTED = "Join the class with the address (or QR code) the presenter shows."


def lan_address() -> str:
    """This machine's address on the network its default route leads to (no packet is sent); loopback if none."""
    probe = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
    try:
        probe.connect(("192.0.2.1", 9))  # TEST-NET-1: only picks the interface
        return probe.getsockname()[0]
    except OSError:
        return "127.0.0.1"
    finally:
        probe.close()


class Classroom:
    """The class: admission, one Room per deck (by deck name), and the open sockets to tell."""

    def __init__(self, root: Path, pages: dict, rooms: dict, token: str):
        self.root, self.pages, self.rooms, self.token = Path(root).resolve(), pages, rooms, token
        self.admission = Admission()
        self.students = {name: set() for name in rooms}
        self.presenters, self.presenter_origins = set(), set()
        self.current = next(iter(pages), "index.html")  # the page a student lands on after joining
        self.host, self.port, self.base = "", 0, ""

    @classmethod
    def of_decks(cls, root: Path, decks: dict, token: str) -> "Classroom":
        """From the presented decks ({page: Deck}): their quiz slides become polls."""
        rooms = {deck.name: Room(quiz_polls(deck.notebook.cells)) for deck in decks.values()}
        return cls(root, {page: deck.name for page, deck in decks.items()}, rooms, token)

    @property
    def join_url(self) -> str:
        return f"{self.base}/{JOIN}?key={self.admission.key}"

    def print_qr(self) -> None:
        """The join address's QR code in the terminal (half-block characters)."""
        segno.make(self.join_url, error="m").terminal(compact=True)
        sys.stdout.flush()

    def count(self) -> int:
        return sum(len(sockets) for sockets in self.students.values())

    def sockets(self) -> list:
        """Every open student socket, all decks together."""
        return [student for sockets in self.students.values() for student in sockets]

    def broadcast(self, deck: str, message: dict) -> None:
        text = json.dumps(message)
        for student in list(self.students[deck]):
            student.send(text)

    def tell_presenters(self, message: dict, deck: str | None = None) -> None:
        text = json.dumps(message)
        for presenter in list(self.presenters):
            if deck is None or presenter.deck == deck:
                presenter.send(text)

    def presenting(self, deck: str) -> None:
        """The presenter is on `deck`: students who join land there, and those following another deck go to it."""
        page = next(page for page, name in self.pages.items() if name == deck)
        if page != self.current:
            self.current = page
            for other in self.rooms:
                if other != deck:
                    self.broadcast(other, {"type": "deck", "page": f"/{SITE}/{page}"})

    def info(self) -> dict:
        """What the presenter's overlay shows: the join address, its QR code (made here, offline), the lock."""
        qr = segno.make(self.join_url, error="m").svg_inline(scale=6, title="Join address")
        return {"type": "class", "join": self.join_url, "qr": qr, "locked": self.admission.locked,
                "students": self.count()}

    def votes(self, deck: str, key: str) -> dict:
        return {"type": "votes", "poll": key, **self.rooms[deck].polls[key].counts()}


class Guarded(web.RequestHandler):
    """Only requests addressed to this server (no DNS rebinding), never cached, never framed."""

    def initialize(self, classroom: Classroom) -> None:
        self.classroom = classroom

    def prepare(self) -> None:
        if not hosts.host_header_allowed(self.request.host, self.classroom.host, self.classroom.port):
            raise web.HTTPError(403)

    def set_default_headers(self) -> None:
        self.set_header("Cache-Control", "no-store")
        self.set_header("X-Content-Type-Options", "nosniff")
        self.set_header("X-Frame-Options", "DENY")
        self.set_header("Referrer-Policy", "no-referrer")

    def admitted(self) -> bool:
        return self.classroom.admission.admitted(self.get_cookie(DEVICE_COOKIE))

    def write_error(self, status_code: int, **kwargs) -> None:
        self.set_header("Content-Type", "text/plain; charset=utf-8")
        self.finish(NOT_ADMITTED if status_code == 403 else f"{status_code}")


class Join(Guarded):
    def get(self) -> None:
        device = self.classroom.admission.join(self.get_argument("key", ""))
        if device is None:
            raise web.HTTPError(403, "wrong key, or the room is locked")
        self.set_cookie(DEVICE_COOKIE, device, httponly=True, samesite="Lax", path="/")
        self.redirect(f"/{SITE}/{self.classroom.current}")


class Home(Guarded):
    def get(self) -> None:
        if not self.admitted():
            raise web.HTTPError(403)
        self.redirect(f"/{SITE}/{self.classroom.current}")


class Page(Guarded):
    """A file of the site, read-only; a deck page comes with its class settings."""

    def get(self, path: str) -> None:
        if not self.admitted():
            raise web.HTTPError(403)
        target = site_file(self.classroom.root, path)
        if target is None:
            raise web.HTTPError(404)
        deck = self.classroom.pages.get(path)
        if deck is not None:
            html = target.read_text(encoding="utf-8")
            self.set_header("Content-Type", "text/html; charset=utf-8")
            return self.finish(class_page(html, {"deck": deck, "socket": f"/{SOCKET}/{deck}"}))
        self.set_header("Content-Type", mimetypes.guess_type(target.name)[0] or "application/octet-stream")
        self.set_header("Cache-Control", "private, max-age=600")  # a class loads reveal.js and fonts once
        return self.finish(target.read_bytes())

    head = get


def class_page(html: str, settings: dict) -> str:
    """The page with `window.COURSE_CLASS` set in its head (every `<` escaped: no way out of the script)."""
    payload = json.dumps(settings).replace("<", "\\u003c")
    return html.replace("</head>", f"<script>window.COURSE_CLASS = {payload};</script>\n</head>", 1)


def application(classroom: Classroom) -> web.Application:
    arguments = {"classroom": classroom}
    return web.Application([
        (f"/{JOIN}", Join, arguments), ("/", Home, arguments), (f"/{SITE}/(.*)", Page, arguments),
        (f"/{SOCKET}/([\\w-]+)", Student, arguments), (f"/{PRESENTER}/([\\w-]+)", Presenter, arguments),
    ], log_function=lambda handler: None, websocket_ping_interval=20, websocket_ping_timeout=20,
        websocket_max_message_size=PRESENTER_MESSAGE_BYTES)


def bind(classroom: Classroom, host: str, port: int = 0) -> list:
    """The class's listening sockets on `host` (and on 127.0.0.1 at the same port, for the presenter's page);
    `classroom.base` is then its address as students type it."""
    sockets = bind_sockets(port, host)
    classroom.host, classroom.port = host, sockets[0].getsockname()[1]
    if not hosts.is_loopback(host) and host not in hosts.WILDCARDS:
        sockets += bind_sockets(classroom.port, "127.0.0.1")
    classroom.base = f"http://{hosts.local_name(host)}:{classroom.port}"
    return sockets


def serve(classroom: Classroom, sockets: list) -> HTTPServer:
    """Serve the class on the current event loop (the present server's)."""
    server = HTTPServer(application(classroom), idle_connection_timeout=30, body_timeout=30, max_body_size=1 << 16,
                        max_buffer_size=PRESENTER_MESSAGE_BYTES * 2)
    server.add_sockets(sockets)
    return server


def presenter_socket(classroom: Classroom, deck: str) -> str:
    """The address the presenter's page publishes to (loopback: the token never crosses the network)."""
    return f"ws://127.0.0.1:{classroom.port}/{PRESENTER}/{deck}"
