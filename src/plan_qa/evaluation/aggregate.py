"""Per-question scores → summary figures: headline, per type, per split, bootstrap CIs, latency.

Every figure is a mean of per-question values over the questions where it is
defined (e.g. citation precision only where the system cited something), so
each carries its own `n`.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence
from dataclasses import dataclass

import numpy as np

from plan_qa.evaluation.dataset import QAItem
from plan_qa.evaluation.scoring import CONTEXT_K, CONTEXT_METRIC, QuestionScore

RESAMPLES = 1000
SEED = 20250601
LEVEL = 0.95

Scored = tuple[QAItem, QuestionScore]
Extractor = Callable[[QAItem, QuestionScore], float | None]


def _flag(value: bool | None) -> float | None:
    return None if value is None else float(value)


def _answerable(extract: Extractor) -> Extractor:
    return lambda item, score: extract(item, score) if item.answerable else None


@dataclass(frozen=True)
class Metric:
    """A named per-question value; its summary is the mean where defined."""

    name: str
    label: str
    extract: Extractor


METRICS: tuple[Metric, ...] = (
    Metric("accuracy", "Độ chính xác (accuracy, tất cả)", lambda i, s: _flag(s.correct)),
    Metric("answerable_accuracy", "Độ chính xác câu có đáp án",
           _answerable(lambda i, s: _flag(s.correct))),
    Metric("refusal_accuracy", "Từ chối đúng (unanswerable)",
           lambda i, s: None if i.answerable else _flag(s.correct)),
    Metric("token_f1", "Token F1", _answerable(lambda i, s: s.token_f1)),
    Metric("citation_precision", "Citation precision", _answerable(lambda i, s: s.citation_precision)),
    Metric("citation_recall", "Citation recall", _answerable(lambda i, s: s.citation_recall)),
    Metric(CONTEXT_METRIC, f"must_include trong top-{CONTEXT_K} (cận trên)",
           lambda i, s: _flag(s.context_correct)),
    Metric("recall@1", "Recall@1", lambda i, s: s.recall_at(1)),
    Metric("recall@4", "Recall@4", lambda i, s: s.recall_at(4)),
    Metric("recall@5", "Recall@5", lambda i, s: s.recall_at(5)),
    Metric("recall@10", "Recall@10", lambda i, s: s.recall_at(10)),
    Metric("hit@1", "Hit@1", lambda i, s: s.hit_at(1)),
    Metric("hit@4", "Hit@4", lambda i, s: s.hit_at(4)),
    Metric("mrr", "MRR", lambda i, s: s.reciprocal_rank),
    Metric("answer_words", "Số từ của câu trả lời (trung bình)", lambda i, s: s.answer_words),
)
METRIC_BY_NAME = {metric.name: metric for metric in METRICS}


def bootstrap_ci(values: Sequence[float], resamples: int = RESAMPLES, seed: int = SEED,
                 level: float = LEVEL) -> tuple[float, float] | None:
    """Percentile bootstrap CI of the mean; deterministic for a given seed."""
    if not values:
        return None
    data = np.asarray(values, dtype=float)
    rng = np.random.default_rng(seed)
    means = data[rng.integers(0, len(data), size=(resamples, len(data)))].mean(axis=1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(means, [tail, 100 - tail])
    return float(low), float(high)


def metric_summary(scored: Sequence[Scored], metric: Metric, with_ci: bool = True) -> dict:
    """{value, n, ci} of one metric; value None when undefined everywhere."""
    values = [v for item, score in scored if (v := metric.extract(item, score)) is not None]
    summary: dict = {"value": float(np.mean(values)) if values else None, "n": len(values)}
    if with_ci:
        ci = bootstrap_ci(values)
        summary["ci"] = list(ci) if ci else None
    return summary


def latency_summary(scored: Sequence[Scored]) -> dict:
    """p50/p95/mean/max latency in milliseconds."""
    latencies = [score.latency_ms for _, score in scored]
    if not latencies:
        return {"p50": None, "p95": None, "mean": None, "max": None, "n": 0}
    p50, p95 = np.percentile(latencies, [50, 95])
    return {"p50": float(p50), "p95": float(p95), "mean": float(np.mean(latencies)),
            "max": float(np.max(latencies)), "n": len(latencies)}


def summarize(scored: Sequence[Scored], with_ci: bool = True) -> dict:
    """All metrics (with bootstrap CIs) and latency for one system on some items."""
    return {
        "n": len(scored),
        "metrics": {m.name: metric_summary(scored, m, with_ci) for m in METRICS},
        "latency_ms": latency_summary(scored),
    }


def breakdown(scored: Sequence[Scored], key: Callable[[QAItem], str], with_ci: bool = False) -> dict[str, dict]:
    """`summarize` per group (question type, split)."""
    groups: dict[str, list[Scored]] = {}
    for item, score in scored:
        groups.setdefault(key(item), []).append((item, score))
    return {name: summarize(group, with_ci=with_ci) for name, group in sorted(groups.items())}


def system_summary(scored: Sequence[Scored]) -> dict:
    """Overall and per split (train / validation / test, with CIs), per type for one system."""
    return {
        "overall": summarize(scored),
        "by_type": breakdown(scored, lambda item: item.type),
        "by_split": breakdown(scored, lambda item: item.split, with_ci=True),
        "by_split_and_type": breakdown(scored, lambda item: f"{item.split}/{item.type}"),
    }
