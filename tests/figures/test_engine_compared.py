"""A bare number compared with a count, or where a change to a count starts, counts the same
thing: `12,5 juta investor, naik dari 10,3 juta` is 10.3 million investors, not a bare 10.3
million; and a counted noun named a few words before its verb (`Jumlah investor ritel di pasar
modal kini mencapai 12,5 juta`)."""

from __future__ import annotations

import pytest

from summarise.figures import read_figures


def counted(text: str, lang: str) -> list[tuple]:
    return [(f.kind, str(f.value), f.unit_english, f.english) for f in read_figures(text, lang)]


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        (
            "Jumlah investor ritel di pasar modal kini mencapai 12,5 juta, naik dari 10,3 juta.",
            "id",
            [
                ("count", "12500000", "investors", "12.5 million investors"),
                ("count", "10300000", "investors", "10.3 million investors"),
            ],
        ),
        (
            "Seramai 2,500 peserta hadir, meningkat daripada 1,800 peserta.",
            "ms",
            [
                ("count", "2500", "participants", "2,500 participants"),
                ("count", "1800", "participants", "1,800 participants"),
            ],
        ),
        (
            "It has 3 million users, compared with 2.5 million at its rival.",
            "en",
            [
                ("count", "3000000", "users", "3 million users"),
                ("count", "2500000", "users", "2.5 million users"),
            ],
        ),
        (
            "Pengguna aktif naik dari 10 juta menjadi 12 juta orang.",
            "id",
            [
                ("count", "10000000", "people", "10 million people"),
                ("count", "12000000", "people", "12 million people"),
            ],
        ),
        (
            "Users grew from 2.1 million to 3 million users.",
            "en",
            [
                ("count", "2100000", "users", "2.1 million users"),
                ("count", "3000000", "users", "3 million users"),
            ],
        ),
    ],
)
def test_a_compared_number_counts_the_same_thing(
    text: str, lang: str, expected: list[tuple]
) -> None:
    assert counted(text, lang) == expected


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        # Another kind of figure, or another thing counted, keeps its own reading.
        (
            "It hired 500 engineers, up from 20 percent.",
            "en",
            [("count", "500", "engineers", "500 engineers"), ("percent", "20", None, "20%")],
        ),
        (
            "The firm has 12,000 users from 30 cities.",
            "en",
            [("count", "12000", "users", "12,000 users"), ("count", "30", "cities", "30 cities")],
        ),
        # No comparison word between them: two facts, the second a bare number.
        (
            "Sebanyak 1.500 karyawan bekerja, dan 300 di antaranya baru.",
            "id",
            [
                ("count", "1500", "employees", "1,500 employees"),
                ("number", "300", None, "300"),
            ],
        ),
        # `menjadi` without `dari` before the first number is no change from it.
        (
            "naik 20 persen menjadi 1.000 unit",
            "id",
            [("percent", "20", None, "20%"), ("count", "1000", "units", "1,000 units")],
        ),
    ],
)
def test_what_is_not_compared_keeps_its_reading(
    text: str, lang: str, expected: list[tuple]
) -> None:
    assert counted(text, lang) == expected


def test_the_referent_noun_may_stand_six_words_before_its_verb() -> None:
    assert counted("Jumlah investor ritel di pasar modal kini mencapai 12,5 juta.", "id") == [
        ("count", "12500000", "investors", "12.5 million investors")
    ]
    # Punctuation between them still ends the clause.
    assert counted("Jumlah investor ritel, kata dia, di pasar kini mencapai 12,5 juta.", "id") == [
        ("number", "12500000", None, "12.5 million")
    ]


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("Users number 12,000 across the region.", [("count", "12000", "users", "12,000 users")]),
        ("Its users number 12,000.", [("count", "12000", "users", "12,000 users")]),
        # Without a counted noun as the subject, `number` is still a case or rank word.
        ("It was ranked number 3.", []),
        ("Flight number 370 vanished.", []),
        ("Case number 12 was closed.", []),
    ],
)
def test_number_as_a_count_verb(text: str, expected: list[tuple]) -> None:
    assert counted(text, "en") == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            "The stock rose 12 cents to S$1.20.",
            [("money", "0.12", "SGD", "SGD 0.12"), ("money", "1.2", "SGD", "SGD 1.2")],
        ),
        (
            "RM1.20 and 5 cents",
            [("money", "1.2", "MYR", "MYR 1.2"), ("money", "0.05", "MYR", "MYR 0.05")],
        ),
        # Nothing else in the passage, two currencies, or rupiah: the US default stands.
        ("It paid 3.5 cents per share.", [("money", "0.035", "USD", "US$0.035")]),
        (
            "S$1 and US$2 and 3 cents",
            [
                ("money", "1", "SGD", "SGD 1"),
                ("money", "2", "USD", "US$2"),
                ("money", "0.03", "USD", "US$0.03"),
            ],
        ),
        (
            "Rp 5.000 or 10 cents",
            [("money", "5000", "IDR", "IDR 5,000"), ("money", "0.1", "USD", "US$0.1")],
        ),
        # Cents that name their currency keep it.
        (
            "It paid 3.5 US cents, against S$1.2 billion.",
            [
                ("money", "0.035", "USD", "US$0.035"),
                ("money", "1200000000", "SGD", "SGD 1.2 billion"),
            ],
        ),
    ],
)
def test_bare_cents_take_the_passage_currency(text: str, expected: list[tuple]) -> None:
    found = read_figures(text, "en")
    assert [(f.kind, str(f.value), f.currency, f.english) for f in found] == expected


def test_a_malay_sen_translated_as_cents_passes_the_guard() -> None:
    from summarise import verify_translation

    verdict = verify_translation(
        "Harga saham naik 5 sen kepada RM1.20.", "The share price rose 5 cents to RM1.20.", "ms"
    )
    assert (verdict.status, verdict.problems) == ("ok", [])


@pytest.mark.parametrize(
    ("text", "lang", "expected"),
    [
        ("frekuensi 1,1 juta kali", "id", [("count", "1100000", "times", "1.1 million times")]),
        (
            "The app was downloaded 10 million times.",
            "en",
            [("count", "10000000", "times", "10 million times")],
        ),
        # Without a scale word it is still a multiplier.
        ("naik 3 kali", "id", [("number", "3", None, "3x")]),
        ("grew 3 times", "en", [("number", "3", None, "3x")]),
    ],
)
def test_a_scaled_times_is_how_often(text: str, lang: str, expected: list[tuple]) -> None:
    """`1,1 juta kali` was rendered `1,100,000x`, a 1.1-million-fold multiplier."""
    assert counted(text, lang) == expected
