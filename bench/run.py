"""Benchmark the build against its floor (plain Python, no kernel) and against nbconvert, in one run.

    python bench/run.py                          # the course's decks and the synthetic set, 3 runs each
    python bench/run.py --set synthetic --repeat 1
    python bench/run.py --decks tests/decks/basic.py --repeat 1   # tiny: what the test suite runs

Prints a table with medians, peak memory and ratios (so figures hold on a noisy machine) and writes JSON
to bench/results/latest.json. A benchmark, not a test: nothing here asserts a speed.
"""

import argparse
import json
import os
import shutil
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import psutil
from rich.console import Console
from rich.table import Table

ROOT = Path(__file__).resolve().parent.parent
SETS = {"course": ROOT / "slides", "synthetic": ROOT / "bench" / "decks"}
PYTHON = sys.executable


def measure(command: list, cwd: Path) -> tuple:
    """Run a command; return (seconds, peak memory in MB of its whole process tree)."""
    env = {**os.environ, "PYTHONPATH": os.pathsep.join(filter(None, [str(ROOT), os.environ.get("PYTHONPATH")]))}
    start = time.monotonic()
    process = subprocess.Popen(command, cwd=cwd, env=env, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    peak = [0]

    def sample():
        root = psutil.Process(process.pid)
        while process.poll() is None:
            try:
                tree = [root, *root.children(recursive=True)]
                peak[0] = max(peak[0], sum(p.memory_info().rss for p in tree if p.is_running()))
            except psutil.Error:
                pass
            time.sleep(0.05)

    sampler = threading.Thread(target=sample, daemon=True)
    sampler.start()
    _, errors = process.communicate()
    sampler.join()
    if process.returncode:
        raise RuntimeError(f"{' '.join(map(str, command))} failed:\n{errors.decode()[-3000:]}")
    return time.monotonic() - start, peak[0] / 2**20


def total(measures: list) -> tuple:
    """Decks run one after another: times add up, memory peaks do not."""
    return sum(m[0] for m in measures), max((m[1] for m in measures), default=0.0)


def build_command(work: Path, decks: list, *options: str) -> list:
    return [PYTHON, str(ROOT / "build.py"), *map(str, decks), "--out", str(work / "site"),
            "--cache", str(work / "cache"), "--no-pdf", "--quiet", *options]


def one_run(decks: list, work: Path, jobs: int) -> dict:
    """Every scenario once, on fresh copies of the decks."""
    shutil.rmtree(work, ignore_errors=True)
    (work / "decks").mkdir(parents=True)
    copies = [Path(shutil.copy(deck, work / "decks" / deck.name)) for deck in decks]
    figures = {"limit": total([measure([PYTHON, str(ROOT / "bench/limit.py"), str(c)], c.parent) for c in copies])}
    nbconvert = []
    for copy in copies:
        notebook = copy.with_suffix(".ipynb")
        nbconvert.append(measure([PYTHON, "-m", "jupytext", "--quiet", "--to", "ipynb", str(copy), "-o",
                                  str(notebook)], copy.parent))
        nbconvert.append(measure([PYTHON, "-m", "jupyter", "nbconvert", "--to", "slides", "--execute",
                                  "--output-dir", str(work / "nbconvert"), str(notebook)], copy.parent))
        notebook.unlink()
    figures["nbconvert"] = total(nbconvert)
    figures["ours cold --jobs 1"] = measure(build_command(work, copies, "--no-cache", "--jobs", "1"), ROOT)
    figures[f"ours cold --jobs {jobs}"] = measure(build_command(work, copies, "--no-cache", "--jobs", str(jobs)), ROOT)
    figures[f"ours cold --jobs {jobs} --fresh-kernels"] = measure(
        build_command(work, copies, "--no-cache", "--jobs", str(jobs), "--fresh-kernels"), ROOT)
    figures["ours no-op rebuild"] = measure(build_command(work, copies), ROOT)
    text = copies[0].read_text()
    copies[0].write_text(text.replace("\n# # ", "\n# # Edited ", 1))
    figures["ours prose edit (1 deck)"] = measure(build_command(work, copies), ROOT)
    copies[0].write_text(copies[0].read_text() + "\n# %%\nbenchmark_edit = 1\n")
    figures["ours code edit (1 deck)"] = measure(build_command(work, copies), ROOT)
    return figures


def median_figures(runs: list) -> dict:
    return {name: (statistics.median(run[name][0] for run in runs), max(run[name][1] for run in runs))
            for name in runs[0]}


def report(title: str, figures: dict, console: Console) -> dict:
    limit, nbconvert = figures["limit"][0], figures["nbconvert"][0]
    table = Table(title=title, title_justify="left")
    for column in ("scenario", "median s", "peak MB", "x limit", "nbconvert / this"):
        table.add_column(column, justify="right" if column != "scenario" else "left")
    rows = {}
    for name, (seconds, peak) in figures.items():
        rows[name] = {"seconds": round(seconds, 2), "peak_mb": round(peak), "x_limit": round(seconds / limit, 2),
                      "nbconvert_speedup": round(nbconvert / seconds, 2)}
        table.add_row(name, f"{seconds:.2f}", f"{peak:.0f}", f"{seconds / limit:.2f}", f"{nbconvert / seconds:.2f}")
    console.print(table)
    return rows


def main(argv=None) -> int:
    cli = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    cli.add_argument("--set", choices=[*SETS, "all"], default="all", help="which decks (default: all)")
    cli.add_argument("--decks", nargs="+", type=Path, help="explicit decks instead of a set")
    cli.add_argument("--repeat", type=int, default=3, help="runs per set; medians are reported (default 3)")
    cli.add_argument("--jobs", type=int, default=os.cpu_count() or 1, help="parallel jobs for the default build")
    cli.add_argument("--json", type=Path, default=ROOT / "bench/results/latest.json")
    args = cli.parse_args(argv)
    sets = {"decks": [p.resolve() for p in args.decks]} if args.decks else {
        name: sorted(folder.glob("[!_]*.py")) for name, folder in SETS.items() if args.set in (name, "all")}
    console = Console()
    console.print(f"machine: {os.cpu_count()} cores, {psutil.virtual_memory().total / 2**30:.0f} GiB, "
                  f"Python {sys.version.split()[0]}; medians of {args.repeat} run(s)")
    results = {}
    with tempfile.TemporaryDirectory(prefix="bench-") as temporary:
        for name, decks in sets.items():
            runs = [one_run(decks, Path(temporary) / name, args.jobs) for _ in range(args.repeat)]
            results[name] = report(f"{name} ({len(decks)} decks)", median_figures(runs), console)
    args.json.parent.mkdir(parents=True, exist_ok=True)
    args.json.write_text(json.dumps({"cores": os.cpu_count(), "repeat": args.repeat, "sets": results}, indent=1))
    console.print(f"written {os.path.relpath(args.json)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
