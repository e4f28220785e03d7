"""The project's own entry points: what a new user and CI run first."""

from __future__ import annotations

import os
import subprocess
import sys

import pytest

from tests.helpers import ROOT


def test_ci_runs_the_readme_test_command() -> None:
    ci = (ROOT / ".ci" / "run").read_text()
    readme = (ROOT / "README.md").read_text()
    assert "make test" in ci.split("\n", 3)[-1]
    assert "make test" in readme and "make run" in readme


@pytest.mark.slow
def test_make_run_prints_a_result() -> None:
    venv = ROOT / ".venv"
    if not (venv / ".installed").exists() or not sys.prefix.startswith(str(venv)):
        pytest.skip("make run would build a fresh .venv; run the suite with `make test`")
    env = {**os.environ, "NO_COLOR": "1", "HF_HUB_OFFLINE": "1"}  # tests never reach out
    proc = subprocess.run(
        ["make", "-s", "run"], cwd=ROOT, capture_output=True, text=True, timeout=600, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert "Kirimaja" in proc.stdout  # the sample's headline and bullets
    assert "Figures:" in proc.stdout
    assert "Traceback" not in proc.stderr
