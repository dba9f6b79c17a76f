"""One view of a task, whether it is an appendix row or a duty bullet.

Appendix rows (`TaskRow`) state lead, coordinators and timeline in columns.
Duties ("TỔ CHỨC THỰC HIỆN") assign a text to an agency; a duty's lead is its
agency when the role is chủ trì / thực hiện / tham mưu, its coordinators are the
other agencies it names (plus its own agency when the role is phối hợp), and its
timeline is whatever the text states ("hằng năm", "Quý II/2026"...), else None.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from plan_qa.parsing import Duty, Plan, TaskRow
from plan_qa.parsing.timelines import timeline_in_text

TaskKind = Literal["row", "duty"]
LEADING_ROLES = frozenset({"chủ trì", "thực hiện", "tham mưu"})



@dataclass(frozen=True)
class TaskItem:
    """A task of one plan: what is done, who leads, who coordinates, by when, and where it is written."""

    id: str  # the clause id, e.g. "000:PL.r4" or "002:IV.3.-1"
    kind: TaskKind
    plan_id: str
    plan_title: str
    province: str | None
    row: int | None  # TT of an appendix row; None for a duty
    locator: str  # "Phụ lục, dòng 4" or "V.1, gạch đầu dòng 2"
    task: str  # the task wording (row) or duty text
    lead: tuple[str, ...]
    coordinators: tuple[str, ...]
    timeline: str | None
    text: str  # the citation: the whole row or duty as the plan states it
    agency: str | None = None  # the duty's own agency (None for rows)
    role: str | None = None  # the duty's role (None for rows)

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["lead"] = list(self.lead)
        data["coordinators"] = list(self.coordinators)
        return data


def row_item(row: TaskRow, plan: Plan) -> TaskItem:
    """The `TaskItem` of an appendix row."""
    columns = [
        f"TT {row.row}: {row.task}",
        f"Chủ trì: {row.lead_text}",
        f"Phối hợp: {row.coordinators_text}" if row.coordinators_text else "",
        f"Thời gian: {row.timeline}" if row.timeline else "",
    ]
    return TaskItem(
        id=row.clause_id or f"{row.plan_id}:PL.r{row.row}",
        kind="row",
        plan_id=row.plan_id,
        plan_title=plan.metadata.title,
        province=row.province,
        row=row.row,
        locator=row.locator,
        task=row.task,
        lead=tuple(row.lead),
        coordinators=tuple(row.coordinators),
        timeline=row.timeline,
        text=" | ".join(part for part in columns if part),
    )


def duty_item(duty: Duty, plan: Plan) -> TaskItem:
    """The `TaskItem` of a duty bullet."""
    leads = duty.role in LEADING_ROLES
    coordinators = duty.other_agencies if leads else [duty.agency, *duty.other_agencies]
    return TaskItem(
        id=duty.clause_id,
        kind="duty",
        plan_id=duty.plan_id,
        plan_title=plan.metadata.title,
        province=duty.province,
        row=None,
        locator=duty.locator,
        task=duty.text,
        lead=(duty.agency,) if leads else (),
        coordinators=tuple(dict.fromkeys(coordinators)),
        timeline=timeline_in_text(duty.text),
        text=f"{duty.agency_text}: {duty.text}",
        agency=duty.agency,
        role=duty.role,
    )


def plan_items(plan: Plan) -> list[TaskItem]:
    """Appendix rows, then duties, of a plan."""
    return [row_item(row, plan) for row in plan.tasks] + [duty_item(duty, plan) for duty in plan.duties]
