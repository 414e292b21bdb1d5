"""Progress and summary on the terminal (rich): one line per deck while building, a table at the end."""

import os
from dataclasses import dataclass
from pathlib import Path

from rich.console import Console
from rich.markup import escape
from rich.progress import Progress, TextColumn, TimeElapsedColumn
from rich.table import Table

from slidebuild.errors import BuildError
from slidebuild.site import shown


@dataclass
class Result:
    """What happened to one source."""

    source: Path
    state: str  # "built", "cached" (re-rendered from cache), "up to date" or "failed"
    seconds: float = 0.0
    error: BuildError | None = None
    entry: dict | None = None  # its manifest entry when published


STYLES = {"failed": "bold red", "cached": "cyan", "up to date": "cyan", "rendered": "green", "built": "green",
          "student notebook": "cyan"}


class Reporter:
    """Shows each deck's state: queued, executing cell i of n, cached, rendered, failed."""

    def __init__(self, quiet: bool = False, console: Console | None = None):
        self.console = console or Console(highlight=False, soft_wrap=True)
        self.quiet = quiet
        self.live = self.console.is_terminal and not quiet
        self.progress = Progress(TextColumn("{task.description}"), TimeElapsedColumn(), console=self.console)
        self.tasks = {}

    def __enter__(self):
        if self.live:
            self.progress.start()
        return self

    def __exit__(self, *exc):
        if self.live:
            self.progress.stop()

    def state(self, name: str, state: str, detail: str = "") -> None:
        style = STYLES.get(state, "yellow")
        text = f"[bold]{escape(name):<34}[/] [{style}]{escape(state)}[/] {escape(detail)}".rstrip()
        if self.live:
            if name not in self.tasks:
                self.tasks[name] = self.progress.add_task(text, total=None)
            self.progress.update(self.tasks[name], description=text)
        elif not self.quiet and not state.startswith("executing cell"):
            self.console.print(text)

    def warn(self, message: str) -> None:
        self.console.print(f"[yellow]warning[/] {escape(message)}")

    def summary(self, results: list) -> None:
        """The table of decks, then every failure with its location and traceback."""
        failed = [result for result in results if result.error]
        if not self.quiet:
            table = Table(title="Build summary", title_justify="left")
            for column in ("deck", "state", "seconds"):
                table.add_column(column)
            for result in results:
                table.add_row(shown(result.source), f"[{STYLES.get(result.state, 'default')}]{result.state}[/]",
                              f"{result.seconds:.1f}")
            self.console.print(table)
        for result in failed:
            self.console.print(f"[bold red]error[/] {escape(str(result.error))}")
            if result.error.details:
                self.console.print(result.error.details.rstrip(), markup=False, highlight=False, style="dim")
        write_job_summary(results)
        built = sum(not result.error for result in results)
        self.console.print(f"{built} built, {len(failed)} failed", markup=False, highlight=False)


def write_job_summary(results: list) -> None:
    """On GitHub Actions, add a table of decks, states and times (and failures) to the job summary."""
    path = os.environ.get("GITHUB_STEP_SUMMARY")
    if not path:
        return
    rows = ["| deck | state | seconds |", "|---|---|---|"]
    rows += [f"| `{shown(r.source)}` | {r.state} | {r.seconds:.1f} |" for r in results]
    rows += [f"\n**{r.error.location}**: `{r.error.message}`" for r in results if r.error]
    with open(path, "a") as summary:
        summary.write("## Course build\n\n" + "\n".join(rows) + "\n")
