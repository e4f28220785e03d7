"""Renderers draw every format from the JSON contract object."""

from __future__ import annotations

import copy
import io
import json

from rich.console import Console

from summarise.render import (
    FiguresShown,
    Format,
    error_json,
    render,
    render_markdown,
    render_rich,
    render_text,
)

RESULT = {
    "schema": "summarise.result/1",
    "input": {"path": "a.txt", "sha256": "ab" * 32, "bytes": 10},
    "language": {"code": "id", "confidence": 0.97},
    "title": {"source": "Judul | berita", "english": "Headline | news"},
    "bullets": [
        {
            "english": "Meta invested US$14.3 billion.",
            "source": "Meta investasi US$14,3 miliar.",
            "sentences": [0],
            "figures": [0],
            "fidelity": "ok",
        },
        {
            "english": None,
            "source": "Sumber kalimat dua.",
            "sentences": [2],
            "figures": [],
            "fidelity": "flagged",
        },
    ],
    "figures": [
        {
            "kind": "money",
            "text": "US$14,3 miliar",
            "start": 15,
            "end": 29,
            "value": 14300000000,
            "value_max": None,
            "currency": "USD",
            "unit": None,
            "unit_english": None,
            "english": "US$14.3 billion",
            "sentence": 0,
        },
    ],
    "translation": {"status": "ok", "model": "tiny", "reason": None},
    "warnings": [],
    "timings_ms": {"total": 1.0},
}


def test_text_shows_title_bullets_flags_and_figures() -> None:
    out = render_text(RESULT)
    assert "Headline | news" in out
    assert "- Meta invested US$14.3 billion." in out
    assert "- Sumber kalimat dua. [flagged]" in out  # no English: the source is shown
    assert "US$14,3 miliar → US$14.3 billion  [money]" in out
    assert "translation ok (tiny)" in out


def test_markdown_escapes_pipes_in_table_cells() -> None:
    out = render_markdown(RESULT)
    assert out.startswith("# Headline | news\n")
    assert "| US$14,3 miliar | money | 14,300,000,000 USD | US$14.3 billion |" in out
    assert "**[flagged]**" in out


def test_json_and_jsonl_are_the_object_itself() -> None:
    assert json.loads(render(RESULT, Format.json)) == RESULT
    line = render(RESULT, Format.jsonl)
    assert line.count("\n") == 1 and json.loads(line) == RESULT


def test_rich_table_lists_source_value_and_english() -> None:
    buf = io.StringIO()
    render_rich(RESULT, Console(file=buf, width=120, color_system=None))
    out = buf.getvalue()
    assert "US$14,3 miliar" in out and "US$14.3 billion" in out and "(flagged)" in out


def test_figures_object_renders_without_bullets() -> None:
    obj = {k: RESULT[k] for k in ("input", "language", "figures")}
    obj["schema"] = "summarise.figures/1"
    assert "US$14,3 miliar → US$14.3 billion" in render_text(obj)
    assert "| source | kind | value | English |" in render_markdown(obj)


def test_error_object_shape() -> None:
    assert error_json("x.txt", "binary", "x.txt: binary") == {
        "schema": "summarise.error/1",
        "input": {"path": "x.txt"},
        "error": {"code": "binary", "message": "x.txt: binary"},
    }


def _with_unused_figures(n: int) -> dict:
    obj = copy.deepcopy(RESULT)
    for i in range(n):
        extra = dict(RESULT["figures"][0], text=f"{i + 2} persen", english=f"{i + 2}%")
        obj["figures"].append(dict(extra, kind="percent", value=i + 2, currency=None))
    return obj


def test_figures_bullets_lists_the_bullets_figures_then_counts_the_rest() -> None:
    obj = _with_unused_figures(2)
    text = render_text(obj, FiguresShown.bullets)
    assert "  US$14,3 miliar → US$14.3 billion  [money]" in text
    assert "2 persen" not in text and "3 persen" not in text
    assert text.endswith(
        "Figures:\n  US$14,3 miliar → US$14.3 billion  [money]\n"
        "  … and 2 more figures in the article (--figures all lists them)\n"
    )
    md = render_markdown(obj, FiguresShown.bullets)
    assert "| US$14,3 miliar |" in md and "2 persen" not in md
    assert md.endswith("*… and 2 more figures in the article (--figures all lists them)*\n")
    assert "3 persen → 3%  [percent]" in render_text(obj, FiguresShown.all)
    buf = io.StringIO()
    render_rich(obj, Console(file=buf, width=100, color_system=None), FiguresShown.bullets)
    assert "2 persen" not in buf.getvalue()
    assert "… and 2 more figures in the article" in buf.getvalue()


def test_figures_none_drops_the_list_but_bullets_keep_theirs() -> None:
    obj = _with_unused_figures(1)
    text = render_text(obj, FiguresShown.none)
    assert "Figures:" not in text and "more figure" not in text
    assert "  figures: US$14.3 billion" in text
    assert "| source |" not in render_markdown(obj, FiguresShown.none)


def test_rich_bullets_wrap_at_word_boundaries_with_a_hanging_indent() -> None:
    obj = copy.deepcopy(RESULT)
    words = [f"kata{i:02d}panjang" for i in range(30)]
    obj["bullets"][0]["english"] = " ".join(words)
    buf = io.StringIO()
    render_rich(obj, Console(file=buf, width=60, color_system=None, soft_wrap=True))
    lines = buf.getvalue().splitlines()
    bullet = [x for x in lines if "panjang" in x]
    assert len(bullet) > 2 and all(len(x) <= 60 for x in bullet)
    assert [w for x in bullet for w in x.split() if w != "•"] == words  # no word cut in two
    assert bullet[0].startswith(" • ") and all(x.startswith("   ") for x in bullet[1:])


def _flagged_title() -> dict:
    obj = copy.deepcopy(RESULT)
    obj["title"] = {
        "source": "Meta Miliki Saham Rp230 Triliun",
        "english": "Meta owns Rp230 million in shares",
        "fidelity": "flagged",
    }
    return obj


def test_a_flagged_title_is_marked_with_its_source_in_text_and_markdown() -> None:
    obj = _flagged_title()
    text = render_text(obj)
    assert (
        "Meta owns Rp230 million in shares [flagged] (source: Meta Miliki Saham Rp230 Triliun)"
        in text
    )
    md = render_markdown(obj)
    assert "**[flagged]** the title's figures failed the check; source: Meta Miliki Saham" in md


def test_a_flagged_title_is_marked_in_rich() -> None:
    buffer = io.StringIO()
    render_rich(_flagged_title(), Console(file=buffer, width=120, color_system=None))
    out = buffer.getvalue()
    assert "(flagged) source headline: Meta Miliki Saham Rp230 Triliun" in out


def test_an_ok_title_carries_no_mark() -> None:
    obj = _flagged_title()
    obj["title"]["fidelity"] = "ok"
    assert render_text(obj).splitlines()[1] == "Meta owns Rp230 million in shares"
    assert render_markdown(obj).splitlines()[:2] == ["# Meta owns Rp230 million in shares", ""]
    assert "title's figures" not in render_markdown(obj)
