"""The figures table: one row per figure, exact values, RFC 4180 CSV, TSV, BOM, Python rows."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from typer.testing import CliRunner

import summarise
from summarise.cli import app
from summarise.table import COLUMNS

runner = CliRunner()

BANK = (
    "Laba Bank Nusantara Naik 12% Jadi Rp4,2 Triliun\n\n"
    "PT Bank Nusantara Tbk membukukan laba bersih Rp4,2 triliun pada semester I 2024, "
    "naik 12% dibandingkan periode yang sama tahun lalu.\n"
)
EXACT = (
    "Nilai Proyek Rp230 Triliun\n\n"
    "Pemerintah menyiapkan proyek senilai Rp230 triliun dan dana cadangan "
    "Rp12.345.678.901,23 untuk 2025, kata menteri di Jakarta, Selasa (4/6/2024).\n"
)
HEADER = (
    "file,sentence,kind,value,value_max,currency,unit,unit_english,english,text,start,end,"
    "approx,points,partial,language"
)


def invoke(*args: str):
    return runner.invoke(app, list(args), catch_exceptions=False)


@pytest.fixture
def bank(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> str:
    monkeypatch.chdir(tmp_path)
    Path("bank.txt").write_text(BANK, encoding="utf-8")
    return "bank.txt"


def test_csv_bytes_header_crlf_and_quoting(bank: str) -> None:
    result = invoke("figures", bank, "-f", "csv")
    assert result.exit_code == 0
    expected = (
        HEADER + "\r\n"
        "bank.txt,,percent,12,,,,,12%,12%,25,28,false,false,false,id\r\n"
        'bank.txt,,money,4200000000000,,IDR,,,IDR 4.2 trillion,"Rp4,2 Triliun",34,47,'
        "false,false,false,id\r\n"
        'bank.txt,0,money,4200000000000,,IDR,,,IDR 4.2 trillion,"Rp4,2 triliun",94,107,'
        "false,false,false,id\r\n"
        "bank.txt,0,date,2024-H1,,,,,H1 2024,semester I 2024,113,128,false,false,false,id\r\n"
        "bank.txt,0,percent,12,,,,,12%,12%,135,138,false,false,false,id\r\n"
    )
    assert result.stdout_bytes == expected.encode("utf-8")


def test_excel_adds_a_bom_and_nothing_else(bank: str) -> None:
    plain = invoke("figures", bank, "-f", "csv").stdout_bytes
    excel = invoke("figures", bank, "-f", "csv", "--excel").stdout_bytes
    assert excel == b"\xef\xbb\xbf" + plain
    assert not plain.startswith(b"\xef\xbb\xbf")


def test_tsv_is_tab_separated_with_lf(bank: str) -> None:
    out = invoke("figures", bank, "-f", "tsv").stdout
    lines = out.split("\n")
    assert lines[0] == HEADER.replace(",", "\t")
    assert lines[2].split("\t")[9] == "Rp4,2 Triliun"  # no quoting needed without a tab
    assert "\r" not in out


def test_values_are_exact_decimals_never_floats(tmp_path: Path) -> None:
    path = tmp_path / "exact.txt"
    path.write_text(EXACT, encoding="utf-8")
    rows = summarise.figure_rows(path)
    assert [r["value"] for r in rows] == [
        "230000000000000",
        "230000000000000",
        "12345678901.23",
        "2025",
        "2024-06-04",
    ]
    assert rows[2]["english"] == "IDR 12,345,678,901.23"


def test_python_rows_are_the_csv_rows(bank: str) -> None:
    rows = summarise.figure_rows([bank])
    parsed = list(csv.DictReader(io.StringIO(invoke("figures", bank, "-f", "csv").stdout)))
    assert rows == parsed
    assert list(rows[0]) == list(COLUMNS)


def test_a_200_file_batch_loads_intact_in_csv_and_pandas(tmp_path: Path) -> None:
    for n in range(200):
        body = BANK.replace("Rp4,2", f"Rp{n},5").replace("12%", f"{n % 90 + 1}%")
        (tmp_path / f"a{n:03}.txt").write_text(body, encoding="utf-8")
    rows = summarise.figure_rows(tmp_path)
    out = invoke("figures", str(tmp_path), "-f", "csv").stdout
    parsed = list(csv.DictReader(io.StringIO(out)))
    assert parsed == rows
    assert len(parsed) == 200 * 5
    money = [r for r in parsed if r["kind"] == "money"]
    assert {r["value"] for r in money} == {
        f"{n}500000000000" if n else "500000000000" for n in range(200)
    }
    pandas = pytest.importorskip("pandas")
    frame = pandas.read_csv(io.StringIO(out), dtype=str, keep_default_na=False)
    assert frame.to_dict("records") == parsed


def test_csv_with_output_dir_is_a_usage_error(bank: str) -> None:
    result = invoke("figures", bank, "-f", "csv", "-o", "out")
    assert result.exit_code == 2
    assert "redirect" in result.stderr


def test_unreadable_input_is_one_line_and_the_table_goes_on(bank: str) -> None:
    Path("empty.txt").write_bytes(b"")
    result = invoke("figures", bank, "empty.txt", "-f", "csv")
    assert result.exit_code == 1
    assert result.stdout.count("bank.txt,") == 5
    assert len(result.stderr.strip().splitlines()) == 1
