"""The model registry: one TOML per model in `models/`, read into immutable specs.

The files live at the repository's top level (`models/`) and ship inside the wheel as the
`summarise._models` package, so a checkout and an installed copy read the same data.
No torch or transformers here: listing models must stay fast and work offline.
"""

from __future__ import annotations

import functools
import tomllib
from collections.abc import Mapping
from dataclasses import dataclass, field
from importlib import resources
from pathlib import Path
from types import MappingProxyType
from typing import Any, Literal

from summarise.errors import ExitCode, SummariseError

Role = Literal["translator", "summariser"]
ROLES: tuple[Role, ...] = ("translator", "summariser")

# Which model each registry field must have; anything else in the TOML is rejected so a typo
# does not silently become a default.
_REQUIRED = (
    "name",
    "role",
    "repo",
    "revision",
    "languages",
    "target",
    "licence",
    "size_mb",
    "max_input_tokens",
    "files",
    "architecture",
)
_OPTIONAL = ("default_for", "target_code", "licence_warning", "generation", "language_codes")
_ARCH_FIELDS = (
    "type",
    "d_model",
    "encoder_layers",
    "decoder_layers",
    "heads",
    "ffn",
    "vocab_size",
    "max_position_embeddings",
)


@dataclass(frozen=True, slots=True)
class Architecture:
    """Shape facts of the real model: enough to build a same-size random stand-in."""

    type: str  # transformers model_type: "marian", "bart", "m2m_100"
    d_model: int
    encoder_layers: int
    decoder_layers: int
    heads: int
    ffn: int
    vocab_size: int
    max_position_embeddings: int

    def as_dict(self) -> dict[str, Any]:
        return {f: getattr(self, f) for f in _ARCH_FIELDS}


@dataclass(frozen=True, slots=True)
class ModelSpec:
    """One registry entry (models/NAME.toml)."""

    name: str
    role: Role
    repo: str
    revision: str
    languages: tuple[str, ...]  # ISO 639-1 source languages; "*" = many
    target: str
    licence: str
    size_mb: int
    max_input_tokens: int
    files: tuple[str, ...]  # must all be present for the model to count as installed
    architecture: Architecture
    default_for: tuple[str, ...] = ()
    target_code: str | None = None  # forced first token for multilingual decoders (NLLB)
    licence_warning: str | None = None
    generation: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}))
    language_codes: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}))

    def source_code(self, lang: str) -> str | None:
        """The model's own code for ISO language `lang` (NLLB: "id" → "ind_Latn"), if any."""
        return self.language_codes.get(lang)

    def to_json(self) -> dict[str, Any]:
        return {
            "name": self.name,
            "role": self.role,
            "repo": self.repo,
            "revision": self.revision,
            "languages": list(self.languages),
            "target": self.target,
            "licence": self.licence,
            "licence_warning": self.licence_warning,
            "size_mb": self.size_mb,
            "max_input_tokens": self.max_input_tokens,
            "architecture": self.architecture.as_dict(),
            "generation": dict(self.generation),
        }


def registry_files() -> list[tuple[str, str]]:
    """(file name, TOML text) for every registry file, from the checkout or the installed wheel."""
    checkout = Path(__file__).resolve().parent.parent / "models"
    if checkout.is_dir() and any(checkout.glob("*.toml")):
        return [(p.name, p.read_text(encoding="utf-8")) for p in sorted(checkout.glob("*.toml"))]
    try:
        package = resources.files("summarise._models")
    except ModuleNotFoundError:
        return []
    return sorted(
        (entry.name, entry.read_text(encoding="utf-8"))
        for entry in package.iterdir()
        if entry.name.endswith(".toml")
    )


def parse_spec(data: Mapping[str, Any], source: str = "<toml>") -> ModelSpec:
    """Validate one registry entry; a broken file is a packaging bug, so fail loudly."""
    missing = [k for k in _REQUIRED if k not in data]
    unknown = [k for k in data if k not in _REQUIRED and k not in _OPTIONAL]
    if missing or unknown:
        raise ValueError(f"{source}: missing {missing}, unknown {unknown}")
    if data["role"] not in ROLES:
        raise ValueError(f"{source}: role must be one of {ROLES}")
    arch = data["architecture"]
    arch_missing = [k for k in _ARCH_FIELDS if k not in arch]
    if arch_missing:
        raise ValueError(f"{source}: architecture lacks {arch_missing}")
    return ModelSpec(
        name=data["name"],
        role=data["role"],
        repo=data["repo"],
        revision=data["revision"],
        languages=tuple(data["languages"]),
        target=data["target"],
        licence=data["licence"],
        size_mb=int(data["size_mb"]),
        max_input_tokens=int(data["max_input_tokens"]),
        files=tuple(data["files"]),
        architecture=Architecture(**{k: arch[k] for k in _ARCH_FIELDS}),
        default_for=tuple(data.get("default_for", ())),
        target_code=data.get("target_code"),
        licence_warning=data.get("licence_warning"),
        generation=MappingProxyType(dict(data.get("generation", {}))),
        language_codes=MappingProxyType(dict(data.get("language_codes", {}))),
    )


@functools.cache
def load_registry() -> Mapping[str, ModelSpec]:
    """All registry entries by name (read once per process, on first use)."""
    specs: dict[str, ModelSpec] = {}
    for file_name, text in registry_files():
        spec = parse_spec(tomllib.loads(text), file_name)
        if spec.name != file_name.removesuffix(".toml"):
            raise ValueError(f"{file_name}: name {spec.name!r} does not match the file name")
        specs[spec.name] = spec
    return MappingProxyType(specs)


def get_spec(name: str) -> ModelSpec:
    """The spec called `name`; an unknown name is a usage error that lists the known ones."""
    registry = load_registry()
    if name in registry:
        return registry[name]
    known = ", ".join(sorted(registry)) or "none"
    raise SummariseError(
        f"unknown model {name!r} (known: {known}; or give a model directory)",
        ExitCode.USAGE,
        kind="unknown-model",
    )


def default_for(lang: str, role: Role = "translator") -> str | None:
    """Registry name of the default `role` model for ISO language `lang`; None if none fits.

    An exact `default_for` entry wins over a "*" catch-all, so Indonesian gets its own model.
    English needs no translator, so it never gets one.
    """
    if role == "translator" and lang == "en":
        return None
    specs = [s for s in load_registry().values() if s.role == role]
    for spec in sorted(specs, key=lambda s: s.name):
        if lang in spec.default_for:
            return spec.name
    for spec in sorted(specs, key=lambda s: s.name):
        if "*" in spec.default_for:
            return spec.name
    return None


def route_for_language(lang: str) -> str | None:
    """Default translator for source language `lang` (None for English)."""
    return default_for(lang, "translator")


def summariser_name(name: str) -> str:
    """`--summariser auto` → the registry's default English summariser; other names as given."""
    if name != "auto":
        return name
    return default_for("en", "summariser") or name
