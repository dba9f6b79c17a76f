"""Baselines run beside plan-qa with the same embeddings: tutorial RAG, BM25 only, dense only.

The tutorial RAG is what a LangChain quick-start builds: the raw plan files
split by ``RecursiveCharacterTextSplitter(chunk_size=1000, chunk_overlap=200)``,
embedded into an in-memory FAISS inner-product index (nothing is saved, so
nothing is pickled), top-4 chunks per question, no query rewriting.
"""

from __future__ import annotations

import time
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import faiss
import numpy as np
from langchain_core.embeddings import Embeddings
from langchain_text_splitters import RecursiveCharacterTextSplitter

from plan_qa.corpus import plan_files
from plan_qa.embeddings import Embedder
from plan_qa.index.documents import IndexDocument
from plan_qa.ingest import read_document
from plan_qa.parsing import plan_id_for
from plan_qa.retrieval import HybridRetriever, province_key

TUTORIAL_K = 4
CLAUSE_K = 10
CHUNK_SIZE = 1000
CHUNK_OVERLAP = 200

Passages = list[dict[str, object]]


class EmbedderEmbeddings(Embeddings):
    """The project's `Embedder` behind LangChain's `Embeddings` interface."""

    def __init__(self, embedder: Embedder) -> None:
        self.embedder = embedder

    def embed_documents(self, texts: list[str]) -> list[list[float]]:
        return self.embedder.encode_passages(texts).tolist()

    def embed_query(self, text: str) -> list[float]:
        return self.embedder.encode_queries([text])[0].tolist()


@dataclass(frozen=True)
class Chunk:
    """One character chunk of a raw plan file."""

    id: str
    plan_id: str
    province: str | None
    locator: str
    text: str


class TutorialRAG:
    """Fixed-size chunks + FAISS + top-k, the textbook pipeline."""

    def __init__(self, chunks: list[Chunk], embeddings: Embeddings, k: int = TUTORIAL_K) -> None:
        self.chunks = chunks
        self.embeddings = embeddings
        self.k = k
        vectors = np.asarray(embeddings.embed_documents([c.text for c in chunks]), dtype=np.float32)
        self.index = faiss.IndexFlatIP(vectors.shape[1])
        self.index.add(vectors)

    @classmethod
    def from_corpus(cls, corpus_dir: Path, embeddings: Embeddings,
                    provinces: dict[str, str | None], k: int = TUTORIAL_K) -> TutorialRAG:
        """Chunk every plan file of the folder; `provinces` maps plan id → province."""
        splitter = RecursiveCharacterTextSplitter(chunk_size=CHUNK_SIZE, chunk_overlap=CHUNK_OVERLAP)
        chunks: list[Chunk] = []
        for path in plan_files(corpus_dir):
            plan_id = plan_id_for(path)
            for number, text in enumerate(splitter.split_text(read_document(path)), 1):
                chunks.append(Chunk(f"{plan_id}:chunk{number}", plan_id, provinces.get(plan_id),
                                    f"{path.name}, đoạn {number}", text))
        return cls(chunks, embeddings, k)

    def search(self, query: str, province: str | None = None, plan: str | None = None) -> Passages:
        """Top-k chunks for the query within the scope, best first."""
        allowed = [
            i for i, c in enumerate(self.chunks)
            if (plan is None or c.plan_id == plan)
            and (province is None or province_key(c.province) == province_key(province))
        ]
        if not allowed:
            return []
        selector = faiss.IDSelectorBatch(np.asarray(allowed, dtype=np.int64))
        vector = np.asarray([self.embeddings.embed_query(query)], dtype=np.float32)
        scores, ids = self.index.search(vector, min(self.k, len(allowed)),
                                        params=faiss.SearchParameters(sel=selector))
        return [
            {"id": self.chunks[i].id, "plan_id": self.chunks[i].plan_id,
             "locator": self.chunks[i].locator, "text": self.chunks[i].text, "score": float(s)}
            for i, s in zip(ids[0], scores[0]) if i >= 0
        ]


def clause_search(retriever: HybridRetriever, mode: str, k: int = CLAUSE_K) -> Callable[..., Passages]:
    """Search the same clauses as plan-qa with one retriever only ("lexical" or "dense")."""

    def search(query: str, province: str | None = None, plan: str | None = None) -> Passages:
        hits = retriever.search(query, k=k, province=province, plan=plan, mode=mode)
        return [
            {"id": h.document.id, "plan_id": h.document.plan_id, "locator": h.document.locator,
             "text": h.document.text, "score": h.score}
            for h in hits
        ]

    return search


@dataclass(frozen=True)
class Baseline:
    """A named retrieval-only system."""

    name: str
    label: str
    search: Callable[..., Passages]

    def run(self, query: str, province: str | None, plan: str | None) -> tuple[Passages, float]:
        """(passages, latency in ms)."""
        start = time.perf_counter()
        passages = self.search(query, province=province, plan=plan)
        return passages, (time.perf_counter() - start) * 1000


def build_baselines(retriever: HybridRetriever, embedder: Embedder, corpus_dir: Path,
                    provinces: dict[str, str | None]) -> list[Baseline]:
    """The three baselines, sharing plan-qa's embedder and clauses."""
    tutorial = TutorialRAG.from_corpus(corpus_dir, EmbedderEmbeddings(embedder), provinces)
    return [
        Baseline("tutorial_rag", "Tutorial RAG (chunk 1000/200 + FAISS, top-4)", tutorial.search),
        Baseline("bm25", "BM25 only (cùng điều khoản)", clause_search(retriever, "lexical")),
        Baseline("dense", "Dense only (cùng điều khoản)", clause_search(retriever, "dense")),
    ]


def plan_provinces(documents: Iterable[IndexDocument]) -> dict[str, str | None]:
    """Plan id → province, from the index documents."""
    return {doc.plan_id: doc.province for doc in documents}
