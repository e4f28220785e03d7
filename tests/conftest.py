"""Shared fixtures. No test opens a network connection or touches the real home: every test
gets its own model store and result cache."""

from __future__ import annotations

import socket
from pathlib import Path

import pytest

REPO_ROOT = Path(__file__).resolve().parent.parent


class NetworkBlocked(ConnectionRefusedError):
    """Raised by the guard; a test that sees it tried to reach the network."""


@pytest.fixture(autouse=True)
def no_network(monkeypatch: pytest.MonkeyPatch) -> None:
    """Refuse every socket connection except AF_UNIX (local IPC)."""
    real_connect = socket.socket.connect
    real_connect_ex = socket.socket.connect_ex

    def guard(method):  # type: ignore[no-untyped-def]
        def connect(self: socket.socket, address, *args, **kwargs):  # type: ignore[no-untyped-def]
            if self.family == getattr(socket, "AF_UNIX", None):
                return method(self, address, *args, **kwargs)
            raise NetworkBlocked(f"test tried to connect to {address!r}")

        return connect

    monkeypatch.setattr(socket.socket, "connect", guard(real_connect))
    monkeypatch.setattr(socket.socket, "connect_ex", guard(real_connect_ex))


@pytest.fixture(autouse=True)
def model_home(tmp_path_factory: pytest.TempPathFactory, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A private, empty model store and Hugging Face cache for each test."""
    root = tmp_path_factory.mktemp("model-home")
    monkeypatch.setenv("SUMMARISE_MODELS", str(root / "models"))
    monkeypatch.setenv("SUMMARISE_CACHE", str(root / "cache"))
    # Tiny models run fastest on one thread, and two suites sharing two cores do not thrash.
    monkeypatch.setenv("SUMMARISE_THREADS", "1")
    monkeypatch.setenv("HF_HOME", str(root / "hf"))
    monkeypatch.setenv("HF_HUB_CACHE", str(root / "hf" / "hub"))
    for var in ("SUMMARISE_OFFLINE", "HF_HUB_OFFLINE", "TRANSFORMERS_OFFLINE"):
        monkeypatch.delenv(var, raising=False)
    # No user's defaults leak in: an empty config file, and no SUMMARISE_<KEY> but threads.
    from summarise.config import KEYS, env_name

    for key in KEYS:
        if key != "threads":
            monkeypatch.delenv(env_name(key), raising=False)
    (root / "config.toml").write_text("", encoding="utf-8")
    monkeypatch.setenv("SUMMARISE_CONFIG", str(root / "config.toml"))
    try:
        from huggingface_hub import constants
    except ImportError:  # pragma: no cover - huggingface_hub is a dependency
        return root
    monkeypatch.setattr(constants, "HF_HUB_CACHE", str(root / "hf" / "hub"))
    return root


@pytest.fixture(scope="session")
def standins(tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    """Tiny random-weight models with real trained tokenizers, built once per session:
    a Marian translator, a BART summariser and an M2M100 multilingual translator."""
    from bench.standins import build_standin, standin_corpus

    root = tmp_path_factory.mktemp("standins")
    lines = standin_corpus(REPO_ROOT)
    return {kind: build_standin(kind, root / kind, lines) for kind in ("marian", "bart", "m2m_100")}
