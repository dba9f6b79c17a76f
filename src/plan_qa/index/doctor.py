"""`plan-qa doctor`: say what is wrong with an index folder, then repair it under the lock."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path

from plan_qa.embeddings import Embedder
from plan_qa.index.integrity import read_pointer, verify_version, version_folders
from plan_qa.index.lock import index_lock
from plan_qa.index.store import BuildReport, _build_locked, clean_leftovers, last_good_version, stale_reasons


@dataclass
class Diagnosis:
    """The state of an index folder: why it must be rebuilt, damaged versions, crash leftovers."""

    rebuild: list[str] = field(default_factory=list)
    damaged: dict[str, list[str]] = field(default_factory=dict)
    leftovers: list[str] = field(default_factory=list)
    last_good: str | None = None

    @property
    def healthy(self) -> bool:
        return not (self.rebuild or self.damaged or self.leftovers)

    def lines(self) -> list[str]:
        """The diagnosis in Vietnamese, one finding per line."""
        found = [f"Cần dựng lại: {reason}" for reason in self.rebuild]
        found += [f"Phiên bản {name} hỏng: {'; '.join(problems)}" for name, problems in self.damaged.items()]
        found += [f"Tàn dư của lần dựng bị gián đoạn: {name}" for name in self.leftovers]
        found.append(f"Bản chỉ mục tốt gần nhất: {self.last_good}" if self.last_good
                     else "Không có bản chỉ mục nào dùng được.")
        return found


def diagnose(index_dir: Path, corpus_dir: Path, model: str, index_type: str) -> Diagnosis:
    """Inspect without changing anything."""
    diagnosis = Diagnosis(rebuild=stale_reasons(index_dir, corpus_dir, model, index_type))
    if diagnosis.rebuild == ["chưa có chỉ mục"] and not version_folders(index_dir):
        return diagnosis
    good = last_good_version(index_dir)
    diagnosis.last_good = good.name if good else None
    for folder in version_folders(index_dir):
        problems = verify_version(folder)
        if problems:
            diagnosis.damaged[folder.name] = problems
    versions = index_dir / "versions"
    diagnosis.leftovers = sorted(p.name for p in index_dir.glob(".CURRENT.*"))
    if versions.is_dir():
        diagnosis.leftovers += sorted(p.name for p in versions.iterdir() if p.name.startswith("."))
    return diagnosis


def repair(index_dir: Path, corpus_dir: Path, embedder: Embedder, index_type: str) -> BuildReport | None:
    """Rebuild when damaged or stale, and remove damaged versions and leftovers — under the lock."""
    with index_lock(index_dir):
        if stale_reasons(index_dir, corpus_dir, embedder.name, index_type):
            return _build_locked(corpus_dir, index_dir, embedder, index_type, None)
        current, _ = read_pointer(index_dir)
        previous = next((f.name for f in version_folders(index_dir) if f.name != current and not verify_version(f)),
                        None)
        clean_leftovers(index_dir, {name for name in (current, previous) if name})
    return None
