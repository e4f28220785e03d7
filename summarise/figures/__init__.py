"""Figure engine: amounts, percentages, counts, dates and ages, exact and normalised.

One engine (`engine.py`) reads any language whose grammar (data, not code) lives beside it.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import replace

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
    engine = engine_for(_normalise_lang(lang))
    piece = text[lo:hi]
    if piece.isascii() or unicodedata.is_normalized("NFC", piece):
        return engine.extract(text, lo, hi, sentence, decimal, sure)
    # Decomposed text (`tỷ` as `y` + two combining marks, as some pages and editors write
    # it) is read composed, or no grammar word would match: `5 tỷ đồng` would read as 5.
    composed, back = _composed(piece)
    found = engine.extract(composed, 0, len(composed), sentence, decimal, sure)
    out = []
    for f in found:
        a, b = lo + back[f.start], lo + back[f.end]
        out.append(replace(f, start=a, end=b, text=text[a:b]))
    return out


def _composed(text: str) -> tuple[str, list[int]]:
    """`text` in NFC, composed one base character and its combining marks at a time, and for
    each offset of the result (and its end) the offset in `text` it comes from."""
    parts: list[str] = []
    back: list[int] = []
    i, n = 0, len(text)
    while i < n:
        j = i + 1
        while j < n and unicodedata.combining(text[j]):
            j += 1
        cluster = unicodedata.normalize("NFC", text[i:j])
        parts.append(cluster)
        back.extend([i] * len(cluster))
        i = j
    back.append(n)
    return "".join(parts), back


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
