"""The Hugging Face backend, on tiny random models with real tokenizers (built once)."""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from bench.standins import build_random_model, build_standin
from summarise import store
from summarise.backends import Seq2SeqModel
from summarise.backends.hf import HFSeq2Seq, _batches
from summarise.backends.loader import load_summariser, load_translator
from summarise.errors import ModelUnavailable, SummariseError

pytestmark = pytest.mark.slow
TEXTS = [
    "Meta menginvestasikan US$14,3 miliar untuk 49% saham.",
    "Halo.",
    "Pendapatan naik 25% menjadi Rp1,2 triliun pada 2024, kata perusahaan itu kemarin.",
]


def test_batches_respect_the_token_budget_and_cover_every_input() -> None:
    lengths = [5, 40, 12, 40, 3]
    batches = list(_batches(lengths, budget=80, limit=512))
    assert sorted(i for b in batches for i in b) == list(range(5))
    assert all(len(b) * max(lengths[i] for i in b) <= 80 for b in batches)


def test_marian_directory_loads_offline_through_the_user_loader(standins: dict[str, Path]) -> None:
    model = load_translator(standins["marian"], offline=True, device="cpu", backend="torch")
    assert isinstance(model, Seq2SeqModel) and isinstance(model, HFSeq2Seq)
    assert model.device == "cpu" and model.quantized
    out = model.generate(TEXTS, num_beams=2, max_new_tokens=8)
    assert len(out) == 3 and all(isinstance(s, str) for s in out)


def test_batching_does_not_change_outputs_or_order(standins: dict[str, Path]) -> None:
    model = load_translator(
        standins["marian"], offline=True, device="cpu", backend="torch", int8=False
    )
    whole = model.generate(TEXTS, num_beams=1, max_new_tokens=6)
    one_by_one = model.generate(TEXTS, num_beams=1, max_new_tokens=6, batch_tokens=1)
    assert (
        whole
        == one_by_one
        == [model.generate([t], num_beams=1, max_new_tokens=6)[0] for t in TEXTS]
    )


def test_int8_quantises_linear_layers_only_when_asked(standins: dict[str, Path]) -> None:
    import torch

    plain = load_translator(
        standins["marian"], offline=True, device="cpu", backend="torch", int8=False
    )
    quant = load_translator(
        standins["marian"], offline=True, device="cpu", backend="torch", int8=True
    )
    assert any(type(m) is torch.nn.Linear for m in plain.model.modules())
    assert not any(type(m) is torch.nn.Linear for m in quant.model.modules())
    assert not plain.quantized and quant.quantized


def test_beams_return_sequences_and_candidates(standins: dict[str, Path]) -> None:
    model = load_translator(standins["marian"], offline=True, device="cpu", backend="torch")
    flat = model.generate(TEXTS[:2], num_return_sequences=3, max_new_tokens=5)
    assert len(flat) == 6
    cands = model.generate_candidates(TEXTS[:2], 3, max_new_tokens=5)
    assert [len(c) for c in cands] == [3, 3] and cands[0] == flat[:3]


def test_options_are_checked_and_long_inputs_never_silently_truncated(
    standins: dict[str, Path],
) -> None:
    model = load_translator(
        standins["marian"], offline=True, device="cpu", backend="torch", max_input_tokens=8
    )
    with pytest.raises(TypeError, match="unknown generate options"):
        model.generate(TEXTS, beams=2)
    with pytest.raises(ValueError, match="split it first"):
        model.generate(TEXTS, max_new_tokens=4)
    assert len(model.generate(TEXTS, max_new_tokens=4, truncate=True)) == 3
    assert model.generate([], max_new_tokens=4) == []


def test_min_new_tokens_is_honoured(standins: dict[str, Path]) -> None:
    model = load_translator(
        standins["marian"], offline=True, device="cpu", backend="torch", int8=False
    )
    short = model.generate(["Halo."], num_beams=1, max_new_tokens=12, min_new_tokens=10)
    ids = model.tokenizer(text_target=short, add_special_tokens=False)["input_ids"][0]
    assert len(ids) >= 5  # decoding merges pieces, but ten tokens cannot shrink to a few


def test_multilingual_model_forces_english_tag_and_hides_it(standins: dict[str, Path]) -> None:
    model = load_translator(standins["m2m_100"], offline=True, device="cpu", backend="torch")
    assert isinstance(model, HFSeq2Seq) and model.model_type == "m2m_100"
    english = model.tokenizer.get_lang_id("en")
    assert model._target_token_id() == english
    out = model.generate(TEXTS[:1], src_lang="id", num_beams=1, max_new_tokens=6)
    assert "__en__" not in out[0] and "__" not in out[0]
    import torch

    enc = model.tokenizer(TEXTS[:1], return_tensors="pt")
    with torch.inference_mode():
        ids = model.model.generate(**enc, forced_bos_token_id=english, max_new_tokens=3)
    assert ids[0, 1].item() == english  # after the decoder start token comes the English tag


def test_source_language_is_passed_per_call_and_never_set_on_the_tokenizer(
    standins: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    model = load_translator(standins["m2m_100"], offline=True, device="cpu", backend="torch")
    tok = model.tokenizer
    assert tok.src_lang == "id"  # as the stand-in was saved
    first_tokens: list[str] = []
    real = model.model.generate

    def recording(**kwargs):  # type: ignore[no-untyped-def]
        first_tokens.append(tok.convert_ids_to_tokens(int(kwargs["input_ids"][0, 0])))
        return real(**kwargs)

    monkeypatch.setattr(model.model, "generate", recording)
    for lang in ("ms", "id", "ms", None, "xx"):
        model.generate(["Halo."], src_lang=lang, num_beams=1, max_new_tokens=3)
    # no call leaks into the next: without a language (or with one the model lacks) the
    # tokenizer's own default (id) applies, not the Malay of the call before
    assert first_tokens == ["__ms__", "__id__", "__ms__", "__id__", "__id__"]
    assert tok.src_lang == "id"
    body = tok.convert_ids_to_tokens(tok(["Halo."], add_special_tokens=False)["input_ids"][0])
    (row,) = model.encode(["Halo."], "ms")
    assert tok.convert_ids_to_tokens(row) == ["__ms__", *body, "</s>"]
    (cut,) = model.encode(["Halo."], "ms", limit=2)  # cut as HF truncation: specials kept
    assert tok.convert_ids_to_tokens(cut) == ["__ms__", "</s>"]


def test_monolingual_encoding_is_the_tokenizers_own(standins: dict[str, Path]) -> None:
    model = load_translator(standins["marian"], offline=True, device="cpu", backend="torch")
    tok = model.tokenizer
    assert model.encode(TEXTS, "id") == [list(r) for r in tok(TEXTS)["input_ids"]]
    cut = tok(TEXTS, truncation=True, max_length=5)["input_ids"]
    assert model.encode(TEXTS, limit=5) == [list(r) for r in cut]
    rows = model.encode(TEXTS, limit=5)
    assert [len(r) for r in rows] == [5, 4, 5]  # "Halo." is short enough already
    assert [tok.convert_ids_to_tokens(r[-1]) for r in rows] == ["</s>"] * 3


def test_bart_summariser_loads_and_generates(standins: dict[str, Path]) -> None:
    model = load_summariser(standins["bart"], offline=True, device="cpu", backend="torch")
    (summary,) = model.generate([" ".join(TEXTS)], max_new_tokens=10, min_new_tokens=2)
    assert isinstance(summary, str)


def test_registry_name_resolves_to_store_copy_and_checks_role(standins: dict[str, Path]) -> None:
    shutil.copytree(standins["marian"], store.models_dir() / "opus-mt-id-en")
    model = load_translator("opus-mt-id-en", offline=True, device="cpu")
    assert model.name == "opus-mt-id-en" and model.max_input_tokens == 512
    with pytest.raises(SummariseError, match="is a translator, not a summariser"):
        load_summariser("opus-mt-id-en", offline=True)


def test_broken_directory_is_model_unavailable(tmp_path: Path, standins: dict[str, Path]) -> None:
    broken = tmp_path / "broken"
    shutil.copytree(standins["marian"], broken)
    (broken / "model.safetensors").write_bytes(b"not a safetensors file")
    with pytest.raises(ModelUnavailable, match="cannot load model"):
        load_translator(broken, offline=True, device="cpu")
    (broken / "model.safetensors").unlink()
    with pytest.raises(ModelUnavailable):
        load_translator(broken, offline=True, device="cpu")


def test_random_model_takes_the_registry_shape(tmp_path: Path, standins: dict[str, Path]) -> None:
    arch = {
        "type": "marian",
        "d_model": 48,
        "encoder_layers": 2,
        "decoder_layers": 1,
        "heads": 4,
        "ffn": 96,
        "vocab_size": 2000,
        "max_position_embeddings": 128,
    }
    out = build_random_model(arch, standins["marian"], tmp_path / "rand")
    config = json.loads((out / "config.json").read_text())
    assert (config["d_model"], config["encoder_layers"], config["decoder_layers"]) == (48, 2, 1)
    assert config["vocab_size"] == 2000
    model = load_translator(out, offline=True, device="cpu", backend="torch")
    assert all(isinstance(s, str) for s in model.generate(TEXTS, max_new_tokens=5))


def test_standin_is_rebuilt_identically_from_the_same_seed(tmp_path: Path) -> None:
    a = build_standin("marian", tmp_path / "a", seed=3)
    b = build_standin("marian", tmp_path / "b", seed=3)
    assert (a / "model.safetensors").read_bytes() == (b / "model.safetensors").read_bytes()


def test_light_modules_do_not_import_torch() -> None:
    code = (
        "import sys\n"
        "import summarise.registry, summarise.store, summarise.translate, summarise.guard\n"
        "import summarise.cli_models, summarise.backends.loader, summarise.backends.hf\n"
        "import summarise, summarise.cli, summarise.backends.ct2\n"
        "heavy = [m for m in ('torch', 'transformers', 'ctranslate2') if m in sys.modules]\n"
        "print(heavy)\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code],
        capture_output=True,
        text=True,
        check=True,
        cwd=Path(__file__).resolve().parents[2],
    )
    assert out.stdout.strip() == "[]"


def _failing_from_pretrained(monkeypatch: pytest.MonkeyPatch, exc: Exception) -> None:
    """Loading the weights raises `exc`, as a bug (or a missing file) would."""
    from transformers import AutoModelForSeq2SeqLM

    def boom(*args: object, **kwargs: object) -> object:
        raise exc

    monkeypatch.setattr(AutoModelForSeq2SeqLM, "from_pretrained", boom)


def test_a_bug_while_loading_is_raised_not_called_model_unavailable(
    standins: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _failing_from_pretrained(monkeypatch, TypeError("got an unexpected keyword argument 'x'"))
    with pytest.raises(TypeError, match="unexpected keyword"):
        load_translator(standins["marian"], offline=True, device="cpu", backend="torch")


def test_files_the_library_cannot_read_are_model_unavailable(
    standins: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    _failing_from_pretrained(monkeypatch, OSError("Can't load the model: offline"))
    with pytest.raises(ModelUnavailable, match=r"cannot load model from .*: Can't load the model"):
        load_translator(standins["marian"], offline=True, device="cpu", backend="torch")


def test_a_loader_bug_in_a_run_is_an_internal_error_with_a_debug_traceback(
    standins: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    from typer.testing import CliRunner

    from summarise.cli import app

    _failing_from_pretrained(monkeypatch, TypeError("got an unexpected keyword argument 'x'"))
    sample = str(Path(__file__).parents[2] / "samples" / "id-startup-funding.txt")
    args = [sample, "--translator", str(standins["marian"]), "--backend", "torch", "--no-cache"]
    result = CliRunner().invoke(app, [*args, "-f", "jsonl"])
    assert result.exit_code == 4  # the one input failed: no usable input
    assert "internal error: TypeError: got an unexpected keyword argument 'x'" in result.stderr
    assert "Traceback" not in result.stderr
    assert "unavailable" not in result.stderr and "not translated" not in result.stdout
    assert json.loads(result.stdout)["error"]["code"] == "internal"
    debug = CliRunner().invoke(app, [*args, "--debug"])
    assert isinstance(debug.exception, TypeError)
    # The same run with files the library cannot read falls back as before: exit 0.
    _failing_from_pretrained(monkeypatch, OSError("Can't load the model: offline"))
    fallback = CliRunner().invoke(app, [*args, "-f", "jsonl"])
    assert fallback.exit_code == 0
    assert json.loads(fallback.stdout)["translation"]["status"] == "unavailable"
    assert "cannot load model from" in fallback.stderr
