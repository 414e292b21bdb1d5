"""The local Spark JVM records a class-data archive once, then maps it; a user's SPARK_CONF_DIR opts out."""

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

from course import class_archive
from slidebuild import config

pytestmark = pytest.mark.kernel

START_SPARK = """
import json, sys
from course import runtime

session = runtime.spark()
assert session.range(10).count() == 10
jvm = session.sparkContext._gateway.proc.pid
with open(f"/proc/{jvm}/maps") as maps:
    mapped = sorted({line.split()[-1] for line in maps if line.rstrip().endswith(".jsa")})
options = session.sparkContext.getConf().get("spark.driver.extraJavaOptions")
runtime.teardown()
print(json.dumps({"mapped": mapped, "options": options}))
"""


def start_spark(cache, **env) -> tuple:
    """A fresh process starts the course's local Spark; returns what its JVM mapped and printed."""
    base = {key: value for key, value in os.environ.items() if key != "SPARK_CONF_DIR"}
    run = subprocess.run([sys.executable, "-c", START_SPARK], cwd=config.ROOT, capture_output=True, text=True,
                         env={**base, "PYTHONPATH": str(config.ROOT), "COURSE_JVM_CACHE": str(cache), **env},
                         timeout=300)
    assert run.returncode == 0, run.stderr[-3000:]
    return json.loads(run.stdout.splitlines()[-1]), run.stderr


@pytest.mark.slow
def test_first_jvm_records_the_archive_and_the_next_maps_it(tmp_path):
    first, log = start_spark(tmp_path)
    archives = list(tmp_path.glob("spark-*.jsa"))
    assert len(archives) == 1 and archives[0].stat().st_size > 10_000_000
    assert not list(tmp_path.glob("*.part"))  # the recording was published whole
    assert str(archives[0]) not in first["mapped"] and "ArchiveClassesAtExit" in first["options"]
    assert "default log4j profile" not in log and " INFO " not in log  # the course's log4j config still applies

    second, _ = start_spark(tmp_path)
    assert str(archives[0]) in second["mapped"]
    assert list(tmp_path.glob("spark-*.jsa")) == archives

    own, _ = start_spark(tmp_path, SPARK_CONF_DIR=str(config.ASSETS_DIR / "spark-conf"))
    assert str(archives[0]) not in own["mapped"] and "jsa" not in own["options"]


def test_a_failed_recording_is_dropped_and_a_good_one_replaces_older_archives(tmp_path):
    path, older = tmp_path / "spark-new.jsa", tmp_path / "spark-old.jsa"
    older.write_bytes(b"old")
    class_archive.recording(path).write_bytes(b"half")
    assert not class_archive.keep(path, exit_code=1)
    assert not path.exists() and not class_archive.recording(path).exists() and older.exists()

    class_archive.recording(path).write_bytes(b"classes")
    assert class_archive.keep(path, exit_code=0)
    assert path.read_bytes() == b"classes" and not older.exists()


def test_options_map_an_archive_or_record_one_and_drop_recordings_of_dead_processes(tmp_path):
    path = tmp_path / "spark-key.jsa"
    dead = subprocess.run([sys.executable, "-c", "import os; print(os.getpid())"], capture_output=True, text=True)
    abandoned = tmp_path / f"spark-key.jsa.{dead.stdout.strip()}.part"
    abandoned.write_bytes(b"x")
    running = class_archive.recording(path)
    running.write_bytes(b"x")

    options = class_archive.java_options(path)
    assert f'-XX:ArchiveClassesAtExit="{running}"' in options and "log4j2.configurationFile" in options
    assert not abandoned.exists() and running.exists()

    path.write_bytes(b"classes")
    assert f'-XX:SharedArchiveFile="{path}"' in class_archive.java_options(path)


def test_the_build_kernels_environment_gives_any_local_session_the_jvm_settings(tmp_path, monkeypatch):
    from course import runtime
    from course.java import ensure_java, java_banner

    monkeypatch.setenv("COURSE_JVM_CACHE", str(tmp_path))
    for name in runtime.USER_SPARK_VARIABLES:
        monkeypatch.delenv(name, raising=False)
    env = runtime.session_environment()
    assert env["SPARK_CONF_DIR"] == str(class_archive.conf_dir()) and not list(class_archive.conf_dir().iterdir())
    properties = env["PYSPARK_SUBMIT_ARGS"].split()[1]
    text = Path(properties).read_text()
    assert "-XX:TieredStopAtLevel=1" in text and "log4j2.configurationFile" in text and "SharedArchive" not in text
    assert "spark.ui.showConsoleProgress=false" in text and "shuffle.partitions" not in text  # results: Spark's

    archive = class_archive.archive(java_banner(ensure_java()), runtime.LOCAL_SPARK_CONFIG[runtime.JAVA_OPTIONS])
    archive.write_bytes(b"classes")  # recorded by an earlier spark()
    runtime.session_environment()
    assert f'-XX:SharedArchiveFile="{archive}"' in Path(properties).read_text()

    monkeypatch.setenv("SPARK_CONF_DIR", str(tmp_path / "mine"))  # a configuration of the user's wins
    assert runtime.session_environment() == {}


def test_a_session_a_deck_builds_itself_starts_like_the_courses(site, capsys, monkeypatch, tmp_path):
    from conftest import output_texts

    monkeypatch.setenv("COURSE_JVM_CACHE", str(tmp_path / "jvm"))
    monkeypatch.delenv("SPARK_CONF_DIR", raising=False)
    deck = site.add("own_session.py")
    status, output = site.build(str(deck), capsys=capsys)
    assert status == 0, output
    texts = output_texts(site.out / "slides/own_session.html")
    assert texts[1] == "C1 only: True\ncourse logging: True\nprogress bars: false"
    assert len(texts) == 2  # no stderr box
