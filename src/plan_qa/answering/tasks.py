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
from typing import TYPE_CHECKING

from plan_qa.agencies import parse_agency_list
from plan_qa.answering.partners import partners_for
from plan_qa.parsing import Duty, Plan, TaskRow
from plan_qa.parsing.timelines import timeline_in_text
from plan_qa.retrieval import RetrievedClause
from plan_qa.text.vietnamese import fold_diacritics

if TYPE_CHECKING:
    from plan_qa.index.store import PlanIndex

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
    partners: str | None = None  # a duty's partners as its sentence writes them ("phối hợp với …")
    cite: str | None = None  # the clause stating the asked field, when not the retrieved one

    @property
    def cited(self) -> str:
        return self.cite or self.hit.document.id

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
        if intent == "coordinators" and not self.coordinators:
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


def rows_by_document(plans: list[Plan], document_ids: list[str]) -> dict[str, TaskRow]:
    """Every task row by its clause id and by the id of each indexed clause inside it.

    An inline block ("4. Phối hợp kiểm tra …" with "- Cơ quan chủ trì: …", "- Cơ quan phối hợp: …",
    "- Thời gian thực hiện: …" under it) is indexed line by line: a retrieved line is its row.
    """
    rows = {row.clause_id: row for plan in plans for row in plan.tasks}
    for doc_id in document_ids:
        parent = doc_id
        while doc_id not in rows and "." in parent.split(":", 1)[-1]:
            parent = parent.rsplit(".", 1)[0]
            if parent in rows:
                rows[doc_id] = rows[parent]
    return rows


def field_clause(row: TaskRow, intent: str, index: PlanIndex) -> str | None:
    """The clause to cite for a row's asked field: the line of its block that states it, else the row."""
    value = {"lead": row.lead_text, "coordinators": row.coordinators_text, "timeline": row.timeline}.get(intent)
    if value and index.document(row.clause_id) is None:
        key = words(value)
        return next((doc.id for doc in index.documents_under(row.clause_id) if key <= words(doc.text)), None)
    return None


def candidates_from(hits: list[RetrievedClause], rows: dict[str, TaskRow], duties: dict[str, Duty],
                    subject: set[str], intent: str, agencies: list[str] | None = None,
                    index: PlanIndex | None = None) -> list[TaskCandidate]:
    """Rows and duties among the hits, scored against the question's subject words.

    `index` lets a row of an inline block cite the line stating the asked field."""
    found: dict[str, TaskCandidate] = {}
    for hit in hits:
        doc = hit.document
        key = rows[doc.id].clause_id if doc.id in rows else doc.id  # the lines of one block are one row
        if key in found:
            continue
        if doc.id in rows:
            row = rows[doc.id]
            candidate = TaskCandidate(hit, doc.plan_id, row.task, row.lead, row.coordinators, row.span, row, None)
            candidate.coverage = coverage(subject, row.task)
            candidate.cite = field_clause(row, intent, index) if index else None
        elif doc.id in duties:
            duty = duties[doc.id]
            candidate = duty_candidate(hit, duty, subject)
        else:
            continue
        found[key] = candidate
    return sorted(found.values(), key=lambda c: -c.score_for(intent, agencies))


def duty_candidate(hit: RetrievedClause, duty: Duty, subject: set[str]) -> TaskCandidate:
    """A duty as a candidate: its body leads (unless it only coordinates); its partners are the
    bodies its own sentence — or its heading — says it works with, not every body it mentions."""
    sentences = re.split(r"(?<=\.)\s+", duty.text)  # "; Cục Xuất nhập khẩu trong …" may go on a list
    partners = (partners_for(sentences, lambda sentence: coverage(subject, sentence))
                or partners_for([duty.agency_text], lambda sentence: 0.0))
    lead = [] if duty.role == "phối hợp" else [duty.agency]
    if partners:
        others = parse_agency_list(partners)
    else:  # a duty "Phối hợp tuyên truyền …" names no partner: the bodies it mentions are the likeliest
        others = [] if lead else [duty.agency, *duty.other_agencies]
    candidate = TaskCandidate(hit, hit.document.plan_id, duty.text, lead, others, duty_timeline(duty.text, subject),
                              None, duty, partners=partners)
    candidate.coverage = coverage(subject, duty.text)
    return candidate


_PART = re.compile(r"(?<=[.;])\s+")
# a date or quarter: a part naming two of them ("trước ngày 20 tháng 6 và trước ngày 20 tháng 11") has two deadlines
_DATE = re.compile(r"\bngày\s+\d{1,2}(?:\s+tháng\s+\d{1,2}|/\d{1,2})|\bquý\s+[IVX]+\b|\btháng\s+\d{1,2}/\d{4}",
                   re.IGNORECASE)


def duty_timeline(text: str, subject: set[str]) -> str | None:
    """When a duty says its work is due: the time frame of its part (sentence or ";" item) that states one and
    matches the question's subject best, not the first time frame of the whole duty ("…; báo cáo năm trước ngày
    15 tháng 12" answers a question about the report). A part with several deadlines is quoted from its first."""
    parts = [part for part in _PART.split(text) if timeline_in_text(part)]
    if not parts:
        return None
    part = max(parts, key=lambda p: (coverage(subject, p), -parts.index(p)))
    dates = list(_DATE.finditer(part))
    if len(dates) > 1:
        start = part.rfind(" ", 0, max(0, dates[0].start() - 1)) + 1  # the word before the date ("trước ngày …")
        return part[start:].strip().rstrip(".;")
    return timeline_in_text(part)


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
