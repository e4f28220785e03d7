"""Translation stage and number-fidelity guard."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise import figures as engine
from summarise.backends.loader import load_translator
from summarise.faithful import TranslationOutcome, translate_bullets
from summarise.sentences import sentence_texts as split_sentences
from summarise.translate import split_to_fit, translate_texts
from summarise.values import Bullet
from tests.fakes import CORRUPTIONS, CorruptingTranslator, ScriptedTranslator

S1 = "Meta menginvestasikan US$14,3 miliar untuk 49% saham Scale AI."
E1 = "Meta invested US$14.3 billion for a 49% stake in Scale AI."
S2 = "Pendapatan naik 25% menjadi Rp1,2 triliun pada 2024."
E2 = "Revenue rose 25% to Rp1.2 trillion in 2024."
S3 = "Droege menegaskan perusahaan tetap independen."
E3 = "Droege stressed that the company remains independent."
S4 = "Sebanyak 1.500 karyawan terkena pemutusan hubungan kerja."
E4 = "As many as 1,500 employees were laid off."
TITLE = "Scale AI Tegaskan Independen Meski Meta Miliki Saham Rp230 Triliun"
TITLE_EN = "Scale AI insists it is independent although Meta owns Rp230 trillion in shares"
SCRIPT = {
    S1: E1,
    S2: E2,
    S3: E3,
    S4: E4,
    TITLE: TITLE_EN,
    # what the translator says when the guard holds the figures in placeholders
    "Meta menginvestasikan ZQXA untuk ZQXB saham Scale AI.": (
        "Meta invested ZQXA for a ZQXB stake in Scale AI."
    ),
    "Pendapatan naik ZQXA menjadi ZQXB pada ZQXC.": "Revenue rose ZQXA to ZQXB in ZQXC.",
    "Sebanyak ZQXA terkena pemutusan hubungan kerja.": "As many as ZQXA were laid off.",
    "Scale AI Tegaskan Independen Meski Meta Miliki Saham ZQXA": (
        "Scale AI insists it is independent although Meta owns ZQXA in shares"
    ),
}


def _bullets(*sources: str) -> tuple[list[Bullet], list]:
    """Bullets over `sources` with their figures, as the pipeline would make them."""
    bullets, figures = [], []
    for i, source in enumerate(sources):
        figs = engine.extract_figures(source, "id", sentence=i)
        idx = tuple(range(len(figures), len(figures) + len(figs)))
        figures += figs
        bullets.append(Bullet(source=source, sentences=(i,), figures=idx))
    return bullets, figures


# --- splitting ---------------------------------------------------------------------------------


def test_split_sentences_keeps_decimals_abbreviations_and_initials_together() -> None:
    text = "Dr. Budi dari PT. Maju Tbk. berkata laba Rp1.200 naik 14,3%. Saham J. Doe turun. Bagus!"
    assert split_sentences(text) == [
        "Dr. Budi dari PT. Maju Tbk. berkata laba Rp1.200 naik 14,3%.",
        "Saham J. Doe turun.",
        "Bagus!",
    ]


def test_split_to_fit_cuts_at_clauses_and_never_inside_a_figure() -> None:
    text = (
        "Perusahaan itu meraih US$14,3 miliar, memperluas pasar ke Asia, dan merekrut "
        "1.500 karyawan baru yang tersebar di 12 kota"
    )
    pieces = split_to_fit(text, lambda p: len(p.split()) <= 6)
    assert all(len(p.split()) <= 6 for p in pieces)
    assert " ".join(pieces).split() == text.split()  # nothing dropped, nothing reordered
    assert any("US$14,3 miliar" in p for p in pieces)
    assert pieces[0].endswith(",")  # the first cut is at a comma, not mid-clause


def test_translate_texts_sends_sentences_not_whole_texts() -> None:
    model = ScriptedTranslator(SCRIPT)
    out = translate_texts([f"{S1} {S3}", S2], model, src_lang="id")
    assert out == [f"{E1} {E3}", E2]
    assert len(model.calls) == 1  # one batched call
    assert model.inputs == [S1, S3, S2]
    assert model.calls[0][1] == {"src_lang": "id"}


def test_translate_texts_splits_long_sentence_for_a_token_limited_model() -> None:
    model = ScriptedTranslator(max_input_tokens=8)  # fallback count: words + 1
    long = (
        "Kesepakatan ini menandai kepergian pendiri Scale, Alexandr Wang, yang kini memimpin "
        "unit baru Meta, sekaligus menjadi investasi terbesar kedua Meta"
    )
    (out,) = translate_texts([long], model)
    assert len(model.inputs) > 1
    assert all(len(p.split()) + 1 <= 8 for p in model.inputs)
    assert out.split() == long.split()  # identity translation: every word came back


# --- fidelity ----------------------------------------------------------------------------------


def test_good_translation_is_ok_and_title_translated() -> None:
    bullets, figures = _bullets(S1, S2, S3)
    outcome = translate_bullets(
        bullets, figures, TITLE, ScriptedTranslator(SCRIPT), source_lang="id"
    )
    assert isinstance(outcome, TranslationOutcome)
    assert [b.english for b in outcome.bullets] == [E1, E2, E3]
    assert [b.fidelity for b in outcome.bullets] == ["ok", "ok", "ok"]
    assert outcome.title_english == TITLE_EN
    assert outcome.warnings == ()


# English that may pass for S1 and S2: the script's, and the same with a decimal comma that
# cannot be a thousands group (`US$14,3 billion` reads as 14.3 billion). S3 has no figures, so
# no number check can fault a garbled S3.
OK_ENGLISH = {
    S1: (E1, "Meta invested US$14,3 billion for a 49% stake in Scale AI."),
    S2: (E2, "Revenue rose 25% to Rp1,2 trillion in 2024."),
    S3: (),
    S4: (E4,),
}
# The English each figure of S1..S4 must come back as (written here, not computed).
RENDERED = {
    S1: ("US$14.3 billion", "49%"),
    S2: ("25%", "1.2 trillion", "2024"),
    S3: (),
    S4: ("1,500 employees",),
}


@pytest.mark.parametrize("corruption", sorted(CORRUPTIONS))
@pytest.mark.parametrize("persistent", [False, True])
def test_corrupted_figures_end_repaired_or_flagged_never_ok(
    corruption: str, persistent: bool
) -> None:
    sources = (S1, S2, S3, S4)
    bullets, figures = _bullets(*sources)
    model = CorruptingTranslator(SCRIPT, corruption, persistent=persistent)
    outcome = translate_bullets(bullets, figures, TITLE, model, source_lang="id")
    warnings = " | ".join(outcome.warnings)
    for i, (source, out) in enumerate(zip(sources, outcome.bullets, strict=True)):
        if out.fidelity == "ok":  # only English that states the figures as written here
            assert out.english in OK_ENGLISH[source] or not RENDERED[source], f"bullet {i + 1}"
        elif out.fidelity == "repaired":
            for shown in RENDERED[source]:
                assert shown in (out.english or ""), f"bullet {i + 1} lacks {shown}"
        else:
            assert out.fidelity == "flagged" and f"bullet {i + 1}:" in warnings
    assert any(b.fidelity != "ok" for b in outcome.bullets), "the corruption went unnoticed"
    if corruption not in {"drop_sentence", "garble"}:
        # figure corruption is fixed by the second translation (figures held in placeholders);
        # a dropped or garbled sentence is not: every new input is damaged again
        assert {b.fidelity for b in outcome.bullets} <= {"ok", "repaired"}


def test_persistent_corruption_names_the_source_figure() -> None:
    bullets, figures = _bullets(S1)
    model = CorruptingTranslator(SCRIPT, "garble", persistent=True)
    outcome = translate_bullets(bullets, figures, None, model, source_lang="id")
    assert outcome.bullets[0].fidelity == "flagged"
    assert outcome.warnings == (
        'bullet 1: "US$14,3 miliar" (US$14.3 billion) is missing or changed in the translation',
        'bullet 1: "49%" (49%) is missing or changed in the translation',
    )
    assert outcome.bullets[0].english  # the best English is kept, not dropped


def test_repair_holds_figures_in_placeholders_and_restores_them() -> None:
    bullets, figures = _bullets(S1)
    model = CorruptingTranslator(SCRIPT, "drop_digits")
    outcome = translate_bullets(bullets, figures, None, model, source_lang="id")
    (bullet,) = outcome.bullets
    assert bullet.fidelity == "repaired"
    assert "US$14.3 billion" in bullet.english and "49%" in bullet.english
    assert any("ZQXA" in t for t in model.inputs)


def test_first_pass_is_narrow_and_only_the_guards_retries_search_wider() -> None:
    bullets, figures = _bullets(S1, S3)
    clean = ScriptedTranslator(SCRIPT)
    outcome = translate_bullets(bullets, figures, TITLE, clean, source_lang="id")
    assert [b.fidelity for b in outcome.bullets] == ["ok", "ok"]
    assert [opts["num_beams"] for _, opts in clean.calls] == [2]  # no retry: one beam-2 pass

    model = CorruptingTranslator(SCRIPT, "drop_digits")  # first answers lose digits
    outcome = translate_bullets(bullets, figures, TITLE, model, source_lang="id")
    assert outcome.bullets[0].fidelity == "repaired"
    beams = [opts["num_beams"] for _, opts in model.calls]
    assert beams[0] == 2 and len(beams) > 1 and set(beams[1:]) == {4}


@pytest.mark.parametrize(("chosen", "first", "retries"), [(1, 1, 4), (4, 4, 4), (6, 6, 6)])
def test_a_chosen_beam_width_sets_the_first_pass_and_retries_are_never_narrower(
    chosen: int, first: int, retries: int
) -> None:
    bullets, figures = _bullets(S1)
    model = CorruptingTranslator(SCRIPT, "drop_digits")
    translate_bullets(bullets, figures, None, model, source_lang="id", num_beams=chosen)
    beams = [opts["num_beams"] for _, opts in model.calls]
    assert beams[0] == first and len(beams) > 1 and set(beams[1:]) == {retries}


def test_dropped_sentence_without_figures_is_flagged() -> None:
    bullets, figures = _bullets(S3)
    model = CorruptingTranslator(SCRIPT, "drop_sentence", persistent=True)
    outcome = translate_bullets(bullets, figures, None, model, source_lang="id")
    assert outcome.bullets[0].fidelity == "flagged"
    assert "came back empty" in outcome.warnings[0]


# --- with a real (tiny, random) Marian model ------------------------------------------------------


@pytest.mark.slow
def test_local_marian_directory_translates_offline(standins: dict[str, Path]) -> None:
    model = load_translator(standins["marian"], offline=True, device="cpu")
    bullets, figures = _bullets(S1, S3)
    outcome = translate_bullets(bullets, figures, TITLE, model, source_lang="id", max_new_tokens=24)
    assert all(isinstance(b.english, str) for b in outcome.bullets)
    assert isinstance(outcome.title_english, str)
    # random weights cannot carry US$14.3 billion: the guard must not call that ok
    assert outcome.bullets[0].fidelity in {"repaired", "flagged"}
    if outcome.bullets[0].fidelity == "flagged":
        assert any(w.startswith("bullet 1:") for w in outcome.warnings)


@pytest.mark.slow
def test_long_sentence_is_split_for_the_real_tokenizer(standins: dict[str, Path]) -> None:
    model = load_translator(standins["marian"], offline=True, device="cpu", max_input_tokens=16)
    seen: list[str] = []
    real = model.generate

    def spy(texts, **opts):  # type: ignore[no-untyped-def]
        seen.extend(texts)
        return real(texts, **opts)

    model.generate = spy  # type: ignore[method-assign]
    long = " ".join([S1.rstrip("."), "dan", S2.rstrip("."), "serta", S3])
    (out,) = translate_texts([long], model, max_new_tokens=8)
    assert len(seen) > 1
    assert all(n <= 16 for n in model.count_tokens(seen))
    assert " ".join(seen).split() == long.split()
    assert isinstance(out, str)


@pytest.mark.parametrize(
    ("source", "english", "problem"),
    [
        (S1, E1.replace("Scale AI.", "Scale AI, worth US$29 billion."), '"US$29 billion"'),
        (S3, "Droege stressed that the company, founded in 2016, remains independent.", '"2016"'),
        (S4, "As many as 1,500 employees, 12% of staff, were laid off.", '"12%"'),
    ],
)
def test_a_number_the_translator_added_is_never_ok(source: str, english: str, problem: str) -> None:
    bullets, figures = _bullets(source)
    model = ScriptedTranslator({source: english})  # every retranslation adds it again
    outcome = translate_bullets(bullets, figures, None, model, source_lang="id")
    (bullet,) = outcome.bullets
    assert bullet.fidelity == "flagged"
    assert f"bullet 1: {problem} in the translation is not in the source" in outcome.warnings


def test_an_added_number_that_no_retranslation_removes_is_flagged() -> None:
    bullets, figures = _bullets(S3)

    class Embellisher(ScriptedTranslator):
        def generate(self, texts, **options):
            out = super().generate(texts, **options)
            return [o.rstrip(".") + ", founded in 2016." for o in out]

    outcome = translate_bullets(bullets, figures, None, Embellisher(SCRIPT), source_lang="id")
    assert outcome.bullets[0].fidelity == "flagged"
    assert outcome.warnings == ('bullet 1: "2016" in the translation is not in the source',)


def test_the_same_figure_in_other_words_is_not_an_addition() -> None:
    bullets, figures = _bullets(S2)
    english = "Revenue rose 25 percent to IDR 1.2 trillion in 2024."
    outcome = translate_bullets(
        bullets, figures, None, ScriptedTranslator({S2: english}), source_lang="id"
    )
    assert outcome.bullets[0].fidelity == "ok"
    assert outcome.warnings == ()
