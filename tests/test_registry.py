"""The model registry (models/*.toml) and its place in the wheel."""

from __future__ import annotations

import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from summarise.errors import ExitCode, SummariseError
from summarise.registry import get_spec, load_registry, parse_spec, route_for_language

REPO = Path(__file__).resolve().parent.parent


def test_every_file_parses_and_names_match() -> None:
    registry = load_registry()
    files = sorted(p.stem for p in (REPO / "models").glob("*.toml"))
    assert sorted(registry) == files
    assert {s.role for s in registry.values()} == {"translator", "summariser"}


@pytest.mark.parametrize("spec", list(load_registry().values()), ids=lambda s: s.name)
def test_specs_are_loadable_safetensors_with_consistent_shapes(spec) -> None:  # type: ignore[no-untyped-def]
    arch = spec.architecture
    assert "model.safetensors" in spec.files and "config.json" in spec.files
    assert spec.revision != "main"  # pinned to a revision that has safetensors
    assert arch.d_model % arch.heads == 0
    assert spec.max_input_tokens <= arch.max_position_embeddings
    assert arch.type in {"marian", "bart", "m2m_100"}


def test_default_routes() -> None:
    assert route_for_language("id") == "opus-mt-id-en"
    assert route_for_language("ms") == "opus-mt-mul-en"
    assert route_for_language("fr") == "opus-mt-mul-en"
    assert route_for_language("en") is None


def test_non_commercial_model_is_never_a_default_and_says_so() -> None:
    nllb = get_spec("nllb-200-distilled-600m")
    assert nllb.licence == "CC-BY-NC-4.0" and "non-commercial" in (nllb.licence_warning or "")
    assert all(route_for_language(lang) != nllb.name for lang in ("id", "ms", "zh", "xx"))
    assert nllb.source_code("id") == "ind_Latn" and nllb.target_code == "eng_Latn"


def test_unknown_name_is_a_usage_error_listing_known_names() -> None:
    with pytest.raises(SummariseError) as info:
        get_spec("opus-mt-xx-en")
    assert info.value.code == ExitCode.USAGE
    assert "opus-mt-id-en" in info.value.message


def test_parse_spec_rejects_typos_and_gaps() -> None:
    import tomllib

    data = tomllib.loads((REPO / "models" / "opus-mt-id-en.toml").read_text())
    with pytest.raises(ValueError, match="unknown"):
        parse_spec({**data, "revison": "x"})
    with pytest.raises(ValueError, match="missing"):
        parse_spec({k: v for k, v in data.items() if k != "files"})
    with pytest.raises(ValueError, match="architecture"):
        parse_spec({**data, "architecture": {"type": "marian"}})


@pytest.mark.slow
def test_registry_ships_in_the_wheel_and_loads_from_it(tmp_path: Path) -> None:
    """Non-editable installs must find the registry without the checkout's models/."""
    subprocess.run(
        [sys.executable, "-m", "pip", "wheel", "-q", "--no-deps", "--no-build-isolation",
         "-w", str(tmp_path / "dist"), str(REPO)],
        check=True, capture_output=True, timeout=600,
    )  # fmt: skip
    (wheel,) = (tmp_path / "dist").glob("summarise-*.whl")
    names = zipfile.ZipFile(wheel).namelist()
    for spec in load_registry():
        assert f"summarise/_models/{spec}.toml" in names
    site = tmp_path / "site"
    zipfile.ZipFile(wheel).extractall(site)
    code = "from summarise.registry import load_registry; print(sorted(load_registry()))"
    out = subprocess.run(
        [sys.executable, "-c", code], cwd=tmp_path, env={"PYTHONPATH": str(site)},
        check=True, capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert out.stdout.strip() == str(sorted(load_registry()))


def test_vietnamese_translator_entry_is_marked_unpinned_and_not_a_default() -> None:
    """opus-mt-vi-en is registered, but its safetensors revision could not be verified: until a
    real ref is pinned it must not be the route for Vietnamese, and its revision says so."""
    spec = get_spec("opus-mt-vi-en")
    assert (spec.repo, spec.languages, spec.target) == ("Helsinki-NLP/opus-mt-vi-en", ("vi",), "en")
    assert spec.revision.startswith("unverified") and spec.default_for == ()
    assert route_for_language("vi") == "opus-mt-mul-en"
