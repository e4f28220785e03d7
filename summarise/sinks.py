"""Where results go: one class per destination, all with the same three calls.

`plan` names every output before any work, `emit` writes one result (or a failed input's
error object) as soon as it is finished, `close` writes what waits for the end. A failed
input is reported on stderr by summarise.reporter; only JSON Lines also carries it on stdout.
"""

from __future__ import annotations

import os
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarise.errors import ExitCode, SummariseError
from summarise.fsutil import write_atomic
from summarise.render import EXTENSIONS, FiguresShown, Format, dumps, render, render_rich

if TYPE_CHECKING:
    from rich.console import Console

    from summarise.sources import InputRef

Obj = dict[str, Any]


class OutputError(SummariseError):
    """The output cannot be written (read-only, full disk): every later input would fail the
    same way, so the run stops; what finished is written and cached, and a rerun resumes."""


class StdoutClosed(Exception):
    """The reader of stdout went away (`| head -1`): nobody wants more, so the run ends at
    once and quietly, with exit 0, as ripgrep and cat do."""


def is_error(obj: Obj) -> bool:
    """Whether `obj` is a failed input's `summarise.error/1` object."""
    return obj.get("schema") == "summarise.error/1"


@dataclass
class Sink:
    """The destination of a run's results. `Sink(fmt=…, stdout=…, out_dir=…)` gives the class
    for that format and destination (as `pathlib.Path()` gives a PosixPath): `DirectorySink`
    under `out_dir`, else `JsonSink`, `JsonLinesSink` or `TextSink` on stdout."""

    fmt: Format
    stdout: Console
    out_dir: Path | None = None
    figures: FiguresShown = FiguresShown.all  # which figures the text views list
    annotate: Callable[[Obj], Obj] | None = None  # e.g. --convert: adds to what is shown
    written: int = 0  # results that reached their destination (not merely collected)

    def __new__(cls, *args: Any, **kwargs: Any) -> Sink:
        if cls is Sink:
            cls = _sink_class(kwargs.get("fmt", args[0] if args else None), _out_dir(args, kwargs))
        return super().__new__(cls)

    def plan(self, refs: Sequence[InputRef]) -> None:
        """Name every output before any work (only a directory has names to check)."""

    def emit(self, obj: Obj, ref: InputRef | None) -> None:
        """Write one result, or a failed input's error object, now."""
        if not is_error(obj) and self.annotate is not None:
            obj = self.annotate(obj)  # after the cache: a conversion is display, not result
        self._write(obj, ref)

    def close(self) -> None:
        """Write what waits for the end of the run (nothing, but for one JSON document)."""

    def _write(self, obj: Obj, ref: InputRef | None) -> None:
        raise NotImplementedError

    def _write_stdout(self, write: Callable[[], object]) -> None:
        """Write and flush now, so a closed pipe or a full disk is seen at this input, not at
        exit: EPIPE ends the run quietly (StdoutClosed), any other OSError stops it."""
        try:
            write()
            self.stdout.file.flush()
            self.written += 1
        except BrokenPipeError as exc:
            raise StdoutClosed from exc
        except OSError as exc:
            raise OutputError(
                f"cannot write to standard output: {exc.strerror or exc}", kind="output"
            ) from exc


def _out_dir(args: tuple[Any, ...], kwargs: dict[str, Any]) -> Path | None:
    return kwargs.get("out_dir", args[2] if len(args) > 2 else None)


def _sink_class(fmt: Format | None, out_dir: Path | None) -> type[Sink]:
    if out_dir is not None:
        return DirectorySink
    if fmt is Format.json:
        return JsonSink
    if fmt is Format.jsonl:
        return JsonLinesSink
    return TextSink


@dataclass
class TextSink(Sink):
    """Text, Markdown or rich on stdout, one result after another; errors are stderr's."""

    def _write(self, obj: Obj, ref: InputRef | None) -> None:
        if is_error(obj):
            return  # already reported on stderr
        if self.fmt is Format.rich:
            self._write_stdout(lambda: render_rich(obj, self.stdout, self.figures))
        else:
            self._write_stdout(lambda: self.stdout.file.write(render(obj, self.fmt, self.figures)))


@dataclass
class JsonLinesSink(Sink):
    """One JSON object a line on stdout, failed inputs included, as each finishes."""

    def _write(self, obj: Obj, ref: InputRef | None) -> None:
        self._write_stdout(lambda: self.stdout.file.write(dumps(obj, pretty=False) + "\n"))


@dataclass
class JsonSink(Sink):
    """One JSON document on stdout at the end: the object of one input, a list for more."""

    _collected: list[Obj] = field(default_factory=list)

    def _write(self, obj: Obj, ref: InputRef | None) -> None:
        self._collected.append(obj)

    def close(self) -> None:
        if self._collected:
            obj = self._collected[0] if len(self._collected) == 1 else self._collected
            self._collected = []
            self._write_stdout(lambda: self.stdout.file.write(dumps(obj, pretty=True) + "\n"))


@dataclass
class DirectorySink(Sink):
    """One file per input under `out_dir`, each written atomically (never a partial file)."""

    _targets: dict[InputRef, Path] = field(default_factory=dict)

    def plan(self, refs: Sequence[InputRef]) -> None:
        """Two inputs that would share one output, or an output that would overwrite an
        input, are a usage error (exit 2), not a silent loss."""
        from summarise.sources import display_name, output_paths

        assert self.out_dir is not None
        inputs = {real_path(r.path): r for r in refs if r.path is not None}
        owner: dict[str, InputRef] = {}
        for ref, rel in output_paths(refs).items():
            target = self.out_dir / (str(rel) + EXTENSIONS[self.fmt])
            key = os.path.normcase(os.path.normpath(target.absolute()))
            if key in owner:
                raise SummariseError(
                    f"{owner[key].display} and {ref.display} would both be written to "
                    f"{display_name(str(target))}; rename one or run them separately",
                    ExitCode.USAGE,
                    kind="usage",
                )
            if real_path(target) in inputs:
                raise SummariseError(
                    f"{display_name(str(target))}: refusing to overwrite an input file; "
                    "choose another -o",
                    ExitCode.USAGE,
                    kind="usage",
                )
            owner[key] = ref
            self._targets[ref] = target

    def target(self, ref: InputRef | None) -> Path:
        """The planned output file of `ref` (standard input when None)."""
        assert self.out_dir is not None
        if ref is not None and ref in self._targets:
            return self._targets[ref]
        from summarise.sources import output_paths

        rel = output_paths([ref])[ref] if ref is not None else Path("stdin")
        return self.out_dir / (str(rel) + EXTENSIONS[self.fmt])

    def _write(self, obj: Obj, ref: InputRef | None) -> None:
        if is_error(obj):
            return  # a failed input has no output file; stderr says why
        target = self.target(ref)
        try:
            write_atomic(target, render(obj, self.fmt, self.figures))
            self.written += 1
        except OSError as exc:
            from summarise.sources import display_name

            raise OutputError(
                f"cannot write {display_name(str(target))}: {exc.strerror or exc}",
                kind="output",
            ) from exc


def real_path(path: Path) -> Path:
    """The resolved path, or the absolute one where resolving fails (a symlink loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()
