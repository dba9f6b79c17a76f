"""Re-split eval/qa.jsonl by plan: no plan's questions in two splits.

Rule (fixed before any tuning on the new splits):
- plan groups: train = 000, 004 (Hà Nội CNMT 2025-2030, Đồng Tháp 524); validation = 002 (Gia Lai);
  test = 001, 003 (Hà Nội BVMT ngành Công Thương 2026 and 2026-2030);
- a question's plans are its evidence plans and its scope plan; an unanswerable question without
  them takes the plans of its scope province, and with no scope at all it goes to train;
- a question whose plans all sit in one group goes to that group; a question whose plans span
  groups goes to train (it cannot be held out: it reads training plans).

Run: python eval/split_by_plan.py  (rewrites eval/qa.jsonl in place, order kept)
"""

from __future__ import annotations

import json
from pathlib import Path

GROUPS = {"000": "train", "004": "train", "002": "validation", "001": "test", "003": "test"}
PROVINCE_PLANS = {"Hà Nội": {"000", "001", "003"}, "Gia Lai": {"002"}, "Đồng Tháp": {"004"}}
QA = Path(__file__).with_name("qa.jsonl")


def split_of(row: dict) -> str:
    """The split a question belongs to under the rule above."""
    scope = row.get("scope") or {}
    plans = {e["plan_id"] for e in row.get("evidence") or []} | ({scope["plan_id"]} if scope.get("plan_id") else set())
    if not plans:
        plans = PROVINCE_PLANS.get(scope.get("province") or "", set())
    groups = {GROUPS[p] for p in plans}
    return groups.pop() if len(groups) == 1 else "train"


def main() -> None:
    rows = [json.loads(line) for line in QA.read_text(encoding="utf-8").splitlines() if line.strip()]
    for row in rows:
        row["split"] = split_of(row)
    QA.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")


if __name__ == "__main__":
    main()
