"""The batch on Ray Data: the local batch's stages, spread over a cluster (`--engine ray`).

    groups of 16 inputs (the local batch's groups, in input order)
      → prepare: stateless Ray tasks, one group each: read, clean, split, language, figures,
                 or the cached result (summarise.loading.load_one, the local loader's code)
      → summarise: an actor pool; each actor holds one Pipeline, so it loads its models once,
                   and translates a group in one batched call (summarise.batch.summarise_group)
                   then caches each result (summarise.batch.finish)
      → the driver writes every input through the local batch's sink and reporter, in input
        order (summarise.batch.deliver)

Nothing here decides a result: the groups, the cache keys, the fallbacks, the error objects
and the output names are the local batch's, so a Ray run writes what a local run writes.
Ray is an optional extra (`pip install 'summarise[ray]'`) imported only inside functions.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import pickle
from collections.abc import Iterator, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import TYPE_CHECKING, Any

from summarise.batch import (
    GROUP_SIZE,
    Finished,
    Job,
    RunLoop,
    deliver,
    ending,
    finish,
    run_fingerprint,
    settle,
    summarise_group,
)
from summarise.cache import ResultCache
from summarise.errors import ExitCode, ModelUnavailable, SummariseError
from summarise.loading import Loaded, load_one
from summarise.render import error_json
from summarise.reporter import Report

if TYPE_CHECKING:
    import ray.data

    from summarise.provider import Loader
    from summarise.settings import Settings
    from summarise.sources import InputRef

INSTALL_HINT = "pip install 'summarise[ray]'"
# A small machine's object store: Ray's default is 30% of memory, which a laptop running the
# models beside it cannot spare. Prepared documents are a few times their text, and a group
# is freed as soon as the actor has it, so 256 MB holds hundreds of groups in flight.
OBJECT_STORE_BYTES = 256 * 1024 * 1024
# Memory reserved for each prepare task (lingua's models and trafilatura, about 300 MB). It
# also keeps the stage apart: Ray fuses a task stage into the next actor stage when their
# resource requests match, and the actors would then read and clean beside the model, one
# group at a time, while the other CPUs wait.
PREPARE_MEMORY = 512 * 1024 * 1024

# One input: its position in the run, where to read it, and its bytes when they are in hand
# (standard input, a dataset's text column), else None.
Item = tuple[int, "InputRef", bytes | None]


def require_ray() -> Any:
    """The `ray` module, or a usage error (exit 2) saying how to install it."""
    try:
        import ray
        import ray.data  # the extra is ray[data]: Ray Data too
    except ImportError:
        raise SummariseError(
            f"--engine ray needs Ray, which is not installed; install it with: {INSTALL_HINT}",
            ExitCode.USAGE,
            kind="usage",
        ) from None
    return ray


@dataclass(frozen=True)
class Stages:
    """What the Ray tasks and actors need, passed explicitly (on a cluster no worker sees the
    driver's environment or config file): picklable values only."""

    job: Job
    settings: Settings
    cache_root: Path | None
    fingerprint: dict[str, Any]
    # The pipeline's injectable model loaders (summarise.provider.Loader), called in each
    # actor; picklable ones only (the bench's stand-ins). None: the registry's, as the CLI.
    load_translator: Loader | None = None
    load_summariser: Loader | None = None

    @classmethod
    def of(
        cls,
        job: Job,
        settings: Settings,
        cache_root: Path | None,
        loaders: tuple[Loader | None, Loader | None] = (None, None),
    ) -> Stages:
        return cls(job, settings, cache_root, run_fingerprint(job, settings), *loaders)

    def load(self, ref: InputRef, data: bytes | None, fallback_cache: bool = True) -> Loaded:
        """Phase one of one input, exactly as the local loader runs it."""
        return load_one(
            self.job,
            ref,
            settings=self.settings,
            cache_root=self.cache_root,
            fingerprint=self.fingerprint,
            stdin=None if data is None else io.BytesIO(data),
            fallback_cache=fallback_cache,
        )


def prepare_group(row: dict[str, Any], stages: Stages) -> dict[str, Any]:
    """The prepare stage (a stateless task): phase one of every input of one group."""
    items: list[Item] = pickle.loads(row["items"])
    loaded = [(i, ref, data, stages.load(ref, data)) for i, ref, data in items]
    return {"group": row["group"], "loaded": pickle.dumps(loaded)}


class Summariser:
    """The summarise stage: one actor, one Pipeline, so its models load once (on the first
    group that needs them) and stay loaded for every later group."""

    def __init__(self, stages: Stages, threads: int) -> None:
        from summarise.pipeline import Pipeline

        # Ray sets OMP_NUM_THREADS from num_cpus; the models get the same count explicitly.
        settings = replace(stages.settings, threads=stages.settings.threads or threads)
        self.stages = replace(stages, settings=settings)
        self.pipeline = Pipeline(settings, stages.load_translator, stages.load_summariser)
        self.cache = ResultCache(stages.cache_root)

    def __call__(self, batch: Any) -> Any:
        """Groups in (a pyarrow table of pickled phase-one lists), one row per input out."""
        import pyarrow as pa

        ids: list[int] = []
        paths: list[str] = []
        results: list[str] = []
        finished: list[bytes] = []
        for blob in batch.column("loaded").to_pylist():
            for i, ref, done in self._group(pickle.loads(blob)):
                ids.append(i)
                paths.append(ref.display)
                results.append(json.dumps(as_object(ref, done), ensure_ascii=False))
                finished.append(pickle.dumps(done))
        return pa.table(
            {
                "id": pa.array(ids, pa.int64()),
                "path": pa.array(paths, pa.string()),
                "result": pa.array(results, pa.string()),
                "finished": pa.array(finished, pa.binary()),
            }
        )

    def _group(
        self, group: list[tuple[int, InputRef, bytes | None, Loaded]]
    ) -> Iterator[tuple[int, InputRef, Finished | ModelUnavailable]]:
        """Phase two of one group, as summarise.batch.Run runs it. A model missing under
        --strict stops the run: it travels to the driver, which raises it."""
        s = self.stages
        try:
            settled = [
                settle(ref, one, self.pipeline, lambda r=ref, d=data: s.load(r, d, False))
                for _, ref, data, one in group
            ]
            # A failed batched call is redone document by document; its traceback is only
            # shown under --debug, which the actors do not have.
            computed = summarise_group(self.pipeline, s.job, settled, lambda *_: None)
            out = [
                finish(s.job, one, computed.get(k), self.pipeline, self.cache)
                for k, one in enumerate(settled)
            ]
        except ModelUnavailable as exc:
            for i, ref, _, _ in group:
                yield i, ref, exc
            return
        for (i, ref, _, _), done in zip(group, out, strict=True):
            yield i, ref, done


def as_object(ref: InputRef, done: Finished | ModelUnavailable) -> dict[str, Any]:
    """The JSON object of one input: its result, or a `summarise.error/1` object naming the
    path as the local batch's reporter names it."""
    if isinstance(done, ModelUnavailable):
        return error_json(ref.display, done.kind, done.message)
    if done.obj is not None:
        return done.obj
    if done.error is not None:
        kind, message = done.error
    else:
        last = (done.crash or "").strip().splitlines()[-1:] or ["unknown error"]
        kind, message = "internal", f"internal error: {last[0]}"
    if ref.display != "-" and not message.startswith(ref.display):
        message = f"{ref.display}: {message}"
    return error_json(ref.display, kind, message)


def groups_dataset(items: Sequence[Item], group_size: int = GROUP_SIZE) -> ray.data.Dataset:
    """The inputs as a dataset of groups, `group_size` consecutive inputs each: the groups
    the local batch translates together, so a Ray run computes what a local one does."""
    import ray.data

    rows = [
        {"group": g, "items": pickle.dumps(list(items[start : start + group_size]))}
        for g, start in enumerate(range(0, len(items), group_size))
    ]
    return ray.data.from_items(rows, override_num_blocks=max(1, len(rows)))


def pipeline_dataset(
    groups: ray.data.Dataset, stages: Stages, *, actors: int = 1, threads: int = 1
) -> ray.data.Dataset:
    """Prepare in stateless tasks, then summarise in a pool of `actors` actors of `threads`
    CPUs each: one row per input (`id`, `path`, `result` as JSON text, `finished`)."""
    import ray.data

    prepared = groups.map(
        prepare_group, fn_kwargs={"stages": stages}, num_cpus=1, memory=PREPARE_MEMORY
    )
    return prepared.map_batches(
        Summariser,
        fn_constructor_kwargs={"stages": stages, "threads": threads},
        batch_size=1,  # one group a call: the local batch's batched translation call
        batch_format="pyarrow",
        compute=ray.data.ActorPoolStrategy(size=actors),
        num_cpus=threads,
    )


def summarise_dataset(
    ds: ray.data.Dataset,
    *,
    text_column: str = "text",
    path_column: str = "path",
    id_column: str = "id",
    actors: int = 1,
    cache_dir: str | Path | None = None,
    ordered: bool = True,
    **settings: Any,
) -> ray.data.Dataset:
    """Summarise every row of `ds`: a file path in `path_column`, else the text itself in
    `text_column` (str or bytes), each with a unique integer `id_column`. Returns one row per
    input, `id`, `path` and `result` (the `summarise.result/1` or `summarise.error/1` object
    as JSON text, exactly what a local run writes), sorted by id unless `ordered=False`.

    `settings` are summarise.settings.Settings fields (translator, bullets, mode, threads…);
    `cache_dir` is the result cache (None: no cache; on a cluster, a directory every node
    shares). Write it with Ray's own writers (`write_json`, `write_parquet`)."""
    from summarise.settings import Settings
    from summarise.sources import InputRef

    require_ray()
    chosen = Settings(**settings)
    columns = set(ds.columns())
    files = path_column in columns
    if id_column not in columns or not (files or text_column in columns):
        raise SummariseError(
            f"summarise_dataset needs an {id_column!r} column and a {path_column!r} or "
            f"{text_column!r} column; the dataset has {sorted(columns)}",
            ExitCode.USAGE,
            kind="usage",
        )

    def to_items(batch: dict[str, Any]) -> dict[str, Any]:
        items: list[Item] = []
        for k, i in enumerate(batch[id_column]):
            if files:
                path = str(batch[path_column][k])
                items.append((int(i), InputRef(display=path, path=Path(path)), None))
            else:
                text = batch[text_column][k]
                data = text if isinstance(text, bytes) else str(text).encode("utf-8")
                items.append((int(i), InputRef(display=f"row {int(i)}", path=None), data))
        return {"group": [int(batch[id_column][0])], "items": [pickle.dumps(items)]}

    groups = ds.map_batches(to_items, batch_size=GROUP_SIZE, batch_format="numpy")
    root = Path(cache_dir) if cache_dir is not None else None
    threads = chosen.threads or 1
    out = pipeline_dataset(
        groups, Stages.of("summarise", chosen, root), actors=actors, threads=threads
    ).drop_columns(["finished"])
    return out.sort("id") if ordered else out


@contextlib.contextmanager
def connected(address: str | None, need_cpus: int = 2, debug: bool = False) -> Iterator[bool]:
    """Ray for one run: the cluster at `address` (`auto`, `ray://host:10001`), else a
    local Ray started here and stopped at the end, with this machine's cores but at least
    `need_cpus` (the actors' threads and one prepare task: Ray's CPUs are a budget it
    schedules by, not a limit on threads). One already initialised in this process (a
    caller's, a test's) is used and left running. Yields whether it was started here."""
    ray = require_ray()
    if ray.is_initialized():
        yield False
        return
    os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")  # no usage report leaves the machine
    # Workers' stdout would land in ours, which carries results only; Ray's own notices
    # (token auth, fusion, progress bars) are for --debug.
    level = "warning" if debug else "error"
    quiet = {"include_dashboard": False, "log_to_driver": False, "logging_level": level}
    if address:
        try:
            ray.init(address=address, **quiet)
        except (ConnectionError, TimeoutError, ValueError) as exc:  # no cluster there
            raise SummariseError(
                f"cannot join the Ray cluster at --address {address}: {exc}",
                ExitCode.USAGE,
                kind="usage",
            ) from None
    else:
        cpus = max(os.cpu_count() or 1, need_cpus)
        ray.init(num_cpus=cpus, object_store_memory=OBJECT_STORE_BYTES, **quiet)
    try:
        yield True
    finally:
        ray.shutdown()


def check_cpus(actors: int, threads: int) -> None:
    """The actors hold `actors` × `threads` CPUs for the whole run and the prepare tasks need
    one more; on a cluster with fewer, Ray would wait for ever, so say so (exit 2)."""
    import ray

    have = ray.cluster_resources().get("CPU", 0)
    need = actors * threads + 1
    if have < need:
        raise SummariseError(
            f"--actors {actors} with --threads {threads} needs {need} CPUs on the Ray cluster "
            f"({actors * threads} for the actors, 1 for reading and preparing); it has "
            f"{have:g}: use fewer actors or threads, or a larger cluster",
            ExitCode.USAGE,
            kind="usage",
        )


def quiet_ray_data() -> None:
    """Ray Data's own progress bars and start-up lines go to stderr; ours replace them."""
    import logging

    import ray.data

    ctx = ray.data.DataContext.get_current()
    ctx.enable_progress_bars = False
    ctx.print_on_execution_start = False
    ctx.enable_auto_log_stats = False
    logging.getLogger("ray.data").setLevel(logging.ERROR)


@dataclass
class RayRun(RunLoop):
    """`summarise run --engine ray`: the local batch's run loop (summarise.batch.Run), with
    phase one and two in Ray and the writing here, in input order."""

    address: str | None = None  # None: a local Ray, started and stopped here
    actors: int = 1
    group_size: int = GROUP_SIZE
    report: Report = field(default_factory=Report)

    def run(self, paths: Sequence[str], globs: Sequence[str]) -> Report:
        """Every input in order; failures recorded; exit code and summary as a local run."""
        debug, reporter, refs, problems = self._begin(paths, globs, self.report)
        settings = self.pipeline.settings
        items: list[Item] = [(i, ref, self._stdin_bytes(ref)) for i, ref in enumerate(refs)]
        loaders = (self.pipeline.load_translator, self.pipeline.load_summariser)
        stages = Stages.of(self.job, settings, self.cache.root, loaders)
        threads = settings.threads or 1
        # No input to read: no Ray to start.
        ray = connected(self.address, self.actors * threads + 1, debug) if items else None
        with ending(self.report, self.sink), ray or contextlib.nullcontext():
            if items:
                check_cpus(self.actors, threads)  # exit 2 before any input is reported
            for err in problems:
                reporter.fail(err.path or "-", err.kind, err.message)
            with (
                reporter.stop_on_ctrl_c() as stop,
                reporter.progress(len(refs), self.progress) as advance,
            ):
                for i, done in self._results(items, stages, threads) if items else ():
                    if isinstance(done, ModelUnavailable):
                        raise done  # --strict: the whole run stops
                    deliver(refs[i], done, self.sink, reporter)
                    advance()
                    if stop.requested:
                        break
            if stop.requested:
                raise KeyboardInterrupt
            self.sink.close()
        if not self.report.stdout_closed:
            reporter.repeated_warnings()
        return self.report

    def _results(
        self, items: Sequence[Item], stages: Stages, threads: int
    ) -> Iterator[tuple[int, Finished | ModelUnavailable]]:
        """Phase one and two of every input on Ray, by input id."""
        quiet_ray_data()
        groups = groups_dataset(items, self.group_size)
        yield from in_order(pipeline_dataset(groups, stages, actors=self.actors, threads=threads))

    def _stdin_bytes(self, ref: InputRef) -> bytes | None:
        """Standard input is read here (a worker has none), at most one byte over the limit
        so the loader's size check still sees an oversized input."""
        if not ref.is_stdin:
            return None
        import sys

        stream = self.stdin if self.stdin is not None else sys.stdin.buffer
        return stream.read(self.pipeline.settings.max_bytes + 1)


def in_order(ds: ray.data.Dataset) -> Iterator[tuple[int, Finished | ModelUnavailable]]:
    """The rows of `ds` by input id, each as soon as every earlier one has come: Ray returns
    rows as actors finish them, a run writes them in input order."""
    waiting: dict[int, Finished | ModelUnavailable] = {}
    expected = 0
    for row in ds.iter_rows():
        waiting[int(row["id"])] = pickle.loads(row["finished"])
        while expected in waiting:
            yield expected, waiting.pop(expected)
            expected += 1
    yield from sorted(waiting.items())  # ids never skip; this is only defensive
