"""Read a whole batch for the reports that look across articles (figures table, digest).

The per-article job streams one result at a time (summarise.batch); a table or a digest needs
every article before it can write anything, so this is a small loop of its own over the same
stages: discover → read → prepare (model-free) → optionally summarise. A bad input is one line
on stderr and the batch goes on, with the exit codes the README documents.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO

from summarise.errors import ExitCode, SummariseError

if TYPE_CHECKING:
    from summarise.pipeline import Pipeline
    from summarise.settings import Settings
    from summarise.values import Prepared, Result

DEFAULT_GLOBS = ("*.txt", "*.md", "*.html", "*.htm")


@dataclass
class Batch:
    """What was read: the prepared articles in input order, and how many inputs failed."""

    prepared: list[Prepared] = field(default_factory=list)
    failed: int = 0

    @property
    def exit_code(self) -> ExitCode:
        if not self.failed:
            return ExitCode.OK
        return ExitCode.SOME_FAILED if self.prepared else ExitCode.NO_USABLE_INPUT


def read_batch(
    paths: Sequence[str],
    settings: Settings,
    *,
    globs: Sequence[str] | None = None,
    stdin: BinaryIO | None = None,
    on_error: Callable[[str], None] | None = None,
    on_warning: Callable[[str], None] | None = None,
    skip: Path | None = None,
) -> Batch:
    """Every input prepared (read, cleaned, language, figures); errors go to `on_error`,
    what reading had to repair (invalid UTF-8 bytes) to `on_warning`."""
    from summarise.pipeline import Pipeline
    from summarise.sources import discover_inputs, read_input

    refs, problems = discover_inputs(paths, globs=tuple(globs or DEFAULT_GLOBS))
    if skip is not None:
        refs = [r for r in refs if r.path is None or not _same_file(r.path, skip)]
    batch = Batch()
    report = on_error or (lambda _m: None)
    for err in problems:
        batch.failed += 1
        report(err.message)
    pipeline = Pipeline(settings)
    for ref in refs:
        try:
            warnings: list[str] = []
            info, text = read_input(
                ref, max_bytes=settings.max_bytes, stdin=stdin, warnings=warnings
            )
            for w in warnings:
                if on_warning is not None:
                    on_warning(w)
            batch.prepared.append(pipeline.prepare(info, text))
        except SummariseError as exc:
            batch.failed += 1
            message = exc.message
            report(message if message.startswith(ref.display) else f"{ref.display}: {message}")
    return batch


def _same_file(a: Path, b: Path) -> bool:
    try:
        return a.resolve() == b.resolve()
    except (OSError, RuntimeError):
        return False


def summarise_batch(pipeline: Pipeline, prepared: Sequence[Prepared]) -> list[Result]:
    """Bullets for every prepared article, translated in groups as the batch job does."""
    out: list[Result] = []
    for i in range(0, len(prepared), 16):
        out += pipeline.summarise_many(list(prepared[i : i + 16]))
    return out
