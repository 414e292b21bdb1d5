"""The timeline drawing, from plain data: a lane per slot, a bar per task, text no smaller than 16 px on a
1280x720 slide, a description and the data as tables."""

import re

from course.slide_figure import Figure
from course.timeline_svg import Bar, Timeline, Worker, assign_lanes, draw, figure, group_stats


def sample(tasks_per_lane: int = 3) -> Timeline:
    workers = [Worker("worker 0", "10.0.0.1", 2), Worker("worker 1", "10.0.0.2", 2)]
    bars, durations = [], {"sum-chunk": [], "shuffle-split": []}
    for lane in range(4):
        for i in range(tasks_per_lane):
            group = "sum-chunk" if i % 2 else "shuffle-split"
            bars.append(Bar(lane, i * 0.1, i * 0.1 + 0.08, group))
            durations[group].append(0.08)
    bars.append(Bar(1, 0.0, 0.02, "shuffle-split", "transfer"))
    groups = [group_stats(name, times) for name, times in durations.items()]
    return Timeline("Dask", workers, bars, groups, wall=0.4, moved=12_345)


def test_lanes_and_bars_match_the_data():
    svg = draw(sample())
    assert svg.count('<rect class="lane"') == 4
    assert svg.count('<rect class="task"') == 12 and svg.count('<rect class="transfer"') == 1


def test_parallelism_and_summary():
    timeline = sample()
    assert abs(timeline.parallelism - 12 * 0.08 / (0.4 * 4)) < 1e-9
    assert timeline.summary() == ("Dask: 12 tasks on 2 workers × 2 threads, wall 400 ms, parallelism 60%, "
                                  "12.3 kB transferred")


def test_text_is_at_least_16_px_on_the_slide():
    svg = draw(sample())
    width = float(re.search(r'viewBox="0 0 ([\d.]+)', svg).group(1))
    sizes = [float(size) for size in re.findall(r'font-size="([\d.]+)"', svg)]
    assert sizes and min(sizes) * 1070 / width >= 16  # the narrowest a figure is drawn on a slide


def test_many_tasks_merge_into_bars_that_count_them():
    bars = [Bar(lane, i * 0.001, i * 0.001 + 0.001, "inc") for lane in range(4) for i in range(400)]
    timeline = Timeline("Dask", [Worker("w", "h", 4)], bars, [group_stats("inc", [0.001] * 1600)], wall=0.4)
    svg = draw(timeline)
    counts = [int(n or 1) for n in re.findall(r'<rect class="task"(?: data-n="(\d+)")?', svg)]
    assert sum(counts) == 1600 and len(counts) < 1600


def test_description_and_data_tables():
    shown = figure(sample())
    assert isinstance(shown, Figure) and shown.alt.startswith("Timeline. Dask: 12 tasks")
    assert "Largest task prefixes: shuffle-split" in shown.alt
    details = shown.details()
    assert '<details class="figure-data">' in details and details.count("<table>") == 2
    assert "10.0.0.2" in details


def test_lanes_never_exceed_the_slots():
    intervals = [(0, 1), (0, 1), (0, 1), (0.5, 2), (1, 2)]
    lanes = assign_lanes(intervals, 2)
    assert set(lanes) <= {0, 1} and lanes[:2] == [0, 1]
