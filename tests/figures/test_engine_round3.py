"""Round 2 of the figure engine, the remaining points of issue 11: a counted noun named before
the number, a scale shared by both ends of a range, hyphenated English number words, lowercase
months, model names, fiscal periods written out; with what must not change."""

from __future__ import annotations

import pytest

from summarise.figures import read_figures


def facts(text: str, lang: str) -> list[tuple]:
    """(kind, value, value_max, currency, unit_english, text) of every figure, values as str."""
    return [
        (
            f.kind,
            str(f.value),
            None if f.value_max is None else str(f.value_max),
            f.currency,
            f.unit_english,
            f.text,
        )
        for f in read_figures(text, lang)
    ]


# -- a scale after a range's upper end scales both ends (scope 6) -----------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "tiga hingga lima juta orang",
            "id",
            [("count", "3000000", "5000000", None, "people", "tiga hingga lima juta orang")],
        ),
        (
            "tiga hingga lima juta orang",
            "ms",
            [("count", "3000000", "5000000", None, "people", "tiga hingga lima juta orang")],
        ),
        (
            "three to five million people",
            "en",
            [("count", "3000000", "5000000", None, "people", "three to five million people")],
        ),
        (
            "dua hingga tiga ribu karyawan",
            "id",
            [("count", "2000", "3000", None, "employees", "dua hingga tiga ribu karyawan")],
        ),
        (
            "3 to 5 million people",
            "en",
            [("count", "3000000", "5000000", None, "people", "3 to 5 million people")],
        ),
        (
            "3 hingga 5 juta orang",
            "id",
            [("count", "3000000", "5000000", None, "people", "3 hingga 5 juta orang")],
        ),
        (
            "antara 3 dan 5 juta orang",
            "ms",
            [("count", "3000000", "5000000", None, "people", "3 dan 5 juta orang")],
        ),
        # A scale alone after the upper end: one number range, never 3 and 5,000,000.
        ("3 to 5 million", "en", [("number", "3000000", "5000000", None, None, "3 to 5 million")]),
        (
            "3 hingga 5 juta",
            "id",
            [("number", "3000000", "5000000", None, None, "3 hingga 5 juta")],
        ),
        (
            "tiga hingga lima juta",
            "id",
            [("number", "3000000", "5000000", None, None, "tiga hingga lima juta")],
        ),
        # Unchanged: shares, money, a unit, a bare upper end, `hingga` before one number.
        ("3.5 to 4 percent", "en", [("percent", "3.5", "4", None, None, "3.5 to 4 percent")]),
        ("between RM50 and RM70", "en", [("money", "50", "70", "MYR", None, "RM50 and RM70")]),
        (
            "tiga hingga lima tahun",
            "id",
            [("quantity", "3", "5", None, "years", "tiga hingga lima tahun")],
        ),
        (
            "tiga hingga lima puluh orang",
            "id",
            [("count", "3", "50", None, "people", "tiga hingga lima puluh orang")],
        ),
        (
            "hingga lima juta orang",
            "id",
            [("count", "5000000", None, None, "people", "lima juta orang")],
        ),
        ("hingga 5 juta orang", "id", [("count", "5000000", None, None, "people", "5 juta orang")]),
    ],
)
def test_range_shares_its_scale(text: str, lang: str, expected: list) -> None:
    assert facts(text, lang) == expected
