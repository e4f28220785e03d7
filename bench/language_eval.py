"""Language detection and figure readings on Indonesian news snippets (IndoSum, 3 sentences).

Cuts each of the 200 IndoSum articles in ../shared/eval/sum_indosum_id.jsonl into consecutive
3-sentence snippets and reports (1) how many are detected as anything but Indonesian, and (2)
how many money, percent and count values differ from the `--lang id` reading of the same snippet,
each snippet read exactly as the pipeline reads a document (`summarise.figures.read_figures`
with the detected language and its confidence). `python -m bench.language_eval [--show N]`.
"""

from __future__ import annotations

import argparse
import json
from collections import Counter
from collections.abc import Iterator
from pathlib import Path

DATA = Path(__file__).resolve().parents[2] / "shared" / "eval" / "sum_indosum_id.jsonl"
KINDS = ("money", "percent", "count")
SNIPPET = 3


def snippets(path: Path = DATA) -> Iterator[str]:
    from summarise.sentences import paragraph_regions, split_sentences

    for line in path.read_text(encoding="utf-8").splitlines():
        text = json.loads(line)["article"]
        sents = [s.text for s in split_sentences(text, paragraph_regions(text))]
        for i in range(0, len(sents), SNIPPET):
            chunk = " ".join(sents[i : i + SNIPPET])
            if chunk.strip():
                yield chunk


def _values(text: str, lang: str, confident: bool) -> Counter:
    from summarise.figures import read_figures

    return Counter(
        (f.kind, str(f.value), f.currency)
        for f in read_figures(text, lang, confident=confident)
        if f.kind in KINDS
    )


def evaluate(path: Path = DATA, show: int = 0) -> dict[str, object]:
    from summarise.errors import InputError
    from summarise.language import detect_language
    from summarise.pipeline import CONFIDENT

    total = wrong = differ = 0
    detected: Counter[str] = Counter()
    examples: list[str] = []
    for text in snippets(path):
        total += 1
        try:
            lang = detect_language(text)
            code, confident = lang.code, lang.confidence >= CONFIDENT
        except InputError:
            code, confident = "?", False
        detected[code] += 1
        if code != "id":
            wrong += 1
            if len(examples) < show:
                examples.append(f"[{code}] {text[:160]}")
        if code in ("?", "id"):
            continue
        ours, gold = _values(text, code, confident), _values(text, "id", True)
        if ours != gold:
            differ += sum(((ours - gold) + (gold - ours)).values())
            if len(examples) < show:
                examples.append(f"[values {code}] {sorted(ours ^ gold)} {text[:120]}")
    return {
        "snippets": total,
        "not_indonesian": wrong,
        "not_indonesian_share": round(wrong / total, 4) if total else None,
        "detected": dict(detected),
        "value_differences": differ,
        "examples": examples,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--show", type=int, default=0, help="print this many failing snippets")
    args = parser.parse_args()
    if not DATA.exists():
        print(f"skipped: {DATA} not found")
        return
    print(json.dumps(evaluate(show=args.show), indent=2, ensure_ascii=False))


if __name__ == "__main__":
    main()
