"""A batch's loader: every input discovered, read and prepared (model-free), in input order.

Phase one of each input: read it, then either find its cached result or run the model-free
stages (summarise.prepare). With `jobs` > 1 this runs in worker processes, so reading,
cleaning, language and figures overlap with the models in the main process.
"""

from __future__ import annotations

import traceback
from collections import deque
from collections.abc import Iterator, Sequence
from concurrent.futures import Future
from dataclasses import dataclass
from functools import partial
from itertools import islice
from pathlib import Path
from typing import TYPE_CHECKING, Any, BinaryIO, Literal

from summarise.cache import ResultCache
from summarise.errors import SummariseError
from summarise.sinks import Obj, real_path

if TYPE_CHECKING:
    from summarise.errors import InputError
    from summarise.settings import Settings
    from summarise.sources import InputRef
    from summarise.values import Prepared

Job = Literal["summarise", "figures"]


@dataclass(frozen=True, slots=True)
class Loaded:
    """Phase one of an input, model-free: read, then a cached result or a prepared document.

    Plain values only, so it can come back from a worker process; errors travel as
    (kind, message) and crashes as traceback text.
    """

    key: str = ""
    fallback_key: str = ""  # where a fallback result (a model missing) is cached instead
    cached: Obj | None = None
    cached_fallback: bool = False  # `cached` is a fallback: used only if this run falls back too
    prepared: Prepared | None = None
    error: tuple[str, str] | None = None
    crash: str | None = None
    warnings: tuple[str, ...] = ()  # from reading (invalid UTF-8 bytes): the result carries them


def load_one(
    job: Job,
    ref: InputRef,
    *,
    settings: Settings,
    cache_root: Path | None,
    fingerprint: dict[str, Any],
    stdin: BinaryIO | None = None,
    reraise: bool = False,
    fallback_cache: bool = True,
) -> Loaded:
    """Read one input and either find its cached result or run the model-free stages.

    A fallback result is cached under a key of its own (the fingerprint plus "fallback"), so an
    interrupted batch resumes in every mode, and the run decides (batch.Run) whether it
    still stands. `fallback_cache=False` skips it, to redo a document now that the model is
    there. A crash (a bug) comes back as its traceback text, or is raised with `reraise`."""
    from summarise.pipeline import Pipeline
    from summarise.sources import read_input

    try:
        read_warnings: list[str] = []
        info, text = read_input(
            ref, max_bytes=settings.max_bytes, stdin=stdin, warnings=read_warnings
        )
        key = ResultCache.key(info.sha256, fingerprint)
        fallback_key = ResultCache.key(info.sha256, {**fingerprint, "fallback": True})
        cache = ResultCache(cache_root if job == "summarise" else None)
        cached = cache.get(key)
        fallback = cached is None and fallback_cache and (cached := cache.get(fallback_key))
        if cached is not None:
            cached["input"] = info.to_json()  # its warnings were stored with it
            return Loaded(key, fallback_key, cached=cached, cached_fallback=bool(fallback))
        prepared = Pipeline(settings).prepare(info, text)
        return Loaded(key, fallback_key, prepared=prepared, warnings=tuple(read_warnings))
    except SummariseError as exc:
        return Loaded(error=(exc.kind, exc.message))
    except Exception:  # a bug: reported for this input by the run, which goes on
        if reraise:
            raise
        return Loaded(crash=traceback.format_exc())


def discover(
    paths: Sequence[str], globs: Sequence[str], out_dir: Path | None
) -> tuple[list[InputRef], list[InputError]]:
    """Every input under `paths`, in order, and the paths that cannot be read. An output dir
    inside an input tree is never re-read; one that *is* an input dir cannot be skipped
    without skipping everything, so only the sink's overwrite check guards it."""
    from summarise.sources import discover_inputs

    given = {real_path(Path(p)) for p in paths if p != "-"}
    exclude = [out_dir] if out_dir is not None and real_path(out_dir) not in given else []
    return discover_inputs(paths, globs=globs, exclude=exclude)


def _ignore_sigint() -> None:
    """Workers leave Ctrl-C to the main process, which stops the run cleanly."""
    import signal

    signal.signal(signal.SIGINT, signal.SIG_IGN)


@dataclass
class Loader:
    """Phase one of a run's inputs, in input order, here or in `jobs` worker processes."""

    job: Job
    settings: Settings
    cache_root: Path | None
    fingerprint: dict[str, Any]
    stdin: BinaryIO | None = None
    jobs: int = 1
    reraise: bool = False  # --debug: a crash here raises, with its traceback

    def _remote(self, ref: InputRef, **options: Any) -> Loaded:
        return load_one(
            self.job,
            ref,
            settings=self.settings,
            cache_root=self.cache_root,
            fingerprint=self.fingerprint,
            **options,
        )

    def here(self, ref: InputRef, fallback_cache: bool = True) -> Loaded:
        """Phase one of `ref` in this process (standard input is always read here)."""
        return self._remote(
            ref, stdin=self.stdin, reraise=self.reraise, fallback_cache=fallback_cache
        )

    def in_order(self, refs: Sequence[InputRef]) -> Iterator[tuple[InputRef, Loaded]]:
        """Phase one of every input, in input order: in worker processes when `jobs` > 1,
        else here. A worker that dies (killed, out of memory) leaves the rest to this one."""
        if self.jobs <= 1 or len(refs) < 2:
            for ref in refs:
                yield ref, self.here(ref)
            return
        import multiprocessing
        from concurrent.futures import ProcessPoolExecutor
        from concurrent.futures.process import BrokenProcessPool

        remote = partial(
            load_one,
            self.job,
            settings=self.settings,
            cache_root=self.cache_root,
            fingerprint=self.fingerprint,
        )
        pool = ProcessPoolExecutor(
            max_workers=min(self.jobs, len(refs)),
            mp_context=multiprocessing.get_context("spawn"),  # no fork after torch threads
            initializer=_ignore_sigint,
        )
        pending: deque[tuple[InputRef, Future[Loaded] | Loaded]] = deque()
        todo = iter(refs)
        broken = False

        def submit(ref: InputRef) -> None:
            if ref.is_stdin or broken:
                pending.append((ref, self.here(ref)))
            else:
                pending.append((ref, pool.submit(remote, ref)))

        try:
            for ref in islice(todo, self.jobs * 4):
                submit(ref)
            while pending:
                ref, item = pending.popleft()
                if isinstance(item, Future):
                    try:
                        item = item.result()
                    except BrokenProcessPool:  # a worker died (killed, out of memory)
                        broken = True
                        item = self.here(ref)
                yield ref, item
                nxt = next(todo, None)
                if nxt is not None:
                    submit(nxt)
        finally:
            pool.shutdown(wait=False, cancel_futures=True)
