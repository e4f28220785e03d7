"""Figure engine throughput on Indonesian news text, in MB/s of UTF-8 input on one core.

The text is the IndoSum articles from the shared evaluation data (not copied into the
repository), falling back to a built-in paragraph when that data is absent.
Run: `python -m bench.figures_speed`.
"""

from __future__ import annotations

import json
import statistics
import time

from bench.figures_eval import eval_dir
from summarise.figures import extract_figures

_FALLBACK = (
    "Meta menginvestasikan US$14,3 miliar untuk 49% saham Scale AI pada Juni 2025, sehingga "
    "menilai perusahaan itu sebesar US$29 miliar. Sekitar 1.500 karyawan, Rp230 triliun, "
    "kuartal II 2023, 12 persen, dan Alexandr Wang (28) disebut dalam laporan (20/3/2024).\n"
)


def sample_text(min_bytes: int = 2_000_000) -> str:
    """At least `min_bytes` of Indonesian news text."""
    path = eval_dir() / "sum_indosum_id.jsonl"
    if path.exists():
        lines = path.read_text(encoding="utf-8").splitlines()
        base = "\n\n".join(json.loads(line)["article"] for line in lines if line.strip())
    else:
        base = _FALLBACK
    text = base
    while len(text.encode("utf-8")) < min_bytes:
        text += "\n\n" + base
    return text


def throughput_mb_per_s(repeats: int = 5, min_bytes: int = 2_000_000) -> float:
    """Median MB/s (10**6 bytes) over `repeats` full passes of the engine (compilation excluded)."""
    text = sample_text(min_bytes)
    size = len(text.encode("utf-8")) / 1e6
    extract_figures("Rp1 miliar", "id")  # compile the grammar outside the timing
    rates = []
    for _ in range(repeats):
        t0 = time.perf_counter()
        extract_figures(text, "id")
        rates.append(size / (time.perf_counter() - t0))
    return statistics.median(rates)


_CHILD = """
import sys, time
sys.path.insert(0, sys.argv[1])
from summarise.figures import extract_figures
text = sys.stdin.read()
extract_figures("Rp1 miliar", sys.argv[2])
best = float("inf")
for _ in range(3):  # one pass is half a second: a stall on a shared machine would decide it
    t0 = time.process_time()
    extract_figures(text, sys.argv[2])
    best = min(best, time.process_time() - t0)
print(len(text.encode("utf-8")) / 1e6 / best)
"""


def side_by_side(trees: list[str], langs: tuple[str, ...], rounds: int) -> dict[str, dict]:
    """Best CPU-time MB/s of each tree (a folder holding a `summarise` package) per language,
    the trees interleaved round by round on the same text so machine load hits them alike."""
    import subprocess
    import sys

    text = sample_text()
    best: dict[str, dict] = {tree: dict.fromkeys(langs, 0.0) for tree in trees}
    for _ in range(rounds):
        for lang in langs:
            for tree in trees:
                done = subprocess.run(
                    [sys.executable, "-c", _CHILD, tree, lang],
                    input=text,
                    capture_output=True,
                    text=True,
                    check=True,
                )
                best[tree][lang] = max(best[tree][lang], float(done.stdout))
    return best


def main() -> None:
    import argparse

    parser = argparse.ArgumentParser(prog="python -m bench.figures_speed")
    parser.add_argument(
        "--against",
        metavar="TREE",
        help="also time the engine in TREE (e.g. `git archive main summarise | tar -x -C TREE`), "
        "side by side with this checkout",
    )
    parser.add_argument("--rounds", type=int, default=5)
    args = parser.parse_args()
    if args.against:
        from pathlib import Path

        here = str(Path(__file__).resolve().parents[1])
        trees = [args.against, here]
        best = side_by_side(trees, ("id", "ms", "en"), args.rounds)
        for tree in trees:
            cells = " ".join(f"{lang}={rate:.2f}" for lang, rate in best[tree].items())
            print(f"{tree}: {cells} MB/s (best of {args.rounds}, CPU time, one core)")
        for lang in ("id", "ms", "en"):
            change = best[here][lang] / best[args.against][lang] - 1
            print(f"{lang}: {100 * change:+.1f}% against {args.against}")
        return
    text = sample_text()
    figures = extract_figures(text, "id")
    print(f"{len(text.encode('utf-8')) / 1e6:.2f} MB, {len(figures)} figures")
    print(f"throughput {throughput_mb_per_s():.2f} MB/s (median of 5, one core)")


if __name__ == "__main__":
    main()
