"""Offline means offline: with --offline or HF_HUB_OFFLINE=1 not one connection is tried."""

from __future__ import annotations

import json
import socket

import pytest
from typer.testing import CliRunner

from summarise.cli import app
from tests.helpers import SAMPLES

ARTICLE = SAMPLES / "id-startup-funding.txt"


@pytest.fixture
def attempts(monkeypatch: pytest.MonkeyPatch) -> list[str]:
    """Record (and refuse) every name lookup and connection, whoever makes it."""
    seen: list[str] = []

    def lookup(host, *args, **kwargs):
        seen.append(f"getaddrinfo {host}")
        raise socket.gaierror(socket.EAI_NONAME, "blocked by test")

    def connect(self, address, *args, **kwargs):
        seen.append(f"connect {address}")
        raise ConnectionRefusedError("blocked by test")

    monkeypatch.setattr(socket, "getaddrinfo", lookup)
    monkeypatch.setattr(socket.socket, "connect", connect)
    monkeypatch.setattr(socket.socket, "connect_ex", connect)
    return seen


def test_offline_flag_tries_no_connection(attempts: list[str]) -> None:
    result = CliRunner().invoke(
        app, [str(ARTICLE), "--offline", "-f", "json"], catch_exceptions=False
    )
    assert result.exit_code == 0
    assert json.loads(result.stdout)["translation"]["status"] == "unavailable"
    assert attempts == []


def test_hf_hub_offline_env_tries_no_connection(
    attempts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = CliRunner().invoke(app, [str(ARTICLE), "-f", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    assert json.loads(result.stdout)["translation"]["status"] == "unavailable"
    assert attempts == []


def test_offline_pull_fails_fast_without_trying(
    attempts: list[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    result = CliRunner().invoke(app, ["models", "pull", "opus-mt-id-en"], catch_exceptions=False)
    assert result.exit_code == 3
    assert "offline" in result.stderr.lower()
    assert attempts == []


def test_without_offline_a_failed_lookup_falls_back_quickly(attempts: list[str]) -> None:
    """Not offline and no network: the hub is asked, fails at once, and the run goes on."""
    result = CliRunner().invoke(app, [str(ARTICLE), "-f", "json"], catch_exceptions=False)
    assert result.exit_code == 0
    obj = json.loads(result.stdout)
    assert obj["translation"]["status"] == "unavailable"
    assert "summarise models pull opus-mt-id-en" in obj["warnings"][0]
