"""The program comes from the headers: typed header values, slots that must fit the day, and a build that
refuses a clashing program before any kernel starts."""

import pytest

from course import header, schedule

HEADER = """# ---
# jupyter:
#   course:
#     title: A deck
{keys}#   kernelspec:
#     display_name: Python 3
#     language: python
#     name: python3
# ---

# %% [markdown] slideshow={{"slide_type": "slide"}}
# # A deck
"""


def source(folder, name, keys: str):
    path = folder / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(HEADER.format(keys="".join(f"#     {line}\n" for line in keys.splitlines())))
    return path


@pytest.mark.parametrize("keys, message, line", [
    ("day: tuesday", "course.day must be 1-4, got 'tuesday'", 5),
    ("day: [1, 2]", "course.day must be 1-4, got [1, 2]", 5),
    ("day: 5", "course.day must be 1-4, got 5", 5),
    ("day: 1\nslot: morning", "course.slot must be a time range like 13:15-14:15, got 'morning'", 6),
    ("day: 1\nslot: 11:00-10:00", "course.slot must start before it ends", 6),
    ("slot: 09:00-10:00", "course.slot needs a `day:` too", 5),
    ("timeout: soon", "course.timeout must be a whole number of seconds, got 'soon'", 5),
    ("optional: maybe", "course.optional must be true or false, got 'maybe'", 5),
    ("publish: [../../x/escaped.txt]", "course.publish must name files relative to the source inside its folder", 5),
    ("colour: blue", "unknown key(s) ['colour']", 5),
])
def test_a_wrong_header_value_names_the_key_and_its_line(tmp_path, keys, message, line):
    path = source(tmp_path, "deck.py", keys)
    with pytest.raises(header.HeaderError) as raised:
        header.read(path)
    assert message in str(raised.value)
    assert raised.value.line == line


def test_a_single_file_name_is_a_one_element_list(tmp_path):
    path = source(tmp_path, "deck.py", "data: input.csv\npublish: report.html")
    assert header.read(path).data == ("input.csv",)
    assert header.read(path).publish == ("report.html",)


def test_the_program_is_read_from_the_headers_in_time_order(tmp_path):
    source(tmp_path / "slides", "01_b.py", "day: 1\nslot: 10:45-12:15")
    source(tmp_path / "slides", "00_a.py", "day: 1\nslot: 09:00-10:30\noptional: true")
    source(tmp_path / "labs", "01_lab.py", "day: 1\nslot: 13:15-17:15")
    source(tmp_path / "slides", "99_unscheduled.py", "day: 2")
    items = schedule.program([tmp_path / "slides", tmp_path / "labs"])
    assert [(it.number, it.kind, it.slot, it.minutes, it.optional) for it in items] == [
        ("00", "lecture", "09:00-10:30", 90, True),
        ("01", "lecture", "10:45-12:15", 90, False),
        ("01", "lab", "13:15-17:15", 210, False),  # the afternoon break does not count
    ]
    assert schedule.problems(items) == []
    assert schedule.hands_on_share(items) == pytest.approx(210 / 390)


@pytest.mark.parametrize("slots, problem", [
    (["09:00-10:30", "10:00-11:00"], "overlaps"),
    (["15:45-17:45"], "over-full"),
    (["08:00-09:00"], "over-full"),
    (["10:30-11:00"], "during a break"),
    (["09:00-12:30"], "during a break"),
])
def test_a_program_that_overlaps_or_overflows_is_refused(tmp_path, slots, problem):
    for number, slot in enumerate(slots):
        source(tmp_path, f"0{number}_deck.py", f"day: 1\nslot: {slot}")
    found = schedule.problems(schedule.program([tmp_path]))
    assert found and all(problem in message for _, message in found), found


def test_the_build_refuses_a_clash_before_any_kernel_starts(site, capsys):
    first = site.add("01_first.py", HEADER.format(keys="#     day: 1\n#     slot: 09:00-10:30\n")
                     + "\n# %%\nraise SystemExit('never executed')\n")
    site.add("02_second.py", HEADER.format(keys="#     day: 1\n#     slot: 10:00-11:00\n"))
    status, output = site.build(str(first), capsys=capsys)
    assert status == 1
    assert "01_first.py:6" in output and "overlaps 02_second.py (10:00-11:00)" in output
    assert not (site.out / "slides" / "01_first.html").exists()
    assert not site.cache.exists() or not list(site.cache.glob("*.ipynb")), "no deck was executed"


def test_a_wrong_header_fails_its_deck_with_the_line(site, capsys):
    deck = site.add("deck.py", HEADER.format(keys="#     day: tuesday\n"))
    status, output = site.build(str(deck), capsys=capsys)
    assert status == 1
    assert "deck.py:5: course.day must be 1-4, got 'tuesday'" in output
