"""A PDF table drawn without ruling lines → tab rows, from the positions of its words (`aligned_columns`).

pdfplumber's ruled-table finder needs lines; a table typeset without them keeps its columns only as lanes of
white space, and its text layer runs the cells of a row together ("… đơn Sở Công Thương UBND các xã, phường;
Quý I/2026"). Here the pages' word boxes become lines (words whose tops are close), the pages one after another
so a table that goes on over a page break is read as one; the first and last lines of a page that are a page
number or repeat on other pages (running header, footer) are page furniture.
"""

from __future__ import annotations

from collections import Counter

from plan_qa.parsing.aligned_columns import Line, Word, find_tables
from plan_qa.parsing.cleaning import is_page_number

# Words of one cell are parted by a space; cells by a wider gap (in font heights); a space is narrower than this.
_CELL_GAP = 0.9
_SPACE = 0.4
# Words whose tops differ by less than this (in font heights) are on one line.
_SAME_LINE = 0.4
# A page number is looked for among this many lines at the top and at the bottom of a page; a running header or
# footer has at least this many words (a cell's last word wrapped to the top of a page may recur too).
_EDGE_LINES = 2
_RUNNING_MIN_WORDS = 4


def _lines(words: list[dict], offset: float) -> list[Line]:
    """Words grouped into lines, top to bottom, each line's words left to right; tops shifted by `offset`."""
    lines: list[Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        height = word["bottom"] - word["top"]
        item = Word(word["x0"], word["x1"], word["text"], _CELL_GAP * height, _SPACE * height)
        if lines and abs(word["top"] + offset - lines[-1].top) < _SAME_LINE * height:
            lines[-1].words.append(item)
            lines[-1].bottom = max(lines[-1].bottom, word["bottom"] + offset)
        else:
            lines.append(Line(word["top"] + offset, [item], bottom=word["bottom"] + offset))
    for line in lines:
        line.words.sort(key=lambda w: w.x0)
    return lines


def _mark_furniture(pages: list[list[Line]]) -> None:
    """Flag the lines near a page's edge that are a page number, and a page's first or last line of several words
    that is another page's first or last line too (a running header or footer)."""
    outer = [page[:1] + page[-1:] for page in pages]
    recurring = Counter(text for edge in outer for text in {line.text for line in edge})
    for page, edge in zip(pages, outer):
        for line in page[:_EDGE_LINES] + page[-_EDGE_LINES:]:
            line.furniture = line.furniture or is_page_number(line.text)
        for line in edge:
            line.furniture = line.furniture or (recurring[line.text] > 1 and len(line.words) >= _RUNNING_MIN_WORDS)


def unruled_tables(pages_words: list[list[dict]], page_height: float = 10_000.0) -> dict[int, str]:
    """Page index → the page's text with the unruled task tables on it as tab rows, for the pages a table
    touches. A table that goes on over a page break is written whole on the page it starts on; the furniture
    it stepped over and the rest of the later page follow it there."""
    pages = [_lines(words, number * page_height) for number, words in enumerate(pages_words)]
    _mark_furniture(pages)
    lines = [line for page in pages for line in page]
    page_of = [number for number, page in enumerate(pages) for _ in page]
    tables = find_tables(lines, banded=True)
    touched = {number for table in tables for number in range(page_of[table.start], page_of[table.end - 1] + 1)}
    texts: dict[int, list[str]] = {number: [] for number in touched}
    index, following = 0, iter(tables)
    table = next(following, None)
    while index < len(lines):
        if table is not None and index == table.start:
            texts[page_of[index]].extend([*(text for _, text in table.rows), *(line.text for line in table.furniture)])
            index, table = table.end, next(following, None)
            continue
        if page_of[index] in texts:
            texts[page_of[index]].append(lines[index].text)
        index += 1
    return {number: "\n".join(text) for number, text in texts.items()}
