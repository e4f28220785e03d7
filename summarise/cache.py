"""Result cache: a finished document is never computed twice, so an interrupted batch resumes.

Keyed by the input's sha256, a digest of the package's own code and grammar data (so a fixed
engine never serves old figures), the job, the options and the resolved model identities;
stored as the result's JSON object, one file each, written atomically. Results that fell back
(a model unavailable) are stored under a key of their own (the fingerprint plus "fallback"):
a rerun resumes them, and a run that has the model recomputes them (summarise.batch).
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import Any

from summarise.fsutil import write_atomic


def default_cache_dir() -> Path:
    """`SUMMARISE_CACHE`, else the platform's user cache directory."""
    from summarise.config import cache_dir_env

    env = cache_dir_env()
    if env:
        return Path(env)
    from platformdirs import user_cache_dir

    return Path(user_cache_dir("summarise")) / "results"


@cache
def code_digest() -> str:
    """sha256 over every source and data file of the installed package (code, grammars, the
    model registry): any change to what computes a result changes every cache key."""
    from summarise.registry import registry_files

    digest = hashlib.sha256()
    root = Path(__file__).resolve().parent
    files = sorted(p for p in root.rglob("*") if p.suffix in (".py", ".toml") and p.is_file())
    for path in files:
        digest.update(str(path.relative_to(root)).encode() + b"\0" + path.read_bytes())
    for name, text in registry_files():
        digest.update(b"_models/" + name.encode() + b"\0" + text.encode())
    return digest.hexdigest()


class ResultCache:
    """A directory of `<key>.json` files; `root=None` disables it (`--no-cache`)."""

    def __init__(self, root: Path | None) -> None:
        self.root = root

    @staticmethod
    def key(sha256: str, fingerprint: dict[str, Any]) -> str:
        blob = json.dumps({"code": code_digest(), "sha256": sha256, **fingerprint}, sort_keys=True)
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
