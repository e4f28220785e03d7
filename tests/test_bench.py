"""The benchmark and evaluation harness: forced lengths, report building, schema, skips."""

from __future__ import annotations

import contextlib
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable
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
    found = {f.key() for f in extract_figures(english, "en")}
    assert {f.key() for f in extract_figures(source, "id")} <= found


def test_kept_figures_pass_the_guard_first_time_even_approximate_ones() -> None:
    from summarise.figures import extract_figures
    from summarise.guard import verify_translation

    model = systems.ForcedLength(RecordingModel(), keep_figures=True)
    source = "Valuasi perusahaan baru sekitar US$480 juta pada 15 Agustus 2023."
    (english,) = model.generate([source], src_lang="id")
    # the echoed source loses its words with digits (US$480, 15, 2023.#0), as random ones do
    assert english == (
        "Valuasi perusahaan baru sekitar juta pada Agustus about US$480 million 15 August 2023"
    )
    assert verify_translation(source, english, "id", figures=extract_figures(source, "id")).ok


@pytest.mark.parametrize(
    ("random", "kept"),
    [("the 2024 ▁zz x9y ok", "the ▁zz ok"), ("no digits here", "no digits here"), ("42", "")],
)
def test_random_words_with_digits_are_dropped_from_kept_output(random: str, kept: str) -> None:
    assert systems.without_digits(random) == kept


# --- report ------------------------------------------------------------------------------


def _latency(system_ms: dict[str, list[float]]) -> dict[str, list[dict[str, Any]]]:
    return {
        s: [
            {"run": r, "article": "a", "ms": ms, "cpu_ms": 1.5 * ms, "translate_ms": 0.75 * ms}
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


ABSENT = {"abstractive-ct2": "not built in this test"}
MEASURED_HERE = ("naive-article", "naive-bullets", "ours-torch", "ours-ct2", "abstractive-torch")


def _report(systems: tuple[str, ...] = MEASURED_HERE, **overrides: Any) -> dict[str, Any]:
    config = run.BenchConfig(runs=3, systems=systems)
    args: dict[str, Any] = {
        "latency": _latency(
            {
                "naive-article": [40_000.0, 40_000.0, 40_000.0],
                "naive-bullets": [8_000.0, 8_000.0, 8_000.0],
                "ours-torch": [2_000.0, 1_800.0, 2_200.0],
                "ours-ct2": [900.0, 1_000.0, 1_100.0],
                "abstractive-torch": [5_000.0, 5_000.0, 5_000.0],
            }
        ),
        "ready": {s: {"load_ms": 5.0} for s in MEASURED_HERE},
        "rss": {s: 800.0 for s in MEASURED_HERE} | {"ours-torch": 1_200.0},
        "batches": {"ours-ct2": {"articles": 100, "seconds": 100.0, "done": 100, "failed": 0}},
        "startup": {
            "help": {"median": 120.0},
            "import_typer": {"median": 100.0},
            "figures": {"median": 900.0},
        },
        "figures": (2.5, "test"),
        "machine": {"cores": 2},
        "absent": ABSENT,
    }
    args.update(overrides)
    return run.build_report(config, **args)


def test_report_speedups_against_both_naive_rows_wall_and_cpu() -> None:
    report = _report()
    assert report["ms_per_article"]["ours-ct2"] == 1_000.0
    assert report["cpu_ms_per_article"]["ours-ct2"] == 1_500.0
    assert report["speedup_vs_naive-article"]["ours-ct2"] == pytest.approx(40.0)
    assert report["speedup_vs_naive-bullets"]["ours-ct2"] == pytest.approx(8.0)
    assert report["cpu_speedup_vs_naive-bullets"]["ours-torch"] == pytest.approx(4.0)
    assert not set(systems.NAIVE) & set(report["speedup_vs_naive-article"])
    assert report["articles_per_min"]["ours-ct2"] == pytest.approx(60.0)  # measured
    assert report["articles_per_min_method"]["ours-ct2"].startswith("measured")
    assert report["articles_per_min"]["ours-torch"] == pytest.approx(30.0)  # 60 000 / 2000
    assert report["articles_per_min_method"]["ours-torch"].startswith("extrapolated")
    assert report["ms_per_article"]["abstractive-ct2"] is None
    assert "abstractive-ct2" in report["absent"]


def test_the_ray_row_is_timed_over_the_batch_with_its_overhead_against_the_local_one() -> None:
    with_ray = (*MEASURED_HERE, "ours-ray")
    batches = {
        "ours-ct2": {"articles": 100, "seconds": 100.0, "done": 100, "failed": 0},
        "ours-ray": {
            "articles": 100,
            "seconds": 150.0,
            "cpu_s_tree": 180.0,
            "done": 100,
            "failed": 0,
        },
    }
    report = _report(
        with_ray,
        batches=batches,
        ready={s: {"load_ms": 5.0} for s in with_ray},
        rss={s: 800.0 for s in with_ray},
    )
    assert report["ms_per_article"]["ours-ray"] == pytest.approx(1_500.0)
    assert report["cpu_ms_per_article"]["ours-ray"] == pytest.approx(1_800.0)
    assert report["articles_per_min"]["ours-ray"] == pytest.approx(40.0)
    assert report["articles_per_min_method"]["ours-ray"].startswith("measured")
    assert report["ray_overhead_ms_per_article"]["ours-ray"] == pytest.approx(500.0)
    # A batch mean is no latency: no speed-up against the naive rows' single articles.
    assert report["speedup_vs_naive-article"]["ours-ray"] is None
    assert report["cpu_speedup_vs_naive-bullets"]["ours-ray"] is None
    assert report["speedup_vs_naive-article"]["ours-ct2"] is not None
    table = run.markdown_table(report)
    assert "| ours-ray | 1500† | 1800† | — | — | 40.0 |" in table
    assert "† the batch's mean" in table
    alone = _report(with_ray, batches={"ours-ray": batches["ours-ray"]})
    assert alone["ray_overhead_ms_per_article"]["ours-ray"] is None  # no local batch beside it


def test_the_million_article_cost_comes_from_the_batch_cpu_and_labels_its_assumptions() -> None:
    from bench import report as render

    batches = {
        "ours-ct2": {"articles": 100, "seconds": 50.0, "done": 100, "failed": 0, "cpu_s": 75.0},
        "ours-ray": {"articles": 100, "seconds": 80.0, "done": 100, "cpu_s_tree": 90.0},
    }
    text = render.scale_out(_report((*MEASURED_HERE, "ours-ray"), batches=batches))
    assert "750 CPU ms an article" in text
    assert "208 core-hours" in text  # 0.75 s x 1e6 / 3600
    assert "900 CPU ms an article with every Ray process counted" in text
    assert "300 ms wall an article over the local batch" in text
    assert "**assumed, not measured**" in text
    assert "not estimated" in render.scale_out(_report())  # no CPU time in its batch


def test_targets_say_which_are_met() -> None:
    report = _report()
    met = {(t["system"], t["metric"]): t["met"] for t in report["targets"]}
    assert met[("ours-ct2", "speedup_vs_naive-article")] is True  # 40 >= 40
    assert met[("ours-ct2", "speedup_vs_naive-bullets")] is True  # 8 >= 8
    assert met[("ours-ct2", "articles_per_min")] is True  # 60 >= 45
    assert met[("ours-ct2", "peak_rss_mb")] is True
    assert met[("ours-ct2", "help_vs_import_typer")] is True  # 1.2 < 1.3
    assert not any(t["system"] == "abstractive-ct2" for t in report["targets"])  # absent
    slow = _report(
        startup={
            "help": {"median": 400.0},
            "import_typer": {"median": 100.0},
            "figures": {"median": 900.0},
        }
    )
    assert {t["met"] for t in slow["targets"] if t["metric"] == "help_vs_import_typer"} == {False}


def test_markdown_table_marks_absent_missed_and_extrapolated() -> None:
    table = run.markdown_table(_report(rss={s: 2_000.0 for s in MEASURED_HERE}))
    assert "| abstractive-ct2 | absent: not built in this test |" in table
    assert "**no**" in table  # peak RSS over the target
    assert "30.0*" in table  # ours-torch's extrapolated articles/min


def test_batch_dir_cycles_the_indonesian_samples(tmp_path: Path) -> None:
    out = run.batch_dir(tmp_path, 7)
    files = sorted(out.iterdir())
    assert len(files) == 7
    samples = run.indonesian_samples()
    assert files[len(samples)].read_bytes() == samples[0].read_bytes()


def run_in_own_group(
    command: list[str], timeout: float, expire: Callable[[], bool] | None = None
) -> subprocess.CompletedProcess[str]:
    """Run `command` as the leader of a new process group; past `timeout`, the whole group
    (the bench and every worker it started) is killed, so nothing outlives the test.
    `expire` ends it the same way once expire() holds (checked while it runs): the time-out
    path, tested without a clock."""
    process = subprocess.Popen(
        command,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        while expire is not None and process.poll() is None:
            if expire():
                raise subprocess.TimeoutExpired(command, timeout)
            time.sleep(0.05)
        out, err = process.communicate(timeout=timeout)
    except subprocess.TimeoutExpired:
        os.killpg(process.pid, signal.SIGKILL)
        process.communicate()
        pytest.fail(
            f"{' '.join(command)} timed out ({timeout} s or expired); its process group was killed"
        )
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(process.pid, signal.SIGKILL)  # any worker left behind
    return subprocess.CompletedProcess(command, process.returncode, out, err)


@pytest.mark.slow
def test_quick_bench_writes_a_complete_report(tmp_path: Path) -> None:
    """The whole harness end to end on tiny stand-ins: workers, alternation, start-up, RSS.
    Generous limit: a loaded machine is slow, not wrong. The batch-only ours-ray row is left
    out (it added 18 s of Ray start-up to make test): the Ray engine itself is run by
    tests/test_ray.py, the row's arithmetic by the ray-row test above, the row by make bench."""
    out = tmp_path / "report.json"
    local = [s for s in run.SYSTEMS if s not in systems.BATCH_ONLY]
    command = [
        sys.executable,
        "-m",
        "bench.run",
        "--quick",
        "--work",
        str(tmp_path),
        "--out",
        str(out),
        "--systems",
        ",".join(local),
    ]
    done = run_in_own_group(command, timeout=1200)
    assert done.returncode == 0, done.stderr[-3000:]
    report = json.loads(out.read_text(encoding="utf-8"))
    assert report["schema"] == run.SCHEMA and report["quick"] is True
    measured = [s for s in local if s not in report["absent"]]
    assert set(measured) >= {"naive-article", "naive-bullets", "ours-torch", "abstractive-torch"}
    for key in ("ms_per_article", "cpu_ms_per_article", "articles_per_min", "load_ms"):
        for system in measured:
            assert report[key][system] > 0, (key, system)
    for system in measured:
        assert report["peak_rss_mb"][system] > 0, system
    for base in systems.NAIVE:
        assert set(report[f"speedup_vs_{base}"]) == set(local) - set(systems.NAIVE)
        assert all(report[f"speedup_vs_{base}"][s] > 0 for s in measured if s not in systems.NAIVE)
    assert set(report["startup_ms"]) == {
        "help",
        "import_typer",
        "figures",
        "one_sentence",
        "article",
    }
    assert all(v > 0 for v in report["startup_ms"].values())
    assert {"cores", "torch", "threads"} <= set(report["machine"])
    assert report["targets"] and all(isinstance(t["met"], bool) for t in report["targets"])
    for system in measured:
        if system not in systems.NAIVE:
            assert report["details"]["batches"][system]["done"] == 2, system
    assert "| ours-torch |" in done.stdout
    for system in ("ours-ct2", "abstractive-ct2"):
        if system in measured:  # a CTranslate2 row never needs torch in its worker
            assert report["details"]["ready"][system]["torch_imported"] is False, system


def test_a_timed_out_child_and_its_children_are_all_ended(tmp_path: Path) -> None:
    pids = tmp_path / "pids"
    code = (
        "import subprocess, sys, time\n"
        "child = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(600)'])\n"
        f"open({str(pids)!r} + '.part', 'w').write(str(child.pid))\n"
        f"import os; os.replace({str(pids)!r} + '.part', {str(pids)!r})\n"
        "time.sleep(600)\n"
    )
    # It expires once both processes exist, however slow the machine.
    with pytest.raises(pytest.fail.Exception, match="process group was killed"):
        run_in_own_group([sys.executable, "-c", code], timeout=600, expire=pids.exists)
    grandchild = int(pids.read_text())
    deadline = time.monotonic() + 600  # SIGKILL is immediate; this only bounds a broken kill
    while time.monotonic() < deadline and _alive(grandchild):
        time.sleep(0.1)
    assert not _alive(grandchild)


def _alive(pid: int) -> bool:
    """Running (not a zombie awaiting its reaper)."""
    try:
        with open(f"/proc/{pid}/stat", encoding="ascii") as fh:
            return fh.read().split(") ", 1)[1][0] != "Z"
    except FileNotFoundError:
        return False
    except OSError:  # no /proc: ask the kernel
        try:
            os.kill(pid, 0)
        except ProcessLookupError:
            return False
        return True


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


def test_systems_option_picks_rows_in_table_order_and_refuses_unknown_ones() -> None:
    config = run.parse_args(["--systems", "ours-ct2,naive-article"])
    assert config.systems == ("naive-article", "ours-ct2")
    with pytest.raises(SystemExit):
        run.parse_args(["--systems", "naive"])


def test_batch_systems_option_picks_batched_rows_and_refuses_naive_or_unknown_ones() -> None:
    assert run.parse_args([]).batch_systems is None
    config = run.parse_args(["--batch-systems", "ours-ct2,ours-torch"])
    assert config.batch_systems == ("ours-torch", "ours-ct2")
    for bad in ("naive-article", "ours"):
        with pytest.raises(SystemExit):
            run.parse_args(["--batch-systems", bad])


def test_side_by_side_alternates_fresh_processes(tmp_path: Path) -> None:
    log = tmp_path / "order.txt"
    append = "import sys; open(sys.argv[1], 'a').write(sys.argv[2])"
    commands = {name: [sys.executable, "-c", append, str(log), name] for name in ("a", "b")}
    out = run.side_by_side(commands, 3)
    assert log.read_text() == "ababab"
    assert [len(out[n]["runs"]) for n in ("a", "b")] == [3, 3]
    assert out["a"]["command"] == commands["a"]


def test_readme_section_is_rendered_from_the_report_and_replaced_in_place() -> None:
    from bench import report as render

    data = _report(machine={"cores": 2, "started_utc": "2026-12-01 00:00 UTC"})
    section = render.render(data)
    assert section.startswith(render.BEGIN) and section.endswith(render.END)
    assert "Measured 2026-12-01 00:00 UTC with `python -m bench.run`" in section
    assert "| ours-ct2 | 1000 | 1500 | 40.0 | 8.0 | 60.0 | 5 | 800 |" in section
    assert f"- **naive-bullets**: {systems.ROWS['naive-bullets']}." in section
    assert "By CPU time (x naive-article / x naive-bullets): ours-torch 20.0 × / 4.0 ×;" in section
    assert "- **abstractive-ct2**" in section  # absent rows are still described
    readme = f"# title\n\nbefore\n{render.BEGIN}\nold table\n{render.END}\nafter\n"
    assert render.replace_section(readme, "NEW") == "# title\n\nbefore\nNEW\nafter\n"
    with pytest.raises(ValueError, match="no generated section"):
        render.replace_section("# no markers\n", "NEW")


CPUINFO = """processor\t: 0
vendor_id\t: GenuineIntel
model name\t: Intel(R) Xeon(R) Processor
flags\t\t: fpu sse avx2 avx512f avx512_vnni amx_int8 fma

processor\t: 1
model name\t: Something Else
flags\t\t: fpu
"""


def test_machine_facts_name_the_cpu_and_the_isa_that_changes_the_kernels() -> None:
    from bench.report import conditions
    from bench.run import cpu_facts

    facts = cpu_facts(CPUINFO)
    assert facts == {
        "cpu_model": "Intel(R) Xeon(R) Processor",
        "isa": ["avx2", "avx512f", "avx512_vnni", "amx_int8"],
    }
    assert cpu_facts("model name : AMD EPYC 7B13\nflags : fpu avx2\n") == {
        "cpu_model": "AMD EPYC 7B13",
        "isa": ["avx2"],
    }
    report = json.loads((ROOT / "bench" / "report.json").read_text())
    report["machine"].update(facts)
    assert "Intel(R) Xeon(R) Processor; avx2, avx512f, avx512_vnni, amx_int8" in conditions(report)
