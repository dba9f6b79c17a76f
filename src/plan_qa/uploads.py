"""Bring a user's plan file into the corpus: check, preview, then add — or refuse cleanly.

A file is read and parsed *before* anything is written. Only a file that
parses into a plan is copied, under a sanitised name, by write-to-temp and
rename; the index is then rebuilt atomically by the index stage. A bad file
therefore never touches the corpus folder or the index.
"""

from __future__ import annotations

import os
import re
import shutil
import tempfile
import unicodedata
from dataclasses import dataclass, field
from pathlib import Path

from plan_qa.corpus import parse, plan_files
from plan_qa.ingest import SUPPORTED_EXTENSIONS, DocumentError
from plan_qa.parsing import Plan, plan_id_for

DEFAULT_MAX_BYTES = 20_000_000


class UploadError(ValueError):
    """The upload cannot be added (message in Vietnamese)."""


@dataclass
class UploadPreview:
    """What the parser found in an uploaded file."""

    file_name: str  # the sanitised name it will be stored under
    plan_id: str
    title: str
    province: str | None
    number: str | None
    issue_date: str | None
    clauses: int
    tasks: int
    duties: int
    unplaced: list[str] = field(default_factory=list)


def sanitise_file_name(name: str) -> str:
    """A safe, readable file name: no folders, no control or shell characters, ASCII."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = os.path.splitext(base)
    folded = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    ascii_stem = folded.encode("ascii", "ignore").decode("ascii")
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip("-._")[:80] or "ke-hoach"
    return f"{ascii_stem}{suffix.lower()}"


def _check_type_and_size(name: str, size: int, max_bytes: int) -> None:
    if Path(name).suffix.lower() not in SUPPORTED_EXTENSIONS:
        raise UploadError(f'Tệp "{name}" có định dạng không hỗ trợ. Hỗ trợ: {", ".join(SUPPORTED_EXTENSIONS)}.')
    if size > max_bytes:
        raise UploadError(f'Tệp "{name}" quá lớn ({size / 1e6:.1f} MB; giới hạn {max_bytes / 1e6:.0f} MB).')


def preview_upload(path: str | Path, corpus_dir: Path, original_name: str | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES) -> tuple[UploadPreview, Plan]:
    """Read and parse an uploaded file without writing anything."""
    path = Path(path)
    name = sanitise_file_name(original_name or path.name)
    _check_type_and_size(name, path.stat().st_size, max_bytes)
    staged = Path(tempfile.mkdtemp(prefix="plan-qa-upload-")) / name
    try:
        shutil.copyfile(path, staged)
        plan = parse(staged)
    except (DocumentError, ValueError) as error:
        raise UploadError(str(error).replace(str(staged), name)) from error
    finally:
        shutil.rmtree(staged.parent, ignore_errors=True)
    if any(plan_id_for(existing) == plan.plan_id for existing in plan_files(corpus_dir)):
        raise UploadError(f'Kho đã có kế hoạch mã "{plan.plan_id}". Đổi tên tệp rồi tải lại.')
    meta = plan.metadata
    preview = UploadPreview(name, plan.plan_id, meta.title, meta.province, meta.number, meta.issue_date,
                            len(plan.clauses), len(plan.tasks), len(plan.duties), list(plan.unplaced))
    return preview, plan


def add_to_corpus(path: str | Path, corpus_dir: Path, original_name: str | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES) -> UploadPreview:
    """Check, then copy the file into the corpus (temp file + atomic rename)."""
    preview, _ = preview_upload(path, corpus_dir, original_name, max_bytes)
    target = corpus_dir / preview.file_name
    if target.exists():
        raise UploadError(f'Kho đã có tệp "{preview.file_name}".')
    fd, temporary = tempfile.mkstemp(dir=corpus_dir, prefix=".upload-", suffix=target.suffix)
    os.close(fd)
    try:
        shutil.copyfile(path, temporary)
        os.replace(temporary, target)
    except OSError as error:
        Path(temporary).unlink(missing_ok=True)
        raise UploadError(f'Không ghi được tệp "{preview.file_name}" vào kho: {error}') from error
    return preview
