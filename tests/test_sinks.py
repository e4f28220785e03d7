"""Output sinks, one per destination: what each writes, and when."""

from __future__ import annotations

import io
import json
from pathlib import Path
from typing import Any

import pytest
from rich.console import Console

from summarise.errors import SummariseError
from summarise.render import Format, error_json
from summarise.sinks import (
    DirectorySink,
    JsonLinesSink,
    JsonSink,
    Sink,
    StdoutClosed,
    TextSink,
)
from summarise.sources import InputRef
from tests.helpers import SAMPLES


@pytest.fixture(scope="module")
def result() -> dict[str, Any]:
    from summarise.pipeline import Pipeline, Settings
    from summarise.values import InputInfo

    text = (SAMPLES / "id-startup-funding.txt").read_text(encoding="utf-8")
    p = Pipeline(Settings(translator="none", bullets=2))
    info = InputInfo(path="a.txt", sha256="0" * 64, bytes=len(text))
    return p.summarise(p.prepare(info, text)).to_json()


def _stdout() -> tuple[Console, io.StringIO]:
    buffer = io.StringIO()
    return Console(file=buffer, soft_wrap=True), buffer


ERROR = error_json("bad.txt", "binary", "bad.txt: binary file")


@pytest.mark.parametrize(
    ("fmt", "out_dir", "cls"),
    [
        (Format.text, None, TextSink),
        (Format.markdown, None, TextSink),
        (Format.rich, None, TextSink),
        (Format.jsonl, None, JsonLinesSink),
        (Format.json, None, JsonSink),
        (Format.json, Path("out"), DirectorySink),
        (Format.text, Path("out"), DirectorySink),
    ],
)
def test_a_sink_is_the_class_of_its_destination(fmt: Format, out_dir: Path | None, cls) -> None:
    stdout, _ = _stdout()
    assert type(Sink(fmt=fmt, stdout=stdout, out_dir=out_dir)) is cls


def test_json_lines_write_each_object_at_once_errors_included(result: dict[str, Any]) -> None:
    stdout, buffer = _stdout()
    sink = Sink(fmt=Format.jsonl, stdout=stdout)
    sink.emit(result, None)
    assert len(buffer.getvalue().splitlines()) == 1
    sink.emit(ERROR, None)
    sink.close()
    lines = [json.loads(x) for x in buffer.getvalue().splitlines()]
    assert [o["schema"] for o in lines] == ["summarise.result/1", "summarise.error/1"]
    assert sink.written == 2


def test_json_is_one_document_at_the_end_an_object_for_one_a_list_for_more(
    result: dict[str, Any],
) -> None:
    stdout, buffer = _stdout()
    one = Sink(fmt=Format.json, stdout=stdout)
    one.emit(result, None)
    assert buffer.getvalue() == "" and one.written == 0
    one.close()
    assert json.loads(buffer.getvalue())["schema"] == "summarise.result/1"
    stdout, buffer = _stdout()
    two = Sink(fmt=Format.json, stdout=stdout)
    two.emit(result, None)
    two.emit(ERROR, None)
    two.close()
    assert [o["schema"] for o in json.loads(buffer.getvalue())] == [
        "summarise.result/1",
        "summarise.error/1",
    ]
    stdout, buffer = _stdout()
    Sink(fmt=Format.json, stdout=stdout).close()
    assert buffer.getvalue() == ""  # nothing collected: nothing written


def test_text_leaves_errors_to_stderr_and_annotates_results(result: dict[str, Any]) -> None:
    stdout, buffer = _stdout()
    seen: list[str] = []

    def annotate(obj: dict[str, Any]) -> dict[str, Any]:
        seen.append(obj["schema"])
        return obj

    sink = Sink(fmt=Format.text, stdout=stdout, annotate=annotate)
    sink.emit(ERROR, None)
    assert buffer.getvalue() == "" and sink.written == 0
    sink.emit(result, None)
    assert "Kirimaja" in buffer.getvalue() and sink.written == 1
    assert seen == ["summarise.result/1"]  # an error object is never annotated


def test_a_closed_pipe_ends_the_run_quietly(result: dict[str, Any]) -> None:
    class Closed(io.StringIO):
        def write(self, text: str) -> int:
            raise BrokenPipeError

    sink = Sink(fmt=Format.jsonl, stdout=Console(file=Closed()))
    with pytest.raises(StdoutClosed):
        sink.emit(result, None)


def test_a_directory_gets_one_file_per_input_and_none_for_a_failure(
    tmp_path: Path, result: dict[str, Any]
) -> None:
    src = tmp_path / "a.txt"
    src.write_text("x", encoding="utf-8")
    ref = InputRef(display=str(src), path=src)
    sink = Sink(fmt=Format.json, stdout=_stdout()[0], out_dir=tmp_path / "out")
    sink.plan([ref])
    sink.emit(result, ref)
    sink.emit(ERROR, None)
    sink.close()
    assert [p.name for p in (tmp_path / "out").iterdir()] == ["a.txt.json"]
    assert json.loads((tmp_path / "out" / "a.txt.json").read_text())["schema"] == (
        "summarise.result/1"
    )
    assert sink.written == 1


def test_a_directory_refuses_two_inputs_for_one_output(tmp_path: Path) -> None:
    named = tmp_path / "stdin"  # a file called stdin, and standard input itself
    named.write_text("x", encoding="utf-8")
    sink = Sink(fmt=Format.json, stdout=_stdout()[0], out_dir=tmp_path / "out")
    with pytest.raises(SummariseError, match="would both be written to"):
        sink.plan([InputRef(str(named), named), InputRef("-", None)])
