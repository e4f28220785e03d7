"""The benchmark and evaluation harness: forced lengths, report building, schema, skips."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path
from typing import Any, ClassVar

import pytest

from bench import evaluate, run, systems
from tests.helpers import ROOT

# --- forced lengths ----------------------------------------------------------------------


@pytest.mark.parametrize(("source", "forced"), [(10, 11), (5, 6), (15, 17), (1, 1), (0, 1)])
def test_forced_length_is_ratio_rounded_half_up(source: int, forced: int) -> None:
    assert systems.forced_length(source) == forced


class RecordingModel:
    """A Seq2SeqModel that records every generate call and echoes its inputs."""

    name = "recording"
    max_input_tokens = 50
    defaults: ClassVar[dict[str, Any]] = {"num_beams": 4, "max_new_tokens": 256}

    def __init__(self) -> None:
        self.calls: list[tuple[list[str], dict[str, Any]]] = []

    def count_tokens(self, texts: list[str]) -> list[int]:
        return [len(t.split()) for t in texts]

    def generate(self, texts: list[str], **options: Any) -> list[str]:
        self.calls.append((list(texts), options))
        n = int(options.get("num_return_sequences", 1))
        return [f"{t}#{k}" for t in texts for k in range(n)]


def test_forced_length_model_forces_min_equal_max_per_batch_longest() -> None:
    inner = RecordingModel()
    model = systems.ForcedLength(inner)
    texts = ["a b c", "a b c d e f g h i j", "a"]
    out = model.generate(texts, src_lang="id")
    assert out == [f"{t}#0" for t in texts]  # input order kept
    assert len(inner.calls) == 1  # 10 + 3 + 1 tokens fit one batch, as in the backend
    (_, options) = inner.calls[0]
    assert options["min_new_tokens"] == options["max_new_tokens"] == 11  # 1.1 x 10
    assert options["src_lang"] == "id"
    assert model.generated_tokens == 11 * 3


def test_forced_length_model_splits_batches_like_the_backend() -> None:
    inner = RecordingModel()
    model = systems.ForcedLength(inner)
    long = " ".join(["w"] * 40)
    # Budget 100 tokens / 4 beams = 25 padded tokens: the 40-token text (capped at 40 < 50)
    # overflows it and goes alone; the short ones share a batch with their own longest.
    model.generate([long, "a b", "a b c d"], batch_tokens=100)
    lengths = sorted(c[1]["max_new_tokens"] for c in inner.calls)
    assert lengths[-1] == 44 and len(inner.calls) >= 2
    assert all(c[1]["min_new_tokens"] == c[1]["max_new_tokens"] for c in inner.calls)


def test_forced_length_candidates_keep_the_n_best_per_input() -> None:
    model = systems.ForcedLength(RecordingModel())
    out = model.generate_candidates(["a b", "c"], 4)
    assert out == [[f"a b#{k}" for k in range(4)], [f"c#{k}" for k in range(4)]]


def test_summaries_have_the_fixed_length_whatever_the_input() -> None:
    inner = RecordingModel()
    model = systems.ForcedLength(inner, systems.fixed_summary)
    model.generate(["a " * 40, "b"])
    assert {c[1]["max_new_tokens"] for c in inner.calls} == {systems.SUMMARY_TOKENS}
    assert {c[1]["min_new_tokens"] for c in inner.calls} == {systems.SUMMARY_TOKENS}


def test_keep_figures_appends_the_english_of_each_source_figure() -> None:
    from summarise.figures import extract_figures

    model = systems.ForcedLength(RecordingModel(), keep_figures=True)
    source = "Pendapatan naik 25% menjadi Rp1,2 triliun."
    (english,) = model.generate([source], src_lang="id")
    found = {f.key() for f in extract_figures(english.split("#0", 1)[1], "en")}
    assert {f.key() for f in extract_figures(source, "id")} <= found


# --- report ------------------------------------------------------------------------------


def _latency(system_ms: dict[str, list[float]]) -> dict[str, list[dict[str, Any]]]:
    return {
        s: [
            {"run": r, "article": "a", "ms": ms, "translate_ms": 0.75 * ms, "summarise_ms": ms / 4}
            for r, ms in enumerate(values)
        ]
        for s, values in system_ms.items()
    }


def test_per_article_ms_is_the_median_of_run_means() -> None:
    samples = [
        {"run": 0, "ms": 10.0},
        {"run": 0, "ms": 30.0},  # run 0 mean 20
        {"run": 1, "ms": 100.0},  # run 1 mean 100
        {"run": 2, "ms": 40.0},  # run 2 mean 40
    ]
    assert run.per_article_ms(samples, 3) == 40.0


ABSENT = {"ours-abstractive": "not built in this test"}


def _report(**overrides: Any) -> dict[str, Any]:
    measured = ("ours-default", "ours-default-guard-fails", "naive")
    config = run.BenchConfig(runs=3, systems=measured)
    args: dict[str, Any] = {
        "latency": _latency(
            {
                "ours-default": [100.0, 90.0, 110.0],
                "ours-default-guard-fails": [900.0, 1000.0, 1100.0],
                "naive": [2000.0, 2000.0, 2000.0],
            }
        ),
        "ready": {s: {"load_ms": 5.0} for s in measured},
        "rss": {"ours-default": 800.0, "ours-default-guard-fails": 2000.0, "naive": 1700.0},
        "batch": {"articles": 100, "seconds": 50.0, "done": 100, "failed": 0},
        "startup": {"help": {"median": 120.0}, "figures": {"median": 900.0}},
        "figures": (2.5, "test"),
        "machine": {"cores": 2},
        "absent": ABSENT,
    }
    args.update(overrides)
    return run.build_report(config, **args)


def test_report_speedups_throughput_and_absent_systems() -> None:
    report = _report()
    assert report["ms_per_article"]["ours-default"] == 100.0
    assert report["speedup_vs_naive"]["ours-default"] == pytest.approx(20.0)
    assert report["speedup_vs_naive"]["ours-default-guard-fails"] == pytest.approx(2.0)
    assert "naive" not in report["speedup_vs_naive"]
    assert report["naive_stages_ms"] == {"translate": 1500.0, "summarise": 500.0}
    assert report["speedup_vs_naive_translation_only"]["ours-default"] == pytest.approx(15.0)
    assert report["articles_per_min"]["ours-default"] == pytest.approx(120.0)  # measured
    assert report["articles_per_min"]["naive"] == pytest.approx(30.0)  # 60 000 / 2000
    assert report["articles_per_min_method"]["naive"].startswith("extrapolated")
    assert report["articles_per_min_method"]["ours-default"].startswith("measured")
    assert report["ms_per_article"]["ours-abstractive"] is None
    assert "ours-abstractive" in report["absent"]


def test_targets_say_which_are_met() -> None:
    report = _report()
    met = {(t["system"], t["metric"]): t["met"] for t in report["targets"]}
    assert met[("ours-default", "speedup_vs_naive")] is True  # 20 >= 15
    assert met[("ours-default", "articles_per_min")] is True  # 120 >= 60
    assert met[("ours-default", "help_ms")] is True
    assert met[("ours-default", "peak_rss_mb")] is True
    assert met[("ours-default-guard-fails", "speedup_vs_naive")] is False
    assert met[("ours-default-guard-fails", "peak_rss_mb")] is False
    assert not any(t["system"] in ("naive", "ours-abstractive") for t in report["targets"])
    slow = _report(startup={"help": {"median": 400.0}, "figures": {"median": 900.0}})
    assert {t["met"] for t in slow["targets"] if t["metric"] == "help_ms"} == {False}


def test_markdown_table_marks_absent_missed_and_extrapolated() -> None:
    table = run.markdown_table(_report())
    assert "| ours-abstractive | absent |" in table
    assert "**no**" in table
    assert "30.0*" in table  # naive's extrapolated articles/min


def test_batch_dir_cycles_the_indonesian_samples(tmp_path: Path) -> None:
    out = run.batch_dir(tmp_path, 7)
    files = sorted(out.iterdir())
    assert len(files) == 7
    samples = run.indonesian_samples()
    assert files[len(samples)].read_bytes() == samples[0].read_bytes()


@pytest.mark.slow
def test_quick_bench_writes_a_complete_report(tmp_path: Path) -> None:
    """The whole harness end to end on tiny stand-ins: workers, alternation, start-up, RSS."""
    out = tmp_path / "report.json"
    done = subprocess.run(
        [sys.executable, "-m", "bench.run", "--quick", "--work", str(tmp_path), "--out", str(out)],
        cwd=ROOT,
        capture_output=True,
        text=True,
        timeout=240,
    )
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["schema"] == run.SCHEMA and report["quick"] is True
    for key in ("ms_per_article", "articles_per_min", "load_ms", "peak_rss_mb"):
        for system in run.MEASURED:
            assert report[key][system] > 0, (key, system)
    assert set(report["speedup_vs_naive"]) == set(run.SYSTEMS) - {"naive"}
    assert all(v > 0 for v in report["speedup_vs_naive"].values())
    assert report["speedup_vs_naive"]["ours-default"] > 0
    assert set(report["startup_ms"]) == {"help", "figures"}
    assert all(v > 0 for v in report["startup_ms"].values())
    assert report["figures_mb_per_s"] is None or report["figures_mb_per_s"] > 0
    assert {"cores", "torch", "threads"} <= set(report["machine"])
    assert report["targets"] and all(isinstance(t["met"], bool) for t in report["targets"])
    assert report["details"]["batch"]["done"] == 2
    assert "| ours-default |" in done.stdout


# --- evaluate ----------------------------------------------------------------------------


def test_eval_skips_every_part_without_the_shared_data(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(evaluate, "EVAL_DIR", tmp_path / "absent")
    report = evaluate.run_eval()
    for part in ("figures", "selection", "translation"):
        assert "lacks" in report[part]["skipped"]
    assert "skipped:" in evaluate.markdown_table(report)


def _mt_dir(tmp_path: Path) -> Path:
    for file in evaluate.MT_SETS.values():
        (tmp_path / file).write_text(
            'id\ten\tsrc_line\n"Naik 25%.\t"Up 25%.\t1\nHalo dunia.\tHello world.\t2\n',
            encoding="utf-8",
        )
    return tmp_path


def test_read_pairs_keeps_leading_quotes_and_limits(tmp_path: Path) -> None:
    path = _mt_dir(tmp_path) / evaluate.MT_SETS["news"]
    assert evaluate.read_pairs(path) == [
        ('"Naik 25%.', '"Up 25%.'),
        ("Halo dunia.", "Hello world."),
    ]
    assert len(evaluate.read_pairs(path, 1)) == 1


def test_no_installed_translator_means_no_translation_scores(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setattr(evaluate, "EVAL_DIR", _mt_dir(tmp_path))
    assert evaluate.installed_translators("id") == []  # the test store is empty
    assert "no real translator" in evaluate.translation_part()["skipped"]


def test_installed_translators_are_scored_with_bleu_and_chrf(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarise.backends import loader

    class Echo:
        """A perfect translator of the two test sentences."""

        name = "echo"
        table: ClassVar[dict[str, str]] = {'"Naik 25%.': '"Up 25%.', "Halo dunia.": "Hello world."}

        def generate(self, texts: list[str], **options: Any) -> list[str]:
            return [self.table.get(t, "") for t in texts]

    monkeypatch.setattr(evaluate, "EVAL_DIR", _mt_dir(tmp_path))
    monkeypatch.setattr(evaluate, "installed_translators", lambda lang="id": ["opus-mt-id-en"])
    monkeypatch.setattr(loader, "load_translator", lambda name, **kw: Echo())
    part = evaluate.translation_part(limit=None)
    news = part["models"]["opus-mt-id-en"]["news"]
    assert news["n"] == 2
    assert news["chrf"] == 100.0 and news["bleu"] == 100.0
    assert "| opus-mt-id-en | news | 2 |" in evaluate.markdown_table(
        {"figures": {"skipped": "x"}, "selection": {"skipped": "x"}, "translation": part}
    )


def test_score_is_perfect_on_identical_text() -> None:
    scores = evaluate.score(["The revenue rose 25% in 2024."], ["The revenue rose 25% in 2024."])
    assert scores == {"bleu": 100.0, "chrf": 100.0}


def test_selection_part_on_a_small_set(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    article = {
        "id": "1500000000-perusahaan-rintisan-raih-pendanaan",
        "article": (
            "Jakarta, Warta -- Perusahaan rintisan itu meraih pendanaan Rp1,2 triliun. "
            "Pendanaan dipimpin investor global.\n\nCuaca cerah. Harga saham naik 25%.\n\n"
            "Direktur mengatakan ekspansi dimulai tahun depan."
        ),
        "summary": "Perusahaan rintisan meraih pendanaan Rp1,2 triliun dari investor global.",
    }
    path = tmp_path / "sum_indosum_id.jsonl"
    path.write_text("\n".join(json.dumps(article) for _ in range(2)) + "\n", encoding="utf-8")
    monkeypatch.setattr(evaluate, "EVAL_DIR", tmp_path)
    part = evaluate.selection_part()
    assert part["all"]["articles"] == 2 and part["held_out"]["articles"] == 1
    assert 0 < part["all"]["ours"]["rouge1"] <= 100
    assert set(part["all"]["lead"]) == {"rouge1", "rouge2", "rougeL"}


@pytest.mark.skipif(not Path("/proc/self/status").exists(), reason="Linux /proc only")
def test_worker_peak_rss_is_its_own_not_its_parents() -> None:
    """ru_maxrss survives fork+exec; a worker must not report the parent's peak."""
    blob = bytearray(300 * 2**20)
    for i in range(0, len(blob), 4096):
        blob[i] = 1
    code = "from bench.worker import peak_rss_mb; print(peak_rss_mb())"
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    del blob
    assert float(out.stdout) < 200
