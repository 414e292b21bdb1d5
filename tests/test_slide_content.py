"""What every deck of the course owes a student, read from the sources (no kernel): sources to follow, slides
with content, and references to the program that cannot go stale."""

import re

import pytest

from slidebuild import config
from slidebuild.read import read_deck
from slidebuild.site import discover

DECKS = discover(config.SLIDES_DIR)
LABS = discover(config.LABS_DIR)
# "yesterday" and "tomorrow" go stale whenever a deck moves in the program: name the day or the deck instead.
RELATIVE_DAYS = re.compile(r"\b(yesterday|tomorrow)(?:'s)?\b|\b(?:the )?(?:next|previous|last) deck\b", re.I)
LINK = re.compile(r"\[[^\]]+\]\((https?://[^)\s]+)\)")


def slides(source) -> list:
    """Each shown slide as (its title, its markdown, whether it has a code cell), notes and skipped cells left
    out."""
    found = []
    for cell in read_deck(source).notebook.cells:
        kind = cell.metadata.get("slideshow", {}).get("slide_type", "-")
        if kind in ("notes", "skip") or "remove-cell" in cell.metadata.get("tags", []):
            continue
        if kind in ("slide", "subslide") or not found:
            found.append({"title": "", "markdown": "", "code": False})
        if cell.cell_type == "markdown":
            heading = re.search(r"^#+\s+(.+)$", cell.source, re.M)
            if heading and not found[-1]["title"]:
                found[-1]["title"] = heading.group(1).strip()
            found[-1]["markdown"] += cell.source + "\n"
        elif cell.cell_type == "code":
            found[-1]["code"] = True
    return found


@pytest.mark.parametrize("source", DECKS, ids=lambda path: path.stem)
def test_deck_ends_with_further_reading_of_real_links(source):
    last = slides(source)[-1]
    assert last["title"].lower().startswith("further reading"), f"the last slide is {last['title']!r}"
    links = LINK.findall(last["markdown"])
    assert len(links) >= 3, f"a further-reading slide lists at least three sources, found {links}"


@pytest.mark.parametrize("source", DECKS, ids=lambda path: path.stem)
def test_no_slide_is_a_bare_section_title(source):
    bare = [slide["title"] for slide in slides(source)[1:] if not slide["code"]
            and not re.sub(r"^#+\s+.*$", "", slide["markdown"], flags=re.M).strip()]
    assert bare == [], f"slides with a title and nothing else: {bare}"


@pytest.mark.parametrize("source", DECKS + LABS, ids=lambda path: path.stem)
def test_no_relative_reference_to_days_or_decks(source):
    found = [f"line {number}: {line.strip()}" for number, line in enumerate(source.read_text().splitlines(), 1)
             if RELATIVE_DAYS.search(line)]
    assert found == [], "name the day or the deck instead:\n" + "\n".join(found)


@pytest.mark.parametrize("source", DECKS, ids=lambda path: path.stem)
def test_what_comes_next_is_the_next_module_of_the_program(source):
    """A "Next" slide, or a "**Next**:" line, names the module that follows in the program by its number."""
    from course import schedule

    following = schedule.next_item(schedule.program(), source)
    for slide in slides(source):
        lines = slide["markdown"].splitlines() if slide["title"].lower().startswith("next") else \
            [line for line in slide["markdown"].splitlines() if re.match(r"\*\*Next\b", line.strip())]
        named = set(re.findall(r"\b(\d\d)\b", " ".join(lines)))
        assert not lines or (following and following.number in named), \
            f"{lines} should name {following.label if following else 'nothing: this is the last module'}"


@pytest.mark.parametrize("source", DECKS, ids=lambda path: path.stem)
def test_every_slide_has_a_heading(source):
    """Screen readers list a page's headings to move around it: every slide starts a section with one."""
    untitled = [number for number, slide in enumerate(slides(source), 1) if not slide["title"]]
    assert untitled == [], f"slides without a heading: {untitled}"
