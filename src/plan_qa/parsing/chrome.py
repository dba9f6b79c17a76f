"""Site chrome of web-saved plans (menus, login notices, "Văn bản liên quan", "Tải về", share
buttons): dropped before parsing, by the patterns of the grammar data file (`site_chrome`); and the
running page headers and footers of text copied from a PDF ("UBND tỉnh X - Kế hoạch số 12/KH-UBND" on every
page, with the page number, the date or a print time that change from page to page, and the lines printed
beside it: a short title, "In lúc …")."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

from plan_qa.parsing.cleaning import is_page_number
from plan_qa.parsing.grammar import grammar

_LINK = re.compile(r"!?\[([^\]]*)\]\([^)]*\)")
_MARKUP = re.compile(r"[*#>|_`\[\]]+")
_BULLET = re.compile(r"^\s*(?:[-+•·]\s+)+")
_EMPTY = re.compile(r"^[\s|*\-_=#>]*$")
# A document code ("0158/KH-UBND", "12/QĐ-UBND"): a line repeated verbatim that names it is a page header.
_DOCUMENT_CODE = re.compile(r"\b\d{1,5}/[A-ZĐ]{1,6}(?:-[A-ZĐ]{1,8})+\b")
_HEADER_MAX_WORDS = 20
_PAGE_SUFFIX = re.compile(r"(?i)[\s,|–-]*(?:trang\s+)?(?<![\d/])\d{1,3}(?:\s*/\s*\d{1,3})?$")
# The number line, and an appendix's "(Kèm theo Kế hoạch số …)" note repeated over each appendix, are no page header.
_NOT_HEADER = re.compile(r"(?i)^(?:số\b|\(|kèm theo\b|ban hành kèm theo\b)")
_OWN_NUMBER = re.compile(r"(?i)^số\s*:?\s*(\d{1,5}/[A-ZĐ]{1,6}(?:-[A-ZĐ]{1,8})+)")
_FRONT_LINES = 40
_DIGITS = re.compile(r"\d+")
# A list item, an outline marker or a label line is text of the plan even when it repeats.
_ITEM = re.compile(r"^(?:[-+•*]|[IVXLC]+\.|\d{1,2}(?:\.\d{1,2})*[.)]|[a-zđ][.)])\s|.*:$")


@lru_cache(maxsize=2)
def _pattern(kind: str) -> re.Pattern[str]:
    patterns = grammar()["site_chrome"][kind]
    return re.compile(rf"(?:{'|'.join(f'(?:{p})' for p in patterns)})", re.IGNORECASE)


def _bare(line: str) -> str:
    """The words of a line without markdown links, emphasis, table bars or bullets."""
    text = _BULLET.sub("", _LINK.sub(r"\1", line))
    return " ".join(_MARKUP.sub(" ", text).split()).strip(" .:")


def _is_chrome(line: str, kind: str) -> bool:
    bare = _bare(line)
    return bool(bare) and bool(_pattern(kind).fullmatch(bare))


def _edge_run(indexes: range, lines: list[str]) -> list[int]:
    """Indexes of the chrome lines before the document starts (or after it ends, read backwards)."""
    found = []
    for index in indexes:
        line = lines[index]
        if _EMPTY.match(line):
            continue
        if not (_is_chrome(line, "edge") or _is_chrome(line, "anywhere")):
            break
        found.append(index)
    return found


def _unpaged(line: str) -> str:
    """A line without its trailing page number ("… 0158/KH-UBND - Trang 2" reads the same on every page)."""
    return _PAGE_SUFFIX.sub("", line.strip())


def _own_code(lines: list[str]) -> str | None:
    """The document's own number ("0158/KH-UBND"), read from its "Số: …" line near the top."""
    for line in lines[:_FRONT_LINES]:
        if match := _OWN_NUMBER.match(_bare(line)):
            return match[1]
    return None


def _shape(line: str) -> str:
    """A line without its page number and with every other number masked: a footer
    "KH 12/KH-UBND ngày 8/7/2026 - In lúc 09:41" has one shape on every page."""
    return _DIGITS.sub("#", _unpaged(line))


def _furniture_like(line: str) -> bool:
    """Short, no table cell, no list item, label, number line or parenthesised note."""
    bare = _bare(line)
    return (bool(bare) and "\t" not in line and len(line.split()) <= _HEADER_MAX_WORDS
            and not _NOT_HEADER.match(bare) and not _ITEM.match(line.strip()))


def _running_headers(lines: list[str]) -> set[int]:
    """Indexes of the page headers and footers of a PDF's text. Seeds: a short line naming a document
    code written the same at least twice (but for its page number), or naming the document's own code
    in one shape (its dates and times may differ). Then each shape that recurs only beside page furniture
    (a seed, a page-number line, or a line already taken) is furniture too: the short title or print time
    printed in the same header."""
    verbatim = Counter(_unpaged(line) for line in lines)
    shapes = Counter(_shape(line) for line in lines if line.strip())
    own = _own_code(lines)
    found = {i for i, line in enumerate(lines)
             if _furniture_like(line) and _DOCUMENT_CODE.search(line)
             and (verbatim[_unpaged(line)] >= 2 or (own and own in line and shapes[_shape(line)] >= 2))}
    if not found:
        return found
    marks = found | {i for i, line in enumerate(lines) if line.strip() and is_page_number(line.strip())}
    while True:
        beside = _beside(lines, marks)
        grown = {i for i in beside - marks if _furniture_like(lines[i]) and shapes[_shape(lines[i])] >= 2
                 and all(j in beside for j, other in enumerate(lines) if _shape(other) == _shape(lines[i]))}
        if not grown:
            return found
        found |= grown
        marks |= grown


def _beside(lines: list[str], marks: set[int]) -> set[int]:
    """The non-empty lines next to a marked line (empty lines skipped)."""
    near: set[int] = set()
    for index in marks:
        for step in (-1, 1):
            j = index + step
            while 0 <= j < len(lines) and not lines[j].strip():
                j += step
            if 0 <= j < len(lines):
                near.add(j)
    return near


def drop_chrome(text: str) -> tuple[str, int]:
    """(the text without site chrome, number of lines dropped). Empty lines around it stay."""
    lines = text.splitlines()
    dropped = set(_edge_run(range(len(lines)), lines)) | set(_edge_run(range(len(lines) - 1, -1, -1), lines))
    dropped |= {i for i, line in enumerate(lines) if _is_chrome(line, "anywhere")}
    dropped |= _running_headers(lines)
    if not dropped:
        return text, 0
    return "\n".join(line for i, line in enumerate(lines) if i not in dropped), len(dropped)
