"""Fixtures for every test: no test touches the real home, cache or network."""

from __future__ import annotations

from pathlib import Path

import pytest


@pytest.fixture(autouse=True)
def _isolated_dirs(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch):
    """Point the result cache and the model store at temp dirs for every test."""
    base: Path = tmp_path_factory.mktemp("home")
    monkeypatch.setenv("SUMMARISE_CACHE", str(base / "cache"))
    monkeypatch.setenv("SUMMARISE_MODELS", str(base / "models"))
    monkeypatch.setenv("HF_HOME", str(base / "hf"))
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    yield
