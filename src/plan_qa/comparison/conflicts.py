"""Conflicts within a province: the same task in two of its plans with a different lead or timeline.

Every pair of plans of one province is aligned with `compare`; an aligned pair is a
conflict when both plans name a lead and the leads differ, or both state a timeline
and the timelines differ. A side that is silent (a duty with no time frame, a
phối hợp duty with no lead) is not a conflict. Coordinator differences are listed
with a conflict but do not make one on their own.
"""

from __future__ import annotations

from dataclasses import dataclass
from itertools import combinations
from typing import Any

from plan_qa.comparison.align import Pair, compare
from plan_qa.comparison.similar import TaskMatcher, province_key


@dataclass(frozen=True)
class Conflict:
    """An aligned pair from two plans of one province, and the fields in conflict."""

    province: str | None
    pair: Pair
    fields: tuple[str, ...]  # "lead" and/or "timeline"

    def to_dict(self) -> dict[str, Any]:
        return {"province": self.province, "conflicting_fields": list(self.fields)} | self.pair.to_dict()


def conflicting_fields(pair: Pair) -> tuple[str, ...]:
    """Lead and timeline differences where both sides state a value."""
    fields = []
    for difference in pair.differences:
        if difference.field == "lead" and pair.a.lead and pair.b.lead:
            fields.append("lead")
        elif difference.field == "timeline" and pair.a.timeline and pair.b.timeline:
            fields.append("timeline")
    return tuple(fields)


def conflicts(
    matcher: TaskMatcher, province: str | None = None, include_duties: bool | None = None
) -> list[Conflict]:
    """Conflicts between the plans of each province (or of one province), in plan order."""
    by_province: dict[str, list[str]] = {}
    for plan_id, plan in sorted(matcher.plans.items()):
        by_province.setdefault(province_key(plan.metadata.province), []).append(plan_id)
    found = []
    for key, plan_ids in by_province.items():
        if province is not None and key != province_key(province):
            continue
        for a, b in combinations(plan_ids, 2):
            for pair in compare(matcher, a, b, include_duties).pairs:
                fields = conflicting_fields(pair)
                if fields:
                    found.append(Conflict(matcher.plans[a].metadata.province, pair, fields))
    return found
