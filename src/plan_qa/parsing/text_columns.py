"""A table laid out in plain text by spaces or tab stops (text copied out of a PDF viewer, a typed .txt) → tab rows,
by the alignment of its words (`aligned_columns`).

Each run of non-space characters is a word placed at its character column; one space joins the words of a
cell, two or more part cells. Tabs used as tab stops (the rows of a run of tab lines do not all hold the same
number of tabs, as the rows a reader writes from a real table do) are expanded to their columns first. A page
number standing after a blank line, and a line of several words repeated elsewhere in the text next to a blank
line (a running header or footer), are page furniture a table steps over.
"""

from __future__ import annotations

import re
from collections import Counter

from plan_qa.parsing.aligned_columns import Line, Word, find_tables
from plan_qa.parsing.cleaning import is_page_number

_TAB_STOP = 8
_RUNNING_MIN_WORDS = 4
_WORD = re.compile(r"\S+")


def _tab_stop_lines(lines: list[str]) -> set[int]:
    """Indexes of the tab lines laid out by tab stops: runs of tab lines (blank lines inside a run allowed)
    whose lines hold different numbers of tabs."""
    stops: set[int] = set()
    run: list[int] = []
    for index, line in enumerate([*lines, "end"]):
        if "\t" in line:
            run.append(index)
        elif line.strip() or index == len(lines):
            if len({lines[i].count("\t") for i in run}) > 1:
                stops.update(run)
            run = []
    return stops


def _furniture(lines: list[str]) -> list[bool]:
    """Page numbers after a blank line; lines of several words repeated elsewhere, next to a blank line."""
    counts = Counter(line.strip() for line in lines if line.strip())
    flags = []
    for index, line in enumerate(lines):
        text = line.strip()
        blank_before = index == 0 or not lines[index - 1].strip()
        blank_after = index + 1 == len(lines) or not lines[index + 1].strip()
        running = counts[text] > 1 and len(text.split()) >= _RUNNING_MIN_WORDS and (blank_before or blank_after)
        flags.append(bool(text) and ((is_page_number(text) and blank_before) or running))
    return flags


def aligned_text_tables(text: str) -> str:
    """The text with its space- or tab-stop-aligned task tables rewritten as tab rows (furniture the table
    stepped over placed after it); other lines as they are."""
    raw = text.split("\n")
    stops = _tab_stop_lines(raw)
    expanded = [line.expandtabs(_TAB_STOP) if index in stops else line for index, line in enumerate(raw)]
    flags = _furniture(expanded)
    lines = [Line(float(index), [] if "\t" in line else
                  [Word(m.start(), m.end(), m.group(), 1, 1) for m in _WORD.finditer(line)], furniture=flag)
             for index, (line, flag) in enumerate(zip(expanded, flags))]
    tables = find_tables(lines)
    if not tables:
        return text
    out: list[str] = []
    position = 0
    for table in tables:
        out.extend(raw[position:table.start])
        out.extend(["", *(row for _, row in table.rows), ""])
        out.extend(line.text for line in table.furniture if not is_page_number(line.text))
        position = table.end
    out.extend(raw[position:])
    return "\n".join(out)
