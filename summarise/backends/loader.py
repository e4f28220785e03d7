"""What the pipeline calls to get a model: resolve a name or directory, then load it on the
backend asked for.

Kept free of torch and ctranslate2: a backend is imported only once a model is loaded.
`auto` runs a model on CTranslate2 when it can (Marian or BART, on cpu or cuda, ctranslate2
installed, the conversion works) and on PyTorch otherwise; `ct2` asks for CTranslate2 and
says so (one warning) when it falls back; `torch` never tries CTranslate2.
"""

from __future__ import annotations

import os
import warnings
from pathlib import Path
from typing import Any, Literal

from summarise.backends import Model, ct2_installed, ct2_serves, model_type
from summarise.errors import ExitCode, ModelUnavailable, SummariseError
from summarise.registry import Role
from summarise.store import resolve

Backend = Literal["auto", "ct2", "torch"]
BACKENDS: tuple[str, ...] = ("auto", "ct2", "torch")


class BackendWarning(UserWarning):
    """A model runs on PyTorch although CTranslate2 was wanted (shown once per cause)."""


_warned: set[str] = set()


def _warn_once(key: str, message: str) -> None:
    if key not in _warned:
        _warned.add(key)
        warnings.warn(message, BackendWarning, stacklevel=3)


def _wants_ct2(backend: str, path: Path, device: str) -> bool:
    """Whether to try CTranslate2; under `auto`, models or devices it cannot serve go to
    PyTorch without a word, and only a missing ctranslate2 or a failed load warns."""
    if backend == "torch":
        return False
    if backend == "ct2":
        return True
    return ct2_serves(model_type(path), device)


def load_model_for(
    role: Role,
    name_or_dir: str | os.PathLike[str],
    *,
    offline: bool = False,
    device: str = "auto",
    int8: bool | None = None,
    threads: int | None = None,
    max_input_tokens: int | None = None,
    progress: bool = True,
    llm_url: str | None = None,
    backend: str = "auto",
) -> Model:
    """Load a `role` model by registry name or directory, or `llm:MODEL` on the server at
    `llm_url`; ModelUnavailable if it cannot be had. `backend`: auto, ct2 or torch (see the
    module docstring)."""
    if isinstance(name_or_dir, str) and name_or_dir.startswith("llm:"):
        from summarise.backends import llm

        return llm.load_model(role, name_or_dir, url=llm_url or llm.DEFAULT_URL, offline=offline)
    if backend not in BACKENDS:
        raise SummariseError(
            f"unknown backend {backend!r} ({', '.join(BACKENDS)})", ExitCode.USAGE, kind="usage"
        )
    local = resolve(name_or_dir, offline=offline, progress=progress)
    if local.spec is not None and local.spec.role != role:
        raise SummariseError(
            f"{local.spec.name} is a {local.spec.role}, not a {role}",
            ExitCode.USAGE,
            kind="wrong-role",
        )
    options: dict[str, Any] = {
        "name": local.name,
        "spec": local.spec,
        "int8": int8,
        "threads": threads,
        "max_input_tokens": max_input_tokens,
    }
    if _wants_ct2(backend, local.path, device):
        from summarise.backends import ct2

        if not ct2_installed():
            _warn_once("ct2-missing", "ctranslate2 is not installed; models run on PyTorch")
        else:
            try:
                return ct2.load_model(local.path, device=ct2.pick_device(device), **options)
            except ModelUnavailable as exc:
                _warn_once(f"ct2:{local.path}", f"{exc.message}; running it on PyTorch")
    from summarise.backends import hf

    return hf.load_model(local.path, device=device, **options)


def load_translator(name_or_dir: str | os.PathLike[str], **options: Any) -> Model:
    """The translator for `--translator NAME|DIR`; options as for `load_model_for`."""
    return load_model_for("translator", name_or_dir, **options)


def load_summariser(name_or_dir: str | os.PathLike[str], **options: Any) -> Model:
    """The summariser for `--summariser NAME|DIR`; options as for `load_model_for`."""
    return load_model_for("summariser", name_or_dir, **options)
