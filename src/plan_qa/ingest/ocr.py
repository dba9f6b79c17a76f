"""Scanned PDF pages → text, with Tesseract's Vietnamese model (Debian: tesseract-ocr, tesseract-ocr-vie).

Provincial archives keep many plans only as signed scans. A page whose text layer is empty is rendered
(pypdfium2, already installed with pdfplumber), its ruling is erased so that table borders are not read
as letters, and Tesseract (through pytesseract) returns its words with their boxes; `scan_layout` turns
them into lines and tab-separated table rows, the shape every other reader gives. OCR takes seconds per
page, so each page's text is cached under the user's cache folder by the file's content hash (written
atomically), and the bounded reader is asked for more time per page (`extend_bound`).
Tesseract is a system program: without it (or without its Vietnamese data) scanned pages stay unread
and the caller says how to install it.
"""

from __future__ import annotations

import hashlib
import re
import shutil
from functools import cache
from pathlib import Path

import numpy as np
from scipy import ndimage

from plan_qa.atomic import write_atomically
from plan_qa.cache_root import default_cache_root
from plan_qa.data import load_json
from plan_qa.hashing import files_digest
from plan_qa.ingest.limits import extend_bound
from plan_qa.ingest.scan_layout import (Word, cell_boxes, deskewed, find_tables, outside_tables, page_text, ruling_masks,
                                        words_text)

OCR_LANGUAGE = "vie"
RENDER_DPI = 300
MAX_OCR_PAGES = 60  # ≈ the longest plan with its appendices; more is refused, not read for an hour
OCR_PAGE_SECONDS = 90.0  # time asked of the bound per page (≈ 8 s per page measured on one busy core)
# Tesseract's word confidence (0–100) from which a lone letter is kept. Low confidence alone is no reason to
# drop a word: "I/2026" comes back as "1/2026" with confidence 5 (a2_gia-lai, row 4).
SURE_CONFIDENCE = 90.0
DOUBTFUL_LINE_CONFIDENCE = 60.0  # a line whose words average less is read again on its own
_LINE_MARGIN = 12  # px around a line read again
_STANDALONE_MARKS = frozenset("-–—+•*")  # dashes and bullets stand alone in plans ("- Sở …", "Quý I - II")
_ROMAN_DIGITS = frozenset("IVX")  # "Quý I", "Phần V": lone capitals that are numbers
_CELL_MARGIN = 4  # px kept off each cell border
_CELL_GAP = 40  # px of white between stacked cells
_INK, _MIN_CELL_INK = 160, 30  # a cell with fewer ink pixels than this is empty
_MAX_STRIP_HEIGHT = 12_000
# The code and data that turn a page image into text: a cached page is redone when any of them changes
# (a hand-bumped version was forgotten once: deskew was merged and tilted pages read before it stayed tilted).
_PACKAGE = Path(__file__).resolve().parents[1]
_READING_FILES = (_PACKAGE / "ingest" / "ocr.py", _PACKAGE / "ingest" / "scan_layout.py",
                  _PACKAGE / "data" / "ocr_corrections.json")
INSTALL_HINT = "cài bộ nhận dạng chữ tiếng Việt (bash scripts/install_readers.sh: tesseract-ocr, tesseract-ocr-vie)"


class OcrUnavailable(RuntimeError):
    """Tesseract or its Vietnamese data is not installed."""


@cache
def ocr_available() -> bool:
    """True when the tesseract program and its Vietnamese language data are installed."""
    if shutil.which("tesseract") is None:
        return False
    import pytesseract

    try:
        return OCR_LANGUAGE in pytesseract.get_languages()
    except Exception:  # a broken installation is as good as none
        return False


def ocr_pages(data: bytes, page_numbers: list[int]) -> dict[int, str]:
    """Text of the given (0-based) pages of a PDF, read by OCR or from the cache."""
    if not ocr_available():
        raise OcrUnavailable(INSTALL_HINT)
    import pypdfium2 as pdfium

    digest = hashlib.sha256(data).hexdigest()
    texts = {number: cached for number in page_numbers if (cached := _cached(digest, number)) is not None}
    missing = [number for number in page_numbers if number not in texts]
    if not missing:
        return texts
    extend_bound(OCR_PAGE_SECONDS * len(missing))
    document = pdfium.PdfDocument(data)
    try:
        for number in missing:
            texts[number] = _store(digest, number, _ocr_page(document[number]))
    finally:
        document.close()
    return texts


def _ocr_page(page) -> str:
    """One rendered page → corpus-shaped text: the page without its tables read as running text, each
    table's cells read apart (a table read as running text mixes its columns and loses its row numbers)."""
    gray = deskewed(np.asarray(page.render(scale=RENDER_DPI / 72, grayscale=True).to_pil().convert("L")))
    horizontal, vertical = ruling_masks(gray)
    tables = find_tables(horizontal, vertical)
    clean = gray.copy()
    clean[ndimage.binary_dilation(horizontal | vertical, iterations=2)] = 255
    running = clean.copy()
    for table in tables:
        left, top, right, bottom = table.box
        running[top:bottom, left:right] = 255
    read = [(table, _table_texts(clean, cell_boxes(table, horizontal, vertical))) for table in tables]
    return _corrected_phrases(page_text(outside_tables(_words(running, "--psm 3"), tables), read))


def _table_texts(clean: np.ndarray, boxes: list[list[tuple[int, int, int, int] | None]]) -> list[list[str]]:
    """Each cell's text: the cells with ink are stacked into tall strips, one OCR call per strip, and the
    words are given back to the cell whose band they fall in."""
    crops: dict[tuple[int, int], np.ndarray] = {}
    for r, row in enumerate(boxes):
        for c, box in enumerate(row):
            if box is not None:
                left, top, right, bottom = box
                crop = clean[top + _CELL_MARGIN:bottom - _CELL_MARGIN, left + _CELL_MARGIN:right - _CELL_MARGIN]
                if crop.size and (crop < _INK).sum() >= _MIN_CELL_INK:
                    crops[(r, c)] = crop
    texts = {cell: "" for cell in crops}
    batch: list[tuple[tuple[int, int], np.ndarray]] = []
    height = 0
    for cell, crop in crops.items():
        if batch and height + crop.shape[0] > _MAX_STRIP_HEIGHT:
            texts.update(_read_strip(batch))
            batch, height = [], 0
        batch.append((cell, crop))
        height += crop.shape[0] + _CELL_GAP
    if batch:
        texts.update(_read_strip(batch))
    return [["" if box is None else texts.get((r, c), "") for c, box in enumerate(row)] for r, row in enumerate(boxes)]


def _read_strip(batch: list[tuple[tuple[int, int], np.ndarray]]) -> dict[tuple[int, int], str]:
    """OCR cell crops stacked top to bottom with white gaps; each cell's words, in reading order."""
    width = max(crop.shape[1] for _, crop in batch) + 2 * _CELL_GAP
    height = sum(crop.shape[0] + _CELL_GAP for _, crop in batch) + _CELL_GAP
    strip = np.full((height, width), 255, dtype=np.uint8)
    bands = []
    y = _CELL_GAP
    for cell, crop in batch:
        strip[y:y + crop.shape[0], _CELL_GAP:_CELL_GAP + crop.shape[1]] = crop
        bands.append((cell, y - _CELL_GAP // 2, y + crop.shape[0] + _CELL_GAP // 2))
        y += crop.shape[0] + _CELL_GAP
    words = _words(strip, "--psm 6")
    return {cell: words_text([w for w in words if top <= w.centre[1] < bottom]) for cell, top, bottom in bands}


def _words(image: np.ndarray, config: str) -> list[Word]:
    """Tesseract's words on an image, with their boxes and OCR line, noise left out. A line read with low
    confidence is read again alone, in a band tall enough for the marks above capitals: on a full page
    Tesseract sometimes splits a short bold line into its accents and its letters (a signature title came
    back as "D 2" / "KHI THAI T PB)" at confidence 0–32, and right when read alone). Whatever else lies
    inside the band read again (the accents read as a line of their own) is replaced by what it reads."""
    by_line: dict[tuple[int, ...], list[tuple[Word, float]]] = {}
    for word, confidence in _read(image, config):
        by_line.setdefault(word.line, []).append((word, confidence))
    lines = {key + (n,): run for key, line in by_line.items() for n, run in enumerate(_runs(line))}
    doubtful = {key for key, line in lines.items() if _mean(line) < DOUBTFUL_LINE_CONFIDENCE}
    replaced: set[tuple[int, ...]] = set()
    for key in sorted(doubtful, key=lambda k: -max(w.bottom - w.top for w, _ in lines[k])):
        if key in replaced:
            continue
        top, bottom, again = _read_line_again(image, key, lines[key])
        if again and _mean(again) > _mean(lines[key]):
            left, right = min(w.left for w, _ in again), max(w.right for w, _ in again)
            covered = {other for other in lines.keys() - replaced if other[0] == key[0] and lines[other]
                       and all(top <= w.centre[1] <= bottom and left <= w.centre[0] <= right for w, _ in lines[other])}
            for other in covered - {key}:
                lines[other] = []
            lines[key] = again
            replaced |= covered | {key}
    return [word for line in lines.values() for word, confidence in line if _is_text(word.text, confidence)]


def _read(image: np.ndarray, config: str, offset: tuple[int, int] = (0, 0),
          line: tuple[int, ...] | None = None) -> list[tuple[Word, float]]:
    """Every token Tesseract finds, with its confidence; boxes shifted by `offset` (x, y)."""
    import pytesseract

    found = pytesseract.image_to_data(image, lang=OCR_LANGUAGE, config=config,
                                      output_type=pytesseract.Output.DICT, timeout=OCR_PAGE_SECONDS)
    dx, dy = offset
    return [
        (Word(found["left"][i] + dx, found["top"][i] + dy, found["left"][i] + found["width"][i] + dx,
              found["top"][i] + found["height"][i] + dy, _corrected(text.strip()),
              line or (found["block_num"][i], found["par_num"][i], found["line_num"][i])),
         float(found["conf"][i]))
        for i, text in enumerate(found["text"]) if text.strip()
    ]


def _read_line_again(image: np.ndarray, key: tuple[int, ...],
                     line: list[tuple[Word, float]]) -> tuple[int, int, list[tuple[Word, float]]]:
    """(top, bottom, tokens): the line's box grown by half its height on every side (room for the marks
    above capitals), read as a single text line."""
    margin = max(_LINE_MARGIN, max(w.bottom - w.top for w, _ in line) // 2)
    left, top = max(min(w.left for w, _ in line) - margin, 0), max(min(w.top for w, _ in line) - margin, 0)
    right, bottom = max(w.right for w, _ in line) + margin, max(w.bottom for w, _ in line) + margin
    return top, bottom, _read(image[top:bottom, left:right], "--psm 7", (left, top), key)


def _runs(line: list[tuple[Word, float]]) -> list[list[tuple[Word, float]]]:
    """An OCR line cut where words are further apart than twice the line's height: a line of Tesseract
    may cross two columns (the recipients beside the signature), and each column is read or doubted alone."""
    ordered = sorted(line, key=lambda token: token[0].left)
    height = max(w.bottom - w.top for w, _ in ordered)
    runs = [[ordered[0]]]
    for previous, token in zip(ordered, ordered[1:]):
        if token[0].left - previous[0].right > 2 * height:
            runs.append([])
        runs[-1].append(token)
    return runs


def _mean(line: list[tuple[Word, float]]) -> float:
    return sum(confidence for _, confidence in line) / len(line)


def _corrected(token: str) -> str:
    """A capitalised word Tesseract is known to misread in headers and signatures, put right
    (data/ocr_corrections.json); punctuation around it is kept."""
    core = token.strip(".,;:()")
    fixed = load_json("ocr_corrections")["words"].get(core)
    return token.replace(core, fixed) if fixed else token


def _corrected_phrases(text: str) -> str:
    """Words Tesseract misreads only in a context ("PHO CHỦ TỊCH"), put right as whole words
    (data/ocr_corrections.json "phrases")."""
    for wrong, right in load_json("ocr_corrections").get("phrases", {}).items():
        text = re.sub(rf"(?<!\w){re.escape(wrong)}(?!\w)", right, text)
    return text


def _is_text(token: str, confidence: float) -> bool:
    """Whether an OCR token is a word rather than specks read as marks: Tesseract attaches real punctuation
    to its word, so a lone mark other than a dash or bullet, or a lone letter it is unsure of, is noise."""
    if not token:
        return False
    if not any(ch.isalnum() for ch in token):
        return token in _STANDALONE_MARKS
    return not (len(token) == 1 and token.isalpha() and token not in _ROMAN_DIGITS and confidence < SURE_CONFIDENCE)


@cache
def _reading_version() -> str:
    """Short SHA-256 of the OCR reading code and its corrections data."""
    return files_digest(_READING_FILES, _PACKAGE)


def _cache_file(digest: str, page: int) -> Path:
    return default_cache_root() / "ocr" / f"{digest}-{page}-{OCR_LANGUAGE}-{_reading_version()}.txt"


def _cached(digest: str, page: int) -> str | None:
    try:
        return _cache_file(digest, page).read_text(encoding="utf-8")
    except OSError:
        return None


def _store(digest: str, page: int, text: str) -> str:
    """Cache a page's text (written atomically, so readers never see half a page); an unwritable cache
    only costs the next read its OCR time."""
    try:
        write_atomically(_cache_file(digest, page), text)
    except OSError:
        pass
    return text
