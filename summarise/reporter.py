"""What a run tells its user: failures, warnings (each once), progress, the closing summary
and the exit code. Everything a batch writes to stderr goes through here.
"""

from __future__ import annotations

import contextlib
import os
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

from summarise.errors import ExitCode
from summarise.render import error_json
from summarise.sinks import Obj, Sink

if TYPE_CHECKING:
    from rich.console import Console

MAX_FAILURES_SHOWN = 20


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


@dataclass
class Reporter:
    """The run's voice on stderr, keeping the `Report` that decides the exit code. A failed
    input also goes to the sink, which writes it where its format carries errors (JSONL)."""

    stderr: Console
    sink: Sink
    quiet: bool = False  # -q: no warnings (errors are always shown)
    debug: bool = False  # tracebacks on stderr
    report: Report = field(default_factory=Report)

    def fail(self, path: str, code: str, message: str) -> None:
        """One input failed: a red line, an error object, and it counts for the exit code."""
        if path != "-" and not message.startswith(path):
            message = f"{path}: {message}"
        obj = error_json(path, code, message)
        self.report.failed.append(obj)
        self.stderr.print(f"[red]error:[/red] {_escape(message)}", soft_wrap=True)
        self.sink.emit(obj, None)

    def internal(self, display: str, trace: str) -> None:
        """A bug, not a bad input: one line (the traceback with --debug), and the run goes on."""
        self.traceback(trace)
        last = trace.strip().splitlines()[-1] if trace.strip() else "unknown error"
        message = f"{display}: internal error: {last} (rerun with --debug for the traceback)"
        self.fail(display, "internal", message)

    def traceback(self, trace: str, why: str | None = None) -> None:
        """A traceback on stderr, only under --debug (`why` says what it means)."""
        if self.debug:
            if why:
                self.stderr.print(f"debug: {why}", markup=False, highlight=False)
            self.stderr.print(trace, markup=False, highlight=False)

    def warn(self, text: str) -> None:
        """Warnings, unlike errors, are silenced by -q."""
        if not self.quiet:
            self.stderr.print(f"[yellow]warning:[/yellow] {_escape(text)}", soft_wrap=True)

    def from_cache(self) -> None:
        """One input's result was found in the cache (counted when it is taken)."""
        self.report.cached += 1

    def done(self, obj: Obj) -> None:
        """One input finished: it counts, and each of its warnings is shown the first time."""
        self.report.done += 1
        for w in obj.get("warnings", ()):
            seen = self.report.warnings_seen[w] = self.report.warnings_seen.get(w, 0) + 1
            if seen == 1:
                self.warn(w)

    def repeated_warnings(self) -> None:
        """At the end: how many inputs had each warning that was shown once."""
        for warning, n in self.report.warnings_seen.items():
            if n > 1:
                self.warn(f"({n} inputs) {warning}")

    def progress(self, total: int, enabled: bool) -> Any:
        """A context giving `advance()`: a progress bar on stderr, or nothing."""
        if not enabled or total < 2:
            return contextlib.nullcontext(lambda: None)
        return _ProgressBar(self.stderr, total, self.report)

    def stop_on_ctrl_c(self) -> StopOnCtrlC:
        return StopOnCtrlC(self.stderr)


class StopOnCtrlC:
    """First Ctrl-C: finish the documents in hand, write them, then stop (exit 130).
    A second Ctrl-C quits at once; outputs are written atomically, so none is ever partial."""

    def __init__(self, stderr: Console) -> None:
        self.stderr = stderr
        self.requested = False
        self._previous: Any = None

    def __enter__(self) -> StopOnCtrlC:
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


def _escape(text: str) -> str:
    from rich.markup import escape

    return escape(text)
