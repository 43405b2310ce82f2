"""The report a council reads: self-contained HTML or Markdown, in English or Dutch.

::

    from mkba_mc.report import SensitivityAnalyses, build_report, write_report
    report = build_report(ds, lang="nl")          # ds: a run (mkba_mc.simulate)
    write_report(report, "rapport.html")           # one file, figures embedded
    write_report(report, "rapport.md", fmt="md")   # plus rapport_figures/*.png

    analyses = SensitivityAnalyses(ds)             # both languages, analysed once
    reports = [build_report(ds, lang, analyses=analyses) for lang in ("en", "nl")]

The modules follow the data flow: :mod:`~mkba_mc.report.build` turns a run into a
:class:`~mkba_mc.report.document.Report` (text, tables, PNG figures), with the section on
sensitivity and value of information from :mod:`~mkba_mc.report.sensitivity` and what
every section shares from :mod:`~mkba_mc.report.common`;
:mod:`~mkba_mc.report.document` renders it; :mod:`~mkba_mc.report.text` holds the
sentences in both languages.

Writing is atomic: each file is written under a temporary name beside its target and
renamed into place, and nothing is replaced unless ``force`` is given.
"""

from __future__ import annotations

import os
import secrets
from pathlib import Path
from typing import Literal

from ..outputs import (
    OutputError,
    OutputExistsError,
    check_file_replaceable,
    check_replaceable,
    check_target,
    claim,
    output_folder,
)
from .build import build_report
from .common import format_mean, format_probability
from .document import (
    SIGNATURES,
    Bullets,
    Image,
    Paragraph,
    Report,
    Section,
    Table,
    render_html,
    render_markdown,
)
from .sensitivity import SensitivityAnalyses

__all__ = [
    "FORMATS",
    "Bullets",
    "Image",
    "Paragraph",
    "Report",
    "Section",
    "SensitivityAnalyses",
    "Table",
    "build_report",
    "check_output",
    "figures_folder",
    "format_mean",
    "format_probability",
    "render_html",
    "render_markdown",
    "write_report",
]

Format = Literal["html", "md"]
FORMATS: tuple[str, ...] = ("html", "md")


def figures_folder(path: str | os.PathLike) -> Path:
    """The folder beside a Markdown report that holds its figures: ``<stem>_figures``."""
    path = Path(path)
    return path.with_name(f"{path.stem}_figures")


def _targets(path: Path, fmt: Format) -> list[Path]:
    return [path, figures_folder(path)] if fmt == "md" else [path]


def check_output(path: str | os.PathLike, fmt: Format = "html", force: bool = False) -> None:
    """Raise before any work is done if the report cannot be written to ``path``.

    Raises
    ------
    ValueError
        For an unknown format.
    OutputExistsError
        If ``path`` is a folder, or it (or the figures folder of a Markdown report) exists
        and ``force`` is false or it is not an mkba-mc report (or figures folder).
    OutputError
        If ``path`` cannot be written (it lies under a file or an unwritable folder).
    """
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    check_target(path)
    path = Path(path)
    if path.is_dir():
        raise OutputExistsError(f"{path}: is a folder; give the report's file name")
    for target in _targets(path, fmt):
        if os.path.lexists(target) and not force:
            raise OutputExistsError(f"{target}: already exists (use --force to overwrite)")
    if os.path.lexists(path):
        check_file_replaceable(path, SIGNATURES[fmt])
    folder = figures_folder(path)
    if fmt == "md" and os.path.lexists(folder):
        check_replaceable(folder, "report-figures", folder)


def _write_atomic(path: Path, data: bytes) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place.

    The temporary file is created like any new file (its mode follows the umask), so the
    report is as readable as any other file the user writes.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "xb") as handle:
            handle.write(data)
        os.replace(tmp, path)
    except OSError as exc:
        tmp.unlink(missing_ok=True)
        raise OutputError(
            f"{path}: cannot be written ({exc.strerror}); nothing was written"
        ) from None
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    claim(path)


def write_report(
    report: Report, path: str | os.PathLike, fmt: Format = "html", force: bool = False
) -> list[Path]:
    """Write a report; return the paths written.

    Parameters
    ----------
    report
        From :func:`build_report`.
    path
        The HTML or Markdown file. A Markdown report's figures go to
        :func:`figures_folder` beside it, as PNG files.
    fmt
        ``"html"`` (one self-contained file) or ``"md"``.
    force
        Replace existing files.

    Raises
    ------
    OutputExistsError
        If a target exists and ``force`` is false (nothing is written).
    """
    path = Path(path)
    check_output(path, fmt, force)
    if fmt == "html":
        _write_atomic(path, render_html(report).encode("utf-8"))
        return [path]
    folder = figures_folder(path)
    text, files = render_markdown(report, folder.name)
    with output_folder(folder, "report-figures", force=force) as tmp:
        tmp.chmod(0o755)  # a private temporary folder becomes an ordinary one
        for name, data in files.items():
            (tmp / name).write_bytes(data)
    claim(folder)
    _write_atomic(path, text.encode("utf-8"))
    return [path, folder]
