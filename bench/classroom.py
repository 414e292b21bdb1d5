"""A lecture hall on loopback: simulated students (websocket clients, each a device of its own) against the
class server of `build.py present --class`, run in a process of its own as under `present`.

The presenter changes slide every `--gap` seconds; every student's copy must arrive (the figure is the time from
the presenter's send to each student's receipt, both in this process). Every student votes, some change their
mind, and the counts the presenter sees and the result revealed to each student must equal the ballots cast.
The server's memory (resident set) is reported before and after the class joins.

    python bench/classroom.py [--students 300] [--moves 40] [--gap 0.2]
"""

import argparse
import asyncio
import json
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TOKEN = "bench-presenter-token"
PRESENTER_ORIGIN = "http://127.0.0.1:1"
OPTIONS = ("A", "B", "C", "D")
POLL = "1.0"
P95_LIMIT_MS = 250  # the bar for slide-change delivery


def serve(root: str) -> None:
    """The server process: a class with one deck whose slide 1 is a quiz; prints its port and key."""
    from tornado.ioloop import IOLoop

    from slidebuild.classroom import Classroom, bind
    from slidebuild.classroom import serve as start
    from slidebuild.rooms import Poll, Room

    room = Classroom(Path(root), {"slides/deck.html": "deck"}, {"deck": Room({POLL: Poll(OPTIONS, False)})}, TOKEN)
    room.presenter_origins.add(PRESENTER_ORIGIN)
    start(room, bind(room, "127.0.0.1"))
    print(room.port, room.admission.key, flush=True)
    IOLoop.current().start()


def resident_kib(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1])
    return 0


async def join(port: int, key: str) -> str:
    from tornado.httpclient import AsyncHTTPClient

    response = await AsyncHTTPClient().fetch(f"http://127.0.0.1:{port}/join?key={key}", follow_redirects=False,
                                             raise_error=False)
    return response.headers.get_list("Set-Cookie")[0].split(";", 1)[0]


async def connect(port: int, path: str, origin: str, cookie: str = ""):
    from tornado.httpclient import HTTPRequest
    from tornado.websocket import websocket_connect

    headers = {"Origin": origin, **({"Cookie": cookie} if cookie else {})}
    return await websocket_connect(HTTPRequest(f"ws://127.0.0.1:{port}{path}", headers=headers),
                                   max_message_size=1 << 20)


class Student:
    """One device: records when each slide arrives and what result it was shown."""

    def __init__(self, socket, sent: dict, delays: list):
        self.socket, self.sent, self.delays, self.result = socket, sent, delays, None

    async def listen(self) -> None:
        while True:
            text = await self.socket.read_message()
            if text is None:
                return
            message = json.loads(text)
            if message["type"] == "position" and message["position"]["h"] in self.sent:
                self.delays.append(time.perf_counter() - self.sent[message["position"]["h"]])
            elif message["type"] == "poll" and message.get("revealed"):
                self.result = message["counts"]


async def presenter_votes(presenter, wanted: dict, seconds: float) -> dict:
    """The presenter's counts, once they equal `wanted` (or the last seen when time is up)."""
    seen, deadline = {}, time.monotonic() + seconds
    while seen.get("counts") != wanted and time.monotonic() < deadline:
        try:
            text = await asyncio.wait_for(presenter.read_message(), max(0.01, deadline - time.monotonic()))
        except asyncio.TimeoutError:
            break
        message = json.loads(text)
        if message["type"] == "votes" and message["poll"] == POLL:
            seen = message
    return seen


async def lecture(port: int, key: str, pid: int, students: int, moves: int, gap: float) -> dict:
    figures = {"rss_idle_kib": resident_kib(pid)}
    started = time.perf_counter()
    cookies = [await join(port, key) for _ in range(students)]
    origin = f"http://127.0.0.1:{port}"
    sockets = await asyncio.gather(*(connect(port, "/class-socket/deck", origin, cookie) for cookie in cookies))
    figures["join_seconds"] = time.perf_counter() - started
    presenter = await connect(port, "/class-presenter/deck", PRESENTER_ORIGIN)
    await presenter.write_message(json.dumps({"type": "hello", "token": TOKEN}))
    sent, delays = {}, []
    class_ = [Student(socket, sent, delays) for socket in sockets]
    listeners = [asyncio.ensure_future(student.listen()) for student in class_]
    figures["rss_joined_kib"] = resident_kib(pid)
    for move in range(2, moves + 2):  # slides 2.. (slide 1 is the quiz)
        sent[move] = time.perf_counter()
        await presenter.write_message(json.dumps({"type": "position", "h": move, "v": 0, "f": -1}))
        await asyncio.sleep(gap)
    await asyncio.sleep(1.0)
    figures["deliveries"], figures["expected_deliveries"] = len(delays), students * moves
    figures["p50_ms"] = statistics.median(delays) * 1000
    figures["p95_ms"] = statistics.quantiles(delays, n=20)[-1] * 1000
    figures["max_ms"] = max(delays) * 1000
    figures.update(await vote(presenter, class_))
    figures["rss_after_kib"] = resident_kib(pid)
    for socket in (*sockets, presenter):
        socket.close()
    await asyncio.gather(*listeners)
    return figures


async def vote(presenter, class_: list) -> dict:
    """Everyone votes, a third change their mind; the counts must be exact, for the presenter and for all."""
    random.seed(17)
    ballots = [random.choice(OPTIONS) for _ in class_]
    for student, choice in zip(class_, ballots):
        await student.socket.write_message(json.dumps({"type": "vote", "poll": POLL, "choices": [choice]}))
    for index in range(0, len(class_), 3):
        ballots[index] = random.choice(OPTIONS)
        await class_[index].socket.write_message(json.dumps({"type": "vote", "poll": POLL,
                                                             "choices": [ballots[index]]}))
    wanted = {option: ballots.count(option) for option in OPTIONS}
    started = time.perf_counter()
    seen = await presenter_votes(presenter, wanted, 30)
    counted = time.perf_counter() - started
    await presenter.write_message(json.dumps({"type": "position", "h": 1, "v": 0, "f": 0, "revealed": [POLL]}))
    deadline = time.monotonic() + 30
    while any(student.result is None for student in class_) and time.monotonic() < deadline:
        await asyncio.sleep(0.05)
    return {"votes": sum(wanted.values()), "counts_exact": seen.get("counts") == wanted,
            "results_exact": all(student.result == wanted for student in class_), "count_seconds": counted}


def main(argv: list | None = None) -> dict:
    options = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    options.add_argument("--students", type=int, default=300)
    options.add_argument("--moves", type=int, default=40)
    options.add_argument("--gap", type=float, default=0.2, help="seconds between slide changes")
    options.add_argument("--serve", metavar="ROOT", help=argparse.SUPPRESS)
    args = options.parse_args(argv)
    if args.serve:
        serve(args.serve)
        return {}
    with tempfile.TemporaryDirectory() as root:
        server = subprocess.Popen([sys.executable, __file__, "--serve", root], stdout=subprocess.PIPE, text=True,
                                  cwd=ROOT, env={**os.environ, "PYTHONPATH": str(ROOT)})
        try:
            port, key = server.stdout.readline().split()
            figures = asyncio.run(lecture(int(port), key, server.pid, args.students, args.moves, args.gap))
        finally:
            server.terminate()
            server.wait(timeout=10)
            server.stdout.close()
    report(figures, args.students)
    return figures


def report(figures: dict, students: int) -> None:
    print(f"{students} students joined in {figures['join_seconds']:.2f} s")
    print(f"slide changes: {figures['deliveries']}/{figures['expected_deliveries']} delivered, "
          f"p50 {figures['p50_ms']:.1f} ms, p95 {figures['p95_ms']:.1f} ms, max {figures['max_ms']:.1f} ms")
    print(f"votes: {figures['votes']} ballots, presenter's counts exact: {figures['counts_exact']} "
          f"(in {figures['count_seconds']:.2f} s), revealed result exact on every device: {figures['results_exact']}")
    print(f"server memory (RSS): {figures['rss_idle_kib'] / 1024:.1f} MiB idle, "
          f"{figures['rss_joined_kib'] / 1024:.1f} MiB with the class joined, "
          f"{figures['rss_after_kib'] / 1024:.1f} MiB after the votes")
    print(f"{'PASS' if passed(figures) else 'FAIL'}: every slide delivered, p95 under {P95_LIMIT_MS} ms, counts exact")


def passed(figures: dict) -> bool:
    return (figures["deliveries"] == figures["expected_deliveries"] and figures["p95_ms"] < P95_LIMIT_MS
            and figures["counts_exact"] and figures["results_exact"])


if __name__ == "__main__":
    figures = main()
    sys.exit(0 if not figures or passed(figures) else 1)
