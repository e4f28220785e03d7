"""Per-language figure grammars: pure data read by the one engine (`summarise.figures.engine`).

A grammar says which words mean what (scale words, currencies, units, months, number words,
exclusions); it holds no logic. Adding a language means adding a module with a `GRAMMAR`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType

#: Each number-word expands to tokens the engine composes: ("unit", n) and ("tens", n) add n,
#: ("teen", 10) adds ten (`belas`), ("mul", 10|100) multiplies the pending part, ("scale", e)
#: closes a group at 10**e, ("half", 0) / ("quarter", 0) add a half / a quarter, ("dozen", 12)
#: multiplies by twelve and marks the figure approximate, ("frac", 4) divides by four
#: (`perempat`). Grammar lists name fillers (`and`), articles (`a`) and decimal points (`koma`).
WordTokens = tuple[tuple[str, int], ...]


def _frozen(d: Mapping | None = None) -> Mapping:
    return MappingProxyType(dict(d or {}))


@dataclass(frozen=True)
class Grammar:
    """Everything language-specific the engine needs. Keys of word maps are lower case."""

    code: str
    decimal: str  # the decimal mark when a digit group's shape is ambiguous
    scales: Mapping[str, int] = field(default_factory=_frozen)  # word -> exponent (any case)
    money_scales: Mapping[str, int] = field(default_factory=_frozen)  # exact case, only with money
    currency_prefixes: Mapping[str, str] = field(default_factory=_frozen)  # exact case -> ISO
    currency_suffixes: Mapping[str, str] = field(default_factory=_frozen)  # phrase -> ISO
    scale_only_suffixes: Mapping[str, str] = field(default_factory=_frozen)  # need a scale word
    end_only_suffixes: frozenset[str] = frozenset()  # `40 billion US`: no word may follow
    subunit_suffixes: Mapping[str, str] = field(default_factory=_frozen)  # hundredths: 12.5 `sen`
    percent_words: tuple[str, ...] = ()
    points_words: tuple[str, ...] = ()  # percentage points
    units: Mapping[str, str] = field(default_factory=_frozen)  # quantity unit -> English
    glued_units: Mapping[str, str] = field(default_factory=_frozen)  # exact case, glued: 100MW
    count_nouns: Mapping[str, str] = field(default_factory=_frozen)  # noun -> English gloss
    classifiers: tuple[str, ...] = ()  # `orang`, `buah`, `unit` between number and noun
    count_adjectives: tuple[str, ...] = ()  # 4,500 `new` engineers: between number and noun
    noun_after_gap: bool = False  # any one describing word may precede a known noun (English)
    function_words: frozenset[str] = frozenset()  # never the thing counted
    verb_prefixes: tuple[str, ...] = ()  # an unknown word starting so is a verb, not a noun
    months: Mapping[str, int] = field(default_factory=_frozen)  # exact case
    month_abbrevs: Mapping[str, int] = field(default_factory=_frozen)  # need a day or a year
    ambiguous_months: frozenset[str] = frozenset()  # `May`: a month only in date context
    month_cue_words: tuple[str, ...] = ()  # `in`, `since`: make an ambiguous month a month
    year_words: tuple[str, ...] = ()  # may sit between a month/period and its year
    month_day_order: bool = False  # English `August 15, 2023`
    number_words: Mapping[str, WordTokens] = field(default_factory=_frozen)
    article_words: tuple[str, ...] = ()  # `a` million
    point_words: tuple[str, ...] = ()  # `koma`, `point`
    and_words: tuple[str, ...] = ()  # `and` inside number words
    min_word_value: int = 2  # `satu`/`one` alone is grammar, not a figure
    approx_words: tuple[str, ...] = ()
    approx_scales: Mapping[str, int] = field(default_factory=_frozen)  # Rp5 `ribuan`: ~Rp5,000
    approx_suffixes: tuple[str, ...] = ()  # 200`-an`: about 200
    not_number_before: tuple[str, ...] = ()  # `salah` satu
    age_before: tuple[str, ...] = ()  # `berusia` 35
    age_units: tuple[str, ...] = ()  # berusia 35 `tahun` (only after an age word)
    age_after: tuple[str, ...] = ()  # 35 `years old`, 35`-year-old` (an age on their own)
    rank_words: tuple[str, ...] = ()  # `peringkat` 5
    multiplier_suffixes: tuple[str, ...] = ()  # 3,5`x`
    multiplier_words: tuple[str, ...] = ()  # tiga `kali`: a multiplier (3x), not a quantity
    range_words: tuple[str, ...] = ()  # `hingga`, `to` (dashes are universal)
    between_words: tuple[str, ...] = ()  # `between` 20 `and` 30: a range, not two figures
    between_joins: tuple[str, ...] = ()  # the `and` of `between ... and` (after between only)
    from_words: tuple[str, ...] = ()  # `from` 5% to 7%: a change, so two figures, not a range
    period_words: Mapping[str, str] = field(default_factory=_frozen)  # kuartal -> Q
    ordinals: Mapping[str, int] = field(default_factory=_frozen)  # kedua -> 2
    ordinal_first: bool = False  # English `second quarter`
    fiscal_year_words: tuple[str, ...] = ()  # `fiscal year` 2024 (`FY` is universal)
    period_nouns: tuple[str, ...] = ()  # `Maybank 3Q net profit`: a period after a name
    # A counted noun named before its number, in one clause: `jumlah penjual ... mencapai 2,8
    # juta` (cue, noun, verb), `its users now total 12,000` (owner, noun, counting verb).
    referent_cues: tuple[str, ...] = ()  # `jumlah`, `the number of`
    referent_verbs: tuple[str, ...] = ()  # `mencapai`, `reached`: right before the number
    count_verbs: tuple[str, ...] = ()  # `total`, `berjumlah`: the noun before them is counted
    referent_owners: tuple[str, ...] = ()  # `its` users: a noun that is the clause's subject
    clause_words: tuple[str, ...] = ()  # `dan`, `while`: a new clause, so another subject
    time_before: tuple[str, ...] = ()  # `pukul` 10.00
    time_after: tuple[str, ...] = ()  # 10.00 `WIB`
    clock_after: tuple[str, ...] = ()  # 6 `am`: an hour with no minutes is a time too
    hour_marks: tuple[str, ...] = ()  # 10`h`30: between hours and minutes, as `:` is
    case_words: tuple[str, ...] = ()  # `nomor` 12 (case, law and item numbers)
    name_ok_words: frozenset[str] = frozenset()  # capitalised words that are not names
    # The alphabet as regex class ranges: what a word is made of (`[A-Za-z]` by default).
    upper_letters: str = "A-Z"
    lower_letters: str = "a-z"
    period_ordinal_markers: tuple[str, ...] = ()  # kuartal `ke`-3: before a period's number
    day_suffixes: tuple[str, ...] = ()  # 25`th` June (exact case)
    day_articles: tuple[str, ...] = ()  # May `the` 5th (with `month_day_order`; exact case)
    verb_subjects: tuple[str, ...] = ()  # `May I`: after an ambiguous month, makes it a verb
    #: A plural that is a fraction when hyphenated or before `of` (partitive_words), else a unit
    #: otherwise: `three-quarters of respondents` is 0.75, `over three quarters` a duration.
    fraction_plurals: Mapping[str, str] = field(default_factory=_frozen)
    age_pronouns: tuple[str, ...] = ()  # `Beliau, 56, berkata`: an age between commas (exact case)
    month_cue_joins: tuple[str, ...] = ()  # end `of` May: between a cue word and the month
    month_year_marks: tuple[str, ...] = ()  # tháng 5`/`2025: joins a month to its year
    partitive_words: tuple[str, ...] = ()  # selusin `dari` 1.500 karyawan (exact case)
    #: A count's noun carries to the number it is compared with: 12,5 juta investor, `naik
    #: dari` 10,3 juta; 3 million users, `up from` 2.1 million (after a comma or not).
    comparison_links: tuple[str, ...] = ()
    #: Subunit words that name no currency of their own (`cents`): their subunit_suffixes
    #: entry is only a default, and the passage's one currency, when it has one, wins.
    bare_subunits: tuple[str, ...] = ()
    #: ...and back to the number a change starts from: dari 10 `menjadi` 12 orang; from 2.1
    #: million `to` 3 million users (the first number has a from_words cue before it).
    change_joins: tuple[str, ...] = ()
    partitive_articles: tuple[str, ...] = ()  # a dozen of `the` 1,500 staff (exact case)
    not_noun_suffixes: tuple[str, ...] = ()  # an unknown word ending so is no noun (`-nya`)
    possessive_suffixes: tuple[str, ...] = ()  # `Apple's` 3Q: a name's, not a model's name
    #: Whether a word with no gloss may be the thing counted (`30 pangsit`). Not where a noun is
    #: written as several syllables apart (Vietnamese `nhân viên`): one syllable is no noun.
    unknown_nouns: bool = True
    glued_currency_suffixes: Mapping[str, str] = field(default_factory=_frozen)  # 50.000`đ`
    #: Words that start as a scale or currency word does but are other words: 15 `đồng hồ`
    #: (clocks) are no money, 2 `tỷ phú` (billionaires) no billions.
    lookalikes: tuple[str, ...] = ()
    # Number-convention evidence (`convention.py`), read across every grammar at once:
    convention_words: tuple[str, ...] = ()  # `miliar`: only this language's `decimal` writes it
    #: Words after (`10.30 WIB`) and before (`pukul 10.30`) a clock time, which looks like a
    #: decimal fraction and so is no evidence. They overlap `time_after`/`time_before`, which the
    #: engine reads; making them one list would change which texts count as evidence.
    evidence_clock_after: tuple[str, ...] = ()
    evidence_clock_before: tuple[str, ...] = ()


LANGUAGES: tuple[str, ...] = ("id", "ms", "en", "vi")
#: The language figures are rendered in (`render.py` writes English): its grammar reads every
#: translation, and an unknown noun of any other language must not read as one of its words.
TARGET = "en"
#: Languages without a grammar are read with the Indonesian one: its number shapes are the
#: commonest in the input we serve, and digits with %, $ and ISO codes read the same everywhere.
FALLBACK = "id"


def load_grammar(lang: str) -> Grammar:
    """The grammar for `lang` (ISO 639-1), or the fallback grammar for unknown languages."""
    code = lang if lang in LANGUAGES else FALLBACK
    module = importlib.import_module(f"summarise.figures.grammar.{code}")
    return module.GRAMMAR
