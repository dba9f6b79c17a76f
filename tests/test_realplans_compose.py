"""Answers composed from real plans: partners read from a duty's own sentence or heading, an inline
block's lines read as one task row, and duties of a body the agency table does not know."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.answering import Assistant
from plan_qa.answering.compose import asked_unit, field_is_blank
from plan_qa.answering.partners import partners_in
from plan_qa.answering.tasks import duty_candidate
from plan_qa.parsing import Plan, parse_text
from plan_qa.retrieval import RetrievedClause

from conftest import REALPLANS, realplans_assistant

PLANS = ("bac-ninh_144-KH-UBND.md", "lai-chau_7360-KH-UBND.md", "ho-chi-minh_2853-QĐ-UBND.md", "thanh-hoa_235-KH-UBND.md")


def _needs_realplans() -> None:
    if not REALPLANS.is_dir():
        pytest.skip(f"không có thư mục kế hoạch thật {REALPLANS} (shared/realplans)")


def _plan(name: str) -> Plan:
    _needs_realplans()
    return parse_text((REALPLANS / name).read_text(encoding="utf-8"), name)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return realplans_assistant(tmp_path_factory, PLANS)


def _duty(plan: Plan, agency_start: str, words: str):
    return next(d for d in plan.duties if d.agency.startswith(agency_start) and words in d.text + d.agency_text)


def _hit(document) -> RetrievedClause:
    hit = RetrievedClause.__new__(RetrievedClause)
    hit.document = document
    return hit


def test_partners_are_read_from_the_duty_sentence_as_written() -> None:
    plan = _plan("bac-ninh_144-KH-UBND.md")
    duty = _duty(plan, "Chi cục Hải quan", "logistics")
    candidate = duty_candidate(_hit(type("Doc", (), {"plan_id": plan.plan_id, "id": duty.clause_id})()), duty, set())
    # the body itself is no partner; a partner no agency table knows ("các doanh nghiệp logistics") is kept
    assert candidate.partners == "Sở Khoa học và Công nghệ, Sở Công Thương và các doanh nghiệp logistics"
    assert "Chi cục Hải quan khu vực V" not in candidate.coordinators


def test_partners_of_a_duty_heading_are_given_to_its_items() -> None:
    plan = _plan("ho-chi-minh_2853-QĐ-UBND.md")
    duty = _duty(plan, "Sở Giáo dục", "tập huấn")
    candidate = duty_candidate(_hit(type("Doc", (), {"plan_id": plan.plan_id, "id": duty.clause_id})()), duty, set())
    assert candidate.partners == "Sở Nông nghiệp và Môi trường, Ủy ban nhân dân các phường, xã, đặc khu"
    assert candidate.lead == ["Sở Giáo dục và Đào tạo"]


def test_a_sentence_without_partners_names_none() -> None:
    plan = _plan("lai-chau_7360-KH-UBND.md")
    duty = _duty(plan, "Sở Khoa học", "đôn đốc")  # "giúp Chủ tịch UBND tỉnh theo dõi, kiểm tra, đôn đốc các Sở …"
    assert not partners_in(duty.text)
    candidate = duty_candidate(_hit(type("Doc", (), {"plan_id": plan.plan_id, "id": duty.clause_id})()), duty, set())
    assert candidate.coordinators == []  # bodies merely mentioned are not partners


def test_an_inline_block_answers_who_coordinates_and_cites_its_line(assistant: Assistant) -> None:
    answer = assistant.ask("Ở Lai Châu, đơn vị nào phối hợp kiểm tra việc thi hành Luật và các văn bản hướng dẫn?")
    assert answer.found, answer.answer
    assert "cá nhân có liên quan" in answer.answer
    assert answer.citations[0].text.startswith("Cơ quan phối hợp")


def test_an_inline_block_answers_when(assistant: Assistant) -> None:
    answer = assistant.ask("Lai Châu triển khai Nghị định về điều kiện kinh doanh dịch vụ đánh giá sự phù hợp khi nào?")
    assert answer.found, answer.answer
    assert "Sau khi Nghị định" in answer.answer
    assert answer.citations[0].text.startswith("Thời gian thực hiện")


def test_duties_of_a_body_the_agency_table_does_not_know(assistant: Assistant) -> None:
    answer = assistant.ask("Trong kế hoạch kinh tế số Bắc Ninh, Tỉnh đoàn phải làm những gì?")
    assert answer.found, answer.answer
    assert "Tỉnh đoàn được giao" in answer.answer and "kỹ năng số" in answer.answer


def test_a_missing_deadline_is_said_only_when_the_plan_surely_gives_none() -> None:
    plan = _plan("lai-chau_7360-KH-UBND.md")
    review = next(row for row in plan.tasks if row.task.startswith("Rà soát văn bản quy phạm"))
    dated = next(row for row in plan.tasks if row.timeline)
    assert review.timeline is None and field_is_blank("timeline", review, plan)  # its block has no "Thời gian" line
    assert not field_is_blank("timeline", dated, plan)
    assert not field_is_blank("timeline", None, plan)  # a duty sentence: the parse cannot be sure
    undated = Plan(plan.metadata, plan.clauses, [review], plan.duties)
    assert not field_is_blank("timeline", review, undated)  # no row of its shape has a deadline: maybe a missed column


def test_the_unit_a_figure_question_counts_is_read() -> None:
    assert asked_unit("so mau quan trac ao nuoi tom la bao nhieu") == "mau"
    assert asked_unit("co bao nhieu lop tap huan") == "lop"


def test_a_figure_answer_states_the_counted_unit(assistant: Assistant) -> None:
    answer = assistant.ask("so mau quan trac moi truong ao nuoi tom dai dien nam 2026 o Thanh Hoa la bao nhieu")
    assert answer.found, answer.answer
    assert "336 mẫu" in answer.answer


def test_partners_go_on_past_a_semicolon_when_the_next_part_names_a_body() -> None:
    path = Path(__file__).resolve().parents[1] / "corpus" / "002_gialai_qd1894_cong-nghiep-moi-truong.txt"
    plan = parse_text(path.read_text(encoding="utf-8"), path.name)
    duty = _duty(plan, "Sở Công Thương", "Cục An toàn Môi trường")
    assert partners_in(duty.text) == ["Cục An toàn Môi trường; Cục Xuất nhập khẩu"]
    candidate = duty_candidate(_hit(type("Doc", (), {"plan_id": plan.plan_id, "id": duty.clause_id})()), duty, set())
    assert candidate.coordinators == ["Cục An toàn Môi trường", "Cục Xuất nhập khẩu"]
