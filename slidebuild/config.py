"""Every path, version and default of the build, in one place."""

import os
from dataclasses import dataclass, field
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SLIDES_DIR = ROOT / "slides"
LABS_DIR = ROOT / "labs"
ASSETS_DIR = ROOT / "assets"
TEMPLATES_DIR = ASSETS_DIR / "templates"
NODE_MODULES = ASSETS_DIR / "node_modules"
CACHE_DIR = ROOT / ".cache" / "executed"
DEFAULT_OUT = ROOT / "_site"
INSTRUCTOR_DIR = ROOT / "instructor"  # git-ignored: graded labs' executed solutions and their cache

TEMPLATE_NAME = "course"
REVEAL_VERSION = "5.2.1"  # must equal assets/package.json (a test checks it)
KATEX_VERSION = "0.16.22"
SLIDE_WIDTH, SLIDE_HEIGHT = 1280, 720  # 16:9 canvas

KERNEL_NAME = "python3"
DEFAULT_TIMEOUT = 300  # seconds per cell
SOURCE_SUFFIXES = (".py", ".ipynb", ".md")

SLIDE_TYPES = ("slide", "subslide", "fragment", "notes", "skip", "-")
# Tags the build understands; any other tag is a typo and an error.
# Lab cells: `solution` (replaced in the student notebook), `check` (uses an exercise's answer: in a student's
# unanswered copy it may fail, quickly, with a hint), `instructor` (notes for the instructor's copy only).
TAGS = ("hide-input", "hide-output", "remove-cell", "raises-exception", "solution", "check", "instructor", "timeline")
EXECUTION_TAGS = ("raises-exception", "timeline")  # tags that change what execution produces
# Environment variables that send the code to another cluster: they change the outputs.
CLUSTER_VARIABLES = ("SPARK_REMOTE", "SPARK_MASTER", "DASK_SCHEDULER_ADDRESS")


@dataclass(frozen=True)
class Settings:
    """What one `build.py` run was asked to do."""

    out: Path = DEFAULT_OUT
    jobs: int = max(1, min(4, os.cpu_count() or 1))
    keep_going: bool = False
    use_cache: bool = True
    timeout: int = DEFAULT_TIMEOUT
    quiet: bool = False
    cache_dir: Path = CACHE_DIR
    publish_solutions: bool = True  # labs: also publish the executed solution page
    pdf: bool = True  # PDF handouts of the decks
    fresh_kernels: bool = False  # a new kernel per deck instead of one warm kernel per job
    instructor: Path = INSTRUCTOR_DIR  # graded labs' executed solutions: never in the site
    key: bytes | None = field(default=None, repr=False)  # the instructor's key, to open graded labs
