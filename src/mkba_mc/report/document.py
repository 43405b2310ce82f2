"""A report as data, and its two renderings: self-contained HTML and Markdown.

A :class:`Report` is a title, a line of run metadata and a sequence of :class:`Section`
objects, each a sequence of blocks (:class:`Paragraph`, :class:`Bullets`, :class:`Table`,
:class:`Image`). Everything is text or PNG bytes, computed before rendering, so the
renderers know nothing about runs or matplotlib.

HTML embeds each figure as a base64 PNG (``data:image/png;base64,...``) and carries its
own style sheet: one file, no external assets. Markdown refers to the figures as PNG files
in a folder beside it (:func:`render_markdown` returns their bytes).
"""

from __future__ import annotations

import base64
import html
import re
from dataclasses import dataclass, field

__all__ = [
    "Bullets",
    "Image",
    "Paragraph",
    "SIGNATURES",
    "Report",
    "Section",
    "Table",
    "render_html",
    "render_markdown",
]

SIGNATURES = {
    "html": '<meta name="generator" content="mkba-mc">',
    "md": "<!-- generator: mkba-mc -->",
}
"""What marks a report file as mkba-mc's, near its start, per format: ``--force``
replaces only such a file."""


@dataclass(frozen=True)
class Paragraph:
    """Plain text; ``strong`` renders it in bold (the answer)."""

    text: str
    strong: bool = False


@dataclass(frozen=True)
class Bullets:
    """A list of plain-text items."""

    items: tuple[str, ...]


@dataclass(frozen=True)
class Table:
    """A table of text cells. ``align`` has one letter per column: ``l`` or ``r``.

    ``key`` becomes the HTML ``id`` (``table-<key>``), so readers and tests can find it.
    """

    key: str
    header: tuple[str, ...]
    rows: tuple[tuple[str, ...], ...]
    align: str
    caption: str = ""

    def __post_init__(self):
        widths = {len(self.header), len(self.align), *(len(r) for r in self.rows)}
        if len(widths) != 1:
            raise ValueError(f"table {self.key!r}: header, align and rows differ in length")


@dataclass(frozen=True)
class Image:
    """A figure as PNG bytes. ``key`` names it: HTML id ``fig-<key>``, file ``<key>.png``.

    ``dpi`` is the resolution it was rendered at: HTML shows it at its physical size (so
    every figure's lettering has the same size on screen), never wider than the page.
    """

    key: str
    png: bytes
    alt: str
    caption: str
    dpi: float = 150.0

    @property
    def css_width(self) -> int:
        """Width in CSS pixels (96 per inch), read from the PNG header."""
        if self.png[:8] != b"\x89PNG\r\n\x1a\n":
            raise ValueError(f"figure {self.key!r} is not a PNG image")
        pixels = int.from_bytes(self.png[16:20], "big")
        return round(pixels * 96 / self.dpi)


Block = Paragraph | Bullets | Table | Image


@dataclass(frozen=True)
class Section:
    """A titled part of the report. ``key`` becomes the HTML ``id`` of the section."""

    key: str
    title: str
    blocks: tuple[Block, ...]


@dataclass(frozen=True)
class Report:
    """A whole report, in one language (``lang`` is ``"en"`` or ``"nl"``)."""

    title: str
    meta: str
    lang: str
    sections: tuple[Section, ...]
    footer: str = ""
    contents_title: str = field(default="Contents")

    @property
    def images(self) -> tuple[Image, ...]:
        return tuple(b for s in self.sections for b in s.blocks if isinstance(b, Image))


# --------------------------------------------------------------------------- HTML

_CSS = """
:root { color-scheme: light; }
body { font-family: "DejaVu Sans", "Segoe UI", Helvetica, Arial, sans-serif; line-height: 1.5;
       color: #1a1a1a; background: #fff; margin: 0; }
main { max-width: 60rem; margin: 0 auto; padding: 2rem 1.5rem 4rem; }
h1 { font-size: 1.7rem; margin: 0 0 .3rem; }
h2 { font-size: 1.3rem; margin-top: 2.2rem; border-bottom: 2px solid #0072B2;
     padding-bottom: .2rem; }
p.meta { color: #555; font-size: .9rem; margin-top: 0; }
p.answer { font-size: 1.1rem; font-weight: bold; background: #eef5fb;
           border-left: 4px solid #0072B2;
           padding: .6rem .9rem; }
nav ol { columns: 2; font-size: .95rem; }
table { border-collapse: collapse; margin: 1rem 0; font-size: .9rem; }
caption { caption-side: top; text-align: left; font-weight: bold; padding-bottom: .3rem; }
th, td { padding: .25rem .6rem; border-bottom: 1px solid #ddd; vertical-align: top; }
th { border-bottom: 2px solid #999; text-align: left; }
td.r, th.r { text-align: right; font-variant-numeric: tabular-nums; }
td:first-child { min-width: 11rem; }
figure { margin: 1.2rem 0; page-break-inside: avoid; }
figure img { max-width: 100%; height: auto; border: 1px solid #eee; }
figcaption { font-size: .9rem; color: #333; margin-top: .3rem; }
footer { margin-top: 3rem; font-size: .8rem; color: #666; }
span.amount { white-space: nowrap; }
@media (max-width: 50rem) { table { font-size: .8rem; } th, td { padding: .2rem .3rem; }
                           td:first-child { min-width: 6rem; } }
@media print { main { max-width: none; padding: 0; } nav { display: none; }
               h2 { page-break-after: avoid; } table { page-break-inside: avoid; } }
"""


_AMOUNT = re.compile(r"(?:€|±) [−-]?\d[\d.,]*%?")
"""An amount in Dutch style (``€ 1.234``) or a standard error (``± 16,4``), whose space
must not break a line; a table cell may break between an amount and its error."""


def _e(text: str) -> str:
    return html.escape(text, quote=True)


def _text(text: str) -> str:
    """Running text: escaped, with each ``€ 1.234`` and ``± 2,5`` kept on one line."""
    return _AMOUNT.sub(lambda m: f'<span class="amount">{m.group(0)}</span>', _e(text))


def _html_block(block: Block) -> str:
    if isinstance(block, Paragraph):
        cls = ' class="answer"' if block.strong else ""
        return f"<p{cls}>{_text(block.text)}</p>"
    if isinstance(block, Bullets):
        return "<ul>" + "".join(f"<li>{_text(i)}</li>" for i in block.items) + "</ul>"
    if isinstance(block, Table):

        def cells(row, tag):
            pairs = zip(row, block.align, strict=True)
            return "".join(f'<{tag} class="{a}">{_text(c)}</{tag}>' for c, a in pairs)

        caption = f"<caption>{_e(block.caption)}</caption>" if block.caption else ""
        body = "".join(f"<tr>{cells(r, 'td')}</tr>" for r in block.rows)
        return (
            f'<table id="table-{_e(block.key)}">{caption}<thead><tr>{cells(block.header, "th")}'
            f"</tr></thead><tbody>{body}</tbody></table>"
        )
    if isinstance(block, Image):
        data = base64.b64encode(block.png).decode("ascii")
        return (
            f'<figure id="fig-{_e(block.key)}"><img src="data:image/png;base64,{data}" '
            f'width="{block.css_width}" alt="{_e(block.alt)}">'
            f"<figcaption>{_text(block.caption)}</figcaption></figure>"
        )
    raise TypeError(f"not a report block: {type(block).__name__}")


def render_html(report: Report) -> str:
    """The report as one self-contained HTML document (figures embedded, no external assets)."""
    toc = "".join(f'<li><a href="#{_e(s.key)}">{_e(s.title)}</a></li>' for s in report.sections)
    sections = "\n".join(
        f'<section id="{_e(s.key)}"><h2>{_e(s.title)}</h2>\n'
        + "\n".join(_html_block(b) for b in s.blocks)
        + "</section>"
        for s in report.sections
    )
    return (
        f'<!DOCTYPE html>\n<html lang="{_e(report.lang)}">\n<head>\n<meta charset="utf-8">\n'
        '<meta name="viewport" content="width=device-width, initial-scale=1">\n'
        f"{SIGNATURES['html']}\n"
        f"<title>{_e(report.title)} · mkba-mc</title>\n"
        f"<style>{_CSS}</style>\n</head>\n<body>\n<main>\n"
        f'<header><h1>{_e(report.title)}</h1><p class="meta">{_e(report.meta)}</p></header>\n'
        f"<nav><strong>{_e(report.contents_title)}</strong><ol>{toc}</ol></nav>\n"
        f"{sections}\n<footer>{_e(report.footer)}</footer>\n</main>\n</body>\n</html>\n"
    )


# --------------------------------------------------------------------------- Markdown


_MD_SPECIAL = re.compile(r"([\\`*_\[\]#|~])")
_MD_ENTITIES = {"&": "&amp;", "<": "&lt;", ">": "&gt;"}


def _md(text: str) -> str:
    """Text as Markdown shows it literally: HTML and Markdown syntax escaped (as the HTML
    rendering escapes HTML), one line, so config text can neither inject markup nor end
    a block."""
    text = "".join(_MD_ENTITIES.get(ch, ch) for ch in text)
    return _MD_SPECIAL.sub(r"\\\1", text).replace("\r", " ").replace("\n", " ")


def _md_block(block: Block, figures: str) -> str:
    if isinstance(block, Paragraph):
        return f"**{_md(block.text)}**" if block.strong else _md(block.text)
    if isinstance(block, Bullets):
        return "\n".join(f"- {_md(i)}" for i in block.items)
    if isinstance(block, Table):
        rule = ["---:" if a == "r" else ":---" for a in block.align]
        lines = [f"**{_md(block.caption)}**", ""] if block.caption else []
        for row in (block.header, rule, *block.rows):
            lines.append("| " + " | ".join(_md(c) for c in row) + " |")
        return "\n".join(lines)
    if isinstance(block, Image):
        return f"![{_md(block.alt)}]({figures}/{block.key}.png)\n\n*{_md(block.caption)}*"
    raise TypeError(f"not a report block: {type(block).__name__}")


def render_markdown(report: Report, figures: str) -> tuple[str, dict[str, bytes]]:
    """The report as Markdown, and its figures as ``{file name: PNG bytes}``.

    Parameters
    ----------
    report
        The report.
    figures
        The folder, relative to the Markdown file, that will hold the PNG files.
    """
    parts = [SIGNATURES["md"], f"# {_md(report.title)}", f"*{_md(report.meta)}*"]
    for s in report.sections:
        parts.append(f"## {_md(s.title)}")
        parts += [_md_block(b, figures) for b in s.blocks]
    if report.footer:
        parts.append(f"---\n\n*{_md(report.footer)}*")
    files = {f"{image.key}.png": image.png for image in report.images}
    return "\n\n".join(parts) + "\n", files
