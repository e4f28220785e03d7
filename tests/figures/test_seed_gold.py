"""The seed article against its hand-made gold: every money and percent figure, exactly."""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path

from summarise.figures import extract_figures


def _load(eval_dir: Path) -> tuple[list[dict], list[dict]]:
    text = (eval_dir / "seed-article.txt").read_text(encoding="utf-8")
    gold = json.loads((eval_dir / "seed_figures_gold.jsonl").read_text().splitlines()[0])
    return gold["figures"], [f.to_json() for f in extract_figures(text, "id")]


def _key(f: dict) -> tuple:
    return (f["kind"], f["text"], f["value"], f.get("currency"))


def test_money_and_percent_exact(eval_dir: Path) -> None:
    gold, found = _load(eval_dir)
    want = Counter(_key(f) for f in gold if f["kind"] in ("money", "percent"))
    got = Counter(_key(f) for f in found if f["kind"] in ("money", "percent"))
    assert got == want  # nothing missed, nothing extra


def test_counts_dates_ages_with_flags(eval_dir: Path) -> None:
    gold, found = _load(eval_dir)
    remaining = list(found)
    for g in gold:
        if g["kind"] in ("money", "percent"):
            continue
        match = next(f for f in remaining if _key(f) == _key(g))
        for field in ("unit", "partial", "approx", "words"):
            if field in g:
                assert match.get(field) == g[field], (g, match)
        remaining.remove(match)


def test_bench_seed_scores(eval_dir: Path) -> None:
    from bench.figures_eval import seed_gold_scores

    scores = seed_gold_scores()
    assert scores["money"]["precision"] == scores["money"]["recall"] == 1.0
    assert scores["percent"]["precision"] == scores["percent"]["recall"] == 1.0
