"""Benchmark a prose edit with the default options (PDF handouts on) against one with --no-pdf, and how long its
handout takes to follow in the background printer.

    python bench/handouts.py                                   # tests/decks/basic.py, 3 edits
    python bench/handouts.py --decks slides/03_Spark_Introduction.py --repeat 1

Prints a table with medians and writes JSON to bench/results/handouts.json. A benchmark, not a test: nothing here
asserts a speed.
"""

import argparse
import json
import shutil
import statistics
import sys
import tempfile
import time
from pathlib import Path

from rich.console import Console
from rich.table import Table

sys.path.insert(0, str(Path(__file__).resolve().parent))
from run import PYTHON, ROOT, measure  # noqa: E402  (bench/run.py: one way of measuring for every benchmark)

sys.path.insert(0, str(ROOT))
from slidebuild import handouts  # noqa: E402

SCENARIOS = ("prose edit, default options", "prose edit, --no-pdf", "handout current after the edit")


def build(work: Path, decks: list, *options: str) -> list:
    return [PYTHON, str(ROOT / "build.py"), *map(str, decks), "--out", str(work / "site"),
            "--cache", str(work / "cache"), "--quiet", *options]


def edit(deck: Path, number: int) -> None:
    """A prose edit: the first heading gains a word; nothing a kernel would run changes."""
    text = deck.read_text()
    deck.write_text(text.replace("\n# # ", f"\n# # Edit{number} ", 1))


def one_edit(work: Path, decks: list, number: int) -> dict:
    """Seconds of each scenario for one prose edit of the first deck."""
    edit(decks[0], number)
    returned, _ = measure(build(work, decks), ROOT)
    start = time.monotonic()
    handouts.wait(work / "site")  # the background printer started by that build
    followed = returned + time.monotonic() - start
    edit(decks[0], number + 100)
    without, _ = measure(build(work, decks, "--no-pdf"), ROOT)
    handouts.wait(work / "site")
    return dict(zip(SCENARIOS, (returned, without, followed)))


def main(argv=None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--decks", nargs="+", type=Path, default=[ROOT / "tests/decks/basic.py"])
    cli.add_argument("--repeat", type=int, default=3, help="prose edits measured; medians are reported (default 3)")
    cli.add_argument("--json", type=Path, default=ROOT / "bench/results/handouts.json")
    args = cli.parse_args(argv)
    work = Path(tempfile.mkdtemp(prefix="bench-handouts-"))
    try:
        (work / "decks").mkdir()
        decks = [Path(shutil.copy(deck, work / "decks" / deck.name)) for deck in args.decks]
        measure(build(work, decks), ROOT)  # executed, rendered and printed once: the edits start from a built site
        runs = [one_edit(work, decks, number) for number in range(args.repeat)]
    finally:
        shutil.rmtree(work, ignore_errors=True)
    figures = {name: statistics.median(run[name] for run in runs) for name in SCENARIOS}
    table = Table(title=f"Prose edit of {args.decks[0].name}, median of {args.repeat}")
    table.add_column("scenario")
    table.add_column("seconds", justify="right")
    for name, seconds in figures.items():
        table.add_row(name, f"{seconds:.2f}")
    Console().print(table)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"decks": [str(deck) for deck in args.decks], "seconds": figures}, indent=2))
    return 0


if __name__ == "__main__":
    sys.exit(main())
