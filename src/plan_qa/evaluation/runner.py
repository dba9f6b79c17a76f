"""Run the Q&A set through plan-qa and the baselines, score every question, summarise.

`run_evaluation` is the Python API behind ``plan-qa eval`` and the UI's
evaluation tab; writing files is `report.write_outputs`'s job.
"""

from __future__ import annotations

import subprocess
import time
from collections.abc import Callable
from dataclasses import asdict, dataclass, field
from datetime import UTC, datetime
from pathlib import Path
from typing import Any, Protocol

from plan_qa.answering.model import Answer
from plan_qa.config import Settings
from plan_qa.corpus import PROJECT_ROOT
from plan_qa.embeddings import Embedder
from plan_qa.evaluation.aggregate import system_summary
from plan_qa.evaluation.baselines import Baseline, build_baselines, plan_provinces
from plan_qa.evaluation.dataset import DEFAULT_QA_PATH, QAItem, load_qa
from plan_qa.evaluation.judgments import DEFAULT_JUDGMENTS_PATH, JudgmentStore, compare_with_auto
from plan_qa.evaluation.scoring import QuestionScore, score_question
from plan_qa.index.store import PlanIndex
from plan_qa.retrieval import HybridRetriever

SYSTEM = "plan_qa"
SYSTEM_LABEL = "plan-qa (hybrid + trả lời có trích dẫn)"

Progress = Callable[[int, int], None]


class AssistantLike(Protocol):
    """What the evaluation needs from `plan_qa.answering.Assistant`."""

    retriever: HybridRetriever
    embedder: Embedder
    index: PlanIndex
    settings: Settings

    def ask(self, question: str, history: Any = None, province: str | None = None,
            plan: str | None = None) -> Answer: ...


@dataclass
class SystemOutput:
    """What one system returned for one question, and its scores."""

    score: QuestionScore
    retrieved: list[dict[str, Any]]
    answer: str | None = None
    found: bool | None = None
    intent: str | None = None
    citations: list[dict[str, Any]] = field(default_factory=list)
    notices: list[str] = field(default_factory=list)
    error: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON row part: citations in full, retrieved passages by id and locator only."""
        return {
            "answer": self.answer, "found": self.found, "intent": self.intent,
            "citations": [{key: c.get(key) for key in ("ref", "plan_id", "locator", "text")}
                          for c in self.citations],
            "retrieved": [{key: p.get(key) for key in ("id", "plan_id", "locator", "score")}
                          for p in self.retrieved],
            "notices": self.notices, "error": self.error, "scores": self.score.to_dict(),
        }


@dataclass
class QuestionResult:
    """One question with every system's output."""

    item: QAItem
    outputs: dict[str, SystemOutput]

    def to_row(self) -> dict[str, Any]:
        item = self.item
        return {
            "id": item.id, "question": item.question, "type": item.type, "split": item.split,
            "scope": asdict(item.scope) if item.scope else None,
            "gold": {"answers": item.answers, "must_include": item.must_include,
                     "evidence": [asdict(e) for e in item.evidence]},
            "systems": {name: output.to_dict() for name, output in self.outputs.items()},
        }


@dataclass
class EvalRun:
    """Per-question results and the summary of one evaluation run."""

    results: list[QuestionResult]
    summary: dict[str, Any]

    def rows(self) -> list[dict[str, Any]]:
        """One JSON-ready dict per question (the lines of results.jsonl)."""
        return [result.to_row() for result in self.results]


def ask_plan_qa(assistant: AssistantLike, item: QAItem) -> SystemOutput:
    """Ask plan-qa within the item's scope; an exception is recorded as a wrong answer."""
    province, plan = (item.scope.province, item.scope.plan_id) if item.scope else (None, None)
    start = time.perf_counter()
    try:
        answer = assistant.ask(item.question, province=province, plan=plan)
    except Exception as exc:  # noqa: BLE001 - one broken question must not sink a whole run
        score = score_question(item, [], (time.perf_counter() - start) * 1000, "", False)
        score.correct = False  # a crash is never a correct refusal
        return SystemOutput(score, [], "", False, error=f"{type(exc).__name__}: {exc}")
    latency = (time.perf_counter() - start) * 1000
    citations = [asdict(c) for c in answer.citations]
    score = score_question(item, answer.retrieved, latency, answer.answer, answer.found, citations)
    return SystemOutput(score, list(answer.retrieved), answer.answer, answer.found, answer.intent,
                        citations, list(answer.notices))


def run_baseline(baseline: Baseline, item: QAItem) -> SystemOutput:
    """Retrieve with one baseline within the item's scope and score the passages."""
    province, plan = (item.scope.province, item.scope.plan_id) if item.scope else (None, None)
    passages, latency = baseline.run(item.question, province, plan)
    return SystemOutput(score_question(item, passages, latency), passages)


def _git_commit() -> str | None:
    try:
        done = subprocess.run(["git", "rev-parse", "--short", "HEAD"], cwd=PROJECT_ROOT,
                              capture_output=True, text=True, timeout=5, check=True)
    except (OSError, subprocess.SubprocessError):
        return None
    return done.stdout.strip() or None


def summarize_run(results: list[QuestionResult], labels: dict[str, str],
                  judgments: JudgmentStore, info: dict[str, Any]) -> dict[str, Any]:
    """Summary JSON: run info, every system's figures, human vs automatic verdicts."""
    systems = {
        name: {"label": label,
               **system_summary([(r.item, r.outputs[name].score) for r in results])}
        for name, label in labels.items()
    }
    answers = [(r.item.id, r.outputs[SYSTEM].answer or "", bool(r.outputs[SYSTEM].score.correct))
               for r in results]
    return {"run": info, "systems": systems, "human": compare_with_auto(answers, judgments)}


def run_evaluation(
    assistant: AssistantLike,
    qa_path: str | Path | None = None,
    progress: Progress | None = None,
    split: str | None = None,
    *,
    baselines: bool = True,
    judgments_path: str | Path = DEFAULT_JUDGMENTS_PATH,
) -> EvalRun:
    """Evaluate plan-qa (and, by default, the baselines) on a Q&A set.

    `progress(done, total)` is called after each question. `split` keeps only
    "train", "validation" or "test" items. Baselines use the assistant's embedder and clauses;
    the tutorial RAG chunks the raw files of the assistant's corpus folder.
    """
    started = datetime.now(UTC)
    qa_file = Path(qa_path or DEFAULT_QA_PATH)
    items = [item for item in load_qa(qa_file) if split is None or item.split == split]
    if not items:
        raise ValueError(f"Không có câu hỏi nào thuộc split '{split}' trong {qa_file}")
    systems: list[Baseline] = []
    if baselines:
        systems = build_baselines(assistant.retriever, assistant.embedder,
                                  assistant.settings.corpus_dir,
                                  plan_provinces(assistant.index.documents))
    results: list[QuestionResult] = []
    if progress:
        progress(0, len(items))
    for done, item in enumerate(items, 1):
        outputs = {SYSTEM: ask_plan_qa(assistant, item)}
        outputs.update({b.name: run_baseline(b, item) for b in systems})
        results.append(QuestionResult(item, outputs))
        if progress:
            progress(done, len(items))
    labels = {SYSTEM: SYSTEM_LABEL, **{b.name: b.label for b in systems}}
    info = {
        "started_at": started.isoformat(timespec="seconds"),
        "finished_at": datetime.now(UTC).isoformat(timespec="seconds"),
        "qa_path": str(qa_file), "split": split, "questions": len(items),
        "model": assistant.embedder.name, "documents": len(assistant.index.documents),
        "commit": _git_commit(),
        "errors": sum(r.outputs[SYSTEM].error is not None for r in results),
    }
    return EvalRun(results, summarize_run(results, labels, JudgmentStore(judgments_path), info))
