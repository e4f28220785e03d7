"""Currency conversion with rates the user gives: never fetched, never guessed.

A rate `USD/IDR=16250` means 1 USD = 16,250 IDR; it converts both ways. A rates file is CSV
with the header `date,base,quote,rate` (date ISO `YYYY-MM-DD`, or empty for an undated rate).
For an article with a date, the rate of that date is used, else the nearest earlier one, else
the nearest later one; the rate and its date are always shown beside the converted value.
Arithmetic is exact `Decimal` (28 significant digits); the converted value is rounded half-up
to 0.01 of the target currency, and the display to two decimals of its scale word.
"""

from __future__ import annotations

import csv
import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from summarise.errors import ExitCode, SummariseError

FULL_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")  # a date with a day: one that picks a rate


def article_date(dates: Iterable[object]) -> str | None:
    """The date that picks an article's rate: the latest full date (YYYY-MM-DD) among the
    values of its date figures, which in news is nearly always the dateline."""
    full = [d for d in dates if isinstance(d, str) and FULL_DATE.match(d)]
    return max(full) if full else None


CENT = Decimal("0.01")
SYMBOLS = {"USD": "US$", "IDR": "Rp", "MYR": "RM", "SGD": "S$", "EUR": "€", "GBP": "£"}
_SCALES = (
    (Decimal(10) ** 12, "trillion"),
    (Decimal(10) ** 9, "billion"),
    (Decimal(10) ** 6, "million"),
)
_PAIR = re.compile(r"^\s*([A-Za-z]{3})\s*/\s*([A-Za-z]{3})\s*=\s*([0-9][0-9_,]*(?:\.[0-9]+)?)\s*$")
_DATE = re.compile(r"^\d{4}-\d{2}-\d{2}$")


def _usage(message: str) -> SummariseError:
    return SummariseError(message, ExitCode.USAGE, kind="usage")


@dataclass(frozen=True, slots=True)
class Rate:
    """1 `base` = `rate` `quote`, valid on `date` (None: any date), from `source`."""

    base: str
    quote: str
    rate: Decimal
    date: str | None
    source: str

    def describe(self) -> str:
        when = f" on {self.date}" if self.date else ""
        return f"1 {self.base} = {self.rate} {self.quote}{when} ({self.source})"


@dataclass(frozen=True, slots=True)
class Converted:
    """A money value in the target currency, with the rates that gave it."""

    value: Decimal
    value_max: Decimal | None
    currency: str
    rates: tuple[Rate, ...]  # one, or two through a common currency

    @property
    def display(self) -> str:
        text = "≈ " + format_money(self.value, self.currency)
        if self.value_max is not None:
            text += "–" + format_money(self.value_max, self.currency, symbol=False)
        return text

    @property
    def rate_text(self) -> str:
        return "; ".join(r.describe() for r in self.rates)

    @property
    def rate_date(self) -> str:
        return ";".join(r.date or "" for r in self.rates)

    @property
    def rate_value(self) -> str:
        return ";".join(f"{r.base}/{r.quote}={r.rate}" for r in self.rates)

    @property
    def rate_source(self) -> str:
        return ";".join(r.source for r in self.rates)


def plain(d: Decimal) -> str:
    """A Decimal in plain digits, never in exponent form (`2.3E+14` → `230000000000000`)."""
    text = format(d, "f")
    return text


def format_money(value: Decimal, currency: str, *, symbol: bool = True) -> str:
    """`14153846153.85 USD` → `US$14.15 billion`; under a million, grouped digits."""
    prefix = SYMBOLS.get(currency, currency + " ") if symbol else ""
    for size, word in _SCALES:
        if abs(value) >= size:
            return f"{prefix}{(value / size).quantize(CENT, ROUND_HALF_UP)} {word}"
    return f"{prefix}{value.quantize(CENT, ROUND_HALF_UP):,}"


def parse_rate(text: str, source: str = "--rate") -> Rate:
    """`USD/IDR=16250` → Rate; a malformed one is a usage error naming the expected form."""
    m = _PAIR.match(text)
    if not m:
        raise _usage(f"--rate {text!r}: expected BASE/QUOTE=RATE, e.g. USD/IDR=16250")
    base, quote = m.group(1).upper(), m.group(2).upper()
    rate = Decimal(m.group(3).replace("_", "").replace(",", ""))
    if rate <= 0 or base == quote:
        raise _usage(f"--rate {text!r}: the rate must be positive, between two currencies")
    return Rate(base, quote, rate, None, f"{source} {base}/{quote}={m.group(3)}")


def load_rates(path: str | Path) -> list[Rate]:
    """Rates from a CSV file `date,base,quote,rate`; any bad row is a usage error."""
    p = Path(path)
    try:
        text = p.read_text(encoding="utf-8-sig")
    except OSError as exc:
        raise _usage(f"--rates {path}: cannot read it: {exc.strerror or exc}") from None
    reader = csv.DictReader(text.splitlines())
    if reader.fieldnames is None or {"date", "base", "quote", "rate"} - set(reader.fieldnames):
        raise _usage(f"--rates {path}: expected the header date,base,quote,rate")
    out = []
    for n, row in enumerate(reader, start=2):
        date = (row["date"] or "").strip() or None
        base, quote = (row["base"] or "").strip().upper(), (row["quote"] or "").strip().upper()
        try:
            rate = Decimal((row["rate"] or "").strip())
        except InvalidOperation:
            rate = Decimal(0)
        if (date and not _DATE.match(date)) or len(base) != 3 or len(quote) != 3 or rate <= 0:
            raise _usage(f"--rates {path}, line {n}: expected YYYY-MM-DD,BASE,QUOTE,RATE")
        out.append(Rate(base, quote, rate, date, f"{p.name} line {n}"))
    if not out:
        raise _usage(f"--rates {path}: no rates in it")
    return out


class Converter:
    """Converts money figures to one currency with the given rates only."""

    def __init__(self, target: str, rates: list[Rate]) -> None:
        self.target = target.upper()
        if not re.fullmatch(r"[A-Z]{3}", self.target):
            raise _usage(f"--convert {target!r}: expected a currency code such as USD")
        self.rates = rates

    def _direct(self, src: str, dst: str, date: str | None) -> tuple[Decimal, Rate] | None:
        """The factor src → dst from one rate of the pair (either way round), by date."""
        pairs = [r for r in self.rates if {r.base, r.quote} == {src, dst}]
        if not pairs:
            return None
        rate = _by_date(pairs, date)
        factor = rate.rate if rate.base == src else 1 / rate.rate
        return factor, rate

    def factor(self, src: str, date: str | None) -> tuple[Decimal, tuple[Rate, ...]] | None:
        """src → target directly, else through one common currency; None without a rate."""
        if src == self.target:
            return Decimal(1), ()
        direct = self._direct(src, self.target, date)
        if direct:
            return direct[0], (direct[1],)
        middles = {c for r in self.rates for c in (r.base, r.quote)} - {src, self.target}
        for mid in sorted(middles):
            a, b = self._direct(src, mid, date), self._direct(mid, self.target, date)
            if a and b:
                return a[0] * b[0], (a[1], b[1])
        return None

    def check(self, currencies: set[str]) -> str | None:
        """The one warning for the batch's currencies that have no rate (their figures are
        shown unconverted), or None when every one has a rate. A rate is never invented."""
        missing = sorted(c for c in currencies if self.factor(c, None) is None)
        if not missing:
            return None
        pairs = ", ".join(f"{self.target}/{c}" for c in missing)
        return (
            f"--convert {self.target}: no rate for {pairs}, so those amounts are shown "
            f"unconverted; give one with --rate {self.target}/{missing[0]}=RATE or a --rates "
            "file (nothing is fetched)"
        )

    def convert(
        self, value: Decimal, value_max: Decimal | None, currency: str, date: str | None
    ) -> Converted | None:
        """The amount in the target currency, or None when no rate reaches `currency`."""
        found = self.factor(currency, date)
        if found is None:
            return None
        factor, rates = found
        high = None if value_max is None else (value_max * factor).quantize(CENT, ROUND_HALF_UP)
        return Converted((value * factor).quantize(CENT, ROUND_HALF_UP), high, self.target, rates)


def _by_date(rates: list[Rate], date: str | None) -> Rate:
    """The rate of `date`, else the nearest earlier, else the nearest later; an undated
    (`--rate`) one wins for an undated article and fills in when no dated one exists."""
    undated = [r for r in rates if r.date is None]
    dated = sorted((r for r in rates if r.date), key=lambda r: r.date or "")
    if date is None or not dated:
        return undated[-1] if undated else dated[-1]
    exact = [r for r in dated if r.date == date]
    if exact:
        return exact[-1]
    if undated:
        return undated[-1]
    earlier = [r for r in dated if (r.date or "") < date]
    return earlier[-1] if earlier else dated[0]


def make_converter(
    target: str | None, rate_options: list[str] | None, rates_file: str | None
) -> Converter | None:
    """The converter the options ask for; rates without --convert are a usage error."""
    if target is None:
        if rate_options or rates_file:
            raise _usage("--rate and --rates need --convert CURRENCY")
        return None
    rates = [parse_rate(t) for t in rate_options or ()]
    if rates_file:
        rates += load_rates(rates_file)
    if not rates:
        raise _usage(
            f"--convert {target}: give the rate to use, e.g. --rate {target.upper()}/IDR=16250, "
            "or a --rates file (nothing is fetched)"
        )
    return Converter(target, rates)


def annotator(
    converter: Converter, warn: Callable[[str], None]
) -> Callable[[dict[str, Any]], dict[str, Any]]:
    """A function that adds `converted` beside every money figure of a result or figures
    object (summarise.result/1, summarise.figures/1), for every output format. The rate of
    the article's own date is used (its latest full date); a currency with no rate is said
    once, through `warn`, and its amounts stay as they are."""
    warned: set[str] = set()

    def annotate(obj: dict[str, Any]) -> dict[str, Any]:
        figures = obj.get("figures")
        if not isinstance(figures, list):
            return obj
        date = article_date(f.get("value") for f in figures if f.get("kind") == "date")
        out = []
        for f in figures:
            currency = f.get("currency")
            if f.get("kind") != "money" or not currency or isinstance(f.get("value"), str):
                out.append(f)
                continue
            high = f.get("value_max")
            c = converter.convert(
                Decimal(str(f["value"])),
                None if high is None else Decimal(str(high)),
                currency,
                date,
            )
            if c is None:
                if currency not in warned:
                    warned.add(currency)
                    warn(converter.check({currency}) or "")
                out.append(f)
                continue
            out.append(
                {
                    **f,
                    "converted": {
                        "value": plain(c.value),
                        "value_max": None if c.value_max is None else plain(c.value_max),
                        "currency": c.currency,
                        "display": c.display,
                        "rate": c.rate_text,
                    },
                }
            )
        return {**obj, "figures": out}

    return annotate
