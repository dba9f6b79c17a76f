"""Similar tasks across plans: dense cosine blended with lexical overlap.

Score of two tasks = DENSE_WEIGHT · cosine(passage embeddings of their action
wording) + (1 − DENSE_WEIGHT) · Jaccard of their folded terms (syllables and
adjacent-syllable pairs, see `wording`). For free text the lexical part is the
share of the query's terms a task contains (Jaccard would punish a short query
against a long duty), so free text has its own threshold. Queries go through the
embedder's passage side too, so both scores live on one dense scale.

Numbers from bench/bench_alignment.py (→ bench/results/alignment.md), e5-small.
Labelled appendix pairs: the issue's gold (Hà Nội 000 ↔ Đồng Tháp 004, 8 pairs,
Hà Nội rows 5 and 10 unmatched), Hà Nội 001 ↔ 003 (1↔1, 3↔2, 4↔3; the rest
unmatched) and 000 ↔ 001, 000 ↔ 003 (no pair). Lowest true pair vs highest other
pair; z = margin in standard deviations of the other pairs:

    score                                  lowest true  highest other  margin   z      P / R
    dense cosine only                      0.944        0.952          −0.008   −0.47  91 % / 91 %
    Jaccard only (syllables + pairs)       0.614        0.304          +0.310   +5.19  100 % / 100 %
    0.5 dense + 0.5 Jaccard (syllables)    0.818        0.666          +0.152   +3.48  100 % / 100 %
    0.5 dense + 0.5 Jaccard (+ pairs)      0.779        0.628          +0.151   +4.20  100 % / 100 %

Dense cosine alone cannot separate a reworded task (001 r4 ↔ 003 r3, 0.944) from
two different "xây dựng cơ chế, chính sách" rows (000 r3 ↔ 003 r5, 0.952): e5-small
puts every pair of Vietnamese administrative sentences at 0.85–0.98. Lexical
overlap does the separating; the blend keeps most of Jaccard's margin and is
kept because it ranks free text better (12 labelled queries, hit@1: dense passage
side 5/12, dense query side 11/12, lexical coverage 11/12, blend 12/12).
MATCH_THRESHOLD = 0.70 is the middle of the blend's margin (0.628, 0.779);
QUERY_THRESHOLD = 0.75 minimises wrong + missed plan groups on the free-text
queries (24 right, 2 wrong, 5 missed of 60). Limitation: counterparts written
independently (Gia Lai duties vs Đồng Tháp tasks) score 0.51–0.63, inside the
range of different-but-related pairs, so they fall under the threshold; lower
`min_score` to see them.
"""

from __future__ import annotations

import re
import weakref
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Protocol

import numpy as np

from plan_qa.comparison.tasks import TaskItem, plan_items
from plan_qa.comparison.wording import action_text, coverage, jaccard, terms
from plan_qa.parsing import Plan
from plan_qa.text.vietnamese import fold_diacritics

if TYPE_CHECKING:
    from numpy.typing import NDArray

DENSE_WEIGHT = 0.5
MATCH_THRESHOLD = 0.70
QUERY_THRESHOLD = 0.75
NO_COUNTERPART = "Không có nhiệm vụ tương ứng"
_ID = re.compile(r"^\d{3}:\S+$")
# Passage vectors by embedder and text: every matcher of a process shares them.
_VECTORS: weakref.WeakKeyDictionary[Any, dict[str, np.ndarray]] = weakref.WeakKeyDictionary()


class PassageEncoder(Protocol):
    """The part of `plan_qa.embeddings.Embedder` the matcher needs."""

    def encode_passages(self, texts: list[str]) -> np.ndarray: ...


@dataclass(frozen=True)
class Match:
    """A candidate task with its blended score and the two parts of it."""

    item: TaskItem
    score: float
    dense: float
    lexical: float

    def to_dict(self) -> dict[str, Any]:
        return self.item.to_dict() | {"score": round(self.score, 4), "dense": round(self.dense, 4),
                                      "lexical": round(self.lexical, 4)}


@dataclass
class PlanMatches:
    """The best matches in one plan; empty means the plan has no counterpart."""

    plan_id: str
    plan_title: str
    province: str | None
    matches: list[Match] = field(default_factory=list)

    def to_dict(self) -> dict[str, Any]:
        return {
            "plan_id": self.plan_id,
            "plan_title": self.plan_title,
            "province": self.province,
            "matches": [m.to_dict() for m in self.matches],
            "message": None if self.matches else NO_COUNTERPART,
        }


@dataclass
class SimilarResult:
    """Matches for one query, one group per plan, ordered by province then plan."""

    query: str
    source: TaskItem | None  # the task when the query was a task id
    min_score: float
    groups: list[PlanMatches]

    def to_dict(self) -> dict[str, Any]:
        return {
            "query": self.query,
            "source": self.source.to_dict() if self.source else None,
            "min_score": self.min_score,
            "groups": [g.to_dict() for g in self.groups],
        }


def province_key(name: str | None) -> str:
    """Comparable form of a province name ("Hà Nội", "ha noi", "HÀ NỘI" are equal)."""
    return re.sub(r"\s+", " ", fold_diacritics(name or "").lower()).strip()


class TaskMatcher:
    """All tasks of a set of plans, their embeddings and lexical terms, ready to compare."""

    def __init__(
        self,
        plans: Sequence[Plan],
        embedder: PassageEncoder | None = None,
        dense_weight: float = DENSE_WEIGHT,
        threshold: float = MATCH_THRESHOLD,
        query_threshold: float = QUERY_THRESHOLD,
    ) -> None:
        self.plans: dict[str, Plan] = {plan.plan_id: plan for plan in plans}
        self.items: list[TaskItem] = [item for plan in plans for item in plan_items(plan)]
        self.dense_weight = dense_weight
        self.threshold = threshold
        self.query_threshold = query_threshold
        self._position = {item.id: i for i, item in enumerate(self.items)}
        self._terms = [terms(action_text(item)) for item in self.items]
        self._embedder = embedder
        self._vectors: NDArray[np.float32] | None = None

    @property
    def embedder(self) -> PassageEncoder:
        if self._embedder is None:
            from plan_qa.embeddings import load_embedder

            self._embedder = load_embedder()
        return self._embedder

    @property
    def vectors(self) -> NDArray[np.float32]:
        """Passage embeddings of every task's action wording (computed once per process and text)."""
        if self._vectors is None:
            known = _VECTORS.setdefault(self.embedder, {})
            texts = [action_text(item) for item in self.items]
            missing = list(dict.fromkeys(t for t in texts if t not in known))
            if missing:
                known.update(zip(missing, self.embedder.encode_passages(missing)))
            self._vectors = np.stack([known[t] for t in texts]).astype(np.float32)
        return self._vectors

    def item(self, task_id: str) -> TaskItem:
        """The task with this id; ValueError (in Vietnamese) when there is none."""
        if task_id not in self._position:
            raise ValueError(f"Không có nhiệm vụ mã {task_id}.")
        return self.items[self._position[task_id]]

    def plan(self, plan_id: str) -> Plan:
        """The plan with this id; ValueError (in Vietnamese) when there is none."""
        if plan_id not in self.plans:
            raise ValueError(f"Không có kế hoạch mã {plan_id} (có: {', '.join(self.plans)}).")
        return self.plans[plan_id]

    def items_of(self, plan_id: str, include_duties: bool = True) -> list[TaskItem]:
        """Tasks of one plan: rows and duties, or rows only (duties when the plan has no appendix)."""
        plan = self.plan(plan_id)
        has_rows = bool(plan.tasks)
        return [
            item for item in self.items
            if item.plan_id == plan_id and (include_duties or not has_rows or item.kind == "row")
        ]

    def dense(self, a: Sequence[TaskItem], b: Sequence[TaskItem]) -> NDArray[np.float32]:
        """Cosine similarities of action wordings, shape (len(a), len(b))."""
        va = self.vectors[[self._position[x.id] for x in a]]
        vb = self.vectors[[self._position[x.id] for x in b]]
        return va @ vb.T

    def lexical(self, a: Sequence[TaskItem], b: Sequence[TaskItem]) -> NDArray[np.float64]:
        """Jaccard of the action wordings' folded terms, shape (len(a), len(b))."""
        sa = [self._terms[self._position[x.id]] for x in a]
        sb = [self._terms[self._position[x.id]] for x in b]
        return np.array([[jaccard(x, y) for y in sb] for x in sa]).reshape(len(sa), len(sb))

    def blend(self, dense: np.ndarray, lexical: np.ndarray) -> np.ndarray:
        """The matching score: dense and lexical weighted by `dense_weight`."""
        return self.dense_weight * dense + (1.0 - self.dense_weight) * lexical

    def scores(self, a: Sequence[TaskItem], b: Sequence[TaskItem]) -> np.ndarray:
        """Blended task-to-task scores, shape (len(a), len(b))."""
        return self.blend(self.dense(a, b), self.lexical(a, b))

    def similar(
        self,
        query: str,
        provinces: Sequence[str] | None = None,
        plan: str | None = None,
        k: int = 3,
        min_score: float | None = None,
        include_duties: bool | None = None,
    ) -> SimilarResult:
        """Tasks most like a task id (in every other plan) or a free-text task (in every plan).

        `include_duties=None` compares a row with rows (duties for plans without an
        appendix) and anything else with rows and duties.
        """
        query = query.strip()
        source = self.item(query) if query in self._position else None
        if source is None and _ID.match(query):
            raise ValueError(f"Không có nhiệm vụ mã {query}.")
        if min_score is not None:
            threshold = min_score
        else:
            threshold = self.threshold if source else self.query_threshold
        if include_duties is None:
            include_duties = source is None or source.kind == "duty"
        dense, lexical = self._probe(query, source)
        score = self.blend(dense, lexical)
        wanted = {province_key(p) for p in provinces or []}
        groups = []
        by_province = sorted(self.plans.items(), key=lambda kv: (province_key(kv[1].metadata.province), kv[0]))
        for plan_id, target in by_province:
            if (source and plan_id == source.plan_id) or (plan and plan_id != plan):
                continue
            if wanted and province_key(target.metadata.province) not in wanted:
                continue
            positions = [self._position[c.id] for c in self.items_of(plan_id, include_duties)]
            ranked = sorted((i for i in positions if score[i] >= threshold), key=lambda i: -score[i])[:k]
            matches = [Match(self.items[i], float(score[i]), float(dense[i]), float(lexical[i])) for i in ranked]
            groups.append(PlanMatches(plan_id, target.metadata.title, target.metadata.province, matches))
        return SimilarResult(query, source, threshold, groups)

    def _probe(self, query: str, source: TaskItem | None) -> tuple[np.ndarray, np.ndarray]:
        """Dense and lexical similarity of the query (a task or free text) to every task."""
        if source is not None:
            return self.dense([source], self.items)[0], self.lexical([source], self.items)[0]
        dense = self.vectors @ self.embedder.encode_passages([query])[0]
        words = terms(query)
        return dense, np.array([coverage(words, t) for t in self._terms])
