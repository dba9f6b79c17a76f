"""PNG charts for the report (matplotlib, Agg backend: no display needed)."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt
import numpy as np

from plan_qa.evaluation.scoring import CONTEXT_K, CONTEXT_METRIC
from plan_qa.evaluation.type_names import type_name
from plan_qa.labels import vietnamese_key


def _series(summary: dict[str, Any]) -> list[tuple[str, str, bool]]:
    """(system, metric, is upper bound) for each bar of a type group."""
    series = [("plan_qa", "accuracy", False), ("plan_qa", CONTEXT_METRIC, True)]
    return series + [(name, CONTEXT_METRIC, True) for name in summary["systems"] if name != "plan_qa"]


def _legend(summary: dict[str, Any], name: str, bound: bool) -> str:
    label = summary["systems"][name].get("label", name)
    if not bound:
        return f"{label}: câu trả lời đúng"
    return f"{label}: đáp án nằm trong {CONTEXT_K} đoạn truy hồi đầu (cận trên, chưa phải câu trả lời)"


def accuracy_by_type(summary: dict[str, Any], path: Path) -> Path:
    """Grouped bars per question type (named in Vietnamese): plan-qa's answer accuracy, and for every
    system the share of questions whose answer lies in its first retrieved passages (an upper bound)."""
    systems = summary["systems"]
    types = sorted(systems["plan_qa"]["by_type"], key=lambda t: vietnamese_key(type_name(t)))
    series = _series(summary)
    width = 0.8 / len(series)
    figure, axes = plt.subplots(figsize=(max(11, 1.0 * len(types)), 6.5))
    for number, (name, metric, bound) in enumerate(series):
        values = [systems[name]["by_type"].get(t, {}).get("metrics", {}).get(metric, {}).get("value")
                  for t in types]
        heights = [np.nan if v is None else v for v in values]
        axes.bar(np.arange(len(types)) + (number - (len(series) - 1) / 2) * width, heights, width,
                 label=_legend(summary, name, bound), hatch="//" if bound else None,
                 edgecolor="white" if bound else None)
    axes.set_xticks(np.arange(len(types)), [type_name(t) for t in types], rotation=30, ha="right")
    axes.set_ylim(0, 1.05)
    axes.yaxis.set_major_formatter(lambda value, _: f"{value:.1f}".replace(".", ","))
    axes.set_ylabel("Tỉ lệ đúng")
    axes.set_title("Độ chính xác theo loại câu hỏi")
    axes.grid(axis="y", alpha=0.3)
    figure.tight_layout()
    figure.subplots_adjust(bottom=0.22 + 0.04 * len(series))
    axes.legend(fontsize=9, ncol=1, loc="lower center", bbox_to_anchor=(0.5, 0.0), frameon=False,
                bbox_transform=figure.transFigure)
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
            axes.axvline(value, color="black", linestyle=style, label=f"{'trung vị' if q == 50 else 'p95'} = {value:.0f} ms")
        axes.legend()
    axes.set_xlabel("Thời gian trả lời mỗi câu hỏi (ms)")
    axes.set_ylabel("Số câu hỏi")
    axes.set_title("Thời gian trả lời của plan-qa")
    figure.tight_layout()
    figure.savefig(path, dpi=120)
    plt.close(figure)
    return path
