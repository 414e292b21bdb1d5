"""The state of a class (`build.py present --class`), in memory only: who may join, and for each deck the
presenter's slide, the cells re-run live and the quiz polls. No network code here: the class server
(`slidebuild.classroom`) feeds it messages."""

import csv
import hmac
import io
import re
import secrets
import time

from slidebuild.live import slide_positions, slide_type

QUIZ_HEADING = re.compile(r"^#+\s*Quiz\b", re.IGNORECASE | re.MULTILINE)
QUIZ_OPTION = re.compile(r"^\s*(?:[-*]\s+)?([A-Z]|[1-9]\d?)\.\s+\S", re.MULTILINE)  # A. or 1. (a list)
MAX_DEVICES = 2000  # devices admitted to a class (joins past that are refused)


class Poll:
    """One quiz slide's votes: one ballot per device (a set of options), changeable until the answer is shown."""

    def __init__(self, options: tuple, several: bool, title: str = ""):
        self.options, self.several, self.title = options, several, title
        self.ballots, self.revealed = {}, False

    def vote(self, device: str, choices: list) -> bool:
        """Record (or replace) the device's ballot; False if it is not a valid one or the answer is out."""
        chosen = set(choices) if isinstance(choices, list) else None
        if self.revealed or chosen is None or not chosen <= set(self.options) or \
                (not self.several and len(chosen) > 1):
            return False
        if chosen:
            self.ballots[device] = frozenset(chosen)
        else:
            self.ballots.pop(device, None)
        return True

    def counts(self) -> dict:
        tally = {option: 0 for option in self.options}
        for ballot in self.ballots.values():
            for option in ballot:
                tally[option] += 1
        return {"voters": len(self.ballots), "counts": tally}


def quiz_polls(cells: list) -> dict:
    """The polls of a deck: every slide whose heading starts with "Quiz", that lists options (`A. ...` or a
    numbered list) and reveals a `quiz-answer` later, by its reveal.js position "h.v"; "several" in the
    question lets a ballot hold more than one option."""
    questions, answered = {}, set()
    for cell, (h, v) in zip(cells, slide_positions(cells)):
        if cell.cell_type != "markdown" or slide_type(cell) in ("skip", "notes") or \
                "remove-cell" in cell.metadata.get("tags", []):
            continue
        key = f"{h}.{v}"
        heading = QUIZ_HEADING.search(cell.source)
        if heading:
            options = tuple(dict.fromkeys(QUIZ_OPTION.findall(cell.source)))
            title = cell.source[heading.start():].splitlines()[0].lstrip("#").strip()
            if len(options) >= 2:
                questions[key] = Poll(options, "several" in cell.source.lower(), title)
        if "quiz-answer" in cell.source:
            answered.add(key)
    return {key: poll for key, poll in questions.items() if key in answered}


class Room:
    """One deck's class: where the presenter is, the cells re-run live (by position among the page's code
    cells) and the polls."""

    def __init__(self, polls: dict):
        self.position = {"h": 0, "v": 0, "f": -1}
        self.cells, self.polls = {}, polls

    def move(self, message: dict) -> bool:
        """The presenter's slide and fragment; the polls whose answer is shown there are closed."""
        position = {name: message.get(name) for name in ("h", "v", "f")}
        if not all(isinstance(value, int) and -1 <= value < 10_000 for value in position.values()):
            return False
        self.position = position
        return True

    def reveal(self, key: str) -> bool:
        """Close a poll and show its result; True the first time."""
        poll = self.polls.get(key)
        if poll is None or poll.revealed:
            return False
        poll.revealed = True
        return True

    def rerun(self, message: dict) -> dict | None:
        cell = {"shown": message.get("shown"), "code": message.get("code"), "html": message.get("html")}
        if not isinstance(cell["shown"], int) or not isinstance(cell["code"], str) or not isinstance(cell["html"], str):
            return None
        self.cells[cell["shown"]] = cell
        return cell

    def results(self, key: str) -> dict:
        poll = self.polls[key]
        return {"type": "poll", "poll": key, "revealed": poll.revealed, **(poll.counts() if poll.revealed else {})}

    def snapshot(self, device: str) -> dict:
        """Everything a student's page needs on (re)connecting."""
        mine = {key: sorted(poll.ballots.get(device, ())) for key, poll in self.polls.items()}
        polls = {key: {**self.results(key), "options": list(poll.options), "several": poll.several, "mine": mine[key],
                       "title": poll.title} for key, poll in self.polls.items()}
        return {"type": "state", "position": self.position, "cells": list(self.cells.values()), "polls": polls}


class Admission:
    """Who may join: the session key of the join address (never the presenter's token), a lock, and the
    devices admitted so far (a random id in a cookie), which stay in when the key changes."""

    def __init__(self):
        self.key, self.locked, self.devices = secrets.token_urlsafe(9), False, set()

    def join(self, key: str) -> str | None:
        """A new device id for a browser that offers the current key while the room is open, else None."""
        if self.locked or len(self.devices) >= MAX_DEVICES or not hmac.compare_digest(key.encode(), self.key.encode()):
            return None
        device = secrets.token_urlsafe(16)
        self.devices.add(device)
        return device

    def admitted(self, device: str | None) -> bool:
        return bool(device) and device in self.devices

    def rotate(self, keep: set | None = None) -> None:
        """A new key; with `keep` (the devices connected now), every other device must join again: a key that
        leaked cannot have filled the room with devices."""
        self.key = secrets.token_urlsafe(9)
        if keep is not None:
            self.devices &= keep


class RateLimit:
    """A token bucket: `rate` messages a second on average, `burst` at once."""

    def __init__(self, rate: float, burst: int, clock=time.monotonic):
        self.rate, self.burst, self.clock = rate, burst, clock
        self.tokens, self.last = float(burst), clock()

    def allow(self) -> bool:
        now = self.clock()
        self.tokens = min(self.burst, self.tokens + (now - self.last) * self.rate)
        self.last = now
        if self.tokens < 1:
            return False
        self.tokens -= 1
        return True


def votes_csv(rooms: dict) -> str:
    """Every poll's counts, one row per option (no device id: the votes are anonymous)."""
    text = io.StringIO()
    writer = csv.writer(text)
    writer.writerow(["deck", "slide", "option", "votes", "voters", "revealed"])
    for name, room in rooms.items():
        for key, poll in room.polls.items():
            counts = poll.counts()
            for option, votes in counts["counts"].items():
                writer.writerow([name, key, option, votes, counts["voters"], poll.revealed])
    return text.getvalue()
