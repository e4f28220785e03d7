"""`summarise --translator llm:MODEL` end to end against a scripted server on 127.0.0.1."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise.backends import llm
from summarise.cli import app
from tests.backends.llm_server import (
    Reply,
    allow_loopback,
    closed_port_url,
    patient_client,
    serving,
)
from tests.backends.test_llm import ARTICLE, E1, E2, E3, KEY, faithful

runner = CliRunner()


@pytest.fixture(autouse=True)
def loopback(monkeypatch: pytest.MonkeyPatch) -> None:
    allow_loopback(monkeypatch)
    patient_client(monkeypatch)
    monkeypatch.setattr(llm, "BACKOFF", 0.0)


@pytest.fixture
def article(tmp_path: Path) -> Path:
    path = tmp_path / "a.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    return path


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


def test_llm_translator_end_to_end_keeps_the_key_out_of_every_output(
    article: Path, model_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(llm.ENV_API_KEY, KEY)
    with serving(faithful) as server:
        result = invoke(
            str(article), "--translator", "llm:test", "--llm-url", server.url, "-f", "json"
        )
    assert result.exit_code == 0, result.stderr
    obj = json.loads(result.stdout)
    assert [(b["english"], b["fidelity"]) for b in obj["bullets"]] == [
        (E1, "ok"),
        (E2, "ok"),
        (E3, "ok"),
    ]
    assert obj["translation"]["model"] == "llm:test"
    assert server.chats[0].headers["authorization"] == f"Bearer {KEY}"
    assert "note:" not in result.stderr  # loopback: nothing leaves the machine
    cached = [p.read_text(encoding="utf-8") for p in (model_home / "cache").rglob("*.json")]
    assert len(cached) == 1
    for text in [result.stdout, result.stderr, *cached]:
        assert KEY not in text


def test_cached_result_is_reused_for_the_same_server_and_redone_for_another(
    article: Path,
) -> None:
    with serving(faithful) as a, serving(faithful) as b:
        for url in (a.url, a.url, b.url):
            result = invoke(str(article), "--translator", "llm:test", "--llm-url", url)
            assert result.exit_code == 0, result.stderr
    assert (len(a.chats), len(b.chats)) == (1, 1)


def test_unreachable_server_falls_back_in_one_line_and_strict_exits_3(article: Path) -> None:
    url = closed_port_url()
    result = invoke(str(article), "--translator", "llm:test", "--llm-url", url, "-f", "json")
    assert result.exit_code == 0
    assert result.stderr.splitlines() == [
        f"warning: LLM server {url} is unreachable (connection refused). "
        "Showing Indonesian bullets with English figures."
    ]
    strict = invoke(str(article), "--translator", "llm:test", "--llm-url", url, "--strict")
    assert strict.exit_code == 3
    assert strict.stderr.splitlines() == [
        f"error: LLM server {url} is unreachable (connection refused)"
    ]


def test_a_hanging_server_ends_by_the_time_out(
    article: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    with serving(lambda seen: Reply(hang=True)) as server:
        result = invoke(str(article), "--translator", "llm:test", "--llm-url", server.url)
        strict = invoke(
            str(article), "--translator", "llm:test", "--llm-url", server.url, "--strict"
        )
    assert result.exit_code == 0
    assert "did not answer within 600 s. Showing Indonesian bullets" in result.stderr
    assert strict.exit_code == 3
    assert strict.stderr.splitlines() == [
        f"error: LLM server {server.url} did not answer within 600 s"
    ]


def test_a_remote_url_is_noted_once_on_stderr_and_offline_sends_nothing(
    article: Path, tmp_path: Path
) -> None:
    other = tmp_path / "b.txt"
    other.write_text(ARTICLE.replace("25%", "26%"), encoding="utf-8")
    url = "http://192.0.2.7:8000/v1"  # TEST-NET: never contacted (--offline refuses it first)
    args = ("--translator", "llm:test", "--llm-url", url, "--offline")
    result = invoke(str(article), str(other), *args)
    assert result.exit_code == 0
    notes = [line for line in result.stderr.splitlines() if line.startswith("note:")]
    assert notes == ["note: article text is sent to 192.0.2.7:8000 (--llm-url) for the llm: model"]
    assert "--offline: 192.0.2.7:8000 is not this machine" in result.stderr
    quiet = invoke(str(article), *args, "-q")
    assert quiet.stderr == ""


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ("--translator", "llm:"),
            "error: --translator llm:: name the model after llm:, e.g. llm:qwen2.5:7b",
        ),
        (
            ("--translator", "llm:m", "--llm-url", "ftp://h/v1"),
            "error: --llm-url 'ftp://h/v1': expected http://HOST[:PORT]/PATH, "
            "e.g. http://localhost:11434/v1",
        ),
        (
            ("--mode", "abstractive", "--summariser", "llm:"),
            "error: --summariser llm:: name the model after llm:, e.g. llm:qwen2.5:7b",
        ),
    ],
)
def test_bad_llm_options_are_one_usage_error(
    article: Path, args: tuple[str, ...], message: str
) -> None:
    result = invoke(str(article), *args)
    assert result.exit_code == 2
    assert result.stderr.splitlines() == [message]


def test_llm_url_comes_from_the_config_file_and_the_key_is_never_shown(
    article: Path, model_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(llm.ENV_API_KEY, KEY)
    with serving(faithful) as server:
        (model_home / "config.toml").write_text(
            f'translator = "llm:test"\nllm_url = "{server.url}"\n', encoding="utf-8"
        )
        result = invoke(str(article))
        shown = invoke("config", "show")
    assert result.exit_code == 0, result.stderr
    assert len(server.chats) == 1
    assert f'llm_url = "{server.url}"' in shown.stdout
    assert KEY not in shown.stdout + shown.stderr
