"""Paths and small utilities shared by the tests."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "samples"
SHARED_EVAL = ROOT.parent / "shared" / "eval"
SEED = SHARED_EVAL / "seed-article.txt"


def need_shared(name: str) -> Path:
    """The shared eval file, or skip: the data lives beside the repo, not in it."""
    path = SHARED_EVAL / name
    if not path.exists():
        pytest.skip(f"{path} not available")
    return path


def parse_json(text: str) -> object:
    return json.loads(text)
