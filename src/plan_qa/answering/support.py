"""Does a candidate clause support an answer? A logistic model over the product's own signals.

Candidates are the retrieved clauses, task rows and duties within the question's scope. Each
is described by features that mean the same thing whatever the embedding model:

- the cosine as a z-score against the query's cosines to every clause in scope, and its gap
  to the best candidate in the same units (no raw cosine: its scale differs per model);
- ranks (dense, BM25, fused) and the BM25 score relative to the best;
- how much of the question's subject the candidate covers, before and after everyday words
  are expanded into the plans' wording;
- whether the candidate holds the field the question asks for (a lead, a deadline, a figure,
  an amount, a legal reference), its kind, and whether it names the agency the question names.

The coefficients are fitted by `support_fit` on labelled (question, candidate, supports?)
pairs of the TRAIN split and stored as JSON (`plan_qa/data/support_model.json`; an index
folder may hold its own `support_model.json`, fitted for its model). A question is answered
from the candidates whose probability reaches the stored threshold, and refused when none does.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from pathlib import Path
from typing import ClassVar, Self

import numpy as np

from plan_qa.answering.statements import stated
from plan_qa.answering.tasks import coverage
from plan_qa.data import load_json
from plan_qa.parsing import Duty, TaskRow
from plan_qa.retrieval import RetrievedClause

FEATURES = (
    "dense_z", "dense_gap", "dense_rank", "lexical_rel", "lexical_rank", "fused_rank",
    "coverage", "coverage_expanded", "has_field", "is_row", "is_duty", "is_framing",
    "agency_match", "agency_miss", "top_dense_z",
)
# Clauses that frame a plan (number, title, legal bases, signature): they answer metadata and
# legal-basis questions, never a question about what the plan does.
FRAMING_KINDS = frozenset({"front", "title", "preamble", "signature", "appendix_heading"})
MODEL_FILE = "support_model.json"


@dataclass(frozen=True)
class Evidence:
    """What the features of one question's candidates are computed from."""

    subject: set[str]  # the question's subject words (folded)
    expanded_subject: set[str]  # the same after everyday words are expanded into the plans' wording
    intent: str
    agencies: list[str]
    cosines: np.ndarray  # the query's cosine to every clause in scope


def has_field(intent: str, hit: RetrievedClause, rows: dict[str, TaskRow], duties: dict[str, Duty]) -> float:
    """1 when the candidate states what the question asks for, 0.5 when it may, else 0."""
    doc = hit.document
    row, duty = rows.get(doc.id), duties.get(doc.id)
    if intent in ("lead", "coordinators", "duties", "comparison"):
        if row is not None:
            return 1.0 if (row.lead if intent != "coordinators" else row.coordinators) else 0.5
        return 1.0 if duty is not None else 0.0
    if intent == "timeline":
        return 1.0 if row is not None and row.timeline else stated(intent, doc.text)
    if intent in ("target", "budget", "legal_basis", "reporting"):
        return stated(intent, doc.text)
    if intent.startswith("metadata_"):
        return 1.0 if doc.kind in FRAMING_KINDS else 0.0
    return 1.0


def _ranks(values: list[float | None]) -> list[float]:
    """1/(1+rank) of each value among the candidates (absent values rank last)."""
    order = sorted(range(len(values)), key=lambda i: -(values[i] if values[i] is not None else -np.inf))
    ranks = [0.0] * len(values)
    for rank, i in enumerate(order):
        ranks[i] = 0.0 if values[i] is None else 1.0 / (1 + rank)
    return ranks


def feature_matrix(hits: list[RetrievedClause], evidence: Evidence, rows: dict[str, TaskRow],
                   duties: dict[str, Duty]) -> np.ndarray:
    """One row of `FEATURES` per candidate, in the order of `hits`."""
    if not hits:
        return np.zeros((0, len(FEATURES)))
    mean, spread = float(evidence.cosines.mean()), float(evidence.cosines.std()) or 1.0
    dense = [h.dense_score for h in hits]
    lexical = [h.lexical_score for h in hits]
    top_dense = max((d for d in dense if d is not None), default=mean)
    top_lexical = max((x for x in lexical if x is not None), default=0.0) or 1.0
    dense_ranks, lexical_ranks = _ranks(dense), _ranks(lexical)
    table = []
    for position, hit in enumerate(hits):
        doc = hit.document
        cosine = hit.dense_score if hit.dense_score is not None else mean
        text = doc.search_text
        named = set(evidence.agencies)
        mentions = named and any(a in text for a in named)
        table.append([
            (cosine - mean) / spread,
            (top_dense - cosine) / spread,
            dense_ranks[position],
            (hit.lexical_score or 0.0) / top_lexical,
            lexical_ranks[position],
            1.0 / (1 + position),
            coverage(evidence.subject, text),
            coverage(evidence.expanded_subject, text),
            has_field(evidence.intent, hit, rows, duties),
            float(doc.id in rows),
            float(doc.id in duties),
            float(doc.kind in FRAMING_KINDS),
            float(bool(mentions)),
            float(bool(named) and not mentions),
            (top_dense - mean) / spread,
        ])
    return np.asarray(table, dtype=float)


@dataclass
class LogisticModel:
    """Standardised logistic regression stored as JSON; subclasses name their features and file."""

    coef: np.ndarray
    intercept: float
    mean: np.ndarray
    scale: np.ndarray
    threshold: float
    info: dict

    FEATURES: ClassVar[tuple[str, ...]] = ()
    FILE: ClassVar[str] = ""
    WHAT: ClassVar[str] = ""  # what the model decides, for error messages (Vietnamese)

    def probabilities(self, features: np.ndarray) -> np.ndarray:
        if not len(features):
            return np.zeros(0)
        logits = ((features - self.mean) / self.scale) @ self.coef + self.intercept
        return 1.0 / (1.0 + np.exp(-logits))

    def to_json(self) -> dict:
        return {"features": list(self.FEATURES), "coef": self.coef.round(6).tolist(),
                "intercept": round(self.intercept, 6), "mean": self.mean.round(6).tolist(),
                "scale": self.scale.round(6).tolist(), "threshold": round(self.threshold, 4), "info": self.info}

    @classmethod
    def from_json(cls, data: dict) -> Self:
        if data.get("features") != list(cls.FEATURES):
            raise ValueError(f"Tệp mô hình {cls.WHAT} không khớp danh sách đặc trưng hiện tại "
                             f"(cần {len(cls.FEATURES)} đặc trưng: {', '.join(cls.FEATURES)}); "
                             "hãy chạy lại lệnh khớp mô hình: python -m plan_qa.answering.support_fit.")
        return cls(np.asarray(data["coef"]), float(data["intercept"]), np.asarray(data["mean"]),
                   np.asarray(data["scale"]), float(data["threshold"]), dict(data.get("info", {})))

    @classmethod
    def load(cls, index_dir: Path | None = None) -> Self:
        """The model fitted for this index's embedding model if there is one, else the bundled one."""
        if index_dir is not None and (index_dir / cls.FILE).is_file():
            return cls.from_json(json.loads((index_dir / cls.FILE).read_text(encoding="utf-8")))
        return cls.from_json(load_json(cls.FILE.removesuffix(".json")))


class SupportModel(LogisticModel):
    """P(candidate supports an answer)."""

    FEATURES = FEATURES
    FILE = MODEL_FILE
    WHAT = "hỗ trợ bằng chứng"


def load_support_model(index_dir: Path | None = None) -> SupportModel:
    """The evidence model fitted for this index's embedding model if there is one, else the bundled one."""
    return SupportModel.load(index_dir)
