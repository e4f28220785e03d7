"""The CTranslate2 backend against PyTorch, on tiny random models with real tokenizers:
same tokens out, n-best lists, one conversion per model, and PyTorch with one warning when
CTranslate2 cannot be had."""

from __future__ import annotations

import shutil
import sys
import warnings
from pathlib import Path

import pytest

from summarise.backends import ct2, loader
from summarise.backends.loader import BackendWarning, load_summariser, load_translator
from summarise.errors import ModelUnavailable
from summarise.translate import translate_texts

pytestmark = pytest.mark.slow
pytest.importorskip("ctranslate2")

TEXTS = [
    "Meta menginvestasikan US$14,3 miliar untuk 49% saham.",
    "Halo.",
    "Pendapatan naik 25% menjadi Rp1,2 triliun pada 2024, kata perusahaan itu kemarin.",
]
LOADERS = {"marian": load_translator, "bart": load_summariser}


@pytest.fixture(autouse=True)
def fresh_warnings(monkeypatch: pytest.MonkeyPatch) -> None:
    """Each test sees its own first warning (the loader warns once per process)."""
    monkeypatch.setattr(loader, "_warned", set())


@pytest.fixture(scope="module")
def models(tmp_path_factory: pytest.TempPathFactory, standins: dict[str, Path]) -> dict[str, Path]:
    """Copies of the stand-ins, converted once for this module's tests."""
    root = tmp_path_factory.mktemp("ct2-models")
    return {k: shutil.copytree(standins[k], root / k) for k in LOADERS}


@pytest.fixture
def fresh(tmp_path: Path, standins: dict[str, Path]) -> dict[str, Path]:
    """Private copies, never converted yet (for tests about conversion itself)."""
    return {k: shutil.copytree(standins[k], tmp_path / k) for k in LOADERS}


def _pair(kind: str, path: Path) -> tuple[ct2.CT2Seq2Seq, object]:
    load = LOADERS[kind]
    fast = load(path, offline=True, device="cpu", int8=False, backend="ct2")
    slow = load(path, offline=True, device="cpu", int8=False, backend="torch")
    assert isinstance(fast, ct2.CT2Seq2Seq) and fast.backend == "ct2"
    assert type(fast.tokenizer) is type(slow.tokenizer)  # type: ignore[attr-defined]
    assert fast.precision == "float32" and slow.backend == "torch"  # type: ignore[attr-defined]
    return fast, slow


@pytest.mark.parametrize("kind", ["marian", "bart"])
@pytest.mark.parametrize(
    "options",
    [
        {"num_beams": 1, "max_new_tokens": 8},
        {"num_beams": 1, "max_new_tokens": 12, "min_new_tokens": 10},
        {"num_beams": 1, "max_new_tokens": 9, "min_new_tokens": 9},  # the bench's forced length
        {"num_beams": 1, "max_new_tokens": 40, "max_length_ratio": 2.0, "batch_tokens": 16},
    ],
)
def test_greedy_output_is_token_identical_on_ct2_and_torch(
    kind: str, options: dict[str, object], models: dict[str, Path]
) -> None:
    fast, slow = _pair(kind, models[kind])
    got, want = fast.generate(TEXTS, **options), slow.generate(TEXTS, **options)  # type: ignore[attr-defined]
    assert got == want
    if "min_new_tokens" in options:  # random weights may end at once; forced length may not
        assert all(got)
    retokenised = [fast.tokenizer(text_target=t)["input_ids"] for t in got]
    assert retokenised == [slow.tokenizer(text_target=t)["input_ids"] for t in want]  # type: ignore[attr-defined]


def test_translation_stage_gives_the_same_english_on_both_backends(
    models: dict[str, Path],
) -> None:
    """Through the code users run: sentence split, batching, length cap, join."""
    fast, slow = _pair("marian", models["marian"])
    text = " ".join(TEXTS)
    assert translate_texts([text], fast, src_lang="id", num_beams=1) == translate_texts(
        [text], slow, src_lang="id", num_beams=1
    )


@pytest.mark.parametrize("kind", ["marian", "bart"])
def test_beam_search_returns_n_best_lists(kind: str, models: dict[str, Path]) -> None:
    fast, _ = _pair(kind, models[kind])
    assert fast.n_best
    lists = fast.generate_candidates(TEXTS, 3, num_beams=3, max_new_tokens=6)
    assert [len(c) for c in lists] == [3, 3, 3]
    flat = fast.generate(TEXTS, num_beams=3, num_return_sequences=3, max_new_tokens=6)
    assert [c for cs in lists for c in cs] == flat
    assert fast.generate(TEXTS, num_beams=3, max_new_tokens=6) == [c[0] for c in lists]


def test_input_is_capped_at_the_model_limit(models: dict[str, Path]) -> None:
    model = load_translator(models["marian"], offline=True, backend="ct2", max_input_tokens=8)
    with pytest.raises(ValueError, match="split it first"):
        model.generate(TEXTS, max_new_tokens=4)
    assert len(model.generate(TEXTS, max_new_tokens=4, truncate=True)) == 3
    assert model.count_tokens(["Halo."]) == [len(model.tokenizer("Halo.")["input_ids"])]


def test_a_converted_model_runs_without_importing_torch(models: dict[str, Path]) -> None:
    """A CTranslate2 run needs neither torch nor its memory once the model is converted."""
    import subprocess

    for kind in LOADERS:
        ct2.ensure_converted(models[kind])
    code = (
        "import sys\n"
        "from pathlib import Path\n"
        "from summarise.backends.loader import load_summariser, load_translator\n"
        f"mt, summ = {[str(models[k]) for k in LOADERS]!r}\n"
        "for model in (load_translator(mt, offline=True), load_summariser(summ, offline=True)):\n"
        "    assert model.backend == 'ct2', model.backend\n"
        "    model.generate(['Halo.'], max_new_tokens=4)\n"
        "print('torch' in sys.modules)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "False"


def test_default_is_int8_on_cpu_and_auto_picks_ct2(models: dict[str, Path]) -> None:
    model = load_translator(models["marian"], offline=True)
    assert model.backend == "ct2" and model.precision == "int8"
    assert all(isinstance(s, str) for s in model.generate(TEXTS, max_new_tokens=5))


def test_conversion_happens_once_beside_the_model_and_follows_its_content(
    fresh: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    calls: list[Path] = []
    real = ct2._convert
    monkeypatch.setattr(ct2, "_convert", lambda p, out: (calls.append(p), real(p, out))[1])
    path = fresh["marian"]
    first = load_translator(path, offline=True, backend="ct2")
    again = load_translator(path, offline=True, backend="ct2")
    assert len(calls) == 1 and first.converted == again.converted
    assert first.converted.parent.parent == path  # <model>/.ct2/<key>
    assert not list(first.converted.parent.glob(".*-*"))  # no work directory left behind
    config = path / "config.json"
    config.write_text(config.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    changed = load_translator(path, offline=True, backend="ct2")
    assert len(calls) == 2 and changed.converted != first.converted


def test_read_only_model_directory_converts_into_the_cache(
    fresh: dict[str, Path], model_home: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    path = fresh["marian"]
    real = ct2.tempfile.mkdtemp

    def mkdtemp(prefix: str, dir: Path) -> str:  # what a read-only directory (or root) says
        if Path(dir).is_relative_to(path):
            raise PermissionError(13, "Permission denied", str(dir))
        return real(prefix=prefix, dir=dir)

    monkeypatch.setattr(ct2.tempfile, "mkdtemp", mkdtemp)
    model = load_translator(path, offline=True, backend="ct2")
    assert model.converted.is_relative_to(model_home / "cache")
    assert ct2.converted_path(path) == model.converted


def _one_backend_warning(caught: list[warnings.WarningMessage]) -> str:
    ours = [w for w in caught if issubclass(w.category, BackendWarning)]
    assert len(ours) == 1, [str(w.message) for w in ours]
    return str(ours[0].message)


def test_without_ctranslate2_everything_runs_on_torch_with_one_warning(
    models: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ctranslate2", None)  # `import ctranslate2` now fails
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        mt = load_translator(models["marian"], offline=True)
        summ = load_summariser(models["bart"], offline=True)
        again = load_translator(models["marian"], offline=True, backend="ct2")
    assert "ctranslate2 is not installed" in _one_backend_warning(caught)
    assert mt.backend == summ.backend == again.backend == "torch"
    assert len(mt.generate(TEXTS, max_new_tokens=4)) == 3
    assert len(summ.generate(TEXTS[:1], max_new_tokens=4)) == 1
    with pytest.raises(ModelUnavailable, match="ctranslate2 is not installed"):
        ct2.load_model(models["marian"])


def test_model_it_cannot_convert_runs_on_torch_with_one_warning(
    tmp_path: Path, standins: dict[str, Path]
) -> None:
    """A vocabulary smaller than the embedding: the converter refuses it, PyTorch runs it."""
    from bench.standins import build_random_model

    arch = {
        "type": "marian",
        "d_model": 32,
        "encoder_layers": 1,
        "decoder_layers": 1,
        "heads": 2,
        "ffn": 64,
        "vocab_size": 2000,
        "max_position_embeddings": 128,
    }
    path = build_random_model(arch, standins["marian"], tmp_path / "odd")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        first = load_translator(path, offline=True)
        second = load_translator(path, offline=True)
    assert "CTranslate2 cannot load" in _one_backend_warning(caught)
    assert first.backend == second.backend == "torch"
    assert len(first.generate(TEXTS, max_new_tokens=4)) == 3

    # the result cache: the plan said CTranslate2, PyTorch ran it, so nothing is cached
    from summarise.pipeline import Pipeline, Settings

    pipeline = Pipeline(Settings(translator=str(path), offline=True))
    assert pipeline.fingerprint()["engine"] == "ct2"
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        assert not pipeline.falls_back("id")  # loads the model: PyTorch takes it
    assert pipeline.models.off_plan == {("translator", str(path))}


def test_a_bug_in_our_ct2_code_is_raised_not_hidden_as_unavailable(
    models: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Issue 14: only the converter's and the runtime's refusals mean "run it on PyTorch"; an
    error in our own reading of the model (here a TypeError) surfaces as itself."""

    def broken(path: Path, tokenizer: object) -> None:
        raise TypeError("a bug")

    monkeypatch.setattr(ct2, "_rules", broken)
    with pytest.raises(TypeError, match="a bug"):
        ct2.load_model(models["marian"])
    with pytest.raises(TypeError, match="a bug"):  # nor does the loader turn it into PyTorch
        load_translator(models["marian"], offline=True)


def test_a_model_that_runs_as_planned_is_cacheable(models: dict[str, Path]) -> None:
    from summarise.pipeline import Pipeline, Settings

    for backend, engine in (("auto", "ct2"), ("torch", "torch")):
        pipeline = Pipeline(Settings(translator=str(models["marian"]), backend=backend))
        assert pipeline.fingerprint()["engine"] == engine
        assert not pipeline.falls_back("id")
        assert pipeline.models.off_plan == set()


@pytest.mark.parametrize(
    ("backend", "kind", "device", "installed", "planned"),
    [
        ("auto", "marian", "cpu", True, "ct2"),
        ("auto", "bart", "auto", True, "ct2"),
        ("ct2", "marian", "cuda", True, "ct2"),
        ("auto", "marian", "cpu", False, "torch"),  # no ctranslate2
        ("ct2", "marian", "cpu", False, "torch"),
        ("torch", "marian", "cpu", True, "torch"),
        ("auto", "m2m_100", "cpu", True, "torch"),  # a type CTranslate2 is not used for here
        ("ct2", "m2m_100", "cpu", True, "torch"),
        ("auto", "marian", "mps", True, "torch"),
        ("auto", None, "cpu", True, "torch"),  # unknown model type
    ],
)
def test_planned_backend_is_the_rule_the_loader_follows(
    backend: str,
    kind: str | None,
    device: str,
    installed: bool,
    planned: str,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from summarise import backends

    monkeypatch.setattr(backends, "ct2_installed", lambda: installed)
    assert backends.planned_backend(backend, kind, device) == planned


def test_other_model_types_go_to_torch_silently_under_auto(standins: dict[str, Path]) -> None:
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        model = load_translator(standins["m2m_100"], offline=True)
    assert model.backend == "torch"
    assert not [w for w in caught if issubclass(w.category, BackendWarning)]


def test_models_pull_converts_and_info_shows_backend_and_precision(
    standins: dict[str, Path],
) -> None:
    import json

    from typer.testing import CliRunner

    from summarise import store
    from summarise.cli_models import models_app

    shutil.copytree(standins["marian"], store.models_dir() / "opus-mt-id-en")
    runner = CliRunner()
    before = json.loads(runner.invoke(models_app, ["info", "opus-mt-id-en"]).stdout)
    assert (before["backend"], before["precision"], before["converted"]) == ("ct2", "int8", None)
    pulled = runner.invoke(models_app, ["pull", "opus-mt-id-en"])
    assert pulled.exit_code == 0 and "converted for CTranslate2" in pulled.stderr
    after = json.loads(runner.invoke(models_app, ["info", "opus-mt-id-en"]).stdout)
    assert after["converted"] and Path(after["converted"]).is_relative_to(store.models_dir())
    model = load_translator("opus-mt-id-en", offline=True)
    assert str(model.converted) == after["converted"]


def test_backend_setting_reaches_the_loader(standins: dict[str, Path]) -> None:
    from summarise.pipeline import Settings
    from summarise.provider import _load

    torch_model = _load("translator", str(standins["marian"]), Settings(backend="torch"))
    assert torch_model.backend == "torch"  # type: ignore[attr-defined]
    fast = _load("translator", str(standins["marian"]), Settings(backend="auto", offline=True))
    assert fast.backend == "ct2"  # type: ignore[attr-defined]
