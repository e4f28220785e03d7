"""Indonesian figures: the examples the issue names, and the traps around them."""

from __future__ import annotations

from decimal import Decimal
from itertools import pairwise

import pytest

from summarise.figures import extract_figures


def one(text: str, lang: str = "id"):
    figures = extract_figures(text, lang)
    assert len(figures) == 1, figures
    return figures[0]


@pytest.mark.parametrize(
    ("text", "span", "value", "currency", "english"),
    [
        (
            "Meta menginvestasikan US$14,3 miliar.",
            "US$14,3 miliar",
            14_300_000_000,
            "USD",
            "US$14.3 billion",
        ),
        ("Saham Rp230 triliun", "Rp230 triliun", 230 * 10**12, "IDR", "IDR 230 trillion"),
        ("rugi Rp-1,2 triliun", "Rp-1,2 triliun", -1_200_000_000_000, "IDR", "-IDR 1.2 trillion"),
        ("senilai $1.25 miliar", "$1.25 miliar", 1_250_000_000, "USD", "US$1.25 billion"),
        ("senilai $6.6 miliar", "$6.6 miliar", 6_600_000_000, "USD", "US$6.6 billion"),
        ("biaya Rp 17.000 per porsi", "Rp 17.000", 17_000, "IDR", "IDR 17,000"),
        (
            "kas Rp81.716.573.026.059",
            "Rp81.716.573.026.059",
            81_716_573_026_059,
            "IDR",
            "IDR 81,716,573,026,059",
        ),
        ("tiket Rp 5 ribu", "Rp 5 ribu", 5000, "IDR", "IDR 5,000"),
        ("dana 230 triliun rupiah", "230 triliun rupiah", 230 * 10**12, "IDR", "IDR 230 trillion"),
        ("sebesar 28 miliar dolar AS", "28 miliar dolar AS", 28 * 10**9, "USD", "US$28 billion"),
        ("modal Rp3M", "Rp3M", 3 * 10**9, "IDR", "IDR 3 billion"),
        ("sebesar S$2 juta", "S$2 juta", 2_000_000, "SGD", "SGD 2 million"),
        ("RM1,5 juta", "RM1,5 juta", 1_500_000, "MYR", "MYR 1.5 million"),
        ("senilai €3 miliar", "€3 miliar", 3 * 10**9, "EUR", "€3 billion"),
        ("harga USD 300", "USD 300", 300, "USD", "US$300"),
        ("denda $US90", "$US90", 90, "USD", "US$90"),
    ],
)
def test_money(text: str, span: str, value: int, currency: str, english: str) -> None:
    f = one(text)
    assert (f.kind, f.text, f.value, f.currency, f.english) == (
        "money",
        span,
        Decimal(value),
        currency,
        english,
    )
    assert text[f.start : f.end] == span


def test_money_range() -> None:
    f = one("investasi Rp10-15 triliun")
    assert (f.text, f.value, f.value_max, f.currency) == (
        "Rp10-15 triliun",
        Decimal(10**13),
        Decimal(15 * 10**12),
        "IDR",
    )
    assert f.english == "IDR 10-15 trillion"


@pytest.mark.parametrize(
    ("text", "span", "value", "points"),
    [
        ("49% saham", "49%", 49, False),
        ("naik 12 persen", "12 persen", 12, False),
        ("inflasi 0,73%", "0,73%", Decimal("0.73"), False),
        ("naik 1,5 poin persentase", "1,5 poin persentase", Decimal("1.5"), True),
        ("tumbuh 41persen", "41persen", 41, False),
    ],
)
def test_percent(text: str, span: str, value: Decimal, points: bool) -> None:
    f = one(text)
    assert (f.kind, f.text, f.value, f.points) == ("percent", span, Decimal(value), points)


def test_percent_range() -> None:
    f = one("meningkat 50-70 persen per hari")
    assert (f.kind, f.value, f.value_max, f.english) == ("percent", 50, 70, "50-70%")


@pytest.mark.parametrize(
    ("text", "span", "value", "unit", "english"),
    [
        ("sekitar 1.500 karyawan Scale", "1.500 karyawan", 1500, "karyawan", "1,500 employees"),
        ("250 juta orang", "250 juta orang", 250_000_000, "orang", "250 million people"),
        (
            "DKI Genjot Target 2,3 Juta Wisman",
            "2,3 Juta Wisman",
            2_300_000,
            "Wisman",
            "2.3 million foreign tourists",
        ),
        ("kepada 480 pelajar kurang mampu", "480 pelajar", 480, "pelajar", "480 students"),
        ("tiga juta warga Suriah", "tiga juta warga", 3_000_000, "warga", "3 million residents"),
    ],
)
def test_count(text: str, span: str, value: int, unit: str, english: str) -> None:
    f = one(text)
    assert (f.kind, f.text, f.value, f.unit, f.english) == ("count", span, value, unit, english)


def test_count_of_unknown_noun_keeps_the_source_noun() -> None:
    f = one("membeli 30 pangsit")
    assert (f.kind, f.unit, f.unit_english) == ("count", "pangsit", None)


@pytest.mark.parametrize(
    ("text", "span", "value", "english"),
    [
        ("turun 207 basis poin", "207 basis poin", 207, "207 basis points"),
        ("genangan 15 sentimeter", "15 sentimeter", 15, "15 centimetres"),
        ("pembangkit 100 MW", "100 MW", 100, "100 MW"),
        ("pembangkit 100MW", "100MW", 100, "100 MW"),
        ("selama 14 hari", "14 hari", 14, "14 days"),
        ("dalam 3,5 tahun", "3,5 tahun", Decimal("3.5"), "3.5 years"),
    ],
)
def test_quantity(text: str, span: str, value: Decimal, english: str) -> None:
    f = one(text)
    assert (f.kind, f.text, f.value, f.english) == ("quantity", span, Decimal(value), english)


@pytest.mark.parametrize(
    ("text", "span", "value", "partial"),
    [
        ("sejak 2019", "2019", "2019", False),
        ("pada Mei 2024 lalu", "Mei 2024", "2024-05", False),
        ("pada 15 Agustus 2023", "15 Agustus 2023", "2023-08-15", False),
        ("laba kuartal II 2023", "kuartal II 2023", "2023-Q2", False),
        ("laba kuartal kedua 2023", "kuartal kedua 2023", "2023-Q2", False),
        ("laba 2Q24 naik", "2Q24", "2024-Q2", False),
        ("laba Q3 2024 naik", "Q3 2024", "2024-Q3", False),
        ("pada semester I 2023", "semester I 2023", "2023-H1", False),
        ("dirilis April lalu", "April", "--04", True),
        ("Jakarta, Rabu (20/3/2024).", "20/3/2024", "2024-03-20", False),
        ("ujar Ludfi, Kamis (27/12).", "27/12", "--12-27", True),
        ("pada 25 Juni", "25 Juni", "--06-25", True),
        ("tanggal 2024-03-20", "2024-03-20", "2024-03-20", False),
    ],
)
def test_date(text: str, span: str, value: str, partial: bool) -> None:
    f = one(text)
    assert (f.kind, f.text, f.value, f.partial) == ("date", span, value, partial)


def test_date_english_rendering() -> None:
    assert [f.english for f in extract_figures("Mei 2024, 15 Agustus 2023, April", "id")] == [
        "May 2024",
        "15 August 2023",
        "April",
    ]


@pytest.mark.parametrize(
    ("text", "span", "value"),
    [
        ("Alexandr Wang (28), telah hengkang", "28", 28),
        ("pria berusia 35 tahun itu", "35 tahun", 35),
        ("Budi, 42, mengatakan", "42", 42),
    ],
)
def test_age(text: str, span: str, value: int) -> None:
    f = one(text)
    assert (f.kind, f.text, f.value, f.english) == ("age", span, value, f"age {value}")


@pytest.mark.parametrize(
    ("text", "span", "value", "english"),
    [
        ("valuasi naik 3,5x", "3,5x", Decimal("3.5"), "3.5x"),
        ("berada di peringkat 5 dunia", "5", 5, "5"),
    ],
)
def test_number(text: str, span: str, value: Decimal, english: str) -> None:
    f = one(text)
    assert (f.kind, f.text, f.value, f.english) == ("number", span, Decimal(value), english)


def test_number_words() -> None:
    figures = extract_figures("dua puluh lima persen dan dua ratus ribu orang", "id")
    assert [(f.kind, f.value, f.words) for f in figures] == [
        ("percent", 25, True),
        ("count", 200_000, True),
    ]


def test_dozen_is_approximate_and_borrows_the_noun() -> None:
    text = "membawa kurang dari selusin dari sekitar 1.500 karyawan Scale"
    dozen, staff = extract_figures(text, "id")
    assert (dozen.text, dozen.value, dozen.unit, dozen.approx, dozen.words) == (
        "selusin",
        12,
        "karyawan",
        True,
        True,
    )
    assert (staff.text, staff.approx) == ("1.500 karyawan", True)


def test_approx_words_stay_outside_the_span() -> None:
    f = one("dinilai sekitar US$14 miliar")
    assert (f.text, f.approx) == ("US$14 miliar", True)
    assert one("hampir 80 persen").approx


def test_vague_words_are_not_figures() -> None:
    assert extract_figures("ratusan juta dolar dan ribuan orang serta puluhan miliar", "id") == []


@pytest.mark.parametrize(
    "text",
    [
        "harga disesuaikan1 dengan pasar",  # footnote glued to a word
        "data GTV),3 menunjukkan",  # footnote after punctuation
        "Model AI Llama 4 milik Meta",
        "peluncuran iPhone 16 ditunda",
        "model GPT-4 dan COVID-19",
        "hubungi 0812-3456-7890 atau +62 21 555 1234",
        "lihat https://contoh.co.id/berita?id=12345 sekarang",
        "rapat pukul 10.00 WIB dan 14:30",
        "sesuai UU Nomor 11 Tahun 2020",
        "salah satu perusahaan",
        "Siswa SMPN 278 Diliburkan",
        "jaringan 5G dan layar 4K",
        "tren 1990-an",
    ],
)
def test_exclusions(text: str) -> None:
    assert extract_figures(text, "id") == []


def test_m_and_t_are_scales_only_for_money() -> None:
    assert one("modal Rp5 T").value == 5 * 10**12
    assert extract_figures("ukuran 5M", "id") == []


def test_offsets_index_the_whole_text_and_sentence_is_tagged() -> None:
    text = "Awal. Naik 12 persen. Akhir 49%."
    figures = extract_figures(text, "id", start=6, end=21, sentence=1)
    assert [(f.text, f.start, f.sentence) for f in figures] == [("12 persen", 11, 1)]


def test_figures_sorted_and_disjoint() -> None:
    figures = extract_figures("Rp 10 miliar hingga Rp 11 miliar pada 2012 dan 5%", "id")
    # Both ends name the currency and scale: one range (round 2), not two amounts.
    assert [f.text for f in figures] == ["Rp 10 miliar hingga Rp 11 miliar", "2012", "5%"]
    assert all(a.end <= b.start for a, b in pairwise(figures))


def test_unknown_language_falls_back_to_indonesian() -> None:
    assert extract_figures("US$14,3 miliar", "xx")[0].value == 14_300_000_000


def test_to_json_contract() -> None:
    f = one("Meta menginvestasikan US$14,3 miliar")
    assert f.to_json() == {
        "kind": "money",
        "text": "US$14,3 miliar",
        "start": 22,
        "end": 36,
        "value": 14300000000,
        "value_max": None,
        "currency": "USD",
        "unit": None,
        "unit_english": None,
        "english": "US$14.3 billion",
        "sentence": None,
    }


def test_years_without_an_age_word_are_a_duration() -> None:
    f = one("berkuasa selama 30 tahun")
    assert (f.kind, f.unit_english) == ("quantity", "years")


def test_age_in_parentheses_after_initials() -> None:
    assert [f.kind for f in extract_figures("Bripka AS (33), Bripka DR (33)", "id")] == [
        "age",
        "age",
    ]


@pytest.mark.parametrize("text", ["pukul 08.00 sampai 09.30", "kode 007", "Ryzen 1300X"])
def test_clock_times_codes_and_models_are_not_numbers(text: str) -> None:
    assert extract_figures(text, "id") == []


def test_informal_lowercase_rp() -> None:
    assert [f.key() for f in extract_figures("harga rp. 10 ribu, rp 15.000", "id")] == [
        ("money", "10000", "IDR"),
        ("money", "15000", "IDR"),
    ]


@pytest.mark.parametrize(
    ("text", "english"),
    [
        ("dengan 18.000 kurir", "18,000 couriers"),
        ("membangun 12 gudang", "12 warehouses"),
        ("merekrut 150 insinyur", "150 engineers"),
        ("membuka 3.000 peluang kerja", "3,000 job opportunities"),
    ],
)
def test_common_business_nouns_are_glossed(text: str, english: str) -> None:
    (fig,) = extract_figures(text, "id")
    assert fig.kind == "count"
    assert fig.english == english
