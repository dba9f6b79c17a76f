"""Files → parsed plans: one file with `parse`, a folder with `load_corpus`."""

from __future__ import annotations

import os
from pathlib import Path

from plan_qa.ingest import SUPPORTED_EXTENSIONS, DocumentError, read_document
from plan_qa.parsing import Plan, parse_text, plan_id_for

PROJECT_ROOT = Path(__file__).resolve().parents[2]
DEFAULT_CORPUS = PROJECT_ROOT / "corpus"


def default_corpus_dir() -> Path:
    """The bundled corpus, or $PLAN_QA_CORPUS when set."""
    return Path(os.environ.get("PLAN_QA_CORPUS", DEFAULT_CORPUS))


class PlanParseError(ValueError):
    """A file was read but holds no recognisable plan."""


def parse(path: str | Path) -> Plan:
    """Read and parse one plan file (.txt, .md, .docx, .pdf, .html)."""
    path = Path(path)
    plan = parse_text(read_document(path), plan_id_for(path), path.name)
    if not any(c.kind not in ("front", "title", "preamble") for c in plan.clauses):
        raise PlanParseError(
            f'Tệp "{path.name}" không có cấu trúc kế hoạch (không tìm thấy mục I., II., …).'
        )
    return plan


def plan_files(folder: str | Path) -> list[Path]:
    """Supported files in a folder, sorted by name (README files excluded)."""
    folder = Path(folder)
    return sorted(
        p for p in folder.iterdir()
        if p.is_file() and p.suffix.lower() in SUPPORTED_EXTENSIONS and p.stem.upper() != "README"
    )


def load_corpus(folder: str | Path | None = None) -> list[Plan]:
    """Parse every plan file in a folder (default: the bundled corpus)."""
    plans = [parse(path) for path in plan_files(folder or default_corpus_dir())]
    ids = [plan.plan_id for plan in plans]
    duplicates = {i for i in ids if ids.count(i) > 1}
    if duplicates:
        raise PlanParseError(f"Trùng mã kế hoạch trong kho: {', '.join(sorted(duplicates))}")
    return plans


__all__ = ["DocumentError", "PlanParseError", "default_corpus_dir", "load_corpus", "parse", "plan_files"]
