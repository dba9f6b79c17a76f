"""A PDF table drawn without ruling lines → tab rows, from the positions of its words.

pdfplumber's ruled-table finder needs lines; a table typeset without them keeps its columns only as
vertical lanes of white space, and its text layer runs the cells of a row together ("… đơn Sở Công Thương
UBND các xã, phường; Quý I/2026"). Here a table is recognised by its header line — cells (runs of words with
no wide gap) of which one names the task and one who leads or coordinates it, by the column vocabulary of
`plan_qa/data/plan_grammar.json` — and each gap between two header cells is a lane. Lines below the header
belong to the table while some white space is left in every lane (a prose line set across the page fills
one); each line becomes a tab row, its words placed in the column between the lanes. A cell wrapped over
several lines gives rows with an empty number cell, which the table reader joins to the row above.
"""

from __future__ import annotations

from dataclasses import dataclass

from plan_qa.parsing.grammar import column_role

# Words of one cell are parted by a space; cells of a header line by a wider gap (in font heights).
_CELL_GAP = 0.9
# Words whose tops differ by less than this (in font heights) are on one line.
_SAME_LINE = 0.4


@dataclass
class _Line:
    top: float
    bottom: float
    words: list[dict]

    @property
    def text(self) -> str:
        return " ".join(word["text"] for word in self.words)


def _lines(words: list[dict]) -> list[_Line]:
    """Words grouped into lines, top to bottom, each line's words left to right."""
    lines: list[_Line] = []
    for word in sorted(words, key=lambda w: (w["top"], w["x0"])):
        height = word["bottom"] - word["top"]
        if lines and abs(word["top"] - lines[-1].top) < _SAME_LINE * height:
            lines[-1].words.append(word)
            lines[-1].bottom = max(lines[-1].bottom, word["bottom"])
        else:
            lines.append(_Line(word["top"], word["bottom"], [word]))
    for line in lines:
        line.words.sort(key=lambda w: w["x0"])
    return lines


def _cells(line: _Line) -> list[tuple[float, float, str]]:
    """The line's runs of words with no wide gap: (left, right, text)."""
    cells: list[tuple[float, float, str]] = []
    for word in line.words:
        gap_limit = _CELL_GAP * (word["bottom"] - word["top"])
        if cells and word["x0"] - cells[-1][1] <= gap_limit:
            left, _, text = cells[-1]
            cells[-1] = (left, word["x1"], f"{text} {word['text']}")
        else:
            cells.append((word["x0"], word["x1"], word["text"]))
    return cells


# A header cell is a short label ("Đơn vị chủ trì"); a longer run is a sentence that happens to name roles.
_HEADER_CELL_MAX_WORDS = 8


def _split_by_role(cells: list[tuple[float, float, str]], words: list[dict]) -> list[tuple[float, float, str]]:
    """Header cells set close together ("STT Tên nhiệm vụ" over a narrow number column) parted where both
    sides name a column of their own, at the widest such gap."""
    parted: list[tuple[float, float, str]] = []
    for left, right, text in cells:
        inside = [w for w in words if left <= w["x0"] and w["x1"] <= right]
        splits = [(inside[i]["x0"] - inside[i - 1]["x1"], i) for i in range(1, len(inside))
                  if (a := column_role(" ".join(w["text"] for w in inside[:i])))
                  and (b := column_role(" ".join(w["text"] for w in inside[i:]))) and a != b]
        if not splits:
            parted.append((left, right, text))
            continue
        at = max(splits)[1]
        parted.append((left, inside[at - 1]["x1"], " ".join(w["text"] for w in inside[:at])))
        parted.append((inside[at]["x0"], right, " ".join(w["text"] for w in inside[at:])))
    return parted


def _is_header(cells: list[tuple[float, float, str]]) -> bool:
    if len(cells) < 3 or any(len(text.split()) > _HEADER_CELL_MAX_WORDS for _, _, text in cells):
        return False
    roles = {column_role(text) for _, _, text in cells}
    return "task" in roles and bool(roles & {"lead", "coordinators"})


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


def _row(lines: list[_Line], separators: list[float]) -> str:
    """Lines of one table row as a tab row: each word in the column its middle falls in, a cell's lines in order."""
    columns = [""] * (len(separators) + 1)
    for line in lines:
        for word in line.words:
            middle = (word["x0"] + word["x1"]) / 2
            index = sum(middle > separator for separator in separators)
            columns[index] = f"{columns[index]} {word['text']}".strip()
    return "\t".join(columns)


# A header needs at least this many lines under it that keep its lanes free.
_MIN_BODY_LINES = 2
# Rows of a table are set further apart than the lines of a cell: a gap this many times the closest line
# pitch of the table parts two rows. Where they are not, each line is a row of its own and a cell wrapped
# over lines continues in rows with an empty number cell.
_ROW_GAP = 1.3


def _bands(lines: list[_Line]) -> list[list[_Line]]:
    """The table's lines grouped into rows by the wider white space between rows (a cell centred in its row
    leaves its lines between those of its neighbours)."""
    pitches = [b.top - a.top for a, b in zip(lines, lines[1:])]
    if not pitches:
        return [lines]
    bands = [[lines[0]]]
    for pitch, line in zip(pitches, lines[1:]):
        if pitch > _ROW_GAP * min(pitches):
            bands.append([])
        bands[-1].append(line)
    return bands


def unruled_table_lines(words: list[dict]) -> list[tuple[float, str]] | None:
    """(top, text) of every line of a page holding an unruled table, its table lines as tab rows; None when
    no line of the page reads as the header of a task table."""
    lines = _lines(words)
    for index, line in enumerate(lines):
        header = _split_by_role(_cells(line), line.words)
        if not _is_header(header):
            continue
        lanes = [[(left_cell[1], right_cell[0])] for left_cell, right_cell in zip(header, header[1:])]
        end = index + 1
        while end < len(lines):
            narrowed = lanes
            for word in lines[end].words:
                narrowed = [_without(free, word["x0"], word["x1"]) for free in narrowed]
            if not all(narrowed):
                break  # a line set across a lane: the table has ended
            lanes, end = narrowed, end + 1
        if end - index <= _MIN_BODY_LINES:
            continue  # a line of prose whose wide gaps happen to part words naming columns: no table under it
        separators = [(lambda widest: (widest[0] + widest[1]) / 2)(max(free, key=lambda f: f[1] - f[0])) for free in lanes]
        table = [(band[0].top, _row(band, separators)) for band in [[line], *_bands(lines[index + 1:end])]]
        return [(row.top, row.text) for row in lines[:index]] + table + [(row.top, row.text) for row in lines[end:]]
    return None
