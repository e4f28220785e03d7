"""missing_figures: the translator's number-fidelity guard."""

from __future__ import annotations

import pytest

from summarise.figures import extract_figures, missing_figures


@pytest.mark.parametrize(
    "english",
    [
        "Meta owns shares worth IDR 230 trillion",
        "Meta owns shares worth Rp 230 trillion",
        "Meta owns shares worth 230 trillion rupiah",
    ],
)
def test_rupiah_renderings_match(english: str) -> None:
    source = extract_figures("Meta Miliki Saham Rp230 Triliun", "id")
    assert missing_figures(source, extract_figures(english, "en")) == []


def test_spelled_out_dollars_match() -> None:
    source = extract_figures("investasi US$14,3 miliar", "id")
    assert missing_figures(source, extract_figures("14.3 billion US dollars", "en")) == []


def test_corrupted_translation_is_caught() -> None:
    source = extract_figures("investasi US$14,3 miliar untuk 49% saham", "id")
    english = extract_figures("an investment of US$14.3 million for 49% of shares", "en")
    assert [f.text for f in missing_figures(source, english)] == ["US$14,3 miliar"]


def test_multiset_two_equal_amounts_need_two() -> None:
    source = extract_figures("Rp5 juta dan Rp5 juta", "id")
    english = extract_figures("IDR 5 million", "en")
    assert len(missing_figures(source, english)) == 1


def test_dates_compare_normalised_values() -> None:
    source = extract_figures("pada Mei 2024 dan April", "id")
    assert missing_figures(source, extract_figures("in May 2024 and in April", "en")) == []
    assert len(missing_figures(source, extract_figures("in June 2024 and April", "en"))) == 1


def test_count_may_come_back_as_a_number() -> None:
    source = extract_figures("1.500 karyawan", "id")
    assert missing_figures(source, extract_figures("1,500 of its staff", "en")) == []


def test_range_covers_both_ends() -> None:
    source = extract_figures("Rp 10 miliar hingga Rp 11 miliar", "id")
    english = extract_figures("Rp 10 to Rp 11 billion", "en")
    assert missing_figures(source, english) == []


def test_currency_must_survive() -> None:
    source = extract_figures("Rp 21 miliar", "id")
    assert len(missing_figures(source, extract_figures("21 billion", "en"))) == 1
