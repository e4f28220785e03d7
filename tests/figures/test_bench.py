"""The bench functions run and report honestly shaped numbers."""

from __future__ import annotations

from pathlib import Path

from bench.figures_eval import crosslingual_agreement
from bench.figures_speed import throughput_mb_per_s


def test_crosslingual_agreement_reports_share_and_disagreements(eval_dir: Path) -> None:
    result = crosslingual_agreement()
    assert result["n"] > 50
    assert 0.0 <= result["share"] <= 1.0
    assert len(result["disagreements"]) == result["n"] - result["agree"]
    # Measured 0.857: every remaining disagreement is a loose or misaligned reference.
    assert result["share"] >= 0.85


def test_throughput_is_measured() -> None:
    rate = throughput_mb_per_s(repeats=1, min_bytes=50_000)
    assert rate > 0


def test_samples_scores_per_language() -> None:
    from bench.figures_eval import MEASURES, samples_scores

    scores = samples_scores()
    assert set(scores) == {"id", "ms", "en"}
    for lang, s in scores.items():
        assert all(0.0 <= s[name]["score"] <= 1.0 for name, _, _ in MEASURES)
        # The hand-checked money and percent figures of our own samples: every one, exactly.
        assert s["money+percent P"]["score"] == s["money+percent R"]["score"] == 1.0, lang
        assert s["date R"]["score"] == 1.0, lang


def test_eval_table_shows_samples_without_shared_data(tmp_path, monkeypatch) -> None:
    from bench import evaluate

    monkeypatch.setattr(evaluate, "EVAL_DIR", tmp_path / "absent")
    skipped = {"skipped": "not run here"}
    report = {"figures": evaluate.figures_part(), "selection": skipped, "translation": skipped}
    assert "lacks" in report["figures"]["skipped"]
    table = evaluate.markdown_table(report)
    assert "| en |" in table and "money+percent P" in table


def test_side_by_side_times_each_tree(monkeypatch) -> None:
    from pathlib import Path

    from bench import figures_speed

    monkeypatch.setattr(figures_speed, "sample_text", lambda: "Rp1,5 triliun dan 49 persen. " * 50)
    here = str(Path(__file__).resolve().parents[2])
    best = figures_speed.side_by_side([here, here], ("id",), rounds=1)
    assert best[here]["id"] > 0


def test_samples_are_scored_as_the_cli_reports_them() -> None:
    from bench.figures_eval import cli_figures

    # The CLI cleans the page first: a dateline is no sentence but its date counts, and a
    # chrome line is not read at all.
    text = (
        "Home | News | 2024\n\nKedai Awan posts record quarter\n\n"
        "PETALING JAYA (Nov 27): Revenue rose 5%.\n"
    )
    found = [(f.kind, str(f.value)) for f in cli_figures(text, "en")]
    assert found == [("date", "--11-27"), ("percent", "5")]
