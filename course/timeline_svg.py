"""What the engines did while a cell ran, as plain data (`Timeline`), drawn as a slide-sized SVG.

One lane per worker thread (Dask) or executor core (Spark), grouped by worker; every task a bar from its start
to its end, coloured by its key prefix or stage; data moved between workers a dark strip at the bottom of the
lane, spills to disk one at the top; a summary line and a legend. Times are seconds since the cell started.
"""

import math
import statistics
from dataclasses import asdict, dataclass, field

from course.diagrams import CHART_COLOURS
from course.slide_figure import FONT, Figure, fit, svg_text, text_width
from course.spark_metrics import format_bytes

WIDTH = 1200  # SVG units; the page scales the figure to the slide's width (about 1200 px at 1280x720)
SIZE, TITLE_SIZE = 18, 20  # px at that scale: at least 16 px on the slide even at 1070 px wide
LABELS = 200  # the worker names' column
LANES_HEIGHT = 230  # the most the lanes take; each lane at most LANE
LANE, WORKER_GAP = 30, 5
COLOURS, OTHER = CHART_COLOURS[:-1], CHART_COLOURS[-1]  # groups beyond the ninth share the last colour
MAX_BARS = 1200  # more task bars than this: neighbours of a group in a lane merge into one rect (data-n="...")
TOP = 3  # groups named in the description


@dataclass
class Worker:
    """A Dask worker or a Spark executor: a band of `slots` lanes."""

    name: str
    host: str
    slots: int
    on_host: bool = False  # a cluster's worker or executor: its lanes are named by its host


@dataclass
class Bar:
    lane: int
    start: float  # seconds since the cell started
    stop: float
    group: str  # a key prefix or "stage N"
    kind: str = "task"  # task, transfer (data fetched from another worker), spill (to or from disk)
    marked: bool = False  # the slowest task of a skewed stage


@dataclass
class Group:
    """A key prefix (Dask) or a stage (Spark): its tasks and, for Spark, its shuffle bytes."""

    name: str
    tasks: int
    busy: float  # seconds, the sum of its tasks' bars
    longest: float
    median: float
    detail: str = ""
    shuffle_write: int | None = None
    shuffle_read: int | None = None

    @property
    def skew(self) -> float:
        return self.longest / self.median if self.median > 0 else 1.0

    def legend(self, spark: bool) -> str:
        name = f"{self.name} ({self.detail})" if spark and self.detail else self.name
        words = [name, f"{self.tasks} task{'s' * (self.tasks != 1)}"]
        if spark and self.shuffle_write:
            words.append(f"write {format_bytes(self.shuffle_write)}")
        if spark and self.shuffle_read:
            words.append(f"read {format_bytes(self.shuffle_read)}")
        if spark and self.tasks > 2 and self.skew >= 2:
            words.append(f"skew {self.skew:.1f}×")
        return " · ".join(words)


@dataclass
class Timeline:
    engine: str  # "Dask" or "Spark"
    workers: list
    bars: list
    groups: list
    wall: float  # seconds the cell ran
    moved: int | None = None  # bytes: between workers (Dask), shuffle read (Spark)
    written: int | None = None  # Spark: shuffle bytes written
    stages: str = ""  # Spark: "2 jobs, 3 stages"
    jobs: list = field(default_factory=list)  # Spark: (start, stop, "job 4")

    @property
    def slots(self) -> int:
        return sum(worker.slots for worker in self.workers)

    @property
    def tasks(self) -> int:
        return sum(group.tasks for group in self.groups)

    @property
    def busy(self) -> float:
        return sum(group.busy for group in self.groups)

    @property
    def parallelism(self) -> float:
        """Busy time over the time all the lanes had: 1.0 is every lane busy for the whole cell."""
        return self.busy / (self.wall * self.slots) if self.wall > 0 and self.slots else 0.0

    def summary(self) -> str:
        counts = ", ".join(filter(None, [self.stages, f"{self.tasks} tasks"]))
        if self.engine == "Spark":
            moved = f"shuffle {format_bytes(self.written)} written, {format_bytes(self.moved)} read"
        else:
            moved = f"{format_bytes(self.moved)} transferred"
        return (f"{self.engine}: {counts} on {self.layout()}, wall {seconds(self.wall)}, "
                f"parallelism {self.parallelism:.0%}, {moved}")

    def layout(self) -> str:
        """'2 workers × 2 threads' (or '3 workers, 7 threads' when they differ)."""
        noun, slot = ("executor", "core") if self.engine == "Spark" else ("worker", "thread")
        count, sizes = len(self.workers), {worker.slots for worker in self.workers}
        if len(sizes) == 1:
            each = sizes.pop()
            return f"{count} {noun}{'s' * (count != 1)} × {each} {slot}{'s' * (each != 1)}"
        return f"{count} {noun}s, {self.slots} {slot}s"

    def description(self) -> str:
        """The summary, the largest groups by busy time, and whose lanes these are."""
        kind = "stages" if self.engine == "Spark" else "task prefixes"
        largest = sorted(self.groups, key=lambda group: -group.busy)[:TOP]
        parts = [f"{g.legend(self.engine == 'Spark')}, {seconds(g.busy)} busy" for g in largest]
        hosts = ", ".join(sorted({worker.host for worker in self.workers}))
        return (f"Timeline. {self.summary()}. Largest {kind}: {'; '.join(parts) or 'none'}. "
                f"One lane per {'executor core' if self.engine == 'Spark' else 'worker thread'}, on {hosts}.")

    def tables(self) -> list:
        spark = self.engine == "Spark"
        groups = [[g.name, g.detail, g.tasks, round(g.busy, 3), round(g.median * 1000, 1), round(g.longest * 1000, 1),
                   round(g.skew, 2)] + ([g.shuffle_write, g.shuffle_read] if spark else []) for g in self.groups]
        headers = ["stage" if spark else "prefix", "what", "tasks", "busy s", "median ms", "longest ms", "skew"]
        headers += ["shuffle write bytes", "shuffle read bytes"] if spark else []
        lanes = [[worker.name, worker.host, worker.slots, *self.lane_use(worker)] for worker in self.workers]
        return [(f"{len(self.groups)} {'stages' if spark else 'task prefixes'}", headers, groups),
                (f"{self.slots} lanes", ["executor" if spark else "worker", "host", "lanes", "tasks", "busy s"], lanes)]

    def lane_use(self, worker: Worker) -> list:
        first = sum(w.slots for w in self.workers[:self.workers.index(worker)])
        mine = [bar for bar in self.bars if bar.kind == "task" and first <= bar.lane < first + worker.slots]
        return [len(mine), round(sum(bar.stop - bar.start for bar in mine), 3)]

    def as_dict(self) -> dict:
        return asdict(self)


def seconds(value: float) -> str:
    return f"{value * 1000:.0f} ms" if value < 1 else f"{value:.2f} s"


def group_stats(name: str, durations: list, **extra) -> Group:
    return Group(name, len(durations), sum(durations), max(durations, default=0.0),
                 statistics.median(durations) if durations else 0.0, **extra)


def assign_lanes(intervals: list, slots: int) -> list:
    """A lane (0 to slots - 1) for each (start, stop): the first lane free when it starts (in start order)."""
    free, lanes = [-math.inf] * max(1, slots), [0] * len(intervals)
    for index in sorted(range(len(intervals)), key=lambda i: intervals[i]):
        start, stop = intervals[index]
        lane = next((i for i, end in enumerate(free) if end <= start + 1e-3), None)
        if lane is None:  # more at once than slots (a clock step): the lane that frees first
            lane = min(range(len(free)), key=free.__getitem__)
        free[lane] = max(free[lane], stop)
        lanes[index] = lane
    return lanes


def figure(timeline: Timeline) -> Figure:
    return Figure(draw(timeline), timeline.description(), timeline.tables(), timeline.summary())


def draw(timeline: Timeline) -> str:
    """The timeline as an SVG document."""
    colour = colours(timeline.groups)
    lines = wrap(timeline.summary(), WIDTH - 20, TITLE_SIZE)
    parts = [svg_text(10, 26 + 26 * i, line, TITLE_SIZE, font_weight="bold") for i, line in enumerate(lines)]
    top = 26 * len(lines) + 14
    scale = Scale(timeline.wall)
    if timeline.jobs:
        parts += jobs(timeline.jobs, scale, top)
        top += 32
    lane_height = min(LANE, (LANES_HEIGHT - WORKER_GAP * len(timeline.workers)) / max(1, timeline.slots))
    body, bottom = lanes(timeline, scale, top, lane_height, colour)
    parts += body + axis(scale, bottom + 6)
    legend, height = legend_rows(timeline, colour, bottom + 64)
    parts += legend
    return (f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {height:.0f}" width="{WIDTH}" '
            f'height="{height:.0f}" font-family="{FONT}" font-size="{SIZE}" fill="#0f172a">'
            f'<rect width="100%" height="100%" fill="#ffffff"/>' + "".join(parts) + "</svg>")


class Scale:
    """Seconds since the cell started to x, over the lanes' width."""

    def __init__(self, wall: float):
        self.wall = max(wall, 1e-3)
        self.left, self.right = LABELS + 10, WIDTH - 20

    def __call__(self, t: float) -> float:
        return self.left + (self.right - self.left) * min(max(t, 0.0), self.wall) / self.wall


def colours(groups: list) -> dict:
    return {group.name: COLOURS[i] if i < len(COLOURS) else OTHER for i, group in enumerate(groups)}


def lanes(timeline: Timeline, scale: Scale, top: float, height: float, colour: dict) -> tuple:
    """The workers' bands of lanes with their bars; returns (parts, y below the last lane)."""
    parts, starts, y = [], [], top
    for worker, label in zip(timeline.workers, lane_labels(timeline.workers)):
        for slot in range(worker.slots):
            starts.append(y + slot * height)
            parts.append(f'<rect class="lane" x="{scale.left}" y="{y + slot * height:.1f}" '
                         f'width="{scale.right - scale.left}" height="{height - 1:.1f}" fill="#f1f5f9"/>')
        band = worker.slots * height
        if band >= SIZE + 2:
            parts.append(svg_text(LABELS, y + band / 2 + SIZE * 0.35, fit(label, LABELS - 10, SIZE), anchor="end"))
        y += band + WORKER_GAP
    parts += bars(timeline.bars, scale, starts, height, colour)
    return parts, y - WORKER_GAP


def lane_labels(workers: list) -> list:
    """Each band's name: its host for a cluster's worker or executor (numbered when a host has several), else
    its own name ('worker 0', 'driver')."""
    labels = [worker.host if worker.on_host and worker.host else worker.name for worker in workers]
    shared = {label for label in labels if labels.count(label) > 1}
    seen = {}
    for index, label in enumerate(labels):
        if label in shared:
            seen[label] = seen.get(label, 0) + 1
            labels[index] = f"{label} #{seen[label]}"
    return labels


def bars(found: list, scale: Scale, starts: list, height: float, colour: dict) -> list:
    """Task bars (merged with their neighbours when there are too many to draw), then transfer and spill strips."""
    tasks = merge([bar for bar in found if bar.kind == "task"], scale) if len(found) > MAX_BARS else \
        [(bar, 1) for bar in found if bar.kind == "task"]
    parts = []
    for bar, count in tasks:
        x, width = scale(bar.start), max(1.5, scale(bar.stop) - scale(bar.start))
        outline = ' stroke="#0f172a" stroke-width="3"' if bar.marked else ' stroke="#ffffff" stroke-width="0.5"'
        many = f' data-n="{count}"' if count > 1 else ""
        parts.append(f'<rect class="task"{many} x="{x:.1f}" y="{starts[bar.lane] + 1:.1f}" width="{width:.1f}" '
                     f'height="{max(1.0, height - 2):.1f}" fill="{colour.get(bar.group, OTHER)}"{outline}/>')
    strip = max(2.0, height / 5)
    for bar in (bar for bar in found if bar.kind != "task"):
        y = starts[bar.lane] + (height - strip if bar.kind == "transfer" else 0)
        width = max(1.5, scale(bar.stop) - scale(bar.start))
        parts.append(f'<rect class="{bar.kind}" x="{scale(bar.start):.1f}" y="{y:.1f}" width="{width:.1f}" '
                     f'height="{strip:.1f}" fill="#0f172a"/>')
    return parts


def merge(found: list, scale: Scale) -> list:
    """(bar, how many tasks it stands for): bars of one group in one lane less than a pixel apart become one."""
    merged = []
    for bar in sorted(found, key=lambda b: (b.lane, b.start)):
        last = merged[-1] if merged else None
        if last and last[0].lane == bar.lane and last[0].group == bar.group and not bar.marked and \
                scale(bar.start) - scale(last[0].stop) < 1:
            merged[-1] = (Bar(bar.lane, last[0].start, max(bar.stop, last[0].stop), bar.group), last[1] + 1)
        else:
            merged.append((bar, 1))
    return merged


def jobs(spans: list, scale: Scale, top: float) -> list:
    parts = []
    for start, stop, label in spans:
        x, width = scale(start), max(2.0, scale(stop) - scale(start))
        parts.append(f'<rect class="job" x="{x:.1f}" y="{top:.1f}" width="{width:.1f}" height="26" fill="#e2e8f0" '
                     f'stroke="#475569"/>')
        if text_width(label, SIZE) + 8 <= width:
            parts.append(svg_text(x + 4, top + 20, label))
    return parts


def axis(scale: Scale, y: float) -> list:
    """The time axis: ticks at round values, in ms for a cell under two seconds, else in s."""
    unit, factor = ("ms", 1000) if scale.wall < 2 else ("s", 1)
    step = nice_step(scale.wall * factor / 6)
    parts = [f'<line x1="{scale.left}" y1="{y:.1f}" x2="{scale.right}" y2="{y:.1f}" stroke="#334155"/>']
    tick = 0.0
    while tick <= scale.wall * factor + 1e-9:
        x = scale(tick / factor)
        parts.append(f'<line x1="{x:.1f}" y1="{y:.1f}" x2="{x:.1f}" y2="{y + 6:.1f}" stroke="#334155"/>')
        parts.append(svg_text(x, y + 26, f"{tick:g}", anchor="middle"))
        tick += step
    parts.append(svg_text(LABELS, y + 26, f"time ({unit})", anchor="end"))
    return parts


def nice_step(raw: float) -> float:
    """1, 2 or 5 times a power of ten, at least `raw`."""
    power = 10 ** math.floor(math.log10(max(raw, 1e-9)))
    return next(power * m for m in (1, 2, 5, 10) if power * m >= raw)


def legend_rows(timeline: Timeline, colour: dict, top: float) -> tuple:
    """The legend, item after item in rows (at most three, then a count of the rest); returns (parts, the
    figure's height)."""
    spark = timeline.engine == "Spark"
    items = [(f'fill="{colour[group.name]}"', group.legend(spark)) for group in timeline.groups]
    kinds = {bar.kind for bar in timeline.bars} | ({"marked"} if any(bar.marked for bar in timeline.bars) else set())
    items += [(style, text) for kind, style, text in (
        ("transfer", 'fill="#0f172a"', "strip at the bottom: transfer from another worker"),
        ("spill", 'fill="#0f172a"', "strip at the top: spill to or from disk"),
        ("marked", 'fill="#ffffff" stroke="#0f172a" stroke-width="3"', "outlined: slowest task of a skewed stage"))
        if kind in kinds]
    parts, x, row = [], 10.0, 0
    for shown, (style, text) in enumerate(items):
        width = 30 + text_width(text, SIZE)
        if x + width > WIDTH - 10 and x > 10:
            row, x = row + 1, 10.0
        if row == 3:
            parts.append(svg_text(10, top + row * 30, f"and {len(items) - shown} more in the data of this figure"))
            break
        parts.append(f'<rect x="{x + 1.5:.1f}" y="{top + row * 30 - 15:.1f}" width="16" height="16" {style}/>')
        parts.append(svg_text(x + 26, top + row * 30, text))
        x += width + 18
    return parts, top + row * 30 + 16


def wrap(text: str, width: float, size: float) -> list:
    """At most two lines of `text` at `size` px within `width`, split between words."""
    words, lines = text.split(" "), [""]
    for word in words:
        candidate = f"{lines[-1]} {word}".strip()
        if text_width(candidate, size) > width and lines[-1] and len(lines) < 2:
            lines.append(word)
        else:
            lines[-1] = candidate
    return lines
