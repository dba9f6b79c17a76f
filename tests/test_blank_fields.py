"""A task row's empty field is said to be missing only when the parse is sure of it.

The released s9 plan h2 (eval/blind_2026-11-28-s9) gives a deadline-less row among dated rows. The cells a parse
cannot be sure of — an abbreviation no table knows, a deadline or the coordinators run into the lead cell, as an
unruled table's columns once did on s9's h1 and h2 before the parser read them — are written into an invented
appendix table below, since the released plans now parse whole."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.answering.compose import field_is_blank
from plan_qa.corpus import parse
from plan_qa.parsing import parse_text

PLANS = Path(__file__).resolve().parents[1] / "eval" / "blind_2026-11-28-s9" / "plans"

UNSURE_CELLS = """ỦY BAN NHÂN DÂN TỈNH GIA LAI

Số: 12/KH-UBND

Gia Lai, ngày 5 tháng 1 năm 2026

KẾ HOẠCH

Phòng, chống dịch bệnh trên đàn vật nuôi năm 2026

I. MỤC ĐÍCH, YÊU CẦU

Chủ động phòng, chống dịch bệnh, bảo vệ đàn vật nuôi.

II. NHIỆM VỤ

Các nhiệm vụ cụ thể tại Phụ lục kèm theo.

PHỤ LỤC

| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian hoàn thành |
|---|---|---|---|---|
| 1 | Rà soát danh sách hộ chăn nuôi quy mô lớn | Sở Y tế | Sở Tài chính | Quý I/2026 |
| 2 | Xây dựng vùng an toàn dịch bệnh trên đàn gia cầm | CCCNTY | Sở Y tế | Quý II/2026 |
| 3 | Kiểm tra các cơ sở giết mổ tập trung | Sở Công Thương Tháng 6/2026 | Công an tỉnh | |
| 4 | Tập huấn cán bộ thú y cơ sở | Sở Nội vụ, Sở Tư pháp | | Quý III/2026 |
"""


@pytest.fixture(scope="module")
def legend_plan():
    """An .odt plan with a deadline-less row among dated rows."""
    return parse(PLANS / "h2_dak-lak.odt")


@pytest.fixture(scope="module")
def unsure_plan():
    """An invented appendix whose cells leave the parse unsure of a missing field."""
    return parse_text(UNSURE_CELLS, "gia-lai_12-KH-UBND.md")


def _row(plan, start: str):
    return next(row for row in plan.tasks if row.task.startswith(start))


def test_a_lead_cell_the_agency_table_cannot_read_is_not_a_missing_lead(unsure_plan) -> None:
    row = _row(unsure_plan, "Xây dựng vùng an toàn")
    assert not row.lead and row.lead_text.strip(), "the cell holds an abbreviation no table knows"
    assert not field_is_blank("lead", row, unsure_plan)


def test_an_empty_deadline_among_dated_rows_is_missing(legend_plan) -> None:
    row = _row(legend_plan, "Xử phạt vi phạm hành chính")
    assert row.timeline is None and field_is_blank("timeline", row, legend_plan)


def test_a_deadline_run_into_another_cell_is_not_missing(unsure_plan) -> None:
    row = _row(unsure_plan, "Kiểm tra các cơ sở giết mổ")
    assert not row.timeline and "/2026" in row.lead_text, "the deadline sits in the lead cell"
    assert not field_is_blank("timeline", row, unsure_plan)


def test_coordinators_are_not_said_missing_when_the_lead_cell_holds_several_bodies(unsure_plan) -> None:
    row = _row(unsure_plan, "Tập huấn cán bộ thú y")
    assert len(row.lead) > 1 and not row.coordinators_text, "the coordinators may have run into the lead cell"
    assert not field_is_blank("coordinators", row, unsure_plan)
