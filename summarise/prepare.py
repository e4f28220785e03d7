"""The model-free stages: clean → split → language → figures, over immutable values.

What every mode starts from, and all that `summarise figures` runs; it needs no model, so a
batch runs it in worker processes (summarise.batch).
"""

from __future__ import annotations

from collections.abc import Sequence

from summarise.errors import InputError
from summarise.timing import Timer
from summarise.values import Document, Figure, InputInfo, Language, Prepared, Sentence

CONFIDENT = 0.9  # language confidence at which its number convention is trusted unaided


def prepare(info: InputInfo, text: str, lang: str | None) -> Prepared:
    """Every model-free stage of one decoded input, timed; `lang` forces the language."""
    timer = Timer()
    with timer.stage("clean"):
        document = build_document(info, text)
    with timer.stage("language"):
        language = identify_language(document, lang)
    with timer.stage("figures"):
        figures = find_figures(document, language)
    return Prepared(document, language, figures, timer.ms)


def build_document(info: InputInfo, text: str) -> Document:
    """Clean the decoded text and split its body into sentences, keeping every offset."""
    from summarise.clean import clean_text
    from summarise.sentences import split_sentences

    cleaned = clean_text(text)
    sentences = split_sentences(text, cleaned.body)
    title = None
    if cleaned.title is not None:
        start, end = cleaned.title
        title = Sentence(index=-1, text=text[start:end], start=start, end=end, paragraph=-1)
    return Document(
        input=info,
        text=text,
        sentences=sentences,
        title=title,
        title_spans=tuple(cleaned.title_spans),
        dropped=tuple(cleaned.dropped),
    )


def identify_language(document: Document, forced: str | None) -> Language:
    """The document's language, from `--lang` or detected on the cleaned body."""
    from summarise.language import detect_language, language_from_code

    if forced:
        return language_from_code(forced)
    body = " ".join(s.text for s in document.sentences[:40])
    if document.title is not None:
        body = document.title.text + ". " + body
    if not body.strip():
        raise InputError(
            f"{document.input.path}: no readable text left after cleaning", kind="empty"
        )
    return detect_language(body)


def find_figures(document: Document, language: Language | str) -> tuple[Figure, ...]:
    """Figures of every headline occurrence and every body sentence, in text order; each
    paragraph is read with its own number convention (summarise.figures.convention)."""
    from summarise.figures import extract_figures
    from summarise.figures.convention import passage_readings

    if isinstance(language, str):
        language = Language(language, 1.0)
    paragraphs: dict[int, list[Sentence]] = {}
    for s in document.sentences:
        paragraphs.setdefault(s.paragraph, []).append(s)
    groups = list(paragraphs.values())
    passages = [" ".join(s.text for s in group) for group in groups]
    title = document.title.text if document.title is not None else None
    readings = passage_readings(
        passages + ([title] if title else []),
        language.code,
        confident=language.confidence >= CONFIDENT,
    )
    found: list[Figure] = []
    if title:
        r = readings[-1]
        for start, end in document.title_spans:
            found += extract_figures(
                document.text, r.lang, start, end, None, decimal=r.decimal, sure=r.sure
            )
    for group, r in zip(groups, readings, strict=False):
        for s in group:
            found += extract_figures(
                document.text, r.lang, s.start, s.end, s.index, decimal=r.decimal, sure=r.sure
            )
    found.sort(key=lambda f: f.start)
    return tuple(found)


def title_figures(document: Document, figures: Sequence[Figure]) -> list[Figure]:
    """The figures of the headline's first occurrence (the one shown as the title)."""
    if document.title is None:
        return []
    t = document.title
    return [f for f in figures if f.sentence is None and t.start <= f.start < t.end]
