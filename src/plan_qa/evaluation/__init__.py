"""Evaluation: Q&A sets, scoring, baselines, reports and human judgments."""

from plan_qa.evaluation.dataset import (
    DEFAULT_QA_PATH,
    Evidence,
    QADatasetError,
    QAItem,
    Scope,
    load_qa,
)
from plan_qa.evaluation.judgments import Judgment, JudgmentStore
from plan_qa.evaluation.runner import EvalRun, QuestionResult, SystemOutput, run_evaluation
from plan_qa.evaluation.scoring import QuestionScore, score_question

__all__ = [
    "DEFAULT_QA_PATH", "EvalRun", "Evidence", "Judgment", "JudgmentStore", "QADatasetError",
    "QAItem", "QuestionResult", "QuestionScore", "Scope", "SystemOutput", "load_qa",
    "run_evaluation", "score_question",
]
