"""PDF → text from the PDF's text layer, one page after another.

pypdf is used because it is pure Python (no poppler/system libraries to install) and actively
maintained. Pages that carry ruled tables are read with pdfplumber, which recovers the cell
boundaries that a text layer loses: each table row becomes a tab-separated line, in reading order;
a task table typeset without ruling lines is read from its words' positions (`pdf_columns`).
Pages without a text layer (scans) are read by OCR (`ocr`) when Tesseract is installed.
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from plan_qa.ingest import ocr
from plan_qa.ingest.cells import join_lines
from plan_qa.ingest.errors import DocumentError
from plan_qa.ingest.pdf_columns import unruled_tables

# Below this many non-space characters in the whole file there is no usable text layer.
_MIN_TEXT_CHARS = 20
# pypdf renders the wide gaps of justified lines as runs of spaces.
_SPACE_RUN = re.compile(r" {2,}")
_NEEDS_CRYPTOGRAPHY = (
    "tệp PDF mã hoá AES — cần cài gói cryptography để mở (pip install cryptography)"
)


def read_pdf(data: bytes, path: Path) -> str:
    """Page texts joined with a newline; refuses encrypted, corrupt and image-only PDFs."""
    try:
        reader = PdfReader(io.BytesIO(data))  # already tries the empty password
    except DependencyError as exc:
        raise DocumentError(path, _NEEDS_CRYPTOGRAPHY) from exc
    except Exception as exc:  # pypdf raises many kinds (PdfReadError, PdfStreamError, ValueError)
        raise DocumentError(path, "tệp PDF bị hỏng hoặc không đúng định dạng PDF") from exc
    if reader.is_encrypted:
        _unlock(reader, path)
    try:
        pages = [page.extract_text() or "" for page in reader.pages]
    except Exception as exc:
        raise DocumentError(path, "tệp PDF bị hỏng (không trích được nội dung trang)") from exc
    tabled = _pages_with_tables(data)
    for number, text in tabled.items():
        if number < len(pages):
            pages[number] = text
    if not pages:
        raise DocumentError(path, "tệp PDF không có trang nào")
    pages = [_SPACE_RUN.sub(" ", page) for page in pages]
    _read_scanned_pages(data, pages, path, set(tabled))
    text = "\n".join(pages)
    if _ink(text) < _MIN_TEXT_CHARS:
        raise DocumentError(path, "tệp PDF không có chữ đọc được (trang trắng hoặc ảnh quét không nhận dạng được chữ)")
    return text


def _ink(text: str) -> int:
    return sum(not ch.isspace() for ch in text)


def _read_scanned_pages(data: bytes, pages: list[str], path: Path, read: set[int]) -> None:
    """Replace, in place, the pages without a text layer by their OCR text (not those in `read`: a page whose
    text went with a table begun on an earlier page). A PDF that is all scan is refused when OCR is not
    installed or the scan is too long; a PDF with some text keeps its text."""
    scanned = [number for number, page in enumerate(pages) if _ink(page) < _MIN_TEXT_CHARS and number not in read]
    if not scanned:
        return
    all_scan = len(scanned) == len(pages)
    if not ocr.ocr_available():
        if all_scan:
            raise DocumentError(path, f"tệp PDF là ảnh quét (không có lớp văn bản) — để đọc được, {ocr.INSTALL_HINT}")
        return
    if len(scanned) > ocr.MAX_OCR_PAGES:
        if all_scan:
            raise DocumentError(path, f"tệp PDF ảnh quét có {len(scanned)} trang, quá giới hạn nhận dạng chữ "
                                      f"({ocr.MAX_OCR_PAGES} trang)")
        scanned = scanned[:ocr.MAX_OCR_PAGES]
    try:
        found = ocr.ocr_pages(data, scanned)
    except Exception as exc:  # tesseract failed, timed out or the page could not be rendered
        if all_scan:
            raise DocumentError(path, f"không nhận dạng được chữ của tệp PDF ảnh quét ({type(exc).__name__})") from exc
        return
    for number, text in found.items():
        pages[number] = text


def _unlock(reader: PdfReader, path: Path) -> None:
    """Open a PDF that is encrypted with an empty user password (owner-restricted), else refuse."""
    try:
        unlocked = reader.decrypt("") != PasswordType.NOT_DECRYPTED
    except DependencyError as exc:
        raise DocumentError(path, _NEEDS_CRYPTOGRAPHY) from exc
    except Exception as exc:
        raise DocumentError(path, "tệp PDF được mã hoá theo cách không mở được") from exc
    if not unlocked:
        raise DocumentError(
            path, "tệp PDF được đặt mật khẩu (mã hoá) — hãy gỡ mật khẩu trước khi nhập"
        )


def _pages_with_tables(data: bytes) -> dict[int, str]:
    """Page index → text with its tables as tab rows, for the pages that have tables: ruled tables page by
    page, unruled task tables from the words of the other pages read one after another (`pdf_columns`), so a
    table going on over a page break is read whole.

    Anything pdfplumber cannot read leaves the page to the plain text layer."""
    try:
        import pdfplumber

        with pdfplumber.open(io.BytesIO(data)) as pdf:
            ruled = {i: text for i, page in enumerate(pdf.pages) if (text := _page_with_tables(page))}
            height = max((page.height for page in pdf.pages), default=0.0)
            words = [[] if i in ruled else page.extract_words(x_tolerance=2) for i, page in enumerate(pdf.pages)]
            return {**unruled_tables(words, height), **ruled}
    except Exception:  # a damaged or unusual file: the text layer read above stands
        return {}


def _page_with_tables(page) -> str | None:
    """The page's lines and table rows ordered top to bottom, or None when it has no table."""
    # One row is enough: a table continued on the next page may leave a single row there.
    tables = [t for t in page.find_tables() if t.rows and max(len(r.cells) for r in t.rows) >= 2]
    if not tables:
        return None
    boxes = [t.bbox for t in tables]

    def inside(line: dict) -> bool:
        middle = (line["top"] + line["bottom"]) / 2
        return any(top <= middle <= bottom for _, top, _, bottom in boxes)

    items = [(line["top"], line["text"]) for line in page.extract_text_lines() if not inside(line)]
    for table in tables:
        rows = ["\t".join(join_lines((cell or "").splitlines()) for cell in row) for row in table.extract()]
        items.append((table.bbox[1], "\n".join(row for row in rows if row.strip())))
    return "\n".join(text for _, text in sorted(items, key=lambda item: item[0]))
