"""Bring a user's plan file into the corpus: check, preview, then add, replace or remove — or refuse cleanly.

A file is read and parsed *before* anything is written. A plan is identified by
its content (an exact or text-identical copy is refused) and by its number +
province (+ year): a file carrying the number of a plan already in the corpus
is held for review — it replaces that plan only when the user says so. Files
are written by temp file + rename; a replaced or removed plan is moved to a
folder of removed plans, never deleted, so a failed re-index can restore it.
"""

from __future__ import annotations

import hashlib
import os
import re
import shutil
import tempfile
import unicodedata
import uuid
from dataclasses import dataclass, field
from pathlib import Path

from plan_qa.atomic import write_atomically
from plan_qa.corpus import parse, plan_files
from plan_qa.hashing import file_sha256
from plan_qa.ingest import DocumentError
from plan_qa.ingest.limits import upload_type_problem
from plan_qa.oserrors import os_reason
from plan_qa.parsing import Plan, plan_id_for
from plan_qa.text.vietnamese import fold_diacritics

DEFAULT_MAX_BYTES = 20_000_000


class UploadError(ValueError):
    """The upload cannot be added (message in Vietnamese)."""


@dataclass
class UploadPreview:
    """What the parser found in an uploaded file, and which plan in the corpus it would replace."""

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
    sha256: str = ""
    replaces: str | None = None  # plan id of the plan with the same number + province, held for review


def sanitise_file_name(name: str) -> str:
    """A safe, readable file name: no folders, no control or shell characters, ASCII, never README."""
    base = Path(name.replace("\\", "/")).name
    stem, suffix = os.path.splitext(base)
    folded = unicodedata.normalize("NFKD", stem.replace("đ", "d").replace("Đ", "D"))
    ascii_stem = folded.encode("ascii", "ignore").decode("ascii")
    ascii_stem = re.sub(r"[^A-Za-z0-9._-]+", "-", ascii_stem).strip("-._")[:80] or "ke-hoach"
    if ascii_stem.upper() == "README":  # the corpus listing treats README files as the folder's notes
        ascii_stem = f"ke-hoach-{ascii_stem.lower()}"
    return f"{ascii_stem}{suffix.lower()}"


def content_signature(plan: Plan) -> str:
    """Hash of a plan's clause texts: two files with the same text give the same signature."""
    text = "\n".join(" ".join(clause.text.split()) for clause in plan.clauses)
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


def _year(plan: Plan) -> str | None:
    meta = plan.metadata
    return meta.issue_year or (meta.issue_date or "").rpartition("/")[2] or None


def same_plan_number(a: Plan, b: Plan) -> bool:
    """Same document number and province (and the same year when both say it)."""
    if not (a.metadata.number and b.metadata.number and a.metadata.province and b.metadata.province):
        return False
    key = lambda text: re.sub(r"\s+", "", fold_diacritics(text).upper())  # noqa: E731
    if key(a.metadata.number) != key(b.metadata.number) or key(a.metadata.province) != key(b.metadata.province):
        return False
    years = _year(a), _year(b)
    return None in years or years[0] == years[1]


def _check_type_and_size(name: str, size: int, max_bytes: int) -> None:
    if problem := upload_type_problem(name):
        raise UploadError(problem)
    if size > max_bytes:
        raise UploadError(f'Tệp "{name}" quá lớn ({size / 1e6:.1f} MB; giới hạn {max_bytes / 1e6:.0f} MB).')


def _parse_staged(path: Path, name: str) -> Plan:
    staged = Path(tempfile.mkdtemp(prefix="plan-qa-upload-")) / name
    try:
        shutil.copyfile(path, staged)
        return parse(staged)
    except (DocumentError, ValueError) as error:
        raise UploadError(str(error).replace(str(staged), name)) from error
    except OSError as error:
        raise UploadError(f'Không đọc được tệp "{name}" ({os_reason(error)}).') from error
    finally:
        shutil.rmtree(staged.parent, ignore_errors=True)


def preview_upload(path: str | Path, corpus_dir: Path, original_name: str | None = None,
                   max_bytes: int = DEFAULT_MAX_BYTES, existing: list[Plan] | None = None
                   ) -> tuple[UploadPreview, Plan]:
    """Read and parse an uploaded file without writing anything; refuse copies, flag replacements.

    `existing` are the plans already served (default: the corpus folder parsed now).
    """
    path = Path(path)
    name = sanitise_file_name(original_name or path.name)
    try:
        size, digest = path.stat().st_size, file_sha256(path)
    except OSError as error:
        raise UploadError(f'Không đọc được tệp "{name}" ({os_reason(error)}).') from error
    _check_type_and_size(name, size, max_bytes)
    for other in plan_files(corpus_dir):
        if file_sha256(other) == digest:
            raise UploadError(f'Tệp này trùng hoàn toàn với tệp "{other.name}" đã có trong kho.')
    plan = _parse_staged(path, name)
    existing = existing if existing is not None else _corpus_plans(corpus_dir)
    signature = content_signature(plan)
    for other in existing:
        if content_signature(other) == signature:
            raise UploadError(f'Nội dung tệp trùng với kế hoạch "{other.plan_id}" ({other.metadata.source}) '
                              "đã có trong kho.")
    replaces = next((other for other in existing if same_plan_number(plan, other)), None)
    if replaces:  # the replacement keeps the plan's id: stored under the old file's name
        name = Path(replaces.metadata.source).stem + Path(name).suffix
    elif plan.plan_id in {plan_id_for(p) for p in plan_files(corpus_dir)}:
        raise UploadError(f'Kho đã có kế hoạch mã "{plan.plan_id}". Đổi tên tệp rồi tải lại.')
    meta = plan.metadata
    preview = UploadPreview(name, replaces.plan_id if replaces else plan.plan_id, meta.title, meta.province, meta.number, meta.issue_date,
                            len(plan.clauses), len(plan.tasks), len(plan.duties), list(plan.unplaced),
                            digest, replaces.plan_id if replaces else None)
    return preview, plan


def _corpus_plans(corpus_dir: Path) -> list[Plan]:
    from plan_qa.corpus import load_corpus_report

    return load_corpus_report(corpus_dir).plans


def _write_into(corpus_dir: Path, source: Path, name: str) -> Path:
    target = corpus_dir / name
    try:
        return write_atomically(target, Path(source), replace=False)
    except FileExistsError as error:  # also when another process added the name between check and write
        raise UploadError(f'Kho đã có tệp "{name}".') from error
    except OSError as error:
        raise UploadError(f'Không ghi được tệp "{name}" vào kho ({os_reason(error)}).') from error


@dataclass
class CorpusChange:
    """What an add / replace / remove did to the corpus folder, so it can be undone."""

    added: Path | None = None
    removed: Path | None = None  # where the removed file now lies (folder of removed plans)
    restore_to: Path | None = None

    def undo(self) -> None:
        """Put the corpus folder back as it was."""
        if self.added:
            self.added.unlink(missing_ok=True)
        if self.removed and self.restore_to:
            shutil.move(self.removed, self.restore_to)


def add_to_corpus(path: str | Path, corpus_dir: Path, original_name: str | None = None,
                  max_bytes: int = DEFAULT_MAX_BYTES, existing: list[Plan] | None = None,
                  replace_into: Path | None = None) -> tuple[UploadPreview, CorpusChange]:
    """Check, then copy the file into the corpus (temp file + atomic rename).

    A file with the number of a plan in the corpus is refused unless `replace_into` (the folder of
    removed plans) is given: then the old file is moved there and the new one takes its place.
    """
    preview, _ = preview_upload(path, corpus_dir, original_name, max_bytes, existing)
    change = CorpusChange()
    if preview.replaces:
        if replace_into is None:
            raise UploadError(f'Tệp mang cùng số hiệu với kế hoạch "{preview.replaces}" đã có trong kho: cần '
                              "xem đối chiếu và xác nhận thay thế.")
        old = next(p for p in plan_files(corpus_dir) if plan_id_for(p) == preview.replaces)
        change = remove_from_corpus(old, replace_into)  # frees the name the replacement takes
    try:
        change.added = _write_into(corpus_dir, Path(path), preview.file_name)
    except UploadError:
        change.undo()
        raise
    return preview, change


def remove_from_corpus(file: Path, removed_dir: Path) -> CorpusChange:
    """Move a plan file out of the corpus into `removed_dir` (kept, restorable)."""
    folder = removed_dir / uuid.uuid4().hex[:12]
    try:
        folder.mkdir(parents=True, exist_ok=True)
        target = folder / file.name
        shutil.move(file, target)
    except OSError as error:
        raise UploadError(f'Không gỡ được tệp "{file.name}" khỏi kho ({os_reason(error)}).') from error
    return CorpusChange(removed=target, restore_to=file)
