"""A table whose columns are kept only by the alignment of its words → tab rows, whatever placed the words.

A table typeset without ruling lines (a PDF's word boxes), copied out of a PDF viewer as fixed-width text
(characters in a line) or laid out with tab stops keeps its columns as vertical lanes of white space shared by
its rows. Here a table is recognised by its header — one to three lines whose cells (runs of words with no
wide gap), joined per column, name the task and who leads or coordinates it by the column vocabulary of
`plan_qa/data/plan_grammar.json` — and each gap between two header cells is a lane. Lines below belong to the
table while some white space is left in every lane (a prose line set across the page fills one); page
furniture met on the way (a page number, a running header: the reader marks it) is stepped over when the
table goes on after it, and moved after the table. Each line becomes a tab row, its words placed in the
column between the lanes; a cell wrapped over several lines gives rows with an empty number cell, which the
table reader joins to the row above. The header's meaning, never a position, says which column is which.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from plan_qa.parsing.grammar import column_role


@dataclass
class Word:
    """A word and its horizontal span; `join` is the widest gap after which the next word is still in its cell
    (a header's cells are parted by more), `space` the widest gap between two words of one sentence."""

    x0: float
    x1: float
    text: str
    join: float
    space: float


@dataclass
class Line:
    """A line of words left to right; `furniture` when the reader knows it is page furniture (page number, running
    header), `top` its vertical place (a line index for text)."""

    top: float
    words: list[Word]
    furniture: bool = False
    bottom: float = 0.0

    @property
    def text(self) -> str:
        return " ".join(word.text for word in self.words)


@dataclass
class Table:
    """Lines [start, end) of a line list read as a table: its tab rows, and the furniture lines stepped over."""

    start: int
    end: int
    rows: list[tuple[float, str]]
    furniture: list[Line] = field(default_factory=list)


Cell = tuple[float, float, str]
# A header cell is a short label ("Đơn vị chủ trì"); a longer run is a sentence that happens to name roles.
_HEADER_CELL_MAX_WORDS = 8
_MAX_HEADER_LINES = 3
# A header needs at least this many lines under it that keep its lanes free.
_MIN_BODY_LINES = 2


def cells(line: Line) -> list[Cell]:
    """The line's runs of words with no wide gap: (left, right, text)."""
    runs: list[Cell] = []
    for word in line.words:
        if runs and word.x0 - runs[-1][1] <= word.join:
            left, _, text = runs[-1]
            runs[-1] = (left, word.x1, f"{text} {word.text}")
        else:
            runs.append((word.x0, word.x1, word.text))
    return runs


def _split_by_role(runs: list[Cell], words: list[Word]) -> list[Cell]:
    """Header cells set close together ("STT Tên nhiệm vụ" over a narrow number column) parted where both
    sides name a column of their own, at the widest such gap."""
    parted: list[Cell] = []
    for left, right, text in runs:
        inside = [w for w in words if left <= w.x0 and w.x1 <= right]
        splits = [(inside[i].x0 - inside[i - 1].x1, i) for i in range(1, len(inside))
                  if (a := column_role(" ".join(w.text for w in inside[:i])))
                  and (b := column_role(" ".join(w.text for w in inside[i:]))) and a != b]
        if not splits:
            parted.append((left, right, text))
            continue
        at = max(splits)[1]
        parted.append((left, inside[at - 1].x1, " ".join(w.text for w in inside[:at])))
        parted.append((inside[at].x0, right, " ".join(w.text for w in inside[at:])))
    return parted


def _is_header(runs: list[Cell]) -> bool:
    if len(runs) < 3 or any(len(text.split()) > _HEADER_CELL_MAX_WORDS for _, _, text in runs):
        return False
    roles = {column_role(text) for _, _, text in runs}
    return "task" in roles and bool(roles & {"lead", "coordinators"})


def _stacked(first: list[Cell], below: list[Line]) -> list[Cell] | None:
    """The header cells of `first` with the cells of the header lines under it joined in ("Đơn vị" over "chủ
    trì"); None when a cell below stands under no cell of the first line or under two."""
    merged = [list(cell) for cell in first]
    for line in below:
        for left, right, text in cells(line):
            over = [m for m in merged if left < m[1] and right > m[0]]
            if len(over) != 1:
                return None
            cell = over[0]
            cell[0], cell[1], cell[2] = min(cell[0], left), max(cell[1], right), f"{cell[2]} {text}"
    return [(left, right, text) for left, right, text in merged]


def _header(lines: list[Line], index: int) -> tuple[list[Cell], int] | None:
    """The header cells starting at line `index` and the index of the first line under the header, or None."""
    first = _split_by_role(cells(lines[index]), lines[index].words)
    if len(first) < 2:
        return None
    for depth in range(1, _MAX_HEADER_LINES + 1):
        below = lines[index + 1:index + depth]
        if len(below) < depth - 1 or any(not line.words or line.furniture for line in below):
            return None
        header = _stacked(first, below)
        if header is not None and _is_header(header):
            return header, index + depth
    return None


def _without(free: list[tuple[float, float]], left: float, right: float) -> list[tuple[float, float]]:
    """The free intervals of a lane once a word's span is taken out of them."""
    kept: list[tuple[float, float]] = []
    for start, end in free:
        if right <= start or left >= end:
            kept.append((start, end))
            continue
        if left > start:
            kept.append((start, left))
        if right < end:
            kept.append((right, end))
    return kept


def _narrowed(lanes: list[list[tuple[float, float]]], line: Line) -> list[list[tuple[float, float]]] | None:
    """The lanes once the line's words are taken out of them; None when the line is set across a lane or leaves
    in one no gap wider than a space (a space between two words of a sentence is no gutter)."""
    space = min(word.space for word in line.words)
    for word in line.words:
        lanes = [[f for f in _without(free, word.x0, word.x1) if f[1] - f[0] > space] for free in lanes]
    return lanes if all(lanes) else None


def _bridged(free: tuple[float, float], lines: list[Line]) -> bool:
    """Whether some line has two words of one sentence on both sides of a free interval (a space between
    them): the interval lies inside a cell, not between two columns."""
    for line in lines:
        for left, right in zip(line.words, line.words[1:]):
            if left.x1 <= free[0] and free[1] <= right.x0 and right.x0 - left.x1 <= right.space:
                return True
    return False


def _aligned_starts(edge: float, lines: list[Line]) -> int:
    """How many lines have a word starting at `edge` (a column's left edge, where its cells' lines start)."""
    return sum(any(abs(word.x0 - edge) <= word.space for word in line.words) for line in lines)


def _separator(free: list[tuple[float, float]], lines: list[Line]) -> float:
    """The middle of the lane's gutter: of its free intervals that no line bridges with a space, the one most
    lines start a word right after (the next column's left edge; a justified cell's wide spaces leave free
    intervals inside it too), the widest among equals."""
    unbridged = [interval for interval in free if not _bridged(interval, lines)] or free
    start, end = max(unbridged, key=lambda f: (_aligned_starts(f[1], lines), f[1] - f[0]))
    return (start + end) / 2


def _row(lines: list[Line], separators: list[float]) -> str:
    """Lines of one table row as a tab row: each word in the column its middle falls in, a cell's lines in order."""
    columns = [""] * (len(separators) + 1)
    for line in lines:
        for word in line.words:
            index = sum((word.x0 + word.x1) / 2 > separator for separator in separators)
            columns[index] = f"{columns[index]} {word.text}".strip()
    return "\t".join(columns)


# Rows of a table are set further apart than the lines of a cell: white space between a line's top and the
# bottom of the lines above it wider than this share of a line's height parts two rows (typeset tables;
# `banded`). A cell's lines are set closer (their boxes touch or overlap); cell padding adds to the leading.
_ROW_GAP = 0.6


def _bands(lines: list[Line]) -> list[list[Line]]:
    """The table's lines grouped into rows by the wider white space between rows. A cell centred in its row
    sets its lines between those of its neighbours, overlapping them: only white space between a line's
    top and the bottom of every line above it in the row counts."""
    bands = [[lines[0]]]
    for line in lines[1:]:
        if line.top - max(above.bottom for above in bands[-1]) > _ROW_GAP * (line.bottom - line.top):
            bands.append([])
        bands[-1].append(line)
    return bands


def _span(lines: list[Line], body: int, lanes: list[list[tuple[float, float]]]) -> tuple[int, list[int], list]:
    """(end, indexes of the table's lines, narrowed lanes) of the table whose body starts at `body`: lines keep
    the lanes free; furniture is stepped over when a table line follows it."""
    kept: list[int] = []
    end = body
    index = body
    while index < len(lines):
        line = lines[index]
        if line.furniture or not line.words:
            index += 1
            continue
        narrowed = _narrowed(lanes, line)
        if narrowed is None:
            break
        lanes = narrowed
        kept.append(index)
        index += 1
        end = index
    return end, kept, lanes


def find_tables(lines: list[Line], banded: bool = False) -> list[Table]:
    """Every aligned table of the lines, top to bottom. `banded`: rows parted by wider vertical space (a
    typeset table), else each line is a row and wrapped cells continue in rows with an empty number cell."""
    tables: list[Table] = []
    index = 0
    while index < len(lines):
        found = _header(lines, index) if lines[index].words and not lines[index].furniture else None
        if found is None:
            index += 1
            continue
        header, body = found
        lanes = [[(left[1], right[0])] for left, right in zip(header, header[1:])]
        end, kept, lanes = _span(lines, body, lanes)
        if len(kept) < _MIN_BODY_LINES:
            index += 1  # a line of prose whose wide gaps part words naming columns: no table under it
            continue
        table_lines = [lines[i] for i in kept]
        separators = [_separator(free, table_lines) for free in lanes]
        groups = _bands(table_lines) if banded else [[line] for line in table_lines]
        head = "\t".join(text for _, _, text in header)
        rows = [(lines[index].top, head)] + [(group[0].top, _row(group, separators)) for group in groups]
        furniture = [lines[i] for i in range(body, end) if i not in kept and lines[i].words]
        tables.append(Table(index, end, rows, furniture))
        index = end
    return tables
