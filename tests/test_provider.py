"""The run's models: loaded once, a failure remembered, translators routed by language."""

from __future__ import annotations

import pytest

from summarise.errors import ModelUnavailable
from summarise.provider import Models
from summarise.settings import Settings


class _Loader:
    """Records every load; names in `missing` are unavailable."""

    def __init__(self, missing: tuple[str, ...] = ()) -> None:
        self.calls: list[str] = []
        self.missing = missing

    def __call__(self, name: str, settings: Settings) -> object:
        self.calls.append(name)
        if name in self.missing:
            raise ModelUnavailable(f"{name} not installed.")
        return f"model:{name}"


def test_a_model_is_loaded_once_per_run() -> None:
    load = _Loader()
    models = Models(Settings(translator="opus-mt-id-en"), load_translator=load)
    assert models.translator_for("id") == "model:opus-mt-id-en"
    assert models.translator_for("ms") == "model:opus-mt-id-en"
    assert load.calls == ["opus-mt-id-en"]


def test_a_failure_is_remembered_and_never_retried() -> None:
    load = _Loader(missing=("gone",))
    models = Models(Settings(translator="gone"), load_translator=load)
    for _ in range(3):
        with pytest.raises(ModelUnavailable, match="gone not installed"):
            models.translator_for("id")
    assert load.calls == ["gone"]


def test_auto_routes_each_language_to_the_registry_translator() -> None:
    load = _Loader()
    models = Models(Settings(translator="auto"), load_translator=load)
    assert models.translator_for("id") == "model:opus-mt-id-en"
    assert models.translator_for("ms") == "model:opus-mt-mul-en"
    assert load.calls == ["opus-mt-id-en", "opus-mt-mul-en"]


def test_auto_with_no_route_is_unavailable_without_loading() -> None:
    load = _Loader()
    models = Models(Settings(translator="auto"), load_translator=load)
    with pytest.raises(ModelUnavailable, match="no translator in the registry handles 'en'"):
        models.translator_for("en")
    assert load.calls == []


def test_the_summariser_auto_is_the_registry_default_and_loaded_by_its_own_loader() -> None:
    translators, summarisers = _Loader(), _Loader()
    models = Models(Settings(), load_translator=translators, load_summariser=summarisers)
    assert models.summariser() == "model:distilbart-cnn-12-6"
    assert models.summariser() == "model:distilbart-cnn-12-6"
    assert summarisers.calls == ["distilbart-cnn-12-6"] and translators.calls == []
