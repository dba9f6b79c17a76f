"""A target row's bare figures are read with the row's unit, so the row's text states what it counts."""

from __future__ import annotations

from pathlib import Path

from plan_qa.corpus import parse
from plan_qa.evaluation.matching import contains_key
from plan_qa.parsing.parser import with_unit

PLAN = Path(__file__).resolve().parents[1] / "eval" / "blind_2026-11-27-s5" / "plans" / "p4_phu-tho.html"


def test_a_percentage_target_reads_with_its_unit() -> None:
    # "Chỉ tiêu | Đơn vị tính | Năm 2026 | Cơ quan chủ trì" with "%" and "92" in the row's cells.
    rows = [c.text for c in parse(PLAN).clauses if c.kind == "task_row" and "Đơn vị tính: %" in c.text]
    assert rows and all("số lượng" not in text for text in rows)
    assert any(contains_key(text, "Năm 2026: 92%") for text in rows)


def test_only_bare_figures_take_the_unit() -> None:
    assert with_unit("92", "%") == "92 %"
    assert with_unit("1.200", "hộ") == "1.200 hộ"
    assert with_unit("Quý II/2026", "%") == "Quý II/2026"
    assert with_unit("15", "01 mẫu/vị trí") == "15"  # a unit holding figures is not a unit name
    assert with_unit("15", None) == "15"
