"""Sentence splitting for Indonesian, Malay and English news, by offsets into the input.

Sentences keep exact offsets so figures and bullets can point back at the original text.
The splitter is regex based: a candidate boundary is sentence punctuation followed by
whitespace, and each candidate is vetted by the word before it (abbreviations, initials) and
the word after it (a new sentence starts with a capital, a digit or an opening quote).
Abbreviations are data, per language, merged: a Malay article quoting "Dr." needs the same
rule as an Indonesian one.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from functools import cache

from summarise.values import Sentence

# Abbreviations (lowercase, no final period) that never end a sentence: titles and prefixes
# that stand before a name or a number ("Dr. Budi", "Rp. 5", "No. 3", "PT. Astra").
PREFIX_ABBREVIATIONS: dict[str, str] = {
    "id": """
        a.n bpk dgn dr dra drg drh drs gg h hj hlm hal ir jl jln jend kab kapt kec kel kh
        kol komp kpt moh muh mr no nn ny pkl prof prov pt rp sdr sdri telp tn u.p yth abd
        ust tgl ds rt rw kav lt fax psl sbg
    """,
    "ms": """
        en cik tn dr prof dato datuk hj hjh jln jl tkt no rm sdn lrg tg bt bte yb
        yab yg
    """,
    "en": """
        mr mrs ms mx dr prof sr jr st ft gen lt col capt cmdr sgt rev hon gov sen rep pres
        vs v no nos vol fig ref approx dept est e.g i.e cf al jan feb mar apr jun jul aug sep
        sept oct nov dec u.s u.k a.m p.m ave blvd rd
    """,
}

# Abbreviations that may end a sentence ("... buah, sayur, dll."): they split only before a
# capitalised word, never before a digit or a bracket ("Tbk. (BBRI)", "dll. 5").
SUFFIX_ABBREVIATIONS: dict[str, str] = {
    "id": "dll dsb dst dkk tbk persero tsb ybs s.h s.e m.m",
    "ms": "dll dsb bhd",
    "en": "etc inc ltd co corp plc llc bros esq",
}

_OPENERS = "\"'“‘«([{"
_CLOSERS = "\"'”’»)]}"
# Sentence punctuation, its closing quotes/brackets, and whitespace (or the end) after it.
# CJK full stops need no space after them.
_CANDIDATE = re.compile(r"[.!?…]+[\"'”’»)\]]*(?=\s|$)|[。！？]+[」』”’\"]*")
_BLANK_LINE = re.compile(r"\n[^\S\n]*\n")
_TOKEN_BEFORE = re.compile(r"\S+$")
_WORD_AFTER = re.compile(r"\s*(\S+)")
_TWO_LETTERS = re.compile(r"[^\W\d_]{2}")
_CAMEL = re.compile(r"[a-z]+[A-Z]")  # iPhone, eKTP: a sentence may start with these
_DOTTED = re.compile(r"(?:[^\W\d_]{1,3}\.)+[^\W\d_]{1,3}")  # a.n, S.H, M.Si, U.S
_LINE = re.compile(r"[^\n\r\x0b\x0c\x1c-\x1e\x85\u2028\u2029]+")

# Datelines that open a news body: "Jakarta, CNN Indonesia --", "Suara.com -",
# "Jakarta (ANTARA News) -", "JAKARTA, KOMPAS.com -", "Liputan6.com, Jakarta:",
# "LONDON (Reuters) -". A lone word before a dash is only a dateline when it names an outlet
# or is written in capitals, so "Go - Jek resmikan ..." is left alone.
# Outlet names, "_" for a space.
DATELINE_OUTLETS = """
    antara cnn kompas tempo detik detikcom liputan6 okezone tribun tribunnews viva republika
    bisnis kontan jpnn sindonews rimanews beritasatu merdeka suara kumparan pos_kota poskota
    tirto idn_times reuters afp ap bernama xinhua bloomberg the_star malaysiakini harian_metro
    berita_harian utusan astro_awani sinar_harian news dailysocial katadata cnbc jakarta_post
    inilah metrotvnews
"""
_DOMAIN = r"[A-Za-z0-9]+(?:\.[A-Za-z]{2,3}){1,2}"  # Suara.com, TEMPO.CO, Kontan.co.id
_NAME = r"[A-Z][\w'&]*(?:[ ][A-Z][\w'&]*){0,3}"  # up to four capitalised words
_DASH = r"[^\S\n]*(?:--|[-–—]|:)[^\S\n]+"
_DATELINE = re.compile(
    rf"[*_]{{0,2}}(?P<head>(?:{_DOMAIN}|{_NAME})(?:,[^\S\n]*(?:{_DOMAIN}|{_NAME}))?)[*_]{{0,2}}"
    rf"(?:[^\S\n]*\((?P<paren>[^()\n]{{2,40}})\))?(?:{_DASH}|[^\S\n]*(?:--|[-–—]|:)$)"
)


@cache
def _prefixes() -> frozenset[str]:
    return frozenset(a for words in PREFIX_ABBREVIATIONS.values() for a in words.split())


@cache
def _suffixes() -> frozenset[str]:
    merged = frozenset(a for words in SUFFIX_ABBREVIATIONS.values() for a in words.split())
    return merged - _prefixes()


@cache
def _outlet_pattern() -> re.Pattern[str]:
    names = sorted((o.replace("_", " ") for o in DATELINE_OUTLETS.split()), key=len, reverse=True)
    return re.compile(r"\b(?:" + "|".join(re.escape(o) for o in names) + r")\b")


def paragraph_regions(text: str) -> list[tuple[int, int]]:
    """Non-empty lines of `text` as (start, end) offsets, surrounding whitespace excluded.

    Plain-text news puts one paragraph per line; CRLF and other line breaks count too.
    """
    regions: list[tuple[int, int]] = []
    for m in _LINE.finditer(text):
        start, end = _strip(text, m.start(), m.end())
        if start < end:
            regions.append((start, end))
    return regions


def dateline_end(text: str, start: int = 0, end: int | None = None) -> int:
    """Offset where the body starts after a leading news dateline in text[start:end].

    Returns `start` when there is no dateline, and `end` when the region is only a dateline
    (one on a line of its own). Both the selector and any baseline should read the body from
    here: the dateline is page furniture, not a fact.
    """
    end = len(text) if end is None else min(end, len(text))
    start = max(0, start)
    while start < end and text[start].isspace():
        start += 1
    m = _DATELINE.match(text, start, min(end, start + 90))
    if m is None:
        return start
    head = m.group("head")
    paren = m.group("paren") or ""
    named = f"{head} {paren}".lower()
    has_outlet = _outlet_pattern().search(named) is not None
    is_domain = re.search(_DOMAIN, head) is not None and "." in head
    first_word = head.split(",")[0].split()[0] if head.split() else ""
    shouting = len(first_word) >= 3 and first_word.isupper()
    place_and_outlet = "," in head and m.group(0).rstrip().endswith(("--", "—", "–"))
    emphasised = m.group(0)[0] in "*_"
    city_and_agency = bool(paren) and "," not in head  # "Jakarta (ANTARA) -"
    if not (
        has_outlet or is_domain or shouting or place_and_outlet or emphasised or city_and_agency
    ):
        return start
    body = m.end()
    if body >= end:
        return end
    # The body must start like a sentence, or this was not a dateline.
    if not (text[body].isupper() or text[body].isdigit() or text[body] in _OPENERS):
        return start
    return body


def split_sentences(text: str, regions: Sequence[tuple[int, int]]) -> tuple[Sentence, ...]:
    """Sentences of text inside `regions` (paragraphs), indexed 0..n-1 in document order.

    A sentence never crosses a region; `Sentence.paragraph` is the region's index. Offsets
    exclude surrounding whitespace, so `sentence.text == text[start:end]`. Never raises on
    odd input: bad regions are clipped or skipped.
    """
    out: list[Sentence] = []
    n = len(text)
    ordered = sorted(
        ((int(s), int(e), i) for i, (s, e) in enumerate(regions)), key=lambda r: (r[0], r[1])
    )
    floor = 0
    for start, end, para in ordered:
        start, end = max(start, floor, 0), min(end, n)
        if start >= end:
            continue
        floor = end
        for block_start, block_end in _blocks(text, start, end):
            for s, e in _split_block(text, block_start, block_end):
                out.append(Sentence(len(out), text[s:e], s, e, para))
    return tuple(out)


def sentence_texts(text: str) -> list[str]:
    """The sentences of a plain text (its paragraphs found here), as strings: for the
    translator's input and the summariser's output, which have no Document of their own."""
    return [s.text for s in split_sentences(text, paragraph_regions(text))]


def _strip(text: str, start: int, end: int) -> tuple[int, int]:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _blocks(text: str, start: int, end: int) -> list[tuple[int, int]]:
    """A blank line inside a region is a hard break."""
    blocks, cur = [], start
    for m in _BLANK_LINE.finditer(text, start, end):
        blocks.append((cur, m.start()))
        cur = m.end()
    blocks.append((cur, end))
    return blocks


def _split_block(text: str, start: int, end: int) -> list[tuple[int, int]]:
    spans: list[tuple[int, int]] = []
    sent_start = start
    quotes = _QuoteState(text, start)
    for m in _CANDIDATE.finditer(text, start, end):
        cut = m.end()
        if cut >= end:
            break
        if _is_boundary(text, quotes, sent_start, m, end):
            s, e = _strip(text, sent_start, cut)
            if s < e:
                spans.append((s, e))
            sent_start = cut
    s, e = _strip(text, sent_start, end)
    if s < e:
        spans.append((s, e))
    return spans


def _is_boundary(
    text: str, quotes: _QuoteState, sent_start: int, m: re.Match[str], end: int
) -> bool:
    mark = m.group()
    if mark[0] in "。！？":
        return True
    punct = mark.rstrip(_CLOSERS)
    closed = len(punct) < len(mark)
    after = _WORD_AFTER.match(text, m.end(), end)
    if after is None:
        return False
    raw = after.group(1)
    nxt = raw.lstrip(_OPENERS + "¿¡")
    if not nxt:
        return False
    first = nxt[0]
    # A list number or letter ("1.", "a.") is not a sentence of its own.
    if m.start() - sent_start <= 6 and not _TWO_LETTERS.search(text, sent_start, m.start()):
        return False
    if first.islower() and not _CAMEL.match(nxt):
        return False
    if not (first.isalpha() or first.isdigit()):
        return False
    if closed or "!" in punct or "?" in punct:
        return True
    if punct in ("...", "…") or punct.startswith(".."):
        return not quotes.open_at(m.start())
    # A single period: look at the word it ends.
    tok = _TOKEN_BEFORE.search(text, max(sent_start, m.start() - 40), m.start())
    if tok is None:
        return True
    word = tok.group().lstrip(_OPENERS)
    low = word.lower()
    if low in _prefixes():
        return False
    if low in _suffixes():
        return first.isupper() and raw[0] not in "([{"
    if len(word) == 1 and word.isupper():  # an initial: "J. K. Rowling"
        return False
    # Dotted abbreviations ("a.n.", "S.H.", "M.Si."), not domains ("Suara.com").
    return _DOTTED.fullmatch(word) is None


class _QuoteState:
    """Whether a position is inside a quotation, counted incrementally (positions only grow)."""

    __slots__ = ("curly", "pos", "straight", "text")

    def __init__(self, text: str, start: int) -> None:
        self.text, self.pos, self.straight, self.curly = text, start, 0, 0

    def open_at(self, pos: int) -> bool:
        if pos > self.pos:
            chunk = self.text[self.pos : pos]
            self.straight += chunk.count('"')
            self.curly += chunk.count("“") - chunk.count("”")
            self.pos = pos
        return self.straight % 2 == 1 or self.curly > 0
