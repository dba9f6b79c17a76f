"""Compare bm25s and rank_bm25 on the corpus paragraphs, and measure the tokenisation design.

Run: `python bench/bench_bm25_libs.py` (needs `pip install rank_bm25`). Writes
`bench/results/bm25_libs.md`.

Part 1 (libraries): both libraries index the same pre-tokenised paragraphs as the
exact + folded pair that `LexicalIndex` uses; build time is the median of 5 builds, query
latency is BM25 scoring + top-10 selection for 64 queries (32 questions, each with and
without diacritics), tokenisation excluded. Persistence: bm25s save/load vs rebuilding
rank_bm25 from tokens stored as JSON (its only other persistence is pickle).

Part 2 (tokenisation): retrieval quality of `LexicalIndex` with its `tokenize` swapped for
(a) underthesea compounds only, (b) whitespace syllables only, (c) compounds + syllables
(the shipped `tokenize`), and of (c) with several folded-score weights. Queries: the 32
questions (relevant = paragraphs containing a key phrase) and 300 known-item spans (6 words
cut from random paragraphs), each with diacritics, without, and with every other word
folded (a partly unaccented query: what the folded-score weight is for).
"""

from __future__ import annotations

import json
import random
import re
import statistics
import tempfile
import time
from collections.abc import Callable
from pathlib import Path
from unittest import mock

import bm25s
import numpy as np
from rank_bm25 import BM25Okapi

ROOT = Path(__file__).resolve().parents[1]
from plan_qa.index import lexical
from plan_qa.index.lexical import LexicalIndex, tokenize
from plan_qa.text.vietnamese import (
    fold_diacritics,
    has_diacritics,
    nfc,
    normalize_tone_placement,
    word_tokenize,
)

RESULTS = ROOT / "bench" / "results" / "bm25_libs.md"
K = 10

# (question, key phrase): a paragraph is relevant if it contains the phrase (lower-cased NFC).
QUESTIONS: list[tuple[str, str]] = [
    ("Cơ quan nào chủ trì xây dựng khu xử lý, tái chế chất thải?",
     "khu xử lý, tái chế chất thải"),
    ("Nghiên cứu điều kiện tham gia thị trường các-bon của thành phố", "thị trường các-bon"),
    ("Đơn vị nào thực hiện kiểm kê khí nhà kính?", "kiểm kê khí nhà kính"),
    ("Kinh phí thực hiện kế hoạch năm 2026 lấy từ nguồn nào?",
     "kinh phí thực hiện kế hoạch năm 2026"),
    ("Di dời các cơ sở sản xuất gây ô nhiễm vào khu, cụm công nghiệp", "di dời các cơ sở"),
    ("Nội dung của Quyết định 2546/QĐ-UBND", "2546/qđ-ubnd"),
    ("Chương trình sử dụng năng lượng tiết kiệm theo Quyết định 280/QĐ-TTg", "280/qđ-ttg"),
    ("biện pháp giảm phát thải nhựa", "phát thải nhựa"),
    ("bổ sung vào Danh mục sản phẩm cơ khí trọng điểm", "cơ khí trọng điểm"),
    ("đào tạo nguồn nhân lực cho ngành công nghiệp môi trường", "nguồn nhân lực"),
    ("học tập kinh nghiệm về bảo vệ môi trường ở các tỉnh khác", "học tập kinh nghiệm"),
    ("hướng dẫn người tiêu dùng mua sắm có trách nhiệm", "mua sắm có trách nhiệm"),
    ("nhiệm vụ bảo vệ tầng ô-zôn", "tầng ô-zôn"),
    ("bố trí kho chứa hóa chất tại khu công nghiệp", "kho chứa hóa chất"),
    ("hỗ trợ doanh nghiệp mua bán quyền sáng chế, thuê chuyên gia", "quyền sáng chế"),
    ("hệ thống thu gom, phân loại, xử lý chất thải rắn đô thị tập trung",
     "chất thải rắn đô thị tập trung"),
    ("Quyết định 889/QĐ-TTg về sản xuất và tiêu dùng bền vững", "889/qđ-ttg"),
    ("Nghị quyết 22/2025/NQ-HĐND về giảm phát thải nhựa", "22/2025/nq-hđnd"),
    ("phục hồi môi trường khu vực ô nhiễm không xác định được nguồn gây ô nhiễm",
     "không xác định được nguồn"),
    ("phát triển sản xuất pin và năng lượng dự trữ", "sản xuất pin"),
    ("hỗ trợ doanh nghiệp nhỏ và vừa trong ngành công nghiệp môi trường",
     "doanh nghiệp nhỏ và vừa"),
    ("chính sách hỗ trợ quỹ đất để di dời hộ gia đình", "quỹ đất"),
    ("Quyết định 2678/QĐ-BCT của Bộ Công Thương", "2678/qđ-bct"),
    ("tuyên truyền trên các phương tiện thông tin đại chúng", "thông tin đại chúng"),
    ("Sở Nội vụ được giao nhiệm vụ gì?", "sở nội vụ"),
    ("ứng dụng thiết bị cơ điện tử và điều khiển tự động", "cơ điện tử"),
    ("triển khai Luật Bảo vệ môi trường năm 2020", "luật bảo vệ môi trường năm 2020"),
    ("kiểm tra, xử lý vi phạm pháp luật về bảo vệ môi trường",
     "vi phạm pháp luật về bảo vệ môi trường"),
    ("phát triển năng lượng từ chất thải", "năng lượng từ chất thải"),
    ("Sở nào tiếp nhận báo cáo kiểm kê khí nhà kính?", "tiếp nhận báo cáo kiểm kê"),
    ("làng nghề gây ô nhiễm", "làng nghề"),
    ("ban hành tiêu chuẩn, quy chuẩn kỹ thuật cho hàng hóa công nghiệp môi trường",
     "tiêu chuẩn, quy chuẩn"),
]

_CORE = re.compile(r"[^\W_]+(?:[^\w\s]+[^\W_]+)*")
_PART = re.compile(r"[^\W_]+")


def load_paragraphs() -> list[str]:
    """Group consecutive non-blank lines of corpus/*.txt into paragraphs."""
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


def _code_parts(syllable: str) -> list[str]:
    """Alphanumeric parts of a syllable with inner punctuation ("qđ-ttg" → qđ, ttg), else []."""
    parts = _PART.findall(syllable)
    return parts if len(parts) > 1 else []


def _syllables(word: str) -> list[str]:
    return [normalize_tone_placement(c) for piece in word.lower().split()
            for c in _CORE.findall(piece)]


def tokenize_compounds(text: str) -> list[str]:
    """Variant (a): one token per underthesea word ("chất_thải"), no separate syllables."""
    tokens: list[str] = []
    for word in word_tokenize(nfc(text)):
        syllables = _syllables(word)
        if syllables:
            tokens.append("_".join(syllables))
            tokens.extend(part for s in syllables for part in _code_parts(s))
    return tokens


def tokenize_syllables(text: str) -> list[str]:
    """Variant (b): whitespace syllables only, no word segmentation."""
    return [t for s in _syllables(nfc(text)) for t in (s, *_code_parts(s))]


def percentile(values: list[float], q: float) -> float:
    return float(np.percentile(np.asarray(values), q))


def ms(seconds: float) -> str:
    return f"{seconds * 1000:.3f}"


def queries_with_folded() -> list[str]:
    return [q for question, _ in QUESTIONS for q in (question, fold_diacritics(question))]


# ---------------------------------------------------------------- part 1: libraries
class Bm25sPair:
    """Exact + folded bm25s indexes, scored like LexicalIndex.search."""

    def __init__(self, exact_docs: list[list[str]], folded_docs: list[list[str]]) -> None:
        self.exact, self.folded = bm25s.BM25(), bm25s.BM25()
        self.exact.index(exact_docs, show_progress=False)
        self.folded.index(folded_docs, show_progress=False)

    def scores(self, tokens: list[str], folded: list[str], diacritics: bool) -> np.ndarray:
        s = self.folded.get_scores_from_ids(self.folded.get_tokens_ids(folded)).astype(np.float64)
        if diacritics:
            e = self.exact.get_scores_from_ids(self.exact.get_tokens_ids(tokens))
            s = e + lexical.FOLDED_WEIGHT * s
        return s


class RankBm25Pair:
    """Exact + folded rank_bm25 (BM25Okapi) indexes, same combination."""

    def __init__(self, exact_docs: list[list[str]], folded_docs: list[list[str]]) -> None:
        self.exact, self.folded = BM25Okapi(exact_docs), BM25Okapi(folded_docs)

    def scores(self, tokens: list[str], folded: list[str], diacritics: bool) -> np.ndarray:
        s = self.folded.get_scores(folded)
        if diacritics:
            s = self.exact.get_scores(tokens) + lexical.FOLDED_WEIGHT * s
        return s


def top_k(scores: np.ndarray) -> list[int]:
    candidates = np.flatnonzero(scores > 0)
    order = np.lexsort((candidates, -scores[candidates]))[:K]
    return candidates[order].tolist()


def bench_libraries(paragraphs: list[str]) -> list[str]:
    word_tokenize.cache_clear()
    start = time.perf_counter()
    exact_docs = [tokenize(p) for p in paragraphs]
    tokenize_s = time.perf_counter() - start
    folded_docs = [[fold_diacritics(t) for t in doc] for doc in exact_docs]
    queries = [(tokenize(q), has_diacritics(q)) for q in queries_with_folded()]
    queries = [(t, [fold_diacritics(x) for x in t], d) for t, d in queries]

    rows, rankings = [], {}
    for name, cls in (("bm25s 0.3.16 (numpy)", Bm25sPair), ("rank_bm25 0.2.2 (BM25Okapi)",
                                                            RankBm25Pair)):
        builds = []
        for _ in range(5):
            start = time.perf_counter()
            pair = cls(exact_docs, folded_docs)
            builds.append(time.perf_counter() - start)
        for t, f, d in queries[:5]:  # warm-up
            top_k(pair.scores(t, f, d))
        latencies, ranking = [], []
        for _ in range(3):
            for t, f, d in queries:
                start = time.perf_counter()
                ranking.append(top_k(pair.scores(t, f, d)))
                latencies.append(time.perf_counter() - start)
        rankings[name] = ranking[: len(queries)]
        rows.append(f"| {name} | {ms(statistics.median(builds))} | {ms(percentile(latencies, 50))}"
                    f" | {ms(percentile(latencies, 95))} |")
    names = list(rankings)
    overlap = statistics.mean(
        len(set(a) & set(b)) / max(1, min(len(a), len(b)))
        for a, b in zip(rankings[names[0]], rankings[names[1]], strict=True)
    )

    # persistence
    index = LexicalIndex.build(paragraphs)
    with tempfile.TemporaryDirectory() as tmp:
        start = time.perf_counter()
        index.save(Path(tmp))
        save_s = time.perf_counter() - start
        start = time.perf_counter()
        loaded = LexicalIndex.load(Path(tmp))
        load_s = time.perf_counter() - start
        files = sorted(str(p.relative_to(tmp)) for p in Path(tmp).rglob("*") if p.is_file())
        for npy in Path(tmp).rglob("*.npy"):
            np.load(npy, allow_pickle=False)
        assert all(loaded.search(q) == index.search(q) for q in queries_with_folded())
        tokens_json = Path(tmp) / "tokens.json"
        start = time.perf_counter()
        tokens_json.write_text(json.dumps([exact_docs, folded_docs], ensure_ascii=False))
        json.loads(tokens_json.read_text())
        RankBm25Pair(*json.loads(tokens_json.read_text()))
        rebuild_s = time.perf_counter() - start

    word_tokenize.cache_clear()
    end_to_end = []
    for q in queries_with_folded():
        start = time.perf_counter()
        index.search(q)
        end_to_end.append(time.perf_counter() - start)

    return [
        f"Corpus: {len(paragraphs)} paragraphs from corpus/*.txt; {len(queries)} queries; "
        f"{sum(map(len, exact_docs))} exact tokens in total.",
        "",
        f"Tokenising all paragraphs (underthesea + `tokenize`, cold cache): {tokenize_s:.2f} s "
        "(shared by both libraries, excluded below).",
        "",
        "| library | build exact+folded, ms (median of 5) | query p50, ms | query p95, ms |",
        "| --- | ---: | ---: | ---: |",
        *rows,
        "",
        f"Mean top-{K} overlap between the two libraries' rankings: {overlap:.2f} "
        "(bm25s uses Lucene IDF, rank_bm25 Okapi IDF with an epsilon floor).",
        "",
        f"Persistence (bm25s, `LexicalIndex.save/load`): save {ms(save_s)} ms, load "
        f"{ms(load_s)} ms; files: {', '.join(files)}; every .npy loads with "
        "allow_pickle=False and the loaded index returns identical results. "
        f"rank_bm25 has no format but pickle: writing the tokens as JSON, reading them back and "
        f"rebuilding takes {ms(rebuild_s)} ms.",
        "",
        f"End-to-end `LexicalIndex.search` (cold underthesea cache, includes segmentation of "
        f"the query): p50 {ms(percentile(end_to_end, 50))} ms, "
        f"p95 {ms(percentile(end_to_end, 95))} ms.",
    ]


# ---------------------------------------------------------------- part 2: tokenisation
def span_queries(paragraphs: list[str], n: int = 300, width: int = 6) -> list[str]:
    rng = random.Random(0)
    pool = [p for p in paragraphs if len(p.split()) >= width + 4]
    spans = []
    for paragraph in rng.sample(pool, n):
        words = paragraph.split()
        start = rng.randrange(len(words) - width)
        spans.append(" ".join(words[start:start + width]))
    return spans


def fold_every_other_word(text: str) -> str:
    """Simulate a partly unaccented query: fold words 2, 4, 6, …"""
    return " ".join(fold_diacritics(w) if i % 2 else w for i, w in enumerate(text.split()))


def evaluate(index: LexicalIndex, queries: list[tuple[str, set[int]]]) -> tuple[float, ...]:
    hit1 = hit5 = rr = 0.0
    for query, relevant in queries:
        ranked = [i for i, _ in index.search(query, K)]
        ranks = [r for r, i in enumerate(ranked, 1) if i in relevant]
        if ranks:
            hit1 += ranks[0] == 1
            hit5 += ranks[0] <= 5
            rr += 1 / ranks[0]
    n = len(queries)
    return hit1 / n, hit5 / n, rr / n


def bench_tokenisation(paragraphs: list[str]) -> list[str]:
    lowered = [" ".join(nfc(p).lower().split()) for p in paragraphs]

    def relevant(phrase: str) -> set[int]:
        phrase = " ".join(nfc(phrase).lower().split())
        return {i for i, p in enumerate(lowered) if phrase in p}

    question_sets = [(q, relevant(phrase)) for q, phrase in QUESTIONS]
    span_sets = [(s, relevant(s)) for s in span_queries(paragraphs)]
    suites = {
        "questions, diacritics": question_sets,
        "questions, folded": [(fold_diacritics(q), r) for q, r in question_sets],
        "questions, half folded": [(fold_every_other_word(q), r) for q, r in question_sets],
        "spans, diacritics": span_sets,
        "spans, folded": [(fold_diacritics(q), r) for q, r in span_sets],
        "spans, half folded": [(fold_every_other_word(q), r) for q, r in span_sets],
    }
    variants: list[tuple[str, Callable[[str], list[str]], float]] = [
        ("(a) compounds only", tokenize_compounds, lexical.FOLDED_WEIGHT),
        ("(b) syllables only, no segmentation", tokenize_syllables, lexical.FOLDED_WEIGHT),
        *[(f"(c) compounds + syllables, λ={w}", tokenize, w) for w in (0.0, 0.25, 0.5, 1.0)],
    ]
    header = "| tokens | " + " | ".join(f"{s}: hit@1 / hit@5 / MRR@10" for s in suites) + " |"
    lines = [
        f"Questions: {len(question_sets)} (relevant = paragraphs containing a key phrase); "
        f"spans: {len(span_sets)} six-word windows of random paragraphs (seed 0). "
        "Half folded = every other word typed without diacritics. "
        "λ = weight of the folded score when the query has diacritics (no effect on fully "
        "folded queries, which use the folded index alone).",
        "",
        header,
        "|" + " --- |" * (len(suites) + 1),
    ]
    for name, tokenizer, weight in variants:
        with mock.patch.object(lexical, "tokenize", tokenizer):
            index = LexicalIndex.build(paragraphs, folded_weight=weight)
            cells = [" / ".join(f"{x:.3f}" for x in evaluate(index, qs)) for qs in suites.values()]
        lines.append(f"| {name} | " + " | ".join(cells) + " |")
    return lines


def main() -> None:
    paragraphs = load_paragraphs()
    lines = [
        "# BM25 libraries and Vietnamese tokenisation",
        "",
        "Generated by `python bench/bench_bm25_libs.py` on a 2-core machine.",
        "",
        "## bm25s vs rank_bm25",
        "",
        *bench_libraries(paragraphs),
        "",
        "## Tokenisation design (quality)",
        "",
        *bench_tokenisation(paragraphs),
        "",
    ]
    RESULTS.parent.mkdir(parents=True, exist_ok=True)
    RESULTS.write_text("\n".join(lines), encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
