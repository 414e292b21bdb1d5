"""A build stops cleanly: on Ctrl+C or SIGTERM, at a cell's deadline even if the cell ignores Ctrl+C, and it
leaves no process of a deck running (not even one in a session of its own)."""

import os
import signal
import subprocess
import sys
import time
import uuid
from pathlib import Path

import pytest

from slidebuild import config

pytestmark = pytest.mark.kernel

DECKS = Path(__file__).parent / "decks"
RUNNING_DECK = """# %% [markdown] slideshow={"slide_type": "slide"}
# # Running when the build stops

# %%
import os, subprocess, sys, time
child = subprocess.Popen([sys.executable, "-c", "import time; time.sleep(600)"])
open(f"pids.{os.getpid()}.part", "w").write(f"{os.getpid()} {child.pid}")
os.replace(f"pids.{os.getpid()}.part", f"pids.{os.getpid()}")
time.sleep(600)
"""


def alive(pid: int) -> bool:
    """Whether the process runs (a zombie does not)."""
    try:
        return Path(f"/proc/{pid}/stat").read_text().rsplit(")", 1)[1].split()[0] not in "ZX"
    except OSError:
        return False


def tagged(tag: str) -> list:
    """The pids of the processes whose command line holds `tag`."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            if entry.name.isdigit() and tag.encode() in (entry / "cmdline").read_bytes() and alive(int(entry.name)):
                found.append(int(entry.name))
        except OSError:
            pass
    return found


def wait_for(predicate, seconds: float):
    deadline = time.monotonic() + seconds
    while not (value := predicate()):
        assert time.monotonic() < deadline, "timed out waiting"
        time.sleep(0.05)
    return value


def build(site, tmp_path: Path, *args: str) -> subprocess.Popen:
    """build.py in a process of its own, with its own temporary folder (where kernels keep their files)."""
    temp = tmp_path / "tmp"
    temp.mkdir(exist_ok=True)
    return subprocess.Popen([sys.executable, str(config.ROOT / "build.py"), *args, "--no-pdf", "--out", str(site.out),
                             "--cache", str(site.cache)], cwd=config.ROOT, stdout=subprocess.PIPE,
                            stderr=subprocess.PIPE, text=True, env={**os.environ, "TMPDIR": str(temp), "COLUMNS": "400"})


def started(folder: Path, count: int) -> list:
    """The pids of the kernels and children that the running decks wrote, once `count` of them have."""
    written = [path.read_text().split() for path in folder.glob("pids.*") if path.suffix != ".part"]
    return [int(pid) for pair in written for pid in pair] if len(written) == count else None


@pytest.mark.parametrize("signum,decks", [(signal.SIGINT, 1), (signal.SIGTERM, 2)])
def test_a_stopped_build_ends_within_seconds_in_one_line_and_leaves_nothing(site, tmp_path, signum, decks):
    paths = [site.add(f"running_{number}.py", RUNNING_DECK) for number in range(decks)]
    process = build(site, tmp_path, "--jobs", str(decks), *map(str, paths))
    pids = wait_for(lambda: started(site.sources, decks), 120)
    began = time.monotonic()
    process.send_signal(signum)
    out, err = process.communicate(timeout=30)
    assert time.monotonic() - began < 5
    assert process.returncode == 130 and err.strip() == "interrupted", err[-3000:]
    assert not [pid for pid in pids if alive(pid)]
    assert list((tmp_path / "tmp").iterdir()) == []  # no connection file, no scratch folder
    assert not list((site.out / "slides").glob("running_*.html"))


def test_a_cell_that_ignores_ctrl_c_fails_at_its_deadline(site, tmp_path):
    deck = site.add("ignores_interrupt.py")
    started = time.monotonic()
    process = build(site, tmp_path, "--timeout", "3", str(deck))
    out, err = process.communicate(timeout=120)
    assert process.returncode == 1
    assert "ignores_interrupt.py:13 (cell 2): timed out after 3 s" in out.replace("\n", " ") + err, out[-3000:]
    assert time.monotonic() - started < 3 + 30  # the kernel's start, the deadline, then seconds: not minutes
    assert list((tmp_path / "tmp").iterdir()) == []


def test_processes_a_deck_leaves_running_are_stopped_and_named(site, tmp_path):
    tag = f"STRAY{uuid.uuid4().hex[:8]}"
    site.add("leaves_processes.py", (DECKS / "leaves_processes.py").read_text().replace("STRAY", tag))
    process = build(site, tmp_path, str(site.sources / "leaves_processes.py"))
    out, err = process.communicate(timeout=180)
    text = " ".join(out.split())
    assert process.returncode == 0, out[-3000:] + err[-3000:]
    assert not tagged(tag)
    for kind in ("SESSION", "DAEMON"):
        assert "leaves_processes.py: stopped a process the deck left running" in text
        assert f"# {tag}-{kind} (pid " in text, text[-3000:]
