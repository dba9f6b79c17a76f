"""plan-qa's failures from the results rows, worst first.

Severity, highest first: a crash; a confident answer to an unanswerable
question (nothing in the plans supports it); an answer missing required
content; a refusal although the plans hold the answer; a correct answer whose
citations cover none of the gold evidence. Within a level, lower token F1 first.
"""

from __future__ import annotations

from typing import Any

from plan_qa.evaluation.dataset import UNANSWERABLE

SEVERITY_LABELS = {
    5: "Lỗi khi chạy",
    4: "Trả lời câu mà kế hoạch không có thông tin",
    3: "Trả lời thiếu nội dung bắt buộc",
    2: "Từ chối sai: kế hoạch có câu trả lời",
    1: "Đúng nhưng trích dẫn không khớp căn cứ",
}


def severity(row: dict[str, Any], system: str = "plan_qa") -> int:
    """0 for a clean result, else the failure level (see `SEVERITY_LABELS`)."""
    output = row["systems"][system]
    scores = output["scores"]
    answerable = row["type"] != UNANSWERABLE
    if output.get("error"):
        return 5
    if not answerable:
        return 4 if output["found"] else 0
    if not output["found"]:
        return 2
    if scores["missing"]:
        return 3
    return 1 if scores["citation_recall"] == 0 else 0


def failures(rows: list[dict[str, Any]], system: str = "plan_qa") -> list[dict[str, Any]]:
    """Failing rows, worst first, each with `severity` and `reason` added."""
    failing = []
    for row in rows:
        level = severity(row, system)
        if level:
            failing.append({**row, "severity": level, "reason": SEVERITY_LABELS[level]})
    return sorted(
        failing,
        key=lambda r: (-r["severity"], r["systems"][system]["scores"]["token_f1"] or 0.0, r["id"]),
    )
