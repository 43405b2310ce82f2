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


def test_a_serial_run_imports_only_what_it_uses(tmp_path):
    """Heavy imports happen where they are needed: ``mkba-mc run`` on the default study
    (numpy samplers only, no --out, no workers) pays for none of scipy.stats (the slowest
    import: Latin hypercube, Sobol', truncated normal, triangular, the sensitivity
    analyses), scipy.optimize, scipy.linalg, dask.distributed, zarr, openpyxl or
    matplotlib. (xarray itself imports dask.array, where it is installed, when it makes
    its first Dataset.)"""
    import os
    import subprocess
    import sys

    heavy = [
        "scipy.stats",
        "scipy.optimize",
        "scipy.linalg",
        "distributed",
        "zarr",
        "openpyxl",
        "matplotlib",
    ]
    code = (
        "import contextlib, io, sys\n"
        "from mkba_mc.cli import main\n"
        "with contextlib.redirect_stdout(io.StringIO()):\n"
        "    assert main(['run', '--draws', '2000']) == 0\n"
        f"print([m for m in {heavy!r} if m in sys.modules])\n"
    )
    env = {k: v for k, v in os.environ.items() if not k.startswith("DASK_")}
    env["HOME"] = str(tmp_path)  # no dask settings in ~/.config/dask
    done = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env, check=True
    )
    assert done.stdout.strip() == "[]", done.stdout
