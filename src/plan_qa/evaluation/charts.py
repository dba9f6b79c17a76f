"""PNG charts for the report (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from plan_qa.evaluation.scoring import CONTEXT_K, CONTEXT_METRIC


def _series(summary: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(system, metric, is upper bound) for each bar of a type group."""
    series = [("plan_qa", "accuracy", False), ("plan_qa", CONTEXT_METRIC, True)]
    return series + [(name, CONTEXT_METRIC, True) for name in summary["systems"] if name != "plan_qa"]


def accuracy_by_type(summary: dict[str, Any], path: Path) -> Path:
    """Grouped bars per question type: plan-qa's answer accuracy, every system's top-4 bound."""
    systems = summary["systems"]
    types = sorted(systems["plan_qa"]["by_type"])
    series = _series(summary)
    width = 0.8 / len(series)
    figure, axes = plt.subplots(figsize=(max(10, 1.1 * len(types)), 5.5))
    for number, (name, metric, bound) in enumerate(series):
        values = [systems[name]["by_type"].get(t, {}).get("metrics", {}).get(metric, {}).get("value")
                  for t in types]
        heights = [np.nan if v is None else v for v in values]
        label = f"{name} – câu trả lời" if not bound else f"{name} – top-{CONTEXT_K} (cận trên)"
        axes.bar(np.arange(len(types)) + (number - (len(series) - 1) / 2) * width, heights, width,
                 label=label, hatch="//" if bound else None, edgecolor="white" if bound else None)
    axes.set_xticks(np.arange(len(types)), types, rotation=35, ha="right")
    axes.set_ylim(0, 1.05)
    axes.set_ylabel("Tỉ lệ đúng (accuracy)")
    axes.set_title("Độ chính xác theo loại câu hỏi (accuracy by question type)")
    axes.legend(fontsize=8, ncol=2, loc="upper center", bbox_to_anchor=(0.5, -0.28))
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path


def latency_histogram(latencies_ms: list[float], path: Path) -> Path:
    """Histogram of plan-qa's per-question latency with p50/p95 marked."""
    figure, axes = plt.subplots(figsize=(8, 4.5))
    if latencies_ms:
        axes.hist(latencies_ms, bins=min(30, max(5, len(latencies_ms) // 4)), color="#4C72B0")
        for q, style in ((50, "--"), (95, ":")):
            value = float(np.percentile(latencies_ms, q))
            axes.axvline(value, color="black", linestyle=style, label=f"p{q} = {value:.0f} ms")
        axes.legend()
    axes.set_xlabel("Độ trễ mỗi câu hỏi (ms)")
    axes.set_ylabel("Số câu hỏi")
    axes.set_title("Độ trễ plan-qa (latency histogram)")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path
