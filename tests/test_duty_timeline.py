"""When a duty is due, and whose work a when-question asks about: sentences and questions as the released s10
plans and their questions write them, and other wordings of the same grammar written for this test."""

from plan_qa.answering.assistant import acting_bodies
from plan_qa.answering.tasks import duty_timeline, words


def test_the_part_of_a_duty_that_matches_the_question_gives_its_deadline() -> None:
    duty = ("Là cơ quan thường trực, chủ trì, hướng dẫn, đôn đốc các cơ quan triển khai Kế hoạch; tổ chức tiêm bổ "
            "sung trước ngày 20 tháng 6 năm 2026. Tổng hợp, gửi báo cáo năm về UBND tỉnh trước ngày 15 tháng 12 năm 2026.")
    assert duty_timeline(duty, words("gửi báo cáo năm lên UBND tỉnh")) == "Trước ngày 15 tháng 12 năm 2026"
    assert duty_timeline(duty, words("tiêm bổ sung")) == "Trước ngày 20 tháng 6 năm 2026"
    # another wording: a quarter, the deadline before the work
    assert duty_timeline("Trong quý III/2026, hoàn thành kiểm kê nguồn thải; định kỳ rà soát hằng năm.",
                         words("kiểm kê nguồn thải")) == "Quý III/2026"


def test_a_part_with_two_deadlines_is_quoted_whole() -> None:
    duty = ("UBND các xã, phường có làng nghề: ban hành kế hoạch thực hiện; báo cáo định kỳ 6 tháng về Sở Nông nghiệp "
            "và Môi trường trước ngày 20 tháng 6 và trước ngày 20 tháng 11 hằng năm.")
    when = duty_timeline(duty, words("báo cáo định kỳ"))
    assert "20 tháng 6" in when and "20 tháng 11" in when
    assert duty_timeline("Báo cáo kết quả chậm nhất ngày 15/6 và ngày 15/12 hằng năm.", set()).count("15/") == 2


def test_the_addressee_of_a_report_is_not_the_body_doing_the_work() -> None:
    assert acting_bodies("Hạn chót Sở Y tế gửi báo cáo năm lên UBND tỉnh là khi nào?",
                         ["Sở Y tế", "Ủy ban nhân dân tỉnh/thành phố"]) == {"Sở Y tế"}
    assert acting_bodies("Các xã phải báo cáo định kỳ về Sở Nông nghiệp và Môi trường vào hạn nào?",
                         ["Sở Nông nghiệp và Môi trường"]) == set()
    assert acting_bodies("Bao giờ Sở Tài chính phải trình UBND tỉnh phương án vốn?",
                         ["Sở Tài chính", "Ủy ban nhân dân tỉnh/thành phố"]) == {"Sở Tài chính"}
