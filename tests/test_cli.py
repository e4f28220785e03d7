"""The command line end to end, in-process (CliRunner) and as a real subprocess."""

from __future__ import annotations

import builtins
import hashlib
import json
import os
import pty
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise.cli import app
from tests.helpers import ROOT, SAMPLES, need_shared

runner = CliRunner()
ARTICLE = SAMPLES / "id-startup-funding.txt"


def invoke(*args: str, input: bytes | str | None = None, env: dict | None = None):
    return runner.invoke(app, list(args), input=input, env=env, catch_exceptions=False)


def as_json(result) -> object:
    return json.loads(result.stdout)


def test_help_lists_commands_and_is_fast_to_import() -> None:
    result = invoke("--help")
    assert result.exit_code == 0
    for word in ("run", "figures", "models"):
        assert word in result.stdout


def test_help_does_not_import_torch_or_heavy_libraries() -> None:
    code = (
        "import sys\n"
        "from summarise.cli import app\n"
        "try:\n    app(['--help'])\nexcept SystemExit:\n    pass\n"
        "names = ('torch', 'transformers', 'ctranslate2', 'lingua', 'trafilatura', 'rich',\n"
        "         'summarise.registry', 'summarise.store', 'summarise.pipeline')\n"
        "heavy = [m for m in names if m in sys.modules]\n"
        "print('HEAVY=' + ','.join(heavy))\n"
    )
    out = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, check=True
    )
    assert "HEAVY=\n" in out.stdout


def test_same_article_as_file_stdin_and_directory_gives_same_result(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    shutil.copy(ARTICLE, d / ARTICLE.name)
    from_file = as_json(invoke(str(ARTICLE), "-f", "json", "--translator", "none"))
    from_stdin = as_json(
        invoke("-", "-f", "json", "--translator", "none", input=ARTICLE.read_bytes())
    )
    from_piped = as_json(invoke("-f", "json", "--translator", "none", input=ARTICLE.read_bytes()))
    from_dir = as_json(invoke(str(d), "-f", "json", "--translator", "none"))
    assert from_stdin["input"]["path"] == "-"
    for other in (from_stdin, from_piped, from_dir):
        assert other["bullets"] == from_file["bullets"]
        assert other["figures"] == from_file["figures"]
        assert other["input"]["sha256"] == from_file["input"]["sha256"]
    assert from_file["bullets"], "expected bullets"
    assert from_file["figures"], "expected figures"


def test_seed_article_json_contract_title_once_no_chrome() -> None:
    seed = need_shared("seed-article.txt")
    result = invoke(str(seed), "-f", "json", "--translator", "none")
    assert result.exit_code == 0, result.stderr
    obj = as_json(result)
    text = seed.read_bytes().decode("utf-8")
    assert obj["schema"] == "summarise.result/1"
    assert set(obj) >= {
        "schema",
        "input",
        "language",
        "title",
        "bullets",
        "figures",
        "translation",
        "warnings",
        "timings_ms",
    }
    assert obj["input"]["bytes"] == seed.stat().st_size
    assert obj["language"]["code"] == "id"
    assert 0 < obj["language"]["confidence"] <= 1
    title = "Scale AI Tegaskan Independen Meski Meta Miliki Saham Rp230 Triliun"
    assert obj["title"]["source"] == title
    assert obj["title"]["fidelity"] == "unchecked"  # not translated, so not checked
    assert obj["translation"]["status"] == "skipped"
    for b in obj["bullets"]:
        assert set(b) == {"english", "source", "sentences", "figures", "fidelity"}
        assert title not in b["source"], "headline repeated as a bullet"
        for chrome in ("menu", "close", "Source:", "Latest News"):
            assert chrome not in b["source"].split() and not b["source"].startswith(chrome)
        for i in b["figures"]:
            assert obj["figures"][i]["sentence"] in b["sentences"]
        assert len(b["sentences"]) >= 1
    for f in obj["figures"]:
        assert f["text"] == text[f["start"] : f["end"]]
        assert isinstance(f["english"], str) and f["english"]


def test_bullets_option_limits_count() -> None:
    obj = as_json(invoke(str(ARTICLE), "-f", "json", "--translator", "none", "-n", "2"))
    assert len(obj["bullets"]) == 2
    assert [b["sentences"][0] for b in obj["bullets"]] == sorted(
        b["sentences"][0] for b in obj["bullets"]
    )


def test_several_inputs_give_a_json_array_and_jsonl_lines() -> None:
    paths = [str(ARTICLE), str(SAMPLES / "en-regional-tech.txt")]
    arr = as_json(invoke(*paths, "-f", "json", "--translator", "none"))
    assert isinstance(arr, list) and len(arr) == 2
    lines = invoke(*paths, "-f", "jsonl", "--translator", "none").stdout.splitlines()
    assert [json.loads(x)["input"]["path"] for x in lines] == [a["input"]["path"] for a in arr]


def test_english_input_skips_translation_and_bullets_are_english() -> None:
    obj = as_json(invoke(str(SAMPLES / "en-regional-tech.txt"), "-f", "json"))
    assert obj["language"]["code"] == "en"
    assert obj["translation"]["status"] == "skipped"
    assert all(b["english"] == b["source"] for b in obj["bullets"])


def test_text_and_markdown_formats_carry_bullets_and_figures() -> None:
    text = invoke(str(ARTICLE), "-f", "text", "--translator", "none").stdout
    md = invoke(str(ARTICLE), "-f", "markdown", "--translator", "none").stdout
    obj = as_json(invoke(str(ARTICLE), "-f", "json", "--translator", "none"))
    for b in obj["bullets"]:
        assert b["source"] in text
        assert b["source"] in md
    assert md.startswith("# ")
    assert "| source | kind | value | English |" in md
    assert obj["figures"][0]["english"] in text


def test_rich_format_shows_figures_table() -> None:
    result = invoke(str(ARTICLE), "-f", "rich", "--translator", "none")
    assert result.exit_code == 0
    assert "Figures" in result.stdout
    assert "\x1b[" not in result.stdout  # not a terminal: no colour codes


def test_figures_command_json_schema() -> None:
    seed = need_shared("seed-article.txt")
    obj = as_json(invoke("figures", str(seed), "-f", "json"))
    assert obj["schema"] == "summarise.figures/1"
    assert obj["language"]["code"] == "id"
    assert set(obj) == {"schema", "input", "language", "figures"}
    kinds = {f["kind"] for f in obj["figures"]}
    assert {"money", "percent"} <= kinds


def test_figures_command_lang_forces_grammar() -> None:
    obj = as_json(
        invoke("figures", "-", "-f", "json", "--lang", "en", input="It raised $1.5 billion.")
    )
    assert obj["language"]["code"] == "en"
    assert [f["value"] for f in obj["figures"] if f["kind"] == "money"] == [1500000000]


def test_output_dir_mirrors_tree_and_never_overwrites_inputs(tmp_path: Path) -> None:
    src = tmp_path / "in"
    (src / "sub").mkdir(parents=True)
    shutil.copy(ARTICLE, src / "a.txt")
    shutil.copy(ARTICLE, src / "sub" / "b.txt")
    out = tmp_path / "out"
    result = invoke(str(src), "-o", str(out), "-f", "json", "--translator", "none")
    assert result.exit_code == 0, result.stderr
    assert result.stdout == ""
    assert json.loads((out / "a.txt.json").read_text())["schema"] == "summarise.result/1"
    assert json.loads((out / "sub" / "b.txt.json").read_text())["schema"] == "summarise.result/1"
    # An output that would land on an input is refused before any work.
    shutil.copy(ARTICLE, src / "a.txt.txt")
    before = (src / "a.txt.txt").read_bytes()
    result = invoke(str(src), "-o", str(src), "-f", "text", "--translator", "none")
    assert (src / "a.txt.txt").read_bytes() == before
    assert result.exit_code == 2
    assert "overwrite" in result.stderr
    assert not (src / "sub" / "b.txt.txt").exists(), "work started before the check"


def test_same_names_in_two_folders_and_two_extensions_get_their_own_outputs(
    tmp_path: Path,
) -> None:
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        shutil.copy(ARTICLE, tmp_path / d / "x.txt")
    shutil.copy(SAMPLES / "en-regional-tech.txt", tmp_path / "a" / "x.md")
    out = tmp_path / "out"
    args = [str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt"), str(tmp_path / "a")]
    result = invoke(*args, "-o", str(out), "-f", "json", "--translator", "none")
    assert result.exit_code == 0, result.stderr
    written = sorted(p.relative_to(out).as_posix() for p in out.rglob("*.json"))
    assert written == ["a/x.md.json", "a/x.txt.json", "b/x.txt.json"]
    assert json.loads((out / "a" / "x.md.json").read_text())["language"]["code"] == "en"


def test_two_inputs_for_one_output_are_a_usage_error_before_any_work(tmp_path: Path) -> None:
    named = tmp_path / "stdin"  # a file called stdin and standard input both map to stdin.json
    shutil.copy(ARTICLE, named)
    out = tmp_path / "out"
    result = invoke(str(named), "-", "-o", str(out), "--translator", "none", input="Teks.")
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "would both be written to" in lines[0], result.stderr
    assert not out.exists()


def _bad_inputs(tmp_path: Path) -> dict[str, Path]:
    bad = {
        "empty": tmp_path / "empty.txt",
        "whitespace": tmp_path / "blank.txt",
        "binary": tmp_path / "blob.txt",
        "too-large": tmp_path / "huge.txt",
        "unsupported-language": tmp_path / "deutsch.txt",
    }
    bad["empty"].write_bytes(b"")
    bad["whitespace"].write_bytes(b"  \n\t\r\n  ")
    bad["binary"].write_bytes(bytes(range(256)) * 8)
    bad["too-large"].write_bytes(ARTICLE.read_bytes() * 3000)
    bad["unsupported-language"].write_text(
        "Die Bundesregierung hat am Mittwoch einen neuen Haushalt vorgelegt. Die Ausgaben "
        "steigen demnach um drei Prozent, wie das Finanzministerium in Berlin mitteilte. "
        "Kritiker bemängeln, dass die Schuldenbremse erneut umgangen werde.",
        encoding="utf-8",
    )
    return bad


@pytest.mark.parametrize(
    "kind", ["empty", "whitespace", "binary", "too-large", "unsupported-language"]
)
def test_each_bad_input_alone_gives_one_line_and_exit_4(tmp_path: Path, kind: str) -> None:
    path = _bad_inputs(tmp_path)[kind]
    result = invoke(str(path), "--translator", "none", "--max-bytes", "1000000")
    assert result.exit_code == 4
    assert result.stdout == ""
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1, result.stderr
    assert "Traceback" not in result.stderr
    assert path.name in lines[0]


def test_bad_inputs_among_good_ones_exit_1_and_good_ones_done(tmp_path: Path) -> None:
    bad = _bad_inputs(tmp_path)
    missing = tmp_path / "nope.txt"
    empty_dir = tmp_path / "emptydir"
    empty_dir.mkdir()
    args = [str(ARTICLE), *map(str, bad.values()), str(missing), str(empty_dir)]
    result = invoke(*args, "-f", "jsonl", "--translator", "none", "--max-bytes", "1000000")
    assert result.exit_code == 1
    objs = [json.loads(x) for x in result.stdout.splitlines()]
    good = [o for o in objs if o["schema"] == "summarise.result/1"]
    errors = [o for o in objs if o["schema"] == "summarise.error/1"]
    assert [g["input"]["path"] for g in good] == [str(ARTICLE)]
    assert len(errors) == len(bad) + 2
    assert {e["error"]["code"] for e in errors} >= set(bad) | {"missing", "no-files"}
    paths = {e["input"]["path"] for e in errors}
    assert {str(missing), str(empty_dir)} <= paths
    assert "Traceback" not in result.stderr


def test_latin1_file_is_decoded_not_refused(tmp_path: Path) -> None:
    path = tmp_path / "latin1.txt"
    path.write_bytes(
        "PT Café Nusantara mencatat laba bersih Rp1,5 triliun pada 2023, naik 12 persen "
        "dibanding tahun sebelumnya. Perusahaan itu kini mempekerjakan 1.200 karyawan di "
        "seluruh Indonesia.".encode("latin-1")
    )
    obj = as_json(invoke(str(path), "-f", "json", "--translator", "none"))
    assert "Café" in obj["bullets"][0]["source"]
    assert any(f["value"] == 1500000000000 for f in obj["figures"])


def test_unreadable_input_is_reported(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "secret.txt"
    path.write_bytes(ARTICLE.read_bytes())
    real_open = builtins.open

    def deny(file, *a, **k):  # root ignores chmod, so refuse the read here
        if str(file) == str(path):
            raise PermissionError(13, "Permission denied", str(file))
        return real_open(file, *a, **k)

    monkeypatch.setattr(builtins, "open", deny)
    result = invoke(str(path), str(ARTICLE), "--translator", "none", "-f", "json")
    assert result.exit_code == 1
    assert "secret.txt" in result.stderr and "permission" in result.stderr
    assert len(result.stderr.strip().splitlines()) == 2  # the error and the run summary
    assert json.loads(result.stdout)[0]["schema"] == "summarise.error/1"


def test_no_input_on_a_terminal_is_a_usage_error() -> None:
    primary, secondary = pty.openpty()
    try:
        proc = subprocess.run(
            [sys.executable, "-m", "summarise"],
            stdin=secondary,
            capture_output=True,
            text=True,
            cwd=ROOT,
            timeout=600,
        )
    finally:
        os.close(primary)
        os.close(secondary)
    assert proc.returncode == 2
    assert "no input" in proc.stderr
    assert "Traceback" not in proc.stderr


def test_real_process_exit_codes_and_streams(tmp_path: Path) -> None:
    """Through the installed entry point: stdout has results only, stderr the errors."""
    env = {**os.environ, "NO_COLOR": "1"}
    missing = tmp_path / "missing.txt"
    proc = subprocess.run(
        [sys.executable, "-m", "summarise", str(ARTICLE), str(missing), "--translator", "none"],
        capture_output=True,
        text=True,
        env=env,
        cwd=ROOT,
    )
    assert proc.returncode == 1
    assert "missing.txt" in proc.stderr
    assert "Traceback" not in proc.stderr
    assert "missing.txt" not in proc.stdout
    assert "\x1b[" not in proc.stderr
    usage = subprocess.run(
        [sys.executable, "-m", "summarise", "--bullets", "zero"],
        capture_output=True,
        text=True,
        cwd=ROOT,
    )
    assert usage.returncode == 2


@pytest.mark.slow
def test_local_marian_directory_translates_offline(standins: dict[str, Path]) -> None:
    """`--translator DIR` loads any Marian-type directory through the user-facing loader."""
    result = invoke(
        str(ARTICLE),
        "-f",
        "json",
        "--translator",
        str(standins["marian"]),
        "--offline",
        "-n",
        "3",
    )
    assert result.exit_code == 0, result.stderr
    obj = as_json(result)
    assert obj["translation"]["status"] == "ok"
    assert obj["translation"]["model"]
    assert obj["title"]["english"] is not None
    assert len(obj["bullets"]) == 3
    for b in obj["bullets"]:
        assert isinstance(b["english"], str)
        assert b["fidelity"] in ("ok", "repaired", "flagged")
        if b["figures"]:  # random weights cannot carry figures: the guard must say so
            assert b["fidelity"] in ("repaired", "flagged")


@pytest.mark.slow
def test_strict_with_a_working_translator_exits_0(standins: dict[str, Path]) -> None:
    result = invoke(str(ARTICLE), "--translator", str(standins["marian"]), "--strict", "-n", "1")
    assert result.exit_code == 0, result.stderr


def _distinct_copies(directory: Path, n: int) -> None:
    """`n` copies of the sample, each with its own bytes, so none is a cache hit."""
    directory.mkdir(parents=True)
    for i in range(n):
        (directory / f"{i:03d}.txt").write_bytes(
            ARTICLE.read_bytes() + f"\n\nSalinan {i}.\n".encode()
        )


def test_closed_stdout_ends_the_run_at_once_quietly_with_exit_0(tmp_path: Path) -> None:
    """`summarise DIR -f jsonl | head -1`: far more output than a pipe buffer holds, so the
    writer must meet the closed pipe; it stops there, says nothing and exits 0."""
    _distinct_copies(tmp_path / "in", 40)
    cache = tmp_path / "cache"
    env = {**os.environ, "SUMMARISE_CACHE": str(cache), "NO_COLOR": "1"}
    cmd = [sys.executable, "-m", "summarise", str(tmp_path / "in"), "-f", "jsonl"]
    proc = subprocess.Popen(
        [*cmd, "--translator", "none"],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=env,
        cwd=ROOT,
    )
    assert proc.stdout is not None and proc.stderr is not None
    first = proc.stdout.readline()
    proc.stdout.close()  # what `head -1` does after its line
    err = proc.stderr.read().decode()
    assert proc.wait(timeout=600) == 0, err
    assert json.loads(first)["schema"] == "summarise.result/1"
    assert err == ""
    done = len(list(cache.rglob("*.json")))
    assert done < 40, "the run went on after its reader left"


@pytest.mark.parametrize("fmt", ["json", "text"])
def test_full_disk_on_stdout_is_one_line_and_exit_4(fmt: str) -> None:
    with open("/dev/full", "w") as full:
        proc = subprocess.run(
            [sys.executable, "-m", "summarise", str(ARTICLE), "-f", fmt, "--translator", "none"],
            stdout=full,
            stderr=subprocess.PIPE,
            text=True,
            cwd=ROOT,
            env={**os.environ, "NO_COLOR": "1"},
            timeout=600,
        )
    assert proc.returncode == 4, proc.stderr
    lines = proc.stderr.strip().splitlines()
    assert len(lines) == 1, proc.stderr
    assert "cannot write to standard output: No space left on device" in lines[0]


def test_quiet_hides_warnings_and_the_summary_but_never_errors(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarise import provider
    from summarise.errors import ModelUnavailable

    def missing(name: str, settings: object) -> object:
        raise ModelUnavailable("opus-mt-id-en is not installed.")

    monkeypatch.setattr(provider, "_default_loader", missing)
    gone = tmp_path / "gone.txt"
    loud = invoke(str(ARTICLE), str(gone), "-f", "jsonl")
    quiet = invoke(str(ARTICLE), str(gone), "-f", "jsonl", "-q")
    assert any(x.startswith("warning:") for x in loud.stderr.splitlines())
    assert quiet.exit_code == loud.exit_code == 1
    assert quiet.stderr.strip().splitlines() == [
        f"error: {gone}: no such file or directory; check the path"
    ]


@pytest.mark.parametrize(
    ("option", "expected"),
    [
        (["--lang", "xx"], "--lang 'xx' is not supported"),
        (["--translator", "bogusname"], "--translator: unknown model 'bogusname'"),
        (["--translator", "/nonexistent/model"], "/nonexistent/model: no such model directory"),
        (["--translator", "distilbart-cnn-12-6"], "is a summariser, not a translator"),
        (["--device", "tpu"], "--device 'tpu': use one of auto, cpu, cuda, mps"),
        (["--backend", "onnx"], "--backend 'onnx': use one of auto, ct2, torch"),
        (["--glob", "sub/*.txt"], "a pattern matches file names, not paths"),
        (["--glob", ""], "a pattern matches file names, not paths"),
    ],
)
def test_bad_option_values_are_one_usage_error_before_any_input_is_read(
    tmp_path: Path, option: list[str], expected: str
) -> None:
    _distinct_copies(tmp_path / "in", 3)
    result = invoke(str(tmp_path / "in"), "-", *option, input="stdin must stay unread")
    assert result.exit_code == 2, result.stderr
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr
    assert result.stdout == ""


def test_a_directory_without_config_json_is_not_a_translator(tmp_path: Path) -> None:
    (tmp_path / "model").mkdir()
    result = invoke(str(ARTICLE), "--translator", str(tmp_path / "model"))
    assert result.exit_code == 2
    assert "not a model directory (no config.json in it)" in result.stderr


def test_figures_command_checks_lang_before_reading(tmp_path: Path) -> None:
    result = invoke("figures", "-", "--lang", "klingon", input="Rp1,5 triliun.")
    assert result.exit_code == 2
    assert len(result.stderr.strip().splitlines()) == 1


def test_symlink_loop_named_directly_is_one_line(tmp_path: Path) -> None:
    loop = tmp_path / "loop.txt"
    loop.symlink_to(loop)
    result = invoke(str(loop), str(ARTICLE), "-o", str(tmp_path / "out"), "--translator", "none")
    assert result.exit_code == 1
    assert f"error: {loop}: symbolic link loop" in result.stderr
    assert "Traceback" not in result.stderr
    assert (tmp_path / "out" / ARTICLE.name).with_suffix(".txt.txt").exists()


def test_path_behind_a_denied_directory_is_one_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from summarise import sources

    denied = tmp_path / "private" / "a.txt"
    real_stat = os.stat

    def stat(path, *a, **k):  # root ignores chmod, so refuse the look-up here
        if str(path) == str(denied):
            raise PermissionError(errno.EACCES, "Permission denied", str(path))
        return real_stat(path, *a, **k)

    monkeypatch.setattr(sources.os, "stat", stat)
    result = invoke(str(denied), "--translator", "none")
    assert result.exit_code == 4
    assert result.stderr.strip().splitlines() == [
        f"error: {denied}: permission denied; check the permissions of the path's directories"
    ]


def test_fifo_named_directly_is_read_like_cat_reads_it(tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.txt"
    os.mkfifo(fifo)
    cmd = [sys.executable, "-m", "summarise", str(fifo), "-f", "json", "--translator", "none"]
    proc = subprocess.Popen(cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT)
    with open(fifo, "wb") as writer:  # blocks until summarise opens it, as cat would
        writer.write(ARTICLE.read_bytes())
    out, err = proc.communicate(timeout=600)
    assert proc.returncode == 0, err
    obj = json.loads(out)
    assert obj["input"]["path"] == str(fifo)
    assert obj["input"]["sha256"] == hashlib.sha256(ARTICLE.read_bytes()).hexdigest()


def test_full_disk_under_output_dir_is_one_line_and_no_temp_file(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    from summarise import fsutil

    def full(fd: int) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(fsutil.os, "fsync", full)
    out = tmp_path / "out"
    result = invoke(str(ARTICLE), "-o", str(out), "--translator", "none")
    assert result.exit_code == 4
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and "No space left on device" in lines[0], result.stderr
    assert list(out.iterdir()) == []


def test_non_utf8_file_name_gives_valid_json_and_its_own_output(tmp_path: Path) -> None:
    d = tmp_path / "in"
    d.mkdir()
    raw_name = os.fsencode(d) + b"/caf\xe9.txt"  # Latin-1 bytes: not UTF-8
    with open(raw_name, "wb") as fh:
        fh.write(ARTICLE.read_bytes())
    env = {**os.environ, "NO_COLOR": "1"}
    base = [sys.executable, "-m", "summarise", str(d), "--translator", "none"]
    proc = subprocess.run([*base, "-f", "json"], capture_output=True, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    obj = json.loads(proc.stdout.decode("utf-8"))  # strict: any surrogate would fail here
    assert obj["input"]["path"] == f"{d}/caf\\xe9.txt"
    out = tmp_path / "out"
    proc = subprocess.run([*base, "-o", str(out)], capture_output=True, cwd=ROOT, env=env)
    assert proc.returncode == 0, proc.stderr
    assert os.listdir(os.fsencode(out)) == [b"caf\xe9.txt.txt"]
    text = (out / os.fsdecode(b"caf\xe9.txt.txt")).read_text(encoding="utf-8")
    assert text.startswith(f"{d}/caf\\xe9.txt · id")


def test_stray_invalid_byte_keeps_utf8_and_warns_once_with_its_offset(tmp_path: Path) -> None:
    good = ARTICLE.read_bytes().replace(b"Kirimaja", "“Kirimaja”".encode())
    cut = good.index(b"Kirimaja") + 4
    path = tmp_path / "stray.txt"
    path.write_bytes(good[:cut] + b"\xff" + good[cut:])
    result = invoke(str(path), "-f", "json", "--translator", "none")
    assert result.exit_code == 0, result.stderr
    obj = as_json(result)
    warning = f"{path}: 1 invalid UTF-8 byte at byte offset {cut}, each read as U+FFFD; "
    warning += "the rest is UTF-8"
    assert obj["warnings"][0] == warning
    assert [x for x in result.stderr.splitlines() if x.startswith("warning:")] == [
        f"warning: {warning}"
    ]
    assert "Kiri\ufffdmaja" in json.dumps(obj, ensure_ascii=False)


def test_figures_option_shortens_text_and_piped_default_lists_them_all() -> None:
    base = [str(ARTICLE), "-f", "text", "--translator", "none", "-n", "1"]
    obj = as_json(invoke(str(ARTICLE), "-f", "json", "--translator", "none", "-n", "1"))
    used = {i for b in obj["bullets"] for i in b["figures"]}
    rest = len(obj["figures"]) - len(used)
    piped = invoke(*base).stdout
    short = invoke(*base, "--figures", "bullets").stdout
    none = invoke(*base, "--figures", "none").stdout
    assert all(f["english"] in piped for f in obj["figures"])
    assert f"… and {rest} more figures in the article (--figures all lists them)" in short
    assert short.count(" → ") == len(used) == 2
    assert "Figures:" not in none
    bad = invoke(*base, "--figures", "some")
    assert bad.exit_code == 2


def _config(tmp_path: Path, text: str) -> dict[str, str]:
    path = tmp_path / "config.toml"
    path.write_text(text, encoding="utf-8")
    return {"SUMMARISE_CONFIG": str(path)}


def test_defaults_come_from_cli_then_env_then_config_then_built_in(tmp_path: Path) -> None:
    env = _config(tmp_path, 'bullets = 2\nformat = "jsonl"\ntranslator = "none"\n')

    def bullets(*args: str, extra: dict | None = None) -> int:
        result = invoke(str(ARTICLE), *args, env={**env, **(extra or {})})
        assert result.exit_code == 0, result.stderr
        return len(json.loads(result.stdout.splitlines()[0])["bullets"])

    assert bullets() == 2  # config file (format jsonl and translator none from it too)
    assert bullets(extra={"SUMMARISE_BULLETS": "3"}) == 3  # env beats the file
    assert bullets("-n", "1", extra={"SUMMARISE_BULLETS": "3"}) == 1  # the command line wins
    shown = invoke("config", "show", env={**env, "SUMMARISE_BULLETS": "3"})
    assert shown.exit_code == 0
    lines = shown.stdout.splitlines()
    assert "bullets = 3                         # env SUMMARISE_BULLETS" in lines
    assert f'format = "jsonl"                    # {tmp_path / "config.toml"}' in lines
    assert 'mode = "extractive"                 # built-in' in lines
    assert "# figures = (auto)                  # built-in" in lines


@pytest.mark.parametrize(
    ("text", "env", "expected"),
    [
        ("bulets = 2\n", {}, "unknown key 'bulets'"),
        ("bullets = 0\n", {}, "bullets = 0: expected a whole number ≥ 1"),
        ("bullets = [\n", {}, "not valid TOML"),
        ("", {"SUMMARISE_FORMAT": "yaml"}, "SUMMARISE_FORMAT='yaml': expected one of rich"),
    ],
)
def test_bad_config_or_env_value_is_one_usage_error(
    tmp_path: Path, text: str, env: dict, expected: str
) -> None:
    result = invoke(str(ARTICLE), env={**_config(tmp_path, text), **env})
    assert result.exit_code == 2
    lines = result.stderr.strip().splitlines()
    assert len(lines) == 1 and expected in lines[0], result.stderr


def test_named_config_file_that_is_missing_is_a_usage_error(tmp_path: Path) -> None:
    result = invoke(str(ARTICLE), env={"SUMMARISE_CONFIG": str(tmp_path / "nope.toml")})
    assert result.exit_code == 2
    assert "no such file" in result.stderr


def test_top_level_help_shows_main_options_examples_and_word_placeholders() -> None:
    top = invoke("--help").stdout
    assert "Main options" in top and "-n, --bullets N" in top and "-o, --output DIR" in top
    assert top.count("\n  summarise ") + top.count("\n  curl ") == 3  # three examples
    assert "--install-completion" in top and "--show-completion" in top
    for command in (["run"], ["figures"]):
        text = invoke(*command, "--help").stdout
        assert "PATH..." in text and "--lang LANG" in text
        assert "<" not in text, text  # no <int range>, <list[str]>
    for command in (["models", "info"], ["models", "pull"], ["models", "list"]):
        text = invoke(*command, "--help").stdout
        assert "<" not in text, text


@pytest.mark.parametrize(
    ("shell", "marker"),
    [("bash", "complete -o default -F"), ("zsh", "compdef"), ("fish", "complete --command")],
)
def test_show_completion_for_each_shell(shell: str, marker: str) -> None:
    exe = Path(sys.executable).parent / "summarise"
    env = {**os.environ, "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    proc = subprocess.run(
        [str(exe), "--show-completion", shell], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    assert "_SUMMARISE_COMPLETE" in proc.stdout and marker in proc.stdout


def test_completion_offers_commands_and_main_options() -> None:
    exe = Path(sys.executable).parent / "summarise"

    def complete(words: str) -> list[str]:
        cword = str(len(words.split()) - 1)
        env = {**os.environ, "_SUMMARISE_COMPLETE": "complete_bash"}
        env |= {"COMP_WORDS": words, "COMP_CWORD": cword}
        return subprocess.run([str(exe)], capture_output=True, text=True, env=env).stdout.split()

    assert complete("summarise mo") == ["models"]
    assert complete("summarise --bul") == ["--bullets"]
    assert complete("summarise models li") == ["list"]


def test_closed_stdout_after_a_failed_input_exits_1() -> None:
    from summarise.batch import Report

    report = Report(stdout_closed=True)
    assert report.exit_code == 0
    report.failed.append({"schema": "summarise.error/1"})
    assert report.exit_code == 1  # not 4: the run was cut short, not out of usable input


def test_options_are_checked_before_standard_input_is_read(tmp_path: Path) -> None:
    """stdin is a pipe nobody writes to or closes: reading it first would wait for ever."""
    cmd = [sys.executable, "-m", "summarise", "-", "--lang", "xx"]
    proc = subprocess.Popen(
        cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=subprocess.PIPE, cwd=ROOT
    )
    assert proc.stdin is not None and proc.stderr is not None
    try:
        returncode = proc.wait(timeout=600)  # stdin stays open (communicate() would close it)
    except subprocess.TimeoutExpired:
        proc.kill()
        raise
    finally:
        proc.stdin.close()
    err = proc.stderr.read()
    assert returncode == 2, err
    assert b"--lang 'xx' is not supported" in err


def test_install_completion_writes_the_script_under_home(tmp_path: Path) -> None:
    exe = Path(sys.executable).parent / "summarise"
    env = {**os.environ, "HOME": str(tmp_path), "_TYPER_COMPLETE_TEST_DISABLE_SHELL_DETECTION": "1"}
    proc = subprocess.run(
        [str(exe), "--install-completion", "bash"], capture_output=True, text=True, env=env
    )
    assert proc.returncode == 0, proc.stderr
    script = tmp_path / ".bash_completions" / "summarise.sh"
    assert "_SUMMARISE_COMPLETE" in script.read_text()
    assert f"source '{script}'" in (tmp_path / ".bashrc").read_text()


def test_config_show_names_a_bad_file_in_one_line(tmp_path: Path) -> None:
    result = invoke("config", "show", env=_config(tmp_path, 'figures = "some"\n'))
    assert result.exit_code == 2
    assert result.stderr.strip().splitlines() == [
        f"error: {tmp_path / 'config.toml'}: figures = 'some': expected one of all, bullets, none"
    ]


MIXED = """Startup Kirimaja Raih Pendanaan Rp1,3 Triliun

Startup logistik asal Jakarta, Kirimaja, meraih pendanaan senilai Rp1,3 triliun dan kini \
mempekerjakan 1.500 karyawan.

"We raised US$3.4 billion in total from 2,300 investors, and revenue grew 14.5 percent," the \
chief executive said at the briefing.

Perusahaan itu menargetkan pertumbuhan 25,5 persen tahun depan.
"""


def test_figures_of_a_mixed_article_read_each_passage_with_its_own_conventions(
    tmp_path: Path,
) -> None:
    path = tmp_path / "mixed.txt"
    path.write_text(MIXED, encoding="utf-8")
    result = invoke("figures", str(path), "-f", "json")
    assert result.exit_code == 0, result.stderr
    obj = as_json(result)
    assert obj["language"]["code"] == "id"
    got = [(f["text"], f["value"], f["currency"]) for f in obj["figures"]]
    assert got == [
        ("Rp1,3 Triliun", 1_300_000_000_000, "IDR"),
        ("Rp1,3 triliun", 1_300_000_000_000, "IDR"),
        ("1.500 karyawan", 1500, None),
        ("US$3.4 billion", 3_400_000_000, "USD"),  # the English quote, read as English
        ("2,300 investors", 2300, None),
        ("14.5 percent", 14.5, None),
        ("25,5 persen", 25.5, None),
    ]
