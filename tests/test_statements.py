"""One reading of "does this text state the asked field", shared by the evidence features, the field-bearing
part of a candidate and the refusal that says a field is missing (sentences as released plans write them)."""

from plan_qa.answering.statements import MAYBE, SURE, stated
from plan_qa.answering.unstated import said_anyway


def test_a_time_frame_is_sure_a_bare_year_or_a_duration_only_maybe() -> None:
    assert stated("timeline", "trình Ủy ban nhân dân Thành phố trong quý II/2026") == SURE
    assert stated("timeline", "Xử lý các điểm nước tù đọng trong 24-48 giờ sau khi nước rút.") == MAYBE
    assert stated("timeline", "Rà soát văn bản quy phạm pháp luật liên quan.") == 0.0


def test_money_words_without_an_amount_may_state_a_budget() -> None:
    assert stated("budget", "Tổng kinh phí dự kiến 12,5 tỷ đồng.") == SURE
    assert stated("budget", "Kinh phí thực hiện từ nguồn ngân sách tỉnh.") == MAYBE
    assert stated("budget", "Lắp đặt 150 trạm cảnh báo sớm.") == 0.0


def test_a_refusal_never_says_missing_what_the_text_may_state() -> None:
    # a body run into a row's task cell (a fixed-width table whose columns ran together)
    assert said_anyway("lead", "Hỗ trợ cơ sở sản xuất thay thế lò hơi Sở Công Thương Năm 2026 - đốt than", set())
    assert not said_anyway("lead", "Hỗ trợ cơ sở sản xuất thay thế lò hơi đốt than", set())
    assert said_anyway("budget", "Kinh phí thực hiện từ nguồn ngân sách tỉnh.", set())
    assert said_anyway("target", "Năm 2026 đạt 95% trẻ em được tiêm chủng đầy đủ.", {2026})
    assert not said_anyway("target", "Năm 2026 đạt 95% trẻ em được tiêm chủng đầy đủ.", {2025})


def test_a_row_states_no_figure_by_a_numbered_body_or_its_time_cell() -> None:
    from plan_qa.answering.compose import _without_cells

    row = ("Nghiên cứu, xây dựng Đề án thành lập Quỹ bảo lãnh tín dụng, bao gồm phương án vốn điều lệ | Đơn vị chủ "
           "trì: Sở Tài chính | Đơn vị phối hợp: Ngân hàng Nhà nước Khu vực 6 | Thời gian thực hiện: Quý IV/2026")
    assert _without_cells(row).endswith("phương án vốn điều lệ")
    other = "Trồng rừng | Cơ quan thực hiện: Chi cục Kiểm lâm vùng II | Số lượng: 1.200 ha | Chỉ tiêu thực hiện: 80%"
    assert _without_cells(other) == "Trồng rừng | Số lượng: 1.200 ha | Chỉ tiêu thực hiện: 80%"
