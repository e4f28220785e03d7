"""What the pipeline calls to get a model: resolve a name or directory, then load it.

Kept free of torch: the HF backend is imported only once a model is actually loaded.
"""

from __future__ import annotations

import os
from typing import Any

from summarise.backends import Seq2SeqModel
from summarise.errors import ExitCode, SummariseError
from summarise.registry import Role
from summarise.store import resolve


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
) -> Seq2SeqModel:
    """Load a `role` model by registry name or directory, or `llm:MODEL` on the server at
    `llm_url`; ModelUnavailable if it cannot be had."""
    if isinstance(name_or_dir, str) and name_or_dir.startswith("llm:"):
        from summarise.backends import llm

        return llm.load_model(role, name_or_dir, url=llm_url or llm.DEFAULT_URL, offline=offline)
    local = resolve(name_or_dir, offline=offline, progress=progress)
    if local.spec is not None and local.spec.role != role:
        raise SummariseError(
            f"{local.spec.name} is a {local.spec.role}, not a {role}",
            ExitCode.USAGE,
            kind="wrong-role",
        )
    from summarise.backends import hf

    return hf.load_model(
        local.path,
        name=local.name,
        spec=local.spec,
        device=device,
        int8=int8,
        threads=threads,
        max_input_tokens=max_input_tokens,
    )


def load_translator(name_or_dir: str | os.PathLike[str], **options: Any) -> Seq2SeqModel:
    """The translator for `--translator NAME|DIR`; options as for `load_model_for`."""
    return load_model_for("translator", name_or_dir, **options)


def load_summariser(name_or_dir: str | os.PathLike[str], **options: Any) -> Seq2SeqModel:
    """The summariser for `--summariser NAME|DIR`; options as for `load_model_for`."""
    return load_model_for("summariser", name_or_dir, **options)
