"""The `course:` header of a deck or lab, typed: one schema for the build, the index and the program.

    # ---
    # jupyter:
    #   course:
    #     title: Spark Introduction
    #     day: 1
    #     slot: 13:15-14:15
    # ---

`read(path)` parses a source's header without Jupytext (a fast path the build and deck 00 both use);
`parse(mapping)` checks every value's type and raises HeaderError naming the key (and its line when known).
A single string where a list is expected is taken as a one-element list.
"""

import json
import re
from dataclasses import dataclass, fields
from pathlib import Path

import yaml

DAYS = 4
SLOT = re.compile(r"^(\d{1,2}):(\d{2})\s*-\s*(\d{1,2}):(\d{2})$")


class HeaderError(ValueError):
    """A header value of the wrong type or range; `key` names it, `line` is its line in the source."""

    def __init__(self, key: str, message: str, line: int | None = None):
        self.key, self.line = key, line
        super().__init__(f"course.{key} {message}" if key else message)


@dataclass(frozen=True)
class Header:
    """What a source's `course:` header may say. Every key is optional."""

    title: str = ""
    summary: str = ""  # one line on what the module covers: shown on the index and in deck 00's program
    day: int | None = None  # 1-4: the day of the program
    slot: str = ""  # "13:15-14:15": when, that day (breaks inside count as breaks)
    optional: bool = False  # the program works without it (its time goes to the next lab)
    graded: bool = False  # a lab whose solutions and answers stay with the instructor
    alone: bool = False  # executed while no other deck is: its slides measure the machine's cores
    timeout: int = 0  # seconds per cell, raises the build's default
    data: tuple = ()  # files or glob patterns (relative to the source) whose content is part of the cache key
    publish: tuple = ()  # files the code writes, published beside the page

    @property
    def minutes(self) -> tuple:
        """(start, end) of the slot in minutes after midnight, or None without a slot."""
        match = SLOT.match(self.slot)
        if not match:
            return None
        hour, minute, end_hour, end_minute = map(int, match.groups())
        return hour * 60 + minute, end_hour * 60 + end_minute


KEYS = tuple(field.name for field in fields(Header))


def text(key, value):
    if not isinstance(value, str) or not value.strip():
        raise HeaderError(key, f"must be a non-empty text, got {value!r}")
    return value.strip()


def day(key, value):
    if isinstance(value, bool) or not isinstance(value, int) or not 1 <= value <= DAYS:
        raise HeaderError(key, f"must be 1-{DAYS}, got {value!r}")
    return value


def slot(key, value):
    match = SLOT.match(str(value).strip()) if isinstance(value, str) else None
    if not match:
        raise HeaderError(key, f"must be a time range like 13:15-14:15, got {value!r}")
    hour, minute, end_hour, end_minute = map(int, match.groups())
    if hour > 23 or end_hour > 23 or minute > 59 or end_minute > 59 or (hour, minute) >= (end_hour, end_minute):
        raise HeaderError(key, f"must start before it ends, within a day, got {value!r}")
    return f"{hour:02d}:{minute:02d}-{end_hour:02d}:{end_minute:02d}"


def flag(key, value):
    if not isinstance(value, bool):
        raise HeaderError(key, f"must be true or false, got {value!r}")
    return value


def seconds(key, value):
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise HeaderError(key, f"must be a whole number of seconds, got {value!r}")
    return value


def relative_files(key, value):
    """A list of relative paths or glob patterns that stay inside the source's folder tree."""
    items = [value] if isinstance(value, str) else value
    if not isinstance(items, list) or not all(isinstance(item, str) and item.strip() for item in items):
        raise HeaderError(key, f"must be a file name or a list of them, got {value!r}")
    for item in items:
        if Path(item).is_absolute() or (key == "publish" and ".." in Path(item).parts):
            raise HeaderError(key, f"must name files relative to the source{' inside its folder' * (key == 'publish')}"
                                   f", got {item!r}")
    return tuple(item.strip() for item in items)


CHECKS = {"title": text, "summary": text, "day": day, "slot": slot, "optional": flag, "graded": flag,
          "alone": flag, "timeout": seconds, "data": relative_files, "publish": relative_files}


def parse(mapping, lines: dict | None = None) -> Header:
    """A checked Header from a `course:` mapping; `lines` gives each key's line in the source, for errors."""
    lines = lines or {}
    if mapping is None:
        return Header()
    if not isinstance(mapping, dict):
        raise HeaderError("", f"the `course:` header must be a mapping of keys, got {mapping!r}", lines.get(""))
    unknown = sorted(set(map(str, mapping)) - set(KEYS))
    if unknown:
        raise HeaderError("", f"unknown key(s) {unknown} in the `course:` header (allowed: {', '.join(KEYS)})",
                          lines.get(unknown[0]))
    values = {}
    for key, value in mapping.items():
        try:
            values[key] = CHECKS[key](key, value)
        except HeaderError as error:
            error.line = lines.get(key)
            raise
    if values.get("slot") and not values.get("day"):
        raise HeaderError("slot", "needs a `day:` too", lines.get("slot"))
    return Header(**values)


def read(path: Path) -> Header:
    """The checked header of a source (.py percent, .md or .ipynb), read without Jupytext."""
    mapping, lines = raw(Path(path))
    return parse(mapping, lines)


def raw(path: Path) -> tuple:
    """(the `course:` mapping or None, {key: line}) of a source file."""
    if path.suffix == ".ipynb":
        return json.loads(path.read_text(encoding="utf-8")).get("metadata", {}).get("course"), {}
    lines = path.read_text(encoding="utf-8").splitlines()
    prefix = "# " if path.suffix == ".py" else ""
    marker = prefix.strip() + (" ---" if prefix else "---")
    if not lines or lines[0].rstrip() != marker:
        return None, {}
    end = next((n for n in range(1, len(lines)) if lines[n].rstrip() == marker), None)
    if end is None:
        return None, {}
    body = [line[len(prefix):] if line.startswith(prefix) else line.lstrip("#") for line in lines[1:end]]
    try:
        document = yaml.safe_load("\n".join(body)) or {}
    except yaml.YAMLError as error:
        mark = getattr(error, "problem_mark", None)
        raise HeaderError("", f"the header is not valid YAML: {error}", mark.line + 2 if mark else 1) from None
    mapping = document.get("jupyter", {}).get("course") if isinstance(document.get("jupyter"), dict) else None
    return mapping, key_lines(body)


def key_lines(body: list) -> dict:
    """{key: 1-based line in the file} for the keys under `course:` (the header starts on line 1)."""
    found, inside, indent = {}, False, 0
    for number, line in enumerate(body, 2):
        stripped = line.strip()
        if not stripped or stripped.startswith("#"):
            continue
        depth = len(line) - len(line.lstrip())
        if re.match(r"course\s*:", stripped):
            inside, indent, found[""] = True, depth, number
        elif inside and depth <= indent:
            inside = False
        elif inside and (key := re.match(r"([\w-]+)\s*:", stripped)) and key.group(1) not in found:
            found[key.group(1)] = number
    return found
