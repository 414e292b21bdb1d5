"""The program of the course, drawn from the decks' and labs' headers: one source of truth for deck 00's
timetable, the site's index and the labs' stated durations.

Every day has the same sessions (SESSIONS); a header's `slot` says when its module runs, and a slot may span a
break (the break does not count as teaching time). `problems()` lists overlaps, slots that start or end in a
break, and slots past the end of the day.
"""

from dataclasses import dataclass
from pathlib import Path

from course import header

ROOT = Path(__file__).resolve().parent.parent
FOLDERS = (ROOT / "slides", ROOT / "labs")  # where the course's program is read from
SESSIONS = ((9 * 60, 10 * 60 + 30), (10 * 60 + 45, 12 * 60 + 15), (13 * 60 + 15, 15 * 60 + 15),
            (15 * 60 + 45, 17 * 60 + 15))  # minutes after midnight
BREAKS = ("break", "lunch", "break")
KINDS = ("lecture", "lab", "evaluation")
SOURCE_SUFFIXES = (".py", ".ipynb", ".md")


@dataclass(frozen=True)
class Item:
    """One module of the program: a deck (lecture) or a lab, placed in a slot of a day."""

    source: Path
    number: str
    title: str
    kind: str  # lecture, lab or evaluation (a graded lab)
    day: int
    start: int  # minutes after midnight
    end: int
    optional: bool = False
    summary: str = ""

    @property
    def minutes(self) -> int:
        """Teaching time: the slot without the breaks inside it."""
        return sum(max(0, min(self.end, end) - max(self.start, start)) for start, end in SESSIONS)

    @property
    def slot(self) -> str:
        return f"{clock(self.start)}-{clock(self.end)}"

    @property
    def label(self) -> str:
        """'03 Spark Introduction', 'Lab 03 Play with MapReduce'."""
        return f"{'Lab ' if self.kind != 'lecture' else ''}{self.number} {self.title}".strip()


def clock(minutes: int) -> str:
    return f"{minutes // 60:02d}:{minutes % 60:02d}"


def duration(minutes: int) -> str:
    """'45 min', '1 h', '2 h 45'."""
    hours, rest = divmod(minutes, 60)
    return f"{rest} min" if not hours else f"{hours} h" + (f" {rest:02d}" if rest else "")


def sources(folders) -> list:
    """Deck and lab sources in these folders, as the build discovers them (a notebook only without a .py)."""
    found = []
    for folder in map(Path, folders):
        if folder.is_dir():
            files = [path for path in folder.iterdir() if not path.name.startswith((".", "_")) and path.is_file()]
            found += sorted(path for path in files if path.suffix == ".py"
                            or (path.suffix in SOURCE_SUFFIXES[1:] and not path.with_suffix(".py").exists()))
    return found


def item(source: Path, head: header.Header) -> Item | None:
    """The program item of a source, or None if its header does not place it in a slot."""
    if not head.day or not head.slot:
        return None
    number, _, rest = source.stem.partition("_")
    if not number.isdigit():
        number, rest = "", source.stem
    kind = "lecture" if source.parent.name != "labs" else "evaluation" if head.graded else "lab"
    start, end = head.minutes
    return Item(source, number, head.title or rest.replace("_", " "), kind, head.day, start, end, head.optional,
                head.summary)


def program(folders=FOLDERS) -> list:
    """Every scheduled item of the sources in `folders`, by day and time."""
    items = [item(path, header.read(path)) for path in sources(folders)]
    return sorted((found for found in items if found), key=lambda it: (it.day, it.start, it.source.name))


def problems(items: list) -> list:
    """(source, message) for every slot that overlaps another, starts or ends in a break, or ends after the
    day's last session."""
    found = []
    for it in items:
        inside = ([start <= it.start < end for start, end in SESSIONS],
                  [start < it.end <= end for start, end in SESSIONS])
        if it.end > SESSIONS[-1][1] or it.start < SESSIONS[0][0]:
            found.append((it.source, f"slot {it.slot} leaves day {it.day} over-full: the day runs "
                                     f"{clock(SESSIONS[0][0])}-{clock(SESSIONS[-1][1])}"))
        elif not any(inside[0]) or not any(inside[1]):
            found.append((it.source, f"slot {it.slot} starts or ends during a break (sessions: "
                                     f"{', '.join(f'{clock(a)}-{clock(b)}' for a, b in SESSIONS)})"))
    for number, first in enumerate(items):
        for second in items[number + 1:]:
            if first.day == second.day and first.start < second.end and second.start < first.end:
                for one, other in ((first, second), (second, first)):
                    found.append((one.source, f"slot {one.slot} on day {one.day} overlaps {other.source.name} "
                                              f"({other.slot})"))
    return found


def hands_on_share(items: list) -> float:
    """The share of the program's time spent in labs and the evaluation."""
    total = sum(it.minutes for it in items)
    return sum(it.minutes for it in items if it.kind != "lecture") / total if total else 0.0


def next_item(items: list, source: Path) -> Item | None:
    """The item after a source's own in the program."""
    names = [it.source.name for it in items]
    return items[names.index(source.name) + 1] if source.name in names[:-1] else None
