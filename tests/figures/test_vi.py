"""Vietnamese figures: `1.500` thousands, `14,3` decimals, `tỷ`/`triệu`, `đồng`, dates, quarters.

Vietnamese is read by the same engine as every other language; these tests are what adding its
grammar file (`summarise/figures/grammar/vi.py`) had to make true.
"""

from __future__ import annotations

import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise.cli import app
from summarise.figures import extract_figures, read_figures, supported_languages
from summarise.figures.grammar import load_grammar

SAMPLE = Path(__file__).resolve().parents[2] / "samples" / "vi-logistics-funding.txt"


def one(text: str):
    figures = extract_figures(text, "vi")
    assert len(figures) == 1, figures
    return figures[0]


def test_vietnamese_has_its_own_grammar() -> None:
    assert "vi" in supported_languages()
    assert load_grammar("vi").code == "vi"
    assert extract_figures("1.500 nhân viên", "vie")[0].value == 1500  # ISO 639-2 code


@pytest.mark.parametrize(
    ("text", "span", "value", "currency", "english"),
    [
        ("doanh thu 14,3 triệu đồng", "14,3 triệu đồng", 14_300_000, "VND", "VND 14.3 million"),
        ("vốn 2,5 tỷ USD", "2,5 tỷ USD", 2_500_000_000, "USD", "US$2.5 billion"),
        ("lãi 1,2 tỉ đồng", "1,2 tỉ đồng", 1_200_000_000, "VND", "VND 1.2 billion"),
        ("đạt 3 nghìn tỷ đồng", "3 nghìn tỷ đồng", 3 * 10**12, "VND", "VND 3 trillion"),
        ("đạt 1,5 ngàn tỷ đồng", "1,5 ngàn tỷ đồng", 1_500_000_000_000, "VND", "VND 1.5 trillion"),
        ("chi 500 nghìn đồng", "500 nghìn đồng", 500_000, "VND", "VND 500,000"),
        ("giá 50.000đ mỗi đơn", "50.000đ", 50_000, "VND", "VND 50,000"),
        ("giá 40.000₫", "40.000₫", 40_000, "VND", "VND 40,000"),
        ("giá 15.000 VND", "15.000 VND", 15_000, "VND", "VND 15,000"),
        ("giá 15.000 VNĐ", "15.000 VNĐ", 15_000, "VND", "VND 15,000"),
        ("giá 25.000 đ", "25.000 đ", 25_000, "VND", "VND 25,000"),
        ("quỹ VND 3 tỷ", "VND 3 tỷ", 3_000_000_000, "VND", "VND 3 billion"),
        ("gọi vốn US$20 triệu", "US$20 triệu", 20_000_000, "USD", "US$20 million"),
        ("gọi vốn 20 triệu đô la Mỹ", "20 triệu đô la Mỹ", 20_000_000, "USD", "US$20 million"),
        ("thu 1.200 tỷ đồng", "1.200 tỷ đồng", 1_200_000_000_000, "VND", "VND 1.2 trillion"),
        ("giá 200 đồng/cổ phiếu", "200 đồng", 200, "VND", "VND 200"),
        # `đồng` before a foreign currency counts that currency.
        ("đổi 1 đồng USD", "1 đồng USD", 1, "USD", "US$1"),
        ("đổi 2 đồng đô la", "2 đồng đô la", 2, "USD", "US$2"),
        ("vốn 5 tỷ đô", "5 tỷ đô", 5_000_000_000, "USD", "US$5 billion"),  # `đô` after a scale
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


def test_money_range_and_approximation() -> None:
    f = one("từ 10 đến 15 triệu đồng")
    assert (f.value, f.value_max, f.currency) == (Decimal(10_000_000), Decimal(15_000_000), "VND")
    f = one("khoảng 200 tỷ đồng")
    assert (f.value, f.approx) == (Decimal(200_000_000_000), True)


@pytest.mark.parametrize(
    ("text", "value", "points", "english"),
    [
        ("tăng 14,3%", "14.3", False, "14.3%"),
        ("giảm 5 phần trăm", "5", False, "5%"),
        ("cải thiện 2,1 điểm phần trăm", "2.1", True, "2.1 percentage points"),
    ],
)
def test_percent(text: str, value: str, points: bool, english: str) -> None:
    f = one(text)
    assert (f.kind, f.value, f.points, f.english) == ("percent", Decimal(value), points, english)


@pytest.mark.parametrize(
    ("text", "span", "value", "english"),
    [
        ("ngày 14/5/2025", "14/5/2025", "2025-05-14", "14 May 2025"),
        ("14 tháng 5 năm 2025", "14 tháng 5 năm 2025", "2025-05-14", "14 May 2025"),
        ("ngày 2 tháng 8 năm 2023", "2 tháng 8 năm 2023", "2023-08-02", "2 August 2023"),
        ("tháng 5/2025", "tháng 5/2025", "2025-05", "May 2025"),
        ("trước tháng 12/2025", "tháng 12/2025", "2025-12", "December 2025"),
        ("tháng 5 năm 2025", "tháng 5 năm 2025", "2025-05", "May 2025"),
        ("Tháng 10 năm 2024", "Tháng 10 năm 2024", "2024-10", "October 2024"),
        ("THÁNG 3/2025", "THÁNG 3/2025", "2025-03", "March 2025"),
        ("tháng 05/2025", "tháng 05/2025", "2025-05", "May 2025"),
        ("năm 2025", "2025", "2025", "2025"),
        ("quý 3/2024", "quý 3/2024", "2024-Q3", "Q3 2024"),
        ("quý III năm 2024", "quý III năm 2024", "2024-Q3", "Q3 2024"),
        ("Quý I/2025", "Quý I/2025", "2025-Q1", "Q1 2025"),
        ("quý 4 năm 2023", "quý 4 năm 2023", "2023-Q4", "Q4 2023"),
    ],
)
def test_dates_and_quarters(text: str, span: str, value: str, english: str) -> None:
    f = one(text)
    assert (f.kind, f.text, f.value, f.english) == ("date", span, value, english)


@pytest.mark.parametrize(
    ("text", "kind", "value", "english"),
    [
        ("có 1.500 nhân viên", "count", 1500, "1,500 employees"),
        ("có 1,500 nhân viên", "count", 1500, "1,500 employees"),  # a count is whole
        ("tuyển 600 kỹ sư", "count", 600, "600 engineers"),
        ("2.000 người", "count", 2000, "2,000 people"),
        ("2,3 triệu khách hàng", "count", 2_300_000, "2.3 million customers"),
        ("12 nhà máy", "count", 12, "12 factories"),
        ("3 chiếc xe", "count", 3, "3 vehicles"),  # a classifier before the noun
        ("trong 5 năm", "quantity", 5, "5 years"),
        ("sau 3 tháng", "quantity", 3, "3 months"),
        ("gấp 3 lần", "number", 3, "3x"),
    ],
)
def test_counts_quantities_multipliers(text: str, kind: str, value: int, english: str) -> None:
    f = one(text)
    assert (f.kind, f.value, f.english) == (kind, Decimal(value), english)


@pytest.mark.parametrize(
    ("text", "span"),
    [
        ("ông Trần Minh Khoa (28 tuổi)", "28 tuổi"),
        ("Bà Lê Thu Hà, 38 tuổi, giám đốc", "38 tuổi"),
    ],
)
def test_ages(text: str, span: str) -> None:
    f = one(text)
    assert (f.kind, f.text, f.english) == ("age", span, f"age {span.split()[0]}")


def test_plain_numbers_follow_the_vietnamese_convention() -> None:
    assert one("đạt 1.500").value == Decimal(1500)
    assert one("tỷ lệ 14,3").value == Decimal("14.3")
    assert one("14,3 triệu").value == Decimal(14_300_000)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # `đồng` in `hợp đồng` (contract) is no currency, and an unglossed syllable is no noun.
        ("ký 3 hợp đồng", [("number", "3", None)]),
        # `đồng` starting another word is no dong: clocks, colleagues, co-founders, "meanwhile".
        ("mua 15 đồng hồ", [("number", "15", None)]),
        ("thủ đô 5 đô", [("number", "5", None)]),  # `đô` without a scale word is no dollar
        ("với 3 đồng nghiệp", [("number", "3", None)]),
        ("có 2 đồng sáng lập", [("number", "2", None)]),
        ("tăng 5 đồng thời giảm", [("number", "5", None)]),
        # Nor is a scale word starting another: billionaires, millionaires, symptoms, a ratio.
        ("có 3 tỷ phú", [("number", "3", None)]),
        ("5 triệu phú", [("number", "5", None)]),
        ("4 triệu chứng", [("number", "4", None)]),
        ("2 tỷ lệ", [("number", "2", None)]),
        # Clock times: `10h30`, `10h`, `9 giờ tối` (9 pm), `lúc 9` (at nine).
        ("lúc 10h30 sáng", []),
        ("mở cửa 10h", []),
        ("đến 9 giờ tối", []),
        # `9 giờ` is nine o'clock or nine hours: a plain number, never "9 hours" by guess.
        ("họp lúc 9 giờ", [("number", "9", None)]),
        ("trong 24 giờ", [("number", "24", None)]),
        ("đạt đỉnh lúc 50.000 đồng", [("money", "50000", "VND")]),
        # No month 13, no fifth quarter: the pair is no date, and its first number alone
        # would be a wrong figure.
        ("Tháng 13/2025", []),
        ("quý 5/2024", []),
        # A decree or house number (`số`, "number") is an identifier, not figures.
        ("Theo Nghị định số 13/2023/NĐ-CP", []),
        ("trụ sở tại số 12 phố Huế", []),
        # A month name with no number is not a date: `tháng này` is "this month".
        ("trong tháng này", []),
        # A glued letter that is no currency stays a footnote or model name.
        ("mẫu 5G mới", []),
    ],
)
def test_what_is_not_a_vietnamese_figure(text: str, expected: list[tuple]) -> None:
    assert [f.key() for f in extract_figures(text, "vi")] == expected


def test_other_languages_keep_their_readings_of_the_same_marks() -> None:
    # `đ` glued to a number is Vietnamese grammar data: Indonesian does not read it as money.
    assert [f.key() for f in extract_figures("harga 50.000đ", "id")] == [("number", "50000", None)]
    # `tháng 5/2025` is a month only where the grammar says `/` joins a month to its year.
    assert [f.key() for f in extract_figures("Mei/2025", "id")] == [("date", "--05", None)]


def test_sample_article_every_figure() -> None:
    text = SAMPLE.read_text(encoding="utf-8")
    got = [(f.kind, f.text, f.english) for f in read_figures(text, "vi")]
    assert got == [
        ("money", "1.200 tỷ đồng", "VND 1.2 trillion"),
        ("date", "14/5/2025", "14 May 2025"),
        ("money", "1.200 tỷ đồng", "VND 1.2 trillion"),
        ("money", "47,5 triệu USD", "US$47.5 million"),
        ("age", "41 tuổi", "age 41"),
        ("count", "12 nhà máy", "12 factories"),
        ("count", "8 tỉnh", "8 provinces"),
        ("date", "quý III năm 2025", "Q3 2025"),
        ("date", "quý 2/2026", "Q2 2026"),
        ("date", "2024", "2024"),
        ("money", "3.450 tỷ đồng", "VND 3.45 trillion"),
        ("percent", "14,3%", "14.3%"),
        ("percent", "2,1 điểm phần trăm", "2.1 percentage points"),
        ("count", "1.500 nhân viên", "1,500 employees"),
        ("count", "2,3 triệu khách hàng", "2.3 million customers"),
        ("count", "600 kỹ sư", "600 engineers"),
        ("date", "tháng 12/2025", "December 2025"),
        ("money", "18.000đ", "VND 18,000"),
        ("percent", "5 phần trăm", "5%"),
        ("date", "tháng 5 năm 2024", "May 2024"),
        ("age", "38 tuổi", "age 38"),
        ("money", "1,5 nghìn tỷ đồng", "VND 1.5 trillion"),
        ("date", "2027", "2027"),
        ("quantity", "3 năm", "3 years"),
        ("date", "2 tháng 8 năm 2023", "2 August 2023"),
        ("money", "US$20 triệu", "US$20 million"),
    ]


def test_cli_figures_on_the_vietnamese_sample() -> None:
    result = CliRunner().invoke(app, ["figures", str(SAMPLE), "--format", "json"])
    assert result.exit_code == 0, result.output
    data = json.loads(result.stdout)
    assert data["language"]["code"] == "vi"
    first = data["figures"][0]
    assert (first["kind"], first["text"], first["currency"]) == ("money", "1.200 tỷ đồng", "VND")
    assert len(data["figures"]) == 26


def test_every_gloss_reads_back_in_english() -> None:
    """The English shown for a Vietnamese noun or unit is one the English grammar reads, so a
    translation's figures can be checked against the source's."""
    vi, en = load_grammar("vi"), load_grammar("en")
    english_words = {w.lower() for w in (*en.count_nouns, *en.units)}
    glosses = {*vi.count_nouns.values(), *vi.units.values()}
    assert sorted(g for g in glosses if g.lower() not in english_words) == []


def test_vietnamese_scale_and_percent_words_are_decimal_comma_evidence() -> None:
    from summarise.figures.convention import document_reading, evidence

    e = evidence("Doanh thu đạt 3 tỷ đồng, lãi 200 triệu, tăng 5 phần trăm.")
    assert (e.comma_words, e.dot_words, e.comma_digits, e.dot_digits) == (3, 0, 0, 0)
    # With no digit shape to decide, the words do: `1.500` groups thousands.
    reading = document_reading("Công ty có 1.500 tỷ đồng.", "vi")
    assert (reading.decimal, reading.sure) == (",", True)
    # A digit shape only the decimal point writes still wins over the words.
    reading = document_reading("Công ty lãi 2.5 triệu và 1.500 tỷ đồng.", "vi")
    assert reading.decimal == "."
