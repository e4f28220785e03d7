"""The reporter: errors always, warnings once (silenced by -q), tracebacks only with --debug."""

from __future__ import annotations

import io
import json

from rich.console import Console

from summarise.errors import ExitCode
from summarise.render import Format
from summarise.reporter import Reporter
from summarise.sinks import Sink


def _reporter(
    quiet: bool = False, debug: bool = False
) -> tuple[Reporter, io.StringIO, io.StringIO]:
    err, out = io.StringIO(), io.StringIO()
    sink = Sink(fmt=Format.jsonl, stdout=Console(file=out))
    stderr = Console(file=err, soft_wrap=True, width=200)
    return Reporter(stderr, sink, quiet=quiet, debug=debug), err, out


def test_a_failure_is_a_red_line_an_error_object_and_counts() -> None:
    reporter, err, out = _reporter(quiet=True)
    reporter.fail("bad.txt", "binary", "binary file")
    assert err.getvalue() == "error: bad.txt: binary file\n"
    assert json.loads(out.getvalue())["error"] == {
        "code": "binary",
        "message": "bad.txt: binary file",
    }
    assert reporter.report.exit_code is ExitCode.NO_USABLE_INPUT
    reporter.done({"warnings": []})
    assert reporter.report.exit_code is ExitCode.SOME_FAILED


def test_each_warning_is_shown_once_then_counted_at_the_end() -> None:
    reporter, err, _ = _reporter()
    for _ in range(3):
        reporter.done({"warnings": ["no translator."]})
    reporter.done({"warnings": ["other."]})
    reporter.repeated_warnings()
    assert err.getvalue().splitlines() == [
        "warning: no translator.",
        "warning: other.",
        "warning: (3 inputs) no translator.",
    ]
    assert reporter.report.done == 4 and reporter.report.exit_code is ExitCode.OK


def test_quiet_silences_warnings_not_errors() -> None:
    reporter, err, _ = _reporter(quiet=True)
    reporter.done({"warnings": ["no translator."]})
    reporter.repeated_warnings()
    reporter.fail("-", "empty", "no readable text")
    assert err.getvalue() == "error: no readable text\n"


def test_an_internal_error_is_one_line_and_its_traceback_only_with_debug() -> None:
    trace = 'Traceback (most recent call last):\n  File "x.py"\nZeroDivisionError: boom\n'
    plain, err, _ = _reporter()
    plain.internal("a.txt", trace)
    assert err.getvalue() == (
        "error: a.txt: internal error: ZeroDivisionError: boom (rerun with --debug for the "
        "traceback)\n"
    )
    assert plain.report.failed[0]["error"]["code"] == "internal"
    debug, err, _ = _reporter(debug=True)
    debug.internal("a.txt", trace)
    assert err.getvalue().startswith("Traceback (most recent call last):")
    debug.traceback(trace, "a batched call failed")
    assert "debug: a batched call failed\nTraceback" in err.getvalue()
    plain, err, _ = _reporter()
    plain.traceback(trace, "a batched call failed")
    assert err.getvalue() == ""


def test_cached_results_are_counted() -> None:
    reporter, _, _ = _reporter()
    reporter.from_cache()
    reporter.done({})
    assert (reporter.report.done, reporter.report.cached) == (1, 1)
