"""Pipeline stages and the translator fallback, with injected model loaders."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import summarise.provider as provider_mod
from summarise.cli import app
from summarise.errors import ModelUnavailable
from summarise.pipeline import Pipeline, Settings
from summarise.values import InputInfo
from tests.helpers import SAMPLES

ARTICLE = SAMPLES / "id-startup-funding.txt"


def _info(text: str) -> InputInfo:
    return InputInfo(path="x.txt", sha256="0" * 64, bytes=len(text.encode()))


def _missing(name: str, settings: Settings) -> object:
    raise ModelUnavailable(
        f"translator {name} is not installed.", hint=f"summarise models pull {name}"
    )


class Upper:
    """A translator that only upper-cases: enough to see which text went through it."""

    name = "upper"

    def __init__(self) -> None:
        self.calls = 0

    def generate(self, texts, **options):
        self.calls += 1
        return [t.upper() for t in texts]


def test_unavailable_translator_falls_back_with_warning_and_hint() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    p = Pipeline(Settings(translator="opus-mt-id-en"), load_translator=_missing)
    result = p.summarise(p.prepare(_info(text), text))
    assert result.translation.status == "unavailable"
    assert result.bullets and all(b.english is None for b in result.bullets)
    assert any("summarise models pull opus-mt-id-en" in w for w in result.warnings)
    assert result.figures and all(f.english for f in result.figures)


def test_strict_makes_unavailable_translator_an_error() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    p = Pipeline(Settings(translator="opus-mt-id-en", strict=True), load_translator=_missing)
    with pytest.raises(ModelUnavailable):
        p.summarise(p.prepare(_info(text), text))


def test_translator_is_loaded_once_per_run() -> None:
    loads: list[str] = []

    def loader(name: str, settings: Settings) -> object:
        loads.append(name)
        raise ModelUnavailable("nope")

    text = ARTICLE.read_text(encoding="utf-8")
    p = Pipeline(Settings(translator="x"), load_translator=loader)
    for _ in range(3):
        p.summarise(p.prepare(_info(text), text))
    assert loads == ["x"]


def test_cli_fallback_exit_0_and_strict_exit_3(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(provider_mod, "_default_loader", _missing)
    runner = CliRunner()
    ok = runner.invoke(app, [str(ARTICLE), "-f", "json"], catch_exceptions=False)
    assert ok.exit_code == 0
    obj = json.loads(ok.stdout)
    assert obj["translation"]["status"] == "unavailable"
    assert obj["warnings"] and "summarise models pull" in obj["warnings"][0]
    assert "summarise models pull" in ok.stderr
    strict = runner.invoke(app, [str(ARTICLE), "--strict"], catch_exceptions=False)
    assert strict.exit_code == 3
    assert strict.stdout == ""
    assert "not installed" in strict.stderr
    assert len(strict.stderr.strip().splitlines()) == 1


def test_translator_none_skips() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    p = Pipeline(Settings(translator="none"), load_translator=_missing)
    result = p.summarise(p.prepare(_info(text), text))
    assert result.translation.status == "skipped"


def test_timings_are_recorded_per_stage() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    p = Pipeline(Settings(translator="none"))
    result = p.summarise(p.prepare(_info(text), text))
    assert {"clean", "language", "figures", "select", "translate"} <= set(result.timings_ms)
    assert all(v >= 0 for v in result.timings_ms.values())


def test_bullet_figures_point_into_their_sentences() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    p = Pipeline(Settings(translator="none", bullets=10))
    result = p.summarise(p.prepare(_info(text), text))
    for b in result.bullets:
        s = result.document.sentences[b.sentences[0]]
        assert b.source == s.text == text[s.start : s.end]
        for i in b.figures:
            f = result.figures[i]
            assert s.start <= f.start < f.end <= s.end


def _prepared_samples(p: Pipeline, n: int) -> list:
    texts = [ARTICLE.read_text(encoding="utf-8") + f"\n\nSalinan {i}.\n" for i in range(n)]
    return [p.prepare(_info(t), t) for t in texts]


def test_documents_sharing_a_translator_are_translated_in_one_call() -> None:
    from tests.fakes import ScriptedTranslator

    model = ScriptedTranslator()
    p = Pipeline(Settings(translator="fake", bullets=3), load_translator=lambda n, s: model)
    docs = _prepared_samples(p, 4)
    results = p.summarise_many(docs)
    first_pass = model.calls[0][0]
    assert len(first_pass) == 4 * (3 + 1)  # three bullets and a title from each document
    for doc, result in zip(docs, results, strict=True):
        assert result.document is doc.document
        assert result.translation.status == "ok"
        assert all(b.english for b in result.bullets)
        assert all(b.fidelity != "unchecked" for b in result.bullets)  # every one checked
    single = p.summarise(docs[0])
    assert [b.to_json() for b in single.bullets] == [b.to_json() for b in results[0].bullets]


def test_summarise_many_keeps_order_across_languages() -> None:
    english = (SAMPLES / "en-regional-tech.txt").read_text(encoding="utf-8")
    p = Pipeline(Settings(translator="none"))
    docs = _prepared_samples(p, 2)
    docs.insert(1, p.prepare(_info(english), english))
    results = p.summarise_many(docs)
    assert [r.language.code for r in results] == ["id", "en", "id"]
    assert results[1].translation.status == "skipped"
    assert results[1].bullets[0].english == results[1].bullets[0].source


def test_cache_fingerprint_names_the_model_each_language_resolves_to() -> None:
    auto = Pipeline(Settings(translator="auto")).fingerprint()["model"]
    assert set(auto) == {"id", "ms", "vi"}  # English needs no translator
    assert all("@" in identity for identity in auto.values())  # repo@revision
    assert auto["vi"] == auto["ms"]  # opus-mt-mul-en until opus-mt-vi-en is pinned


def test_ct2_and_torch_results_never_share_a_cache_key(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarise import backends
    from summarise.cache import ResultCache

    marian = tmp_path / "marian"
    marian.mkdir()
    (marian / "config.json").write_text('{"model_type": "marian"}')
    keys = {}
    for installed in (True, False):  # auto: CTranslate2 when it is there, else PyTorch
        monkeypatch.setattr(backends, "ct2_installed", lambda installed=installed: installed)
        for translator in ("auto", str(marian)):
            fingerprint = Pipeline(Settings(translator=translator)).fingerprint()
            keys[installed, translator] = (
                fingerprint["engine"],
                ResultCache.key("0" * 64, fingerprint),
            )
    assert keys[True, "auto"][0] == {"id": "ct2", "ms": "ct2", "vi": "ct2"}
    assert keys[False, "auto"][0] == {"id": "torch", "ms": "torch", "vi": "torch"}
    assert (keys[True, str(marian)][0], keys[False, str(marian)][0]) == ("ct2", "torch")
    assert keys[True, "auto"][1] != keys[False, "auto"][1]
    assert keys[True, str(marian)][1] != keys[False, str(marian)][1]


def test_cache_fingerprint_engine_of_torch_only_models_and_modes() -> None:
    torch_run = Pipeline(Settings(backend="torch", mode="abstractive")).fingerprint()
    assert torch_run["engine"] == {"id": "torch", "ms": "torch", "vi": "torch"}
    assert torch_run["summariser_engine"] == "torch"
    assert Pipeline(Settings(translator="nllb-200-distilled-600m")).fingerprint()["engine"] == (
        "torch"  # M2M100/NLLB run on PyTorch whatever --backend says
    )
    assert Pipeline(Settings(translator="none")).fingerprint()["engine"] == "none"
    assert "summariser_engine" not in Pipeline(Settings()).fingerprint()


def test_cache_fingerprint_hashes_a_local_model_directory(tmp_path: Path) -> None:
    model = tmp_path / "model"
    model.mkdir()
    (model / "config.json").write_text("{}")
    (model / "weights.bin").write_bytes(b"\x00" * 64)
    first = Pipeline(Settings(translator=str(model))).fingerprint()["model"]
    (model / "weights.bin").write_bytes(b"\x01" * 64)  # same size, new content
    second = Pipeline(Settings(translator=str(model))).fingerprint()["model"]
    assert first.startswith("sha256:") and second.startswith("sha256:") and first != second


def test_dateline_date_is_a_figure_though_no_sentence() -> None:
    text = (
        "Kedai Awan posts record quarter\n\n"
        "PETALING JAYA (Nov 27): Kedai Awan Bhd posted a net profit of RM42.3mil.\n\n"
        "The board met on Friday.\n"
    )
    prepared = Pipeline(Settings(lang="en", translator="none")).prepare(_info(text), text)
    assert not prepared.document.sentences[0].text.startswith("PETALING")
    dated = [(f.kind, f.value, f.text, f.sentence) for f in prepared.figures if f.kind == "date"]
    assert dated == [("date", "--11-27", "Nov 27", None)]
    money = [f.value for f in prepared.figures if f.kind == "money"]
    assert [str(v) for v in money] == ["42300000"]


def test_only_the_dateline_before_the_first_sentence_is_read() -> None:
    # A chrome line with a number is dropped, and stays unread: it is no dateline.
    text = "Home | News | 2024\n\nKedai Awan posts record quarter\n\nRevenue rose 5%.\n"
    prepared = Pipeline(Settings(lang="en", translator="none")).prepare(_info(text), text)
    assert [(f.kind, str(f.value)) for f in prepared.figures] == [("percent", "5")]
