"""Numbers joined by a dash or slash, and decomposed (NFD) text: the shapes where the engine
used to report only the first number of a pair (`2019-2020` as 2019, `5.000-10.000` as 5,000,
a score `2-1` as 2) or read `5 tỷ đồng` written with combining marks as a bare 5."""

from __future__ import annotations

import unicodedata

import pytest

from summarise.figures import extract_figures, read_figures


def facts(text: str, lang: str) -> list[tuple]:
    """(kind, value, value_max, text, english) of every figure, values as str."""
    return [
        (f.kind, str(f.value), None if f.value_max is None else str(f.value_max), f.text, f.english)
        for f in read_figures(text, lang)
    ]


# -- a span of years: both years are figures -------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Pendapatan naik pada 2019-2020.",
            "id",
            [("date", "2019", None, "2019", "2019"), ("date", "2020", None, "2020", "2020")],
        ),
        (
            "Periode 2020–2024 menunjukkan pertumbuhan.",
            "id",
            [("date", "2020", None, "2020", "2020"), ("date", "2024", None, "2024", "2024")],
        ),
        (
            "The 2019/20 season ended early.",
            "en",
            [("date", "2019", None, "2019", "2019"), ("date", "2020", None, "20", "2020")],
        ),
        (
            "Jualan jatuh pada 2019/2020.",
            "ms",
            [("date", "2019", None, "2019", "2019"), ("date", "2020", None, "2020", "2020")],
        ),
        (
            "Sales fell over 1999-00.",
            "en",
            [("date", "1999", None, "1999", "1999"), ("date", "2000", None, "00", "2000")],
        ),
        (
            "Periode 2018 - 2023 dan 1945 - 2024.",
            "id",
            [
                ("date", "2018", None, "2018", "2018"),
                ("date", "2023", None, "2023", "2023"),
                ("date", "1945", None, "1945", "1945"),
                ("date", "2024", None, "2024", "2024"),
            ],
        ),
        (
            "Growth of 1950 – 2000 was slow.",
            "en",
            [("date", "1950", None, "1950", "1950"), ("date", "2000", None, "2000", "2000")],
        ),
    ],
)
def test_a_span_of_years_gives_both_years(text: str, lang: str, expected: list[tuple]) -> None:
    assert facts(text, lang) == expected


def test_a_fiscal_year_written_as_a_span() -> None:
    # A slash after a fiscal cue is one fiscal year, as `FY2019/20` is; a dash two years.
    assert facts("Pada tahun kewangan 2019/2020 jualan jatuh.", "ms") == [
        ("date", "FY2019/20", None, "tahun kewangan 2019/2020", "FY2019/20")
    ]
    assert facts("tahun fiskal 2019-2020", "id") == [
        ("date", "FY2019", None, "tahun fiskal 2019", "FY2019"),
        ("date", "2020", None, "2020", "2020"),
    ]


def test_a_year_followed_by_a_smaller_number_is_no_span() -> None:
    # 2019-18 goes backwards: a code. 1990-45 is no span (two digits stay within 50 years).
    assert facts("Kode 2019-18 dipakai.", "id") == []
    assert facts("It listed 1990-45.", "en") == []
    assert facts("pada 2019-2100", "id") == [
        ("date", "2019", None, "2019", "2019"),
        ("date", "2100", None, "2100", "2100"),
    ]


# -- two bare numbers joined by a dash ---------------------------------------------------------


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Estimates range 5,000-10,000.",
            "en",
            [("number", "5000", "10000", "5,000-10,000", "5,000-10,000")],
        ),
        (
            "Jumlahnya sekitar 5.000-10.000.",
            "id",
            [("number", "5000", "10000", "5.000-10.000", "5,000-10,000")],
        ),
        ("Models 7-8 were shipped.", "en", [("number", "7", "8", "7-8", "7-8")]),
        ("Angkanya naik 10–15.", "id", [("number", "10", "15", "10–15", "10-15")]),
    ],
)
def test_a_rising_bare_pair_is_one_range(text: str, lang: str, expected: list[tuple]) -> None:
    assert facts(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("Persib menang 2-1 atas Persija.", "id"),
        ("It won 3-1 in the final.", "en"),
        ("Keputusan seri 2-2.", "ms"),
        ("Call 555-1234-88 now.", "en"),
        ("Pilih 1-2-3 di menu.", "id"),
    ],
)
def test_a_score_or_code_is_no_figure(text: str, lang: str) -> None:
    # Reported as the first number alone (`2`), a score would be a wrong figure.
    assert facts(text, lang) == []


def test_pairs_with_units_are_unchanged() -> None:
    assert facts("Perusahaan merekrut 5.000-10.000 pekerja baru.", "id") == [
        ("count", "5000", "10000", "5.000-10.000 pekerja", "5,000-10,000 workers")
    ]
    assert facts("Harga naik 20%-30%.", "id") == [("percent", "20", "30", "20%-30%", "20-30%")]
    assert facts("pada 14-16 Mei 2025", "id") == [
        ("date", "2025-05-14", None, "14", "14 May 2025"),
        ("date", "2025-05-16", None, "16 Mei 2025", "16 May 2025"),
    ]


def test_a_bare_range_reads_back_from_its_english() -> None:
    # The guard reads the translation with the English engine: the English rendering of a
    # source range must read back as the same range, not as its first number.
    (src,) = read_figures("Jumlahnya sekitar 5.000-10.000.", "id")
    (back,) = read_figures(f"The number is about {src.english}.", "en")
    assert (back.value, back.value_max) == (src.value, src.value_max)
    (back2,) = read_figures("The number is about 5,000-10,000.", "en")
    assert (str(back2.value), str(back2.value_max)) == ("5000", "10000")


# -- decomposed text -----------------------------------------------------------------------------


def test_decomposed_vietnamese_reads_its_scale_words() -> None:
    text = unicodedata.normalize("NFD", "Tiêu đề. Công ty huy động 5 tỷ đồng và 3 triệu USD.")
    assert not unicodedata.is_normalized("NFC", text)
    found = extract_figures(text, "vi")
    assert [(f.kind, str(f.value), f.currency, f.english) for f in found] == [
        ("money", "5000000000", "VND", "VND 5 billion"),
        ("money", "3000000", "USD", "US$3 million"),
    ]
    # Offsets and text point into the text as given, marks and all.
    for f in found:
        assert text[f.start : f.end] == f.text
    assert found[0].text == unicodedata.normalize("NFD", "5 tỷ đồng")


def test_decomposed_text_inside_a_region_keeps_whole_text_offsets() -> None:
    head = "Doanh thu năm 2024: "
    body = unicodedata.normalize("NFD", "đạt 7 nghìn tỷ đồng.")
    text = head + body
    found = extract_figures(text, "vi", start=len(head), sentence=3)
    at = len(head) + body.index("7")
    assert [(f.text, f.start, f.end, f.sentence, f.english) for f in found] == [
        (text[at:-1], at, len(text) - 1, 3, "VND 7 trillion")
    ]


@pytest.mark.parametrize(
    ("text", "lang"),
    [
        ("A 50-50 joint venture.", "en"),
        ("a 24/7 service", "en"),
        ("1/3 saham dijual", "id"),
        ("UU 11/2020 tentang Cipta Kerja", "id"),
        ("Harga turun 5-3%.", "id"),
    ],
)
def test_a_split_a_fraction_or_a_code_is_not_its_first_number(text: str, lang: str) -> None:
    assert facts(text, lang) == []


def test_slashed_dates_and_units_still_read() -> None:
    assert facts("kata Ipih, Senin (7/1).", "id") == [("date", "--01-07", None, "7/1", "7 January")]
    assert facts("Tarif Rp 3.500/kWh", "id") == [("money", "3500", None, "Rp 3.500", "IDR 3,500")]
    assert facts("kuartal III/2024", "id") == [
        ("date", "2024-Q3", None, "kuartal III/2024", "Q3 2024")
    ]
