"""What a build kernel leaves running: its process group, and the processes that left the group.

A kernel starts in a process group of its own (jupyter_client), and its children (the Spark JVM, Dask's
workers) stay in it. A child started with `start_new_session=True`, or a daemon that forks twice and calls
setsid, leaves the group and survives the kernel. Every kernel the build starts carries MARKER=<a value of its
own> in its environment, which all its descendants inherit whatever group or session they move to, so reading
/proc/<pid>/environ finds them all. Linux only: elsewhere nothing is found and only the group is signalled.
"""

import os
import signal
import time
from pathlib import Path

MARKER = "SLIDEBUILD_KERNEL"
PROC = Path("/proc")
POLL_SECONDS = 0.05


def status(pid: int) -> tuple | None:
    """(state, process group) of a process, None if it is gone or a zombie."""
    try:
        text = (PROC / str(pid) / "stat").read_text()
    except OSError:
        return None
    fields = text[text.rindex(")") + 2:].split()  # the command name in parentheses may hold spaces
    return None if fields[0] in "ZX" else (fields[0], int(fields[2]))


def running() -> list:
    """This user's process ids."""
    try:
        entries = [entry for entry in PROC.iterdir() if entry.name.isdigit()]
    except OSError:
        return []
    mine = []
    for entry in entries:
        try:
            if entry.stat().st_uid == os.getuid():
                mine.append(int(entry.name))
        except OSError:
            pass
    return mine


def marked(value: str) -> list:
    """The live processes whose environment holds MARKER=value."""
    needle = f"{MARKER}={value}".encode()
    found = []
    for pid in running():
        try:
            environment = (PROC / str(pid) / "environ").read_bytes().split(b"\0")
        except OSError:
            continue
        if needle in environment and status(pid) is not None:
            found.append(pid)
    return found


def group_members(pgid: int) -> list:
    return [pid for pid in running() if (state := status(pid)) is not None and state[1] == pgid]


def command_line(pid: int) -> str:
    try:
        return (PROC / str(pid) / "cmdline").read_bytes().replace(b"\0", b" ").decode(errors="replace").strip()
    except OSError:
        return "?"


def signal_group(pgid: int, value: str, signum: int) -> bool:
    """Signal the process group if a process of it is marked with `value` (a group whose leader is gone may hold
    its id long after; a group of someone else's never gets a signal); return whether it did."""
    if not set(group_members(pgid)) & set(marked(value)):
        return False
    try:
        os.killpg(pgid, signum)
    except (ProcessLookupError, PermissionError):
        return False
    return True


def end_group(pgid: int, value: str, grace: float) -> None:
    """SIGTERM the process group (the JVM runs its exit hooks), SIGKILL what is left of it after `grace` s."""
    if signal_group(pgid, value, signal.SIGTERM):
        wait_until_gone(lambda: group_members(pgid), grace)
        signal_group(pgid, value, signal.SIGKILL)


def end_strays(value: str, grace: float, spare_group: int | None = None) -> list:
    """Stop the processes marked with `value` outside the group `spare_group` (SIGTERM, then SIGKILL after
    `grace` s); return the command line of each, with its pid."""
    strays = [pid for pid in marked(value) if (state := status(pid)) is not None and state[1] != spare_group]
    described = [f"{command_line(pid)} (pid {pid})" for pid in strays]
    for signum in (signal.SIGTERM, signal.SIGKILL):
        for pid in strays:
            try:
                os.kill(pid, signum)
            except (ProcessLookupError, PermissionError):
                pass
        wait_until_gone(lambda: [pid for pid in strays if status(pid) is not None], grace)
    return described


def wait_until_gone(alive, seconds: float) -> None:
    """Poll `alive()` (a list of processes) until it is empty or `seconds` have passed."""
    deadline = time.monotonic() + seconds
    while alive() and time.monotonic() < deadline:
        time.sleep(POLL_SECONDS)
