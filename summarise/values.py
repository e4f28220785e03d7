"""Immutable values that flow through the pipeline.

Every stage takes values and returns new ones; nothing is mutated after construction, so a
stage can be tested alone and a result can be cached or rendered without surprises.
Offsets (`start`, `end`) are Python string indices into `Document.text`, the decoded input.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any, Literal

FigureKind = Literal["money", "percent", "count", "quantity", "date", "age", "number"]
Fidelity = Literal["ok", "repaired", "flagged", "unchecked"]
TranslationStatus = Literal["ok", "skipped", "unavailable"]


def json_number(value: Decimal | int | float) -> int | float:
    """Decimal → the JSON number a user expects: integral values as int, others as float."""
    if isinstance(value, bool):  # bool is an int subclass; never a figure value
        raise TypeError("bool is not a number")
    if isinstance(value, int):
        return value
    d = Decimal(value)
    if d == d.to_integral_value():
        return int(d)
    return float(d)


@dataclass(frozen=True, slots=True)
class Figure:
    """One figure found in text: what was written, where, and what it means."""

    kind: FigureKind
    text: str
    start: int
    end: int
    value: Decimal | str  # Decimal for numbers; ISO-like string for dates ("2024-05", "--04")
    english: str
    value_max: Decimal | None = None
    currency: str | None = None  # ISO 4217
    unit: str | None = None  # source-language noun or unit
    unit_english: str | None = None
    sentence: int | None = None  # index into Document.sentences; None for the title
    points: bool = False  # percentage points
    partial: bool = False  # date without a year
    approx: bool = False  # sekitar/hampir/selusin …
    words: bool = False  # written as words (tiga, selusin)
    # A reading in doubt: "convention" (`1.500` may be 1,500 or 1.5: `alt_value` is the other
    # reading) or "name" (`Llama 4 bulan`: the digits may belong to a name). The guard never
    # repairs a translation toward a doubtful reading.
    doubt: str | None = None
    alt_value: Decimal | None = None

    def key(self) -> tuple[str, str, str | None]:
        """What must survive translation: kind, exact value and currency."""
        return (self.kind, str(self.value), self.currency)

    def to_json(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "kind": self.kind,
            "text": self.text,
            "start": self.start,
            "end": self.end,
            "value": self.value if isinstance(self.value, str) else json_number(self.value),
            "value_max": None if self.value_max is None else json_number(self.value_max),
            "currency": self.currency,
            "unit": self.unit,
            "unit_english": self.unit_english,
            "english": self.english,
            "sentence": self.sentence,
        }
        for flag in ("points", "partial", "approx", "words"):
            if getattr(self, flag):
                out[flag] = True
        if self.doubt:
            out["doubt"] = self.doubt
            if self.alt_value is not None:
                out["alt_value"] = json_number(self.alt_value)
        return out


@dataclass(frozen=True, slots=True)
class Sentence:
    """A sentence of the cleaned body, with offsets into the decoded input text."""

    index: int
    text: str
    start: int
    end: int
    paragraph: int = 0


@dataclass(frozen=True, slots=True)
class Language:
    code: str  # ISO 639-1: "id", "ms", "en", …
    confidence: float
    name: str = ""


@dataclass(frozen=True, slots=True)
class InputInfo:
    """Where a document came from; `sha256` is over the raw bytes as read."""

    path: str  # "-" for stdin
    sha256: str
    bytes: int
    media_type: Literal["text", "html"] = "text"

    def to_json(self) -> dict[str, Any]:
        return {"path": self.path, "sha256": self.sha256, "bytes": self.bytes}


@dataclass(frozen=True, slots=True)
class Document:
    """A decoded, cleaned input: the original text is kept whole, the rest points into it."""

    input: InputInfo
    text: str  # the decoded input text (for HTML: the extracted main text)
    sentences: tuple[Sentence, ...] = ()
    title: Sentence | None = None  # first occurrence of the headline; index is -1
    title_spans: tuple[tuple[int, int], ...] = ()  # every occurrence of the headline
    dropped: tuple[tuple[int, int], ...] = ()  # page chrome left out of the body


@dataclass(frozen=True, slots=True)
class Bullet:
    source: str
    sentences: tuple[int, ...]
    figures: tuple[int, ...]
    english: str | None = None
    fidelity: Fidelity = "unchecked"

    def to_json(self) -> dict[str, Any]:
        return {
            "english": self.english,
            "source": self.source,
            "sentences": list(self.sentences),
            "figures": list(self.figures),
            "fidelity": self.fidelity,
        }


@dataclass(frozen=True, slots=True)
class Translation:
    status: TranslationStatus
    model: str | None = None
    reason: str | None = None

    def to_json(self) -> dict[str, Any]:
        return {"status": self.status, "model": self.model, "reason": self.reason}


@dataclass(frozen=True, slots=True)
class Result:
    """Everything `summarise` says about one document (schema summarise.result/1)."""

    document: Document
    language: Language
    figures: tuple[Figure, ...]
    bullets: tuple[Bullet, ...]
    translation: Translation
    title_english: str | None = None
    title_fidelity: Fidelity = "unchecked"
    warnings: tuple[str, ...] = ()
    timings_ms: dict[str, float] = field(default_factory=dict)
    extra: dict[str, Any] = field(default_factory=dict)  # later issues add fields here
    # The mode that made it (not in the JSON): an abstractive run's extractive fallback is
    # told apart by this, not by the keys of its JSON (summarise.cache.cacheable).
    mode: Literal["extractive", "abstractive"] = "extractive"

    def to_json(self) -> dict[str, Any]:
        title = self.document.title
        out: dict[str, Any] = {
            "schema": "summarise.result/1",
            "input": self.document.input.to_json(),
            "language": {"code": self.language.code, "confidence": self.language.confidence},
            "title": None
            if title is None
            else {
                "source": title.text,
                "english": self.title_english,
                "fidelity": self.title_fidelity,
            },
            "bullets": [b.to_json() for b in self.bullets],
            "figures": [f.to_json() for f in self.figures],
            "translation": self.translation.to_json(),
            "warnings": list(self.warnings),
            "timings_ms": {k: round(v, 3) for k, v in self.timings_ms.items()},
        }
        out.update(self.extra)
        return out


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
