"""Entry point: pick the reader for a file's extension, guard size/emptiness, normalise the result."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable
from pathlib import Path

from plan_qa.ingest.docx_reader import read_docx
from plan_qa.ingest.errors import DocumentError
from plan_qa.ingest.html_reader import read_html, with_html_tables
from plan_qa.ingest.limits import check_text_size, read_bounded, with_utf16_bom
from plan_qa.ingest.office_convert import to_docx
from plan_qa.ingest.pdf_reader import read_pdf
from plan_qa.ingest.text_reader import decode_markdown, decode_text

def _read_converted(data: bytes, path: Path) -> str:
    """.doc / .rtf / .odt: converted to .docx by LibreOffice, then read as one."""
    return read_docx(to_docx(data, path, path.suffix.lower()), path)


def _read_markdown(data: bytes, path: Path) -> str:
    """Markdown as it reads, its raw HTML tables read as tables."""
    return with_html_tables(decode_markdown(data, path))


_READERS: dict[str, Callable[[bytes, Path], str]] = {
    ".txt": decode_text,
    ".md": _read_markdown,
    ".docx": read_docx,
    ".doc": _read_converted,
    ".rtf": _read_converted,
    ".odt": _read_converted,
    ".pdf": read_pdf,
    ".html": read_html,
    ".htm": read_html,
}
SUPPORTED_EXTENSIONS: tuple[str, ...] = tuple(_READERS)
# C0 controls other than tab and newline; form feed / vertical tab (page and soft breaks) become
# newlines, the rest is dropped.
_CONTROL = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")


def read_document(path: str | Path, max_bytes: int = 50_000_000) -> str:
    """Read a supported plan file as Unicode NFC text in the corpus shape.

    Paragraphs are lines, tables are tab-separated rows (one per line). Raises
    ``DocumentError`` (Vietnamese message naming the file) for anything unreadable.
    """
    path = Path(path)
    if not path.exists():
        raise DocumentError(path, "không tìm thấy tệp")
    if not path.is_file():
        raise DocumentError(path, "không phải là tệp (có thể là thư mục)")
    reader = _READERS.get(path.suffix.lower())
    if reader is None:
        kind = f'định dạng "{path.suffix}"' if path.suffix else "tệp không có phần mở rộng"
        raise DocumentError(
            path, f"{kind} không được hỗ trợ (chỉ nhận: {', '.join(SUPPORTED_EXTENSIONS)})"
        )
    size = path.stat().st_size
    if size > max_bytes:
        raise DocumentError(path, f"tệp quá lớn ({_bytes(size)}, giới hạn {_bytes(max_bytes)})")
    try:
        data = path.read_bytes()
    except OSError as exc:
        raise DocumentError(path, f"không mở được tệp ({exc.strerror or exc})") from exc
    if not data:
        raise DocumentError(path, "tệp rỗng (0 byte)")
    if not data.strip():
        raise DocumentError(path, "tệp rỗng (chỉ có khoảng trắng)")
    if path.suffix.lower() not in (".docx", ".pdf", ".doc", ".odt", ".rtf"):
        data = with_utf16_bom(data)
    text = _normalise(read_bounded(reader, data, path))
    check_text_size(text, path)
    if not text.strip():
        raise DocumentError(path, "tệp không có nội dung văn bản")
    return text


def reader_for(suffix: str) -> Callable[[bytes, Path], str]:
    """The reader of a supported extension (KeyError otherwise)."""
    return _READERS[suffix]


def _normalise(text: str) -> str:
    """NFC, '\\n' line ends, no stray control characters."""
    text = text.replace("\r\n", "\n").replace("\r", "\n")
    text = _CONTROL.sub(lambda m: "\n" if m.group() in "\x0b\x0c" else "", text)
    return unicodedata.normalize("NFC", text)


def _bytes(n: int) -> str:
    """A byte count the Vietnamese way, e.g. 52.428.800 byte."""
    return f"{n:,} byte".replace(",", ".")
