"""Renderers: values in, text out. Nothing here computes, and nothing else prints results.

Formats: rich (terminal), text (plain, the default when piped), markdown, json, jsonl.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from typing import TYPE_CHECKING, Any

from summarise.values import Figure, Result

if TYPE_CHECKING:
    from rich.console import Console

    from summarise.pipeline import Prepared


class Format(StrEnum):
    rich = "rich"
    text = "text"
    markdown = "markdown"
    json = "json"
    jsonl = "jsonl"


EXTENSIONS = {
    Format.rich: ".txt",
    Format.text: ".txt",
    Format.markdown: ".md",
    Format.json: ".json",
    Format.jsonl: ".jsonl",
}


@dataclass(frozen=True, slots=True)
class Failure:
    """One input that could not be used, and why (schema summarise.error/1)."""

    path: str
    code: str
    message: str

    def to_json(self) -> dict[str, Any]:
        return {
            "schema": "summarise.error/1",
            "input": {"path": self.path},
            "error": {"code": self.code, "message": self.message},
        }


def figures_json(prepared: Prepared) -> dict[str, Any]:
    """The `summarise figures` object (schema summarise.figures/1)."""
    doc = prepared.document
    return {
        "schema": "summarise.figures/1",
        "input": doc.input.to_json(),
        "language": {"code": prepared.language.code, "confidence": prepared.language.confidence},
        "figures": [f.to_json() for f in prepared.figures],
    }


def to_json_obj(item: Result | Prepared | Failure) -> dict[str, Any]:
    if isinstance(item, Result | Failure):
        return item.to_json()
    return figures_json(item)


def dumps(obj: Any, *, pretty: bool) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)


def _bullet_text(result: Result, i: int) -> tuple[str, list[Figure], str]:
    bullet = result.bullets[i]
    figs = [result.figures[j] for j in bullet.figures]
    return bullet.english or bullet.source, figs, bullet.fidelity


def _title(result: Result) -> str | None:
    title = result.document.title
    if title is None:
        return None
    return result.title_english or title.text


def _status_line(result: Result) -> str:
    lang = result.language
    t = result.translation
    status = f"translation {t.status}" + (f" ({t.model})" if t.model else "")
    return f"{result.document.input.path} · {lang.code} ({lang.confidence:.2f}) · {status}"


def _figure_line(f: Figure) -> str:
    return f"{f.text} → {f.english}"


def render_text(item: Result | Prepared) -> str:
    """Plain text for pipes and files: title, bullets with their figures, the figure list."""
    lines: list[str] = []
    if isinstance(item, Result):
        title = _title(item)
        lines.append(_status_line(item))
        if title:
            lines.append(title)
        lines.append("")
        for i in range(len(item.bullets)):
            text, figs, fidelity = _bullet_text(item, i)
            mark = "" if fidelity in ("ok", "unchecked") else f" [{fidelity}]"
            lines.append(f"- {text}{mark}")
            if figs:
                lines.append("  figures: " + "; ".join(f.english for f in figs))
        figures = item.figures
    else:
        lines.append(f"{item.document.input.path} · {item.language.code}")
        figures = item.figures
    if figures:
        lines.append("")
        lines.append("Figures:")
        lines.extend(f"  {_figure_line(f)}  [{f.kind}]" for f in figures)
    return "\n".join(lines) + "\n"


def render_markdown(item: Result | Prepared) -> str:
    lines: list[str] = []
    if isinstance(item, Result):
        lines.append(f"# {_title(item) or item.document.input.path}")
        lines.append("")
        lines.append(f"*{_status_line(item)}*")
        lines.append("")
        for i in range(len(item.bullets)):
            text, figs, fidelity = _bullet_text(item, i)
            mark = "" if fidelity in ("ok", "unchecked") else f" **[{fidelity}]**"
            extra = f" — {'; '.join(f.english for f in figs)}" if figs else ""
            lines.append(f"- {text}{mark}{extra}")
        figures = item.figures
    else:
        lines.append(f"# Figures: {item.document.input.path}")
        figures = item.figures
    if figures:
        lines += ["", "| source | kind | value | English |", "|---|---|---|---|"]
        for f in figures:
            cell = (f.text.replace("|", "\\|"), f.kind, _value(f), f.english.replace("|", "\\|"))
            lines.append("| " + " | ".join(cell) + " |")
    return "\n".join(lines) + "\n"


def _value(f: Figure) -> str:
    v = to_json_value(f)
    if f.currency:
        v = f"{v} {f.currency}"
    return v


def to_json_value(f: Figure) -> str:
    value = f.to_json()["value"]
    out = str(value)
    if f.value_max is not None:
        out += f"–{f.to_json()['value_max']}"
    return out


def render_rich(item: Result | Prepared, console: Console) -> None:
    """The terminal view: title, bullets, and a figures table (source, value, English)."""
    from rich.markup import escape
    from rich.table import Table

    figures = item.figures
    if isinstance(item, Result):
        title = _title(item)
        console.print(f"[dim]{escape(_status_line(item))}[/dim]")
        if title:
            console.print(f"[bold]{escape(title)}[/bold]")
        for i in range(len(item.bullets)):
            text, figs, fidelity = _bullet_text(item, i)
            mark = {"repaired": " [yellow](repaired)[/yellow]", "flagged": " [red](flagged)[/red]"}
            console.print(f" • {escape(text)}{mark.get(fidelity, '')}")
            if figs:
                console.print("   [cyan]" + escape("; ".join(f.english for f in figs)) + "[/cyan]")
    else:
        console.print(f"[bold]{escape(item.document.input.path)}[/bold] · {item.language.code}")
    if figures:
        table = Table(title="Figures", show_lines=False)
        for col in ("source text", "kind", "value", "English"):
            table.add_column(col)
        for f in figures:
            table.add_row(escape(f.text), f.kind, escape(_value(f)), escape(f.english))
        console.print(table)
    console.print()
