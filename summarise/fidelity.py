"""Number-fidelity guard: a translated bullet must carry every figure of its source, exactly.

The English is read back with the figure engine and compared with the source figures by
meaning (kind, value, currency), so "US$14,3 miliar" may become "US$14.3 billion" but not
"US$14 million". On a mismatch we translate again in ways that keep figures intact and keep
the first English that passes; if none does, the bullet is flagged with the figure named.
"""

from __future__ import annotations

import re
import string
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from summarise.backends import Seq2SeqModel
from summarise.values import Fidelity, Figure

CANDIDATES = 4  # beam alternatives tried when a model can give them
LOST = "part of the text came back empty from the translator"


@dataclass(frozen=True, slots=True)
class Verdict:
    english: str
    fidelity: Fidelity
    warnings: tuple[str, ...] = ()


def figures_of(text: str, lang: str) -> list[Figure]:
    from summarise.figures import extract_figures

    return list(extract_figures(text, lang))


def problems(source_figs: Sequence[Figure], english: str) -> list[str]:
    """What is wrong with the English's figures: source figures it lacks or changed, and
    figures written in digits that no source figure supports (a number the model added)."""
    from summarise.figures import extract_figures, is_supported, missing_figures

    stated = extract_figures(english, "en")
    out = [_describe(f) for f in missing_figures(list(source_figs), stated)] if source_figs else []
    out += [
        f'"{f.text}" in the translation is not in the source'
        for f in stated
        if any(c.isdigit() for c in f.text) and not is_supported(f, source_figs)
    ]
    return out


def locate(source: str, figs: Sequence[Figure]) -> list[tuple[int, int, Figure]]:
    """Spans of each figure's written text inside `source`, in order, without overlaps."""
    spans: list[tuple[int, int, Figure]] = []
    for fig in figs:
        taken = [(a, b) for a, b, _ in spans]
        pos = 0
        while True:
            at = source.find(fig.text, pos)
            if at < 0:
                break
            end = at + len(fig.text)
            if not any(a < end and at < b for a, b in taken):
                spans.append((at, end, fig))
                break
            pos = at + 1
    return sorted(spans, key=lambda s: s[0])


def placeholder(k: int) -> str:
    """Letters only (digits get mangled), unlikely words, stable across MT models."""
    return "ZQX" + string.ascii_uppercase[k % 26] * (1 + k // 26)


def with_placeholders(source: str, figs: Sequence[Figure]) -> tuple[str, dict[str, Figure]]:
    """`source` with each located figure replaced by a placeholder, and how to put them back."""
    out, last, mapping = [], 0, {}
    for k, (a, b, fig) in enumerate(locate(source, figs)):
        token = placeholder(k)
        out += [source[last:a], token]
        mapping[token] = fig
        last = b
    out.append(source[last:])
    return "".join(out), mapping


def restore(english: str, mapping: dict[str, Figure]) -> str | None:
    """Put the English rendering of each figure back; None if a placeholder went missing."""
    for token, fig in mapping.items():
        pattern = re.compile(re.escape(token), re.IGNORECASE)
        if len(pattern.findall(english)) != 1:
            return None
        english = pattern.sub(lambda _m, f=fig: f.english, english)
    return english


def pre_rendered(source: str, figs: Sequence[Figure]) -> str:
    """`source` with each figure already written in English ("US$14.3 billion")."""
    out, last = [], 0
    for a, b, fig in locate(source, figs):
        out += [source[last:a], fig.english]
        last = b
    out.append(source[last:])
    return "".join(out)


def _attempts(
    source: str, figs: Sequence[Figure], model: Seq2SeqModel, lang: str, opts: dict[str, Any]
) -> list[str]:
    """Alternative translations, cheapest-to-trust first: placeholders, pre-rendered, beams."""
    from summarise.translate import translate_pieces

    found: list[str] = []
    held, mapping = with_placeholders(source, figs)
    if mapping:
        (english,), (dropped,) = translate_pieces([held], model, src_lang=lang, **opts)
        restored = restore(english, mapping)
        if restored is not None and not dropped:
            found.append(restored)
        (english,), (dropped,) = translate_pieces(
            [pre_rendered(source, figs)], model, src_lang=lang, **opts
        )
        if not dropped:
            found.append(english)
    candidates = getattr(model, "generate_candidates", None)
    if callable(candidates):
        found += _beam_alternatives(source, model, lang, opts)
    return found


def _beam_alternatives(source: str, model: Any, lang: str, opts: dict[str, Any]) -> list[str]:
    """Whole-bullet alternatives from the n-best list (only when the bullet is one piece)."""
    from summarise.translate import _cut

    cut = _cut([source], model)
    flat = cut.flat()
    if len(flat) != 1:
        return []
    extra = {k: v for k, v in opts.items() if k not in {"num_beams", "num_return_sequences"}}
    if lang:
        extra["src_lang"] = lang
    return [c for c in model.generate_candidates(flat, CANDIDATES, **extra)[0] if c.strip()]


def _describe(fig: Figure) -> str:
    return f'"{fig.text}" ({fig.english}) missing or changed in translation'


def check_and_repair(
    source: str,
    figs: Sequence[Figure],
    english: str,
    model: Seq2SeqModel,
    lang: str,
    *,
    dropped: bool = False,
    opts: dict[str, Any] | None = None,
) -> Verdict:
    """Verify `english` against the source figures; repair or flag it.

    `dropped` says part of the first translation came back empty (a sentence lost).
    """
    issues = problems(figs, english)
    lost = dropped or bool(source.strip() and not english.strip())
    if not issues and not lost:
        return Verdict(english, "ok")
    if not figs and not issues:  # nothing a figure-keeping retranslation could fix
        return Verdict(english, "flagged", (LOST,))
    best, best_issues = english, issues
    for alternative in _attempts(source, figs, model, lang, dict(opts or {})):
        left = problems(figs, alternative)
        if not left:
            return Verdict(alternative, "repaired")
        if len(left) < len(best_issues):
            best, best_issues = alternative, left
    warnings = list(best_issues)
    if lost and not best_issues:
        warnings.append(LOST)
    return Verdict(best, "flagged", tuple(warnings))
