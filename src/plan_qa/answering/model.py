"""What the answer stage returns: an answer with numbered, verifiable citations."""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any


@dataclass
class Citation:
    """One cited clause. `ref` is the number used as [ref] in the answer text."""

    ref: int
    clause_id: str
    plan_id: str
    plan_title: str
    province: str | None
    locator: str
    text: str  # the clause in its original wording
    score: float = 0.0


@dataclass
class Answer:
    """A grounded answer, or an honest refusal (`found` False) with related clauses."""

    question: str
    answer: str
    found: bool
    intent: str
    citations: list[Citation] = field(default_factory=list)
    related: list[Citation] = field(default_factory=list)  # "có thể liên quan" on a refusal
    retrieved: list[dict[str, Any]] = field(default_factory=list)  # ranked clauses, for evaluation
    scope: dict[str, Any] = field(default_factory=dict)  # {"province": ..., "plan_id": ...}
    notices: list[str] = field(default_factory=list)  # e.g. LLM fallback messages
    latency_ms: float = 0.0

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready dict; citations carry `ref, plan_id, plan_title, province, locator, text, score`."""
        return asdict(self)
