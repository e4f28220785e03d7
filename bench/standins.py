"""Random-weight stand-in models with real trained tokenizers, for tests and benchmarks.

Tiny ones for tests (tests/conftest.py `standins`); for timing, stand-ins of the registry's
default translator and summariser of the same architecture sizes (from the registry's
`[architecture]` facts): the speed of the real thing without downloading it, meaningless
output. Built once into bench/work/ (gitignored) and reused while the recipe holds.

Only tests and the bench import this module; the runtime backends never do.
"""

from __future__ import annotations

import hashlib
import json
import shutil
from collections.abc import Mapping, Sequence
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
RECIPE_VERSION = 2  # 2: tokenizer vocabulary padded to the model's size


FALLBACK_CORPUS = (
    "Perusahaan rintisan itu meraih pendanaan US$14,3 miliar dari investor global.",
    "Pendapatan naik 25% menjadi Rp1,2 triliun pada 2024.",
    "Sebanyak 1.500 karyawan terkena pemutusan hubungan kerja tahun lalu.",
    "Menteri mengatakan ekonomi tumbuh 5,1 persen pada kuartal ketiga.",
    "Harga saham turun 3,4% setelah laporan keuangan dirilis pada 12 Mei.",
    "The startup raised US$14.3 billion from global investors.",
    "Revenue rose 25% to Rp1.2 trillion in 2024.",
    "About 1,500 employees were laid off last year.",
    "The minister said the economy grew 5.1 percent in the third quarter.",
    "Syarikat itu mencatat keuntungan RM2.5 bilion tahun ini.",
)


def standin_corpus(repo_root: Path | None = None) -> list[str]:
    """Lines to train stand-in tokenizers on: samples/*.txt when present, else a built-in set."""
    lines: list[str] = []
    if repo_root is not None:
        for file in sorted((repo_root / "samples").glob("*.txt")):
            lines += [
                ln.strip() for ln in file.read_text(encoding="utf-8", errors="replace").splitlines()
            ]
    lines = [ln for ln in lines if ln]
    return lines + list(FALLBACK_CORPUS) * 3


def train_sentencepiece(lines: Sequence[str], out_file: Path, vocab_size: int) -> Path:
    """A real SentencePiece unigram model of `lines`; special ids come from vocab.json."""
    import io

    import sentencepiece as spm

    buf = io.BytesIO()
    spm.SentencePieceTrainer.train(
        sentence_iterator=iter(lines),
        model_writer=buf,
        vocab_size=vocab_size,
        model_type="unigram",
        character_coverage=1.0,
        hard_vocab_limit=False,
        unk_id=0,
        bos_id=-1,
        eos_id=-1,
        pad_id=-1,
        minloglevel=2,
        user_defined_symbols=[],
        byte_fallback=False,
    )
    out_file.write_bytes(buf.getvalue())
    return out_file


def _spm_pieces(spm_file: Path) -> list[str]:
    import sentencepiece as spm

    sp = spm.SentencePieceProcessor(model_file=str(spm_file))
    return [sp.id_to_piece(i) for i in range(sp.get_piece_size())]


FILLER = "<filler_{}>"  # vocabulary entries no text tokenises to, up to the model's size


def _fillers(vocab: dict[str, int], size: int | None, reserve: int = 0) -> None:
    """Pad `vocab` with filler tokens to `size` entries less `reserve` still to come: the
    CTranslate2 converter takes the vocabulary from the tokenizer and checks it against the
    embedding rows, so a stand-in of the real model's size needs a vocabulary that size."""
    k = 0
    while size is not None and len(vocab) < size - reserve:
        vocab.setdefault(FILLER.format(k), len(vocab))
        k += 1


def build_tokenizer(
    kind: str,
    out_dir: Path,
    lines: Sequence[str],
    vocab_size: int = 600,
    *,
    size: int | None = None,
) -> Any:
    """Train and save a real tokenizer of the kind `kind` uses ("marian", "bart", "m2m_100");
    with `size`, its vocabulary padded with fillers to that many entries (Marian, BART)."""
    out_dir.mkdir(parents=True, exist_ok=True)
    work = out_dir / "_spm_work"
    if kind == "marian":
        from transformers import MarianTokenizer

        work.mkdir(exist_ok=True)
        model = train_sentencepiece(lines, work / "source.spm", vocab_size)
        vocab = {"</s>": 0, "<unk>": 1}
        for piece in _spm_pieces(model):
            vocab.setdefault(piece, len(vocab))
        _fillers(vocab, size, reserve=1)
        vocab["<pad>"] = len(vocab)  # Marian puts <pad> last and starts decoding with it
        (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        tok = MarianTokenizer(
            source_spm=str(model),
            target_spm=str(model),
            vocab=str(work / "vocab.json"),
            source_lang="id",
            target_lang="en",
        )
    elif kind == "m2m_100":
        from transformers import M2M100Tokenizer

        work.mkdir(exist_ok=True)
        model = train_sentencepiece(lines, work / "sentencepiece.bpe.model", vocab_size)
        vocab = {"<s>": 0, "<pad>": 1, "</s>": 2, "<unk>": 3}
        for piece in _spm_pieces(model):
            vocab.setdefault(piece, len(vocab))
        (work / "vocab.json").write_text(json.dumps(vocab, ensure_ascii=False), encoding="utf-8")
        tok = M2M100Tokenizer(
            vocab_file=str(work / "vocab.json"), spm_file=str(model), src_lang="id", tgt_lang="en"
        )
    elif kind == "bart":
        from tokenizers import ByteLevelBPETokenizer
        from transformers import BartTokenizer

        bpe = ByteLevelBPETokenizer()
        bpe.train_from_iterator(
            list(lines),
            vocab_size=max(vocab_size, 300),
            min_frequency=1,
            special_tokens=["<s>", "<pad>", "</s>", "<unk>", "<mask>"],
            show_progress=False,
        )
        merges = [
            tuple(m.split(" ")) if isinstance(m, str) else tuple(m)
            for m in json.loads(bpe._tokenizer.to_str())["model"]["merges"]
        ]
        vocab = dict(sorted(bpe.get_vocab().items(), key=lambda kv: kv[1]))
        _fillers(vocab, size)
        tok = BartTokenizer(vocab=vocab, merges=merges)
    else:
        raise ValueError(f"no stand-in tokenizer for {kind!r}")
    tok.save_pretrained(out_dir)
    if work.exists():
        import shutil

        shutil.rmtree(work)
    return tok


def _tokenizer_span(tok: Any) -> int:
    """Embedding rows the tokenizer can emit (M2M100's language tags sit past its vocab)."""
    span = max(len(tok), max(tok.get_vocab().values()) + 1)
    if hasattr(tok, "lang_code_to_id"):
        span = max(span, len(tok.encoder) + len(tok.lang_code_to_id) + int(tok.num_madeup_words))
    return span


def _config_for(kind: str, arch: Mapping[str, Any], tok: Any) -> Any:
    from transformers import BartConfig, M2M100Config, MarianConfig

    vocab = max(int(arch.get("vocab_size", 0)), _tokenizer_span(tok))
    common = {
        "d_model": int(arch["d_model"]),
        "encoder_layers": int(arch["encoder_layers"]),
        "decoder_layers": int(arch["decoder_layers"]),
        "encoder_attention_heads": int(arch["heads"]),
        "decoder_attention_heads": int(arch["heads"]),
        "encoder_ffn_dim": int(arch["ffn"]),
        "decoder_ffn_dim": int(arch["ffn"]),
        "max_position_embeddings": int(arch["max_position_embeddings"]),
        "vocab_size": vocab,
    }
    if kind == "marian":
        pad = tok.pad_token_id
        return MarianConfig(
            **common,
            decoder_vocab_size=vocab,
            pad_token_id=pad,
            decoder_start_token_id=pad,
            eos_token_id=tok.eos_token_id,
            forced_eos_token_id=tok.eos_token_id,
            share_encoder_decoder_embeddings=True,
        )
    if kind == "bart":
        return BartConfig(
            **common,
            pad_token_id=tok.pad_token_id,
            bos_token_id=tok.bos_token_id,
            eos_token_id=tok.eos_token_id,
            decoder_start_token_id=tok.eos_token_id,
            forced_bos_token_id=tok.bos_token_id,
            forced_eos_token_id=tok.eos_token_id,
        )
    if kind == "m2m_100":
        return M2M100Config(
            **common,
            pad_token_id=tok.pad_token_id,
            bos_token_id=tok.bos_token_id,
            eos_token_id=tok.eos_token_id,
            decoder_start_token_id=tok.eos_token_id,
        )
    raise ValueError(f"no stand-in model for {kind!r}")


def build_random_model(
    arch: Mapping[str, Any], tokenizer_dir: Path, out_dir: Path, *, seed: int = 0
) -> Path:
    """A random-weight model of shape `arch` (registry facts) with the tokenizer in `tokenizer_dir`.

    Used for benchmarks: same size and speed as the real model, meaningless output. When the
    real vocabulary is larger than the stand-in tokenizer's, the extra rows (and filler
    tokens) stay (same compute) but are barred from generation so every output decodes;
    Marian's <pad> is barred too, as the real checkpoints' bad_words_ids bar it.
    """
    import torch
    from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
    from transformers.utils import logging as hf_logging

    hf_logging.disable_progress_bar()
    kind = str(arch["type"])
    tok = AutoTokenizer.from_pretrained(tokenizer_dir, local_files_only=True)
    config = _config_for(kind, arch, tok)
    torch.manual_seed(seed)
    model = AutoModelForSeq2SeqLM.from_config(config)
    span = _tokenizer_span(tok)
    barred = [i for t, i in tok.get_vocab().items() if t.startswith(FILLER.split("{")[0])]
    if kind == "marian":
        barred.append(int(tok.pad_token_id))
    if hasattr(model, "final_logits_bias"):
        with torch.no_grad():
            model.final_logits_bias[..., span:] = -1e4
            model.final_logits_bias[..., barred] = -1e4
    out_dir.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(out_dir, safe_serialization=True)
    tok.save_pretrained(out_dir)
    return out_dir


TINY = {
    "d_model": 32,
    "encoder_layers": 1,
    "decoder_layers": 1,
    "heads": 2,
    "ffn": 64,
    "max_position_embeddings": 256,
    "vocab_size": 0,
}


def build_standin(
    kind: str,
    out_dir: Path,
    lines: Sequence[str] | None = None,
    *,
    arch: Mapping[str, Any] | None = None,
    vocab_size: int = 600,
    seed: int = 0,
) -> Path:
    """A tiny (or `arch`-shaped) random model with a real trained tokenizer, saved as an
    ordinary model directory (safetensors) that the user-facing loader can open."""
    import tempfile

    with tempfile.TemporaryDirectory() as tmp:
        tok_dir = Path(tmp) / "tok"
        shape = {**TINY, **(arch or {}), "type": kind}
        size = int(shape.get("vocab_size") or 0) or None
        build_tokenizer(kind, tok_dir, list(lines or standin_corpus()), vocab_size, size=size)
        return build_random_model(shape, tok_dir, out_dir, seed=seed)


def _arch(name: str, quick: bool) -> dict[str, Any]:
    from summarise.registry import get_spec

    arch = get_spec(name).architecture.as_dict()
    if quick:  # the test stand-ins' tiny shapes, keeping the real model's position limit
        arch.update({k: v for k, v in TINY.items() if k != "max_position_embeddings"})
    return arch


def _corpus() -> list[str]:
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
