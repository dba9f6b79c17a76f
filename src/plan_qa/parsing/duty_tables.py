"""Duty sections written as a table, one row per body ("TT | Cơ quan, đơn vị | Nhiệm vụ được giao"): the
rows are given back to the outline as the items a duty section is usually written in ("1. Sở Tài chính:
Tham mưu bố trí kinh phí …"), so the duty reader reads them wherever the table stands. The header words
live in `plan_qa/data/plan_grammar.json` ("duty_tables")."""

from __future__ import annotations

import re
from functools import lru_cache

from plan_qa.parsing.bodies import is_agency_name
from plan_qa.parsing.grammar import alternation, column_role, grammar

_ROW_NUMBER = re.compile(r"^\d{1,3}\.?$")


@lru_cache(maxsize=1)
def _headers() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = grammar()["duty_tables"]
    return (re.compile(rf"(?:{alternation(words['holder'])})", re.I),
            re.compile(rf"(?:{alternation(words['duty'])})", re.I))


def is_holder_header(cell: str) -> bool:
    """A header cell that is only the noun of the bodies ("Cơ quan, đơn vị", "Đơn vị")."""
    return bool(_headers()[0].fullmatch(" ".join(cell.split()).strip(" :")))


def _columns(header: list[str]) -> tuple[int, int] | None:
    """(holder column, duty column) of a header naming bodies and their duties and nothing a task table
    has (no lead, coordinators or timeline column)."""
    holder_words, duty_words = _headers()
    cells = [" ".join(cell.split()).strip(" :") for cell in header]
    holder = next((i for i, cell in enumerate(cells) if holder_words.fullmatch(cell)), None)
    duty = next((i for i, cell in enumerate(cells) if i != holder and duty_words.search(cell)), None)
    if holder is None or duty is None:
        return None
    roles = {column_role(cell) for i, cell in enumerate(cells) if i not in (holder, duty)}
    return None if roles & {"lead", "coordinators", "timeline"} else (holder, duty)


def duty_table_lines(rows: list[list[str]]) -> list[str] | None:
    """The table as outline lines — its header, then "<TT>. <body>: <duty>" per row — when it is a duty
    table whose every row names a body; None for any other table."""
    if len(rows) < 2 or (columns := _columns(rows[0])) is None:
        return None
    holder, duty = columns
    items: list[str] = []
    for index, cells in enumerate(rows[1:], start=1):
        body = cells[holder].strip() if len(cells) > holder else ""
        text = cells[duty].strip() if len(cells) > duty else ""
        if not (is_agency_name(body) and text):
            return None
        number = next((c.strip().rstrip(".") for c in cells if _ROW_NUMBER.fullmatch(c.strip())), str(index))
        items += [f"{number}. {body.rstrip(' :')}: {text}", ""]
    return ["", " | ".join(c.strip() for c in rows[0] if c.strip()), "", *items]
