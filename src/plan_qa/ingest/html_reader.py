"""HTML → text with the stdlib parser: blocks as paragraphs, table rows as tab-separated lines.

Small two-column tables (the issuer/number header, the recipients/signature block) are
layout, not data: each line of their cells becomes a paragraph of its own.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from html.parser import HTMLParser
from pathlib import Path

from plan_qa.ingest.cells import join_paragraphs
from plan_qa.ingest.docx_numbering import counter_text
from plan_qa.ingest.html_roles import ElementStack, table_roles
from plan_qa.ingest.layout import is_layout
from plan_qa.ingest.text_reader import decode_text

_SKIPPED = {"script", "style", "noscript", "template", "title"}
_BLOCKS = {
    "address", "article", "aside", "blockquote", "body", "center", "dd", "div", "dl", "dt",
    "fieldset", "figcaption", "figure", "footer", "form", "header", "hr", "li", "main", "nav",
    "ol", "p", "pre", "section", "ul",
}  # fmt: skip
_HEADINGS = {f"h{level}": level for level in range(1, 7)}
# A unit such as m, km, cm right before <sup>2</sup>/<sup>3</sup> makes it an exponent.
_UNIT_BEFORE = re.compile(r"(?:^|[^\w])[kcdm]?m$")
_EXPONENTS = {"2": "²", "3": "³"}
_MAX_SPAN = 100
# <ol type> / CSS list-style-type → Word number format; a letter item prints as the genre writes it: "a)".
_LIST_FORMATS = {"1": "decimal", "a": "lowerLetter", "A": "upperLetter", "i": "lowerRoman", "I": "upperRoman",
                 "decimal": "decimal", "lower-alpha": "lowerLetter", "lower-latin": "lowerLetter",
                 "upper-alpha": "upperLetter", "upper-latin": "upperLetter", "lower-roman": "lowerRoman",
                 "upper-roman": "upperRoman"}
_LIST_STYLE = re.compile(r"list-style(?:-type)?\s*:\s*(?P<type>[a-z-]+)")


@dataclass
class _List:
    """An open <ol> (its number format and last counter) or <ul> (fmt None: items are dashes)."""

    fmt: str | None
    count: int = 0

    def marker(self, value: str | None) -> str:
        if self.fmt is None:
            return "-"
        self.count = int(value) if value and value.isdigit() else self.count + 1
        return counter_text(self.fmt, self.count) + (")" if self.fmt == "lowerLetter" else ".")


def _open_list(tag: str, attrs: dict[str, str | None]) -> _List:
    """The list a <ol>/<ul> opens: format from `type` or the style's list-style-type, counting from `start`."""
    style = _LIST_STYLE.search(attrs.get("style") or "")
    kind = style["type"] if style else attrs.get("type") or ("1" if tag == "ol" else "")
    fmt = _LIST_FORMATS.get(kind) if kind not in ("disc", "circle", "square", "none") else None
    start = attrs.get("start") or ""
    return _List(fmt, int(start) - 1 if start.lstrip("-").isdigit() else 0)


def read_html(data: bytes, path: Path) -> str:
    """Decode like a text file, then render the markup to plain text."""
    return html_to_text(decode_text(data, path))


def html_to_text(markup: str) -> str:
    """Markup rendered to the corpus shape: paragraphs as lines, table rows as tab-separated lines."""
    parser = _TextExtractor(table_roles(markup))
    parser.feed(markup)
    parser.close()
    return parser.text()


_RAW_TABLE = re.compile(r"<table\b.*?</table\s*>", re.I | re.S)


def with_html_tables(text: str) -> str:
    """Markdown with raw HTML tables in it (pandoc and hand-written Markdown embed them when cells hold
    several paragraphs or merged cells): each table rendered as tab-separated rows, the rest as written."""
    return _RAW_TABLE.sub(lambda table: f"\n{html_to_text(table.group(0))}\n", text)


@dataclass
class _Table:
    """Rows being collected for one <table>; ``covered`` maps column → rows a rowspan still fills.

    A cell merged down (rowspan) holds for every row it spans ("Cơ quan chủ trì" written once for a group
    of tasks): its text is repeated in them; a cell merged across (colspan) is written once."""

    rows: list[str] = field(default_factory=list)
    raw_rows: list[list[str]] = field(default_factory=list)  # cells with their line breaks kept
    row: list[str] | None = None
    row_raw: list[str] = field(default_factory=list)
    cell: list[str] | None = None
    cell_span: tuple[int, int] = (1, 1)
    covered: dict[int, int] = field(default_factory=dict)
    covered_now: set[int] = field(default_factory=set)
    covered_text: dict[int, str] = field(default_factory=dict)  # column → text of the rowspan filling it


class _TextExtractor(HTMLParser):
    """Collects visible text; footnote marks (<sup> holding only digits) are dropped. An element that plays a
    table part (`roles`: start-tag order → "table", "tr", "td"; see `html_roles`) is read as that tag."""

    def __init__(self, roles: dict[int, str] | None = None) -> None:
        super().__init__(convert_charrefs=True)
        self._roles = roles or {}
        self._started = 0  # start tags met so far
        self._open = ElementStack()
        self._out: list[str] = []
        self._tables: list[_Table] = []
        self._skip_depth = 0
        self._sup: list[str] | None = None
        self._sup_depth = 0
        self._lists: list[_List] = []
        self._marker = ""  # the marker of the <li> just opened, written before its first text

    def text(self) -> str:
        """The rendered text: lines trimmed, at most one blank line between blocks."""
        lines = (line.strip(" ") for line in "".join(self._out).split("\n"))
        return re.sub(r"\n{3,}", "\n\n", "\n".join(lines)).strip("\n")

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        role = self._roles.get(self._started)
        self._started += 1
        self._open.push(tag, role)
        self._start(role or tag, attrs)

    def handle_endtag(self, tag: str) -> None:
        closed = self._open.close(tag)
        for role in closed[:-1]:  # table parts left open inside the element this tag closes
            if role:
                self._end(str(role))
        self._end(str(closed[-1]) if closed and closed[-1] else tag)

    def _start(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in _SKIPPED:
            self._skip_depth += 1
        elif tag == "sup":
            self._sup_depth += 1
            if self._sup is None:
                self._sup = []
        elif tag == "br":
            self._break("\n")
        elif tag in ("ol", "ul"):
            self._break("\n\n")
            self._lists.append(_open_list(tag, dict(attrs)))
        elif tag == "li":
            self._break("\n\n")
            self._marker = self._lists[-1].marker(dict(attrs).get("value")) if self._lists else ""
        elif tag in _BLOCKS:
            self._break("\n\n")
        elif tag in _HEADINGS:
            self._break("\n\n")
            if not self._in_cell():
                self._out.append("#" * _HEADINGS[tag] + " ")
        elif tag == "table":
            self._break("\n\n")
            self._tables.append(_Table())
        elif self._tables and tag == "tr":
            self._start_row(self._tables[-1])
        elif self._tables and tag in ("td", "th"):
            table = self._tables[-1]
            self._end_cell(table)
            if table.row is None:
                self._start_row(table)
            spans = dict(attrs)
            table.cell = []
            table.cell_span = (_span(spans.get("colspan")), _span(spans.get("rowspan")))

    def _end(self, tag: str) -> None:
        if tag in _SKIPPED:
            self._skip_depth = max(0, self._skip_depth - 1)
        elif tag == "sup" and self._sup_depth:
            self._sup_depth -= 1
            if not self._sup_depth:
                self._end_sup()
        elif tag in _BLOCKS or tag in _HEADINGS:
            self._break("\n\n")
            if tag in ("ol", "ul") and self._lists:
                self._lists.pop()
        elif self._tables and tag in ("td", "th"):
            self._end_cell(self._tables[-1])
        elif self._tables and tag == "tr":
            self._end_row(self._tables[-1])
        elif self._tables and tag == "table":
            self._end_table(self._tables.pop())

    def handle_data(self, data: str) -> None:
        if not self._skip_depth:
            if self._marker and data.strip():
                self._sink().append(self._marker + " ")
                self._marker = ""
            self._sink().append(re.sub(r"\s+", " ", data))

    def _sink(self) -> list[str]:
        """Where text goes now: a pending <sup>, the open table cell, or the document."""
        if self._sup is not None:
            return self._sup
        if self._in_cell():
            return self._tables[-1].cell
        return self._out

    def _in_cell(self) -> bool:
        return bool(self._tables) and self._tables[-1].cell is not None

    def _break(self, newlines: str) -> None:
        """Line break in the document; inside a table cell a newline kept for layout tables."""
        if self._sup is not None:
            self._sink().append(" ")
        else:
            self._sink().append("\n" if self._in_cell() else newlines)

    def _end_sup(self) -> None:
        content, self._sup = "".join(self._sup or []), None
        mark = content.strip()
        sink = self._sink()
        if not mark.isdigit():
            sink.append(content)
        elif mark in _EXPONENTS and _UNIT_BEFORE.search("".join(sink[-4:])[-8:]):
            sink.append(_EXPONENTS[mark])

    def _start_row(self, table: _Table) -> None:
        self._end_row(table)
        table.row = []
        table.covered_now = {col for col, rows in table.covered.items() if rows > 0}
        table.covered = {col: rows - 1 for col, rows in table.covered.items() if rows > 1}

    def _end_cell(self, table: _Table) -> None:
        if table.cell is None or table.row is None:
            return
        row, (colspan, rowspan) = table.row, table.cell_span
        while len(row) in table.covered_now:
            row.append(table.covered_text.get(len(row), ""))
        raw = "".join(table.cell)
        if rowspan > 1:
            table.covered.update({len(row) + i: rowspan - 1 for i in range(colspan)})
            table.covered_text.update({len(row) + i: join_paragraphs(raw.split("\n")) if i == 0 else "" for i in range(colspan)})
        row.append(join_paragraphs(raw.split("\n")))
        table.row_raw.append(raw)
        row.extend([""] * (colspan - 1))
        table.cell = None

    def _end_row(self, table: _Table) -> None:
        self._end_cell(table)
        if table.row is None:
            return
        row, table.row = table.row, None
        row.extend(table.covered_text.get(col, "") for col in range(len(row), max(table.covered_now, default=-1) + 1))
        if any(row):
            table.rows.append("\t".join(row))
            table.raw_rows.append(table.row_raw)
        table.row_raw = []

    def _end_table(self, table: _Table) -> None:
        self._end_row(table)
        if self._in_cell():  # a nested table becomes text inside the outer cell
            self._tables[-1].cell.append(" " + " ".join(table.rows).replace("\t", " ") + " ")
        elif is_layout(len(table.raw_rows), max((len(r) for r in table.raw_rows), default=0)):
            lines = [" ".join(line.split()) for row in table.raw_rows for cell in row for line in cell.split("\n")]
            self._out.append("\n\n" + "\n\n".join(line for line in lines if line) + "\n\n")
        else:
            self._out.append("\n\n" + "\n".join(table.rows) + "\n\n")


def _span(value: str | None) -> int:
    """A colspan/rowspan attribute as a sane positive integer."""
    try:
        return min(max(int(value or 1), 1), _MAX_SPAN)
    except ValueError:
        return 1
