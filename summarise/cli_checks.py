"""Option values checked once, at the edge, before any input is read.

Shared by the run command (summarise.cli) and the report commands (summarise.cli_reports), so
it sits below both: neither imports the other's checks.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from summarise.errors import ExitCode, SummariseError

DEVICES = ("auto", "cpu", "cuda", "mps")
BACKENDS = ("auto", "ct2", "torch")


def _usage(message: str) -> SummariseError:
    return SummariseError(message, ExitCode.USAGE, kind="usage")


def validate(settings: Any, globs: list[str] | None) -> None:
    """Every option value checked once, before any input is read: a bad one is one message
    and exit 2, not one identical error per file of a 5,000-file batch."""
    from summarise.language import language_from_code

    if settings.lang:
        language_from_code(settings.lang)
    for pattern in globs or ():
        if not pattern or "/" in pattern or os.sep in pattern:
            raise _usage(
                f"--glob {pattern!r}: a pattern matches file names, not paths (e.g. '*.txt')"
            )
    if settings.device not in DEVICES:
        raise _usage(f"--device {settings.device!r}: use one of {', '.join(DEVICES)}")
    from summarise.backends import llm

    if settings.backend not in BACKENDS:
        raise _usage(f"--backend {settings.backend!r}: use one of {', '.join(BACKENDS)}")
    if llm.is_llm(settings.translator):
        llm.check_name("--translator", settings.translator)
    elif settings.translator not in ("auto", "none"):
        _check_model("--translator", settings.translator, "translator")
    if settings.mode == "abstractive" and llm.is_llm(settings.summariser):
        llm.check_name("--summariser", settings.summariser)
    elif settings.mode == "abstractive" and settings.summariser != "auto":
        _check_model("--summariser", settings.summariser, "summariser")
    if _uses_llm(settings):
        llm.check_url(settings.llm_url)


def _uses_llm(settings: Any) -> bool:
    """Whether this run sends text to the --llm-url server."""
    from summarise.backends.llm import is_llm

    summariser = settings.mode == "abstractive" and is_llm(settings.summariser)
    return is_llm(settings.translator) or summariser


def privacy_note(settings: Any) -> str | None:
    """The one stderr line a run prints when article text would leave this machine."""
    from summarise.backends.llm import privacy_note as note

    return note(settings.llm_url) if _uses_llm(settings) else None


def _check_model(option: str, value: str, role: str) -> None:
    """A registry name of the right role, or an existing model directory."""
    from summarise import registry

    path = Path(value).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise _usage(f"{option} {value}: not a model directory (no config.json in it)")
        return
    if path.exists() or os.sep in value or "/" in value or value.startswith((".", "~")):
        raise _usage(f"{option} {value}: no such model directory")
    try:
        spec = registry.get_spec(value)
    except SummariseError as exc:
        raise _usage(f"{option}: {exc.message}") from None
    if spec.role != role:
        raise _usage(f"{option} {value}: {value} is a {spec.role}, not a {role}")
