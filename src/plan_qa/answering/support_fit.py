"""Fit the evidence model (`support.py`) from labelled (question, candidate, supports?) pairs.

Pairs come from questions of the TRAIN split only: each question is read and searched as
`Assistant.ask` does, and each candidate is labelled by whether it supports one of the
question's gold evidence quotes (the scorer's own test); every candidate of an unanswerable
question is a negative. Synthetic questions templated from the task rows of the training plans
("Ai chủ trì …?", "… khi nào xong?", typed with and without diacritics, task wording cut short)
add pairs for fitting, never for reporting.

The threshold is the probability that best separates answerable from unanswerable training
questions by their best candidate. `python -m plan_qa.answering.support_fit [--out FILE] [CORPUS=QA …]`
fits with the embedding model of the environment (`PLAN_QA_MODEL`): calibration for a new model
is one command, and no constant of any model lives in the code.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from plan_qa.answering.assistant import Assistant
from plan_qa.answering.support import FEATURES, MODEL_FILE, SupportModel
from plan_qa.config import Settings
from plan_qa.evaluation.dataset import Evidence as Quote
from plan_qa.evaluation.corpus_view import corpus_view, listed_plans
from plan_qa.evaluation.dataset import QAItem, load_qa
from plan_qa.evaluation.matching import supports_quote
from plan_qa.retrieval import plan_key
from plan_qa.text.vietnamese import fold_diacritics

SYNTHETIC_TEMPLATES = (
    ("lead", "Cơ quan nào chủ trì {task}?"), ("lead", "Ai lo việc {task}?"), ("lead", "{task} giao cho đơn vị nào?"),
    ("timeline", "Khi nào phải xong {task}?"), ("timeline", "Thời hạn {task}?"),
    ("coordinators", "Đơn vị nào phối hợp {task}?"),
)
SEED = 14


@dataclass
class QuestionPairs:
    """One question's candidates: features, support labels, and the question's answerability."""

    item: QAItem
    features: np.ndarray
    labels: np.ndarray
    top_cosine: float  # the old signal, for the before/after comparison


def _supports(document, quotes: list[Quote]) -> bool:
    return any(plan_key(document.plan_id) == plan_key(q.plan_id) and supports_quote(document.text, q.quote)
               for q in quotes)


def question_pairs(assistant: Assistant, item: QAItem) -> QuestionPairs:
    """Candidates of one question as `ask` would see them, labelled against its evidence."""
    province, plan = (item.scope.province, item.scope.plan_id) if item.scope else (None, None)
    reading = assistant._read(item.question, None, province, plan)
    vector = assistant.embedder.encode_queries([reading.dense_query])
    hits, features = assistant.candidates(reading, reading.scope, vector)
    labels = np.array([_supports(h.document, item.evidence) for h in hits], dtype=float)
    top = max((h.dense_score for h in hits if h.dense_score is not None), default=0.0)
    return QuestionPairs(item, features, labels, top)


def synthetic_items(assistant: Assistant, plan_ids: set[str]) -> list[QAItem]:
    """Templated questions about the task rows of the given (training) plans."""
    rng = random.Random(SEED)
    items = []
    for plan_id in sorted(plan_ids):
        for number, row in enumerate(assistant.plans[plan_id].tasks):
            words = row.task.rstrip(". ").split()
            if len(words) < 4:
                continue
            task = " ".join(words[: max(4, int(len(words) * rng.uniform(0.5, 1.0)))])
            kind, template = rng.choice(SYNTHETIC_TEMPLATES)
            text = template.format(task=task[:1].lower() + task[1:])
            if rng.random() < 0.3:
                text = fold_diacritics(text).lower()
            items.append(QAItem(f"syn-{plan_id}-{number}", text, "lead_agency", "train", None, [], [task],
                                [Quote(plan_id, row.task)]))
    return items


def fit(pairs: list[QuestionPairs], info: dict) -> SupportModel:
    """Logistic regression on all candidates; threshold from question-level answerability."""
    features = np.vstack([p.features for p in pairs])
    labels = np.concatenate([p.labels for p in pairs])
    mean, scale = features.mean(axis=0), features.std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=1.0, class_weight="balanced", max_iter=5000)
    model.fit((features - mean) / scale, labels)
    fitted = SupportModel(model.coef_[0], float(model.intercept_[0]), mean, scale, 0.5, info)
    best = [fitted.probabilities(p.features).max(initial=0.0) for p in pairs]
    answerable = np.array([p.item.answerable for p in pairs], dtype=bool)
    fitted.threshold = _best_threshold(np.asarray(best), answerable)
    return fitted


def _best_threshold(scores: np.ndarray, answerable: np.ndarray) -> float:
    """The cut that classifies the most questions right (answerable above, unanswerable below)."""
    cuts = np.unique(np.concatenate([scores, [0.5]]))
    accuracy = [((scores >= cut) == answerable).mean() for cut in cuts]
    return float(cuts[int(np.argmax(accuracy))])


def auc_report(model: SupportModel, pairs: list[QuestionPairs]) -> dict:
    """ROC AUC before (raw cosine) and after (the model): per candidate and per question."""
    labels = np.concatenate([p.labels for p in pairs]) if pairs else np.zeros(0)
    cosine_column = FEATURES.index("dense_z")
    after = np.concatenate([model.probabilities(p.features) for p in pairs]) if pairs else np.zeros(0)
    before = np.concatenate([p.features[:, cosine_column] for p in pairs]) if pairs else np.zeros(0)
    answerable = np.array([p.item.answerable for p in pairs])
    best_after = np.array([model.probabilities(p.features).max(initial=0.0) for p in pairs])
    best_before = np.array([p.top_cosine for p in pairs])

    def auc(y: np.ndarray, s: np.ndarray) -> float | None:
        return round(float(roc_auc_score(y, s)), 3) if len(set(y.tolist())) == 2 else None

    return {"questions": len(pairs), "candidates": int(len(labels)),
            "clause_support_auc": {"before_cosine": auc(labels, before), "after_model": auc(labels, after)},
            "answerable_auc": {"before_top_cosine": auc(answerable, best_before), "after_model": auc(answerable, best_after)}}


def pairs_for(assistant: Assistant, items: list[QAItem]) -> tuple[list[QuestionPairs], list[QuestionPairs], dict]:
    """(train pairs incl. synthetic, validation pairs, info) for one corpus and its questions."""
    train = [i for i in items if i.split == "train"]
    held_out = {plan_key(e.plan_id) for i in items if i.split != "train" for e in i.evidence}
    train_plans = {p for p in assistant.plans if plan_key(p) in {plan_key(e.plan_id) for i in train for e in i.evidence}
                   and plan_key(p) not in held_out}  # synthetic pairs never read held-out plans
    synthetic = synthetic_items(assistant, train_plans)
    pairs = [question_pairs(assistant, item) for item in train + synthetic]
    validation = [question_pairs(assistant, i) for i in items if i.split == "validation"]
    info = {"corpus": str(assistant.settings.corpus_dir), "train_questions": len(train),
            "synthetic_questions": len(synthetic), "validation_questions": len(validation),
            "train_plans": sorted(train_plans)}
    return pairs, validation, info


def main(argv: list[str]) -> None:
    """support_fit [--out FILE] [CORPUS=QA.jsonl …]: fit on the train split of each corpus's questions.

    Without --out the model is written into the index folder of the environment's embedding model,
    where `Assistant` picks it up; without CORPUS=QA pairs, the corpus and Q&A set of the environment.
    """
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else None
    specs = [a for a in argv if "=" in a] or [None]
    pairs: list[QuestionPairs] = []
    validation: list[QuestionPairs] = []
    corpora = []
    for spec in specs:
        settings = Settings.from_env()
        items = load_qa(spec.split("=", 1)[1] if spec else None)
        if spec:  # only the plans the questions name are read (never held-out plans of the folder)
            settings.corpus_dir, settings.index_root = corpus_view(
                Path(spec.split("=", 1)[0]), listed_plans(items), settings.index_root / "views")
        assistant = Assistant.load(settings)
        train_pairs, validation_pairs, info = pairs_for(assistant, items)
        pairs, validation, corpora = pairs + train_pairs, validation + validation_pairs, corpora + [info]
    model = fit(pairs, {"embedding_model": assistant.embedder.name, "corpora": corpora})
    model.info["auc_train"] = auc_report(model, [p for p in pairs if not p.item.id.startswith("syn-")])
    model.info["auc_validation"] = auc_report(model, validation)
    target = out or Settings.from_env().index_dir / MODEL_FILE
    target.write_text(json.dumps(model.to_json(), ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    print(json.dumps(model.info, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
