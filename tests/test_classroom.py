"""The class server (`build.py present --class`) over real HTTP and websockets, without a kernel or a browser:
who may join, what it serves (the site, read-only, and nothing else), the live channel, polls and limits."""

import asyncio
import http.client
import json
import threading
from contextlib import contextmanager

import jupytext
import pytest
import websocket
from tornado.ioloop import IOLoop

from slidebuild import channels, classroom, config
from slidebuild.classroom import Classroom, bind, serve
from slidebuild.rooms import Admission, Poll, RateLimit, Room, quiz_polls, votes_csv

TOKEN = "the-presenters-token"
PRESENTER_ORIGIN = "http://127.0.0.1:5555"  # the present server's page
DECK = config.ROOT / "tests" / "decks" / "classroom.py"


@contextmanager
def class_server(root, host: str = "127.0.0.1"):
    """A class for tests/decks/classroom.py, its site in `root`, served from a thread until the block ends."""
    rooms = {"classroom": Room(quiz_polls(jupytext.read(DECK).cells)), "other": Room({})}
    room = Classroom(root, {"slides/classroom.html": "classroom", "slides/other.html": "other"}, rooms, TOKEN)
    room.presenter_origins.add(PRESENTER_ORIGIN)
    ready, loops = threading.Event(), []

    def run():
        asyncio.set_event_loop(asyncio.new_event_loop())
        loop = IOLoop.current()
        server = serve(room, bind(room, host))
        loops.append(loop)
        ready.set()
        loop.start()
        server.stop()
        loop.close(all_fds=True)

    thread = threading.Thread(target=run, daemon=True)
    thread.start()
    assert ready.wait(10)
    try:
        yield room
    finally:
        loops[0].add_callback(loops[0].stop)
        thread.join(timeout=10)


@pytest.fixture
def site(tmp_path):
    root = tmp_path / "site"
    (root / "slides").mkdir(parents=True)
    (root / "slides" / "classroom.html").write_text("<html><head></head><body>deck</body></html>")
    (root / "index.html").write_text("<html><head></head><body>index</body></html>")
    (root / "static").mkdir()
    (root / "static" / "live.js").write_text("// client")
    (tmp_path / "secret.txt").write_text("outside the site")
    (root / "slides" / "escape.txt").symlink_to(tmp_path / "secret.txt")
    return root


@pytest.fixture
def room(site):
    with class_server(site) as running:
        yield running


def request(room, path: str, headers: dict | None = None, method: str = "GET", host: str = "127.0.0.1") -> tuple:
    connection = http.client.HTTPConnection(host, room.port, timeout=10)
    try:
        connection.request(method, path, headers=headers or {})
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read().decode()
    finally:
        connection.close()


def join(room, key: str | None = None) -> str:
    """The device cookie a browser gets from the join address."""
    status, headers, body = request(room, f"/join?key={key or room.admission.key}")
    assert status == 302 and headers["Location"] == "/site/slides/classroom.html", (status, body)
    return headers["Set-Cookie"].split(";", 1)[0]


def student(room, cookie: str, origin: str | None = None):
    socket = websocket.create_connection(f"ws://127.0.0.1:{room.port}/class-socket/classroom", timeout=10,
                                         cookie=cookie, origin=origin or f"http://127.0.0.1:{room.port}")
    state = json.loads(socket.recv())
    assert state["type"] == "state"
    return socket, state


def presenter(room, token: str = TOKEN, origin: str = PRESENTER_ORIGIN, deck: str = "classroom"):
    socket = websocket.create_connection(f"ws://127.0.0.1:{room.port}/class-presenter/{deck}", timeout=10,
                                         origin=origin)
    socket.send(json.dumps({"type": "hello", "token": token}))
    return socket


def receive(socket, kind: str) -> dict:
    """The next message of that type (others, such as vote counts, are skipped)."""
    while True:
        message = json.loads(socket.recv())
        if message["type"] == kind:
            return message


def close_code(socket) -> int | None:
    """The status code of the close frame the server sends (other messages are skipped)."""
    try:
        while True:
            opcode, data = socket.recv_data(control_frame=True)
            if opcode == websocket.ABNF.OPCODE_CLOSE:
                return int.from_bytes(data[:2], "big") if data else None
    except (websocket.WebSocketConnectionClosedException, ConnectionResetError, BrokenPipeError):
        return None
    finally:
        socket.shutdown()


def test_a_poll_keeps_one_ballot_per_device_changeable_until_the_answer_is_shown():
    single, several = Poll(("A", "B", "C"), several=False), Poll(("A", "B", "C"), several=True)
    assert single.vote("one", ["A"]) and single.vote("two", ["A"]) and single.vote("one", ["B"])
    assert single.counts() == {"voters": 2, "counts": {"A": 1, "B": 1, "C": 0}}  # one's first vote was replaced
    assert not single.vote("one", ["A", "B"]) and not single.vote("one", ["Z"]) and not single.vote("one", "A")
    assert several.vote("one", ["A", "C"]) and several.counts()["counts"] == {"A": 1, "B": 0, "C": 1}
    assert single.vote("two", []) and single.counts()["voters"] == 1  # a ballot taken back
    single.revealed = True
    assert not single.vote("one", ["C"]) and single.counts()["counts"]["B"] == 1  # closed once revealed


def test_quiz_slides_of_every_written_form_become_polls():
    polls = quiz_polls(jupytext.read(DECK).cells)
    assert {key: (poll.options, poll.several) for key, poll in polls.items()} == {
        "2.0": (("A", "B", "C"), False), "3.0": (("A", "B", "C"), True)}
    numbered = quiz_polls(jupytext.read(config.ROOT / "slides" / "10_Cloud_Computing.py").cells)
    assert numbered and all(poll.options == ("1", "2", "3", "4") for poll in numbered.values())


def test_the_votes_export_is_anonymous_counts_only():
    room = Room({"2.0": Poll(("A", "B"), several=False)})
    room.polls["2.0"].vote("device-secret", ["B"])
    text = votes_csv({"deck": room})
    assert text.splitlines() == ["deck,slide,option,votes,voters,revealed", "deck,2.0,A,0,1,False",
                                 "deck,2.0,B,1,1,False"]
    assert "device-secret" not in text


def test_a_rate_limit_allows_a_burst_then_the_rate():
    now = [0.0]
    limit = RateLimit(rate=2, burst=3, clock=lambda: now[0])
    assert [limit.allow() for _ in range(4)] == [True, True, True, False]
    now[0] += 1.0
    assert [limit.allow() for _ in range(3)] == [True, True, False]


def test_admission_needs_the_key_and_an_open_room_and_survives_a_new_key():
    admission = Admission()
    assert admission.join("wrong") is None
    device = admission.join(admission.key)
    assert admission.admitted(device) and not admission.admitted("made-up") and not admission.admitted(None)
    old = admission.key
    admission.rotate()
    assert admission.join(old) is None and admission.admitted(device)
    other = admission.join(admission.key)
    admission.rotate(keep={device})  # the devices connected now stay in, the others must join again
    assert admission.admitted(device) and not admission.admitted(other)
    admission.locked = True
    assert admission.join(admission.key) is None


def test_nothing_is_served_without_joining_and_a_wrong_key_is_refused(room):
    for path in ("/", "/site/slides/classroom.html", "/site/index.html", "/site/static/live.js"):
        status, _, body = request(room, path)
        assert status == 403 and "Join the class" in body, path
    status, headers, _ = request(room, "/join?key=not-the-key")
    assert status == 403 and "Set-Cookie" not in headers
    status, headers, _ = request(room, f"/join?key={TOKEN}")  # the presenter's token is not a key either
    assert status == 403
    cookie = join(room)
    status, _, body = request(room, "/site/slides/classroom.html", {"Cookie": cookie})
    assert status == 200 and 'window.COURSE_CLASS = {"deck": "classroom", "socket": "/class-socket/classroom"}' in body
    assert TOKEN not in body and room.admission.key not in body
    assert request(room, "/", {"Cookie": cookie})[1]["Location"] == "/site/slides/classroom.html"


def test_no_kernel_api_or_file_outside_the_site_is_reachable_with_the_key(room):
    cookie = {"Cookie": join(room)}
    for path in ("/api/kernels", "/api/contents", "/api/sessions", "/present-login", "/static/live.js",
                 "/site/../secret.txt", "/site/%2e%2e/secret.txt", "/site/slides/..%2f..%2fsecret.txt",
                 "/site/slides/escape.txt", "/site//etc/passwd", "/site/slides/", "/class-presenter/classroom"):
        status, _, body = request(room, path, cookie)
        assert status in (400, 403, 404), (path, status)
        assert "outside the site" not in body
    assert request(room, "/site/index.html", cookie, method="POST")[0] == 405  # read-only
    assert request(room, "/site/index.html", {**cookie, "Host": "evil.example"})[0] == 403  # DNS rebinding


def test_a_student_socket_needs_a_joined_device_and_this_servers_origin(room):
    url = f"ws://127.0.0.1:{room.port}/class-socket/classroom"
    with pytest.raises(websocket.WebSocketBadStatusException, match="403"):
        websocket.create_connection(url, timeout=10, origin=f"http://127.0.0.1:{room.port}")
    cookie = join(room)
    with pytest.raises(websocket.WebSocketBadStatusException, match="403"):
        websocket.create_connection(url, timeout=10, cookie=cookie, origin="http://evil.example")
    socket, state = student(room, cookie)
    assert state["position"] == {"h": 0, "v": 0, "f": -1}
    assert state["polls"]["2.0"] == {"type": "poll", "poll": "2.0", "revealed": False, "options": ["A", "B", "C"],
                                     "title": "Quiz: how much is 3 + 4?",
                                     "several": False, "mine": []}
    socket.close()


def test_on_the_network_address_students_join_and_the_presenter_socket_stays_on_loopback(site):
    address = classroom.lan_address()
    if address == "127.0.0.1":
        pytest.skip("this machine has no network address")
    with class_server(site, address) as room:
        assert room.base == f"http://{address}:{room.port}" and room.join_url.startswith(room.base)
        status, headers, _ = request(room, f"/join?key={room.admission.key}", host=address)
        assert status == 302 and "class_device=" in headers["Set-Cookie"]
        with pytest.raises(websocket.WebSocketBadStatusException, match="403"):  # from the network: refused
            websocket.create_connection(f"ws://{address}:{room.port}/class-presenter/classroom", timeout=10,
                                        origin=PRESENTER_ORIGIN)
        lead = presenter(room)  # from this machine (127.0.0.1, the same port)
        assert receive(lead, "class")["join"] == room.join_url
        lead.close()


def test_the_presenter_socket_needs_its_origin_and_token(room):
    with pytest.raises(websocket.WebSocketBadStatusException, match="403"):
        presenter(room, origin=f"http://127.0.0.1:{room.port}")  # a student's page cannot publish
    refused = presenter(room, token=room.admission.key)  # nor can the session key
    assert close_code(refused) == 1008 and not room.presenters
    trusted = presenter(room)
    info = receive(trusted, "class")
    assert info["join"] == f"http://127.0.0.1:{room.port}/join?key={room.admission.key}" and "<svg" in info["qr"]
    trusted.close()


def test_students_follow_the_presenter_vote_and_see_the_result_once_revealed(room):
    lead = presenter(room)
    receive(lead, "class")
    students = [student(room, join(room))[0] for _ in range(3)]
    lead.send(json.dumps({"type": "position", "h": 2, "v": 0, "f": -1, "revealed": []}))
    for socket in students:
        assert receive(socket, "position")["position"] == {"h": 2, "v": 0, "f": -1}
    for socket, choice in zip(students, ("B", "A", "B")):
        socket.send(json.dumps({"type": "vote", "poll": "2.0", "choices": [choice]}))
        assert receive(socket, "ballot") == {"type": "ballot", "poll": "2.0", "mine": [choice]}
    students[1].send(json.dumps({"type": "vote", "poll": "2.0", "choices": ["B"]}))  # changed its mind
    receive(students[1], "ballot")
    counts = [receive(lead, "votes") for _ in range(2 + 4)]  # every poll's on connecting, then one per vote
    assert counts[-1] == {"type": "votes", "poll": "2.0", "voters": 3, "counts": {"A": 0, "B": 3, "C": 0}}
    lead.send(json.dumps({"type": "cell", "shown": 0, "code": "print(1)", "html": "<pre>1</pre>"}))
    lead.send(json.dumps({"type": "position", "h": 2, "v": 0, "f": 0, "revealed": ["2.0"]}))
    for socket in students:
        assert receive(socket, "cell") == {"type": "cell", "shown": 0, "code": "print(1)", "html": "<pre>1</pre>"}
        assert receive(socket, "poll") == {"type": "poll", "poll": "2.0", "revealed": True, "voters": 3,
                                           "counts": {"A": 0, "B": 3, "C": 0}}
    students[0].send(json.dumps({"type": "vote", "poll": "2.0", "choices": ["C"]}))
    assert receive(students[0], "ballot")["mine"] == ["B"]  # too late to change
    late, state = student(room, join(room))  # a device joining now gets it all at once
    assert state["position"]["f"] == 0 and state["polls"]["2.0"]["counts"]["B"] == 3 and len(state["cells"]) == 1
    lead.send(json.dumps({"type": "export"}))
    assert "classroom,2.0,B,3,3,True" in receive(lead, "csv")["text"]
    for socket in (*students, late, lead):
        socket.close()


def test_students_following_another_deck_are_sent_to_the_presenters_and_the_count_is_live(room):
    lead = presenter(room, deck="other")
    receive(lead, "class")
    socket, _ = student(room, join(room))
    assert receive(lead, "students")["students"] == 1
    lead.send(json.dumps({"type": "position", "h": 0, "v": 0, "f": -1}))
    assert receive(socket, "deck") == {"type": "deck", "page": "/site/slides/other.html"}
    assert request(room, f"/join?key={room.admission.key}")[1]["Location"] == "/site/slides/other.html"
    socket.close()
    assert receive(lead, "students")["students"] == 0
    lead.close()


def test_the_presenter_locks_the_room_and_rotates_the_key(room):
    lead = presenter(room)
    receive(lead, "class")
    inside = join(room)
    lead.send(json.dumps({"type": "lock", "locked": True}))
    assert receive(lead, "class")["locked"] is True
    assert request(room, f"/join?key={room.admission.key}")[0] == 403
    assert request(room, "/site/index.html", {"Cookie": inside})[0] == 200  # who is in stays in
    lead.send(json.dumps({"type": "lock", "locked": False}))
    receive(lead, "class")
    old = room.admission.key
    lead.send(json.dumps({"type": "rotate"}))
    info = receive(lead, "class")
    assert old not in info["join"] and request(room, f"/join?key={old}")[0] == 403
    join(room, info["join"].rsplit("=", 1)[1])
    lead.close()


def test_a_student_socket_is_closed_on_a_flood_or_an_oversized_message(room, monkeypatch):
    socket, _ = student(room, join(room))
    socket.send("x" * (channels.STUDENT_MESSAGE_BYTES + 1))
    assert close_code(socket) == 1009  # message too big
    socket, _ = student(room, join(room))
    for _ in range(channels.STUDENT_BURST + 1):
        socket.send(json.dumps({"type": "vote", "poll": "2.0", "choices": ["A"]}))
    assert close_code(socket) == 1008
    device = join(room)
    tabs = [student(room, device)[0] for _ in range(channels.MAX_SOCKETS_PER_DEVICE)]
    with pytest.raises(websocket.WebSocketBadStatusException, match="429"):  # one device cannot fill the room
        student(room, device)
    for tab in tabs:
        tab.close()
    monkeypatch.setattr(channels, "MAX_STUDENTS", 1)
    kept, _ = student(room, join(room))
    with pytest.raises(websocket.WebSocketBadStatusException, match="503"):
        student(room, join(room))
    kept.close()


def test_the_lecture_hall_benchmark_delivers_every_slide_and_counts_exactly(capsys):
    from bench import classroom as bench

    figures = bench.main(["--students", "20", "--moves", "3", "--gap", "0.05"])
    assert figures["deliveries"] == figures["expected_deliveries"] == 60
    assert figures["counts_exact"] and figures["results_exact"] and figures["votes"] == 20
    printed = capsys.readouterr().out
    assert "20 students joined" in printed and "p95" in printed and "server memory (RSS)" in printed
    assert ("PASS: every slide delivered" in printed) == bench.passed(figures)


def test_without_the_class_option_no_class_server_is_asked_for():
    from slidebuild import cli

    assert cli.parser().parse_args(["present"]).classroom is False
    assert cli.parser().parse_args(["present", "--class"]).classroom is True
