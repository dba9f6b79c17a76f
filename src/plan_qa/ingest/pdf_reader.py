"""PDF → text from the PDF's text layer, one page after another.

pypdf is used because it is pure Python (no poppler/system libraries to install), actively
maintained, and text-layer extraction is all we need (scanned PDFs are refused, not OCR'd).
"""

from __future__ import annotations

import io
import re
from pathlib import Path

from pypdf import PasswordType, PdfReader
from pypdf.errors import DependencyError

from plan_qa.ingest.errors import DocumentError

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
    if not pages:
        raise DocumentError(path, "tệp PDF không có trang nào")
    text = "\n".join(_SPACE_RUN.sub(" ", page) for page in pages)
    if sum(not ch.isspace() for ch in text) < _MIN_TEXT_CHARS:
        raise DocumentError(
            path, "tệp PDF không có lớp văn bản (ảnh quét) — cần OCR trước khi nhập"
        )
    return text


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
