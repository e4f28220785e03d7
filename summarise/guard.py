"""The number-fidelity guard: the one place that decides whether an English text states the
figures of its source, for every mode (extractive bullets, titles, abstractive summaries).

Rules (the README states them for users):

* Every source figure must be in the English with the same **identity**: kind family (money,
  share, date, or a number of something), exact value and upper end of a range, currency,
  percentage points vs percent, approximate vs exact, and the counted noun or unit in normalised
  English (employees ≠ companies, GW ≠ MW, days ≠ months; synonyms such as staff/employees
  agree). Figures of one family keep their order, so two swapped amounts are not ok.
* Every figure and every digit in the English must be supported by the **source text** (never
  by another translation): a figure by a source figure, any other digits by the same digits in
  the source (model numbers, times, phone numbers, ordinals) or by a source number word.
* A source figure whose reading is in doubt (number convention unclear, digits that may belong
  to a name) is never repaired toward one reading: the bullet is flagged and both readings named.
* A repair is kept only when its English passes every rule above and is English, not an echo of
  the source.

Pure functions of texts and figures; models come in as plain callables (`Retranslator`), so this
module imports no backend and no translation code.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Literal

from summarise.values import Fidelity, Figure

LOST = "part of the text came back empty from the translator"

_FAMILY = {
    "money": "money",
    "percent": "percent",
    "date": "date",
    "count": "number",
    "quantity": "number",
    "number": "number",
    "age": "number",
}
_AGE_NOUN = "years old"
_DIGIT_RUN = re.compile(r"[0-9]+(?:[.,:/][0-9]+)*")
_WORD = re.compile(r"[^\W\d_]+(?:-[^\W\d_]+)*")


# --- figure identity -----------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Identity:
    """What a figure means, as the guard compares it across languages."""

    family: str
    value: str
    value_max: str | None
    currency: str | None
    points: bool
    approx: bool
    noun: str | None  # normalised English noun or unit; None when unknown or bare

    def same(self, other: Identity) -> bool:
        """Equal in every part; a noun known on one side only does not disagree."""
        return (
            self.family == other.family
            and self.value == other.value
            and self.value_max == other.value_max
            and self.currency == other.currency
            and self.points == other.points
            and self.approx == other.approx
            and (self.noun is None or other.noun is None or self.noun == other.noun)
        )


def _noun_classes() -> dict[str, str]:
    from summarise.figures.grammar.en import GLOSS_CLASSES

    return GLOSS_CLASSES


def canonical_noun(word: str | None) -> str | None:
    """`Staff`, `employee`, `employees` → one class name; units likewise (`GW` = gigawatts)."""
    if not word:
        return None
    from summarise.figures.grammar.en import GRAMMAR as EN

    w = " ".join(word.lower().split())
    classes = _noun_classes()
    if w in classes:
        return classes[w]
    gloss = EN.count_nouns.get(w) or EN.units.get(w)
    if gloss:
        return classes.get(gloss.lower(), gloss.lower())
    if w.endswith("s") and len(w) > 3:
        return classes.get(w[:-1], w)
    return w


def identity(fig: Figure) -> Identity:
    """The figure's identity. Only a noun or unit the grammar knows (its English gloss)
    counts: in `200 leading firms` the English engine sees `leading`, which says nothing
    about what is counted."""
    if fig.kind == "age":
        noun: str | None = _AGE_NOUN
    elif fig.kind in ("count", "quantity") and fig.unit_english:
        noun = canonical_noun(fig.unit_english)
        noun = None if noun in _generic() else noun
    else:
        noun = None
    return Identity(
        family=_FAMILY.get(fig.kind, fig.kind),
        value=str(fig.value),
        value_max=None if fig.value_max is None else str(fig.value_max),
        currency=fig.currency,
        points=fig.points,
        approx=fig.approx,
        noun=noun,
    )


def _generic() -> frozenset[str]:
    from summarise.figures.grammar.en import GENERIC_NOUNS

    return GENERIC_NOUNS


def _multiple_in_words(fig: Figure, english: str) -> bool:
    """`dua kali` stated as "twice", `dua kali lipat` as "doubled"."""
    from summarise.figures.grammar.en import MULTIPLE_WORDS

    multiple = fig.unit == "x" or canonical_noun(fig.unit_english) in ("times", "-fold")
    if fig.kind not in ("quantity", "number") or not multiple:
        return False
    words = {w.lower() for w in _WORD.findall(english)}
    return any(MULTIPLE_WORDS.get(w) == fig.value for w in words)


def alternative(fig: Figure) -> Identity | None:
    """The other reading of a doubtful figure (the other number convention), if it has one."""
    if fig.doubt != "convention" or fig.alt_value is None:
        return None
    ident = identity(fig)
    return Identity(
        ident.family,
        str(fig.alt_value),
        None,
        ident.currency,
        ident.points,
        ident.approx,
        ident.noun,
    )


# --- the verdict -----------------------------------------------------------------------------


@dataclass(frozen=True)
class Verdict:
    """`status` "ok" when the English passes every rule, else "flagged" with `problems`, each a
    sentence naming the source figure or the English number at fault."""

    status: Literal["ok", "flagged"]
    problems: list[str] = field(default_factory=list)
    repairable: bool = True  # False when a doubtful source reading is involved

    @property
    def ok(self) -> bool:
        return self.status == "ok"


def _describe(fig: Figure) -> str:
    return f'"{fig.text}" ({fig.english})'


def _difference(src: Identity, eng: Identity) -> str | None:
    """What differs between two readings of one value, in words, or None if the value does."""
    if src.family != eng.family or src.value != eng.value:
        return None
    if src.value_max != eng.value_max:
        return "a different range"
    if src.currency != eng.currency:
        return f"{eng.currency or 'no currency'} instead of {src.currency or 'no currency'}"
    if src.points != eng.points:
        return "percent instead of percentage points" if src.points else "points, not percent"
    if src.approx != eng.approx:
        return "an exact figure, not an approximate one" if src.approx else "approximate"
    if src.noun and eng.noun and src.noun != eng.noun:
        return f"{eng.noun} instead of {src.noun}"
    return None


def _english_figures(english: str) -> list[Figure]:
    from summarise.figures import extract_figures

    return extract_figures(english, "en")


@dataclass
class _Match:
    """Which English figure each source figure went to (None: missing)."""

    to: list[int | None]
    used: set[int]


def _assign(src: Sequence[Identity], eng: Sequence[Identity]) -> _Match:
    """Each source figure, in order, takes the first unused English figure with its identity;
    a range may also be stated as two English figures (`Rp 10 to Rp 11 billion`)."""
    to: list[int | None] = []
    used: set[int] = set()
    for s in src:
        hit = next((j for j, e in enumerate(eng) if j not in used and s.same(e)), None)
        if hit is None and s.value_max is not None:
            low = Identity(s.family, s.value, None, s.currency, s.points, s.approx, s.noun)
            high = Identity(s.family, s.value_max, None, s.currency, s.points, s.approx, s.noun)
            a = next((j for j, e in enumerate(eng) if j not in used and low.same(e)), None)
            b = next(
                (j for j, e in enumerate(eng) if j not in used and j != a and high.same(e)), None
            )
            if a is not None and b is not None:
                used.add(b)
                hit = a
        if hit is not None:
            used.add(hit)
        to.append(hit)
    # Two source figures stated as one English range (`Rp 10 miliar hingga Rp 11 miliar` →
    # `Rp 10 to Rp 11 billion`).
    for j, e in enumerate(eng):
        if j in used or e.value_max is None:
            continue
        low = Identity(e.family, e.value, None, e.currency, e.points, e.approx, e.noun)
        high = Identity(e.family, e.value_max, None, e.currency, e.points, e.approx, e.noun)
        a = next((k for k, s in enumerate(src) if to[k] is None and low.same(s)), None)
        b = next((k for k, s in enumerate(src) if to[k] is None and k != a and high.same(s)), None)
        if a is not None and b is not None:
            to[a] = to[b] = j
            used.add(j)
    return _Match(to, used)


_SLASH_DATE = re.compile(r"\d{1,2}/\d{1,2}(?:/\d{2,4})?")


def _month_first(fig: Figure, ident: Identity, src: Sequence[Identity]) -> Identity:
    """English writes `(1/7)` month first as often as day first: when only the month-first
    reading is a source date, that is the reading the translation meant."""
    if fig.kind != "date" or not _SLASH_DATE.fullmatch(fig.text) or any(ident.same(s) for s in src):
        return ident
    parts = ident.value.split("-")
    if ident.value.startswith("--"):
        year, month, day = "", parts[2], parts[3]
    else:
        year, month, day = parts[0], parts[1], parts[2] if len(parts) > 2 else ""
    if not day or int(day) > 12:
        return ident
    value = f"{year}-{day}-{month}" if year else f"--{day}-{month}"
    swapped = Identity(ident.family, value, None, None, False, False, None)
    return swapped if any(swapped.same(s) for s in src) else ident


def _swaps(src_figs: Sequence[Figure], src: Sequence[Identity], match: _Match) -> list[str]:
    """Figures of one family and kind of thing must keep their order: a swap pairs each value
    with the wrong subject (`revenue 30%, profit 20%` for `revenue 20%, profit 30%`)."""
    out = []
    for a in range(len(src)):
        for b in range(a + 1, len(src)):
            ia, ib = match.to[a], match.to[b]
            if ia is None or ib is None or ia <= ib:
                continue
            sa, sb = src[a], src[b]
            if sa.value == sb.value or (sa.family, sa.currency, sa.points, sa.noun) != (
                sb.family,
                sb.currency,
                sb.points,
                sb.noun,
            ):
                continue
            out.append(
                f"{_describe(src_figs[a])} and {_describe(src_figs[b])} are swapped in the "
                "translation"
            )
    return out


_CLOCK = re.compile(r"\s?(?:(?P<am>a\.?m\.?)|(?P<pm>p\.?m\.?))(?![^\W\d_])", re.IGNORECASE)


def _groups(run: str) -> tuple[int, ...]:
    return tuple(int(g) for g in re.split(r"[.,:/]", run))


def _runs(text: str) -> list[tuple[str, ...]]:
    return [tuple(re.split(r"[.,:/]", m.group())) for m in _DIGIT_RUN.finditer(text)]


def _run_supported(groups: tuple[int, ...], source_runs: Sequence[tuple[str, ...]]) -> bool:
    """The same digit groups (`10.00` supports `10:00`, `0812` supports `0812`), or the hour of
    a full-hour clock time (`10.00` supports `10 a.m.`)."""
    for run in source_runs:
        if tuple(int(g) for g in run) == groups:
            return True
        is_full_hour = len(run) == 2 and run[1] == "00" and int(run[0]) <= 24
        if is_full_hour and groups == (int(run[0]),):
            return True
    return False


def _clock_24h(groups: tuple[int, ...], english: str, end: int) -> tuple[int, ...] | None:
    """`5 PM`, `2.30 p.m.` → (17,), (14, 30): how a 24-hour source (`pukul 17.00`) reads."""
    m = _CLOCK.match(english, end)
    if m is None or not 1 <= groups[0] <= 12:
        return None
    hour = groups[0] % 12 + (12 if m["pm"] else 0)
    return (hour, *groups[1:])


def _source_word_values(source: str, lang: str) -> set[int]:
    """Values of the source's number words and ordinals (`ketiga` supports an English `3rd`)."""
    from summarise.figures.grammar import load_grammar

    g = load_grammar(lang)
    out: set[int] = set()
    for m in _WORD.finditer(source.lower()):
        for word in (m.group(), *m.group().split("-")):
            tokens = g.number_words.get(word)
            if tokens and tokens[0][0] in ("unit", "tens"):
                out.add(tokens[0][1])
            if word in g.ordinals:
                out.add(g.ordinals[word])
            if word.startswith("ke") and g.number_words.get(word[2:]):
                tokens = g.number_words[word[2:]]
                if tokens[0][0] in ("unit", "tens"):
                    out.add(tokens[0][1])
    return out


def _stray_digits(
    english: str,
    covered: Sequence[tuple[int, int]],
    source: str,
    source_figs: Sequence[Figure],
    lang: str,
) -> list[str]:
    """Digits in the English outside its checked figures that the source text does not have."""
    source_runs = _runs(source)
    words: set[int] | None = None
    out = []
    for m in _DIGIT_RUN.finditer(english):
        if any(a <= m.start() < b for a, b in covered):
            continue
        groups = _groups(m.group())
        clock = _clock_24h(groups, english, m.end())
        if _run_supported(groups, source_runs) or (clock and _run_supported(clock, source_runs)):
            continue
        if len(groups) == 1:
            if words is None:
                words = _source_word_values(source, lang)
                words |= {
                    int(f.value)
                    for f in source_figs
                    if isinstance(f.value, Decimal) and f.value == f.value.to_integral_value()
                }
            if groups[0] in words:
                continue
        token = english[m.start() : m.end()]
        tail = re.match(r"(?:st|nd|rd|th|[A-Za-z]+)?", english[m.end() :])
        token += tail.group() if tail else ""
        out.append(f'"{token}" in the translation is not in the source')
    return list(dict.fromkeys(out))


def verify_translation(
    source: str,
    english: str,
    lang: str = "id",
    *,
    figures: Sequence[Figure] | None = None,
) -> Verdict:
    """Does `english` state exactly the figures of `source` (written in `lang`)?

    `figures`: the source figures when the caller has read them already (the pipeline reads
    them with the whole document's number convention); else they are read from `source`.
    """
    from summarise.figures import read_figures

    src_figs = list(figures) if figures is not None else read_figures(source, lang)
    eng_figs = _english_figures(english)
    src = [identity(f) for f in src_figs]
    eng = [_month_first(f, identity(f), src) for f in eng_figs]
    match = _assign(src, eng)
    problems: list[str] = []
    repairable = True
    for k, (fig, hit) in enumerate(zip(src_figs, match.to, strict=True)):
        if hit is not None or _one_in_words(fig) or _multiple_in_words(fig, english):
            continue
        if fig.doubt:
            repairable = False
            problems.append(_doubt_problem(fig, src[k], eng, english))
            continue
        near = next((d for e in eng if (d := _difference(src[k], e))), None)
        if near:
            problems.append(f"{_describe(fig)}: the translation has {near}")
        else:
            problems.append(f"{_describe(fig)} is missing or changed in the translation")
    problems += _swaps(src_figs, src, match)
    covered: list[tuple[int, int]] = []
    for j, (fig, e) in enumerate(zip(eng_figs, eng, strict=True)):
        covered.append((fig.start, fig.end))
        if j in match.used or any(s.same(e) for s in src):
            continue  # matched, or a source figure stated twice
        if fig.words and _word_figure_supported(fig, src_figs, source, lang):
            continue
        if fig.kind == "number" and not fig.unit:
            covered.pop()  # a bare number: its digits are checked against the source text
            continue
        problems.append(f'"{fig.text}" in the translation is not in the source')
    problems += _stray_digits(english, covered, source, src_figs, lang)
    problems = list(dict.fromkeys(problems))
    return Verdict("flagged" if problems else "ok", problems, repairable)


def _one_in_words(fig: Figure) -> bool:
    """`satu bulan`, `seorang`: a one written in words is routinely "a month", "a person"."""
    return fig.words and fig.kind in ("count", "quantity") and fig.value == 1


def _word_figure_supported(
    fig: Figure, source_figs: Sequence[Figure], source: str, lang: str
) -> bool:
    """An English number word (`two`) may restate a source value or a source number word."""
    if any(str(s.value) == str(fig.value) for s in source_figs):
        return True
    value = fig.value
    return (
        isinstance(value, Decimal)
        and value == int(value)
        and int(value) in _source_word_values(source, lang)
    )


def _doubt_problem(fig: Figure, src: Identity, eng: Sequence[Identity], english: str) -> str:
    if fig.doubt == "convention" and fig.alt_value is not None:
        alt = alternative(fig)
        said = " (the translation has the other)" if alt and any(alt.same(e) for e in eng) else ""
        return (
            f'"{fig.text}" can be read as {fig.english} or with the other number convention '
            f"as {_alt_english(fig)}; check the source{said}"
        )
    if fig.doubt == "name":
        digits = re.findall(r"[0-9]+", fig.text)
        return (
            f'"{fig.text}" can be read as {fig.english} or as part of a name '
            f"(digits {' '.join(digits)}); check the source"
        )
    return f'"{fig.text}" ({fig.english}): uncertain reading, missing in the translation'


def _alt_english(fig: Figure) -> str:
    from summarise.figures.render import english

    if fig.alt_value is None:
        return fig.english
    return english(
        fig.kind,
        fig.alt_value,
        currency=fig.currency,
        unit=fig.unit,
        unit_english=fig.unit_english,
        points=fig.points,
    )


# --- support: every number of a summary comes from the source --------------------------------


def unsupported(
    english: str, source_figs: Sequence[Figure], source_text: str, lang: str
) -> list[str]:
    """The numbers in `english` that nothing in the source states (empty: faithful).

    For text that restates a source in other words (a summary): each English figure must have
    the identity of some source figure (a date may be stated less precisely), and other digits
    must be in the source text. Only the source counts, never another translation.
    """
    eng_figs = _english_figures(english)
    src = [identity(f) for f in source_figs]
    out: list[str] = []
    for fig in eng_figs:
        e = identity(fig)
        if any(s.same(e) for s in src) or _vaguer_date(fig, source_figs):
            continue
        out.append(f'"{fig.text}"')
    covered = [(f.start, f.end) for f in eng_figs]
    for problem in _stray_digits(english, covered, source_text, source_figs, lang):
        out.append(problem.split(" in the translation", 1)[0])
    return list(dict.fromkeys(out))


def supports(english_fig: Figure, source_fig: Figure, lang: str) -> bool:
    """Whether one English figure states one source figure (alignment in abstractive mode)."""
    return identity(source_fig).same(identity(english_fig)) or _vaguer_date(
        english_fig, [source_fig]
    )


def _date_within(source: str, stated: str) -> bool:
    """`2024` or `2024-05` within `2024-05-14`; `--05-14` (no year) within `2024-05-14`."""
    if source == stated or source.startswith(stated + "-"):
        return True
    if stated.startswith("--") and source[:4].isdigit():
        rest, want = source[4:], stated[1:]
        return rest == want or rest.startswith(want + "-")
    return False


def _vaguer_date(fig: Figure, source: Sequence[Figure]) -> bool:
    if fig.kind != "date":
        return False
    stated = [str(fig.value)] + ([str(fig.value_max)] if fig.value_max else [])
    dates = [f for f in source if f.kind == "date"]
    return all(
        any(_date_within(str(v), s) for f in dates for v in (f.value, f.value_max) if v is not None)
        for s in stated
    )


# --- repair ------------------------------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class Checked:
    """The English to show for one source text and what the guard says of it."""

    english: str
    fidelity: Fidelity
    warnings: tuple[str, ...] = ()


#: How the guard asks for other translations: `translate(texts)` → (English, dropped) per text,
#: `candidates(text)` → n-best alternatives of one text (empty when the model has none).
Translate = Callable[[Sequence[str]], tuple[list[str], list[bool]]]
Candidates = Callable[[str], list[str]]


@dataclass(frozen=True, slots=True)
class Retranslator:
    translate: Translate
    candidates: Candidates | None = None


def placeholder(k: int) -> str:
    """Letters only (digits get mangled), unlikely words, stable across MT models."""
    import string

    return "ZQX" + string.ascii_uppercase[k % 26] * (1 + k // 26)


def locate(source: str, figs: Sequence[Figure]) -> list[tuple[int, int, Figure]]:
    """Spans of each figure's written text inside `source`, in order, without overlaps."""
    spans: list[tuple[int, int, Figure]] = []
    for fig in figs:
        taken = [(a, b) for a, b, _ in spans]
        pos = 0
        while (at := source.find(fig.text, pos)) >= 0:
            end = at + len(fig.text)
            if not any(a < end and at < b for a, b in taken):
                spans.append((at, end, fig))
                break
            pos = at + 1
    return sorted(spans, key=lambda s: s[0])


def with_placeholders(source: str, figs: Sequence[Figure]) -> tuple[str, dict[str, Figure]]:
    """`source` with each located figure replaced by a placeholder, and how to put them back."""
    out, last, mapping = [], 0, {}
    for k, (a, b, fig) in enumerate(locate(source, figs)):
        token = placeholder(k)
        out += [source[last:a], token]
        mapping[token] = fig
        last = b
    out.append(source[last:])
    return "".join(out), mapping


def restore(english: str, mapping: dict[str, Figure]) -> str | None:
    """Put the English rendering of each figure back; None if a placeholder went missing."""
    for token, fig in mapping.items():
        pattern = re.compile(re.escape(token), re.IGNORECASE)
        if len(pattern.findall(english)) != 1:
            return None
        english = pattern.sub(lambda _m, f=fig: f.english, english)
    return english


def pre_rendered(source: str, figs: Sequence[Figure]) -> str:
    """`source` with each figure already written in English ("US$14.3 billion")."""
    out, last = [], 0
    for a, b, fig in locate(source, figs):
        out += [source[last:a], fig.english]
        last = b
    out.append(source[last:])
    return "".join(out)


def _leaks_source_word(fig: Figure) -> bool:
    """A rendering that carries an untranslated source noun (`30 pangsit`) is not English."""
    return fig.kind == "count" and fig.unit is not None and fig.unit_english is None


def _attempts(source: str, figs: Sequence[Figure], model: Retranslator) -> list[str]:
    """Alternative translations, cheapest-to-trust first: placeholders, pre-rendered, beams."""
    found: list[str] = []
    usable = [f for f in figs if not _leaks_source_word(f)]
    if usable and len(usable) == len(figs):
        held, mapping = with_placeholders(source, figs)
        if mapping:
            (english, rendered), (dropped, dropped2) = model.translate(
                [held, pre_rendered(source, figs)]
            )
            restored = restore(english, mapping)
            if restored is not None and not dropped:
                found.append(restored)
            if not dropped2:
                found.append(rendered)
    if model.candidates is not None:
        found += [c for c in model.candidates(source) if c.strip()]
    return found


def is_english(english: str, source: str, lang: str) -> bool:
    """Not an echo of the source: at most half of its words are the source's own words
    (names, capitalised inside a source sentence, and English function words aside)."""
    if lang == "en":
        return True
    from summarise.figures.grammar.en import GRAMMAR as EN

    names = {m.group(2) for m in re.finditer(r"(?<![.!?\n])(\s)([A-Z][^\W\d_]+)", source)}
    source_words = {w.lower() for w in _WORD.findall(source) if w not in names}
    words = [w.lower() for w in _WORD.findall(english) if w not in names and len(w) > 2]
    words = [w for w in words if w not in EN.function_words]
    if not words:
        return True
    shared = sum(w in source_words for w in words)
    return shared * 2 <= len(words)


def check_and_repair(
    source: str,
    figs: Sequence[Figure],
    english: str,
    model: Retranslator | None,
    lang: str,
    *,
    dropped: bool = False,
) -> Checked:
    """Verify `english` against `source`; repair it or flag it.

    `dropped` says part of the first translation came back empty (a sentence lost). A repair
    must pass `verify_translation` itself and be English; a doubtful source reading is never
    repaired toward one of its readings.
    """
    verdict = verify_translation(source, english, lang, figures=figs)
    lost = dropped or bool(source.strip() and not english.strip())
    if verdict.ok and not lost:
        return Checked(english, "ok")
    if verdict.ok:  # nothing a figure-keeping retranslation could fix
        return Checked(english, "flagged", (LOST,))
    best, best_problems = english, verdict.problems
    if verdict.repairable and model is not None:
        for candidate in _attempts(source, figs, model):
            if not is_english(candidate, source, lang):
                continue
            again = verify_translation(source, candidate, lang, figures=figs)
            if again.ok:
                return Checked(candidate, "repaired")
            if len(again.problems) < len(best_problems):
                best, best_problems = candidate, again.problems
    warnings = list(best_problems)
    if lost and not best_problems:
        warnings.append(LOST)
    return Checked(best, "flagged", tuple(warnings))
