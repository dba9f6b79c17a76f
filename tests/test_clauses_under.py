"""The index's clauses-under-a-clause table answers what a scan of every document answered."""

from __future__ import annotations

from pathlib import Path

from plan_qa.corpus import parse
from plan_qa.index.documents import clauses_under, documents_for

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


def test_clauses_under_match_a_scan_of_every_document() -> None:
    plans = [parse(path) for path in sorted(CORPUS.glob("*.txt"))]
    ids = [doc.id for doc in documents_for(plans)]
    under = clauses_under(ids)
    asked = {clause.id for plan in plans for clause in plan.clauses} | {row.clause_id for plan in plans for row in plan.tasks}
    for clause_id in asked:
        assert under.get(clause_id, []) == [i for i, doc_id in enumerate(ids) if doc_id.startswith(f"{clause_id}.")], clause_id
    for plan in plans:
        assert under[plan.plan_id] == [i for i, doc_id in enumerate(ids) if doc_id.startswith(f"{plan.plan_id}:")]
    # headings whose duty lies in their items are not indexed themselves but have clauses under them
    assert any(under.get(clause_id) and clause_id not in ids for clause_id in asked)
