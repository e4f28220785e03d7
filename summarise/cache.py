"""Result cache: a finished document is never computed twice, so an interrupted batch resumes.

Keyed by the input's sha256, the tool version, the job, the options and the model identities;
stored as the result's JSON object, one file each, written atomically. Results that fell back
(a model unavailable) are stored under a key of their own (the fingerprint plus "fallback"):
a rerun resumes them, and a run that has the model recomputes them (summarise.batch).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
import os
from pathlib import Path
from typing import Any

from summarise import __version__
from summarise.fsutil import write_atomic


def default_cache_dir() -> Path:
    """`SUMMARISE_CACHE`, else the platform's user cache directory."""
    env = os.environ.get("SUMMARISE_CACHE")
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("summarise")) / "results"


class ResultCache:
    """A directory of `<key>.json` files; `root=None` disables it (`--no-cache`)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    @staticmethod
    def key(sha256: str, fingerprint: dict[str, Any]) -> str:
        blob = json.dumps({"v": __version__, "sha256": sha256, **fingerprint}, sort_keys=True)
        return hashlib.sha256(blob.encode()).hexdigest()

    def _path(self, key: str) -> Path:
        assert self.root is not None
        return self.root / key[:2] / f"{key}.json"

    def get(self, key: str) -> dict[str, Any] | None:
        if self.root is None:
            return None
        try:
            return json.loads(self._path(key).read_text(encoding="utf-8"))
        except (OSError, ValueError):
            return None  # missing or damaged: recompute

    def put(self, key: str, obj: dict[str, Any]) -> None:
        if self.root is None:
            return
        with contextlib.suppress(OSError):  # an unwritable cache must not fail the run
            write_atomic(self._path(key), json.dumps(obj, ensure_ascii=False))

    def clear(self) -> int:
        """Delete every cached result; returns how many were removed."""
        if self.root is None or not self.root.exists():
            return 0
        n = 0
        for path in self.root.glob("*/*.json"):
            path.unlink(missing_ok=True)
            n += 1
        return n
