"""Web-saved plan text (Markdown from a legal-document website) → logical lines.

Such files hard-wrap every paragraph (only a blank line ends a paragraph),
flatten tables into one cell per line between lines holding only "|", and
wrap headings inside `**bold**` ("**I. MỤC ĐÍCH," / "YÊU CẦU**"). This module
rebuilds the shape the parser reads everywhere else: one paragraph or outline
item per line, tables as tab-separated rows. Words are never dropped.
"""

from __future__ import annotations

import re
from collections.abc import Iterator

from plan_qa.ingest.cells import CELL_BREAK, join_lines
from plan_qa.ingest.layout import is_layout
from plan_qa.parsing.grammar import column_role

_BAR = "|"
_MIN_BAR_LINES = 4
_MAX_WIDTH = 15  # widest task table read with merged group rows
_MIN_NUMBERED_ROWS = 2
# An outline marker opening a physical line: a new item when the previous line ended a clause.
_ITEM_START = re.compile(r"^[*_\s]*(?:[-–•+]\s|\d{1,2}(?:\.\d{1,2})*[.)]\s|[a-zđ]\)\s|[IVX]{1,5}\.\s|Điều\s+\d)")
_CLAUSE_END = re.compile(r"[.;:!?…][*_\"”)\s]*$")


def is_web_saved(text: str) -> bool:
    """True when the text carries one-cell-per-line tables (lines holding only "|")."""
    return sum(1 for line in text.splitlines() if line.strip() == _BAR) >= _MIN_BAR_LINES


_MIN_PARAGRAPHS = 20
_MAX_WRAP_RATIO = 0.03


def is_paragraph_per_line(text: str) -> bool:
    """True when every line is a whole paragraph (DOCX, HTML): almost no line continues a
    sentence, which PDF text and hard-wrapped text do on every other line."""
    lines = [line.strip().lstrip("*_# ") for line in text.splitlines() if line.strip()]
    prose = [line for line in lines if "\t" not in line and line[:1].isalpha() and not _ITEM_START.match(line)]
    if len(lines) < _MIN_PARAGRAPHS or not prose:
        return False
    return sum(line[0].islower() for line in prose) / len(prose) <= _MAX_WRAP_RATIO


def _join(lines: list[str]) -> str:
    """Join physical lines with a space; "2025-" + "2030" keeps no space."""
    out = ""
    for line in (raw.strip() for raw in lines):
        if not line:
            continue
        if out.endswith("-") and not out.endswith(" -") and line[:1].isalnum():
            out += line
        else:
            out = f"{out} {line}" if out else line
    return out


def paragraph_lines(block: list[str]) -> list[str]:
    """Unwrap one blank-line-delimited block; a marker after a finished clause opens a new line. A table row
    (cells parted by tabs, as a pipe table of the same file is rewritten) is a line of its own, never wrapped."""
    items: list[list[str]] = []
    for line in block:
        previous = items[-1][-1] if items else ""
        if not items or "\t" in line or "\t" in previous or (_ITEM_START.match(line) and _CLAUSE_END.search(previous)):
            items.append([line])
        else:
            items[-1].append(line)
    return [_join(item) for item in items]


def cell_lines(cell: list[str]) -> list[str]:
    """Lines of a layout cell (header, signature): rejoin only what was clearly wrapped.

    A line continues the previous one when it opens in lower case or a digit, or
    when the previous one left a `**bold**` span open.
    """
    out: list[str] = []
    for raw in cell:
        line = raw.strip()
        if not line:
            continue
        bare = line.lstrip("*_ ")
        open_bold = out and out[-1].count("**") % 2 == 1
        continues = bool(bare) and (bare[0].islower() or bare[0].isdigit()) and not _ITEM_START.match(line)
        if out and (open_bold or continues or not bare):
            out[-1] = _join([out[-1], line])
        else:
            out.append(line)
    return out


def _table_end(lines: list[str], start: int) -> int:
    """Index of the "|" line that closes the table opened at `start`."""
    index = start + 1
    while index < len(lines):
        if lines[index].strip() == _BAR and (index + 1 >= len(lines) or not lines[index + 1].strip()):
            return index
        index += 1
    return len(lines) - 1


def _cells(lines: list[str]) -> list[list[str]]:
    """The cells between the "|" lines of one table region (first line is a "|")."""
    cells: list[list[str]] = []
    current: list[str] | None = None
    for line in lines:
        if line.strip() == _BAR:
            if current is not None:
                cells.append(current)
            current = []
        elif current is not None:
            current.append(line)
    return cells


def _is_empty(cell: list[str]) -> bool:
    return not "".join(cell).replace("*", "").strip()


def _boundary_fit(cells: list[list[str]], width: int, from_end: bool) -> float:
    """Share of the row-boundary positions that are empty for rows of `width` cells."""
    period = width + 1
    if from_end:  # the topmost boundary may fall inside a merged header: not counted
        checked = list(range(len(cells) - 1 - width, -1, -period))[:-1]
    else:
        checked = list(range(width, len(cells), period))
    if not checked:
        return 0.0
    return sum(_is_empty(cells[i]) for i in checked) / len(checked)


def _is_boundary(cell: list[str]) -> bool:
    """The pseudo-cell between two rows holds nothing at all (a "** **" cell is a cell)."""
    return not "".join(cell).strip()


def _row_starts(cells: list[list[str]], start: int) -> bool:
    """True when a row can start here: the table's first cell, or just after an empty boundary."""
    return start == 0 or (start > 0 and _is_empty(cells[start - 1]))


def table_rows(cells: list[list[str]]) -> list[list[list[str]]]:
    """Cells → rows. A row boundary is an empty pseudo-cell (the "|" closing one row and opening
    the next), so rows of `width` cells repeat with period `width + 1`. The width is the header's
    (cells before the first empty one) when that fits; else the width that best explains the
    boundaries counted from the table's end (merged header cells break the start)."""
    header_width = next((i for i, cell in enumerate(cells) if _is_empty(cell)), len(cells))
    merged = next(filter(None, (_merged_rows(cells, w) for w in range(max(2, header_width), _MAX_WIDTH + 1))), None)
    periodic = bool(header_width) and _boundary_fit(cells, header_width, from_end=False) >= 0.95
    if merged and (len({len(row) for row in merged}) > 1 or not periodic):  # group or continuation rows merging cells
        return merged
    if periodic:
        width, offset = header_width, 0
    else:
        candidates = range(1, min(len(cells), 40) + 1)
        width = max(candidates, key=lambda w: (round(_boundary_fit(cells, w, True), 2), -w, -abs(w - header_width)))
        offset = len(cells) - width
        while _row_starts(cells, offset - width - 1) and _is_empty(cells[offset - 1]):  # back over the rows
            offset -= width + 1
    rows: list[list[list[str]]] = _header_rows(cells[:offset], width) if offset else []
    for start in range(offset, len(cells), width + 1):
        rows.append(cells[start : start + width])
    return rows


def _merged_rows(cells: list[list[str]], width: int) -> list[list[list[str]]] | None:
    """Rows of a table whose group rows merge cells ("A | PHÁT TRIỂN …", "I | Hoàn thiện thể chế"
    spanning the full width): a row is full (`width` cells) when a boundary follows its last cell,
    else it ends at its first boundary. None when that reading leaves most rows short or meets a
    row wider than `width`. A table continued after a page break opens on a group row: its width
    is the narrowest that reads every row this way. Cells printed empty ("** **") are cells, dropped
    from a group row that merged-cell padding made wider than the table."""
    while len(cells) > width and _is_empty(cells[-1]):  # an empty last row (or its boundary) holds nothing
        cells = cells[:-1]
    rows: list[list[list[str]]] = []
    start = 0
    while start < len(cells):
        end = start + width
        # Two merged group rows may fill exactly one width ("A | PHẦN …" + "I | Nhóm …"): a boundary
        # followed by a group label and its title inside the span ends the row there.
        inner = next((i for i in range(start + 1, min(end, len(cells) - 2))
                      if _is_boundary(cells[i]) and _is_group_row([cells[i + 1]]) and not _is_boundary(cells[i + 2])),
                     None)
        if inner is None and (end >= len(cells) or _is_boundary(cells[end])):
            row = cells[start:end]
        else:
            end = next((i for i in range(start, len(cells)) if _is_boundary(cells[i])), len(cells))
            row = cells[start:end]
            if len(row) > width:  # padded with cells printed empty ("5.1 | ** ** | Thương mại | ** ** …")
                row = [cell for cell in row if not _is_empty(cell)]
            if len(row) > width:
                return None  # a row wider than the table: not this width
        if len(row) < width and rows and not _short_row_fits(row) and _continues(rows[-1], width):
            row = [[] for _ in range(width - len(row))] + row  # its left cells merged with the row above
        rows.append(row)
        start = end + 1
    short = [row for row in rows if len(row) < width]
    two_level_header = all(len(row) < width and not _is_group_row(row) for row in rows[:2])
    numbered = [row for row in rows[1:] if len(row) == width and _is_group_row(row)]  # full rows open with their TT
    fits = 2 * len(short) <= len(rows) and all(row and _short_row_fits(row) for row in short)
    return rows if fits and len(numbered) >= _MIN_NUMBERED_ROWS and not two_level_header else None


_ROW_LABEL = re.compile(r"^(?:[IVX]{1,5}|[A-ZĐ]|\d{1,3}(?:\.\d{1,3})*)\.?$")


def _continues(previous: list[list[str]], width: int) -> bool:
    """True when a row narrower than the table may continue `previous`: the cells it lacks on the
    left (TT, the object described) are merged down from a full numbered row or from such a
    continuation ("1 | Nguồn nước … | pH … | 240" then "Thuốc BVTV … | 30")."""
    return len(previous) == width and (_is_group_row(previous) or _is_empty(previous[0]))


def _is_group_row(row: list[list[str]]) -> bool:
    """A row opened by a group label: "A", "I", "5.1"."""
    return bool(row) and bool(_ROW_LABEL.match(_join(row[0]).replace("*", "").strip()))


_GROUP_TITLE = re.compile(r"^(?:[IVX]{1,5}|[A-ZĐ]|\d{1,3}(?:\.\d{1,3})*)[.)]\s+\S")


def _is_spanning_title(row: list[list[str]]) -> bool:
    """One cell across the whole table holding a labelled group title ("I. NÂNG CAO NHẬN THỨC …")."""
    return len(row) == 1 and bool(_GROUP_TITLE.match(_join(row[0]).replace("*", "").strip()))


def _short_row_fits(row: list[list[str]]) -> bool:
    """A row narrower than the table is a merged group row ("I | Hoàn thiện thể chế", or "I. Hoàn
    thiện thể chế" in one spanning cell) or a repeated header; anything else (an empty or
    continuation row) means the merged reading is wrong."""
    return _is_group_row(row) or _is_spanning_title(row) \
        or 2 * sum(column_role(_join(cell)) is not None for cell in row) >= len(row)


def _split_at_empty(cells: list[list[str]]) -> list[list[list[str]]]:
    rows: list[list[list[str]]] = [[]]
    for cell in cells:
        if _is_empty(cell):
            rows.append([])
        else:
            rows[-1].append(cell)
    return [row for row in rows if row]


def _header_rows(prefix: list[list[str]], width: int) -> list[list[list[str]]]:
    """A two-level header ("Đơn vị thực hiện" over "Chủ trì | Phối hợp") laid out on the full
    width: the spanning cell keeps its place, the sub-headers sit under it. The spanning cell is
    the top cell whose meaning the sub-headers share, else one with no known meaning (the last)."""
    rows = _split_at_empty(prefix)
    if len(rows) != 2 or len(rows[0]) - 1 + len(rows[1]) != width:
        return [prefix]  # not a shape we can align: kept as one row of its own
    top, sub = rows
    sub_roles = {column_role(_join(cell)) for cell in sub} - {None}

    def fit(index: int) -> tuple[int, int]:
        role = column_role(_join(top[index]))
        return (2 if role in sub_roles else 1 if role is None else 0), index

    span = max(range(1, len(top)), key=fit)
    blank: list[str] = []
    return [
        top[: span + 1] + [blank] * (len(sub) - 1) + top[span + 1 :],
        [blank] * span + sub + [blank] * (width - span - len(sub)),
    ]


def _row_line(row: list[list[str]]) -> str:
    cells = [_join(cell).replace("\t", " ") or " " for cell in row]
    return "\t".join(cells).rstrip() or " "


def is_layout_table(rows: list[list[list[str]]]) -> bool:
    """Header and signature tables (see `plan_qa.ingest.layout`)."""
    return is_layout(len(rows), max((len(row) for row in rows), default=0))


def segments(text: str) -> Iterator[tuple[str, list]]:
    """The text in order as ("paragraphs", unwrapped lines) and ("table", rows of cells of lines)."""
    raw = text.splitlines()
    block: list[str] = []
    index = 0
    while index < len(raw):
        line = raw[index]
        if line.strip() == _BAR:
            if block:
                yield "paragraphs", paragraph_lines(block)
                block = []
            end = _table_end(raw, index)
            yield "table", table_rows(_cells(raw[index : end + 1]))
            index = end + 1
            continue
        if line.strip():
            block.append(line)
        elif block:
            yield "paragraphs", paragraph_lines(block)
            block = []
        index += 1
    if block:
        yield "paragraphs", paragraph_lines(block)


def to_lines(text: str) -> list[str]:
    """Web-saved text → logical lines: one paragraph/item per line, data tables as tab rows,
    the cells of layout tables (header, signature) as lines of their own."""
    out: list[str] = []
    for kind, content in segments(text):
        if kind == "paragraphs":
            for line in content:
                bare = line.lstrip("*_ ")
                # A stray blank line inside a sentence: "… các cơ quan, đơn vị, địa phương" / "liên quan."
                if out and out[-1].strip() and "\t" not in out[-1] and bare[:1].islower() and not _ITEM_START.match(line) \
                        and not _CLAUSE_END.search(out[-1]):
                    out[-1] = _join([out[-1], line])
                else:
                    out.append(line)
        elif is_layout_table(content):
            out.extend(line for row in content for cell in row for line in cell_lines(cell))
        else:
            out.extend(["", *(_row_line(row) for row in content), ""])
    return out


_BREAK = re.compile(r"\s*<br\s*/?>\s*", re.I)
_GFM_ROW = re.compile(r"^\s*\|.*\|\s*$")
_GFM_DELIMITER = re.compile(r"^\s*\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?\s*$")


def _gfm_cells(line: str) -> list[str]:
    return [cell.strip() for cell in line.strip().strip("|").split("|")]


def gfm_tables(text: str) -> str:
    """Markdown pipe tables (a "|---|" delimiter under their first row) → the shapes the parser reads
    (`_table_lines`)."""
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        if _GFM_ROW.match(lines[index]) and index + 1 < len(lines) and _GFM_DELIMITER.match(lines[index + 1]):
            end = index + 2
            while end < len(lines) and _GFM_ROW.match(lines[end]):
                end += 1
            out.extend(_table_lines([_gfm_cells(line) for line in [lines[index], *lines[index + 2 : end]]]))
            index = end
            continue
        out.append(lines[index])
        index += 1
    return "\n".join(out)


def _table_lines(rows: list[list[str]]) -> list[str]:
    """A layout table (header, signature) as one line per cell (cells broken at "<br>"), a data table as
    tab-separated rows between blank lines (a cell's "<br>" parting its paragraphs, `CELL_BREAK`)."""
    if is_layout(len(rows), max(len(row) for row in rows)):
        return [part.strip() for row in rows for cell in row for part in re.split(r"<br\s*/?>", cell) if part.strip()]
    return ["", *("\t".join(_BREAK.sub(CELL_BREAK, cell) for cell in row) for row in rows), ""]


_GRID_RULE = re.compile(r"^\s*\+(?:[-=:]+\+)+\s*$")


_GRID_PARTIAL_RULE = re.compile(r"^\s*\+[-=:+| ]*[-=][-=:+| ]*[+|]\s*$")


def _closed_columns(line: str, edges: list[int]) -> list[bool] | None:
    """Which columns a rule line closes: all of them for a full rule; for pandoc's partial rule under a
    cell that spans rows ("+----+      +----+") the columns ruled with "-", not those left blank; None when
    the line is no rule."""
    if not _GRID_PARTIAL_RULE.match(line):
        return None
    segments = [line[a + 1:b] if b <= len(line) else "" for a, b in zip(edges, edges[1:])]
    return [bool(segment.strip()) and not segment.strip("-=: ") for segment in segments]


def _grid_rows(block: list[str]) -> list[list[str]]:
    """The rows of a grid table (pandoc's table for cells of several lines): columns where the first rule
    has "+", a row's lines joined per column up to the next rule; a line with no "|" at the inner column
    edges is one cell spanning the row (a group row), its text in the first column. A cell spanning rows
    (no rule under it) holds for every row it spans: its text is repeated in them, as a merged-down Word cell."""
    edges = [i for i, char in enumerate(block[0]) if char == "+"]
    width = len(edges) - 1
    rows: list[list[str]] = []
    texts: list[list[str]] = [[] for _ in range(width)]
    spans: list[list[int]] = [[] for _ in range(width)]  # rows the open cell of each column covers
    pending = False
    for line in block[1:]:
        closed = _closed_columns(line, edges)
        if closed is not None:
            if pending:
                rows.append([""] * width)
                for column in range(width):
                    spans[column].append(len(rows) - 1)
            for column, done in enumerate(closed):
                if done:
                    for row in spans[column]:
                        rows[row][column] = join_lines(texts[column])
                    texts[column], spans[column] = [], []
            pending = False
            continue
        inner = [line[e] if e < len(line) else " " for e in edges[1:-1]]
        cells = ([line[a + 1:b] for a, b in zip(edges, edges[1:])] if all(c in "|+" for c in inner)
                 else [line.strip().strip("|")] + [""] * (width - 1))
        for column, cell in zip(texts, cells):
            if cell.strip() or column:
                column.append(cell.strip())  # a blank line inside a cell parts its paragraphs
        pending = True
    return rows


_SIMPLE_RULE = re.compile(r"^\s*-{3,}(?:[ ]+-{3,})+\s*$")
_COLUMN_GAP = re.compile(r"\S(?:.*?\S)?(?=\s{2,}|\s*$)")
_GAP_SLACK = 3  # characters a cell may start before its column (a "\-" escape dropped when the file was read)


def layout_tables(text: str) -> str:
    """Pandoc's headerless multiline tables (a rule of dash runs above and below, cells placed by column) — how
    it writes the borderless issuer/number header and recipients/signature block of a Word plan — as their
    cells' lines, column by column, as a Word layout table is read (see ingest/docx_reader.py)."""
    lines = text.splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        end = next((j for j in range(index + 1, len(lines)) if _SIMPLE_RULE.match(lines[j])), None) \
            if _SIMPLE_RULE.match(lines[index]) else None
        if end is None:
            out.append(lines[index])
            index += 1
            continue
        starts = [m.start() for m in re.finditer(r"-+", lines[index])]
        columns: list[list[str]] = [[] for _ in starts]
        for line in lines[index + 1:end]:
            for cell in _COLUMN_GAP.finditer(line):
                column = max(k for k, start in enumerate(starts) if k == 0 or cell.start() + _GAP_SLACK >= start)
                columns[column].append(cell.group(0))
        for cells in columns:
            out.extend([*cells, ""])
        index = end + 1
    return "\n".join(out)


# Box-drawing characters (a table drawn by a text export: "┌──┬──┐", "│ a │ b │") as the ASCII grid they draw.
_BOX_TO_GRID = str.maketrans({**dict.fromkeys("─━═╌╍┄┅┈┉", "-"), **dict.fromkeys("│┃║╎╏┆┇┊┋", "|"),
                              **dict.fromkeys("┌┐└┘├┤┬┴┼┏┓┗┛┣┫┳┻╋╔╗╚╝╠╣╦╩╬╒╕╘╛╞╡╤╧╪╓╖╙╜╟╢╥╨╫", "+")})


def grid_tables(text: str) -> str:
    """Grid tables ("+----+----+" rules around "|" rows, or the same drawn in box-drawing characters) → the shapes
    the parser reads (see `gfm_tables`)."""
    lines = text.translate(_BOX_TO_GRID).splitlines()
    out: list[str] = []
    index = 0
    while index < len(lines):
        if _GRID_RULE.match(lines[index]):
            end = index + 1
            while end < len(lines) and (_GRID_PARTIAL_RULE.match(lines[end]) or lines[end].lstrip().startswith("|")):
                end += 1
            rows = _grid_rows(lines[index:end])
            if rows:
                out.extend(_table_lines(rows))
                index = end
                continue
        out.append(lines[index])
        index += 1
    return "\n".join(out)

