"""Translation stage: sentence by sentence, batched, long sentences split (never truncated),
every bullet's figures checked afterwards and repaired or flagged (summarise.fidelity).

Works with any Seq2SeqModel: `as_model` gives one without `max_input_tokens`, `count_tokens`
or n-best candidates the protocol's defaults (summarise.backends).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import Any

from summarise.backends import Model, Seq2SeqModel, as_model
from summarise.guard import Retranslator
from summarise.sentences import sentence_texts
from summarise.values import Bullet, Fidelity, Figure

# Places where a too-long sentence may be cut, best first: clause punctuation, then conjunctions.
_CLAUSE_BREAKS = (
    re.compile(r"(?<=[;:])\s+"),
    re.compile(r"(?<=,)\s+"),
    re.compile(
        r"\s+(?=(?:dan|tetapi|namun|sedangkan|serta|sehingga|karena|yang|untuk|"
        r"and|but|while|which|because)\b)"
    ),
)
# Number-ish stretches (with a scale word) that a cut must never go through.
_FIGURE_LIKE = re.compile(
    r"\S*\d[\d.,]*\S*(?:\s+(?:ribu|juta|miliar|milyar|triliun|persen|bilion|billion|million|"
    r"trillion|thousand|percent))?",
    re.IGNORECASE,
)


# A translation is rarely longer than twice its source; see HFSeq2Seq._run.
LENGTH_RATIO = 2.0
# Beam width of the first pass and the least width of the guard's retries (README, "Beam
# width"): a narrow first pass keeps most of what beam search gains for far less decoding,
# and the few texts whose figures fail the guard are translated again with the wider beam.
FIRST_PASS_BEAMS = 2
RETRY_BEAMS = 4


def pass_options(opts: dict[str, Any]) -> tuple[dict[str, Any], dict[str, Any]]:
    """Generate options for (the first pass, the guard's retries): the first pass at
    FIRST_PASS_BEAMS unless the caller chose a width (`--beams`), the retries never narrower
    than RETRY_BEAMS nor than the first pass."""
    first = dict(opts)
    first.setdefault("num_beams", FIRST_PASS_BEAMS)
    retry = {**opts, "num_beams": max(int(first["num_beams"]), RETRY_BEAMS)}
    return first, retry


@dataclass(frozen=True, slots=True)
class TranslationOutcome:
    """Bullets with `english` and `fidelity` set, the English title, and what went wrong."""

    bullets: tuple[Bullet, ...]
    title_english: str | None
    warnings: tuple[str, ...] = ()
    title_fidelity: Fidelity | None = None


def _protected(text: str) -> list[tuple[int, int]]:
    return [m.span() for m in _FIGURE_LIKE.finditer(text)]


def _cut_points(text: str, pattern: re.Pattern[str]) -> list[tuple[int, int]]:
    spans = _protected(text)
    out = []
    for m in pattern.finditer(text):
        inside = any(a < m.start() < b or a < m.end() < b for a, b in spans)
        if m.start() > 0 and m.end() < len(text) and not inside:
            out.append((m.start(), m.end()))
    return out


def split_to_fit(text: str, fits: Callable[[str], bool]) -> list[str]:
    """Cut `text` into pieces that each `fits`, at clause boundaries first, then between words.

    Figures are never cut through. Only a single word longer than the limit is cut inside it,
    so nothing is ever dropped: the pieces joined by spaces give back every word of `text`.
    """
    if fits(text):
        return [text]
    middle = len(text) / 2
    for pattern in (*_CLAUSE_BREAKS, re.compile(r"\s+")):
        points = _cut_points(text, pattern)
        if points:
            a, b = min(points, key=lambda p: abs(p[0] - middle))
            return split_to_fit(text[:a].strip(), fits) + split_to_fit(text[b:].strip(), fits)
    if len(text) <= 1:
        return [text]
    half = len(text) // 2
    return split_to_fit(text[:half], fits) + split_to_fit(text[half:], fits)


@dataclass(frozen=True, slots=True)
class _Pieces:
    """How each input text was cut: per text, per sentence, the pieces sent to the model."""

    layout: list[list[list[str]]]

    def flat(self) -> list[str]:
        return [p for sentences in self.layout for pieces in sentences for p in pieces]


def _cut(texts: Sequence[str], model: Model) -> _Pieces:
    limit = model.max_input_tokens
    count = model.count_tokens
    layout = [[[s] for s in sentence_texts(t)] for t in texts]
    if limit:
        sentences = [s[0] for sents in layout for s in sents]
        lengths = iter(count(sentences) if sentences else [])
        for sents in layout:
            for k, (sentence,) in enumerate(sents):
                if next(lengths) > limit:
                    sents[k] = split_to_fit(sentence, lambda piece: count([piece])[0] <= limit)
    return _Pieces(layout)


def _generate(model: Model, pieces: list[str], src_lang: str | None, **opts: Any) -> list[str]:
    if src_lang is not None:
        opts["src_lang"] = src_lang
    return list(model.generate(pieces, **opts)) if pieces else []


def translate_pieces(
    texts: Sequence[str], model: Seq2SeqModel, *, src_lang: str | None = None, **opts: Any
) -> tuple[list[str], list[bool]]:
    """translate_texts, plus for each text whether some piece came back empty (text dropped)."""
    model = as_model(model)
    cut = _cut(texts, model)
    outputs = iter(_generate(model, cut.flat(), src_lang, **opts))
    joined: list[str] = []
    dropped: list[bool] = []
    for sentences in cut.layout:
        parts = [[next(outputs).strip() for _ in pieces] for pieces in sentences]
        dropped.append(any(not p for ps in parts for p in ps))
        joined.append(" ".join(" ".join(p for p in ps if p) for ps in parts).strip())
    return joined, dropped


def translate_texts(
    texts: Sequence[str], model: Seq2SeqModel, *, src_lang: str | None = None, **opts: Any
) -> list[str]:
    """Translate each text sentence by sentence in one batched call; long sentences are split
    to the model's input limit and the pieces rejoined, so no text is ever truncated."""
    return translate_pieces(texts, model, src_lang=src_lang, **opts)[0]


@dataclass(frozen=True, slots=True)
class TranslationJob:
    """One document's bullets (their figures index `figures`) and its title, to translate."""

    bullets: Sequence[Bullet]
    figures: Sequence[Figure]
    title: str | None = None
    title_figures: Sequence[Figure] | None = None  # None: read from the title itself

    def texts(self) -> list[str]:
        return [b.source for b in self.bullets] + ([self.title] if self.title else [])


def translate_many(
    jobs: Sequence[TranslationJob], model: Seq2SeqModel, *, source_lang: str, **opts: Any
) -> list[TranslationOutcome]:
    """English for the bullets and titles of several documents, each bullet's figures verified.

    The first pass is one batched call for all documents, so the backend packs sentences from
    many articles into each batch by token budget; checking and repair are per bullet.
    fidelity: "ok" when every source figure is in the English, "repaired" when a second
    translation (figures held in placeholders, pre-rendered, or another beam) fixed it,
    "flagged" (with a warning naming the source figure) when nothing did.
    `opts` go to the model's generate (e.g. num_beams); the first pass and the retries get
    their beam widths from `pass_options`.
    """
    opts.setdefault("max_length_ratio", LENGTH_RATIO)
    first, retry = pass_options(opts)
    model = as_model(model)
    texts = [text for job in jobs for text in job.texts()]
    english, dropped = translate_pieces(texts, model, src_lang=source_lang, **first)
    outcomes: list[TranslationOutcome] = []
    start = 0
    for job in jobs:
        end = start + len(job.texts())
        outcomes.append(
            _verify(job, english[start:end], dropped[start:end], model, source_lang, retry)
        )
        start = end
    return outcomes


def retranslator(model: Seq2SeqModel, lang: str, opts: dict[str, Any]) -> Retranslator:
    """How the guard asks `model` for other translations of a text (see guard.Retranslator).
    Whole-text n-best alternatives are offered only when the model gives real n-best lists."""
    model = as_model(model)

    def again(texts: Sequence[str]) -> tuple[list[str], list[bool]]:
        return translate_pieces(texts, model, src_lang=lang, **opts)

    if not model.n_best:
        return Retranslator(again)

    def candidates(text: str) -> list[str]:
        """Whole-text alternatives from the n-best list (only when the text is one piece)."""
        flat = _cut([text], model).flat()
        if len(flat) != 1:
            return []
        extra = {k: v for k, v in opts.items() if k not in {"num_beams", "num_return_sequences"}}
        if lang:
            extra["src_lang"] = lang
        return list(model.generate_candidates(flat, CANDIDATES, **extra)[0])

    return Retranslator(again, candidates)


CANDIDATES = 4  # beam alternatives the guard tries when a model can give them


def _verify(
    job: TranslationJob,
    english: Sequence[str],
    dropped: Sequence[bool],
    model: Model,
    source_lang: str,
    opts: dict[str, Any],
) -> TranslationOutcome:
    """Check each first-pass translation against its source figures; repair or flag it."""
    from summarise import guard
    from summarise.figures import read_figures

    again = retranslator(model, source_lang, opts)
    warnings: list[str] = []
    out: list[Bullet] = []
    for i, bullet in enumerate(job.bullets):
        figs = [job.figures[j] for j in bullet.figures]
        checked = guard.check_and_repair(
            bullet.source, figs, english[i], again, source_lang, dropped=dropped[i]
        )
        out.append(replace(bullet, english=checked.english, fidelity=checked.fidelity))
        warnings += [f"bullet {i + 1}: {w}" for w in checked.warnings]
    title_english = title_fidelity = None
    if job.title:
        figs = job.title_figures
        if figs is None:
            figs = read_figures(job.title, source_lang)
        checked = guard.check_and_repair(
            job.title, figs, english[-1], again, source_lang, dropped=dropped[-1]
        )
        title_english, title_fidelity = checked.english, checked.fidelity
        warnings += [f"title: {w}" for w in checked.warnings]
    return TranslationOutcome(tuple(out), title_english, tuple(warnings), title_fidelity)


def translate_bullets(
    bullets: Sequence[Bullet],
    figures: Sequence[Figure],
    title: str | None,
    model: Seq2SeqModel,
    *,
    source_lang: str,
    **opts: Any,
) -> TranslationOutcome:
    """One document's bullets and title: `translate_many` for a single job."""
    job = TranslationJob(bullets, figures, title)
    return translate_many([job], model, source_lang=source_lang, **opts)[0]
