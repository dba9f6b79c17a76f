"""Plan-to-plan alignment: a one-to-one matching of tasks, with what differs per pair.

The matching is an assignment (Hungarian method, `scipy.optimize.linear_sum_assignment`)
that maximises the total score of pairs at or above the threshold; scores below it
count as zero, so a weak pair never displaces a strong one and is never reported.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import numpy as np
from scipy.optimize import linear_sum_assignment

from plan_qa.comparison.differences import Difference, province_note, task_differences
from plan_qa.comparison.similar import TaskMatcher
from plan_qa.comparison.tasks import TaskItem


@dataclass(frozen=True)
class Pair:
    """Two tasks judged the same, their score and what differs between them."""

    a: TaskItem
    b: TaskItem
    score: float
    differences: tuple[Difference, ...]
    note: str | None = None  # e.g. that the two provinces differ

    def to_dict(self) -> dict[str, Any]:
        return {
            "a": self.a.to_dict(),
            "b": self.b.to_dict(),
            "score": round(self.score, 4),
            "differences": [d.to_dict() for d in self.differences],
            "note": self.note,
        }


@dataclass(frozen=True)
class Alignment:
    """Pairs in A's order, then the tasks of A and of B left without a counterpart."""

    plan_a: str
    plan_b: str
    threshold: float
    pairs: tuple[Pair, ...]
    only_a: tuple[TaskItem, ...]
    only_b: tuple[TaskItem, ...]

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan_a": self.plan_a,
            "plan_b": self.plan_b,
            "threshold": self.threshold,
            "pairs": [p.to_dict() for p in self.pairs],
            "only_a": [t.to_dict() for t in self.only_a],
            "only_b": [t.to_dict() for t in self.only_b],
        }


def assign(scores: np.ndarray, threshold: float) -> list[tuple[int, int]]:
    """Index pairs of a maximum-weight one-to-one matching using only scores ≥ threshold."""
    if scores.size == 0:
        return []
    weights = np.where(scores >= threshold, scores, 0.0)
    rows, cols = linear_sum_assignment(weights, maximize=True)
    return sorted((int(i), int(j)) for i, j in zip(rows, cols) if scores[i, j] >= threshold)


def compare(
    matcher: TaskMatcher,
    plan_a: str,
    plan_b: str,
    include_duties: bool | None = None,
    min_score: float | None = None,
) -> Alignment:
    """Align the tasks of two plans.

    `include_duties=None` aligns appendix rows when both plans have them, and rows
    plus duties otherwise (a plan without an appendix is its duties).
    """
    threshold = matcher.threshold if min_score is None else min_score
    if include_duties is None:
        include_duties = not (matcher.plan(plan_a).tasks and matcher.plan(plan_b).tasks)
    items_a = matcher.items_of(plan_a, include_duties)
    items_b = matcher.items_of(plan_b, include_duties)
    scores = matcher.scores(items_a, items_b)
    matched = assign(scores, threshold)
    pairs = tuple(
        Pair(items_a[i], items_b[j], float(scores[i, j]),
             tuple(task_differences(items_a[i], items_b[j])), province_note(items_a[i], items_b[j]))
        for i, j in matched
    )
    used_a = {i for i, _ in matched}
    used_b = {j for _, j in matched}
    return Alignment(
        plan_a=plan_a,
        plan_b=plan_b,
        threshold=threshold,
        pairs=pairs,
        only_a=tuple(x for i, x in enumerate(items_a) if i not in used_a),
        only_b=tuple(x for j, x in enumerate(items_b) if j not in used_b),
    )
