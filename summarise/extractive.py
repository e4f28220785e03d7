"""Extractive mode: pick the key sentences (model-free), then translate them.

The documents of one language are translated in one batched call, so a batch keeps the model
busy. A translator that cannot be had is a warning (the bullets stay in the source language,
figures in English), or an error under --strict. This mode never falls back: it is what the
others fall back to.
"""

from __future__ import annotations

import time
from collections.abc import Sequence
from dataclasses import replace
from typing import TYPE_CHECKING

from summarise.errors import ModelUnavailable
from summarise.modes import Mode, Outcome
from summarise.timing import Timer
from summarise.values import Bullet, Document, Fidelity, Figure, Prepared, Result, Translation

if TYPE_CHECKING:
    from summarise.provider import Models

# Per document: its bullets, English title and its fidelity, translation status, warnings.
Translated = tuple[tuple[Bullet, ...], tuple[str | None, Fidelity], Translation, list[str]]


def make_bullets(document: Document, figures: Sequence[Figure], n: int) -> tuple[Bullet, ...]:
    """Pick the key sentences (model-free) and attach the figures each one carries."""
    from summarise.select import select_key_sentences

    per_sentence: dict[int, list[int]] = {}
    for i, f in enumerate(figures):
        if f.sentence is not None:
            per_sentence.setdefault(f.sentence, []).append(i)
    counts = [len(per_sentence.get(s.index, ())) for s in document.sentences]
    chosen = select_key_sentences(
        document.sentences,
        title=document.title.text if document.title else None,
        figure_counts=counts,
        n=n,
    )
    return tuple(
        Bullet(
            source=document.sentences[i].text,
            sentences=(i,),
            figures=tuple(per_sentence.get(i, ())),
        )
        for i in chosen
    )


def summarise(prepared: Sequence[Prepared], models: Models) -> list[Outcome]:
    """Key-sentence bullets for every document, translated per language in one call each."""
    timers = [Timer(p.timings_ms) for p in prepared]
    bullets: list[tuple[Bullet, ...]] = []
    for p, timer in zip(prepared, timers, strict=True):
        with timer.stage("select"):
            bullets.append(make_bullets(p.document, p.figures, models.settings.bullets))
    by_lang: dict[str, list[int]] = {}
    for i, p in enumerate(prepared):
        by_lang.setdefault(p.language.code, []).append(i)
    results: dict[int, Result] = {}
    for lang, group in by_lang.items():
        t0 = time.perf_counter()
        outcomes = _translate(
            lang, [prepared[i] for i in group], [bullets[i] for i in group], models
        )
        share = (time.perf_counter() - t0) * 1000 / len(group)  # one call served them all
        for i, (done, title, translation, warnings) in zip(group, outcomes, strict=True):
            p, timer = prepared[i], timers[i]
            timer.ms["translate"] = share
            results[i] = Result(
                document=p.document,
                language=p.language,
                figures=p.figures,
                bullets=done,
                translation=translation,
                title_english=title[0],
                title_fidelity=title[1],
                warnings=tuple(warnings),
                timings_ms=timer.total(),
            )
    return [results[i] for i in range(len(prepared))]


def falls_back(lang: str, models: Models) -> bool:
    """A document in `lang` falls back when it needs a translator that cannot be had (raises
    under --strict, as a fresh document would)."""
    s = models.settings
    if lang == "en" or s.translator == "none":
        return False
    try:
        models.translator_for(lang)
    except ModelUnavailable:
        if s.strict:
            raise
        return True
    return False


MODE = Mode(summarise, falls_back)


def _translate(
    lang: str,
    docs: Sequence[Prepared],
    bullets: Sequence[tuple[Bullet, ...]],
    models: Models,
) -> list[Translated]:
    """Bullets, English title and its fidelity, translation status and warnings for
    documents in `lang`."""
    from summarise.prepare import title_figures

    s = models.settings
    titles = [d.document.title.text if d.document.title else None for d in docs]
    if lang == "en":
        skipped = Translation("skipped", reason="input is English")
        return [
            (tuple(replace(b, english=b.source) for b in bs), (title, "unchecked"), skipped, [])
            for bs, title in zip(bullets, titles, strict=True)
        ]
    if s.translator == "none":
        skipped = Translation("skipped", reason="--translator none")
        return [(bs, (None, "unchecked"), skipped, []) for bs in bullets]
    from summarise.faithful import TranslationJob, translate_many

    opts = {"num_beams": s.beams} if s.beams else {}
    jobs = [
        TranslationJob(bs, d.figures, title, title_figures(d.document, d.figures))
        for bs, d, title in zip(bullets, docs, titles, strict=True)
    ]
    try:
        model = models.translator_for(lang)
        # A server-backed model (llm:) can also become unavailable while translating.
        done = translate_many(jobs, model, source_lang=lang, **opts)
    except ModelUnavailable as exc:
        if s.strict:
            raise
        shown = docs[0].language.name or lang
        warning = f"{exc.message.rstrip('.')}. Showing {shown} bullets with English figures."
        if exc.hint:
            warning += f" Get it with: {exc.hint}"
        missing = Translation("unavailable", reason=exc.message)
        return [(bs, (None, "unchecked"), missing, [warning]) for bs in bullets]
    ok = Translation("ok", model=getattr(model, "name", None))
    return [
        (
            tuple(o.bullets),
            (o.title_english, o.title_fidelity or "unchecked"),
            ok,
            list(o.warnings),
        )
        for o in done
    ]
