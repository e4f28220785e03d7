"""Random-weight stand-ins of the registry's default translator and summariser, for timing.

Same architecture sizes as the real models (from the registry's `[architecture]` facts), real
tokenizers trained on samples/, meaningless output: the speed of the real thing without
downloading it. Built once into bench/work/ (gitignored) and reused while the recipe holds.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
WORK = ROOT / "bench" / "work"
TRANSLATOR = "opus-mt-id-en"
SUMMARISER = "distilbart-cnn-12-6"
# Tokenizer vocabulary asked of SentencePiece / BPE; samples/ is small, so the trainer settles
# on fewer pieces (hard_vocab_limit off). Bigger is closer to the real tokenizers' token counts.
VOCAB = 4000
RECIPE_FILE = "bench-recipe.json"
RECIPE_VERSION = 1


def _arch(name: str, quick: bool) -> dict[str, Any]:
    from summarise.registry import get_spec

    arch = get_spec(name).architecture.as_dict()
    if quick:  # the test stand-ins' tiny shapes, keeping the real model's position limit
        from summarise.backends.hf import TINY

        arch.update({k: v for k, v in TINY.items() if k != "max_position_embeddings"})
    return arch


def _corpus() -> list[str]:
    from summarise.backends.hf import standin_corpus

    return standin_corpus(ROOT)


def _recipe(name: str, arch: dict[str, Any], lines: list[str], vocab: int) -> dict[str, Any]:
    import transformers

    digest = hashlib.sha256("\n".join(lines).encode("utf-8")).hexdigest()[:16]
    return {
        "version": RECIPE_VERSION,
        "model": name,
        "architecture": arch,
        "vocab": vocab,
        "corpus": digest,
        "transformers": transformers.__version__,
    }


def ensure_standin(name: str, work: Path = WORK, *, quick: bool = False) -> Path:
    """Directory of the stand-in for registry model `name`, built unless a matching one exists."""
    from summarise.backends.hf import build_standin

    arch = _arch(name, quick)
    lines = _corpus()
    vocab = 300 if quick else VOCAB
    recipe = _recipe(name, arch, lines, vocab)
    out = work / "tiny" / name if quick else work / name
    stamp = out / RECIPE_FILE
    if stamp.is_file() and json.loads(stamp.read_text(encoding="utf-8")) == recipe:
        return out
    if out.exists():
        shutil.rmtree(out)
    partial = out.with_name(out.name + ".partial")
    if partial.exists():
        shutil.rmtree(partial)
    build_standin(str(arch["type"]), partial, lines, arch=arch, vocab_size=vocab)
    (partial / RECIPE_FILE).write_text(json.dumps(recipe, indent=2) + "\n", encoding="utf-8")
    partial.rename(out)
    return out


def ensure_standins(work: Path = WORK, *, quick: bool = False) -> dict[str, Path]:
    """{"translator": dir, "summariser": dir} for the registry's default models."""
    return {
        "translator": ensure_standin(TRANSLATOR, work, quick=quick),
        "summariser": ensure_standin(SUMMARISER, work, quick=quick),
    }
