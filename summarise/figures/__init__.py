"""Figure engine: amounts, percentages, counts, dates and ages, exact and normalised.

One engine (`engine.py`) reads any language whose grammar (data, not code) lives beside it.
"""

from __future__ import annotations

from collections.abc import Sequence

from summarise.values import Figure


def extract_figures(
    text: str, lang: str, start: int = 0, end: int | None = None, sentence: int | None = None
) -> list[Figure]:
    """Figures in `text[start:end]`, offsets into the whole `text`, tagged with `sentence`.

    `lang` is an ISO 639-1 code; languages without a grammar are read with the Indonesian one
    (see `grammar.FALLBACK`). Figures come sorted by start and never overlap.
    """
    from summarise.figures.engine import engine_for

    hi = len(text) if end is None else max(0, min(end, len(text)))
    lo = max(0, min(start, hi))
    return engine_for(_normalise_lang(lang)).extract(text, lo, hi, sentence)


def supported_languages() -> tuple[str, ...]:
    """Languages with their own grammar."""
    from summarise.figures.grammar import LANGUAGES

    return LANGUAGES


def missing_figures(source: Sequence[Figure], english: Sequence[Figure]) -> list[Figure]:
    """Source figures with no counterpart among the English figures (multiset match)."""
    from summarise.figures.compare import missing_figures as _missing

    return _missing(source, english)


def is_supported(figure: Figure, source: Sequence[Figure]) -> bool:
    """Whether an English figure states one of the `source` figures (a date may be vaguer)."""
    from summarise.figures.compare import is_supported as supported

    return supported(figure, source)


def _normalise_lang(lang: str) -> str:
    code = (lang or "").strip().lower().replace("_", "-").split("-")[0]
    return {"in": "id", "ind": "id", "msa": "ms", "zsm": "ms", "may": "ms", "eng": "en"}.get(
        code, code
    )
