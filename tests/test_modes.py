"""Modes composed: the fallback mode serves only what the first cannot, its warning first."""

from __future__ import annotations

from collections.abc import Sequence

from summarise.modes import Fallback, Mode, Outcome, with_fallback
from summarise.provider import Models
from summarise.settings import Settings
from summarise.values import Document, InputInfo, Language, Prepared, Result, Translation


def _prepared(name: str) -> Prepared:
    info = InputInfo(path=name, sha256="0" * 64, bytes=1)
    return Prepared(Document(input=info, text=name), Language("id", 1.0), (), {})


def _result(p: Prepared, made_by: str, warnings: tuple[str, ...] = ()) -> Result:
    return Result(
        p.document, p.language, (), (), Translation("ok"), warnings=warnings, mode=made_by
    )


def _primary(calls: list[list[str]]) -> Mode:
    """Serves documents whose name starts with "a"; the others fall back."""

    def summarise(prepared: Sequence[Prepared], models: Models) -> list[Outcome]:
        calls.append([p.document.input.path for p in prepared])
        return [
            _result(p, "abstractive")
            if p.document.input.path.startswith("a")
            else Fallback(f"no model for {p.document.input.path}.")
            for p in prepared
        ]

    return Mode(summarise, lambda lang, models: lang != "en")


def _secondary(calls: list[list[str]]) -> Mode:
    def summarise(prepared: Sequence[Prepared], models: Models) -> list[Outcome]:
        calls.append([p.document.input.path for p in prepared])
        return [_result(p, "extractive", ("translated late",)) for p in prepared]

    return Mode(summarise, lambda lang, models: True)


def test_the_second_mode_serves_only_the_fallbacks_in_one_call_warning_first() -> None:
    first: list[list[str]] = []
    second: list[list[str]] = []
    mode = with_fallback(_primary(first), _secondary(second))
    docs = [_prepared(n) for n in ("a1", "b2", "a3", "b4")]
    out = mode.summarise(docs, Models(Settings()))
    assert first == [["a1", "b2", "a3", "b4"]]
    assert second == [["b2", "b4"]]
    assert [r.document.input.path for r in out] == ["a1", "b2", "a3", "b4"]
    assert [r.mode for r in out] == ["abstractive", "extractive", "abstractive", "extractive"]
    assert out[1].warnings == ("no model for b2.", "translated late")
    assert out[0].warnings == ()


def test_nothing_falls_back_and_the_second_mode_is_never_called() -> None:
    second: list[list[str]] = []
    mode = with_fallback(_primary([]), _secondary(second))
    out = mode.summarise([_prepared("a1")], Models(Settings()))
    assert second == [] and [r.mode for r in out] == ["abstractive"]


def test_a_composed_mode_falls_back_where_its_first_mode_does() -> None:
    mode = with_fallback(_primary([]), _secondary([]))
    models = Models(Settings())
    assert mode.falls_back("id", models) is True
    assert mode.falls_back("en", models) is False  # the second mode's answer is not asked
