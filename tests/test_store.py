"""Finding models on disk, offline-first, and downloading them only when allowed."""

from __future__ import annotations

import json
import struct
import time
from pathlib import Path

import pytest

from summarise import store
from summarise.errors import ExitCode, ModelUnavailable, SummariseError
from summarise.registry import get_spec

ID_EN = get_spec("opus-mt-id-en")


def fake_safetensors(path: Path, n_bytes: int = 16) -> None:
    header = json.dumps(
        {"w": {"dtype": "F32", "shape": [n_bytes // 4], "data_offsets": [0, n_bytes]}}
    )
    raw = header.encode()
    path.write_bytes(struct.pack("<Q", len(raw)) + raw + b"\0" * n_bytes)


def fake_model_dir(path: Path, spec=ID_EN) -> Path:  # type: ignore[no-untyped-def]
    path.mkdir(parents=True, exist_ok=True)
    for name in spec.files:
        (path / name).write_text("x")
    (path / "config.json").write_text(json.dumps({"model_type": spec.architecture.type}))
    fake_safetensors(path / "model.safetensors")
    return path


def test_a_directory_is_used_as_is(tmp_path: Path) -> None:
    fake_model_dir(tmp_path / "m")
    local = store.resolve(tmp_path / "m", offline=True)
    assert (local.path, local.spec, local.source) == (tmp_path / "m", None, "dir")


def test_missing_directory_and_non_model_directory_are_unavailable(tmp_path: Path) -> None:
    with pytest.raises(ModelUnavailable, match="does not exist"):
        store.resolve(str(tmp_path / "nope"), offline=True)
    (tmp_path / "empty").mkdir()
    with pytest.raises(ModelUnavailable, match=r"no config\.json"):
        store.resolve(tmp_path / "empty", offline=True)


def test_unknown_name_is_a_usage_error() -> None:
    with pytest.raises(SummariseError) as info:
        store.resolve("no-such-model", offline=True)
    assert info.value.code == ExitCode.USAGE


def test_store_copy_is_found_without_network() -> None:
    fake_model_dir(store.models_dir() / ID_EN.name)
    local = store.resolve(ID_EN.name)  # not offline: must still not touch the network
    assert local.source == "store" and local.spec == ID_EN


def test_hf_cache_copy_is_found_without_network(model_home: Path) -> None:
    repo = model_home / "hf" / "hub" / "models--Helsinki-NLP--opus-mt-id-en"
    commit = "a" * 40
    ref = repo / "refs" / ID_EN.revision  # the Hub cache keeps refs/pr/1 as refs/refs/pr/1
    ref.parent.mkdir(parents=True)
    ref.write_text(commit)
    fake_model_dir(repo / "snapshots" / commit)
    local = store.resolve(ID_EN.name)
    assert local.source == "hf-cache" and local.path == repo / "snapshots" / commit


def test_offline_and_not_installed_fails_fast_with_the_fixing_command(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("HF_HUB_OFFLINE", "1")
    started = time.monotonic()
    with pytest.raises(ModelUnavailable) as info:
        store.resolve(ID_EN.name)
    assert time.monotonic() - started < 2
    assert info.value.hint == "summarise models pull opus-mt-id-en"
    assert info.value.code == ExitCode.MODEL_UNAVAILABLE


def test_unreachable_hub_fails_within_seconds() -> None:
    started = time.monotonic()
    with pytest.raises(ModelUnavailable) as info:
        store.resolve(ID_EN.name)  # the autouse guard refuses every connection
    assert time.monotonic() - started < 10
    assert "cannot reach the model hub" in info.value.message
    assert info.value.hint == "summarise models pull opus-mt-id-en"


def test_download_verifies_then_installs(monkeypatch: pytest.MonkeyPatch) -> None:
    def snapshot(spec, dest, progress):  # type: ignore[no-untyped-def]
        fake_model_dir(dest, spec)

    expected = {"model.safetensors": {"size": None, "sha256": None}}
    monkeypatch.setattr(store, "_hub_files", lambda spec: expected)
    monkeypatch.setattr(store, "_snapshot", snapshot)
    path = store.download(ID_EN, progress=False)
    assert path == store.models_dir() / ID_EN.name
    manifest = json.loads((path / store.MANIFEST).read_text())
    assert manifest["revision"] == ID_EN.revision and "model.safetensors" in manifest["files"]
    assert not list(store.models_dir().glob(".*.partial"))
    assert store.remove(ID_EN) == path and not path.exists()


def test_download_with_a_truncated_file_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    def snapshot(spec, dest, progress):  # type: ignore[no-untyped-def]
        fake_model_dir(dest, spec)
        weights = dest / "model.safetensors"
        weights.write_bytes(weights.read_bytes()[:-4])

    monkeypatch.setattr(store, "_hub_files", lambda spec: {})
    monkeypatch.setattr(store, "_snapshot", snapshot)
    with pytest.raises(ModelUnavailable, match="truncated"):
        store.download(ID_EN, progress=False)
    assert not (store.models_dir() / ID_EN.name).exists()


def test_verify_reports_missing_files_wrong_type_and_bad_checksums(tmp_path: Path) -> None:
    path = fake_model_dir(tmp_path / "m")
    assert store.verify(path, ID_EN) == []
    (path / "config.json").write_text(json.dumps({"model_type": "bart"}))
    (path / "vocab.json").unlink()
    expected = {"source.spm": {"size": 1, "sha256": "0" * 64}}
    problems = store.verify(path, ID_EN, expected)
    assert "vocab.json missing" in problems
    assert any("model_type 'bart'" in p for p in problems)
    assert "source.spm: checksum mismatch" in problems


def test_a_bug_while_downloading_is_raised_not_called_unreachable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def buggy(spec):  # type: ignore[no-untyped-def]
        raise TypeError("unsupported operand type(s)")

    monkeypatch.setattr(store, "_hub_files", buggy)
    with pytest.raises(TypeError, match="unsupported operand"):
        store.download(ID_EN, progress=False)


def test_a_network_failure_while_downloading_is_unavailable(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from huggingface_hub.errors import HTTPError  # the Hub client's own HTTP error

    def refused(spec, dest, progress):  # type: ignore[no-untyped-def]
        raise HTTPError("connection refused")

    monkeypatch.setattr(store, "_hub_files", lambda spec: {})
    monkeypatch.setattr(store, "_snapshot", refused)
    with pytest.raises(ModelUnavailable, match=r"download of opus-mt-id-en .* connection refused"):
        store.download(ID_EN, progress=False)
