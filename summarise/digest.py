"""The digest: a batch grouped into stories, each with its facts, its figures aligned across
the articles, and the places where the sources disagree.

Grouping (pure Python, no model: a batch of hundreds is tens of thousands of set comparisons):
two articles are one story when either

* their cleaned bodies are near-duplicates: Jaccard similarity of word 3-shingles
  >= `NEAR_DUPLICATE` (a syndicated copy, a rewrite that changes a figure), or
* they report the same event: they share at least `MIN_SHARED_NAMES` names (capitalised words
  inside sentences, minus places, months and titles that every article has), with an overlap
  coefficient >= `MIN_NAME_OVERLAP`, and at least one figure of the same identity
  (summarise.guard.identity: kind, exact value, currency, noun), dates and small numbers not
  counted. This links an English and an Indonesian report of one deal.

Stories are the connected groups of these links. Alignment: a figure's **slot** is its
identity without the value plus the subject it belongs to (the nearest word of a small
Indonesian/Malay/English lexicon before it in its sentence: funding, valuation, revenue, …).
Figures of one slot are the same quantity; two articles that state a slot with no value in
common are a **conflict**, and so is one article stating one slot with two values a power of
1,000 apart (`$6.6 juta` and `$6.6 miliar`). A figure with no known subject aligns only with
figures of identical identity, and never conflicts.
"""

from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass
from decimal import Decimal
from typing import TYPE_CHECKING, Any

from summarise.guard import identity
from summarise.values import Figure, Result

if TYPE_CHECKING:
    from summarise.convert import Converter

SCHEMA = "summarise.digest/1"
NEAR_DUPLICATE = 0.5
MIN_SHARED_NAMES = 2
MIN_NAME_OVERLAP = 0.3
FACT_SAME = 0.6
SAME_WORDS = 0.7  # Jaccard of the words around two figures at which they state one thing
TOP_AMOUNTS = 10

_WORD = re.compile(r"[^\W\d_]+(?:[-'][^\W\d_]+)*")
_NAME = re.compile(r"\b[A-Z][\w&]*(?:-[\w&]+)*")
# Names that say nothing about which story an article is: places, calendar, titles, openers.
_COMMON_NAMES = frozenset(
    """
    indonesia jakarta malaysia singapore singapura vietnam thailand philippines filipina asia
    tenggara southeast asean jawa java surabaya bandung bali kuala lumpur tanah air
    january february march april may june july august september october november december
    januari februari maret mei juni juli agustus oktober desember
    jan feb mar apr jun jul aug agu sep sept oct okt nov dec des
    monday tuesday wednesday thursday friday saturday sunday
    senin selasa rabu kamis jumat sabtu minggu ahad isnin khamis
    ceo cfo coo cto chief officer founder pendiri direktur director president presiden
    menteri minister rp rm us usd idr myr sgd the this that it in on at we our ia dia kami
    menurut according seri series ipo gmv ebitda pt tbk bhd sdn inc ltd
    """.split()  # noqa: SIM905 (a word list reads better as text)
)
# Subject words (Indonesian, Malay, English) → the English concept a figure belongs to.
_SUBJECTS: dict[str, str] = {}
for _concept, _words in {
    "funding": "pendanaan pembiayaan funding raised raises raise round putaran suntikan",
    "valuation": "valuasi valuation valued valuing bernilai",
    "revenue": "pendapatan revenue revenues sales penjualan hasil jualan",
    "profit": "laba profit profits keuntungan untung",
    "loss": "rugi kerugian loss losses",
    "market size": "pasar market",
    "investment": "investasi investment invest pelaburan capex belanja",
    "debt": "utang pinjaman loan loans debt hutang",
    "acquisition": "akuisisi acquisition acquire acquired",
    "transaction value": "gmv transaksi transaction transactions",
    "growth": "naik tumbuh growth grew rose increase meningkat melonjak",
    "decline": "turun fell drop dropped decline merosot anjlok",
    "margin": "margin",
    "stake": "saham stake shares ekuiti",
    "price": "harga price tarif",
}.items():
    for _w in _words.split():
        _SUBJECTS[_w] = _concept
_VERB_CONCEPTS = frozenset({"growth", "decline"})  # used only when no noun is near
_SUBJECT_BEFORE = 8  # words before the figure searched for its subject
_SUBJECT_AFTER = 3


# --- per-article features -------------------------------------------------------------------


@dataclass(frozen=True)
class Article:
    """One article as the digest sees it."""

    id: str
    result: Result
    shingles: frozenset[tuple[str, ...]]
    names: frozenset[str]
    signature: frozenset[tuple[Any, ...]]  # identities of its distinctive figures
    date: str | None

    @property
    def path(self) -> str:
        return self.result.document.input.path

    @property
    def headline(self) -> str:
        r = self.result
        if r.title_english:
            return r.title_english
        if r.document.title is not None:
            return r.document.title.text
        first = r.document.sentences[0].text if r.document.sentences else r.document.input.path
        return first[:120]


def _body(result: Result) -> str:
    return " ".join(s.text for s in result.document.sentences)


def _shingles(text: str, n: int = 3) -> frozenset[tuple[str, ...]]:
    words = [w.lower() for w in _WORD.findall(text)]
    return frozenset(tuple(words[i : i + n]) for i in range(max(0, len(words) - n + 1)))


def _names(result: Result) -> frozenset[str]:
    """Capitalised words inside body sentences (not the first word, not the Title Case
    headline), lower-cased, minus the common ones."""
    out = set()
    for s in result.document.sentences:
        for m in _NAME.finditer(s.text):
            if m.start() == 0 or len(m.group()) < 3:
                continue
            name = m.group().lower()
            if name not in _COMMON_NAMES:
                out.add(name)
    return frozenset(out)


def _distinctive(fig: Figure) -> bool:
    """Figures that can tell two stories apart: not dates, not small counts."""
    if fig.kind in ("date", "age"):
        return False
    if fig.kind in ("count", "number", "quantity"):
        return isinstance(fig.value, Decimal) and fig.value >= 100
    return True


def _signature(result: Result) -> frozenset[tuple[Any, ...]]:
    out = set()
    for f in result.figures:
        if _distinctive(f):
            i = identity(f)
            out.add((i.family, i.value, i.value_max, i.currency, i.points, i.noun))
    return frozenset(out)


def make_article(index: int, result: Result) -> Article:
    from summarise.table import article_date

    return Article(
        id=f"a{index + 1}",
        result=result,
        shingles=_shingles(_body(result)),
        names=_names(result),
        signature=_signature(result),
        date=article_date(result.figures),
    )


# --- grouping --------------------------------------------------------------------------------


def _jaccard(a: frozenset[Any], b: frozenset[Any]) -> float:
    return len(a & b) / len(a | b) if a and b else 0.0


def related(a: Article, b: Article) -> str | None:
    """Why two articles are one story ("near-duplicate" / "same event"), or None."""
    if _jaccard(a.shingles, b.shingles) >= NEAR_DUPLICATE:
        return "near-duplicate"
    shared = a.names & b.names
    if len(shared) >= MIN_SHARED_NAMES and a.signature & b.signature:
        overlap = len(shared) / min(len(a.names), len(b.names))
        if overlap >= MIN_NAME_OVERLAP:
            return "same event"
    return None


def group(articles: Sequence[Article]) -> tuple[list[list[int]], list[tuple[int, int, str]]]:
    """Connected groups of related articles, each in input order, groups by first article;
    and the links that joined them (i, j, why): a pair already in one group is not compared."""
    parent = list(range(len(articles)))
    links: list[tuple[int, int, str]] = []

    def root(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    for i in range(len(articles)):
        for j in range(i + 1, len(articles)):
            if root(i) != root(j) and (why := related(articles[i], articles[j])):
                parent[max(root(i), root(j))] = min(root(i), root(j))
                links.append((i, j, why))
    groups: dict[int, list[int]] = {}
    for i in range(len(articles)):
        groups.setdefault(root(i), []).append(i)
    return list(groups.values()), links


# --- alignment -------------------------------------------------------------------------------


def subject(result: Result, fig: Figure) -> str | None:
    """The concept the figure is about: the nearest lexicon word before it in its sentence
    (after it when none is before), or None."""
    text = result.document.text
    if fig.sentence is not None and 0 <= fig.sentence < len(result.document.sentences):
        s = result.document.sentences[fig.sentence]
        lo, hi = s.start, s.end
    elif result.document.title is not None:
        lo, hi = result.document.title.start, result.document.title.end
    else:
        return None
    before = [w.lower() for w in _WORD.findall(text[lo : fig.start])][-_SUBJECT_BEFORE:]
    after = [w.lower() for w in _WORD.findall(text[fig.end : hi])][:_SUBJECT_AFTER]
    for words in (reversed(before), after):
        found = [_SUBJECTS[w] for w in words if w in _SUBJECTS]
        nouns = [c for c in found if c not in _VERB_CONCEPTS]  # `pendapatan … tumbuh dari`
        if nouns or found:
            return (nouns or found)[0]
    return None


def slot_key(result: Result, fig: Figure) -> tuple[Any, ...]:
    """What quantity the figure states: identity less the value, plus its subject; with no
    subject and no noun, the value too (it then aligns only with the same figure)."""
    i = identity(fig)
    subj = subject(result, fig) if fig.kind != "date" else None
    if subj is None and i.noun is None:
        return (i.family, i.currency, i.points, None, None, i.value, i.value_max, i.approx)
    return (i.family, i.currency, i.points, i.noun, subj)


def _label(fig: Figure, key: tuple[Any, ...]) -> str:
    family, currency, points, noun, subj = key[:5]
    parts = [subj or noun or family]
    if subj and noun:
        parts.append(noun)
    if currency:
        parts.append(currency)
    if points:
        parts.append("points")
    if len(key) > 5:
        parts = [fig.english]
    return " · ".join(parts)


def _base(f: Figure) -> tuple[Any, ...]:
    i = identity(f)
    return (i.family, i.currency, i.points, i.noun)


def _context(result: Result, f: Figure) -> frozenset[str]:
    """The words just around a figure in its sentence (four each side)."""
    text = result.document.text
    before = _WORD.findall(text[max(0, f.start - 80) : f.start])[-4:]
    after = _WORD.findall(text[f.end : f.end + 80])[:4]
    return frozenset(w.lower() for w in before + after)


def _power_of_thousand(a: Decimal, b: Decimal) -> bool:
    if a == 0 or b == 0 or a == b:
        return False
    big, small = max(a, b), min(a, b)
    ratio = big / small
    return ratio in (Decimal(1000), Decimal(10) ** 6, Decimal(10) ** 9)


def _value_of(f: Figure) -> tuple[str, str | None]:
    return (str(f.value), None if f.value_max is None else str(f.value_max))


# --- the digest object -----------------------------------------------------------------------


def _plain(v: Decimal | str | None) -> str | None:
    if v is None:
        return None
    if isinstance(v, Decimal):
        from summarise.convert import plain

        return plain(v)
    return v


def _figure_json(art: Article, f: Figure, converter: Converter | None) -> dict[str, Any]:
    out: dict[str, Any] = {
        "article": art.id,
        "text": f.text,
        "english": f.english,
        "kind": f.kind,
        "value": _plain(f.value),
        "value_max": _plain(f.value_max),
        "currency": f.currency,
        "sentence": f.sentence,
        "start": f.start,
        "end": f.end,
    }
    if converter is not None and f.kind == "money" and f.currency and isinstance(f.value, Decimal):
        c = converter.convert(f.value, f.value_max, f.currency, art.date)
    else:
        c = None
    if c is not None:
        out["converted"] = {
            "value": _plain(c.value),
            "value_max": _plain(c.value_max),
            "currency": c.currency,
            "display": c.display,
            "rate": c.rate_text,
            "rates": [
                {"base": r.base, "quote": r.quote, "rate": str(r.rate), "date": r.date}
                for r in c.rates
            ],
        }
    return out


def _facts(arts: Sequence[Article]) -> list[dict[str, Any]]:
    """The union of the articles' bullets: a bullet that states what an earlier one stated
    (token Jaccard >= FACT_SAME) joins it as another source."""
    facts: list[dict[str, Any]] = []
    tokens: list[frozenset[str]] = []
    for art in arts:
        for b in art.result.bullets:
            text = b.english or b.source
            toks = frozenset(w.lower() for w in _WORD.findall(text)) | frozenset(
                re.findall(r"\d+(?:[.,]\d+)*", text)
            )
            hit = next((k for k, t in enumerate(tokens) if _jaccard(t, toks) >= FACT_SAME), None)
            if hit is not None:
                if art.id not in facts[hit]["articles"]:
                    facts[hit]["articles"].append(art.id)
                continue
            tokens.append(toks)
            facts.append(
                {
                    "text": text,
                    "source": b.source,
                    "fidelity": b.fidelity,
                    "articles": [art.id],
                }
            )
    return facts


def _figures_table(
    arts: Sequence[Article], converter: Converter | None
) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Rows of the story's figures table (one per slot) and the conflicts among them."""
    slots: dict[tuple[Any, ...], list[tuple[Article, Figure]]] = {}
    # base → words around → figures seen there: (order, article id, figure, slot key)
    seen: dict[tuple[Any, ...], dict[frozenset[str], list[tuple[int, str, Figure, Any]]]] = {}
    echoes: dict[int, str] = {}  # id(figure) → the figure of another article in its words
    order = 0
    for art in arts:
        for f in art.result.figures:
            key, ctx = slot_key(art.result, f), _context(art.result, f)
            contexts = seen.setdefault(_base(f), {})
            # The same words around a figure of the same kind in another article: the same
            # quantity, whatever the subject lexicon says (a copy that changed one figure).
            # A twin of the same value first, then the closest words, then the earliest.
            best: tuple[bool, float, int, Figure, Any] | None = None
            for words in [ctx] if ctx in contexts else contexts:
                similarity = 1.0 if words == ctx else _jaccard(words, ctx)
                if similarity < SAME_WORDS:
                    continue
                others = [e for e in contexts[words] if e[1] != art.id]
                same = [e for e in others if _value_of(e[2]) == _value_of(f)]
                for e in (same or others)[:1]:
                    cand = (not same, -similarity, e[0], e[2], e[3])
                    if best is None or cand[:3] < best[:3]:
                        best = cand
            if best is not None:
                key = best[4]
                if _value_of(best[3]) != _value_of(f):
                    echoes[id(f)] = best[3].text
            contexts.setdefault(ctx, []).append((order, art.id, f, key))
            order += 1
            slots.setdefault(key, []).append((art, f))
    rows, conflicts = [], []
    for key, items in slots.items():
        by_article: dict[str, set[tuple[str, str | None]]] = {}
        for art, f in items:
            by_article.setdefault(art.id, set()).add(_value_of(f))
        status = "agree" if len(by_article) > 1 else "single source"
        notes: list[str] = []
        keyed = len(key) == 5 and key[0] != "date"
        for art, f in items:
            if id(f) in echoes:
                status = "conflict"
                notes.append(
                    f"{art.id} writes {f.text!r} where another source writes "
                    f"{echoes[id(f)]!r} in the same words"
                )
        if keyed:
            ids = list(by_article)
            disjoint = any(
                not by_article[ids[x]] & by_article[ids[y]]
                for x in range(len(ids))
                for y in range(x + 1, len(ids))
            )
            if disjoint:
                status = "conflict"
                notes.append("the sources give different values, none in common")
                values = {Decimal(v) for vals in by_article.values() for v, _ in vals}
                if any(_power_of_thousand(x, y) for x in values for y in values):
                    notes.append("values a power of 1,000 apart: check the scale word")
            for art, f in items:
                others = [
                    g for a2, g in items if a2.id == art.id and g is not f and g.start > f.start
                ]
                for g in others:
                    if (
                        isinstance(f.value, Decimal)
                        and isinstance(g.value, Decimal)
                        and _power_of_thousand(f.value, g.value)
                    ):
                        status = "conflict"
                        notes.append(
                            f"{art.id} states both {f.text!r} and {g.text!r}, a power of "
                            "1,000 apart: check the scale word"
                        )
        first = items[0][1]
        row = {
            "slot": {
                "family": key[0],
                "currency": key[1],
                "points": key[2],
                "noun": key[3],
                "subject": key[4],
            },
            "label": _label(first, key),
            "kind": first.kind,
            "status": status,
            "notes": notes,
            "values": [_figure_json(a, f, converter) for a, f in items],
        }
        rows.append(row)
        if status == "conflict":
            conflicts.append(
                {
                    "label": row["label"],
                    "notes": notes,
                    "values": [
                        {"article": a.id, "text": f.text, "english": f.english} for a, f in items
                    ],
                }
            )
    rows.sort(key=lambda r: (r["status"] != "conflict", r["status"] == "single source"))
    return rows, conflicts


def build_digest(
    results: Sequence[Result],
    *,
    converter: Converter | None = None,
    failed: int = 0,
) -> dict[str, Any]:
    """The `summarise.digest/1` object for a batch of results."""
    from summarise import __version__

    arts = [make_article(i, r) for i, r in enumerate(results)]
    groups, edges = group(arts)
    story_of: dict[str, str] = {}
    stories = []
    ordered = sorted(groups, key=lambda g: (-len(g), g[0]))
    for n, members in enumerate(ordered, start=1):
        sid = f"s{n}"
        members_arts = [arts[i] for i in members]
        for a in members_arts:
            story_of[a.id] = sid
        rows, conflicts = _figures_table(members_arts, converter)
        mine = set(members)
        links = [
            {"articles": [arts[i].id, arts[j].id], "reason": why}
            for i, j, why in edges
            if i in mine
        ]
        stories.append(
            {
                "id": sid,
                "headline": members_arts[0].headline,
                "articles": [a.id for a in members_arts],
                "links": links,
                "facts": _facts(members_arts),
                "figures": rows,
                "conflicts": conflicts,
            }
        )
    articles = [
        {
            "id": a.id,
            "path": a.path,
            "headline": a.headline,
            "headline_source": None
            if a.result.document.title is None
            else a.result.document.title.text,
            "language": a.result.language.code,
            "date": a.date,
            "story": story_of[a.id],
        }
        for a in arts
    ]
    return {
        "schema": SCHEMA,
        "version": __version__,
        "method": {
            "grouping": "word 3-shingle Jaccard, or shared names plus a shared figure",
            "near_duplicate_jaccard": NEAR_DUPLICATE,
            "min_shared_names": MIN_SHARED_NAMES,
            "min_name_overlap": MIN_NAME_OVERLAP,
            "fact_same_jaccard": FACT_SAME,
            "same_words_jaccard": SAME_WORDS,
        },
        "conversion": None if converter is None else _conversion_json(converter),
        "articles": articles,
        "stories": stories,
        "overview": _overview(arts, story_of, stories, converter),
        "failed": failed,
    }


def _conversion_json(converter: Converter) -> dict[str, Any]:
    return {
        "to": converter.target,
        "rates": [
            {
                "base": r.base,
                "quote": r.quote,
                "rate": str(r.rate),
                "date": r.date,
                "source": r.source,
            }
            for r in converter.rates
        ],
        "rounding": "half-up to 0.01 of the target currency",
    }


def _overview(
    arts: Sequence[Article],
    story_of: dict[str, str],
    stories: Sequence[dict[str, Any]],
    converter: Converter | None,
) -> dict[str, Any]:
    """Stories by size, the largest amounts (per currency, or converted), money over time."""
    money = []
    seen: set[tuple[Any, ...]] = set()
    for a in arts:
        for f in a.result.figures:
            if f.kind != "money" or not isinstance(f.value, Decimal) or not f.currency:
                continue
            key = (story_of[a.id], f.currency, str(f.value), str(f.value_max))
            if key in seen:
                continue
            seen.add(key)
            money.append((a, f))

    def size(item: tuple[Article, Figure]) -> tuple[str, Decimal]:
        a, f = item
        assert isinstance(f.value, Decimal)
        if converter is not None:
            assert f.currency is not None
            converted = converter.convert(f.value, None, f.currency, a.date)
            assert converted is not None  # only convertible amounts are ranked together
            return ("", converted.value)
        return (f.currency or "", f.value)

    largest: list[tuple[Article, Figure]] = []
    if converter is not None:
        known = [(a, f) for a, f in money if converter.convert(f.value, None, f.currency, a.date)]
        largest = sorted(known, key=lambda x: size(x)[1], reverse=True)[:TOP_AMOUNTS]
    else:
        for cur in sorted({f.currency for _, f in money if f.currency}):
            mine = [x for x in money if x[1].currency == cur]
            largest += sorted(mine, key=lambda x: size(x)[1], reverse=True)[:TOP_AMOUNTS]
    timeline = sorted(
        ((a, f) for a, f in money if a.date),
        key=lambda x: (x[0].date or "", x[0].id, x[1].start),
    )

    def entry(a: Article, f: Figure) -> dict[str, Any]:
        return {"story": story_of[a.id], "date": a.date, **_figure_json(a, f, converter)}

    return {
        "stories_by_size": [
            {"story": s["id"], "articles": len(s["articles"]), "headline": s["headline"]}
            for s in stories
        ],
        "largest_amounts": [entry(a, f) for a, f in largest],
        "timeline": [entry(a, f) for a, f in timeline],
    }
