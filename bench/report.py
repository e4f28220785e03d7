"""The README's Performance section, rendered from bench/report.json (never written by hand).

    python -m bench.report                 # print the section
    python -m bench.report --readme README.md   # replace it between the markers in README.md

The section sits between BEGIN and END below; everything else in the README is left alone.
"""

from __future__ import annotations

import argparse
import json
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bench.run import REPORT, markdown_table
from bench.systems import ROWS

BEGIN = "<!-- bench.report: generated from bench/report.json by `python -m bench.report` -->"
END = "<!-- end of bench.report -->"


def _load(values: Sequence[float] | None) -> str:
    return "?" if not values else " / ".join(f"{v:.2f}" for v in values)


def _cpu(machine: dict[str, Any]) -> str:
    """`Intel(R) Xeon(R) Processor; avx2, avx512f, amx_int8`, or the bare processor name from
    reports made before the CPU model was recorded."""
    model = machine.get("cpu_model")
    if not model:
        return str(machine.get("processor"))
    isa = machine.get("isa") or []
    return f"{model}; {', '.join(isa) if isa else 'no AVX2'}"


def conditions(report: dict[str, Any]) -> str:
    """When, where and how the numbers were measured, in one paragraph."""
    m, c = report["machine"], report["config"]
    batched = c.get("batch_systems")
    batch = (
        f"{c['throughput_articles']}-article batch for {', '.join(batched)} only"
        if batched
        else f"{c['throughput_articles']}-article batch for every ours and abstractive row"
    )
    kind = (
        "quick harness check (tiny models: times mean nothing)"
        if report["quick"]
        else ("full-size stand-ins")
    )
    return (
        f"Measured {m.get('started_utc', 'at an unrecorded time')} with `{c.get('command', '')}`"
        f" ({kind}): {c['runs']} runs of {', '.join(c['articles'])} per system, "
        f"{batch}. {m.get('cores')} cores ({_cpu(m)}, {m.get('platform')}), "
        f"Python {m.get('python')}, torch {m.get('torch')}, transformers "
        f"{m.get('transformers')}, ctranslate2 {m.get('ctranslate2')}. Load average (1/5/15 "
        f"min) {_load(m.get('load_average_start'))} at the start, "
        f"{_load(m.get('load_average_end'))} at the end; the run took "
        f"{m.get('bench_s', 0) / 60:.0f} min. These are shared machines: other work ran "
        "beside it, so CPU time is the steadier column."
    )


def cpu_speedups(report: dict[str, Any]) -> str:
    """The speed-ups by CPU time (the table's are by wall time), one line."""
    parts = []
    for system, by_article in report["cpu_speedup_vs_naive-article"].items():
        by_bullets = report["cpu_speedup_vs_naive-bullets"].get(system)
        if by_article is not None and by_bullets is not None:
            parts.append(f"{system} {by_article:.1f} × / {by_bullets:.1f} ×")
    return (
        "By CPU time (x naive-article / x naive-bullets): " + "; ".join(parts) + "."
        if parts
        else "By CPU time: no speed-ups measured."
    )


def render(report: dict[str, Any]) -> str:
    """The generated section: conditions, the side-by-side table and targets, what each row
    does."""
    rows = [f"- **{name}**: {ROWS[name]}." for name in report["ms_per_article"] if name in ROWS]
    return "\n".join(
        [
            BEGIN,
            "",
            conditions(report),
            "",
            markdown_table(report),
            "",
            cpu_speedups(report),
            "",
            "What each row does:",
            "",
            *rows,
            "",
            END,
        ]
    )


def replace_section(text: str, section: str) -> str:
    """`text` with the part from BEGIN to END replaced by `section` (ValueError if absent)."""
    start, end = text.find(BEGIN), text.find(END)
    if start < 0 or end < start:
        raise ValueError(f"no generated section ({BEGIN!r} … {END!r}) to replace")
    return text[:start] + section + text[end + len(END) :]


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(
        prog="python -m bench.report", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--report", type=Path, default=REPORT, help=f"default {REPORT}")
    parser.add_argument("--readme", type=Path, help="rewrite the section in this file")
    args = parser.parse_args(argv)
    section = render(json.loads(args.report.read_text(encoding="utf-8")))
    if args.readme is None:
        print(section)
        return
    args.readme.write_text(
        replace_section(args.readme.read_text(encoding="utf-8"), section), encoding="utf-8"
    )


if __name__ == "__main__":
    main()
