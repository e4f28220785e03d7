"""The settings of a run: resolved once by the CLI (flags > env > config file > registry
defaults) and passed down; nothing reads them from anywhere else."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Literal

from summarise.config import LLM_URL


@dataclass(frozen=True, slots=True)
class Settings:
    """Everything a run needs to know, resolved once by the CLI and passed down."""

    bullets: int = 5
    lang: str | None = None  # forced language code; None = detect
    translator: str = "auto"  # "auto" (route by language), "none", a registry name or a dir
    strict: bool = False
    offline: bool = False
    max_bytes: int = 5_000_000
    device: str = "auto"
    backend: str = "auto"  # auto (CTranslate2 when it can load the model), ct2, torch
    int8: bool = True
    beams: int | None = None
    threads: int | None = None  # torch CPU threads; None = torch's default
    mode: Literal["extractive", "abstractive"] = "extractive"
    summariser: str = "auto"  # abstractive mode: "auto" (registry default), a name or a dir
    llm_url: str = LLM_URL  # the OpenAI-compatible server of `llm:MODEL` names
