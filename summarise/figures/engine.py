"""The one figure engine: a grammar (data) compiled into a single scanning pass.

One master regex finds where a figure can start (a currency symbol, digits, a month, a number
word, a quarter); a handler per start reads the few tokens around it with anchored regexes (scale
word, %, currency, unit, noun) and decides what it is. Everything compiled is cached per grammar,
built on first use, never at import.
"""

from __future__ import annotations

import calendar
import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, replace
from decimal import Context, Decimal, Inexact
from functools import lru_cache

from summarise.figures import render
from summarise.figures.grammar import TARGET, Grammar, load_grammar
from summarise.figures.grammar.common import EXCHANGE_SUFFIXES, ROMAN, WHOLE_CURRENCIES
from summarise.figures.numbers import EXACT, canonical, parse_digits
from summarise.values import Figure, FigureKind

NUM = r"[0-9]+(?:[.,][0-9]+)*"
_URLS = (r"https?://[^\s<>\"]+", r"www\.[^\s<>\"]+")  # skipped whole
FY = "(?:FY)"  # fiscal-year marker glued to a period: `3QFY2025`, `Q3 FY25`
SPACE = r"[ \t\u00a0]"  # inside a figure, line breaks end it
_AFTER_ARTICLE = ("mul", "scale", "dozen", "half", "quarter")  # `a hundred`, `a quarter`
YEAR_MIN, YEAR_MAX = 1800, 2100
AGE_MAX = 125
LEFT_WINDOW = 40
REFERENT_WINDOW = 100  # `jumlah NOUN ... VERB` before a number: one clause, a few words
# Words between the cue's noun and its verb: `Jumlah investor [ritel di pasar modal kini]
# mencapai 12,5 juta` has five.
REFERENT_GAP = 6
_EXACT_DIVISION = Context(prec=60, traps=[Inexact])  # a fraction word must divide exactly
_RANGE_KINDS = ("money", "percent", "count", "quantity")  # what a range's upper end can repeat
YEAR_SPAN_MAX = 50  # `2019-20` is a span of years; `1990-20` is not (`1945-2024` is)
# What a handler found: one figure, several (`2019-2020`: two years), or nothing.
Found = Figure | tuple[Figure, ...] | None
# A year span's second year: `2019-2020`, `2019–20`, `2019/2020`, `2019 – 2020`.
_YEAR_SPAN = re.compile(r"(?: ?[-–—] ?|/)(?P<y2>[0-9]{4}|[0-9]{2})(?![0-9]|[-/.,:][0-9])")
# Another number joined by a dash or slash after a pair: `555-1234-88`, `1-2-3` (codes).
_CHAINED = re.compile(r"(?:[-–—/][0-9]+)+")
# A bare number's slash partner (`24/7`, `1/3`) when no date or fiscal reading took the pair.
_SLASHED = re.compile(r"/[0-9]+(?:[.,][0-9]+)*(?![0-9])")


def trie(words: Iterable[str]) -> str:
    """A regex matching any of `words`, shaped as a trie so each position tries one branch.

    A space inside a phrase matches any run of inline spaces.
    """
    root: dict[str, dict] = {}
    for word in words:
        if not word:
            continue
        node = root
        for ch in word:
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, dict]) -> str:
        branches = [
            (SPACE + "+" if ch == " " else re.escape(ch)) + emit(child)
            for ch, child in sorted(node.items())
            if ch
        ]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return (body if len(branches) > 1 else "(?:" + body + ")") + "?"
        return body

    return emit(root) or "(?!)"


def _case_forms(words: Iterable[str]) -> set[str]:
    """`words` as written, lower case, Capitalised and UPPER."""
    forms: set[str] = set()
    for w in words:
        forms.update((w, w.lower(), w[:1].upper() + w[1:], w.title(), w.upper()))
    return forms


def _cased(words: Iterable[str]) -> str:
    """Trie of `words` as written, lower case, Capitalised and UPPER (faster than `(?i:)`)."""
    return trie(_case_forms(words))


def _by_first(forms: Iterable[str], suffix: str) -> list[tuple[str, str]]:
    """`forms` then `suffix`, as (first character, regex of the rest) pairs: the pieces of the
    word-led scanner, which branches on a figure's first character (see `_first_char_scanner`)."""
    rests: dict[str, list[str]] = {}
    for form in forms:
        if form:
            rests.setdefault(form[0], []).append(form[1:])
    pieces = []
    for first, tails in sorted(rests.items()):
        words = [t for t in tails if t]
        body = trie(words) if words else ""
        if words and len(words) < len(tails):
            body = f"(?:{body})?"  # the first character alone is one of the forms
        pieces.append((first, body + suffix))
    return pieces


_NAMED_GROUP = re.compile(r"\(\?P<\w+>")


def _first_char_scanner(
    alternatives: list[tuple[str, list[tuple[str, str]]]],
) -> tuple[re.Pattern[str], re.Pattern[str], list[str]]:
    """One regex finding where any word-led figure starts, and which alternative it is.

    `\\b(?:A|B|...)` tries every alternative at every word start. Led instead by one non-word
    character, then a branch per first character of a figure, the regex engine skips in C to the
    next word start and tries only the alternatives that can start with its letter. Returns the
    scanner, the same without the leading character (for a figure at the very start of the text)
    and the alternative's name by the index of the empty group that closes each piece.
    """
    branches: dict[str, list[tuple[str, str]]] = {}
    for name, pieces in alternatives:
        for first, rest in pieces:
            if not re.match(r"\w", first):
                raise ValueError(f"a word-led figure must start with a word character: {first!r}")
            branches.setdefault(first, []).append((name, _NAMED_GROUP.sub("(?:", rest) + "()"))
    # Groups are numbered in the order they are written: the names follow the same order.
    names = [""] + [name for items in branches.values() for name, _ in items]
    body = (
        "(?:"
        + "|".join(
            re.escape(first) + "(?:" + "|".join(rest for _, rest in items) + ")"
            for first, items in branches.items()
        )
        + ")"
    )
    scanner, at_start = re.compile(r"[^\w]" + body), re.compile(body)
    if scanner.groups != len(names) - 1:
        raise ValueError("a word-led piece holds a capturing group of its own")
    return scanner, at_start, names


def _ci(words: Iterable[str]) -> str:
    """Case-insensitive trie of `words`."""
    return "(?i:" + trie(w.lower() for w in words) + ")"


class _EndAnchored:
    """A regex anchored at the end (`...$`) of the text it is searched in, run only when that
    text ends in one of `endings` (once `strip` is taken off its end): a `$` search that fails
    tries every start, and most numbers have no cue before them. `endings` must hold the end
    of every match, so the answer is the regex's own."""

    def __init__(
        self, pattern: str, endings: Iterable[str], *, fold: bool = True, strip: str = " \t\u00a0"
    ) -> None:
        self.regex = re.compile(pattern)
        self.fold, self.strip = fold, strip
        self.endings = tuple({(e.lower() if fold else e).rstrip(strip) for e in endings} - {""})
        self.reach = max((len(e) for e in self.endings), default=0)

    def search(self, text: str, pos: int = 0, endpos: int | None = None) -> re.Match[str] | None:
        """As `re.Pattern.search`."""
        end = len(text) if endpos is None else endpos
        tail = text[pos:end].rstrip(self.strip)[-self.reach :] if self.reach else ""
        if not (tail.lower() if self.fold else tail).endswith(self.endings) or not tail:
            return None
        return self.regex.search(text, pos, end)


def _left_cue(words: Iterable[str], optional: str = "", also: Iterable[str] = ()) -> _EndAnchored:
    """`(?<!\\w)WORD SPACE+ $`: one of `words` right before where it is searched up to (then the
    `optional` regex, whose words `also` lists)."""
    words = list(words)
    body = rf"(?<![\w]){_ci(words)}{SPACE}+{optional}$" if words else "(?!)"
    return _EndAnchored(body, [w.split()[-1] for w in words if w.split()] + list(also))


@dataclass
class _Tail:
    """What follows a number: scale, then %, currency, unit or noun."""

    end: int
    exponent: int = 0
    kind: FigureKind | None = None
    currency: str | None = None
    unit: str | None = None
    unit_english: str | None = None
    points: bool = False
    approx: bool = False  # `Rp5 ribuan`: a scale that says "some"


class Engine:
    """A grammar compiled for scanning. Build through `engine_for(lang)`."""

    def __init__(self, grammar: Grammar) -> None:
        self.g = g = grammar
        letter = g.upper_letters + g.lower_letters  # inside a regex class: `[{letter}]`
        lower = g.lower_letters
        self.prefixes = dict(g.currency_prefixes)
        cur = trie(sorted(self.prefixes, key=len, reverse=True))
        # Informal text writes full month names in lower case (`5 januari 2024`, `june 2025`);
        # such a month needs a day or a year, and one that is also a verb (`may`) a year.
        self.months: dict[str, int] = {
            **{k.lower(): v for k, v in g.months.items()},
            **g.month_abbrevs,
            **g.months,
        }
        self.lower_ambiguous = frozenset(k.lower() for k in g.ambiguous_months)
        months = trie(self.months)
        self.number_words: dict[str, tuple[tuple[str, int], ...]] = {
            **{w: (("scale", e),) for w, e in g.scales.items() if " " not in w},
            **g.number_words,
        }
        # `puluh`, `belas`, `perempat` only continue a number (`belas kasihan` is mercy).
        word_starts = [
            w for w in g.number_words if g.number_words[w][0][0] not in ("mul", "frac", "teen")
        ]
        lookahead = _ci(
            [
                *g.scales,
                *(w for w, toks in g.number_words.items() if toks[0][0] in _AFTER_ARTICLE),
            ]
        )
        articles = (
            f"(?:{_cased(g.article_words)}(?=[\\s-]+{lookahead}(?![\\w])))|"
            if g.article_words
            else ""
        )
        ordinals = _ci(g.ordinals)
        roman = trie(sorted(ROMAN, key=len, reverse=True))
        year_words = _ci(g.year_words) if g.year_words else "(?!)"
        if g.ordinal_first:
            period_lead, lead_group = g.ordinals, "p_ord"
            period_tail = (
                rf"(?:{SPACE}+|-)(?P<p_word>{_ci(g.period_words)})"
                rf"(?:{SPACE}*,?{SPACE}+(?:{year_words}{SPACE}+)?(?P<p_year>[0-9]{{4}}))?"
            )
        else:
            period_lead, lead_group = tuple(g.period_words), "p_word"
            markers = g.period_ordinal_markers
            marker = rf"(?:{_ci(markers)}-?{SPACE}*)?" if markers else ""
            period_tail = (
                rf"{SPACE}+{marker}"
                rf"(?P<p_ord>{roman}|[1-4]|{ordinals})(?![\w])"
                rf"(?:(?:{SPACE}+(?:{year_words}{SPACE}+)?|{SPACE}*[/-]{SPACE}*)"
                rf"(?P<p_year>[0-9]{{4}}))?"
            )
        period = rf"(?P<{lead_group}>{_cased(period_lead)}){period_tail}"
        time_tail = rf"{SPACE}+[0-9]{{1,2}}(?:[.:][0-9]{{2}})?(?![0-9])"
        time_before = rf"{_cased(g.time_before)}{time_tail}" if g.time_before else "(?!)"
        case_tail = rf"{SPACE}*:?{SPACE}*[0-9][\w./-]*(?:{SPACE}+{year_words}{SPACE}+[0-9]{{4}})?"
        case = rf"{_cased(g.case_words)}{case_tail}"
        # `fiscal year 2024` is read from its year (a word-led pattern would slow every `t`).
        self.re_left_fiscal = _left_cue(g.fiscal_year_words)
        # Two scanners, each led by a plain character class so the regex engine skips ahead in
        # C: one for figures that start with a digit (a currency prefix is found looking left
        # from the digits), one for figures that start with a word.
        time_after = trie(g.time_after) if g.time_after else "(?!)"
        clock_after = _cased(g.clock_after) if g.clock_after else "(?!)"
        hour_mark = trie(g.hour_marks) if g.hour_marks else "(?!)"
        digit_led = "|".join(
            (
                r"(?P<skip>(?<=\+[0-9])[0-9 ().-]{6,}[0-9]"  # +62 812 ...
                r"|(?<=\(0)[0-9]{1,3}\)[ -]?[0-9][0-9 -]{4,}[0-9]"  # (021) 555 1234
                r"|(?<=0)[0-9]{2,4}-[0-9]{3,4}-?[0-9]{3,5}(?![0-9])"  # 0812-3456-7890
                r"|(?<=0)8[0-9]{8,11}(?![0-9])"  # 081234567890
                r"|[0-9]?:[0-9]{2}(?::[0-9]{2})?(?![0-9])"  # 10:30
                rf"|[0-9]?[.:][0-9]{{2}}{SPACE}?{time_after}(?![\w])"  # 10.00 WIB
                rf"|[0-9]?{SPACE}?{clock_after}(?![\w])"  # 6 am, 6pm
                rf"|[0-9]?{hour_mark}[0-9]{{2}}(?![\w])"  # 10h30
                rf"|[0-9]{{3}}\.{trie(EXCHANGE_SUFFIXES)}(?![\w]))",  # 0700.HK
                r"(?P<iso>[0-9]{3}-[0-9]{2}-[0-9]{2})(?![\w])",
                r"(?P<dmy>[0-9]?(?P<dsep>[/.-])[0-9]{1,2}(?P=dsep)[0-9]{4})(?![\w/-]|[.,][0-9])",
                r"(?P<dm>(?<=\([0-9])[0-9]?/[0-9]{1,2})(?=\))",
                # `2Q24`, `3Q`, `1H 2023`, `3QFY2025`, `9M24`: a period, never a number.
                # `9M 2024` too, but `RM9M 2024` is money before a year.
                rf"(?P<compact>(?:(?<=[1-4])Q|(?<=[12])H)(?:{SPACE}?{FY}?[0-9]{{4}}|{FY}?[0-9]{{2}}"
                rf"|{FY}?)|(?<=[1-9])M(?:{FY}?(?:[0-9]{{4}}|[0-9]{{2}})"
                rf"|(?<![{letter}$€£¥][1-9]M){SPACE}{FY}?[0-9]{{4}}))"
                rf"(?![\w]|-[{letter}])",  # `3Q-ers`
                # `2024-9M`, `2024-Q3`: a year's period written year first.
                r"(?P<year_period>[0-9]{3}-(?:[1-9]M|Q[1-4]|H[12]))(?![\w])",
                r"(?P<num>[0-9]*(?:[.,][0-9]+)*)",
            )
        )
        # Not inside a number (`1.500`, `2,5`), but `Rabu,14 Mei`: a comma after a word.
        self.re_digit_led = re.compile(
            rf"[0-9](?<![0-9./][0-9])(?<![^{letter}],[0-9])(?:{digit_led})"
        )
        # Word-led figures: each alternative as one regex (its handler reads its groups) and as
        # pieces by first character (the scanner's branches, see `_first_char_scanner`).
        q_rest = (
            rf"(?P<c_n>[1-4])(?:(?:{SPACE}?[-/]?{SPACE}?|{SPACE}?')(?P<c_fy>{FY})?"
            rf"(?P<c_y>[0-9]{{4}}|[0-9]{{2}}))?"  # `Q1` alone: a quarter of an unsaid year
        )
        h_rest = (
            rf"(?P<h_n>[12]){SPACE}?[-/]?{SPACE}?(?P<h_fy>{FY})?"
            rf"(?P<h_y>[0-9]{{4}}|(?<={FY})[0-9]{{2}})"
        )
        fy_rest = (
            rf"{SPACE}?(?P<fy_y>[0-9]{{4}}|[0-9]{{2}})(?:/(?P<fy_y2>[0-9]{{4}}|[0-9]{{2}}))?"
            rf"(?:(?:{SPACE}|-)(?:Q(?P<fy_q>[1-4])|H(?P<fy_h>[12])|(?P<fy_m>[1-9])M))?"
        )
        article_rest = f"(?=[\\s-]+{lookahead}(?![\\w]))(?![\\w])"
        alternatives: list[tuple[str, str, list[tuple[str, str]]]] = [
            ("url", "|".join(_URLS), [(url[0], url[1:]) for url in _URLS]),
            (
                "skipw",
                f"{time_before}|{case}",
                [
                    *(_by_first(_case_forms(g.time_before), time_tail) if g.time_before else []),
                    *_by_first(_case_forms(g.case_words), case_tail),
                ],
            ),
            ("period", period, _by_first(_case_forms(period_lead), period_tail)),
            (
                "qh",
                f"(?:Q{q_rest}|H{h_rest})(?![\\w])",
                [("Q", q_rest + r"(?![\w])"), ("H", h_rest + r"(?![\w])")],
            ),
            ("fy", f"FY{fy_rest}(?![\\w])", _by_first(["FY"], fy_rest + r"(?![\w])")),
            ("month", rf"{months}(?![\w])", _by_first(self.months, r"(?![\w])")),
            (
                "words",
                rf"(?:{articles}{_cased(word_starts)})(?![\w])",
                [
                    *_by_first(_case_forms(g.article_words), article_rest),
                    *_by_first(_case_forms(word_starts), r"(?![\w])"),
                ],
            ),
        ]
        self.word_alternatives = {
            name: re.compile(f"(?P<{name}>{exact})") for name, exact, _ in alternatives
        }
        self.re_word_led, self.re_word_led_at, self.word_led_names = _first_char_scanner(
            [(name, pieces) for name, _, pieces in alternatives]
        )
        self.re_iso = re.compile(r"([0-9]{4})-([0-9]{2})-([0-9]{2})")
        self.re_dmy = re.compile(r"([0-9]{1,2})[/.-]([0-9]{1,2})[/.-]([0-9]{4})")
        self.re_dm = re.compile(r"([0-9]{1,2})/([0-9]{1,2})")
        self.re_left_cur = _EndAnchored(
            rf"(?P<neg0>[-−])?(?P<cur>{cur}){SPACE}?(?P<neg>[-−]{SPACE}?)?$",
            self.prefixes,
            fold=False,
            strip=" \t\u00a0-−",
        )
        self.period_letters = {k.lower(): v for k, v in g.period_words.items()}
        self.ordinals = {k.lower(): v for k, v in g.ordinals.items()}
        self.handlers: dict[str, Callable[..., tuple[Found, int]]] = {
            "skip": self._skip,
            "url": self._skip,
            "skipw": self._skip_word,
            "iso": self._iso,
            "dmy": self._dmy,
            "dm": self._dm,
            "period": self._period,
            "compact": self._compact,
            "year_period": self._year_period,
            "qh": self._compact,
            "fy": self._fiscal,
            "num": self._amount,
            "month": self._month,
            "words": self._words,
        }
        # Right-context readers, each anchored where it is used.
        self.re_glued = re.compile(rf"[{letter}]+[23]?(?![\w])")
        self.re_hyphen_word = re.compile(rf"-[{letter}]")
        self.re_range = re.compile(
            rf"{SPACE}*(?:[-–—]|{_ci(g.range_words) if g.range_words else '(?!)'}(?![\w]))"
            rf"{SPACE}*(?:(?P<cur2>{cur}){SPACE}?)?(?P<num2>{NUM})(?![0-9])"
        )
        joins = [*g.range_words, *g.between_joins]
        self.re_between = re.compile(
            rf"{SPACE}*(?:[-–—]|{_ci(joins) if joins else '(?!)'}(?![\w]))"
            rf"{SPACE}*(?:(?P<cur2>{cur}){SPACE}?)?(?P<num2>{NUM})(?![0-9])"
        )
        self.re_dash_range = re.compile(
            rf"{SPACE}*[-–—]{SPACE}*(?:(?P<cur2>{cur}){SPACE}?)?(?P<num2>{NUM})(?![0-9])"
        )
        self.re_word_range = re.compile(
            rf"{SPACE}+{_ci(g.range_words)}(?![\w])" if g.range_words else "(?!)"
        )
        self.re_left_from = _left_cue(g.from_words)
        self.re_left_between = _left_cue(g.between_words)
        self.period_nouns = frozenset(w.lower() for w in g.period_nouns)
        self.scale_words = frozenset(w.lower() for w in g.scales)
        self.re_scale = re.compile(rf"(?:{SPACE}|-)?(?P<w>{_ci(g.scales)})(?![\w])")  # 1.2-billion
        self.re_money_scale = re.compile(
            rf"{SPACE}?(?P<w>{trie(g.money_scales) if g.money_scales else '(?!)'})(?![\w])"
        )
        self.approx_scales = {k.lower(): v for k, v in g.approx_scales.items()}
        self.re_approx_scale = re.compile(
            rf"{SPACE}?(?P<w>{_ci(self.approx_scales)})(?![\w])" if self.approx_scales else "(?!)"
        )
        self.re_approx_suffix = re.compile(
            rf"{_ci(g.approx_suffixes)}(?![\w])" if g.approx_suffixes else "(?!)"
        )
        self.re_left_year = _left_cue(g.year_words)
        self.re_points = re.compile(rf"{SPACE}?{_ci(g.points_words)}(?![\w])")
        pct_words = [w for w in g.percent_words if w != "%"]
        self.re_percent = re.compile(rf"{SPACE}?(?:%|{_ci(pct_words)}(?![\w]))")
        glued_cur = g.glued_currency_suffixes
        self.re_glued_currency = re.compile(
            rf"(?P<w>{trie(glued_cur)})(?![\w])" if glued_cur else "(?!)"
        )
        self.suffixes = {k.lower(): v for k, v in g.currency_suffixes.items()}
        self.scale_only = {k.lower(): v for k, v in g.scale_only_suffixes.items()}
        self.subunits = {k.lower(): v for k, v in g.subunit_suffixes.items()}
        self.bare_subunits = frozenset(w.lower() for w in g.bare_subunits)
        self.re_cur_suffix = re.compile(
            rf"(?:{SPACE}+|-)(?P<w>{_ci([*self.suffixes, *self.scale_only, *self.subunits])})"
            r"(?![\w])"
        )
        self.re_lookalike = re.compile(
            rf"(?:{SPACE}+|-)?{_ci(g.lookalikes)}(?![\w])" if g.lookalikes else "(?!)"
        )
        self.units = {k.lower(): v for k, v in g.units.items()}
        hyphenated = _ci(u for u in self.units if u.startswith("-"))
        self.re_unit = re.compile(
            rf"(?:{SPACE}?(?P<w>{_ci(self.units)})|(?P<h>{hyphenated}))(?![\w])"
        )
        self.re_hyphen_unit = re.compile(
            rf"-(?P<w>{_ci(u for u in self.units if not u.startswith('-'))})(?![\w])"
        )
        self.re_multiplier = re.compile(
            rf"{SPACE}+{_ci(g.multiplier_words)}(?![\w-])" if g.multiplier_words else "(?!)"
        )
        self.nouns = {k.lower(): v for k, v in g.count_nouns.items()}
        before_noun = [*g.classifiers, *g.count_adjectives]
        classifier = f"(?:{_ci(before_noun)}{SPACE}+){{0,2}}" if before_noun else ""
        self.re_noun = re.compile(rf"{SPACE}+{classifier}(?P<w>{_ci(self.nouns)})(?![\w])")
        self.re_noun_gap = re.compile(
            rf"{SPACE}+{classifier}(?P<gap>[{letter}][{lower}]+(?:-[{lower}]+)?){SPACE}+"
            rf"(?P<w>{_ci(self.nouns)})(?![\w])"
            if g.noun_after_gap
            else "(?!)"
        )
        self.re_unknown_noun = re.compile(
            rf"{SPACE}+{classifier}(?P<q>\")?(?P<w>[{lower}][{lower}]{{2,}})(?(q)\")(?![\w-])"
            if g.unknown_nouns
            else "(?!)"
        )
        range_words = _ci(g.range_words) if g.range_words else "(?!)"
        range_join = rf"{SPACE}*(?:[-–—]|{range_words}(?![\w])){SPACE}*"
        day_suffix = f"(?:{trie(g.day_suffixes)})?" if g.day_suffixes else ""
        self.re_day_month = re.compile(
            rf"{day_suffix}{SPACE}+(?P<mon>{months})\.?(?![\w])"
            rf"(?:{SPACE}*,?{SPACE}+(?:{year_words}{SPACE}+)?(?P<y>[0-9]{{4}})(?![\w]))?"
        )
        self.re_day_range = re.compile(rf"{range_join}(?P<d2>[0-9]{{1,2}})(?![0-9])")
        # `Maret-Agustus 2024`: the first month of a month range takes the second's year.
        self.re_month_range = re.compile(
            rf"{range_join}(?P<mon>{months})\.?(?![\w])"
            rf"{SPACE}*,?{SPACE}+(?:{year_words}{SPACE}+)?(?P<y>[0-9]{{4}})(?![\w])"
        )
        marks = g.month_year_marks
        mark = rf"|{SPACE}*{trie(marks)}{SPACE}*" if marks else ""
        self.re_month_year = re.compile(
            rf"(?:\.?{SPACE}*,?{SPACE}+(?:{year_words}{SPACE}+)?{mark})(?P<y>[0-9]{{4}})(?![\w])"
        )
        day_article = f"(?:{trie(g.day_articles)}{SPACE}+)?" if g.day_articles else ""
        self.re_month_day = re.compile(
            rf"{SPACE}+{day_article}(?P<d>[0-9]{{1,2}}){day_suffix}(?![\w])"
            rf"(?:{SPACE}*,?{SPACE}+(?P<y>[0-9]{{4}})(?![\w]))?"
        )
        subjects = rf"|{trie(g.verb_subjects)}\b" if g.verb_subjects else ""
        self.re_next_lower = re.compile(rf"{SPACE}+(?:[{lower}]{subjects})")
        self.re_age_units = re.compile(
            rf"(?:{SPACE}+|(?=-)){_ci(g.age_after)}(?![\w])" if g.age_after else "(?!)"
        )
        self.re_age_units_after_cue = re.compile(
            rf"{SPACE}+{_ci(g.age_units)}(?![\w])" if g.age_units else "(?!)"
        )
        self.re_word_token = re.compile(rf"(?:{SPACE}+|-)(?P<w>[{letter}]+)(?![\w])")
        self.re_hyphen_after_word = re.compile(rf"-[{letter}]")
        self.re_of = re.compile(
            rf"{SPACE}+{_ci(g.partitive_words)}(?![\w])" if g.partitive_words else "(?!)"
        )
        left_approx = _ci(g.approx_words) if g.approx_words else "(?!)"
        self.re_left_approx = _left_cue(g.approx_words)
        adjectives = f"(?:{_ci(before_noun)}{SPACE}+){{0,2}}" if before_noun else ""
        noun = _ci(self.nouns)
        words = rf"(?:{SPACE}+[^\s.,;:!?()\"“”]+)"  # inside one clause
        ends = rf"{SPACE}+(?:{left_approx}{SPACE}+)?$"
        forms = []
        if g.referent_cues and g.referent_verbs:
            forms.append(
                rf"(?<![\w]){_ci(g.referent_cues)}{SPACE}+{adjectives}(?P<rn>{noun})(?![\w])"
                rf"(?P<gap>{words}{{0,{REFERENT_GAP}}}?){SPACE}+{_ci(g.referent_verbs)}"
            )
        if g.count_verbs:
            owners = _ci(g.referent_owners) if g.referent_owners else "(?!)"
            forms.append(
                rf"(?P<own>(?<![\w]){owners}{SPACE}+)?(?<![\w])(?P<np>{adjectives}"
                rf"(?P<rn2>{noun}))(?![\w])(?P<gap2>{words}{{0,2}}?){SPACE}+{_ci(g.count_verbs)}"
            )
        self.re_referent = (
            _EndAnchored(
                rf"(?:{'|'.join(forms)}){ends}",
                [
                    w.split()[-1]
                    for w in (*g.referent_verbs, *g.count_verbs, *g.approx_words)
                    if w.split()
                ],
            )
            if forms
            else None
        )
        self.clause_words = frozenset(w.lower() for w in g.clause_words)
        self.verb_case_words = frozenset(w.lower() for w in g.case_words) & frozenset(
            w.lower() for w in g.count_verbs
        )
        self.re_left_age = _left_cue(g.age_before)
        self.re_left_rank = _left_cue(g.rank_words)
        self.re_left_not_number = _left_cue(g.not_number_before)
        joins = g.month_cue_joins
        cue_join = rf"(?:{trie(joins)}{SPACE}+)?" if joins else ""
        self.re_left_cue = _left_cue(g.month_cue_words, cue_join, also=joins)
        self.re_left_cue_hyphen = re.compile(
            rf"(?<![\w]){_ci(g.month_cue_words)}-$" if g.month_cue_words else "(?!)"
        )
        self.re_prev_token = re.compile(r"(?P<tok>[^\s(]+)[ \t\u00a0(]*$")
        known = set(g.function_words)
        for words in (g.approx_words, g.age_before, g.rank_words, g.range_words, g.year_words):
            known.update(w.lower() for w in words)
        known.update(w.lower() for w in self.months)
        known.update(self.nouns)
        known.update(self.units)
        self.known_words = frozenset(known | set(g.name_ok_words))
        # The English of a multiplier word counting occurrences (`1,1 juta kali`).
        self.times = load_grammar(TARGET).multiplier_words[0]
        # An unknown noun is shown as written in the English rendering (`30 pangsit`), so it
        # must not be a word English reads as something else (`30 days`, `30 and`).
        if g.code != TARGET:
            en = load_grammar(TARGET)
            self.known_words |= {w.lower() for w in en.function_words}
            for table in (en.units, en.scales, en.number_words, en.count_nouns):
                self.known_words |= {w.lower() for w in table}
            for words in (en.percent_words, en.approx_words, en.age_before, en.rank_words):
                self.known_words |= {w.lower() for w in words}
            self.known_words |= {w.lower() for w in en.currency_suffixes}
            self.known_words |= {w.lower() for w in en.scale_only_suffixes}
            self.known_words |= {w.lower() for w in en.subunit_suffixes}
        article = f"(?:{trie(g.partitive_articles)}{SPACE}+)?" if g.partitive_articles else ""
        self.partitive = re.compile(
            rf"^{SPACE}+{trie(g.partitive_words)}{SPACE}+{article}(?:{left_approx}{SPACE}+)?$"
        )
        approx_opt = f"(?:{left_approx}{SPACE}+)?"
        self.comparison = (
            re.compile(rf"^,?{SPACE}+{_ci(g.comparison_links)}{SPACE}+{approx_opt}$")
            if g.comparison_links
            else None
        )
        self.change_join = (
            re.compile(rf"^{SPACE}+{_ci(g.change_joins)}{SPACE}+{approx_opt}$")
            if g.change_joins and g.from_words
            else None
        )

    # -- scanning -------------------------------------------------------------------------------

    def extract(
        self,
        text: str,
        lo: int,
        hi: int,
        sentence: int | None,
        decimal: str | None = None,
        sure: bool = True,
    ) -> list[Figure]:
        """Figures of `text[lo:hi]`. `decimal` overrides the grammar's decimal mark (the number
        convention decided from the document's evidence); `sure=False` says that decision is
        weak, so a figure whose value depends on it is marked `doubt="convention"`."""
        # Per-call reading state for the handlers; an engine serves one call at a time.
        self.decimal, self.sure = decimal or self.g.decimal, sure
        figures: list[Figure] = []
        pos = lo
        handlers = self.handlers
        digit_led = self.re_digit_led.finditer(text, lo, hi)
        word_led = self._word_led(text, lo, hi)
        d = next(digit_led, None)
        w = next(word_led, None)
        while d is not None or w is not None:
            if w is None or (d is not None and d.start() < w.start()):
                m, d = d, next(digit_led, None)
            else:
                m, w = w, next(word_led, None)
            if m is None or m.start() < pos:
                continue  # inside a figure already read
            name = m.lastgroup
            figure, end = handlers[name](m, text, lo, hi, pos) if name else (None, m.end())
            for one in (figure,) if isinstance(figure, Figure) else figure or ():
                figures.append(one if sentence is None else replace(one, sentence=sentence))
                end = max(end, one.end)
            pos = max(end, m.end(), m.start() + 1)
        return self._subunit_currency(self._inherit_nouns(figures, text))

    def _word_led(self, text: str, lo: int, hi: int) -> Iterator[re.Match[str]]:
        """Word-led figure starts in `text[lo:hi]` in order, each as its alternative's own match
        (the scanner only says where and which; see `_first_char_scanner`)."""
        names, exact = self.word_led_names, self.word_alternatives
        pos = lo
        if lo == 0 and (first := self.re_word_led_at.match(text, 0, hi)):
            if m := exact[names[first.lastindex or 0]].match(text, 0, hi):
                yield m
            pos = first.end()
        for sm in self.re_word_led.finditer(text, max(pos - 1, 0) if pos == lo else pos, hi):
            if m := exact[names[sm.lastindex or 0]].match(text, sm.start() + 1, hi):
                yield m

    def _inherit_nouns(self, figures: list[Figure], text: str) -> list[Figure]:
        """A bare number next to a count takes its noun when the words between say they count
        the same thing: `selusin dari sekitar 1.500 karyawan` (the dozen are karyawan too),
        `dari 10 menjadi 12 orang`, and forward `12,5 juta investor, naik dari 10,3 juta`."""
        for i in range(len(figures) - 1):
            a, b = figures[i], figures[i + 1]
            between = text[a.end : b.start]
            if _bare_number(a) and b.kind == "count" and b.unit is not None:
                left = text[max(0, a.start - LEFT_WINDOW) : a.start]
                if self.partitive.match(between) or (
                    self.change_join is not None
                    and self.change_join.match(between)
                    and self.re_left_from.search(left)
                ):
                    figures[i] = self._counted_as(a, b)
            elif (
                _bare_number(b)
                and a.kind == "count"
                and a.unit is not None
                and self.comparison is not None
                and self.comparison.match(between)
            ):
                figures[i + 1] = self._counted_as(b, a)
        return figures

    def _subunit_currency(self, figures: list[Figure]) -> list[Figure]:
        """`S$4.56 ... a dividend of 3.5 cents`: bare cents are the passage's one currency with
        a subunit, not the grammar's default (US cents)."""
        if not self.bare_subunits or not any(f.kind == "money" for f in figures):
            return figures
        bare = [i for i, f in enumerate(figures) if f.kind == "money" and self._bare_cents(f)]
        named = {f.currency for i, f in enumerate(figures) if f.kind == "money" and i not in bare}
        if not bare or len(named) != 1:
            return figures
        (currency,) = named
        if currency is None or currency in WHOLE_CURRENCIES:
            return figures  # no one writes rupiah cents: the default stands
        for i in bare:
            f = figures[i]
            assert isinstance(f.value, Decimal)
            english = render.money(f.value, currency, f.value_max)
            figures[i] = replace(f, currency=currency, english=english)
        return figures

    def _bare_cents(self, fig: Figure) -> bool:
        """Whether `fig` ends in a subunit word naming no currency (`3.5 cents`, not `US
        cents`)."""
        words = fig.text.lower().split()
        return (
            bool(words)
            and words[-1] in self.bare_subunits
            and (len(words) < 2 or f"{words[-2]} {words[-1]}" not in self.subunits)
        )

    def _counted_as(self, bare: Figure, count: Figure) -> Figure:
        """`bare` as a count of what `count` counts."""
        assert isinstance(bare.value, Decimal)
        shown = self._shown_unit(count.unit, count.unit_english)
        return replace(
            bare,
            kind="count",
            unit=count.unit,
            unit_english=count.unit_english,
            english=render.with_unit(bare.value, shown, bare.value_max),
        )

    # -- handlers: each returns (figure, figures or None, where scanning resumes) ---------------

    def _skip(self, m: re.Match[str], *_: object) -> tuple[Figure | None, int]:
        return None, m.end()

    def _skip_word(
        self, m: re.Match[str], text: str, lo: int, hi: int, floor: int
    ) -> tuple[Found, int]:
        """A word that makes the number after it no figure (`No. 12`, `number 3`), except a
        case word that is also a count verb after its counted noun: `Its users number 12,000`."""
        raw = m.group()
        at = next((i for i, c in enumerate(raw) if c.isdigit()), None)
        if at is not None and raw[:at].strip().lower() in self.verb_case_words:
            start = m.start() + at
            d = self.re_digit_led.match(text, start, hi)
            if d is not None and d.lastgroup == "num" and self._referent(text, lo, start):
                return self._amount(d, text, lo, hi, floor)
        return None, m.end()

    def _iso(self, m: re.Match[str], text: str, *_: object) -> tuple[Figure | None, int]:
        parts = self.re_iso.match(text, m.start())
        if parts is None:
            return None, m.end()
        y, mo, d = (int(x) for x in parts.groups())
        return self._date(text, m.start(), m.end(), _date_value(y, mo, d)), m.end()

    def _dmy(self, m: re.Match[str], text: str, *_: object) -> tuple[Figure | None, int]:
        parts = self.re_dmy.match(text, m.start())
        if parts is None:
            return None, m.end()
        day, month = _day_month(int(parts[1]), int(parts[2]))
        value = _date_value(int(parts[3]), month, day)
        return self._date(text, m.start(), m.end(), value), m.end()

    def _dm(self, m: re.Match[str], text: str, *_: object) -> tuple[Figure | None, int]:
        parts = self.re_dm.match(text, m.start())
        if parts is None:
            return None, m.end()
        day, month = _day_month(int(parts[1]), int(parts[2]))
        return self._date(text, m.start(), m.end(), _date_value(None, month, day)), m.end()

    def _period(self, m: re.Match[str], text: str, *_: object) -> tuple[Figure | None, int]:
        letter = self.period_letters.get(_squash(m["p_word"]).lower())
        ordinal = m["p_ord"]
        n = ROMAN.get(ordinal) or (int(ordinal) if ordinal.isdigit() else None)
        if n is None:
            n = self.ordinals.get(ordinal.lower())
        if letter is None or n is None or (letter == "H" and n > 2):
            return None, m.end()
        year = m["p_year"]
        value = f"{year}-{letter}{n}" if year else f"--{letter}{n}"
        return self._date(text, m.start(), m.end(), value), m.end()

    def _year_period(self, m: re.Match[str], text: str, *_: object) -> tuple[Figure | None, int]:
        """`2024-9M`, `2024-Q3`: the same value as `9M 2024`, `Q3 2024`."""
        year, _, period = m.group().partition("-")
        if not YEAR_MIN <= int(year) <= YEAR_MAX:
            return None, m.end()
        return self._date(text, m.start(), m.end(), f"{year}-{period}"), m.end()

    def _compact(
        self, m: re.Match[str], text: str, lo: int, *_: object
    ) -> tuple[Figure | None, int]:
        """`2Q24`, `1H2023`, `Q2 2024`, `Q2'24`, `H1 2023`, `3Q`, `3QFY2025`, `9M24`."""
        if m.lastgroup == "qh":
            letter = "Q" if m["c_n"] else "H"
            if m["c_n"]:
                n, year, fiscal = m["c_n"], m["c_y"], m["c_fy"]
            else:
                n, year, fiscal = m["h_n"], m["h_y"], m["h_fy"]
        else:
            parts = _RE_COMPACT.match(m.group())
            if parts is None:
                return None, m.end()
            n, letter, fiscal, year = parts.groups()
            if not year and self._model_name(text, lo, m.start(), m.end()):
                return None, m.end()  # `BMW 3Q`: a model after a brand, not a quarter
        if year and len(year) == 2:
            year = "20" + year
        period = f"{n}M" if letter == "M" else f"{letter}{n}"
        if fiscal:
            value = f"FY{year}-{period}" if year else f"--{period}"  # `3QFY`: year unknown
        else:
            value = f"{year}-{period}" if year else f"--{period}"
        return self._date(text, m.start(), m.end(), value), m.end()

    def _model_name(self, text: str, lo: int, start: int, end: int) -> bool:
        """Whether a yearless `3Q` at `start` follows a name as a model does (`BMW 3Q`): after a
        capitalised unknown word mid-sentence that is no possessive (`Apple's 3Q`), with no word
        that a period qualifies around it (`Maybank 3Q net profit`, `laba Maybank 3Q`)."""
        left = text[max(lo, start - LEFT_WINDOW) : start]
        if not self._after_name(left) or _prev(left).endswith(self.g.possessive_suffixes):
            return False
        name_start = _prev_start(left, start)
        if _sentence_start(text, lo, name_start):
            return False
        before = _prev(left[: len(left) - (start - name_start)]).lower()
        after = self.re_word_token.match(text, end)
        return before not in self.period_nouns and not (
            after and after["w"].lower() in self.period_nouns
        )

    def _fiscal(self, m: re.Match[str], text: str, *_: object) -> tuple[Figure | None, int]:
        """`FY2024`, `FY23`, `FY2024/25`: a fiscal year, `FY2024`; `FY2025-Q3`, `FY2025 Q3`: a
        period of it, `FY2025-Q3` (as `3QFY2025` and `Q3 FY2025`)."""
        year, year2 = m["fy_y"], m["fy_y2"]
        if len(year) == 2:
            year = "20" + year
        if not YEAR_MIN <= int(year) <= YEAR_MAX:
            return None, m.end()
        value = f"FY{year}"
        if year2:
            if int(year2[-2:]) != (int(year) + 1) % 100:
                return None, m.end()  # `FY2024/26` is no fiscal year
            value = f"FY{year}/{year2[-2:]}"
        if m["fy_q"] or m["fy_h"]:
            value += f"-Q{m['fy_q']}" if m["fy_q"] else f"-H{m['fy_h']}"
        elif m["fy_m"]:
            value += f"-{m['fy_m']}M"
        return self._date(text, m.start(), m.end(), value), m.end()

    def _bare_year(self, text: str, ns: int, ne: int, raw: str) -> tuple[Figure | None, int]:
        """A year after `mid-`/`end-`, or nothing: the hyphen glues no other number to a word."""
        if raw.isdigit() and len(raw) == 4 and YEAR_MIN <= int(raw) <= YEAR_MAX:
            return self._figure("date", text, ns, ne, raw), ne
        return None, ne

    def _year_span(
        self, text: str, ns: int, ne: int, hi: int, raw: str
    ) -> tuple[int, int, str] | None:
        """The second year of a span after the year `raw` (`2019-2020`, `2019/20`) as (start,
        end, year), or None. Both years are figures: the first alone would misreport it."""
        if not (len(raw) == 4 and raw.isdigit() and YEAR_MIN <= int(raw) <= YEAR_MAX):
            return None
        m = _YEAR_SPAN.match(text, ne, hi)
        if m is None:
            return None
        y2 = m["y2"]
        first = int(raw)
        second = int(y2) if len(y2) == 4 else first - first % 100 + int(y2)
        if len(y2) == 2 and second <= first:
            second += 100  # `1999-00`
        most = first + YEAR_SPAN_MAX if len(y2) == 2 else YEAR_MAX
        if not first < second <= min(most, YEAR_MAX):
            return None
        return m.start("y2"), m.end("y2"), str(second)

    def _date(self, text: str, start: int, end: int, value: str | None) -> Figure | None:
        if value is None:
            return None
        return self._figure("date", text, start, end, value)

    def _month(
        self, m: re.Match[str], text: str, lo: int, hi: int, floor: int
    ) -> tuple[Figure | None, int]:
        g = self.g
        name = m.group()
        month = self.months[name]
        start, end = m.span()
        year = day = None
        if g.month_day_order and (md := self.re_month_day.match(text, end, hi)):
            day, year, end = int(md["d"]), md["y"], md.end()
        elif my := self.re_month_year.match(text, end, hi):
            year, end = my["y"], my.end()
        elif mr := self.re_month_range.match(text, end, hi):
            year = mr["y"]  # the span stays the first month's: the second is its own figure
        if year is not None and not YEAR_MIN <= int(year) <= YEAR_MAX:
            return None, m.end()
        if (
            name not in g.months
            and name not in g.month_abbrevs
            and (year is None if name in self.lower_ambiguous else day is None and year is None)
        ):
            return None, m.end()  # `you may 5 times`, `march 10 km`, `june` alone
        if day is None and year is None:
            if name in g.month_abbrevs and name not in g.months:
                return None, m.end()
            # `May` the month, not `May I` / `may be`: a cue before it, or no verb after it.
            if (
                name in g.ambiguous_months
                and not self.re_left_cue.search(text, max(lo, start - LEFT_WINDOW), start)
                and self.re_next_lower.match(text, end, hi)
            ):
                return None, m.end()
        value = _date_value(int(year) if year else None, month, day)
        if value is None:
            return None, m.end()
        return self._figure("date", text, start, end, value, approx=False), end

    def _day_month(self, text: str, pos: int, hi: int) -> re.Match[str] | None:
        """The month (and year) after a day at `pos`; `5 may` needs a year (`you have 5 may`)."""
        dm = self.re_day_month.match(text, pos, hi)
        if dm and dm["y"] is None and dm["mon"] in self.lower_ambiguous:
            return None
        return dm

    def _amount(
        self, m: re.Match[str], text: str, lo: int, hi: int, floor: int
    ) -> tuple[Figure | None, int]:
        g = self.g
        raw = m.group()
        ns, ne = m.span()
        value = parse_digits(raw, self.decimal)
        if value is None:
            return None, ne
        # Look left for a currency prefix (`Rp`, `US$ `, `Rp-`) and a minus sign.
        currency: str | None = None
        negative = False
        start = ns
        before = text[ns - 1] if ns > lo else ""
        left_cur = self.re_left_cur.search(text, max(floor, ns - 12), ns) if before else None
        cur_start, minus = (left_cur.start(), bool(left_cur["neg0"])) if left_cur else (ns, False)
        if minus and cur_start > lo and text[cur_start - 1].isalnum():
            cur_start, minus = left_cur.start("cur"), False  # `juta-Rp10 juta`: a dash
        if left_cur is not None and not (cur_start > lo and text[cur_start - 1].isalnum()):
            currency = self.prefixes.get(left_cur["cur"])
            negative = minus or bool(left_cur["neg"])
            start = cur_start
        elif before.isalpha() or before == "_":
            return None, ne  # glued to a word: footnote `disesuaikan1`, model `S24`
        elif before in "-−" and before:
            prior = text[ns - 2] if ns - 1 > lo else ""
            if prior.isalpha() and self.re_left_cue_hyphen.search(text, max(lo, ns - 12), ns):
                return self._bare_year(text, ns, ne, raw)  # `mid-2025`, `end-2024`
            if prior.isalpha() or (prior.isdigit() and not self.re_day_month.match(text, ne, hi)):
                return None, ne  # `GPT-4`, `COVID-19`; but `14-16 Mei` is two days
            if ns - 1 >= floor and not prior.isdigit():
                negative, start = True, ns - 1
        cash = currency is not None
        pos = ne
        plain_int = raw.isdigit()
        # A day before a month: `15 Agustus 2023`, `25th June`.
        if not cash and not negative and plain_int and 1 <= int(raw) <= 31:
            dm = self._day_month(text, ne, hi)
            if dm:
                date = _date_value(
                    int(dm["y"]) if dm["y"] else None, self.months[dm["mon"]], int(raw)
                )
                if date is not None:
                    return self._figure("date", text, ns, dm.end(), date), dm.end()
            # The first day of a day range takes the second's month: `14-16 Mei 2025`.
            if (dr := self.re_day_range.match(text, ne, hi)) and int(raw) < int(dr["d2"]) <= 31:
                dm = self._day_month(text, dr.end(), hi)
                if dm:
                    year = int(dm["y"]) if dm["y"] else None
                    date = _date_value(year, self.months[dm["mon"]], int(raw))
                    if date is not None:
                        return self._figure("date", text, ns, ne, date), ne
        if len(raw) > 1 and raw[0] == "0" and raw[1].isdigit():
            return None, ne  # `007`, `09.30`: codes and clock times, not amounts
        exponent = 0
        unit: str | None = None
        unit_english: str | None = None
        multiplier = approx_suffix = False
        glued = self.re_glued.match(text, pos, hi)
        if glued:
            word = glued.group()
            if cash and word in g.money_scales:
                exponent = g.money_scales[word]
            elif word.lower() in g.scales:
                exponent = g.scales[word.lower()]
            elif word in g.glued_units:
                unit, unit_english = word, g.glued_units[word]
            elif word in g.multiplier_suffixes and not self._after_name(
                text[max(lo, ns - LEFT_WINDOW) : ns]
            ):
                multiplier = True  # `3,5x`, not `Ryzen 1300X`
            elif self.re_percent.match(text, pos, hi) or word in g.glued_currency_suffixes:
                glued = None  # `41persen`, `50.000đ`: the tail reads it
            else:
                return None, glued.end()  # footnote, model or ordinal: `5G`, `4K`, `2nd`
            pos = glued.end() if glued else pos
        elif self.re_hyphen_word.match(text, pos, hi) and not (
            cash and self.re_dash_range.match(text, pos, hi)  # `Rp500.000-Rp1 juta`
        ):
            age = self.re_age_units.match(text, pos, hi)
            if age and plain_int and 0 < int(raw) <= AGE_MAX:
                return self._figure("age", text, ns, age.end(), value), age.end()
            sx = self.re_approx_suffix.match(text, pos, hi)
            decade = plain_int and len(raw) == 4 and YEAR_MIN <= value <= YEAR_MAX
            if sx and not decade and not self.re_left_year.search(text, max(lo, ns - 12), ns):
                approx_suffix, pos = True, sx.end()  # `200-an`: about 200
            elif hyphen_unit := self._hyphen_unit(text, pos, hi):
                unit, unit_english, pos = hyphen_unit  # `a 15-metre tower`
            elif self._tail(text, pos, hi, currency, unknown_nouns=False).end == pos:
                return None, ne  # `1990-an`, `tahun 90-an`, `5-bintang`
        # A range `10-15`, `10 hingga 15`, `US$1-2 miliar`: kept only when what follows makes
        # it an amount, share or count (`2019-2020` stays two years).
        if plain_int and not cash and not glued and 0 < value <= AGE_MAX:
            age = self.re_age_units.match(text, pos, hi)
            if age:  # `35 years old`, `35-year-old`
                return self._figure("age", text, ns, age.end(), value), age.end()
            if self.re_left_age.search(text, max(lo, ns - LEFT_WINDOW), ns):
                oldest, age_end = None, ne
                rng = self.re_range.match(text, pos, hi)  # `aged 25-35`, `berusia 25 hingga 35`
                if (
                    rng
                    and not rng["cur2"]
                    and rng["num2"].isdigit()
                    and not self.re_percent.match(text, rng.end(), hi)
                    and value < int(rng["num2"]) <= AGE_MAX
                ):
                    oldest, age_end = Decimal(int(rng["num2"])), rng.end()
                unit_end = self.re_age_units_after_cue.match(text, age_end, hi)
                age_end = unit_end.end() if unit_end else age_end  # `berusia 35 tahun`
                return self._figure("age", text, ns, age_end, value, value_max=oldest), age_end
        value_max: Decimal | None = None
        raw_max = ""
        tail: _Tail | None = None
        # `between 20 and 30 percent`, `antara RM50 dan RM70`: `and` joins a range too.
        between = self.re_between.match(text, pos, hi) and self.re_left_between.search(
            text, max(lo, start - LEFT_WINDOW), start
        )
        re_range = self.re_between if between else self.re_range
        bare_pair = False  # `5.000-10.000`, `2-1`: two bare numbers joined by a dash
        if not glued:
            rng = re_range.match(text, pos, hi)
            if rng and (rng["cur2"] is None or self.prefixes.get(rng["cur2"]) == currency):
                high = parse_digits(rng["num2"], self.decimal)
                if high is not None and not negative:
                    t = self._tail(text, rng.end(), hi, currency, unknown_nouns=True)
                    if high > value and _joins_range(t) and not (rng["cur2"] and not cash):
                        tail, value_max, raw_max = t, high, rng["num2"]
                    elif (
                        not cash
                        and rng["cur2"] is None
                        and text[pos : rng.start("num2")].strip() in ("-", "–", "—")
                        and self._year_span(text, ns, ne, hi, raw) is None
                        and not self._named(text, lo, start)  # `ISO 100-400`: as before
                    ):
                        if chain := _CHAINED.match(text, rng.end(), hi):
                            return None, chain.end()  # `555-1234-88`, `1-2-3`: a code
                        # A falling or equal pair is a score, a split or a code (`menang 2-1`,
                        # `a 50-50 venture`), no figure: read as its first number alone, it
                        # would be a wrong one. Rising with no unit on either end
                        # (`5.000-10.000`), it is one range.
                        if high <= value:
                            return None, rng.end()
                        if t.kind is None and not t.exponent:
                            tail, value_max, raw_max, bare_pair = t, high, rng["num2"], True
        if tail is None:
            left = text[max(lo, start - LEFT_WINDOW) : start]
            ranked = self.re_left_rank.search(left)
            nouns = not (unit or multiplier or ranked)
            tail = self._tail(text, pos, hi, currency, unknown_nouns=nouns)
            if (
                tail.kind == "count"
                and tail.unit_english is None
                and self._after_name(left)
                and not _sentence_start(text, lo, start - len(_prev(left)) - 1)
            ):
                tail = _Tail(end=pos)  # after a name (`iPhone 16 naik`) it is a verb
            if ranked and tail.kind == "count" and not tail.exponent and value <= 100:
                tail = _Tail(end=pos)  # `Top 5 perusahaan`: a rank, not five companies
        if unit:
            tail = _Tail(end=pos, kind="quantity", unit=unit, unit_english=unit_english)
        if multiplier:
            tail = _Tail(end=pos)
        if (
            value_max is None
            and not negative
            and tail.kind in _RANGE_KINDS
            and self.re_between.match(text, tail.end, hi)  # a dash, range or join word follows
        ):
            if not between:
                between = self.re_left_between.search(text, max(lo, start - LEFT_WINDOW), start)
            joined = self.re_between if between else self.re_range
            if not between and self.re_left_from.search(text, max(lo, start - LEFT_WINDOW), start):
                joined = self.re_dash_range  # `from 5% to 7%`: a change, two figures
            upper = self._upper_end(text, hi, joined, currency, tail, value, exponent)
            if upper is not None:
                value_max, tail = upper[0], replace(tail, end=upper[1].end)
        exponent = exponent or tail.exponent
        end = tail.end
        kind = tail.kind
        left = text[max(lo, start - LEFT_WINDOW) : start]
        approx = bool(self.re_left_approx.search(left)) or approx_suffix or tail.approx
        if bare_pair:
            kind = "number"
        elif kind is None and not exponent and not multiplier:
            slashed = _SLASHED.match(text, ne, hi) if pos == ne else None
            if slashed and self._year_span(text, ns, ne, hi, raw) is None:
                return None, slashed.end()  # `24/7`, `1/3`: a code or a fraction, not a 24
            kind, end = self._bare(text, lo, hi, left, start, ns, ne, raw, value)
            if kind is None:
                return None, ne
            end = max(end, pos)  # `200-an`
            if kind == "date":
                span = self._year_span(text, ns, ne, hi, raw)
                if fy := self.re_left_fiscal.search(text, max(lo, ns - LEFT_WINDOW), ns):
                    if span and text[ne] == "/":  # `tahun kewangan 2019/2020`: FY2019/20
                        value = f"FY{raw}/{span[2][-2:]}"
                        return self._figure("date", text, fy.start(), span[1], value), span[1]
                    fiscal = self._figure("date", text, fy.start(), ne, f"FY{raw}")
                    if span:  # `tahun fiskal 2019-2020`: two years, the first a fiscal one
                        return (fiscal, self._figure("date", text, *span)), span[1]
                    return fiscal, ne
                first = self._figure("date", text, ns, ne, raw)
                if span:
                    return (first, self._figure("date", text, *span)), span[1]
                return first, ne
            if kind == "age":
                return self._figure("age", text, ns, end, value), end
        if kind is None:
            kind = "number"
        if (
            kind == "number"
            and not multiplier
            and tail.unit is None
            and not negative
            and (exponent or _whole(value))  # a count is whole: not `mencapai 2,8`
            and (referent := self._referent(text, lo, start))
        ):
            kind = "count"  # `Jumlah penjual ... mencapai 2,8 juta`: 2.8 million sellers
            tail = replace(tail, unit=referent[0], unit_english=referent[1])
        if tail.currency:
            currency = tail.currency
        if (
            kind == "count"
            and plain_int
            and len(raw) == 4
            and YEAR_MIN <= int(raw) <= YEAR_MAX
            and not exponent
            and (tail.unit_english is None or (tail.unit or "")[:1].isupper())
        ):
            return self._figure("date", text, ns, ne, raw), ne  # `2013 mendatang`, `2012 City`
        if negative and kind in ("count", "age", "date"):
            negative, start = False, ns
        if currency in WHOLE_CURRENCIES and kind == "money" and not exponent:
            value = parse_digits(raw, g.decimal, whole=True) or value  # `Rp 15.000` in English
            if value_max is not None:
                value_max = parse_digits(raw_max, g.decimal, whole=True) or value_max
                if value_max <= value:
                    value_max = None
        doubt: str | None = None
        alt_value: Decimal | None = None
        if _ambiguous_shape(raw) and not (currency in WHOLE_CURRENCIES and kind == "money"):
            whole = Decimal(raw.replace(",", "").replace(".", ""))  # `1.500` as 1500
            fraction = Decimal(raw.replace(",", "."))  # `1.500` as 1.5
            if kind == "count" and self.g.code != TARGET:
                # A count is whole: `1.500 staf` is 1,500 in any convention. English (which
                # reads every translation) keeps its own: `1.500 employees` is not English.
                value = whole
            elif not self.sure:
                doubt = "convention"
                alt_value = canonical(
                    (fraction if value == whole else whole).scaleb(exponent, EXACT)
                )
        if (
            kind in ("count", "quantity")
            and plain_int
            and not cash
            and left[-2:-1].isalpha()  # cheap first: a word right before the number
            and self._after_name(left)
            and not _sentence_start(text, lo, _prev_start(left, start))
        ):
            doubt = "name"  # `Llama 4 bulan lalu`: Llama 4, last month, or 4 months ago?
        value = canonical(value.scaleb(exponent, EXACT))
        if value_max is not None:
            value_max = canonical(value_max.scaleb(exponent, EXACT))
        if negative:
            value = value.copy_negate() if value else value  # exact: unary minus rounds
            if alt_value is not None:
                alt_value = alt_value.copy_negate()
        if not cash and not negative:
            start = ns
        return (
            self._figure(
                kind,
                text,
                start,
                end,
                value,
                value_max=value_max,
                currency=currency if kind == "money" else None,
                unit="x" if multiplier else tail.unit,
                unit_english=tail.unit_english,
                points=tail.points,
                approx=approx,
                doubt=doubt,
                alt_value=alt_value,
            ),
            end,
        )

    def _upper_end(
        self,
        text: str,
        hi: int,
        re_range: re.Pattern[str],
        currency: str | None,
        tail: _Tail,
        low: Decimal,
        glued_exponent: int,
    ) -> tuple[Decimal, _Tail] | None:
        """`20%-30%`, `Rp10 miliar-Rp15 miliar`, `between RM50 and RM70`: a range whose upper end
        repeats the lower's currency, scale, %, unit or noun. Returns (upper end in the lower's
        scale, the upper end's tail), or None when what follows is not the same kind of figure.
        """
        rng = re_range.match(text, tail.end, hi)
        if rng is None:
            return None
        cur2 = self.prefixes.get(rng["cur2"]) if rng["cur2"] else None
        if cur2 is not None and cur2 != currency:
            return None  # `US$5 juta-Rp10 juta`, `5%-US$3`: two figures
        t2 = self._tail(text, rng.end(), hi, currency, unknown_nouns=False)
        if (t2.kind, t2.currency, t2.unit_english, t2.points) != (
            tail.kind,
            tail.currency,
            tail.unit_english,
            tail.points,
        ) or (tail.kind == "count" and tail.unit_english is None):
            return None
        whole = currency in WHOLE_CURRENCIES and not t2.exponent
        high = parse_digits(rng["num2"], self.decimal, whole=whole)
        if high is None:
            return None
        high = high.scaleb(t2.exponent - (glued_exponent or tail.exponent), EXACT)
        if high <= low:
            return None  # `5%-3%` is no range
        return high, t2

    def _tail(
        self, text: str, pos: int, hi: int, currency: str | None, unknown_nouns: bool
    ) -> _Tail:
        """Read what follows a number at `pos`: scale, then %, currency, unit or counted noun."""
        g = self.g
        t = _Tail(end=pos)
        if (sm := self.re_scale.match(text, pos, hi)) and not self.re_lookalike.match(
            text, pos, hi
        ):
            t.exponent = g.scales.get(_squash(sm["w"]).lower(), 0)
            t.end = pos = sm.end()
        elif currency and (ms := self.re_money_scale.match(text, pos, hi)):
            t.exponent = g.money_scales[ms["w"]]
            t.end = pos = ms.end()
        elif am := self.re_approx_scale.match(text, pos, hi):
            t.exponent, t.approx = self.approx_scales[am["w"].lower()], True
            t.end = pos = am.end()
        if currency is None and (gc := self.re_glued_currency.match(text, pos, hi)):
            t.kind, t.currency, t.end = "money", g.glued_currency_suffixes[gc["w"]], gc.end()
            return t  # `50.000đ`, `1,5 triệu₫`
        if pm := self.re_points.match(text, pos, hi):
            t.kind, t.points, t.end = "percent", True, pm.end()
            return t
        if pc := self.re_percent.match(text, pos, hi):
            t.kind, t.end = "percent", pc.end()
            return t
        if (cs := self.re_cur_suffix.match(text, pos, hi)) and not self.re_lookalike.match(
            text, pos, hi
        ):
            word = _squash(cs["w"]).lower()
            code = self.suffixes.get(word)
            if code is None and t.exponent:
                code = self.scale_only.get(word)
                if word in g.end_only_suffixes and self.re_word_token.match(text, cs.end(), hi):
                    code = None  # `40 billion US households`: US is no currency there
            if code is None and currency is None and (code := self.subunits.get(word)):
                t.exponent -= 2  # `12.5 sen` is MYR 0.125
            if code and currency is None:
                t.kind, t.currency, t.end = "money", code, cs.end()
                return t
        if currency:
            t.kind = "money"
            return t
        if um := self.re_unit.match(text, pos, hi):
            word = um["w"] or um["h"]
            english = self.units.get(_squash(word).lower())
            if english:
                t.kind, t.unit, t.unit_english, t.end = "quantity", word, english, um.end()
                return t
        if mm := self.re_multiplier.match(text, pos, hi):
            if t.exponent:  # `1,1 juta kali`, `10 million times`: how often, not a multiplier
                t.kind, t.unit, t.unit_english = "count", mm.group().strip(), self.times
            else:
                t.kind, t.unit = "number", "x"  # `tiga kali`: a multiplier
            t.end = mm.end()
            return t
        if nm := self.re_noun.match(text, pos, hi):
            word = nm["w"]
            english = self.nouns.get(_squash(word).lower())
            if english:
                t.kind, t.unit, t.unit_english, t.end = "count", word, english, nm.end()
                return t
        if (gm := self.re_noun_gap.match(text, pos, hi)) and self._gap_ok(gm["gap"]):
            english = self.nouns.get(_squash(gm["w"]).lower())
            if english:  # `three Johor campuses`, `two hyperscale clients`
                t.kind, t.unit, t.unit_english, t.end = "count", gm["w"], english, gm.end()
                return t
        if unknown_nouns and (um := self.re_unknown_noun.match(text, pos, hi)):
            word = um["w"]
            if self._is_noun(word):
                t.kind, t.unit, t.end = "count", word, um.end()
        return t

    def _gap_ok(self, word: str) -> bool:
        """Whether `word` may stand between a number and its noun: a describing word, not a
        function word, month, unit or noun of its own (`5 of companies`, `5 May companies`)."""
        w = word.lower()
        return w not in self.known_words and w not in self.number_words and word not in self.months

    def _is_noun(self, word: str) -> bool:
        g = self.g
        if word in self.known_words or word.endswith(g.not_noun_suffixes):
            return False
        return not word.startswith(g.verb_prefixes) if g.verb_prefixes else True

    def _bare(
        self,
        text: str,
        lo: int,
        hi: int,
        left: str,
        start: int,
        ns: int,
        ne: int,
        raw: str,
        value: Decimal,
    ) -> tuple[FigureKind | None, int]:
        """A number with nothing after it: an age, a year, a name (`Llama 4`) or just a number."""
        integral = raw.isdigit()
        if integral and 0 < value <= AGE_MAX:
            if self.re_left_age.search(left):
                au = self.re_age_units_after_cue.match(text, ne, hi)
                return "age", au.end() if au else ne
            if au := self.re_age_units.match(text, ne, hi):
                return "age", au.end()
            before = text[ns - 1 : ns] if ns > lo else ""
            after = text[ne : ne + 1]
            if before == "(" and after == ")" and self._capitalised(left[:-1]):
                return "age", ne
            if (
                before == " "
                and after == ","
                and left.endswith(", ")
                and (self._after_name(left[:-2]) or self._pronoun_subject(text, lo, left, ns))
                and 10 <= value <= 110
            ):
                return "age", ne
        if integral and len(raw) == 4 and YEAR_MIN <= value <= YEAR_MAX:
            return "date", ne
        if self.re_left_rank.search(left):
            return "number", ne
        if self._after_name(left) and not _sentence_start(text, lo, _prev_start(left, start)):
            return None, ne
        return "number", ne

    def _named(self, text: str, lo: int, start: int) -> bool:
        """Whether the number at `start` follows a name (`Windows 10`, `ISO 100`) that does not
        open the sentence: its digits may belong to the name."""
        left = text[max(lo, start - LEFT_WINDOW) : start]
        return self._after_name(left) and not _sentence_start(text, lo, _prev_start(left, start))

    def _pronoun_subject(self, text: str, lo: int, left: str, ns: int) -> bool:
        """Whether `left` (ending `, ` before the number at `ns`) is a sentence-opening pronoun
        of the grammar's age_pronouns: `Beliau, 56, dilantik`, not `Menurut beliau, 56, ...`."""
        head = left[:-2]
        if _prev(head) not in self.g.age_pronouns:
            return False
        return _sentence_start(text, lo, _prev_start(head, ns - 2))

    def _capitalised(self, left: str) -> bool:
        """Whether `left` ends in a capitalised word that is not a month: `Wang (28)`."""
        tok = _prev(left).strip("\"'“”‘’,")
        return bool(tok) and tok[0].isupper() and tok not in self.months

    def _after_name(self, left: str) -> bool:
        """Whether `left` ends in a capitalised word that is not a common word (a name)."""
        tok = _prev(left).strip("\"'“”‘’")
        if not tok or not (tok[0].isupper() or any(c.isupper() for c in tok[1:])):
            return False
        return tok.lower() not in self.known_words

    def _words(
        self, m: re.Match[str], text: str, lo: int, hi: int, floor: int
    ) -> tuple[Figure | None, int]:
        g = self.g
        start = m.start()
        tokens = [m.group()]
        ends = [m.end()]
        pos = m.end()
        fillers = {*g.and_words, *g.article_words, *g.point_words}
        while tm := self.re_word_token.match(text, pos, hi):
            w = tm["w"].lower()
            if w in g.fraction_plurals and (
                tm.group().startswith("-") or self.re_of.match(text, tm.end(), hi)
            ):
                w = g.fraction_plurals[w]  # `three-quarters`, `three quarters of`: a share
            if w not in self.number_words and w not in fillers:
                break
            tokens.append(w)
            ends.append(tm.end())
            pos = tm.end()
        while tokens and tokens[-1].lower() in fillers:
            tokens.pop()
            ends.pop()
        if not tokens:
            return None, m.end()
        end = ends[-1]
        if start - 1 > lo and text[start - 1] == "-" and text[start - 2].isalpha():
            return None, end  # `kedua-dua` (both), `ke-tiga`
        left = text[max(lo, start - LEFT_WINDOW) : start]
        if (name_end := self._name_end(text, lo, hi, left, start, end)) is not None:
            return None, name_end  # `Kepulauan Seribu`, `Universitas Sebelas Maret`
        value_max: Decimal | None = None
        steps = [self.number_words.get(t.lower(), ()) for t in tokens]
        if len(steps) == 2 and all(len(s) == 1 and s[0][0] == "unit" for s in steps):
            low, high = steps[0][0][1], steps[1][0][1]
            if high != low + 1:
                return None, end  # `lima tujuh` is no number
            parsed: tuple[Decimal, bool, bool] | None = (Decimal(low), False, False)
            value_max = Decimal(high)  # `dua tiga hari`: two or three days
        else:
            parsed = compose_words(tokens, self.number_words, g)
        if parsed is None:
            return None, end
        value, approx, has_scale = parsed
        if self.re_left_not_number.search(left):
            return None, end
        age = self.re_age_units.match(text, end, hi)  # `a twenty-four-year-old`, `forty years old`
        if age and value_max is None and not has_scale and _whole(value) and 0 < value <= AGE_MAX:
            return self._figure(
                "age", text, start, age.end(), canonical(value), words=True
            ), age.end()
        # `lima kecamatan`, `forty-six prisoners`: number words count nouns too.
        tail = self._tail(text, end, hi, None, unknown_nouns=True)
        if tail.kind == "count" and tail.unit_english is None and value < g.min_word_value:
            tail = _Tail(end=end)  # `satu sisi`, `one thing`: grammar, not a count
        if tail.kind is None and value_max is None and not has_scale:
            upper = self._word_upper_end(text, end, hi, value)
            if upper is not None:  # `tiga hingga lima tahun`
                value_max, tail = upper
        hyphen_unit = self._hyphen_unit(text, end, hi) if tail.kind is None else None
        if hyphen_unit and value_max is None:  # `a fifteen-metre tower`
            word, english, unit_end = hyphen_unit
            tail = _Tail(end=unit_end, kind="quantity", unit=word, unit_english=english)
        if self.re_hyphen_after_word.match(text, tail.end, hi):
            return None, tail.end  # `satu-satunya`, `two-thirds`, `one-time`
        if tail.exponent:
            value, has_scale = value.scaleb(tail.exponent, EXACT), True
            if value_max is not None:
                value_max = value_max.scaleb(tail.exponent, EXACT)
        if tail.kind == "count" and value < 1:
            tail = _Tail(end=end)  # `seperempat penduduk`: a share of them, not 0.25 residents
        bare = tail.kind is None or tail.unit == "x"  # `satu kali` is once, not 1x
        numerals = sum(1 for t in tokens if t.lower() in self.number_words)
        if bare and not has_scale and value < g.min_word_value and numerals < 2:
            return None, end  # `satu`, `a quarter`; but `tiga perempat` is 0.75
        if self.re_left_age.search(left) and tail.kind in (None, "quantity"):
            au = self.re_age_units_after_cue.match(text, end, hi)
            age_end = au.end() if au else end
            return self._figure("age", text, start, age_end, canonical(value), words=True), age_end
        approx = approx or tail.approx or bool(self.re_left_approx.search(left))
        kind = tail.kind or "number"
        if (
            kind == "number"
            and tail.unit is None
            and _whole(value)
            and (referent := self._referent(text, lo, start))
        ):
            kind = "count"  # `the number of users reached three million`
            tail = replace(tail, unit=referent[0], unit_english=referent[1])
        return (
            self._figure(
                kind,
                text,
                start,
                tail.end,
                canonical(value),
                value_max=None if value_max is None else canonical(value_max),
                currency=tail.currency,
                unit=tail.unit,
                unit_english=tail.unit_english,
                points=tail.points,
                approx=approx,
                words=True,
            ),
            tail.end,
        )

    def _word_upper_end(
        self, text: str, pos: int, hi: int, low: Decimal
    ) -> tuple[Decimal, _Tail] | None:
        """The upper end of `tiga hingga lima tahun`, `two to three days`: number words after a
        range word, with the unit, noun or % that makes the pair one figure. A scale word after
        the upper end scales both ends (`tiga hingga lima juta orang`, as `3 hingga 5 juta`):
        the tail reads it, so the caller scales the pair."""
        rj = self.re_word_range.match(text, pos, hi)
        if rj is None:
            return None
        tokens: list[str] = []
        ends: list[int] = []
        pos = rj.end()
        while (tm := self.re_word_token.match(text, pos, hi)) and tm["w"].lower() in (
            self.number_words
        ):
            tokens.append(tm["w"].lower())
            ends.append(tm.end())
            pos = tm.end()
        while len(tokens) > 1 and self._scale_word(tokens[-1]):
            tokens.pop()
            ends.pop()
        pos = ends[-1] if ends else pos
        parsed = compose_words(tokens, self.number_words, self.g) if tokens else None
        if parsed is None or parsed[2] or parsed[0] <= low:
            return None
        t2 = self._tail(text, pos, hi, None, unknown_nouns=False)
        if _joins_range(t2):
            return parsed[0], t2
        return None

    def _referent(self, text: str, lo: int, start: int) -> tuple[str, str] | None:
        """(noun, English) of the counted noun a clause names before the number at `start`
        (`Jumlah penjual di platform itu mencapai 2,8 juta`, `Its users now total 12,000`), or
        None. Never across a clause: no punctuation and no joining word (`dan`, `while`) between
        the noun and the number, so an earlier noun of another clause is not taken."""
        if self.re_referent is None:
            return None
        base = max(lo, start - REFERENT_WINDOW)
        m = self.re_referent.search(text, base, start)
        if m is None:
            return None
        gap = m["gap"] if m["rn"] else m["gap2"]
        if any(w.lower() in self.clause_words for w in (gap or "").split()):
            return None
        if not m["rn"] and not m["own"] and not _sentence_start(text, lo, m.start("np")):
            return None  # `revenue from users now totals`: the users are not the subject
        word = m["rn"] or m["rn2"]
        return word, self.nouns[_squash(word).lower()]

    def _hyphen_unit(self, text: str, pos: int, hi: int) -> tuple[str, str, int] | None:
        """(unit, English, end) of a unit hyphenated to the number before `pos` (`a 15-metre
        tower`, `a fifteen-metre tower`, `a 24-hour strike`), else None."""
        hm = self.re_hyphen_unit.match(text, pos, hi)
        if hm is None:
            return None
        english = self.units.get(_squash(hm["w"]).lower())
        return (hm["w"], english, hm.end()) if english else None

    def _scale_word(self, word: str) -> bool:
        """Whether `word` is a scale word alone (`juta`, `million`), which the tail reads."""
        steps = self.number_words.get(word, ())
        return len(steps) == 1 and steps[0][0] == "scale" and word in self.scale_words

    def _name_end(self, text: str, lo: int, hi: int, left: str, start: int, end: int) -> int | None:
        """Where the name ends when capitalised number words mid-sentence sit in one
        (`Kepulauan Seribu`, `Universitas Sebelas Maret`), else None."""
        if not text[start].isupper() or _sentence_start(text, lo, start):
            return None
        after = self.re_word_token.match(text, end, hi)
        if not (_prev(left)[:1].isupper() or (after and after["w"][0].isupper())):
            return None
        while after and after["w"][0].isupper():  # the rest of the name is no figure either
            end = after.end()
            after = self.re_word_token.match(text, end, hi)
        return end

    # -- building figures -----------------------------------------------------------------------

    def _shown_unit(self, unit: str | None, unit_english: str | None) -> str:
        """The unit as English shows it. A noun with no known gloss stays the source word,
        quoted so that it does not pass for English (`30 "pangsit"`); English reads it back."""
        if unit_english or self.g.code == TARGET:
            return unit_english or unit or ""
        return f'"{unit}"' if unit else ""

    def _figure(
        self,
        kind: FigureKind,
        text: str,
        start: int,
        end: int,
        value: Decimal | str,
        *,
        value_max: Decimal | None = None,
        currency: str | None = None,
        unit: str | None = None,
        unit_english: str | None = None,
        points: bool = False,
        approx: bool = False,
        words: bool = False,
        doubt: str | None = None,
        alt_value: Decimal | None = None,
    ) -> Figure:
        english = render.english(
            kind,
            value,
            value_max=value_max,
            currency=currency,
            unit=unit,
            unit_english=unit_english,
            points=points,
            shown_unit=self._shown_unit(unit, unit_english),
        )
        if kind == "money" and not currency:
            kind = "number"
        return Figure(
            kind=kind,
            text=text[start:end],
            start=start,
            end=end,
            value=value,
            english=english,
            value_max=value_max,
            currency=currency,
            unit=unit,
            unit_english=unit_english,
            points=points,
            partial=isinstance(value, str) and value.startswith("--"),
            approx=approx and kind != "date",
            words=words,
            doubt=doubt,
            alt_value=alt_value,
        )


def compose_words(
    tokens: list[str], vocabulary: Mapping[str, tuple[tuple[str, int], ...]], g: Grammar
) -> tuple[Decimal, bool, bool] | None:
    """`dua puluh lima` → 25, `one-point-three billion` → 1.3e9, `seven and a half` → 7.5.

    Returns (value, approx, has_scale) or None when the words do not form one number.
    """
    total = Decimal(0)
    group = Decimal(0)  # hundreds part of the current thousands group
    cur = Decimal(0)  # below one hundred
    decimals = 0  # digits read after `point`
    approx = has_scale = seen = False
    last_scale: int | None = None
    articles = {w.lower() for w in g.article_words}
    points = {w.lower() for w in g.point_words}
    ands = {w.lower() for w in g.and_words}
    for i, raw in enumerate(tokens):
        word = raw.lower()
        if word in articles:
            nxt = vocabulary.get(tokens[i + 1].lower()) if i + 1 < len(tokens) else None
            if not nxt or nxt[0][0] not in _AFTER_ARTICLE:
                return None
            cur += 1 if nxt[0][0] not in ("half", "quarter") else 0
            continue
        if word in ands:
            continue
        if word in points:
            if not seen or decimals:
                return None
            decimals = 1
            continue
        for kind, n in vocabulary.get(word, ()):
            seen = True
            if kind == "scale":
                if last_scale is not None and n >= last_scale:
                    if group or cur or n == last_scale:
                        return None  # `seribu seribu` is not 2,000
                    total *= Decimal(10) ** n  # `one thousand million`
                else:
                    total += (group + cur or 1) * Decimal(10) ** n
                last_scale = n
                group = cur = Decimal(0)
                has_scale = True
                decimals = 0
            elif kind == "frac":
                try:
                    cur = _EXACT_DIVISION.divide(cur or Decimal(1), Decimal(n))  # `tiga perempat`
                except Inexact:
                    return None  # `dua pertiga`: two thirds has no exact decimal
            elif decimals:
                if kind != "unit" or n > 9:
                    return None
                cur += Decimal(n).scaleb(-decimals)
                decimals += 1
            elif kind in ("unit", "tens"):
                cur += n
            elif kind == "teen":
                cur += 10
            elif kind == "mul":
                if n == 100:
                    group += (cur or 1) * 100
                    cur = Decimal(0)
                else:
                    cur = (cur or 1) * n
            elif kind == "half":
                cur += Decimal("0.5")
            elif kind == "quarter" and cur and not (i and tokens[i - 1].lower() in articles):
                cur /= 4  # `three-quarter`, `three quarters of`: 3/4, not 3.25
            elif kind == "quarter":
                cur += Decimal("0.25")  # `two and a quarter`
            elif kind == "dozen":
                cur = (cur or 1) * 12
                approx = True
    if not seen:
        return None
    return total + group + cur, approx, has_scale


def _bare_number(fig: Figure) -> bool:
    """A plain number, nothing counted or measured (`x` multipliers are not)."""
    return fig.kind == "number" and fig.unit is None and isinstance(fig.value, Decimal)


def _joins_range(upper: _Tail) -> bool:
    """Whether what follows a range's upper end makes the pair one figure: an amount, share,
    count, quantity or multiple (`10-15 persen`), or a scale that both ends share (`3 to 5
    million`: not 3 and 5,000,000). `2019-2020` stays two years."""
    return upper.kind in _RANGE_KINDS or upper.unit == "x" or bool(upper.exponent)


def _whole(value: Decimal) -> bool:
    """Whether `value` has no fraction, at any length (`value % 1` raises past 28 digits)."""
    return value == value.to_integral_value()


def _ambiguous_shape(raw: str) -> bool:
    """`1.500`, `4,000`: one separator before exactly three digits, so the number convention
    alone decides between a thousands group and a decimal fraction."""
    seps = [c for c in raw if c in ".,"]
    if len(seps) != 1:
        return False
    head, _, frac = raw.partition(seps[0])
    return len(frac) == 3 and 1 <= len(head) <= 3 and not head.startswith("0")


_RE_COMPACT = re.compile(r"([1-9])(Q|H|M)[ \t\u00a0]?(FY)?([0-9]*)")


def _squash(phrase: str) -> str:
    return " ".join(phrase.split())


def _prev(left: str) -> str:
    """The last word of `left`: what stands before trailing spaces and opening brackets."""
    return _prev_span(left)[1]


def _prev_span(left: str) -> tuple[int, str]:
    """(where it starts in `left`, the last word). String methods, not a regex anchored at the
    end: this runs for most numbers, and `$` makes the regex engine try every start."""
    if left.endswith("\n"):
        left = left[:-1]  # as a regex `$` would, before one final line break
    body = left.rstrip(" \t\u00a0(")
    if not body or body[-1].isspace():
        return len(left), ""
    word = body.rsplit(None, 1)[-1].rpartition("(")[2]
    return len(body) - len(word), word


def _prev_start(left: str, end: int) -> int:
    """Where the last word of `left` (which ends at `end` in the text) starts."""
    at, word = _prev_span(left)
    return end - len(left) + (at if word else len(left))


def _sentence_start(text: str, lo: int, pos: int) -> bool:
    """Whether only spaces, quotes or sentence punctuation separate `pos` from a sentence end."""
    i = pos - 1
    while i >= lo and text[i] in " \t\u00a0\"'“”‘’([":
        i -= 1
    return i < lo or text[i] in ".!?\n\r:;"


def _day_month(a: int, b: int) -> tuple[int, int]:
    """Day-first unless only month-first is possible (`12/27` in English references)."""
    if b > 12 >= a:
        return b, a
    return a, b


def _date_value(year: int | None, month: int, day: int | None) -> str | None:
    if not 1 <= month <= 12:
        return None
    if year is not None and not YEAR_MIN <= year <= YEAR_MAX:
        return None
    if day is not None:
        last = calendar.monthrange(year or 2000, month)[1]  # 2000: leap year allows 29 Feb
        if not 1 <= day <= last:
            return None
        return f"{year}-{month:02d}-{day:02d}" if year else f"--{month:02d}-{day:02d}"
    return f"{year}-{month:02d}" if year else f"--{month:02d}"


@lru_cache(maxsize=16)
def engine_for(lang: str) -> Engine:
    """The compiled engine for `lang` (built once per process)."""
    return Engine(load_grammar(lang))
