"""The pipeline: named stages, in order, over immutable values.

read → clean → split → language → figures → select → translate. Each stage is a plain function
of values; `Pipeline` only strings them together, times them and owns what lives for a whole
run (the loaded translator and summariser), so a batch of thousands loads each model once.
Abstractive mode (summarise.abstractive) replaces select → translate with translate → summarise
→ align, and falls back to them when a model is missing.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, BinaryIO, Literal

from summarise.backends.llm import DEFAULT_URL as LLM_URL
from summarise.errors import ExitCode, InputError, ModelUnavailable, SummariseError
from summarise.values import (
    Bullet,
    Document,
    Fidelity,
    Figure,
    InputInfo,
    Language,
    Result,
    Sentence,
    Translation,
)


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run needs to know, resolved once by the CLI and passed down."""

    bullets: int = 5
    lang: str | None = None  # forced language code; None = detect
    translator: str = "auto"  # "auto" (route by language), "none", a registry name or a dir
    strict: bool = False
    offline: bool = False
    max_bytes: int = 5_000_000
    device: str = "auto"
    backend: str = "auto"  # auto (CTranslate2 when it can load the model), ct2, torch
    int8: bool = True
    beams: int | None = None
    threads: int | None = None  # torch CPU threads; None = torch's default
    mode: Literal["extractive", "abstractive"] = "extractive"
    summariser: str = "auto"  # abstractive mode: "auto" (registry default), a name or a dir
    llm_url: str = LLM_URL  # the OpenAI-compatible server of `llm:MODEL` names


@dataclass(frozen=True, slots=True)
class Prepared:
    """A document read, cleaned, split, identified and with its figures: no model needed."""

    document: Document
    language: Language
    figures: tuple[Figure, ...]
    timings_ms: dict[str, float]

    def to_json(self) -> dict[str, Any]:
        """The `summarise figures` object (schema summarise.figures/1)."""
        return {
            "schema": "summarise.figures/1",
            "input": self.document.input.to_json(),
            "language": {"code": self.language.code, "confidence": self.language.confidence},
            "figures": [f.to_json() for f in self.figures],
        }


class _Timer:
    def __init__(self) -> None:
        self.ms: dict[str, float] = {}

    @contextmanager
    def stage(self, name: str) -> Iterator[None]:
        t0 = time.perf_counter()
        try:
            yield
        finally:
            self.ms[name] = self.ms.get(name, 0.0) + (time.perf_counter() - t0) * 1000


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


CONFIDENT = 0.9  # language confidence at which its number convention is trusted unaided


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


def make_bullets(document: Document, figures: Sequence[Figure], n: int) -> tuple[Bullet, ...]:
    """Pick the key sentences (model-free) and attach the figures each one carries."""
    from summarise.select import select_key_sentences

    per_sentence: dict[int, list[int]] = {}
    for i, f in enumerate(figures):
        if f.sentence is not None:
            per_sentence.setdefault(f.sentence, []).append(i)
    counts = [len(per_sentence.get(s.index, ())) for s in document.sentences]
    chosen = select_key_sentences(
        document.sentences,
        title=document.title.text if document.title else None,
        figure_counts=counts,
        n=n,
    )
    return tuple(
        Bullet(
            source=document.sentences[i].text,
            sentences=(i,),
            figures=tuple(per_sentence.get(i, ())),
        )
        for i in chosen
    )


TranslatorLoader = Callable[[str, Settings], object]


@dataclass
class Pipeline:
    """One run: settings plus the models it has loaded (or failed to load) so far."""

    settings: Settings
    load_translator: TranslatorLoader | None = None  # injectable for tests
    load_summariser: TranslatorLoader | None = None  # injectable for tests
    _models: dict[tuple[str, str], object] = field(default_factory=dict)
    _unavailable: dict[tuple[str, str], ModelUnavailable] = field(default_factory=dict)
    # Models that run on another engine than fingerprint() planned (CTranslate2 failed to
    # load one and PyTorch took it): their results must not be cached under the plan's key.
    _off_plan: set[tuple[str, str]] = field(default_factory=set)

    def prepare(self, info: InputInfo, text: str) -> Prepared:
        """Every model-free stage; also what `summarise figures` runs."""
        timer = _Timer()
        with timer.stage("clean"):
            document = build_document(info, text)
        with timer.stage("language"):
            language = identify_language(document, self.settings.lang)
        with timer.stage("figures"):
            figures = find_figures(document, language)
        return Prepared(document, language, figures, timer.ms)

    def summarise(self, prepared: Prepared) -> Result:
        """Select key sentences, then translate them (or explain why not). In abstractive mode,
        summarise the English instead; without its models, say so and do the former."""
        return self.summarise_many([prepared])[0]

    def summarise_many(self, prepared: Sequence[Prepared]) -> list[Result]:
        """`summarise` for several documents at once: the documents that share a translator
        are translated in one batched call, so a batch keeps the model busy."""
        results: dict[int, Result] = {}
        warnings: dict[int, list[str]] = {i: [] for i in range(len(prepared))}
        timers: dict[int, _Timer] = {}
        bullets: dict[int, tuple[Bullet, ...]] = {}
        for i, p in enumerate(prepared):
            if self.settings.mode == "abstractive":
                outcome = self._abstractive(p)
                if isinstance(outcome, Result):
                    results[i] = outcome
                    continue
                warnings[i].append(outcome)
            timers[i] = _Timer()
            timers[i].ms.update(p.timings_ms)
            with timers[i].stage("select"):
                bullets[i] = make_bullets(p.document, p.figures, self.settings.bullets)
        by_lang: dict[str, list[int]] = {}
        for i in bullets:
            by_lang.setdefault(prepared[i].language.code, []).append(i)
        for lang, group in by_lang.items():
            t0 = time.perf_counter()
            outcomes = self._translate(
                lang, [prepared[i] for i in group], [bullets[i] for i in group]
            )
            share = (time.perf_counter() - t0) * 1000 / len(group)  # one call served them all
            for i, (done, title, translation, more) in zip(group, outcomes, strict=True):
                p, timer = prepared[i], timers[i]
                timer.ms["translate"] = share
                timer.ms["total"] = sum(timer.ms.values())
                results[i] = Result(
                    document=p.document,
                    language=p.language,
                    figures=p.figures,
                    bullets=done,
                    translation=translation,
                    title_english=title[0],
                    title_fidelity=title[1],
                    warnings=tuple(warnings[i] + more),
                    timings_ms=timer.ms,
                )
        return [results[i] for i in range(len(prepared))]

    def _translate(
        self, lang: str, docs: Sequence[Prepared], bullets: Sequence[tuple[Bullet, ...]]
    ) -> list[tuple[tuple[Bullet, ...], tuple[str | None, Fidelity], Translation, list[str]]]:
        """Bullets, English title and its fidelity, translation status and warnings for
        documents in `lang`."""
        titles = [d.document.title.text if d.document.title else None for d in docs]
        if lang == "en":
            skipped = Translation("skipped", reason="input is English")
            return [
                (tuple(replace(b, english=b.source) for b in bs), (title, "unchecked"), skipped, [])
                for bs, title in zip(bullets, titles, strict=True)
            ]
        if self.settings.translator == "none":
            skipped = Translation("skipped", reason="--translator none")
            return [(bs, (None, "unchecked"), skipped, []) for bs in bullets]
        from summarise.translate import TranslationJob, translate_many

        opts = {"num_beams": self.settings.beams} if self.settings.beams else {}
        jobs = [
            TranslationJob(bs, d.figures, title, title_figures(d.document, d.figures))
            for bs, d, title in zip(bullets, docs, titles, strict=True)
        ]
        try:
            model = self._translator_for(lang)
            # A server-backed model (llm:) can also become unavailable while translating.
            done = translate_many(jobs, model, source_lang=lang, **opts)
        except ModelUnavailable as exc:
            if self.settings.strict:
                raise
            shown = docs[0].language.name or lang
            warning = f"{exc.message.rstrip('.')}. Showing {shown} bullets with English figures."
            if exc.hint:
                warning += f" Get it with: {exc.hint}"
            missing = Translation("unavailable", reason=exc.message)
            return [(bs, (None, "unchecked"), missing, [warning]) for bs in bullets]
        ok = Translation("ok", model=getattr(model, "name", None))
        return [
            (
                tuple(o.bullets),
                (o.title_english, o.title_fidelity or "unchecked"),
                ok,
                list(o.warnings),
            )
            for o in done
        ]

    def _abstractive(self, prepared: Prepared) -> Result | str:
        """Translate the article, summarise it, align and check the bullets; or, when a model
        it needs is missing (and not --strict), the warning that explains the fallback."""
        from summarise import abstractive
        from summarise.translate import LENGTH_RATIO

        s = self.settings
        timer = _Timer()
        timer.ms.update(prepared.timings_ms)
        document, language, figures = prepared.document, prepared.language, prepared.figures
        try:
            summariser = self._summariser_model()
        except ModelUnavailable as exc:
            if s.strict:
                raise
            warning = f"{exc.message.rstrip('.')}. Showing extractive bullets."
            return warning + (f" Get it with: {exc.hint}" if exc.hint else "")
        opts: dict[str, Any] = {"num_beams": s.beams} if s.beams else {}
        translator = None
        if language.code == "en":
            source = abstractive.english_source(document)
            translation = Translation("skipped", reason="input is English")
        else:
            unusable = "abstractive mode needs an English translation: showing extractive bullets"
            if s.translator == "none":
                return unusable + " (--translator none)."
            try:
                translator = self._translator_for(language.code)
            except ModelUnavailable:
                if s.strict:
                    raise
                return unusable + "."
        try:  # a server-backed model (llm:) can become unavailable mid-way: fall back then
            if translator is not None:
                with timer.stage("translate"):
                    source = abstractive.translate_document(
                        document, translator, language.code, **opts
                    )
                translation = Translation("ok", model=getattr(translator, "name", None))
            with timer.stage("summarise"):
                candidates = min(abstractive.CANDIDATES, s.beams or abstractive.CANDIDATES)
                summary = abstractive.summarise_english(
                    source.sentences, summariser, candidates=candidates, **opts
                )
            with timer.stage("align"):
                outcome = abstractive.make_bullets(
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
            return f"{exc.message.rstrip('.')}. Showing extractive bullets."
        timer.ms["total"] = sum(timer.ms.values())
        return Result(
            document=document,
            language=language,
            figures=figures,
            bullets=outcome.bullets,
            translation=translation,
            title_english=source.title,
            title_fidelity=source.title_fidelity,
            warnings=source.warnings + summary.warnings + outcome.warnings,
            timings_ms=timer.ms,
            extra={"stats": outcome.stats, "chunks": summary.chunks},
        )

    def fingerprint(self) -> dict[str, Any]:
        """What, besides the input bytes, decides the result: for the result cache."""
        s = self.settings
        out = {
            "bullets": s.bullets,
            "lang": s.lang,
            "translator": s.translator,
            "model": _model_identity(s.translator, s.llm_url),
            "beams": s.beams,
            "int8": s.int8,
            "backend": s.backend,
            "engine": _planned_engine(s.translator, s),
            "mode": s.mode,
        }
        if s.mode == "abstractive":
            out["summariser"] = _model_identity(_summariser_name(s.summariser), s.llm_url)
            out["summariser_engine"] = _planned_engine(_summariser_name(s.summariser), s)
        return out

    def cacheable(self, obj: dict[str, Any]) -> bool:
        """A result made without a model it asked for is not cached: it would outlive the fix."""
        if obj["translation"]["status"] == "unavailable":
            return False
        if self._off_plan:  # a model ran on another engine than the key says (load fell back)
            return False
        return self.settings.mode != "abstractive" or "stats" in obj

    def falls_back(self, lang: str) -> bool:
        """Whether a document in `lang` would get a fallback result in this run (a model it
        needs cannot be had), so that a cached fallback is still the answer and a run that has
        the model redoes it. Loads the model as a fresh document would (once per run); under
        --strict a missing model raises, as it would for a fresh document."""
        s = self.settings
        try:
            if s.mode == "abstractive":
                self._summariser_model()
                if lang != "en" and s.translator == "none":
                    return True
            elif lang == "en" or s.translator == "none":
                return False
            if lang != "en":
                self._translator_for(lang)
        except ModelUnavailable:
            if s.strict:
                raise
            return True
        return False

    def _summariser_model(self) -> object:
        return self._model("summariser", _summariser_name(self.settings.summariser))

    def _translator_for(self, lang: str) -> object:
        name = self.settings.translator
        if name == "auto":
            from summarise.registry import route_for_language

            routed = route_for_language(lang)
            if routed is None:
                raise ModelUnavailable(f"no translator in the registry handles {lang!r}.")
            name = routed
        return self._model("translator", name)

    def _model(self, role: str, name: str) -> object:
        """Load a model on first use; a failure is remembered so a batch never retries it."""
        key = (role, name)
        if key in self._unavailable:
            raise self._unavailable[key]
        if key not in self._models:
            if role == "translator":
                loader = self.load_translator or _default_loader
            else:
                loader = self.load_summariser or _default_summariser_loader
            try:
                self._models[key] = loader(name, self.settings)
            except ModelUnavailable as exc:
                self._unavailable[key] = exc
                raise
            engine = getattr(self._models[key], "backend", None)
            if engine in ("ct2", "torch") and engine != _planned_engine(name, self.settings):
                self._off_plan.add(key)
        return self._models[key]


def _model_identity(name: str, llm_url: str = LLM_URL) -> str | dict[str, str]:
    """Which model a name resolves to, for the cache key: `auto` is every translator the
    registry routes to (by language), a registry name its repo@revision, a local directory a
    hash of its files' contents (so editing the model changes the key), `llm:MODEL` the model,
    the server's host and the prompt version (never the API key)."""
    from summarise.language import SUPPORTED
    from summarise.registry import load_registry, route_for_language

    if name.startswith("llm:"):
        from summarise.backends.llm import identity

        return identity(name, llm_url)
    if name == "auto":
        routed = {lang: route_for_language(lang) for lang in sorted(SUPPORTED)}
        return {lang: str(_model_identity(r)) for lang, r in routed.items() if r}
    path = Path(name)
    if name != "none" and path.is_dir():
        from summarise.store import directory_digest

        return "sha256:" + directory_digest(path.resolve())
    spec = load_registry().get(name)
    return f"{spec.repo}@{spec.revision}" if spec else name


def _planned_engine(name: str, settings: Settings) -> str | dict[str, str]:
    """The engine a name's model runs on (summarise.backends.loader.planned_backend), for the
    cache key: `auto` per routed language, as _model_identity; "llm" for a server model."""
    from summarise.backends import model_type, planned_backend
    from summarise.language import SUPPORTED
    from summarise.registry import load_registry, route_for_language

    if name.startswith("llm:"):
        return "llm"
    if name == "none":
        return "none"
    if name == "auto":
        routed = {lang: route_for_language(lang) for lang in sorted(SUPPORTED)}
        return {lang: str(_planned_engine(r, settings)) for lang, r in routed.items() if r}
    path = Path(name)
    if path.is_dir():
        kind = model_type(path)
    else:
        spec = load_registry().get(name)
        kind = spec.architecture.type if spec else None
    return planned_backend(settings.backend, kind, settings.device)


def _summariser_name(name: str) -> str:
    """ "auto" → the registry's default English summariser."""
    if name != "auto":
        return name
    from summarise.registry import default_for

    return default_for("en", "summariser") or name


def _load(role: str, name: str, settings: Settings) -> object:
    from summarise.backends.loader import load_model_for

    return load_model_for(
        role,  # type: ignore[arg-type]
        name,
        offline=settings.offline,
        device=settings.device,
        int8=settings.int8,
        threads=settings.threads,
        llm_url=settings.llm_url,
        backend=settings.backend,
    )


def _default_loader(name: str, settings: Settings) -> object:
    return _load("translator", name, settings)


def _default_summariser_loader(name: str, settings: Settings) -> object:
    return _load("summariser", name, settings)


def read(ref, settings: Settings, stdin: BinaryIO | None = None):
    """Read and decode one input (raises InputError with a one-line message)."""
    from summarise.sources import read_input

    return read_input(ref, max_bytes=settings.max_bytes, stdin=stdin)


__all__ = [
    "ExitCode",
    "Pipeline",
    "Prepared",
    "Settings",
    "SummariseError",
    "build_document",
    "find_figures",
    "identify_language",
    "make_bullets",
    "read",
]
