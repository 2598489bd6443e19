"""The package layout: imports run one way, from the interfaces down to the foundations.

Every import counts, including those inside functions and under ``TYPE_CHECKING``: an
import moved into a function to dodge a circle is still a circle.
"""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

PACKAGE = Path(__file__).resolve().parent.parent / "vbhc"

# Lower layers never import higher ones; a layer may import its own modules and lower layers.
LAYERS = {
    "vbhc.core": 0,  # errors, Babel formatting, the Jinja sandbox, text widths
    "vbhc.data": 1,  # the data model, loading YAML/Excel, references, numbering
    "vbhc.document": 2,  # WordprocessingML: frame, blocks, rich text, the engine
    "vbhc.checker": 3,  # NĐ30 conformance of any .docx
    "vbhc.kinds": 3,  # document kinds: declarations, their context, templates
    "vbhc.pipeline": 4,  # render, batch, output, PDF
    "vbhc.importer": 4,  # Word documents into data, Word edits back into data
    "vbhc.cli": 5,  # interfaces: the command line
    "vbhc.studio": 5,  # interfaces: the local web editor
}


def module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def modules() -> dict[str, Path]:
    return {module_name(path): path for path in PACKAGE.rglob("*.py")}


def imported(path: Path, name: str, known: set[str]) -> set[str]:
    """Return the vbhc modules ``path`` imports, wherever the import statement stands."""
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = node.module or ""
            if node.level:
                anchor = package.split(".")[: len(package.split(".")) - node.level + 1]
                base = ".".join(anchor + ([base] if base else []))
            for alias in node.names:
                candidate = f"{base}.{alias.name}"
                found.add(candidate if candidate in known else base)
    return {module for module in found if module in known and module != name}


def graph() -> dict[str, set[str]]:
    known = modules()
    return {name: imported(path, name, set(known)) for name, path in known.items()}


def layer(module: str) -> int | None:
    for prefix, rank in LAYERS.items():
        if module == prefix or module.startswith(prefix + "."):
            return rank
    return None


def cycles(edges: dict[str, set[str]]) -> list[list[str]]:
    """Return the strongly connected components with more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    found: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for target in sorted(edges[node]):
            if target not in index:
                visit(target)
                low[node] = min(low[node], low[target])
            elif target in on_stack:
                low[node] = min(low[node], index[target])
        if low[node] == index[node]:
            component = []
            while True:
                member = stack.pop()
                on_stack.discard(member)
                component.append(member)
                if member == node:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for node in sorted(edges):
        if node not in index:
            visit(node)
    return found


def test_the_cycle_finder_finds_a_circle() -> None:
    assert cycles({"a": {"b"}, "b": {"c"}, "c": {"a"}, "d": {"a"}}) == [["a", "b", "c"]]


def test_no_module_imports_one_that_imports_it_back() -> None:
    assert cycles(graph()) == []


def test_every_module_belongs_to_a_layer() -> None:
    outside = [name for name in graph() if layer(name) is None
               and name not in ("vbhc", "vbhc.__main__")]
    assert outside == []


def test_imports_run_from_the_interfaces_down() -> None:
    upward = [f"{name} → {target}" for name, targets in graph().items()
              for target in targets
              if layer(name) is not None and layer(target) is not None
              and layer(target) > layer(name)]
    assert upward == []


def test_the_checker_and_the_kinds_do_not_import_each_other() -> None:
    crossing = [f"{name} → {target}" for name, targets in graph().items()
                for target in targets
                if {name.split(".")[1], target.split(".")[1]} == {"checker", "kinds"}]
    assert crossing == []


@pytest.mark.parametrize("argv", [["--help"], ["kinds"]])
def test_light_commands_import_no_heavy_modules(argv: list[str]) -> None:
    """`vbhc --help` and `vbhc kinds` stay quick: no checker, batch, openpyxl or LibreOffice."""
    probe = ("import sys\n"
             "from vbhc.cli import main\n"
             f"sys.argv = ['vbhc', *{argv!r}]\n"
             "try:\n    main()\nexcept SystemExit:\n    pass\n"
             "heavy = sorted(m for m in sys.modules if m.startswith(("
             "'vbhc.checker', 'vbhc.pipeline.batch', 'vbhc.pipeline.pdf', 'openpyxl')))\n"
             "print('HEAVY', heavy)\n")
    result = subprocess.run([sys.executable, "-c", probe], capture_output=True, text=True,
                            cwd=PACKAGE.parent, check=True)
    assert "HEAVY []" in result.stdout, result.stdout[-2000:]
