"""Figure engine: amounts, percentages, counts, dates and ages, exact and normalised.

One engine (`engine.py`) reads any language whose grammar (data, not code) lives beside it.
"""

from __future__ import annotations

import re

from summarise.values import Figure


def extract_figures(
    text: str,
    lang: str,
    start: int = 0,
    end: int | None = None,
    sentence: int | None = None,
    *,
    decimal: str | None = None,
    sure: bool = True,
) -> list[Figure]:
    """Figures in `text[start:end]`, offsets into the whole `text`, tagged with `sentence`.

    `lang` is an ISO 639-1 code; languages without a grammar are read with the Indonesian one
    (see `grammar.FALLBACK`). `decimal` overrides the grammar's decimal mark and `sure=False`
    marks figures whose value depends on it (see `convention`). Figures come sorted by start
    and never overlap.
    """
    from summarise.figures.engine import engine_for

    hi = len(text) if end is None else max(0, min(end, len(text)))
    lo = max(0, min(start, hi))
    return engine_for(_normalise_lang(lang)).extract(text, lo, hi, sentence, decimal, sure)


_LINE = re.compile(r"[^\n]+")


def read_figures(text: str, lang: str, *, confident: bool = True) -> list[Figure]:
    """Every figure of `text`, each paragraph (line) read with its own number convention and,
    for English passages, the English grammar: the rule `summarise figures` and the pipeline
    share (`convention.document_reading`, `convention.passage_reading`)."""
    from summarise.figures.convention import passage_readings

    lines = list(_LINE.finditer(text))
    readings = passage_readings(
        [m.group() for m in lines], _normalise_lang(lang), confident=confident
    )
    found: list[Figure] = []
    for m, r in zip(lines, readings, strict=True):
        found += extract_figures(text, r.lang, m.start(), m.end(), decimal=r.decimal, sure=r.sure)
    return found


def supported_languages() -> tuple[str, ...]:
    """Languages with their own grammar."""
    from summarise.figures.grammar import LANGUAGES

    return LANGUAGES


def _normalise_lang(lang: str) -> str:
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return {
        "in": "id",
        "ind": "id",
        "msa": "ms",
        "zsm": "ms",
        "may": "ms",
        "eng": "en",
        "vie": "vi",
    }.get(code, code)
