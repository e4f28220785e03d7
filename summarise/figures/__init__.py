"""Figure engine: amounts, percentages, counts, dates and ages, exact and normalised.

One engine (`engine.py`) reads any language whose grammar (data, not code) lives beside it.
"""

from __future__ import annotations

from summarise.values import Figure


def extract_figures(
    text: str, lang: str, start: int = 0, end: int | None = None, sentence: int | None = None
) -> list[Figure]:
    """Figures in `text[start:end]`, offsets into the whole `text`, tagged with `sentence`."""
    raise NotImplementedError("figure engine: being built (issue 3)")
