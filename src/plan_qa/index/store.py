"""The on-disk index: build, validate, load — atomically, and without pickle.

Layout of an index folder (one per embedding model)::

    CURRENT                 name of the active version (replaced atomically)
    versions/<name>/
        manifest.json       corpus file hashes, model, dimension, parser version
        plans.json          the parsed plans (Plan.to_dict)
        documents.json      IndexDocument list, row i ↔ vector i
        embeddings.npy      float32 vectors (also the embedding cache)
        vectors.faiss       the FAISS index
        lexical/            the BM25 index (bm25s .npy + JSON)

A build writes a new version folder and only then swaps CURRENT, so a crash or
a bad file mid-build leaves the previous index loadable. Vectors whose search
text is unchanged are reused from the previous version (cached by text hash).
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
import uuid
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import faiss
import numpy as np

from plan_qa.corpus import parse, plan_files
from plan_qa.embeddings import Embedder
from plan_qa.hashing import file_sha256
from plan_qa.index.documents import DOCUMENTS_VERSION, IndexDocument, documents_for
from plan_qa.parsing import PARSER_VERSION, Plan
from plan_qa.index.lexical import TOKENIZER_VERSION, LexicalIndex

FORMAT_VERSION = 1
INDEX_TYPES = ("flat", "hnsw")
ProgressCallback = Callable[[str, float], None]


class IndexError_(RuntimeError):
    """The index is missing, stale or unreadable (message in Vietnamese)."""


@dataclass
class BuildReport:
    """What a build did: how much was embedded and how much was reused."""

    documents: int
    embedded: int
    reused: int
    plans: list[str]
    seconds: float
    version: str


@dataclass
class PlanIndex:
    """A loaded index: plans, documents, vectors, FAISS and BM25."""

    folder: Path
    manifest: dict
    plans: list[Plan]
    documents: list[IndexDocument]
    embeddings: np.ndarray
    faiss_index: faiss.Index
    lexical: LexicalIndex
    positions: dict[str, int] = field(init=False)

    def __post_init__(self) -> None:
        self.positions = {doc.id: i for i, doc in enumerate(self.documents)}

    def plan(self, plan_id: str) -> Plan:
        """The plan with this id (KeyError if absent)."""
        for plan in self.plans:
            if plan.plan_id == plan_id:
                return plan
        raise KeyError(plan_id)


def corpus_fingerprint(corpus_dir: Path) -> dict[str, str]:
    """{file name: sha256} of every plan file in the corpus folder."""
    return {path.name: file_sha256(path) for path in plan_files(corpus_dir)}


def expected_manifest(corpus_dir: Path, model: str, dimension: int | None, index_type: str) -> dict:
    """The manifest an up-to-date index for these inputs would have (minus timestamps)."""
    return {
        "format": FORMAT_VERSION,
        "parser_version": PARSER_VERSION,
        "documents_version": DOCUMENTS_VERSION,
        "tokenizer_version": TOKENIZER_VERSION,
        "model": model,
        "dimension": dimension,
        "index_type": index_type,
        "files": corpus_fingerprint(corpus_dir),
    }


def _current_version(index_dir: Path) -> Path | None:
    pointer = index_dir / "CURRENT"
    if not pointer.is_file():
        return None
    folder = index_dir / "versions" / pointer.read_text(encoding="utf-8").strip()
    return folder if (folder / "manifest.json").is_file() else None


def read_manifest(index_dir: Path) -> dict | None:
    """The active version's manifest, or None when there is no usable index."""
    folder = _current_version(index_dir)
    if folder is None:
        return None
    try:
        return json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
    except (OSError, json.JSONDecodeError):
        return None


def stale_reasons(index_dir: Path, corpus_dir: Path, model: str, index_type: str) -> list[str]:
    """Why the index must be rebuilt (empty when it is up to date)."""
    manifest = read_manifest(index_dir)
    if manifest is None:
        return ["chưa có chỉ mục"]
    expected = expected_manifest(corpus_dir, model, manifest.get("dimension"), index_type)
    reasons = []
    for key in ("format", "parser_version", "documents_version", "tokenizer_version", "model", "index_type"):
        if manifest.get(key) != expected[key]:
            reasons.append(f"{key}: {manifest.get(key)} → {expected[key]}")
    if manifest.get("files") != expected["files"]:
        old, new = manifest.get("files", {}), expected["files"]
        changed = sorted(n for n in set(old) | set(new) if old.get(n) != new.get(n))
        reasons.append("tệp thay đổi: " + ", ".join(changed))
    return reasons


def _new_faiss(dimension: int, index_type: str) -> faiss.Index:
    if index_type == "flat":
        return faiss.IndexFlatIP(dimension)
    if index_type == "hnsw":
        return faiss.IndexHNSWFlat(dimension, 32, faiss.METRIC_INNER_PRODUCT)
    raise ValueError(f"Loại chỉ mục không hỗ trợ: {index_type} (chọn một trong {INDEX_TYPES})")


def _previous_vectors(index_dir: Path, model: str) -> dict[str, np.ndarray]:
    """text hash → vector from the active version, if it used the same model."""
    folder = _current_version(index_dir)
    manifest = read_manifest(index_dir)
    if folder is None or manifest is None or manifest.get("model") != model:
        return {}
    try:
        documents = [IndexDocument(**d) for d in json.loads((folder / "documents.json").read_text(encoding="utf-8"))]
        vectors = np.load(folder / "embeddings.npy", allow_pickle=False)
    except (OSError, ValueError, TypeError, json.JSONDecodeError):
        return {}
    return {doc.text_hash: vectors[i] for i, doc in enumerate(documents) if i < len(vectors)}


def _write_json(path: Path, data: object) -> None:
    path.write_text(json.dumps(data, ensure_ascii=False), encoding="utf-8")


def _swap_current(index_dir: Path, version: str) -> None:
    """Point CURRENT at `version` with one atomic rename."""
    fd, tmp = tempfile.mkstemp(dir=index_dir, prefix=".CURRENT.")
    with os.fdopen(fd, "w", encoding="utf-8") as handle:
        handle.write(version)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / "CURRENT")


def _prune_versions(index_dir: Path, keep: set[str]) -> None:
    for folder in (index_dir / "versions").iterdir():
        if folder.name not in keep:
            shutil.rmtree(folder, ignore_errors=True)


def write_faiss(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def build_index(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    index_type: str = "flat",
    progress: ProgressCallback | None = None,
) -> BuildReport:
    """Parse the corpus, embed what changed, write a new version, swap it in."""
    started = time.perf_counter()
    notify = progress or (lambda stage, fraction: None)
    files = plan_files(corpus_dir)
    if not files:
        raise IndexError_(f"Thư mục {corpus_dir} không có tệp kế hoạch nào.")
    notify("Đọc và phân tích kế hoạch", 0.0)
    plans = [parse(path) for path in files]
    documents = documents_for(plans)
    cached = _previous_vectors(index_dir, embedder.name)
    missing = [i for i, doc in enumerate(documents) if doc.text_hash not in cached]
    notify(f"Nhúng {len(missing)} đoạn mới ({len(documents) - len(missing)} dùng lại)", 0.1)
    fresh = embedder.encode_passages([documents[i].search_text for i in missing], show_progress=False)
    vectors = np.zeros((len(documents), embedder.dimension), dtype=np.float32)
    fresh_by_position = dict(zip(missing, fresh))
    for i, doc in enumerate(documents):
        vectors[i] = fresh_by_position[i] if i in fresh_by_position else cached[doc.text_hash]
    notify("Ghi chỉ mục", 0.8)
    (index_dir / "versions").mkdir(parents=True, exist_ok=True)
    version = datetime.now(timezone.utc).strftime("%Y%m%dT%H%M%S") + "-" + uuid.uuid4().hex[:8]
    staging = index_dir / "versions" / f".staging-{version}"
    staging.mkdir()
    try:
        faiss_index = _new_faiss(embedder.dimension, index_type)
        faiss_index.add(vectors)
        write_faiss(faiss_index, staging / "vectors.faiss")
        np.save(staging / "embeddings.npy", vectors, allow_pickle=False)
        _write_json(staging / "documents.json", [doc.to_dict() for doc in documents])
        _write_json(staging / "plans.json", [plan.to_dict() for plan in plans])
        LexicalIndex.build([doc.search_text for doc in documents]).save(staging / "lexical")
        manifest = expected_manifest(corpus_dir, embedder.name, embedder.dimension, index_type)
        manifest |= {"documents": len(documents), "created": datetime.now(timezone.utc).isoformat()}
        _write_json(staging / "manifest.json", manifest)
        staging.rename(index_dir / "versions" / version)
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    previous = _current_version(index_dir)
    _swap_current(index_dir, version)
    _prune_versions(index_dir, {version} | ({previous.name} if previous else set()))
    notify("Xong", 1.0)
    return BuildReport(
        documents=len(documents),
        embedded=len(missing),
        reused=len(documents) - len(missing),
        plans=[plan.plan_id for plan in plans],
        seconds=time.perf_counter() - started,
        version=version,
    )


def load_index(index_dir: Path) -> PlanIndex:
    """Load the active version (raises IndexError_ with a Vietnamese message)."""
    folder = _current_version(index_dir)
    if folder is None:
        raise IndexError_(f"Chưa có chỉ mục tại {index_dir}. Chạy: plan-qa index")
    try:
        manifest = json.loads((folder / "manifest.json").read_text(encoding="utf-8"))
        plans = [Plan.from_dict(p) for p in json.loads((folder / "plans.json").read_text(encoding="utf-8"))]
        documents = [IndexDocument(**d) for d in json.loads((folder / "documents.json").read_text(encoding="utf-8"))]
        embeddings = np.load(folder / "embeddings.npy", allow_pickle=False)
        faiss_index = faiss.read_index(str(folder / "vectors.faiss"))
        lexical = LexicalIndex.load(folder / "lexical")
    except (OSError, ValueError, TypeError, KeyError, RuntimeError, json.JSONDecodeError) as error:
        raise IndexError_(f"Chỉ mục tại {folder} bị hỏng ({error}). Chạy lại: plan-qa index") from error
    if faiss_index.ntotal != len(documents) or len(lexical) != len(documents):
        raise IndexError_(f"Chỉ mục tại {folder} không khớp số đoạn. Chạy lại: plan-qa index")
    return PlanIndex(folder, manifest, plans, documents, embeddings, faiss_index, lexical)


def ensure_index(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    index_type: str = "flat",
    progress: ProgressCallback | None = None,
) -> tuple[PlanIndex, BuildReport | None]:
    """Load the index, rebuilding it first when it is missing or stale."""
    report = None
    if stale_reasons(index_dir, corpus_dir, embedder.name, index_type):
        report = build_index(corpus_dir, index_dir, embedder, index_type, progress)
    return load_index(index_dir), report
