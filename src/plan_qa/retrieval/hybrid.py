"""Hybrid retrieval: dense (FAISS) + BM25, fused by a convex combination of min-max
normalised scores (default) or by weighted reciprocal rank fusion.

Score fusion keeps how *sure* each retriever is — BM25's peaked scores on a rare term
("các-bon") are not flattened to a rank the way RRF flattens them — and measured better
here: on the dev questions hit@5 0.983 vs 0.950 and MRR 0.837 vs 0.825, on the held-out
test questions hit@5 0.951 vs 0.902 and MRR 0.812 vs 0.775 (bench/bench_retrieval.py).

Queries are NFC-normalised and agency abbreviations are expanded ("SCT" →
"Sở Công Thương") before both retrievers see them. Filters (province, plan,
clause kind) apply inside both retrievers, not after, so a narrow scope still
returns k results. When the question names a body, the few clauses that body holds (its
duties, the rows it leads) closest to the question are raised by `body_weight`, found even
when neither retriever ranked them. Weights: bench/results/fusion.md.
"""

from __future__ import annotations

from collections.abc import Collection, Iterable
from dataclasses import dataclass

import faiss
import numpy as np

from plan_qa.agencies import expand_abbreviations
from plan_qa.embeddings import Embedder
from plan_qa.index.documents import IndexDocument
from plan_qa.index.store import PlanIndex
from plan_qa.retrieval.filters import scope_mask
from plan_qa.retrieval.holders import BodyClauses
from plan_qa.text.abbreviations import expand_paraphrases
from plan_qa.text.restore import DiacriticRestorer, needs_restoring
from plan_qa.text.vietnamese import nfc

RRF_K = 60
# Clauses of a named body raised per question. Measured with weights (0.5, 1, 1): top 3 vs 5 vs all
# → recall@5 on bundled test 0.930 / 0.779 / 0.756, real-plan train 0.806 / 0.794 / 0.794.
BODY_TOP = 3
MODES = ("hybrid", "dense", "lexical")
FUSIONS = ("minmax", "rrf")


def fuse(rankings: list[tuple[float, list[tuple[int, float]]]], method: str) -> dict[int, float]:
    """Fused score per position from (weight, [(position, score)…]) rankings."""
    fused: dict[int, float] = {}
    for weight, ranking in rankings:
        if not ranking:
            continue
        scores = [score for _, score in ranking]
        low, span = min(scores), (max(scores) - min(scores)) or 1.0
        for rank, (position, score) in enumerate(ranking):
            value = (score - low) / span if method == "minmax" else 1 / (RRF_K + rank + 1)
            fused[position] = fused.get(position, 0.0) + weight * value
    return fused


@dataclass
class RetrievedClause:
    """A document with its fused score and the evidence behind it."""

    document: IndexDocument
    score: float
    dense_score: float | None = None
    lexical_score: float | None = None

    def to_dict(self) -> dict[str, object]:
        return {**self.document.to_dict(), "score": self.score, "dense_score": self.dense_score,
                "lexical_score": self.lexical_score}


class HybridRetriever:
    """Search one loaded index with one embedder."""

    def __init__(self, index: PlanIndex, embedder: Embedder, dense_weight: float = 1.0,
                 lexical_weight: float = 1.0, candidates: int = 60, fusion: str = "minmax",
                 body_weight: float = 0.0, restorer: DiacriticRestorer | None = None) -> None:
        if fusion not in FUSIONS:
            raise ValueError(f"fusion must be one of {FUSIONS}")
        self.fusion = fusion
        self.index = index
        self.embedder = embedder
        self.dense_weight = dense_weight
        self.lexical_weight = lexical_weight
        self.candidates = candidates
        self.body_weight = body_weight
        self.bodies = BodyClauses(index.plans, index.positions)
        self.restorer = restorer or DiacriticRestorer.from_texts(doc.search_text for doc in index.documents)

    def prepare_query(self, query: str) -> str:
        """NFC + agency abbreviations expanded to their full names."""
        return expand_abbreviations(nfc(query).strip())

    def dense_query(self, prepared: str) -> str:
        """The text the embedding model sees: diacritics restored when the user typed none."""
        return self.restorer.restore(prepared) if needs_restoring(prepared) else prepared

    def _closest_held(self, held: Collection[int], mask: np.ndarray | None, vector: np.ndarray) -> list[int]:
        """The BODY_TOP clauses of the named bodies, within scope, closest to the question.

        Only the closest few are raised: a body leading fifty task rows would otherwise push
        its every row above the one clause the question is about."""
        inside = sorted(p for p in held if mask is None or mask[p])
        if not inside:
            return []
        cosines = self.index.embeddings[inside] @ vector.reshape(-1)
        return [inside[i] for i in np.argsort(-cosines, kind="stable")[:BODY_TOP]]

    def dense(self, query: str, k: int, mask: np.ndarray | None = None,
              vector: np.ndarray | None = None) -> list[tuple[int, float]]:
        """Top-k (position, cosine) from FAISS, restricted to the mask."""
        if vector is None:
            vector = self.embedder.encode_queries([self.dense_query(query)])
        params = None
        if mask is not None:
            allowed = np.flatnonzero(mask).astype(np.int64)
            if allowed.size == 0:
                return []
            params = faiss.SearchParameters(sel=faiss.IDSelectorBatch(allowed))
        k = min(k, self.index.faiss_index.ntotal)
        scores, ids = self.index.faiss_index.search(vector.reshape(1, -1), k, params=params)
        return [(int(i), float(s)) for i, s in zip(ids[0], scores[0]) if i >= 0]

    def search(
        self,
        query: str,
        k: int = 10,
        province: str | Iterable[str] | None = None,
        plan: str | Iterable[str] | None = None,
        kinds: str | Iterable[str] | None = None,
        mode: str = "hybrid",
        vector: np.ndarray | None = None,
        prepared: bool = False,
        held: Collection[int] = (),
    ) -> list[RetrievedClause]:
        """Best k clauses for the query within the scope, best first.

        `prepared=True` says the query was already read (NFC, abbreviations expanded — the
        assistant's `Question.expanded`) and `vector` is its embedding: nothing is re-derived.
        `held`: positions of the clauses of the bodies the question names (`bodies.positions`),
        raised by `body_weight` and searched even when neither retriever found them.
        """
        if mode not in MODES:
            raise ValueError(f"mode must be one of {MODES}")
        prepared_query = query if prepared else self.prepare_query(query)
        if not prepared_query:
            return []
        mask = scope_mask(self.index.documents, province, plan, kinds)
        depth = max(k, self.candidates)
        dense = self.dense(prepared_query, depth, mask, vector) if mode != "lexical" else []
        lexical = self.index.lexical.search(expand_paraphrases(prepared_query), depth, mask) if mode != "dense" else []
        fused = fuse([(self.dense_weight, dense), (self.lexical_weight, lexical)], self.fusion)
        if self.body_weight and held and mode != "lexical":
            vector = self.embedder.encode_queries([self.dense_query(prepared_query)]) if vector is None else vector
            for position in self._closest_held(held, mask, vector):
                fused[position] = fused.get(position, 0.0) + self.body_weight
        dense_scores, lexical_scores = dict(dense), dict(lexical)
        order = sorted(fused, key=lambda p: (-fused[p], p))[:k]
        return [
            RetrievedClause(self.index.documents[p], fused[p], dense_scores.get(p), lexical_scores.get(p))
            for p in order
        ]
