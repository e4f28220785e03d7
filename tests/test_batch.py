"""Batch runs at scale: bad files mixed in, interruption and resume, nothing half-written."""

from __future__ import annotations

import json
import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise.cli import app
from tests.helpers import ROOT, SAMPLES

GOOD = sorted(
    p for p in SAMPLES.iterdir() if p.suffix in (".txt", ".md", ".html") and p.stem != "README"
)
INDONESIAN = [SAMPLES / "id-ecommerce-results.txt", SAMPLES / "id-startup-funding.txt"]
BAD_KINDS = ("empty", "whitespace", "binary", "too-large")


def _make_tree(root: Path, n_good: int, n_bad: int) -> tuple[list[Path], list[Path]]:
    """`n_good` variants of the samples (each unique, so none is a cache hit) and bad files."""
    good: list[Path] = []
    for i in range(n_good):
        src = GOOD[i % len(GOOD)]
        sub = root / f"batch{i % 7}"
        sub.mkdir(parents=True, exist_ok=True)
        dst = sub / f"{i:04d}-{src.name}"
        # Vary the bytes so every file has its own sha256 (an HTML comment changes no text).
        tail = f"\n<!-- copy {i} -->\n" if src.suffix == ".html" else f"\n\nSalinan {i}.\n"
        dst.write_bytes(src.read_bytes() + tail.encode())
        good.append(dst)
    bad: list[Path] = []
    for i in range(n_bad):
        kind = BAD_KINDS[i % len(BAD_KINDS)]
        dst = root / f"bad{i % 3}" / f"{i:02d}-{kind}.txt"
        dst.parent.mkdir(parents=True, exist_ok=True)
        dst.write_bytes(
            {
                "empty": b"",
                "whitespace": b" \n \r\n\t",
                "binary": bytes(range(256)) * 4,
                "too-large": b"kata " * 300_000,
            }[kind]
        )
        bad.append(dst)
    return good, bad


@pytest.mark.slow
def test_500_files_with_20_bad_run_to_the_end(tmp_path: Path) -> None:
    good, bad = _make_tree(tmp_path / "in", 480, 20)
    out = tmp_path / "out"
    args = [str(tmp_path / "in"), "-o", str(out), "-f", "json", "--translator", "none"]
    result = CliRunner().invoke(app, [*args, "--max-bytes", "1000000"], catch_exceptions=False)
    assert result.exit_code == 1
    for path in good:
        rel = path.relative_to(tmp_path / "in")
        obj = json.loads((out / f"{rel}.json").read_text(encoding="utf-8"))
        assert obj["schema"] == "summarise.result/1" and obj["bullets"]
    errors = [x for x in result.stderr.splitlines() if x.startswith("error:")]
    assert len(errors) == len(bad)
    for path in bad:
        assert any(path.name in line for line in errors)
    assert not list(out.rglob("*.tmp")), "temp files left behind"
    assert f"{len(good)} done" in result.stderr and f"{len(bad)} failed" in result.stderr


def _start_batch(
    tmp_path: Path, n: int, wait_for: int = 20
) -> tuple[subprocess.Popen, Path, list[str], dict]:
    """A real `summarise` batch of `n` files, returned once `wait_for` outputs exist."""
    _make_tree(tmp_path / "in", n, 0)
    out = tmp_path / "out"
    env = {**os.environ, "SUMMARISE_CACHE": str(tmp_path / "cache"), "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "summarise", str(tmp_path / "in"), "-o", str(out), "-f", "json"]
    cmd += ["--translator", "none"]
    proc = subprocess.Popen(cmd, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True)
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline and len(list(out.rglob("*.json"))) < wait_for:
        time.sleep(0.01)
    return proc, out, cmd, env


@pytest.mark.slow
def test_kill_9_midway_then_resume_from_cache(tmp_path: Path) -> None:
    proc, out, cmd, env = _start_batch(tmp_path, 200, wait_for=30)
    os.kill(proc.pid, signal.SIGKILL)
    proc.wait()
    first = len(list(out.rglob("*.json")))
    assert 30 <= first < 200, "the kill should land midway"
    for path in out.rglob("*.json"):  # whatever was written is whole
        json.loads(path.read_text(encoding="utf-8"))
    again = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0, again.stderr
    outputs = list(out.rglob("*.json"))
    assert len(outputs) == 200
    for path in outputs:
        assert json.loads(path.read_text(encoding="utf-8"))["schema"] == "summarise.result/1"
    summary = [x for x in again.stderr.splitlines() if "from cache" in x][-1]
    cached = int(summary.split("(")[1].split()[0])
    assert first <= cached < 200
    shutil.rmtree(out)


def test_second_run_reports_cached_and_no_cache_recomputes(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    for src in GOOD[:3]:
        shutil.copy(src, d / src.name)
    args = [str(d), "-f", "jsonl", "--translator", "none"]
    runner = CliRunner()
    first = runner.invoke(app, args, catch_exceptions=False)
    second = runner.invoke(app, args, catch_exceptions=False)
    third = runner.invoke(app, [*args, "--no-cache"], catch_exceptions=False)
    assert "(0 from cache)" in first.stderr
    assert "(3 from cache)" in second.stderr
    assert "(0 from cache)" in third.stderr
    strip = [
        {k: v for k, v in json.loads(x).items() if k != "timings_ms"}
        for x in first.stdout.splitlines()
    ]
    assert strip == [
        {k: v for k, v in json.loads(x).items() if k != "timings_ms"}
        for x in second.stdout.splitlines()
    ]


def test_fallback_results_resume_and_a_run_with_the_translator_redoes_them(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from summarise import provider
    from summarise.errors import ModelUnavailable
    from tests.fakes import ScriptedTranslator

    def missing(name: str, settings: object) -> object:
        raise ModelUnavailable(f"{name} not installed")

    monkeypatch.setattr(provider, "_default_loader", missing)
    runner = CliRunner()
    args = [*map(str, INDONESIAN), "-f", "jsonl"]
    first = runner.invoke(app, args, catch_exceptions=False)
    again = runner.invoke(app, args, catch_exceptions=False)
    assert "2 done (0 from cache)" in first.stderr
    assert "2 done (2 from cache)" in again.stderr
    assert [o["translation"]["status"] for o in _without_timings(again.stdout)] == [
        "unavailable",
        "unavailable",
    ]
    assert _without_timings(again.stdout) == _without_timings(first.stdout)
    monkeypatch.setattr(provider, "_default_loader", lambda n, s: ScriptedTranslator(name=n))
    installed = runner.invoke(app, args, catch_exceptions=False)
    assert "2 done (0 from cache)" in installed.stderr
    assert [o["translation"]["status"] for o in _without_timings(installed.stdout)] == [
        "ok",
        "ok",
    ]
    last = runner.invoke(app, args, catch_exceptions=False)
    assert "2 done (2 from cache)" in last.stderr
    assert _without_timings(last.stdout) == _without_timings(installed.stdout)


def test_strict_stops_on_a_cached_fallback_as_on_a_fresh_document(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from summarise import provider
    from summarise.errors import ModelUnavailable

    def missing(name: str, settings: object) -> object:
        raise ModelUnavailable(f"{name} not installed")

    monkeypatch.setattr(provider, "_default_loader", missing)
    args = [str(INDONESIAN[0]), "-f", "jsonl"]
    CliRunner().invoke(app, args, catch_exceptions=False)
    strict = CliRunner().invoke(app, [*args, "--strict"], catch_exceptions=False)
    assert strict.exit_code == 3
    assert strict.stdout == ""


def test_repeated_warning_is_printed_once_with_a_count(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarise import provider
    from summarise.errors import ModelUnavailable

    monkeypatch.setattr(
        provider, "_default_loader", lambda n, s: (_ for _ in ()).throw(ModelUnavailable("gone."))
    )
    d = tmp_path / "in"
    d.mkdir()
    for i in range(3):
        (d / f"{i}.txt").write_bytes(INDONESIAN[0].read_bytes() + f"\n{i}\n".encode())
    result = CliRunner().invoke(app, [str(d), "-f", "jsonl"], catch_exceptions=False)
    warnings = [x for x in result.stderr.splitlines() if x.startswith("warning:")]
    assert len(warnings) == 2
    assert "(3 inputs)" in warnings[1]


def test_crlf_and_unpunctuated_and_giant_sentence_inputs(tmp_path: Path) -> None:
    crlf = tmp_path / "crlf.txt"
    crlf.write_bytes(INDONESIAN[0].read_bytes().replace(b"\n", b"\r\n"))
    flat = tmp_path / "flat.txt"
    flat.write_text("kata demi kata tanpa tanda baca sama sekali " * 200, encoding="utf-8")
    giant = tmp_path / "giant.txt"
    giant.write_text(("Perusahaan itu meraih Rp1,5 triliun dan " * 130) + ".", encoding="utf-8")
    result = CliRunner().invoke(
        app,
        [str(crlf), str(flat), str(giant), "-f", "jsonl", "--translator", "none"],
        catch_exceptions=False,
    )
    assert result.exit_code == 0, result.stderr
    objs = [json.loads(x) for x in result.stdout.splitlines()]
    assert all(o["schema"] == "summarise.result/1" for o in objs)
    text = crlf.read_bytes().decode("utf-8")
    for f in objs[0]["figures"]:
        assert text[f["start"] : f["end"]] == f["text"]
    for b in objs[0]["bullets"]:
        assert "\r" not in b["source"]


def _without_timings(stdout: str) -> list[dict]:
    return [
        {k: v for k, v in json.loads(x).items() if k != "timings_ms"} for x in stdout.splitlines()
    ]


@pytest.mark.slow
def test_worker_processes_give_the_same_results_in_the_same_order(tmp_path: Path) -> None:
    _make_tree(tmp_path / "in", 12, 4)
    args = [str(tmp_path / "in"), "-f", "jsonl", "--translator", "none", "--no-cache"]
    args += ["--max-bytes", "1000000"]
    runner = CliRunner()
    one = runner.invoke(app, [*args, "-j", "1"], catch_exceptions=False)
    two = runner.invoke(app, [*args, "-j", "2"], catch_exceptions=False)
    assert one.exit_code == two.exit_code == 1
    assert _without_timings(one.stdout) == _without_timings(two.stdout)
    assert len(one.stdout.splitlines()) == 16


def test_a_bug_on_one_input_is_reported_and_the_rest_go_on(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarise import pipeline

    real = pipeline.Pipeline.prepare

    def flaky(self, info, text):
        if "BOOM" in text:
            raise ZeroDivisionError("simulated bug")
        return real(self, info, text)

    monkeypatch.setattr(pipeline.Pipeline, "prepare", flaky)
    bad = tmp_path / "bad.txt"
    bad.write_bytes(INDONESIAN[0].read_bytes() + b"\nBOOM\n")
    args = [str(bad), str(INDONESIAN[1]), "-f", "jsonl", "--translator", "none"]
    result = CliRunner().invoke(app, args, catch_exceptions=False)
    assert result.exit_code == 1
    objs = _without_timings(result.stdout)
    assert objs[0]["error"]["code"] == "internal"
    assert "ZeroDivisionError: simulated bug" in objs[0]["error"]["message"]
    assert objs[1]["schema"] == "summarise.result/1"
    assert "Traceback" not in result.stderr
    debug = CliRunner().invoke(app, [*args, "--debug"])
    assert isinstance(debug.exception, ZeroDivisionError)


def test_unwritable_output_stops_the_run_with_one_clear_line(tmp_path: Path) -> None:
    blocker = tmp_path / "out"
    blocker.write_text("a file where the output directory should be")
    d = tmp_path / "in"
    d.mkdir()
    for src in INDONESIAN:
        shutil.copy(src, d / src.name)
    result = CliRunner().invoke(
        app, [str(d), "-o", str(blocker / "sub"), "--translator", "none"], catch_exceptions=False
    )
    assert result.exit_code == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "cannot write" in lines[0] and "rerun to resume" in lines[0]
    assert "Traceback" not in result.stderr


def test_ten_thousand_word_article(tmp_path: Path) -> None:
    paragraphs = INDONESIAN[0].read_text(encoding="utf-8").split("\n\n")[1:]
    body = "\n\n".join(paragraphs)
    words = len(body.split())
    big = tmp_path / "long.txt"
    big.write_text("Judul Panjang Sekali\n\n" + "\n\n".join([body] * (10_000 // words + 1)))
    assert len(big.read_text().split()) >= 10_000
    result = CliRunner().invoke(
        app, [str(big), "-f", "json", "--translator", "none"], catch_exceptions=False
    )
    assert result.exit_code == 0, result.stderr
    assert len(json.loads(result.stdout)["bullets"]) == 5


def test_summary_table_on_a_terminal_lists_failures() -> None:
    import io

    from rich.console import Console

    from summarise.batch import Report

    report = Report(done=3, cached=1)
    report.failed.append(
        {
            "schema": "summarise.error/1",
            "input": {"path": "x/bad.txt"},
            "error": {"code": "binary", "message": "x/bad.txt: binary"},
        }
    )
    buf = io.StringIO()
    report.print_summary(Console(file=buf, force_terminal=True, width=100, color_system=None))
    out = buf.getvalue()
    assert "3 done (1 from cache), 1 failed" in out
    assert "x/bad.txt" in out and "binary" in out
    piped = io.StringIO()
    report.print_summary(Console(file=piped, width=100))
    assert piped.getvalue() == "3 done (1 from cache), 1 failed\n"


def test_a_document_that_breaks_the_shared_translation_fails_alone(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarise import provider
    from tests.fakes import ScriptedTranslator

    class Fragile(ScriptedTranslator):
        def generate(self, texts, **options):
            if any("RUSAK" in t for t in texts):
                raise RuntimeError("translator broke on this input")
            return super().generate(texts, **options)

    monkeypatch.setattr(provider, "_default_loader", lambda name, settings: Fragile())
    d = tmp_path / "in"
    d.mkdir()
    for i in range(3):
        text = (SAMPLES / "id-startup-funding.txt").read_text(encoding="utf-8")
        if i == 1:
            text = text.replace("Kirimaja", "Kirimaja RUSAK", 1)
            assert "RUSAK" in text
        (d / f"{i}.txt").write_text(text + f"\n\nSalinan {i}.\n", encoding="utf-8")
    result = CliRunner().invoke(app, [str(d), "-f", "jsonl"], catch_exceptions=False)
    assert result.exit_code == 1
    objs = _without_timings(result.stdout)
    assert [o["schema"] for o in objs] == [
        "summarise.result/1",
        "summarise.error/1",
        "summarise.result/1",
    ]
    assert "translator broke" in objs[1]["error"]["message"]
    assert objs[0]["translation"]["status"] == "ok"


@pytest.mark.slow
def test_ctrl_c_finishes_what_is_in_hand_exits_130_and_resumes(tmp_path: Path) -> None:
    proc, out, cmd, env = _start_batch(tmp_path, 300)
    proc.send_signal(signal.SIGINT)
    _, err = proc.communicate(timeout=600)
    assert proc.returncode == 130, err
    assert "interrupted after" in err and "run again to resume" in err
    assert "Traceback" not in err
    done = list(out.rglob("*.json"))
    assert 20 <= len(done) < 300
    for path in done:
        json.loads(path.read_text(encoding="utf-8"))
    again = subprocess.run(cmd, env=env, cwd=ROOT, capture_output=True, text=True, timeout=600)
    assert again.returncode == 0
    assert len(list(out.rglob("*.json"))) == 300
    summary = [x for x in again.stderr.splitlines() if "from cache" in x][-1]
    assert int(summary.split("(")[1].split()[0]) >= len(done)


@pytest.mark.slow
def test_second_ctrl_c_quits_at_once(tmp_path: Path) -> None:
    proc, out, _, _ = _start_batch(tmp_path, 300)
    proc.send_signal(signal.SIGINT)
    proc.send_signal(signal.SIGINT)
    proc.communicate(timeout=600)
    assert proc.returncode == 130
    for path in out.rglob("*.json"):  # whatever is there is whole
        json.loads(path.read_text(encoding="utf-8"))


def _read_until(fd: int, want: bytes, seen: bytearray, deadline: float) -> bool:
    """Read a pty into `seen` until `want` appears, EOF, or the (generous) deadline."""
    import select

    while want not in seen and time.monotonic() < deadline:
        ready, _, _ = select.select([fd], [], [], 1.0)
        if ready:
            try:
                chunk = os.read(fd, 65536)
            except OSError:  # EIO: the other side closed
                return want in seen
            if not chunk:
                break
            seen.extend(chunk)
    return want in seen


@pytest.mark.slow
@pytest.mark.parametrize("presses", [1, 2])
def test_ctrl_c_on_a_terminal_gives_back_the_cursor_and_the_line(
    tmp_path: Path, presses: int
) -> None:
    import pty

    _make_tree(tmp_path / "in", 300, 0)
    primary, secondary = pty.openpty()
    env = {**os.environ, "SUMMARISE_CACHE": str(tmp_path / "cache"), "TERM": "xterm"}
    env.pop("NO_COLOR", None)
    cmd = [sys.executable, "-m", "summarise", str(tmp_path / "in"), "-o", str(tmp_path / "out")]
    proc = subprocess.Popen(
        [*cmd, "--translator", "none"],
        stderr=secondary,
        stdin=subprocess.DEVNULL,
        env=env,
        cwd=ROOT,
    )
    os.close(secondary)
    seen = bytearray()
    try:
        assert _read_until(primary, b"\x1b[?25l", seen, time.monotonic() + 600), bytes(seen)
        for _ in range(presses):
            proc.send_signal(signal.SIGINT)
        proc.wait(timeout=600)
        _read_until(primary, b"\x00never", seen, time.monotonic() + 5)
    finally:
        os.close(primary)
    assert proc.returncode == 130, bytes(seen)
    tail = bytes(seen[seen.rindex(b"\x1b[?25l") :])
    assert b"\x1b[?25h" in tail, tail  # the cursor is shown again after it was hidden


def test_a_batched_call_that_fails_is_redone_alone_and_shown_under_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarise import provider
    from tests.fakes import ScriptedTranslator

    class FailsOnce(ScriptedTranslator):
        failed = False

        def generate(self, texts, **options):
            if not FailsOnce.failed:
                FailsOnce.failed = True
                raise RuntimeError("the batched call broke")
            return super().generate(texts, **options)

    monkeypatch.setattr(provider, "_default_loader", lambda name, settings: FailsOnce())
    d = tmp_path / "in"
    d.mkdir()
    for i in range(3):
        text = (SAMPLES / "id-startup-funding.txt").read_text(encoding="utf-8")
        (d / f"{i}.txt").write_text(text + f"\n\nSalinan {i}.\n", encoding="utf-8")
    args = [str(d), "-f", "jsonl", "--no-cache"]
    plain = CliRunner().invoke(app, args, catch_exceptions=False)
    assert plain.exit_code == 0
    assert [o["translation"]["status"] for o in _without_timings(plain.stdout)] == ["ok"] * 3
    assert "Traceback" not in plain.stderr and "batched call" not in plain.stderr
    FailsOnce.failed = False
    debug = CliRunner().invoke(app, [*args, "--debug"], catch_exceptions=False)
    assert debug.exit_code == 0
    assert "debug: a batched call failed; each document is redone alone" in debug.stderr
    assert "RuntimeError: the batched call broke" in debug.stderr
    assert [o["translation"]["status"] for o in _without_timings(debug.stdout)] == ["ok"] * 3
