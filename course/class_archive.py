"""A class-data archive for the course's local Spark JVM: it reaches its first result in about half the time.

Most of a Spark JVM's start is loading and verifying Spark's classes. Java's class-data sharing (CDS) can
record them, already parsed and verified, in an archive that later JVMs map from disk. The first local JVM
on a machine records the classes it used when it stops; every later one maps the archive. The archive is
named after the Java build, the Spark jars and the JVM options, so an upgrade of either gets a new one, and
it lives in `.cache/jvm/` (COURSE_JVM_CACHE names another folder). A JVM that cannot use it starts as usual.

CDS refuses a class path with a non-empty folder on it, and Spark puts SPARK_CONF_DIR on the class path:
the local JVM gets an empty SPARK_CONF_DIR and reads the course's log4j configuration from a system property.
For the same reason a SparkSession a deck creates itself gets its settings from a properties file beside the
archives (`course.runtime.session_environment()`), never from a spark-defaults.conf in that folder. Only the
course's `spark()` records an archive (its process publishes it); any local session maps it once it exists.
"""

import hashlib
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
LOG4J_CONFIG = ROOT / "assets" / "spark-conf" / "log4j2.properties"
QUIET = "-Xlog:cds=off -Xlog:cds+dynamic=off"  # the JVM's notes on classes it cannot archive
LOG4J_OPTION = f'-Dlog4j2.configurationFile="{LOG4J_CONFIG}"'


def folder() -> Path:
    return Path(os.environ.get("COURSE_JVM_CACHE") or ROOT / ".cache" / "jvm")


def conf_dir() -> Path:
    """The empty SPARK_CONF_DIR the local JVM is given."""
    path = folder() / "conf"
    path.mkdir(parents=True, exist_ok=True)
    return path


def archive(java_banner: str, options: str) -> Path:
    """Where the archive for this Java build, these Spark jars and these JVM options is kept."""
    from pyspark.find_spark_home import _find_spark_home

    jars = Path(_find_spark_home()) / "jars"
    names = sorted(p.name for p in jars.glob("*.jar"))
    key = hashlib.sha256("\n".join([java_banner, str(jars), *names, options]).encode()).hexdigest()[:16]
    return folder() / f"spark-{key}.jsa"


def recording(path: Path) -> Path:
    """The file this process's JVM writes the archive to, before it is complete."""
    return path.with_name(f"{path.name}.{os.getpid()}.part")


def java_options(path: Path) -> str:
    """JVM options that map the archive, or record it when the JVM stops if there is none yet."""
    if path.exists():
        return mapping_options(path)
    remove_abandoned(path.parent)
    return f'{LOG4J_OPTION} -XX:ArchiveClassesAtExit="{recording(path)}" {QUIET}'


def mapping_options(path: Path) -> str:
    """JVM options that map the archive if there is one; the course's log4j configuration in any case."""
    return f'{LOG4J_OPTION} -XX:SharedArchiveFile="{path}" {QUIET}' if path.exists() else LOG4J_OPTION


def keep(path: Path, exit_code: int) -> bool:
    """After a recording JVM stopped: publish its archive (whole, in one rename) and drop older ones."""
    part = recording(path)
    if exit_code != 0 or not part.exists() or part.stat().st_size == 0:
        part.unlink(missing_ok=True)
        return False
    os.replace(part, path)
    for old in path.parent.glob("spark-*.jsa"):
        if old != path:
            old.unlink(missing_ok=True)
    return True


def remove_abandoned(directory: Path | None = None) -> None:
    """Recordings left by processes that died before their JVM stopped (a killed kernel)."""
    directory = directory or folder()
    for part in directory.glob("spark-*.jsa.*.part"):
        pid = int(part.suffixes[-2].lstrip("."))
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            part.unlink(missing_ok=True)
        except PermissionError:
            pass
