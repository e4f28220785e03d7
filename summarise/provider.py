"""The models of a run: each loaded once, a failure remembered, translators routed by language.

A batch of thousands loads each model once and never retries one that could not be had; the
modes (summarise.extractive, summarise.abstractive) ask this provider and never load a model
themselves. Loaders are injectable so tests (and the library API) can pass their own.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from summarise.errors import ModelUnavailable
from summarise.settings import Settings

Loader = Callable[[str, Settings], object]


@dataclass
class Models:
    """Loads, keeps and routes the models that one run's settings ask for."""

    settings: Settings
    load_translator: Loader | None = None  # injectable for tests
    load_summariser: Loader | None = None  # injectable for tests
    _loaded: dict[tuple[str, str], object] = field(default_factory=dict)
    _unavailable: dict[tuple[str, str], ModelUnavailable] = field(default_factory=dict)
    # Models that run on another engine than the cache key planned (CTranslate2 failed to
    # load one and PyTorch took it): results made with them are not cached as the answer.
    off_plan: set[tuple[str, str]] = field(default_factory=set)

    def translator_for(self, lang: str) -> object:
        """The translator for documents in `lang`: `--translator`, or under `auto` the one
        the registry routes the language to (ModelUnavailable when it routes none)."""
        name = self.settings.translator
        if name == "auto":
            from summarise.registry import route_for_language

            routed = route_for_language(lang)
            if routed is None:
                raise ModelUnavailable(f"no translator in the registry handles {lang!r}.")
            name = routed
        return self._model("translator", name)

    def summariser(self) -> object:
        """The English summariser of abstractive mode."""
        from summarise.registry import summariser_name

        return self._model("summariser", summariser_name(self.settings.summariser))

    def _model(self, role: str, name: str) -> object:
        """Load a model on first use; a failure is remembered so a batch never retries it."""
        key = (role, name)
        if key in self._unavailable:
            raise self._unavailable[key]
        if key not in self._loaded:
            if role == "translator":
                loader = self.load_translator or _default_loader
            else:
                loader = self.load_summariser or _default_summariser_loader
            try:
                self._loaded[key] = loader(name, self.settings)
            except ModelUnavailable as exc:
                self._unavailable[key] = exc
                raise
            from summarise.cache import planned_engine

            engine = getattr(self._loaded[key], "backend", None)
            if engine in ("ct2", "torch") and engine != planned_engine(name, self.settings):
                self.off_plan.add(key)
        return self._loaded[key]


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
