"""What a mode is, and how one falls back to another.

A mode turns prepared documents into results, asking the run's models provider for what it
needs: `summarise.extractive` (select, then translate) and `summarise.abstractive` (translate,
summarise, align). A mode that cannot serve a document returns a `Fallback` saying why;
`with_fallback` composes two modes so the second serves those documents, with that warning
first. The pipeline chooses the mode once, from the settings.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace
from typing import TYPE_CHECKING

from summarise.values import Prepared, Result

if TYPE_CHECKING:
    from summarise.provider import Models


@dataclass(frozen=True, slots=True)
class Fallback:
    """This mode cannot serve the document (a model it needs is missing): why, for the user."""

    warning: str


Outcome = Result | Fallback


@dataclass(frozen=True, slots=True)
class Mode:
    """`summarise`: documents → one outcome each, in order. `falls_back(lang, models)`: would
    a document in `lang` get a fallback in this run (a model it needs cannot be had)? It loads
    the models a fresh document would load, so a cached fallback is reused only while it would
    still be the answer."""

    summarise: Callable[[Sequence[Prepared], Models], list[Outcome]]
    falls_back: Callable[[str, Models], bool]


def with_fallback(primary: Mode, secondary: Mode) -> Mode:
    """`primary`, and `secondary` for each document that `primary` cannot serve; the fallback's
    warning comes first among the result's warnings."""

    def summarise(prepared: Sequence[Prepared], models: Models) -> list[Outcome]:
        out = primary.summarise(prepared, models)
        todo = [i for i, o in enumerate(out) if isinstance(o, Fallback)]
        if todo:
            redone = secondary.summarise([prepared[i] for i in todo], models)
            for i, o in zip(todo, redone, strict=True):
                first = out[i]
                assert isinstance(first, Fallback)
                if isinstance(o, Result):
                    o = replace(o, warnings=(first.warning, *o.warnings))
                out[i] = o
        return out

    return Mode(summarise, primary.falls_back)  # a document the primary cannot serve falls back
