"""The figure engine holds no natural-language words: every word it matches comes from grammar
data (`summarise/figures/grammar/`), so adding a language is adding a grammar file.

The check reads `engine.py` with `ast` and looks at every string literal (docstrings aside): once
regex syntax is taken out (escapes, group names, flags), no letters may be left but the few
non-language tokens listed below.
"""

from __future__ import annotations

import ast
import re
import typing
from collections.abc import Iterable
from pathlib import Path

from summarise.values import FigureKind

ENGINE = Path(__file__).resolve().parents[2] / "summarise" / "figures" / "engine.py"

#: Tokens that are not language, each with the reason:
NOTATION = frozenset(
    {
        # The figure value notation the engine writes (`2024-Q3`, `2024-H1`, `9M2024`, `FY2024`)
        # and reads back in its compact form (`3Q24`, `1H2023`, `9M24`, `Q3 FY25`). It is the
        # business notation of every language we read, not a word of one: a grammar maps its
        # own words to it (`kuartal` -> `Q` in `period_words`).
        "Q",
        "H",
        "M",
        "FY",
        # Web addresses (`https://`, `www.`), skipped as a whole: URL syntax, not a language.
        "https",
        "www",
        # The multiplier unit (`3.5x`), the engine's internal mark for `kali`/`times`.
        "x",
        # The two reasons a reading is in doubt (`Figure.doubt`).
        "convention",
        "name",
    }
)
#: Roles of number-word steps (`grammar.WordTokens`): names in the grammar data's own format.
WORD_ROLES = frozenset({"unit", "tens", "teen", "mul", "scale", "half", "quarter", "dozen", "frac"})
#: Regex flags written inline, `(?i:...)`.
_INLINE_FLAGS = re.compile(r"\(\?[aiLmsux]+(?:-[imsx]+)?[:)]")
#: A group's name where it is defined or used; the name may come from a formatted value
#: (`(?P<{name}>`), so the syntax is taken out even when no name follows in the literal.
#: `\(\?P<` is that syntax escaped, in a regex that finds named groups.
_GROUP_NAME = re.compile(r"\(\?P<(\w*)>?|\(\?P=(\w*)\)?|\(\?\((\w+)\)|\\\(\\\?P<()")
#: Backslash escapes that read as letters: `\w`, `\b`, `\s`, `\d`, `\t`, `\u00a0`, `\x20`.
_ESCAPE = re.compile(r"\\(?:u[0-9a-fA-F]{4}|x[0-9a-fA-F]{2}|N\{[^}]*\}|.)")
#: A word or a name: a letter, then letters, digits or `_` (`p_word` is one group name).
_LETTERS = re.compile(r"[^\W\d_]\w*")


def _not_matched(tree: ast.AST) -> set[int]:
    """ids of the string nodes that never reach a regex: docstrings (module, classes,
    functions) and raised messages are prose for programmers, f-string format specs
    (`{month:02d}`) are format names."""
    out: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Module | ast.ClassDef | ast.FunctionDef | ast.AsyncFunctionDef):
            body = node.body
            if body and isinstance(body[0], ast.Expr) and isinstance(body[0].value, ast.Constant):
                out.add(id(body[0].value))
        if isinstance(node, ast.Raise) and node.exc is not None:
            out.update(id(n) for n in ast.walk(node.exc))
        if isinstance(node, ast.FormattedValue) and node.format_spec is not None:
            out.update(id(n) for n in ast.walk(node.format_spec))
    return out


def string_literals(source: str) -> list[tuple[int, str]]:
    """Every string literal of `source` (f-string parts included) with its line, docstrings
    and format specs aside."""
    tree = ast.parse(source)
    skip = _not_matched(tree)
    found = [
        (node.lineno, node.col_offset, node.value)
        for node in ast.walk(tree)
        if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in skip
    ]
    return [(line, text) for line, _, text in sorted(found, key=lambda f: f[:2])]


def handler_names(source: str) -> set[str]:
    """Keys of a dict whose values are all methods of `self` (the engine's `handlers`): the
    names of its readers, which are also the names of the regex groups that start them."""
    names: set[str] = set()
    for node in ast.walk(ast.parse(source)):
        if (
            isinstance(node, ast.Dict)
            and node.values
            and all(
                isinstance(v, ast.Attribute)
                and isinstance(v.value, ast.Name)
                and v.value.id == "self"
                for v in node.values
            )
        ):
            names.update(k.value for k in node.keys if isinstance(k, ast.Constant))
    return names


def words_in(literals: list[tuple[int, str]], readers: Iterable[str] = ()) -> list[tuple[int, str]]:
    """The letter runs left in `literals` once regex syntax and non-language tokens (group
    and reader names among them) are out."""
    names: set[str] = set(readers)
    for _, text in literals:
        for m in _GROUP_NAME.finditer(text):
            names.update(g for g in m.groups() if g)
    allowed = NOTATION | WORD_ROLES | set(typing.get_args(FigureKind)) | names
    found = []
    for line, text in literals:
        text = _ESCAPE.sub(" ", _INLINE_FLAGS.sub(" ", _GROUP_NAME.sub(" ", text)))
        found += [(line, w) for w in _LETTERS.findall(text) if w not in allowed]
    return found


def test_engine_has_no_natural_language_words() -> None:
    source = ENGINE.read_text(encoding="utf-8")
    found = words_in(string_literals(source), handler_names(source))
    assert found == [], "words in engine.py that belong in a grammar module: " + ", ".join(
        f"line {line}: {word!r}" for line, word in found
    )


def test_check_finds_words_in_regexes_and_tuples() -> None:
    source = '''
"""Docstrings are prose: `dari` here is fine."""
import re
SPACE = "[ ]"
PARTITIVE = re.compile(rf"^{SPACE}+(?:dari|daripada|of){SPACE}+(?:the{SPACE}+)?$")
PERIOD = rf"(?P<p_word>x){SPACE}+(?:(?i:ke)-?{SPACE}*)?"
SUFFIXES = ("nya", "kan", "ly")
NEXT = r"(?:[a-z]|I\\b|We\\b)"
'''
    assert [w for _, w in words_in(string_literals(source))] == [
        "dari",
        "daripada",
        "of",
        "the",
        "ke",
        "nya",
        "kan",
        "ly",
        "a",
        "z",
        "I",
        "We",
    ]


def test_check_passes_regex_syntax_names_and_notation() -> None:
    source = r"""
import re
NUM = r"[0-9]+(?:[.,][0-9]+)*"
SPACE = r"[ \t\u00a0]"
A = re.compile(rf"\b(?P<num>{NUM})(?P=num)(?(num)x|)(?i:{NUM})(?![\w])\s\d")
B = rf"(?P<fy>FY{SPACE}?[0-9]{{4}})"
DAY = f"{day:02d}-{month:>2}"
if not DAY:
    raise ValueError(f"a message for programmers: {DAY!r}")
NAME = "num"
B2 = re.compile(rf"(?P<{NAME}>x)(?P={NAME})")
class E:
    def __init__(self) -> None:
        self.handlers = {"num": self.f, "qh": self.f}
        self.table = {"qh": 1}
    def f(self) -> None:
        return None
KINDS = ("money", "percent", "count", "quantity", "date", "age", "number")
STEPS = (("unit", 1), ("scale", 3), ("mul", 100))
"""
    assert words_in(string_literals(source), handler_names(source)) == []
    assert handler_names(source) == {"num", "qh"}  # the dict of methods only
