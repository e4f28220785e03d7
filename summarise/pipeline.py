"""The pipeline: the stages in order, over immutable values. Nothing else lives here.

    read → prepare (clean → split → language → figures)        summarise.prepare
         → mode, chosen once from the settings:
             extractive: select → translate                    summarise.extractive
             abstractive: translate → summarise → align,       summarise.abstractive
                          falling back to extractive           summarise.modes
         → Result

The run's models (loaded once, failures remembered, routed by language) belong to
`summarise.provider.Models`; the cache policy to `summarise.cache`.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any, BinaryIO

from summarise import abstractive, extractive
from summarise.errors import ExitCode, SummariseError
from summarise.extractive import make_bullets
from summarise.modes import Mode, with_fallback
from summarise.prepare import CONFIDENT, build_document, find_figures, identify_language, prepare
from summarise.provider import Loader, Models
from summarise.settings import Settings
from summarise.values import InputInfo, Prepared, Result


def read(ref, settings: Settings, stdin: BinaryIO | None = None):
    """Read and decode one input (raises InputError with a one-line message)."""
    from summarise.sources import read_input

    return read_input(ref, max_bytes=settings.max_bytes, stdin=stdin)


def choose_mode(settings: Settings) -> Mode:
    """The mode of the settings: abstractive falls back to extractive, document by document."""
    if settings.mode == "abstractive":
        return with_fallback(abstractive.MODE, extractive.MODE)
    return extractive.MODE


@dataclass
class Pipeline:
    """One run: its settings, its mode and the models it has loaded (or failed to load)."""

    settings: Settings
    load_translator: Loader | None = None  # injectable for tests
    load_summariser: Loader | None = None  # injectable for tests
    models: Models = field(init=False)
    mode: Mode = field(init=False)

    def __post_init__(self) -> None:
        self.models = Models(self.settings, self.load_translator, self.load_summariser)
        self.mode = choose_mode(self.settings)

    def prepare(self, info: InputInfo, text: str) -> Prepared:
        """Every model-free stage; also what `summarise figures` runs."""
        return prepare(info, text, self.settings.lang)

    def summarise(self, prepared: Prepared) -> Result:
        """The mode's result for one prepared document."""
        return self.summarise_many([prepared])[0]

    def summarise_many(self, prepared: Sequence[Prepared]) -> list[Result]:
        """`summarise` for several documents at once: the documents that share a translator
        are translated in one batched call, so a batch keeps the model busy."""
        results = self.mode.summarise(prepared, self.models)
        assert all(isinstance(r, Result) for r in results)  # the last mode never falls back
        return results  # type: ignore[return-value]

    def falls_back(self, lang: str) -> bool:
        """Whether a document in `lang` would get a fallback result in this run (see
        summarise.modes.Mode); under --strict a missing model raises."""
        return self.mode.falls_back(lang, self.models)

    def fingerprint(self) -> dict[str, Any]:
        """What, besides the input bytes, decides the result (summarise.cache.fingerprint)."""
        from summarise.cache import fingerprint

        return fingerprint(self.settings)


__all__ = [
    "CONFIDENT",
    "ExitCode",
    "Pipeline",
    "Prepared",
    "Settings",
    "SummariseError",
    "build_document",
    "choose_mode",
    "find_figures",
    "identify_language",
    "make_bullets",
    "read",
]
