"""Separate an article's body and headline from scraped-page chrome, by offsets only.

Nothing here edits the text: `clean_text` returns regions (start, end) into the text it was
given, so every later offset still points into the original input. Chrome rules are data:
per-language pattern tuples that are all applied (cleaning runs before language detection).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import cache

from summarise.sentences import dateline_end

Span = tuple[int, int]

# Whole lines that are page furniture, never article text. Matched case-insensitively against
# the whole trimmed line. Grouped by language for reading; all groups apply to every input.
_LINE_CHROME: dict[str, tuple[str, ...]] = {
    "common": (
        r"menu|close|x|×|☰|home|search|login|log ?in|sign ?in|sign ?up|subscribe|back to top",
        # share buttons, alone or several on one line
        r"(?:(?:\d+\s*)?(?:share|share this(?: article)?|tweet|whatsapp|facebook|twitter|"
        r"telegram|linkedin|line|e-?mail|copy link|print|pinterest|comments?)[\s|·•,/]*)+",
        r"advertisement|ads|sponsored|scroll to continue with content|scroll to resume content",
        r"(?:source|sources)\s*:.{0,120}",
        r"(?:tags?|topics?|keywords?)\s*:.{0,300}",
        r"(?:©|\(c\)|copyright\b).{0,200}",
        r"(?:photo(?:graph)?|image|picture)(?:\s+by|\s*:|\s*credit\s*:).{0,200}",
        r"\(?(?:photo|image)\s*:.{0,200}",
        r"(?:editor|writer|reporter|reporting by|editing by|written by)\s*:.{0,100}",
        r"\((?:reporting|writing|editing) by[^()]{0,200}\)",
        r"\([a-z]{2,5}(?:/[a-z0-9]{2,6}){1,3}\)",  # end-of-article desk codes: (ant/xyz)
        r"[-_*=~•·|#.]{3,}",  # separators
        r"(?:home|beranda)\s*(?:[>»›/|]\s*[\w .&-]{1,40}){1,6}",  # breadcrumbs
        # a short caption ending with an image credit in brackets
        r"(?:\S+\s+){0,25}\((?:[^()]*\b(?:shutterstock|getty images|istock|freepik|unsplash|"
        r"dok\.?|dokumentasi|antara foto|foto|ap photo)\b[^()]*)\)",
        r"(?:read also|read more|related|related articles?|see also)\s*:.{0,200}",
    ),
    "id": (
        r"tutup|cari|masuk|daftar|langganan|kembali ke atas|bagikan(?: artikel)?|"
        r"salin(?: tautan| link)|(?:\d+\s*)?komentar|iklan|konten bersponsor",
        r"(?:baca juga|baca selengkapnya|lihat juga|simak juga|tonton juga|simak video)"
        r"\s*[:\-–—]?.{0,200}",
        r"(?:sumber|sumber foto)\s*:.{0,120}",
        r"(?:tag|topik|kata kunci)\s*:.{0,300}",
        r"hak cipta.{0,200}",
        r"\(?(?:foto|ilustrasi|gambar)(?:\s*[:.]|\s*\(|\s*$).{0,200}",
        r"(?:foto oleh|dok\.|dokumentasi)\s*.{0,200}",
        r"(?:editor|penulis|reporter|pewarta|redaktur|penyunting|kontributor|oleh)\s*:.{0,100}",
        # publication timestamps: "Senin, 10 Jun 2024 14:32 WIB"
        r"(?:(?:senin|selasa|rabu|kamis|jumat|jum'at|sabtu|minggu|ahad)\s*,?\s*)?"
        r"\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4}(?:\s*[,|-]?\s*(?:pukul\s*)?\d{1,2}[:.]\d{2}"
        r"(?:\s*(?:wib|wita|wit))?)?",
    ),
    "ms": (
        r"kongsi|salin pautan|iklan",
        r"(?:baca lagi|artikel berkaitan)\s*:.{0,200}",
        r"(?:penulis|wartawan|penyunting)\s*:.{0,100}",
    ),
    "en": (
        r"(?:(?:monday|tuesday|wednesday|thursday|friday|saturday|sunday)\s*,?\s*)?"
        r"(?:[a-z]{3,9}\.?\s+\d{1,2},?\s+\d{4}|\d{1,2}\s+[a-z]{3,9}\.?\s+\d{4})"
        r"(?:\s*[,|-]?\s*\d{1,2}[:.]\d{2}\s*(?:am|pm)?(?:\s*[a-z]{2,4})?)?",
        r"updated\s*:?.{0,60}\d{4}.{0,30}",
    ),
}

# Section headings after which a list of other articles' headlines follows: the heading and the
# short title-like lines after it are chrome, until the next paragraph-like line.
_LIST_HEADINGS: dict[str, tuple[str, ...]] = {
    "common": (
        r"related|related (?:articles?|news|stories)|latest news|most popular|"
        r"most read|trending|recommended|read also|read more|more stories|popular",
    ),
    "id": (
        r"baca juga|lihat juga|simak juga|berita terkini|berita terbaru|terpopuler|"
        r"populer|berita terkait|artikel terkait|rekomendasi|pilihan redaksi|terkini|"
        r"artikel lainnya|berita lainnya",
    ),
    "ms": (r"berita berkaitan|artikel berkaitan|terkini|popular|pilihan editor",),
    "en": (),
}

# Chrome that sits inside a paragraph: removed and the paragraph split around it.
_INLINE_CHROME: dict[str, tuple[str, ...]] = {
    "common": (
        r"\s*\bADVERTISEMENT\b(?:\s*SCROLL TO CONTINUE WITH CONTENT\b)?\s*",
        r"\s*\bSCROLL TO CONTINUE WITH CONTENT\b\s*",
        r"(?<=[.!?\"”])\s+(?:Read also|Read more|Related)\s*:[^\n]*$",
        r"(?<=[.!?\"”])\s*\([a-z]{2,5}(?:/[a-z0-9]{2,6}){1,3}\)\s*$",  # desk code at the end
    ),
    "id": (
        r"(?<=[.!?\"”])\s+(?:Baca juga|BACA JUGA|Baca Juga|Lihat juga|Simak juga)\s*:[^\n]*$",
        r"\s*\((?:Foto|FOTO|foto)\s*:[^()\n]{1,120}\)\s*",
    ),
    "ms": (),
    "en": (r"\s*\((?:Photo|PHOTO)\s*:[^()\n]{1,120}\)\s*",),
}

# Markers before a line's text that are not text: Markdown headings, list bullets, quotes.
_LEAD_MARKUP = re.compile(r"(?:#{1,6}\s+|[-*+•]\s+|>\s+)+")

MAX_TITLE_WORDS = 25
MAX_TITLE_CHARS = 200
MIN_TITLE_WORDS = 3
# A line at least this long and not ending a sentence continues on the next line (hard wrap).
_HARD_WRAP_MIN = 50
_SENTENCE_END = ".!?…:;"
# "… di Jakarta. Baca juga: …": a sentence ends inside the line, so it is prose, not a headline.
_INNER_SENTENCE_END = re.compile(r"[a-z0-9%)\"”][.!?][\"”]?\s+[A-Z\"“(]")
_CLOSERS = "\"'”’)]»*_"


@dataclass(frozen=True, slots=True)
class Cleaned:
    """Where the article is in the text. All spans are offsets into the text given."""

    body: tuple[Span, ...]
    title: Span | None = None
    title_spans: tuple[Span, ...] = ()
    dropped: tuple[Span, ...] = ()


@dataclass(frozen=True, slots=True)
class _Rules:
    line: re.Pattern[str]
    list_heading: re.Pattern[str]
    inline: re.Pattern[str]


def _alternation(groups: dict[str, tuple[str, ...]]) -> str:
    return "|".join(f"(?:{p})" for patterns in groups.values() for p in patterns)


@cache
def _rules() -> _Rules:
    """Compiled once on first use (no work at import)."""
    return _Rules(
        line=re.compile(rf"(?:{_alternation(_LINE_CHROME)})\s*", re.IGNORECASE),
        list_heading=re.compile(
            rf"(?:{_alternation(_LIST_HEADINGS)})\s*[:\-–—]?\s*", re.IGNORECASE
        ),
        inline=re.compile(_alternation(_INLINE_CHROME), re.MULTILINE),
    )


def _lines(text: str) -> list[Span]:
    """Each line's span (any newline style) with whitespace and leading markup trimmed."""
    spans: list[Span] = []
    pos = 0
    for newline in re.finditer(r"\r\n|\r|\n", text):
        spans.append(_trim(text, pos, newline.start()))
        pos = newline.end()
    spans.append(_trim(text, pos, len(text)))
    return spans


def _trim(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    markup = _LEAD_MARKUP.match(text, start, end)
    if markup and markup.end() < end:
        start = markup.end()
    return start, end


def _norm(line: str) -> str:
    return " ".join(line.split()).casefold()


def is_title_like(line: str) -> bool:
    """A short line that does not end a sentence: a headline or sub-heading, not a paragraph."""
    stripped = line.strip().rstrip(_CLOSERS)
    if not stripped or len(line) > MAX_TITLE_CHARS or not any(c.isalpha() for c in line):
        return False
    if len(line.split()) > MAX_TITLE_WORDS or _INNER_SENTENCE_END.search(stripped):
        return False
    return stripped[-1] not in ".:;,"


def _find_title(text: str, lines: list[Span], kinds: list[str]) -> int | None:
    """Index of the headline line: the first title-like line repeated later, else the first
    title-like line before the first paragraph."""
    candidates = [i for i, k in enumerate(kinds) if k == "text"]
    norms = {i: _norm(text[slice(*lines[i])]) for i in candidates}
    counts: dict[str, int] = {}
    for i in candidates:
        counts[norms[i]] = counts.get(norms[i], 0) + 1
    for i in candidates:
        line = text[slice(*lines[i])]
        if counts[norms[i]] > 1 and is_title_like(line) and len(line.split()) >= MIN_TITLE_WORDS:
            return i
    for i in candidates:
        line = text[slice(*lines[i])]
        if not is_title_like(line):
            return None  # reached the first paragraph without a headline
        if len(line.split()) >= MIN_TITLE_WORDS:
            return i
    return None


def _classify(text: str, lines: list[Span]) -> list[str]:
    """ "blank", "chrome" or "text" for each line."""
    rules = _rules()
    kinds: list[str] = []
    in_list = False
    for start, end in lines:
        if start == end:
            kinds.append("blank")
            continue
        line = text[start:end]
        if rules.list_heading.fullmatch(line):
            kinds.append("chrome")
            in_list = True
        elif rules.line.fullmatch(line):
            kinds.append("chrome")
        elif in_list and is_title_like(line):
            kinds.append("chrome")  # a headline in a "related" list
        else:
            in_list = False
            kinds.append("text")
    return kinds


def _split_inline(text: str, start: int, end: int) -> tuple[list[Span], list[Span], bool]:
    """Pieces of a line around inline chrome, the chrome spans, and whether the tail was cut."""
    pieces: list[Span] = []
    dropped: list[Span] = []
    cursor = start
    for match in _rules().inline.finditer(text, start, end):
        if match.start() == match.end():
            continue
        piece = _trim_plain(text, cursor, match.start())
        if piece[0] < piece[1]:
            pieces.append(piece)
        chrome = _trim_plain(text, match.start(), match.end())
        if chrome[0] < chrome[1]:
            dropped.append(chrome)
        cursor = match.end()
    tail = _trim_plain(text, cursor, end)
    cut_tail = tail[0] >= tail[1] and bool(dropped)
    if tail[0] < tail[1]:
        pieces.append(tail)
    return pieces, dropped, cut_tail


def _trim_plain(text: str, start: int, end: int) -> Span:
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    return start, end


def _continues(line: str) -> bool:
    """True when a line is hard-wrapped prose that goes on in the next line."""
    stripped = line.rstrip().rstrip(_CLOSERS)
    return len(line) >= _HARD_WRAP_MIN and bool(stripped) and stripped[-1] not in _SENTENCE_END


def clean_text(text: str) -> Cleaned:
    """Find the body paragraphs, the headline and the chrome of a (possibly scraped) article."""
    lines = _lines(text)
    kinds = _classify(text, lines)
    dropped: list[Span] = [lines[i] for i, k in enumerate(kinds) if k == "chrome"]

    title_index = _find_title(text, lines, kinds)
    title: Span | None = None
    title_spans: list[Span] = []
    if title_index is not None:
        title = lines[title_index]
        key = _norm(text[slice(*title)])
        for i, kind in enumerate(kinds):
            if kind == "text" and _norm(text[slice(*lines[i])]) == key:
                kinds[i] = "title"
                title_spans.append(lines[i])
        # Short lines before the headline (section labels) are page furniture; a kicker or a
        # dateline that states a figure (`Rp1,3 triliun untuk logistik`, `JAKARTA, 14 Mei
        # 2025`) is content and stays, as does any prose (a lede) above the headline.
        for i in range(title_index):
            line = text[slice(*lines[i])]
            if kinds[i] == "text" and is_title_like(line) and not any(c.isdigit() for c in line):
                kinds[i] = "chrome"
                dropped.append(lines[i])

    body: list[Span] = []
    joinable = False  # the last region ends a line that wraps onto the next one
    for i, kind in enumerate(kinds):
        if kind != "text":
            joinable = False
            continue
        start, end = lines[i]
        pieces, chrome, cut_tail = _split_inline(text, start, end)
        dropped.extend(chrome)
        if not pieces:
            joinable = False
            continue
        if joinable and pieces[0][0] == start:
            body[-1] = (body[-1][0], pieces[0][1])
            pieces = pieces[1:]
        body.extend(pieces)
        joinable = not cut_tail and _continues(text[start:end])

    if body:
        start, end = body[0]
        after = dateline_end(text, start, end)
        if after > start:
            dropped.append(_trim_plain(text, start, after))
            rest = _trim_plain(text, after, end)
            body = ([rest] if rest[0] < rest[1] else []) + body[1:]

    if not body and title is not None:
        # A headline is the headline of something: a text that is only a short line (a one-line
        # stdin, a single sentence without a period) is that line as body, not an empty article.
        body = [title]
        dropped.extend(title_spans[1:])
        title, title_spans = None, []

    return Cleaned(
        body=tuple(body),
        title=title,
        title_spans=tuple(title_spans),
        dropped=tuple(sorted(dropped)),
    )


def body_text(text: str, cleaned: Cleaned, sep: str = "\n\n") -> str:
    """The body regions joined: for language detection and quick looks, not for offsets."""
    return sep.join(text[s:e] for s, e in cleaned.body)
