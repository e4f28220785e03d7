"""`summarise models …` through typer's CliRunner: exit codes, stdout data, stderr messages."""

from __future__ import annotations

import json
import os
import subprocess
import sys

import pytest
from typer.testing import CliRunner

from summarise import store
from summarise.cli_models import models_app
from summarise.registry import get_spec, load_registry
from tests.helpers import ROOT
from tests.test_store import fake_model_dir

runner = CliRunner()


def test_list_works_offline_and_marks_installed(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    fake_model_dir(store.models_dir() / "opus-mt-id-en")
    result = runner.invoke(models_app, ["list", "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = {r["name"]: r for r in json.loads(result.stdout)}
    assert set(rows) == set(load_registry())
    assert rows["opus-mt-id-en"]["installed"] is True
    assert rows["distilbart-cnn-12-6"]["installed"] is False
    assert rows["nllb-200-distilled-600m"]["licence"] == "CC-BY-NC-4.0"


def test_list_table_shows_licence_warning_and_size() -> None:
    result = runner.invoke(models_app, ["list"])
    assert result.exit_code == 0
    assert "opus-mt-id-en" in result.stdout and "291 MB" in result.stdout
    assert "non-commercial" in result.stdout
    assert result.stderr == ""


@pytest.mark.parametrize("env", ["HF_HUB_OFFLINE", "SUMMARISE_OFFLINE"])
def test_pull_offline_fails_fast_with_exit_3_and_the_reason(
    monkeypatch: pytest.MonkeyPatch, env: str
) -> None:
    monkeypatch.setenv(env, "1")
    result = runner.invoke(models_app, ["pull", "opus-mt-id-en"])
    assert result.exit_code == 3
    assert "offline" in result.stderr and result.stdout == ""


def test_pull_without_network_fails_with_exit_3() -> None:
    # A hang would be caught by pytest's time-out; how fast it fails is not a test's business.
    result = runner.invoke(models_app, ["pull", "opus-mt-id-en"])
    assert result.exit_code == 3
    assert "cannot reach the model hub" in result.stderr
    assert "summarise models pull opus-mt-id-en" in result.stderr


def test_pull_unknown_name_is_usage_error() -> None:
    result = runner.invoke(models_app, ["pull", "nope"])
    assert result.exit_code == 2
    assert "unknown model 'nope'" in result.stderr


def test_pull_needs_a_name_or_all() -> None:
    assert runner.invoke(models_app, ["pull"]).exit_code == 2
    assert runner.invoke(models_app, ["pull", "opus-mt-id-en", "--all"]).exit_code == 2


def test_pull_installed_model_is_a_no_op() -> None:
    fake_model_dir(store.models_dir() / "opus-mt-id-en")
    result = runner.invoke(models_app, ["pull", "opus-mt-id-en"])
    assert result.exit_code == 0 and "already installed" in result.stderr


def test_pull_downloads_and_reports(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(store, "_hub_files", lambda spec: {})
    monkeypatch.setattr(store, "_snapshot", lambda spec, dest, progress: fake_model_dir(dest, spec))
    result = runner.invoke(models_app, ["pull", "opus-mt-id-en"])
    assert result.exit_code == 0, result.output
    assert "verified" in result.stderr
    assert (store.models_dir() / "opus-mt-id-en" / store.MANIFEST).is_file()


def test_info_path_and_remove() -> None:
    info = runner.invoke(models_app, ["info", "opus-mt-id-en"])
    assert info.exit_code == 0
    data = json.loads(info.stdout)
    assert data["architecture"] == get_spec("opus-mt-id-en").architecture.as_dict()
    assert data["installed"] is False

    missing = runner.invoke(models_app, ["path", "opus-mt-id-en"])
    assert missing.exit_code == 3 and "summarise models pull opus-mt-id-en" in missing.stderr

    where = fake_model_dir(store.models_dir() / "opus-mt-id-en")
    found = runner.invoke(models_app, ["path", "opus-mt-id-en"])
    assert found.exit_code == 0 and found.stdout.strip() == str(where)

    removed = runner.invoke(models_app, ["remove", "opus-mt-id-en"])
    assert removed.exit_code == 0 and not where.exists()
    again = runner.invoke(models_app, ["remove", "opus-mt-id-en"])
    assert again.exit_code == 0 and "not installed" in again.stderr


def test_list_piped_never_cuts_names_and_takes_short_format_option() -> None:
    env = {**os.environ, "COLUMNS": "40", "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "summarise", "models", "list"]
    table = subprocess.run(cmd, capture_output=True, text=True, cwd=ROOT, env=env, check=True)
    names = [line.split()[0] for line in table.stdout.splitlines()[1:]]
    assert names == sorted(load_registry(), key=lambda n: (load_registry()[n].role, n))
    assert "nllb-200-distilled-600m" in names and "distilbart-cnn-12-6" in names
    assert all(line == line.rstrip() for line in table.stdout.splitlines())
    as_json = subprocess.run([*cmd, "-f", "json"], capture_output=True, text=True, cwd=ROOT)
    assert {r["name"] for r in json.loads(as_json.stdout)} == set(load_registry())
