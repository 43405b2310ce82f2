"""The report as PDF: its HTML printed on A4 by headless Chromium.

Chromium is an external program, not a Python dependency: :func:`find_chromium` looks for
it (``MKBA_MC_CHROMIUM``, else ``chromium``, ``chromium-browser`` or ``google-chrome`` on
the ``PATH``) so that a caller can refuse a PDF before any work is done, and
:func:`html_to_pdf` prints a page through it (``--print-to-pdf``) in a private temporary
folder, with its own browser profile, so that nothing outside that folder is touched.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import tempfile
from pathlib import Path

__all__ = ["CHROMIUM_ENV", "INSTALL_HINT", "PRINT_CSS", "PdfError", "find_chromium", "html_to_pdf"]

CHROMIUM_ENV = "MKBA_MC_CHROMIUM"
"""Environment variable naming the Chromium executable to use."""

CHROMIUM_NAMES = ("chromium", "chromium-browser", "google-chrome")
"""Executables looked for on the ``PATH`` when :data:`CHROMIUM_ENV` is not set."""

INSTALL_HINT = "apt-get install chromium"
"""How to install headless Chromium on Debian and Ubuntu (the CI's system)."""

TIMEOUT = 120.0
"""Seconds Chromium may take to print one report."""

PRINT_CSS = """
@page { size: A4; margin: 16mm 14mm; }
@media print {
  html { -webkit-print-color-adjust: exact; print-color-adjust: exact; }
  body { font-size: 10pt; }
  main { max-width: none; padding: 0; }
  table { width: 100%; table-layout: auto; font-size: 8pt; }
  th, td { padding: .15rem .3rem; overflow-wrap: break-word; }
  td.r, th.r { white-space: normal; }
  figure img { max-width: 100%; max-height: 230mm; object-fit: contain; }
  figure, tr { break-inside: avoid; }
}
"""
"""Print rules added to the report's own style sheet: A4 pages, tables and figures no
wider than the page (tables take the page's width and wrap long labels)."""


class PdfError(RuntimeError):
    """The PDF could not be made: Chromium is missing or failed."""


def find_chromium() -> str:
    """The path of the Chromium executable that prints PDFs.

    Raises
    ------
    PdfError
        If :data:`CHROMIUM_ENV` names no executable, or none of :data:`CHROMIUM_NAMES` is
        on the ``PATH``; the message says how to install it.
    """
    named = os.environ.get(CHROMIUM_ENV)
    if named:
        found = shutil.which(named)
        if found is None:
            raise PdfError(f"{CHROMIUM_ENV}={named} is not an executable")
        return found
    for name in CHROMIUM_NAMES:
        found = shutil.which(name)
        if found is not None:
            return found
    raise PdfError(f"a PDF needs headless Chromium, which is not installed ({INSTALL_HINT})")


def _with_print_css(html: str) -> str:
    head_end = html.find("</head>")
    if head_end < 0:
        raise ValueError("html has no </head> to add the print style sheet to")
    return f"{html[:head_end]}<style>{PRINT_CSS}</style>\n{html[head_end:]}"


def html_to_pdf(html: str, chromium: str | None = None, timeout: float = TIMEOUT) -> bytes:
    """Print a self-contained HTML page to PDF (A4) with headless Chromium.

    Parameters
    ----------
    html
        A complete HTML document (:func:`mkba_mc.report.render_html`); :data:`PRINT_CSS`
        is added to its head.
    chromium
        The Chromium executable; default :func:`find_chromium`.
    timeout
        Seconds to wait for Chromium.

    Returns
    -------
    bytes
        The PDF document.

    Raises
    ------
    PdfError
        If Chromium is missing, fails, times out or writes no PDF.
    """
    chromium = chromium or find_chromium()
    with tempfile.TemporaryDirectory(prefix="mkba-mc-pdf-") as tmp:
        folder = Path(tmp)
        page, pdf = folder / "report.html", folder / "report.pdf"
        page.write_text(_with_print_css(html), encoding="utf-8")
        command = [
            chromium,
            "--headless",
            "--no-sandbox",  # Chromium's sandbox refuses to run as root, as in containers
            "--disable-gpu",
            "--disable-dev-shm-usage",
            "--no-pdf-header-footer",
            f"--user-data-dir={folder / 'profile'}",
            f"--print-to-pdf={pdf}",
            page.as_uri(),
        ]
        try:
            done = subprocess.run(command, capture_output=True, text=True, timeout=timeout)
        except subprocess.TimeoutExpired:
            raise PdfError(f"Chromium took longer than {timeout:g} s to print the PDF") from None
        except OSError as exc:
            raise PdfError(f"Chromium could not be started ({exc.strerror})") from None
        if done.returncode != 0 or not pdf.is_file() or pdf.stat().st_size == 0:
            last = (done.stderr.strip().splitlines() or ["no message"])[-1]
            raise PdfError(f"Chromium did not print the PDF (exit {done.returncode}: {last})")
        return pdf.read_bytes()
