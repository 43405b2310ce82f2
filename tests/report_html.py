"""Reads an mkba-mc HTML report back for the tests (standard library only)."""

from __future__ import annotations

from html.parser import HTMLParser


class ReportParser(HTMLParser):
    """Collects, from a report: the sections in order with their titles and paragraphs,
    the tables (id -> rows of cell text), the figures (id -> image source, and the section
    they stand in), the answer's text, all text, and references to anything outside."""

    def __init__(self):
        super().__init__()
        self.sections: list[str] = []
        self.title: dict[str, str] = {}
        self.paragraphs: dict[str, list[str]] = {}
        self.tables: dict[str, list[list[str]]] = {}
        self.images: dict[str, str] = {}
        self.image_section: dict[str, str] = {}
        self.external: list[str] = []
        self.answer = ""
        self.text: list[str] = []
        self._section = self._table = self._figure = None
        self._cell: list[str] | None = None
        self._paragraph: list[str] | None = None
        self._in_answer = self._in_title = False

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if tag == "section":
            self._section = a["id"]
            self.sections.append(self._section)
            self.paragraphs[self._section] = []
        elif tag == "h2":
            self._in_title = True
        elif tag == "p":
            self._in_answer = a.get("class") == "answer"
            if self._section:
                self._paragraph = []
        elif tag == "table":
            self._table = a["id"].removeprefix("table-")
            self.tables[self._table] = []
        elif tag == "tr" and self._table:
            self.tables[self._table].append([])
        elif tag in ("td", "th") and self._table:
            self._cell = []
        elif tag == "figure":
            self._figure = a["id"].removeprefix("fig-")
        elif tag == "img":
            self.images[self._figure] = a["src"]
            self.image_section[self._figure] = self._section
        if tag in ("link", "script", "iframe") or (
            tag == "img" and not a["src"].startswith("data:")
        ):
            self.external.append(tag)
        for key in ("href", "src"):
            if a.get(key, "").startswith(("http:", "https:", "//")):
                self.external.append(a[key])

    def handle_endtag(self, tag):
        if tag in ("td", "th") and self._cell is not None:
            self.tables[self._table][-1].append("".join(self._cell).strip())
            self._cell = None
        elif tag == "table":
            self._table = None
        elif tag == "p":
            self._in_answer = False
            if self._paragraph is not None:
                self.paragraphs[self._section].append("".join(self._paragraph))
                self._paragraph = None
        elif tag == "h2":
            self._in_title = False
        elif tag == "section":
            self._section = None

    def handle_data(self, data):
        if self._cell is not None:
            self._cell.append(data)
        if self._paragraph is not None:
            self._paragraph.append(data)
        if self._in_answer:
            self.answer += data
        if self._in_title and self._section:
            self.title[self._section] = data
        self.text.append(data)

    def row(self, table: str, label: str) -> list[str]:
        """The one row of ``table`` whose first cell is ``label``."""
        rows = [r for r in self.tables[table] if r and r[0] == label]
        assert len(rows) == 1, (label, [r[0] for r in self.tables[table]])
        return rows[0]

    def paragraph(self, section: str, start: str) -> str:
        """The one paragraph of ``section`` that starts with ``start``."""
        found = [p for p in self.paragraphs[section] if p.startswith(start)]
        assert len(found) == 1, (start, self.paragraphs[section])
        return found[0]

    def voi_row(self, wtp: str, group: str) -> list[str]:
        """The row of table ``voi`` for λ (its first cell, shown once per block) and group."""
        current = None
        for row in self.tables["voi"][1:]:
            current = row[0] or current
            if current == wtp and row[1] == group:
                return row
        raise AssertionError((wtp, group))


def parse(html: str) -> ReportParser:
    parser = ReportParser()
    parser.feed(html)
    parser.close()
    return parser
