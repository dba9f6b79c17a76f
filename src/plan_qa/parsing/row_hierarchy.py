"""Rows of a task table nested by their numbers, whatever table they come from (Word, HTML, pipe, text columns).

Vietnamese plans number the rows of a task table as they number their outline: "1" heads "1.1", "1.2", which
head "1.1.1" …; a lettered row ("a", "b)") sits under the numbered row above it. A row's parent is the nearest
row above it of a shallower rank. A parent that only names its subject (no body, no time) is the group heading
of its children, not a task; a parent that names who leads is a task too, and a child that leaves its lead cell
blank is led by it — the blank cell of a row nested under one that fills it, as a cell merged down would be.
The same holds for the time cell: the group's time frames the child that gives none. Coordinators are never
inherited: a child without coordinators has none.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from plan_qa.parsing.tables import RawRow

_ARABIC = re.compile(r"^\d{1,3}(?:\.\d{1,3})*$")
_LETTER = re.compile(r"^(?P<n>[a-zđ])[.)]?$")
_LETTER_RANK = 10
_INHERITED = ("lead", "timeline")


def letter_label(cell: str) -> str | None:
    """The letter of a row labelled "a", "b)", "c." (a sub-row under a numbered row), else None."""
    match = _LETTER.fullmatch(cell.strip())
    return match["n"] if match else None


def rank(number: str) -> int | None:
    """How deep a row label sits: "1" → 1, "1.2" → 2, "1.2.3" → 3, a letter below any number; None otherwise."""
    if _ARABIC.fullmatch(number):
        return number.count(".") + 1
    return _LETTER_RANK if letter_label(number) else None


def _heads(parent: RawRow, child: RawRow) -> bool:
    """Whether `parent` can head `child`: a shallower rank in the same group, and for a dotted number the
    number it extends ("1.2" heads "1.2.3", not "5.1")."""
    if parent.group != child.group:
        return False
    if "." in child.number and _ARABIC.fullmatch(child.number):
        return child.number.rsplit(".", 1)[0] == parent.number
    return True


def _parents(rows: list[RawRow]) -> list[int | None]:
    """Index of each row's parent (the nearest row above of a shallower rank that can head it), None for a
    top row."""
    parents: list[int | None] = []
    for index, row in enumerate(rows):
        own = rank(row.number)
        parent = None
        if own is not None:
            for above in range(index - 1, -1, -1):
                other = rank(rows[above].number)
                if other is not None and other < own:
                    parent = above if _heads(rows[above], row) else None
                    break
        parents.append(parent)
    return parents


def nest(rows: list[RawRow]) -> list[RawRow]:
    """The task rows of a table once nested: group headings dropped (their text titles their children), blank
    lead and time cells of a child taken from the task row it is nested under."""
    parents = _parents(rows)
    heads = {parent for parent in parents if parent is not None}
    headings = {index for index in heads if not (rows[index].lead or rows[index].coordinators or rows[index].timeline)}
    kept: list[RawRow] = []
    for index, row in enumerate(rows):
        parent = parents[index]
        if parent is not None:
            above = rows[parent]
            row.group = f"{above.number}. {above.task}".strip()
            for role in _INHERITED:
                if not getattr(row, role) and getattr(above, role):
                    setattr(row, role, getattr(above, role))
        if index in headings:
            continue  # a group heading (naming no body and no time of its own), not a task
        kept.append(row)
    return kept
