"""Currency conversion: user-given rates only, exact Decimal, the rate always shown."""

from __future__ import annotations

import csv
import io
import json
from decimal import Decimal
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise.cli import app
from summarise.convert import Converter, format_money, load_rates, parse_rate
from summarise.errors import SummariseError

runner = CliRunner()

DATED = (
    "Nilai Proyek Rp230 Triliun\n\n"
    "Pemerintah menyiapkan proyek senilai Rp230 triliun untuk pusat data baru, kata menteri "
    "di Jakarta, Selasa (4/6/2024).\n"
)


def invoke(*args: str, env: dict[str, str] | None = None):
    return runner.invoke(app, list(args), catch_exceptions=False, env=env)


def rows(out: str) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(out)))


def test_rp230_trillion_at_16250_is_us14_15_billion(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(DATED, encoding="utf-8")
    result = invoke(
        "figures", str(path), "-f", "csv", "--convert", "USD", "--rate", "USD/IDR=16250"
    )
    assert result.exit_code == 0
    money = [r for r in rows(result.stdout) if r["kind"] == "money"]
    assert len(money) == 2
    for r in money:
        assert r["converted_value"] == "14153846153.85"  # 230e12 / 16250, half-up to the cent
        assert r["converted"] == "≈ US$14.15 billion"
        assert r["rate"] == "USD/IDR=16250"
        assert r["rate_source"] == "--rate USD/IDR=16250"
    others = [r for r in rows(result.stdout) if r["kind"] != "money"]
    assert others and all(r["converted_value"] == "" for r in others)


def test_a_rates_file_picks_the_rate_of_the_article_date(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(DATED, encoding="utf-8")
    rates = tmp_path / "rates.csv"
    rates.write_text(
        "date,base,quote,rate\n2024-06-03,USD,IDR,16000\n2024-06-04,USD,IDR,16300\n"
        "2024-06-05,USD,IDR,16400\n",
        encoding="utf-8",
    )
    result = invoke("figures", str(path), "-f", "csv", "--convert", "USD", "--rates", str(rates))
    money = [r for r in rows(result.stdout) if r["kind"] == "money"]
    assert {r["rate"] for r in money} == {"USD/IDR=16300"}
    assert {r["rate_date"] for r in money} == {"2024-06-04"}
    assert {r["rate_source"] for r in money} == {"rates.csv line 3"}
    assert {r["converted_value"] for r in money} == {"14110429447.85"}


def test_nearest_earlier_rate_when_the_day_is_missing(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text(
        "date,base,quote,rate\n2024-01-02,USD,IDR,15000\n2024-03-01,USD,IDR,15500\n",
        encoding="utf-8",
    )
    conv = Converter("USD", load_rates(path))
    assert conv.convert(Decimal(31000), None, "IDR", "2024-02-15").rates[0].date == "2024-01-02"
    assert conv.convert(Decimal(31000), None, "IDR", "2023-12-31").rates[0].date == "2024-01-02"
    assert conv.convert(Decimal(31000), None, "IDR", None).rates[0].date == "2024-03-01"


def test_a_bad_rates_file_row_names_its_line(tmp_path: Path) -> None:
    path = tmp_path / "r.csv"
    path.write_text("date,base,quote,rate\n2024-01-02,USD,IDR,15000\n4/6/2024,USD,IDR,1\n")
    with pytest.raises(SummariseError, match="line 3"):
        load_rates(path)


def test_inverse_and_cross_rates_are_exact() -> None:
    conv = Converter("IDR", [parse_rate("USD/IDR=16250")])
    assert conv.convert(Decimal("85000000"), None, "USD", None).value == Decimal("1381250000000.00")
    cross = Converter("MYR", [parse_rate("USD/IDR=16250"), parse_rate("USD/MYR=4.7")])
    c = cross.convert(Decimal("1625000000"), None, "IDR", None)
    assert c.value == Decimal("470000.00")  # IDR → USD → MYR
    assert len(c.rates) == 2


def test_format_money_scales() -> None:
    assert format_money(Decimal("14153846153.85"), "USD") == "US$14.15 billion"
    assert format_money(Decimal("759734.09"), "USD") == "US$759,734.09"
    assert format_money(Decimal("1300000000000"), "IDR") == "Rp1.30 trillion"


def test_a_missing_rate_is_one_clear_warning_and_the_amounts_stay_unconverted(
    tmp_path: Path,
) -> None:
    path = tmp_path / "a.txt"
    path.write_text(DATED, encoding="utf-8")
    result = invoke("figures", str(path), "-f", "csv", "--convert", "MYR", "--rate", "USD/SGD=1.35")
    assert result.exit_code == 0
    assert result.stderr.strip().splitlines() == [
        "warning: --convert MYR: no rate for MYR/IDR, so those amounts are shown unconverted; "
        "give one with --rate MYR/IDR=RATE or a --rates file (nothing is fetched)"
    ]
    rows = list(csv.DictReader(io.StringIO(result.stdout)))
    money = [r for r in rows if r["kind"] == "money"]
    assert money and all(r["converted_value"] == "" and r["rate"] == "" for r in money)
    # --convert with no rate at all is a usage error, before any reading
    no_rate = invoke("figures", str(path), "-f", "csv", "--convert", "USD")
    assert no_rate.exit_code == 2
    assert len(no_rate.stderr.strip().splitlines()) == 1


@pytest.mark.parametrize("bad", ["USD=16250", "USD/IDR=abc", "USD/USD=1", "USD/IDR=0"])
def test_a_malformed_rate_is_a_usage_error(bad: str) -> None:
    with pytest.raises(SummariseError) as info:
        parse_rate(bad)
    assert info.value.code == 2


def test_rate_without_convert_is_a_usage_error(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text(DATED, encoding="utf-8")
    result = invoke("figures", str(path), "-f", "csv", "--rate", "USD/IDR=16250")
    assert result.exit_code == 2
    assert "--convert" in result.stderr


ARTICLE = Path(__file__).resolve().parents[1] / "samples" / "id-startup-funding.txt"
RATE = ("--convert", "USD", "--rate", "USD/IDR=16250")


def test_convert_in_the_text_of_a_summary(tmp_path: Path) -> None:
    env = {"SUMMARISE_CACHE": str(tmp_path / "cache")}
    args = (str(ARTICLE), "--translator", "none", "-n", "1", "-f", "text")
    result = invoke(*args, *RATE, env=env)
    assert result.exit_code == 0, result.stderr
    lines = result.stdout.splitlines()
    assert (
        "  figures: US$85 million (≈ US$85.00 million); IDR 1.3 trillion (≈ US$80.00 million)"
        in lines
    )
    assert lines[-1] == "Converted at 1 USD = 16250 IDR (--rate USD/IDR=16250)"
    # the conversion is shown, not cached: the same input without --convert has none
    plain_run = invoke(*args, env=env)
    assert "≈" not in plain_run.stdout and "Converted at" not in plain_run.stdout


def test_convert_in_json_and_markdown_figures() -> None:
    result = invoke("figures", str(ARTICLE), "-f", "json", *RATE)
    assert result.exit_code == 0, result.stderr
    figures = json.loads(result.stdout)["figures"]
    (rupiah,) = [f for f in figures if f["text"] == "Rp1,3 triliun"]
    assert rupiah["converted"] == {
        "value": "80000000.00",
        "value_max": None,
        "currency": "USD",
        "display": "≈ US$80.00 million",
        "rate": "1 USD = 16250 IDR (--rate USD/IDR=16250)",
    }
    assert all("converted" not in f for f in figures if f["kind"] != "money")
    md = invoke("figures", str(ARTICLE), "-f", "markdown", *RATE).stdout
    assert (
        "| Rp1,3 triliun | money | 1,300,000,000,000 IDR | IDR 1.3 trillion (≈ US$80.00 million) |"
        in md
    )


def test_a_summary_with_no_rate_for_a_currency_warns_once(tmp_path: Path) -> None:
    result = invoke(
        str(ARTICLE), "--translator", "none", "-f", "text", "--no-cache",
        "--convert", "MYR", "--rate", "USD/SGD=1.35",
    )  # fmt: skip
    assert result.exit_code == 0
    warnings = [line for line in result.stderr.splitlines() if "no rate for" in line]
    assert len(warnings) == 2  # IDR and USD: one line each, whatever the number of figures
    assert "≈" not in result.stdout
