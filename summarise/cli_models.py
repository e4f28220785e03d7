"""`summarise models …`: list, pull, info, path, remove. Mounted by cli.py as a typer sub-app.

Data (list, info, path) goes to stdout; messages and progress go to stderr. No torch here.
Exit codes: 0 ok, 2 unknown model name, 3 model unavailable or download failed.
"""

from __future__ import annotations

import functools
import json
from collections.abc import Callable
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any, TypeVar

import typer
from typer.core import TyperArgument, TyperCommand

from summarise.errors import ExitCode, ModelUnavailable, SummariseError

if TYPE_CHECKING:  # rich, the registry and the store load when a command runs, not for --help
    from rich.console import Console

    from summarise.registry import ModelSpec

models_app = typer.Typer(
    name="models",
    help="List, download, inspect and remove the translation and summarisation models.",
    no_args_is_help=True,
    add_completion=False,
)

F = TypeVar("F", bound=Callable[..., Any])


class WordsCommand(TyperCommand):
    """Help placeholders as words (`PATH...`, `NAME`), not typer's `<list[str]>` or `<str>`
    after an argument. Used by every command of the CLI (cli.py imports it from here)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        for param in self.params:
            if isinstance(param, TyperArgument) and param.metavar:
                shown = param.metavar + ("..." if param.nargs != 1 else "")
                param._rich_display_name = lambda shown=shown: shown  # type: ignore[method-assign]
                param.display_type_rich = lambda ctx: None  # type: ignore[method-assign]


def _err() -> Console:
    from rich.console import Console

    return Console(stderr=True, highlight=False, soft_wrap=True)


def _out() -> Console:
    from rich.console import Console

    return Console(highlight=False, soft_wrap=True)


def _one_line_errors(fn: F) -> F:
    """SummariseError → one red line on stderr (plus the fixing command) and its exit code."""

    @functools.wraps(fn)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        try:
            return fn(*args, **kwargs)
        except SummariseError as exc:
            console = _err()
            console.print(f"[red]error:[/red] {exc.message}", markup=True)
            hint = getattr(exc, "hint", None)
            if hint:
                console.print(f"  try: {hint}", markup=False)
            raise typer.Exit(int(exc.code)) from None

    return wrapper  # type: ignore[return-value]


class Format(StrEnum):
    table = "table"
    json = "json"


def _status(spec: ModelSpec) -> dict[str, Any]:
    from summarise import store

    found = store.installed_path(spec)
    return {
        **spec.to_json(),
        "installed": found is not None,
        "path": str(found[0]) if found else None,
        "location": found[1] if found else None,
    }


def _engine(spec: ModelSpec, path: Path | None) -> dict[str, Any]:
    """Which backend and precision `spec` runs on by default on this machine's CPU
    (--backend auto, int8 on), and where its CTranslate2 conversion is, if made."""
    from summarise.backends import CT2_TYPES, ct2, planned_backend

    supported = spec.architecture.type in CT2_TYPES
    if planned_backend("auto", spec.architecture.type, "cpu") == "ct2":
        converted = ct2.converted_path(path, spec) if path is not None else None
        return {
            "backend": "ct2",
            "precision": ct2.compute_type("cpu", True),
            "converted": str(converted) if converted else None,
        }
    why = "ctranslate2 is not installed" if supported else "CTranslate2 backend not used"
    return {"backend": "torch", "precision": "int8", "converted": None, "note": why}


def _convert(spec: ModelSpec, path: Path, console: Console) -> None:
    """Convert a pulled model for CTranslate2 now, so the first run does not; a failure is a
    note (the model still runs on PyTorch), never an error."""
    from summarise.backends import CT2_TYPES, ct2, ct2_installed

    if spec.architecture.type not in CT2_TYPES or not ct2_installed():
        return
    if ct2.converted_path(path, spec) is not None:
        return
    try:
        where = ct2.ensure_converted(path, spec)
    except Exception as exc:  # any converter failure: PyTorch still runs it
        console.print(f"note: {spec.name} stays on PyTorch: {exc}", markup=False)
        return
    console.print(f"{spec.name}: converted for CTranslate2 at {where}", markup=False)


@models_app.command(cls=WordsCommand, name="list")
@_one_line_errors
def list_models(
    fmt: Annotated[
        Format, typer.Option("--format", "-f", metavar="FORMAT", help="table or json")
    ] = Format.table,
) -> None:
    """Every model in the registry: role, languages, licence, size, installed or not.

    Names are what you type, so they are never cut: piped, the table takes its natural width.
    """
    from rich.console import Console
    from rich.table import Table

    from summarise import registry

    rows = [_status(spec) for spec in registry.load_registry().values()]
    rows.sort(key=lambda r: (r["role"], r["name"]))
    if fmt is Format.json:
        typer.echo(json.dumps(rows, indent=2))
        return
    table = Table(box=None, pad_edge=False)
    table.add_column("name", no_wrap=True, min_width=max((len(r["name"]) for r in rows), default=4))
    for column in ("role", "languages", "licence", "size", "installed"):
        table.add_column(column)
    for r in rows:
        licence = r["licence"] + (f" ⚠ {r['licence_warning']}" if r["licence_warning"] else "")
        table.add_row(
            r["name"],
            r["role"],
            ",".join(r["languages"]),
            licence,
            f"{r['size_mb']} MB",
            "yes" if r["installed"] else "no",
        )
    out = _out()
    if out.is_terminal:
        out.print(table)
        return
    import io

    buf = io.StringIO()  # a pipe has no width: never fold or cut a cell, no padding at the end
    Console(file=buf, highlight=False, width=10_000, color_system=None).print(table)
    typer.echo("\n".join(line.rstrip() for line in buf.getvalue().splitlines()))


@models_app.command(cls=WordsCommand, name="info")
@_one_line_errors
def info(name: Annotated[str, typer.Argument(metavar="NAME", help="registry name")]) -> None:
    """Everything the registry says about NAME, where it is installed, and the backend and
    precision it runs on by default (JSON)."""
    from summarise import registry

    spec = registry.get_spec(name)
    status = _status(spec)
    status.update(_engine(spec, Path(status["path"]) if status["path"] else None))
    typer.echo(json.dumps(status, indent=2))


@models_app.command(cls=WordsCommand, name="path")
@_one_line_errors
def path(name: Annotated[str, typer.Argument(metavar="NAME", help="registry name")]) -> None:
    """The directory NAME is loaded from; exit 3 when it is not installed."""
    from summarise import registry, store

    spec = registry.get_spec(name)
    found = store.installed_path(spec)
    if found is None:
        raise ModelUnavailable(f"model {name} is not installed", hint=store.pull_hint(name))
    typer.echo(str(found[0]))


@models_app.command(cls=WordsCommand, name="pull")
@_one_line_errors
def pull(
    name: Annotated[str | None, typer.Argument(metavar="NAME", help="registry name")] = None,
    all_: Annotated[bool, typer.Option("--all", help="every model in the registry")] = False,
    force: Annotated[bool, typer.Option("--force", help="download even if installed")] = False,
) -> None:
    """Download NAME (or --all) into the model store and verify every file."""
    from summarise import registry, store

    if (name is None) == (not all_):
        raise SummariseError("give a model name or --all", ExitCode.USAGE, kind="usage")
    specs = list(registry.load_registry().values()) if all_ else [registry.get_spec(name or "")]
    console = _err()
    for spec in specs:
        found = store.installed_path(spec)
        if found is not None and not force:
            console.print(f"{spec.name}: already installed at {found[0]}", markup=False)
            _convert(spec, found[0], console)
            continue
        if store.offline_requested():
            raise ModelUnavailable(
                f"cannot download {spec.name}: offline (SUMMARISE_OFFLINE or HF_HUB_OFFLINE set)",
                hint=f"unset the offline variable, then: {store.pull_hint(spec.name)}",
            )
        if spec.licence_warning:
            console.print(f"[yellow]note:[/yellow] {spec.name} is {spec.licence_warning}")
        console.print(
            f"downloading {spec.name} ({spec.repo}@{spec.revision}, ~{spec.size_mb} MB)",
            markup=False,
        )
        where = store.download(spec, progress=True)
        console.print(f"{spec.name}: verified, installed at {where}", markup=False)
        _convert(spec, where, console)


@models_app.command(cls=WordsCommand, name="remove")
@_one_line_errors
def remove(name: Annotated[str, typer.Argument(metavar="NAME", help="registry name")]) -> None:
    """Delete NAME from the model store (the Hugging Face cache is left alone)."""
    from summarise import registry, store

    spec = registry.get_spec(name)
    removed = store.remove(spec)
    console = _err()
    if removed is not None:
        console.print(f"removed {removed}", markup=False)
        return
    cached = store.hf_cache_path(spec)
    if cached is not None:
        console.print(
            f"{name} is not in the summarise store; a copy stays in the Hugging Face "
            f"cache at {cached}",
            markup=False,
        )
    else:
        console.print(f"{name} is not installed", markup=False)
