"""The on-disk index: build, verify, load — atomically, across processes, and without pickle.

Layout of an index folder (one per embedding model)::

    .lock                   held by the one process building (OS file lock)
    CURRENT                 name of the active version (replaced atomically)
    versions/<name>/
        manifest.json       corpus file hashes, skipped files, model, versions, and the size and
                            SHA-256 of every other file of the version
        plans.json          the parsed plans (Plan.to_dict)
        documents.json      IndexDocument list, row i ↔ vector i
        embeddings.npy      float32 vectors (also the embedding cache)
        vectors.faiss       the FAISS index
        lexical/            the BM25 index (bm25s .npy + JSON)

A build runs under the folder's lock: it writes a staging folder, fsyncs it,
renames it into place and only then swaps CURRENT, then prunes everything but
the new version and the previous good one — so a crash, a bad file or a second
build at the same time leaves a loadable index. Loading verifies every file
against the manifest and falls back to the newest good version when the active
one is damaged. Vectors whose search text is unchanged are reused.
"""

from __future__ import annotations

import json
import os
import shutil
import tempfile
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from datetime import datetime, timezone
from pathlib import Path

import faiss
import numpy as np

from plan_qa.corpus import Skipped, load_corpus_report, plan_files
from plan_qa.embeddings import Embedder
from plan_qa.hashing import file_sha256
from plan_qa.index.code_digest import parsing_code_digest
from plan_qa.index.documents import DOCUMENTS_VERSION, IndexDocument, clauses_under, documents_for
from plan_qa.index.integrity import (
    MANIFEST,
    POINTER,
    artifact_records,
    fsync_path,
    fsync_tree,
    new_version_name,
    read_manifest_file,
    read_pointer,
    verify_version,
    version_folders,
)
from plan_qa.index.lexical import TOKENIZER_VERSION, LexicalIndex
from plan_qa.index.lock import IndexError_, index_lock
from plan_qa.oserrors import os_reason
from plan_qa.parsing import PARSER_VERSION, Plan

FORMAT_VERSION = 2  # 2: sizes and hashes of every file, skipped files
INDEX_TYPES = ("flat", "hnsw")
ProgressCallback = Callable[[str, float], None]


@dataclass
class BuildReport:
    """What a build did: how much was embedded and reused, and which files were skipped."""

    documents: int
    embedded: int
    reused: int
    plans: list[str]
    seconds: float
    version: str
    skipped: list[Skipped] = field(default_factory=list)


@dataclass
class PlanIndex:
    """A loaded index: plans, documents, vectors, FAISS and BM25, plus what to warn about."""

    folder: Path
    manifest: dict
    plans: list[Plan]
    documents: list[IndexDocument]
    embeddings: np.ndarray
    faiss_index: faiss.Index
    lexical: LexicalIndex
    notes: list[str] = field(default_factory=list)  # Vietnamese warnings (fallback, failed rebuild)
    positions: dict[str, int] = field(init=False)
    under: dict[str, list[int]] = field(init=False)  # clause id → positions of the indexed clauses under it

    def __post_init__(self) -> None:
        self.positions = {doc.id: i for i, doc in enumerate(self.documents)}
        self.under = clauses_under([doc.id for doc in self.documents])

    def document(self, clause_id: str) -> IndexDocument | None:
        """The indexed document of a clause, None when the clause is not indexed on its own."""
        position = self.positions.get(clause_id)
        return self.documents[position] if position is not None else None

    def documents_under(self, clause_id: str) -> list[IndexDocument]:
        """The indexed clauses under a clause (or of a plan, given its id), in document order."""
        return [self.documents[position] for position in self.under.get(clause_id, [])]

    @property
    def skipped(self) -> list[Skipped]:
        """Corpus files left out of this index, with their reasons."""
        return [Skipped(**item) for item in self.manifest.get("skipped", [])]

    def plan(self, plan_id: str) -> Plan:
        """The plan with this id (KeyError if absent)."""
        for plan in self.plans:
            if plan.plan_id == plan_id:
                return plan
        raise KeyError(plan_id)


def corpus_fingerprint(corpus_dir: Path) -> dict[str, str]:
    """{file name: sha256} of every plan file in the corpus folder (skipped ones too)."""
    fingerprint = {}
    for path in plan_files(corpus_dir):
        try:
            fingerprint[path.name] = file_sha256(path)
        except OSError as error:
            fingerprint[path.name] = f"không đọc được ({os_reason(error)})"
    return fingerprint


def expected_manifest(corpus_dir: Path, model: str, dimension: int | None, index_type: str) -> dict:
    """The manifest an up-to-date index for these inputs would have (minus timestamps and hashes)."""
    return {
        "format": FORMAT_VERSION,
        "parser_version": f"{PARSER_VERSION}+{parsing_code_digest()}",
        "documents_version": DOCUMENTS_VERSION,
        "tokenizer_version": TOKENIZER_VERSION,
        "model": model,
        "dimension": dimension,
        "index_type": index_type,
        "files": corpus_fingerprint(corpus_dir),
    }


def _inside(index_dir: Path, folder: Path) -> bool:
    return folder.resolve().is_relative_to((index_dir / "versions").resolve())


def _pointed_version(index_dir: Path) -> Path | None:
    name, _ = read_pointer(index_dir)
    if name is None:
        return None
    folder = index_dir / "versions" / name
    return folder if folder.is_dir() and _inside(index_dir, folder) else None


def last_good_version(index_dir: Path) -> Path | None:
    """The active version if it verifies, else the newest version that does."""
    pointed = _pointed_version(index_dir)
    candidates = ([pointed] if pointed else []) + [f for f in version_folders(index_dir) if f != pointed]
    return next((f for f in candidates if _inside(index_dir, f) and not verify_version(f)), None)


def read_manifest(index_dir: Path) -> dict | None:
    """The active version's manifest, or None when there is no valid one."""
    folder = _pointed_version(index_dir)
    return read_manifest_file(folder)[0] if folder else None


def damage(index_dir: Path) -> list[str]:
    """What is wrong with the active version (empty when CURRENT points at a whole version)."""
    name, problem = read_pointer(index_dir)
    if name is None:
        return [problem or "chưa có chỉ mục"]
    folder = _pointed_version(index_dir)
    if folder is None:
        return [f"{POINTER} trỏ tới phiên bản {name} không tồn tại"]
    return verify_version(folder)


def stale_reasons(index_dir: Path, corpus_dir: Path, model: str, index_type: str) -> list[str]:
    """Why the index must be rebuilt — damage or staleness (empty when it is whole and up to date)."""
    problems = damage(index_dir)
    if problems:
        return problems if problems == ["chưa có chỉ mục"] else ["chỉ mục hỏng: " + "; ".join(problems)]
    manifest = read_manifest(index_dir) or {}
    expected = expected_manifest(corpus_dir, model, manifest.get("dimension"), index_type)
    reasons = []
    for key in ("format", "parser_version", "documents_version", "tokenizer_version", "model", "index_type"):
        if manifest.get(key) != expected[key]:
            reasons.append(f"{key}: {manifest.get(key)} → {expected[key]}")
    if manifest.get("files") != expected["files"]:
        old, new = manifest.get("files") or {}, expected["files"]
        changed = sorted(n for n in set(old) | set(new) if old.get(n) != new.get(n))
        reasons.append("tệp thay đổi: " + ", ".join(changed))
    return reasons


def _new_faiss(dimension: int, index_type: str) -> faiss.Index:
    if index_type == "flat":
        return faiss.IndexFlatIP(dimension)
    if index_type == "hnsw":
        return faiss.IndexHNSWFlat(dimension, 32, faiss.METRIC_INNER_PRODUCT)
    raise ValueError(f"Loại chỉ mục không hỗ trợ: {index_type} (chọn một trong {INDEX_TYPES})")


def _previous_vectors(folder: Path | None, model: str) -> dict[str, np.ndarray]:
    """text hash → vector from a good earlier version, if it used the same model."""
    manifest = read_manifest_file(folder)[0] if folder else None
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
    """Point CURRENT at `version` with one atomic rename, durable once this returns."""
    fd, tmp = tempfile.mkstemp(dir=index_dir, prefix=".CURRENT.")
    with os.fdopen(fd, "w", encoding="ascii") as handle:
        handle.write(version)
        handle.flush()
        os.fsync(handle.fileno())
    os.replace(tmp, index_dir / POINTER)
    fsync_path(index_dir)


def clean_leftovers(index_dir: Path, keep: set[str]) -> list[str]:
    """Remove crashed builds' staging folders, stray pointer files and versions not in `keep`.

    Only called under the index lock, so no other build's folder can be in progress.
    """
    removed = []
    versions = index_dir / "versions"
    leftovers = [p for p in index_dir.glob(".CURRENT.*")]
    if versions.is_dir():
        leftovers += [p for p in versions.iterdir() if p.name not in keep]
    for path in leftovers:
        if path.is_dir() and not path.is_symlink():
            shutil.rmtree(path, ignore_errors=True)
        else:
            path.unlink(missing_ok=True)
        removed.append(path.name)
    return removed


def write_faiss(index: faiss.Index, path: Path) -> None:
    faiss.write_index(index, str(path))


def _no_plans_message(corpus_dir: Path, skipped: list[Skipped]) -> str:
    if not skipped:
        return f"Thư mục {corpus_dir} không có tệp kế hoạch nào."
    reasons = "; ".join(f"{s.file}: {s.reason}" for s in skipped)
    return f"Thư mục {corpus_dir} không có tệp kế hoạch nào đọc được ({reasons})."


def build_index(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    index_type: str = "flat",
    progress: ProgressCallback | None = None,
) -> BuildReport:
    """Parse the corpus file by file, embed what changed, write a new version, swap it in — under the lock."""
    with index_lock(index_dir):
        return _build_locked(corpus_dir, index_dir, embedder, index_type, progress)


def _build_locked(corpus_dir: Path, index_dir: Path, embedder: Embedder, index_type: str,
                  progress: ProgressCallback | None) -> BuildReport:
    started = time.perf_counter()
    notify = progress or (lambda stage, fraction: None)
    previous = last_good_version(index_dir)
    clean_leftovers(index_dir, {previous.name} if previous else set())
    notify("Đọc và phân tích kế hoạch", 0.0)
    loaded = load_corpus_report(corpus_dir)
    if not loaded.plans:
        raise IndexError_(_no_plans_message(corpus_dir, loaded.skipped))
    documents = documents_for(loaded.plans)
    cached = _previous_vectors(previous, embedder.name)
    missing = [i for i, doc in enumerate(documents) if doc.text_hash not in cached]
    notify(f"Nhúng {len(missing)} đoạn mới ({len(documents) - len(missing)} dùng lại)", 0.1)
    fresh = embedder.encode_passages([documents[i].search_text for i in missing], show_progress=False)
    vectors = np.zeros((len(documents), embedder.dimension), dtype=np.float32)
    fresh_by_position = dict(zip(missing, fresh))
    for i, doc in enumerate(documents):
        vectors[i] = fresh_by_position[i] if i in fresh_by_position else cached[doc.text_hash]
    notify("Ghi chỉ mục", 0.8)
    (index_dir / "versions").mkdir(parents=True, exist_ok=True)
    version = new_version_name()
    staging = index_dir / "versions" / f".staging-{version}"
    staging.mkdir()
    try:
        faiss_index = _new_faiss(embedder.dimension, index_type)
        faiss_index.add(vectors)
        write_faiss(faiss_index, staging / "vectors.faiss")
        np.save(staging / "embeddings.npy", vectors, allow_pickle=False)
        _write_json(staging / "documents.json", [doc.to_dict() for doc in documents])
        _write_json(staging / "plans.json", [plan.to_dict() for plan in loaded.plans])
        LexicalIndex.build([doc.search_text for doc in documents]).save(staging / "lexical")
        manifest = expected_manifest(corpus_dir, embedder.name, embedder.dimension, index_type)
        manifest |= {"documents": len(documents), "created": datetime.now(timezone.utc).isoformat(),
                     "skipped": [s.to_dict() for s in loaded.skipped], "artifacts": artifact_records(staging)}
        _write_json(staging / MANIFEST, manifest)
        fsync_tree(staging)
        staging.rename(index_dir / "versions" / version)
        fsync_path(index_dir / "versions")
    except BaseException:
        shutil.rmtree(staging, ignore_errors=True)
        raise
    _swap_current(index_dir, version)
    clean_leftovers(index_dir, {version} | ({previous.name} if previous else set()))
    notify("Xong", 1.0)
    return BuildReport(
        documents=len(documents),
        embedded=len(missing),
        reused=len(documents) - len(missing),
        plans=[plan.plan_id for plan in loaded.plans],
        seconds=time.perf_counter() - started,
        version=version,
        skipped=loaded.skipped,
    )


def _load_folder(folder: Path) -> PlanIndex:
    """Read one verified version folder."""
    try:
        manifest = json.loads((folder / MANIFEST).read_text(encoding="utf-8"))
        plans = [Plan.from_dict(p) for p in json.loads((folder / "plans.json").read_text(encoding="utf-8"))]
        documents = [IndexDocument(**d) for d in json.loads((folder / "documents.json").read_text(encoding="utf-8"))]
        embeddings = np.load(folder / "embeddings.npy", allow_pickle=False)
        faiss_index = faiss.read_index(str(folder / "vectors.faiss"))
        lexical = LexicalIndex.load(folder / "lexical")
    except OSError as error:
        raise IndexError_(f"không đọc được ({os_reason(error)})") from error
    except (ValueError, TypeError, KeyError, AttributeError, RuntimeError) as error:
        raise IndexError_(f"nội dung không hợp lệ ({type(error).__name__})") from error
    if faiss_index.ntotal != len(documents) or len(lexical) != len(documents) or len(embeddings) != len(documents):
        raise IndexError_("các tệp không khớp số đoạn")
    return PlanIndex(folder, manifest, plans, documents, embeddings, faiss_index, lexical)


def load_index(index_dir: Path) -> PlanIndex:
    """Load the active version, verified; fall back to the newest good version when it is damaged."""
    pointed = _pointed_version(index_dir)
    candidates = ([pointed] if pointed else []) + [f for f in version_folders(index_dir) if f != pointed]
    problems = [] if pointed else damage(index_dir)
    for folder in candidates:
        found = verify_version(folder) if _inside(index_dir, folder) else ["nằm ngoài thư mục chỉ mục"]
        if not found:
            try:
                index = _load_folder(folder)
            except IndexError_ as error:
                found = [str(error)]
            else:
                if folder != pointed:
                    index.notes.append(f"Bản chỉ mục hiện hành hỏng ({'; '.join(problems)}); đang dùng bản "
                                       f"dự phòng {folder.name}. Chạy: plan-qa doctor")
                return index
        problems.append(f"{folder.name}: {'; '.join(found)}")
    if not candidates and problems == ["chưa có chỉ mục"]:
        raise IndexError_(f"Chưa có chỉ mục tại {index_dir}. Chạy: plan-qa index")
    raise IndexError_(f"Không có bản chỉ mục nào dùng được tại {index_dir} ({'; '.join(problems)}). "
                      "Chạy: plan-qa index")


def ensure_index(
    corpus_dir: Path,
    index_dir: Path,
    embedder: Embedder,
    index_type: str = "flat",
    progress: ProgressCallback | None = None,
) -> tuple[PlanIndex, BuildReport | None]:
    """Load the index, rebuilding it first when it is missing, damaged or stale.

    The rebuild re-checks under the lock (another process may just have built it). When it
    cannot be done (read-only folder, no readable plan), the last good version is served with a note.
    """
    report, notes = None, []
    if stale_reasons(index_dir, corpus_dir, embedder.name, index_type):
        try:
            with index_lock(index_dir):
                if stale_reasons(index_dir, corpus_dir, embedder.name, index_type):
                    report = _build_locked(corpus_dir, index_dir, embedder, index_type, progress)
        except (IndexError_, OSError) as error:
            if last_good_version(index_dir) is None:
                raise _as_index_error(error) from error
            notes.append(f"Không cập nhật được chỉ mục ({_as_index_error(error)}); đang dùng bản chỉ mục "
                         "cũ, có thể thiếu thay đổi mới nhất của kho.")
    index = load_index(index_dir)
    index.notes[:0] = notes
    return index, report


def _as_index_error(error: BaseException) -> IndexError_:
    if isinstance(error, IndexError_):
        return error
    if isinstance(error, OSError):
        return IndexError_(f"lỗi ghi chỉ mục: {os_reason(error)}")
    return IndexError_(str(error))
