"""Commands for analysts: the figures table (`figures -f csv|tsv`) and `summarise digest`.

Kept out of cli.py so the per-article job stays as it is; cli.py registers `digest` and hands
`figures -f csv|tsv` here. Heavy modules load inside the functions (`--help` stays instant).
"""

import sys
from enum import StrEnum
from pathlib import Path
from typing import Annotated, Any

import typer

from summarise.errors import ExitCode, SummariseError


class FiguresFormat(StrEnum):
    """`summarise figures` formats: the per-article ones of render.Format, plus one table."""

    rich = "rich"
    text = "text"
    markdown = "markdown"
    json = "json"
    jsonl = "jsonl"
    csv = "csv"
    tsv = "tsv"


ExcelOpt = Annotated[
    bool, typer.Option("--excel", help="csv/tsv: start with a byte-order mark, for Excel.")
]


class DigestFormat(StrEnum):
    markdown = "markdown"
    json = "json"
    html = "html"


ConvertOpt = Annotated[
    str | None,
    typer.Option(
        "--convert",
        metavar="CURRENCY",
        help="Add each money figure converted to CURRENCY (USD, IDR, MYR, …), with the rate "
        "shown; needs --rate or --rates (nothing is fetched).",
    ),
]
RateOpt = Annotated[
    list[str] | None,
    typer.Option(
        "--rate",
        metavar="BASE/QUOTE=RATE",
        help="An exchange rate, e.g. USD/IDR=16250 (1 USD = 16,250 IDR); repeatable.",
        show_default=False,
    ),
]
RatesFileOpt = Annotated[
    str | None,
    typer.Option(
        "--rates",
        metavar="FILE",
        help="Rates CSV with the header date,base,quote,rate; the article's date picks one.",
    ),
]


def _error_line(message: str) -> None:
    from rich.console import Console
    from rich.markup import escape

    Console(stderr=True).print(f"[red]error:[/red] {escape(message)}", soft_wrap=True)


def warner(quiet: bool) -> Any:
    """A warning line on stderr, each distinct one once; nothing under -q."""
    seen: set[str] = set()

    def warn(text: str) -> None:
        if not quiet and text not in seen:
            seen.add(text)
            from rich.console import Console
            from rich.markup import escape

            Console(stderr=True).print(f"[yellow]warning:[/yellow] {escape(text)}", soft_wrap=True)

    return warn


def _stdin_paths(paths: list[str] | None) -> list[str]:
    if paths:
        return paths
    if sys.stdin is None or sys.stdin.isatty():
        raise SummariseError(
            "no input: give FILE, DIR or - (or pipe text in); see `summarise --help`",
            ExitCode.USAGE,
            kind="usage",
        )
    return ["-"]


def _write(text: str, output: Path | None) -> None:
    """The report to `output` (atomically) or to stdout."""
    if output is None:  # bytes, so CRLF and the BOM reach the file exactly as written
        try:
            out = getattr(sys.stdout, "buffer", None)
            if out is not None:
                sys.stdout.flush()
                out.write(text.encode("utf-8"))
                out.flush()
            else:
                sys.stdout.write(text)
                sys.stdout.flush()
        except BrokenPipeError:
            pass
        return
    from summarise.fsutil import write_atomic

    try:
        write_atomic(output, text)
    except OSError as exc:
        raise SummariseError(
            f"cannot write {output}: {exc.strerror or exc}", ExitCode.NO_USABLE_INPUT
        ) from None


def run_report(work: Any, debug: bool) -> None:
    """Run `work()` (returns an exit code), turning a user error into one line and its code."""
    try:
        code = work()
    except SummariseError as exc:
        from summarise.config import debug_requested

        if debug or debug_requested():
            raise
        _error_line(exc.message)
        code = exc.code
    raise typer.Exit(int(code))


def figures_table(
    paths: list[str] | None,
    *,
    tsv: bool,
    excel: bool,
    lang: str | None,
    globs: list[str] | None,
    max_bytes: int,
    convert: str | None,
    rates: list[str] | None,
    rates_file: str | None,
    quiet: bool,
) -> ExitCode:
    """`summarise figures -f csv|tsv`: one table for the whole batch on stdout."""
    from summarise.collect import read_batch
    from summarise.convert import make_converter
    from summarise.settings import Settings
    from summarise.table import TableFormat, currencies, rows_of, write_table

    converter = make_converter(convert, rates, rates_file)  # bad options before any reading
    paths = _stdin_paths(paths)
    stdin = sys.stdin.buffer if "-" in paths else None
    settings = Settings(lang=lang, translator="none", max_bytes=max_bytes)
    from summarise.cli_checks import validate  # --lang, --glob: once, before any reading

    validate(settings, globs)
    warn = warner(quiet)
    batch = read_batch(
        paths, settings, globs=globs, stdin=stdin, on_error=_error_line, on_warning=warn
    )
    if converter is not None and (missing := converter.check(currencies(batch.prepared))):
        warn(missing)
    rows = [row for p in batch.prepared for row in rows_of(p, converter)]
    fmt = TableFormat.tsv if tsv else TableFormat.csv
    _write(write_table(rows, fmt=fmt, excel=excel, converted=converter is not None), None)
    return batch.exit_code


def digest_command(
    paths: Annotated[
        list[str] | None,
        typer.Argument(
            metavar="PATH",
            help="Files, directories (recursive) or - for stdin.",
            show_default=False,
        ),
    ] = None,
    fmt: Annotated[
        DigestFormat | None,
        typer.Option(
            "--format",
            "-f",
            metavar="FORMAT",
            help="markdown, json or html; default html with -o NAME.html, else markdown.",
            show_default=False,
        ),
    ] = None,
    output: Annotated[
        Path | None,
        typer.Option(
            "--output", "-o", dir_okay=False, metavar="FILE", help="Write the report to FILE."
        ),
    ] = None,
    glob: Annotated[
        list[str] | None,
        typer.Option("--glob", metavar="PATTERN", help="File-name pattern inside directories."),
    ] = None,
    lang: Annotated[
        str | None, typer.Option("--lang", metavar="LANG", help="Force the source language.")
    ] = None,
    translator: Annotated[
        str,
        typer.Option(
            "--translator",
            metavar="NAME|DIR",
            help="auto (by language), none, a registry name or a local model directory.",
        ),
    ] = "auto",
    bullets: Annotated[
        int, typer.Option("--bullets", "-n", min=1, metavar="N", help="Bullets per article.")
    ] = 5,
    offline: Annotated[bool, typer.Option("--offline", help="Never touch the network.")] = False,
    convert: ConvertOpt = None,
    rate: RateOpt = None,
    rates: RatesFileOpt = None,
    max_bytes: Annotated[int, typer.Option("--max-bytes", min=1, metavar="N")] = 5_000_000,
    quiet: Annotated[bool, typer.Option("--quiet", "-q", help="No warnings on stderr.")] = False,
    debug: Annotated[bool, typer.Option("--debug", help="Show tracebacks for errors.")] = False,
) -> None:
    """Group a batch into stories: each with its articles' headlines, their key facts (with
    which articles state each), one figures table aligned by meaning, and the conflicts."""

    def work() -> ExitCode:
        from summarise.collect import read_batch, summarise_batch
        from summarise.convert import make_converter
        from summarise.digest import build_digest
        from summarise.pipeline import Pipeline
        from summarise.render import dumps
        from summarise.render_digest import render_html, render_markdown
        from summarise.settings import Settings
        from summarise.table import currencies

        converter = make_converter(convert, rate, rates)
        chosen = fmt or (
            DigestFormat.html
            if output is not None and output.suffix.lower() in (".html", ".htm")
            else DigestFormat.json
            if output is not None and output.suffix.lower() == ".json"
            else DigestFormat.markdown
        )
        in_paths = _stdin_paths(paths)
        stdin = sys.stdin.buffer if "-" in in_paths else None
        settings = Settings(
            bullets=bullets, lang=lang, translator=translator, offline=offline, max_bytes=max_bytes
        )
        from summarise.cli_checks import validate  # the run command's checks: --lang, --translator

        validate(settings, glob)
        warn = warner(quiet)
        batch = read_batch(
            in_paths,
            settings,
            globs=glob,
            stdin=stdin,
            on_error=_error_line,
            on_warning=warn,
            skip=output,  # a report written into the input folder is not read back
        )
        if not batch.prepared:
            return batch.exit_code
        if converter is not None and (missing := converter.check(currencies(batch.prepared))):
            warn(missing)
        results = summarise_batch(Pipeline(settings), batch.prepared)
        for r in results:
            for w in r.warnings:
                warn(w)
        obj = build_digest(results, converter=converter, failed=batch.failed)
        if chosen is DigestFormat.json:
            text = dumps(obj, pretty=True) + "\n"
        elif chosen is DigestFormat.html:
            text = render_html(obj)
        else:
            text = render_markdown(obj)
        _write(text, output)
        return batch.exit_code

    run_report(work, debug)
