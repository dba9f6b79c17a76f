"""BM25 lexical retrieval for Vietnamese plan paragraphs, diacritics-aware.

Library: bm25s (numpy backend), chosen over rank_bm25 by `bench/bench_bm25_libs.py`
(620 corpus paragraphs, exact + folded index pair, 64 queries, 2 cores; results in
`bench/results/bm25_libs.md`): query scoring + top-10 p50/p95 0.065/0.12 ms for bm25s vs
1.1/2.7 ms for rank_bm25; build 26 ms vs 10 ms, both negligible next to the ~0.7 s that
underthesea takes to segment the paragraphs. bm25s saves .npy + JSON that load with
allow_pickle=False in ~1.3 ms; rank_bm25 only pickles (rebuilding it from JSON tokens takes
~25 ms). The two rank nearly the same documents (mean top-10 overlap 0.95).

Tokens (`tokenize`): underthesea words, lower-cased after segmentation, emitted as the compound
("chất_thải") *and* its syllables ("chất", "thải"); pieces with inner punctuation ("qđ-ttg",
"04/9/2025") also yield their alphanumeric parts, so "1894" finds "1894/QĐ-TTg".
Punctuation-only tokens are dropped; oa/oe/uy tone placement is normalised ("hoá" = "hóa").
Compounds alone lose matches when the query is segmented differently: MRR@10 on folded
questions 0.61 vs 0.92 with compounds + syllables; syllables alone (no segmentation) are
slightly better on six-word known-item spans (0.83 vs 0.81) but worse on questions (0.87 vs
0.92 folded, 0.90 vs 0.91 with diacritics).

Two bm25s indexes share these tokens: *exact* (with diacritics) and *folded*
(`fold_diacritics` of each token). A query with diacritics is scored exact + FOLDED_WEIGHT ·
folded, so "đường" outranks "dương"/"đương" while words typed without diacritics still
match; a query without diacritics is scored on the folded index alone.
"""

from __future__ import annotations

import json
import logging
import re
from collections.abc import Collection
from pathlib import Path

import bm25s
import numpy as np

from plan_qa.text.vietnamese import (
    fold_diacritics,
    has_diacritics,
    nfc,
    normalize_tone_placement,
    word_tokenize,
)

FOLDED_WEIGHT = 0.5
"""Weight of the folded score for queries with diacritics (exact score has weight 1).

Measured on half-unaccented questions, MRR@10: 0.81 at 0, 0.84 at 0.25, 0.86 at 0.5 and 1.0;
fully accented queries are unaffected (0.91) and known-item spans drop 0.811 → 0.805 at 1.0.
"""

TOKENIZER_VERSION = 1
"""Bumped whenever `tokenize` changes, so a saved index built with other tokens is refused."""

_CORE = re.compile(r"[^\W_]+(?:[^\w\s]+[^\W_]+)*")  # alphanumerics joined by inner punctuation
_PART = re.compile(r"[^\W_]+")
_META_FILE = "lexical.json"
# bm25s sets its own logger to DEBUG: its English "Building index from tokens" reached the CLI once a
# handler was on the root logger.
logging.getLogger("bm25s").setLevel(logging.WARNING)


def tokenize(text: str) -> list[str]:
    """Split `text` into exact-view BM25 tokens: compounds, their syllables and code parts.

    >>> tokenize("Xử lý chất thải theo Quyết định 1894/QĐ-TTg.")  # doctest: +NORMALIZE_WHITESPACE
    ['xử_lý', 'xử', 'lý', 'chất_thải', 'chất', 'thải', 'theo', 'quyết_định', 'quyết', 'định',
     '1894', 'qđ-ttg', 'qđ', 'ttg']
    """
    tokens: list[str] = []
    for word in word_tokenize(nfc(text)):
        syllables = [
            normalize_tone_placement(core)
            for piece in word.lower().split()
            for core in _CORE.findall(piece)
        ]
        if len(syllables) > 1:
            tokens.append("_".join(syllables))
        for syllable in syllables:
            tokens.append(syllable)
            parts = _PART.findall(syllable)
            if len(parts) > 1:
                tokens.extend(parts)
    return tokens


def _fold_tokens(tokens: list[str]) -> list[str]:
    return [fold_diacritics(token) for token in tokens]


def _scores(index: bm25s.BM25, tokens: list[str]) -> np.ndarray:
    """BM25 score of every document for `tokens` (unknown tokens contribute nothing)."""
    return index.get_scores_from_ids(index.get_tokens_ids(tokens)).astype(np.float64)


class LexicalIndex:
    """Two BM25 indexes (exact and diacritics-folded) over the same list of texts."""

    def __init__(self, exact: bm25s.BM25, folded: bm25s.BM25, num_docs: int,
                 folded_weight: float = FOLDED_WEIGHT) -> None:
        self._exact = exact
        self._folded = folded
        self._num_docs = num_docs
        self.folded_weight = folded_weight

    @classmethod
    def build(cls, texts: list[str], folded_weight: float = FOLDED_WEIGHT) -> LexicalIndex:
        """Tokenise `texts` and index them; document i of the index is `texts[i]`."""
        if not texts:
            raise ValueError("cannot build a lexical index over no texts")
        exact_docs = [tokenize(text) for text in texts]
        exact, folded = bm25s.BM25(backend="numpy"), bm25s.BM25(backend="numpy")
        exact.index(exact_docs, show_progress=False)
        folded.index([_fold_tokens(doc) for doc in exact_docs], show_progress=False)
        return cls(exact, folded, len(texts), folded_weight)

    def __len__(self) -> int:
        return self._num_docs

    def search(self, query: str, k: int = 10,
               allowed: np.ndarray | Collection[int] | None = None) -> list[tuple[int, float]]:
        """Top-`k` `(doc_index, score)` with score > 0, best first, ties by lower index.

        `allowed` restricts the candidates: a boolean mask of length `len(self)` or a
        collection of allowed document indices.
        """
        tokens = tokenize(query)
        if not tokens or k <= 0:
            return []
        scores = _scores(self._folded, _fold_tokens(tokens))
        if has_diacritics(query):
            scores = _scores(self._exact, tokens) + self.folded_weight * scores
        candidates = np.flatnonzero((scores > 0) & self._allowed_mask(allowed))
        order = np.lexsort((candidates, -scores[candidates]))[:k]
        return [(int(i), float(scores[i])) for i in candidates[order]]

    def _allowed_mask(self, allowed: np.ndarray | Collection[int] | None) -> np.ndarray:
        if allowed is None:
            return np.ones(self._num_docs, dtype=bool)
        if isinstance(allowed, (set, frozenset)):
            allowed = sorted(allowed)
        allowed = np.asarray(allowed)
        if allowed.dtype == bool:
            if allowed.shape != (self._num_docs,):
                raise ValueError(f"allowed mask has shape {allowed.shape}, "
                                 f"expected ({self._num_docs},)")
            return allowed
        mask = np.zeros(self._num_docs, dtype=bool)
        mask[allowed.astype(np.int64)] = True
        return mask

    def save(self, folder: Path) -> None:
        """Write both indexes (.npy + JSON, no pickle) and the settings into `folder`."""
        folder = Path(folder)
        folder.mkdir(parents=True, exist_ok=True)
        self._exact.save(folder / "exact", show_progress=False)
        self._folded.save(folder / "folded", show_progress=False)
        meta = {"tokenizer_version": TOKENIZER_VERSION, "num_docs": self._num_docs,
                "folded_weight": self.folded_weight}
        (folder / _META_FILE).write_text(json.dumps(meta), encoding="utf-8")

    @classmethod
    def load(cls, folder: Path) -> LexicalIndex:
        """Load an index written by `save`; numpy arrays are read with allow_pickle=False."""
        folder = Path(folder)
        meta = json.loads((folder / _META_FILE).read_text(encoding="utf-8"))
        if meta["tokenizer_version"] != TOKENIZER_VERSION:
            raise ValueError(f"{folder} was built with tokenizer v{meta['tokenizer_version']}, "
                             f"this code uses v{TOKENIZER_VERSION}: rebuild the index")
        exact = bm25s.BM25.load(folder / "exact", allow_pickle=False)
        folded = bm25s.BM25.load(folder / "folded", allow_pickle=False)
        return cls(exact, folded, meta["num_docs"], meta["folded_weight"])
