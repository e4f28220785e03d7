"""Shared helpers for figure-engine tests."""

from __future__ import annotations

from pathlib import Path

import pytest

EVAL = Path(__file__).resolve().parents[2] / ".." / "shared" / "eval"


@pytest.fixture
def eval_dir() -> Path:
    """The shared evaluation data, or skip when this checkout has none beside it."""
    if not (EVAL / "seed-article.txt").exists():
        pytest.skip("shared evaluation data not present")
    return EVAL.resolve()
