"""The paragraphs of one table cell on one line: how a cell's line breaks are kept when its text is joined.

A cell's paragraphs are parted by `CELL_BREAK`, a space character no plan text uses: every reader that does not
look for it reads it as a space (`str.split`, `\\s`), while the table reader can still tell a cell's paragraphs
apart ("- Nhiệm vụ 1" / "- Nhiệm vụ 2" in one cell beside "Quý I/2026" / "Quý II/2026": parallel items,
`plan_qa.parsing.cell_items`)."""

from __future__ import annotations

import re

_LIST_ITEM_MAX_WORDS = 12
_LIST_MARK = re.compile(r"^(?:[-–+•]|[a-zđ]\)|\d{1,2}[.)])\s+\S")
CELL_BREAK = "\u205f"  # MEDIUM MATHEMATICAL SPACE: whitespace, no line boundary, absent from Vietnamese text


def listed(previous: str, text: str) -> bool:
    """Two paragraphs of a cell that read as items of a list ("Sở Khoa học và Công nghệ" / "Viễn thông Lạng
    Sơn": one body per paragraph, the usual way of listing bodies in a cell): both short, the first
    unpunctuated, the second opening with a capital (a wrapped sentence or a note in parentheses goes on in
    lower case or with "("), neither a labelled line ("Đợt 1: tháng 5/2026" / "Đợt 2: …" stay as written).
    Joined, they take a ";" between them, as a list written inline would."""
    return (bool(previous) and bool(text) and text[0].isupper() and not previous.endswith((".", ";", ","))
            and ":" not in previous and ":" not in text
            and len(previous.split()) <= _LIST_ITEM_MAX_WORDS and len(text.split()) <= _LIST_ITEM_MAX_WORDS)


def join_paragraphs(paragraphs: list[str]) -> str:
    """A cell's paragraphs on one line, whitespace collapsed, list items separated by ";", paragraphs parted by
    `CELL_BREAK`."""
    lines = [" ".join(p.split()) for p in paragraphs if p.strip()]
    return CELL_BREAK.join(line + (";" if i + 1 < len(lines) and listed(line, lines[i + 1]) else "")
                           for i, line in enumerate(lines))


def join_lines(lines: list[str]) -> str:
    """A cell laid out in lines (a PDF table's cell, a plain-text grid table's): wrapped lines run on; a blank line,
    or a line opening with a list mark ("- …", "+ …", "a) …"), starts a new paragraph (`join_paragraphs`)."""
    paragraphs: list[list[str]] = [[]]
    for line in lines:
        text = line.strip()
        if not text or (_LIST_MARK.match(text) and paragraphs[-1]):
            paragraphs.append([])
        if text:
            paragraphs[-1].append(text)
    return join_paragraphs([" ".join(lines) for lines in paragraphs if lines])
