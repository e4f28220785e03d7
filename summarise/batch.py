"""Run a job over every input: one bad file is recorded and the rest go on.

The CLI builds the settings, a `Sink` and a cache, then calls `run_job`; this module owns the
loop, per-input error handling, the cache look-up, progress and the exit code, so the typer
layer stays thin.
"""

from __future__ import annotations

import contextlib
import os
import traceback
from collections import deque
from collections.abc import Callable, Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass, field
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from summarise.cache import ResultCache, cacheable, fingerprint
from summarise.errors import ExitCode, ModelUnavailable, SummariseError
from summarise.fsutil import write_atomic
from summarise.render import (
    EXTENSIONS,
    FiguresShown,
    Format,
    dumps,
    error_json,
    render,
    render_rich,
)
from summarise.values import Result

if TYPE_CHECKING:
    from rich.console import Console

    from summarise.pipeline import Pipeline
    from summarise.settings import Settings
    from summarise.sources import InputRef
    from summarise.values import Prepared

Job = Literal["summarise", "figures"]
MAX_FAILURES_SHOWN = 20
Obj = dict[str, Any]


class OutputError(SummariseError):
    """The output cannot be written (read-only, full disk): every later input would fail the
    same way, so the run stops; what finished is written and cached, and a rerun resumes."""


class StdoutClosed(Exception):
    """The reader of stdout went away (`| head -1`): nobody wants more, so the run ends at
    once and quietly, with exit 0, as ripgrep and cat do."""


@dataclass
class Sink:
    """Where results go: stdout in one format, or one file per input under `out_dir`."""

    fmt: Format
    stdout: Console
    out_dir: Path | None = None
    figures: FiguresShown = FiguresShown.all  # which figures the text views list
    annotate: Callable[[Obj], Obj] | None = None  # e.g. --convert: adds to what is shown
    written: int = 0  # results that reached their destination (not merely collected)
    _targets: dict[InputRef, Path] = field(default_factory=dict)
    _collected: list[Obj] = field(default_factory=list)

    def plan(self, refs: Sequence[InputRef]) -> None:
        """Name every output before any work: two inputs that would share one output, or an
        output that would overwrite an input, are a usage error (exit 2), not a silent loss."""
        if self.out_dir is None:
            return
        from summarise.sources import display_name, output_paths

        inputs = {_real(r.path): r for r in refs if r.path is not None}
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
            if _real(target) in inputs:
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

    def emit(self, obj: Obj, ref: InputRef | None) -> None:
        failed = obj.get("schema") == "summarise.error/1"
        if self.annotate is not None and not failed:
            obj = self.annotate(obj)  # after the cache: a conversion is display, not result
        if self.out_dir is not None:
            if not failed:
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
        elif self.fmt is Format.json:
            self._collected.append(obj)
        elif self.fmt is Format.jsonl:
            self._write_stdout(lambda: self.stdout.file.write(dumps(obj, pretty=False) + "\n"))
        elif failed:
            pass  # already reported on stderr
        elif self.fmt is Format.rich:
            self._write_stdout(lambda: render_rich(obj, self.stdout, self.figures))
        else:
            self._write_stdout(lambda: self.stdout.file.write(render(obj, self.fmt, self.figures)))

    def close(self) -> None:
        if self.fmt is Format.json and self.out_dir is None and self._collected:
            obj = self._collected[0] if len(self._collected) == 1 else self._collected
            self._collected = []
            self._write_stdout(lambda: self.stdout.file.write(dumps(obj, pretty=True) + "\n"))

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


@dataclass
class Report:
    """What happened in a run, for the exit code and the closing summary."""

    done: int = 0
    cached: int = 0
    failed: list[Obj] = field(default_factory=list)
    warnings_seen: dict[str, int] = field(default_factory=dict)
    stdout_closed: bool = False  # the reader went away; the run stopped there

    def print_summary(self, console: Console) -> None:
        """One line when piped; on a terminal a table with the failed inputs and why."""
        line = f"{self.done} done ({self.cached} from cache), {len(self.failed)} failed"
        if not console.is_terminal:
            console.print(line)
            return
        from rich.table import Table

        console.print(f"[bold]{line}[/bold]")
        if not self.failed:
            return
        table = Table()
        table.add_column("failed input")
        table.add_column("reason")
        for obj in self.failed[:MAX_FAILURES_SHOWN]:
            table.add_row(_escape(obj["input"]["path"]), obj["error"]["code"])
        if len(self.failed) > MAX_FAILURES_SHOWN:
            table.add_row(f"… and {len(self.failed) - MAX_FAILURES_SHOWN} more", "")
        console.print(table)

    @property
    def exit_code(self) -> ExitCode:
        if not self.failed:
            return ExitCode.OK
        if self.stdout_closed:  # the reader left early: what it saw was usable, or not
            return ExitCode.SOME_FAILED
        return ExitCode.SOME_FAILED if self.done else ExitCode.NO_USABLE_INPUT


@dataclass(frozen=True, slots=True)
class Loaded:
    """Phase one of an input, model-free: read, then a cached result or a prepared document.

    Plain values only, so it can come back from a worker process; errors travel as
    (kind, message) and crashes as traceback text.
    """

    key: str = ""
    fallback_key: str = ""  # where a fallback result (a model missing) is cached instead
    cached: Obj | None = None
    cached_fallback: bool = False  # `cached` is a fallback: used only if this run falls back too
    prepared: Prepared | None = None
    error: tuple[str, str] | None = None
    crash: str | None = None
    warnings: tuple[str, ...] = ()  # from reading (invalid UTF-8 bytes): the result carries them


def load_one(
    job: Job,
    ref: InputRef,
    *,
    settings: Settings,
    cache_root: Path | None,
    fingerprint: dict[str, Any],
    stdin: BinaryIO | None = None,
    reraise: bool = False,
    fallback_cache: bool = True,
) -> Loaded:
    """Read one input and either find its cached result or run the model-free stages.

    A fallback result is cached under a key of its own (the fingerprint plus "fallback"), so an
    interrupted batch resumes in every mode, and the run decides (Run._settle) whether it
    still stands. `fallback_cache=False` skips it, to redo a document now that the model is
    there."""
    from summarise.pipeline import Pipeline
    from summarise.sources import read_input

    try:
        read_warnings: list[str] = []
        info, text = read_input(
            ref, max_bytes=settings.max_bytes, stdin=stdin, warnings=read_warnings
        )
        key = ResultCache.key(info.sha256, fingerprint)
        fallback_key = ResultCache.key(info.sha256, {**fingerprint, "fallback": True})
        cache = ResultCache(cache_root if job == "summarise" else None)
        cached = cache.get(key)
        fallback = cached is None and fallback_cache and (cached := cache.get(fallback_key))
        if cached is not None:
            cached["input"] = info.to_json()  # its warnings were stored with it
            return Loaded(key, fallback_key, cached=cached, cached_fallback=bool(fallback))
        prepared = Pipeline(settings).prepare(info, text)
        return Loaded(key, fallback_key, prepared=prepared, warnings=tuple(read_warnings))
    except SummariseError as exc:
        return Loaded(error=(exc.kind, exc.message))
    except Exception:
        if reraise:
            raise
        return Loaded(crash=traceback.format_exc())


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the main process, which stops the run cleanly."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


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
    quiet: bool = False  # -q: no warnings (errors are always shown)
    jobs: int = 1  # worker processes for the model-free stages
    group_size: int = 16  # documents whose bullets are translated in one batched call
    report: Report = field(default_factory=Report)
    _redo: Callable[[InputRef], Loaded] | None = field(default=None, repr=False)

    def run(self, paths: Sequence[str], globs: Sequence[str]) -> Report:
        """Process every input in order; record failures; warn once per distinct warning."""
        from summarise.sources import discover_inputs

        out = self.sink.out_dir
        # An output dir inside an input tree is never re-read; one that *is* an input dir
        # cannot be skipped without skipping everything, so only the overwrite check guards it.
        given = {_real(Path(p)) for p in paths if p != "-"}
        exclude = [out] if out is not None and _real(out) not in given else []
        refs, problems = discover_inputs(paths, globs=globs, exclude=exclude)
        self.sink.plan(refs)  # a usage error (two inputs, one output) before any work
        try:
            for err in problems:
                self._fail(err.path or "-", err.kind, err.message)
            # Ctrl-C is caught before the progress display starts, so it can never land
            # between the display hiding the cursor and the clean-up that shows it again.
            with _StopOnCtrlC(self.stderr) as stop, self._progress(len(refs)) as advance:
                loaded_refs = self._loaded_in_order(refs)
                while not stop.requested and (group := list(islice(loaded_refs, self.group_size))):
                    group = [(ref, self._settle(ref, loaded)) for ref, loaded in group]
                    computed = self._summarise_group([loaded for _, loaded in group])
                    for k, (ref, loaded) in enumerate(group):
                        self._finish(ref, loaded, computed.get(k))
                        advance()
            if stop.requested:
                raise KeyboardInterrupt
            self.sink.close()
        except StdoutClosed:
            self.report.stdout_closed = True
            return self.report
        except OutputError as exc:
            code = ExitCode.SOME_FAILED if self.sink.written else ExitCode.NO_USABLE_INPUT
            raise SummariseError(
                f"{exc.message}; stopping after {self.report.done} inputs, "
                f"{self.sink.written} written (finished ones are cached: rerun to resume)",
                code,
                kind="output",
            ) from exc
        except KeyboardInterrupt:
            with contextlib.suppress(StdoutClosed, OutputError):
                self.sink.close()  # what finished is flushed; no partial file was ever written
            raise SummariseError(
                f"interrupted after {self.report.done} inputs; run again to resume",
                ExitCode.INTERRUPTED,
                kind="interrupted",
            ) from None
        for warning, n in self.report.warnings_seen.items():
            if n > 1:
                self._warn(f"({n} inputs) {warning}")
        return self.report

    def _loaded_in_order(self, refs: Sequence[InputRef]) -> Iterator[tuple[InputRef, Loaded]]:
        """Phase one of every input, in input order: in worker processes when `jobs` > 1
        (reading, cleaning, language and figures then overlap with the models in this
        process), else here. Standard input is always read here."""
        remote = partial(
            load_one,
            self.job,
            settings=self.pipeline.settings,
            cache_root=self.cache.root,
            fingerprint={"job": self.job, **fingerprint(self.pipeline.settings)},
        )
        here = partial(remote, stdin=self.stdin, reraise=self._debug)
        self._redo = partial(here, fallback_cache=False)
        if self.jobs <= 1 or len(refs) < 2:
            for ref in refs:
                yield ref, here(ref)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        pool = ProcessPoolExecutor(
            max_workers=min(self.jobs, len(refs)),
            mp_context=multiprocessing.get_context("spawn"),  # no fork after torch threads
            initializer=_ignore_sigint,
        )
        pending: deque[tuple[InputRef, Future[Loaded] | Loaded]] = deque()
        todo = iter(refs)
        broken = False

        def submit(ref: InputRef) -> None:
            if ref.is_stdin or broken:
                pending.append((ref, here(ref)))
            else:
                pending.append((ref, pool.submit(remote, ref)))

        try:
            for ref in islice(todo, self.jobs * 4):
                submit(ref)
            while pending:
                ref, item = pending.popleft()
                if isinstance(item, Future):
                    try:
                        item = item.result()
                    except BrokenProcessPool:  # a worker died (killed, out of memory)
                        broken = True
                        item = here(ref)
                yield ref, item
                nxt = next(todo, None)
                if nxt is not None:
                    submit(nxt)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)

    def _settle(self, ref: InputRef, loaded: Loaded) -> Loaded:
        """A cached fallback stands while this run would fall back too; once the model is
        there (installed since), the document is read again and computed with it."""
        if not loaded.cached_fallback or loaded.cached is None:
            return loaded
        if self.pipeline.falls_back(loaded.cached["language"]["code"]):
            return loaded
        if ref.is_stdin:  # standard input cannot be read twice: the fallback stands
            return loaded
        assert self._redo is not None  # set when loading starts
        return self._redo(ref)

    @property
    def _debug(self) -> bool:
        from summarise.config import debug_requested

        return self.debug or debug_requested()

    def _summarise_group(self, group: Sequence[Loaded]) -> dict[int, Result | Exception]:
        """Results for the prepared documents of a group, translated together. Should that
        fail, each is redone alone, so one bad document cannot take its neighbours down."""
        todo = [
            (k, loaded.prepared)
            for k, loaded in enumerate(group)
            if self.job == "summarise" and loaded.cached is None and loaded.prepared is not None
        ]
        if not todo:
            return {}
        try:
            results = self.pipeline.summarise_many([p for _, p in todo])
            return {k: r for (k, _), r in zip(todo, results, strict=True)}
        except ModelUnavailable:
            raise
        except Exception:
            pass
        out: dict[int, Result | Exception] = {}
        for k, p in todo:
            try:
                out[k] = self.pipeline.summarise(p)
            except ModelUnavailable:
                raise
            except Exception as exc:  # raised again, with its traceback, in _finish
                out[k] = exc
        return out

    def _finish(self, ref: InputRef, loaded: Loaded, computed: Result | Exception | None) -> None:
        """Phase two, always in this process: cache and write what the group computed."""
        if loaded.error is not None:
            self._fail(ref.display, *loaded.error)
            return
        if loaded.crash is not None:
            self._internal(ref, loaded.crash)
            return
        try:
            if loaded.cached is not None:
                obj = loaded.cached
                self.report.cached += 1
            elif self.job == "figures":
                obj = loaded.prepared.to_json()  # its schema has no warnings: stderr only
                for w in loaded.warnings:
                    self._warn(w)
            else:
                if isinstance(computed, Exception):
                    raise computed
                assert computed is not None
                obj = computed.to_json()
                obj["warnings"] = [*loaded.warnings, *obj.get("warnings", ())]
                # A fallback is cached apart: a rerun resumes, and one with the model redoes it.
                answer = cacheable(computed, self.pipeline.settings)
                self.cache.put(loaded.key if answer else loaded.fallback_key, obj)
            self.sink.emit(obj, ref)
        except (ModelUnavailable, OutputError, StdoutClosed):
            raise  # the whole run stops (a model under --strict, or an unwritable output)
        except SummariseError as exc:
            self._fail(ref.display, exc.kind, exc.message)
            return
        except Exception:
            if self._debug:
                raise
            self._internal(ref, traceback.format_exc())
            return
        self.report.done += 1
        for w in obj.get("warnings", ()):
            seen = self.report.warnings_seen[w] = self.report.warnings_seen.get(w, 0) + 1
            if seen == 1:
                self._warn(w)

    def _warn(self, text: str) -> None:
        """Warnings, unlike errors, are silenced by -q."""
        if not self.quiet:
            self.stderr.print(f"[yellow]warning:[/yellow] {_escape(text)}", soft_wrap=True)

    def _internal(self, ref: InputRef, trace: str) -> None:
        """A bug, not a bad input: one line (the traceback with --debug), and the run goes on."""
        if self._debug:
            self.stderr.print(trace, markup=False, highlight=False)
        last = trace.strip().splitlines()[-1] if trace.strip() else "unknown error"
        message = f"{ref.display}: internal error: {last} (rerun with --debug for the traceback)"
        self._fail(ref.display, "internal", message)

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


class _StopOnCtrlC:
    """First Ctrl-C: finish the documents in hand, write them, then stop (exit 130).
    A second Ctrl-C quits at once; outputs are written atomically, so none is ever partial."""

    def __init__(self, stderr: Console) -> None:
        self.stderr = stderr
        self.requested = False
        self._previous: Any = None

    def __enter__(self) -> _StopOnCtrlC:
        import signal
        import threading

        if threading.current_thread() is threading.main_thread():
            self._previous = signal.signal(signal.SIGINT, self._handle)
        return self

    def _handle(self, signum: int, frame: Any) -> None:
        if self.requested:
            _restore_terminal(self.stderr)
            os._exit(int(ExitCode.INTERRUPTED))
        self.requested = True
        # A raw write: a signal handler that prints through rich can land inside rich's own
        # lazy imports and fail there ("partially initialized module"), an internal error.
        _raw_write(
            self.stderr, "stopping after the documents in hand; Ctrl-C again to quit at once\n"
        )

    def __exit__(self, *exc: object) -> None:
        import signal

        if self._previous is not None:
            signal.signal(signal.SIGINT, self._previous)


def _restore_terminal(console: Console) -> None:
    """Before quitting at once (no clean-up runs after os._exit): erase the progress line and
    show the cursor that the live display hid, so the shell gets its terminal back."""
    if console.is_terminal:
        _raw_write(console, "\x1b[?25h")


def _raw_write(console: Console, text: str) -> None:
    """Straight to the file descriptor, safe in a signal handler; on a terminal the progress
    line is erased first (it redraws itself)."""
    prefix = "\r\x1b[2K" if console.is_terminal else ""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        os.write(console.file.fileno(), (prefix + text).encode("utf-8", "replace"))


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


def _real(path: Path) -> Path:
    """The resolved path, or the absolute one where resolving fails (a symlink loop)."""
    try:
        return path.resolve()
    except (OSError, RuntimeError):
        return path.absolute()


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
