"""The benchmark runs end to end on a tiny input (its figures are not asserted: it is not a speed test)."""

import json
import subprocess
import sys

import pytest

from slidebuild import config

pytestmark = pytest.mark.slow


def test_benchmark_runs_every_scenario_on_a_tiny_deck(tmp_path):
    output = tmp_path / "bench.json"
    result = subprocess.run([sys.executable, str(config.ROOT / "bench/run.py"), "--decks", "tests/decks/basic.py",
                             "--repeat", "1", "--json", str(output)], cwd=config.ROOT, capture_output=True, text=True)
    assert result.returncode == 0, result.stderr[-3000:]
    figures = json.loads(output.read_text())["sets"]["decks"]
    assert {"limit", "nbconvert", "ours cold --jobs 1", "ours no-op rebuild", "ours prose edit (1 deck)",
            "ours code edit (1 deck)"} <= set(figures)
    assert any(name.endswith("--fresh-kernels") for name in figures)  # the warm runtime's own contribution
    assert figures["limit"]["x_limit"] == 1.0 and figures["nbconvert"]["nbconvert_speedup"] == 1.0
    assert all(row["seconds"] > 0 and row["peak_mb"] > 0 for row in figures.values())
    assert "x limit" in result.stdout
