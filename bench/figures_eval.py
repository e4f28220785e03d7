"""Figure engine accuracy: the project's own annotated samples per language, seed-article gold
scores and Indonesian↔English agreement.

The samples and their gold (`samples/figures_gold.jsonl`, checked by hand) are in the
repository; the shared evaluation data is read from `../shared/eval/` beside the repository root
and never copied into it. Run: `python -m bench.figures_eval`.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from summarise.figures import extract_figures

EVAL = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval"
SAMPLES = Path(__file__).resolve().parents[1] / "samples"
KINDS = ("money", "percent", "count", "quantity", "date", "age", "number")
#: The measures the figure issues set targets for, each (name, kinds, precision or recall).
MEASURES: tuple[tuple[str, tuple[str, ...], str], ...] = (
    ("money+percent P", ("money", "percent"), "precision"),
    ("money+percent R", ("money", "percent"), "recall"),
    ("date R", ("date",), "recall"),
    ("count R", ("count",), "recall"),
    ("count+date+age R", ("count", "date", "age"), "recall"),
    ("number P", ("number",), "precision"),
)


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


def _sample_key(item: dict[str, Any]) -> tuple[str, str, str | None, str | None]:
    """What a sample figure must get right: kind, value, upper end and currency (not the span,
    which may differ by a word without the figure being wrong)."""
    high = item.get("value_max")
    return (
        item["kind"],
        str(item["value"]),
        None if high is None else str(high),
        item.get("currency"),
    )


def cli_figures(text: str, lang: str, name: str = "sample.txt") -> tuple[Any, ...]:
    """The figures `summarise figures FILE --lang LANG` reports for `text`: the document cleaned
    and split into sentences, each paragraph read with its own number convention (the path
    the private sets are scored on, not the engine run over the raw text)."""
    import hashlib

    from summarise.pipeline import Pipeline, Settings
    from summarise.values import InputInfo

    raw = text.encode("utf-8")
    info = InputInfo(path=name, sha256=hashlib.sha256(raw).hexdigest(), bytes=len(raw))
    return Pipeline(Settings(lang=lang)).prepare(info, text).figures


def samples_scores(gold_path: Path | None = None) -> dict[str, dict[str, Any]]:
    """Per language, the target measures on the project's own hand-annotated samples
    (samples/figures_gold.jsonl), with what was missed and what was extra.

    Runs without the shared data, so `make eval` shows a regression on any checkout.
    """
    gold_path = gold_path or SAMPLES / "figures_gold.jsonl"
    gold: dict[str, Counter] = {}
    found: dict[str, Counter] = {}
    for line in gold_path.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        row = json.loads(line)
        lang = row["lang"]
        text = (gold_path.parent / row["file"]).read_text(encoding="utf-8")
        gold.setdefault(lang, Counter()).update(_sample_key(f) for f in row["figures"])
        got = (_sample_key(f.to_json()) for f in cli_figures(text, lang, row["file"]))
        found.setdefault(lang, Counter()).update(got)
    out: dict[str, dict[str, Any]] = {}
    for lang in gold:
        g_all, f_all = gold[lang], found[lang]
        scores: dict[str, Any] = {}
        for name, kinds, which in MEASURES:
            g = Counter({k: n for k, n in g_all.items() if k[0] in kinds})
            f = Counter({k: n for k, n in f_all.items() if k[0] in kinds})
            hit = sum((g & f).values())
            base = sum((f if which == "precision" else g).values())
            scores[name] = {"score": hit / base if base else 1.0, "hit": hit, "of": base}
        scores["missed"] = sorted(map(str, (g_all - f_all).elements()))
        scores["extra"] = sorted(map(str, (f_all - g_all).elements()))
        out[lang] = scores
    return out


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


def print_samples_scores() -> None:
    for lang, scores in samples_scores().items():
        cells = " ".join(
            f"{name}={scores[name]['score']:.3f}({scores[name]['hit']}/{scores[name]['of']})"
            for name, _, _ in MEASURES
        )
        print(f"samples {lang}: {cells}")
        for item in scores["missed"]:
            print("   missed", item)
        for item in scores["extra"]:
            print("   extra ", item)


def main() -> None:
    print_samples_scores()
    if not (eval_dir() / "seed-article.txt").exists():
        print(f"seed gold and cross-lingual agreement skipped: {eval_dir()} has no data")
        return
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
