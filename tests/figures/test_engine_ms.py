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


def _read(text: str, lang: str = "ms") -> list[tuple]:
    return [(f.kind, str(f.value), f.english) for f in extract_figures(text, lang)]


def test_index_points_are_mata() -> None:
    assert _read("Bursa Malaysia ditutup 5.23 mata lebih tinggi pada 1,612.34.") == [
        ("quantity", "5.23", "5.23 points"),
        ("number", "1612.34", "1,612.34"),
    ]
    # `mata peratusan` stays percentage points; `mata wang` (currency) is no figure.
    assert _read("kenaikan 2 mata peratusan") == [("percent", "2", "2 percentage points")]
    assert _read("mata wang asing") == []


def test_an_age_cue_before_antara_reads_an_age_range() -> None:
    assert _read("Sebanyak 45 peratus rakyat berumur antara 20 hingga 35 tahun.") == [
        ("percent", "45", "45%"),
        ("age", "20", "aged 20-35"),
    ]
    assert _read("pekerja berusia antara 25 hingga 40 tahun", "id") == [("age", "25", "aged 25-40")]
    # Without the cue, a span of years is a duration.
    assert _read("antara 20 hingga 35 tahun") == [("quantity", "20", "20-35 years")]


def test_an_age_after_a_sentence_opening_beliau() -> None:
    assert _read("Katanya. Beliau, 56, dilantik sebagai pengerusi.") == [("age", "56", "age 56")]
    # Mid-sentence, `beliau, 56,` is no age: `Menurut beliau, 56, adalah angka itu`.
    assert _read("Menurut beliau, 56, adalah angka itu.") == [("number", "56", "56")]
