"""Rows of a table that assigns nothing (figures, locations, sampling schedules) → one text per row.

Each row is written with the header of each of its columns ("Tổng số (mẫu): 336") so it reads on
its own when retrieved and cited apart from the table; a bare number under a header that states
its unit in parentheses carries that unit ("336 mẫu"). A two-level header ("Tọa độ lấy mẫu" over
"X | Y") names a column by both levels. A row whose leading cells are empty continues the row
above (cells merged down: TT and the object measured), so it takes those cells from it — except
a total row ("Tổng cộng"), which belongs to no row. A "-" sub-row is titled by the numbered row
above it ("1. Cà phê – Chỉ tiêu: Diện tích | ĐVT: Ha | …").
"""

from __future__ import annotations

import re

_ROW_LABEL = re.compile(r"^(?:[IVX]{1,5}|[A-ZĐ]|\d{1,3}(?:\.\d{1,3})*)\.?$")
_SUB_ROW = re.compile(r"^[-–+]$")
_TOTAL = re.compile(r"^(?:Tổng|Cộng)\b", re.IGNORECASE)
_MAX_HEADER_ROWS = 3
_UNIT = re.compile(r"\((?P<u>[^\W\d_]+(?:[ /][^\W\d_]+){0,2})\)\s*$")
_NUMBER = re.compile(r"\d[\d.,]*")


def _header_count(rows: list[list[str]]) -> int:
    """Leading rows before the first numbered row (at most three); none when no row is numbered."""
    first = next((i for i, row in enumerate(rows[: _MAX_HEADER_ROWS + 1]) if row and _ROW_LABEL.match(row[0].strip())),
                 None)
    return first if first is not None else 0


def column_labels(header: list[list[str]]) -> list[str]:
    """One label per column from the header rows, top to bottom. A top cell spans the empty cells
    after it when the row below names each of those columns ("Tọa độ lấy mẫu" over "X | Y")."""
    width = max((len(row) for row in header), default=0)
    grid = [[cell.strip() for cell in row] + [""] * (width - len(row)) for row in header]
    for upper, lower in zip(grid, grid[1:]):
        for j in range(1, width):
            if not upper[j] and lower[j] and upper[j - 1] and lower[j - 1]:
                upper[j] = upper[j - 1]
    return [" – ".join(dict.fromkeys(row[j] for row in grid if row[j])) for j in range(width)]


def _with_unit(label: str, cell: str) -> str:
    """A bare number under a header that states its unit in parentheses ("Tổng số (mẫu)",
    "Kinh phí (triệu đồng)") is written with that unit: "336 mẫu"."""
    unit = _UNIT.search(label)
    return f"{cell} {unit['u']}" if unit and _NUMBER.fullmatch(cell) else cell


def _labelled(cells: list[str], labels: list[str]) -> str:
    parts = []
    for j, cell in enumerate(cells):
        if cell:
            label = labels[j] if j < len(labels) else ""
            parts.append(f"{label}: {_with_unit(label, cell)}" if label and label != cell else cell)
    return " | ".join(parts)


def row_texts(rows: list[list[str]]) -> list[str]:
    """The header (cells joined) then one text per body row, cells named by their column."""
    rows = [[cell.strip() for cell in row] for row in rows if any(cell.strip() for cell in row)]
    count = _header_count(rows)
    header, body = rows[:count], rows[count:]
    labels = column_labels(header)
    texts = [" | ".join(cell for cell in row if cell) for row in header]
    above: list[str] = []
    parent = ""  # the last numbered row ("1. Cà phê"), which titles its "-" sub-rows
    for row in body:
        lead = next((j for j, cell in enumerate(row) if cell), len(row))
        if lead and above and not any(_TOTAL.match(cell) for cell in row):
            row = above[:lead] + row[lead:]
        text = _labelled(row, labels) if labels else " | ".join(cell for cell in row if cell)
        if row and _ROW_LABEL.match(row[0]):
            parent = f"{row[0].rstrip('.')}. {next((cell for cell in row[1:] if cell), '')}".strip()
        elif row and _SUB_ROW.match(row[0]) and parent:
            text = f"{parent} – {_labelled(row[1:], labels[1:]) if labels else ' | '.join(c for c in row[1:] if c)}"
        texts.append(text)
        above = row
    return texts
