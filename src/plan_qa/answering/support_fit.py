"""Fit the evidence model (`support.py`) and the answer-or-refuse model (`answerability.py`).

Pairs come from questions of the TRAIN split only: each question is read and searched as
`Assistant.ask` does, and each candidate is labelled by whether it supports one of the
question's gold evidence quotes (the scorer's own test); every candidate of an unanswerable
question is a negative. Synthetic questions templated from the task rows of the training plans
("Ai chủ trì …?", "… khi nào xong?", typed with and without diacritics, task wording cut short)
add pairs for fitting, never for reporting.

The evidence threshold is the probability that best separates answerable from unanswerable
training questions by their best candidate. The answerability model is then fitted on one row of
question-level features per training question (real ones and, when the choice says so, the synthetic
ones above and synthetic UNANSWERABLE ones: a training plan's task asked within another training plan
that does not cover it, or with its rarest word swapped for one the plan never uses), reading only
the features chosen, with the regularisation chosen; its threshold is the cut with the least cost on
the REAL training questions. Features, regularisation, synthetic questions and cost are chosen by
cross-validation over plan groups (`answerability_select`, stored in `eval/answerability_selection.json`
and read here); without that file, every feature is read.

`python -m plan_qa.answering.support_fit [--out DIR] [--diagnose JSONL] [--keep-support] [--sets FILE |
CORPUS=QA[+QA…] …]` fits both (`--keep-support`: only the answer-or-refuse model, over the evidence model in use)
with the embedding model of the environment (`PLAN_QA_MODEL`) and writes both files: calibration
for a new model is one command, and no constant of any model lives in the code. `--sets` reads the
question sets and their split by plan from a data file (`eval/answerability_sets.json`). Only the
train and validation questions of each set are read (validation only to report); test plans are never
loaded, and no synthetic question reads a validation or test plan.
"""

from __future__ import annotations

import json
import random
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.linear_model import LogisticRegression
from sklearn.metrics import roc_auc_score

from plan_qa.answering.answerability import AnswerabilityModel
from plan_qa.answering.assistant import Assistant, Reading
from plan_qa.answering.support import FEATURES, SupportModel
from plan_qa.answering.tasks import coverage
from plan_qa.retrieval import RetrievedClause
from plan_qa.config import Settings
from plan_qa.corpus import PROJECT_ROOT
from plan_qa.evaluation.dataset import Evidence as Quote
from plan_qa.evaluation.corpus_view import corpus_view, listed_plans
from plan_qa.evaluation.dataset import QAItem, Scope, load_qa
from plan_qa.evaluation.matching import supports_quote
from plan_qa.retrieval import plan_key
from plan_qa.text.vietnamese import fold_diacritics

SYNTHETIC_TEMPLATES = (
    ("lead", "Cơ quan nào chủ trì {task}?"), ("lead", "Ai lo việc {task}?"), ("lead", "{task} giao cho đơn vị nào?"),
    ("timeline", "Khi nào phải xong {task}?"), ("timeline", "Thời hạn {task}?"),
    ("coordinators", "Đơn vị nào phối hợp {task}?"),
)
SEED = 14
SELECTION = "eval/answerability_selection.json"  # written by answerability_select, relative to the project root


@dataclass
class QuestionPairs:
    """One question's candidates: features, support labels, and the question's answerability."""

    item: QAItem
    features: np.ndarray
    labels: np.ndarray
    top_cosine: float  # the old signal, for the before/after comparison
    reading: Reading
    hits: list[RetrievedClause]
    assistant: Assistant
    question_row: np.ndarray | None = None  # question-level features, once the evidence model is fitted

    @property
    def synthetic(self) -> bool:
        return self.item.id.startswith("syn")


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
    return QuestionPairs(item, features, labels, top, reading, hits, assistant)


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


def _rarest(words: list[str], idf) -> int:
    """Position of the word with the highest IDF (the one that says most what the task is about)."""
    return max(range(len(words)), key=lambda i: (idf(fold_diacritics(words[i]).lower()), i))


def unanswerable_items(assistant: Assistant, plan_ids: set[str]) -> list[QAItem]:
    """Synthetic questions the plans do not answer: a task of one training plan asked within another
    training plan that does not cover it, or with its rarest word swapped for one absent from its plan."""
    rng = random.Random(SEED + 1)
    vocabulary = assistant.vocabulary
    ordered = sorted(plan_ids)
    foreign = {p: sorted({w for q in ordered if q != p for c in assistant.plans[q].clauses for w in c.text.split()
                          if w.isalpha() and len(w) > 2 and w.islower()
                          and fold_diacritics(w).lower() not in vocabulary.words[p]}) for p in ordered}
    items = []
    for plan_id in ordered:
        for number, row in enumerate(assistant.plans[plan_id].tasks):
            words = row.task.rstrip(". ").split()
            if len(words) < 4 or rng.random() > 0.4:
                continue
            words = words[: max(4, int(len(words) * rng.uniform(0.5, 1.0)))]
            others = [p for p in ordered if p != plan_id]
            target = rng.choice(others) if others and rng.random() < 0.5 else None
            if target is None or coverage(set(map(str.lower, map(fold_diacritics, words))),
                                          " ".join(vocabulary.words[target])) >= 0.5:
                if not foreign[plan_id]:
                    continue
                target = plan_id
                words[_rarest(words, vocabulary.within([plan_id]).weight)] = rng.choice(foreign[plan_id])
            kind, template = rng.choice(SYNTHETIC_TEMPLATES)
            task = " ".join(words)
            text = template.format(task=task[:1].lower() + task[1:])
            plan = assistant.plans[target]
            items.append(QAItem(f"synu-{plan_id}-{number}", text, "unanswerable", "train",
                                Scope(plan.metadata.province, plan.plan_id), [], [], []))
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


def question_rows(pairs: list[QuestionPairs], support: SupportModel) -> np.ndarray:
    """The question-level features of each question, read with `support` (a model just fitted)."""
    for p in pairs:
        p.question_row = p.assistant.answerability_features(p.reading, p.reading.scope, p.hits, p.features, support)
    return np.vstack([p.question_row for p in pairs])


@dataclass(frozen=True)
class Choice:
    """How the answer-or-refuse model is fitted: the features it reads (the others get weight 0), the
    inverse regularisation strength, whether synthetic questions are fitted on, and the cost of
    answering an unanswerable question against refusing an answerable one (for the threshold)."""

    features: tuple[str, ...] = AnswerabilityModel.FEATURES
    C: float = 0.5
    synthetic: bool = True
    cost: tuple[float, float] = (1.0, 1.0)

    @classmethod
    def of(cls, data: dict) -> "Choice":
        return cls(tuple(data["features"]), float(data["C"]), bool(data["synthetic"]),
                   (float(data["cost"][0]), float(data["cost"][1])))

    def to_json(self) -> dict:
        return {"features": list(self.features), "C": self.C, "synthetic": self.synthetic, "cost": list(self.cost)}


def fit_rows(rows: np.ndarray, answerable: np.ndarray, synthetic: np.ndarray, choice: Choice,
             info: dict) -> AnswerabilityModel:
    """Logistic regression on the chosen columns of question-level rows (the other columns weigh 0);
    threshold: the cut with the least cost on the real (not synthetic) questions fitted on."""
    keep = np.ones(len(rows), dtype=bool) if choice.synthetic else ~synthetic
    columns = [AnswerabilityModel.FEATURES.index(name) for name in choice.features]
    mean, scale = rows[keep].mean(axis=0), rows[keep].std(axis=0)
    scale[scale == 0] = 1.0
    model = LogisticRegression(C=choice.C, class_weight="balanced", max_iter=5000)
    model.fit(((rows[keep] - mean) / scale)[:, columns], answerable[keep])
    coef = np.zeros(rows.shape[1])
    coef[columns] = model.coef_[0]
    fitted = AnswerabilityModel(coef, float(model.intercept_[0]), mean, scale, 0.5, info)
    fitted.threshold = _best_threshold(fitted.probabilities(rows[~synthetic]), answerable[~synthetic], choice.cost)
    return fitted


def fit_answerability(pairs: list[QuestionPairs], support: SupportModel, info: dict,
                      choice: Choice = Choice()) -> AnswerabilityModel:
    """The answer-or-refuse model over `support`, fitted as `choice` says on the training questions."""
    rows = question_rows(pairs, support)
    answerable = np.array([p.item.answerable for p in pairs], dtype=bool)
    return fit_rows(rows, answerable, np.array([p.synthetic for p in pairs], dtype=bool), choice,
                    info | {"choice": choice.to_json()})


def answerability_report(support: SupportModel, model: AnswerabilityModel, pairs: list[QuestionPairs]) -> dict:
    """Answerable-vs-unanswerable ROC AUC of the top cosine, the best support probability and the model,
    and how the stored threshold classifies the questions."""
    if any(p.question_row is None for p in pairs):
        question_rows(pairs, support)
    answerable = np.array([p.item.answerable for p in pairs], dtype=bool)
    scores = model.probabilities(np.vstack([p.question_row for p in pairs])) if pairs else np.zeros(0)
    best = np.array([support.probabilities(p.features).max(initial=0.0) for p in pairs])
    refused = scores < model.threshold

    def auc(s: np.ndarray) -> float | None:
        return round(float(roc_auc_score(answerable, s)), 3) if len(set(answerable.tolist())) == 2 else None

    return {"questions": len(pairs), "unanswerable": int((~answerable).sum()),
            "auc": {"top_cosine": auc(np.array([p.top_cosine for p in pairs])), "best_support": auc(best),
                    "answerability_model": auc(scores)},
            "unanswerable_refused": int((refused & ~answerable).sum()),
            "answerable_refused": int((refused & answerable).sum()),
            "decision_accuracy": round(float((refused != answerable).mean()), 3) if pairs else None}


def diagnosis(support: SupportModel, model: AnswerabilityModel, pairs: list[QuestionPairs]) -> list[dict]:
    """Per real question: whether it is answerable, the model's probability and decision, its
    question-level features, and the best candidate (why an unanswerable question is answered)."""
    rows = []
    for p in pairs:
        if p.synthetic:
            continue
        probabilities = support.probabilities(p.features)
        best = int(np.argmax(probabilities)) if len(probabilities) else None
        score = float(model.probabilities(p.question_row[None, :])[0])
        rows.append({"id": p.item.id, "split": p.item.split, "question": p.item.question, "intent": p.reading.frame.intent,
                     "answerable": p.item.answerable, "probability": round(score, 4),
                     "refused": score < model.threshold,
                     "features": dict(zip(model.FEATURES, p.question_row.round(3).tolist())),
                     "best": None if best is None else {"plan": p.hits[best].document.plan_id,
                                                        "support": round(float(probabilities[best]), 3),
                                                        "text": p.hits[best].document.text[:300]}})
    return rows


def _best_threshold(scores: np.ndarray, answerable: np.ndarray, cost: tuple[float, float] = (1.0, 1.0)) -> float:
    """The cut with the least cost (answerable above, unanswerable below); `cost` = (answering an
    unanswerable question, refusing an answerable one). Of equally good cuts, the middle one."""
    cuts = np.unique(np.concatenate([scores, [0.5]]))
    total = np.array([cost[0] * ((scores >= cut) & ~answerable).sum() + cost[1] * ((scores < cut) & answerable).sum()
                      for cut in cuts])
    best = np.flatnonzero(total == total.min())
    return float(cuts[best[len(best) // 2]])


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


def pairs_for(assistant: Assistant, items: list[QAItem], held_out: set[str] = frozenset(),
              synthetic: bool = True) -> tuple[list[QuestionPairs], list[QuestionPairs], dict]:
    """(train pairs incl. synthetic ones unless `synthetic` is False, validation pairs, info) for one corpus and
    its questions; `held_out`: keys of plans that validation or test questions are about (no synthetic question
    reads them)."""
    train = [i for i in items if i.split == "train"]
    held_out = set(held_out) | {plan_key(e.plan_id) for i in items if i.split != "train" for e in i.evidence}
    train_plans = {p for p in assistant.plans if plan_key(p) in {plan_key(e.plan_id) for i in train for e in i.evidence}
                   and plan_key(p) not in held_out}  # synthetic pairs never read held-out plans
    made = synthetic_items(assistant, train_plans) if synthetic else []
    unanswerable = unanswerable_items(assistant, train_plans) if synthetic else []
    pairs = [question_pairs(assistant, item) for item in train + made + unanswerable]
    validation = [question_pairs(assistant, i) for i in items if i.split == "validation"]
    info = {"corpus": str(assistant.settings.corpus_dir), "train_questions": len(train),
            "synthetic_questions": len(made), "synthetic_unanswerable": len(unanswerable),
            "validation_questions": len(validation), "train_plans": sorted(train_plans)}
    return pairs, validation, info


def developed_items(spec: str | None) -> list[QAItem]:
    """The train and validation questions of one or more Q&A files ("A.jsonl+B.jsonl"): never test plans."""
    paths = spec.split("+") if spec else [None]
    return [i for path in paths for i in load_qa(path) if i.split in ("train", "validation")]


@dataclass
class QuestionSet:
    """One corpus folder and the train / validation questions asked of it, from the sets file."""

    corpus: Path
    items: list[QAItem]
    held_out: set[str]  # keys of the plans validation or test questions are about
    name: str = ""
    one_group: bool = False  # the whole set is one group of plans (else one group per split)

    def group(self, split: str) -> str:
        """The plan group a question of this split belongs to ("s7"; "real-train", "real-validation")."""
        return self.name if self.one_group else f"{self.name}-{split}"


def load_sets(path: Path) -> tuple[list[QuestionSet], Choice]:
    """The question sets of a sets file (paths relative to the project root), each question's split
    as the file assigns it by plan group, and how the answer-or-refuse model is fitted: the choice
    stored in the file's `selection` (written by `answerability_select`), else all features with the
    file's `cost` (answer unanswerable, refuse answerable)."""
    data = json.loads(path.read_text(encoding="utf-8"))
    sets = []
    for entry in data["sets"]:
        items = [i for qa in entry["qa"] for i in load_qa(PROJECT_ROOT / qa)]
        if "split" in entry:
            items = [replace(i, split=entry["split"]) for i in items]
        held_out = listed_plans([i for i in items if i.split != "train"])
        corpus = (PROJECT_ROOT / entry["corpus"]).resolve()
        sets.append(QuestionSet(corpus, [i for i in items if i.split in ("train", "validation")], held_out,
                                entry.get("group", corpus.parent.name), "split" in entry))
    cost = data.get("cost", {})
    return sets, stored_choice(PROJECT_ROOT / data.get("selection", SELECTION)) or Choice(
        cost=(float(cost.get("answer_unanswerable", 1.0)), float(cost.get("refuse_answerable", 1.0))))


def stored_choice(path: Path = PROJECT_ROOT / SELECTION) -> Choice | None:
    """The choice `answerability_select` stored, if it has run."""
    return Choice.of(json.loads(path.read_text(encoding="utf-8"))["chosen"]) if path.is_file() else None


def _assistant_for(corpus: Path | None, items: list[QAItem]) -> Assistant:
    """The assistant over the plans the questions name (never held-out plans of the folder)."""
    settings = Settings.from_env()
    if corpus is not None:
        settings.corpus_dir, settings.index_root = corpus_view(corpus, listed_plans(items),
                                                               settings.index_root / "views")
    return Assistant.load(settings)


def main(argv: list[str]) -> None:
    """support_fit [--out DIR] [--sets FILE | CORPUS=QA[+QA…] …]: fit on the train split of each set.

    Without --out both models are written into the index folder of the environment's embedding model,
    where `Assistant` picks them up; without sets, the corpus and Q&A set of the environment.
    """
    out = Path(argv[argv.index("--out") + 1]) if "--out" in argv else None
    choice = stored_choice() or Choice()
    if "--sets" in argv:
        sets, choice = load_sets(Path(argv[argv.index("--sets") + 1]))
    else:
        specs = [a for a in argv if "=" in a] or [None]
        sets = []
        for spec in specs:
            items = developed_items(spec.split("=", 1)[1] if spec else None)
            sets.append(QuestionSet(Path(spec.split("=", 1)[0]) if spec else None, items, set()))
    pairs: list[QuestionPairs] = []
    validation: list[QuestionPairs] = []
    corpora = []
    for question_set in sets:
        assistant = _assistant_for(question_set.corpus, question_set.items)
        train_pairs, validation_pairs, info = pairs_for(assistant, question_set.items, question_set.held_out)
        pairs, validation, corpora = pairs + train_pairs, validation + validation_pairs, corpora + [info]
    info = {"embedding_model": assistant.embedder.name, "corpora": corpora,
            "cost": {"answer_unanswerable": choice.cost[0], "refuse_answerable": choice.cost[1]}}
    if "--keep-support" in argv:  # only the answer-or-refuse model is fitted, over the evidence model in use
        model = pairs[0].assistant.support
    else:
        model = fit([p for p in pairs if not p.item.id.startswith("synu-")], dict(info))
    model.info["auc_train"] = auc_report(model, [p for p in pairs if not p.synthetic])
    model.info["auc_validation"] = auc_report(model, validation)
    answerability = fit_answerability(pairs, model, dict(info), choice)
    answerability.info["train"] = answerability_report(model, answerability, [p for p in pairs if not p.synthetic])
    answerability.info["validation"] = answerability_report(model, answerability, validation)
    folder = out or Settings.from_env().index_dir
    folder.mkdir(parents=True, exist_ok=True)
    for fitted in (answerability,) if "--keep-support" in argv else (model, answerability):
        (folder / fitted.FILE).write_text(json.dumps(fitted.to_json(), ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")
    if "--diagnose" in argv:  # one JSON line per real question, train and validation
        lines = [json.dumps(row, ensure_ascii=False) for row in diagnosis(model, answerability, pairs + validation)]
        Path(argv[argv.index("--diagnose") + 1]).write_text("\n".join(lines) + "\n", encoding="utf-8")
    print(json.dumps({"support": model.info, "answerability": answerability.info}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
