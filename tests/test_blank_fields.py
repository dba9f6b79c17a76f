"""A task row's empty field is said to be missing only when the parse is sure of it (released s9 plans)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.answering.compose import field_is_blank
from plan_qa.corpus import parse

PLANS = Path(__file__).resolve().parents[1] / "eval" / "blind_2026-11-28-s9" / "plans"


@pytest.fixture(scope="module")
def legend_plan():
    """An .odt plan whose lead cells use abbreviations explained in a legend ("CCCNTY", "CAT")."""
    return parse(PLANS / "h2_dak-lak.odt")


@pytest.fixture(scope="module")
def unruled_plan():
    """A PDF whose appendix table has no ruling lines: its columns may run together."""
    return parse(PLANS / "h1_can-tho.pdf")


def _row(plan, start: str):
    return next(row for row in plan.tasks if row.task.startswith(start))


def test_a_lead_cell_the_agency_table_cannot_read_is_not_a_missing_lead(legend_plan) -> None:
    row = _row(legend_plan, "Xây dựng 06 vùng an toàn dịch bệnh Dại")
    assert not row.lead and row.lead_text.strip(), "the cell holds an abbreviation no table knows"
    assert not field_is_blank("lead", row, legend_plan)


def test_an_empty_deadline_among_dated_rows_is_missing(legend_plan) -> None:
    row = _row(legend_plan, "Xử phạt vi phạm hành chính")
    assert row.timeline is None and field_is_blank("timeline", row, legend_plan)


def test_a_deadline_run_into_another_cell_is_not_missing(unruled_plan) -> None:
    undated = [row for row in unruled_plan.tasks if not row.timeline and "/20" in row.lead_text]
    assert undated, "the unruled table runs some deadlines into the lead cell"
    assert not any(field_is_blank("timeline", row, unruled_plan) for row in undated)


def test_coordinators_are_not_said_missing_when_the_lead_cell_holds_several_bodies(unruled_plan) -> None:
    merged = [row for row in unruled_plan.tasks if len(row.lead) > 1 and not row.coordinators_text]
    assert merged, "the unruled table runs the coordinators into the lead cell"
    assert not any(field_is_blank("coordinators", row, unruled_plan) for row in merged)
