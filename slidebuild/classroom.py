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

import hmac
import json
import mimetypes
import socket
import sys
from pathlib import Path

import segno
from tornado import web, websocket
from tornado.httpserver import HTTPServer
from tornado.netutil import bind_sockets

from slidebuild import hosts
from slidebuild.rooms import Admission, RateLimit, Room, quiz_polls, votes_csv
from slidebuild.serve import site_file

SITE, JOIN, SOCKET, PRESENTER = "site", "join", "class-socket", "class-presenter"  # URL prefixes
DEVICE_COOKIE = "class_device"
MAX_STUDENTS = 600  # open student sockets, all decks together
STUDENT_MESSAGE_BYTES = 2048
PRESENTER_MESSAGE_BYTES = 4 << 20  # a re-run cell's output (HTML, images inline)
STUDENT_RATE, STUDENT_BURST = 5.0, 20  # messages a second per socket, and at once
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

    def broadcast(self, deck: str, message: dict) -> None:
        text = json.dumps(message)
        for student in list(self.students[deck]):
            student.send(text)

    def tell_presenters(self, message: dict, deck: str | None = None) -> None:
        text = json.dumps(message)
        for presenter in list(self.presenters):
            if deck is None or presenter.deck == deck:
                presenter.send(text)

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


class Channel(websocket.WebSocketHandler):
    """What both sockets share: the Host check before the upgrade, and sending that ignores a closed socket."""

    def initialize(self, classroom: Classroom) -> None:
        self.classroom, self.deck = classroom, ""

    def prepare(self):
        if not hosts.host_header_allowed(self.request.host, self.classroom.host, self.classroom.port):
            raise web.HTTPError(403)

    def send(self, text: str) -> None:
        try:
            self.write_message(text)
        except websocket.WebSocketClosedError:
            pass

    def message(self, text: str | bytes) -> dict:
        try:
            message = json.loads(text)
        except ValueError:
            return {}
        return message if isinstance(message, dict) else {}


class Student(Channel):
    """A student's page: receives the deck's state, sends votes (rate-limited)."""

    def prepare(self):
        super().prepare()
        if self.request.headers.get("Origin") != f"http://{self.request.host}":
            raise web.HTTPError(403, "cross-origin socket refused")  # a page of this server only
        self.device = self.get_cookie(DEVICE_COOKIE)
        if not self.classroom.admission.admitted(self.device):
            raise web.HTTPError(403)
        if self.classroom.count() >= MAX_STUDENTS:
            raise web.HTTPError(503, "the class is full")

    @property
    def max_message_size(self) -> int:
        return STUDENT_MESSAGE_BYTES

    def check_origin(self, origin: str) -> bool:
        return origin == f"http://{self.request.host}"

    def open(self, deck: str) -> None:
        if deck not in self.classroom.rooms:
            return self.close(1008, "no such deck")
        self.deck, self.limit = deck, RateLimit(STUDENT_RATE, STUDENT_BURST)
        self.classroom.students[deck].add(self)
        self.send(json.dumps(self.classroom.rooms[deck].snapshot(self.device)))
        self.classroom.tell_presenters({"type": "students", "students": self.classroom.count()})
        return None

    def on_message(self, text) -> None:
        if not self.deck:
            return None
        if not self.limit.allow():
            return self.close(1008, "too many messages")
        message = self.message(text)
        room = self.classroom.rooms[self.deck]
        key = message.get("poll")
        if message.get("type") != "vote" or not isinstance(key, str) or key not in room.polls:
            return None
        if room.polls[key].vote(self.device, message.get("choices")):
            self.classroom.tell_presenters(self.classroom.votes(self.deck, key), self.deck)
        mine = sorted(room.polls[key].ballots.get(self.device, ()))
        self.send(json.dumps({"type": "ballot", "poll": key, "mine": mine}))
        return None

    def on_close(self) -> None:
        if self.deck:
            self.classroom.students[self.deck].discard(self)
            self.classroom.tell_presenters({"type": "students", "students": self.classroom.count()})


class Presenter(Channel):
    """The presenter's page (on the present server, this machine): publishes its slide, re-run cells and
    reveals, controls the room, sees the votes. Its first message must carry the presenter's token."""

    def initialize(self, classroom: Classroom) -> None:
        super().initialize(classroom)
        self.trusted = False

    def prepare(self):
        super().prepare()
        if not hosts.is_loopback(self.request.remote_ip) or \
                self.request.headers.get("Origin") not in self.classroom.presenter_origins:
            raise web.HTTPError(403)  # the presenter's page, on this machine, only

    def check_origin(self, origin: str) -> bool:
        return origin in self.classroom.presenter_origins

    def open(self, deck: str) -> None:
        if deck not in self.classroom.rooms:
            return self.close(1008, "no such deck")
        self.deck = deck
        return None

    def on_message(self, text) -> None:
        message = self.message(text)
        if not self.deck:
            return None
        if not self.trusted:
            token = message.get("token")
            if message.get("type") != "hello" or not isinstance(token, str) or \
                    not hmac.compare_digest(token.encode(), self.classroom.token.encode()):
                return self.close(1008, "not the presenter")
            self.trusted = True
            self.classroom.presenters.add(self)
            self.send(json.dumps(self.classroom.info()))
            for key in self.classroom.rooms[self.deck].polls:
                self.send(json.dumps(self.classroom.votes(self.deck, key)))
            return None
        handler = getattr(self, f"do_{message.get('type')}", None) if message.get("type") in ACTIONS else None
        return handler(message) if handler else None

    def do_position(self, message: dict) -> None:
        room, classroom = self.classroom.rooms[self.deck], self.classroom
        if room.move(message):
            classroom.broadcast(self.deck, {"type": "position", "position": room.position})
            self.change_deck()
        revealed = message.get("revealed")
        for key in revealed if isinstance(revealed, list) else []:
            if isinstance(key, str) and room.reveal(key):
                classroom.broadcast(self.deck, room.results(key))
                classroom.tell_presenters(room.results(key), self.deck)

    def change_deck(self) -> None:
        """The presenter moved to another deck: the students following elsewhere are sent to it."""
        classroom = self.classroom
        page = next(page for page, deck in classroom.pages.items() if deck == self.deck)
        if page != classroom.current:
            classroom.current = page
            for deck in classroom.rooms:
                if deck != self.deck:
                    classroom.broadcast(deck, {"type": "deck", "page": f"/{SITE}/{page}"})

    def do_cell(self, message: dict) -> None:
        cell = self.classroom.rooms[self.deck].rerun(message)
        if cell is not None:
            self.classroom.broadcast(self.deck, {"type": "cell", **cell})

    def do_lock(self, message: dict) -> None:
        self.classroom.admission.locked = bool(message.get("locked"))
        self.classroom.tell_presenters(self.classroom.info())

    def do_rotate(self, message: dict) -> None:
        self.classroom.admission.rotate()
        self.classroom.tell_presenters(self.classroom.info())

    def do_export(self, message: dict) -> None:
        self.send(json.dumps({"type": "csv", "text": votes_csv(self.classroom.rooms)}))

    def do_info(self, message: dict) -> None:
        self.send(json.dumps(self.classroom.info()))

    def on_close(self) -> None:
        self.classroom.presenters.discard(self)


ACTIONS = ("position", "cell", "lock", "rotate", "export", "info")


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
