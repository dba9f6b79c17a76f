"""What a question asks, learnt from an example bank (`plan_qa/data/intent_examples.json`).

Each intent has ≥ 20 phrasings in everyday words, with and without diacritics, with slots
for a topic / an agency / a plan number filled from generic lists. A one-vs-rest logistic
regression over character and word n-grams of the folded question gives every intent a
probability: the most probable intent leads, and every other intent the model holds more
likely than not (p > 0.5, the model's own decision boundary) is asked too — "ai chủ trì và
bao giờ xong" carries `lead` and `timeline`.
"""

from __future__ import annotations

import random
import re
from dataclasses import dataclass
from functools import lru_cache

import numpy as np
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.multiclass import OneVsRestClassifier
from sklearn.pipeline import FeatureUnion, make_pipeline
from sklearn.preprocessing import MultiLabelBinarizer

from plan_qa.data import load_json
from plan_qa.text.vietnamese import fold_diacritics

SEED = 14
FILLS_PER_FRAME = 6  # fillings per phrasing, so slot and scope words do not look like intent words


@dataclass(frozen=True)
class Intent:
    """One intent a question carries, with the classifier's probability."""

    name: str
    confidence: float


def _fill(frame: str, rng: random.Random, bank: dict) -> str:
    """A phrasing with its slots filled and, at random, a scope preamble in front."""
    text = rng.choice(bank["preambles"]) + frame
    for slot, pool in (("{x}", "topics"), ("{a}", "agencies"), ("{n}", "numbers"), ("{p}", "places"),
                         ("{d}", "documents")):
        while slot in text:
            text = text.replace(slot, rng.choice(bank[pool]), 1)
    return text


def phrasings() -> tuple[list[str], list[list[str]]]:
    """(texts as written, label lists) generated from the example bank."""
    bank = load_json("intent_examples")
    rng = random.Random(SEED)
    texts: list[str] = []
    labels: list[list[str]] = []
    frames = [(frame, [intent]) for intent, frames in bank["intents"].items() for frame in frames]
    frames += [(frame, list(names)) for frame, names in bank["multi"]]
    for frame, names in frames:
        for _ in range(FILLS_PER_FRAME):
            texts.append(_fill(frame, rng, bank))
            labels.append(names)
    return texts, labels


def training_examples() -> tuple[list[str], list[list[str]]]:
    """(folded texts, label lists) generated from the example bank."""
    texts, labels = phrasings()
    return [fold_diacritics(text).lower() for text in texts], labels


class IntentClassifier:
    """Every intent of a folded question, with a confidence."""

    def __init__(self) -> None:
        texts, labels = training_examples()
        self._labels = MultiLabelBinarizer()
        targets = self._labels.fit_transform(labels)
        features = FeatureUnion([
            ("chars", TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True)),
            ("words", TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True)),
        ])
        self._model = make_pipeline(features, OneVsRestClassifier(LogisticRegression(C=10.0, max_iter=2000)))
        self._model.fit(texts, targets)

    @property
    def names(self) -> list[str]:
        return list(self._labels.classes_)

    def rank(self, folded: str) -> list[Intent]:
        """Every intent with its probability, most probable first."""
        return self.rank_many([folded])[0]

    def rank_many(self, texts: list[str]) -> list[list[Intent]]:
        """`rank` for several texts in one pass."""
        return [[Intent(self._labels.classes_[i], round(float(row[i]), 3)) for i in np.argsort(-row)]
                for row in self._model.predict_proba(texts)]

    def asked(self, folded: str) -> tuple[list[Intent], list[Intent]]:
        """(intents the question carries, the whole question's ranking).

        The whole question's best intent leads; then every other intent the model holds more
        likely than not (p > 0.5), on the whole question or on one of its listed asks
        ("… số hiệu gì, ngày nào và ai ký?": each part between commas / "và" is read alone).
        """
        parts = [p.strip() for p in _ASKS.split(folded) if len(p.split()) >= 2]
        rankings = self.rank_many([folded, *parts] if len(parts) > 1 else [folded])
        chosen = rankings[0][:1]
        for ranking in rankings:
            for intent in ranking:
                if intent.confidence > 0.5 and intent.name not in {i.name for i in chosen}:
                    chosen.append(intent)
        return chosen, rankings[0]


_ASKS = re.compile(r"[,;]|\bva\b|\bhay\b")


@lru_cache(maxsize=1)
def intent_classifier() -> IntentClassifier:
    """The classifier fitted on the bundled example bank (fitted once per process, ~1 s)."""
    return IntentClassifier()
