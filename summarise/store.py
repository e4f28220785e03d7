"""Where models live on disk, and how they get there: offline first, downloads only when allowed.

Resolution order for a registry name: the summarise model store (`SUMMARISE_MODELS`, default
the user data dir / "models"), then the Hugging Face cache (files only, no network), then a
download when allowed. Offline or failing, it raises ModelUnavailable within seconds with the
command that fixes it. huggingface_hub is imported only when the cache or the Hub is consulted.
"""

from __future__ import annotations

import fnmatch
import functools
import hashlib
import json
import os
import shutil
import struct
import threading
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal

from summarise.errors import ModelUnavailable
from summarise.registry import ModelSpec, get_spec

# Only what loading needs: never pickle weights (*.bin, *.h5, *.msgpack, *.ot).
ALLOW_PATTERNS = ("*.json", "*.safetensors", "*.spm", "*.model", "merges.txt")
MANIFEST = ".summarise-manifest.json"
# Where a model directory keeps its CTranslate2 conversions (summarise.backends.ct2); not part
# of the model: its digest skips it, so converting never changes a model's identity.
CONVERTED_DIR = ".ct2"
PROBE_TIMEOUT_S = 8.0  # first contact with the Hub; offline must fail well inside 10 s
DOWNLOAD_TIMEOUT_S = 3600.0  # whole download; override with SUMMARISE_DOWNLOAD_TIMEOUT

Source = Literal["dir", "store", "hf-cache", "download"]


@dataclass(frozen=True, slots=True)
class LocalModel:
    """A model directory ready to load, and how it was found."""

    path: Path
    spec: ModelSpec | None  # None for a directory given by the user
    source: Source

    @property
    def name(self) -> str:
        return self.spec.name if self.spec else str(self.path)


def models_dir() -> Path:
    """The summarise model store: $SUMMARISE_MODELS, else the platform's user data dir."""
    from summarise.config import models_dir_env

    env = models_dir_env()
    if env:
        return Path(env).expanduser()
    import platformdirs

    return Path(platformdirs.user_data_dir("summarise", appauthor=False)) / "models"


def offline_requested(offline: bool = False) -> bool:
    """True when the caller or the environment forbids network access."""
    from summarise.config import offline_env

    return offline or offline_env()


def pull_hint(name: str) -> str:
    return f"summarise models pull {name}"


def _complete(path: Path, spec: ModelSpec) -> bool:
    return all((path / f).is_file() and (path / f).stat().st_size > 0 for f in spec.files)


def store_path(spec: ModelSpec) -> Path:
    return models_dir() / spec.name


def hf_cache_path(spec: ModelSpec) -> Path | None:
    """The HF-cache snapshot holding every file `spec` needs, looked up without the network."""
    from huggingface_hub import try_to_load_from_cache

    parents = set()
    for file_name in spec.files:
        found = try_to_load_from_cache(spec.repo, file_name, revision=spec.revision)
        if not isinstance(found, str):
            return None
        parents.add(Path(found).parent)
    return parents.pop() if len(parents) == 1 else None


def installed_path(spec: ModelSpec) -> tuple[Path, Source] | None:
    """Where `spec` is already on disk (store first, then HF cache), or None."""
    own = store_path(spec)
    if own.is_dir() and _complete(own, spec):
        return own, "store"
    cached = hf_cache_path(spec)
    if cached is not None:
        return cached, "hf-cache"
    return None


def resolve(
    name_or_dir: str | os.PathLike[str], *, offline: bool = False, progress: bool = True
) -> LocalModel:
    """A loadable model directory for a registry name or a local directory.

    Never touches the network when the files are on disk; downloads only when allowed.
    Raises ModelUnavailable (exit code 3) with a `hint`, or SummariseError (exit 2) for a name
    the registry does not know.
    """
    raw = str(name_or_dir)
    path = Path(raw).expanduser()
    if path.is_dir():
        if not (path / "config.json").is_file():
            raise ModelUnavailable(f"{path} is not a model directory (no config.json)")
        return LocalModel(path, None, "dir")
    if os.sep in raw or raw.startswith((".", "~")):
        raise ModelUnavailable(f"model directory {path} does not exist")
    spec = get_spec(raw)
    found = installed_path(spec)
    if found is not None:
        return LocalModel(found[0], spec, found[1])
    if offline_requested(offline):
        raise ModelUnavailable(
            f"model {spec.name} is not installed and downloads are off (offline)",
            hint=pull_hint(spec.name),
        )
    return LocalModel(download(spec, progress=progress), spec, "download")


# --- downloading -----------------------------------------------------------------------------


def _run_with_deadline(fn: Callable[[], Any], seconds: float, what: str) -> Any:
    """Run `fn` in a daemon thread and give up after `seconds`: a stuck socket never hangs us."""
    box: dict[str, Any] = {}

    def target() -> None:
        try:
            box["value"] = fn()
        except BaseException as exc:  # re-raised in the caller's thread
            box["error"] = exc

    thread = threading.Thread(target=target, name=f"summarise-{what}", daemon=True)
    thread.start()
    thread.join(seconds)
    if thread.is_alive():
        raise TimeoutError(f"{what} took longer than {seconds:.0f} s")
    if "error" in box:
        raise box["error"]
    return box.get("value")


@contextmanager
def _hub_timeouts(seconds: float) -> Iterator[None]:
    """Bound each Hub request (huggingface_hub reads these constants at call time)."""
    from huggingface_hub import constants

    saved = constants.HF_HUB_ETAG_TIMEOUT, constants.HF_HUB_DOWNLOAD_TIMEOUT
    constants.HF_HUB_ETAG_TIMEOUT = constants.HF_HUB_DOWNLOAD_TIMEOUT = max(1, int(seconds))
    try:
        yield
    finally:
        constants.HF_HUB_ETAG_TIMEOUT, constants.HF_HUB_DOWNLOAD_TIMEOUT = saved


def _hub_failures() -> tuple[type[Exception], ...]:
    """What the Hub client raises when the Hub cannot be reached or refuses: the network is
    down or slow (OSError, TimeoutError, the client's HTTPError), no such repo or revision,
    offline mode, a failed Xet transfer. Any other exception is a bug, not "unreachable"."""
    from huggingface_hub import errors  # older clients lack some names (pyproject: >=0.24)

    named = ("HTTPError", "HFValidationError", "XetDownloadError")
    return (OSError, *(getattr(errors, n) for n in named if hasattr(errors, n)))


def _short(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()[0] if str(exc).strip() else type(exc).__name__
    return text[:200]


def _hub_files(spec: ModelSpec) -> dict[str, dict[str, Any]]:
    """Expected files (name → size, sha256 for LFS files) at the pinned revision."""
    from huggingface_hub import HfApi

    info = HfApi().model_info(
        spec.repo, revision=spec.revision, files_metadata=True, timeout=PROBE_TIMEOUT_S
    )
    out: dict[str, dict[str, Any]] = {}
    for sib in info.siblings or ():
        if any(fnmatch.fnmatch(sib.rfilename, p) for p in ALLOW_PATTERNS):
            out[sib.rfilename] = {"size": sib.size, "sha256": sib.lfs.sha256 if sib.lfs else None}
    return out


def _snapshot(spec: ModelSpec, dest: Path, progress: bool) -> None:
    from huggingface_hub import snapshot_download
    from huggingface_hub.utils import disable_progress_bars, enable_progress_bars

    if not progress:
        disable_progress_bars()
    try:
        snapshot_download(
            spec.repo,
            revision=spec.revision,
            local_dir=dest,
            allow_patterns=list(ALLOW_PATTERNS),
            etag_timeout=PROBE_TIMEOUT_S,
        )
    finally:
        if not progress:
            enable_progress_bars()


def download(spec: ModelSpec, *, progress: bool = True) -> Path:
    """Download `spec` into the store, verify every file, then move it into place atomically."""
    hint = pull_hint(spec.name)
    where = f"{spec.repo}@{spec.revision}"
    try:
        with _hub_timeouts(PROBE_TIMEOUT_S):
            expected = _run_with_deadline(
                lambda: _hub_files(spec), PROBE_TIMEOUT_S + 1, "hub-probe"
            )
    except _hub_failures() as exc:
        raise ModelUnavailable(
            f"cannot reach the model hub for {spec.name} ({where}): {_short(exc)}", hint=hint
        ) from exc
    root = models_dir()
    root.mkdir(parents=True, exist_ok=True)
    partial = root / f".{spec.name}.partial"
    from summarise.config import download_timeout_env

    limit = download_timeout_env(DOWNLOAD_TIMEOUT_S)
    try:
        with _hub_timeouts(30):
            _run_with_deadline(lambda: _snapshot(spec, partial, progress), limit, "download")
    except _hub_failures() as exc:
        raise ModelUnavailable(
            f"download of {spec.name} ({where}) failed: {_short(exc)}", hint=hint
        ) from exc
    problems = verify(partial, spec, expected)
    if problems:
        raise ModelUnavailable(
            f"downloaded {spec.name} is incomplete: {'; '.join(problems)}", hint=hint
        )
    write_manifest(partial, spec)
    final = store_path(spec)
    if final.exists():
        shutil.rmtree(final)
    partial.rename(final)
    return final


# --- verification ----------------------------------------------------------------------------


def safetensors_problem(path: Path) -> str | None:
    """Check a .safetensors file's header and length without loading it (no torch needed)."""
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            (header_len,) = struct.unpack("<Q", fh.read(8))
            if header_len > size - 8 or header_len > 100_000_000:
                return f"{path.name}: bad header length"
            header = json.loads(fh.read(header_len))
    except (OSError, struct.error, ValueError) as exc:
        return f"{path.name}: unreadable ({_short(exc)})"
    ends = [t["data_offsets"][1] for k, t in header.items() if k != "__metadata__"]
    if not ends:
        return f"{path.name}: no tensors"
    if 8 + header_len + max(ends) != size:
        return f"{path.name}: truncated ({size} bytes, header says {8 + header_len + max(ends)})"
    return None


def _sha256(path: Path) -> str:
    digest = hashlib.sha256()
    with path.open("rb") as fh:
        for block in iter(lambda: fh.read(1 << 20), b""):
            digest.update(block)
    return digest.hexdigest()


def verify(
    path: Path, spec: ModelSpec, expected: dict[str, dict[str, Any]] | None = None
) -> list[str]:
    """What is wrong with the model files at `path` (empty list = fine)."""
    problems = [f"{f} missing" for f in spec.files if not (path / f).is_file()]
    for name, meta in (expected or {}).items():
        file = path / name
        if not file.is_file():
            if name not in spec.files:
                problems.append(f"{name} missing")
            continue
        if meta.get("size") is not None and file.stat().st_size != meta["size"]:
            problems.append(f"{name}: size {file.stat().st_size}, expected {meta['size']}")
        elif meta.get("sha256") and _sha256(file) != meta["sha256"]:
            problems.append(f"{name}: checksum mismatch")
    config = path / "config.json"
    if config.is_file():
        try:
            model_type = json.loads(config.read_text(encoding="utf-8")).get("model_type")
        except ValueError:
            problems.append("config.json is not JSON")
        else:
            if model_type != spec.architecture.type:
                problems.append(
                    f"config.json model_type {model_type!r}, expected {spec.architecture.type!r}"
                )
    for weights in path.glob("*.safetensors"):
        problem = safetensors_problem(weights)
        if problem:
            problems.append(problem)
    return problems


def write_manifest(path: Path, spec: ModelSpec) -> None:
    files = {p.name: p.stat().st_size for p in sorted(path.iterdir()) if p.is_file()}
    manifest = {"name": spec.name, "repo": spec.repo, "revision": spec.revision, "files": files}
    (path / MANIFEST).write_text(json.dumps(manifest, indent=2) + "\n", encoding="utf-8")


def remove(spec: ModelSpec) -> Path | None:
    """Delete `spec` from the summarise store; returns what was removed (None if absent)."""
    target = store_path(spec)
    if not target.exists():
        return None
    shutil.rmtree(target)
    return target


def directory_digest(root: Path) -> str:
    """sha256 over the relative names and contents of every file under `root` (conversions
    in CONVERTED_DIR excluded); remembered per process by (name, size, mtime) so a batch
    hashes a model once."""
    files = sorted(
        p for p in root.rglob("*") if p.is_file() and CONVERTED_DIR not in p.relative_to(root).parts
    )
    stamp = tuple((str(p), p.stat().st_size, p.stat().st_mtime_ns) for p in files)
    return _digest_files(str(root), stamp)


@functools.lru_cache(maxsize=8)
def _digest_files(root: str, stamp: tuple[tuple[str, int, int], ...]) -> str:
    digest = hashlib.sha256()
    for name, _size, _mtime in stamp:
        digest.update(name[len(root) :].encode() + b"\0")
        with open(name, "rb") as fh:
            while chunk := fh.read(1 << 20):
                digest.update(chunk)
    return digest.hexdigest()
