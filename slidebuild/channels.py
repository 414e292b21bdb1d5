"""The class server's two live channels (websockets), see `slidebuild.classroom`: a student's page receives its
deck's state and sends votes (rate-limited, size-capped, from this server's pages only, for an admitted device);
the presenter's page, on this machine and from the present server's origin, proves itself with the token and
then publishes its slide, re-run cells and revealed answers, and controls the room."""

import hmac
import json

from tornado import web, websocket

from slidebuild import hosts
from slidebuild.rooms import RateLimit, votes_csv

SOCKET, PRESENTER = "class-socket", "class-presenter"  # URL prefixes
DEVICE_COOKIE = "class_device"
MAX_STUDENTS = 600  # open student sockets, all decks together
MAX_SOCKETS_PER_DEVICE = 4  # a few tabs; one device cannot fill the room
STUDENT_MESSAGE_BYTES = 2048
PRESENTER_MESSAGE_BYTES = 4 << 20  # a re-run cell's output (HTML, images inline)
STUDENT_RATE, STUDENT_BURST = 5.0, 20  # messages a second per socket, and at once


class Channel(websocket.WebSocketHandler):
    """What both sockets share: the Host check before the upgrade, and sending that ignores a closed socket."""

    def initialize(self, classroom) -> None:  # a slidebuild.classroom.Classroom
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
        if sum(student.device == self.device for student in self.classroom.sockets()) >= MAX_SOCKETS_PER_DEVICE:
            raise web.HTTPError(429, "too many pages open on this device")

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

    def initialize(self, classroom) -> None:
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
            classroom.presenting(self.deck)
        revealed = message.get("revealed")
        for key in revealed if isinstance(revealed, list) else []:
            if isinstance(key, str) and room.reveal(key):
                classroom.broadcast(self.deck, room.results(key))
                classroom.tell_presenters(room.results(key), self.deck)

    def do_cell(self, message: dict) -> None:
        cell = self.classroom.rooms[self.deck].rerun(message)
        if cell is not None:
            self.classroom.broadcast(self.deck, {"type": "cell", **cell})

    def do_lock(self, message: dict) -> None:
        self.classroom.admission.locked = bool(message.get("locked"))
        self.classroom.tell_presenters(self.classroom.info())

    def do_rotate(self, message: dict) -> None:
        self.classroom.admission.rotate(keep={student.device for student in self.classroom.sockets()})
        self.classroom.tell_presenters(self.classroom.info())

    def do_export(self, message: dict) -> None:
        self.send(json.dumps({"type": "csv", "text": votes_csv(self.classroom.rooms)}))

    def do_info(self, message: dict) -> None:
        self.send(json.dumps(self.classroom.info()))

    def on_close(self) -> None:
        self.classroom.presenters.discard(self)


ACTIONS = ("position", "cell", "lock", "rotate", "export", "info")
