"""Conflicts within a province: the same task in two of its plans with a different lead or timeline.

Every pair of plans of one province is aligned with `compare`; an aligned pair is reported
when both plans name a lead and the leads differ, or both state a timeline and the
timelines differ. A side that is silent (a duty with no time frame, a phối hợp duty with
no lead) is not reported. Coordinator differences are listed with a report but do not make
one on their own.

Each report has a kind:
- "mâu thuẫn" — a real contradiction: a different lead, or deadlines that cannot both hold
  (the years they name do not overlap and neither is recurring: "Năm 2026" against "Năm 2027");
- "khác kỳ kế hoạch" — the plans cover different periods and the timelines fit together: a
  one-year plan's "Quý II-IV/2026" against its five-year parent's "Hàng năm";
- "khác cách ghi thời gian" — same period, timelines written differently but overlapping.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from itertools import combinations
from typing import Any

from plan_qa.comparison.align import Pair, compare
from plan_qa.comparison.similar import TaskMatcher, province_key
from plan_qa.parsing import Plan
from plan_qa.parsing.timelines import normalize_timeline

CONTRADICTION = "mâu thuẫn"
OTHER_PERIOD = "khác kỳ kế hoạch"
OTHER_WORDING = "khác cách ghi thời gian"
KINDS = (CONTRADICTION, OTHER_PERIOD, OTHER_WORDING)  # most serious first
_RECURRING = re.compile(r"hàng năm|thường xuyên|định kỳ|hàng quý|hàng tháng")


@dataclass(frozen=True)
class Conflict:
    """An aligned pair from two plans of one province, the fields that differ and how serious that is."""

    province: str | None
    pair: Pair
    fields: tuple[str, ...]  # "lead" and/or "timeline"
    kind: str = CONTRADICTION

    def to_dict(self) -> dict[str, Any]:
        return {"province": self.province, "conflicting_fields": list(self.fields), "kind": self.kind} \
            | self.pair.to_dict()


def conflicting_fields(pair: Pair) -> tuple[str, ...]:
    """Lead and timeline differences where both sides state a value."""
    fields = []
    for difference in pair.differences:
        if difference.field == "lead" and pair.a.lead and pair.b.lead:
            fields.append("lead")
        elif difference.field == "timeline" and pair.a.timeline and pair.b.timeline:
            fields.append("timeline")
    return tuple(fields)


def years(text: str | None) -> set[int]:
    """Every year a timeline or period names, ranges filled in ("2026-2028" → 2026, 2027, 2028)."""
    found: set[int] = set()
    for start, end in re.findall(r"((?:19|20)\d\d)(?:\s*[-–]\s*((?:19|20)\d\d))?", text or ""):
        first, last = int(start), int(end or start)
        found.update(range(first, last + 1) if 0 <= last - first <= 50 else (first, last))
    return found


def timelines_can_both_hold(a: str, b: str, period_a: set[int], period_b: set[int]) -> bool:
    """Whether two timelines for one task fit together: recurring ones fit any year in their plan's period."""
    recurring_a, recurring_b = (bool(_RECURRING.search(normalize_timeline(t))) for t in (a, b))
    years_a = years(a) or (period_a if recurring_a else set())
    years_b = years(b) or (period_b if recurring_b else set())
    if not years_a or not years_b:
        return True  # nothing to compare by year ("Quý II" without a year): not provably contradictory
    return bool(years_a & years_b)


def conflict_kind(pair: Pair, fields: tuple[str, ...], plan_a: Plan, plan_b: Plan) -> str:
    """How serious a lead/timeline difference is (see the module docstring)."""
    if "lead" in fields:
        return CONTRADICTION
    period_a, period_b = (years(p.metadata.period) for p in (plan_a, plan_b))
    if not timelines_can_both_hold(pair.a.timeline or "", pair.b.timeline or "", period_a, period_b):
        return CONTRADICTION
    return OTHER_PERIOD if period_a != period_b else OTHER_WORDING


def conflicts(
    matcher: TaskMatcher, province: str | None = None, include_duties: bool | None = None
) -> list[Conflict]:
    """Conflicts between the plans of each province (or of one province): real contradictions first."""
    by_province: dict[str, list[str]] = {}
    for plan_id, plan in sorted(matcher.plans.items()):
        by_province.setdefault(province_key(plan.metadata.province), []).append(plan_id)
    found = []
    for key, plan_ids in by_province.items():
        if province is not None and key != province_key(province):
            continue
        for a, b in combinations(plan_ids, 2):
            plan_a, plan_b = matcher.plans[a], matcher.plans[b]
            for pair in compare(matcher, a, b, include_duties).pairs:
                fields = conflicting_fields(pair)
                if fields:
                    found.append(Conflict(plan_a.metadata.province, pair, fields,
                                          conflict_kind(pair, fields, plan_a, plan_b)))
    return sorted(found, key=lambda c: KINDS.index(c.kind))
