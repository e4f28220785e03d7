"""Figure engine accuracy: seed-article gold scores and Indonesian↔English agreement.

Reads the shared evaluation data (never copied into the repository) from `../shared/eval/`
beside the repository root. Run: `python -m bench.figures_eval`.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from summarise.figures import extract_figures

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"
KINDS = ("money", "percent", "count", "quantity", "date", "age", "number")


def eval_dir() -> Path:
    """Where the shared evaluation data lives (may be absent)."""
    return EVAL.resolve()


def _gold_key(item: dict[str, Any]) -> tuple[str, str, str, str | None]:
    value = item["value"]
    return (item["kind"], item["text"], str(value), item.get("currency"))


def seed_gold_scores() -> dict[str, Any]:
    """Precision and recall by kind of the figures found in the seed article against its gold.

    A found figure is correct when kind, text, value and currency all equal a gold figure's
    (matched as multisets, so the repeated headline counts twice).
    """
    text = (eval_dir() / "seed-article.txt").read_text(encoding="utf-8")
    gold_line = (eval_dir() / "seed_figures_gold.jsonl").read_text(encoding="utf-8").splitlines()
    gold = Counter(_gold_key(f) for f in json.loads(gold_line[0])["figures"])
    found = Counter(_gold_key(f.to_json()) for f in extract_figures(text, "id"))
    scores: dict[str, Any] = {}
    for kind in KINDS:
        g = Counter({k: n for k, n in gold.items() if k[0] == kind})
        f = Counter({k: n for k, n in found.items() if k[0] == kind})
        if not g and not f:
            continue
        hit = sum((g & f).values())
        scores[kind] = {
            "gold": sum(g.values()),
            "found": sum(f.values()),
            "precision": hit / sum(f.values()) if f else 1.0,
            "recall": hit / sum(g.values()) if g else 1.0,
            "missed": sorted((g - f).elements()),
            "extra": sorted((f - g).elements()),
        }
    return scores


def match_keys(figure: Any) -> list[tuple[str, str, str | None]]:
    """A figure's (kind, value, currency), and its upper end for a range."""
    keys = [(figure.kind, str(figure.value), figure.currency)]
    if figure.value_max is not None:
        keys.append((figure.kind, str(figure.value_max), figure.currency))
    return keys


def _money_percent_keys(text: str, lang: str) -> Counter[tuple[str, str, str | None]]:
    keys: Counter[tuple[str, str, str | None]] = Counter()
    for f in extract_figures(text, lang):
        if f.kind in ("money", "percent"):
            keys.update(match_keys(f))  # a range stands for both ends
    return keys


def crosslingual_agreement(path: Path | None = None) -> dict[str, Any]:
    """Share of id/en pairs (where either side has money or a percentage) whose money and
    percent (kind, value, currency) multisets agree, with the disagreements to inspect.

    A range counts as both its ends (`Rp 10 to Rp 11 billion` = `Rp 10 miliar hingga Rp 11
    miliar`).
    """
    path = path or eval_dir() / "mt_news_id_en.tsv"
    lines = path.read_text(encoding="utf-8").splitlines()
    n = agree = 0
    disagreements: list[dict[str, Any]] = []
    for line in lines[1:]:
        parts = line.split("\t")
        if len(parts) < 2:
            continue
        source, reference = parts[0], parts[1]
        src = _money_percent_keys(source, "id")
        ref = _money_percent_keys(reference, "en")
        if not src and not ref:
            continue
        n += 1
        if src == ref:
            agree += 1
        else:
            disagreements.append(
                {
                    "row": parts[2] if len(parts) > 2 else None,
                    "id": source,
                    "en": reference,
                    "only_id": sorted((src - ref).elements()),
                    "only_en": sorted((ref - src).elements()),
                }
            )
    return {
        "share": agree / n if n else 1.0,
        "n": n,
        "agree": agree,
        "disagreements": disagreements,
    }


def main() -> None:
    scores = seed_gold_scores()
    for kind, s in scores.items():
        print(
            f"seed {kind:8} P={s['precision']:.3f} R={s['recall']:.3f} gold={s['gold']} "
            f"found={s['found']}"
        )
        for item in s["missed"]:
            print("   missed", item)
        for item in s["extra"]:
            print("   extra ", item)
    result = crosslingual_agreement()
    print(f"crosslingual agreement {result['share']:.3f} ({result['agree']}/{result['n']})")
    for d in result["disagreements"]:
        print(f"-- row {d['row']}: only id {d['only_id']} only en {d['only_en']}")
        print("   id:", d["id"][:300])
        print("   en:", d["en"][:300])


if __name__ == "__main__":
    main()
