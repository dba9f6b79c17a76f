"""Say what a plan leaves out: "… có nêu việc X nhưng không ghi thời hạn cho việc này".

An unanswerable question is usually a near miss: the plan speaks of the subject but gives no deadline,
lead, figure of the asked year or budget for it. When the question is refused, the candidate the
question is about — of the top candidates by support, the one covering most of the subject — is read:
if the part of it that would state the asked field states nothing (or no figure of the asked year),
and the evidence model would take it as support were the field there (its probability with the field
set present reaches the model's threshold: the subject matches well enough, as learned, not by a hand
cut), the refusal names that candidate and what it does not give.
"""

from __future__ import annotations

import numpy as np

from plan_qa.answering.answerability import FIELD_TOP, WordWeights, _single_years, field_part, matched_candidate
from plan_qa.answering.compose import snippet
from plan_qa.answering.statements import WHO_INTENTS, stated
from plan_qa.answering.support import FEATURES, SupportModel
from plan_qa.parsing import Duty, TaskRow
from plan_qa.retrieval import RetrievedClause

FIELD_NAMES = {"timeline": "thời hạn", "lead": "cơ quan chủ trì", "coordinators": "đơn vị phối hợp",
               "target": "số liệu", "budget": "kinh phí", "legal_basis": "căn cứ pháp lý"}
_HAS_FIELD = FEATURES.index("has_field")


def unstated_field(intent: str, subject: set[str], years: set[int], hits: list[RetrievedClause],
                   features: np.ndarray, support: SupportModel, rows: dict[str, TaskRow],
                   duties: dict[str, Duty], weights: WordWeights) -> RetrievedClause | None:
    """The candidate the question is about when it lacks the asked field (or the asked year), else None."""
    if intent not in FIELD_NAMES or not hits or not subject:
        return None
    probabilities = support.probabilities(features)
    top = [int(i) for i in np.argsort(-probabilities)[:FIELD_TOP]]
    chosen = top[matched_candidate(subject, [hits[i].document.text for i in top], weights)]
    stated = field_part(intent, hits[chosen], rows, duties)
    if stated and not (years and intent == "target" and not years & _single_years(stated)):
        return None
    row = rows.get(hits[chosen].document.id)
    # a row's own cells hold its bodies: only a body run into its task cell means the parse lost the lead
    text = row.task if row is not None and intent in WHO_INTENTS else hits[chosen].document.text
    if said_anyway(intent, text, years):
        return None
    as_if = features[chosen].copy()
    as_if[_HAS_FIELD] = 1.0
    return hits[chosen] if support.probabilities(as_if[None, :])[0] >= support.threshold else None


def said_anyway(intent: str, text: str, years: set[int]) -> bool:
    """Whether the candidate's text states the field after all, surely or maybe (`statements.stated`, the test
    the evidence features use), where the parse did not place it (a deadline left in a row's lead cell, a
    duration "trong 24-48 giờ", the asked year's figure in another sentence, a body run into a row's task
    cell): then "không ghi …" would be false, and the refusal says no more than that nothing answers."""
    if intent == "target" and years and not years & _single_years(text):
        return False
    return intent in FIELD_NAMES and stated(intent, text) > 0


def unstated_line(intent: str, hit: RetrievedClause, years: set[int], subject: set[str], where: str) -> str:
    """The refusal naming what the candidate (cited as [1] among the clauses listed under it) leaves out."""
    field = FIELD_NAMES[intent]
    if years and intent == "target":
        field += " năm " + ", ".join(str(y) for y in sorted(years))
    return (f"{where} có nêu “{snippet(hit.document.text, subject, 200)}” [1] nhưng không ghi {field} "
            "cho nội dung này.")


__all__ = ["FIELD_NAMES", "said_anyway", "unstated_field", "unstated_line"]
