"""`--engine ray`: the local batch on Ray Data (issue 16), on a local Ray with 2 CPUs.

The Ray tests share one local Ray per session (started here, in this process, so the CLI run
in-process uses it and leaves it running); the kill test runs the CLI as a child process,
which starts and stops its own. Without ray installed they are skipped, and the no-ray
message is tested by hiding the module.
"""

from __future__ import annotations

import contextlib
import importlib.util
import json
import os
import signal
import subprocess
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from typer.testing import CliRunner

from summarise.cli import app
from tests.helpers import ROOT
from tests.test_batch import _make_tree

HAVE_RAY = importlib.util.find_spec("ray") is not None
needs_ray = pytest.mark.skipif(
    not HAVE_RAY, reason="ray is not installed (pip install 'summarise[ray]')"
)


@pytest.fixture(scope="session")
def local_ray(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """One local Ray for the session: 2 CPUs, a small object store, no dashboard. Its
    workers get a private model store and Hugging Face cache, offline (the CLI passes the
    settings and the result cache to them explicitly, as on a cluster)."""
    import ray

    home = tmp_path_factory.mktemp("ray-home")
    env = {
        "RAY_USAGE_STATS_ENABLED": "0",
        "SUMMARISE_MODELS": str(home / "models"),
        "HF_HOME": str(home / "hf"),
        "HF_HUB_OFFLINE": "1",
    }
    os.environ["RAY_USAGE_STATS_ENABLED"] = "0"
    ray.init(
        num_cpus=2,
        object_store_memory=100 * 1024 * 1024,
        include_dashboard=False,
        log_to_driver=False,
        logging_level="error",
        runtime_env={"env_vars": env},
    )
    try:
        yield
    finally:
        ray.shutdown()


def _jsonl(text: str) -> list[dict]:
    """The JSONL objects without their timings (the one field allowed to differ)."""
    return [
        {k: v for k, v in json.loads(line).items() if k != "timings_ms"}
        for line in text.splitlines()
    ]


def _odd_inputs(root: Path) -> list[Path]:
    """Inputs the local batch refuses, beyond _make_tree's empty/whitespace/binary/too-large:
    NUL bytes in text, an unsupported language, and a file named that does not exist."""
    root.mkdir(parents=True, exist_ok=True)
    (root / "nul.txt").write_bytes(b"Perusahaan\x00 itu\x01 meraih\xff\xfe dana.")
    (root / "de.txt").write_text(
        "Der Bundesrat hat heute beschlossen, die Steuern für kleine Unternehmen im nächsten "
        "Jahr deutlich zu senken, sagte der Minister.\n",
        encoding="utf-8",
    )
    (root / "dir.txt").mkdir()  # a directory named like a file: walked, holds nothing
    (root / "latin1.txt").write_bytes(
        "Harga kopi naik 12% menjadi Rp45.000 per kilogram, kata pedagang café.\n".encode("cp1252")
    )
    return [root / "missing.txt"]


@pytest.mark.ray
@pytest.mark.slow
@needs_ray
@pytest.mark.usefixtures("local_ray")
def test_ray_gives_the_local_batchs_results_for_200_files_bad_ones_included(
    tmp_path: Path, standins: dict[str, Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    inputs = tmp_path / "in"
    good, bad = _make_tree(inputs, 188, 8)
    missing = _odd_inputs(inputs / "odd")
    n = len(good) + len(bad) + 3 + len(missing)  # odd files: nul, de, latin1; one missing
    assert n == 200
    args = [str(inputs), *map(str, missing), "-f", "jsonl", "--max-bytes", "1000000"]
    # One bullet keeps the 400 runs short; it and the title still go through the guard.
    args += ["--translator", str(standins["marian"]), "--threads", "1", "--offline", "-n", "1"]
    runner = CliRunner()
    monkeypatch.setenv("SUMMARISE_CACHE", str(tmp_path / "cache-local"))
    local = runner.invoke(app, args, catch_exceptions=False)
    monkeypatch.setenv("SUMMARISE_CACHE", str(tmp_path / "cache-ray"))
    on_ray = runner.invoke(app, [*args, "--engine", "ray", "--actors", "1"], catch_exceptions=False)
    assert local.exit_code == on_ray.exit_code == 1
    expected, got = _jsonl(local.stdout), _jsonl(on_ray.stdout)
    assert len(expected) == n
    schemas = [o["schema"] for o in got]
    assert schemas.count("summarise.error/1") == len(bad) + 3  # + nul, de, missing
    assert got == expected  # every object, in order, literally
    errors = sorted(x for x in local.stderr.splitlines() if x.startswith("error:"))
    assert sorted(x for x in on_ray.stderr.splitlines() if x.startswith("error:")) == errors
    assert f"{n - len(bad) - 3} done (0 from cache), {len(bad) + 3} failed" in on_ray.stderr
    assert not any("Traceback" in x for x in on_ray.stderr.splitlines())


def _outputs(out: Path) -> dict[Path, int]:
    return {p: p.stat().st_mtime_ns for p in out.rglob("*.json")}


def _cache_files(root: Path) -> dict[Path, tuple[int, int]]:
    return {p: (p.stat().st_ino, p.stat().st_mtime_ns) for p in root.glob("*/*.json")}


def _settled(look: Callable[[], dict]) -> dict:
    """`look()` once it gave the same answer twice, 3 s apart (at most 600 s)."""
    deadline = time.monotonic() + 600
    seen = look()
    while time.monotonic() < deadline:
        time.sleep(3)
        now = look()
        if now == seen:
            return now
        seen = now
    return seen


@pytest.mark.ray
@pytest.mark.slow
@needs_ray
def test_killed_midway_a_rerun_loses_nothing_and_recomputes_nothing_finished(
    tmp_path: Path,
) -> None:
    _make_tree(tmp_path / "in", 120, 0)
    out, cache = tmp_path / "out", tmp_path / "cache"
    env = {
        **os.environ,
        "SUMMARISE_CACHE": str(cache),
        "NO_COLOR": "1",
        "RAY_USAGE_STATS_ENABLED": "0",
    }
    cmd = [sys.executable, "-m", "summarise", str(tmp_path / "in"), "-o", str(out), "-f", "json"]
    cmd += ["--translator", "none", "--engine", "ray", "--actors", "1"]
    # Its own process group: the kill takes the driver and the local Ray it started.
    first = subprocess.Popen(
        cmd, env=env, cwd=ROOT, stderr=subprocess.PIPE, text=True, start_new_session=True
    )
    try:
        deadline = time.monotonic() + 600
        while time.monotonic() < deadline and len(_outputs(out)) < 20 and first.poll() is None:
            time.sleep(0.01)
        os.killpg(first.pid, signal.SIGKILL)
        first.communicate()
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(first.pid, signal.SIGKILL)
    # Ray's own processes learn of the kill a moment later; an actor may cache one more
    # group meanwhile. What the rerun finds is what stood once the cache stopped changing.
    cached_before = _settled(lambda: _cache_files(cache))
    before = _outputs(out)
    assert 20 <= len(before) < 120, "the kill should land midway"
    assert len(cached_before) >= len(before)  # each output was cached before it was written
    for path in before:  # whatever was written is whole
        json.loads(path.read_text(encoding="utf-8"))
    again = subprocess.Popen(
        cmd,
        env=env,
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        start_new_session=True,
    )
    try:
        _, err = again.communicate(timeout=600)
    finally:
        with contextlib.suppress(ProcessLookupError):
            os.killpg(again.pid, signal.SIGKILL)
    assert again.returncode == 0, err[-3000:]
    after = _outputs(out)
    assert len(after) == 120
    for path in after:
        assert json.loads(path.read_text(encoding="utf-8"))["schema"] == "summarise.result/1"
    # Finished before the kill: taken from the cache, not computed again (its entry untouched).
    cached_after = _cache_files(cache)
    assert {p: cached_after[p] for p in cached_before} == cached_before
    summary = [x for x in err.splitlines() if "from cache" in x][-1]
    assert summary.startswith("120 done (")
    from_cache = int(summary.split("(")[1].split()[0])
    assert len(cached_before) == from_cache


@pytest.mark.ray
@needs_ray
@pytest.mark.usefixtures("local_ray")
def test_summarise_dataset_reads_files_or_a_text_column_and_keeps_failures_per_row(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import ray.data

    from summarise.ray import summarise_dataset
    from tests.test_batch import GOOD

    files = GOOD[:3]
    texts = [p.read_bytes() for p in files] + [b"", "Der Bundesrat hat heute beschlossen."]
    by_text = summarise_dataset(
        ray.data.from_items([{"id": 10 - i, "text": t} for i, t in enumerate(texts)]),
        translator="none",
        bullets=2,
    ).take_all()
    assert [r["id"] for r in by_text] == [6, 7, 8, 9, 10]  # sorted by id
    objs = [json.loads(r["result"]) for r in reversed(by_text)]
    assert [o["schema"] for o in objs[3:]] == ["summarise.error/1"] * 2
    assert [o["error"]["code"] for o in objs[3:]] == ["empty", "unsupported-language"]
    assert objs[3]["input"]["path"] == "row 7"
    by_path = summarise_dataset(
        ray.data.from_items([{"id": i, "path": str(p)} for i, p in enumerate(files)]),
        translator="none",
        bullets=2,
        cache_dir=tmp_path / "cache",
    ).take_all()
    monkeypatch.setenv("SUMMARISE_CACHE", str(tmp_path / "local-cache"))
    local = CliRunner().invoke(
        app, [*map(str, files), "-f", "jsonl", "--translator", "none", "-n", "2"]
    )
    assert [_jsonl(r["result"])[0] for r in by_path] == _jsonl(local.stdout)
    # the same bytes as text give the same result, named by their row
    for obj, row in zip(objs[:3], _jsonl(local.stdout), strict=True):
        assert {**obj, "input": None, "timings_ms": None} == {
            **row,
            "input": None,
            "timings_ms": None,
        }
    assert len(list((tmp_path / "cache").glob("*/*.json"))) == 3


def test_engine_ray_without_ray_is_one_clear_line_and_exit_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setitem(sys.modules, "ray", None)  # `import ray` now raises ImportError
    article = tmp_path / "a.txt"
    article.write_text("Perusahaan itu meraih US$85 juta.\n", encoding="utf-8")
    result = CliRunner().invoke(app, [str(article), "--engine", "ray", "-f", "jsonl"])
    assert result.exit_code == 2
    assert result.stdout == ""
    assert result.stderr.strip() == (
        "error: --engine ray needs Ray, which is not installed; install it with: "
        "pip install 'summarise[ray]'"
    )


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (["--actors", "2"], "--actors work with --engine ray"),
        (["--address", "auto"], "--address work with --engine ray"),
    ],
)
def test_ray_options_without_engine_ray_are_usage_errors(
    tmp_path: Path, args: list[str], message: str
) -> None:
    article = tmp_path / "a.txt"
    article.write_text("Perusahaan itu meraih US$85 juta.\n", encoding="utf-8")
    result = CliRunner().invoke(app, [str(article), *args])
    assert result.exit_code == 2
    assert message in result.stderr


def test_help_and_import_summarise_do_not_import_ray() -> None:
    code = (
        "import sys, summarise, summarise.cli\n"
        "from typer.testing import CliRunner\n"
        "CliRunner().invoke(summarise.cli.app, ['--help'])\n"
        "CliRunner().invoke(summarise.cli.app, ['run', '--help'])\n"
        "print('ray' in sys.modules)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", code], cwd=ROOT, capture_output=True, text=True, timeout=600
    )
    assert done.stdout.strip() == "False", done.stderr
