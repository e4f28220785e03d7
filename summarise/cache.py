"""Result cache: a finished document is never computed twice, so an interrupted batch resumes.

Keyed by the input's sha256, a digest of the package's own code and grammar data (so a fixed
engine never serves old figures), the job, the options and the resolved model identities;
stored as the result's JSON object, one file each, written atomically. Results that fell back
(a model unavailable) are stored under a key of their own (the fingerprint plus "fallback"):
a rerun resumes them, and a run that has the model recomputes them (summarise.batch).
The policy (what goes into the key, what is cacheable) is written here, beside the cache.
"""

from __future__ import annotations

import contextlib
import hashlib
import json
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarise.config import LLM_URL
from summarise.fsutil import write_atomic

if TYPE_CHECKING:
    from summarise.settings import Settings
    from summarise.values import Result


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


def fingerprint(settings: Settings) -> dict[str, Any]:
    """What, besides the input bytes, decides the result: for the result cache's key."""
    s = settings
    out = {
        "bullets": s.bullets,
        "lang": s.lang,
        "translator": s.translator,
        "model": model_identity(s.translator, s.llm_url),
        "beams": s.beams,
        "int8": s.int8,
        "backend": s.backend,
        "engine": planned_engine(s.translator, s),
        "mode": s.mode,
    }
    if s.mode == "abstractive":
        from summarise.registry import summariser_name

        out["summariser"] = model_identity(summariser_name(s.summariser), s.llm_url)
        out["summariser_engine"] = planned_engine(summariser_name(s.summariser), s)
    return out


def cacheable(result: Result, settings: Settings, *, off_plan: bool = False) -> bool:
    """A result made without a model it asked for (no translator, or an extractive fallback
    in abstractive mode) is not cached as the answer: it would outlive the fix. Nor is one
    made while a model ran on another engine than `planned_engine` put in the key
    (`off_plan`: CTranslate2 failed to load it and PyTorch took it)."""
    if result.translation.status == "unavailable" or off_plan:
        return False
    return result.mode == settings.mode


def planned_engine(name: str, settings: Settings) -> str | dict[str, str]:
    """The engine a name's model runs on (summarise.backends.planned_backend), for the key:
    under `--backend auto` a CTranslate2 result and a PyTorch one can differ, so they never
    share one. `auto` per routed language, as model_identity; "llm" for a server model."""
    from summarise.backends import model_type, planned_backend
    from summarise.language import SUPPORTED
    from summarise.registry import load_registry, route_for_language

    if name.startswith("llm:"):
        return "llm"
    if name == "none":
        return "none"
    if name == "auto":
        routed = {lang: route_for_language(lang) for lang in sorted(SUPPORTED)}
        return {lang: str(planned_engine(r, settings)) for lang, r in routed.items() if r}
    path = Path(name)
    if path.is_dir():
        kind = model_type(path)
    else:
        spec = load_registry().get(name)
        kind = spec.architecture.type if spec else None
    return planned_backend(settings.backend, kind, settings.device)


def model_identity(name: str, llm_url: str = LLM_URL) -> str | dict[str, str]:
    """Which model a name resolves to, for the cache key: `auto` is every translator the
    registry routes to (by language), a registry name its repo@revision, a local directory a
    hash of its files' contents (so editing the model changes the key), `llm:MODEL` the model,
    the server's host and the prompt version (never the API key)."""
    from summarise.language import SUPPORTED
    from summarise.registry import load_registry, route_for_language

    if name.startswith("llm:"):
        from summarise.backends.llm import identity

        return identity(name, llm_url)
    if name == "auto":
        routed = {lang: route_for_language(lang) for lang in sorted(SUPPORTED)}
        return {lang: str(model_identity(r)) for lang, r in routed.items() if r}
    path = Path(name)
    if name != "none" and path.is_dir():
        from summarise.store import directory_digest

        return "sha256:" + directory_digest(path.resolve())
    spec = load_registry().get(name)
    return f"{spec.repo}@{spec.revision}" if spec else name
