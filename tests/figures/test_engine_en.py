"""English figures: what a translation (or an English article) says, read back exactly."""

from __future__ import annotations

from decimal import Decimal

import pytest

from summarise.figures import extract_figures


def keys(text: str) -> list[tuple[str, str, str | None]]:
    return [f.key() for f in extract_figures(text, "en")]


@pytest.mark.parametrize(
    ("text", "value", "currency"),
    [
        ("US$14.3 billion", 14_300_000_000, "USD"),
        ("IDR 230 trillion", 230 * 10**12, "IDR"),
        ("Rp 230 trillion", 230 * 10**12, "IDR"),
        ("230 trillion rupiah", 230 * 10**12, "IDR"),
        ("14.3 billion US dollars", 14_300_000_000, "USD"),
        ("$370m", 370_000_000, "USD"),
        ("£235m", 235_000_000, "GBP"),
        ("$5bn", 5 * 10**9, "USD"),
        ("Rp 392,571 per capita", 392_571, "IDR"),
        ("ten billion dollars", 10**10, "USD"),
        ("a hundred-dollars", 100, "USD"),
        ("one-point-six billion dollar competition", 1_600_000_000, "USD"),
        ("four-hundred-and-sixty billion dollars", 460 * 10**9, "USD"),
        ("two-and-a-half-thousand dollars", 2500, "USD"),
        ("nearly thirty-million US dollars", 30_000_000, "USD"),
        ("US$900 juta", 900_000_000, "USD"),  # machine translation left the scale word
        ("5 million pounds", 5_000_000, "GBP"),
    ],
)
def test_money(text: str, value: int, currency: str) -> None:
    assert keys(text) == [("money", str(value), currency)]


def test_pounds_without_scale_are_not_money() -> None:
    assert [f.kind for f in extract_figures("weighs 200 pounds", "en")] != ["money"]


@pytest.mark.parametrize(
    ("text", "value", "points"),
    [
        ("49%", "49", False),
        ("13 per cent", "13", False),
        ("fifty-one per-cent", "51", False),
        ("3.57 percent", "3.57", False),
        ("7,4%", "7.4", False),  # a decimal comma left by translation: shape decides
        ("a quarter of a percent", "0.25", False),
        ("one and a half percent", "1.5", False),
        ("2 percentage points", "2", True),
    ],
)
def test_percent(text: str, value: str, points: bool) -> None:
    (f,) = extract_figures(text, "en")
    assert (f.kind, str(f.value), f.points) == ("percent", value, points)


@pytest.mark.parametrize(
    ("text", "kind", "value"),
    [
        ("1,500 employees", "count", "1500"),
        ("one-point-three-billion people", "count", "1300000000"),
        ("a dozen employees", "count", "12"),
        ("207 basis points", "quantity", "207"),
        ("15 centimeters", "quantity", "15"),
        ("age 28", "age", "28"),
        ("aged 35", "age", "35"),
        ("a 35-year-old man", "age", "35"),
        ("35 years old", "age", "35"),
        ("Wang, 28, said", "age", "28"),
        ("May 2024", "date", "2024-05"),
        ("August 15, 2023", "date", "2023-08-15"),
        ("15 August 2023", "date", "2023-08-15"),
        ("in May", "date", "--05"),
        ("the second quarter of 2023", "date", "2023-Q2"),
        ("the first half of 2023", "date", "2023-H1"),
        ("Q2 2024", "date", "2024-Q2"),
        ("Thursday (12/27)", "date", "--12-27"),
        ("3.5x", "number", "3.5"),
    ],
)
def test_other_kinds(text: str, kind: str, value: str) -> None:
    (f,) = extract_figures(text, "en")
    assert (f.kind, str(f.value)) == (kind, value)


@pytest.mark.parametrize(
    "text",
    ["May I ask", "you may be right", "GPT-4 and Llama 4", "at 10:30 am", "one of the firms"],
)
def test_not_figures(text: str) -> None:
    assert extract_figures(text, "en") == []


def test_english_reads_thousands_comma_and_decimal_point() -> None:
    assert extract_figures("1,500", "en")[0].value == Decimal(1500)
    assert extract_figures("1.5", "en")[0].value == Decimal("1.5")


def test_rupiah_never_has_fractions_so_dots_group_thousands() -> None:
    assert keys("over Rp 15.000 in Alfamart") == [("money", "15000", "IDR")]
    assert keys("Rp 5.500 per month") == [("money", "5500", "IDR")]
    assert keys("US$5.500") == [("money", "5.5", "USD")]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # A share, as `tiga perempat` is: not 3 quarters of a year, not 3.25.
        ("Three-quarters of respondents said yes.", [("number", "0.75", "0.75")]),
        ("three quarters of respondents", [("number", "0.75", "0.75")]),
        ("a three-quarter stake", [("number", "0.75", "0.75")]),
        # A duration stays one; `and a quarter` still adds a quarter.
        ("over three quarters", [("quantity", "3", "3 quarters")]),
        ("3 quarters of growth", [("quantity", "3", "3 quarters")]),
        ("two and a quarter million", [("number", "2250000", "2.25 million")]),
    ],
)
def test_quarters_as_a_share_and_as_a_duration(text: str, expected: list[tuple]) -> None:
    assert [(f.kind, str(f.value), f.english) for f in extract_figures(text, "en")] == expected


def test_three_quarters_passes_the_guard_against_tiga_perempat() -> None:
    from summarise import verify_translation

    verdict = verify_translation(
        "Tiga perempat responden setuju.", "Three-quarters of respondents agreed.", "id"
    )
    assert (verdict.status, verdict.problems) == ("ok", [])
