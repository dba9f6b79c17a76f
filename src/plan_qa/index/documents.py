"""Parsed plans → the documents the index embeds and searches.

Each non-heading clause is one document. A clause is embedded with its nearest
headings ("1. Sở Công Thương" makes a duty bullet mean something on its own);
a task row is embedded as a self-contained sentence naming the task, lead,
coordinators, timeline and plan. The clause text itself is kept verbatim for
citations.
"""

from __future__ import annotations

import hashlib
from dataclasses import asdict, dataclass

from plan_qa.parsing import Clause, Plan, TaskRow

SKIPPED_KINDS = frozenset({"recipients"})
DOCUMENTS_VERSION = 2
"""Bumped whenever what is indexed per clause changes, so older indexes are rebuilt."""


@dataclass(frozen=True)
class IndexDocument:
    """One searchable clause with the metadata filters and citations need."""

    id: str
    plan_id: str
    plan_title: str
    province: str | None
    kind: str
    locator: str
    text: str  # verbatim clause text, for citations
    search_text: str  # what is embedded and BM25-indexed

    @property
    def text_hash(self) -> str:
        """Key of the embedding cache: a changed search text is re-embedded."""
        return hashlib.sha256(self.search_text.encode("utf-8")).hexdigest()[:32]

    def to_dict(self) -> dict[str, object]:
        return asdict(self)


# What each front-matter clause is, said in the words people ask with ("ai ký", "số hiệu").
ROLE_LABELS = {
    "front": "Số hiệu và ngày ban hành kế hoạch",
    "title": "Tên kế hoạch",
    "preamble": "Căn cứ pháp lý, cơ quan ban hành kế hoạch",
    "signature": "Người ký kế hoạch, chức vụ người ký",
    "appendix_heading": "Phụ lục danh mục nhiệm vụ, ban hành kèm theo kế hoạch số, ngày",
    "footnote": "Chú thích",
}


def task_sentence(row: TaskRow) -> str:
    """A task row as one self-contained Vietnamese sentence (task, lead, partners, timeline, province)."""
    parts = [row.task.rstrip(". ") + "."]
    if row.lead_text:
        parts.append(f"Đơn vị chủ trì: {row.lead_text}.")
    if row.coordinators_text:
        parts.append(f"Đơn vị phối hợp: {row.coordinators_text.rstrip('. ')}.")
    if row.timeline:
        parts.append(f"Thời gian thực hiện: {row.timeline}.")
    if row.province:
        parts.append(f"({row.province})")
    return " ".join(parts)


def _clause_search_text(clause: Clause, province: str | None) -> str:
    if clause.kind in ROLE_LABELS:
        return f"{ROLE_LABELS[clause.kind]} ({province or ''}): {clause.text}"
    context = " > ".join(clause.headings[-2:])
    return f"{context}: {clause.text}" if context else clause.text


def documents_for(plans: list[Plan]) -> list[IndexDocument]:
    """All searchable documents of the plans, in plan then outline order."""
    documents: list[IndexDocument] = []
    for plan in plans:
        meta = plan.metadata
        rows = {row.clause_id: row for row in plan.tasks}
        for clause in plan.clauses:
            if clause.is_heading or clause.kind in SKIPPED_KINDS:
                continue
            row = rows.get(clause.id)
            search_text = task_sentence(row) if row else _clause_search_text(clause, meta.province)
            documents.append(
                IndexDocument(
                    id=clause.id,
                    plan_id=plan.plan_id,
                    plan_title=meta.title,
                    province=meta.province,
                    kind=clause.kind,
                    locator=clause.locator,
                    text=clause.text,
                    search_text=search_text,
                )
            )
    return documents


def clauses_under(document_ids: list[str]) -> dict[str, list[int]]:
    """Clause id → positions (in document order) of the indexed clauses under it ("p:II.1" holds
    "p:II.1.a" and "p:II.1.a.-2"); a plan id → every indexed clause of the plan. Built once per index
    so citing a heading and finding the line of a block that states a field never scan all documents."""
    under: dict[str, list[int]] = {}
    for position, doc_id in enumerate(document_ids):
        plan_id, _, path = doc_id.partition(":")
        under.setdefault(plan_id, []).append(position)
        parts = path.split(".")
        for end in range(1, len(parts)):
            under.setdefault(f"{plan_id}:{'.'.join(parts[:end])}", []).append(position)
    return under
