"""Limits on what comes in — files and questions — checked before the expensive work, said in Vietnamese.

A 268 KB .docx can inflate to 100 MB of XML and hold a reader for minutes, and a
1 MB question can hold the answering pipeline for as long: sizes are checked
before reading, and the reading and parsing of one corpus file run together in a
child process that is stopped when it takes too long (`run_bounded`, used by
`plan_qa.corpus.parse`; the plan comes back as JSON). The child costs ~55 ms per
file (bench/results/parse_bound.md: 3× the in-process parse of a plan, small
against embedding it), so every format and the parser itself are bounded rather
than guarded by a size rule the parser could still outrun. The entry points that
serve users (the `plan-qa` command, `app.py`) switch the bound on with `bound_parsing`;
the Python API reads in the caller's process unless ``PLAN_QA_PARSE_SECONDS`` is set,
because a child process re-imports the caller's script, and a script without an
``if __name__ == "__main__":`` guard would then run again inside it. Every limit can
be raised through an environment variable.
"""

from __future__ import annotations

import codecs
import io
import logging
import multiprocessing
import os
import time
import zipfile
from collections.abc import Callable
from pathlib import Path

from plan_qa.ingest.errors import DocumentError

MAX_DOCX_UNCOMPRESSED = 60_000_000  # bytes of all parts together; real plans stay under a few MB
MAX_DOCX_PARTS = 2_000
MAX_PDF_PAGES = 1_000
MAX_TEXT_CHARS = 5_000_000  # ≈ 1,500 pages of text
PARSE_SECONDS = 120.0  # the bound `bound_parsing` sets for the CLI and the app
MAX_QUESTION_CHARS = 2_000
UPLOAD_EXTENSIONS = (".pdf", ".docx", ".doc", ".odt", ".rtf", ".txt", ".md", ".html")
_BOUNDED_SUFFIXES = (".pdf", ".docx", ".doc", ".odt", ".rtf")  # readers that decompress, interpret or convert
_UTF16_SAMPLE = 4_000
logging.getLogger("pypdf").setLevel(logging.ERROR)  # its English warnings ("EOF marker not found") stay out


def bound_parsing(seconds: float = PARSE_SECONDS) -> None:
    """Read and parse every file in a child process stopped after `seconds`, unless the
    environment already says otherwise (``PLAN_QA_PARSE_SECONDS``; 0 reads in this process)."""
    os.environ.setdefault("PLAN_QA_PARSE_SECONDS", str(seconds))


def _parse_seconds() -> float:
    return _limit("PARSE_SECONDS", 0.0)


def _limit(name: str, default: float) -> float:
    value = os.environ.get(f"PLAN_QA_{name}")
    return float(value) if value else default


def _count(n: float) -> str:
    return f"{n:,.0f}".replace(",", ".")


def check_before_reading(data: bytes, path: Path) -> None:
    """Refuse a file whose declared content is too large to read safely (zip bombs, huge PDFs)."""
    suffix = path.suffix.lower()
    if suffix in (".docx", ".odt"):  # both are ZIP packages of XML
        _check_docx(data, path)
    elif suffix == ".pdf":
        _check_pdf(data, path)


def _check_docx(data: bytes, path: Path) -> None:
    try:
        members = zipfile.ZipFile(io.BytesIO(data)).infolist()
    except (zipfile.BadZipFile, OSError, ValueError):
        return  # not a zip: the DOCX reader says what it is
    parts_limit = _limit("DOCX_MAX_PARTS", MAX_DOCX_PARTS)
    if len(members) > parts_limit:
        raise DocumentError(path, f"tệp DOCX có quá nhiều thành phần ({_count(len(members))}, "
                                  f"giới hạn {_count(parts_limit)}) — có thể là tệp độc hại")
    inflated = sum(member.file_size for member in members)
    size_limit = _limit("DOCX_MAX_UNCOMPRESSED", MAX_DOCX_UNCOMPRESSED)
    if inflated > size_limit:
        raise DocumentError(path, f"nội dung DOCX khi giải nén quá lớn ({_count(inflated / 1e6)} MB, "
                                  f"giới hạn {_count(size_limit / 1e6)} MB) — có thể là tệp độc hại (zip bomb)")


def _check_pdf(data: bytes, path: Path) -> None:
    from pypdf import PdfReader

    try:
        pages = len(PdfReader(io.BytesIO(data)).pages)
    except Exception:  # corrupt or encrypted: the PDF reader says which
        return
    limit = _limit("PDF_MAX_PAGES", MAX_PDF_PAGES)
    if pages > limit:
        raise DocumentError(path, f"tệp PDF quá nhiều trang ({_count(pages)}, giới hạn {_count(limit)})")


def check_text_size(text: str, path: Path) -> None:
    """Refuse extracted text longer than any plan."""
    limit = _limit("MAX_TEXT_CHARS", MAX_TEXT_CHARS)
    if len(text) > limit:
        raise DocumentError(path, f"văn bản quá dài ({_count(len(text))} ký tự, giới hạn {_count(limit)})")


def with_utf16_bom(data: bytes) -> bytes:
    """Add the missing BOM to UTF-16 text saved without one (every other byte of ASCII text is NUL)."""
    if data.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE, codecs.BOM_UTF8)) or len(data) < 4:
        return data
    sample = data[:_UTF16_SAMPLE - _UTF16_SAMPLE % 2]
    even, odd = sample[0::2], sample[1::2]
    for zeros, other, bom, codec in ((odd, even, codecs.BOM_UTF16_LE, "utf-16-le"),
                                     (even, odd, codecs.BOM_UTF16_BE, "utf-16-be")):
        if zeros.count(0) >= 0.3 * len(zeros) and other.count(0) <= 0.01 * len(other):
            try:
                data[: len(data) - len(data) % 2].decode(codec)
            except UnicodeDecodeError:
                return data
            return bom + data
    return data


def question_problem(question: str) -> str | None:
    """Why a question is refused before answering (None when it may be answered)."""
    limit = int(_limit("MAX_QUESTION_CHARS", MAX_QUESTION_CHARS))
    if len(question) > limit:
        return (f"Câu hỏi quá dài ({_count(len(question))} ký tự; tối đa {_count(limit)}). "
                "Hãy hỏi ngắn gọn, mỗi lần một ý.")
    return None


def upload_type_problem(name: str) -> str | None:
    """Why an uploaded file's type is refused (None when it is one the app takes)."""
    if Path(name).suffix.lower() in UPLOAD_EXTENSIONS:
        return None
    return (f'Tệp "{Path(name).name}" có định dạng không hỗ trợ. Chỉ nhận: '
            f"{', '.join(e.lstrip('.').upper() for e in UPLOAD_EXTENSIONS)}.")


# -- reading in a child process with a deadline ------------------------------------------------------------------

_CONTEXT = multiprocessing.get_context("forkserver")
_CHILD_PIPE = None  # in a bounded child: the pipe to the parent (`extend_bound`)
_CONTEXT.set_forkserver_preload(["plan_qa.ingest.readers", "plan_qa.corpus"])


def _checked_read(reader: Callable[[bytes, Path], str], data: bytes, path: Path) -> str:
    check_before_reading(data, path)
    return reader(data, path)


def read_bounded(reader: Callable[[bytes, Path], str], data: bytes, path: Path) -> str:
    """Check the limits, then `reader(data, path)` — for heavy formats both in a child process stopped
    after the parse-time limit (`run_bounded`). ``PLAN_QA_PARSE_SECONDS=0`` reads in this process."""
    if _parse_seconds() <= 0 or path.suffix.lower() not in _BOUNDED_SUFFIXES:
        return _checked_read(reader, data, path)
    return run_bounded(path, _read_in_child, path.suffix.lower(), data, str(path))


def run_bounded(path: Path, work: Callable[..., str], *args: object) -> str:
    """`work(*args)` — a module-level function returning text or raising DocumentError — in a child
    process stopped after the parse-time limit (``PLAN_QA_PARSE_SECONDS``; 0 runs it in this process).

    The child returns UTF-8 bytes or a Vietnamese reason over a pipe (nothing is unpickled from it); inside
    it, nested bounded work runs in-process (the child itself is the bound).
    """
    seconds = _parse_seconds()
    if seconds <= 0:
        return work(*args)
    receive, send = _CONTEXT.Pipe(duplex=False)
    settings = {key: value for key, value in os.environ.items() if key.startswith("PLAN_QA_")}
    child = _CONTEXT.Process(target=_child_run, args=(send, settings, work, args), daemon=True)
    child.start()
    send.close()
    try:
        message = _final_message(receive, path, seconds)
    except EOFError as error:
        raise DocumentError(path, "tiến trình đọc tệp dừng bất thường (thiếu bộ nhớ?)") from error
    finally:
        receive.close()
        if child.is_alive():
            child.kill()
        child.join(5)
    kind, body = message[:1], message[1:].decode("utf-8")
    if kind == b"E":
        raise DocumentError(path, body)
    return body


def _final_message(receive, path: Path, seconds: float) -> bytes:
    """The child's last message, waiting `seconds` plus any extra time it asked for on the way (OCR)."""
    allowed, started = seconds, time.monotonic()
    while True:
        if not receive.poll(max(started + allowed - time.monotonic(), 0)):
            raise DocumentError(path, f"đọc và phân tích tệp quá {_count(allowed)} giây nên đã dừng — tệp bất thường hoặc "
                                      "quá phức tạp")
        message = receive.recv_bytes()
        if message[:1] != b"M":
            return message
        allowed += float(message[1:].decode("ascii"))


def extend_bound(seconds: float) -> None:
    """Ask the bounding parent for `seconds` more (slow but legitimate work: OCR of a scanned PDF).
    Outside a bounded child this does nothing."""
    if _CHILD_PIPE is not None:
        _CHILD_PIPE.send_bytes(b"M" + f"{seconds:.1f}".encode("ascii"))


def _read_in_child(suffix: str, data: bytes, path: str) -> str:
    from plan_qa.ingest.readers import reader_for

    return _checked_read(reader_for(suffix), data, Path(path))


def _child_run(send: object, settings: dict[str, str], work: Callable[..., str], args: tuple) -> None:
    """In the child: take the caller's PLAN_QA_* limits, run, send b"T"+text or b"E"+reason."""
    for key in [key for key in os.environ if key.startswith("PLAN_QA_")]:
        del os.environ[key]  # the fork server's environment dates from its start
    os.environ.update(settings)
    os.environ["PLAN_QA_PARSE_SECONDS"] = "0"  # this child is the bound: no grandchild
    global _CHILD_PIPE
    _CHILD_PIPE = send
    try:
        text = work(*args)
        send.send_bytes(b"T" + text.encode("utf-8"))
    except DocumentError as error:
        send.send_bytes(b"E" + error.reason.encode("utf-8"))
    except MemoryError:
        send.send_bytes("Ekhông đủ bộ nhớ để đọc tệp".encode("utf-8"))
    except Exception as error:  # a reader defect: a reason, not a traceback
        send.send_bytes(f"Etrình đọc hoặc phân tích gặp lỗi nội bộ ({type(error).__name__})".encode("utf-8"))
    finally:
        send.close()
