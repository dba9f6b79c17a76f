"""A scanned page → text in the corpus shape: lines top to bottom, ruled tables as tab-separated rows.

A page scanned askew is first turned upright (`deskewed`). Ruled tables are found from the page image itself: long horizontal and vertical dark runs (the ruling) are kept by a
morphological opening, a connected group of them wide and tall enough is a table, and its row and
column boundaries are the ruling's positions. A boundary missing across one cell band marks a merged
cell: its text goes to the region's top-left cell, as pdfplumber leaves a merged cell of a text-layer PDF.
Words outside tables are grouped into physical lines (words sharing a baseline, however many columns
they sit in), as a PDF text layer prints them.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np
from scipy import ndimage

# Ruling is at least this share of the page: a horizontal rule 1/20 of the width, a vertical one 1/60 of
# the height (≈ 60 px at 300 dpi, longer than any glyph stroke of body text yet shorter than a one-line cell).
_H_RULE_SHARE = 1 / 20
_V_RULE_SHARE = 1 / 60
# A table spans at least this share of the page width and has at least two rules each way.
_TABLE_MIN_WIDTH_SHARE = 0.25
# A boundary exists across a cell band when ruling covers this share of the band.
_BOUNDARY_COVER = 0.5
_DARK = 160  # grey level below which a pixel is ink


# A page fed askew into a scanner lies within a few degrees of upright; its angle is searched over this range,
# coarsely on a copy this many times smaller, then finely around the best coarse angle.
_SKEW_MAX_DEGREES = 5.0
_SKEW_COARSE_STEP = 0.5
_SKEW_FINE_STEP = 0.1
_SKEW_SAMPLE = 4


def skew_angle(gray: np.ndarray) -> float:
    """The angle (degrees, as `scipy.ndimage.rotate` takes it) that turns the page upright: the one under which
    the rows of ink are sharpest — text lines and rules run level, so the ink per pixel row varies most (the
    projection-profile method of document deskewing)."""
    ink = (gray[::_SKEW_SAMPLE, ::_SKEW_SAMPLE] < _DARK).astype(np.float32)
    if not ink.any():
        return 0.0

    def sharpness(angle: float) -> float:
        return float(np.var(ndimage.rotate(ink, angle, reshape=False, order=1).sum(axis=1)))

    coarse = np.arange(-_SKEW_MAX_DEGREES, _SKEW_MAX_DEGREES + 1e-9, _SKEW_COARSE_STEP)
    best = max(coarse, key=sharpness)
    fine = np.arange(best - _SKEW_COARSE_STEP, best + _SKEW_COARSE_STEP + 1e-9, _SKEW_FINE_STEP)
    return round(float(max(fine, key=sharpness)), 1)


def deskewed(gray: np.ndarray) -> np.ndarray:
    """The page turned upright before its ruling is looked for (a rule at 2° is no long horizontal run, and its
    table would be read as running text); an upright page is returned as it is."""
    angle = skew_angle(gray)
    if abs(angle) < _SKEW_FINE_STEP / 2:
        return gray
    return ndimage.rotate(gray, angle, reshape=False, order=1, mode="constant", cval=255)


@dataclass(frozen=True)
class Word:
    """One OCR word: its box in pixels, its text and the OCR line it belongs to."""

    left: int
    top: int
    right: int
    bottom: int
    text: str
    line: tuple[int, ...]

    @property
    def centre(self) -> tuple[float, float]:
        return (self.left + self.right) / 2, (self.top + self.bottom) / 2


@dataclass(frozen=True)
class Table:
    """A ruled table: its bounding box and the pixel positions of its row and column boundaries."""

    box: tuple[int, int, int, int]  # left, top, right, bottom
    rows: list[int]
    columns: list[int]


def ruling_masks(gray: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """(horizontal, vertical) boolean masks of the page's ruling lines."""
    ink = gray < _DARK
    height, width = ink.shape
    horizontal = ndimage.binary_opening(ink, structure=np.ones((1, max(20, int(width * _H_RULE_SHARE))), bool))
    vertical = ndimage.binary_opening(ink, structure=np.ones((max(20, int(height * _V_RULE_SHARE)), 1), bool))
    return horizontal, vertical


def find_tables(horizontal: np.ndarray, vertical: np.ndarray) -> list[Table]:
    """The ruled tables of a page, top to bottom."""
    width = horizontal.shape[1]
    joined = ndimage.binary_dilation(horizontal | vertical, iterations=3)
    labels, _ = ndimage.label(joined)
    tables = []
    for region in ndimage.find_objects(labels):
        if region is None:
            continue
        rows_slice, cols_slice = region
        if cols_slice.stop - cols_slice.start < width * _TABLE_MIN_WIDTH_SHARE:
            continue
        rows = _positions(horizontal[region].any(axis=1), rows_slice.start)
        columns = _positions(vertical[region].any(axis=0), cols_slice.start)
        if len(rows) >= 2 and len(columns) >= 2:
            tables.append(Table((cols_slice.start, rows_slice.start, cols_slice.stop, rows_slice.stop), rows, columns))
    return sorted(tables, key=lambda table: table.box[1])


def outside_tables(words: list[Word], tables: list[Table]) -> list[Word]:
    """The words whose centre lies in no table."""
    def inside(word: Word, table: Table) -> bool:
        x, y = word.centre
        left, top, right, bottom = table.box
        return left <= x <= right and top <= y <= bottom

    return [word for word in words if not any(inside(word, table) for table in tables)]


def _positions(marked: np.ndarray, offset: int) -> list[int]:
    """Centres of the runs of True in a 1-D array (a rule is a few pixels thick)."""
    labels, count = ndimage.label(marked)
    return [int(round(centre[0])) + offset for centre in ndimage.center_of_mass(marked, labels, range(1, count + 1))]


def cell_boxes(table: Table, horizontal: np.ndarray, vertical: np.ndarray) -> list[list[tuple[int, int, int, int] | None]]:
    """Row by row, the box (left, top, right, bottom) of each cell that starts a merged region (or stands
    alone), and None for the grid cells a merged region covers."""
    owner = _merged_cells(table, horizontal, vertical)
    last: dict[tuple[int, int], tuple[int, int]] = {}  # merged region → its bottom-right grid cell
    for r, owners in enumerate(owner):
        for c, top_left in enumerate(owners):
            bottom, right = last.get(top_left, (r, c))
            last[top_left] = (max(bottom, r), max(right, c))
    rows, cols = table.rows, table.columns
    return [[(cols[c], rows[r], cols[last[(r, c)][1] + 1], rows[last[(r, c)][0] + 1]) if top_left == (r, c) else None
             for c, top_left in enumerate(owners)] for r, owners in enumerate(owner)]


def _merged_cells(table: Table, horizontal: np.ndarray, vertical: np.ndarray) -> list[list[tuple[int, int]]]:
    """For each grid cell, the top-left cell of the merged region it belongs to (itself when unmerged)."""
    rows, cols = table.rows, table.columns
    n_rows, n_cols = len(rows) - 1, len(cols) - 1
    parent = {(r, c): (r, c) for r in range(n_rows) for c in range(n_cols)}

    def root(cell: tuple[int, int]) -> tuple[int, int]:
        while parent[cell] != cell:
            cell = parent[cell]
        return cell

    def join(a: tuple[int, int], b: tuple[int, int]) -> None:
        first, second = sorted((root(a), root(b)))
        parent[second] = first

    for r in range(n_rows):
        for c in range(n_cols - 1):
            band = vertical[rows[r] + 2:rows[r + 1] - 1, max(cols[c + 1] - 3, 0):cols[c + 1] + 4].any(axis=1)
            if band.size and band.mean() < _BOUNDARY_COVER:
                join((r, c), (r, c + 1))
    for r in range(n_rows - 1):
        for c in range(n_cols):
            band = horizontal[max(rows[r + 1] - 3, 0):rows[r + 1] + 4, cols[c] + 2:cols[c + 1] - 1].any(axis=0)
            if band.size and band.mean() < _BOUNDARY_COVER:
                join((r, c), (r + 1, c))
    return [[root((r, c)) for c in range(n_cols)] for r in range(n_rows)]


def words_text(words: list[Word]) -> str:
    """Words in reading order, their printed lines joined by spaces."""
    return " ".join(" ".join(word.text for word in line) for line in physical_lines(words))


def physical_lines(words: list[Word]) -> list[list[Word]]:
    """Words grouped into printed lines (OCR lines whose vertical middles fall within each other),
    top to bottom, each left to right."""
    by_ocr_line: dict[tuple[int, ...], list[Word]] = {}
    for word in words:
        by_ocr_line.setdefault(word.line, []).append(word)
    groups = sorted(by_ocr_line.values(), key=lambda group: min(w.top for w in group))
    lines: list[list[Word]] = []
    for group in groups:
        top, bottom = min(w.top for w in group), max(w.bottom for w in group)
        middle = (top + bottom) / 2
        if lines:
            last_top, last_bottom = min(w.top for w in lines[-1]), max(w.bottom for w in lines[-1])
            if last_top <= middle <= last_bottom or top <= (last_top + last_bottom) / 2 <= bottom:
                lines[-1].extend(group)
                continue
        lines.append(list(group))
    return [sorted(line, key=lambda w: w.left) for line in lines]


def page_text(loose: list[Word], tables: list[tuple[Table, list[list[str]]]]) -> str:
    """The page as corpus text: the printed lines of the words outside tables and each table's rows
    (cells tab-separated), in top-to-bottom order."""
    items = [(min(w.top for w in line), " ".join(w.text for w in line)) for line in physical_lines(loose)]
    for table, rows in tables:
        kept = ["\t".join(row) for row in rows if any(row)]
        if kept:
            items.append((table.box[1], "\n".join(kept)))
    return "\n".join(text for _, text in sorted(items, key=lambda item: item[0]))
