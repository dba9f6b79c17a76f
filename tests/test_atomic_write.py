"""One atomic-write helper for every file the product writes whole (OCR cache, downloads, corpus uploads)."""

from __future__ import annotations

import multiprocessing
from pathlib import Path

import pytest

from plan_qa.atomic import write_atomically

_SIZE = 1 << 18  # large enough that a torn write would be seen (several write calls)


def _context():
    """Fork where the OS has it (the writers start at once, without importing the package again)."""
    methods = multiprocessing.get_all_start_methods()
    return multiprocessing.get_context("fork" if "fork" in methods else "spawn")


def _leftovers(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if p.name.endswith(".tmp"))


def test_bytes_text_and_file_copies_are_written_whole(tmp_path: Path) -> None:
    assert write_atomically(tmp_path / "a" / "b.bin", b"\x00\x01").read_bytes() == b"\x00\x01"
    assert write_atomically(tmp_path / "t.txt", "Sở Y tế chủ trì").read_text(encoding="utf-8") == "Sở Y tế chủ trì"
    source = tmp_path / "nguon.docx"
    source.write_bytes(b"PK" * 1000)
    assert write_atomically(tmp_path / "kho" / "ke-hoach.docx", source).read_bytes() == b"PK" * 1000
    write_atomically(tmp_path / "t.txt", "thay thế")  # replace=True overwrites
    assert (tmp_path / "t.txt").read_text(encoding="utf-8") == "thay thế"
    assert _leftovers(tmp_path) == [] and _leftovers(tmp_path / "kho") == []


def test_an_existing_file_is_never_overwritten_without_replace(tmp_path: Path) -> None:
    target = tmp_path / "ke-hoach.md"
    target.write_text("cũ", encoding="utf-8")
    with pytest.raises(FileExistsError):
        write_atomically(target, "mới", replace=False)
    assert target.read_text(encoding="utf-8") == "cũ" and _leftovers(tmp_path) == []


def test_a_failed_write_leaves_neither_target_nor_temporary_file(tmp_path: Path) -> None:
    with pytest.raises(FileNotFoundError):
        write_atomically(tmp_path / "ke-hoach.docx", tmp_path / "khong-co.docx")
    assert list(tmp_path.iterdir()) == []


def _write_many(target: str, fill: int, rounds: int) -> None:
    for _ in range(rounds):
        write_atomically(Path(target), bytes([fill]) * _SIZE)


def _claim(target: str, fill: int, results) -> None:
    try:
        write_atomically(Path(target), bytes([fill]) * _SIZE, replace=False)
        results.put(fill)
    except FileExistsError:
        results.put(None)


def test_readers_in_this_process_never_see_a_torn_file_written_by_other_processes(tmp_path: Path) -> None:
    target = tmp_path / "trang-3.txt"
    write_atomically(target, bytes([0]) * _SIZE)
    context = _context()
    writers = [context.Process(target=_write_many, args=(str(target), fill, 5)) for fill in (1, 2)]
    for writer in writers:
        writer.start()

    while any(writer.is_alive() for writer in writers):
        data = target.read_bytes()
        assert len(data) == _SIZE and len(set(data)) == 1  # one writer's whole content

    for writer in writers:
        writer.join()
        assert writer.exitcode == 0
    assert _leftovers(tmp_path) == []


def test_of_processes_adding_the_same_name_exactly_one_wins(tmp_path: Path) -> None:
    target = tmp_path / "ke-hoach.docx"
    context = _context()
    results = context.Queue()
    claimants = [context.Process(target=_claim, args=(str(target), fill, results)) for fill in (1, 2, 3)]
    for claimant in claimants:
        claimant.start()
    outcomes = [results.get(timeout=120) for _ in claimants]
    for claimant in claimants:
        claimant.join()
    winners = [fill for fill in outcomes if fill is not None]
    assert len(winners) == 1 and target.read_bytes() == bytes(winners) * _SIZE
    assert _leftovers(tmp_path) == []
