"""Numbered citations: each cited clause gets one [n], reused when cited again."""

from __future__ import annotations

from typing import TYPE_CHECKING

from plan_qa.answering.model import Citation
from plan_qa.index.documents import IndexDocument
from plan_qa.parsing import Plan

if TYPE_CHECKING:
    from plan_qa.index.store import PlanIndex


def plan_label(plan: Plan) -> str:
    """How an answer names a plan: by number when it has one, else by its title."""
    meta = plan.metadata
    if meta.number:
        return f"Kế hoạch số {meta.number} ({meta.province})"
    title = meta.title[:1].lower() + meta.title[1:] if meta.title else plan.plan_id
    return f"Kế hoạch {title} ({meta.province})"


class CitationList:
    """Collects citations in the order they are first referenced."""

    def __init__(self, index: PlanIndex) -> None:
        self._index = index
        self.citations: list[Citation] = []

    def ref(self, clause_id: str, score: float = 0.0) -> str:
        """The marker "[n]" for a clause, adding it on first use.

        A clause that is not indexed on its own (a heading such as "2. Sở Tài chính" whose duty lies in its
        items, or a signature read from the decision's header) is cited by the indexed clause that carries it."""
        doc = self._indexed(clause_id)
        for citation in self.citations:
            if citation.clause_id == doc.id:
                return f"[{citation.ref}]"
        number = len(self.citations) + 1
        self.citations.append(
            Citation(number, doc.id, doc.plan_id, doc.plan_title, doc.province, doc.locator, doc.text, round(score, 4))
        )
        return f"[{number}]"

    def _indexed(self, clause_id: str) -> IndexDocument:
        """The document for `clause_id`: itself, else its first indexed item, else the plan's front matter."""
        found = self._index.document(clause_id)
        if found is not None:
            return found
        under = self._index.documents_under(clause_id) or self._index.documents_under(clause_id.split(":", 1)[0])
        return under[0]


def as_related(documents: list[IndexDocument], scores: list[float]) -> list[Citation]:
    """Nearest clauses shown as "có thể liên quan" beside a refusal."""
    return [
        Citation(i + 1, d.id, d.plan_id, d.plan_title, d.province, d.locator, d.text, round(s, 4))
        for i, (d, s) in enumerate(zip(documents, scores))
    ]
