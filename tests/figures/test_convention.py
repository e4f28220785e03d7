"""Number convention from the text's own evidence (summarise.figures.convention)."""

from __future__ import annotations

from decimal import Decimal

from summarise.figures import read_figures
from summarise.figures.convention import (
    Evidence,
    Reading,
    document_reading,
    evidence,
    is_english,
    passage_reading,
)


def test_digit_shapes_and_words_are_the_evidence() -> None:
    assert evidence("Rp1,3 triliun, naik 2,5 persen, 1.500.000 orang") == Evidence(3, 0, 2, 0)
    assert evidence("RM1.2 bilion, 2.5 peratus, 2,300,000 pekerja") == Evidence(0, 3, 0, 2)


def test_clock_times_and_versions_are_no_evidence() -> None:
    text = "pukul 10.30 WIB, Android 6.0 Marshmallow, iOS 17.2 dan Rp 1,3 triliun"
    assert evidence(text) == Evidence(1, 0, 1, 0)


def test_document_reading_follows_evidence_not_the_label() -> None:
    # Malay label, Indonesian writing: the comma decides, and it is sure.
    assert document_reading("Nilainya Rp1,3 triliun.", "ms") == Reading("ms", ",", True)
    # Mixed evidence: the majority, not sure.
    assert document_reading("14,3 miliar dan 2.5 peratus, 1.2 bilion", "id") == Reading(
        "id", ".", False
    )
    # No evidence: the language's own mark, as sure as the language is.
    assert document_reading("Harganya 1.500 dolar.", "ms", confident=False) == Reading(
        "ms", ".", False
    )


def test_an_english_paragraph_is_read_as_english() -> None:
    doc = Reading("id", ",", True)
    quote = '"We raised US$3.4 billion from 2,300 investors," the chief executive said.'
    assert is_english(quote)
    assert not is_english("Perusahaan itu meraih pendanaan dari para investor di Jakarta.")
    assert passage_reading(quote, doc) == Reading("en", ".", True)


def test_a_count_is_whole_and_a_doubtful_amount_says_so() -> None:
    (staff,) = read_figures("Unit baru itu dipimpin dengan 1.500 staf.", "ms", confident=False)
    assert (staff.value, staff.doubt) == (Decimal(1500), None)
    (price,) = read_figures("Harganya US$1.500.", "ms", confident=False)
    assert (price.value, price.doubt, price.alt_value) == (Decimal("1.5"), "convention", 1500)
    sure, share = read_figures("Harganya US$1.500, naik 2,5 persen.", "id")
    assert (sure.value, sure.doubt, share.value) == (Decimal(1500), None, Decimal("2.5"))
