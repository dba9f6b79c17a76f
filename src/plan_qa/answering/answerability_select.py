"""Choose how the answer-or-refuse model is fitted by cross-validation grouped by plan set.

Fitted on few plans, a model over every question-level feature learns the plans it was fitted on:
on its own questions it gains, on plans it has never seen it refuses more answerable questions. So
features, regularisation, whether synthetic questions help and the cost that sets the threshold are
chosen by leaving one GROUP of plans out at a time (the bundled train plans, each released blind set's
unseen plans, the real train plans: no plan in two groups) and scoring the held-out group only:

1. per fold, the evidence model is refitted on the other groups and every question's features are
   read with it (so no held-out question shapes the features it is scored by);
2. features are added one at a time, each time the one that raises the held-out ROC AUC (pooled over
   the folds' held-out questions) most, while it rises by at least `MIN_GAIN`;
3. over those features, the regularisation strength, the synthetic questions (with / without) and the
   cost of answering an unanswerable question (which sets the threshold on the questions fitted on)
   are chosen by the fewest held-out decision errors (a wrong answer and a wrong refusal count one
   each, as the scorer counts them), ties broken by held-out AUC.

The validation groups (bundled plan 002, the real validation plans) are never fitted or chosen on: the
final model, fitted on every cross-validation group with the chosen settings, is reported on them.

`python -m plan_qa.answering.answerability_select [--sets FILE] [--out DIR] [--result FILE] [--keep-support]`
writes the selection (every step's held-out figures per group, the choice) to `--result`
(default: the sets file's `selection`), and both fitted models into `--out` (default: the index
folder of the environment's embedding model). `support_fit --sets` reads the stored choice.

Reading every question's candidates and features (`collect`, `folds_of`) is nearly all of the run's time;
choosing over them takes minutes. (Nothing read is cached on disk: the features hold Python objects, and the
project never loads a pickle.)
`--keep-support` is the cheap run (one pass over the real questions, about a third of the full run's time):
the evidence model in use is kept and reads every fold's features, and no synthetic question is made; the
held-out figures are then a little optimistic, since that evidence model was fitted on these groups' questions.
The answer-or-refuse model in use is scored on the same held-out rows (`model_in_use`): before against after.
"""

from __future__ import annotations

import json
import sys
from dataclasses import dataclass, replace
from pathlib import Path

import numpy as np
from sklearn.metrics import roc_auc_score

from plan_qa.answering.answerability import QUESTION_FEATURES, AnswerabilityModel
from plan_qa.answering.support import SupportModel
from plan_qa.answering.support_fit import (Choice, QuestionPairs, _assistant_for, answerability_report, auc_report,
                                           fit, fit_rows, load_sets, pairs_for, question_rows)
from plan_qa.config import Settings
from plan_qa.corpus import PROJECT_ROOT

SETS = PROJECT_ROOT / "eval" / "answerability_sets.json"
MIN_GAIN = 0.003  # a feature joins only when it raises the held-out AUC by at least this much
STRENGTHS = (0.03, 0.1, 0.3, 1.0, 3.0)
COSTS = (1.0, 1.5, 2.0, 3.0)


@dataclass
class Folds:
    """Every question's features as read by each fold's evidence model, with its group and labels."""

    groups: np.ndarray  # the plan group of each question
    answerable: np.ndarray
    synthetic: np.ndarray
    rows: dict[str, np.ndarray]  # held-out group → features of every question, read by that fold's evidence model
    held_out: list[str]  # the cross-validation groups

    def fitted(self, group: str, choice: Choice) -> AnswerabilityModel:
        """The model fitted with `choice` on every cross-validation group but `group`."""
        train = np.isin(self.groups, [g for g in self.held_out if g != group])
        return fit_rows(self.rows[group][train], self.answerable[train], self.synthetic[train], choice, {})

    def held_out_scores(self, choice: Choice) -> dict[str, tuple[np.ndarray, np.ndarray, float]]:
        """Per held-out group: its real questions' probabilities, their answerability, the fold's threshold."""
        scores = {}
        for group in self.held_out:
            model = self.fitted(group, choice)
            mask = (self.groups == group) & ~self.synthetic
            scores[group] = (model.probabilities(self.rows[group][mask]), self.answerable[mask], model.threshold)
        return scores


def _auc(answerable: np.ndarray, scores: np.ndarray) -> float | None:
    return round(float(roc_auc_score(answerable, scores)), 3) if len(set(answerable.tolist())) == 2 else None


def evaluate(folds: Folds, choice: Choice) -> dict:
    """Held-out figures of one choice: per group and pooled AUC, unanswerable / answerable refused, errors."""
    per_group, pooled, labels = {}, [], []
    for group, (scores, answerable, threshold) in folds.held_out_scores(choice).items():
        refused = scores < threshold
        per_group[group] = {"questions": len(scores), "auc": _auc(answerable, scores),
                            "unanswerable_refused": f"{int((refused & ~answerable).sum())}/{int((~answerable).sum())}",
                            "answerable_refused": f"{int((refused & answerable).sum())}/{int(answerable.sum())}",
                            "errors": int((refused == answerable).sum())}
        pooled.append(scores)
        labels.append(answerable)
    errors = sum(g["errors"] for g in per_group.values())
    return {"choice": choice.to_json(), "auc": _auc(np.concatenate(labels), np.concatenate(pooled)),
            "errors": errors, "groups": per_group}


def forward_features(folds: Folds, base: Choice) -> tuple[tuple[str, ...], list[dict]]:
    """Features added one at a time by held-out AUC, while each adds at least `MIN_GAIN`."""
    chosen: list[str] = []
    path, best = [], 0.5
    while len(chosen) < len(QUESTION_FEATURES):
        trials = [(evaluate(folds, replace(base, features=(*chosen, name)))["auc"] or 0.0, name)
                  for name in QUESTION_FEATURES if name not in chosen]
        auc, name = max(trials)
        if auc < best + MIN_GAIN:
            break
        chosen.append(name)
        best = auc
        path.append({"added": name, "held_out_auc": auc})
    return tuple(chosen), path


def select(folds: Folds) -> dict:
    """The whole selection: the current settings' figures, the feature path, the grid, the choice."""
    everything = evaluate(folds, Choice(QUESTION_FEATURES[:27], 0.5, True, (2.0, 1.0)))  # as fitted in session 8
    features, path = forward_features(folds, Choice(C=0.3))
    grid = [evaluate(folds, Choice(f, strength, synthetic, (cost, 1.0)))
            for f in (features, QUESTION_FEATURES) for strength in STRENGTHS
            for synthetic in (True, False) for cost in COSTS]
    best = min(grid, key=lambda r: (r["errors"], -(r["auc"] or 0.0), len(r["choice"]["features"])))
    return {"all_features_as_fitted_before": everything, "forward_path": path,
            "grid": [{"choice": {k: v for k, v in r["choice"].items() if k != "features"},
                      "features": "forward" if tuple(r["choice"]["features"]) == features else "all",
                      "auc": r["auc"], "errors": r["errors"]} for r in grid],
            "chosen": best["choice"], "chosen_held_out": best}


def collect(sets_file: Path, real_only: bool = False
            ) -> tuple[list[QuestionPairs], list[str], list[QuestionPairs], list[str], dict]:
    """(cross-validation pairs incl. synthetic unless `real_only`, their groups, validation pairs, their groups,
    info) of the sets file."""
    sets, _ = load_sets(sets_file)
    train, train_groups, validation, validation_groups, corpora = [], [], [], [], []
    for question_set in sets:
        assistant = _assistant_for(question_set.corpus, question_set.items)
        pairs, checked, info = pairs_for(assistant, question_set.items, question_set.held_out, synthetic=not real_only)
        train += pairs
        train_groups += [question_set.group(p.item.split) for p in pairs]
        validation += checked
        validation_groups += [question_set.group(p.item.split) for p in checked]
        corpora.append(info | {"group": question_set.name})
    return train, train_groups, validation, validation_groups, {"embedding_model": assistant.embedder.name,
                                                                "corpora": corpora}


def folds_of(pairs: list[QuestionPairs], groups: list[str], support: SupportModel | None = None) -> Folds:
    """Per held-out group, the evidence model refitted without it and every question's features read with it
    (with `support`: every fold reads the features with that evidence model, read once)."""
    group_array = np.array(groups)
    held_out = sorted(set(groups))
    rows = {}
    once = question_rows(pairs, support) if support is not None else None
    for group in held_out:
        if once is not None:
            rows[group] = once
            continue
        support_of_fold = fit([p for p, g in zip(pairs, groups) if g != group and not p.item.id.startswith("synu-")], {})
        rows[group] = question_rows(pairs, support_of_fold)
    return Folds(group_array, np.array([p.item.answerable for p in pairs], dtype=bool),
                 np.array([p.synthetic for p in pairs], dtype=bool), rows, held_out)


def scored(model: AnswerabilityModel, folds: Folds) -> dict:
    """A fitted model's figures on the real questions of each cross-validation group and pooled (no refit)."""
    per_group, pooled, labels = {}, [], []
    for group in folds.held_out:
        mask = (folds.groups == group) & ~folds.synthetic
        scores, answerable = model.probabilities(folds.rows[group][mask]), folds.answerable[mask]
        refused = scores < model.threshold
        per_group[group] = {"questions": int(mask.sum()), "auc": _auc(answerable, scores),
                            "unanswerable_refused": f"{int((refused & ~answerable).sum())}/{int((~answerable).sum())}",
                            "answerable_refused": f"{int((refused & answerable).sum())}/{int(answerable.sum())}"}
        pooled.append(scores)
        labels.append(answerable)
    return {"auc": _auc(np.concatenate(labels), np.concatenate(pooled)), "groups": per_group}


def by_group(support: SupportModel, model: AnswerabilityModel, pairs: list[QuestionPairs],
             groups: list[str]) -> dict:
    """The final model's figures on each validation group."""
    return {g: answerability_report(support, model, [p for p, h in zip(pairs, groups) if h == g])
            for g in sorted(set(groups))}


@dataclass
class Collected:
    """What the selection reads from the question sets."""

    folds: Folds
    support: SupportModel  # the evidence model fitted on every cross-validation question
    pairs: list[QuestionPairs]  # cross-validation questions, features read with `support`
    validation: list[QuestionPairs]
    validation_groups: list[str]
    info: dict


def read_sets(sets_file: Path, keep_support: bool = False) -> Collected:
    """Every question's features, per fold and with the evidence model fitted on all of them; `keep_support`:
    with the evidence model in use, real questions only (one pass: no synthetic questions, no refit per fold)."""
    pairs, groups, validation, validation_groups, info = collect(sets_file, real_only=keep_support)
    stored = pairs[0].assistant.support if keep_support else None
    folds = folds_of(pairs, groups, stored)
    support = stored or fit([p for p in pairs if not p.item.id.startswith("synu-")], dict(info))
    support.info["auc_train"] = auc_report(support, [p for p in pairs if not p.synthetic])
    support.info["auc_validation"] = auc_report(support, validation)
    question_rows(pairs, support)
    question_rows(validation, support)
    return Collected(folds, support, pairs, validation, validation_groups, info)


def main(argv: list[str]) -> None:
    sets_file = Path(argv[argv.index("--sets") + 1]) if "--sets" in argv else SETS
    data = json.loads(sets_file.read_text(encoding="utf-8"))
    result_file = Path(argv[argv.index("--result") + 1]) if "--result" in argv else PROJECT_ROOT / data["selection"]
    keep_support = "--keep-support" in argv
    collected = read_sets(sets_file, keep_support)
    pairs, validation, validation_groups = collected.pairs, collected.validation, collected.validation_groups
    support, info = collected.support, collected.info
    result = select(collected.folds)
    in_use = AnswerabilityModel.load(Settings.from_env().index_dir)
    result["model_in_use"] = {"threshold": in_use.threshold, "choice": in_use.info.get("choice"),
                              "cross_validation_groups": scored(in_use, collected.folds),
                              "validation_groups": {g: answerability_report(support, in_use, [
                                  p for p, h in zip(validation, validation_groups) if h == g])
                                  for g in sorted(set(validation_groups))}}
    choice = Choice.of(result["chosen"])
    rows = np.vstack([p.question_row for p in pairs])
    model = fit_rows(rows, np.array([p.item.answerable for p in pairs], dtype=bool),
                     np.array([p.synthetic for p in pairs], dtype=bool), choice, info | {"choice": choice.to_json()})
    model.info["train"] = answerability_report(support, model, [p for p in pairs if not p.synthetic])
    model.info["validation"] = answerability_report(support, model, validation)
    result["final_on_validation_groups"] = by_group(support, model, validation, validation_groups)
    result_file.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    folder = Path(argv[argv.index("--out") + 1]) if "--out" in argv else Settings.from_env().index_dir
    folder.mkdir(parents=True, exist_ok=True)
    for fitted in (model,) if keep_support else (support, model):
        (folder / fitted.FILE).write_text(json.dumps(fitted.to_json(), ensure_ascii=False, indent=1) + "\n",
                                          encoding="utf-8")
    print(json.dumps({k: result[k] for k in ("forward_path", "chosen", "chosen_held_out",
                                             "final_on_validation_groups")}, ensure_ascii=False, indent=1))


if __name__ == "__main__":
    main(sys.argv[1:])
