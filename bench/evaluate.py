"""`make eval`: quality on the shared evaluation data, written to bench/eval.json with a table.

- figures: seed-article gold precision/recall by kind, and Indonesian↔English agreement on the
  news MT set (bench/figures_eval.py, from the figure engine's branch);
- selection: ROUGE-1/2/L of our key-sentence selector and of LEAD-3 on IndoSum
  (bench/selection_eval.py);
- translation: BLEU and chrF (sacrebleu) on the news and NusaX MT sets, for every registry
  translator that is really installed (store or HF cache). Random-weight stand-ins are never
  scored: they live in bench/work, which this module never reads.

The data lives beside the repository (../shared/eval/) and is never copied into it; every
part that needs it is skipped, with the reason, when it is absent.

    python -m bench.evaluate [--limit N] [--out PATH]
"""

from __future__ import annotations

import argparse
import json
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
EVAL_DIR = ROOT / ".." / "shared" / "eval"
OUT = ROOT / "bench" / "eval.json"
SCHEMA = "summarise.eval/1"
MT_SETS = {"news": "mt_news_id_en.tsv", "nusax": "mt_nusax_id_en.tsv"}
# Sentences translated per set and model: the first N rows (each set keeps its source order).
# 200 keeps an installed opus-mt well inside the 15-minute budget on 2 cores; --limit 0 = all.
DEFAULT_LIMIT = 200
SHOWN_DISAGREEMENTS = 10


def eval_dir() -> Path:
    return EVAL_DIR.resolve()


def _missing(*names: str) -> str | None:
    absent = [n for n in names if not (eval_dir() / n).is_file()]
    return f"{eval_dir()} lacks {', '.join(absent)}" if absent else None


# --- figures ---------------------------------------------------------------------------------


def figures_part() -> dict[str, Any]:
    """Per-language scores on the project's samples (always), then seed gold scores and
    cross-lingual agreement when the shared data is there."""
    try:
        from bench.figures_eval import crosslingual_agreement, samples_scores, seed_gold_scores
    except ImportError as exc:
        return {"skipped": f"bench.figures_eval not available ({exc})"}
    samples = samples_scores()
    why = _missing("seed-article.txt", "seed_figures_gold.jsonl", MT_SETS["news"])
    if why:
        return {"skipped": why, "samples": samples}
    try:
        seed = seed_gold_scores()
        agreement = crosslingual_agreement(eval_dir() / MT_SETS["news"])
    except NotImplementedError:
        return {"skipped": "figure engine not built yet"}
    disagreements = agreement.get("disagreements", [])
    return {
        "samples": samples,
        "seed_gold": seed,
        "crosslingual": {
            "share": agreement["share"],
            "n": agreement["n"],
            "agree": agreement["agree"],
            "disagreements": len(disagreements),
            "first_disagreements": disagreements[:SHOWN_DISAGREEMENTS],
        },
    }


# --- selection -------------------------------------------------------------------------------


def selection_part() -> dict[str, Any]:
    """ROUGE of our selector and LEAD-3, on all articles and on the held-out (odd) half."""
    why = _missing("sum_indosum_id.jsonl")
    if why:
        return {"skipped": why}
    from bench.selection_eval import selection_scores

    path = eval_dir() / "sum_indosum_id.jsonl"
    return {
        "all": selection_scores(n=3, path=path, half="all"),
        "held_out": selection_scores(n=3, path=path, half="odd"),
    }


# --- translation -----------------------------------------------------------------------------


def read_pairs(path: Path, limit: int | None = None) -> list[tuple[str, str]]:
    """(Indonesian, English) pairs of a TSV with a header; no quoting (fields may start with ")."""
    pairs = []
    for line in path.read_text(encoding="utf-8").splitlines()[1:]:
        parts = line.split("\t")
        if len(parts) >= 2 and parts[0].strip() and parts[1].strip():
            pairs.append((parts[0], parts[1]))
    return pairs[:limit] if limit else pairs


def installed_translators(lang: str = "id") -> list[str]:
    """Registry translators for `lang` whose real files are on disk (store or HF cache)."""
    from summarise.registry import load_registry
    from summarise.store import installed_path

    names = []
    for spec in sorted(load_registry().values(), key=lambda s: s.name):
        if spec.role != "translator" or not ({lang, "*"} & set(spec.languages)):
            continue
        if installed_path(spec) is not None:
            names.append(spec.name)
    return names


def score(hypotheses: Sequence[str], references: Sequence[str]) -> dict[str, float]:
    """Corpus BLEU and chrF (sacrebleu defaults)."""
    import sacrebleu

    return {
        "bleu": round(sacrebleu.corpus_bleu(list(hypotheses), [list(references)]).score, 2),
        "chrf": round(sacrebleu.corpus_chrf(list(hypotheses), [list(references)]).score, 2),
    }


def translate_set(model: Any, pairs: Sequence[tuple[str, str]]) -> dict[str, Any]:
    """Our translation stage (split, batch, never truncate) over a set, scored."""
    from summarise.translate import translate_texts

    t0 = time.perf_counter()
    english = translate_texts([src for src, _ in pairs], model, src_lang="id")
    seconds = time.perf_counter() - t0
    return {"n": len(pairs), **score(english, [ref for _, ref in pairs]), "seconds": seconds}


def translation_part(limit: int | None = DEFAULT_LIMIT) -> dict[str, Any]:
    """BLEU/chrF per installed real translator and MT set; skipped when none is installed."""
    why = _missing(*MT_SETS.values())
    if why:
        return {"skipped": why}
    names = installed_translators("id")
    if not names:
        return {
            "skipped": "no real translator is installed (random stand-ins are never scored); "
            "install one with `summarise models pull opus-mt-id-en`"
        }
    from summarise.backends.loader import load_translator

    models: dict[str, Any] = {}
    for name in names:
        model = load_translator(name, offline=True, device="cpu", progress=False)
        models[name] = {
            key: translate_set(model, read_pairs(eval_dir() / file, limit))
            for key, file in MT_SETS.items()
        }
    return {"limit": limit, "models": models}


# --- report ----------------------------------------------------------------------------------


def run_eval(limit: int | None = DEFAULT_LIMIT) -> dict[str, Any]:
    """Every part; a part that cannot run says why instead of failing the rest."""
    return {
        "schema": SCHEMA,
        "data_dir": str(eval_dir()),
        "figures": figures_part(),
        "selection": selection_part(),
        "translation": translation_part(limit),
    }


def _pct(x: float) -> str:
    return f"{100 * x:.1f}"


def markdown_table(report: dict[str, Any]) -> str:
    """The eval results as Markdown tables (skipped parts say why)."""
    lines: list[str] = ["### Figures"]
    fig = report["figures"]
    if "samples" in fig:
        from bench.figures_eval import MEASURES

        names = [name for name, _, _ in MEASURES]
        lines += [
            "",
            "Project samples (samples/figures_gold.jsonl), per language, %:",
            "",
            "| lang | " + " | ".join(names) + " |",
            "|---|" + "---:|" * len(names),
        ]
        for lang, s in fig["samples"].items():
            cells = " | ".join(_pct(s[name]["score"]) for name in names)
            lines.append(f"| {lang} | {cells} |")
        lines.append("")
    if "skipped" in fig:
        lines.append(f"skipped: {fig['skipped']}")
    else:
        lines += [
            "",
            "| kind | gold | found | precision % | recall % |",
            "|---|---:|---:|---:|---:|",
        ]
        for kind, s in fig["seed_gold"].items():
            lines.append(
                f"| {kind} | {s['gold']} | {s['found']} | {_pct(s['precision'])} | "
                f"{_pct(s['recall'])} |"
            )
        c = fig["crosslingual"]
        lines.append(
            f"\nid↔en agreement on money/percent (news MT set): {_pct(c['share'])}% "
            f"({c['agree']}/{c['n']} pairs)"
        )
    lines += ["", "### Selection (IndoSum, N = 3, ROUGE F1 × 100)"]
    sel = report["selection"]
    if "skipped" in sel:
        lines.append(f"skipped: {sel['skipped']}")
    else:
        lines += [
            "",
            "| set | articles | system | R-1 | R-2 | R-L |",
            "|---|---:|---|---:|---:|---:|",
        ]
        for label, res in (("all", sel["all"]), ("held-out (odd)", sel["held_out"])):
            for key, name in (("lead", "LEAD-3"), ("ours", "ours")):
                r = res[key]
                lines.append(
                    f"| {label} | {res['articles']} | {name} | {r['rouge1']:.2f} | "
                    f"{r['rouge2']:.2f} | {r['rougeL']:.2f} |"
                )
    lines += ["", "### Translation (BLEU / chrF)"]
    tr = report["translation"]
    if "skipped" in tr:
        lines.append(f"skipped: {tr['skipped']}")
    else:
        lines += ["", "| model | set | sentences | BLEU | chrF |", "|---|---|---:|---:|---:|"]
        for name, sets in tr["models"].items():
            for key, r in sets.items():
                lines.append(f"| {name} | {key} | {r['n']} | {r['bleu']:.2f} | {r['chrf']:.2f} |")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m bench.evaluate", description="make eval")
    parser.add_argument(
        "--limit", type=int, default=DEFAULT_LIMIT, help="sentences per MT set (0 = all)"
    )
    parser.add_argument("--out", type=Path, default=OUT, help=f"report path (default {OUT})")
    args = parser.parse_args(argv)
    report = run_eval(args.limit or None)
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(report, indent=2, default=str) + "\n", encoding="utf-8")
    print(markdown_table(report))
    print(f"\nwrote {args.out}")


if __name__ == "__main__":
    main()
