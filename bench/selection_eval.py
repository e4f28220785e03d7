"""ROUGE of the model-free key-sentence selector against LEAD-n on IndoSum (Indonesian news).

Both systems read the same sentences: paragraphs are the blank-line separated blocks, the
news dateline ("Jakarta, CNN Indonesia --") is cut from the first one, and the splitter is
summarise.sentences. The headline comes from the article id's slug (the dataset has no title
field). Figures per sentence come from the figure engine when it is built, else from a count
of digit-bearing tokens. Weights were tuned on the even-indexed half; the odd half is held out.

    python -m bench.selection_eval          # table for all / tune (even) / held-out (odd)
"""

from __future__ import annotations

import json
import re
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from summarise.clean import clean_text
from summarise.select import DEFAULT_WEIGHTS, SelectionWeights, select_key_sentences
from summarise.sentences import split_sentences
from summarise.values import Sentence

DATA = Path(__file__).resolve().parents[1] / ".." / "shared" / "eval" / "sum_indosum_id.jsonl"
METRICS = ("rouge1", "rouge2", "rougeL")
Half = Literal["all", "even", "odd"]
_DIGIT_TOKEN = re.compile(r"\S*\d\S*")


def load_articles(path: Path | str | None = None) -> list[dict[str, Any]] | None:
    """The eval articles, or None when the shared eval data is not there."""
    p = Path(path) if path is not None else DATA
    if not p.is_file():
        return None
    with p.open(encoding="utf-8") as fh:
        return [json.loads(line) for line in fh if line.strip()]


def article_sentences(text: str) -> tuple[Sentence, ...]:
    """Sentences of the article body exactly as the tool reads them: cleaned (chrome and
    dateline gone) by `clean_text`, then split. LEAD-3 reads the same sentences."""
    return split_sentences(text, clean_text(text).body)


def title_from_id(article_id: str) -> str:
    """IndoSum ids are '<timestamp>-<headline slug, cut at 50 chars>'."""
    return " ".join(article_id.split("-")[1:]).strip()


def figure_counts(text: str, sentences: Sequence[Sentence], lang: str = "id") -> list[int]:
    """Figures per sentence: the figure engine's when built, else digit-bearing tokens."""
    try:
        from summarise.figures import extract_figures

        return [len(extract_figures(text, lang, s.start, s.end)) for s in sentences]
    except NotImplementedError:
        return [len(_DIGIT_TOKEN.findall(s.text)) for s in sentences]


def selection_scores(
    n: int = 3,
    path: Path | str | None = None,
    *,
    half: Half = "all",
    limit: int | None = None,
    weights: SelectionWeights = DEFAULT_WEIGHTS,
) -> dict[str, Any] | None:
    """Mean ROUGE-1/2/L F1 (x100) of our selection and of LEAD-n; None if data is absent.

    `half` picks the tuning half ("even" article positions), the held-out half ("odd") or
    all; `limit` keeps the first articles after that, for quick checks.
    """
    from rouge_score import rouge_scorer

    articles = load_articles(path)
    if articles is None:
        return None
    if half != "all":
        articles = articles[0 if half == "even" else 1 :: 2]
    if limit is not None:
        articles = articles[:limit]
    scorer = rouge_scorer.RougeScorer(list(METRICS), use_stemmer=False)
    totals = {"ours": dict.fromkeys(METRICS, 0.0), "lead": dict.fromkeys(METRICS, 0.0)}
    for art in articles:
        text = art["article"]
        sentences = article_sentences(text)
        chosen = select_key_sentences(
            sentences,
            title=title_from_id(art["id"]),
            figure_counts=figure_counts(text, sentences),
            n=n,
            weights=weights,
        )
        systems = {
            "ours": " ".join(sentences[i].text for i in chosen),
            "lead": " ".join(s.text for s in sentences[:n]),
        }
        for name, hyp in systems.items():
            scores = scorer.score(art["summary"], hyp)
            for m in METRICS:
                totals[name][m] += scores[m].fmeasure
    count = len(articles)
    return {
        "articles": count,
        "n": n,
        "half": half,
        **{
            name: {m: round(100 * v / count, 2) if count else 0.0 for m, v in sums.items()}
            for name, sums in totals.items()
        },
    }


def main() -> None:
    rows = [(h, selection_scores(half=h)) for h in ("all", "even", "odd")]
    if rows[0][1] is None:
        print(f"skipped: {DATA} not found")
        return
    print(f"{'set':<14}{'articles':>9}  {'system':<7}{'R1':>7}{'R2':>7}{'RL':>7}")
    labels = {"all": "all", "even": "tune (even)", "odd": "held-out (odd)"}
    for half, res in rows:
        assert res is not None
        for name in ("lead", "ours"):
            r = res[name]
            label = f"LEAD-{res['n']}" if name == "lead" else "ours"
            print(
                f"{labels[half]:<14}{res['articles']:>9}  {label:<7}"
                f"{r['rouge1']:>7.2f}{r['rouge2']:>7.2f}{r['rougeL']:>7.2f}"
            )


if __name__ == "__main__":
    main()
