"""Run a job over every input: one bad file is recorded and the rest go on.

The run loop, in three parts: the loader (summarise.loading: discover, read, prepare, in
order, optionally in workers) feeds groups of inputs to the loop here (group → mode →
finish: cache and write), and the reporter (summarise.reporter) owns stderr, failures,
warnings, progress and the exit code. Results go to a sink (summarise.sinks), one class per
destination. The CLI builds the settings, a sink and a cache, then calls `Run.run`.
"""

from __future__ import annotations

import contextlib
import traceback
from collections.abc import Callable, Iterator, Sequence
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, BinaryIO

from summarise.cache import ResultCache, cacheable, fingerprint
from summarise.errors import ExitCode, ModelUnavailable, SummariseError
from summarise.loading import Job, Loaded, Loader, discover, load_one
from summarise.reporter import MAX_FAILURES_SHOWN, Report, Reporter
from summarise.sinks import Obj, OutputError, Sink, StdoutClosed
from summarise.values import Result

if TYPE_CHECKING:
    from rich.console import Console

    from summarise.errors import InputError
    from summarise.pipeline import Pipeline
    from summarise.settings import Settings
    from summarise.sources import InputRef

__all__ = [
    "GROUP_SIZE",
    "MAX_FAILURES_SHOWN",
    "Finished",
    "Job",
    "Loaded",
    "OutputError",
    "Report",
    "Run",
    "RunLoop",
    "Sink",
    "StdoutClosed",
    "deliver",
    "ending",
    "finish",
    "load_one",
    "run_fingerprint",
    "settle",
    "summarise_group",
]


GROUP_SIZE = 16  # documents whose bullets are translated in one batched call


@dataclass
class RunLoop:
    """What every engine's run loop (this module's Run, summarise.ray.RayRun) is given: one
    job over many inputs, and everything it reports to."""

    job: Job
    pipeline: Pipeline
    sink: Sink
    stderr: Console
    cache: ResultCache = field(default_factory=lambda: ResultCache(None))
    stdin: BinaryIO | None = None
    debug: bool = False
    progress: bool = False
    quiet: bool = False  # -q: no warnings (errors are always shown)

    def _begin(
        self, paths: Sequence[str], globs: Sequence[str], report: Report
    ) -> tuple[bool, Reporter, list[InputRef], list[InputError]]:
        """(debug, reporter, inputs, problems): a usage error (two inputs, one output)
        raises here, before any work."""
        from summarise.config import debug_requested

        debug = self.debug or debug_requested()
        reporter = Reporter(self.stderr, self.sink, self.quiet, debug, report)
        refs, problems = discover(paths, globs, self.sink.out_dir)
        self.sink.plan(refs)
        return debug, reporter, refs, problems


@dataclass
class Run(RunLoop):
    """The local engine: phase one here or in `jobs` worker processes, phase two here."""

    jobs: int = 1  # worker processes for the model-free stages
    group_size: int = GROUP_SIZE
    report: Report = field(default_factory=Report)

    def run(self, paths: Sequence[str], globs: Sequence[str]) -> Report:
        """Process every input in order; record failures; warn once per distinct warning."""
        debug, reporter, refs, problems = self._begin(paths, globs, self.report)
        loader = Loader(
            self.job,
            self.pipeline.settings,
            self.cache.root,
            run_fingerprint(self.job, self.pipeline.settings),
            stdin=self.stdin,
            jobs=self.jobs,
            reraise=debug,
        )
        with ending(self.report, self.sink):
            for err in problems:
                reporter.fail(err.path or "-", err.kind, err.message)
            # Ctrl-C is caught before the progress display starts, so it can never land
            # between the display hiding the cursor and the clean-up that shows it again.
            with (
                reporter.stop_on_ctrl_c() as stop,
                reporter.progress(len(refs), self.progress) as advance,
            ):
                loaded = loader.in_order(refs)
                while not stop.requested and (group := list(islice(loaded, self.group_size))):
                    group = [(ref, self._settle(ref, one, loader)) for ref, one in group]
                    computed = self._summarise_group([one for _, one in group], reporter)
                    for k, (ref, one) in enumerate(group):
                        self._finish(ref, one, computed.get(k), reporter)
                        advance()
            if stop.requested:
                raise KeyboardInterrupt
            self.sink.close()
        if not self.report.stdout_closed:
            reporter.repeated_warnings()
        return self.report

    def _settle(self, ref: InputRef, loaded: Loaded, loader: Loader) -> Loaded:
        return settle(ref, loaded, self.pipeline, lambda: loader.here(ref, fallback_cache=False))

    def _summarise_group(
        self, group: Sequence[Loaded], reporter: Reporter
    ) -> dict[int, Result | Exception]:
        return summarise_group(self.pipeline, self.job, group, reporter.traceback)

    def _finish(
        self,
        ref: InputRef,
        loaded: Loaded,
        computed: Result | Exception | None,
        reporter: Reporter,
    ) -> None:
        """Phase two, always in this process: cache and write what the group computed."""
        done = finish(self.job, loaded, computed, self.pipeline, self.cache, reraise=reporter.debug)
        deliver(ref, done, self.sink, reporter)


def run_fingerprint(job: Job, settings: Settings) -> dict[str, Any]:
    """What the cache key holds besides the input bytes, for a run of `job` (every engine)."""
    return {"job": job, **fingerprint(settings)}


@contextlib.contextmanager
def ending(report: Report, sink: Sink) -> Iterator[None]:
    """How a run loop ends, whichever engine ran it. The reader of stdout gone: a quiet stop
    (`report.stdout_closed`). An unwritable output or Ctrl-C: one error saying how far it
    got; what finished is flushed and cached, so a rerun resumes."""
    try:
        yield
    except StdoutClosed:
        report.stdout_closed = True
    except OutputError as exc:
        code = ExitCode.SOME_FAILED if sink.written else ExitCode.NO_USABLE_INPUT
        raise SummariseError(
            f"{exc.message}; stopping after {report.done} inputs, "
            f"{sink.written} written (finished ones are cached: rerun to resume)",
            code,
            kind="output",
        ) from exc
    except KeyboardInterrupt:
        with contextlib.suppress(StdoutClosed, OutputError):
            sink.close()  # what finished is flushed; no partial file was ever written
        raise SummariseError(
            f"interrupted after {report.done} inputs; run again to resume",
            ExitCode.INTERRUPTED,
            kind="interrupted",
        ) from None


@dataclass(frozen=True, slots=True)
class Finished:
    """Phase two of one input, before it is written: the object to write, or why there is
    none. Plain values, so it can come back from another process (a Ray actor,
    summarise.ray) to the one that writes; errors travel as (kind, message), crashes as
    traceback text, and `notes` are warnings for stderr only (a figures object has none)."""

    obj: Obj | None = None
    cached: bool = False
    error: tuple[str, str] | None = None
    crash: str | None = None
    notes: tuple[str, ...] = ()


def settle(
    ref: InputRef, loaded: Loaded, pipeline: Pipeline, reload: Callable[[], Loaded]
) -> Loaded:
    """A cached fallback stands while this run would fall back too; once the model is
    there (installed since), the document is read again (`reload`) and computed with it."""
    if not loaded.cached_fallback or loaded.cached is None:
        return loaded
    if pipeline.falls_back(loaded.cached["language"]["code"]):
        return loaded
    if ref.is_stdin:  # standard input cannot be read twice: the fallback stands
        return loaded
    return reload()


def summarise_group(
    pipeline: Pipeline,
    job: Job,
    group: Sequence[Loaded],
    on_traceback: Callable[[str, str], None],
) -> dict[int, Result | Exception]:
    """Results for the prepared documents of a group, translated together. Should that
    fail, each is redone alone, so one bad document cannot take its neighbours down
    (`on_traceback(trace, why)` hears of the failed batched call, for --debug)."""
    todo = [
        (k, loaded.prepared)
        for k, loaded in enumerate(group)
        if job == "summarise" and loaded.cached is None and loaded.prepared is not None
    ]
    if not todo:
        return {}
    try:
        results = pipeline.summarise_many([p for _, p in todo])
        return {k: r for (k, _), r in zip(todo, results, strict=True)}
    except ModelUnavailable:
        raise  # --strict: the whole run stops
    except Exception:  # handled below: each document redone alone, the one at fault fails
        on_traceback(traceback.format_exc(), "a batched call failed; each document is redone alone")
    out: dict[int, Result | Exception] = {}
    for k, p in todo:
        try:
            out[k] = pipeline.summarise(p)
        except ModelUnavailable:
            raise
        except Exception as exc:  # raised again, with its traceback, in finish
            out[k] = exc
    return out


def finish(
    job: Job,
    loaded: Loaded,
    computed: Result | Exception | None,
    pipeline: Pipeline,
    cache: ResultCache,
    *,
    reraise: bool = False,
) -> Finished:
    """Phase two of one input: its object (cached now if it was computed), or its failure.
    A model missing under --strict stops the run (ModelUnavailable is raised)."""
    if loaded.error is not None:
        return Finished(error=loaded.error)
    if loaded.crash is not None:
        return Finished(crash=loaded.crash)
    try:
        if loaded.cached is not None:
            return Finished(loaded.cached, cached=True)
        if job == "figures":
            assert loaded.prepared is not None
            # its schema has no warnings: they go to stderr only
            return Finished(loaded.prepared.to_json(), notes=loaded.warnings)
        if isinstance(computed, Exception):
            raise computed
        assert computed is not None
        obj = computed.to_json()
        obj["warnings"] = [*loaded.warnings, *obj.get("warnings", ())]
        # A fallback is cached apart: a rerun resumes, and one with the model redoes it.
        answer = cacheable(computed, pipeline.settings, off_plan=bool(pipeline.models.off_plan))
        cache.put(loaded.key if answer else loaded.fallback_key, obj)
        return Finished(obj)
    except ModelUnavailable:
        raise
    except SummariseError as exc:
        return Finished(error=(exc.kind, exc.message))
    except Exception:
        if reraise:
            raise
        return Finished(crash=traceback.format_exc())


def deliver(ref: InputRef, done: Finished, sink: Sink, reporter: Reporter) -> None:
    """Write one finished input to the sink and tell the reporter (always in the process
    that owns stdout and the output directory)."""
    if done.error is not None:
        reporter.fail(ref.display, *done.error)
        return
    if done.crash is not None:
        reporter.internal(ref.display, done.crash)
        return
    assert done.obj is not None
    try:
        if done.cached:
            reporter.from_cache()
        for w in done.notes:
            reporter.warn(w)
        sink.emit(done.obj, ref)
    except (ModelUnavailable, OutputError, StdoutClosed):
        raise  # the whole run stops (a model under --strict, or an unwritable output)
    except SummariseError as exc:
        reporter.fail(ref.display, exc.kind, exc.message)
        return
    except Exception:
        if reporter.debug:
            raise
        reporter.internal(ref.display, traceback.format_exc())
        return
    reporter.done(done.obj)
