"""The result cache: keys, damage tolerance, clearing."""

from __future__ import annotations

from pathlib import Path

from summarise.cache import ResultCache, cacheable, fingerprint
from summarise.settings import Settings
from summarise.values import Document, InputInfo, Language, Result, Translation


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


def _key_in(root: Path) -> tuple[str, str]:
    """The cache key of one input as the package copy under `root` computes it."""
    import subprocess
    import sys

    code = (
        "import summarise, summarise.cache as c\n"
        "print(summarise.__file__)\n"
        "print(c.ResultCache.key('a' * 64, {'bullets': 5}))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        cwd=root,
        env={"PYTHONPATH": str(root), "PATH": "/usr/bin:/bin"},
        capture_output=True,
        text=True,
        check=True,
    )
    where, key = out.stdout.split()
    return where, key


def test_editing_a_grammar_or_the_engine_changes_every_key(tmp_path: Path) -> None:
    import shutil

    from tests.helpers import ROOT

    copy = tmp_path / "pkg"
    shutil.copytree(
        ROOT / "summarise", copy / "summarise", ignore=shutil.ignore_patterns("__pycache__")
    )
    shutil.copytree(ROOT / "models", copy / "models")
    where, original = _key_in(copy)
    assert where.startswith(str(copy))  # the copy is what ran
    grammar = copy / "summarise" / "figures" / "grammar" / "id.py"
    grammar.write_text(
        grammar.read_text(encoding="utf-8").replace('"sekitar",', '"sekitar", "kurang-lebih",', 1),
        encoding="utf-8",
    )
    _, after_grammar = _key_in(copy)
    engine = copy / "summarise" / "figures" / "engine.py"
    engine.write_text(
        engine.read_text(encoding="utf-8").replace("AGE_MAX = 125", "AGE_MAX = 120"),
        encoding="utf-8",
    )
    _, after_engine = _key_in(copy)
    registry = copy / "models" / "opus-mt-id-en.toml"
    registry.write_text(registry.read_text(encoding="utf-8") + "\n# edited\n", encoding="utf-8")
    _, after_registry = _key_in(copy)
    assert len({original, after_grammar, after_engine, after_registry}) == 4


def _result(status: str, made_by: str) -> Result:
    document = Document(input=InputInfo(path="a.txt", sha256="0" * 64, bytes=1), text="a")
    return Result(document, Language("id", 1.0), (), (), Translation(status), mode=made_by)


def test_a_result_is_cacheable_when_made_by_the_mode_asked_with_the_models_asked() -> None:
    assert cacheable(_result("ok", "extractive"), Settings())
    assert cacheable(_result("skipped", "extractive"), Settings())
    assert cacheable(_result("ok", "abstractive"), Settings(mode="abstractive"))


def test_a_result_made_while_a_model_ran_off_its_planned_engine_is_not_cacheable() -> None:
    assert not cacheable(_result("ok", "extractive"), Settings(), off_plan=True)
    assert cacheable(_result("ok", "extractive"), Settings(), off_plan=False)


def test_a_fallback_result_is_not_cacheable_as_the_answer() -> None:
    assert not cacheable(_result("unavailable", "extractive"), Settings())
    # abstractive asked, extractive made (the summariser was missing): a fallback
    assert not cacheable(_result("ok", "extractive"), Settings(mode="abstractive"))
    assert not cacheable(_result("unavailable", "abstractive"), Settings(mode="abstractive"))


def test_the_fingerprint_names_the_summariser_only_in_abstractive_mode() -> None:
    plain = fingerprint(Settings(translator="none"))
    assert plain == {
        "bullets": 5,
        "lang": None,
        "translator": "none",
        "model": "none",
        "beams": None,
        "int8": True,
        "backend": "auto",
        "engine": "none",
        "mode": "extractive",
    }
    abstractive = fingerprint(Settings(translator="none", mode="abstractive", backend="torch"))
    assert abstractive["summariser"] == "sshleifer/distilbart-cnn-12-6@refs/pr/13"
    assert abstractive["summariser_engine"] == "torch"
