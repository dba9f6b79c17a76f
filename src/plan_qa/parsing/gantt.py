"""Schedule (Gantt-like) tables: a mark ("x", "✓") in the period columns a task runs in is its timeline.

The period columns are the header cells naming one period ("Quý I", "Tháng 3", "6 tháng đầu năm", "2026"),
their year read from the cell itself or from the header row above ("2026" merged across "Quý I … Quý IV").
The words live in `plan_qa/data/plan_grammar.json` ("gantt").
"""

from __future__ import annotations

import re
from functools import lru_cache

from plan_qa.parsing.grammar import alternation, grammar

_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")


@lru_cache(maxsize=1)
def _period() -> re.Pattern[str]:
    return re.compile(alternation(grammar()["gantt"]["period"]), re.I)


def is_period(cell: str) -> bool:
    """Whether a header cell names one period ("Quý II", "Tháng 3/2026", "Năm 2027", "6 tháng cuối năm")."""
    return bool(_period().match(" ".join(cell.split())))


def is_mark(cell: str) -> bool:
    """Whether a cell only marks its period ("x", "X", "✓")."""
    return cell.strip() in grammar()["gantt"]["marks"]


def period_columns(upper: list[str], lower: list[str] | None = None) -> dict[int, tuple[str, str]]:
    """Column index → (period label, year or "") of the header's period columns. With a second header row
    (`lower`), its period cells are read under the year of the upper cell they stand below (a cell merged
    across is written once, in its first column, so the year holds until the next upper cell)."""
    columns: dict[int, tuple[str, str]] = {}
    if lower is None:
        for index, cell in enumerate(upper):
            if is_period(cell):
                columns[index] = (" ".join(cell.split()), "")
        return columns
    above = ""
    for index, cell in enumerate(lower):
        top = upper[index].strip() if index < len(upper) else ""
        above = top or above
        if is_period(cell):
            year = _YEAR.search(above)
            own = _YEAR.search(cell)
            columns[index] = (" ".join(cell.split()), year[0] if year and not own else "")
    return columns


def _dated(label: str, year: str) -> str:
    if not year:
        return label
    return f"{label}/{year}" if re.search(r"(?:\b[IVX]+|\d)$", label) else f"{label} {year}"


def marked_timeline(cells: list[str], columns: dict[int, tuple[str, str]]) -> str:
    """The periods a row marks, per year: "Quý I, Quý II/2026; Quý I/2027"; "" when it marks none."""
    by_year: dict[str, list[str]] = {}
    for index, (label, year) in columns.items():
        if index < len(cells) and is_mark(cells[index]):
            by_year.setdefault(year, []).append(label)
    parts = []
    for year, labels in by_year.items():
        parts.append(", ".join(labels[:-1] + [_dated(labels[-1], year)]) if year else ", ".join(labels))
    return "; ".join(parts)
