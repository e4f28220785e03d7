"""Translation: texts to English sentence by sentence, batched, long sentences split (never
truncated). It knows nothing of figures; summarise.faithful checks its output with the guard.

Works with any Seq2SeqModel: `as_model` gives one without `max_input_tokens`, `count_tokens`
or n-best candidates the protocol's defaults (summarise.backends).
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from typing import Any

from summarise.backends import Model, Seq2SeqModel, as_model
from summarise.sentences import sentence_texts

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


def whole_pieces(text: str, model: Model) -> list[str]:
    """The pieces `text` is sent to `model` as (one when it fits the input limit whole)."""
    return _cut([text], model).flat()


def translate_texts(
    texts: Sequence[str], model: Seq2SeqModel, *, src_lang: str | None = None, **opts: Any
) -> list[str]:
    """Translate each text sentence by sentence in one batched call; long sentences are split
    to the model's input limit and the pieces rejoined, so no text is ever truncated."""
    return translate_pieces(texts, model, src_lang=src_lang, **opts)[0]
