"""The real course: every deck and lab builds, has live outputs and notes, and works in Chromium offline."""

import getpass
import json
import re
import socket
import subprocess
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from slidebuild import browser, config
from slidebuild.read import read_deck
from slidebuild.site import discover

pytestmark = pytest.mark.slow
DECKS = discover(config.SLIDES_DIR)
LABS = discover(config.LABS_DIR)
ARTIFACTS = config.ROOT / "test-artifacts"


@pytest.fixture(scope="module", autouse=True)
def fresh_accessibility_report():
    (ARTIFACTS / "accessibility.md").unlink(missing_ok=True)


@pytest.fixture(scope="module")
def chromium():
    with browser.browser() as instance:
        yield instance


def expected_slides(source: Path) -> int:
    """Slides reveal.js should count: each slide/subslide start among the shown cells (the first cell starts one)."""
    cells = [cell for cell in read_deck(source).notebook.cells
             if "remove-cell" not in cell.metadata.get("tags", [])
             and cell.metadata.get("slideshow", {}).get("slide_type") != "skip"]
    starts = sum(cell.metadata.get("slideshow", {}).get("slide_type") in ("slide", "subslide") for cell in cells)
    first = cells[0].metadata.get("slideshow", {}).get("slide_type") if cells else None
    return starts + (first not in ("slide", "subslide"))


def leaf_slides(page: BeautifulSoup) -> list:
    return [section for section in page.select(".reveal .slides section") if not section.select("section")]


def test_the_course_has_the_program_modules():
    names = {path.stem for path in DECKS}
    for module in ("00_Course_Introduction", "03_Spark_Introduction"):
        assert module in names


@pytest.mark.parametrize("source", DECKS, ids=lambda path: path.stem)
def test_deck_has_live_outputs_and_speaker_notes(course, source):
    page = BeautifulSoup((course / "slides" / f"{source.stem}.html").read_text(), "html.parser")
    outputs = page.select(".jp-OutputArea-output")
    assert len(outputs) >= 3, "a deck of this course shows what its code produced"
    assert not page.select('.jp-OutputArea-output[data-mime-type="application/vnd.jupyter.stderr"] .ansi-red-fg') \
        or "raises-exception" in source.read_text(), "an unexpected error is shown on a slide"
    slides = leaf_slides(page)
    without_notes = [number for number, slide in enumerate(slides, 1)
                     if number > 1 and not slide.select("aside.notes")]
    assert without_notes == [], f"slides without speaker notes: {without_notes}"


def test_every_page_is_offline_and_private(course):
    secrets = {str(config.ROOT), str(Path.home())} | ({socket.gethostname()} if len(socket.gethostname()) >= 4 else set())
    user = getpass.getuser()
    pages = sorted(course.rglob("*.html"))
    assert len(pages) >= len(DECKS) + 1
    for page in pages:
        if "static" in page.relative_to(course).parts:
            continue
        html = page.read_text()
        for tag in BeautifulSoup(html, "html.parser").select("script[src], link[href], img[src], iframe[src]"):
            target = tag.get("src") or tag.get("href")
            assert not re.match(r"(https?:)?//", target), (page, target)
        for secret in secrets:
            assert secret not in html, (page, secret)
        assert len(user) < 3 or f"/home/{user}" not in html, page


def test_index_lists_every_module_and_its_links_resolve(course):
    index = BeautifulSoup((course / "index.html").read_text(), "html.parser")
    listed = {a["href"] for a in index.select("a[href]")}
    assert {f"slides/{path.stem}.html" for path in DECKS} <= listed
    for href in listed:
        assert (course / href.split("?")[0]).exists(), href
    for lab in LABS:
        assert f"labs/{lab.stem}.ipynb" in listed


@pytest.mark.parametrize("source", LABS, ids=lambda path: path.stem)
def test_lab_student_notebook_has_no_solution(course, source):
    deck = read_deck(source, "labs")
    student = json.loads((course / "labs" / f"{source.stem}.ipynb").read_text())
    solutions = [cell["source"] for cell in deck.notebook.cells if "solution" in cell.metadata.get("tags", [])]
    assert solutions, "a lab has exercises"
    text = json.dumps(student)
    for solution in solutions:
        assert solution.strip() == "# your code here" or json.dumps(solution)[1:-1] not in text
    assert all(not cell.get("outputs") for cell in student["cells"] if cell["cell_type"] == "code")
    assert not any("instructor" in cell["metadata"].get("tags", []) for cell in student["cells"])
    assert (course / "labs" / f"{source.stem}.html").exists() != deck.header.graded, \
        "practice labs publish their executed solution, graded labs never"


@pytest.mark.browser
@pytest.mark.parametrize("source", DECKS, ids=lambda path: path.stem)
def test_deck_in_chromium(course, chromium, source):
    """Every slide fits, reads at 16 px or more on the canvas, and has no serious or critical WCAG 2.2 A/AA
    violation in any fragment state (the lesser ones go to test-artifacts/accessibility.md); the reader view fits
    a phone; the PDF has one page per slide."""
    with browser.serve(course) as base:
        url = f"{base}/slides/{source.stem}.html"
        check = browser.check_deck(chromium, url, shots=ARTIFACTS, first=2, axe=True)
        phone = browser.check_phone(chromium, url)
    record_accessibility(source.stem, check.violations)
    assert check.console_errors == []
    assert check.failed_requests == []
    assert check.total_slides == expected_slides(source)
    assert check.overflowing == [], "\n".join(f"slide {n} ({t}): {how}" for n, t, how in check.overflowing)
    assert check.small_text == [], "\n".join(browser.report(check))
    assert check.serious == [], "\n".join(browser.report(check))
    assert phone["reader"] and phone["page"] <= phone["screen"], f"the reader view scrolls sideways on a phone: {phone}"
    handout = course / "slides" / f"{source.stem}.pdf"
    info = subprocess.run(["pdfinfo", str(handout)], capture_output=True, text=True, check=True).stdout
    assert re.search(rf"^Pages:\s+{check.total_slides}$", info, re.M), f"the PDF handout: {info}"


def record_accessibility(name: str, violations: list) -> None:
    """Append a deck's axe findings (moderate and minor included) to the report CI keeps as an artifact."""
    ARTIFACTS.mkdir(exist_ok=True)
    lines = [f"## {name}: {len(violations)} finding(s)", ""]
    lines += [f"- slide {v['slide']}, {v['impact']}: `{v['rule']}` at `{v['target']}`: {v['help']}" for v in violations]
    with open(ARTIFACTS / "accessibility.md", "a") as report:
        report.write("\n".join(lines) + "\n\n")


@pytest.mark.browser
def test_index_passes_axe_and_every_link_is_reachable_by_keyboard(course, chromium):
    with browser.serve(course) as base:
        page = chromium.new_page(viewport=browser.VIEWPORT)
        page.goto(f"{base}/index.html")
        page.add_script_tag(path=str(browser.AXE))
        result = page.evaluate("tags => axe.run(document, {runOnly: {type: 'tag', values: tags}})", browser.AXE_TAGS)
        record_accessibility("index", [{"slide": 0, "impact": v["impact"], "rule": v["id"], "target": "", "help": v["help"]}
                                       for v in result["violations"]])
        assert [v["id"] for v in result["violations"] if v["impact"] in ("serious", "critical")] == []
        links = page.evaluate("new Set([...document.querySelectorAll('main a[href]')].map(a => a.getAttribute('href'))).size")
        reached = set()
        for _ in range(2 * links + 5):
            page.keyboard.press("Tab")
            reached.add(page.evaluate("document.activeElement.getAttribute('href')"))
        assert len(reached - {None}) >= links, "every link of the index is reached with Tab"
        page.close()


def index_program(course: Path) -> set:
    """(day, start, number, lab?) of every module the index lists under a day."""
    index = BeautifulSoup((course / "index.html").read_text(), "html.parser")
    found = set()
    for section in index.select("section.day[id^=day-]"):
        day = int(section["id"].removeprefix("day-"))
        for row in section.select("li.module"):
            found.add((day, row.select_one(".slot").get_text(strip=True)[:5], row.select_one(".number").get_text(strip=True),
                       "lecture" not in row["class"]))
    return found


def timetable_program(course: Path) -> set:
    """(day, start, number, lab?) of every module in deck 00's day tables."""
    page = BeautifulSoup((course / "slides" / "00_Course_Introduction.html").read_text(), "html.parser")
    found = set()
    for slide in leaf_slides(page):
        title = re.match(r"Day (\d):", slide.select_one("h2").get_text(strip=True) if slide.select_one("h2") else "")
        for row in slide.select("table tbody tr") if title else []:
            start, module = (cell.get_text(strip=True) for cell in row.select("td")[:2])
            number = re.search(r"\b(\d\d)\b", module).group(1)
            found.add((int(title.group(1)), start, number, module.startswith("Lab")))
    return found


def test_deck_00_timetable_and_the_index_show_the_same_program_of_every_deck_and_lab(course):
    from course import schedule

    program = {(item.day, schedule.clock(item.start), item.number, item.kind != "lecture")
               for item in schedule.program()}
    assert timetable_program(course) == program
    assert index_program(course) == program
    scheduled = {item.source.name for item in schedule.program()}
    assert scheduled == {path.name for path in DECKS + LABS}, "every deck and lab has a day and a slot"


def test_every_image_of_the_site_is_described(course):
    """No page carries nbconvert's placeholder or the build's fallback text: every figure has a real description."""
    for page in sorted(course.rglob("*.html")):
        if "static" in page.relative_to(course).parts:
            continue
        html = BeautifulSoup(page.read_text(), "html.parser")
        for image in html.select("img"):
            alt = image.get("alt")
            assert alt is not None and "No description has been provided" not in alt, (page.name, alt)
            assert "has no written description" not in alt, (page.name, image.get("src", "")[:60])
        for svg in html.select(".jp-OutputArea-output svg[role=img]"):
            assert svg.get("aria-label"), page.name
