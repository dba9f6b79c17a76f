"""Word 97–2003 (.doc), RTF and OpenDocument (.odt) files → .docx bytes, by LibreOffice.

Provincial archives hold many plans in the old binary Word format. LibreOffice (Debian:
libreoffice-writer-nogui) converts them to .docx with their tables, merged cells and list numbering,
and the .docx reader does the rest, so every Word-like file is read by one reader. Each conversion
uses its own temporary LibreOffice profile, so conversions in parallel processes never share a lock.
Without LibreOffice such a file is skipped with the command that installs it.
"""

from __future__ import annotations

import shutil
import subprocess
import tempfile
from pathlib import Path

from plan_qa.ingest.errors import DocumentError

CONVERTED_SUFFIXES = (".doc", ".rtf", ".odt")
CONVERT_SECONDS = 90.0
INSTALL_HINT = "cài LibreOffice (bash scripts/install_readers.sh: libreoffice-writer-nogui) hoặc lưu lại tệp dạng .docx"
_NAMES = {".doc": "Word 97–2003 (.doc)", ".rtf": "RTF", ".odt": "OpenDocument (.odt)"}


def office_program() -> str | None:
    """The LibreOffice command, when installed."""
    return shutil.which("soffice") or shutil.which("libreoffice")


def to_docx(data: bytes, path: Path, suffix: str) -> bytes:
    """The file's content converted to .docx; DocumentError (Vietnamese) when it cannot be."""
    kind = _NAMES.get(suffix, suffix)
    program = office_program()
    if program is None:
        raise DocumentError(path, f"tệp {kind} cần LibreOffice để đọc — {INSTALL_HINT}")
    with tempfile.TemporaryDirectory(prefix="plan-qa-office-") as work:
        folder = Path(work)
        source = folder / f"plan{suffix}"
        source.write_bytes(data)
        command = [program, "--headless", "--norestore", "--nologo", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                   "--convert-to", "docx:MS Word 2007 XML", "--outdir", str(folder / "out"), str(source)]
        try:
            subprocess.run(command, capture_output=True, timeout=CONVERT_SECONDS, check=False)
        except subprocess.TimeoutExpired as exc:
            raise DocumentError(path, f"chuyển tệp {kind} sang .docx quá {CONVERT_SECONDS:.0f} giây nên đã dừng") from exc
        except OSError as exc:
            raise DocumentError(path, f"không chạy được LibreOffice để đọc tệp {kind} ({exc.strerror or exc})") from exc
        converted = folder / "out" / "plan.docx"
        if not converted.is_file() or converted.stat().st_size == 0:
            raise DocumentError(path, f"LibreOffice không chuyển được tệp {kind} (tệp hỏng hoặc không đúng định dạng)")
        return converted.read_bytes()
