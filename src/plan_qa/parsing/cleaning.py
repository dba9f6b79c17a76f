"""Line-level cleaning of extracted plan text.

Extraction leaves markdown markers, HTML tags, footnote marks and odd spacing.
`clean_line` removes that noise while keeping every word; it never joins
or drops lines (unwrapping is structure-aware and lives in `outline`).
"""

from __future__ import annotations

import html
import re
import unicodedata

from plan_qa.ingest.cells import CELL_BREAK

_FOOTNOTE_MARK = re.compile(r"<sup>\s*\d{1,3}\s*</sup>", re.IGNORECASE)
_TAG = re.compile(r"</?[a-zA-Z][^>]*>")
_SUBSCRIPT_BRACES = re.compile(r"_\{([^}]*)\}")
_EMPHASIS = re.compile(r"\*+")
# Markdown emphasis written with underscores ("_CT: Sở Y tế; TG: Quý II/2026_"): an underscore run opening or
# closing a word at a space or the line's edge; one inside a word ("ma_so") stays.
_UNDERSCORE_EMPHASIS = re.compile(r"(?:(?<=\s)|^)_+(?=[^\s_])|(?<=[^\s_])_+(?=\s|$|[.,;:)])")
_HEADING_HASHES = re.compile(r"^\s*#{1,6}\s+")
# A Markdown list bullet ("* …", "  * **Chủ trì:** …" nested): a dash item once the emphasis stars are gone; an
# italic opener spaced from its words ("* (Ban hành kèm theo …") is no bullet.
_STAR_BULLET = re.compile(r"^\s*\*\s+(?=[^\W_]|\*\*)")
# "**6**." and "**1**. **Mục đích**" leave "6 ." once the emphasis is gone: the marker is "6.".
_SPLIT_MARKER = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\s+\.(?=\s|$)")
_SPACES = re.compile(r"[ \u00a0\u2002\u2003\u2009\u200b]+")
_RULE = re.compile(r"^\s*(?:-{3,}|\*{3,}|_{3,})\s*$")
# "3", "- 3 -", "Trang 3", "Trang 3/8" (a PDF page footer, "page 3 of 8").
_PAGE_NUMBER = re.compile(r"^\s*(?:-\s*)?(?:Trang\s+\d{1,3}(?:\s*/\s*\d{1,3})?|\d{1,3})(?:\s*-)?\s*$", re.IGNORECASE)
_LEADING_FOOTNOTE = re.compile(r"^\s*(?:<sup>\s*(\d{1,3})\s*</sup>|\[(\d{1,3})\])\s*", re.IGNORECASE)

def nfc(text: str) -> str:
    """Unicode NFC: Vietnamese arrives both composed and decomposed."""
    return unicodedata.normalize("NFC", text)


def is_rule(line: str) -> bool:
    """True for a markdown horizontal rule (`---`)."""
    return bool(_RULE.match(line))


def is_page_number(line: str) -> bool:
    """True for a line holding nothing but a page number."""
    return bool(_PAGE_NUMBER.match(line))


def footnote_number(raw_line: str) -> str | None:
    """The footnote number when a raw line starts with `<sup>n</sup>` or `[n]` (web-saved text)."""
    match = _LEADING_FOOTNOTE.match(raw_line)
    return (match.group(1) or match.group(2)) if match else None


def clean_line(raw: str, keep_tabs: bool = True) -> str:
    """Strip markup noise from one line, keeping its words and table cells."""
    text = nfc(raw)
    text = _FOOTNOTE_MARK.sub("", text)
    text = _TAG.sub("", text)
    text = html.unescape(text)
    text = _SUBSCRIPT_BRACES.sub(r" \1", text)
    text = _HEADING_HASHES.sub("", text)
    text = _EMPHASIS.sub(" ", _STAR_BULLET.sub("- ", text))
    text = _UNDERSCORE_EMPHASIS.sub("", text)
    if keep_tabs and "\t" in text:
        cells = [clean_cell(cell) for cell in text.split("\t")]
        return "\t".join(cells).rstrip("\t") if any(cells) else ""
    return _SPLIT_MARKER.sub(r"\1.", _SPACES.sub(" ", flat(text).replace("\t", " ")).strip())


def clean_cell(cell: str) -> str:
    """One table cell, spaces collapsed, its paragraphs still parted by `CELL_BREAK`."""
    paragraphs = (_SPACES.sub(" ", paragraph).strip() for paragraph in cell.split(CELL_BREAK))
    return CELL_BREAK.join(paragraph for paragraph in paragraphs if paragraph)


def clean_table_cell(raw: str) -> str:
    """One raw table cell cleaned like a line (`clean_line`), its paragraphs still parted by `CELL_BREAK`."""
    return CELL_BREAK.join(text for part in raw.split(CELL_BREAK) if (text := clean_line(part, keep_tabs=False)))


def flat(cell: str) -> str:
    """A cell's text with its paragraphs run together, as one line of text reads it."""
    return " ".join(part.strip() for part in cell.split(CELL_BREAK) if part.strip()) if CELL_BREAK in cell else cell
