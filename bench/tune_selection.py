"""Re-run the weight search for the key-sentence selector on the tuning half of IndoSum.

A small grid around the shipped SelectionWeights, scored by ROUGE-2 F1 on the even-indexed
articles only; the odd half is reported but never used for choosing. Shows how flat the
optimum is (median of the grid) so a reader can judge overfitting.

    python -m bench.tune_selection
"""

from __future__ import annotations

import dataclasses
import itertools
import statistics

from bench.selection_eval import selection_scores
from summarise.select import DEFAULT_WEIGHTS

GRID: dict[str, tuple[float, ...]] = {
    "anchor_share": (0.3, 0.4, 0.6),
    "anchor_window": (6, 8, 10),
    "quote": (-3.0, -1.0),
    "redundancy": (0.3, 0.5),
    "min_words": (6, 8),
}


def main() -> None:
    rows = []
    keys = list(GRID)
    for values in itertools.product(*GRID.values()):
        w = dataclasses.replace(DEFAULT_WEIGHTS, **dict(zip(keys, values, strict=True)))
        tune = selection_scores(half="even", weights=w)
        if tune is None:
            print("skipped: shared eval data not found")
            return
        held = selection_scores(half="odd", weights=w)
        assert held is not None
        rows.append((tune["ours"]["rouge2"], held["ours"]["rouge2"], values))
    rows.sort(key=lambda r: -r[0])
    print("tune R2  held-out R2  " + "  ".join(keys))
    for tune_r2, held_r2, values in rows[:10]:
        print(f"{tune_r2:7.2f}  {held_r2:11.2f}  " + "  ".join(str(v) for v in values))
    print(
        f"grid median: tune {statistics.median(r[0] for r in rows):.2f}, "
        f"held-out {statistics.median(r[1] for r in rows):.2f}"
    )


if __name__ == "__main__":
    main()
