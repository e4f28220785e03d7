"""The command line: parse → build → run → render. No logic lives here.

Heavy modules (lingua, trafilatura, torch) are imported inside the commands, so
`summarise --help` stays instant.
"""

import os
import sys
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer
from typer.core import TyperGroup

from summarise import __version__, cli_reports
from summarise.cli_checks import privacy_note, validate
from summarise.cli_models import WordsCommand, models_app
from summarise.errors import ExitCode, SummariseError
from summarise.render import FiguresShown, Format

DEFAULT_GLOBS = ("*.txt", "*.md", "*.html", "*.htm")


class Mode(StrEnum):
    extractive = "extractive"
    abstractive = "abstractive"


class Engine(StrEnum):
    local = "local"
    ray = "ray"


class _DefaultToRun(TyperGroup):
    """`summarise FILE` means `summarise run FILE`: the main job needs no sub-command."""

    def parse_args(self, ctx: typer.Context, args: list[str]) -> list[str]:
        completing = ctx.resilient_parsing and not args  # shell completion: offer commands
        if not completing and (
            not args or (args[0] not in self.commands and args[0] not in _ROOT_OPTIONS)
        ):
            args = ["run", *args]
        return super().parse_args(ctx, args)

    def format_usage(self, ctx: typer.Context, formatter: Any) -> None:
        formatter.write_usage("summarise", "[run] [OPTIONS] [PATH]... | COMMAND [ARGS]...")

    def shell_complete(self, ctx: typer.Context, incomplete: str) -> list[Any]:
        """First word: the commands, and, for `-…`, the main command's options too."""
        items = super().shell_complete(ctx, incomplete)
        if incomplete.startswith("-"):
            run = self.commands["run"]
            sub = type(ctx)(run, info_name="run", parent=ctx, resilient_parsing=True)
            items += run.shell_complete(sub, incomplete)
        return items

    def format_epilog(self, ctx: typer.Context, formatter: Any) -> None:
        """The main command's chief options and three examples, so that `summarise --help`
        alone is enough to start."""
        run = self.commands["run"]
        sub = type(ctx)(run, info_name="run", parent=ctx)
        records = [
            record
            for param in run.get_params(sub)
            if param.name in _MAIN_OPTIONS and (record := param.get_help_record(sub))
        ]
        with formatter.section("Main options (all of them: summarise run --help)"):
            formatter.write_dl(records)
        with formatter.section("Examples"):
            pad = " " * formatter.current_indent
            for command, what in _EXAMPLES:
                formatter.write(f"{pad}{command}\n{pad}    {what}\n")
        super().format_epilog(ctx, formatter)


_ROOT_OPTIONS = ("--help", "--version", "--install-completion", "--show-completion")
_MAIN_OPTIONS = ("bullets", "fmt", "figures", "output", "translator", "lang", "quiet")
_EXAMPLES = [
    ("summarise article.txt", "bullets and figures of one article (txt, md, html)"),
    ("summarise news/ -o out/ -f json", "a folder, recursively: out/NAME.txt.json per article"),
    ("curl -s URL | summarise -f markdown", "standard input, as Markdown"),
]


app = typer.Typer(
    cls=_DefaultToRun,
    help=(
        "English key-fact bullets, with every figure extracted and normalised, from news in "
        "Indonesian, Malay, English or Vietnamese. `summarise FILE|DIR|-` runs the main job "
        "(see `summarise run --help`)."
    ),
    add_completion=True,
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
    typer.Argument(
        metavar="PATH",
        help="Files, directories (recursive) or - for stdin; stdin when omitted.",
        show_default=False,
    ),
]
FormatOpt = Annotated[
    Format | None,
    typer.Option(
        "--format",
        "-f",
        metavar="FORMAT",
        help="rich, text, markdown, json or jsonl; default rich on a terminal, else text.",
        show_default=False,
    ),
]
GlobOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--glob",
        metavar="PATTERN",
        help="File-name pattern inside directories (repeatable); default *.txt *.md *.html *.htm.",
        show_default=False,
    ),
]
MaxBytesOpt = Annotated[
    int,
    typer.Option(
        "--max-bytes",
        min=1,
        metavar="N",
        help="Refuse larger inputs.",
    ),
]
LangOpt = Annotated[
    str | None,
    typer.Option(
        "--lang",
        metavar="LANG",
        help="Force the source language (id, ms, en, vi); default: detect.",
    ),
]
OutOpt = Annotated[
    Path | None,
    typer.Option(
        "--output",
        "-o",
        file_okay=False,
        metavar="DIR",
        help="Write one file per input under DIR (name.txt → DIR/name.txt.json).",
    ),
]
DebugOpt = Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")]
# One by default: on two cores the model-free stages (~6 ms an article) gained nothing from
# worker processes in our measurements; more cores or slow disks may.
JobsOpt = Annotated[
    int,
    typer.Option(
        "--jobs",
        "-j",
        min=1,
        metavar="N",
        help="Worker processes for reading, cleaning and figures.",
    ),
]
QuietOpt = Annotated[
    bool,
    typer.Option("--quiet", "-q", help="No warnings or progress on stderr (errors still show)."),
]
# Click parameter names of the keys that summarise.config resolves.
_PARAM = {"format": "fmt"}


@app.command("run", cls=WordsCommand)
def run_command(
    ctx: typer.Context,
    paths: PathsArg = None,
    bullets: Annotated[
        int,
        typer.Option(
            "--bullets",
            "-n",
            min=1,
            metavar="N",
            help="Number of bullets.",
        ),
    ] = 5,
    fmt: FormatOpt = None,
    figures: Annotated[
        FiguresShown | None,
        typer.Option(
            "--figures",
            metavar="WHICH",
            help="Figures listed in rich, text and markdown: all, bullets (those of the "
            "bullets, then a count of the rest) or none; default bullets on a terminal, "
            "else all. JSON always has them all.",
            show_default=False,
        ),
    ] = None,
    output: OutOpt = None,
    glob: GlobOpt = None,
    max_bytes: MaxBytesOpt = 5_000_000,
    lang: LangOpt = None,
    translator: Annotated[
        str,
        typer.Option(
            "--translator",
            metavar="NAME|DIR",
            help="auto (by language), none, a registry name, a local model directory, or "
            "llm:MODEL on an OpenAI-compatible server (see --llm-url).",
        ),
    ] = "auto",
    mode: Annotated[
        Mode,
        typer.Option(
            "--mode",
            metavar="MODE",
            help="extractive: translated key sentences. abstractive: a fluent English summary "
            "whose numbers are checked against the source.",
        ),
    ] = Mode.extractive,
    summariser: Annotated[
        str,
        typer.Option(
            "--summariser",
            metavar="NAME|DIR",
            help="Abstractive mode: auto (registry default), a registry name, a model directory "
            "or llm:MODEL.",
        ),
    ] = "auto",
    llm_url: Annotated[
        str | None,
        typer.Option(
            "--llm-url",
            metavar="URL",
            help="OpenAI-compatible server for llm:MODEL (Ollama, llama.cpp, vLLM); default "
            "http://localhost:11434/v1. Its API key, if any, from SUMMARISE_LLM_API_KEY.",
            show_default=False,
        ),
    ] = None,  # the default lives in summarise.config (not imported for --help)
    strict: Annotated[
        bool,
        typer.Option("--strict", help="Exit 3 instead of falling back when a model is missing."),
    ] = False,
    offline: Annotated[
        bool, typer.Option("--offline", help="Never touch the network (also HF_HUB_OFFLINE=1).")
    ] = False,
    device: Annotated[
        str,
        typer.Option(
            "--device",
            metavar="DEVICE",
            help="auto, cpu, cuda or mps.",
        ),
    ] = "auto",
    backend: Annotated[
        str,
        typer.Option(
            "--backend",
            metavar="BACKEND",
            help="auto (CTranslate2 when it can load the model), ct2 or torch.",
        ),
    ] = "auto",
    int8: Annotated[
        bool, typer.Option("--int8/--no-int8", help="int8 weights on CPU (both backends).")
    ] = True,
    beams: Annotated[
        int | None, typer.Option("--beams", min=1, metavar="N", help="Beam size.")
    ] = None,
    threads: Annotated[
        int | None,
        typer.Option("--threads", min=1, metavar="N", help="CPU threads for models."),
    ] = None,
    no_cache: Annotated[
        bool, typer.Option("--no-cache", help="Recompute even when a cached result exists.")
    ] = False,
    jobs: JobsOpt = 1,
    engine: Annotated[
        Engine,
        typer.Option(
            "--engine",
            metavar="ENGINE",
            help="local (this process), or ray: the same batch on Ray Data, models held in "
            "an actor pool (needs pip install 'summarise[ray]').",
        ),
    ] = Engine.local,
    address: Annotated[
        str | None,
        typer.Option(
            "--address",
            metavar="ADDRESS",
            help="--engine ray: the cluster (auto, ray://HOST:10001); default a local Ray "
            "started for this run and stopped at its end.",
            show_default=False,
        ),
    ] = None,
    actors: Annotated[
        int | None,
        typer.Option(
            "--actors",
            min=1,
            metavar="N",
            help="--engine ray: actors holding the models (each uses --threads CPUs, "
            "default 1); default 1.",
            show_default=False,
        ),
    ] = None,
    convert: cli_reports.ConvertOpt = None,
    rate: cli_reports.RateOpt = None,
    rates: cli_reports.RatesFileOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Summarise articles into English key-fact bullets with their figures.

    Defaults come from the environment (SUMMARISE_BULLETS, …) and the config file; see
    `summarise config show`.
    """
    from summarise.settings import Settings

    typed = {
        "bullets": bullets,
        "format": fmt.value if fmt else None,
        "figures": figures.value if figures else None,
        "translator": translator,
        "mode": mode.value,
        "summariser": summariser,
        "llm_url": llm_url,
        "device": device,
        "backend": backend,
        "int8": int8,
        "beams": beams,
        "threads": threads,
        "jobs": jobs,
        "max_bytes": max_bytes,
        "offline": offline,
        "strict": strict,
    }
    r = _resolve(ctx, typed, debug)
    settings = Settings(
        bullets=r["bullets"],
        lang=lang,
        translator=r["translator"],
        strict=r["strict"],
        offline=r["offline"],
        max_bytes=r["max_bytes"],
        device=r["device"],
        backend=r["backend"],
        int8=r["int8"],
        beams=r["beams"],
        threads=r["threads"],
        mode=r["mode"],
        summariser=r["summariser"],
        llm_url=r["llm_url"],
    )
    options = RunOptions(
        _format(r["format"]),
        output,
        glob,
        quiet,
        debug,
        not no_cache,
        r["jobs"],
        _shown(r["figures"]),
        convert,
        tuple(rate or ()),
        rates,
        engine.value,
        address,
        actors,
    )
    _execute("summarise", paths, settings, options)


@app.command("figures", cls=WordsCommand)
def figures_command(
    ctx: typer.Context,
    paths: PathsArg = None,
    fmt: Annotated[
        cli_reports.FiguresFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="rich, text, markdown, json, jsonl, or csv / tsv (one table, one row per "
            "figure, for the whole batch); default rich on a terminal, else text.",
            show_default=False,
        ),
    ] = None,
    output: OutOpt = None,
    glob: GlobOpt = None,
    max_bytes: MaxBytesOpt = 5_000_000,
    lang: LangOpt = None,
    jobs: JobsOpt = 1,
    excel: cli_reports.ExcelOpt = False,
    convert: cli_reports.ConvertOpt = None,
    rate: cli_reports.RateOpt = None,
    rates: cli_reports.RatesFileOpt = None,
    quiet: QuietOpt = False,
    debug: DebugOpt = False,
) -> None:
    """Print the figures only: fast, no models."""
    from summarise.settings import Settings

    if fmt in (cli_reports.FiguresFormat.csv, cli_reports.FiguresFormat.tsv):
        if output is not None:
            _error_line("-f csv/tsv writes one table to stdout; redirect it (> figures.csv)")
            raise typer.Exit(int(ExitCode.USAGE))
        cli_reports.run_report(
            lambda: cli_reports.figures_table(
                paths,
                tsv=fmt is cli_reports.FiguresFormat.tsv,
                excel=excel,
                lang=lang,
                globs=glob,
                max_bytes=max_bytes,
                convert=convert,
                rates=rate,
                rates_file=rates,
                quiet=quiet,
            ),
            debug,
        )
    if excel:
        _error_line("--excel works with -f csv or -f tsv")
        raise typer.Exit(int(ExitCode.USAGE))
    typed = {"format": fmt.value if fmt else None, "jobs": jobs, "max_bytes": max_bytes}
    r = _resolve(ctx, typed, debug)
    settings = Settings(lang=lang, translator="none", max_bytes=r["max_bytes"])
    options = RunOptions(
        _format(r["format"]),
        output,
        glob,
        quiet,
        debug,
        False,
        r["jobs"],
        FiguresShown.all,
        convert,
        tuple(rate or ()),
        rates,
    )
    _execute("figures", paths, settings, options)


def _resolve(ctx: typer.Context, typed: dict[str, Any], debug: bool) -> dict[str, Any]:
    """Each key from the command line when typed there, else env, config file, built-in
    (summarise.config); a bad value in the environment or the file is exit 2."""
    from summarise import config

    def typed_here(key: str) -> bool:  # by name: typer may carry its own copy of click
        source = ctx.get_parameter_source(_PARAM.get(key, key))
        return getattr(source, "name", None) == "COMMANDLINE"

    given = {key: value for key, value in typed.items() if typed_here(key)}
    try:
        return {key: r.value for key, r in config.resolve(given).items()}
    except SummariseError as exc:
        if debug or config.debug_requested():
            raise
        _error_line(exc.message)
        raise typer.Exit(int(exc.code)) from None


def _format(value: str | None) -> Format | None:
    return Format(value) if value else None


def _shown(value: str | None) -> FiguresShown | None:
    return FiguresShown(value) if value else None


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
    figures: FiguresShown | None = None  # None: bullets on a terminal, else all
    convert: str | None = None  # --convert CURRENCY, with --rate / --rates
    rates: tuple[str, ...] = ()
    rates_file: str | None = None
    engine: str = "local"  # or "ray" (summarise.ray)
    address: str | None = None  # --engine ray: the cluster; None starts a local Ray
    actors: int | None = None  # --engine ray: the actor pool's size (default 1)


def _converter(options: RunOptions) -> Any:
    """--convert as a function adding the converted amount beside each money figure (None
    without --convert); a currency with no rate is one warning (none under -q)."""
    from summarise.convert import annotator, make_converter

    converter = make_converter(options.convert, list(options.rates), options.rates_file)
    return None if converter is None else annotator(converter, cli_reports.warner(options.quiet))


def _execute(job: str, paths: list[str] | None, settings: Any, options: RunOptions) -> None:
    """Run, turning a user error into one red line and its exit code (traceback with --debug)."""
    try:
        validate(settings, options.globs)
        _check_engine(options)
        code = _run(job, paths, settings, options)
    except SummariseError as exc:
        from summarise.config import debug_requested

        if options.debug or debug_requested():
            raise
        _error_line(exc.message)
        code = exc.code
    raise typer.Exit(int(code))


def _check_engine(options: RunOptions) -> None:
    """--address and --actors belong to --engine ray, which needs the ray extra; --jobs to
    the local engine (Ray runs the model-free stages in its own tasks). Exit 2 otherwise."""
    if options.engine != "ray":
        given = [o for o, v in (("--address", options.address), ("--actors", options.actors)) if v]
        if given:
            raise SummariseError(f"{' and '.join(given)} work with --engine ray", ExitCode.USAGE)
        return
    if options.jobs > 1:
        raise SummariseError(
            "--jobs is the local engine's; with --engine ray the model-free stages run as "
            "Ray tasks (size the cluster instead)",
            ExitCode.USAGE,
        )
    from summarise.ray import require_ray

    require_ray()


def _run(job: str, paths: list[str] | None, settings: Any, options: RunOptions) -> ExitCode:
    """Build the pipeline, the sink and the cache, run, and return the exit code."""
    from rich.console import Console

    from summarise.batch import Run, Sink
    from summarise.cache import ResultCache, default_cache_dir
    from summarise.pipeline import Pipeline

    quiet, output, fmt = options.quiet, options.output, options.fmt
    stderr = Console(stderr=True, soft_wrap=True)  # errors always; Run drops warnings under -q
    stdout = Console(soft_wrap=True)
    note = privacy_note(settings)
    if note and not quiet:
        from rich.markup import escape

        stderr.print(f"[yellow]note:[/yellow] {escape(note)}", soft_wrap=True)
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
    on_terminal = stdout.is_terminal and output is None
    if fmt is None:
        fmt = Format.rich if on_terminal else Format.text
    figures = options.figures or (FiguresShown.bullets if on_terminal else FiguresShown.all)
    annotate = _converter(options)  # a bad rate is exit 2 before anything is read
    common: dict[str, Any] = {
        "job": job,
        "pipeline": Pipeline(settings),
        "sink": Sink(fmt=fmt, stdout=stdout, out_dir=output, figures=figures, annotate=annotate),
        "stderr": stderr,
        "cache": ResultCache(default_cache_dir() if options.use_cache else None),
        "stdin": stdin,
        "debug": options.debug,
        "progress": stderr.is_terminal and not quiet,
        "quiet": quiet,
    }
    if options.engine == "ray":
        from summarise.ray import RayRun

        run: Any = RayRun(**common, address=options.address, actors=options.actors or 1)
    else:
        run = Run(**common, jobs=options.jobs)
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


config_app = typer.Typer(
    help="Defaults from SUMMARISE_* variables and a TOML config file.", no_args_is_help=True
)


@config_app.command("show")
def config_show() -> None:
    """Print the resolved defaults, as TOML, each with where it came from (command-line
    options override them all)."""
    from summarise import config

    try:
        resolved = config.resolve({})
    except SummariseError as exc:
        _error_line(exc.message)
        raise typer.Exit(int(exc.code)) from None
    typer.echo(f"# config file: {config.config_path()}", err=True)
    typer.echo(config.show(resolved), nl=False)


@config_app.command("path")
def config_path() -> None:
    """Print where the config file is read from ($SUMMARISE_CONFIG, else the platform's)."""
    from summarise import config

    typer.echo(str(config.config_path()))


app.command("digest", cls=WordsCommand)(cli_reports.digest_command)
app.add_typer(cache_app, name="cache")
app.add_typer(config_app, name="config")
app.add_typer(models_app, name="models")


def main() -> None:
    """Console-script entry. Library warnings (a model falling back to PyTorch) read as one
    `warning:` line on stderr, not as Python's file-and-line form."""
    import warnings

    warnings.formatwarning = _warning_text
    app()


def _warning_text(message: Warning | str, category: type[Warning], *_: Any, **__: Any) -> str:
    return f"warning: {message}\n"


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
