"""Renderers: JSON-contract objects in, text out. Nothing here computes.

Every format is drawn from the same object that `--format json` prints (summarise.result/1,
summarise.figures/1, summarise.error/1), so the formats cannot disagree and a cached result
renders exactly like a fresh one. Formats: rich, text, markdown, json, jsonl.
"""

from __future__ import annotations

import json
from enum import StrEnum
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from rich.console import Console

Obj = dict[str, Any]


class Format(StrEnum):
    rich = "rich"
    text = "text"
    markdown = "markdown"
    json = "json"
    jsonl = "jsonl"


class FiguresShown(StrEnum):
    """Which figures a text view lists (JSON always carries them all): every one, those of the
    bullets then a one-line count of the rest, or none (the bullets keep theirs)."""

    all = "all"
    bullets = "bullets"
    none = "none"


EXTENSIONS = {
    Format.rich: ".txt",
    Format.text: ".txt",
    Format.markdown: ".md",
    Format.json: ".json",
    Format.jsonl: ".jsonl",
}


def error_json(path: str, code: str, message: str) -> Obj:
    """One input that could not be used, and why (schema summarise.error/1)."""
    return {
        "schema": "summarise.error/1",
        "input": {"path": path},
        "error": {"code": code, "message": message},
    }


def dumps(obj: Any, *, pretty: bool) -> str:
    return json.dumps(obj, ensure_ascii=False, indent=2 if pretty else None)


def is_result(obj: Obj) -> bool:
    return obj.get("schema") == "summarise.result/1"


def _title(obj: Obj) -> str | None:
    title = obj.get("title")
    if not title:
        return None
    return title.get("english") or title.get("source")


def _english(f: Obj) -> str:
    """A figure's English, with its conversion beside it when --convert asked for one."""
    conv = f.get("converted")
    return f["english"] + (f" ({conv['display']})" if conv else "")


def _rates_line(obj: Obj) -> str | None:
    """`Converted at 1 USD = 16250 IDR (--rate USD/IDR=16250)`: every rate the figures used."""
    rates = dict.fromkeys(
        f["converted"]["rate"] for f in obj.get("figures", []) if f.get("converted", {}).get("rate")
    )
    return f"Converted at {'; '.join(rates)}" if rates else None


def _title_flag(obj: Obj) -> str | None:
    """For a title whose figures failed the guard: the source headline, to show beside it."""
    title = obj.get("title") or {}
    if title.get("fidelity") == "flagged" and title.get("english"):
        return title.get("source") or ""
    return None


def _status_line(obj: Obj) -> str:
    lang = obj["language"]
    head = f"{obj['input']['path']} · {lang['code']} ({lang['confidence']:.2f})"
    if not is_result(obj):
        return head
    t = obj["translation"]
    status = f"translation {t['status']}" + (f" ({t['model']})" if t.get("model") else "")
    return f"{head} · {status}"


def _bullets(obj: Obj) -> list[tuple[str, list[Obj], str]]:
    figures = obj["figures"]
    return [
        (b["english"] or b["source"], [figures[i] for i in b["figures"]], b["fidelity"])
        for b in obj["bullets"]
    ]


def _number(v: Any) -> str:
    """Digits grouped for reading (1,300,000,000,000); dates and other strings unchanged."""
    return f"{v:,}" if isinstance(v, int | float) and not isinstance(v, bool) else str(v)


def _value(f: Obj) -> str:
    out = _number(f["value"])
    if f.get("value_max") is not None:
        out += f"–{_number(f['value_max'])}"
    if f.get("currency"):
        out += f" {f['currency']}"
    return out


def _listed(obj: Obj, shown: FiguresShown) -> tuple[list[Obj], int]:
    """The figures a view lists, and how many it leaves out."""
    figures = obj["figures"]
    if shown is FiguresShown.none:
        return [], 0
    if shown is FiguresShown.all or not is_result(obj):
        return figures, 0
    used = sorted({i for b in obj["bullets"] for i in b["figures"]})
    return [figures[i] for i in used], len(figures) - len(used)


def _more_line(left_out: int) -> str:
    s = "" if left_out == 1 else "s"
    return f"… and {left_out} more figure{s} in the article (--figures all lists them)"


def render_text(obj: Obj, figures: FiguresShown = FiguresShown.all) -> str:
    """Plain text for pipes and files: title, bullets with their figures, the figure list."""
    lines = [_status_line(obj)]
    if is_result(obj):
        if title := _title(obj):
            flagged = _title_flag(obj)
            lines.append(title + ("" if flagged is None else f" [flagged] (source: {flagged})"))
        lines.append("")
        for text, figs, fidelity in _bullets(obj):
            mark = "" if fidelity in ("ok", "unchecked") else f" [{fidelity}]"
            lines.append(f"- {text}{mark}")
            if figs:
                lines.append("  figures: " + "; ".join(_english(f) for f in figs))
    listed, left_out = _listed(obj, figures)
    if listed or left_out:
        lines += ["", "Figures:"]
        lines += [f"  {f['text']} → {_english(f)}  [{f['kind']}]" for f in listed]
        lines += [f"  {_more_line(left_out)}"] if left_out else []
    if rates := _rates_line(obj):
        lines += ["", rates]
    return "\n".join(lines) + "\n"


def render_markdown(obj: Obj, figures: FiguresShown = FiguresShown.all) -> str:
    lines: list[str] = []
    if is_result(obj):
        flagged = _title_flag(obj)
        lines += [f"# {_title(obj) or obj['input']['path']}", ""]
        if flagged is not None:
            lines += [f"**[flagged]** the title's figures failed the check; source: {flagged}", ""]
        lines += [f"*{_status_line(obj)}*", ""]
        for text, figs, fidelity in _bullets(obj):
            mark = "" if fidelity in ("ok", "unchecked") else f" **[{fidelity}]**"
            extra = f" — {'; '.join(_english(f) for f in figs)}" if figs else ""
            lines.append(f"- {text}{mark}{extra}")
    else:
        lines += [f"# Figures: {obj['input']['path']}", "", f"*{_status_line(obj)}*"]
    listed, left_out = _listed(obj, figures)
    if listed:
        lines += ["", "| source | kind | value | English |", "|---|---|---|---|"]
        for f in listed:
            cells = (f["text"], f["kind"], _value(f), _english(f))
            lines.append("| " + " | ".join(c.replace("|", "\\|") for c in cells) + " |")
    if left_out:
        lines += ["", f"*{_more_line(left_out)}*"]
    if rates := _rates_line(obj):
        lines += ["", f"*{rates}*"]
    return "\n".join(lines) + "\n"


def render_rich(obj: Obj, console: Console, figures: FiguresShown = FiguresShown.all) -> None:
    """The terminal view: title, bullets, and a figures table (source, value, English).

    Bullets wrap at word boundaries with a hanging indent (never mid-word at the edge)."""
    from rich.markup import escape
    from rich.table import Table

    console.print(f"[dim]{escape(_status_line(obj))}[/dim]")
    if is_result(obj):
        if title := _title(obj):
            console.print(f"[bold]{escape(title)}[/bold]")
            if (flagged := _title_flag(obj)) is not None:
                console.print(f"[red](flagged)[/red] source headline: {escape(flagged)}")
        marks = {"repaired": " [yellow](repaired)[/yellow]", "flagged": " [red](flagged)[/red]"}
        grid = Table.grid(padding=(0, 1))
        grid.add_column(no_wrap=True)
        grid.add_column(overflow="fold")  # words wrap; only a word wider than the line folds
        for text, figs, fidelity in _bullets(obj):
            grid.add_row(" •", f"{escape(text)}{marks.get(fidelity, '')}")
            if figs:
                shown = "; ".join(f"{_english(f)} ({f['text']})" for f in figs)
                grid.add_row("", f"[cyan]{escape(shown)}[/cyan]")
        console.print(grid, soft_wrap=False)
    listed, left_out = _listed(obj, figures)
    if listed:
        table = Table(title="Figures")
        for col in ("source text", "kind", "value", "English"):
            table.add_column(col)
        for f in listed:
            table.add_row(escape(f["text"]), f["kind"], escape(_value(f)), escape(_english(f)))
        console.print(table, soft_wrap=False)
    if left_out:
        console.print(f"[dim]{escape(_more_line(left_out))}[/dim]", soft_wrap=False)
    if rates := _rates_line(obj):
        console.print(f"[dim]{escape(rates)}[/dim]")
    console.print()


def render(obj: Obj, fmt: Format, figures: FiguresShown = FiguresShown.all) -> str:
    """One object as a string in any non-rich format (files and pipes)."""
    if fmt in (Format.json, Format.jsonl):
        return dumps(obj, pretty=fmt is Format.json) + "\n"
    if fmt is Format.markdown:
        return render_markdown(obj, figures)
    return render_text(obj, figures)
