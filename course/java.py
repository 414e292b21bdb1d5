"""Find a Java runtime that Spark 4 accepts (17 or newer), or say clearly how to get one."""

import os
import re
import shutil
import subprocess
from functools import cache
from pathlib import Path

MIN_JAVA = 17

HOW_TO_GET_JAVA = (
    "Spark 4 needs a Java runtime >= 17. Install one, e.g. "
    "`apt-get install openjdk-17-jre-headless` (Debian/Ubuntu), `conda install -c conda-forge openjdk=17`, "
    "or `brew install openjdk@17`, then set JAVA_HOME or put `java` on PATH."
)


def java_executable() -> Path | None:
    """The java binary Spark will use: $JAVA_HOME/bin/java first, then PATH."""
    home = os.environ.get("JAVA_HOME")
    if home and (Path(home) / "bin" / "java").exists():
        return Path(home) / "bin" / "java"
    found = shutil.which("java")
    return Path(found) if found else None


@cache
def java_banner(java: Path) -> str:
    """What `java -version` prints: the exact build."""
    return subprocess.run([str(java), "-version"], capture_output=True, text=True).stderr


def java_major(java: Path) -> int:
    """Major version reported by `java -version` (8 for 1.8, 17 for 17.0.x)."""
    banner = java_banner(java)
    match = re.search(r'version "(\d+)(?:\.(\d+))?', banner)
    if not match:
        raise RuntimeError(f"Could not read the version of {java}: {banner.strip()!r}. {HOW_TO_GET_JAVA}")
    major = int(match.group(1))
    return int(match.group(2) or 0) if major == 1 else major


def ensure_java() -> Path:
    """Return a usable java binary or raise a RuntimeError that says how to install one."""
    java = java_executable()
    if java is None:
        raise RuntimeError(f"No Java runtime found. {HOW_TO_GET_JAVA}")
    major = java_major(java)
    if major < MIN_JAVA:
        raise RuntimeError(f"{java} is Java {major}. {HOW_TO_GET_JAVA}")
    return java
