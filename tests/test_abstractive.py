"""Abstractive mode: map-reduce summarising, alignment, and the number-fidelity guard.

Scripted models make the behaviour exact (which numbers change, which sentences support what);
the tiny random-weight BART and Marian show the whole path runs offline through the CLI.
"""

from __future__ import annotations

import itertools
import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

import summarise.provider as provider_mod
from summarise import abstractive
from summarise.cache import cacheable
from summarise.cli import app
from summarise.errors import ModelUnavailable
from summarise.pipeline import Pipeline, Settings
from summarise.values import InputInfo
from tests.fakes import ScriptedSummariser, ScriptedTranslator
from tests.helpers import SAMPLES

ARTICLE = """Kirimaja Raih Pendanaan US$85 Juta

Startup logistik Kirimaja meraih pendanaan Seri C senilai US$85 juta pada 2021.

Pendapatan perusahaan naik 87% menjadi Rp2,7 triliun.

Perusahaan masih membukukan rugi bersih sebesar Rp312 miliar.

Kirimaja mempekerjakan sekitar 1.500 karyawan di 34 provinsi.

Dana itu akan dipakai untuk membangun 12 gudang baru di luar Jawa.
"""
ENGLISH = {
    "Kirimaja Raih Pendanaan US$85 Juta": "Kirimaja Raises US$85 Million in Funding",
    "Startup logistik Kirimaja meraih pendanaan Seri C senilai US$85 juta pada 2021.": (
        "Logistics startup Kirimaja raised Series C funding of US$85 million in 2021."
    ),
    "Pendapatan perusahaan naik 87% menjadi Rp2,7 triliun.": (
        "The company's revenue rose 87% to Rp2.7 trillion."
    ),
    "Perusahaan masih membukukan rugi bersih sebesar Rp312 miliar.": (
        "The company still booked a net loss of Rp312 billion."
    ),
    "Kirimaja mempekerjakan sekitar 1.500 karyawan di 34 provinsi.": (
        "Kirimaja employs about 1,500 workers in 34 provinces."
    ),
    "Dana itu akan dipakai untuk membangun 12 gudang baru di luar Jawa.": (
        "The funds will be used to build 12 new warehouses outside Java."
    ),
}
FAITHFUL = (
    "Logistics startup Kirimaja raised US$85 million in Series C funding in 2021. "
    "Its revenue rose 87% to Rp2.7 trillion, while its net loss was Rp312 billion. "
    "The funds will build 12 new warehouses outside Java."
)
# 2021 → 2022, 87% → 85%, miliar → juta (billion → million), and an invented amount.
UNFAITHFUL = (
    "Kirimaja raised US$85 million in Series C funding in 2022. "
    "The company's revenue rose 85% to Rp2.7 trillion. "
    "The company still booked a net loss of Rp312 million. "
    "Kirimaja also raised US$40 million in debt funding."
)


def _info(text: str) -> InputInfo:
    return InputInfo(path="x.txt", sha256="0" * 64, bytes=len(text.encode()))


def _pipeline(summariser: object, translator: object | None = None, **settings) -> Pipeline:
    return Pipeline(
        Settings(mode="abstractive", translator="scripted", **settings),
        load_translator=lambda name, s: translator or ScriptedTranslator(ENGLISH),
        load_summariser=lambda name, s: summariser,
    )


def _run(p: Pipeline, text: str = ARTICLE):
    return p.summarise(p.prepare(_info(text), text))


def _facts(text: str = ARTICLE) -> abstractive.SourceFacts:
    p = Pipeline(Settings(translator="none"))
    prepared = p.prepare(_info(text), text)
    source = abstractive.translate_document(
        prepared.document, ScriptedTranslator(ENGLISH), prepared.language.code
    )
    return abstractive.source_facts(prepared.document, prepared.figures, source)


def _missing(name: str, settings: Settings) -> object:
    raise ModelUnavailable(f"model {name} is not installed.", hint=f"summarise models pull {name}")


# --- the number check ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("english", "unsupported"),
    [
        ("Kirimaja raised US$85 million in 2021.", []),
        ("Kirimaja raised US$85 million in 2022.", ['"2022"']),
        ("Revenue rose 85% to Rp2.7 trillion.", ['"85%"']),
        ("It lost Rp312 million.", ['"Rp312 million"']),
        ("It raised US$40 million in debt.", ['"US$40 million"']),
        ("It employs about 1,500 workers and 12 warehouses.", []),
        ("It has three warehouses.", ['"three warehouses"']),  # a count, read with its noun
        ("It runs 5G vans.", ['"5G"']),
    ],
)
def test_unsupported_lists_numbers_without_a_source_figure(
    english: str, unsupported: list[str]
) -> None:
    assert abstractive.unsupported(english, _facts()) == unsupported


def test_a_date_stated_less_precisely_than_the_source_is_supported() -> None:
    text = "Judul Berita\n\nPerusahaan itu menggelar konferensi pers pada Selasa (14/5/2024).\n"
    facts = _facts(text)
    assert abstractive.unsupported("It spoke in May 2024.", facts) == []
    assert abstractive.unsupported("It spoke in 2024.", facts) == []
    assert abstractive.unsupported("It spoke in 2023.", facts) == ['"2023"']
    assert abstractive.unsupported("It spoke in June 2024.", facts) == ['"June 2024"']


# --- chunking and map-reduce -----------------------------------------------------------------


def _words(texts):
    return [len(t.split()) + 1 for t in texts]


def test_chunks_fit_the_limit_cover_every_sentence_in_order_and_overlap() -> None:
    sentences = [f"Sentence {i} has exactly six words." for i in range(30)]
    chunks = abstractive.chunk_sentences(sentences, _words, limit=40)
    assert len(chunks) > 1
    assert all(_words([" ".join(c)])[0] <= 40 for c in chunks)
    seen = [s for c in chunks for s in c]
    assert list(dict.fromkeys(seen)) == sentences  # nothing dropped, order kept
    for a, b in itertools.pairwise(chunks):
        assert a[-1] == b[0]  # consecutive chunks share a sentence


def test_a_sentence_over_the_limit_is_cut_without_losing_words() -> None:
    long = " ".join(f"word{i}," for i in range(100)) + " end."
    chunks = abstractive.chunk_sentences(["Short one.", long], _words, limit=30)
    assert all(_words([" ".join(c)])[0] <= 30 for c in chunks)
    joined = " ".join(dict.fromkeys(s for c in chunks for s in c))
    assert joined.split() == ["Short", "one.", *long.split()]


def _first_sentence(text: str) -> list[str]:
    return [text.split(". ")[0].rstrip(".") + "."]


def test_long_input_is_map_reduced_never_truncated() -> None:
    sentences = [f"Fact number {i} is stated here in eight words." for i in range(40)]
    model = ScriptedSummariser(respond=_first_sentence, max_input_tokens=60)
    summary = abstractive.summarise_english(sentences, model, candidates=2)
    assert summary.chunks > 1 and summary.rounds >= 1
    inputs = [t for texts, _ in model.calls for t in texts]
    assert all(len(t.split()) + 1 <= 60 for t in inputs)  # every call fits the limit
    first_round = model.calls[0][0]
    assert len(first_round) == summary.chunks
    for s in sentences:  # every sentence reached the summariser in some chunk
        assert any(s in chunk for chunk in first_round)
    assert model.calls[-1][1].get("candidates") == 2  # final pass asks for beam candidates
    assert summary.candidates == ("Fact number 0 is stated here in eight words.",)


def test_short_input_is_summarised_in_one_pass() -> None:
    model = ScriptedSummariser("A summary.", max_input_tokens=60)
    summary = abstractive.summarise_english(["One short sentence."], model)
    assert (summary.chunks, summary.rounds, summary.candidates) == (1, 0, ("A summary.",))
    assert len(model.calls) == 1


def test_map_reduce_stops_when_summaries_do_not_shrink() -> None:
    sentences = [f"Fact number {i} is stated here in eight words." for i in range(40)]
    model = ScriptedSummariser(respond=lambda t: [t], max_input_tokens=60)
    summary = abstractive.summarise_english(sentences, model)
    assert summary.rounds == 1 and len(model.calls) == 1
    assert any("did not get shorter" in w for w in summary.warnings)


def test_empty_summaries_give_no_bullets_and_a_warning() -> None:
    result = _run(_pipeline(ScriptedSummariser("")))
    assert result.bullets == ()
    assert result.extra["stats"]["generated"] == 0
    assert any("empty summary" in w for w in result.warnings)


# --- bullets, provenance and fidelity ----------------------------------------------------------


def test_faithful_summary_bullets_are_ok_and_point_at_their_sentences() -> None:
    result = _run(_pipeline(ScriptedSummariser(FAITHFUL)))
    bullets = result.bullets
    assert [b.fidelity for b in bullets] == ["ok", "ok", "ok"]
    assert bullets[0].english.startswith("Logistics startup Kirimaja raised US$85 million")
    assert bullets[0].sentences[0] == 0
    assert bullets[0].source == result.document.sentences[0].text
    assert set(bullets[1].sentences) == {1, 2}  # revenue and loss come from two sentences
    assert bullets[2].sentences == (4,)
    texts = [[result.figures[i].text for i in b.figures] for b in bullets]
    assert texts == [
        ["US$85 juta", "2021"],
        ["87%", "Rp2,7 triliun", "Rp312 miliar"],
        ["12 gudang"],
    ]
    for b in bullets:  # figures point into a supporting sentence, never the headline
        assert all(result.figures[i].sentence in b.sentences for i in b.figures)
    assert result.extra == {
        "stats": {"generated": 3, "ok": 3, "repaired": 0, "flagged": 0},
        "chunks": 1,
    }
    assert result.warnings == ()


def test_changed_numbers_are_never_ok() -> None:
    result = _run(_pipeline(ScriptedSummariser(UNFAITHFUL)))
    facts = _facts()
    bullets = result.bullets
    assert len(bullets) == 4
    assert [b.fidelity for b in bullets] == ["repaired", "repaired", "repaired", "flagged"]
    for b in bullets:
        if b.fidelity == "repaired":  # the replacement is a translated source sentence
            assert abstractive.unsupported(b.english, facts) == []
            assert b.english == ENGLISH[b.source]
    assert [b.sentences for b in bullets[:3]] == [(0,), (1,), (2,)]
    assert "US$40 million" in bullets[3].english
    assert any(w.startswith('bullet 4: "US$40 million" not in the source') for w in result.warnings)
    assert result.extra["stats"] == {"generated": 4, "ok": 0, "repaired": 3, "flagged": 1}


@pytest.mark.parametrize(
    "changed",
    [
        "Kirimaja raised US$85 million in Series C funding in 2022.",
        "The company's revenue rose 85% to Rp2.7 trillion.",
        "The company still booked a net loss of Rp312 million.",
        "The company still booked a net loss of Rp312 billion and US$3 million in fees.",
        "Kirimaja employs about 1,600 workers in 34 provinces.",
    ],
)
def test_each_kind_of_changed_number_is_repaired_or_flagged(changed: str) -> None:
    result = _run(_pipeline(ScriptedSummariser(changed)))
    (bullet,) = result.bullets
    assert bullet.fidelity in ("repaired", "flagged")
    if bullet.fidelity == "repaired":
        assert abstractive.unsupported(bullet.english, _facts()) == []
    else:
        assert any(w.startswith("bullet 1:") for w in result.warnings)


def test_a_bullet_no_source_sentence_supports_is_flagged() -> None:
    result = _run(_pipeline(ScriptedSummariser("Bananas are yellow and curved.")))
    (bullet,) = result.bullets
    assert (bullet.fidelity, bullet.sentences, bullet.source) == ("flagged", (), "")
    assert "bullet 1: no source sentence supports it" in result.warnings


def test_the_faithful_beam_candidate_is_preferred() -> None:
    result = _run(_pipeline(ScriptedSummariser([UNFAITHFUL, FAITHFUL])))
    assert [b.fidelity for b in result.bullets] == ["ok", "ok", "ok"]
    assert result.bullets[0].english.startswith("Logistics startup")


def test_a_repair_retranslates_a_source_sentence_whose_translation_lost_a_figure() -> None:
    wrong = dict(ENGLISH)
    source = "Perusahaan masih membukukan rugi bersih sebesar Rp312 miliar."
    wrong[source] = "The company still booked a net loss of Rp312 million."
    held = "Perusahaan masih membukukan rugi bersih sebesar ZQXA."  # figure in a placeholder
    wrong[held] = "The company still booked a net loss of ZQXA."
    translator = ScriptedTranslator(wrong)
    result = _run(_pipeline(ScriptedSummariser("The net loss was Rp312 million."), translator))
    (bullet,) = result.bullets
    assert bullet.fidelity == "repaired"
    assert bullet.sentences == (2,)
    assert bullet.english == "The company still booked a net loss of IDR 312 billion."
    assert len(translator.calls) > 1


def test_bullets_option_caps_and_the_title_is_the_translated_headline() -> None:
    result = _run(_pipeline(ScriptedSummariser(FAITHFUL), bullets=2))
    assert len(result.bullets) == 2
    assert result.title_english == "Kirimaja Raises US$85 Million in Funding"
    assert result.translation.status == "ok"
    assert result.extra["stats"]["generated"] == 2


def test_english_input_is_summarised_without_translation() -> None:
    text = "\n\n".join(["Kirimaja Raises Funding", *list(ENGLISH.values())[1:]]) + "\n"
    summariser = ScriptedSummariser(FAITHFUL)
    p = Pipeline(
        Settings(mode="abstractive"),
        load_translator=_missing,
        load_summariser=lambda name, s: summariser,
    )
    result = _run(p, text)
    assert result.language.code == "en"
    assert result.translation.status == "skipped"
    assert [b.fidelity for b in result.bullets] == ["ok", "ok", "ok"]
    assert result.bullets[0].sentences[0] == 0
    sent = summariser.calls[0][0][0]
    assert sent.startswith("Logistics startup Kirimaja raised")  # the English as it is


def test_result_json_adds_stats_and_chunks_and_keeps_the_contract() -> None:
    obj = _run(_pipeline(ScriptedSummariser(FAITHFUL))).to_json()
    assert obj["schema"] == "summarise.result/1"
    assert {"input", "language", "title", "bullets", "figures", "translation"} <= set(obj)
    assert obj["stats"] == {"generated": 3, "ok": 3, "repaired": 0, "flagged": 0}
    assert obj["chunks"] == 1
    extractive = Pipeline(Settings(translator="none"))
    plain = extractive.summarise(extractive.prepare(_info(ARTICLE), ARTICLE)).to_json()
    assert "stats" not in plain and "chunks" not in plain


# --- models: loading, fallback, cache -----------------------------------------------------------


def test_unavailable_summariser_falls_back_to_extractive_bullets_with_a_warning() -> None:
    p = Pipeline(
        Settings(mode="abstractive", translator="scripted"),
        load_translator=lambda name, s: ScriptedTranslator(ENGLISH),
        load_summariser=_missing,
    )
    result = _run(p)
    assert result.bullets and all(b.english == ENGLISH[b.source] for b in result.bullets)
    assert result.extra == {}
    assert "summarise models pull distilbart-cnn-12-6" in result.warnings[0]
    assert "Showing extractive bullets" in result.warnings[0]
    assert not cacheable(result, p.settings)  # the cache policy, over the typed result


def test_strict_makes_an_unavailable_summariser_an_error() -> None:
    p = Pipeline(Settings(mode="abstractive", strict=True), load_summariser=_missing)
    with pytest.raises(ModelUnavailable):
        _run(p)


def test_summariser_is_loaded_once_per_run() -> None:
    loads: list[str] = []

    def loader(name: str, settings: Settings) -> object:
        loads.append(name)
        raise ModelUnavailable("nope")

    p = Pipeline(
        Settings(mode="abstractive", summariser="x", translator="none"), load_summariser=loader
    )
    for _ in range(3):
        _run(p)
    assert loads == ["x"]


def test_without_a_translator_a_non_english_article_falls_back() -> None:
    p = Pipeline(
        Settings(mode="abstractive", translator="none"),
        load_summariser=lambda name, s: ScriptedSummariser(FAITHFUL),
    )
    result = _run(p)
    assert result.extra == {}
    assert "abstractive mode needs an English translation" in result.warnings[0]


def test_fingerprint_has_mode_and_summariser_identity() -> None:
    extractive = Pipeline(Settings()).fingerprint()
    auto = Pipeline(Settings(mode="abstractive")).fingerprint()
    other = Pipeline(Settings(mode="abstractive", summariser="elsewhere")).fingerprint()
    assert extractive["mode"] == "extractive" and "summariser" not in extractive
    assert auto["mode"] == "abstractive"
    assert auto["summariser"] == "sshleifer/distilbart-cnn-12-6@refs/pr/13"
    assert other["summariser"] != auto["summariser"]


def test_cli_strict_exit_3_when_the_summariser_is_missing(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setattr(provider_mod, "_default_summariser_loader", _missing)
    runner = CliRunner()
    path = SAMPLES / "en-regional-tech.txt"
    ok = runner.invoke(app, [str(path), "--mode", "abstractive", "-f", "json"])
    assert ok.exit_code == 0
    assert "summarise models pull distilbart-cnn-12-6" in ok.stderr
    strict = runner.invoke(app, [str(path), "--mode", "abstractive", "--strict"])
    assert strict.exit_code == 3
    assert strict.stdout == ""


# --- end to end with the tiny random-weight models ----------------------------------------------


@pytest.fixture(scope="module")
def tiny_bart(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """A tiny random BART with BART's real 1,024-token input limit. Its directory's own
    generation_config asks for at least 8 new tokens: random weights otherwise tend to stop
    at once, and an empty summary would exercise little."""
    from bench.standins import build_standin, standin_corpus
    from tests.helpers import ROOT

    out = build_standin(
        "bart",
        tmp_path_factory.mktemp("bart1k") / "bart",
        standin_corpus(ROOT),
        arch={"max_position_embeddings": 1024},
    )
    config = out / "generation_config.json"
    config.write_text(json.dumps({**json.loads(config.read_text()), "min_new_tokens": 8}))
    return out


def _cli(path: Path, standins: dict[str, Path], bart: Path):
    args = [str(path), "--mode", "abstractive", "-f", "json", "--offline", "--beams", "1"]
    args += ["--translator", str(standins["marian"]), "--summariser", str(bart), "--no-cache"]
    return CliRunner().invoke(app, args, catch_exceptions=False)


def _check_contract(obj: dict) -> None:
    assert obj["schema"] == "summarise.result/1"
    assert obj["translation"]["status"] == "ok"
    assert obj["title"]["english"] is not None
    n_sent = obj["stats"]["generated"]
    assert len(obj["bullets"]) == n_sent
    assert sum(obj["stats"][k] for k in ("ok", "repaired", "flagged")) == n_sent
    for b in obj["bullets"]:
        assert set(b) == {"english", "source", "sentences", "figures", "fidelity"}
        assert isinstance(b["english"], str) and b["fidelity"] in ("ok", "repaired", "flagged")
        assert all(isinstance(i, int) for i in b["sentences"] + b["figures"])
        assert all(0 <= i < len(obj["figures"]) for i in b["figures"])
    json.dumps(obj)


@pytest.mark.slow
def test_cli_tiny_models_short_article(
    standins: dict[str, Path], tiny_bart: Path, tmp_path: Path
) -> None:
    path = tmp_path / "short.txt"
    path.write_text(ARTICLE, encoding="utf-8")
    result = _cli(path, standins, tiny_bart)
    assert result.exit_code == 0, result.stderr
    obj = json.loads(result.stdout)
    _check_contract(obj)
    assert obj["chunks"] == 1


@pytest.mark.slow
def test_cli_tiny_models_long_article_is_chunked(
    standins: dict[str, Path], tiny_bart: Path, tmp_path: Path
) -> None:
    """Over 1,024 tokens: chunked. The HF backend refuses (ValueError → exit 1) any input over
    the limit that is not explicitly truncated, so exit 0 also means nothing was truncated."""
    from summarise.backends.loader import load_summariser

    text = "\n\n".join(
        (SAMPLES / name).read_text(encoding="utf-8")
        for name in ("id-startup-funding.txt", "id-ecommerce-results.txt")
    )
    path = tmp_path / "long.txt"
    path.write_text(text, encoding="utf-8")
    bart = load_summariser(tiny_bart, offline=True)
    assert bart.count_tokens([text])[0] > 1024
    result = _cli(path, standins, tiny_bart)
    assert result.exit_code == 0, result.stderr
    obj = json.loads(result.stdout)
    _check_contract(obj)
    assert obj["chunks"] > 1
