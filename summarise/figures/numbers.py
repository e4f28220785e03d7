"""Locale-aware digit parsing and exact arithmetic (Decimal only, never float).

Indonesian writes `1.500` (thousands dot) and `14,3` (decimal comma); English the reverse. News in
either language also carries the other style (`$6.6 miliar`), so a number is read by the shape of
its digit groups first and by the locale only when the shape is ambiguous (`1,500` / `1.500`).
"""

from __future__ import annotations

import re
from decimal import Context, Decimal, InvalidOperation

_GROUPS = re.compile(r"[0-9]+")
MAX_DIGITS = 30  # longer digit runs are identifiers, not figures
#: Arithmetic context wide enough that no figure is ever rounded: the default context keeps 28
#: significant digits, and a 30-digit run with a scale word needs 30 + 15.
EXACT = Context(prec=MAX_DIGITS + 40)


def canonical(value: Decimal) -> Decimal:
    """One spelling per value, so `str(value)` compares equal across parses (14.30 == 14.3)."""
    if value == value.to_integral_value():
        return Decimal(int(value))
    text = format(value.normalize(EXACT), "f")
    return Decimal(text)


def parse_digits(token: str, decimal: str, whole: bool = False) -> Decimal | None:
    """Read `token` (digits with `.`/`,` separators) in a locale whose decimal mark is `decimal`.

    `whole`: the amount cannot have a fraction (rupiah, yen), so `15.000` and `5,500` group
    thousands whatever the locale. Returns None for shapes that are not one number (versions
    `1.2.3`, mixed groups `1.50.0`).
    """
    if not token or len(token) > MAX_DIGITS + 10:
        return None
    seps = [c for c in token if c in ".,"]
    groups = _GROUPS.findall(token)
    if sum(len(g) for g in groups) > MAX_DIGITS:
        return None
    if not seps:
        return Decimal(token)
    thousands = "," if decimal == "." else "."
    if len(set(seps)) == 2:
        # Both marks: the last one is the decimal mark, every earlier one groups thousands.
        last = seps[-1]
        first = "." if last == "," else ","
        if any(s != first for s in seps[:-1]):
            return None
        int_part, frac = token.rsplit(last, 1)
        if not _valid_thousands(int_part, first):
            return None
        return _decimal(int_part.replace(first, "") + "." + frac)
    sep = seps[0]
    if len(seps) > 1:
        # One mark repeated: only thousands grouping makes sense (`81.716.573.026.059`).
        return _decimal(token.replace(sep, "")) if _valid_thousands(token, sep) else None
    int_part, frac = token.split(sep)
    if len(frac) != 3 or len(int_part) > 3 or int_part.startswith("0"):
        # `6.6`, `14,3`, `0,750`, `1234,5`: cannot be thousands grouping, so it is a decimal.
        return _decimal(int_part + "." + frac)
    if sep == thousands or whole:
        return _decimal(int_part + frac)
    return _decimal(int_part + "." + frac)


def _valid_thousands(text: str, sep: str) -> bool:
    parts = text.split(sep)
    head, rest = parts[0], parts[1:]
    if not 1 <= len(head) <= 3 or head.startswith("0"):
        return False
    return all(len(p) == 3 for p in rest)


def _decimal(text: str) -> Decimal | None:
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    return value if value.is_finite() else None


def scaled(value: Decimal, exponent: int) -> Decimal:
    """`value` × 10**exponent, exactly."""
    return canonical(value.scaleb(exponent, EXACT))


def format_plain(value: Decimal) -> str:
    """English digits: `1,500`, `14.3`, `0.73`, `-1.2` (no exponent, no trailing zeros)."""
    value = canonical(value)
    sign = "-" if value < 0 else ""
    text = format(value.copy_abs(), "f")
    whole, _, frac = text.partition(".")
    whole = f"{int(whole):,}"
    return sign + whole + ("." + frac if frac else "")


_SCALES = ((12, "trillion"), (9, "billion"), (6, "million"))


def split_scale(*values: Decimal) -> tuple[int, str]:
    """The largest English scale word at which every value reads with ≤3 decimals, or (0, "")."""
    top = max(v.copy_abs() for v in values)
    for exponent, word in _SCALES:
        if top < Decimal(10) ** exponent:
            continue
        mantissas = [v.scaleb(-exponent + 3, EXACT) for v in values]
        if all(m == m.to_integral_value() for m in mantissas):
            return exponent, word
    return 0, ""


def format_amount(value: Decimal, value_max: Decimal | None = None) -> str:
    """`14.3 billion`, `17,000`, `10-15 trillion`: how English news writes an amount."""
    if value_max is None:
        exponent, word = split_scale(value)
        if not exponent:
            return format_plain(value)
        return f"{format_plain(value.scaleb(-exponent, EXACT))} {word}"
    exponent, word = split_scale(value, value_max)
    if not exponent:
        return f"{format_plain(value)}-{format_plain(value_max)}"
    low = format_plain(value.scaleb(-exponent, EXACT))
    high = format_plain(value_max.scaleb(-exponent, EXACT))
    return f"{low}-{high} {word}"
