"""The engine's scanners: where a word-led figure may start, whatever the text around it.

The word-led scanner branches on a figure's first character after one non-word character
(`engine._first_char_scanner`); these pin down that it finds the same starts as a word boundary.
"""

from __future__ import annotations

import pytest

from summarise.figures import extract_figures
from summarise.figures.engine import _by_first, _first_char_scanner, _prev, _prev_start


def spans(text: str, lang: str, start: int = 0) -> list[tuple[str, str]]:
    return [(f.kind, f.text) for f in extract_figures(text, lang, start)]


@pytest.mark.parametrize(
    ("text", "lang", "start", "expected"),
    [
        ("tiga orang", "id", 0, [("count", "tiga orang")]),  # at the very start of the text
        ("(tiga orang)", "id", 0, [("count", "tiga orang")]),  # after a bracket
        ("Kuartal II 2023 naik", "id", 0, [("date", "Kuartal II 2023")]),
        ("Q3 FY2025", "en", 0, [("date", "Q3 FY2025")]),
        ("FY2024 results", "en", 0, [("date", "FY2024")]),
        ("June 2025", "en", 0, [("date", "June 2025")]),
        ("a, two hundred people", "en", 3, [("count", "two hundred people")]),  # after `, `
        ("xtiga orang", "id", 1, []),  # inside a word: no word boundary at the start
        ("atiga orang", "id", 0, []),
        ("see https://x.id/tiga-orang now", "id", 0, []),  # a link is skipped whole
    ],
)
def test_word_led_starts(text: str, lang: str, start: int, expected: list) -> None:
    assert spans(text, lang, start) == expected


def test_pieces_keep_alternative_order_and_names() -> None:
    scanner, at_start, names = _first_char_scanner(
        [("one", _by_first({"ab", "a"}, "(?![\\w])")), ("two", _by_first({"ac"}, "(?![\\w])"))]
    )
    found = [(m.start() + 1, names[m.lastindex or 0]) for m in scanner.finditer(" a ac ab")]
    assert found == [(1, "one"), (3, "two"), (6, "one")]
    first = at_start.match("ac")
    assert first is not None and names[first.lastindex or 0] == "two"


def test_a_piece_must_start_with_a_word_character() -> None:
    with pytest.raises(ValueError, match="word character"):
        _first_char_scanner([("x", [("$", "1")])])


@pytest.mark.parametrize(
    ("left", "word", "start"),
    [
        ("kata Budi ", "Budi", 5),
        ("harga (", "harga", 0),
        ("Wang (", "Wang", 0),
        ("", "", 0),
        ("  ", "", 2),  # no word: where `left` ends
        ("akhir\n", "akhir", 0),  # one final line break is read past, as `$` would
        ("akhir\n\n", "", 7),
        ("x\r", "", 2),
    ],
)
def test_previous_word(left: str, word: str, start: int) -> None:
    assert _prev(left) == word
    assert _prev_start(left, len(left)) == start  # `left` ends where the number starts


@pytest.mark.parametrize(
    ("left", "cued"),
    [
        ("harga sekitar ", True),
        ("harga SEKITAR\t", True),
        ("kurang  lebih ", True),  # two spaces inside the phrase
        ("harga sekitar", False),  # no space before the number
        ("xsekitar ", False),  # inside a word
        ("sekitar 5 ", False),
        ("", False),
        ("lebih ", False),
    ],
)
def test_end_anchored_cue_answers_as_its_regex(left: str, cued: bool) -> None:
    from summarise.figures.engine import _left_cue

    cue = _left_cue(["sekitar", "kurang lebih"])
    found = cue.search(left)
    expected = cue.regex.search(left)
    assert (found and found.span()) == (expected and expected.span())
    assert bool(found) is cued
