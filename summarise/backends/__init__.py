"""The model protocol: one method. Real models (hf.py) and test fakes both implement it."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any, Protocol, runtime_checkable


@runtime_checkable
class Seq2SeqModel(Protocol):
    """Anything that turns a batch of texts into a batch of texts (translate, summarise)."""

    name: str

    def generate(self, texts: Sequence[str], **options: Any) -> list[str]: ...
