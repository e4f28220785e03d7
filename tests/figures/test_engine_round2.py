"""Round 2 of the figure engine: Malaysian and English money, periods, ranges, dates, counts
and number words, in id, ms and en, with what must not be a figure."""

from __future__ import annotations

from decimal import Decimal

import pytest

from summarise.figures import extract_figures


def facts(text: str, lang: str) -> list[tuple]:
    """(kind, value, value_max, currency, unit_english) of every figure, values as strings."""
    return [
        (
            f.kind,
            str(f.value),
            None if f.value_max is None else str(f.value_max),
            f.currency,
            f.unit_english,
        )
        for f in extract_figures(text, lang)
    ]


# -- 1. Malaysian and English money -----------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "value", "currency"),
    [
        ("en", "RM42.3mil", "42300000", "MYR"),
        ("en", "RM1.05bil", "1050000000", "MYR"),
        ("ms", "RM42.3mil", "42300000", "MYR"),
        ("ms", "RM42.3 mil", "42300000", "MYR"),
        ("ms", "RM1.05bil", "1050000000", "MYR"),
        ("ms", "RM3 mln", "3000000", "MYR"),
        ("ms", "RM2 bln", "2000000000", "MYR"),
        ("en", "US$3 mln", "3000000", "USD"),
        ("en", "$2 bln", "2000000000", "USD"),
        ("en", "$5mn", "5000000", "USD"),
        ("en", "$5 bn", "5000000000", "USD"),
        ("en", "US$1.2tn", "1200000000000", "USD"),
        ("en", "12.5 sen per share", "0.125", "MYR"),
        ("ms", "dividen 12.5 sen sesaham", "0.125", "MYR"),
        ("en", "50 cents a share", "0.5", "USD"),
        ("en", "IDR 2.3 quadrillion", "2300000000000000", "IDR"),
        ("id", "Rp2,3 kuadriliun", "2300000000000000", "IDR"),
        ("ms", "RM5 kuadrilion", "5000000000000000", "MYR"),
        ("en", "40 billion US dollars", "40000000000", "USD"),
        ("en", "worth 40 billion US.", "40000000000", "USD"),
        ("en", "RM40 million", "40000000", "MYR"),
        ("en", "40 million ringgit", "40000000", "MYR"),
        ("ms", "40 bilion ringgit", "40000000000", "MYR"),
        ("en", "S$5 million", "5000000", "SGD"),
        ("en", "A$2.1 billion", "2100000000", "AUD"),
        ("en", "HK$300 million", "300000000", "HKD"),
        ("en", "NT$1.2 billion", "1200000000", "TWD"),
        ("en", "¥500 billion", "500000000000", "JPY"),
        ("en", "€20 million", "20000000", "EUR"),
        ("en", "a US$1.2-billion deal", "1200000000", "USD"),
        ("en", "PHP 5 billion", "5000000000", "PHP"),
        ("en", "5 trillion dong", "5000000000000", "VND"),
        ("en", "30 billion pesos", "30000000000", "PHP"),
        ("en", "5 billion Thai baht", "5000000000", "THB"),
        ("en", "2 billion New Taiwan dollars", "2000000000", "TWD"),
        ("en", "5 billion Japanese yen", "5000000000", "JPY"),
    ],
)
def test_money(lang: str, text: str, value: str, currency: str) -> None:
    assert facts(text, lang) == [("money", value, None, currency, None)]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("en", "5 per cent"),  # `cent` of `per cent` is no sub-unit
        ("ms", "5 sen"),  # ...but a bare `sen` is money
    ],
)
def test_sen_and_per_cent(lang: str, text: str) -> None:
    (kind,) = [f[0] for f in facts(text, lang)]
    assert kind == ("percent" if "per cent" in text else "money")


@pytest.mark.parametrize("text", ["40 million US households", "40 million US-based firms", "40 US"])
def test_us_before_a_word_is_no_currency(text: str) -> None:
    assert all(f[0] != "money" for f in facts(text, "en"))


def test_mil_needs_a_currency() -> None:
    # `mil` is a scale only after a currency: `5 mil` on its own may be miles.
    assert [f[0] for f in facts("walked 5 mil", "en")] != ["money"]


def test_exact_at_any_length() -> None:
    run = "123456789012345678901234567890"
    ((kind, value, *_),) = facts(f"{run} units", "en")
    assert (kind, value) == ("count", run)
    (f,) = extract_figures(f"-US${run} trillion", "en")
    assert f.value == Decimal("-" + run + "0" * 12)
    assert f.english == "-US$123,456,789,012,345,678,901,234,567,890 trillion"


# -- 2. Financial periods ---------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "value"),
    [
        ("en", "3Q", "--Q3"),
        ("en", "4Q23", "2023-Q4"),
        ("en", "3QFY2025", "FY2025-Q3"),
        ("ms", "untuk 3QFY25", "FY2025-Q3"),
        ("en", "FY23", "FY2023"),
        ("en", "FY2024", "FY2024"),
        ("en", "FY2024/25", "FY2024/25"),
        ("en", "1H24", "2024-H1"),
        ("en", "1H 2024", "2024-H1"),
        ("en", "9M24", "2024-9M"),
        ("id", "laba 9M24", "2024-9M"),
        ("en", "H1 2024", "2024-H1"),
        ("en", "H1FY24", "FY2024-H1"),
        ("en", "Q3 2024", "2024-Q3"),
        ("en", "Q3 FY2025", "FY2025-Q3"),
        ("en", "the first quarter of 2024", "2024-Q1"),
        ("en", "in fiscal year 2024", "FY2024"),
        ("id", "kuartal I-2024", "2024-Q1"),
        ("id", "semester II/2023", "2023-H2"),
        ("id", "tahun buku 2023", "FY2023"),
        ("ms", "suku tahun pertama", "--Q1"),
        ("ms", "suku tahun pertama 2024", "2024-Q1"),
        ("ms", "tahun kewangan 2024", "FY2024"),
        ("en", "in Q1, revenue", "--Q1"),
        ("en", "first-quarter profit", "--Q1"),
        ("en", "second-half 2024 results", "2024-H2"),
        ("en", "by mid-2025", "2025"),
        ("en", "by end-2024", "2024"),
    ],
)
def test_periods(lang: str, text: str, value: str) -> None:
    assert facts(text, lang) == [("date", value, None, None, None)]


@pytest.mark.parametrize(
    "text", ["FY2024/26", "FY", "Rp9M", "the 5M model", "green H2 production", "Q12", "COVID-2019"]
)
def test_not_periods(text: str) -> None:
    assert all(f[0] != "date" for f in facts(text, "en"))


def test_period_english_reads_back() -> None:
    for text in ("3QFY2025", "9M24", "FY2024/25", "H1FY24", "4Q23"):
        (f,) = extract_figures(text, "en")
        assert [g.key() for g in extract_figures(f.english, "en")] == [f.key()], f.english


# -- 3. Ranges --------------------------------------------------------------------------------

B, M = "000000000", "000000"


@pytest.mark.parametrize(
    ("lang", "text", "fact"),
    [
        ("en", "20%-30%", ("percent", "20", "30", None, None)),
        ("id", "naik 20%-30%", ("percent", "20", "30", None, None)),
        ("ms", "naik 20%-30%", ("percent", "20", "30", None, None)),
        ("id", "Rp10 miliar-Rp15 miliar", ("money", "10" + B, "15" + B, "IDR", None)),
        ("id", "US$5 juta-US$10 juta", ("money", "5" + M, "10" + M, "USD", None)),
        ("en", "US$5 million-US$10 million", ("money", "5" + M, "10" + M, "USD", None)),
        ("id", "Rp500.000-Rp1 juta", ("money", "500000", "1" + M, "IDR", None)),
        ("en", "Rp 15.000-Rp 20.000", ("money", "15000", "20000", "IDR", None)),
        ("id", "6 hingga 9 bulan", ("quantity", "6", "9", None, "months")),
        ("ms", "6 hingga 9 bulan", ("quantity", "6", "9", None, "months")),
        ("en", "3.5 to 4 percent", ("percent", "3.5", "4", None, None)),
        ("en", "between RM50 and RM70", ("money", "50", "70", "MYR", None)),
        ("en", "between 20% and 30%", ("percent", "20", "30", None, None)),
        ("en", "between 5 and 10 people", ("count", "5", "10", None, "people")),
        ("ms", "antara RM50 dan RM70", ("money", "50", "70", "MYR", None)),
        ("id", "antara 5 dan 10 persen", ("percent", "5", "10", None, None)),
        ("en", "aged 25-35", ("age", "25", "35", None, None)),
        ("id", "berusia 25-35 tahun", ("age", "25", "35", None, None)),
        ("ms", "berumur 25 hingga 35 tahun", ("age", "25", "35", None, None)),
        ("en", "RM600mil to RM700mil", ("money", "600" + M, "700" + M, "MYR", None)),
        ("id", "Rp10 miliar hingga Rp15 miliar", ("money", "10" + B, "15" + B, "IDR", None)),
        ("ms", "tiga hingga lima tahun", ("quantity", "3", "5", None, "years")),
        ("en", "two to three days", ("quantity", "2", "3", None, "days")),
        ("en", "three to four times", ("number", "3", "4", None, None)),
    ],
)
def test_ranges(lang: str, text: str, fact: tuple) -> None:
    assert facts(text, lang) == [fact]


@pytest.mark.parametrize(
    ("lang", "text", "kinds"),
    [
        ("id", "hingga 30%", ["percent"]),  # `up to`: outside the span
        ("en", "between 2019 and 2020", ["date", "date"]),
        ("en", "US$5 million-Rp10 million", ["money", "money"]),  # two currencies: two figures
        ("en", "5%-10 people", ["percent", "count"]),
        ("en", "rose from 5% to 7%", ["percent", "percent"]),  # a change, not a range
        ("id", "naik dari 5% hingga 7%", ["percent", "percent"]),
        ("en", "from RM600mil to RM700mil", ["money", "money"]),
        ("id", "antara 10 perusahaan dan 20 persen", ["count", "percent"]),
        ("en", "aged 35-30", ["age"]),
    ],
)
def test_not_ranges(lang: str, text: str, kinds: list[str]) -> None:
    found = extract_figures(text, lang)
    assert [f.kind for f in found] == kinds
    assert all(f.value_max is None for f in found)


def test_hingga_stays_outside_the_span() -> None:
    (f,) = extract_figures("naik hingga 30%", "id")
    assert f.text == "30%"


# -- 4. Dates ---------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "values"),
    [
        ("id", "Rabu,14 Mei 2025", ["2025-05-14"]),
        ("ms", "Rabu,14 Mei 2025", ["2025-05-14"]),
        ("en", "Wednesday,14 May 2025", ["2025-05-14"]),
        ("id", "Maret-Agustus 2024", ["2024-03", "2024-08"]),
        ("id", "Maret hingga Agustus 2024", ["2024-03", "2024-08"]),
        ("id", "Maret-Agustus", ["--03", "--08"]),
        ("ms", "Mac-Ogos 2024", ["2024-03", "2024-08"]),
        ("en", "from March to August 2024", ["2024-03", "2024-08"]),
        ("en", "March 2023-August 2024", ["2023-03", "2024-08"]),
        ("id", "14-16 Mei 2025", ["2025-05-14", "2025-05-16"]),
        ("en", "PETALING JAYA (Mar 4):", ["--03-04"]),
        ("en", "KUALA LUMPUR, Dec 3 (Bernama) --", ["--12-03"]),
        ("en", "on Mar 4", ["--03-04"]),
        ("en", "4 Mar 2024", ["2024-03-04"]),
        ("ms", "8 Ogos 2024", ["2024-08-08"]),
        ("ms", "pada Disember", ["--12"]),
        ("en", "Friday, 7 June 2024", ["2024-06-07"]),
        ("ms", "Jumaat, 7 Jun 2024", ["2024-06-07"]),
    ],
)
def test_dates(lang: str, text: str, values: list[str]) -> None:
    assert facts(text, lang) == [("date", v, None, None, None) for v in values]


@pytest.mark.parametrize(
    ("lang", "text", "fact"),
    [
        ("id", "1,5 persen", ("percent", "1.5", None, None, None)),  # a comma inside a number
        ("en", "1,500 people", ("count", "1500", None, None, "people")),
        ("id", "suhu -5 derajat", ("quantity", "-5", None, None, "degrees")),
    ],
)
def test_comma_and_dash_stay_inside_numbers(lang: str, text: str, fact: tuple) -> None:
    assert facts(text, lang) == [fact]


def test_mar_alone_is_not_a_date() -> None:
    assert facts("Mar", "en") == []


# -- 5. Counts --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "fact"),
    [
        ("en", "4,500 new engineers", ("count", "4500", None, None, "engineers")),
        ("en", "4,500 new full-time engineers", ("count", "4500", None, None, "engineers")),
        ("id", "5.000 karyawan baru", ("count", "5000", None, None, "employees")),
        ("ms", "10 projek baharu", ("count", "10", None, None, "projects")),
        ("en", "nine new hubs", ("count", "9", None, None, "hubs")),
        ("en", "eleven start-ups", ("count", "11", None, None, "start-ups")),
        ("en", "3.2 million MT", ("quantity", "3200000", None, None, "tonnes")),
        ("id", "3,2 juta WMT", ("quantity", "3200000", None, None, "wet metric tonnes")),
        ("ms", "3,2 juta tan", ("quantity", "3200000", None, None, "tonnes")),
        ("ms", "200 projek", ("count", "200", None, None, "projects")),
        ("ms", "50 syarikat", ("count", "50", None, None, "companies")),
        ("ms", "300 pelabur", ("count", "300", None, None, "investors")),
        ("en", "sales top 5 million units", ("count", "5000000", None, None, "units")),
        ("en", "its three Johor campuses", ("count", "3", None, None, "campuses")),
        ("en", "by two hyperscale clients", ("count", "2", None, None, "clients")),
    ],
)
def test_counts(lang: str, text: str, fact: tuple) -> None:
    assert facts(text, lang) == [fact]


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("id", "iPhone 16 naik 20%"),
        ("ms", "iPhone 16 naik 20%"),
        ("en", "iPhone 16 rose 20%"),
        ("en", "Top 5 companies"),
        ("id", "Top 5 perusahaan"),
        ("en", "the Top 10 list"),
        ("en", "5 new"),
        ("id", "harga naik 5 turun"),
        ("en", "5 of companies"),  # a function word is no describing word
        ("en", "2 said companies"),
    ],
)
def test_no_count_of_a_verb_adjective_or_rank(lang: str, text: str) -> None:
    assert all(f[0] != "count" for f in facts(text, lang))


# -- 6. Number words --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("id", "tiga kali", [("number", "3", None, None, None)]),
        ("ms", "tiga kali", [("number", "3", None, None, None)]),
        ("en", "three times", [("number", "3", None, None, None)]),
        ("id", "2-3 kali", [("number", "2", "3", None, None)]),
        ("id", "naik tiga kali lipat", [("quantity", "3", None, None, "-fold")]),
        ("id", "tiga perempat", [("number", "0.75", None, None, None)]),
        ("ms", "tiga perempat", [("number", "0.75", None, None, None)]),
        ("id", "dua tiga hari", [("quantity", "2", "3", None, "days")]),
        ("ms", "dua tiga hari", [("quantity", "2", "3", None, "days")]),
        ("id", "satu dua orang", [("count", "1", "2", None, "people")]),
        ("en", "one thousand million", [("number", "1000000000", None, None, None)]),
        ("id", "Tiga orang tewas", [("count", "3", None, None, "people")]),  # sentence start
    ],
)
def test_number_words(lang: str, text: str, expected: list[tuple]) -> None:
    assert facts(text, lang) == expected


def test_multiplier_reads_as_one() -> None:
    (f,) = extract_figures("tiga kali", "id")
    assert (f.unit, f.english) == ("x", "3x")


@pytest.mark.parametrize(
    ("lang", "text"),
    [
        ("id", "di Kepulauan Seribu, Jakarta"),
        ("id", "di Universitas Sebelas Maret"),
        ("id", "di Jalan Tiga Dara"),
        ("ms", "kedua-dua syarikat"),  # both
        ("id", "seribu seribu"),
        ("id", "lima tujuh"),
        ("en", "at one time"),
        ("id", "satu kali"),
        ("id", "satu-satunya"),
    ],
)
def test_not_number_words(lang: str, text: str) -> None:
    assert facts(text, lang) == []


# -- 7. Approximate suffixes ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("lang", "text", "fact"),
    [
        ("id", "Rp5 Ribuan", ("money", "5000", None, "IDR", None)),
        ("id", "Rp1 jutaan", ("money", "1000000", None, "IDR", None)),
        ("ms", "RM5 ribuan", ("money", "5000", None, "MYR", None)),
        ("id", "200-an", ("number", "200", None, None, None)),
        ("id", "200-an orang", ("count", "200", None, None, "people")),
    ],
)
def test_approx_suffixes(lang: str, text: str, fact: tuple) -> None:
    (f,) = extract_figures(text, lang)
    assert facts(text, lang) == [fact]
    assert f.approx and f.text == text


@pytest.mark.parametrize("text", ["1990-an", "tahun 90-an", "ribuan orang"])
def test_decades_and_vague_plurals_are_not_figures(text: str) -> None:
    assert facts(text, "id") == []


@pytest.mark.parametrize(
    ("text", "english"),
    [("1.0010 rupiah", "IDR 1.0010"), ("Rp500", "IDR 500"), ("Rp 1,5", "IDR 1.5")],
)
def test_rupiah_fractions_read_back(text: str, english: str) -> None:
    (f,) = extract_figures(text, "id")
    assert f.english == english
    assert [g.key() for g in extract_figures(f.english, "en")] == [f.key()]


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        # A capitalised word that starts the sentence is no name before the number.
        ("id", "Sedangkan 1 titik lagi", [("count", "1", None, None, "spots")]),
        (
            "id",
            "Sedikitnya 800 penyandang disabilitas",
            [("count", "800", None, None, "people with disabilities")],
        ),
        ("id", "4 orang petugas", [("count", "4", None, None, "officers")]),  # classifier kept
        ("id", "seperempat penduduk", []),  # like `a quarter` in English: no figure
        ("en", "lost a quarter of its elephants", []),
    ],
)
def test_count_regressions_checked_on_news(lang: str, text: str, expected: list[tuple]) -> None:
    assert facts(text, lang) == expected


@pytest.mark.parametrize("lang", ["id", "ms"])
def test_unglossed_noun_is_marked_as_source_word(lang: str) -> None:
    (f,) = extract_figures("30 pangsit", lang)
    assert (f.unit, f.unit_english, f.english) == ("pangsit", None, '30 "pangsit"')
    assert [g.key() for g in extract_figures(f.english, "en")] == [f.key()]


def test_glossed_noun_is_english() -> None:
    assert extract_figures("200 projek", "ms")[0].english == "200 projects"


@pytest.mark.parametrize(
    ("lang", "text", "expected"),
    [
        ("en", "forty-six prisoners", [("count", "46", None, None, None)]),  # English noun
        ("id", "pukul tiga sore", []),
        ("id", "belas kasihan", []),
        ("id", "warga RT 12/01", []),
        ("id", "di lima kecamatan", [("count", "5", None, None, "districts")]),
        ("id", "merendam 23 RT", [("count", "23", None, None, "neighbourhood units")]),
        ("id", "55 medali emas", [("count", "55", None, None, "gold medals")]),
        ("id", "tiga perlima", [("number", "0.6", None, None, None)]),
        ("en", "three fifths", [("number", "0.6", None, None, None)]),
        # A third has no exact decimal: no figure rather than 0.666...
        ("id", "dua pertiga", []),
        ("en", "two thirds of", []),
        ("id", "di satu sisi", []),  # `satu` with a noun we do not know is grammar
        ("en", "one thing", []),
    ],
)
def test_number_word_counts_and_fractions(lang: str, text: str, expected: list[tuple]) -> None:
    assert facts(text, lang) == expected


@pytest.mark.parametrize("text", ["opens daily from 6 AM-6 PM", "at 6am", "at 6 p.m. on Friday"])
def test_english_clock_times_are_no_figures(text: str) -> None:
    # The guard reads every translation: `pukul 18.00` -> `6 pm` must add no number.
    assert facts(text, "en") == []
