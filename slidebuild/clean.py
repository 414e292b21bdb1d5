"""Clean stage: outputs fit for a slide. Drop JVM/Spark/Dask noise, hide machine details, cap giant outputs."""

import getpass
import hashlib
import re
import socket
import tempfile
from pathlib import Path

import nbformat

from slidebuild import config

NOISE = re.compile(
    r"^.*("
    r"WARNING: Using incubator modules|log4j|NativeCodeLoader|Setting default log level|"
    r"To adjust logging level use|SparkContext: |Utils: |WARN \w+:|hostname .* resolves to a loopback|"
    r"Set SPARK_LOCAL_IP|Your hostname|\[Stage \d+:|py4j\.|Picked up _?JAVA_TOOL_OPTIONS|"
    r"FutureWarning|DeprecationWarning|UserWarning: .*(?:Arrow|pandas)|warnings\.warn\(|"
    r"distributed\.\w+ - INFO|Kernel is running over TCP"
    r").*$\n?",
    re.M,
)
LOCAL_LINK = re.compile(r'<a\s+[^>]*href="https?://(?:127\.0\.0\.1|localhost|\[::1\]|0\.0\.0\.0)[^"]*"[^>]*>(.*?)</a>',
                        re.S | re.I)
REMOTE_LINK_TAG = re.compile(r'<link\b[^>]*\bhref\s*=\s*["\']?(?:https?:)?//[^>]*>\s*', re.I)  # icons, fonts
# Details that differ on every run: `<Digraph at 0x7f2640b6ca50>`, `.../ipykernel_29002/1947003856.py:4`
VOLATILE = [(re.compile(r" at 0x[0-9a-f]{6,16}>"), ">"),
            (re.compile(r"(?:<tmp>|/tmp)/ipykernel_\d+/\d+\.py"), "<cell>")]
# What Dask makes up on every run: the ids of its client, scheduler and cluster (`Client-3f2a...`,
# `LocalCluster(9291381a, ...`, the cluster's name under its heading in the HTML repr), the ports it listens on
# (`tcp://127.0.0.1:41235`, `http://127.0.0.1:8787/status`: any port on this machine's loopback, where a busy port
# makes the next one be picked) and its workers' scratch folders.
UUID = r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}"
ENGINE = [(re.compile(rf"\b(Client|Scheduler|Worker|Nanny)-{UUID}\b"), r"\1-<id>"),
          (re.compile(r"\b(\w*Cluster)\([0-9a-f]{8}, "), r"\1(<id>, "),
          (re.compile(r"(<h3[^>]*>\w*Cluster</h3>\s*<p[^>]*>)[0-9a-f]{8}(?=</p>)"), r"\1<id>"),
          (re.compile(r"(?<![\w.-])((?:[a-z][a-z0-9+.-]*://)?(?:127\.0\.0\.1|localhost|0\.0\.0\.0|\[::1\])):\d{1,5}(?!\d)"),
           r"\1:<port>"),
          (re.compile(r"(dask-scratch-space/worker-)[\w-]{8}\b"), r"\1<id>"),
          (re.compile(r"\b(slidebuild-kernel-)[\w]{8}\b"), r"\1<id>")]  # a kernel's scratch folder (kernels.py)
STYLED_TABLE = re.compile(r'<table id="T_([0-9a-f]{5,32})"')  # pandas' Styler: a random id per table
# The build machine's place in its host's infrastructure: the cgroup it runs in (`4:memory:/ci/job/c5ab...`,
# `0::/system.slice/...`, `/sys/fs/cgroup/kubepods/...`). The cgroup root ("/") says nothing and stays.
INFRASTRUCTURE = [(re.compile(r"^(\d+:[\w,=]*:)/[^\s/][^\s]*$", re.M), r"\1/<cgroup>"),
                  (re.compile(r"(/sys/fs/cgroup/)(?:[\w.@:-]+/)*[\w.@:-]*[0-9a-f]{12,}[\w.@:-]*"), r"\1<cgroup>")]
MAX_LINES = 24
MIN_NAME = 4  # host and user names shorter than this are too likely to be ordinary words
TEXT_MIMES = ("text/", "image/svg+xml", "application/json", "application/javascript")  # never base64 images
MAX_CHARS = 200_000  # an HTML or SVG output larger than this is left out of the slide
MAX_TEXT = 20_000  # characters of a text output kept (after the line limit): a 30 MB print stays small
MAX_IMAGE = 2_000_000  # bytes of an embedded image (base64)
# A path is only replaced where it stands whole: not inside a longer path or a URL, but right after a terminal
# colour code (`\x1b[0;32m/usr/lib/python3.11/...` in a traceback).
PATH_START = "(?:" + "|".join([r"(?<![\w.@-])"] + [rf"(?<=\x1b\[[\d;]{{{n}}}m)" for n in range(1, 8)]) + ")"
PATH_END = r"(?![\w@-])"


def interpreter_paths() -> list:
    """Where Python's own modules and the installed packages live: a traceback into them is shortened to the
    module's path inside (`json/__init__.py`), so no page tells where the build machine keeps its interpreter."""
    import sysconfig

    folders = {sysconfig.get_paths()[name] for name in ("stdlib", "platstdlib", "purelib", "platlib")}
    folders = sorted((folder for folder in folders if folder), key=len, reverse=True)
    return [(re.compile(PATH_START + re.escape(folder.rstrip("/")) + "/"), "") for folder in folders]


def private_strings() -> list:
    """(pattern, replacement) pairs in the order they apply: the interpreter's folders, then project, home, temp
    folder, host, user, each matched only as a whole path."""
    pairs = [(PATH_START + re.escape(str(folder)) + PATH_END, replacement) for folder, replacement in
             ((config.ROOT, "."), (Path.home(), "~"), (tempfile.gettempdir(), "<tmp>"))]
    hosts = {socket.getfqdn(), socket.gethostname()} - {"localhost"}
    pairs += [(rf"\b{re.escape(name)}\b", "<host>") for name in sorted(hosts, key=len, reverse=True)
              if len(name) >= MIN_NAME]  # a 2-letter host name like "vm" would eat words such as "JVM"
    try:
        user = getpass.getuser()
    except (KeyError, OSError):
        user = ""
    if len(user) >= MIN_NAME:
        pairs.append((f"/{re.escape(user)}/", "/<user>/"))
    return interpreter_paths() + [(re.compile(pattern), replacement) for pattern, replacement in pairs] + INFRASTRUCTURE


def scrub(text: str, secrets: list, html: bool = False) -> str:
    """Apply (pattern, replacement) pairs; in HTML or SVG a placeholder such as `<tmp>` is written as text."""
    for pattern, replacement in secrets:
        text = pattern.sub(replacement.replace("<", "&lt;").replace(">", "&gt;") if html else replacement, text)
    return text


def stable_table_ids(html: str) -> str:
    """A styled table's random CSS id replaced by one drawn from the table itself (two equal tables share one id,
    and their equal styles)."""
    for random_id in set(STYLED_TABLE.findall(html)):
        stable = hashlib.sha256(html.replace(random_id, "").encode()).hexdigest()[:len(random_id)]
        html = html.replace(f"T_{random_id}", f"T_{stable}")
    return html


def offline_html(html: str) -> str:
    """A published HTML file without <link> tags to other hosts (a favicon or font that cannot load offline)."""
    return REMOTE_LINK_TAG.sub("", html)


def trim(text: str, limit: int = MAX_LINES, original: int = 0) -> str:
    """Keep the first lines of a long text, and at most MAX_TEXT characters, with a visible marker of what was
    cut (from the `original` length when the text was already cut short by `head`)."""
    if max(len(text), original) > MAX_TEXT:
        return text[:MAX_TEXT] + f"\n… [{size(max(len(text), original) - MAX_TEXT)} cut for the slide]\n"
    lines = text.splitlines(keepends=True)
    if len(lines) > limit:
        text = "".join(lines[:limit]) + f"… [{len(lines) - limit} more lines trimmed for the slide]\n"
    return text


def head(text: str) -> str:
    """A giant text cut before the slower cleaning steps (`trim` then says how much was cut): a 30 MB print
    costs nothing."""
    return text[:2 * MAX_TEXT]


def size(characters: int) -> str:
    return f"{characters / 1e6:.1f} MB" if characters >= 1e6 else f"{characters / 1e3:.0f} kB"


def clean_output(output: dict, secrets: list):
    """A cleaned copy of one output, or None when nothing worth showing is left."""
    if output["output_type"] == "stream":
        text = NOISE.sub("", head(output["text"]))
        if not text.strip():
            return None
        original = len(output["text"]) if len(output["text"]) > MAX_TEXT else 0
        return {**output, "text": trim(scrub(text, secrets + ENGINE + VOLATILE), original=original)}
    if output["output_type"] == "error":
        return {**output, "traceback": [trim(scrub(line, secrets + ENGINE), 400) for line in output["traceback"][:60]],
                "evalue": trim(scrub(output["evalue"], secrets + ENGINE), 40)}
    data = dict(output.get("data", {}))
    too_big = [mime for mime, value in data.items() if isinstance(value, str)
               and len(value) > (MAX_CHARS if mime.startswith(TEXT_MIMES) and mime != "text/plain" else MAX_IMAGE)]
    if too_big:  # an image or a page of HTML larger than a slide can hold: a visible marker instead
        note = f"[an output of {size(max(len(data[mime]) for mime in too_big))} left out of the slide]"
        return {**output, "data": {"text/plain": note}, "metadata": {}}
    for mime, value in data.items():
        if not isinstance(value, str) or not mime.startswith(TEXT_MIMES):
            continue
        if mime == "text/html":
            value = stable_table_ids(scrub(LOCAL_LINK.sub(r"<span>\1</span>", value), secrets + ENGINE, html=True))
        elif mime == "text/plain":
            value = trim(scrub(value, secrets + ENGINE + VOLATILE))
        else:
            value = scrub(value, secrets + ENGINE, html=mime == "image/svg+xml")
        data[mime] = value
    return {**output, "data": data}


def clean_notebook(notebook):
    """Clean every output of every code cell in place and return the notebook."""
    secrets = private_strings()
    for cell in notebook.cells:
        if cell.cell_type == "code":
            cleaned = [clean_output(output, secrets) for output in cell.outputs]  # streams merged at execution
            cell.outputs = [nbformat.from_dict(output) for output in cleaned if output is not None]
    return notebook
