"""Hugging Face seq2seq backend: the ONLY module that imports torch and transformers.

Both are imported inside functions, so importing this module is cheap and `summarise --help`
never pays for torch. Models load from local directories only (safetensors, no remote code);
finding or downloading the directory is summarise.store's job.
"""

from __future__ import annotations

import os
import warnings
from collections.abc import Mapping, Sequence
from pathlib import Path
from typing import Any

from summarise.backends import (
    LENGTH_SLACK,
    TokenizedModel,
    input_limit,
)
from summarise.backends import batches as _batches
from summarise.errors import ModelUnavailable
from summarise.registry import ModelSpec, load_registry


def pick_device(device: str = "auto") -> str:
    """ "auto" → cuda, then mps, then cpu; an explicit choice is checked, not trusted."""
    import torch

    if device == "auto":
        if torch.cuda.is_available():
            return "cuda"
        mps = getattr(torch.backends, "mps", None)
        return "mps" if mps is not None and mps.is_available() else "cpu"
    if device == "cuda" and not torch.cuda.is_available():
        raise ModelUnavailable("device cuda requested but no CUDA GPU is available")
    if device == "mps" and not (
        getattr(torch.backends, "mps", None) and torch.backends.mps.is_available()
    ):
        raise ModelUnavailable("device mps requested but MPS is not available")
    if device not in {"cpu", "cuda", "mps"}:
        raise ModelUnavailable(f"unknown device {device!r} (auto, cpu, cuda, mps)")
    return device


def _nllb_codes() -> Mapping[str, str]:
    spec = load_registry().get("nllb-200-distilled-600m")
    return spec.language_codes if spec else {}


class HFSeq2Seq(TokenizedModel):
    """A loaded encoder-decoder model on PyTorch, behind the Model protocol."""

    backend = "torch"
    n_best = True

    def __init__(
        self,
        name: str,
        tokenizer: Any,
        model: Any,
        device: str,
        *,
        max_input_tokens: int,
        defaults: Mapping[str, Any],
        spec: ModelSpec | None,
        quantized: bool,
    ) -> None:
        self.name = name
        self.tokenizer = tokenizer
        self.model = model
        self.device = device
        self.max_input_tokens = max_input_tokens
        self.defaults = dict(defaults)
        self.spec = spec
        self.quantized = quantized
        self.precision = "int8" if quantized else str(model.dtype).removeprefix("torch.")
        self.model_type: str = model.config.model_type
        # Ids never shown to users; M2M100's language tags are not all flagged special in v5.
        self._hidden_ids = frozenset(tokenizer.all_special_ids) | frozenset(
            getattr(tokenizer, "lang_token_to_id", {}).values()
        )

    # --- protocol --------------------------------------------------------------------------

    def generate(self, texts: Sequence[str], **options: Any) -> list[str]:
        """Outputs in input order; with num_return_sequences=n, n per input, flattened."""
        opts, truncate, budget, n_ret = self._options(options)
        if not texts:
            return []
        opts["num_beams"] = max(int(opts.get("num_beams", 1)), n_ret)
        src_lang = opts.pop("src_lang", None)
        forced_bos = opts.pop("forced_bos", True)
        bos_id = self._target_token_id() if forced_bos else None
        if bos_id is not None:
            opts["forced_bos_token_id"] = bos_id

        rows = self.encode(texts, src_lang)
        lengths = [len(r) for r in rows]
        too_long = [i for i, n in enumerate(lengths) if n > self.max_input_tokens]
        if too_long and not truncate:
            raise ValueError(
                f"input {too_long[0]} has {lengths[too_long[0]]} tokens, over the "
                f"{self.max_input_tokens}-token limit of {self.name}; split it first"
            )
        if too_long:
            rows = self.encode(texts, src_lang, self.max_input_tokens)
        results: list[list[str]] = [[] for _ in texts]
        for batch in _batches(lengths, budget // opts["num_beams"], self.max_input_tokens):
            longest = max(lengths[i] for i in batch)
            decoded = self._run([rows[i] for i in batch], longest, opts)
            for k, i in enumerate(batch):
                results[i] = decoded[k * n_ret : (k + 1) * n_ret]
        return [out for outs in results for out in outs]

    # --- internals -------------------------------------------------------------------------

    def _run(self, rows: list[list[int]], longest: int, opts: Mapping[str, Any]) -> list[str]:
        """Generate for one batch of source ids (`longest`: its longest input, in tokens).
        `max_length_ratio` caps the output at that multiple of the longest input (plus slack):
        a translation is never far longer than its source, and a model stuck in a repetition
        loop must not run on to max_new_tokens."""
        import torch

        opts = dict(opts)
        ratio = opts.pop("max_length_ratio", None)
        if ratio and not opts.get("min_new_tokens"):
            cap = int(ratio * longest) + LENGTH_SLACK
            opts["max_new_tokens"] = min(int(opts.get("max_new_tokens", cap)), cap)

        enc = self.tokenizer.pad({"input_ids": rows}, padding=True, return_tensors="pt")
        enc = {k: v.to(self.device) for k, v in enc.items()}
        with torch.inference_mode():
            out = self.model.generate(**enc, **opts)
        shown = [[t for t in row.tolist() if t not in self._hidden_ids] for row in out]
        return [s.strip() for s in self.tokenizer.batch_decode(shown, skip_special_tokens=True)]

    def language_affixes(self, src_lang: str | None) -> tuple[list[int], list[int]] | None:
        """The source-language tokens of NLLB and M2M100 around a text, worked out from the
        language code without setting `tokenizer.src_lang` (see TokenizedModel.encode)."""
        tok = self.tokenizer
        if src_lang is None or not hasattr(tok, "src_lang"):
            return None
        eos = int(tok.eos_token_id)
        if hasattr(tok, "lang_code_to_id"):  # M2M100: ISO codes ("id"); [__id__] text [eos]
            if src_lang not in tok.lang_code_to_id:
                return None
            return [int(tok.get_lang_id(src_lang))], [eos]
        codes = self.spec.language_codes if self.spec else _nllb_codes()
        code = codes.get(src_lang)
        code_id = tok.convert_tokens_to_ids(code) if code is not None else None
        if code_id is None or code_id == tok.unk_token_id:
            return None
        if getattr(tok, "legacy_behaviour", False):  # NLLB's old layout: text [eos, code]
            return [], [eos, int(code_id)]
        return [int(code_id)], [eos]  # NLLB: [code] text [eos]

    def _target_token_id(self) -> int | None:
        """First decoder token for multilingual models (NLLB, M2M100): the English tag."""
        if self.model_type != "m2m_100":
            return None
        if hasattr(self.tokenizer, "get_lang_id"):
            return int(self.tokenizer.get_lang_id("en"))
        code = (self.spec.target_code if self.spec else None) or "eng_Latn"
        token_id = self.tokenizer.convert_tokens_to_ids(code)
        return None if token_id == self.tokenizer.unk_token_id else int(token_id)


def load_model(
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
    spec: ModelSpec | None = None,
    device: str = "auto",
    int8: bool | None = None,
    threads: int | None = None,
    max_input_tokens: int | None = None,
) -> HFSeq2Seq:
    """Load a seq2seq model directory: safetensors only, never remote code, never the network.

    int8 (default: on for CPU) applies dynamic int8 quantisation to every nn.Linear, which
    roughly halves CPU latency; it is ignored on GPUs.
    """
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()
    if threads:
        torch.set_num_threads(int(threads))
    chosen = pick_device(device)
    where = Path(path)
    try:
        tokenizer = AutoTokenizer.from_pretrained(
            where, local_files_only=True, trust_remote_code=False
        )
        model = AutoModelForSeq2SeqLM.from_pretrained(
            where, local_files_only=True, use_safetensors=True, trust_remote_code=False
        )
    except _unreadable() as exc:  # files missing, damaged or of an unknown kind: unavailable
        first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
        raise ModelUnavailable(f"cannot load model from {where}: {first[:200]}") from exc
    model.eval()
    quantized = False
    if chosen == "cpu" and (int8 is None or int8):
        model = _quantize_int8(model)
        quantized = True
    model.to(chosen)
    limit = (
        max_input_tokens
        or (spec.max_input_tokens if spec else None)
        or input_limit(tokenizer, getattr(model.config, "max_position_embeddings", None))
    )
    defaults = dict(spec.generation) if spec else {"num_beams": 4, "max_new_tokens": 256}
    return HFSeq2Seq(
        name or (spec.name if spec else str(where)),
        tokenizer,
        model,
        chosen,
        max_input_tokens=int(limit),
        defaults=defaults,
        spec=spec,
        quantized=quantized,
    )


def _unreadable() -> tuple[type[Exception], ...]:
    """What transformers, tokenizers, sentencepiece and safetensors raise for model files they
    cannot use (missing, damaged, an unknown model type, offline with nothing cached). Any
    other exception is a bug, ours or a library's: it is not hidden as "model unavailable"."""
    from safetensors import SafetensorError

    return (OSError, ValueError, RuntimeError, SafetensorError)


def _quantize_int8(model: Any) -> Any:
    import torch
    from torch.ao.quantization import quantize_dynamic

    with warnings.catch_warnings():  # torch ≥2.10 marks eager quantisation deprecated; it works
        warnings.simplefilter("ignore")
        return quantize_dynamic(model, {torch.nn.Linear}, dtype=torch.qint8)
