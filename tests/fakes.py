"""Test doubles for the Seq2SeqModel protocol: scripted answers and deliberate corruption."""

from __future__ import annotations

import re
from collections.abc import Callable, Mapping, Sequence
from typing import Any


class ScriptedTranslator:
    """Answers from a table (source → English); unknown inputs come back unchanged.

    Records every call so tests can see what was sent (sentence by sentence, options).
    """

    def __init__(
        self,
        script: Mapping[str, str] | None = None,
        name: str = "scripted",
        max_input_tokens: int | None = None,
    ) -> None:
        self.name = name
        self.script = dict(script or {})
        self.calls: list[tuple[list[str], dict[str, Any]]] = []
        if max_input_tokens is not None:
            self.max_input_tokens = max_input_tokens

    def generate(self, texts: Sequence[str], **options: Any) -> list[str]:
        self.calls.append((list(texts), dict(options)))
        n = int(options.get("num_return_sequences", 1))
        return [self.script.get(t, t) for t in texts for _ in range(n)]

    @property
    def inputs(self) -> list[str]:
        return [t for texts, _ in self.calls for t in texts]


def drop_digits(text: str) -> str:
    """Lose the last digit of every number: 14.3 → 14., 49 → 4."""
    return re.sub(r"\d(?=\D|$)", "", text, count=0)


def swap_decimal(text: str) -> str:
    """Swap decimal and group separators between digits: 14.3 → 14,3 and 1,500 → 1.500."""
    return re.sub(r"(?<=\d)[.,](?=\d)", lambda m: "," if m.group(0) == "." else ".", text)


def miliar_to_million(text: str) -> str:
    return re.sub(r"\b(billion|miliar)\b", "million", text, flags=re.IGNORECASE)


def drop_currency(text: str) -> str:
    return re.sub(r"US\$|Rp|RM|\$", "", text)


def drop_sentence(text: str) -> str:
    """Lose the last sentence (a one-sentence input comes back empty)."""
    parts = re.split(r"(?<=[.!?])\s+", text.strip())
    return " ".join(parts[:-1])


def garble(text: str) -> str:
    """Keep the shape of a sentence, lose every figure (placeholders included)."""
    return "The company said it invested a lot." if text.strip() else text


CORRUPTIONS: dict[str, Callable[[str], str]] = {
    "drop_digits": drop_digits,
    "swap_decimal": swap_decimal,
    "miliar_to_million": miliar_to_million,
    "drop_currency": drop_currency,
    "drop_sentence": drop_sentence,
    "garble": garble,
}


class CorruptingTranslator(ScriptedTranslator):
    """A scripted translator whose output is corrupted by `corruption`.

    `persistent=False` corrupts only the first answer for each input (so a repair can work);
    `persistent=True` corrupts every answer (so the bullet must end flagged).
    """

    def __init__(
        self,
        script: Mapping[str, str],
        corruption: str,
        *,
        persistent: bool = False,
        name: str = "corrupting",
    ) -> None:
        super().__init__(script, name=name)
        self.corrupt = CORRUPTIONS[corruption]
        self.persistent = persistent
        self.seen: set[str] = set()

    def generate(self, texts: Sequence[str], **options: Any) -> list[str]:
        clean = super().generate(texts, **options)
        n = int(options.get("num_return_sequences", 1))
        out = []
        for k, english in enumerate(clean):
            source = texts[k // n]
            first = source not in self.seen
            out.append(self.corrupt(english) if (first or self.persistent) else english)
        self.seen.update(texts)
        return out


class ScriptedSummariser:
    """A summariser that answers `respond(text)` (candidates, best first) for every input;
    by default the fixed `candidates`. Records every call. `max_input_tokens` (counted in
    words + 1, as for any model without `count_tokens`) sends long inputs through map-reduce.
    """

    def __init__(
        self,
        candidates: Sequence[str] | str = (),
        *,
        respond: Callable[[str], list[str]] | None = None,
        max_input_tokens: int | None = None,
        name: str = "scripted-summariser",
    ) -> None:
        self.name = name
        self.candidates = [candidates] if isinstance(candidates, str) else list(candidates)
        self.respond = respond or (lambda _text: list(self.candidates))
        self.calls: list[tuple[list[str], dict[str, Any]]] = []
        if max_input_tokens is not None:
            self.max_input_tokens = max_input_tokens

    def generate(self, texts: Sequence[str], **options: Any) -> list[str]:
        self.calls.append((list(texts), dict(options)))
        n = int(options.get("num_return_sequences", 1))
        return [c for t in texts for c in (self.respond(t) * n)[:n]]

    def generate_candidates(self, texts: Sequence[str], n: int, **options: Any) -> list[list[str]]:
        self.calls.append((list(texts), {**options, "candidates": n}))
        return [self.respond(t)[:n] for t in texts]
