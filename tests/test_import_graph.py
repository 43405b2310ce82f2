"""Data flows one way: the analyses import nothing from the presentation layer.

The sources are parsed (no module is imported), so an import inside a function counts as
well as one at the top of a module.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

import mkba_mc

PACKAGE = Path(mkba_mc.__file__).parent
PRESENTATION = ("console", "plots", "report", "workbook", "cli")
"""Top-level modules and packages of the presentation layer (``console*`` by prefix)."""
WRITERS = ("results", "outputs")
"""Modules that write a run's results folder, summary workbook included: they sit beside
the presentation layer, above the analyses, and are not checked."""


def _is_presentation(top: str) -> bool:
    return top.startswith(("console", "workbook")) or top in PRESENTATION


def _sources() -> list[Path]:
    return [
        path
        for path in sorted(PACKAGE.rglob("*.py"))
        if not _is_presentation(top := path.relative_to(PACKAGE).parts[0].removesuffix(".py"))
        and top not in WRITERS
    ]


def _imported(path: Path) -> set[str]:
    """The ``mkba_mc`` modules a source imports, as dotted names below the package."""
    parts = path.relative_to(PACKAGE).with_suffix("").parts
    package = parts[:-1]
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {
                a.name.removeprefix("mkba_mc.") for a in node.names if a.name.startswith("mkba_mc.")
            }
        elif isinstance(node, ast.ImportFrom):
            if node.level:
                base = list(package[: len(package) - node.level + 1])
                module = ".".join([*base, *([node.module] if node.module else [])])
                if node.module:
                    found.add(module)
                else:
                    found |= {".".join([*base, a.name]) for a in node.names}
            elif node.module and node.module.startswith("mkba_mc"):
                found.add(node.module.removeprefix("mkba_mc").lstrip("."))
    return found


def test_the_graph_finds_the_presentation_imports_it_checks_for():
    imported = _imported(PACKAGE / "cli" / "sensitivity.py")
    assert "console_analyses" in {name.split(".")[0] for name in imported}


@pytest.mark.parametrize("path", _sources(), ids=lambda p: str(p.relative_to(PACKAGE)))
def test_an_analysis_imports_no_presentation(path):
    wrong = sorted(m for m in _imported(path) if m and _is_presentation(m.split(".")[0]))
    assert not wrong, f"{path.relative_to(PACKAGE)} imports {', '.join(wrong)}"
