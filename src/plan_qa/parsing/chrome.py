"""Site chrome of web-saved plans (menus, login notices, "Văn bản liên quan", "Tải về", share
buttons): dropped before parsing, by the patterns of the grammar data file (`site_chrome`); and the
running page header of text copied from a PDF ("UBND tỉnh X - Kế hoạch số 12/KH-UBND" on every page)."""

from __future__ import annotations

import re
from collections import Counter
from functools import lru_cache

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


def _running_headers(lines: list[str]) -> set[int]:
    """Indexes of a page header repeated on every page of a PDF's text: a short line naming the document
    by its code, written verbatim at least twice, holding no table cell and no parenthesised note."""
    counts = Counter(_unpaged(line) for line in lines)
    return {i for i, line in enumerate(lines)
            if counts[_unpaged(line)] >= 2 and "\t" not in line and _DOCUMENT_CODE.search(line)
            and len(line.split()) <= _HEADER_MAX_WORDS and not _NOT_HEADER.match(_bare(line))}


def drop_chrome(text: str) -> tuple[str, int]:
    """(the text without site chrome, number of lines dropped). Empty lines around it stay."""
    lines = text.splitlines()
    dropped = set(_edge_run(range(len(lines)), lines)) | set(_edge_run(range(len(lines) - 1, -1, -1), lines))
    dropped |= {i for i, line in enumerate(lines) if _is_chrome(line, "anywhere")}
    dropped |= _running_headers(lines)
    if not dropped:
        return text, 0
    return "\n".join(line for i, line in enumerate(lines) if i not in dropped), len(dropped)
