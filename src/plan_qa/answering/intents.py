"""What a question asks, learnt from an example bank (`plan_qa/data/intent_examples.json`).

Each intent has ≥ 20 phrasings in everyday words, with and without diacritics, with slots
for a topic / an agency / a plan number filled from generic lists. A one-vs-rest logistic
regression over character and word n-grams of the folded question gives every intent a
probability: the most probable intent leads, and every other intent the model holds more
likely than not (p > 0.5, the model's own decision boundary) is asked too — "ai chủ trì và
bao giờ xong" carries `lead` and `timeline`.

`masked=True` reads the whole question beside its frame: the same question with every run of
topic words masked (`frame_of`), so the frame — interrogative, verb, asked role — is seen apart
from the task's content words. Measured held out (eval/intent_heldout.py, 532 labelled questions
of eight released sets, leave-one-source-out): 0.929 against the whole question's 0.921 — not yet
checked end to end, so the product still reads the whole question (`masked=False`).
"""

from __future__ import annotations

import random
import re
from collections import Counter
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
    """A phrasing with its slots filled and, at random, a scope preamble in front and a scope after the topic
    ("… trên địa bàn {p}"), so that where a question's scope stands is no intent word."""
    text = rng.choice(bank["preambles"]) + frame
    while "{x}" in text:
        text = text.replace("{x}", rng.choice(bank["topics"]) + rng.choice(bank["scope_suffixes"]), 1)
    for slot, pool in (("{a}", "agencies"), ("{n}", "numbers"), ("{p}", "places"), ("{d}", "documents")):
        while slot in text:
            text = text.replace(slot, rng.choice(bank[pool]), 1)
    return text


def _frames(bank: dict) -> list[tuple[str, list[str]]]:
    """Every phrasing of the bank with the intents it carries."""
    frames = [(frame, [intent]) for intent, frames in bank["intents"].items() for frame in frames]
    return frames + [(frame, list(names)) for frame, names in bank["multi"]]


def phrasings(bank: dict | None = None) -> tuple[list[str], list[list[str]]]:
    """(texts as written, label lists) generated from the example bank."""
    bank = bank or load_json("intent_examples")
    rng = random.Random(SEED)
    texts: list[str] = []
    labels: list[list[str]] = []
    for frame, names in _frames(bank):
        for _ in range(FILLS_PER_FRAME):
            texts.append(_fill(frame, rng, bank))
            labels.append(names)
    return texts, labels


_WORD = re.compile(r"\w+")
_SLOT = re.compile(r"\{[a-z]\}")
MIN_FRAMES = 3
TOPIC = "__"  # what a word outside the question frame is read as


def frame_words(bank: dict, min_frames: int = MIN_FRAMES) -> frozenset[str]:
    """Folded words the bank's phrasings frame questions with (slots left out): the interrogatives, verbs
    and asked roles, i.e. the words found in at least `min_frames` phrasings — a word only one or two
    phrasings use ("trạm", "tài sản") is part of their topic. Any other word belongs to the question's topic."""
    counts: Counter[str] = Counter()
    for frame, _ in _frames(bank):
        counts.update(set(_WORD.findall(fold_diacritics(_SLOT.sub(" ", frame)).lower())))
    return frozenset(w for w, n in counts.items() if n >= min_frames)


def frame_of(folded: str, words: frozenset[str]) -> str:
    """The folded question with its topic masked: every run of words outside the frame vocabulary
    becomes one `TOPIC` mark, so "ai chủ trì lập bản đồ sạt lở" reads "ai chu tri __" and the topic's
    words ("thời hạn", "kinh phí" inside a task's name aside) cannot pull the intent."""
    out: list[str] = []
    for word in _WORD.findall(folded):
        token = word if word in words and not word.isdigit() else TOPIC
        if not (token == TOPIC and out and out[-1] == TOPIC):
            out.append(token)
    return " ".join(out)


def training_examples(bank: dict | None = None) -> tuple[list[str], list[list[str]]]:
    """(folded texts, label lists) generated from the example bank."""
    texts, labels = phrasings(bank)
    return [fold_diacritics(text).lower() for text in texts], labels


class IntentClassifier:
    """Every intent of a folded question, with a confidence, read from the question's frame."""

    def __init__(self, bank: dict | None = None, masked: bool = False) -> None:
        bank = bank or load_json("intent_examples")
        self._words = frame_words(bank) if masked else None
        texts, labels = training_examples(bank)
        texts = [self._read(text) for text in texts]
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
                for row in self._model.predict_proba([self._read(text) for text in texts])]

    def _read(self, folded: str) -> str:
        """What the model reads of a folded text: the text and its frame (the text alone when unmasked)."""
        return folded if self._words is None else f"{folded} | {frame_of(folded, self._words)}"

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
