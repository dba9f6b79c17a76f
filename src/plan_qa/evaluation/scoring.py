"""Score one system's output on one question: answer, citations, retrieval.

Passages (citations, retrieved clauses, chunks) are dicts with at least
``text`` and, when known, ``plan_id``. A passage supports a gold evidence quote
when it comes from the quote's plan and contains or overlaps the quote (see
`matching.supports_quote`).
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import asdict, dataclass, field
from typing import Any

from plan_qa.evaluation.dataset import Evidence, QAItem
from plan_qa.evaluation.matching import contains_key, supports_quote, token_f1
from plan_qa.retrieval.filters import plan_key

CONTEXT_K = 4  # passages an LLM would read: the tutorial RAG's top-4
CONTEXT_METRIC = f"context_accuracy@{CONTEXT_K}"

Passage = Mapping[str, Any]


@dataclass
class QuestionScore:
    """Every automatic score of one system on one question (None = not applicable)."""

    correct: bool | None = None  # answer accuracy; None for retrieval-only systems
    missing: list[str] = field(default_factory=list)  # must_include absent from the answer
    token_f1: float | None = None  # against the best gold answer; reported, not gating
    citation_precision: float | None = None  # share of citations supporting some gold quote
    citation_recall: float | None = None  # share of gold quotes supported by some citation
    quote_ranks: list[int | None] = field(default_factory=list)  # per quote: first rank covering it
    first_hit: int | None = None  # 1-based rank of the first passage supporting any quote
    depth: int = 0  # how many passages were retrieved
    context_correct: bool | None = None  # all must_include in the top CONTEXT_K passages
    answer_words: int | None = None  # verbosity: a long answer passes must_include more easily
    latency_ms: float = 0.0

    def recall_at(self, k: int) -> float | None:
        """Share of gold quotes supported within the top k (None beyond the retrieved depth)."""
        if not self.quote_ranks or k > self.depth:
            return None
        return sum(rank is not None and rank <= k for rank in self.quote_ranks) / len(self.quote_ranks)

    def hit_at(self, k: int) -> float | None:
        """1.0 when some gold quote is supported within the top k."""
        if not self.quote_ranks or k > self.depth:
            return None
        return float(self.first_hit is not None and self.first_hit <= k)

    @property
    def reciprocal_rank(self) -> float | None:
        if not self.quote_ranks:
            return None
        return 1.0 / self.first_hit if self.first_hit else 0.0

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def _supports(passage: Passage, evidence: Evidence) -> bool:
    plan_id = passage.get("plan_id")
    if plan_id and plan_key(plan_id) != plan_key(evidence.plan_id):
        return False
    return supports_quote(str(passage.get("text", "")), evidence.quote)


def missing_keys(item: QAItem, text: str) -> list[str]:
    """The item's must_include strings that `text` lacks (variant-insensitive)."""
    return [key for key in item.must_include if not contains_key(text, key)]


def score_answer(item: QAItem, answer: str, found: bool) -> tuple[bool, list[str], float | None]:
    """(correct, missing must_include, token F1).

    Answerable: correct only when found and every must_include is present.
    Unanswerable: correct only when the system says it found nothing.
    """
    if not item.answerable:
        return (not found), [], None
    missing = missing_keys(item, answer)
    f1 = max((token_f1(answer, gold) for gold in item.answers), default=None) if found else 0.0
    return found and not missing, missing, f1


def score_citations(item: QAItem, citations: Sequence[Passage]) -> tuple[float | None, float | None]:
    """(precision, recall) of citations against the gold evidence; None when undefined."""
    if not item.evidence:
        return None, None
    hits = [[_supports(c, ev) for ev in item.evidence] for c in citations]
    precision = sum(any(row) for row in hits) / len(hits) if hits else None
    recall = sum(any(row[i] for row in hits) for i in range(len(item.evidence))) / len(item.evidence)
    return precision, recall


def quote_ranks(item: QAItem, retrieved: Sequence[Passage]) -> list[int | None]:
    """For each gold quote, the 1-based rank of the first passage supporting it."""
    ranks: list[int | None] = []
    for evidence in item.evidence:
        rank = next((r for r, p in enumerate(retrieved, 1) if _supports(p, evidence)), None)
        ranks.append(rank)
    return ranks


def context_correct(item: QAItem, retrieved: Sequence[Passage], k: int = CONTEXT_K) -> bool | None:
    """All must_include appear in the top-k passages together (answerable items only)."""
    if not item.answerable:
        return None
    context = "\n".join(str(p.get("text", "")) for p in retrieved[:k])
    return not missing_keys(item, context)


def score_question(
    item: QAItem,
    retrieved: Sequence[Passage],
    latency_ms: float,
    answer: str | None = None,
    found: bool | None = None,
    citations: Sequence[Passage] = (),
) -> QuestionScore:
    """All scores of one system on one item; retrieval-only systems pass no answer."""
    score = QuestionScore(latency_ms=latency_ms, depth=len(retrieved))
    if answer is not None and found is not None:
        score.correct, score.missing, score.token_f1 = score_answer(item, answer, found)
        score.answer_words = len(answer.split())
        if item.answerable:
            score.citation_precision, score.citation_recall = score_citations(item, citations)
    ranks = quote_ranks(item, retrieved)
    score.quote_ranks = ranks
    found_ranks = [r for r in ranks if r is not None]
    score.first_hit = min(found_ranks) if found_ranks else None
    score.context_correct = context_correct(item, retrieved)
    return score
