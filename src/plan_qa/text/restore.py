"""Put diacritics back on a query typed without them, from the corpus's own words.

Officials often type "so nao chu tri" for "Sở nào chủ trì". BM25 copes through
its folded view, but the embedding model reads unaccented Vietnamese poorly
(on the bundled corpus a no-diacritics query's dense top-5 were signature
blocks). The corpus is a closed vocabulary, so a bigram model learnt from it
restores most queries: each unaccented syllable gets the accented candidates
the corpus uses for its folded form, and Viterbi picks the sequence with the
best bigram likelihood. Syllables the corpus never uses are left unchanged.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable

from plan_qa.text.vietnamese import fold_diacritics, has_diacritics, nfc

_SYLLABLE = re.compile(r"\w+", re.UNICODE)
_SMOOTHING = 0.1
_START = "<s>"


class DiacriticRestorer:
    """Bigram model over accented syllables, learnt from corpus texts."""

    def __init__(self, unigrams: Counter[str], bigrams: Counter[tuple[str, str]]) -> None:
        self._unigrams = unigrams
        self._bigrams = bigrams
        self._total = sum(unigrams.values()) or 1
        self._candidates: dict[str, list[str]] = {}
        for word in unigrams:
            if word != _START:
                self._candidates.setdefault(fold_diacritics(word), []).append(word)

    @classmethod
    def from_texts(cls, texts: Iterable[str]) -> "DiacriticRestorer":
        unigrams: Counter[str] = Counter()
        bigrams: Counter[tuple[str, str]] = Counter()
        for text in texts:
            words = [_START] + [w.lower() for w in _SYLLABLE.findall(nfc(text))]
            unigrams.update(words)
            bigrams.update(zip(words, words[1:]))
        return cls(unigrams, bigrams)

    def _log_prob(self, previous: str, word: str) -> float:
        prior = (self._unigrams[word] + 1) / self._total
        return math.log((self._bigrams[(previous, word)] + _SMOOTHING * prior) / (self._unigrams[previous] + _SMOOTHING))

    def restore(self, query: str) -> str:
        """The query, lower-cased, with diacritics restored on its unaccented syllables."""
        words = [w.lower() for w in _SYLLABLE.findall(nfc(query))]
        if not words:
            return ""
        # Viterbi over per-syllable candidates; best[c] = (log-likelihood, path ending in c).
        best: dict[str, tuple[float, list[str]]] = {_START: (0.0, [])}
        for word in words:
            options = [word] if has_diacritics(word) else self._candidates.get(word, [word])
            best = {
                option: max(
                    ((score + self._log_prob(prev, option), path + [option]) for prev, (score, path) in best.items()),
                    key=lambda pair: pair[0],
                )
                for option in options
            }
        return " ".join(max(best.values(), key=lambda pair: pair[0])[1])


def needs_restoring(query: str) -> bool:
    """True when most words of the query carry no diacritics."""
    words = _SYLLABLE.findall(query)
    plain = [w for w in words if w.isalpha() and not has_diacritics(w)]
    return bool(words) and len(plain) >= 0.6 * len(words)
