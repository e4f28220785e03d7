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
from bench.systems import RAY_THREADS, ROWS

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


# The million-article estimate's assumptions: none of these is measured here. A general-
# purpose CPU node, a price per vCPU-hour of the order cloud providers list on demand, and a
# GPU node whose throughput we cannot measure (no GPU on these machines): check each for your
# own cluster and replace it.
NODE_VCPUS = 32
PRICE_PER_VCPU_HOUR = 0.04  # US$, assumed
GPU_NODE_PRICE_PER_HOUR = 2.50  # US$ for one GPU and 8 vCPUs, assumed
GPU_ARTICLES_PER_S = 50.0  # assumed: 300 texts/s of a 6-layer Marian on one GPU, conservative
ARTICLES = 1_000_000
MODEL_FREE = ("clean", "language", "figures", "select")


def scale_out(report: dict[str, Any]) -> str:
    """The per-article CPU cost over the batch (ours-ct2, and ours-ray beside it when it
    ran) and what a million articles would cost on CPU nodes and, assumed, on GPU nodes."""
    batches = report["details"]["batches"]
    local = batches.get("ours-ct2")
    if not local or not local.get("done") or "cpu_s" not in local:
        return "Cost of a million articles: not estimated (no ours-ct2 batch in this run)."
    cpu_s = local["cpu_s"] / local["done"]
    cores = report["machine"].get("cores")
    core_hours = cpu_s * ARTICLES / 3600
    lines = [
        f"**Cost of a million articles** (from `details.batches.ours-ct2` of this report: "
        f"{local['cpu_s']:.1f} CPU s over {local['done']} articles, {1000 * cpu_s:.0f} CPU ms "
        f"an article, {60 * local['done'] / local['seconds']:.1f} articles/min on {cores} "
        "cores). Per article the work is one group's share of a batched translation and the "
        "model-free stages; nothing is shared between articles but the loaded model, so the "
        "CPU time scales linearly with the articles and, with one actor per "
        f"{RAY_THREADS} cores, the throughput with the cores (assumed: Ray adds actors, not "
        "speed to each).",
        "",
        f"- CPU nodes: {ARTICLES:,} × {cpu_s:.2f} CPU s = {core_hours:,.0f} core-hours, "
        f"{core_hours / NODE_VCPUS:,.0f} node-hours on {NODE_VCPUS}-vCPU nodes (assumed size); "
        f"at an assumed US${PRICE_PER_VCPU_HOUR:.2f} per vCPU-hour, about "
        f"US${core_hours * PRICE_PER_VCPU_HOUR:,.0f}.",
    ]
    ray = batches.get("ours-ray")
    overhead = report.get("ray_overhead_ms_per_article", {}).get("ours-ray")
    if ray and ray.get("done") and "cpu_s_tree" in ray:
        ray_cpu = ray["cpu_s_tree"] / ray["done"]
        lines.append(
            f"- The same batch through `--engine ray` (`details.batches.ours-ray`): "
            f"{1000 * ray_cpu:.0f} CPU ms an article with every Ray process counted, "
            f"{60 * ray['done'] / ray['seconds']:.1f} articles/min"
            + (
                f", {overhead:.0f} ms wall an article over the local batch"
                if overhead is not None
                else ""
            )
            + f"; a million: {ray_cpu * ARTICLES / 3600:,.0f} core-hours."
        )
    else:
        lines.append("- `--engine ray` was not measured in this run (no ours-ray batch).")
    gpu_hours = ARTICLES / GPU_ARTICLES_PER_S / 3600
    free = [
        sum(v for k, v in sample.get("stages_ms", {}).items() if k in MODEL_FREE)
        for sample in report["details"]["latency"].get("ours-ct2", [])
    ]
    free_ms = f"{sum(free) / len(free):.0f} ms" if free else "(not measured)"
    lines.append(
        f"- GPU nodes, **assumed, not measured** (no GPU here): if one GPU node "
        f"(US${GPU_NODE_PRICE_PER_HOUR:.2f}/hour, assumed) translated {GPU_ARTICLES_PER_S:.0f} "
        f"articles/s, a million would take {gpu_hours:.1f} node-hours, about "
        f"US${gpu_hours * GPU_NODE_PRICE_PER_HOUR:,.0f}; its 8 vCPUs run the model-free "
        f"stages, which took {free_ms} an article here (clean, language, figures and select "
        "in `stages_ms` of the ours-ct2 latency runs), so they keep up. Measure "
        "`--device cuda` on one node before trusting this line."
    )
    return "\n".join(lines)


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
            scale_out(report),
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
