"""Agency workload: every task and duty of one agency across the plans.

The agency may be typed any way the normaliser knows ("SCT", "Sở NN&MT",
"so cong thuong"). Appendix rows give the role from their columns (chủ trì /
phối hợp). A duty gives its own agency the duty's role; an agency a duty only
names ("phối hợp với Sở Công Thương", "báo cáo Bộ Công Thương") is listed as
"được nêu tên". Collective assignments ("Các sở, ban, ngành") are not expanded.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from typing import Any

from plan_qa.agencies import find_agencies, normalize_agency, parse_agency_list
from plan_qa.comparison.similar import province_key
from plan_qa.comparison.tasks import TaskItem, plan_items
from plan_qa.labels import vietnamese_key
from plan_qa.parsing import Plan

MENTIONED = "được nêu tên"


@dataclass(frozen=True)
class Assignment:
    """One task of the agency and the agency's role in it."""

    item: TaskItem
    role: str  # "chủ trì" | "phối hợp" | "thực hiện" | "tham mưu" | MENTIONED

    def to_dict(self) -> dict[str, Any]:
        return {"role": self.role} | self.item.to_dict()


@dataclass(frozen=True)
class Workload:
    """Everything one agency leads, coordinates or is named in, by province and plan."""

    agency: str
    query: str
    assignments: tuple[Assignment, ...]

    def to_dict(self) -> dict[str, Any]:
        return {"agency": self.agency, "query": self.query, "assignments": [a.to_dict() for a in self.assignments]}


def resolve_agency(name: str) -> str:
    """Canonical agency name for any known variant; ValueError (in Vietnamese) otherwise."""
    canonical = normalize_agency(name) or next(iter(find_agencies(name)), None)
    if canonical is None:
        raise ValueError(f'Không nhận ra cơ quan "{name}". Ví dụ: "Sở Công Thương", "SCT", "Sở NN&MT".')
    return canonical


def role_of(item: TaskItem, agency: str) -> str | None:
    """The agency's role in a task, or None when the task does not involve it."""
    if item.kind == "duty" and item.agency is not None and agency in parse_agency_list(item.agency):
        return item.role
    if item.kind == "row" and agency in item.lead:
        return "chủ trì"
    if agency in item.coordinators:
        return "phối hợp" if item.kind == "row" else MENTIONED
    return None


def agency_workload(plans: Sequence[Plan], agency: str, provinces: Sequence[str] | None = None) -> Workload:
    """Rows and duties involving an agency, ordered by province, plan, rows before duties."""
    canonical = resolve_agency(agency)
    wanted = {province_key(p) for p in provinces or []}
    chosen = [p for p in plans if not wanted or province_key(p.metadata.province) in wanted]
    assignments = [
        Assignment(item, role)
        for plan in sorted(chosen, key=lambda p: (province_key(p.metadata.province), p.plan_id))
        for item in plan_items(plan)
        if (role := role_of(item, canonical)) is not None
    ]
    return Workload(canonical, agency, tuple(assignments))


@dataclass(frozen=True)
class ProvinceLoad:
    """How many tasks one agency of one province leads, coordinates, … (same-named bodies of two
    provinces are two different bodies, so they are never added together)."""

    province: str | None
    agency: str
    roles: dict[str, int]

    @property
    def total(self) -> int:
        return sum(self.roles.values())


def workload_by_province(plans: Sequence[Plan]) -> list[ProvinceLoad]:
    """Every agency's task count per role, province by province (Vietnamese order), busiest first."""
    counts: dict[tuple[str | None, str], Counter[str]] = {}
    for plan in plans:
        for item in plan_items(plan):
            names = {*item.lead, *item.coordinators, *parse_agency_list(item.agency or "")}
            for agency in names:
                role = role_of(item, agency)
                if role is not None:
                    counts.setdefault((plan.metadata.province, agency), Counter())[role] += 1
    loads = [ProvinceLoad(province, agency, dict(roles)) for (province, agency), roles in counts.items()]
    return sorted(loads, key=lambda load: (vietnamese_key(load.province or ""), -load.total,
                                           vietnamese_key(load.agency)))
