"""Run a job over every input: one bad file is recorded and the rest go on.

The CLI builds `Settings` and a `Sink`, then calls `run_job`; this module owns the loop, the
per-input error handling and the exit code, so the typer layer stays thin.
"""

from __future__ import annotations

import os
import sys
import tempfile
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, BinaryIO, Literal

from summarise.errors import ExitCode, InputError, ModelUnavailable, SummariseError
from summarise.render import (
    EXTENSIONS,
    Failure,
    Format,
    dumps,
    render_markdown,
    render_rich,
    render_text,
    to_json_obj,
)
from summarise.values import Result

if TYPE_CHECKING:
    from rich.console import Console

    from summarise.pipeline import Pipeline, Prepared

Job = Literal["summarise", "figures"]


def write_atomic(path: Path, data: str) -> None:
    """Write via a temp file in the same directory and rename: never a half-written output."""
    path.parent.mkdir(parents=True, exist_ok=True)
    fd, tmp = tempfile.mkstemp(dir=path.parent, prefix=f".{path.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(data)
        os.replace(tmp, path)
    except BaseException:
        Path(tmp).unlink(missing_ok=True)
        raise


@dataclass
class Sink:
    """Where results go: stdout in one format, or one file per input under `out_dir`."""

    fmt: Format
    stdout: Console
    out_dir: Path | None = None
    inputs: frozenset[Path] = frozenset()  # resolved input paths, never overwritten
    _collected: list[dict] = field(default_factory=list)

    def emit(self, item: Result | Prepared | Failure, rel: Path | None) -> None:
        if self.out_dir is not None:
            if isinstance(item, Failure):
                return
            target = (self.out_dir / (rel or Path("stdin"))).with_suffix(EXTENSIONS[self.fmt])
            if target.resolve() in self.inputs:
                raise InputError(f"{target}: refusing to overwrite an input file", kind="output")
            write_atomic(target, self._render_one(item))
            return
        if self.fmt is Format.json:
            self._collected.append(to_json_obj(item))
        elif self.fmt is Format.jsonl:
            self.stdout.file.write(dumps(to_json_obj(item), pretty=False) + "\n")
            self.stdout.file.flush()
        elif isinstance(item, Failure):
            return  # already reported on stderr
        elif self.fmt is Format.rich:
            render_rich(item, self.stdout)
        else:
            self.stdout.file.write(self._render_one(item))

    def _render_one(self, item: Result | Prepared) -> str:
        if self.fmt in (Format.json, Format.jsonl):
            return dumps(to_json_obj(item), pretty=self.fmt is Format.json) + "\n"
        if self.fmt is Format.markdown:
            return render_markdown(item)
        return render_text(item)

    def close(self) -> None:
        if self.fmt is Format.json and self.out_dir is None and self._collected:
            obj = self._collected[0] if len(self._collected) == 1 else self._collected
            self.stdout.file.write(dumps(obj, pretty=True) + "\n")


@dataclass
class Report:
    """What happened in a run, for the exit code and the closing summary."""

    done: int = 0
    failed: list[Failure] = field(default_factory=list)
    warnings_seen: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> ExitCode:
        if not self.failed:
            return ExitCode.OK
        return ExitCode.SOME_FAILED if self.done else ExitCode.NO_USABLE_INPUT


def run_job(
    job: Job,
    paths: Sequence[str],
    pipeline: Pipeline,
    sink: Sink,
    stderr: Console,
    *,
    globs: Sequence[str],
    stdin: BinaryIO | None = None,
    debug: bool = False,
) -> Report:
    """Process every input in order; record failures, warn once per distinct warning."""
    from summarise.sources import discover_inputs

    exclude = [sink.out_dir] if sink.out_dir is not None else []
    refs, problems = discover_inputs(paths, globs=globs, exclude=exclude)
    report = Report()
    for err in problems:
        _fail(report, sink, stderr, Failure(_err_path(err), err.kind, err.message))
    sink.inputs = frozenset(r.path.resolve() for r in refs if r.path is not None)
    try:
        for ref in refs:
            item = _process_one(job, ref, pipeline, report, sink, stderr, stdin, debug)
            if item is None:
                continue
            report.done += 1
            for w in item.warnings if isinstance(item, Result) else ():
                report.warnings_seen[w] = report.warnings_seen.get(w, 0) + 1
                if report.warnings_seen[w] == 1:
                    stderr.print(f"[yellow]warning:[/yellow] {_escape(w)}")
    except KeyboardInterrupt:
        sink.close()  # what finished is flushed; no partial file was ever written
        raise SummariseError(
            f"interrupted after {report.done} inputs", ExitCode.INTERRUPTED, kind="interrupted"
        ) from None
    sink.close()
    for warning, n in report.warnings_seen.items():
        if n > 1:
            stderr.print(f"[yellow]warning:[/yellow] ({n} inputs) {_escape(warning)}")
    return report


def _process_one(job, ref, pipeline, report, sink, stderr, stdin, debug):
    """One input start to finish; a failure is recorded and None returned."""
    from summarise.pipeline import read
    from summarise.sources import relative_output_path

    try:
        info, text = read(ref, pipeline.settings, stdin=stdin)
        prepared = pipeline.prepare(info, text)
        item = prepared if job == "figures" else pipeline.summarise(prepared)
        sink.emit(item, relative_output_path(ref))
        return item
    except ModelUnavailable:
        raise  # only raised under --strict: the whole run stops with exit 3
    except SummariseError as exc:
        _fail(report, sink, stderr, Failure(ref.display, exc.kind, exc.message))
    except Exception as exc:
        if debug or os.environ.get("SUMMARISE_DEBUG"):
            raise
        message = (
            f"{ref.display}: internal error: {type(exc).__name__}: {exc} "
            "(rerun with --debug for the traceback)"
        )
        _fail(report, sink, stderr, Failure(ref.display, "internal", message))
    return None


def _err_path(err: SummariseError) -> str:
    return getattr(err, "path", None) or "-"


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)


def _fail(report: Report, sink: Sink, stderr: Console, failure: Failure) -> None:
    report.failed.append(failure)
    message = failure.message
    if not message.startswith(failure.path) and failure.path != "-":
        message = f"{failure.path}: {message}"
    stderr.print(f"[red]error:[/red] {_escape(message)}", soft_wrap=True)
    sink.emit(failure, None)


def stdin_stream() -> BinaryIO:
    return sys.stdin.buffer
