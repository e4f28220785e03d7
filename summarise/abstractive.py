"""Abstractive mode: a fluent English summary whose every number is traced to the source.

translate the whole article (sentence by sentence) → summarise the English (map-reduce over
sentence-boundary chunks when it is longer than the summariser's input limit; never truncated)
→ split the summary into bullets → align each bullet with the source sentences that support it
→ check every number against the source figures and repair or flag what does not match.

Summarisers invent and change numbers, so a bullet is "ok" only when every number it states
maps to a source figure (by meaning, via the figure engine's English grammar). Otherwise it is
replaced by its best-supported translated source sentence ("repaired") or kept and "flagged"
with the reason. Stage functions over values and a Seq2SeqModel; nothing here prints.
`summarise` is the mode (summarise.modes): it asks the run's models provider for the models.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any

from summarise.backends import Model, Seq2SeqModel, as_model
from summarise.errors import ModelUnavailable
from summarise.modes import Fallback, Mode, Outcome
from summarise.timing import Timer
from summarise.values import Bullet, Document, Fidelity, Figure, Prepared, Result, Translation

if TYPE_CHECKING:
    from summarise.provider import Models

CANDIDATES = 4  # beam candidates of the final summary, best first
OVERLAP_SHARE = 8  # consecutive chunks share trailing sentences worth ≤ limit / 8 tokens
# A chunk's summary is capped so that all of them fit half the limit, but at no less than an
# eighth of it (a very long article then takes more than one round).
MAP_FLOOR = 8
MAX_ROUNDS = 4  # map rounds before giving up on a single final pass
MAX_SUPPORT = 3  # source sentences listed as supporting one bullet
MIN_GAIN = 2  # a supporting sentence must add ≥ 2 points (a word is 1, a figure 3)
FIGURE_WEIGHT = 3
REPAIR_TRIES = 3  # source sentences tried as a replacement for an unfaithful bullet


# --- 1. the English source ----------------------------------------------------------------


@dataclass(frozen=True, slots=True)
class EnglishSource:
    """The English of each Document sentence (same order) and of the headline."""

    sentences: tuple[str, ...]
    title: str | None
    warnings: tuple[str, ...] = ()
    title_fidelity: Fidelity = "unchecked"


def english_source(document: Document) -> EnglishSource:
    """An English article needs no translation: its sentences are the English."""
    title = document.title.text if document.title else None
    return EnglishSource(tuple(s.text for s in document.sentences), title)


def translate_document(
    document: Document, translator: Seq2SeqModel, lang: str, **opts: Any
) -> EnglishSource:
    """Translate every sentence and the headline in one batched call (long sentences split,
    never truncated); the headline's figures are checked as in extractive mode."""
    from summarise import guard
    from summarise.faithful import retranslator
    from summarise.figures import read_figures
    from summarise.translate import LENGTH_RATIO, pass_options, translate_pieces

    opts.setdefault("max_length_ratio", LENGTH_RATIO)
    first, retry = pass_options(opts)
    title = document.title.text if document.title else None
    texts = [s.text for s in document.sentences] + ([title] if title else [])
    english, dropped = translate_pieces(texts, translator, src_lang=lang, **first)
    warnings: list[str] = []
    lost = sum(dropped[: len(document.sentences)])
    if lost:
        warnings.append(f"{lost} source sentences came back partly empty from the translator")
    title_english = None
    title_fidelity: Fidelity = "unchecked"
    if title:
        checked = guard.check_and_repair(
            title,
            read_figures(title, lang),
            english[-1],
            retranslator(translator, lang, retry),
            lang,
            dropped=dropped[-1],
        )
        title_english, title_fidelity = checked.english, checked.fidelity
        warnings += [f"title: {w}" for w in checked.warnings]
    n = len(document.sentences)
    return EnglishSource(tuple(english[:n]), title_english, tuple(warnings), title_fidelity)


# --- 2. summarising, map-reduce when long --------------------------------------------------


def chunk_sentences(
    sentences: Sequence[str],
    count: Callable[[Sequence[str]], list[int]],
    limit: int,
    overlap: int | None = None,
) -> list[list[str]]:
    """Pack consecutive sentences into chunks of at most `limit` tokens (as `count` measures
    the joined chunk). Each chunk repeats the last sentence of the one before (and more, up
    to `overlap` tokens, default limit / 8) so context across a boundary is not lost. A
    sentence over the limit alone is cut at clause boundaries (figures kept whole); nothing
    is dropped.
    """
    from summarise.translate import split_to_fit

    overlap = limit // OVERLAP_SHARE if overlap is None else overlap
    units: list[str] = []
    texts = [s for s in sentences if s.strip()]
    for text, n in zip(texts, count(texts) if texts else [], strict=True):
        units += [text] if n <= limit else split_to_fit(text, lambda p: count([p])[0] <= limit)
    if not units:
        return []
    base = count([""])[0]  # special tokens, counted once per chunk
    lengths = [max(n - base, 0) for n in count(units)]
    budget = limit
    while True:
        spans = _pack(lengths, budget - base, overlap)
        chunks = [units[a:b] for a, b in spans]
        sizes = count([" ".join(c) for c in chunks])
        excess = max(n - limit for n in sizes)
        if excess <= 0 or all(b - a == 1 for a, b in spans):
            return chunks
        budget -= max(excess, budget // 20, 1)  # joined text tokenises a little differently


def _pack(lengths: Sequence[int], budget: int, overlap: int) -> list[tuple[int, int]]:
    """Greedy spans [a, b) of units within `budget`. Each span after the first starts with its
    predecessor's last unit (when that is at most a quarter of the budget) and further tail
    units up to `overlap` tokens; every span adds at least one new unit."""
    spans: list[tuple[int, int]] = []
    start, n = 0, len(lengths)
    while start < n:
        end, used = start, 0
        while end < n and (end == start or used + lengths[end] <= budget):
            used += lengths[end]
            end += 1
        if spans and end <= spans[-1][1]:  # only overlap fitted: take the next unit too
            end = spans[-1][1] + 1
        spans.append((start, end))
        if end >= n:
            break
        back, tail = end, 0
        while back - 1 > start:
            size = lengths[back - 1]
            wanted = tail + size <= overlap or (back == end and size <= budget // 4)
            if not wanted or tail + size + lengths[end] > budget:
                break
            back -= 1
            tail += size
        start = back
    return spans


@dataclass(frozen=True, slots=True)
class Summary:
    """The final summary's candidates (best first) and how it was reached."""

    candidates: tuple[str, ...]
    chunks: int  # chunks of the English article (1: it fitted the summariser's input)
    rounds: int  # map rounds before the final pass (0: it fitted)
    warnings: tuple[str, ...] = ()


def summarise_english(
    sentences: Sequence[str],
    model: Seq2SeqModel,
    *,
    candidates: int = CANDIDATES,
    **opts: Any,
) -> Summary:
    """Summarise English sentences. Over the model's input limit: summarise sentence-boundary
    chunks with overlap, then summarise the joined chunk summaries, as many rounds as needed
    (map-reduce). `candidates` beam outputs of the final pass come back when the model can
    give several (generate_candidates); `opts` go to generate (e.g. num_beams).
    """
    from summarise.sentences import sentence_texts

    model = as_model(model)
    count = model.count_tokens
    limit = model.max_input_tokens
    text = " ".join(s.strip() for s in sentences if s.strip())
    if not text:
        return Summary((), 0, 0)
    units = list(sentences)
    chunks = rounds = 0
    warnings: list[str] = []
    while limit and count([text])[0] > limit:
        if rounds == MAX_ROUNDS:
            warnings.append(
                f"summary kept as {len(units)} chunk summaries: still over the "
                f"{limit}-token input limit after {rounds} rounds"
            )
            return Summary((text,), chunks, rounds, tuple(warnings))
        parts = chunk_sentences(units, count, limit)
        chunks = chunks or len(parts)
        cap = max(limit // MAP_FLOOR, limit // 2 // len(parts), 1)
        summaries = model.generate([" ".join(p) for p in parts], **_capped(model, opts, cap))
        kept = [s.strip() for s in summaries if s.strip()]
        rounds += 1
        if len(kept) < len(parts):
            warnings.append(
                f"{len(parts) - len(kept)} of {len(parts)} chunk summaries came back empty"
            )
        if not kept:
            return Summary((), chunks, rounds, tuple(warnings))
        shorter = " ".join(kept)
        if count([shorter])[0] >= count([text])[0]:
            warnings.append("chunk summaries did not get shorter; kept them without a final pass")
            return Summary((shorter,), chunks, rounds, tuple(warnings))
        text, units = shorter, sentence_texts(shorter) or [shorter]
    found = _final(model, text, candidates, opts)
    if not found:
        warnings.append("the summariser returned an empty summary")
    return Summary(tuple(found), chunks or 1, rounds, tuple(warnings))


def _capped(model: Model, opts: dict[str, Any], cap: int) -> dict[str, Any]:
    """Generation options for a map step: output at most `cap` new tokens."""
    defaults = model.defaults
    out = dict(opts)
    wanted = opts.get("max_new_tokens", defaults.get("max_new_tokens", cap))
    out["max_new_tokens"] = min(int(wanted), cap)
    least = opts.get("min_new_tokens", defaults.get("min_new_tokens"))
    if least is not None:
        out["min_new_tokens"] = min(int(least), out["max_new_tokens"])
    return out


def _final(model: Model, text: str, n: int, opts: dict[str, Any]) -> list[str]:
    if n > 1 and model.n_best:
        extra = {k: v for k, v in opts.items() if k != "num_return_sequences"}
        found = [c.strip() for c in model.generate_candidates([text], n, **extra)[0]]
    else:
        found = [s.strip() for s in model.generate([text], **opts)]
    return list(dict.fromkeys(c for c in found if c))


# --- 3. support: which source figures and sentences back a statement -----------------------


@dataclass(frozen=True, slots=True)
class SourceFacts:
    """What a bullet may rest on: the source figures, and per sentence its English, content
    words and figures (indices into `figures`)."""

    figures: tuple[Figure, ...]
    english: tuple[str, ...]
    words: tuple[frozenset[str], ...]
    by_sentence: tuple[tuple[int, ...], ...]
    text: str  # the source text only: digits the figure engine does not read must be in it
    lang: str = "id"


def source_facts(
    document: Document, figures: Sequence[Figure], source: EnglishSource, lang: str = "id"
) -> SourceFacts:
    by_sentence: list[list[int]] = [[] for _ in document.sentences]
    for i, f in enumerate(figures):
        if f.sentence is not None and 0 <= f.sentence < len(by_sentence):
            by_sentence[f.sentence].append(i)
    return SourceFacts(
        figures=tuple(figures),
        english=source.sentences,
        words=tuple(content_words_en(e) for e in source.sentences),
        by_sentence=tuple(tuple(ids) for ids in by_sentence),
        text=document.text,
        lang=lang,
    )


def content_words_en(text: str) -> frozenset[str]:
    """Content words for alignment: no stopwords, no numbers, plural -s folded."""
    from summarise.select import content_words

    out = set()
    for w in content_words(text):
        if len(w) < 3 or any(c.isdigit() for c in w):
            continue
        out.add(w[:-1] if len(w) > 4 and w.endswith("s") and not w.endswith("ss") else w)
    return frozenset(out)


def unsupported(english: str, facts: SourceFacts) -> list[str]:
    """The numbers in `english` that nothing in the source states, as written (empty:
    faithful): the guard's support rule (summarise.guard.unsupported), against the source
    text only, so a number the translator invented cannot vouch for a summary."""
    from summarise import guard

    return guard.unsupported(english, facts.figures, facts.text, facts.lang)


@dataclass(frozen=True, slots=True)
class Alignment:
    """Source sentences supporting a statement: `sentences` greedily cover its content words
    and figures (best first); `ranked` is every sentence that could support it alone
    (≥ MIN_GAIN points), best first: the candidates to replace it with."""

    sentences: tuple[int, ...]
    ranked: tuple[int, ...]
    figures: tuple[int, ...]  # source figures its numbers map to (indices into facts.figures)


def align(english: str, facts: SourceFacts) -> Alignment:
    """Which source sentences say what `english` says: overlap of content words (1 point
    each) and figures (3 points each) with each translated source sentence."""
    from summarise.figures import extract_figures
    from summarise.guard import supports

    words = content_words_en(english)
    stated = extract_figures(english, "en")
    shared: list[tuple[frozenset[str], frozenset[int]]] = []
    for i, ids in enumerate(facts.by_sentence):
        figs = [facts.figures[j] for j in ids]
        hit = frozenset(
            k for k, f in enumerate(stated) if any(supports(f, s, facts.lang) for s in figs)
        )
        shared.append((words & facts.words[i], hit))

    def gain(i: int, seen_w: set[str], seen_f: set[int]) -> int:
        w, f = shared[i]
        return len(w - seen_w) + FIGURE_WEIGHT * len(f - seen_f)

    ranked = sorted(
        (i for i in range(len(shared)) if gain(i, set(), set()) >= MIN_GAIN),
        key=lambda i: (-gain(i, set(), set()), i),
    )
    chosen: list[int] = []
    seen_w: set[str] = set()
    seen_f: set[int] = set()
    while len(chosen) < MAX_SUPPORT:
        pool = [i for i in ranked if i not in chosen]
        if not pool:
            break
        best = max(pool, key=lambda i: (gain(i, seen_w, seen_f), -i))
        if gain(best, seen_w, seen_f) < MIN_GAIN:
            break
        chosen.append(best)
        seen_w |= shared[best][0]
        seen_f |= shared[best][1]
    return Alignment(tuple(chosen), tuple(ranked), _figure_ids(stated, chosen, facts))


def _figure_ids(
    stated: Sequence[Figure], chosen: Sequence[int], facts: SourceFacts
) -> tuple[int, ...]:
    """For each stated figure, a source figure it maps to: in a supporting sentence if any."""
    from summarise.guard import supports

    near = [j for i in chosen for j in facts.by_sentence[i]]
    order = near + [j for j in range(len(facts.figures)) if j not in set(near)]
    found: list[int] = []
    for f in stated:
        for j in order:
            if j not in found and supports(f, facts.figures[j], facts.lang):
                found.append(j)
                break
    return tuple(sorted(found))


# --- 4. bullets, checked and repaired -------------------------------------------------------


@dataclass(frozen=True, slots=True)
class AbstractiveOutcome:
    """Bullets with english, provenance and fidelity; counts for the result's `stats`."""

    bullets: tuple[Bullet, ...]
    stats: dict[str, int]
    warnings: tuple[str, ...] = ()


def pick_candidate(candidates: Sequence[str], facts: SourceFacts, n: int) -> list[str]:
    """The first n sentences of the best candidate: the first whose numbers are all supported,
    else the one with the fewest unfaithful sentences (earlier beams win ties)."""
    from summarise.sentences import sentence_texts

    best: list[str] = []
    best_bad = -1
    for cand in candidates:
        sentences = [s for s in sentence_texts(cand) if s.strip()][:n]
        bad = sum(1 for s in sentences if unsupported(s, facts))
        if best_bad < 0 or bad < best_bad:
            best, best_bad = sentences, bad
        if bad == 0:
            break
    return best


def make_bullets(
    summary: Summary,
    document: Document,
    figures: Sequence[Figure],
    source: EnglishSource,
    n: int,
    *,
    translator: Seq2SeqModel | None = None,
    lang: str = "en",
    opts: dict[str, Any] | None = None,
) -> AbstractiveOutcome:
    """Bullets from the summary, each aligned with its supporting source sentences.

    ok: every number maps to a source figure and some source sentence supports it.
    repaired: replaced by the best-supported translated source sentence whose figures check
    out (re-translated by `translator` when they did not).
    flagged: nothing better was found; the reason goes to the warnings.
    """
    facts = source_facts(document, figures, source, lang)
    sentences = pick_candidate(summary.candidates, facts, n)
    bullets: list[Bullet] = []
    warnings: list[str] = []
    used: set[str] = set()
    for k, sentence in enumerate(sentences):
        problems = unsupported(sentence, facts)
        found = align(sentence, facts)
        best = found.sentences[0] if found.sentences else None
        bullet = Bullet(
            source=document.sentences[best].text if best is not None else "",
            sentences=found.sentences,
            figures=found.figures,
            english=sentence,
            fidelity="ok",
        )
        if problems or best is None:
            fixed = _repair(found.ranked, facts, document, used, translator, lang, opts or {})
            if fixed is not None:
                bullet = fixed
            else:
                bullet = replace(bullet, fidelity="flagged")
                reason = (
                    f"{', '.join(problems)} not in the source"
                    if problems
                    else "no source sentence supports it"
                )
                warnings.append(f"bullet {k + 1}: {reason}")
        used.add(bullet.english or "")
        bullets.append(bullet)
    stats = {
        "generated": len(sentences),
        "ok": sum(b.fidelity == "ok" for b in bullets),
        "repaired": sum(b.fidelity == "repaired" for b in bullets),
        "flagged": sum(b.fidelity == "flagged" for b in bullets),
    }
    return AbstractiveOutcome(tuple(bullets), stats, tuple(warnings))


def _repair(
    ranked: Sequence[int],
    facts: SourceFacts,
    document: Document,
    used: set[str],
    translator: Seq2SeqModel | None,
    lang: str,
    opts: dict[str, Any],
) -> Bullet | None:
    """The best-supported source sentence, in English that keeps its figures, not yet used."""
    from summarise import guard
    from summarise.faithful import retranslator
    from summarise.translate import pass_options

    again = retranslator(translator, lang, pass_options(opts)[1]) if translator else None
    for i in ranked[:REPAIR_TRIES]:
        sentence = document.sentences[i]
        english = facts.english[i]
        ids = facts.by_sentence[i]
        if again is not None and lang != "en":
            figs = [facts.figures[j] for j in ids]
            checked = guard.check_and_repair(sentence.text, figs, english, again, lang)
            if checked.fidelity == "flagged":
                continue
            english = checked.english
        if not english.strip() or english in used or unsupported(english, facts):
            continue
        return Bullet(
            source=sentence.text, sentences=(i,), figures=ids, english=english, fidelity="repaired"
        )
    return None


# --- 5. the mode -----------------------------------------------------------------------------


def summarise(prepared: Sequence[Prepared], models: Models) -> list[Outcome]:
    """Each document translated, summarised, aligned and checked; a `Fallback` (with the
    warning that explains it) where a model it needs cannot be had, unless --strict."""
    return [_summarise_one(p, models) for p in prepared]


def falls_back(lang: str, models: Models) -> bool:
    """A document in `lang` falls back without the summariser, or, when not English, without
    a translator (raises under --strict, as a fresh document would)."""
    s = models.settings
    try:
        models.summariser()
        if lang != "en" and s.translator == "none":
            return True
        if lang != "en":
            models.translator_for(lang)
    except ModelUnavailable:
        if s.strict:
            raise
        return True
    return False


MODE = Mode(summarise, falls_back)


def _summarise_one(prepared: Prepared, models: Models) -> Outcome:
    from summarise.translate import LENGTH_RATIO

    s = models.settings
    timer = Timer(prepared.timings_ms)
    document, language, figures = prepared.document, prepared.language, prepared.figures
    try:
        summariser = models.summariser()
    except ModelUnavailable as exc:
        if s.strict:
            raise
        warning = f"{exc.message.rstrip('.')}. Showing extractive bullets."
        return Fallback(warning + (f" Get it with: {exc.hint}" if exc.hint else ""))
    opts: dict[str, Any] = {"num_beams": s.beams} if s.beams else {}
    translator = None
    if language.code == "en":
        source = english_source(document)
        translation = Translation("skipped", reason="input is English")
    else:
        unusable = "abstractive mode needs an English translation: showing extractive bullets"
        if s.translator == "none":
            return Fallback(unusable + " (--translator none).")
        try:
            translator = models.translator_for(language.code)
        except ModelUnavailable:
            if s.strict:
                raise
            return Fallback(unusable + ".")
    try:  # a server-backed model (llm:) can become unavailable mid-way: fall back then
        if translator is not None:
            with timer.stage("translate"):
                source = translate_document(document, translator, language.code, **opts)
            translation = Translation("ok", model=getattr(translator, "name", None))
        with timer.stage("summarise"):
            candidates = min(CANDIDATES, s.beams or CANDIDATES)
            summary = summarise_english(source.sentences, summariser, candidates=candidates, **opts)
        with timer.stage("align"):
            outcome = make_bullets(
                summary,
                document,
                figures,
                source,
                s.bullets,
                translator=translator,
                lang=language.code,
                opts={**opts, "max_length_ratio": LENGTH_RATIO},
            )
    except ModelUnavailable as exc:
        if s.strict:
            raise
        return Fallback(f"{exc.message.rstrip('.')}. Showing extractive bullets.")
    return Result(
        document=document,
        language=language,
        figures=figures,
        bullets=outcome.bullets,
        translation=translation,
        title_english=source.title,
        title_fidelity=source.title_fidelity,
        warnings=source.warnings + summary.warnings + outcome.warnings,
        timings_ms=timer.total(),
        extra={"stats": outcome.stats, "chunks": summary.chunks},
        mode="abstractive",
    )
