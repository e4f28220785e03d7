"""A small stand-in for the figure engine, used only while summarise.figures is not built.

It reads money (US$/Rp/RM with ribu/juta/miliar/triliun or thousand/million/billion/trillion),
percentages, years and plain counts in Indonesian/Malay and English number formats — enough
for the translation tests. The real engine replaces it automatically (see conftest.py).
"""

from __future__ import annotations

import re
from collections import Counter
from collections.abc import Sequence
from decimal import Decimal

from summarise.values import Figure

_SCALES = {
    "ribu": 3,
    "thousand": 3,
    "juta": 6,
    "million": 6,
    "miliar": 9,
    "milyar": 9,
    "bilion": 9,
    "billion": 9,
    "triliun": 12,
    "trillion": 12,
}
_EN_SCALE = {3: "thousand", 6: "million", 9: "billion", 12: "trillion"}
_PATTERN = re.compile(
    r"(?P<cur>US\$|Rp|RM|\$)?\s?(?P<num>\d+(?:[.,]\d+)*)"
    r"(?:\s*(?P<scale>ribu|juta|miliar|milyar|bilion|triliun|thousand|million|billion|trillion)\b)?"
    r"(?:\s*(?P<pct>%|persen\b|percent\b))?",
    re.IGNORECASE,
)
_CURRENCY = {"us$": "USD", "$": "USD", "rp": "IDR", "rm": "MYR"}
_SYMBOL = {"USD": "US$", "IDR": "Rp", "MYR": "RM"}


def _number(text: str, lang: str) -> Decimal:
    group, decimal = (",", ".") if lang == "en" else (".", ",")
    return Decimal(text.replace(group, "").replace(decimal, "."))


def _plain(value: Decimal) -> str:
    text = format(value.normalize(), "f")
    return text


def extract_figures(
    text: str, lang: str, start: int = 0, end: int | None = None, sentence: int | None = None
) -> list[Figure]:
    out: list[Figure] = []
    for m in _PATTERN.finditer(text, start, len(text) if end is None else end):
        try:
            number = _number(m["num"], lang)
        except ArithmeticError:
            continue
        scale = _SCALES.get((m["scale"] or "").lower(), 0)
        value = number.scaleb(scale)
        currency = _CURRENCY.get((m["cur"] or "").lower())
        shown = f"{_plain(number)}" + (f" {_EN_SCALE[scale]}" if scale else "")
        if currency:
            kind, english = "money", f"{_SYMBOL[currency]}{shown}"
        elif m["pct"]:
            kind, english = "percent", f"{_plain(number)}%"
        elif not scale and re.fullmatch(r"(19|20)\d\d", m["num"]):
            kind, english = "date", m["num"]
        else:
            kind, english = "count", shown
        out.append(
            Figure(
                kind=kind,
                text=m.group(0).strip(),
                start=m.start(),
                end=m.end(),
                value=value if kind != "date" else m["num"],
                english=english,
                currency=currency,
                sentence=sentence,
            )
        )
    return out


def missing_figures(source: Sequence[Figure], english: Sequence[Figure]) -> list[Figure]:
    have = Counter(f.key() for f in english)
    missing = []
    for fig in source:
        if have[fig.key()] > 0:
            have[fig.key()] -= 1
        else:
            missing.append(fig)
    return missing
