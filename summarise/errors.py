"""One error type for everything a user can cause, with the exit code the README documents."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0
    SOME_FAILED = 1  # some inputs failed, the others were processed
    USAGE = 2
    MODEL_UNAVAILABLE = 3  # only under --strict
    NO_USABLE_INPUT = 4
    INTERRUPTED = 130


class SummariseError(Exception):
    """A problem the user can fix: shown as one line on stderr, never as a traceback."""

    def __init__(
        self,
        message: str,
        code: ExitCode = ExitCode.NO_USABLE_INPUT,
        *,
        kind: str = "input",
        path: str | None = None,
    ):
        super().__init__(message)
        self.message = message
        self.code = code
        self.kind = kind  # short machine-readable reason: "empty", "binary", "too-large", …
        self.path = path  # the input it concerns, when known

    def __str__(self) -> str:
        return self.message


class InputError(SummariseError):
    """This one input cannot be used; a batch records it and goes on."""


class ModelUnavailable(SummariseError):
    """A model could not be loaded; callers fall back unless --strict."""

    def __init__(self, message: str, *, hint: str | None = None):
        super().__init__(message, ExitCode.MODEL_UNAVAILABLE, kind="model-unavailable")
        self.hint = (
            hint  # the exact command that fixes it, e.g. `summarise models pull opus-mt-id-en`
        )
