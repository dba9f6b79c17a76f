"""The answer-or-refuse features do not depend on which other plans are loaded (bundled plans)."""

from __future__ import annotations

from plan_qa.answering.answerability import PlanVocabulary
from plan_qa.parsing import Plan


def test_word_weights_of_one_plan_are_the_same_whichever_plans_are_loaded(plans: dict[str, Plan]) -> None:
    first = sorted(plans)[0]
    alone = PlanVocabulary.of([plans[first]]).within([first])
    among_all = PlanVocabulary.of(plans.values()).within([first])
    assert alone == among_all
    assert alone.idf, "the plan has words"


def test_a_word_common_in_the_scope_weighs_less_than_a_rare_one(plans: dict[str, Plan]) -> None:
    first = sorted(plans)[0]
    weights = PlanVocabulary.of(plans.values()).within([first])
    common = max(weights.idf, key=lambda w: -weights.idf[w])  # in the most clauses of this plan
    rare = max(weights.idf, key=lambda w: weights.idf[w])
    assert weights.weight(common) < weights.weight(rare) < weights.weight("khongcotutrongkehoach")
    share = weights.share_in({common, rare}, {rare})
    assert 0.5 < share < 1.0
