"""Tests for the Vietnamese BM25 index, on paragraphs of the bundled corpus."""

from __future__ import annotations

import unicodedata
from pathlib import Path

import numpy as np
import pytest

ROOT = Path(__file__).resolve().parents[1]
from plan_qa.index.lexical import LexicalIndex, tokenize
from plan_qa.text.vietnamese import (
    fold_diacritics,
    has_diacritics,
    nfc,
    normalize_tone_placement,
)

FOLDED_QUESTION = "co quan nao chu tri xay dung khu xu ly tai che chat thai"


def corpus_paragraphs() -> list[str]:
    """Consecutive non-blank lines of corpus/*.txt, joined into paragraphs."""
    paragraphs: list[str] = []
    for path in sorted((ROOT / "corpus").glob("*.txt")):
        current: list[str] = []
        for line in [*path.read_text(encoding="utf-8").splitlines(), ""]:
            if line.strip():
                current.append(line.strip())
            elif current:
                paragraphs.append(" ".join(current))
                current = []
    return paragraphs


@pytest.fixture(scope="module")
def paragraphs() -> list[str]:
    found = corpus_paragraphs()
    assert len(found) > 500
    return found


@pytest.fixture(scope="module")
def index(paragraphs: list[str]) -> LexicalIndex:
    return LexicalIndex.build(paragraphs)


def test_vietnamese_helpers() -> None:
    decomposed = unicodedata.normalize("NFD", "Sở nào chủ trì")
    assert nfc(decomposed) == "Sở nào chủ trì"
    assert fold_diacritics(decomposed) == "So nao chu tri"
    assert fold_diacritics("ĐƯỜNG đường dương đương Ưu tiên ấp ắt") == (
        "DUONG duong duong duong Uu tien ap at")
    assert has_diacritics(decomposed) and has_diacritics("đ")
    assert not has_diacritics("so nao chu tri 1894/QD-TTg")
    assert [normalize_tone_placement(s) for s in ("hoá", "khoẻ", "thuỷ", "quý", "của")] == [
        "hóa", "khỏe", "thủy", "quý", "của"]


def test_tokenize_compounds_syllables_codes_no_punctuation() -> None:
    tokens = tokenize("Khu xử lý, tái chế chất thải (Quyết định 1894/QĐ-TTg).")
    assert {"chất_thải", "chất", "thải", "xử_lý", "xử", "lý", "1894", "qđ-ttg", "qđ",
            "ttg"} <= set(tokens)
    assert all(any(ch.isalnum() for ch in t) for t in tokens)
    assert tokenize("hoá chất") == tokenize("hóa chất")
    assert tokenize(" .,;?! ") == []


def test_folded_query_finds_diacritic_paragraph(index: LexicalIndex,
                                                paragraphs: list[str]) -> None:
    top = index.search(FOLDED_QUESTION, k=3)
    assert any("khu xử lý, tái chế chất thải" in paragraphs[i] for i, _ in top)


def test_exact_diacritics_outrank_folded_matches() -> None:
    docs = [
        "Sở Giao thông vận tải nâng cấp tuyến đường tỉnh qua các xã.",
        "Tỉnh bảo vệ hệ sinh thái biển và đại dương qua các xã.",
        "Chính quyền đương nhiệm chịu trách nhiệm trước các xã.",
    ]
    small = LexicalIndex.build(docs)
    for query, expected in (("đường", 0), ("dương", 1), ("đương", 2)):
        results = small.search(query)
        assert results[0][0] == expected
        assert {i for i, _ in results} == {0, 1, 2}  # folded form still matches the others
        assert results[0][1] > results[1][1]
    folded = small.search("duong")
    assert {i for i, _ in folded} == {0, 1, 2}


def test_number_matches_document_code(index: LexicalIndex, paragraphs: list[str]) -> None:
    top = index.search("1894", k=5)
    assert len(top) == 5
    assert all("1894/QĐ-TTg" in paragraphs[i] for i, _ in top)


def test_results_sorted_and_ties_broken_by_index() -> None:
    docs = ["Kế hoạch phát triển công nghiệp môi trường.", "Báo cáo tài chính năm.",
            "Kế hoạch phát triển công nghiệp môi trường.", "Kế hoạch phát triển."]
    results = LexicalIndex.build(docs).search("kế hoạch phát triển công nghiệp")
    assert [i for i, _ in results] == [0, 2, 3]
    assert results[0][1] == results[1][1] > results[2][1]


def test_allowed_excludes_documents(index: LexicalIndex) -> None:
    full = index.search(FOLDED_QUESTION, k=10)
    best = full[0][0]
    mask = np.ones(len(index), dtype=bool)
    mask[best] = False
    masked = index.search(FOLDED_QUESTION, k=10, allowed=mask)
    assert best not in {i for i, _ in masked}
    assert masked[:5] == full[1:6]
    subset = {i for i, _ in full[2:5]}
    assert {i for i, _ in index.search(FOLDED_QUESTION, allowed=subset)} == subset
    assert index.search(FOLDED_QUESTION, allowed=np.zeros(len(index), dtype=bool)) == []
    with pytest.raises(ValueError):
        index.search(FOLDED_QUESTION, allowed=np.ones(3, dtype=bool))


def test_save_load_round_trip_without_pickle(index: LexicalIndex, tmp_path: Path) -> None:
    index.save(tmp_path)
    files = [p for p in tmp_path.rglob("*") if p.is_file()]
    assert files and {p.suffix for p in files} <= {".json", ".npy"}
    for npy in tmp_path.rglob("*.npy"):
        assert np.load(npy, allow_pickle=False).dtype != object
    loaded = LexicalIndex.load(tmp_path)
    assert len(loaded) == len(index)
    allowed = np.arange(len(index)) % 2 == 0
    for query in (FOLDED_QUESTION, "Sở nào chủ trì xây dựng khu xử lý chất thải?", "1894",
                  "thị trường các-bon"):
        assert loaded.search(query, k=20) == index.search(query, k=20)
        assert loaded.search(query, allowed=allowed) == index.search(query, allowed=allowed)


@pytest.mark.parametrize("query", ["", "   ", "?!", "từkhôngcótrongkho"])
def test_query_without_matches_returns_empty(index: LexicalIndex, query: str) -> None:
    assert index.search(query) == []
