"""Who leads a plan as a whole (its focal or standing body), on real and bundled plans."""

from __future__ import annotations

import pytest

from plan_qa.answering import Assistant
from plan_qa.answering.focal import focal_duties
from plan_qa.corpus import parse
from plan_qa.parsing import Plan

from conftest import REALPLANS, realplans_assistant

NAMES = ("dong-thap_617-KH-UBND.md", "dak-lak_0130-KH-UBND.md", "ho-chi-minh_174-KH-UBND.md",
         "quang-ngai_1627-QĐ-UBND.md")


def real_plan(name: str) -> Plan:
    if not REALPLANS.is_dir():
        pytest.skip(f"không có thư mục kế hoạch thật {REALPLANS} (shared/realplans)")
    return parse(REALPLANS / name)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return realplans_assistant(tmp_path_factory, NAMES)


@pytest.mark.parametrize(("name", "body", "strength"), [
    ("dong-thap_617-KH-UBND.md", "Sở Khoa học và Công nghệ", 3),  # "Là cơ quan đầu mối, chủ trì …"
    ("dak-lak_0130-KH-UBND.md", "Sở Y tế", 2),  # "Chủ trì triển khai kế hoạch; …"
    ("can-tho_159-KH-UBND.md", "Sở Nông nghiệp và Môi trường", 2),  # "Chủ trì tham mưu, tổ chức triển khai …"
    ("ho-chi-minh_172-KH-UBND.md", "Sở Nội vụ", 2),  # "chịu trách nhiệm về … nội dung Kế hoạch này"
])
def test_focal_body_of_a_real_plan(name: str, body: str, strength: int) -> None:
    best = focal_duties(real_plan(name))[0]
    assert (best.duty.agency, best.strength) == (body, strength)


def test_a_budget_duty_is_not_the_focal_point() -> None:
    """"chủ trì tổng hợp trình … bố trí kính phí để thực hiện Kế hoạch" funds the plan; it does not steer it."""
    duties = focal_duties(real_plan("lai-chau_7360-KH-UBND.md"))
    assert all("bố trí" not in d.duty.text[:200] for d in duties if d.strength >= 2)


def test_standing_body_read_from_its_heading() -> None:
    standing = focal_duties(real_plan("quang-ngai_1627-QĐ-UBND.md"), standing=True)
    assert standing and standing[0].duty.agency == "Sở Tài chính" and standing[0].strength == 3


def test_bundled_plan_leading_body(plans: dict[str, Plan]) -> None:
    """Gia Lai's decision gives Sở Công Thương the rollout of the programme it implements."""
    best = focal_duties(plans["002"])[0]
    assert best.duty.agency == "Sở Công Thương" and best.strength == 2


def test_who_leads_the_plan_is_its_focal_body_not_a_row(assistant: Assistant) -> None:
    answer = assistant.ask("Ở Đồng Tháp, cơ quan nào chủ trì triển khai Kế hoạch chuyển đổi số cho doanh nghiệp "
                           "nhỏ và vừa, hợp tác xã, hộ kinh doanh?", plan="dong-thap_617-KH-UBND")
    assert answer.found and answer.answer.startswith("Sở Khoa học và Công nghệ")
    assert answer.citations[0].locator.startswith("IV.1")


def test_plan_named_as_subject(assistant: Assistant) -> None:
    answer = assistant.ask("Kế hoạch khắc phục môi trường và phòng, chống dịch bệnh truyền nhiễm sau lụt bão của "
                           "Đắk Lắk do cơ quan nào chủ trì triển khai?")
    assert answer.found and answer.answer.startswith("Sở Y tế")


def test_a_task_question_still_reads_its_row(assistant: Assistant) -> None:
    """A question naming a task of the plan is not about the whole plan."""
    answer = assistant.ask("Ở Đồng Tháp, cơ quan nào chủ trì hỗ trợ doanh nghiệp nhỏ và vừa kinh doanh trên môi "
                           "trường số?", plan="dong-thap_617-KH-UBND")
    assert answer.found and answer.answer.startswith("Sở Công Thương")


def test_standing_body_question(assistant: Assistant) -> None:
    answer = assistant.ask("Ở Quảng Ngãi, sở nào làm cơ quan thường trực Ban Chỉ đạo tổng kiểm kê tài sản công?")
    assert answer.found and answer.answer.startswith("Sở Tài chính")
