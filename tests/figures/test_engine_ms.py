"""Malay figures: Malaysian press writes decimal points and thousands commas."""

from __future__ import annotations

from summarise.figures import extract_figures, supported_languages


def test_supported_languages() -> None:
    assert {"id", "ms", "en"} <= set(supported_languages())


def test_malay_money_percent_count() -> None:
    text = "Syarikat itu melabur RM1.5 bilion, naik 2.5 peratus, dengan 50,000 pekerja."
    assert [f.key() for f in extract_figures(text, "ms")] == [
        ("money", "1500000000", "MYR"),
        ("percent", "2.5", None),
        ("count", "50000", None),
    ]


def test_malay_months_and_indonesian_style_thousands() -> None:
    figures = extract_figures("Pada Ogos 2023, kos 1.500.000 ringgit", "ms")
    assert [(f.kind, str(f.value)) for f in figures] == [
        ("date", "2023-08"),
        ("money", "1500000"),
    ]
