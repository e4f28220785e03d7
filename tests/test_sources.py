"""Input discovery and reading: every error kind, encodings, offsets kept, HTML, stdin."""

from __future__ import annotations

import hashlib
import io
import os
from pathlib import Path

import pytest

from summarise.errors import InputError
from summarise.sources import (
    InputRef,
    decode_bytes,
    discover_inputs,
    output_paths,
    read_input,
)

SAMPLES = Path(__file__).resolve().parents[1] / "samples"


def _ref(path: Path, display: str | None = None) -> InputRef:
    return InputRef(display=display or str(path), path=path)


def _read(path: Path, **kwargs: object) -> tuple[object, str]:
    return read_input(_ref(path), **kwargs)  # type: ignore[arg-type]


def _error(path: Path, **kwargs: object) -> InputError:
    with pytest.raises(InputError) as info:
        _read(path, **kwargs)
    message = info.value.message
    assert "\n" not in message
    assert str(path) in message
    return info.value


# --- discovery ---------------------------------------------------------------------------


def _tree(root: Path) -> None:
    (root / "b").mkdir(parents=True)
    (root / "a.txt").write_text("a", encoding="utf-8")
    (root / "b" / "c.md").write_text("c", encoding="utf-8")
    (root / "b" / "d.html").write_text("d", encoding="utf-8")
    (root / "b" / "e.pdf").write_text("e", encoding="utf-8")
    (root / "b" / "F.TXT").write_text("f", encoding="utf-8")
    (root / ".hidden.txt").write_text("h", encoding="utf-8")
    (root / ".git").mkdir()
    (root / ".git" / "x.txt").write_text("x", encoding="utf-8")


def test_directory_is_searched_recursively_in_sorted_order(tmp_path: Path) -> None:
    _tree(tmp_path / "in")
    refs, errors = discover_inputs([str(tmp_path / "in")])
    assert errors == []
    names = [ref.path.relative_to(tmp_path / "in").as_posix() for ref in refs if ref.path]
    assert names == ["a.txt", "b/F.TXT", "b/c.md", "b/d.html"]  # hidden and .pdf skipped
    assert refs[0].display == os.path.join(str(tmp_path / "in"), "a.txt")


def test_globs_choose_files_and_a_named_file_is_taken_whatever_its_extension(
    tmp_path: Path,
) -> None:
    _tree(tmp_path)
    refs, errors = discover_inputs([str(tmp_path)], globs=("*.md",))
    assert [r.path.name for r in refs if r.path] == ["c.md"]
    refs, errors = discover_inputs([str(tmp_path / "b" / "e.pdf")])
    assert errors == [] and [r.display for r in refs] == [str(tmp_path / "b" / "e.pdf")]
    assert refs[0].root is None


def test_display_path_is_as_given_under_a_relative_directory(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    _tree(tmp_path / "news")
    monkeypatch.chdir(tmp_path)
    refs, _ = discover_inputs(["news/"])
    assert [r.display for r in refs] == [
        "news/a.txt",
        "news/b/F.TXT",
        "news/b/c.md",
        "news/b/d.html",
    ]
    assert all(r.path is not None and r.path.is_absolute() for r in refs)


def test_missing_path_and_empty_directory_are_reported_not_raised(tmp_path: Path) -> None:
    (tmp_path / "empty").mkdir()
    (tmp_path / "empty" / "notes.pdf").write_text("x", encoding="utf-8")
    (tmp_path / "ok.txt").write_text("ok", encoding="utf-8")
    refs, errors = discover_inputs(
        [str(tmp_path / "nope.txt"), str(tmp_path / "empty"), str(tmp_path / "ok.txt")]
    )
    assert [r.display for r in refs] == [str(tmp_path / "ok.txt")]
    assert [e.kind for e in errors] == ["missing", "no-files"]
    assert str(tmp_path / "nope.txt") in errors[0].message
    assert "--glob" in errors[1].message


def test_symlink_loop_is_safe_and_linked_dirs_are_read_once(tmp_path: Path) -> None:
    root = tmp_path / "in"
    (root / "sub").mkdir(parents=True)
    (root / "sub" / "a.txt").write_text("a", encoding="utf-8")
    os.symlink(root, root / "sub" / "loop")  # points back up
    os.symlink(root / "sub", root / "again")  # same dir twice
    refs, errors = discover_inputs([str(root)])
    assert errors == []
    assert len(refs) == 1 and refs[0].path is not None and refs[0].path.name == "a.txt"


def test_broken_symlink_is_ignored(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    os.symlink(tmp_path / "gone.txt", tmp_path / "b.txt")
    refs, _ = discover_inputs([str(tmp_path)])
    assert [r.path.name for r in refs if r.path] == ["a.txt"]


def test_excluded_output_directory_is_never_read(tmp_path: Path) -> None:
    _tree(tmp_path / "in")
    out = tmp_path / "in" / "b"
    refs, errors = discover_inputs([str(tmp_path / "in")], exclude=[out])
    assert errors == []
    assert [r.path.name for r in refs if r.path] == ["a.txt"]
    refs, errors = discover_inputs([str(out)], exclude=[out])
    assert refs == [] and [e.kind for e in errors] == ["no-files"]


def test_same_file_twice_and_stdin_twice_are_read_once(tmp_path: Path) -> None:
    (tmp_path / "a.txt").write_text("a", encoding="utf-8")
    refs, errors = discover_inputs([str(tmp_path / "a.txt"), "-", str(tmp_path), "-"])
    assert errors == []
    assert [r.display for r in refs] == [str(tmp_path / "a.txt"), "-"]
    assert refs[1].is_stdin and refs[1].path is None


def test_output_paths_mirror_the_tree_from_the_common_parent(tmp_path: Path) -> None:
    _tree(tmp_path / "in")
    refs, _ = discover_inputs([str(tmp_path / "in"), str(tmp_path / "in" / "b" / "e.pdf"), "-"])
    outputs = [p.as_posix() for p in output_paths(refs).values()]
    assert outputs == ["a.txt", "b/F.TXT", "b/c.md", "b/d.html", "b/e.pdf", "stdin"]


def test_output_paths_keep_same_named_files_of_two_folders_apart(tmp_path: Path) -> None:
    for d in ("a", "b"):
        (tmp_path / d).mkdir()
        (tmp_path / d / "x.txt").write_text("x", encoding="utf-8")
    (tmp_path / "a" / "x.md").write_text("x", encoding="utf-8")
    names = [str(tmp_path / "a" / "x.txt"), str(tmp_path / "b" / "x.txt")]
    refs, _ = discover_inputs([*names, str(tmp_path / "a" / "x.md")])
    outputs = [p.as_posix() for p in output_paths(refs).values()]
    assert outputs == ["a/x.txt", "b/x.txt", "a/x.md"]
    dirs, _ = discover_inputs([str(tmp_path / "a"), str(tmp_path / "b")])
    assert [p.as_posix() for p in output_paths(dirs).values()] == ["a/x.md", "a/x.txt", "b/x.txt"]


# --- reading: errors -----------------------------------------------------------------------


def test_empty_file(tmp_path: Path) -> None:
    path = tmp_path / "empty.txt"
    path.write_bytes(b"")
    assert _error(path).kind == "empty"


def test_whitespace_only_file(tmp_path: Path) -> None:
    path = tmp_path / "blank.txt"
    path.write_bytes(b" \r\n\t\n  \xc2\xa0\n")
    assert _error(path).kind == "whitespace"


def test_too_large_names_size_limit_and_flag(tmp_path: Path) -> None:
    path = tmp_path / "big.txt"
    path.write_bytes(b"a" * 1001)
    error = _error(path, max_bytes=1000)
    assert error.kind == "too-large"
    assert "1,001" in error.message and "1,000" in error.message
    assert "--max-bytes" in error.message
    _info, text = _read(path, max_bytes=1001)
    assert len(text) == 1001


@pytest.mark.parametrize(
    "raw",
    [
        b"teks\x00biner",
        bytes(range(1, 9)) * 50 + b"abc",  # control characters
        bytes.fromhex("89504e470d0a1a0a0000000d49484452") + os.urandom(512),  # a PNG
    ],
    ids=["nul", "controls", "png"],
)
def test_binary(tmp_path: Path, raw: bytes) -> None:
    path = tmp_path / "data.txt"
    path.write_bytes(raw)
    assert _error(path).kind == "binary"


def test_directory_vanished_and_unpermitted_files_are_unreadable(tmp_path: Path) -> None:
    assert _error(tmp_path).kind == "unreadable"  # a directory
    gone = tmp_path / "gone.txt"
    assert _error(gone).kind == "unreadable"
    if os.geteuid() == 0:
        return  # root reads everything; the permission case cannot be staged
    locked = tmp_path / "locked.txt"
    locked.write_text("rahasia", encoding="utf-8")
    locked.chmod(0)
    error = _error(locked)
    assert error.kind == "unreadable" and "permission" in error.message


# --- reading: decoding -----------------------------------------------------------------------


def test_info_hashes_the_raw_bytes(tmp_path: Path) -> None:
    raw = "\ufeffJudul\r\nIsi berita Rp1,5 triliun.\r\n".encode()
    path = tmp_path / "a.txt"
    path.write_bytes(raw)
    info, text = read_input(_ref(path, "a.txt"))
    assert info.path == "a.txt" and info.bytes == len(raw) and info.media_type == "text"
    assert info.sha256 == hashlib.sha256(raw).hexdigest()
    assert text == "Judul\r\nIsi berita Rp1,5 triliun.\r\n"  # BOM gone, CRLF kept


@pytest.mark.parametrize("encoding", ["cp1252", "latin-1"])
def test_legacy_western_encodings_decode_correctly(tmp_path: Path, encoding: str) -> None:
    text = "Nilai ekspansi naïve café di Jakarta capai Rp1,5 triliun, kata pendiri.\n"
    if encoding == "cp1252":
        text = "Rp1,5 triliun — café “kutipan” naïve\n"
    path = tmp_path / "legacy.txt"
    path.write_bytes(text.encode(encoding))
    assert _read(path)[1] == text


def test_utf8_with_a_few_invalid_bytes_stays_utf8_and_names_the_offsets() -> None:
    good = "“Kirimaja” meraih US$85 juta — kata “pendiri”.\n".encode()
    one, two = good.index(b"meraih") + 1, good.index(b"kata") + 2
    assert (one, two) == (16, 39)
    raw = good[:one] + b"\xff" + good[one:two] + b"\x92" + good[two:]
    warnings: list[str] = []
    text = decode_bytes(raw, "a.txt", warnings)
    assert text == "“Kirimaja” m\ufffderaih US$85 juta — ka\ufffdta “pendiri”.\n"
    assert warnings == [
        "a.txt: 2 invalid UTF-8 bytes at byte offsets 16, 40, each read as U+FFFD; "
        "the rest is UTF-8"
    ]


def test_many_offsets_are_cut_after_ten() -> None:
    raw = ("“ok” " * 40).encode() + b"x\xff" * 12
    warnings: list[str] = []
    decode_bytes(raw, "b.txt", warnings)
    assert "12 invalid UTF-8 bytes" in warnings[0] and "and 2 more" in warnings[0]


def test_text_that_is_not_utf8_at_all_is_still_a_legacy_code_page() -> None:
    raw = "Café “kutipan” naïve, Rp1,5 triliun.\n".encode("cp1252")
    warnings: list[str] = []
    assert decode_bytes(raw, "c.txt", warnings) == "Café “kutipan” naïve, Rp1,5 triliun.\n"
    assert warnings == []


def test_utf16_with_bom_is_text_not_binary() -> None:
    text = "Pendapatan naik 18% menjadi Rp9,8 triliun.\r\n"
    assert decode_bytes(text.encode("utf-16")) == text


@pytest.mark.parametrize(
    ("text", "encoding"),
    [
        ("同社は昨年、30億ドルの売上高を記録した。" * 5, "shift_jis"),
        ("Компания получила выручку в размере 3 миллиардов долларов. " * 3, "cp1251"),
    ],
)
def test_non_western_legacy_encodings_decode(text: str, encoding: str) -> None:
    assert decode_bytes(text.encode(encoding)) == text


# --- HTML ----------------------------------------------------------------------------------


def test_html_sample_yields_headline_and_article_only() -> None:
    path = SAMPLES / "id-fintech-page.html"
    info, text = _read(path)
    assert info.media_type == "html"
    assert info.bytes == path.stat().st_size
    lines = [line for line in text.splitlines() if line.strip()]
    assert lines[0] == "OJK Beri Izin Usaha ke Bank Digital Dompetku, Modal Disetor Rp3 Triliun"
    assert any(line.startswith("Otoritas Jasa Keuangan (OJK) resmi") for line in lines)
    assert "US$120 juta" in text
    for chrome in ("Beranda", "Berita Terkait", "Lima Bank Digital", "Pedoman Media", "©"):
        assert chrome not in text


def test_html_is_sniffed_whatever_the_extension(tmp_path: Path) -> None:
    para = "Perusahaan rintisan itu meraih pendanaan Rp200 miliar dari tiga investor. " * 3
    page = (
        "<!DOCTYPE html>\n<html><head><title>Judul Berita</title></head><body>"
        f"<article><h1>Startup Raih Rp200 Miliar</h1><p>{para}</p><p>{para}</p></article>"
        "</body></html>"
    )
    path = tmp_path / "page.txt"
    path.write_text(page, encoding="utf-8")
    info, text = _read(path)
    assert info.media_type == "html"
    assert "<p>" not in text and "Rp200 miliar" in text


def test_html_without_main_text_is_empty(tmp_path: Path) -> None:
    path = tmp_path / "nav.html"
    path.write_text(
        "<html><body><nav><ul><li><a href='/'>Beranda</a></li><li><a href='/e'>Ekonomi</a>"
        "</li></ul></nav><footer><p>Tentang kami</p></footer></body></html>",
        encoding="utf-8",
    )
    error = _error(path)
    assert error.kind == "empty" and "HTML" in error.message


def test_text_mentioning_html_later_is_not_html(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_text("Judul\n\nArtikel ini membahas tag <html> di web.\n", encoding="utf-8")
    info, text = _read(path)
    assert info.media_type == "text" and "<html>" in text


# --- stdin ---------------------------------------------------------------------------------


def test_stdin_is_read_from_the_given_stream() -> None:
    raw = b"Judul\r\n\r\nIsi berita.\r\n"
    info, text = read_input(InputRef("-", None), stdin=io.BytesIO(raw))
    assert info.path == "-" and info.bytes == len(raw)
    assert info.sha256 == hashlib.sha256(raw).hexdigest()
    assert text == "Judul\r\n\r\nIsi berita.\r\n"


def test_stdin_errors() -> None:
    with pytest.raises(InputError) as info:
        read_input(InputRef("-", None), stdin=io.BytesIO(b"x" * 11), max_bytes=10)
    assert info.value.kind == "too-large" and "--max-bytes" in info.value.message
    with pytest.raises(InputError) as info:
        read_input(InputRef("-", None), stdin=io.BytesIO(b""))
    assert info.value.kind == "empty"


def test_all_samples_read() -> None:
    refs, errors = discover_inputs([str(SAMPLES)], exclude=())
    assert errors == []
    names = {r.path.name for r in refs if r.path}
    assert {
        "id-startup-funding.txt",
        "id-ecommerce-results.txt",
        "id-scraped-page.txt",
        "id-fintech-page.html",
        "ms-digital-economy.txt",
        "en-regional-tech.txt",
        "id-telco-infrastructure.md",
    } <= names
    for ref in refs:
        info, text = read_input(ref)
        assert text.strip() and info.bytes > 0


def test_html_extractor_failure_is_an_input_error(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import trafilatura

    def boom(*args: object, **kwargs: object) -> None:
        raise ValueError("parser bug")

    monkeypatch.setattr(trafilatura, "bare_extraction", boom)
    path = tmp_path / "a.html"
    path.write_text("<html><body><p>Isi berita.</p></body></html>", encoding="utf-8")
    error = _error(path)
    assert error.kind == "unreadable" and "ValueError" in error.message


def test_tabs_form_feeds_and_newlines_are_not_control_noise(tmp_path: Path) -> None:
    path = tmp_path / "a.txt"
    path.write_bytes(b"Judul\f\n\tIsi\vberita.\r\n" * 20)
    assert _read(path)[1].startswith("Judul\f\n\tIsi")
