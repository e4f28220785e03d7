"""Find inputs (files, directories, stdin) and read each one into decoded text.

Reading never normalises the text: every offset later in the pipeline indexes the decoded text
exactly as returned here (CRLF stays CRLF). Each failure is an `InputError` with a short `kind`
so that a batch of thousands of files records it and goes on.
"""

from __future__ import annotations

import codecs
import errno
import fnmatch
import hashlib
import os
import re
import stat
import sys
from collections.abc import Sequence
from dataclasses import dataclass
from pathlib import Path
from typing import BinaryIO

from summarise.errors import InputError
from summarise.values import InputInfo

DEFAULT_GLOBS: tuple[str, ...] = ("*.txt", "*.md", "*.html", "*.htm")
DEFAULT_MAX_BYTES = 5_000_000
HTML_SUFFIXES = frozenset({".html", ".htm", ".xhtml"})
STDIN = "-"

# A file whose decoded text is more than this share of control characters is not prose.
_MAX_CONTROL_RATIO = 0.02
# Legacy bytes that decode as cp1252 into mostly-ASCII letters are Western text: our inputs are
# Latin-script news (id/ms/en), and charset-normalizer guesses among look-alike single-byte
# code pages (cp1250, cp775, …) on short texts, garbling é/ï. Above this share of non-ASCII
# letters (Cyrillic or Greek bytes read as cp1252) charset-normalizer decides instead.
_MAX_CP1252_NON_ASCII_LETTERS = 0.3
_HTML_SNIFF = re.compile(
    r"\A\s*(?:<\?xml[^>]*>\s*)?(?:<!--.*?-->\s*)*<(?:!doctype\s+html|html)\b",
    re.IGNORECASE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class InputRef:
    """One input to read: `display` is what messages show, `path` is None for stdin.

    `root` is the directory argument the file was found under (None for a file named directly,
    or stdin), so an output tree can mirror the input tree.
    """

    display: str
    path: Path | None
    root: Path | None = None

    @property
    def is_stdin(self) -> bool:
        return self.path is None


def display_name(raw: str) -> str:
    """A path as messages and JSON show it: always valid UTF-8.

    File names are bytes; Python decodes the bytes that are not UTF-8 to lone surrogates,
    which no UTF-8 output can carry. Each such byte is shown as the four characters `\\xNN`
    (Python's backslashreplace), so `caf\\xe9.txt` names the Latin-1 file `café.txt`.
    """
    try:
        raw.encode("utf-8")
        return raw
    except UnicodeEncodeError:
        return raw.encode("utf-8", "surrogateescape").decode("utf-8", "backslashreplace")


def output_paths(refs: Sequence[InputRef]) -> dict[InputRef, Path]:
    """Where each input's output goes under an output directory, before the format's suffix.

    The input's own name is kept whole (`art.txt` → `art.txt` + `.json`), so `art.txt` and
    `art.md` never share an output. The tree is mirrored from the common parent of all
    inputs, where a directory argument stands for itself and a file named directly for its
    parent directory: `a/x.txt b/x.txt` → `a/x.txt`, `b/x.txt`. Standard input is `stdin`.
    """
    anchors = [
        os.path.normpath(ref.root if ref.root is not None else ref.path.parent)
        for ref in refs
        if ref.path is not None
    ]
    try:
        base = os.path.commonpath(anchors) if anchors else ""
    except ValueError:  # different drives (Windows): no common parent; keep names only
        base = ""
    out: dict[InputRef, Path] = {}
    for ref in refs:
        if ref.path is None:
            out[ref] = Path("stdin")
        elif base:
            out[ref] = Path(os.path.relpath(os.path.normpath(ref.path), base))
        else:
            out[ref] = Path(ref.path.name)
    return out


def _matches(name: str, globs: Sequence[str]) -> bool:
    lowered = name.lower()
    return any(fnmatch.fnmatchcase(lowered, g.lower()) for g in globs)


def _resolved(path: Path) -> Path | None:
    try:
        return path.resolve(strict=True)
    except (OSError, RuntimeError):  # broken link, loop, permission
        return None


def _walk(
    root: Path,
    display_root: str,
    globs: Sequence[str],
    excluded: set[Path],
    errors: list[InputError],
) -> list[InputRef]:
    """Files under `root` matching `globs`, sorted; hidden, excluded and looping dirs skipped."""
    found: list[tuple[tuple[str, ...], InputRef]] = []
    root_real = _resolved(root)
    seen: set[Path] = {root_real} if root_real else set()
    stack: list[Path] = [Path()]
    while stack:
        rel_dir = stack.pop()
        directory = root / rel_dir
        try:
            entries = sorted(os.scandir(directory), key=lambda e: e.name)
        except OSError as exc:
            shown = os.path.join(display_root, str(rel_dir)) if rel_dir.parts else display_root
            shown = display_name(shown)
            errors.append(
                InputError(
                    f"{shown}: cannot list directory ({exc.strerror or exc}); "
                    "check its permissions",
                    kind="unreadable",
                    path=shown,
                )
            )
            continue
        for entry in entries:
            if entry.name.startswith("."):
                continue
            rel = rel_dir / entry.name
            try:
                is_dir = entry.is_dir(follow_symlinks=True)
                is_file = not is_dir and entry.is_file(follow_symlinks=True)
            except OSError:
                continue
            if is_dir:
                real = _resolved(Path(entry.path))
                if real is None or real in seen or real in excluded:
                    continue  # a symlink loop, a directory seen already, or the output tree
                seen.add(real)
                stack.append(rel)
            elif is_file and _matches(entry.name, globs):
                ref = InputRef(
                    display=display_name(os.path.join(display_root, *rel.parts)),
                    path=root / rel,
                    root=root,
                )
                found.append((rel.parts, ref))
    found.sort(key=lambda item: item[0])
    return [ref for _, ref in found]


def discover_inputs(
    paths: Sequence[str],
    *,
    globs: Sequence[str] = DEFAULT_GLOBS,
    exclude: Sequence[Path] = (),
) -> tuple[list[InputRef], list[InputError]]:
    """Expand the command-line paths into inputs, in argument order then sorted path order.

    A file named directly is taken whatever its extension; directories are searched recursively
    for `globs`. A file reached twice (same resolved path) is read once. Problems with one path
    are returned, not raised, so the rest of a batch still runs.
    """
    refs: list[InputRef] = []
    errors: list[InputError] = []
    excluded = {r for r in (_resolved(Path(p)) for p in exclude) if r is not None}
    seen_files: set[Path] = set()
    stdin_taken = False

    def add(ref: InputRef) -> None:
        assert ref.path is not None
        real = _resolved(ref.path) or ref.path.absolute()
        if real not in seen_files:
            seen_files.add(real)
            refs.append(ref)

    for raw in paths:
        if raw == STDIN:
            if not stdin_taken:
                stdin_taken = True
                refs.append(InputRef(display=STDIN, path=None))
            continue
        shown = display_name(raw)
        path = Path(raw)
        try:
            mode = os.stat(path).st_mode
        except OSError as exc:
            errors.append(_stat_error(shown, exc))
            continue
        if stat.S_ISDIR(mode):
            root = path.absolute()
            if _resolved(root) in excluded:
                found: list[InputRef] = []
            else:
                found = _walk(root, raw.rstrip("/\\") or raw, globs, excluded, errors)
            if not found:
                errors.append(
                    InputError(
                        f"{shown}: no files matching {', '.join(globs)} in this directory; "
                        "pass files directly or choose other patterns with --glob",
                        kind="no-files",
                        path=shown,
                    )
                )
            for ref in found:
                add(ref)
        elif stat.S_ISSOCK(mode):
            errors.append(
                InputError(f"{shown}: is a socket, not a file", kind="unreadable", path=shown)
            )
        else:  # a file; a FIFO or a device is read like cat reads it (a FIFO waits for a writer)
            add(InputRef(display=shown, path=path.absolute()))
    return refs, errors


def _stat_error(shown: str, exc: OSError) -> InputError:
    """One line for a path that cannot even be looked at: missing, a loop, no permission."""
    if exc.errno in (errno.ENOENT, errno.ENOTDIR):
        return InputError(
            f"{shown}: no such file or directory; check the path", kind="missing", path=shown
        )
    if exc.errno == errno.ELOOP:
        return InputError(
            f"{shown}: symbolic link loop (too many levels of links); fix or remove the link",
            kind="unreadable",
            path=shown,
        )
    if exc.errno in (errno.EACCES, errno.EPERM):
        return InputError(
            f"{shown}: permission denied; check the permissions of the path's directories",
            kind="unreadable",
            path=shown,
        )
    return InputError(
        f"{shown}: cannot open ({exc.strerror or exc})", kind="unreadable", path=shown
    )


def _human(size: int) -> str:
    for unit, scale in (("GB", 10**9), ("MB", 10**6), ("kB", 10**3)):
        if size >= scale:
            return f"{size / scale:.1f} {unit}"
    return f"{size} bytes"


def _read_bytes(ref: InputRef, max_bytes: int, stdin: BinaryIO | None) -> bytes:
    """Read at most `max_bytes + 1` bytes, so an oversized input is known without reading it all."""
    name = ref.display
    if ref.path is None:
        stream = stdin if stdin is not None else sys.stdin.buffer
        try:
            data = stream.read(max_bytes + 1)
        except OSError as exc:
            raise InputError(
                f"{name}: cannot read standard input ({exc})", kind="unreadable"
            ) from exc
        if len(data) > max_bytes:
            raise InputError(
                f"{name}: standard input is over the {max_bytes:,}-byte limit; "
                "raise it with --max-bytes N or pass a smaller text",
                kind="too-large",
            )
        return data
    try:
        with open(ref.path, "rb") as handle:
            size = os.fstat(handle.fileno()).st_size
            if size > max_bytes:
                raise InputError(
                    f"{name}: {size:,} bytes ({_human(size)}) is over the {max_bytes:,}-byte "
                    f"limit ({_human(max_bytes)}); raise it with --max-bytes N or split the file",
                    kind="too-large",
                )
            data = handle.read(max_bytes + 1)
    except IsADirectoryError as exc:
        raise InputError(f"{name}: is a directory, not a file", kind="unreadable") from exc
    except FileNotFoundError as exc:
        raise InputError(
            f"{name}: file vanished before it could be read; check the path", kind="unreadable"
        ) from exc
    except PermissionError as exc:
        raise InputError(
            f"{name}: permission denied; check the file's read permission", kind="unreadable"
        ) from exc
    except OSError as exc:
        raise InputError(f"{name}: cannot read ({exc.strerror or exc})", kind="unreadable") from exc
    if len(data) > max_bytes:  # grew while we read it
        raise InputError(
            f"{name}: over the {max_bytes:,}-byte limit; raise it with --max-bytes N "
            "or split the file",
            kind="too-large",
        )
    return data


def _binary(name: str, why: str) -> InputError:
    return InputError(
        f"{name}: looks like a binary file ({why}), not text; pass a .txt, .md or .html file",
        kind="binary",
    )


def decode_bytes(raw: bytes, name: str = "input", warnings: list[str] | None = None) -> str:
    """Bytes → text: UTF-8 (BOM stripped), UTF-16/32 with a BOM, else charset-normalizer's guess.

    UTF-8 with a few invalid bytes (at most as many as the bytes of its valid multi-byte
    characters) stays UTF-8: each invalid byte becomes U+FFFD and one warning naming the byte
    offsets is appended to `warnings`. Legacy code pages are tried only for text that is not
    UTF-8 at all, so one stray byte cannot turn every “quote” into mojibake.
    Raises InputError(kind="binary") when the bytes are not text in any encoding.
    """
    for bom, codec in (
        (codecs.BOM_UTF32_LE, "utf-32"),
        (codecs.BOM_UTF32_BE, "utf-32"),
        (codecs.BOM_UTF8, "utf-8-sig"),
        (codecs.BOM_UTF16_LE, "utf-16"),
        (codecs.BOM_UTF16_BE, "utf-16"),
    ):
        if raw.startswith(bom):
            try:
                return raw.decode(codec)
            except UnicodeDecodeError as exc:
                raise _binary(name, f"invalid {codec} after a byte-order mark") from exc
    if b"\x00" in raw:
        raise _binary(name, "it contains NUL bytes")
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        pass
    mostly = _mostly_utf8(raw)
    if mostly is not None:
        text, offsets = mostly
        if warnings is not None:
            shown = ", ".join(map(str, offsets[:MAX_OFFSETS_SHOWN]))
            more = len(offsets) - MAX_OFFSETS_SHOWN
            shown += f" and {more} more" if more > 0 else ""
            plural = "s" if len(offsets) > 1 else ""
            warnings.append(
                f"{name}: {len(offsets)} invalid UTF-8 byte{plural} at byte offset{plural} "
                f"{shown}, each read as U+FFFD; the rest is UTF-8"
            )
        return text
    western = _as_western(raw)
    if western is not None:
        return western
    from charset_normalizer import from_bytes  # imported here: only legacy encodings need it

    best = from_bytes(raw).best()
    if best is None:
        raise _binary(name, "no text encoding fits its bytes")
    return str(best)


MAX_OFFSETS_SHOWN = 10
_ESCAPED = re.compile(r"[\udc80-\udcff]")  # what surrogateescape makes of an invalid byte


def _mostly_utf8(raw: bytes) -> tuple[str, list[int]] | None:
    """(text with U+FFFD for each invalid byte, their byte offsets) when `raw` is UTF-8 with a
    few bad bytes; None when it has no valid multi-byte character or more bad bytes than good
    non-ASCII ones (then it is a legacy encoding)."""
    escaped = raw.decode("utf-8", "surrogateescape")
    offsets: list[int] = []
    pos = last = 0
    for m in _ESCAPED.finditer(escaped):
        pos += len(escaped[last : m.start()].encode("utf-8", "surrogateescape"))
        offsets.append(pos)
        pos += 1
        last = m.end()
    non_ascii = len(raw) - len(raw.translate(None, bytes(range(0x80, 0x100))))
    if not offsets or non_ascii - len(offsets) < len(offsets):
        return None
    return _ESCAPED.sub("\ufffd", escaped), offsets


def _as_western(raw: bytes) -> str | None:
    """`raw` as cp1252 when that reads as mostly-ASCII Latin text, else None."""
    try:
        text = raw.decode("cp1252")
    except UnicodeDecodeError:
        return None
    letters = [ch for ch in text if ch.isalpha()]
    if not letters:
        return None
    non_ascii = sum(1 for ch in letters if not ch.isascii())
    return text if non_ascii / len(letters) <= _MAX_CP1252_NON_ASCII_LETTERS else None


_CONTROL = re.compile(r"[\x00-\x08\x0e-\x1f\x7f-\x9f]")  # Cc, less tab/newlines/\v/\f


def _control_ratio(text: str) -> float:
    return len(_CONTROL.findall(text)) / len(text) if text else 0.0


def is_html(text: str, display: str) -> bool:
    """HTML by extension, or by a leading `<!doctype html>` / `<html` (after an XML prolog)."""
    if Path(display).suffix.lower() in HTML_SUFFIXES:
        return True
    return _HTML_SNIFF.match(text[:4096]) is not None


def extract_html(html: str, name: str = "input") -> str:
    """The page's headline and main text (paragraphs on their own lines), via trafilatura."""
    import trafilatura  # heavy (lxml); only HTML inputs pay for it

    try:
        doc = trafilatura.bare_extraction(
            html,
            with_metadata=True,
            include_comments=False,
            include_tables=False,
            include_images=False,
            favor_precision=True,
        )
    except Exception as exc:  # a parser bug on one odd page must not stop a batch
        raise InputError(
            f"{name}: could not extract text from this HTML ({type(exc).__name__}); "
            "save the article as plain text instead",
            kind="unreadable",
        ) from exc
    body = (getattr(doc, "text", None) or "").strip() if doc is not None else ""
    if not body:
        raise InputError(
            f"{name}: no main text found in HTML; save the article as plain text instead",
            kind="empty",
        )
    title = (getattr(doc, "title", None) or "").strip()
    if title and not body.startswith(title):
        return f"{title}\n\n{body}"
    return body


def read_input(
    ref: InputRef,
    *,
    max_bytes: int = DEFAULT_MAX_BYTES,
    stdin: BinaryIO | None = None,
    warnings: list[str] | None = None,
) -> tuple[InputInfo, str]:
    """Read and decode one input; HTML comes back as its extracted main text.

    `InputInfo.sha256` and `.bytes` describe the raw bytes as read, before decoding. What the
    reader had to repair (invalid UTF-8 bytes) is appended to `warnings` when given.
    """
    name = ref.display
    raw = _read_bytes(ref, max_bytes, stdin)
    if not raw:
        raise InputError(f"{name}: file is empty (0 bytes); nothing to summarise", kind="empty")
    text = decode_bytes(raw, name, warnings)
    if _control_ratio(text) > _MAX_CONTROL_RATIO:
        raise _binary(name, "too many control characters")
    if not text.strip():
        raise InputError(
            f"{name}: contains only whitespace; nothing to summarise", kind="whitespace"
        )
    media_type: str = "text"
    if is_html(text, name):
        media_type = "html"
        text = extract_html(text, name)
    info = InputInfo(
        path=name,
        sha256=hashlib.sha256(raw).hexdigest(),
        bytes=len(raw),
        media_type="html" if media_type == "html" else "text",
    )
    return info, text
