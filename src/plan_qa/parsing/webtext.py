"""Web-saved plan text (Markdown from a legal-document website) → logical lines.

Such files hard-wrap every paragraph (only a blank line ends a paragraph),
flatten tables into one cell per line between lines holding only "|", and
wrap headings inside `**bold**` ("**I. MỤC ĐÍCH," / "YÊU CẦU**"). This module
rebuilds the shape the parser reads everywhere else: one paragraph or outline
item per line, tables as tab-separated rows. Words are never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

_BAR = "|"
_MIN_BAR_LINES = 4
# An outline marker opening a physical line: a new item when the previous line ended a clause.
_ITEM_START = re.compile(r"^[*_\s]*(?:[-–•+]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|[IVX]{1,5}\.\s|Điều\s+\d)")
_CLAUSE_END = re.compile(r"[.;:!?…][*_\"”)\s]*$")


def is_web_saved(text: str) -> bool:
    """True when the text carries one-cell-per-line tables (lines holding only "|")."""
    return sum(1 for line in text.splitlines() if line.strip() == _BAR) >= _MIN_BAR_LINES


_MIN_PARAGRAPHS = 20
_MAX_WRAP_RATIO = 0.03


def is_paragraph_per_line(text: str) -> bool:
    """True when every line is a whole paragraph (DOCX, HTML): almost no line continues a
    sentence, which PDF text and hard-wrapped text do on every other line."""
    lines = [line.strip().lstrip("*_# ") for line in text.splitlines() if line.strip()]
    prose = [line for line in lines if "\t" not in line and line[:1].isalpha() and not _ITEM_START.match(line)]
    if len(prose) < _MIN_PARAGRAPHS:
        return False
    return sum(line[0].islower() for line in prose) / len(prose) <= _MAX_WRAP_RATIO


def _join(lines: list[str]) -> str:
    """Join physical lines with a space; "2025-" + "2030" keeps no space."""
    out = ""
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        if out.endswith("-") and not out.endswith(" -") and line[:1].isalnum():
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out


def paragraph_lines(block: list[str]) -> list[str]:
    """Unwrap one blank-line-delimited block; a marker after a finished clause opens a new line."""
    items: list[list[str]] = []
    for line in block:
        previous = items[-1][-1] if items else ""
        if not items or (_ITEM_START.match(line) and _CLAUSE_END.search(previous)):
            items.append([line])
        else:
            items[-1].append(line)
    return [_join(item) for item in items]


def cell_lines(cell: list[str]) -> list[str]:
    """Lines of a layout cell (header, signature): rejoin only what was clearly wrapped.

    A line continues the previous one when it opens in lower case or a digit, or
    when the previous one left a `**bold**` span open.
    """
    out: list[str] = []
    for raw in cell:
        line = raw.strip()
        if not line:
            continue
        bare = line.lstrip("*_ ")
        open_bold = out and out[-1].count("**") % 2 == 1
        continues = bool(bare) and (bare[0].islower() or bare[0].isdigit()) and not _ITEM_START.match(line)
        if out and (open_bold or continues or not bare):
            out[-1] = _join([out[-1], line])
        else:
            out.append(line)
    return out


def _table_end(lines: list[str], start: int) -> int:
    """Index of the "|" line that closes the table opened at `start`."""
    index = start + 1
    while index < len(lines):
        if lines[index].strip() == _BAR and (index + 1 >= len(lines) or not lines[index + 1].strip()):
            return index
        index += 1
    return len(lines) - 1


def _cells(lines: list[str]) -> list[list[str]]:
    """The cells between the "|" lines of one table region (first line is a "|")."""
    cells: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if line.strip() == _BAR:
            if current is not None:
                cells.append(current)
            current = []
        elif current is not None:
            current.append(line)
    return cells


def _is_empty(cell: list[str]) -> bool:
    return not "".join(cell).replace("*", "").strip()


def _boundary_fit(cells: list[list[str]], width: int, from_end: bool) -> float:
    """Share of the row-boundary positions that are empty for rows of `width` cells."""
    period = width + 1
    if from_end:
        positions = range(len(cells) - 1 - width, -1, -period)
    else:
        positions = range(width, len(cells), period)
    checked = list(positions)
    if not checked:
        return 0.0
    return sum(_is_empty(cells[i]) for i in checked) / len(checked)


def table_rows(cells: list[list[str]]) -> list[list[list[str]]]:
    """Cells → rows. A row boundary is an empty pseudo-cell (the "|" closing one row and opening
    the next), so rows of `width` cells repeat with period `width + 1`. The width is the header's
    (cells before the first empty one) when that fits; else the width that best explains the
    boundaries counted from the table's end (merged header cells break the start)."""
    header_width = next((i for i, cell in enumerate(cells) if _is_empty(cell)), len(cells))
    if header_width and _boundary_fit(cells, header_width, from_end=False) >= 0.95:
        width, offset = header_width, 0
    else:
        candidates = range(1, min(len(cells), 40) + 1)
        width = max(candidates, key=lambda w: (round(_boundary_fit(cells, w, True), 2), -abs(w - header_width)))
        offset = (len(cells) - width) % (width + 1)
    rows: list[list[list[str]]] = []
    if offset:
        rows.append(cells[:offset])  # merged header cells, kept as one row of their own
    for start in range(offset, len(cells), width + 1):
        rows.append(cells[start : start + width])
    return rows


def _row_line(row: list[list[str]]) -> str:
    cells = [_join(cell).replace("\t", " ") or " " for cell in row]
    return "\t".join(cells).rstrip() or " "


def is_layout_table(rows: list[list[list[str]]]) -> bool:
    """Header and signature tables: at most two columns and a handful of rows."""
    return len(rows) <= 3 and all(len(row) <= 2 for row in rows)


def segments(text: str) -> Iterator[tuple[str, list]]:
    """The text in order as ("paragraphs", unwrapped lines) and ("table", rows of cells of lines)."""
    raw = text.splitlines()
    block: list[str] = []
    index = 0
    while index < len(raw):
        line = raw[index]
        if line.strip() == _BAR:
            if block:
                yield "paragraphs", paragraph_lines(block)
                block = []
            end = _table_end(raw, index)
            yield "table", table_rows(_cells(raw[index : end + 1]))
            index = end + 1
            continue
        if line.strip():
            block.append(line)
        elif block:
            yield "paragraphs", paragraph_lines(block)
            block = []
        index += 1
    if block:
        yield "paragraphs", paragraph_lines(block)


def to_lines(text: str) -> list[str]:
    """Web-saved text → logical lines: one paragraph/item per line, data tables as tab rows,
    the cells of layout tables (header, signature) as lines of their own."""
    out: list[str] = []
    for kind, content in segments(text):
        if kind == "paragraphs":
            out.extend(content)
        elif is_layout_table(content):
            out.extend(line for row in content for cell in row for line in cell_lines(cell))
        else:
            out.extend(["", *(_row_line(row) for row in content), ""])
    return out
