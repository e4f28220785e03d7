"""Which number convention a text uses: `14,3` and `1.500` (Indonesian) or `14.3` and `1,500`
(Malaysian and English press), decided from the text's own evidence, not its language label.

A figure like `1.500` or `2,300` means a thousand times more in one convention than the other,
so the decision is made on evidence: digit shapes that only one convention writes (`14,3 miliar`,
`1.500.000`, `RM1.2 bilion`, `2,300,000`) count most, then scale and percent words (`miliar`,
`persen` vs `bilion`, `billion`, `peratus`). A passage of English inside an Indonesian article
is read as English. With no evidence the language's own convention is used, and the reading is
only `sure` when the language itself is certain.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from functools import cache

from summarise.figures.grammar.common import CURRENCY_WORDS

# Digit shapes that only one convention writes. A two-digit fraction right before a letter or %
# is a decimal (`14,3 miliar`, `2.5%`); clock times (`10.30 WIB`) are not evidence.
_FRACTION = r"(?<![\d.,])\d{1,4}(?P<sep>[.,])\d{1,2}(?=\s?(?:%|[^\W\d_]))"
_GROUPS_DOT = r"(?<![\d.,])\d{1,3}(?:\.\d{3}){2,}(?![\d,.]\d)"
_GROUPS_COMMA = r"(?<![\d.,])\d{1,3}(?:,\d{3}){2,}(?![\d,.]\d)"
_BOTH_DOT_FIRST = r"\d\.\d{3},\d"
_BOTH_COMMA_FIRST = r"\d,\d{3}\.\d"
# A version after a name (`Android 6.0`, `iOS 17.2`, `Bluetooth 5.3`) is no decimal evidence;
# a currency code before an amount (`Rp 1,3 triliun`) is.
_NAME_BEFORE = re.compile(r"(?<![\w$])(?P<w>[A-Z][\w-]*|[a-z]+[A-Z][\w-]*)\s$")
_WORD = re.compile(r"[^\W\d_]+")
ENGLISH_MIN_HITS = 3  # English function words a passage needs before it is read as English


@dataclass(frozen=True, slots=True)
class Reading:
    """How to read the figures of a passage: with which grammar and decimal mark."""

    lang: str
    decimal: str  # "," or "."
    sure: bool


@dataclass(frozen=True, slots=True)
class Evidence:
    comma_digits: int = 0
    dot_digits: int = 0
    comma_words: int = 0
    dot_words: int = 0

    def decide(self) -> tuple[str, bool] | None:
        """The convention the evidence shows, and whether it is one-sided; None if none."""
        if self.comma_digits or self.dot_digits:
            if self.comma_digits and self.dot_digits:
                return ("," if self.comma_digits > self.dot_digits else "."), False
            return ("," if self.comma_digits else "."), True
        if self.comma_words or self.dot_words:
            if self.comma_words and self.dot_words:
                return None
            return ("," if self.comma_words else "."), True
        return None


@cache
def _patterns() -> tuple[re.Pattern[str], ...]:
    return tuple(
        re.compile(p)
        for p in (_FRACTION, _GROUPS_DOT, _GROUPS_COMMA, _BOTH_DOT_FIRST, _BOTH_COMMA_FIRST)
    )


def _alternation(words: Iterable[str]) -> str:
    return "|".join(re.escape(w) for w in sorted(set(words))) or "(?!)"


@cache
def _word_patterns() -> tuple[re.Pattern[str], ...]:
    """Clock-time words after and before a number, and the words that name the convention
    (each grammar's `convention_words` go with its decimal mark: `miliar` with the comma,
    `bilion`, `billion` with the point), from every grammar at once: a passage may quote any."""
    from summarise.figures.grammar import LANGUAGES, load_grammar

    grammars = [load_grammar(code) for code in LANGUAGES]
    after = _alternation(w for g in grammars for w in g.evidence_clock_after)
    before = _alternation(w for g in grammars for w in g.evidence_clock_before)
    comma = _alternation(w for g in grammars if g.decimal == "," for w in g.convention_words)
    dot = _alternation(w for g in grammars if g.decimal == "." for w in g.convention_words)
    return (
        re.compile(rf"\s?(?:{after})\b", re.IGNORECASE),
        re.compile(rf"(?:{before})\s+$", re.IGNORECASE),
        re.compile(rf"\b(?:{comma})\b", re.IGNORECASE),
        re.compile(rf"\b(?:{dot})\b", re.IGNORECASE),
    )


def evidence(text: str) -> Evidence:
    """Count what in `text` shows one convention or the other."""
    fraction, dots, commas, dot_first, comma_first = _patterns()
    time_after, time_before, comma_words, dot_words = _word_patterns()
    comma = dot = 0
    for m in fraction.finditer(text):
        if time_after.match(text, m.end()) or time_before.search(text, 0, m.start()):
            continue
        name = _NAME_BEFORE.search(text, max(0, m.start() - 30), m.start())
        if name and name["w"] not in CURRENCY_WORDS:
            continue
        if m["sep"] == ",":
            comma += 1
        else:
            dot += 1
    comma += len(dots.findall(text)) + len(dot_first.findall(text))
    dot += len(commas.findall(text)) + len(comma_first.findall(text))
    return Evidence(comma, dot, len(comma_words.findall(text)), len(dot_words.findall(text)))


def default_decimal(lang: str) -> str:
    from summarise.figures.grammar import load_grammar

    return load_grammar(lang).decimal


def document_reading(text: str, lang: str, *, confident: bool = True) -> Reading:
    """The reading of a whole document in `lang` (`confident`: the language is certain)."""
    decided = evidence(text).decide()
    if decided is None:
        return Reading(lang, default_decimal(lang), confident)
    decimal, one_sided = decided
    return Reading(lang, decimal, one_sided)


@cache
def _function_words() -> tuple[frozenset[str], frozenset[str]]:
    from summarise.figures.grammar import LANGUAGES, TARGET, load_grammar

    en = load_grammar(TARGET).function_words
    others = frozenset().union(
        *(load_grammar(code).function_words for code in LANGUAGES if code != TARGET)
    )
    return frozenset(en - others), frozenset(others - en)


def is_english(passage: str) -> bool:
    """A passage written in English (by its function words), e.g. a quote in an Indonesian
    article: its figures follow English conventions and grammar (`US$3.4 billion`)."""
    en, others = _function_words()
    words = [w.lower() for w in _WORD.findall(passage)]
    en_hits = sum(w in en for w in words)
    other_hits = sum(w in others for w in words)
    return en_hits >= ENGLISH_MIN_HITS and en_hits >= 2 * other_hits


def passage_reading(passage: str, document: Reading) -> Reading:
    """The reading of one paragraph of a document: its own evidence first, then the
    document's; an English paragraph in another language's document is read as English."""
    from summarise.figures.grammar import TARGET

    lang = document.lang
    if lang != TARGET and is_english(passage):
        lang = TARGET
    decided = evidence(passage).decide()
    if decided is not None and decided[1]:
        return Reading(lang, decided[0], True)
    if lang != document.lang:
        return Reading(lang, default_decimal(lang), True)
    return document


def passage_readings(passages: Sequence[str], lang: str, *, confident: bool) -> list[Reading]:
    """The reading of each passage of one document (its paragraphs, its headline): the one rule
    the pipeline and `read_figures` share."""
    document = document_reading("\n".join(passages), lang, confident=confident)
    return [passage_reading(p, document) for p in passages]
