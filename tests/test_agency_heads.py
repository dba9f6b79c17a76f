"""A body's head noun is part of its name: "Trạm Y tế" is a commune health station, not Sở Y tế; a duty subject
lists known bodies before any verb and may follow a time adjunct. Real: the released s12 plans m1_quang-tri
(.docx) and n3_da-nang (.md); other realisations: small fixture texts written here."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.agencies import parse_agency_list
from plan_qa.corpus import parse
from plan_qa.parsing.bodies import agency_list, agency_subjects

S12 = Path(__file__).resolve().parents[1] / "eval" / "blind_2026-11-28-s12" / "plans"


@pytest.mark.parametrize("name", ["Trạm Y tế", "Trạm Y tế xã", "Trung tâm Y tế huyện", "Phòng Tài chính",
                                  "Phòng Giáo dục và Đào tạo", "Bệnh viện Y tế"])
def test_another_head_noun_is_never_a_department(name: str) -> None:
    assert parse_agency_list(name) == [name]
    assert agency_list(name) == [name]


def test_bare_department_names_in_a_list_still_read() -> None:
    assert parse_agency_list("Các Sở: Công Thương, Y tế và Tài chính") == ["Sở Công Thương", "Sở Y tế", "Sở Tài chính"]
    assert parse_agency_list("Công Thương\nY tế") == ["Sở Công Thương", "Sở Y tế"]
    assert parse_agency_list("Sở Y tế, Trạm Y tế các xã") == ["Sở Y tế", "Trạm Y tế các xã"]
    assert parse_agency_list("Công an TP") == ["Công an TP"]  # "TP" after a head noun is no Sở Tư pháp
    assert parse_agency_list("NN&MT; TC") == ["Sở Nông nghiệp và Môi trường", "Sở Tài chính"]


def test_m1_commune_health_station_stays_itself() -> None:
    plan = parse(S12 / "m1_quang-tri.docx")
    named = {body for row in plan.tasks for body in row.coordinators}
    assert "Trạm Y tế" in named
    row = next(r for r in plan.tasks if "Trạm Y tế" in r.task)
    assert "Sở Y tế" not in row.coordinators


@pytest.mark.parametrize("sentence, holders", [
    ("Sở Y tế và Sở Tài chính cấp phép hoạt động cho các cơ sở.", ["Sở Y tế", "Sở Tài chính"]),
    ("Sở Nội vụ, Sở Tư pháp bồi dưỡng cán bộ làm công tác pháp chế.", ["Sở Nội vụ", "Sở Tư pháp"]),
    ("Định kỳ 6 tháng, các cơ quan, đơn vị báo cáo kết quả về Sở Y tế.", ["Các cơ quan, đơn vị"]),
    ("Hằng năm, Sở Nội vụ bồi dưỡng cán bộ.", ["Sở Nội vụ"]),
])
def test_duty_subjects(sentence: str, holders: list[str]) -> None:
    assert agency_subjects(sentence) == holders


def test_n3_periodic_report_duty_is_read() -> None:
    plan = parse(S12 / "n3_da-nang.md")
    assert any(d.text.startswith("Định kỳ 6 tháng") or "Định kỳ 6 tháng" in d.text for d in plan.duties)


def test_a_sector_is_a_body_named_by_its_field() -> None:
    assert agency_list("ngành y tế xử lý ổ dịch phát sinh tại trường học") == ["Ngành y tế"]
    assert agency_list("ngành giáo dục, ngành y tế") == ["Ngành giáo dục", "Ngành y tế"]
    assert agency_list("trạm bơm") == []
    plan = parse(S12 / "m1_quang-tri.docx")
    row = next(r for r in plan.tasks if "ngành y tế" in r.task)
    assert row.coordinators == ["Ngành y tế"]
