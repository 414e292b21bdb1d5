"""The kernel contract (`slidebuild.kernels`) serves any kernel manager, as present's and the grader's would use it:
its environment and arguments start the kernel, and `Tracked.end()` leaves nothing of it behind."""

import subprocess
import sys
import uuid
from pathlib import Path

import pytest
from jupyter_client import KernelManager

from slidebuild import kernels

pytestmark = pytest.mark.kernel


def test_a_kernel_started_under_the_contract_is_ended_with_everything_it_started(tmp_path):
    tag = f"CONTRACT{uuid.uuid4().hex[:8]}"
    tracked = kernels.Tracked()
    manager = KernelManager(kernel_name=kernels.KERNEL_NAME)
    env = {**kernels.kernel_environment(), **tracked.prepare(manager)}
    manager.start_kernel(env=env, extra_arguments=kernels.KERNEL_ARGUMENTS, cwd=str(tmp_path))
    tracked.started(manager)
    client = manager.client()
    client.start_channels()
    try:
        client.wait_for_ready(timeout=60)  # its output channel listens: no reply is missed
        code = ("import subprocess, sys\n"
                f"subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)  # {tag}'], start_new_session=True)")
        reply = client.execute_interactive(code, timeout=60, output_hook=lambda message: None)
        assert reply["content"]["status"] == "ok"
    finally:
        client.stop_channels()
        manager.shutdown_kernel(now=True)
        strays = tracked.end()
    assert len(strays) == 1 and tag in strays[0] and "(pid " in strays[0]
    assert not tracked.scratch.exists() and not Path(manager.connection_file).exists()
    survivors = subprocess.run(["pgrep", "-f", tag], capture_output=True, text=True).stdout.split()
    assert survivors == []


def test_the_environment_names_the_course_and_no_secret(monkeypatch):
    monkeypatch.setenv("COURSE_KEY_GRADING", "secret")
    env = kernels.kernel_environment()
    assert "COURSE_KEY_GRADING" not in env and env["PYSPARK_PYTHON"] == sys.executable
    assert str(kernels.config.ROOT) in env["PYTHONPATH"].split(":")
