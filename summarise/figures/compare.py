"""Does a translation keep its source's figures? Multiset matching on exact values.

A figure survives when the English side has one with the same value and currency. Kinds are
compared by family: a count may come back as a bare number (`1,500 of its staff`) or an age as a
number, but money stays money, a share stays a share and a date stays a date. A range stands
for both its ends, so `Rp 10 to Rp 11 billion` covers `Rp 10 miliar hingga Rp 11 miliar`.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence

from summarise.values import Figure

_FAMILY = {
    "money": "money",
    "percent": "percent",
    "date": "date",
    "count": "number",
    "quantity": "number",
    "number": "number",
    "age": "number",
}

Key = tuple[str, str, str | None]


def match_keys(figure: Figure) -> list[Key]:
    """The keys a figure can be matched by: its value, and its upper end for a range."""
    family = _FAMILY.get(figure.kind, figure.kind)
    keys = [(family, str(figure.value), figure.currency)]
    if figure.value_max is not None:
        keys.append((family, str(figure.value_max), figure.currency))
    return keys


def missing_figures(source: Sequence[Figure], english: Sequence[Figure]) -> list[Figure]:
    """Source figures whose value (with currency, by kind family) the English side lacks."""
    available: Counter[Key] = Counter()
    for figure in english:
        available.update(match_keys(figure))
    missing: list[Figure] = []
    for figure in source:
        keys = match_keys(figure)
        if all(available[k] > 0 for k in keys):
            available.subtract(keys)
        else:
            missing.append(figure)
    return missing


def _date_within(source: str, stated: str) -> bool:
    """A date stated less precisely than the source still matches it: "2024" or "2024-05"
    within "2024-05-14", "--05-14" (no year) within "2024-05-14"."""
    if source == stated or source.startswith(stated + "-"):
        return True
    if stated.startswith("--") and source[:4].isdigit():
        rest, want = source[4:], stated[1:]
        return rest == want or rest.startswith(want + "-")
    return False


def is_supported(figure: Figure, source: Sequence[Figure]) -> bool:
    """Does a figure stated in English map to a source figure (value, unit, currency)?
    Used the other way round from `missing_figures`: for numbers a model may have added."""
    if not missing_figures([figure], list(source)):
        return True
    if figure.kind != "date":
        return False
    stated = [str(figure.value)] + ([str(figure.value_max)] if figure.value_max else [])
    dates = [f for f in source if f.kind == "date"]
    return all(
        any(_date_within(str(v), s) for f in dates for v in (f.value, f.value_max) if v is not None)
        for s in stated
    )
