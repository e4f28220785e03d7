"""summarise: English key-fact bullets with exact figures from news in other languages.

The public Python API (stable names; importing this package loads nothing heavy):

- `extract_figures(text, lang=None)`: every figure of a text (language detected when None).
- `verify_translation(source, english, lang="id")`: the number-fidelity guard's verdict.
- `summarise_text(text, ...)`: the whole pipeline on one text, as the CLI runs it.
- `figure_rows(paths, ...)`: the rows of `summarise figures PATHS -f csv`, as dicts of strings.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

__version__ = "0.2.0"

if TYPE_CHECKING:
    from summarise.guard import Verdict
    from summarise.values import Figure, Result

__all__ = [
    "Figure",
    "Result",
    "Verdict",
    "__version__",
    "extract_figures",
    "figure_rows",
    "summarise_text",
    "verify_translation",
]


def extract_figures(text: str, lang: str | None = None) -> list[Figure]:
    """Every figure in `text`, each paragraph read with its own number convention.

    `lang`: ISO 639-1 code (`id`, `ms`, `en`); None detects it from the text (an unsupported
    or undetectable language raises `summarise.errors.InputError`).
    """
    from summarise.figures import read_figures

    confident = True
    if lang is None:
        from summarise.language import detect_language
        from summarise.prepare import CONFIDENT

        language = detect_language(text)
        lang, confident = language.code, language.confidence >= CONFIDENT
    return read_figures(text, lang, confident=confident)


def verify_translation(source: str, english: str, lang: str = "id") -> Verdict:
    """Whether `english` states exactly the figures of `source`: `verdict.status` is "ok" or
    "flagged", `verdict.problems` says what is wrong, naming the source figure. The pipeline's
    guard uses this same function for every bullet and title."""
    from summarise.guard import verify_translation as verify

    return verify(source, english, lang)


def figure_rows(
    paths: Any,
    *,
    lang: str | None = None,
    convert: str | None = None,
    rates: Sequence[str] = (),
    rates_file: str | None = None,
) -> list[dict[str, str]]:
    """One dict per figure of every file under `paths` (a path or a list; directories are
    read recursively), keyed by the CSV header; cells are exact strings (values in plain
    digits from the Decimal). `convert="USD", rates=["USD/IDR=16250"]` adds the converted
    columns. An unreadable input raises `summarise.errors.SummariseError`."""
    from summarise.table import figure_rows as rows

    return rows(paths, lang=lang, convert=convert, rates=rates, rates_file=rates_file)


def summarise_text(
    text: str,
    *,
    lang: str | None = None,
    translator: Any = "auto",
    bullets: int = 5,
    mode: str = "extractive",
    offline: bool = False,
) -> Result:
    """Run the pipeline on one text, as `summarise FILE` does.

    `translator`: "auto" (the registry default for the language), "none", a registry name, a
    local model directory, or any object with `generate(texts: Sequence[str], **options) ->
    list[str]` (the model protocol), so you can plug in your own. `Result.to_json()` gives the
    `summarise.result/1` object.
    """
    import hashlib

    from summarise.pipeline import Pipeline, Settings
    from summarise.values import InputInfo

    custom = None if isinstance(translator, str) else translator
    if custom is not None and not callable(getattr(custom, "generate", None)):
        raise TypeError("translator must be a name, a directory or an object with generate()")
    settings = Settings(
        bullets=bullets,
        lang=lang,
        translator="custom" if custom is not None else translator,
        offline=offline,
        mode=mode,  # type: ignore[arg-type]
    )
    pipeline = Pipeline(settings, load_translator=_constant(custom) if custom else None)
    raw = text.encode("utf-8")
    info = InputInfo(path="<text>", sha256=hashlib.sha256(raw).hexdigest(), bytes=len(raw))
    return pipeline.summarise(pipeline.prepare(info, text))


def _constant(model: Any) -> Any:
    """A translator loader that always gives the caller's own model."""

    def load(_name: str, _settings: Any) -> Any:
        return model

    return load


def __getattr__(name: str) -> Any:
    if name in ("Figure", "Result"):
        from summarise import values

        return getattr(values, name)
    if name == "Verdict":
        from summarise.guard import Verdict

        return Verdict
    raise AttributeError(f"module 'summarise' has no attribute {name!r}")
