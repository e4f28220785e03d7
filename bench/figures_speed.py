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


def main() -> None:
    text = sample_text()
    figures = extract_figures(text, "id")
    print(f"{len(text.encode('utf-8')) / 1e6:.2f} MB, {len(figures)} figures")
    print(f"throughput {throughput_mb_per_s():.2f} MB/s (median of 5, one core)")


if __name__ == "__main__":
    main()
