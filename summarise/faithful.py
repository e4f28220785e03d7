"""Translation the guard has checked: each bullet's and title's figures verified after the
first pass, and repaired from a second translation or flagged (summarise.guard).

Sits above both: translate turns texts into English, the guard judges figures, and this
module is where the two meet, so neither imports the other.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, replace
from typing import Any

from summarise.backends import Model, Seq2SeqModel, as_model
from summarise.guard import Retranslator
from summarise.translate import LENGTH_RATIO, pass_options, translate_pieces, whole_pieces
from summarise.values import Bullet, Fidelity, Figure


@dataclass(frozen=True, slots=True)
class TranslationOutcome:
    """Bullets with `english` and `fidelity` set, the English title, and what went wrong."""

    bullets: tuple[Bullet, ...]
    title_english: str | None
    warnings: tuple[str, ...] = ()
    title_fidelity: Fidelity | None = None


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
        flat = whole_pieces(text, model)
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
