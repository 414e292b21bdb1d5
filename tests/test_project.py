"""Project files: pins, workflow validity, versions kept in one place."""

import json
import re
import subprocess
import sys

import yaml

from slidebuild import config

ROOT = config.ROOT


def test_reveal_and_katex_versions_match_the_package_json():
    dependencies = json.loads((ROOT / "assets/package.json").read_text())["dependencies"]
    assert dependencies == {"reveal.js": config.REVEAL_VERSION, "katex": config.KATEX_VERSION}


def test_requirements_pin_exact_versions_and_name_no_host():
    for line in (ROOT / "requirements.txt").read_text().splitlines():
        line = line.split("#")[0].strip()
        if line:
            assert re.fullmatch(r"[A-Za-z0-9_.\-\[\],]+==[\w.]+", line), line
    for name in ("requirements.txt", "requirements.in", "environment.yml", "assets/package.json"):
        assert "://" not in (ROOT / name).read_text(), name


def test_workflow_is_valid_and_its_actions_are_pinned():
    workflow_path = ROOT / ".github/workflows/site.yml"
    result = subprocess.run([sys.executable, "-m", "check_jsonschema", "--builtin-schema", "vendor.github-workflows",
                             str(workflow_path)], capture_output=True, text=True)
    assert result.returncode == 0, result.stdout + result.stderr
    workflow = yaml.safe_load(workflow_path.read_text())
    assert workflow["permissions"] == {"contents": "read"}
    assert workflow["jobs"]["deploy"]["permissions"] == {"pages": "write", "id-token": "write"}
    steps = [step for job in workflow["jobs"].values() for step in job["steps"]]
    for step in steps:
        if "uses" in step:
            assert re.fullmatch(r"[\w\-]+/[\w\-]+@[0-9a-f]{40}", step["uses"]), f"pin {step['uses']} by commit SHA"
    makefile = (ROOT / "Makefile").read_text()
    for step in steps:
        for target in re.findall(r"make (\w+)", step.get("run", "")):
            assert re.search(rf"^{target}:", makefile, re.M), target
    uses = {step["uses"].split("@")[0] for step in steps if "uses" in step}
    assert {"actions/upload-pages-artifact", "actions/deploy-pages"} <= uses


def test_ci_runs_the_readme_test_command():
    readme = (ROOT / "README.md").read_text()
    assert "make test" in readme and "make site" in readme
    assert "make test" in (ROOT / ".ci/run").read_text()
