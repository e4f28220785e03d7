"""English rendering of a figure: what an English news editor would write.

Every rendering reads back through the English grammar to the same key, so the English shown to
a user and the English checked after translation speak one language.
"""

from __future__ import annotations

from decimal import Decimal
from functools import cache

from summarise.figures.grammar.common import WHOLE_CURRENCIES
from summarise.figures.grammar.en import GRAMMAR as EN
from summarise.figures.grammar.en import SINGULARS
from summarise.figures.numbers import format_amount, format_plain

_SYMBOLS = {"USD": "US$", "EUR": "€", "GBP": "£"}


@cache
def _words() -> tuple[dict[int, str], dict[int, str], dict[int, str], dict[str, str]]:
    """The English grammar's own words, written back: months, ordinals (`first`), number words
    (`nine`) and period words (`quarter`), the first one listed for each value."""
    months: dict[int, str] = {}
    ordinals: dict[int, str] = {}
    numbers: dict[int, str] = {}
    periods: dict[str, str] = {}
    for word, n in EN.months.items():
        months.setdefault(n, word)
    for word, n in EN.ordinals.items():
        ordinals.setdefault(n, word)
    for word, steps in EN.number_words.items():
        if len(steps) == 1 and steps[0][0] == "unit":
            numbers.setdefault(steps[0][1], word)
    for word, letter in EN.period_words.items():
        periods.setdefault(letter, word)
    return months, ordinals, numbers, periods


def english(
    kind: str,
    value: Decimal | str,
    *,
    value_max: Decimal | None = None,
    currency: str | None = None,
    unit: str | None = None,
    unit_english: str | None = None,
    points: bool = False,
    shown_unit: str | None = None,
) -> str:
    """The English of a figure of `kind` with these parts (the one rendering rule).

    `shown_unit`: how the unit is written when it differs from its gloss (a source noun with
    no English gloss is quoted: `30 "pangsit"`)."""
    if isinstance(value, str):
        return date(value) if kind == "date" else value
    if kind == "money" and currency:
        return money(value, currency, value_max)
    if kind == "percent":
        return percent(value, value_max, points)
    if kind in ("count", "quantity") and (unit_english or unit):
        return with_unit(value, shown_unit or unit_english or unit or "", value_max)
    if kind == "age":
        return age(value, value_max)
    return number(value, multiplier=unit == "x", value_max=value_max)


def money(value: Decimal, currency: str, value_max: Decimal | None = None) -> str:
    """`US$14.3 billion`, `IDR 230 trillion`, `-IDR 1.2 trillion`, `IDR 10-15 trillion`."""
    symbol = _SYMBOLS.get(currency, currency + " ")
    sign = "-" if value < 0 and value_max is None else ""
    amount = format_amount(value.copy_abs() if sign else value, value_max)
    _, dot, frac = amount.rpartition(".")
    if currency in WHOLE_CURRENCIES and dot and " " not in amount and len(frac) == 3:
        amount += "0"  # `IDR 1.0010`: three decimals of rupiah would read back as thousands
    return f"{sign}{symbol}{amount}"


def percent(value: Decimal, value_max: Decimal | None = None, points: bool = False) -> str:
    """`49%`, `50-70%`, `1.5 percentage points`."""
    amount = format_plain(value) + ("" if value_max is None else "-" + format_plain(value_max))
    if points:
        word = "percentage point" if value == 1 and value_max is None else "percentage points"
        return f"{amount} {word}"
    return amount + "%"


def with_unit(value: Decimal, unit: str, value_max: Decimal | None = None) -> str:
    """`1,500 employees`, `250 million people`, `14 days`, `1 day`, `2-fold`."""
    amount = format_amount(value, value_max)
    if unit.startswith("-"):
        return amount + unit
    if value == 1 and value_max is None:
        unit = SINGULARS.get(unit, unit)
    return f"{amount} {unit}"


def number(value: Decimal, multiplier: bool = False, value_max: Decimal | None = None) -> str:
    """`3.5x`, `2-3 times`, `2.3 million`, `1,500`, `2-3`."""
    if multiplier:
        if value_max is not None:
            return f"{format_plain(value)}-{format_plain(value_max)} times"
        return format_plain(value) + "x"
    # A bare range is written as counts are (`2,000-3,000`): English reads two rising bare
    # numbers joined by a dash as one range (the engine's bare-pair rule), so it reads back.
    return format_amount(value, value_max)


def date(value: str) -> str:
    """ISO-like value → `May 2024`, `15 August 2023`, `April`, `Q2 2023`, `H1 2023`, `2019`."""
    months, ordinals, numbers, periods = _words()
    if value.startswith("--"):
        rest = value[2:]
        if rest.endswith("M"):
            return f"first {numbers[int(rest[0])]} months"
        if rest[:1] in "QH":
            return f"{ordinals[int(rest[1])]} {periods[rest[0]]}"
        month, _, day = rest.partition("-")
        name = months[int(month)]
        return f"{int(day)} {name}" if day else name
    year, _, rest = value.partition("-")
    if not rest:
        return year  # `2019`, `FY2024`, `FY2024/25`
    if rest.endswith("M"):
        return f"{rest}{year}"  # `9M2024`, `9MFY2024`
    if rest[:1] in "QH":
        return f"{rest} {year}"  # `Q2 2023`, `Q3 FY2025`
    month, _, day = rest.partition("-")
    name = months[int(month)]
    return f"{int(day)} {name} {year}" if day else f"{name} {year}"


def age(value: Decimal, value_max: Decimal | None = None) -> str:
    """`age 28`, `aged 25-35`."""
    if value_max is not None:
        return f"aged {format_plain(value)}-{format_plain(value_max)}"
    return f"age {format_plain(value)}"
