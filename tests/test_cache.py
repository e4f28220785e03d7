"""The result cache: keys, damage tolerance, clearing."""

from __future__ import annotations

from pathlib import Path

from summarise.cache import ResultCache


def test_key_depends_on_input_and_every_option() -> None:
    base = ResultCache.key("a" * 64, {"bullets": 5, "model": "m@1"})
    assert base == ResultCache.key("a" * 64, {"model": "m@1", "bullets": 5})
    assert base != ResultCache.key("b" * 64, {"bullets": 5, "model": "m@1"})
    assert base != ResultCache.key("a" * 64, {"bullets": 3, "model": "m@1"})
    assert base != ResultCache.key("a" * 64, {"bullets": 5, "model": "m@2"})


def test_put_get_clear_and_damaged_entries(tmp_path: Path) -> None:
    cache = ResultCache(tmp_path / "c")
    key = ResultCache.key("a" * 64, {})
    assert cache.get(key) is None
    cache.put(key, {"schema": "x", "n": 1})
    assert cache.get(key) == {"schema": "x", "n": 1}
    path = next((tmp_path / "c").glob("*/*.json"))
    path.write_text("{not json")
    assert cache.get(key) is None  # damaged → recompute, never crash
    assert cache.clear() == 1
    assert not list((tmp_path / "c").glob("*/*.json"))


def test_disabled_cache_stores_nothing(tmp_path: Path) -> None:
    cache = ResultCache(None)
    cache.put("k", {"a": 1})
    assert cache.get("k") is None
    assert cache.clear() == 0


def test_unwritable_cache_does_not_raise(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("x")
    ResultCache(blocker / "sub").put(ResultCache.key("a", {}), {"a": 1})  # parent is a file
