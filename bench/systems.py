"""The systems the benchmark compares, each able to load once and then process one article.

- naive-article: what a user would write with plain Hugging Face: translate every sentence of
  the article one at a time (beam 4, fp32), then summarise the whole translation (beam 4).
- naive-bullets: the plain Hugging Face recipe for *our* job: the same title and the same
  selected sentences ours translates, one at a time, beam 4, fp32, no summariser.
- ours-torch / ours-ct2: summarise.pipeline.Pipeline with the CLI's default settings (5
  bullets, int8 on CPU, the registry's generation defaults), its translator on PyTorch or on
  CTranslate2 (`--backend torch|ct2`).
- abstractive-torch / abstractive-ct2: the pipeline with --mode abstractive (translate the
  article, summarise it, align and check the bullets), both models on that backend.
- ours-ray: ours-ct2's pipeline as `--engine ray` runs it (summarise.ray) on a local Ray
  started in the worker: timed over the batch only, since one article on Ray is Ray's
  start-up and an actor's model load, not the pipeline.

The naive rows differ in the job (whole article vs our bullets), ours-torch from naive-bullets
in the engineering (batching, int8, the guard), ours-ct2 from ours-torch in the engine only.

Random weights never stop on their own, so every generation is forced to a fixed length
(min_new_tokens = max_new_tokens): a translation is 1.1 × its source tokens, a summary
SUMMARY_TOKENS. Both systems thus generate what a real model would, for the same input.
"""

from __future__ import annotations

import contextlib
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import Any

TRANSLATION_RATIO = 1.1
# The summariser's registry minimum (min_new_tokens 56): the least a distilbart-cnn summary
# can be under its own defaults, so the naive system is timed at its cheapest summary.
SUMMARY_TOKENS = 56
NAIVE_BEAMS = 4
TRANSLATOR = "opus-mt-id-en"
SUMMARISER = "distilbart-cnn-12-6"
# Every system the report names, in table order.
SYSTEMS = (
    "naive-article",
    "naive-bullets",
    "ours-torch",
    "ours-ct2",
    "abstractive-torch",
    "abstractive-ct2",
    "ours-ray",
)
NAIVE = ("naive-article", "naive-bullets")
BATCH_ONLY = ("ours-ray",)  # no per-article latency: its ms / article come from the batch
RAY_ACTORS, RAY_THREADS = 1, 2  # ours-ct2's two CTranslate2 threads, in one actor
# What each row does, in the words the README's Performance section shows (bench.report).
ROWS = {
    "naive-article": "the plain Hugging Face recipe (AutoTokenizer, AutoModelForSeq2SeqLM, "
    "generate) for the whole article: every sentence and the title translated one at a time, "
    "beam 4, fp32, then the joined translation summarised (beam 4, fp32, "
    "no_repeat_ngram_size 3, length_penalty 2.0, input cut at 1 024 tokens)",
    "naive-bullets": "the plain Hugging Face recipe for our job: the same title and the same "
    "5 selected sentences ours translates, one at a time, beam 4, fp32, nothing summarised; "
    "against it, ours measures the engineering (batching, int8, engine), not the selection",
    "ours-torch": "`summarise` with CLI defaults and `--backend torch`: 5 key sentences and "
    "the title translated in one batched call (PyTorch dynamic int8, first pass at beam 2), "
    "every figure checked by the fidelity guard (retries at beam 4 only when one fails)",
    "ours-ct2": "the same pipeline with `--backend ct2`: the translator on CTranslate2 int8 "
    "(converted before the workers start, so no load time includes a conversion)",
    "abstractive-torch": "`--mode abstractive --backend torch`: every sentence translated in "
    "one batched call (beam 2), the English summarised by int8 BART (map-reduce over "
    "1 024-token chunks when longer, 4 beam candidates), bullets aligned and checked",
    "abstractive-ct2": "the same with both models on CTranslate2 int8",
    "ours-ray": "ours-ct2's pipeline through `--engine ray --actors 1 --threads 2` on a local "
    "Ray started by the worker (2 CPUs for the actor, 1 for the prepare tasks): the same "
    "100-article batch, timed from the dataset's start to the last result written, so it "
    "includes the actor's start and model load; CPU time is the worker's and every Ray "
    "process's it started, peak RSS the sum of each such process's own peak",
}
ABSENT: dict[str, str] = {}  # system → why it cannot be measured (none at present)


def absent_systems() -> dict[str, str]:
    """Systems that cannot run here, with the reason (CTranslate2 rows without ctranslate2)."""
    import importlib.util

    from summarise.backends import ct2_installed

    out = dict(ABSENT)
    if not ct2_installed():
        out.update({s: "ctranslate2 is not installed" for s in SYSTEMS if s.endswith("-ct2")})
        out["ours-ray"] = "ctranslate2 is not installed"
    if importlib.util.find_spec("ray") is None:
        out["ours-ray"] = "ray is not installed (pip install 'summarise[ray]')"
    return out


def forced_length(source_tokens: int, ratio: float = TRANSLATION_RATIO) -> int:
    """Output tokens for a translation of `source_tokens` tokens: ratio × source, rounded."""
    return max(1, int(ratio * source_tokens + 0.5))


class ForcedLength:
    """A loaded HFSeq2Seq whose every output has a forced length: `length(source tokens)`,
    by default the translation rule (1.1 × source).

    Batches are cut the way the backend cuts them (same token budget), and every row of a
    batch gets that batch's longest forced length: a real batch also runs until its longest
    row ends, so the compute matches what a real model would spend on these inputs.
    keep_figures drops the random words that hold digits and appends the English of the
    source's figures ("about" before an approximate one), as a translator that keeps its
    figures would write them, so the fidelity guard passes first time.
    """

    def __init__(
        self,
        inner: Any,
        length: Callable[[int], int] = forced_length,
        *,
        keep_figures: bool = False,
    ) -> None:
        self.inner = inner
        self.length = length
        self.keep_figures = keep_figures
        self.name: str = inner.name
        self.max_input_tokens: int = inner.max_input_tokens
        self.defaults: dict[str, Any] = dict(inner.defaults)
        self.generated_tokens = 0  # rows × forced length, summed over every call
        self.calls = 0

    def count_tokens(self, texts: Sequence[str]) -> list[int]:
        return list(self.inner.count_tokens(texts))

    def generate(self, texts: Sequence[str], **options: Any) -> list[str]:
        from summarise.backends import DEFAULT_BATCH_TOKENS
        from summarise.backends import batches as _batches

        if not texts:
            return []
        opts = {**self.inner.defaults, **options}
        n_ret = int(opts.get("num_return_sequences", 1))
        beams = max(int(opts.get("num_beams", 1)), n_ret)
        budget = int(opts.get("batch_tokens", DEFAULT_BATCH_TOKENS)) // beams
        limit = self.max_input_tokens
        lengths = [min(n, limit) for n in self.count_tokens(texts)]
        results: list[list[str]] = [[] for _ in texts]
        for batch in _batches(lengths, budget, limit):
            forced = max(self.length(lengths[i]) for i in batch)
            out = self.inner.generate(
                [texts[i] for i in batch],
                **{**options, "min_new_tokens": forced, "max_new_tokens": forced},
            )
            self.calls += 1
            self.generated_tokens += forced * len(batch) * n_ret
            for k, i in enumerate(batch):
                results[i] = out[k * n_ret : (k + 1) * n_ret]
                if self.keep_figures:
                    kept = _figures_in_english(texts[i], str(options.get("src_lang") or "id"))
                    results[i] = [f"{without_digits(o)} {kept}".strip() for o in results[i]]
        return [o for outs in results for o in outs]

    def generate_candidates(self, texts: Sequence[str], n: int, **options: Any) -> list[list[str]]:
        """Same contract as HFSeq2Seq.generate_candidates, through the forced lengths."""
        beams = max(n, int(options.get("num_beams", n)))
        flat = self.generate(texts, **{**options, "num_return_sequences": n, "num_beams": beams})
        return [flat[i * n : (i + 1) * n] for i in range(len(texts))]


def _figures_in_english(text: str, lang: str) -> str:
    """The English of every figure in `text`, "about" before an approximate one (`sekitar
    Rp1,3 triliun`): what a translator that keeps figures writes."""
    from summarise.figures import extract_figures

    return " ".join(
        f"about {f.english}" if f.approx else f.english for f in extract_figures(text, lang)
    )


def without_digits(text: str) -> str:
    """Random output with every word holding a digit dropped: random pieces such as `2024`
    would read as figures the source never had, which no translator that keeps figures adds."""
    return " ".join(w for w in text.split() if not any(c.isdigit() for c in w))


def _ref(path: Path) -> Any:
    from summarise.sources import InputRef

    return InputRef(display=str(path), path=path)


def fixed_summary(source_tokens: int) -> int:
    """Output tokens of every summary: fixed, whatever the input."""
    return SUMMARY_TOKENS


def load_backend_model(backend: str, path: Path, spec: Any, int8: bool) -> Any:
    """A stand-in on `backend` ("torch" or "ct2") exactly as the CLI loads it on the CPU; no
    fallback: a CTranslate2 row that ran on PyTorch would be a wrong row."""
    if backend == "ct2":
        from summarise.backends import ct2

        return ct2.load_model(path, name=spec.name, spec=spec, device="cpu", int8=int8)
    from summarise.backends import hf

    return hf.load_model(path, name=spec.name, spec=spec, device="cpu", int8=int8)


def registry_specs() -> dict[str, Any]:
    """{"translator": spec, "summariser": spec}: the registry entries the stand-ins stand in
    for, as the CLI's defaults pick them (Indonesian input)."""
    from summarise.registry import default_for, get_spec, route_for_language

    return {
        "translator": get_spec(route_for_language("id") or TRANSLATOR),
        "summariser": get_spec(default_for("en", "summariser") or SUMMARISER),
    }


class Ours:
    """The shipped pipeline with the CLI's default settings, its loaders on the stand-ins."""

    def __init__(
        self,
        translator_dir: Path,
        summariser_dir: Path | None = None,
        *,
        backend: str = "torch",
        keep_figures: bool = True,
    ) -> None:
        from summarise.pipeline import Pipeline, Settings

        specs = registry_specs()
        mode = "abstractive" if summariser_dir is not None else "extractive"
        # CLI defaults (summarise run [--mode abstractive]), on the CPU whatever the machine has.
        self.settings = Settings(device="cpu", offline=True, mode=mode, backend=backend)
        model = load_backend_model(backend, translator_dir, specs["translator"], self.settings.int8)
        self.model = ForcedLength(model, keep_figures=keep_figures)
        self.summariser: ForcedLength | None = None
        if summariser_dir is not None:
            summariser = load_backend_model(
                backend, summariser_dir, specs["summariser"], self.settings.int8
            )
            self.summariser = ForcedLength(summariser, fixed_summary)
        self.pipeline = Pipeline(
            self.settings, load_translator=self._translator, load_summariser=self._summariser
        )

    def _translator(self, name: str, settings: Any) -> ForcedLength:
        if name != self.model.name:
            raise AssertionError(f"pipeline asked for {name}, the stand-in is {self.model.name}")
        return self.model

    def _summariser(self, name: str, settings: Any) -> ForcedLength:
        if self.summariser is None or name != self.summariser.name:
            raise AssertionError(f"pipeline asked for summariser {name}")
        return self.summariser

    def run(self, path: Path) -> dict[str, Any]:
        from summarise.pipeline import read

        models = [m for m in (self.model, self.summariser) if m is not None]
        tokens = sum(m.generated_tokens for m in models)
        calls = sum(m.calls for m in models)
        t0 = time.perf_counter()
        info, text = read(_ref(path), self.settings)
        result = self.pipeline.summarise(self.pipeline.prepare(info, text))
        ms = (time.perf_counter() - t0) * 1000
        if result.translation.status != "ok":
            raise RuntimeError(f"translation {result.translation.status}: {result.warnings}")
        if self.summariser is not None and "stats" not in result.extra:
            raise RuntimeError(f"abstractive mode fell back to extractive: {result.warnings}")
        fidelity: dict[str, int] = {}
        for b in result.bullets:
            fidelity[b.fidelity or "none"] = fidelity.get(b.fidelity or "none", 0) + 1
        return {
            "ms": ms,
            "generated_tokens": sum(m.generated_tokens for m in models) - tokens,
            "generate_calls": sum(m.calls for m in models) - calls,
            "fidelity": fidelity,
            "stages_ms": dict(result.timings_ms),
        }

    def batch(self, directory: Path) -> dict[str, Any]:
        """The CLI's batch loop over a directory (no result cache, JSONL to nowhere)."""
        import io

        from rich.console import Console

        from summarise.batch import Run, Sink
        from summarise.cache import ResultCache
        from summarise.render import Format
        from summarise.sources import DEFAULT_GLOBS

        sink = Sink(fmt=Format.jsonl, stdout=Console(file=io.StringIO()))
        run = Run(
            job="summarise",
            pipeline=self.pipeline,
            sink=sink,
            stderr=Console(file=io.StringIO()),
            cache=ResultCache(None),
        )
        t0 = time.perf_counter()
        report = run.run([str(directory)], DEFAULT_GLOBS)
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "done": report.done, "failed": len(report.failed)}


class Naive:
    """The plain Hugging Face recipe, written the way its docs show it; `bullets_only`
    translates just our title and selected sentences and summarises nothing (naive-bullets)."""

    def __init__(
        self, translator_dir: Path, summariser_dir: Path, *, bullets_only: bool = False
    ) -> None:
        from transformers import AutoModelForSeq2SeqLM, AutoTokenizer
        from transformers.utils import logging as hf_logging

        from summarise.registry import get_spec

        hf_logging.set_verbosity_error()
        self.mt_tok = AutoTokenizer.from_pretrained(translator_dir)
        self.mt = AutoModelForSeq2SeqLM.from_pretrained(translator_dir).eval()
        self.sum_tok = AutoTokenizer.from_pretrained(summariser_dir)
        self.sum = AutoModelForSeq2SeqLM.from_pretrained(summariser_dir).eval()
        # What the real checkpoint's generation config would apply by itself.
        gen = dict(get_spec(SUMMARISER).generation)
        self.sum_options = {
            k: gen[k] for k in ("length_penalty", "no_repeat_ngram_size") if k in gen
        }
        self.mt_limit = get_spec(TRANSLATOR).max_input_tokens
        self.sum_limit = get_spec(SUMMARISER).max_input_tokens
        self.bullets_only = bullets_only

    def sentences(self, path: Path) -> list[str]:
        """The article as sentences: our reader, cleaner and splitter (a user needs some);
        for naive-bullets, the title and the sentences our selection picks, as ours does."""
        from summarise.pipeline import Pipeline, Settings, make_bullets, read

        settings = Settings()
        info, text = read(_ref(path), settings)
        prepared = Pipeline(settings).prepare(info, text)
        doc = prepared.document
        head = [doc.title.text] if doc.title is not None else []
        if self.bullets_only:
            chosen = make_bullets(doc, prepared.figures, settings.bullets)
            return head + [b.source for b in chosen]
        return head + [s.text for s in doc.sentences]

    def run(self, path: Path) -> dict[str, Any]:
        t0 = time.perf_counter()
        english, tokens = [], 0
        for sentence in self.sentences(path):
            enc = self.mt_tok(
                sentence, return_tensors="pt", truncation=True, max_length=self.mt_limit
            )
            n = forced_length(int(enc["input_ids"].shape[1]))
            out = self.mt.generate(**enc, num_beams=NAIVE_BEAMS, min_new_tokens=n, max_new_tokens=n)
            english.append(self.mt_tok.decode(out[0], skip_special_tokens=True))
            tokens += n
        t1 = time.perf_counter()
        if self.bullets_only:
            return {
                "ms": (t1 - t0) * 1000,
                "translate_ms": (t1 - t0) * 1000,
                "summarise_ms": 0.0,
                "sentences": len(english),
                "generated_tokens": tokens,
            }
        enc = self.sum_tok(
            " ".join(english), return_tensors="pt", truncation=True, max_length=self.sum_limit
        )
        out = self.sum.generate(
            **enc,
            num_beams=NAIVE_BEAMS,
            min_new_tokens=SUMMARY_TOKENS,
            max_new_tokens=SUMMARY_TOKENS,
            **self.sum_options,
        )
        self.sum_tok.decode(out[0], skip_special_tokens=True)
        t2 = time.perf_counter()
        return {
            "ms": (t2 - t0) * 1000,
            "translate_ms": (t1 - t0) * 1000,
            "summarise_ms": (t2 - t1) * 1000,
            "sentences": len(english),
            "summary_input_tokens": int(enc["input_ids"].shape[1]),
            "generated_tokens": tokens + SUMMARY_TOKENS,
        }


@dataclass(frozen=True)
class StandinLoader:
    """A translator loader that a Ray actor can unpickle and call: the stand-in on its
    backend with forced lengths, exactly as Ours loads it in its own process."""

    path: Path
    backend: str = "ct2"

    def __call__(self, name: str, settings: Any) -> ForcedLength:
        spec = registry_specs()["translator"]
        if name != spec.name:
            raise AssertionError(f"pipeline asked for {name}, the stand-in is {spec.name}")
        model = load_backend_model(self.backend, self.path, spec, settings.int8)
        return ForcedLength(model, keep_figures=True)


class OursRay:
    """ours-ct2's pipeline on a local Ray, started here and kept for every batch (as a
    cluster would be); each batch is one `--engine ray` run, actor start and load included."""

    def __init__(self, translator_dir: Path, backend: str = "ct2") -> None:
        import os

        from summarise.pipeline import Pipeline, Settings
        from summarise.ray import connected

        self.settings = Settings(device="cpu", offline=True, backend=backend, threads=RAY_THREADS)
        self.pipeline = Pipeline(self.settings, load_translator=StandinLoader(translator_dir))
        os.environ.setdefault("RAY_USAGE_STATS_ENABLED", "0")
        self._ray = connected(None, RAY_ACTORS * RAY_THREADS + 1)
        self._ray.__enter__()

    def run(self, path: Path) -> dict[str, Any]:
        """One article as one Ray run (the warm-up; never timed as latency)."""
        t0 = time.perf_counter()
        done = self._run([str(path)])
        return {"ms": (time.perf_counter() - t0) * 1000, **done}

    def batch(self, directory: Path) -> dict[str, Any]:
        """The 100-article batch, as `summarise DIR --engine ray` runs it."""
        c0 = tree_cpu_s()
        t0 = time.perf_counter()
        done = self._run([str(directory)])
        seconds = time.perf_counter() - t0
        return {"seconds": seconds, "cpu_s_tree": tree_cpu_s() - c0, **done}

    def _run(self, paths: list[str]) -> dict[str, Any]:
        import io

        from rich.console import Console

        from summarise.cache import ResultCache
        from summarise.ray import RayRun
        from summarise.render import Format
        from summarise.sinks import Sink
        from summarise.sources import DEFAULT_GLOBS

        run = RayRun(
            job="summarise",
            pipeline=self.pipeline,
            sink=Sink(fmt=Format.jsonl, stdout=Console(file=io.StringIO())),
            stderr=Console(file=io.StringIO()),
            cache=ResultCache(None),
            actors=RAY_ACTORS,
        )
        report = run.run(paths, DEFAULT_GLOBS)
        return {"done": report.done, "failed": len(report.failed)}

    def peak_rss_mb(self) -> float:
        """The sum of every process's own peak (this one and the Ray processes it started)."""
        return sum(_status_kb(pid, "VmHWM") for pid in descendants()) / 1024

    def close(self) -> None:
        self._ray.__exit__(None, None, None)


def descendants(root: int | None = None) -> list[int]:
    """`root` (default this process) and every live process below it (Linux /proc)."""
    import os

    root = os.getpid() if root is None else root
    children: dict[int, list[int]] = {}
    for entry in os.listdir("/proc"):
        if entry.isdigit():
            with contextlib.suppress(OSError, IndexError, ValueError):
                with open(f"/proc/{entry}/stat", encoding="ascii") as fh:
                    ppid = int(fh.read().rsplit(")", 1)[1].split()[1])
                children.setdefault(ppid, []).append(int(entry))
    out, todo = [], [root]
    while todo:
        pid = todo.pop()
        out.append(pid)
        todo += children.get(pid, [])
    return out


def tree_cpu_s() -> float:
    """CPU seconds (user + system, with reaped children's) of this process and every live
    process below it: a Ray run's CPU is mostly in its workers, not in the driver."""
    import os

    tick = os.sysconf("SC_CLK_TCK")
    total = 0
    for pid in descendants():
        with contextlib.suppress(OSError, IndexError, ValueError):
            with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
                fields = fh.read().rsplit(")", 1)[1].split()
            total += sum(int(f) for f in fields[11:15])
    return total / tick


def _status_kb(pid: int, key: str) -> int:
    with (
        contextlib.suppress(OSError, ValueError, IndexError),
        open(f"/proc/{pid}/status", encoding="ascii") as fh,
    ):
        for line in fh:
            if line.startswith(key + ":"):
                return int(line.split()[1])
    return 0


def load_system(name: str, standins: dict[str, Path]) -> Ours | Naive | OursRay:
    """Build system `name` from the stand-in directories (model load happens here)."""
    if name in NAIVE:
        return Naive(
            standins["translator"], standins["summariser"], bullets_only=name == "naive-bullets"
        )
    if name in ("ours-torch", "ours-ct2"):
        return Ours(standins["translator"], backend=name.split("-")[1])
    if name in ("abstractive-torch", "abstractive-ct2"):
        return Ours(standins["translator"], standins["summariser"], backend=name.split("-")[1])
    if name == "ours-ray":
        return OursRay(standins["translator"])
    raise ValueError(f"unknown or absent system {name!r}")
