"""Retrieval stage: lexical (BM25), dense (FAISS) and their hybrid fusion."""

from plan_qa.retrieval.filters import plan_key, province_key, scope_mask
from plan_qa.retrieval.hybrid import MODES, HybridRetriever, RetrievedClause

__all__ = ["MODES", "HybridRetriever", "RetrievedClause", "plan_key", "province_key", "scope_mask"]
