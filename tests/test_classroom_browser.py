"""`build.py present --class` end to end in Chromium: a presenter's page on the present server and students'
pages on the class address. Students follow slides and fragments, see a live re-run, vote on a quiz and see
the revealed result while the presenter sees the counts; the key admits, nothing else does."""

import http.client
import json
import re
import subprocess
import sys
import threading
import time
from urllib.parse import urlsplit

import pytest

from slidebuild import browser, config
from tests.test_present import editor_code, stop, type_code

pytestmark = [pytest.mark.browser, pytest.mark.kernel]

STUDENTS = 3


class Running:
    """A `build.py present --class` process and what it printed."""

    def __init__(self, process: subprocess.Popen):
        self.process, self.lines = process, []
        self.reader = threading.Thread(target=self.read, daemon=True)
        self.reader.start()

    def read(self) -> None:
        for line in iter(self.process.stdout.readline, ""):
            self.lines.append(line)

    def wait_for(self, pattern: str, seconds: float = 180) -> re.Match:
        deadline = time.monotonic() + seconds
        while time.monotonic() < deadline:
            match = re.search(pattern, "".join(self.lines))
            if match:
                return match
            assert self.process.poll() is None, "".join(self.lines)
            time.sleep(0.1)
        raise AssertionError(f"never printed {pattern!r}:\n{''.join(self.lines)}")

    def stop(self) -> None:
        stop(self)  # as test_present stops its server: Ctrl+C, then kill whatever is left


@pytest.fixture(scope="module")
def lecture(tmp_path_factory):
    from tests.conftest import Site

    site = Site(tmp_path_factory.mktemp("classroom"))
    deck = site.add("classroom.py")
    process = subprocess.Popen(
        [sys.executable, str(config.ROOT / "build.py"), "present", str(deck), "--no-browser", "--port", "0",
         "--class", "--class-host", "127.0.0.1", "--out", str(site.out), "--cache", str(site.cache), "--quiet"],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    running = Running(process)
    try:
        running.once = running.wait_for(r"at (http://127\.0\.0\.1:\d+/present-login\?once=[\w-]+) ").group(1)
        running.join = running.wait_for(r"students join at (http://127\.0\.0\.1:\d+/join\?key=[\w-]+) ").group(1)
        yield running
    finally:
        running.stop()


@pytest.fixture(scope="module")
def chromium():
    with browser.browser() as instance:
        yield instance


@pytest.fixture(scope="module")
def presenting(lecture, chromium):
    """The presenter's browser, logged in by the one-time address (which works once)."""
    context = chromium.new_context(viewport=browser.VIEWPORT)
    page = context.new_page()
    page.goto(lecture.once)
    page.wait_for_selector("body.deck-ready")
    lecture.deck = page.url.split("?", 1)[0].split("#", 1)[0]
    page.close()
    yield context
    context.close()


def present(presenting, lecture, errors: list, requests: list):
    """A presenter's page of the deck, its kernel idle."""
    page = watched(presenting, errors, requests)
    page.goto(lecture.deck)
    page.wait_for_selector('#live-kernel[data-state="idle"]', timeout=60_000)
    return page


def status_of(url: str, headers: dict | None = None) -> int:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path + (f"?{parts.query}" if parts.query else ""), headers=headers or {})
        return connection.getresponse().status
    finally:
        connection.close()


def fetch(url: str, headers: dict) -> str:
    parts = urlsplit(url)
    connection = http.client.HTTPConnection(parts.hostname, parts.port, timeout=10)
    try:
        connection.request("GET", parts.path, headers=headers)
        response = connection.getresponse()
        assert response.status == 200, response.status
        return response.read().decode()
    finally:
        connection.close()


def watched(context, errors: list, requests: list):
    page = context.new_page()
    page.on("console", lambda message: errors.append(message.text) if message.type == "error" else None)
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    return page


def at(page, h: int, v: int = 0, f: int = -1, timeout: float = 10_000) -> None:
    """Wait until the page shows slide (h, v) with fragment f (-1: none shown)."""
    page.wait_for_function(f"""() => {{ const i = Reveal.getIndices();
        return i.h === {h} && (i.v || 0) === {v} && (i.f ?? -1) === {f}; }}""", timeout=timeout)


def test_students_follow_see_live_runs_vote_and_see_the_result(lecture, chromium, presenting):
    errors, requests = [], []
    printed = "".join(lecture.lines)
    assert "\u2588\u2588\u2588\u2588 \u2584\u2584\u2584\u2584\u2584 " in printed.split(lecture.join, 1)[1]  # its QR code
    presenter = present(presenting, lecture, errors, requests)
    student_contexts = [chromium.new_context(viewport=browser.VIEWPORT) for _ in range(STUDENTS)]
    students = [watched(context, errors, requests) for context in student_contexts]
    for page in students:  # each context is a device of its own
        page.goto(lecture.join)
        page.wait_for_selector('#class-follow[data-state="following"]', timeout=20_000)
        assert page.evaluate("window.COURSE_LIVE") is None and page.locator(".live-run, #live-kernel").count() == 0

    presenter.evaluate("Reveal.slide(1, 0)")  # a slide, then its fragment
    for page in students:
        at(page, 1, 0, -1)
    presenter.evaluate("Reveal.next()")
    for page in students:
        at(page, 1, 0, 0)
        assert page.locator(".reveal .slides section.present .fragment.visible").count() == 1

    wanderer = students[0]  # browses back, misses a move, catches up with one control
    wanderer.evaluate("Reveal.slide(0, 0)")
    wanderer.wait_for_selector('#class-follow[data-state="browsing"]')
    presenter.evaluate("Reveal.slide(0, 0)")
    presenter.evaluate("Reveal.slide(2, 0)")
    at(students[1], 2, 0, -1)
    assert wanderer.evaluate("Reveal.getIndices().h") == 0
    wanderer.locator(".class-catch-up").click()
    at(wanderer, 2, 0, -1)
    wanderer.wait_for_selector('#class-follow[data-state="following"]')

    peeker = students[1]  # browsing ahead to the answer's fragment shows no answer before the presenter does
    peeker.evaluate("Reveal.next()")
    at(peeker, 2, 0, 0)
    assert not peeker.locator("section.present .quiz-answer").is_visible()
    peeker.locator(".class-catch-up").click()
    at(peeker, 2, 0, -1)

    for page, choice in zip(students, ("B", "A")):
        page.locator(f'section.present .class-option[data-option="{choice}"]').click()
    votes = presenter.locator("#class-votes")
    votes.filter(has_text="2 votes (D: distribution)").wait_for(timeout=10_000)  # the class may see the screen
    presenter.keyboard.press("d")
    assert votes.inner_text() == "2 votes: A 1 · B 1 · C 0"
    with presenter.expect_popup() as opened:  # the speaker view: its slide previews start no kernel, publish nothing
        presenter.keyboard.press("s")
    speaker = opened.value
    speaker.wait_for_function("document.querySelectorAll('iframe').length === 2")
    for frame in speaker.frames[1:]:
        frame.wait_for_selector("body.deck-ready")
        assert frame.evaluate("!!window.COURSE_LIVE") and frame.locator(".live-run, #class-votes").count() == 0
    token = presenter.evaluate("COURSE_LIVE.token")
    present_base = lecture.once.split("/present-login", 1)[0]
    assert len(json.loads(fetch(f"{present_base}/api/kernels", {"Authorization": f"token {token}"}))) == 1
    speaker.close()
    at(students[1], 2, 0, -1)  # the previews (on the next slide too) moved no student
    notes = presenter.locator("section.present aside.notes .class-notes-votes")  # what the speaker view shows
    assert notes.inner_text() == "Class votes: 2 votes: A 1 · B 1 · C 0"
    students[2].locator('section.present .class-option[data-option="C"]').click()
    students[2].locator('section.present .class-option[data-option="B"]').click()  # changed before the answer
    assert students[2].locator('.class-option[aria-pressed="true"]').all_inner_texts() == ["B. 7"]
    votes.filter(has_text="3 votes: A 1 · B 2 · C 0").wait_for(timeout=10_000)
    assert notes.inner_text() == "Class votes: 3 votes: A 1 · B 2 · C 0"

    presenter.evaluate("Reveal.next()")  # the answer's fragment: the result goes to the class
    for page in students:
        at(page, 2, 0, 0)
        page.locator(".class-poll-status", has_text="The class answered: 3 votes.").wait_for(timeout=10_000)
        page.locator("section.present .quiz-answer").wait_for(state="visible", timeout=5_000)
        counts = page.locator('.reveal .slides section.present .class-count').all_inner_texts()
        assert [text.strip() for text in counts] == ["1 (33%)", "2 (67%)", "0 (0%)"]
    students[1].locator('section.present .class-option[data-option="B"]').click()  # too late: nothing changes
    presenter.keyboard.press("Escape")
    presenter.evaluate("Reveal.slide(2, 0, 0)")
    assert votes.inner_text() == "3 votes: A 1 · B 2 · C 0"

    presenter.evaluate("Reveal.slide(0, 0)")  # a live re-run reaches the students' copy of the slide
    for page in students:
        at(page, 0, 0, -1)
    code_cell = presenter.locator(".jp-CodeCell", has_text="values = [3, 4]")
    code_cell.locator(".live-edit").click()
    type_code(code_cell, 'values = [30, 4]\nprint("sum", sum(values))')
    code_cell.locator(".live-run").click()
    code_cell.locator(".live-output", has_text="sum 34").wait_for(timeout=60_000)
    for page in students:
        shown = page.locator(".jp-CodeCell").first
        shown.locator(".class-output", has_text="sum 34").wait_for(timeout=10_000)
        assert "values = [30, 4]" in shown.locator(".jp-InputArea-editor").inner_text()

    code_cell.locator(".live-editor .cm-content").press("Alt+r")  # the built code and output, back for everyone
    assert editor_code(code_cell) == 'values = [3, 4]\nprint("sum", sum(values))'
    assert "sum 7" in code_cell.locator(".jp-Cell-outputWrapper").inner_text()
    for page in students:
        page.locator(".jp-CodeCell").first.locator(".class-output", has_text="sum 7").wait_for(timeout=10_000)
    code_cell.locator(".live-editor .cm-content").press("Escape")

    presenter.keyboard.press("q")  # the join address and its QR code, on the presenter's screen only
    overlay = presenter.locator("#class-overlay")
    overlay.locator("svg").wait_for()
    assert overlay.locator(".class-join").inner_text() == lecture.join
    assert overlay.locator(".class-count").inner_text() == f"{STUDENTS} connected"
    assert students[0].locator("#class-overlay").count() == 0
    with presenter.expect_download() as download:  # the votes, on request only
        overlay.get_by_role("button", name="Export votes (CSV)").click()
    exported = download.value.path().read_text()
    assert "classroom,2.0,B,2,3,True" in exported and "classroom,3.0,A,0,0,False" in exported
    overlay.get_by_role("button", name="Lock the room").click()
    overlay.get_by_role("button", name="Unlock the room").wait_for()
    assert status_of(lecture.join) == 403  # locked: the right key admits no one new
    overlay.get_by_role("button", name="Unlock the room").click()
    overlay.get_by_role("button", name="New key").click()
    presenter.wait_for_function(f"document.querySelector('#class-overlay .class-join').textContent !== {lecture.join!r}")
    new_join = overlay.locator(".class-join").inner_text()
    assert status_of(lecture.join) == 403 and status_of(new_join) == 302
    students[1].reload()  # a device already in stays in
    students[1].wait_for_selector('#class-follow[data-state="following"]')

    assert errors == [], errors
    class_base = lecture.join.split("/join", 1)[0]
    present_base = lecture.once.split("/present-login", 1)[0]
    student_requests = [url for url in requests if url.startswith(class_base)]
    assert student_requests and not [url for url in student_requests if "/api/" in url]
    for context in student_contexts:
        context.close()
    presenter.close()
    assert status_of(lecture.join.replace("key=", "key=wrong")) == 403
    assert status_of(f"{class_base}/site/slides/classroom.html") == 403
    assert status_of(f"{present_base}/site/slides/classroom.html") in (302, 403)  # the present server wants the token


def test_a_phone_in_the_reader_view_follows_and_votes_without_seeing_the_answer(lecture, chromium, presenting):
    errors, requests = [], []
    presenter = present(presenting, lecture, errors, requests)
    presenter.keyboard.press("q")  # the join address as it is now (another test may have changed the key)
    join = presenter.locator("#class-overlay .class-join")
    join.wait_for()
    address = join.inner_text()
    presenter.keyboard.press("q")
    context = chromium.new_context(viewport={"width": 390, "height": 844}, is_mobile=True, has_touch=True)
    phone = watched(context, errors, requests)
    phone.goto(address)
    phone.wait_for_selector('#class-follow[data-state="following"]', timeout=20_000)
    assert phone.evaluate("document.documentElement.classList.contains('reader')")
    presenter.evaluate("Reveal.slide(3, 0)")  # the last slide: the reader view scrolls until it is in view
    phone.wait_for_function("""() => { const heading = [...document.querySelectorAll('.reveal h2')]
        .find(node => node.textContent.includes('which are even')).getBoundingClientRect();
        return heading.top >= 0 && heading.bottom <= innerHeight; }""", timeout=10_000)
    assert phone.locator("#class-follow").get_attribute("data-state") == "following"
    quiz = phone.locator("section.class-poll-open", has_text="which are even")
    assert not quiz.locator(".quiz-answer").is_visible()
    quiz.locator('.class-option[data-option="A"]').tap()
    quiz.locator('.class-option[data-option="C"]').tap()  # several answers allowed here
    quiz.locator(".class-poll-status", has_text="Your answer: A, C.").wait_for()
    presenter.locator("#class-votes", has_text="1 vote").wait_for(timeout=10_000)
    assert errors == [], errors
    context.close()
    presenter.close()
