"""An answer must be able to answer: a who-question names a body, a figure question's figure is for the year asked."""

from __future__ import annotations

import pytest

from plan_qa.answering import Assistant
from plan_qa.answering.compose import asked_years
from plan_qa.corpus import parse
from plan_qa.parsing.bodies import names_body

from conftest import REALPLANS, realplans_assistant

PLANS = ("lai-chau_7360-KH-UBND.md", "son-la_2954-QĐ-UBND.md")


def test_names_body() -> None:
    assert names_body("Đơn vị thực hiện: Ủy ban nhân dân các xã, phường")
    assert names_body("phối hợp với Công an tỉnh tổ chức kiểm tra")
    assert not names_body("Thời gian thực hiện sau khi Chiến lược tiêu chuẩn quốc gia được ban hành.")


def test_years_naming_the_plan_are_not_asked() -> None:
    if not REALPLANS.is_dir():
        pytest.skip(f"không có thư mục kế hoạch thật {REALPLANS} (shared/realplans)")
    plan = parse(REALPLANS / "son-la_2954-QĐ-UBND.md")
    named = set(plan.metadata.period.split("-")) if plan.metadata.period else set()
    assert asked_years("Kim ngạch xuất khẩu năm 1999 là bao nhiêu?", [plan]) == {"1999"}
    assert not asked_years(f"Kế hoạch giai đoạn {plan.metadata.period} đặt mục tiêu bao nhiêu?", [plan]) & named


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return realplans_assistant(tmp_path_factory, PLANS)


def test_a_who_question_is_not_answered_by_a_clause_naming_no_body(assistant: Assistant) -> None:
    # The plan says when the national standards strategy will be carried out, never who leads it.
    answer = assistant.ask("Ở Lai Châu, cơ quan nào được giao chủ trì triển khai thực hiện Chiến lược tiêu chuẩn quốc gia?")
    assert not answer.found or names_body(answer.answer), answer.answer


def test_a_figure_for_another_year_is_no_answer(assistant: Assistant) -> None:
    # Sơn La states its export target for 2030, not the value of 2025.
    answer = assistant.ask("Kim ngạch xuất khẩu ước thực hiện năm 2025 của tỉnh Sơn La là bao nhiêu triệu USD?")
    assert not answer.found or "2025" in answer.answer, answer.answer
