"""Run a job over every input: one bad file is recorded and the rest go on.

The CLI builds the settings, a `Sink` and a cache, then calls `run_job`; this module owns the
loop, per-input error handling, the cache look-up, progress and the exit code, so the typer
layer stays thin.
"""

from __future__ import annotations

import os
from collections.abc import Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from summarise.cache import ResultCache
from summarise.errors import ExitCode, ModelUnavailable, SummariseError
from summarise.fsutil import write_atomic
from summarise.render import EXTENSIONS, Format, dumps, error_json, render, render_rich

if TYPE_CHECKING:
    from rich.console import Console

    from summarise.pipeline import Pipeline
    from summarise.sources import InputRef

Job = Literal["summarise", "figures"]
Obj = dict[str, Any]


@dataclass
class Sink:
    """Where results go: stdout in one format, or one file per input under `out_dir`."""

    fmt: Format
    stdout: Console
    out_dir: Path | None = None
    inputs: frozenset[Path] = frozenset()  # resolved input paths, never overwritten
    _collected: list[Obj] = field(default_factory=list)

    def target(self, rel: Path) -> Path:
        assert self.out_dir is not None
        return (self.out_dir / rel).with_suffix(EXTENSIONS[self.fmt])

    def emit(self, obj: Obj, rel: Path | None) -> None:
        failed = obj.get("schema") == "summarise.error/1"
        if self.out_dir is not None:
            if not failed:
                target = self.target(rel or Path("stdin"))
                if target.resolve() in self.inputs:
                    raise SummariseError(
                        f"{target}: refusing to overwrite an input file; choose another -o",
                        kind="output",
                    )
                write_atomic(target, render(obj, self.fmt))
        elif self.fmt is Format.json:
            self._collected.append(obj)
        elif self.fmt is Format.jsonl:
            self.stdout.file.write(dumps(obj, pretty=False) + "\n")
            self.stdout.file.flush()
        elif failed:
            pass  # already reported on stderr
        elif self.fmt is Format.rich:
            render_rich(obj, self.stdout)
        else:
            self.stdout.file.write(render(obj, self.fmt))
            self.stdout.file.flush()

    def close(self) -> None:
        if self.fmt is Format.json and self.out_dir is None and self._collected:
            obj = self._collected[0] if len(self._collected) == 1 else self._collected
            self.stdout.file.write(dumps(obj, pretty=True) + "\n")
            self._collected = []


@dataclass
class Report:
    """What happened in a run, for the exit code and the closing summary."""

    done: int = 0
    cached: int = 0
    failed: list[Obj] = field(default_factory=list)
    warnings_seen: dict[str, int] = field(default_factory=dict)

    @property
    def exit_code(self) -> ExitCode:
        if not self.failed:
            return ExitCode.OK
        return ExitCode.SOME_FAILED if self.done else ExitCode.NO_USABLE_INPUT


@dataclass
class Run:
    """One job over many inputs, with everything it reports to."""

    job: Job
    pipeline: Pipeline
    sink: Sink
    stderr: Console
    cache: ResultCache = field(default_factory=lambda: ResultCache(None))
    stdin: BinaryIO | None = None
    debug: bool = False
    progress: bool = False
    report: Report = field(default_factory=Report)

    def run(self, paths: Sequence[str], globs: Sequence[str]) -> Report:
        """Process every input in order; record failures; warn once per distinct warning."""
        from summarise.sources import discover_inputs

        out = self.sink.out_dir
        # An output dir inside an input tree is never re-read; one that *is* an input dir
        # cannot be skipped without skipping everything, so only the overwrite check guards it.
        given = {Path(p).resolve() for p in paths if p != "-"}
        exclude = [out] if out is not None and out.resolve() not in given else []
        refs, problems = discover_inputs(paths, globs=globs, exclude=exclude)
        for err in problems:
            self._fail(err.path or "-", err.kind, err.message)
        self.sink.inputs = frozenset(r.path.resolve() for r in refs if r.path is not None)
        try:
            with self._progress(len(refs)) as advance:
                for ref in refs:
                    self._one(ref)
                    advance()
        except KeyboardInterrupt:
            self.sink.close()  # what finished is flushed; no partial file was ever written
            raise SummariseError(
                f"interrupted after {self.report.done} inputs; run again to resume",
                ExitCode.INTERRUPTED,
                kind="interrupted",
            ) from None
        self.sink.close()
        for warning, n in self.report.warnings_seen.items():
            if n > 1:
                self.stderr.print(f"[yellow]warning:[/yellow] ({n} inputs) {_escape(warning)}")
        return self.report

    def _one(self, ref: InputRef) -> None:
        from summarise.pipeline import read
        from summarise.sources import relative_output_path

        try:
            info, text = read(ref, self.pipeline.settings, stdin=self.stdin)
            key = self.cache.key(info.sha256, {"job": self.job, **self.pipeline.fingerprint()})
            obj = self.cache.get(key) if self.job == "summarise" else None
            if obj is not None:
                obj["input"] = info.to_json()
                self.report.cached += 1
            else:
                prepared = self.pipeline.prepare(info, text)
                if self.job == "figures":
                    obj = prepared.to_json()
                else:
                    obj = self.pipeline.summarise(prepared).to_json()
                    if self.pipeline.cacheable(obj):
                        self.cache.put(key, obj)
            self.sink.emit(obj, relative_output_path(ref))
        except ModelUnavailable:
            raise  # only raised under --strict: the whole run stops with exit 3
        except SummariseError as exc:
            self._fail(ref.display, exc.kind, exc.message)
            return
        except Exception as exc:
            if self.debug or os.environ.get("SUMMARISE_DEBUG"):
                raise
            message = (
                f"{ref.display}: internal error: {type(exc).__name__}: {exc} "
                "(rerun with --debug for the traceback)"
            )
            self._fail(ref.display, "internal", message)
            return
        self.report.done += 1
        for w in obj.get("warnings", ()):
            seen = self.report.warnings_seen[w] = self.report.warnings_seen.get(w, 0) + 1
            if seen == 1:
                self.stderr.print(f"[yellow]warning:[/yellow] {_escape(w)}")

    def _fail(self, path: str, code: str, message: str) -> None:
        if path != "-" and not message.startswith(path):
            message = f"{path}: {message}"
        obj = error_json(path, code, message)
        self.report.failed.append(obj)
        self.stderr.print(f"[red]error:[/red] {_escape(message)}", soft_wrap=True)
        self.sink.emit(obj, None)

    def _progress(self, total: int):
        from contextlib import nullcontext

        if not self.progress or total < 2:
            return nullcontext(lambda: None)
        return _ProgressBar(self.stderr, total, self.report)


class _ProgressBar:
    """A rich progress bar on stderr: done / failed / cached, rate and ETA."""

    def __init__(self, console: Console, total: int, report: Report) -> None:
        from rich.progress import (
            BarColumn,
            MofNCompleteColumn,
            Progress,
            TextColumn,
            TimeRemainingColumn,
        )

        self.report = report
        self.progress = Progress(
            TextColumn("[progress.description]{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TextColumn("{task.fields[status]}"),
            TimeRemainingColumn(),
            console=console,
            transient=True,
        )
        self.task = self.progress.add_task("summarising", total=total, status="")

    def __enter__(self):
        self.progress.start()
        return self.advance

    def advance(self) -> None:
        r = self.report
        status = f"failed {len(r.failed)} · cached {r.cached}"
        self.progress.update(self.task, advance=1, status=status)

    def __exit__(self, *exc: object) -> None:
        self.progress.stop()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
