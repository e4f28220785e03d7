"""The package's layers: imports go one way (no cycle), no module reaches into another's
private names, and the README's layout diagram is the import graph.

Every `import` is read with ast, function-level ones included (a lazy import is still a
dependency), so the check sees what a reader following the code would.
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

from tests.helpers import ROOT

PACKAGE = ROOT / "summarise"


def _modules(package: Path = PACKAGE) -> dict[str, Path]:
    """Dotted name → file, for every module of the package (a package is its __init__)."""
    out = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        if parts[-1] == "__init__":
            parts = parts[:-1]
        out[".".join(parts)] = path
    return out


def _owner(name: str, modules: dict[str, Path]) -> str | None:
    """The module that `name` lives in (a dotted name may end in a class or function)."""
    while name and name not in modules:
        name = name.rpartition(".")[0]
    return name or None


def _imports(module: str, path: Path, modules: dict[str, Path]) -> list[tuple[str, str | None]]:
    """(imported module, imported name or None) for every import of a package module."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    package = module if path.name == "__init__.py" else module.rpartition(".")[0]
    out: list[tuple[str, str | None]] = []
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            for alias in node.names:
                if (target := _owner(alias.name, modules)) is not None:
                    out.append((target, None))
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join([*anchor, *([base] if base else [])])
            for alias in node.names:
                full = f"{base}.{alias.name}"
                if full in modules:  # `from summarise import guard`: the module itself
                    out.append((full, None))
                elif (target := _owner(base, modules)) is not None:
                    out.append((target, alias.name))
    return out


def import_graph(package: Path = PACKAGE) -> dict[str, set[str]]:
    """Module → the package modules it imports (itself left out)."""
    modules = _modules(package)
    return {m: {t for t, _ in _imports(m, p, modules) if t != m} for m, p in modules.items()}


def private_imports(package: Path = PACKAGE) -> list[str]:
    """`module imports other._name` lines: a private name used outside its module."""
    modules = _modules(package)
    found = []
    for m, p in modules.items():
        for target, name in _imports(m, p, modules):
            if name and target != m and name.startswith("_") and not name.startswith("__"):
                found.append(f"{m} imports {target}.{name}")
    return found


def cycles(graph: dict[str, set[str]]) -> list[list[str]]:
    """Every strongly connected group of more than one module (Tarjan), sorted."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(v: str) -> None:
        index[v] = low[v] = len(index)
        stack.append(v)
        on_stack.add(v)
        for w in sorted(graph.get(v, ())):
            if w not in index:
                visit(w)
                low[v] = min(low[v], low[w])
            elif w in on_stack:
                low[v] = min(low[v], index[w])
        if low[v] == index[v]:
            group = []
            while True:
                w = stack.pop()
                on_stack.discard(w)
                group.append(w)
                if w == v:
                    break
            if len(group) > 1:
                found.append(sorted(group))

    for v in sorted(graph):
        if v not in index:
            visit(v)
    return sorted(found)


def test_the_package_has_no_import_cycle() -> None:
    assert cycles(import_graph()) == []


def test_no_module_imports_another_modules_private_names() -> None:
    assert private_imports() == []


def _defined(kind: type, name_part: str) -> list[str]:
    """`module.name` of every module-level function (or assignment) whose name has
    `name_part`: where a rule is written."""
    found = []
    for module, path in _modules().items():
        for node in ast.parse(path.read_text(encoding="utf-8")).body:
            if kind is ast.FunctionDef and isinstance(node, ast.FunctionDef):
                names = [node.name]
            elif kind is ast.Assign and isinstance(node, ast.Assign):
                names = [t.id for t in node.targets if isinstance(t, ast.Name)]
            else:
                continue
            found += [f"{module}.{n}" for n in names if name_part in n.lower()]
    return sorted(found)


def test_one_sentence_splitter_and_one_dateline_rule() -> None:
    assert _defined(ast.FunctionDef, "split_sentences") == ["summarise.sentences.split_sentences"]
    assert _defined(ast.Assign, "dateline") == [
        "summarise.sentences.DATELINE_OUTLETS",
        "summarise.sentences._DATELINE",
    ]


def diagram_rows(readme: str) -> list[list[str]]:
    """The README's layout diagram: its rows of module names, top layer first."""
    start = readme.index("Layout of `summarise/`")
    block = readme[readme.index("```text\n", start) + 8 :]
    block = block[: block.index("```")]
    rows = []
    for line in block.splitlines():
        if line and not line[0].isspace() and not line.startswith("↓"):
            names = re.split(r"\s{3,}", line.strip())[0]
            rows.append([n.strip() for n in names.split("·")])
    return rows


def _layer_name(module: str) -> str:
    """A module as the diagram names it: without the package prefix, figures/ as one."""
    if module == "summarise":
        return module
    name = module.removeprefix("summarise.")
    return "figures" if name.split(".")[0] == "figures" else name


def upward_imports(graph: dict[str, set[str]], rows: list[list[str]]) -> list[str]:
    """Imports that go up the diagram (to a row above the importer's), and modules that the
    diagram does not place (or places twice)."""
    row_of: dict[str, int] = {}
    problems = []
    for i, row in enumerate(rows):
        for name in row:
            if name in row_of:
                problems.append(f"{name} is in two rows")
            row_of[name] = i
    for module in sorted(graph):
        if _layer_name(module) not in row_of:
            problems.append(f"{_layer_name(module)} is not in the diagram")
    for module, targets in sorted(graph.items()):
        src = row_of.get(_layer_name(module))
        for target in sorted(targets):
            dst = row_of.get(_layer_name(target))
            if src is not None and dst is not None and dst < src:
                problems.append(f"{_layer_name(module)} imports {_layer_name(target)}, above it")
    return problems


def test_the_readme_diagram_places_every_module_and_every_import_goes_down_it() -> None:
    rows = diagram_rows((ROOT / "README.md").read_text(encoding="utf-8"))
    graph = import_graph()
    assert upward_imports(graph, rows) == []
    named = {_layer_name(m) for m in graph}
    assert sorted(n for row in rows for n in row if n not in named) == []  # no stale names


def test_pipeline_imports_no_mode_internals() -> None:
    modules = _modules()
    names = {
        (target, name)
        for target, name in _imports("summarise.pipeline", modules["summarise.pipeline"], modules)
        if target in ("summarise.extractive", "summarise.abstractive")
    }
    assert names == {
        ("summarise.abstractive", None),
        ("summarise.extractive", None),
        ("summarise.extractive", "make_bullets"),  # re-exported for the library API
    }


def test_translation_sits_below_the_guard() -> None:
    """translate turns texts into English and knows nothing of figures; faithful is where the
    translation and the guard meet (issue 14: translation below the guard)."""
    graph = import_graph()
    assert graph["summarise.translate"] == {"summarise.backends", "summarise.sentences"}
    assert {"summarise.guard", "summarise.translate"} <= graph["summarise.faithful"]
    assert "summarise.faithful" not in graph["summarise.guard"]


# --- the checker itself, on a package written for it ---------------------------------------


def _package(tmp_path: Path, files: dict[str, str]) -> Path:
    root = tmp_path / "pkg"
    for name, text in files.items():
        path = root / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text, encoding="utf-8")
    return root


def test_a_cycle_through_a_function_level_import_is_found(tmp_path: Path) -> None:
    pkg = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "from pkg.b import helper\n",
            "b.py": "def helper():\n    from pkg import a\n    return a\n",
            "c.py": "import pkg.a\n",
        },
    )
    assert cycles(import_graph(pkg)) == [["pkg.a", "pkg.b"]]


def test_a_one_way_graph_has_no_cycle(tmp_path: Path) -> None:
    pkg = _package(
        tmp_path,
        {"__init__.py": "", "a.py": "from pkg.b import x\n", "b.py": "import os\nx = 1\n"},
    )
    assert import_graph(pkg) == {"pkg": set(), "pkg.a": {"pkg.b"}, "pkg.b": set()}
    assert cycles(import_graph(pkg)) == []


def test_private_names_are_found_in_absolute_and_relative_imports(tmp_path: Path) -> None:
    pkg = _package(
        tmp_path,
        {
            "__init__.py": "",
            "a.py": "def _cut():\n    pass\n",
            "b.py": "def f():\n    from pkg.a import _cut\n",
            "sub/__init__.py": "",
            "sub/c.py": "from ..a import _cut as cut\nfrom pkg.a import __doc__\n",
            "d.py": "from pkg import a\n",
        },
    )
    assert private_imports(pkg) == ["pkg.b imports pkg.a._cut", "pkg.sub.c imports pkg.a._cut"]


def test_an_import_up_the_diagram_and_an_unplaced_module_are_reported() -> None:
    readme = "Layout of `summarise/`\n```text\na · b      top\n  ↓\nc\n```\n"
    rows = diagram_rows(readme)
    assert rows == [["a", "b"], ["c"]]
    graph = {"summarise.a": {"summarise.c"}, "summarise.c": {"summarise.b"}, "summarise.d": set()}
    assert upward_imports(graph, rows) == ["d is not in the diagram", "c imports b, above it"]
    assert upward_imports({"summarise.a": {"summarise.b"}, "summarise.c": set()}, rows) == []
