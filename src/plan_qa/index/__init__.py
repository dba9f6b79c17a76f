"""Index stage: parsed plans → FAISS + BM25 index on disk (atomic, verified, pickle-free)."""

from plan_qa.index.documents import IndexDocument, documents_for, task_sentence
from plan_qa.index.lock import IndexError_
from plan_qa.index.store import (
    BuildReport,
    PlanIndex,
    build_index,
    ensure_index,
    load_index,
    stale_reasons,
)

__all__ = [
    "BuildReport", "IndexDocument", "IndexError_", "PlanIndex", "build_index",
    "documents_for", "ensure_index", "load_index", "stale_reasons", "task_sentence",
]
