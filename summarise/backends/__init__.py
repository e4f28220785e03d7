"""The model protocol, declared once: what every backend provides, with the defaults a
caller-supplied model gets for the parts it leaves out.

`Seq2SeqModel` is the least a model must have (a name and `generate`); `Model` is what the
pipeline calls. Backends (hf.py, ct2.py) subclass `ModelBase`; anything else (a test double,
a user's own object) goes through `as_model`, the one place that looks at what an object has.
"""

from __future__ import annotations

import json
from collections.abc import Iterable, Mapping, Sequence
from pathlib import Path
from types import MappingProxyType
from typing import Any, Protocol, runtime_checkable

# --- generation options and batching, shared by every backend ------------------------------

LENGTH_SLACK = 8  # tokens allowed beyond max_length_ratio × input length

# generate() options we understand; anything else is a caller bug and raises TypeError.
GENERATE_OPTIONS = frozenset(
    {
        "num_beams",
        "max_new_tokens",
        "min_new_tokens",
        "num_return_sequences",
        "forced_bos",
        "src_lang",
        "length_penalty",
        "no_repeat_ngram_size",
        "truncate",
        "batch_tokens",
        "early_stopping",
        "repetition_penalty",
        "max_length_ratio",
    }
)
# Padded input tokens × beams per forward pass. On 2 CPU cores, 20 articles through the
# full-size opus-mt stand-in took 18.5–21.8 s at 2048 against 20.7–21.0 s at 4096 and
# 31.6 s at 8192: smaller batches waste less decoding on padding rows.
DEFAULT_BATCH_TOKENS = 2048


def batches(lengths: Sequence[int], budget: int, limit: int) -> Iterable[list[int]]:
    """Indices grouped so padded size (count × longest) stays within `budget` tokens.

    Longest first, so padding is small and an out-of-memory shows up on the first batch.
    """
    order = sorted(range(len(lengths)), key=lambda i: -lengths[i])
    batch: list[int] = []
    longest = 0
    for i in order:
        n = min(lengths[i], limit)
        if batch and max(longest, n) * (len(batch) + 1) > max(budget, 1):
            yield batch
            batch, longest = [], 0
        batch.append(i)
        longest = max(longest, n)
    if batch:
        yield batch


def input_limit(tokenizer: Any, positions: int | None) -> int:
    """Source-token limit: the position table, or the tokenizer's declared limit if smaller."""
    positions = int(positions or 512)
    declared = getattr(tokenizer, "model_max_length", None)
    if isinstance(declared, int) and 0 < declared < 100_000:
        return min(declared, positions)
    return positions


# --- which engine serves a model: one rule for the loader, `models info` and the cache key ---

CT2_TYPES = frozenset({"marian", "bart"})  # model types the CTranslate2 backend converts
CT2_DEVICES = frozenset({"auto", "cpu", "cuda"})


def ct2_installed() -> bool:
    """Whether ctranslate2 can be imported (without importing it)."""
    import importlib.util

    return importlib.util.find_spec("ctranslate2") is not None


def model_type(path: Path) -> str | None:
    """config.json's model_type, without importing transformers."""
    try:
        return json.loads((path / "config.json").read_text(encoding="utf-8")).get("model_type")
    except (OSError, ValueError):
        return None


def ct2_serves(kind: str | None, device: str) -> bool:
    """Whether CTranslate2 is used for a model of type `kind` on `device` at all."""
    return kind in CT2_TYPES and device in CT2_DEVICES


def planned_backend(backend: str, kind: str | None, device: str) -> str:
    """The engine ("ct2" or "torch") a model of type `kind` runs on under `--backend` unless
    its load fails: the rule the loader follows, known before any model is loaded, so the
    result cache can key a CTranslate2 result apart from a PyTorch one (they can differ)."""
    if backend == "torch" or not ct2_serves(kind, device):
        return "torch"
    return "ct2" if ct2_installed() else "torch"


# --- the protocol -----------------------------------------------------------------------------


@runtime_checkable
class Seq2SeqModel(Protocol):
    """Anything that turns a batch of texts into a batch of texts (translate, summarise)."""

    name: str

    def generate(self, texts: Sequence[str], **options: Any) -> list[str]: ...


@runtime_checkable
class Model(Seq2SeqModel, Protocol):
    """The full protocol the translation and summary stages call."""

    # Source-side token limit; None: no limit known (inputs are never cut for it).
    max_input_tokens: int | None
    # Generation defaults the model applies (registry `[generation]`); read by map steps.
    defaults: Mapping[str, Any]
    # Whether generate_candidates gives real n-best lists (the guard asks only then).
    n_best: bool
    backend: str  # "torch", "ct2", or "custom" for a caller's own object
    precision: str  # "int8", "fp32", … ("unknown" for a caller's own object)

    def generate_candidates(
        self, texts: Sequence[str], n: int, **options: Any
    ) -> list[list[str]]: ...

    def count_tokens(self, texts: Sequence[str]) -> list[int]: ...


def word_count(texts: Sequence[str]) -> list[int]:
    """Token estimate for a model without a tokenizer: words + 1 (the end token)."""
    return [len(t.split()) + 1 for t in texts]


class ModelBase:
    """Defaults for the optional parts of `Model`; backends override what they can do."""

    name: str = "model"
    max_input_tokens: int | None = None
    defaults: Mapping[str, Any] = MappingProxyType({})
    n_best: bool = False
    backend: str = "custom"
    precision: str = "unknown"

    def generate(self, texts: Sequence[str], **options: Any) -> list[str]:
        raise NotImplementedError

    def generate_candidates(self, texts: Sequence[str], n: int, **options: Any) -> list[list[str]]:
        """The n best outputs per input, best first. Default: only the one best."""
        return [[out] for out in self.generate(texts, **options)]

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Source-side token counts, special tokens included (what the limit applies to)."""
        return word_count(texts)


class TokenizedModel(ModelBase):
    """A backend with a Hugging Face tokenizer (`self.tokenizer`) and beam search: its n-best
    and token counts work the same whatever engine decodes (PyTorch, CTranslate2)."""

    tokenizer: Any
    n_best = True

    def _options(self, options: Mapping[str, Any]) -> tuple[dict[str, Any], bool, int, int]:
        """A generate call's options over the model's defaults, checked: (options left for
        the engine, truncate, the batch's token budget, outputs per input)."""
        unknown = set(options) - GENERATE_OPTIONS
        if unknown:
            raise TypeError(f"unknown generate options: {sorted(unknown)}")
        opts = {**self.defaults, **options}
        truncate = bool(opts.pop("truncate", False))
        budget = int(opts.pop("batch_tokens", DEFAULT_BATCH_TOKENS))
        return opts, truncate, budget, int(opts.get("num_return_sequences", 1))

    def generate_candidates(self, texts: Sequence[str], n: int, **options: Any) -> list[list[str]]:
        """The n best beam outputs for each input (best first), for fidelity repair."""
        beams = max(n, int(options.get("num_beams", self.defaults.get("num_beams", n))))
        flat = self.generate(texts, **{**options, "num_return_sequences": n, "num_beams": beams})
        return [flat[i * n : (i + 1) * n] for i in range(len(texts))]

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        """Source-side token counts, special tokens included (what the limit applies to)."""
        return [len(ids) for ids in self.encode(texts)]

    def language_affixes(self, src_lang: str | None) -> tuple[list[int], list[int]] | None:
        """Ids before and after a text in `src_lang` for a multilingual tokenizer; None: the
        tokenizer's own special tokens (every monolingual model, or no language given)."""
        return None

    def encode(
        self, texts: Sequence[str], src_lang: str | None = None, limit: int | None = None
    ) -> list[list[int]]:
        """Source ids of each text, special tokens included, tokenised once per call.

        The source language is passed per call and never set on the shared tokenizer (its
        `src_lang` setter rewrites the tokenizer's special tokens for every later caller). Rows
        over `limit` are cut as HF truncation cuts them: text off the end, special tokens kept.
        """
        texts = list(texts)
        affixes = self.language_affixes(src_lang)
        if affixes is None:
            rows = [list(r) for r in self.tokenizer(texts, add_special_tokens=True)["input_ids"]]
            long = [i for i, r in enumerate(rows) if limit is not None and len(r) > limit]
            if long:
                again = [texts[i] for i in long]
                cut = self.tokenizer(again, truncation=True, max_length=limit)["input_ids"]
                for i, row in zip(long, cut, strict=True):
                    rows[i] = list(row)
            return rows
        prefix, suffix = affixes
        room = None if limit is None else max(limit - len(prefix) - len(suffix), 0)
        body = self.tokenizer(texts, add_special_tokens=False)["input_ids"]
        return [prefix + list(ids)[:room] + suffix for ids in body]


class _Adapted(ModelBase):
    """A caller's object with `generate`, given the protocol's defaults for what it lacks."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = str(getattr(inner, "name", type(inner).__name__))
        limit = getattr(inner, "max_input_tokens", None)
        self.max_input_tokens = int(limit) if limit else None
        self.defaults = dict(getattr(inner, "defaults", None) or {})
        self.n_best = callable(getattr(inner, "generate_candidates", None))
        self.backend = str(getattr(inner, "backend", "custom"))
        self.precision = str(getattr(inner, "precision", "unknown"))
        self._count = getattr(inner, "count_tokens", None)

    def generate(self, texts: Sequence[str], **options: Any) -> list[str]:
        return list(self.inner.generate(texts, **options))

    def generate_candidates(self, texts: Sequence[str], n: int, **options: Any) -> list[list[str]]:
        if self.n_best:
            return [list(c) for c in self.inner.generate_candidates(texts, n, **options)]
        return super().generate_candidates(texts, n, **options)

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        if callable(self._count):
            return list(self._count(texts))
        return word_count(texts)


def as_model(obj: Any) -> Model:
    """`obj` as a full `Model`: itself when it is one of ours, else wrapped with defaults."""
    if isinstance(obj, ModelBase):
        return obj  # type: ignore[return-value]
    if not callable(getattr(obj, "generate", None)):
        raise TypeError(f"{type(obj).__name__} is not a model: it has no generate()")
    return _Adapted(obj)  # type: ignore[return-value]
