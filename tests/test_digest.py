"""The digest: stories grouped, figures aligned by meaning, conflicts marked, every format."""

from __future__ import annotations

import json
import shutil
from html.parser import HTMLParser
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise.cli import app
from tests.helpers import SAMPLES

runner = CliRunner()


def _article(*paragraphs: str) -> str:
    return "\n\n".join(paragraphs) + "\n"


# One deal told twice (Indonesian and English) with amounts a thousand apart, and one
# unrelated story. Written for these tests.

PINTARKU_ID = _article(
    ("Startup Edukasi Pintarku Raih Pendanaan US$6,6 Juta"),
    (
        "Startup teknologi pendidikan asal Bandung, Pintarku, meraih pendanaan Seri A senilai "
        "US$6,6 juta yang dipimpin oleh Sagara Ventures."
    ),
    (
        "Pendiri sekaligus CEO Pintarku, Dewi Lestari, mengatakan dana itu akan dipakai untuk "
        "merekrut 120 karyawan baru. Saat ini Pintarku melayani 450.000 siswa di 18 provinsi, "
        "ujar Dewi di Jakarta, Senin (3/6/2024)."
    ),
)
PINTARKU_EN = _article(
    ("Indonesian Edtech Pintarku Raises US$6.6 Billion"),
    (
        "Bandung-based education startup Pintarku has raised Series A funding of US$6.6 billion "
        "in a round led by Sagara Ventures, its founder Dewi Lestari said on Monday."
    ),
    (
        "The company, which serves 450,000 students in 18 provinces, plans to hire 120 employees "
        "this year, according to Lestari."
    ),
)
BANK = _article(
    ("Laba Bank Nusantara Naik 12% Jadi Rp4,2 Triliun"),
    (
        "PT Bank Nusantara Tbk membukukan laba bersih Rp4,2 triliun pada semester I 2024, naik "
        "12% dibandingkan periode yang sama tahun lalu."
    ),
    (
        "Direktur Utama Bank Nusantara, Hendra Wijaya, menyebut penyaluran kredit tumbuh 9% "
        "menjadi Rp310 triliun, didorong permintaan dari 2.400 nasabah korporasi."
    ),
)


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def batch(tmp_path: Path) -> Path:
    folder = tmp_path / "news"
    folder.mkdir()
    (folder / "1-pintarku-id.txt").write_text(PINTARKU_ID, encoding="utf-8")
    (folder / "2-pintarku-en.txt").write_text(PINTARKU_EN, encoding="utf-8")
    (folder / "3-bank.txt").write_text(BANK, encoding="utf-8")
    return folder


def digest_json(*args: str) -> dict:
    result = invoke("digest", *args, "--translator", "none", "-f", "json")
    assert result.exit_code == 0, result.stderr
    return json.loads(result.stdout)


def groups(obj: dict) -> list[list[str]]:
    paths = {a["id"]: Path(a["path"]).name for a in obj["articles"]}
    return [[paths[a] for a in s["articles"]] for s in obj["stories"]]


def test_one_deal_in_two_languages_groups_and_its_scale_conflict_shows(batch: Path) -> None:
    obj = digest_json(str(batch))
    assert groups(obj) == [["1-pintarku-id.txt", "2-pintarku-en.txt"], ["3-bank.txt"]]
    story = obj["stories"][0]
    assert story["links"] == [{"articles": ["a1", "a2"], "reason": "same event"}]
    assert [c["label"] for c in story["conflicts"]] == ["funding · USD"]
    conflict = story["conflicts"][0]
    assert [(v["article"], v["english"]) for v in conflict["values"]] == [
        ("a1", "US$6.6 million"),
        ("a1", "US$6.6 million"),
        ("a2", "US$6.6 billion"),
        ("a2", "US$6.6 billion"),
    ]
    assert conflict["notes"] == [
        "the sources give different values, none in common",
        "values a power of 1,000 apart: check the scale word",
    ]
    rows = {r["label"]: r for r in story["figures"]}
    assert rows["employees"]["status"] == "agree"  # 120 karyawan = 120 employees
    assert [v["value"] for v in rows["funding · USD"]["values"]] == [
        "6600000",
        "6600000",
        "6600000000",
        "6600000000",
    ]
    assert obj["stories"][1]["conflicts"] == []


def test_samples_with_near_copies_group_with_their_originals(tmp_path: Path) -> None:
    folder = tmp_path / "batch"
    folder.mkdir()
    articles = (
        "en-regional-tech.txt",
        "id-ecommerce-results.txt",
        "id-fintech-page.html",
        "id-scraped-page.txt",
        "id-startup-funding.txt",
        "id-telco-infrastructure.md",
        "ms-digital-economy.txt",
    )  # named, so a new sample does not change what this test expects
    for name in articles:
        shutil.copy(SAMPLES / name, folder / name)
    funding = (SAMPLES / "id-startup-funding.txt").read_text(encoding="utf-8")
    assert "senilai US$85 juta" in funding
    (folder / "id-startup-funding-copy.txt").write_text(
        funding.replace("senilai US$85 juta", "senilai US$95 juta"), encoding="utf-8"
    )
    regional = (SAMPLES / "en-regional-tech.txt").read_text(encoding="utf-8")
    assert "about US$3.4 billion" in regional
    (folder / "en-regional-tech-copy.txt").write_text(
        regional.replace("about US$3.4 billion", "about US$3.9 billion"), encoding="utf-8"
    )
    obj = digest_json(str(folder))
    assert groups(obj) == [
        ["en-regional-tech-copy.txt", "en-regional-tech.txt"],
        ["id-startup-funding-copy.txt", "id-startup-funding.txt"],
        ["id-ecommerce-results.txt"],
        ["id-fintech-page.html"],
        ["id-scraped-page.txt"],
        ["id-telco-infrastructure.md"],
        ["ms-digital-economy.txt"],
    ]
    regional_conflicts = obj["stories"][0]["conflicts"]
    assert [c["label"] for c in regional_conflicts] == ["valuation · USD"]
    assert [v["text"] for v in regional_conflicts[0]["values"]] == [
        "US$3.9 billion",
        "US$3.4 billion",
    ]
    funding_conflicts = obj["stories"][1]["conflicts"]
    assert [c["label"] for c in funding_conflicts] == ["funding · USD"]
    assert "US$95 juta" in [v["text"] for v in funding_conflicts[0]["values"]]
    assert all(s["conflicts"] == [] for s in obj["stories"][2:])


def test_json_schema_digest_1(batch: Path) -> None:
    obj = digest_json(str(batch))
    assert obj["schema"] == "summarise.digest/1"
    assert set(obj) == {
        "schema",
        "version",
        "method",
        "conversion",
        "articles",
        "stories",
        "overview",
        "failed",
    }
    assert obj["conversion"] is None and obj["failed"] == 0
    assert obj["articles"][0] == {
        "id": "a1",
        "path": str(batch / "1-pintarku-id.txt"),
        "headline": "Startup Edukasi Pintarku Raih Pendanaan US$6,6 Juta",
        "headline_source": "Startup Edukasi Pintarku Raih Pendanaan US$6,6 Juta",
        "language": "id",
        "date": "2024-06-03",
        "story": "s1",
    }
    story = obj["stories"][0]
    assert set(story) == {"id", "headline", "articles", "links", "facts", "figures", "conflicts"}
    assert set(story["facts"][0]) == {"text", "source", "fidelity", "articles"}
    row = story["figures"][0]
    assert set(row) == {"slot", "label", "kind", "status", "notes", "values"}
    assert set(row["slot"]) == {"family", "currency", "points", "noun", "subject"}
    assert set(obj["overview"]) == {"stories_by_size", "largest_amounts", "timeline"}
    assert obj["overview"]["stories_by_size"] == [
        {"story": "s1", "articles": 2, "headline": story["headline"]},
        {"story": "s2", "articles": 1, "headline": obj["stories"][1]["headline"]},
    ]
    largest = [(v["currency"], v["value"]) for v in obj["overview"]["largest_amounts"]]
    assert largest == [
        ("IDR", "310000000000000"),
        ("IDR", "4200000000000"),
        ("USD", "6600000000"),
        ("USD", "6600000"),
    ]
    # Only the Indonesian article has a dateline: its amounts make the timeline.
    assert {(v["date"], v["article"]) for v in obj["overview"]["timeline"]} == {
        ("2024-06-03", "a1")
    }


def test_facts_carry_their_articles(batch: Path) -> None:
    obj = digest_json(str(batch))
    facts = obj["stories"][1]["facts"]
    assert facts and all(f["articles"] == ["a3"] for f in facts)
    assert facts[0]["source"].startswith("PT Bank Nusantara Tbk membukukan laba bersih")


def test_markdown_marks_the_conflict(batch: Path) -> None:
    result = invoke("digest", str(batch), "--translator", "none")
    assert result.exit_code == 0
    out = result.stdout
    assert out.startswith("# Digest: 3 articles, 2 stories\n")
    assert "**Conflicts**" in out
    assert "| funding · USD | **CONFLICT** |" in out


class _Collect(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.tags: list[tuple[str, dict[str, str | None]]] = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.tags.append((tag, dict(attrs)))


def test_html_is_one_self_contained_file(batch: Path, tmp_path: Path) -> None:
    target = tmp_path / "report.html"
    result = invoke("digest", str(batch), "--translator", "none", "-o", str(target))
    assert result.exit_code == 0 and result.stdout == ""
    page = target.read_text(encoding="utf-8")
    parser = _Collect()
    parser.feed(page)
    tags = [t for t, _ in parser.tags]
    assert "link" not in tags and "img" not in tags and "iframe" not in tags
    assert all("src" not in attrs for t, attrs in parser.tags if t == "script")
    assert "http://" not in page and "https://" not in page
    assert ("meta", {"name": "viewport", "content": "width=device-width, initial-scale=1"}) in (
        parser.tags
    )
    assert sum(1 for t, a in parser.tags if t == "table" and a.get("class") == "sortable") >= 3
    assert '<span class="tag">CONFLICT</span>' in page


def test_convert_in_the_digest(batch: Path) -> None:
    obj = digest_json(str(batch), "--convert", "USD", "--rate", "USD/IDR=16250")
    assert obj["conversion"]["to"] == "USD"
    assert obj["conversion"]["rates"] == [
        {
            "base": "USD",
            "quote": "IDR",
            "rate": "16250",
            "date": None,
            "source": "--rate USD/IDR=16250",
        }
    ]
    top = obj["overview"]["largest_amounts"][0]
    assert top["text"] == "Rp310 triliun"
    assert top["converted"]["value"] == "19076923076.92"
    assert top["converted"]["display"] == "≈ US$19.08 billion"
    assert top["converted"]["rates"] == [
        {"base": "USD", "quote": "IDR", "rate": "16250", "date": None}
    ]
    md = invoke(
        "digest", str(batch), "--translator", "none", "--convert", "USD", "--rate", "USD/IDR=16250"
    ).stdout
    assert "Converted to USD with 1 USD = 16250 IDR (--rate USD/IDR=16250)" in md
    assert "IDR 310 trillion (Rp310 triliun) ≈ US$19.08 billion" in md


def test_digest_missing_rate_is_one_warning(batch: Path) -> None:
    result = invoke(
        "digest",
        str(batch),
        *("--translator", "none", "-f", "json"),
        *("--convert", "USD", "--rate", "USD/SGD=1.35"),
    )
    assert result.exit_code == 0
    assert [line for line in result.stderr.splitlines() if "no rate for" in line] == [
        "warning: --convert USD: no rate for USD/IDR, so those amounts are shown unconverted; "
        "give one with --rate USD/IDR=RATE or a --rates file (nothing is fetched)"
    ]

    def money(node: object) -> list[dict]:
        if isinstance(node, dict):
            found = [node] if node.get("kind") == "money" and "text" in node else []
            return found + [m for v in node.values() for m in money(v)]
        if isinstance(node, list):
            return [m for v in node for m in money(v)]
        return []

    amounts = money(json.loads(result.stdout))
    rupiah = [m for m in amounts if m["currency"] == "IDR"]
    assert rupiah and all("converted" not in m for m in rupiah)  # no rate: shown unconverted
    assert all("converted" in m for m in amounts if m["currency"] == "USD")


def _chromium() -> str | None:
    for name in ("chromium", "chromium-browser", "google-chrome", "chrome"):
        if path := shutil.which(name):
            return path
    return None


_HARNESS_HEAD = (
    "<script>window.__errors=[];"
    "window.addEventListener('error',function(e){window.__errors.push(String(e.message))});"
    "var __ce=console.error;console.error=function(){"
    "window.__errors.push(Array.prototype.join.call(arguments,' '));__ce.apply(console,arguments)};"
    "</script>"
)
_HARNESS_TAIL = """<script>
(function(){
  var t=document.querySelector('table.sortable'), th=t.querySelectorAll('th')[1];
  function col(){return Array.prototype.map.call(t.tBodies[0].rows,
    function(r){return r.cells[0].textContent})}
  var before=col(); th.click(); var asc=col(); th.click(); var desc=col();
  var big=document.querySelectorAll('table.sortable')[1];
  big.querySelectorAll('th')[1].click();
  var amounts=Array.prototype.map.call(big.tBodies[0].rows,
    function(r){return r.cells[1].getAttribute('data-sort')});
  var out={before:before,asc:asc,desc:desc,errors:window.__errors,amounts:amounts,
           tables:document.querySelectorAll('table.sortable').length,
           width:document.documentElement.scrollWidth};
  var pre=document.createElement('pre'); pre.id='result';
  pre.textContent=JSON.stringify(out); document.body.appendChild(pre);
})();
</script>"""


@pytest.mark.slow
def test_html_digest_in_a_headless_browser(batch: Path, tmp_path: Path) -> None:
    """Renders, sorts, no console errors; screenshots (laptop and phone) in the temp dir."""
    import re
    import subprocess

    browser = _chromium()
    if browser is None:
        pytest.skip("no Chromium on this machine (Debian: apt-get install chromium)")
    folder = batch
    (folder / "4-pintarku-copy.txt").write_text(PINTARKU_ID, encoding="utf-8")
    report = tmp_path / "report.html"
    assert invoke("digest", str(folder), "--translator", "none", "-o", str(report)).exit_code == 0
    page = report.read_text(encoding="utf-8")
    harness = tmp_path / "harness.html"
    harness.write_text(
        page.replace("<head>", "<head>" + _HARNESS_HEAD, 1).replace(
            "</body>", _HARNESS_TAIL + "</body>", 1
        ),
        encoding="utf-8",
    )
    flags = [browser, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"]
    flags += [f"--user-data-dir={tmp_path / 'profile'}"]
    try:
        dom = subprocess.run(
            [*flags, "--dump-dom", harness.as_uri()],
            capture_output=True,
            text=True,
            timeout=600,
        )
    except (OSError, subprocess.TimeoutExpired) as exc:
        pytest.skip(f"Chromium did not run here: {exc}")
    found = re.search(r'<pre id="result">(.*?)</pre>', dom.stdout, re.S)
    assert found, dom.stderr[-2000:]
    import html as html_module

    result = json.loads(html_module.unescape(found.group(1)))
    assert result["errors"] == []
    assert result["tables"] >= 3
    # Stories by size, sorted by the article count: 3 then 1, ascending, then back.
    assert result["before"] == ["s1", "s2"]
    assert result["asc"] == ["s2", "s1"]
    assert result["desc"] == ["s1", "s2"]
    # Largest amounts sorted by the amount: numerically, not as text.
    amounts = [float(a) for a in result["amounts"]]
    assert amounts == sorted(amounts) and len(amounts) == 4
    for name, size in (("laptop", "1280,900"), ("phone", "390,844")):
        shot = tmp_path / f"digest-{name}.png"
        subprocess.run(
            [*flags, f"--screenshot={shot}", f"--window-size={size}", report.as_uri()],
            capture_output=True,
            timeout=600,
        )
        assert shot.is_file() and shot.stat().st_size > 1000


def test_digest_is_listed_in_help_and_excel_needs_a_table() -> None:
    assert "digest" in invoke("--help").stdout
    result = invoke("figures", str(SAMPLES / "id-startup-funding.txt"), "-f", "json", "--excel")
    assert result.exit_code == 2
    assert "--excel works with -f csv or -f tsv" in result.stderr


def test_an_unreadable_input_is_one_line_and_the_digest_goes_on(batch: Path) -> None:
    (batch / "0-empty.txt").write_bytes(b"")
    result = invoke("digest", str(batch), "--translator", "none", "-f", "json")
    assert result.exit_code == 1
    assert len(result.stderr.strip().splitlines()) == 1
    obj = json.loads(result.stdout)
    assert obj["failed"] == 1 and len(obj["articles"]) == 3


def test_a_report_inside_the_input_folder_is_not_read_back(batch: Path) -> None:
    target = batch / "digest.md"
    for _ in range(2):
        result = invoke("digest", str(batch), "--translator", "none", "-o", str(target))
        assert result.exit_code == 0
    assert target.read_text(encoding="utf-8").startswith("# Digest: 3 articles, 2 stories\n")


def test_figures_table_checks_lang_once() -> None:
    result = invoke("figures", str(SAMPLES), "-f", "csv", "--lang", "xx")
    assert result.exit_code == 2
    assert result.stdout == ""
    assert len(result.stderr.strip().splitlines()) == 1
