"""The answer-or-refuse model is chosen by leaving one group of plans out, and the stored model is that choice."""

from __future__ import annotations

import json
from pathlib import Path

import numpy as np
import pytest

from plan_qa.answering import Assistant
from plan_qa.answering.answerability import QUESTION_FEATURES, AnswerabilityModel
from plan_qa.answering.answerability_select import MIN_GAIN, evaluate, folds_of, forward_features
from plan_qa.answering.support_fit import Choice, question_pairs
from plan_qa.evaluation.dataset import load_qa
from plan_qa.retrieval import plan_key

ROOT = Path(__file__).resolve().parents[1]
SELECTION = ROOT / "eval" / "answerability_selection.json"


def test_the_stored_model_is_the_chosen_one_and_reads_only_its_features() -> None:
    selection = json.loads(SELECTION.read_text(encoding="utf-8"))
    chosen = selection["chosen"]
    model = AnswerabilityModel.load()
    assert model.info["choice"] == chosen
    assert set(chosen["features"]) <= set(QUESTION_FEATURES)
    unused = [i for i, name in enumerate(QUESTION_FEATURES) if name not in chosen["features"]]
    assert not np.any(model.coef[unused]) and np.all(model.coef[[QUESTION_FEATURES.index(n)
                                                                 for n in chosen["features"]]] != 0)
    held_out = selection["chosen_held_out"]["groups"]
    # every unseen-plan set is scored held out; validation plans are never fitted or chosen on
    assert {"s5", "s6", "s7", "s8", "bundled-train", "real-train"} == set(held_out)
    assert set(selection["final_on_validation_groups"]) == {"bundled-validation", "real-validation"}


@pytest.mark.slow
def test_each_plan_is_scored_only_by_a_model_fitted_without_it() -> None:
    assistant = Assistant.load()
    items = [i for i in load_qa() if i.split == "train" and (i.evidence or (i.scope and i.scope.plan_id))]
    pairs = [question_pairs(assistant, item) for item in items]
    groups = [plan_key(item.evidence[0].plan_id if item.evidence else item.scope.plan_id) for item in items]
    assert len(set(groups)) >= 2  # the plans the train questions are about (cross-province ones cite others)
    folds = folds_of(pairs, groups)
    # each fold's evidence model is refitted without the held-out plan: the features it reads differ
    assert not np.allclose(folds.rows["000"], folds.rows["004"])
    result = evaluate(folds, Choice(("missing_words", "field_in_top3", "best_support"), 0.3))
    assert {g: r["questions"] for g, r in result["groups"].items()} == {g: groups.count(g) for g in set(groups)}
    features, path = forward_features(folds, Choice(C=0.3))
    assert [step["added"] for step in path] == list(features)
    gains = np.diff([0.5] + [step["held_out_auc"] for step in path])
    assert np.all(gains >= MIN_GAIN)
