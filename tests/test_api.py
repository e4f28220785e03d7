"""The public Python API: extract_figures, verify_translation, summarise_text."""

from __future__ import annotations

import subprocess
import sys
from decimal import Decimal

import summarise
from tests.helpers import ROOT, SAMPLES

ARTICLE = SAMPLES / "id-startup-funding.txt"
TITLE = "Startup Logistik Kirimaja Raih Pendanaan US$85 Juta, Valuasi Tembus US$1,2 Miliar"


def test_import_is_light() -> None:
    code = (
        "import sys, summarise\n"
        "summarise.extract_figures, summarise.verify_translation, summarise.summarise_text\n"
        "print([m for m in ('torch', 'transformers', 'lingua', 'trafilatura') "
        "if m in sys.modules])\n"
    )
    out = subprocess.run([sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True)
    assert out.stdout.strip() == "[]", out.stderr


def test_extract_figures_detects_the_language_when_none_is_given() -> None:
    figures = summarise.extract_figures(
        "Pemerintah mengalokasikan Rp1,5 triliun untuk 1.500 karyawan, naik 12,5 persen."
    )
    assert [(f.kind, f.value, f.currency) for f in figures] == [
        ("money", Decimal("1500000000000"), "IDR"),
        ("count", Decimal(1500), None),
        ("percent", Decimal("12.5"), None),
    ]


def test_extract_figures_with_a_language() -> None:
    (fig,) = summarise.extract_figures("Syarikat itu meraih RM1.2 bilion.", lang="ms")
    assert (fig.value, fig.currency, fig.english) == (
        Decimal("1200000000"),
        "MYR",
        "MYR 1.2 billion",
    )


def test_verify_translation_returns_a_verdict() -> None:
    ok = summarise.verify_translation("Sahamnya 49 persen.", "Its stake is 49 percent.")
    assert (ok.status, ok.problems) == ("ok", [])
    bad = summarise.verify_translation("Sahamnya 49 persen.", "Its stake is 94 percent.")
    assert bad.status == "flagged"
    assert bad.problems == [
        '"49 persen" (49%) is missing or changed in the translation',
        '"94 percent" in the translation is not in the source',
    ]


class Dictionary:
    """A user's own translator: any object with generate(texts, **options)."""

    def __init__(self, table: dict[str, str]) -> None:
        self.table = table
        self.seen: list[str] = []

    def generate(self, texts, **options):
        self.seen += list(texts)
        return [self.table.get(t, "") for t in texts]


def test_summarise_text_with_a_custom_translator_checks_every_bullet_and_the_title() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    first = (
        "Startup logistik asal Jakarta, Kirimaja, mengumumkan telah meraih pendanaan Seri C "
        "senilai US$85 juta atau sekitar Rp1,3 triliun."
    )
    model = Dictionary(
        {
            TITLE: "Logistics startup Kirimaja raises US$85 million, valuation tops US$1.2 billion",
            first: (
                "Jakarta logistics startup Kirimaja announced a Series C round of US$85 million, "
                "or about IDR 1.3 trillion."
            ),
        }
    )
    result = summarise.summarise_text(text, translator=model, bullets=2)
    obj = result.to_json()
    assert obj["schema"] == "summarise.result/1"
    assert obj["title"]["fidelity"] == "ok"
    assert obj["title"]["english"].startswith("Logistics startup Kirimaja")
    first_bullet = obj["bullets"][0]
    assert (first_bullet["source"], first_bullet["fidelity"]) == (first, "ok")
    # the second bullet came back empty from this translator: flagged, never ok
    assert obj["bullets"][1]["fidelity"] == "flagged"
    assert first in model.seen and TITLE in model.seen


def test_summarise_text_flags_a_wrong_title_figure() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    wrong = "Logistics startup Kirimaja raises US$85 million, valuation tops US$1.2 million"
    result = summarise.summarise_text(text, translator=Dictionary({TITLE: wrong}), bullets=1)
    assert result.to_json()["title"]["fidelity"] == "flagged"
    assert any(w.startswith('title: "US$1,2 Miliar"') for w in result.warnings)


def test_summarise_text_without_a_translator() -> None:
    text = ARTICLE.read_text(encoding="utf-8")
    obj = summarise.summarise_text(text, translator="none", bullets=1).to_json()
    assert obj["translation"]["status"] == "skipped"
    assert obj["title"]["fidelity"] == "unchecked"
    assert [b["fidelity"] for b in obj["bullets"]] == ["unchecked"]
