"""The command line: parse → build → run → render. No logic lives here.

Heavy modules (lingua, trafilatura, torch) are imported inside the commands, so
`summarise --help` stays instant.
"""

from __future__ import annotations

import os
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from summarise import __version__
from summarise.cli_models import models_app
from summarise.errors import ExitCode, SummariseError
from summarise.render import Format

DEFAULT_GLOBS = ("*.txt", "*.md", "*.html", "*.htm")


class Mode(StrEnum):
    extractive = "extractive"
    abstractive = "abstractive"


class _DefaultToRun(TyperGroup):
    """`summarise FILE` means `summarise run FILE`: the main job needs no sub-command."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        if not args or (args[0] not in self.commands and args[0] not in ("--help", "--version")):
            args = ["run", *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: typer.Context, formatter: Any) -> None:
        formatter.write_usage("summarise", "[run] [OPTIONS] [PATHS]... | COMMAND [ARGS]...")


app = typer.Typer(
    cls=_DefaultToRun,
    help=(
        "English key-fact bullets, with every figure extracted and normalised, from news in "
        "Indonesian, Malay or English. `summarise FILE|DIR|-` runs the main job "
        "(see `summarise run --help`)."
    ),
    add_completion=False,
    no_args_is_help=False,
    rich_markup_mode=None,
    pretty_exceptions_enable=False,
)


def _version(value: bool) -> None:
    if value:
        typer.echo(f"summarise {__version__}")
        raise typer.Exit()


@app.callback()
def _root(
    version: Annotated[
        bool, typer.Option("--version", callback=_version, is_eager=True, help="Show version.")
    ] = False,
) -> None:
    """Root options."""


PathsArg = Annotated[
    list[str] | None,
    typer.Argument(help="Files, directories (recursive) or - for stdin; stdin when omitted."),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option("--format", "-f", help="Output format; default rich on a terminal, else text."),
]
GlobOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--glob", help="File patterns inside directories (repeatable).", show_default=False
    ),
]
MaxBytesOpt = Annotated[int, typer.Option("--max-bytes", min=1, help="Refuse larger inputs.")]
LangOpt = Annotated[
    str | None,
    typer.Option("--lang", help="Force the source language (id, ms, en); default: detect."),
]
OutOpt = Annotated[
    Path | None,
    typer.Option("--output", "-o", file_okay=False, help="Write one file per input under DIR."),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]
# One by default: on two cores the model-free stages (~6 ms an article) gained nothing from
# worker processes in our measurements; more cores or slow disks may.
JobsOpt = Annotated[
    int,
    typer.Option("--jobs", "-j", min=1, help="Worker processes for reading, cleaning and figures."),
]
QuietOpt = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No warnings or progress on stderr (errors still show)."),
]


@app.command("run")
def run_command(
    paths: PathsArg = None,
    bullets: Annotated[int, typer.Option("--bullets", "-n", min=1, help="Number of bullets.")] = 5,
    fmt: FormatOpt = None,
    output: OutOpt = None,
    glob: GlobOpt = None,
    max_bytes: MaxBytesOpt = 5_000_000,
    lang: LangOpt = None,
    translator: Annotated[
        str,
        typer.Option(
            "--translator",
            help="auto (by language), none, a registry name or a local model directory.",
        ),
    ] = "auto",
    mode: Annotated[
        Mode,
        typer.Option(
            "--mode",
            help="extractive: translated key sentences. abstractive: a fluent English summary "
            "whose numbers are checked against the source.",
        ),
    ] = Mode.extractive,
    summariser: Annotated[
        str,
        typer.Option(
            "--summariser",
            help="Abstractive mode: auto (registry default), a registry name or a model directory.",
        ),
    ] = "auto",
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit 3 instead of falling back when a model is missing."),
    ] = False,
    offline: Annotated[
        bool, typer.Option("--offline", help="Never touch the network (also HF_HUB_OFFLINE=1).")
    ] = False,
    device: Annotated[
        str, typer.Option("--device", metavar="DEVICE", help="auto, cpu, cuda or mps.")
    ] = "auto",
    int8: Annotated[
        bool, typer.Option("--int8/--no-int8", help="Dynamic int8 quantisation on CPU.")
    ] = True,
    beams: Annotated[int | None, typer.Option("--beams", min=1, help="Beam size.")] = None,
    threads: Annotated[
        int | None,
        typer.Option(
            "--threads", min=1, envvar="SUMMARISE_THREADS", help="CPU threads for models."
        ),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Recompute even when a cached result exists.")
    ] = False,
    jobs: JobsOpt = 1,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Summarise articles into English key-fact bullets with their figures."""
    from summarise.pipeline import Settings

    settings = Settings(
        bullets=bullets,
        lang=lang,
        translator=translator,
        strict=strict,
        offline=offline or os.environ.get("HF_HUB_OFFLINE") == "1",
        max_bytes=max_bytes,
        device=device,
        int8=int8,
        beams=beams,
        threads=threads,
        mode=mode.value,
        summariser=summariser,
    )
    options = RunOptions(fmt, output, glob, quiet, debug, not no_cache, jobs)
    _execute("summarise", paths, settings, options)


@app.command("figures")
def figures_command(
    paths: PathsArg = None,
    fmt: FormatOpt = None,
    output: OutOpt = None,
    glob: GlobOpt = None,
    max_bytes: MaxBytesOpt = 5_000_000,
    lang: LangOpt = None,
    jobs: JobsOpt = 1,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Print the figures only: fast, no models."""
    from summarise.pipeline import Settings

    settings = Settings(lang=lang, translator="none", max_bytes=max_bytes)
    _execute("figures", paths, settings, RunOptions(fmt, output, glob, quiet, debug, False, jobs))


@dataclass(frozen=True, slots=True)
class RunOptions:
    """How a run reads and reports, as opposed to what it computes (that is Settings)."""

    fmt: Format | None
    output: Path | None
    globs: list[str] | None
    quiet: bool
    debug: bool
    use_cache: bool
    jobs: int


DEVICES = ("auto", "cpu", "cuda", "mps")


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
    if settings.translator not in ("auto", "none"):
        _check_model("--translator", settings.translator, "translator")
    if settings.mode == "abstractive" and settings.summariser != "auto":
        _check_model("--summariser", settings.summariser, "summariser")


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


def _execute(job: str, paths: list[str] | None, settings: Any, options: RunOptions) -> None:
    """Run, turning a user error into one red line and its exit code (traceback with --debug)."""
    try:
        validate(settings, options.globs)
        code = _run(job, paths, settings, options)
    except SummariseError as exc:
        if options.debug or os.environ.get("SUMMARISE_DEBUG"):
            raise
        _error_line(exc.message)
        code = exc.code
    raise typer.Exit(int(code))


def _run(job: str, paths: list[str] | None, settings: Any, options: RunOptions) -> ExitCode:
    """Build the pipeline, the sink and the cache, run, and return the exit code."""
    from rich.console import Console

    from summarise.batch import Run, Sink
    from summarise.cache import ResultCache, default_cache_dir
    from summarise.pipeline import Pipeline

    quiet, output, fmt = options.quiet, options.output, options.fmt
    stderr = Console(stderr=True, soft_wrap=True)  # errors always; Run drops warnings under -q
    stdout = Console(soft_wrap=True)
    stdin = None
    if not paths:
        if sys.stdin is None or sys.stdin.isatty():
            raise SummariseError(
                "no input: give FILE, DIR or - (or pipe text in); see `summarise --help`",
                ExitCode.USAGE,
            )
        paths = ["-"]
    if "-" in paths:
        stdin = sys.stdin.buffer
    if fmt is None:
        fmt = Format.rich if stdout.is_terminal and output is None else Format.text
    run = Run(
        job=job,
        pipeline=Pipeline(settings),
        sink=Sink(fmt=fmt, stdout=stdout, out_dir=output),
        stderr=stderr,
        cache=ResultCache(default_cache_dir() if options.use_cache else None),
        stdin=stdin,
        debug=options.debug,
        progress=stderr.is_terminal and not quiet,
        quiet=quiet,
        jobs=options.jobs,
    )
    report = run.run(paths, tuple(options.globs or DEFAULT_GLOBS))
    if report.stdout_closed:
        _silence_stdout()
        return report.exit_code
    total = report.done + len(report.failed)
    if total > 1 and not quiet:
        report.print_summary(stderr)
    return report.exit_code


cache_app = typer.Typer(help="The result cache that lets a batch resume.", no_args_is_help=True)


@cache_app.command("clear")
def cache_clear() -> None:
    """Delete every cached result."""
    from summarise.cache import ResultCache, default_cache_dir

    n = ResultCache(default_cache_dir()).clear()
    typer.echo(f"removed {n} cached results", err=True)


@cache_app.command("path")
def cache_path() -> None:
    """Print where cached results live."""
    from summarise.cache import default_cache_dir

    typer.echo(str(default_cache_dir()))


app.add_typer(cache_app, name="cache")
app.add_typer(models_app, name="models")


def main() -> None:
    """Console-script entry."""
    app()


def _silence_stdout() -> None:
    """The reader of stdout is gone: point stdout at /dev/null so that Python's final flush
    cannot raise a second BrokenPipeError on the way out (the fix the Python docs give)."""
    try:
        fd = sys.stdout.fileno()
    except (AttributeError, OSError, ValueError):  # not a real file (tests): nothing to flush
        return
    devnull = os.open(os.devnull, os.O_WRONLY)
    os.dup2(devnull, fd)
    os.close(devnull)


def _error_line(message: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True).print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)
