"""Figures as a table: one row per figure of every article, for spreadsheets and pandas.

Cells are strings, so the Python rows and the CSV are the same thing: numbers in plain digits
straight from the `Decimal` (never through a float, never in exponent form), booleans `true` /
`false`, an unknown value empty. The title's figures have an empty `sentence`.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence
from decimal import Decimal
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from summarise.convert import Converter
    from summarise.values import Figure, Prepared

COLUMNS = (
    "file",
    "sentence",
    "kind",
    "value",
    "value_max",
    "currency",
    "unit",
    "unit_english",
    "english",
    "text",
    "start",
    "end",
    "approx",
    "points",
    "partial",
    "language",
)
# Added after COLUMNS when --convert is given; empty on rows that are not money.
CONVERTED_COLUMNS = (
    "converted_value",
    "converted_value_max",
    "converted_currency",
    "converted",
    "rate",
    "rate_date",
    "rate_source",
)


class TableFormat(StrEnum):
    csv = "csv"
    tsv = "tsv"


def cell(value: object) -> str:
    """One value as its cell text."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, Decimal):
        from summarise.convert import plain

        return plain(value)
    return str(value)


def article_date(figures: Iterable[Figure]) -> str | None:
    """The article's date for picking a rate (convert.article_date over its date figures)."""
    from summarise.convert import article_date as latest

    return latest(f.value for f in figures if f.kind == "date")


def rows_of(prepared: Prepared, converter: Converter | None = None) -> list[dict[str, str]]:
    """The rows of one prepared article."""
    lang = prepared.language.code
    file = prepared.document.input.path
    date = article_date(prepared.figures) if converter else None
    out = []
    for f in prepared.figures:
        row = {
            "file": file,
            "sentence": cell(f.sentence),
            "kind": f.kind,
            "value": cell(f.value),
            "value_max": cell(f.value_max),
            "currency": cell(f.currency),
            "unit": cell(f.unit),
            "unit_english": cell(f.unit_english),
            "english": f.english,
            "text": f.text,
            "start": cell(f.start),
            "end": cell(f.end),
            "approx": cell(f.approx),
            "points": cell(f.points),
            "partial": cell(f.partial),
            "language": lang,
        }
        if converter is not None:
            row.update(dict.fromkeys(CONVERTED_COLUMNS, ""))
            if f.kind == "money" and f.currency and isinstance(f.value, Decimal):
                c = converter.convert(f.value, f.value_max, f.currency, date)
                if c is None:  # no rate: said once, in check()'s warning
                    out.append(row)
                    continue
                row.update(
                    converted_value=cell(c.value),
                    converted_value_max=cell(c.value_max),
                    converted_currency=c.currency,
                    converted=c.display,
                    rate=c.rate_value,
                    rate_date=c.rate_date,
                    rate_source=c.rate_source,
                )
        out.append(row)
    return out


def currencies(prepared: Iterable[Prepared]) -> set[str]:
    """Every currency that a money figure of the batch is in."""
    return {f.currency for p in prepared for f in p.figures if f.kind == "money" and f.currency}


def figure_rows(
    paths: Sequence[str | Path] | str | Path,
    *,
    lang: str | None = None,
    convert: str | None = None,
    rates: Sequence[str] = (),
    rates_file: str | None = None,
) -> list[dict[str, str]]:
    """The rows `summarise figures PATHS -f csv` writes, as dicts keyed by the header.

    `paths`: files or directories (recursive); an unreadable input raises its
    `SummariseError`. `convert="USD"` with `rates=["USD/IDR=16250"]` adds the converted
    columns."""
    from summarise.collect import read_batch
    from summarise.convert import make_converter
    from summarise.errors import SummariseError
    from summarise.settings import Settings

    if isinstance(paths, str | Path):
        paths = [paths]
    errors: list[str] = []
    batch = read_batch([str(p) for p in paths], Settings(lang=lang), on_error=errors.append)
    if errors:
        raise SummariseError(errors[0])
    converter = make_converter(convert, list(rates), rates_file)
    if converter is not None and (missing := converter.check(currencies(batch.prepared))):
        import warnings

        warnings.warn(missing, stacklevel=2)
    return [row for p in batch.prepared for row in rows_of(p, converter)]


def write_table(
    rows: Iterable[dict[str, str]],
    *,
    fmt: TableFormat = TableFormat.csv,
    excel: bool = False,
    converted: bool = False,
) -> str:
    """The rows as RFC 4180 CSV (CRLF line ends, fields quoted when they need it) or TSV (LF), with
    a header; `excel` starts with a byte-order mark so Excel reads the file as UTF-8."""
    buf = io.StringIO()
    columns = COLUMNS + (CONVERTED_COLUMNS if converted else ())
    if fmt is TableFormat.csv:
        writer = csv.DictWriter(buf, fieldnames=columns, lineterminator="\r\n")
    else:  # tab-separated: quoting only where a cell holds a tab, quote or line break
        writer = csv.DictWriter(buf, fieldnames=columns, delimiter="\t", lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)
    return ("\ufeff" if excel else "") + buf.getvalue()
