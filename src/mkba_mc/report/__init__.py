"""The report a council reads: self-contained HTML or Markdown, in English or Dutch.

::

    from mkba_mc.report import SensitivityAnalyses, build_report, write_report
    report = build_report(ds, lang="nl")          # ds: a run (mkba_mc.simulate)
    write_report(report, "rapport.html")           # one file, figures embedded
    write_report(report, "rapport.md", fmt="md")   # plus rapport_figures/*.png
    write_report(report, "rapport.pdf", fmt="pdf") # A4, printed by headless Chromium

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
import zipfile
from pathlib import Path
from typing import Literal

import pandas as pd
import xarray as xr

from ..outputs import (
    OutputError,
    OutputExistsError,
    check_file_replaceable,
    check_replaceable,
    check_target,
    claim,
    output_folder,
    rename_noreplace,
)
from ..plots._labels import Lang
from ..workbook import WRITER
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
from .pdf import PdfError, html_to_pdf
from .sensitivity import SensitivityAnalyses

__all__ = [
    "FORMATS",
    "OUTPUT_FORMATS",
    "SUFFIXES",
    "PdfError",
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
    "write_workbook",
]

Format = Literal["html", "md", "pdf"]
FORMATS: tuple[str, ...] = ("html", "md", "pdf")
"""The formats of :func:`write_report`."""

OUTPUT_FORMATS: tuple[str, ...] = (*FORMATS, "xlsx")
"""Every format :func:`check_output` accepts: the report's, and the Excel workbook of its
tables (:func:`write_workbook`)."""

SUFFIXES = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
    ".pdf": "pdf",
    ".xlsx": "xlsx",
}
"""File name extension -> output format."""


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
    if fmt not in OUTPUT_FORMATS:
        raise ValueError(f"format must be one of {', '.join(OUTPUT_FORMATS)}, got {fmt!r}")
    check_target(path)
    path = Path(path)
    if path.is_dir():
        raise OutputExistsError(f"{path}: is a folder; give the report's file name")
    for target in _targets(path, fmt):
        if os.path.lexists(target) and not force:
            raise OutputExistsError(f"{target}: already exists (use --force to overwrite)")
    if os.path.lexists(path):
        _check_ours(path, fmt)
    folder = figures_folder(path)
    if fmt == "md" and os.path.lexists(folder):
        check_replaceable(folder, "report-figures", folder)


def _check_ours(path: Path, fmt: str) -> None:
    """Raise unless ``path`` is a report of format ``fmt`` that mkba-mc wrote: HTML and
    Markdown carry a signature at the top, a PDF its title (the HTML's, which ends in
    "· mkba-mc") in the document information at its end, a workbook its creator."""
    if fmt in SIGNATURES:
        check_file_replaceable(path, SIGNATURES[fmt])
        return
    check_file_replaceable(path, "")  # a regular file that can be read
    if fmt == "pdf":  # the title, as a literal or a UTF-16 hex string
        with open(path, "rb") as handle:
            handle.seek(max(0, path.stat().st_size - 65536))
            tail = handle.read()
        hexed = WRITER.encode("utf-16-be").hex().upper().encode("ascii") + b">"
        ours = WRITER.encode("ascii") + b")" in tail or hexed in tail.upper()
    else:
        try:
            with zipfile.ZipFile(path) as book:
                core = book.read("docProps/core.xml").decode("utf-8")
        except (zipfile.BadZipFile, KeyError, OSError):
            core = ""
        ours = f"<dc:creator>{WRITER}</dc:creator>" in core
    if not ours:
        raise OutputExistsError(
            f"{path}: was not written by mkba-mc; --force replaces only mkba-mc reports, "
            "so move it away or choose another name"
        )


def _write_atomic(path: Path, data: bytes, force: bool) -> None:
    """Write ``data`` to a temporary file beside ``path`` and rename it into place.

    Without ``force`` the rename never replaces a file: one that appeared while the report
    was made (another run's, say) is kept and this write is refused. With ``force`` the
    file has been checked to be an earlier mkba-mc report (:func:`check_output`). The
    temporary file is created like any new file (its mode follows the umask), so the
    report is as readable as any other file the user writes.
    """
    tmp = path.with_name(f".{path.name}.{secrets.token_hex(6)}.tmp")
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        with open(tmp, "xb") as handle:
            handle.write(data)
        if force:
            os.replace(tmp, path)
        else:
            rename_noreplace(tmp, path)
    except FileExistsError:
        tmp.unlink(missing_ok=True)
        raise OutputExistsError(
            f"{path}: appeared while the report was made (another run?); it was kept and "
            "nothing was written"
        ) from None
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
        The HTML, Markdown or PDF file. A Markdown report's figures go to
        :func:`figures_folder` beside it, as PNG files.
    fmt
        ``"html"`` (one self-contained file), ``"md"`` or ``"pdf"`` (the HTML printed on
        A4 by headless Chromium, :mod:`mkba_mc.report.pdf`).
    force
        Replace existing files.

    Raises
    ------
    OutputExistsError
        If a target exists and ``force`` is false (nothing is written).
    PdfError
        For a PDF, if Chromium is missing or fails (nothing is written).
    """
    path = Path(path)
    if fmt not in FORMATS:
        raise ValueError(f"format must be one of {', '.join(FORMATS)}, got {fmt!r}")
    check_output(path, fmt, force)
    if fmt == "pdf":
        _write_atomic(path, html_to_pdf(render_html(report)), force)
        return [path]
    if fmt == "html":
        _write_atomic(path, render_html(report).encode("utf-8"), force)
        return [path]
    folder = figures_folder(path)
    text, files = render_markdown(report, folder.name)
    with output_folder(folder, "report-figures", force=force) as tmp:
        tmp.chmod(0o755)  # a private temporary folder becomes an ordinary one
        for name, data in files.items():
            (tmp / name).write_bytes(data)
    claim(folder)
    _write_atomic(path, text.encode("utf-8"), force)
    return [path, folder]


def write_workbook(
    ds: xr.Dataset,
    path: str | os.PathLike,
    sets: pd.DataFrame | None = None,
    lang: Lang = "en",
    force: bool = False,
    risk=None,
) -> list[Path]:
    """Write the tables of a run as an Excel workbook; return the paths written.

    Parameters
    ----------
    ds
        A run.
    path
        The ``.xlsx`` file, written atomically.
    sets, lang, risk
        As for :func:`mkba_mc.workbook.workbook_bytes`.
    force
        Replace an existing file.

    Raises
    ------
    OutputExistsError
        If ``path`` exists and ``force`` is false (nothing is written).
    """
    from ..workbook import workbook_bytes

    path = Path(path)
    check_output(path, "xlsx", force)
    _write_atomic(path, workbook_bytes(ds, sets, lang, risk=risk), force)
    return [path]
