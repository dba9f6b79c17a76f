"""Who leads, who coordinates, by when: answered from appendix rows and duties.

Candidates are the task rows and duty clauses among the retrieved clauses. A
candidate matches the question when the question's subject words are in its
task text (coverage) or the embedding says it is close (dense score). The best
match decides; the best match of each other plan joins the answer when its
task is the same task (word overlap with the best), so "both plans say so"
answers cite both rows.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plan_qa.parsing import Duty, TaskRow
from plan_qa.parsing.timelines import timeline_in_text
from plan_qa.retrieval import RetrievedClause
from plan_qa.text.vietnamese import fold_diacritics

ROW_BONUS = 0.02
SAME_TASK_OVERLAP = 0.5


@dataclass
class TaskCandidate:
    """A retrieved row or duty, with what it says about lead, coordinators, timeline."""

    hit: RetrievedClause
    plan_id: str
    task: str
    lead: list[str]
    coordinators: list[str]
    timeline: str | None
    row: TaskRow | None
    duty: Duty | None
    coverage: float = 0.0

    @property
    def dense(self) -> float:
        return self.hit.dense_score or 0.0

    @property
    def agencies(self) -> list[str]:
        return self.lead + self.coordinators

    def score_for(self, intent: str, agencies: list[str] | None = None) -> float:
        """Match strength; rows (and stated timelines) weigh more for the questions they answer,
        and so does naming the agency the question names."""
        bonus = ROW_BONUS if self.row else 0.0
        if agencies and any(a in self.agencies for a in agencies):
            bonus += 0.1
        if intent in ("timeline", "coordinators") and self.row:
            bonus += 0.08
        if intent == "timeline" and not self.timeline:
            bonus -= 0.1
        return self.dense + 0.6 * self.coverage + bonus


def words(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold_diacritics(text).lower()))


def coverage(subject: set[str], text: str) -> float:
    """Share of the question's subject words found in the text."""
    return len(subject & words(text)) / len(subject) if subject else 0.0


def overlap(a: str, b: str) -> float:
    """Jaccard overlap of two texts' folded words."""
    wa, wb = words(a), words(b)
    return len(wa & wb) / len(wa | wb) if wa | wb else 0.0


def candidates_from(hits: list[RetrievedClause], rows: dict[str, TaskRow], duties: dict[str, Duty],
                    subject: set[str], intent: str, agencies: list[str] | None = None) -> list[TaskCandidate]:
    """Rows and duties among the hits, scored against the question's subject words."""
    found: dict[str, TaskCandidate] = {}
    for hit in hits:
        doc = hit.document
        if doc.id in found:
            continue
        if doc.id in rows:
            row = rows[doc.id]
            candidate = TaskCandidate(hit, doc.plan_id, row.task, row.lead, row.coordinators, row.timeline, row, None)
            candidate.coverage = coverage(subject, row.task)
        elif doc.id in duties:
            duty = duties[doc.id]
            if duty.role == "phối hợp":  # the agency works with others; the text names no lead
                lead, others = [], [duty.agency, *duty.other_agencies]
            else:
                lead, others = [duty.agency], list(duty.other_agencies)
            candidate = TaskCandidate(hit, doc.plan_id, duty.text, lead, others, timeline_in_text(duty.text), None, duty)
            candidate.coverage = coverage(subject, duty.text)
        else:
            continue
        found[doc.id] = candidate
    return sorted(found.values(), key=lambda c: -c.score_for(intent, agencies))


def matching_set(candidates: list[TaskCandidate], single_plan: bool, intent: str) -> list[TaskCandidate]:
    """The best candidate plus the same task in each other plan (best per plan)."""
    if not candidates:
        return []
    best = candidates[0]
    chosen = [best]
    if single_plan:
        return chosen
    for candidate in candidates[1:]:
        if candidate.plan_id in {c.plan_id for c in chosen}:
            continue
        if (bool(candidate.row) == bool(best.row) and overlap(candidate.task, best.task) >= SAME_TASK_OVERLAP
                and candidate.score_for(intent) >= best.score_for(intent) - 0.15):
            chosen.append(candidate)
    return chosen
