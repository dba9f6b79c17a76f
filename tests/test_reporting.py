"""Reporting duties — to whom, through which office, how often, by when — read from real plans' duty and closing
sections, and from a plan written for this test in other wordings of the same grammar ("thông qua", "chậm nhất
ngày 10 của tháng cuối quý", "định kỳ 6 tháng một lần", a report to the Chủ tịch)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.answering import Assistant
from plan_qa.answering.intents import intent_classifier
from plan_qa.answering.reporting import asked_fields, statements
from plan_qa.config import Settings
from plan_qa.corpus import parse
from plan_qa.text.vietnamese import fold_diacritics

from conftest import REALPLANS

# Invented plan (session 12): reporting written otherwise than in any released plan — a duty section with a
# half-yearly report through an office, a closing section with a quarterly deadline and a report to the Chủ tịch.
PLAN = """ỦY BAN NHÂN DÂN
TỈNH QUẢNG TRỊ
Số: 311/KH-UBND
CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM
Độc lập - Tự do - Hạnh phúc
Quảng Trị, ngày 12 tháng 3 năm 2027

KẾ HOẠCH
Phòng, chống sốt xuất huyết năm 2027

I. MỤC TIÊU
Giảm 10% số ca mắc sốt xuất huyết so với năm 2026.

II. NHIỆM VỤ VÀ GIẢI PHÁP
1. Tổ chức chiến dịch diệt lăng quăng tại các xã, phường trong quý II/2027.

III. TỔ CHỨC THỰC HIỆN
1. Sở Y tế
Chủ trì tổ chức chiến dịch diệt lăng quăng; định kỳ 6 tháng một lần báo cáo Ủy ban nhân dân tỉnh (thông qua Văn phòng Ủy ban nhân dân tỉnh) kết quả phòng, chống dịch.
2. Sở Giáo dục và Đào tạo
Tuyên truyền phòng bệnh trong trường học; hằng quý gửi kết quả về Sở Y tế.
3. Chế độ báo cáo
Chậm nhất ngày 10 của tháng cuối quý, các cơ quan, đơn vị gửi báo cáo kết quả thực hiện Kế hoạch về Sở Nội vụ để tổng hợp, trình Chủ tịch Ủy ban nhân dân tỉnh.

Nơi nhận:
- Lưu: VT.
KT. CHỦ TỊCH
PHÓ CHỦ TỊCH
Hoàng Nam
"""


def _real(name: str):
    if not REALPLANS.is_dir():
        pytest.skip(f"không có thư mục kế hoạch thật {REALPLANS} (shared/realplans)")
    return parse(REALPLANS / name)


def _reports(plan) -> list:
    return [s for c in plan.clauses if not c.is_heading for s in statements(c)]


def test_a_closing_section_report_through_an_office_with_a_yearly_deadline() -> None:
    # Bắc Ninh 141, IV.1: "Định kỳ báo cáo UBND tỉnh (qua Sở Tư pháp) kết quả … hằng năm (trước ngày 15 tháng 11)"
    found = [s for s in _reports(_real("bac-ninh_141-KH-UBND.md")) if s.through == "Sở Tư pháp"]
    assert found and found[0].recipient == "UBND tỉnh"
    assert "hằng năm" in found[0].period and found[0].deadline == "trước ngày 15 tháng 11"


def test_a_duty_report_several_times_a_day_and_a_dated_deadline() -> None:
    daily = [s for s in _reports(_real("dak-lak_0129-KH-UBND.md")) if s.period and "lần/ngày" in s.period]
    assert daily and daily[0].recipient == "UBND tỉnh" and daily[0].through == "Sở Công Thương"
    dated = [s for s in _reports(_real("thanh-hoa_235-KH-UBND.md")) if s.deadline == "trước ngày 15/12/2026"]
    assert dated and dated[0].recipient == "UBND tỉnh"


def test_a_recipient_ends_before_what_it_does_with_the_report() -> None:
    # Sơn La 2954: "… báo cáo tình hình thực hiện … về Sở Công thương tổng hợp báo cáo Tỉnh ủy, HĐND, UBND tỉnh"
    recipients = {s.recipient for s in _reports(_real("son-la_2954-QĐ-UBND.md"))}
    assert "Tỉnh ủy, HĐND, UBND tỉnh" in recipients
    assert not any(r and "tổng hợp" in r for r in recipients)


def test_another_wording_of_the_grammar_is_read_without_further_code(tmp_path: Path) -> None:
    path = tmp_path / "quang-tri_311.txt"
    path.write_text(PLAN, encoding="utf-8")
    found = _reports(parse(path))
    half = next(s for s in found if s.period and "6 tháng" in s.period)
    assert half.recipient == "Ủy ban nhân dân tỉnh" and half.through == "Văn phòng Ủy ban nhân dân tỉnh"
    quarter = next(s for s in found if s.deadline and "ngày 10" in s.deadline)
    assert quarter.recipient == "Sở Nội vụ"
    assert next(s for s in found if s.period == "hằng quý").recipient == "Sở Y tế"


@pytest.mark.parametrize("question", [
    "Các đơn vị nộp báo cáo phòng dịch cho cơ quan nào, chậm nhất khi nào?",
    "Bao lâu thì Sở Y tế phải báo cáo tỉnh một lần?",
    "ket qua thuc hien ke hoach gui ve dau",
    "Kỳ báo cáo kết quả chương trình nước sạch là mấy tháng?",
    "Báo cáo tình hình dịch bệnh gửi lên tỉnh qua đơn vị nào?",
])
def test_reporting_questions_in_everyday_words_are_read_as_such(question: str) -> None:
    intents, _ = intent_classifier().asked(fold_diacritics(question).lower())
    assert "reporting" in [i.name for i in intents], question


def test_a_count_is_a_figure_and_a_count_of_duties_is_duties() -> None:
    asked = lambda q: [i.name for i in intent_classifier().asked(fold_diacritics(q).lower())[0]]  # noqa: E731
    assert asked("Mỗi xã cần thành lập ít nhất mấy tổ xung kích?")[0] == "target"
    assert asked("Sở Xây dựng được giao mấy nhiệm vụ?")[0] == "duties"


def test_what_a_reporting_question_asks_of_the_report() -> None:
    assert asked_fields("bao cao ket qua cho ai, truoc ngay nao") == ("recipient", "deadline")
    assert asked_fields("dinh ky bao lau bao cao mot lan") == ("period",)
    assert asked_fields("gui bao cao ve dau") == ("recipient",)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    root = tmp_path_factory.mktemp("reporting")
    (root / "corpus").mkdir()
    (root / "corpus" / "quang-tri_311.txt").write_text(PLAN, encoding="utf-8")
    return Assistant.load(Settings(corpus_dir=root / "corpus", index_root=root / "indexes"))


def test_the_report_of_the_body_asked_about_is_answered(assistant: Assistant) -> None:
    answer = assistant.ask("Sở Y tế báo cáo kết quả phòng chống sốt xuất huyết cho ai, bao lâu một lần?")
    assert answer.found and "6 tháng" in answer.answer and "Văn phòng Ủy ban nhân dân tỉnh" in answer.answer


def test_the_plans_own_reporting_rule_is_answered_from_its_closing_section(assistant: Assistant) -> None:
    answer = assistant.ask("Kế hoạch phòng chống sốt xuất huyết của Quảng Trị: các đơn vị gửi báo cáo kết quả về đâu, hạn chót khi nào?")
    assert answer.found and "Sở Nội vụ" in answer.answer and "ngày 10" in answer.answer


def test_a_task_rows_time_cell_dates_the_report_its_text_does_not_date() -> None:
    from plan_qa.parsing import Clause

    row = Clause("x:PL.r3", "x", "task_row", "Phụ lục, dòng 3", ["PL", "r3"], [],
                 "Tổng hợp kết quả rà soát, báo cáo kết quả gửi về Sở Tài chính")
    (statement,) = statements(row, "Trước ngày 30/6/2027")
    assert statement.recipient == "Sở Tài chính" and statement.deadline == "Trước ngày 30/6/2027"
    dated = Clause("x:III.2", "x", "item", "III.2", ["III", "2"], [], "Báo cáo UBND tỉnh trước ngày 15/12/2027.")
    assert statements(dated, "Năm 2027")[0].deadline == "trước ngày 15/12/2027"  # its own date first


def test_a_lead_part_and_a_reporting_part_are_both_answered(assistant: Assistant) -> None:
    answer = assistant.ask("Ai chủ trì chiến dịch diệt lăng quăng và báo cáo kết quả cho ai?")
    assert answer.found and "Sở Y tế" in answer.answer and "Văn phòng Ủy ban nhân dân tỉnh" in answer.answer
