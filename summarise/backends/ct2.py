"""CTranslate2 backend for Marian translators and BART summarisers: the ONLY module that
imports ctranslate2, and only inside functions (`summarise --help` never pays for it).

The model directory stays the Hugging Face one: the tokenizer is the HF tokenizer (same
pieces, same `</s>`), and the generation rules are read from the model's own generation config
(forced BOS/EOS, barred tokens) so greedy output is token for token what PyTorch gives. The
weights are converted once with `TransformersConverter` (float32 on disk, so one conversion
serves every compute type) into `<model>/.ct2/<key>/`, or under the cache directory when the
model directory is read-only; the key is the model's revision or content hash plus the
converter version, so a changed model or a new ctranslate2 converts again.
"""

from __future__ import annotations

import hashlib
import json
import os
import shutil
import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from summarise.backends import (
    CT2_TYPES,
    LENGTH_SLACK,
    TokenizedModel,
    batches,
    input_limit,
    model_type,
)
from summarise.errors import ModelUnavailable
from summarise.registry import ModelSpec
from summarise.store import CONVERTED_DIR, directory_digest

# Bump when the conversion recipe here changes (not ctranslate2's version: that is in the key).
RECIPE = 1
DONE = ".summarise-converted"


def pick_device(device: str) -> str:
    """ "auto" → cuda when CTranslate2 sees a GPU, else cpu (asked of ctranslate2, not torch,
    so a CTranslate2 run never imports torch); anything else is passed on and checked there."""
    if device != "auto":
        return device
    import ctranslate2

    return "cuda" if ctranslate2.get_cuda_device_count() > 0 else "cpu"


def compute_type(device: str, int8: bool | None) -> str:
    """int8 on CPU (float32 with int8 off); int8_float16 / float16 on CUDA."""
    if device == "cuda":
        return "float16" if int8 is False else "int8_float16"
    return "float32" if int8 is False else "int8"


def intra_threads(threads: int | None) -> int:
    """`--threads`, else the cores this process may use. CTranslate2's own default is 4
    threads (docs/parallel.md in OpenNMT/CTranslate2), which oversubscribes a 2-core machine:
    on the opus-mt stand-in, title + 5 sentences at beam 4 took 1.43 s wall / 2.36 s CPU with
    it against 1.29 s / 2.08 s with 2 threads (2 cores, load average 1.5, 1 Dec 2026)."""
    if threads:
        return int(threads)
    try:
        return max(1, len(os.sched_getaffinity(0)))
    except AttributeError:  # macOS, Windows
        return max(1, os.cpu_count() or 1)


def conversion_key(path: Path, spec: ModelSpec | None) -> str:
    """What decides a conversion: the model (revision, else content) and the converter."""
    import ctranslate2

    model = f"{spec.repo}@{spec.revision}" if spec else "sha256:" + directory_digest(path)
    text = f"{model}|ctranslate2 {ctranslate2.__version__}|recipe {RECIPE}"
    return hashlib.sha256(text.encode()).hexdigest()[:16]


def _cache_root() -> Path:
    from summarise.cache import default_cache_dir

    return default_cache_dir() / "ct2"


def converted_path(path: Path, spec: ModelSpec | None = None) -> Path | None:
    """An existing conversion of the model at `path` (beside it or in the cache), or None."""
    key = conversion_key(path, spec)
    for where in (path / CONVERTED_DIR / key, _cache_root() / key):
        if (where / DONE).is_file():
            return where
    return None


def ensure_converted(path: Path, spec: ModelSpec | None = None) -> Path:
    """The CTranslate2 copy of the model at `path`, converting it the first time.

    Written to a temporary directory and renamed into place, so an interrupted or concurrent
    conversion never leaves a half-written model where a later run would load it.
    """
    found = converted_path(path, spec)
    if found is not None:
        return found
    key = conversion_key(path, spec)
    targets = [path / CONVERTED_DIR / key, _cache_root() / key]
    last: OSError | None = None
    for target in targets:
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            work = Path(tempfile.mkdtemp(prefix=f".{key}-", dir=target.parent))
        except OSError as exc:  # read-only model directory: try the cache
            last = exc
            continue
        try:
            _convert(path, work / "model")
            (work / "model" / DONE).write_text(key + "\n", encoding="utf-8")
            try:
                (work / "model").rename(target)
            except OSError:
                if not (target / DONE).is_file():  # not a concurrent conversion that won
                    raise
        finally:
            shutil.rmtree(work, ignore_errors=True)
        return target
    raise ModelUnavailable(f"no writable place to convert {path} for CTranslate2: {last}")


def _convert(path: Path, out: Path) -> None:
    """TransformersConverter, with the config defaults transformers v5 no longer spells out."""
    from ctranslate2.converters import TransformersConverter
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    hf_logging.set_verbosity_error()

    class Converter(TransformersConverter):  # type: ignore[misc]
        def load_model(self, model_class: Any, model_name_or_path: str, **kwargs: Any) -> Any:
            model = super().load_model(model_class, model_name_or_path, **kwargs)
            # BART is post-norm with an embedding layer norm; v5 configs drop these keys.
            for key, value in (("normalize_before", False), ("normalize_embedding", True)):
                if not hasattr(model.config, key):
                    setattr(model.config, key, value)
            return model

    Converter(str(path)).convert(str(out), force=True)


@dataclass(frozen=True, slots=True)
class _Rules:
    """The generation rules of the model's own generation config, as CTranslate2 options."""

    prefix: tuple[str, ...]  # forced first tokens (forced_bos_token_id)
    forced_eos: bool  # the last allowed step is forced to end (counts in max_new_tokens)
    suppress: tuple[tuple[str, ...], ...]  # bad_words_ids, as token strings


def _unavailable(where: Path, exc: Exception) -> ModelUnavailable:
    """Why CTranslate2 cannot take the model, in one line: the loader then runs it on PyTorch."""
    first = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return ModelUnavailable(f"CTranslate2 cannot load {where}: {first[:200]}")


def _rules(path: Path, tokenizer: Any) -> _Rules:
    """Read as `from_pretrained` reads them: generation_config.json when there is one, else
    the model config (plain JSON here: transformers' config classes import torch)."""
    gen_file = path / "generation_config.json"
    gen = _json(gen_file if gen_file.is_file() else path / "config.json")
    bos = gen.get("forced_bos_token_id")
    prefix = (tokenizer.convert_ids_to_tokens(int(bos)),) if bos is not None else ()
    bad = gen.get("bad_words_ids") or []
    suppress = tuple(tuple(tokenizer.convert_ids_to_tokens(list(ids))) for ids in bad)
    return _Rules(prefix, gen.get("forced_eos_token_id") is not None, suppress)


def _json(file: Path) -> dict[str, Any]:
    try:
        data = json.loads(file.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return {}
    return data if isinstance(data, dict) else {}


def load_tokenizer(path: Path) -> Any:
    """The tokenizer AutoTokenizer would give, by the class tokenizer_config.json names, so
    that loading it does not import torch (transformers' Auto classes do); AutoTokenizer when
    the directory does not name one."""
    import transformers

    name = _json(path / "tokenizer_config.json").get("tokenizer_class")
    cls = getattr(transformers, name, None) if isinstance(name, str) else None
    if cls is None or not name.endswith(("Tokenizer", "TokenizerFast")):
        cls = transformers.AutoTokenizer
    return cls.from_pretrained(path, local_files_only=True, trust_remote_code=False)


class CT2Seq2Seq(TokenizedModel):
    """A Marian or BART model on CTranslate2, behind the Model protocol; same options and
    outputs as HFSeq2Seq (batched by the same token budget, longest first)."""

    backend = "ct2"
    n_best = True

    def __init__(
        self,
        name: str,
        tokenizer: Any,
        translator: Any,
        *,
        max_input_tokens: int,
        defaults: Mapping[str, Any],
        spec: ModelSpec | None,
        precision: str,
        device: str,
        rules: _Rules,
        model_type: str,
        converted: Path,
    ) -> None:
        self.name = name
        self.tokenizer = tokenizer
        self.translator = translator
        self.max_input_tokens = max_input_tokens
        self.defaults = dict(defaults)
        self.spec = spec
        self.precision = precision
        self.device = device
        self.rules = rules
        self.model_type = model_type
        self.converted = converted
        self._hidden_ids = frozenset(tokenizer.all_special_ids)

    def generate(self, texts: Sequence[str], **options: Any) -> list[str]:
        """Outputs in input order; with num_return_sequences=n, n per input, flattened."""
        opts, truncate, budget, n_ret = self._options(options)
        if not texts:
            return []
        beams = max(int(opts.get("num_beams", 1)), n_ret)
        ids = self.encode(texts)  # Marian and BART: no source-language tokens
        lengths = [len(row) for row in ids]
        too_long = [i for i, n in enumerate(lengths) if n > self.max_input_tokens]
        if too_long and not truncate:
            raise ValueError(
                f"input {too_long[0]} has {lengths[too_long[0]]} tokens, over the "
                f"{self.max_input_tokens}-token limit of {self.name}; split it first"
            )
        if too_long:
            ids = self.encode(texts, limit=self.max_input_tokens)
        sources = [self.tokenizer.convert_ids_to_tokens(row) for row in ids]
        results: list[list[str]] = [[] for _ in texts]
        for batch in batches(lengths, budget // beams, self.max_input_tokens):
            longest = max(lengths[i] for i in batch)
            decoded = self._run([sources[i] for i in batch], opts, beams, n_ret, longest, budget)
            for k, i in enumerate(batch):
                results[i] = decoded[k]
        return [out for outs in results for out in outs]

    def _run(
        self,
        sources: list[list[str]],
        opts: Mapping[str, Any],
        beams: int,
        n_ret: int,
        longest: int,
        budget: int,
    ) -> list[list[str]]:
        """One batch. HF's max_new_tokens counts the forced BOS and the forced EOS; here the
        prefix counts in max_decoding_length and the end token does not, so one comes off."""
        new = int(opts.get("max_new_tokens", 256))
        ratio = opts.get("max_length_ratio")
        if ratio and not opts.get("min_new_tokens"):
            new = min(new, int(ratio * longest) + LENGTH_SLACK)
        least = int(opts.get("min_new_tokens") or 0)
        prefix = list(self.rules.prefix)
        most = max(new - int(self.rules.forced_eos), len(prefix) + 1)  # prefix included
        kwargs: dict[str, Any] = {
            "beam_size": beams,
            "num_hypotheses": n_ret,
            "max_decoding_length": most,
            # after the prefix; HF's forced EOS wins over min_new_tokens at the last step
            "min_decoding_length": max(min(least, most) - len(prefix), 0),
            "max_input_length": self.max_input_tokens,
            "batch_type": "tokens",
            "max_batch_size": max(budget, longest),
            "length_penalty": float(opts.get("length_penalty", 1.0)),
            "repetition_penalty": float(opts.get("repetition_penalty", 1.0)),
            "no_repeat_ngram_size": int(opts.get("no_repeat_ngram_size", 0)),
            "return_scores": False,
        }
        if prefix:
            kwargs["target_prefix"] = [prefix] * len(sources)
        if self.rules.suppress:
            kwargs["suppress_sequences"] = [list(s) for s in self.rules.suppress]
        out = self.translator.translate_batch(sources, **kwargs)
        decoded: list[list[str]] = []
        for result in out:
            rows = [
                [t for t in self.tokenizer.convert_tokens_to_ids(h) if t not in self._hidden_ids]
                for h in result.hypotheses[:n_ret]
            ]
            texts = self.tokenizer.batch_decode(rows, skip_special_tokens=True)
            decoded.append([s.strip() for s in texts])
        return decoded


def load_model(
    path: str | os.PathLike[str],
    *,
    name: str | None = None,
    spec: ModelSpec | None = None,
    device: str = "cpu",
    int8: bool | None = None,
    threads: int | None = None,
    max_input_tokens: int | None = None,
) -> CT2Seq2Seq:
    """Load a Marian or BART directory on CTranslate2, converting it on first use.

    Raises ModelUnavailable for anything that stops it (no ctranslate2, another model type,
    a failed conversion, files or a runtime that refuse the model): the loader then falls back
    to PyTorch. An error in this module's own code is raised as itself (a bug, not a fallback).
    """
    where = Path(path)
    kind = model_type(where)
    if kind not in CT2_TYPES:
        raise ModelUnavailable(f"CTranslate2 backend handles marian and bart, not {kind!r}")
    if device not in {"cpu", "cuda"}:
        raise ModelUnavailable(f"CTranslate2 runs on cpu or cuda, not {device}")
    try:
        import ctranslate2
    except ImportError as exc:
        raise ModelUnavailable(f"ctranslate2 is not installed ({exc})") from exc
    precision = compute_type(device, int8)
    try:
        converted = ensure_converted(where, spec)
    except ModelUnavailable:
        raise
    except Exception as exc:  # the converter refuses a model with many exception types
        raise _unavailable(where, exc) from exc
    try:
        tokenizer = load_tokenizer(where)
        translator = ctranslate2.Translator(
            str(converted),
            device=device,
            compute_type=precision,
            inter_threads=1,
            intra_threads=intra_threads(threads),
        )
    except (OSError, ValueError, RuntimeError) as exc:  # files or runtime refuse the model
        raise _unavailable(where, exc) from exc
    rules = _rules(where, tokenizer)  # our code: a bug here is an internal error, not hidden
    config = _json(where / "config.json")
    limit = max_input_tokens or (spec.max_input_tokens if spec else None)
    if not limit:
        limit = input_limit(tokenizer, config.get("max_position_embeddings"))
    defaults = dict(spec.generation) if spec else {"num_beams": 4, "max_new_tokens": 256}
    return CT2Seq2Seq(
        name or (spec.name if spec else str(where)),
        tokenizer,
        translator,
        max_input_tokens=int(limit),
        defaults=defaults,
        spec=spec,
        precision=precision,
        device=device,
        rules=rules,
        model_type=str(kind),
        converted=converted,
    )
