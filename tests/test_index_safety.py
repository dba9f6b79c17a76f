"""The index under stress: two builds at once from two processes, every kind of damage, bad corpus files,
leftovers of crashed builds, a read-only index folder. Real model, real FAISS/BM25, real corpus."""

from __future__ import annotations

import errno
import json
import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from plan_qa.answering import Assistant
from plan_qa.config import Settings
from plan_qa.embeddings import Embedder, load_embedder
from plan_qa.index import IndexError_, build_index, ensure_index, load_index, stale_reasons
from plan_qa.index.integrity import read_pointer, verify_version

REPO = Path(__file__).resolve().parents[1]
QUESTION = "Cơ quan nào chủ trì đề xuất xây dựng các khu xử lý, tái chế chất thải?"
LEAD = "Sở Nông nghiệp và Môi trường"


@pytest.fixture(scope="module")
def embedder() -> Embedder:
    return load_embedder()


@pytest.fixture(scope="module")
def pristine(tmp_path_factory: pytest.TempPathFactory, embedder: Embedder) -> Path:
    """Corpus copy + an index with two good versions (the second reuses every vector)."""
    root = tmp_path_factory.mktemp("pristine")
    shutil.copytree(REPO / "corpus", root / "corpus")
    settings = Settings(corpus_dir=root / "corpus", index_root=root / "indexes")
    build_index(settings.corpus_dir, settings.index_dir, embedder)
    build_index(settings.corpus_dir, settings.index_dir, embedder)
    return root


@pytest.fixture
def site(pristine: Path, tmp_path: Path) -> Settings:
    """A fresh copy of the pristine corpus and index for one test to damage."""
    shutil.copytree(pristine, tmp_path / "site")
    return Settings(corpus_dir=tmp_path / "site" / "corpus", index_root=tmp_path / "site" / "indexes")


def current_folder(settings: Settings) -> Path:
    return settings.index_dir / "versions" / (settings.index_dir / "CURRENT").read_text()


def assert_whole_and_right(settings: Settings, embedder: Embedder) -> None:
    """CURRENT points at a verified version and the standard question gets the right lead."""
    name, problem = read_pointer(settings.index_dir)
    assert problem is None and verify_version(settings.index_dir / "versions" / name) == []
    index = load_index(settings.index_dir)
    assert [p.plan_id for p in index.plans][:5] == ["000", "001", "002", "003", "004"]
    answer = Assistant(index, embedder, settings).ask(QUESTION)
    assert answer.found and LEAD in answer.answer


# -- 1. two builds at once -----------------------------------------------------------------------------------

BUILD_SCRIPT = """
import sys
from pathlib import Path
from plan_qa.embeddings import load_embedder
from plan_qa.index import build_index
report = build_index(Path(sys.argv[1]), Path(sys.argv[2]), load_embedder())
print(report.version)
"""


def test_two_processes_building_at_once_leave_a_whole_index(site: Settings, embedder: Embedder) -> None:
    previous = (site.index_dir / "CURRENT").read_text()
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    command = [sys.executable, "-c", BUILD_SCRIPT, str(site.corpus_dir), str(site.index_dir)]
    runs = [subprocess.Popen(command, env=env, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            for _ in range(2)]
    outputs = [run.communicate(timeout=600) for run in runs]
    assert [run.returncode for run in runs] == [0, 0], [err[-2000:] for _, err in outputs]
    versions = {out.strip() for out, _ in outputs}
    assert len(versions) == 2
    folders = {p.name for p in (site.index_dir / "versions").iterdir()}
    assert (site.index_dir / "CURRENT").read_text() in versions
    assert folders <= versions | {previous}  # nothing else, no staging folder, the last good one kept
    assert all(not verify_version(site.index_dir / "versions" / name) for name in folders)
    assert stale_reasons(site.index_dir, site.corpus_dir, embedder.name, "flat") == []
    assert_whole_and_right(site, embedder)


# -- 2. damage of every kind: detected, fallen back from, repaired ----------------------------------------------


def _truncate(path: Path) -> None:
    path.write_bytes(path.read_bytes()[: path.stat().st_size // 2])


def _lexical_file(folder: Path) -> Path:
    return max((p for p in (folder / "lexical").rglob("*") if p.is_file()), key=lambda p: p.stat().st_size)


VERSION_DAMAGE = {
    "manifest []": lambda f: (f / "manifest.json").write_text("[]"),
    "manifest empty": lambda f: (f / "manifest.json").write_text(""),
    "manifest invalid": lambda f: (f / "manifest.json").write_text("{không phải json"),
    "manifest deleted": lambda f: (f / "manifest.json").unlink(),
    "vectors.faiss truncated": lambda f: _truncate(f / "vectors.faiss"),
    "vectors.faiss deleted": lambda f: (f / "vectors.faiss").unlink(),
    "documents.json truncated": lambda f: _truncate(f / "documents.json"),
    "documents.json deleted": lambda f: (f / "documents.json").unlink(),
    "embeddings.npy truncated": lambda f: _truncate(f / "embeddings.npy"),
    "lexical truncated": lambda f: _truncate(_lexical_file(f)),
    "lexical deleted": lambda f: shutil.rmtree(f / "lexical"),
    "plans.json altered": lambda f: (f / "plans.json").write_text("[]"),
}


@pytest.mark.parametrize("kind", sorted(VERSION_DAMAGE))
def test_damaged_version_is_detected_served_from_the_last_good_one_and_rebuilt(
        site: Settings, embedder: Embedder, kind: str) -> None:
    damaged = current_folder(site)
    VERSION_DAMAGE[kind](damaged)
    reasons = stale_reasons(site.index_dir, site.corpus_dir, embedder.name, "flat")
    assert reasons and reasons[0].startswith("chỉ mục hỏng"), reasons
    fallback = load_index(site.index_dir)
    assert fallback.folder != damaged and "dự phòng" in fallback.notes[0]
    index, report = ensure_index(site.corpus_dir, site.index_dir, embedder)
    assert report is not None and report.embedded == 0  # vectors reused from the good version
    assert not damaged.exists() and index.folder.name == report.version
    assert_whole_and_right(site, embedder)


POINTER_DAMAGE = {
    "invalid utf-8": b"\xff\xfe\x80 not utf-8",
    "300-character name": ("a" * 300).encode(),
    "outside the root": b"../../x",
    "absent version": b"20990101T000000-deadbeef",
    "empty": b"",
}


@pytest.mark.parametrize("kind", sorted(POINTER_DAMAGE))
def test_damaged_pointer_never_wedges_and_never_leaves_the_root(
        site: Settings, embedder: Embedder, kind: str) -> None:
    decoy = site.index_dir.parent / "x"  # what ../../x would reach from versions/
    shutil.copytree(current_folder(site), decoy)
    (site.index_dir / "CURRENT").write_bytes(POINTER_DAMAGE[kind])
    assert stale_reasons(site.index_dir, site.corpus_dir, embedder.name, "flat")
    fallback = load_index(site.index_dir)
    assert fallback.folder.parent == site.index_dir / "versions" and fallback.notes
    _, report = ensure_index(site.corpus_dir, site.index_dir, embedder)
    assert report is not None
    assert_whole_and_right(site, embedder)
    assert decoy.is_dir()  # untouched


def test_every_version_damaged_raises_a_clear_error_then_rebuilds(site: Settings, embedder: Embedder) -> None:
    for folder in (site.index_dir / "versions").iterdir():
        (folder / "manifest.json").write_text("[]")
    with pytest.raises(IndexError_, match="Không có bản chỉ mục nào dùng được"):
        load_index(site.index_dir)
    ensure_index(site.corpus_dir, site.index_dir, embedder)
    assert_whole_and_right(site, embedder)


def test_leftovers_of_crashed_builds_are_cleaned_and_the_previous_version_kept(
        site: Settings, embedder: Embedder) -> None:
    previous = current_folder(site)
    (site.index_dir / "versions" / ".staging-20200101T000000-00000000").mkdir()
    (site.index_dir / ".CURRENT.abc123").write_text("x")
    orphan = site.index_dir / "versions" / "20200101T000000-0000abcd"
    shutil.copytree(previous, orphan)
    report = build_index(site.corpus_dir, site.index_dir, embedder)
    names = {p.name for p in (site.index_dir / "versions").iterdir()}
    assert names == {previous.name, report.version}
    assert not list(site.index_dir.glob(".CURRENT.*"))


def test_old_format_index_is_rebuilt(site: Settings, embedder: Embedder) -> None:
    manifest_path = current_folder(site) / "manifest.json"
    manifest = json.loads(manifest_path.read_text())
    del manifest["artifacts"]
    manifest_path.write_text(json.dumps(manifest))
    assert stale_reasons(site.index_dir, site.corpus_dir, embedder.name, "flat")


# -- 3. bad corpus files are skipped, the rest serves ---------------------------------------------------------


def test_bad_files_are_skipped_with_reasons_and_the_rest_answers(site: Settings, embedder: Embedder) -> None:
    corpus = site.corpus_dir
    (corpus / "010_trong.txt").write_bytes(b"")
    (corpus / "011_nhi-phan.pdf").write_bytes(b"%PDF-1.4 truncated")
    (corpus / "012_ghi-chu.txt").write_text("Chỉ là một ghi chú, không phải kế hoạch.", encoding="utf-8")
    shutil.copyfile(next(corpus.glob("004_*.txt")), corpus / "004_zz-ban-sao.txt")
    (corpus / "README.md").write_text("# Ghi chú kho\n", encoding="utf-8")
    index, report = ensure_index(corpus, site.index_dir, embedder)
    skipped = {s.file: s.reason for s in index.skipped}
    assert set(skipped) == {"010_trong.txt", "011_nhi-phan.pdf", "012_ghi-chu.txt", "004_zz-ban-sao.txt", "README.md"}
    assert "rỗng" in skipped["010_trong.txt"] and "cấu trúc kế hoạch" in skipped["012_ghi-chu.txt"]
    assert "trùng mã kế hoạch" in skipped["004_zz-ban-sao.txt"]
    assert report is not None and report.skipped and sorted(report.plans) == ["000", "001", "002", "003", "004"]
    assert stale_reasons(site.index_dir, corpus, embedder.name, "flat") == []  # no rebuild loop
    assert_whole_and_right(site, embedder)


def test_read_only_index_with_changed_corpus_keeps_serving(site: Settings, embedder: Embedder,
                                                           monkeypatch: pytest.MonkeyPatch) -> None:
    before = current_folder(site)
    plan = next(site.corpus_dir.glob("002_*.txt"))
    plan.write_text(plan.read_text(encoding="utf-8") + "\n", encoding="utf-8")

    def read_only(*_: object, **__: object) -> None:  # the lock file cannot be created: EROFS
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr("plan_qa.index.lock.FileLock", read_only)
    index, report = ensure_index(site.corpus_dir, site.index_dir, embedder)
    assert report is None and index.folder == before
    assert "thư mục chỉ cho phép đọc" in index.notes[0] and "bản chỉ mục cũ" in index.notes[0]


# -- the CLI: `index` repairs damage, `doctor` reports and repairs ------------------------------------------------


def _cli(settings: Settings, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src"), "PLAN_QA_INDEX_ROOT": str(settings.index_root),
           "PLAN_QA_CORPUS": str(settings.corpus_dir)}
    return subprocess.run([sys.executable, "-m", "plan_qa.cli", *args], env=env, capture_output=True, text=True,
                          timeout=600)


def test_cli_index_detects_damage_and_doctor_reports_then_repairs(site: Settings, embedder: Embedder) -> None:
    (current_folder(site) / "vectors.faiss").unlink()
    (site.index_dir / "versions" / ".staging-20200101T000000-00000000").mkdir()
    (site.corpus_dir / "010_trong.txt").write_bytes(b"")
    check = _cli(site, "index", "--check")
    assert check.returncode == 1 and "thiếu vectors.faiss" in check.stdout and ".staging-" in check.stdout
    assert "Traceback" not in check.stderr
    repaired = _cli(site, "doctor")
    assert repaired.returncode == 0, repaired.stdout + repaired.stderr
    assert "Đã sửa" in repaired.stdout and "Bỏ qua 010_trong.txt" in repaired.stderr and "rỗng" in repaired.stderr
    healthy = _cli(site, "index")
    assert healthy.returncode == 0 and "nguyên vẹn" in healthy.stdout
    assert_whole_and_right(site, embedder)


def test_cli_ask_serves_with_a_bad_file_and_names_it(site: Settings) -> None:
    (site.corpus_dir / "010_nhi-phan.txt").write_bytes(bytes(range(256)) * 8)
    result = _cli(site, "ask", QUESTION)
    assert result.returncode == 0 and LEAD in result.stdout
    assert "Bỏ qua 010_nhi-phan.txt" in result.stderr and "Traceback" not in result.stderr
    listed = _cli(site, "plans", "--json")
    assert listed.returncode == 0 and "Bỏ qua 010_nhi-phan.txt" in listed.stderr
    assert [p["plan_id"] for p in json.loads(listed.stdout)] == ["000", "001", "002", "003", "004"]
