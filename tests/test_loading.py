"""The loader: every input read and prepared in input order; a bug travels as its traceback."""

from __future__ import annotations

from pathlib import Path

import pytest

from summarise.loading import Loader, discover
from summarise.settings import Settings
from tests.helpers import SAMPLES


def _loader(jobs: int = 1, reraise: bool = False) -> Loader:
    return Loader("summarise", Settings(translator="none"), None, {}, jobs=jobs, reraise=reraise)


def _inputs(tmp_path: Path) -> list[Path]:
    text = (SAMPLES / "id-startup-funding.txt").read_text(encoding="utf-8")
    paths = []
    for name in ("b.txt", "a.txt", "c.txt"):
        (tmp_path / name).write_text(text + f"\n\n{name}\n", encoding="utf-8")
        paths.append(tmp_path / name)
    (tmp_path / "empty.txt").write_text("", encoding="utf-8")
    return paths


def test_inputs_come_back_in_order_prepared_or_with_their_error(tmp_path: Path) -> None:
    _inputs(tmp_path)
    refs, problems = discover([str(tmp_path)], ["*.txt"], None)
    assert problems == []
    loaded = list(_loader().in_order(refs))
    assert [Path(ref.display).name for ref, _ in loaded] == [
        "a.txt",
        "b.txt",
        "c.txt",
        "empty.txt",
    ]
    assert all(one.prepared is not None for _, one in loaded[:3])
    assert loaded[3][1].prepared is None and loaded[3][1].error[0] == "empty"


def test_an_output_directory_inside_the_input_tree_is_not_read(tmp_path: Path) -> None:
    _inputs(tmp_path)
    (tmp_path / "out").mkdir()
    (tmp_path / "out" / "a.txt.txt").write_text("Teks lama.", encoding="utf-8")
    refs, _ = discover([str(tmp_path)], ["*.txt"], tmp_path / "out")
    assert sorted(Path(r.display).name for r in refs) == ["a.txt", "b.txt", "c.txt", "empty.txt"]


def test_a_bug_comes_back_as_its_traceback_or_is_raised_under_debug(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    from summarise import pipeline

    def broken(self, info, text):
        raise ZeroDivisionError("simulated bug")

    monkeypatch.setattr(pipeline.Pipeline, "prepare", broken)
    paths = _inputs(tmp_path)
    refs, _ = discover([str(paths[0])], ["*.txt"], None)
    ((_, one),) = _loader().in_order(refs)
    assert one.crash is not None and one.crash.strip().endswith("ZeroDivisionError: simulated bug")
    with pytest.raises(ZeroDivisionError):
        list(_loader(reraise=True).in_order(refs))
