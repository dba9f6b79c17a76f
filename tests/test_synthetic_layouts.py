"""Synthetic plans in layouts none of the 22 real plans uses (tests/fixtures/synthetic, invented text).

The real plans have all been seen while the parser was built, so they can no longer show whether it
reads the grammar of administrative plans or only their layouts. These fixtures were written before
any parser change meant for them; each is scored with the real-plan scorer against gold written here
(eval/realplans/GOLD_FORMAT.md shape) and its coordinators checked as well.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.corpus import parse
from plan_qa.evaluation.structure import _agency_set, fold, score_plan

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "synthetic"


def _task(start: str, lead: list[str], timeline: str | None, coordinators: list[str] | None = None) -> dict:
    return {"task_start": start, "lead": lead, "timeline": timeline, "coordinators": coordinators or []}


def _duties(*names: str) -> list[dict]:
    return [{"agency": name} for name in names]


GOLD = {
    "s35_word_phan_cong_cells.docx": {
        "metadata": {"number": "0477/KH-UBND", "issue_date": "16/11/2026", "province": "Vĩnh Long", "signer": "Trần Thị Ngọc",
                     "title": "Phòng, chống đuối nước ở trẻ em năm 2027"},
        "tasks": [
            _task("Dạy bơi an toàn cho 20.000 học sinh tiểu học", ["Sở Giáo dục và Đào tạo"], "Tháng 6-8/2027",
                  ["Tỉnh đoàn", "Ủy ban nhân dân các xã"]),
            _task("Lắp biển cảnh báo tại 150 điểm sông, hồ nguy hiểm", ["Ủy ban nhân dân các xã"], "Quý II/2027",
                  ["Sở Xây dựng"]),
            _task("Xây dựng 10 bể bơi di động", ["Sở Văn hóa, Thể thao và Du lịch"], "Năm 2027"),
        ],
        "duty_agencies": _duties("Sở Giáo dục và Đào tạo", "Sở Tài chính"),
    },
    "s31_label_value_next_line.txt": {
        "metadata": {"number": "0317/KH-UBND", "issue_date": "12/2/2026", "province": "Hà Tĩnh", "signer": "Trần Báu Hà",
                     "title": "Phòng, chống bệnh sốt xuất huyết năm 2026"},
        "tasks": [
            _task("Giám sát véc tơ truyền bệnh tại 40 xã trọng điểm", ["Sở Y tế"], "Quý II/2026",
                  ["Ủy ban nhân dân các xã, phường"]),
            _task("Tổ chức chiến dịch diệt lăng quăng trong trường học", ["Sở Giáo dục và Đào tạo"], "Tháng 5/2026"),
            _task("Cấp hóa chất phun diệt muỗi cho các ổ dịch", ["Trung tâm Kiểm soát bệnh tật tỉnh"], None, ["Sở Tài chính"]),
            _task("Truyền thông phòng bệnh trên Báo và Đài", ["Báo và Phát thanh, Truyền hình Hà Tĩnh"], "Năm 2026"),
        ],
        "duty_agencies": _duties("Sở Y tế", "Sở Tài chính"),
    },
    "s32_handwritten_markdown.md": {
        "metadata": {"number": "412/KH-UBND", "issue_date": "9/9/2026", "province": "Sóc Trăng", "signer": "Lâm Hoàng Nghiệp",
                     "title": "Phát triển nuôi tôm sinh thái dưới tán rừng ngập mặn năm 2027"},
        "tasks": [
            _task("Khoanh định 2.000 ha vùng nuôi tôm - rừng", ["Sở Nông nghiệp và Môi trường"], "Quý I/2027",
                  ["Ủy ban nhân dân các xã ven biển"]),
            _task("Cấp chứng nhận tôm sinh thái cho 300 hộ nuôi", ["Chi cục Thủy sản"], "Năm 2027"),
            _task("Kết nối tiêu thụ tôm sinh thái với doanh nghiệp", ["Sở Công Thương"], None, ["Hiệp hội Thủy sản tỉnh"]),
        ],
        "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Sở Tài chính"),
    },
    "s33_phan_cong_column.md": {
        "metadata": {"number": "0293/KH-UBND", "issue_date": "22/6/2026", "province": "Lạng Sơn", "signer": "Hoàng Văn Nghiệm",
                     "title": "Phát triển kinh tế cửa khẩu biên giới năm 2027"},
        "tasks": [
            _task("Mở rộng bãi kiểm hóa tập trung", ["Ban Quản lý Khu kinh tế cửa khẩu tỉnh"], "Quý III/2027",
                  ["Sở Xây dựng", "Sở Tài chính"]),
            _task("Triển khai thông quan điện tử cho xe chở nông sản", ["Sở Công Thương"], "Quý II/2027",
                  ["Chi cục Hải quan khu vực", "Bộ đội Biên phòng tỉnh"]),
            _task("Xây dựng trạm kiểm dịch thực vật", ["Chi cục Trồng trọt và Bảo vệ thực vật"], "Năm 2027"),
        ],
        "duty_agencies": _duties("Ban Quản lý Khu kinh tế cửa khẩu tỉnh", "Sở Tài chính"),
    },
    "s34_pdf_tab_table.txt": {
        "metadata": {"number": "0158/KH-UBND", "issue_date": "4/3/2026", "province": "Quảng Bình", "signer": "Đoàn Ngọc Lâm",
                     "title": "Bảo tồn hệ thống hang động năm 2026"},
        "tasks": [
            _task("Khảo sát, lập hồ sơ hiện trạng 25 hang động chưa được đưa vào khai thác", ["Ban Quản lý Vườn quốc gia"],
                  "Quý II/2026", ["Sở Khoa học và Công nghệ"]),
            _task("Lắp đặt hệ thống quan trắc vi khí hậu", ["Sở Nông nghiệp và Môi trường"], "Quý IV/2026",
                  ["Ban Quản lý Vườn quốc gia"]),
            _task("Xây dựng quy chế đón khách tham quan hang theo sức chứa", ["Sở Văn hóa, Thể thao và Du lịch"], "Năm 2026",
                  ["Công an tỉnh", "Ủy ban nhân dân các xã"]),
        ],
        "duty_agencies": _duties("Ban Quản lý Vườn quốc gia", "Sở Tài chính"),
    },
    "s30_pandoc_layout_tables.md": {
        "metadata": {"number": "98/KH-UBND", "issue_date": "14/4/2027", "province": "Cao Bằng", "signer": "Nông Thị Hạnh",
                     "signer_title": "Phó Chủ tịch", "title": "Bảo tồn cây hồi bản địa năm 2027"},
        "tasks": [
            _task("Khoanh vùng 150 ha rừng hồi bản địa", ["Sở Nông nghiệp và Môi trường"], "quý II/2027"),
        ],
        "duty_agencies": _duties("Sở Tài chính"),
    },
    "s29_grid_table_row_spans.md": {
        "metadata": {"number": "0271/KH-UBND", "issue_date": "3/9/2026", "province": "Ninh Thuận", "signer": "Phạm Văn Hậu",
                     "title": "Phát triển điện gió ven biển năm 2027"},
        "tasks": [
            _task("Rà soát quỹ đất ven biển cho dự án điện gió", ["Sở Nông nghiệp và Môi trường"], "Quý I/2027"),
            _task("Lập bản đồ tốc độ gió theo từng xã", ["Sở Nông nghiệp và Môi trường"], "Quý II/2027"),
            _task("Thẩm định thiết kế trạm biến áp đấu nối", ["Sở Công Thương"], "Năm 2027"),
            _task("Hướng dẫn doanh nghiệp lập hồ sơ cấp phép xây dựng", ["Sở Xây dựng"], "Năm 2027"),
        ],
        "duty_agencies": _duties("Sở Tài chính", "Sở Công Thương"),
    },
    "s28_word_numbered_table_cells.docx": {
        "metadata": {"number": "142/KH-UBND", "issue_date": "8/10/2026", "province": "Hưng Yên", "signer": "Nguyễn Hữu Nghĩa",
                     "title": "Nâng cấp chợ nông thôn năm 2027"},
        "tasks": [
            _task("Khảo sát hiện trạng 45 chợ nông thôn", ["Sở Công Thương"], "Quý I/2027",
                  ["Ủy ban nhân dân các xã", "Hội Nông dân tỉnh"]),
            _task("Cải tạo hệ thống thoát nước tại 12 chợ", ["Ủy ban nhân dân các xã"], "Quý III/2027", ["Sở Xây dựng"]),
            _task("Đào tạo ban quản lý chợ về an toàn thực phẩm", ["Sở Y tế"], "Năm 2027",
                  ["Sở Công Thương", "Liên minh Hợp tác xã tỉnh"]),
        ],
        "duty_agencies": _duties("Sở Tài chính", "Sở Công Thương"),
    },
    "s24_tasks_grouped_by_lead_body.txt": {
        "metadata": {"number": "77/KH-UBND", "issue_date": "9/3/2027", "province": "Bắc Kạn", "signer": "Đinh Quang Tuyên",
                     "title": "Phát triển rừng gỗ lớn năm 2027"},
        "tasks": [
            _task("Lập bản đồ vùng trồng rừng gỗ lớn theo từng xã", ["Sở Nông nghiệp và Môi trường"],
                  "xong trước ngày 30/6/2027"),
            _task("Cấp chứng chỉ quản lý rừng bền vững cho 300 ha", ["Sở Nông nghiệp và Môi trường"], "năm 2027",
                  ["Hội Nông dân tỉnh"]),
            _task("Hướng dẫn kỹ thuật tỉa thưa, nuôi dưỡng rừng", ["Sở Nông nghiệp và Môi trường"], None),
            _task("Cho vay ưu đãi đối với hộ trồng rừng gỗ lớn", ["Ngân hàng Chính sách xã hội chi nhánh tỉnh"],
                  "hoàn thành trong Quý IV/2027", ["Ủy ban nhân dân các xã"]),
            _task("Rà soát dư nợ các khoản vay trồng rừng quá hạn", ["Ngân hàng Chính sách xã hội chi nhánh tỉnh"],
                  "hoàn thành trong Quý IV/2027", ["Ủy ban nhân dân các xã"]),
        ],
        "duty_agencies": _duties("Sở Tài chính", "Sở Nông nghiệp và Môi trường"),
    },
    "s25_gantt_marks_table.html": {
        "metadata": {"number": "205/KH-UBND", "issue_date": "18/11/2026", "province": "Điện Biên", "signer": "Lò Văn Mừng",
                     "title": "Phục hồi rừng đầu nguồn giai đoạn 2027-2028"},
        "tasks": [
            _task("Khoanh nuôi tái sinh rừng đầu nguồn sông Nậm Rốm", ["Sở Nông nghiệp và Môi trường"], "Quý I, Quý II/2027"),
            _task("Trồng bổ sung cây bản địa trên đất trống", ["Ủy ban nhân dân các xã"],
                  "Quý II, Quý III/2027; 6 tháng đầu năm 2028"),
            _task("Nghiệm thu diện tích rừng phục hồi", ["Chi cục Kiểm lâm"], "Quý IV/2027; 6 tháng cuối năm 2028"),
        ],
        "duty_agencies": _duties("Sở Tài chính", "Chi cục Kiểm lâm"),
    },
    "s26_tasks_in_duty_sentences.txt": {
        "metadata": {"number": "64/KH-UBND", "issue_date": "21/1/2027", "province": "Hà Nam", "signer": "Trương Quốc Hùng",
                     "title": "Bảo đảm an toàn giao thông đường thủy nội địa năm 2027"},
        "tasks": [
            _task("Sở Xây dựng lập danh sách bến khách ngang sông", ["Sở Xây dựng"], "hoàn thành trong tháng 4/2027"),
            _task("Chủ trì tổ chức diễn tập cứu nạn trên sông Đáy", ["Sở Xây dựng"], "hoàn thành trước ngày 30/9/2027"),
            _task("Chủ trì tập huấn kỹ năng cứu đuối cho người lái đò", ["Công an tỉnh"], "xong trong quý III/2027"),
        ],
        "duty_agencies": _duties("Sở Xây dựng", "Công an tỉnh", "Sở Giáo dục và Đào tạo"),
    },
    "s27_target_table_monitoring_body.md": {
        "metadata": {"number": "156/KH-UBND", "issue_date": "5/8/2026", "province": "Phú Yên", "signer": "Cao Thị Hòa",
                     "title": "Nâng cao chất lượng nước sinh hoạt nông thôn giai đoạn 2027-2028"},
        "tasks": [
            _task("Tỷ lệ hộ nông thôn dùng nước sạch theo quy chuẩn", ["Sở Nông nghiệp và Môi trường"], None),
            _task("Số công trình cấp nước tập trung được cải tạo", ["Sở Xây dựng"], None),
            _task("Số mẫu nước được xét nghiệm định kỳ", ["Sở Y tế"], None),
        ],
        "duty_agencies": _duties("Sở Tài chính", "Sở Nông nghiệp và Môi trường"),
    },
    "s23_parenthetical_assignments.md": {
        "metadata": {"number": "318/KH-UBND", "issue_date": "14/10/2026", "province": "Lâm Đồng", "signer": "Trần Hồng Thái",
                     "title": "Phát triển cà phê đặc sản bền vững năm 2027"},
        "tasks": [
            _task("Xây dựng bộ tiêu chí vùng trồng cà phê đặc sản", ["Sở Nông nghiệp và Môi trường"], "quý I/2027",
                  ["Sở Khoa học và Công nghệ", "Hiệp hội Cà phê tỉnh"]),
            _task("Tổ chức Hội thi cà phê đặc sản lần thứ nhất", ["Sở Công Thương"], "tháng 12/2027"),
            _task("Hỗ trợ hợp tác xã chứng nhận sản xuất hữu cơ", ["Liên minh Hợp tác xã tỉnh"], None,
                  ["Ủy ban nhân dân xã, phường"]),
        ],
        "duty_agencies": _duties("Sở Tài chính", "Sở Nông nghiệp và Môi trường"),
    },
    "s22_letter_dot_items.txt": {
        "metadata": {"number": "145/KH-UBND", "issue_date": "2/7/2026", "province": "Kiên Giang", "signer": "Lâm Minh Thành",
                     "title": "Phòng, chống sạt lở bờ biển năm 2027"},
        "tasks": [
            _task("Gia cố 3 km kè mềm tại bờ biển An Minh", ["Sở Nông nghiệp và Môi trường"], "Quý III/2027",
                  ["Ủy ban nhân dân xã An Minh"]),
            _task("Trồng 40 ha rừng phòng hộ ven biển", ["Ban Quản lý rừng phòng hộ ven biển tỉnh"], "Năm 2027"),
            _task("Lắp đặt 12 trạm cảnh báo sạt lở tự động", ["Sở Khoa học và Công nghệ"], "Quý II/2027",
                  ["Đài Khí tượng Thủy văn tỉnh"]),
        ],
        "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Sở Tài chính"),
    },
    "s21_roles_in_cells_duty_table.html": {
        "metadata": {"number": "233/KH-UBND", "issue_date": "28/8/2026", "province": "Bình Thuận", "signer": "Nguyễn Hồng Hải",
                     "title": "Phát triển nuôi tôm hùm lồng bè bền vững năm 2027"},
        "tasks": [
            _task("Quy hoạch lại vùng nuôi lồng bè ven đảo Phú Quý", ["Sở Nông nghiệp và Môi trường"], "Quý II/2027",
                  ["Ủy ban nhân dân đặc khu Phú Quý"]),
            _task("Kiểm soát chất lượng con giống tôm hùm nhập về", ["Chi cục Thủy sản"], "Năm 2027",
                  ["Bộ đội Biên phòng tỉnh"]),
            _task("Lắp đặt hệ thống quan trắc môi trường nước tự động", ["Sở Khoa học và Công nghệ"], "Quý IV/2027",
                  ["Sở Tài chính"]),
        ],
        "duty_agencies": _duties("Sở Tài chính", "Công an tỉnh", "Ủy ban nhân dân đặc khu Phú Quý"),
    },
    "s20_pandoc_grid_table.md": {
        "metadata": {"number": "0093/KH-UBND", "issue_date": "16/4/2027", "province": "Hòa Bình", "signer": "Bùi Đức Hinh",
                     "signer_title": "Phó Chủ tịch",
                     "title": "Phát triển cây cam đặc sản gắn với du lịch sinh thái năm 2027"},
        "tasks": [
            _task("Cấp mã số vùng trồng cho 40 vùng cam tập trung", ["Sở Nông nghiệp và Môi trường"], "Quý II/2027",
                  ["Ủy ban nhân dân các xã"]),
            _task("Hỗ trợ 15 hợp tác xã áp dụng quy trình VietGAP", ["Liên minh Hợp tác xã tỉnh"], "Năm 2027",
                  ["Sở Tài chính"]),
            _task("Xây dựng 03 tuyến du lịch trải nghiệm vườn cam", ["Sở Văn hóa, Thể thao và Du lịch"], "Quý III/2027",
                  ["Ủy ban nhân dân các xã", "Hội Nông dân tỉnh"]),
        ],
        "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Sở Văn hóa, Thể thao và Du lịch"),
    },
    "s19_html_automatic_lists.html": {
        "metadata": {"number": "118/KH-UBND", "issue_date": "9/6/2026", "province": "Lạng Sơn", "signer": "Hoàng Văn Nghiệm",
                     "title": "Phát triển du lịch biên giới năm 2027"},
        "tasks": [
            _task("Xây dựng tuyến du lịch trải nghiệm cửa khẩu Tân Thanh", ["Sở Văn hóa, Thể thao và Du lịch"],
                  "Quý III/2027", ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh", "Ủy ban nhân dân các xã biên giới"]),
            _task("Đào tạo 150 người dân làm du lịch cộng đồng", ["Trường Cao đẳng Lạng Sơn"], "Năm 2027"),
            _task("Quảng bá điểm đến trên nền tảng số", ["Trung tâm Thông tin và Xúc tiến du lịch tỉnh"], "Quý II/2027",
                  ["Báo và Phát thanh, Truyền hình Lạng Sơn"]),
        ],
        "duty_agencies": _duties("Sở Văn hóa, Thể thao và Du lịch", "Bộ Chỉ huy Bộ đội Biên phòng tỉnh"),
    },
    "s18_word_auto_numbering.docx": {
        "metadata": {"number": "205/KH-UBND", "issue_date": "20/12/2026", "province": "Hà Nam", "signer": "Trần Thị Mai",
                     "title": "Nâng cao chất lượng bữa ăn bán trú trong trường học năm 2027"},
        "tasks": [
            _task("Kiểm tra an toàn thực phẩm tại bếp ăn bán trú các trường mầm non", ["Sở Y tế"], "Quý II/2027",
                  ["Sở Giáo dục và Đào tạo", "Ủy ban nhân dân các xã, phường"]),
            _task("Xây dựng bộ thực đơn mẫu theo vùng miền", ["Sở Giáo dục và Đào tạo"], "Tháng 8/2027",
                  ["Trung tâm Kiểm soát bệnh tật tỉnh"]),
            _task("Tập huấn cho 600 nhân viên nấu ăn", ["Trung tâm Kiểm soát bệnh tật tỉnh"], "Năm 2027"),
        ],
        "duty_agencies": _duties("Sở Giáo dục và Đào tạo", "Sở Tài chính", "Ủy ban nhân dân các xã, phường"),
    },
    "s17_two_row_header.docx": {
        "metadata": {"number": "61/KH-UBND", "issue_date": "12/11/2026", "province": "Bạc Liêu", "signer": "Phạm Văn Thiều",
                     "title": "Phát triển nghề làm muối năm 2027"},
        "tasks": [
            _task("Xây dựng nhãn hiệu chứng nhận muối Bạc Liêu", ["Sở Khoa học và Công nghệ"], "Quý III/2027",
                  ["Sở Công Thương", "Hội Nông dân tỉnh"]),
            _task("Nâng cấp 20 km đê bao, kênh dẫn nước đồng muối", ["Sở Nông nghiệp và Môi trường"], "Năm 2027",
                  ["Ủy ban nhân dân các xã ven biển"]),
            _task("Hỗ trợ 05 hợp tác xã đầu tư nhà lưới kết tinh muối sạch", ["Liên minh Hợp tác xã tỉnh"], "Quý II/2027",
                  ["Sở Tài chính"]),
        ],
        "duty_agencies": _duties("Sở Công Thương", "Sở Nông nghiệp và Môi trường"),
    },
    "s16_renamed_bodies.txt": {
        "metadata": {"number": "52/KH-UBND", "issue_date": "14/3/2026", "province": "Quảng Ninh", "signer": "Vũ Văn Diện"},
        "tasks": [
            _task("Quan trắc môi trường vùng nuôi tôm tập trung ven biển", ["Trung tâm Dịch vụ nông nghiệp tỉnh"],
                  "Quý II/2026", ["Ủy ban nhân dân các xã"]),
            _task("Lấy mẫu giám sát bệnh đốm trắng trên tôm nuôi", ["Chi cục Chăn nuôi, Thú y và Thủy sản"],
                  "Quý III/2026", ["Ủy ban nhân dân các xã"]),
            _task("Xây dựng bản đồ số vùng nuôi trồng thủy sản", ["Sở Khoa học và Công nghệ"], "Quý IV/2026",
                  ["Sở Nông nghiệp và Môi trường"]),
        ],
        "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Ban Quản lý Khu kinh tế tỉnh"),
    },
    "s15_number_and_date_one_line.txt": {
        "metadata": {"number": "0417/KH-UBND", "issue_date": "7/1/2027", "province": "Tuyên Quang",
                     "issuer": "Ủy ban nhân dân tỉnh Tuyên Quang", "signer": "Nông Thị Thu Hà",
                     "signer_title": "Phó Chủ tịch",
                     "title": "Bảo tồn và phát huy giá trị di sản văn hóa phi vật thể trên địa bàn tỉnh năm 2027"},
        "tasks": [
            _task("Kiểm kê di sản văn hóa phi vật thể tại 30 xã vùng cao", ["Sở Văn hóa, Thể thao và Du lịch"],
                  "Quý II/2027", ["Ủy ban nhân dân các xã"]),
            _task("Mở 12 lớp truyền dạy hát Then, đàn Tính", ["Ủy ban nhân dân các xã"], "Năm 2027"),
        ],
        "duty_agencies": _duties("Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính"),
    },
    "s14_part_sections_subitems.txt": {
        "metadata": {"number": "77/KH-UBND", "issue_date": "9/3/2026", "province": "Điện Biên", "signer": "Lò Văn Minh"},
        "tasks": [
            _task("Tổ chức các lớp bồi dưỡng kiến thức quản trị", ["Liên minh Hợp tác xã tỉnh"], "Quý III/2026",
                  ["Sở Nông nghiệp và Môi trường"]),
            _task("Xây dựng tài liệu hướng dẫn hợp tác xã", ["Sở Công Thương"], "Tháng 6/2026"),
            _task("Hỗ trợ hình thành 10 chuỗi liên kết", ["Sở Nông nghiệp và Môi trường"], "Năm 2026",
                  ["Sở Tài chính", "Ủy ban nhân dân các xã"]),
        ],
        "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Sở Tài chính"),
    },
    "s1_inline_one_line.txt": {
        "metadata": {"number": "45/KH-UBND", "issue_date": "3/3/2026", "province": "Tuyên Quang",
                     "signer": "Trần Văn An", "title": "Phòng, chống dịch bệnh truyền nhiễm trên địa bàn tỉnh năm 2026"},
        "tasks": [
            _task("Xây dựng hệ thống giám sát dựa vào sự kiện", ["Sở Y tế"], "Quý II/2026",
                  ["Sở Tài chính", "Ủy ban nhân dân các xã, phường"]),
            _task("Cập nhật dữ liệu ca bệnh lên hệ thống", ["Trung tâm Kiểm soát bệnh tật tỉnh"], "hằng tuần"),
            _task("Tổ chức diễn tập đáp ứng tình huống dịch bệnh", ["Bộ Chỉ huy Quân sự tỉnh"], "tháng 9/2026",
                  ["Công an tỉnh", "Sở Y tế"]),
            _task("Sản xuất và phát sóng chuyên mục phòng, chống dịch", ["Báo và Phát thanh, Truyền hình Tuyên Quang"],
                  "hằng tháng"),
        ],
        "duty_agencies": _duties("Sở Y tế", "Sở Tài chính", "Ủy ban nhân dân các xã, phường"),
    },
    "s2_table_unusual_order.html": {
        "metadata": {"number": "19/KH-UBND", "issue_date": "2/2/2026", "province": "Bắc Kạn", "signer": "Hoàng Văn Dũng"},
        "tasks": [
            _task("Xây dựng 05 sản phẩm du lịch cộng đồng", ["Sở Văn hóa, Thể thao và Du lịch"], "Quý II/2026",
                  ["Ủy ban nhân dân các xã"]),
            _task("Tổ chức Tuần văn hóa, du lịch các dân tộc", ["Ủy ban nhân dân xã Ba Bể"], "Tháng 10/2026",
                  ["Sở Văn hóa, Thể thao và Du lịch"]),
            _task("Quảng bá điểm đến trên nền tảng số", ["Trung tâm Thông tin tỉnh"], "Hằng năm",
                  ["Sở Văn hóa, Thể thao và Du lịch"]),
        ],
        "duty_agencies": _duties("Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính"),
    },
    "s3_trach_nhiem_thuc_hien.txt": {
        "metadata": {"number": "0312/KH-UBND", "issue_date": "12/5/2026", "province": "Lâm Đồng", "signer": "Nguyễn Thị Bình"},
        "tasks": [],
        "duty_agencies": _duties("Sở Nội vụ", "Văn phòng Ủy ban nhân dân tỉnh", "Sở Tư pháp",
                                 "Giám đốc Trung tâm Phục vụ hành chính công tỉnh",
                                 "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Các cơ quan, đơn vị liên quan"),
    },
    "s4_lettered_blocks_reordered.txt": {
        "metadata": {"number": "88/KH-UBND", "issue_date": "20/4/2026", "province": "Quảng Trị", "signer": "Lê Văn Cường"},
        "tasks": [
            _task("Xây dựng sàn thương mại điện tử của tỉnh", ["Sở Công Thương"], "30/6/2026",
                  ["Sở Khoa học và Công nghệ", "Sở Tài chính"]),
            _task("Hỗ trợ 500 hộ kinh doanh mở gian hàng", ["Sở Công Thương"], "hằng năm",
                  ["Ủy ban nhân dân các xã, phường"]),
            _task("Đào tạo kỹ năng bán hàng trực tuyến", ["Sở Nông nghiệp và Môi trường"], "Quý IV/2026"),
        ],
        "duty_agencies": _duties("Sở Công Thương", "Sở Tài chính"),
    },
    "s5_hard_wrapped_mixed_case.txt": {
        "metadata": {"number": "207/KH-UBND", "issue_date": "9/6/2026", "province": "An Giang", "signer": "Phạm Minh Đức"},
        "tasks": [
            _task("Thả giống tái tạo nguồn lợi thủy sản", ["Sở Nông nghiệp và Môi trường"], "tháng 5 đến tháng 8/2026",
                  ["Ủy ban nhân dân các xã, phường ven sông"]),
            _task("Tuần tra, kiểm soát, xử lý vi phạm", ["Công an tỉnh"], "thường xuyên"),
        ],
        "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Bộ đội Biên phòng tỉnh", "Ủy ban nhân dân các xã, phường"),
    },
    "s6_decision_table_without_row_numbers.md": {
        "metadata": {"kind": "quyết định ban hành kế hoạch", "number": "1502/QĐ-UBND", "issue_date": "14/7/2026",
                     "province": "Khánh Hòa", "signer": "Võ Thị Em"},
        "tasks": [
            _task("Rà soát, bổ sung phương tiện, trang thiết bị", ["Bộ Chỉ huy Quân sự tỉnh"], "Tháng 8/2026",
                  ["Cảng vụ Hàng hải Nha Trang"]),
            _task("Tổ chức diễn tập ứng phó sự cố tràn dầu", ["Sở Nông nghiệp và Môi trường"], "Quý IV/2026",
                  ["Bộ đội Biên phòng tỉnh", "Công an tỉnh"]),
            _task("Tuyên truyền cho ngư dân về nhận biết", ["Ủy ban nhân dân các xã, phường ven biển"], "Thường xuyên",
                  ["Hội Nông dân tỉnh"]),
        ],
        "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Bộ Chỉ huy Quân sự tỉnh", "Sở Tài chính"),
    },
    "s7_dash_separated_same_line.txt": {
        "metadata": {"number": "77/KH-UBND", "issue_date": "5/8/2026", "province": "Cao Bằng", "signer": "Nông Văn Giang"},
        "tasks": [
            _task("Mở 200 lớp bồi dưỡng kỹ năng số", ["Sở Khoa học và Công nghệ"], "Quý III/2026",
                  ["Tỉnh đoàn", "Ủy ban nhân dân các xã, phường"]),
            _task("Xây dựng kho học liệu số dùng chung", ["Sở Giáo dục và Đào tạo"], "tháng 10/2026"),
            _task("Thành lập tổ công nghệ số cộng đồng", ["Ủy ban nhân dân các xã, phường"], "tháng 6/2026"),
        ],
        "duty_agencies": _duties("Sở Khoa học và Công nghệ", "Tỉnh đoàn", "Các sở, ban, ngành",
                                 "Ủy ban nhân dân các xã, phường"),
    },
    "s8_word_appendix_table.docx": {
        "metadata": {"number": "256/KH-UBND", "issue_date": "18/9/2026", "province": "Phú Thọ", "signer": "Đinh Quang Huy",
                     "title": "Bảo đảm nước sạch nông thôn trên địa bàn tỉnh năm 2027"},
        "tasks": [
            _task("Cải tạo 12 công trình cấp nước tập trung", ["Trung tâm Nước sạch và Vệ sinh môi trường nông thôn tỉnh"],
                  "Quý II/2027", ["Sở Tài chính", "Ủy ban nhân dân các xã có công trình"]),
            _task("Lắp đặt thiết bị quan trắc chất lượng nước", ["Sở Nông nghiệp và Môi trường"], "Tháng 8/2027",
                  ["Sở Khoa học và Công nghệ"]),
            _task("Tổ chức chiến dịch truyền thông về sử dụng nước sạch", ["Báo và Phát thanh, Truyền hình Phú Thọ"],
                  "Hằng quý", ["Hội Liên hiệp Phụ nữ tỉnh"]),
            _task("Hướng dẫn hộ gia đình xử lý nước quy mô hộ", ["Sở Y tế"], "Năm 2027", ["Ủy ban nhân dân các xã, phường"]),
        ],
        "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Sở Tài chính", "Ủy ban nhân dân các xã, phường"),
    },
    "s9_pdf_inline_blocks.pdf": {
        "metadata": {"number": "431/KH-UBND", "issue_date": "2/10/2026", "province": "Tây Ninh", "signer": "Trịnh Thanh Long",
                     "title": "Phòng cháy, chữa cháy rừng mùa khô năm 2026 - 2027"},
        "tasks": [
            _task("Rà soát, cập nhật phương án phòng cháy", ["Sở Nông nghiệp và Môi trường"], "trước ngày 30/11/2026",
                  ["Công an tỉnh", "Ủy ban nhân dân các xã có rừng"]),
            _task("Tổ chức lực lượng tuần tra, canh gác lửa rừng", ["Ủy ban nhân dân các xã có rừng"],
                  "từ tháng 12/2026 đến tháng 4/2027", ["Bộ Chỉ huy Quân sự tỉnh"]),
            _task("Diễn tập chữa cháy rừng cấp tỉnh", ["Công an tỉnh"], "Quý I/2027",
                  ["Ban Quản lý Vườn quốc gia Lò Gò - Xa Mát"]),
        ],
        "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Sở Tài chính", "Công an tỉnh"),
    },
    "s10_sentence_assignments.txt": {
        "metadata": {"number": "152/KH-UBND", "issue_date": "21/9/2026", "province": "Điện Biên", "signer": "Lò Văn Minh",
                     "title": "Phát triển hạ tầng số và dịch vụ công trực tuyến tỉnh Điện Biên năm 2027"},
        "tasks": [
            _task("Phủ sóng di động 4G, 5G đến 100% thôn, bản vùng sâu", ["Sở Khoa học và Công nghệ"], "Quý III/2027",
                  ["Viễn thông Điện Biên", "Viettel Điện Biên", "Ủy ban nhân dân các xã"]),
            _task("Sở Khoa học và Công nghệ là cơ quan đầu mối, phối hợp Sở Tài chính rà soát", ["Sở Khoa học và Công nghệ"],
                  "hoàn thành trong tháng 3/2027", ["Sở Tài chính"]),
            _task("Di dời, chỉnh trang cột điện, cáp viễn thông trên các tuyến phố chính", ["Điện lực Điện Biên"],
                  "hoàn thành trước ngày 30/11/2027", ["các doanh nghiệp viễn thông", "Hội Doanh nghiệp tỉnh"]),
            _task("Trung tâm Phục vụ hành chính công tỉnh tổ chức số hóa hồ sơ", ["Trung tâm Phục vụ hành chính công tỉnh"],
                  "hoàn thành trước ngày 30/6/2027"),
            _task("Sở Văn hóa, Thể thao và Du lịch (Sở VH-TT&DL) chủ trì, phối hợp với Báo",
                  ["Sở Văn hóa, Thể thao và Du lịch"], "thực hiện thường xuyên trong năm 2027",
                  ["Báo và Phát thanh, Truyền hình Điện Biên"]),
            _task("Sở Tài chính chủ trì, phối hợp với Sở Khoa học và Công nghệ thẩm định dự toán", ["Sở Tài chính"],
                  "chậm nhất ngày 15/12 hằng năm", ["Sở Khoa học và Công nghệ"]),
            _task("Sở Nội vụ chủ trì tham mưu kiện toàn Ban Chỉ đạo chuyển đổi số tỉnh", ["Sở Nội vụ"],
                  "hoàn thành trước ngày 31/01/2027"),
        ],
        "duty_agencies": _duties("Sở Khoa học và Công nghệ", "Sở Văn hóa, Thể thao và Du lịch", "Sở Nội vụ",
                                 "Ủy ban nhân dân các xã, phường"),
    },
    "s11_merged_down_cells.docx": {
        "metadata": {"number": "318/KH-UBND", "issue_date": "5/10/2026", "province": "Sơn La", "signer": "Cầm Văn Thủy",
                     "title": "Phát triển cây ăn quả gắn với chế biến sâu trên địa bàn tỉnh năm 2027"},
        "tasks": [
            _task("Rà soát quy hoạch vùng trồng xoài, nhãn tập trung", ["Sở Nông nghiệp và Môi trường"], "Quý I/2027",
                  ["Ủy ban nhân dân các xã"]),
            _task("Cấp mã số vùng trồng cho 120 vùng sản xuất", ["Sở Nông nghiệp và Môi trường"], "Năm 2027",
                  ["Chi cục Trồng trọt và Bảo vệ thực vật"]),
            _task("Chuyển đổi 2.000 ha đất trồng ngô kém hiệu quả", ["Sở Nông nghiệp và Môi trường"], "Năm 2027",
                  ["Ủy ban nhân dân các xã"]),
            _task("Hỗ trợ 05 cơ sở đầu tư dây chuyền sấy, chế biến sâu", ["Sở Công Thương"], "Quý III/2027",
                  ["Sở Tài chính"]),
            _task("Tổ chức Tuần lễ xoài, nông sản an toàn gắn với du lịch", ["Sở Công Thương"], "Tháng 6/2027",
                  ["Sở Văn hóa, Thể thao và Du lịch"]),
        ],
        "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Sở Công Thương"),
    },
    "s12_rowspan_lead_cells.html": {
        "metadata": {"number": "90/KH-UBND", "issue_date": "3/3/2026", "province": "Hà Giang", "signer": "Nguyễn Văn Sơn",
                     "title": "Phát triển du lịch cộng đồng năm 2026"},
        "tasks": [
            _task("Xây dựng bộ nhận diện thương hiệu du lịch", ["Sở Văn hóa, Thể thao và Du lịch"], "Quý II/2026",
                  ["Sở Khoa học và Công nghệ"]),
            _task("Đào tạo 200 hướng dẫn viên tại điểm", ["Sở Văn hóa, Thể thao và Du lịch"], "Quý II/2026",
                  ["Trường Cao đẳng Kỹ thuật tỉnh"]),
            _task("Tổ chức Lễ hội hoa tam giác mạch", ["Sở Văn hóa, Thể thao và Du lịch"], "Quý IV/2026",
                  ["Ủy ban nhân dân các xã"]),
            _task("Nâng cấp đường vào điểm du lịch", ["Sở Xây dựng"], "Năm 2026", ["Sở Tài chính"]),
        ],
        "duty_agencies": _duties("Sở Văn hóa, Thể thao và Du lịch"),
    },
    "s13_assignment_sentence_under_item.txt": {
        "metadata": {"number": "11/KH-UBND", "issue_date": "2/2/2026", "province": "Yên Bái", "signer": "Hoàng Văn Ba",
                     "title": "Chuyển đổi số tỉnh Yên Bái năm 2027"},
        "tasks": [
            _task("Phủ sóng 4G đến 100% thôn, bản", ["Sở Khoa học và Công nghệ"], "hoàn thành trong Quý III/2027",
                  ["Viễn thông Yên Bái"]),
            _task("Số hóa hồ sơ địa chính", ["Sở Nông nghiệp và Môi trường"], "năm 2027"),
            _task("Xây dựng kho dữ liệu dùng chung của tỉnh", ["Sở Tài chính"], "hoàn thành trước ngày 30/9/2027"),
        ],
        "duty_agencies": _duties("Sở Khoa học và Công nghệ"),
    },
}

# s37-s39 (session 9): gold written before the parser was run on them.
GOLD["s37_pdf_varying_page_furniture.txt"] = {
    "metadata": {"number": "0386/KH-UBND", "issue_date": "8/7/2026", "province": "Quảng Ngãi", "signer": "Y Ngọc Hà",
                 "title": "Phát triển cây cà phê đặc sản vùng Măng Đen năm 2027"},
    "tasks": [
        _task("Rà soát, quy hoạch vùng trồng cà phê đặc sản tập trung", ["Sở Nông nghiệp và Môi trường"], "Quý I/2027",
              ["Ủy ban nhân dân các xã Măng Đen, Măng Bút"]),
        _task("Hỗ trợ 300 hộ đồng bào trồng tái canh bằng giống cà phê chất lượng cao", ["Trung tâm Khuyến nông tỉnh"],
              "Năm 2027", ["Sở Tài chính"]),
        _task("Xây dựng nhãn hiệu chứng nhận cà phê Măng Đen", ["Sở Khoa học và Công nghệ"], "Quý III/2027",
              ["Hội Nông dân tỉnh", "Ủy ban nhân dân xã Măng Đen"]),
        _task("Tổ chức Ngày hội cà phê Măng Đen gắn với quảng bá du lịch sinh thái và văn hóa đồng bào các dân tộc",
              ["Sở Văn hóa, Thể thao và Du lịch"], "Tháng 12/2027"),
    ],
    "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Sở Tài chính", "Ủy ban nhân dân các xã Măng Đen, Măng Bút"),
}
GOLD["s38_html_phan_cong_cells.html"] = {
    "metadata": {"number": "0518/KH-UBND", "issue_date": "14/9/2026", "province": "An Giang", "signer": "Lê Văn Phước",
                 "title": "Phát triển nuôi cá tra bền vững năm 2027"},
    "tasks": [
        _task("Cấp mã số cơ sở nuôi cho 150 vùng nuôi cá tra", ["Chi cục Thủy sản và Kiểm ngư"], "Quý II/2027",
              ["Ủy ban nhân dân các xã, phường"]),
        _task("Quan trắc môi trường nước tại các vùng nuôi tập trung", ["Sở Nông nghiệp và Môi trường"], "Hằng tháng",
              ["Sở Khoa học và Công nghệ", "Trường Đại học An Giang"]),
        _task("Xúc tiến thương mại cá tra tại thị trường Trung Đông", ["Sở Công Thương"], "Năm 2027",
              ["Hiệp hội Thủy sản tỉnh"]),
        _task("Hỗ trợ tín dụng cho hộ nuôi cá tra liên kết", ["Ngân hàng Nhà nước Chi nhánh Khu vực 15"], "Năm 2027"),
    ],
    "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Sở Tài chính"),
}
GOLD["s39_duty_blocks_outside_tcth.txt"] = {
    "metadata": {"number": "0644/KH-UBND", "issue_date": "3/8/2026", "province": "Nghệ An", "signer": "Võ Trọng Hải",
                 "title": "Bảo đảm an toàn thực phẩm trong trường học năm học 2026 - 2027"},
    "tasks": [
        _task("Kiểm tra điều kiện an toàn thực phẩm của 100% bếp ăn bán trú", ["Sở Y tế"], "Quý IV/2026",
              ["Sở Giáo dục và Đào tạo"]),
    ],
    "duty_agencies": _duties("Sở Giáo dục và Đào tạo", "Sở Y tế", "Ủy ban nhân dân các xã, phường", "Sở Tài chính"),
}

GOLD["s40_duty_blocks_in_solutions.txt"] = {
    "metadata": {"number": "0712/KH-UBND", "issue_date": "19/10/2026", "province": "Thanh Hóa", "signer": "Lê Đức Giang",
                 "title": "Phòng, chống rét cho cây trồng, vật nuôi vụ Đông Xuân 2026 - 2027"},
    "tasks": [],
    "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Trung tâm Khuyến nông tỉnh", "Ủy ban nhân dân các xã, phường"),
}

GOLD["s41_appendix_tables_per_group.md"] = {
    "metadata": {"number": "0533/KH-UBND", "issue_date": "2/12/2026", "province": "Cà Mau", "signer": "Phạm Thành Ngại",
                 "title": "Phát triển du lịch sinh thái rừng ngập mặn năm 2027"},
    "tasks": [
        _task("Nâng cấp bến tàu du lịch Đất Mũi", ["Sở Xây dựng"], "Quý II/2027", ["Ban Quản lý Vườn quốc gia Mũi Cà Mau"]),
        _task("Xây dựng đường đi bộ xuyên rừng đước", ["Ban Quản lý Vườn quốc gia Mũi Cà Mau"], "Quý III/2027",
              ["Sở Nông nghiệp và Môi trường"]),
        _task("Tổ chức Tuần lễ du lịch rừng ngập mặn", ["Sở Văn hóa, Thể thao và Du lịch"], "Tháng 4/2027",
              ["Ủy ban nhân dân các xã ven biển"]),
        _task("Quảng bá điểm đến trên các nền tảng số", ["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch tỉnh"], "Năm 2027"),
    ],
    "duty_agencies": _duties("Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính"),
}

GOLD["s42_word_body_per_paragraph.docx"] = {
    "metadata": {"number": "0561/KH-UBND", "issue_date": "9/10/2026", "province": "Lào Cai", "signer": "Giàng Thị Dung",
                 "title": "Phát triển thương mại biên giới năm 2027"},
    "tasks": [
        _task("Nâng cấp chợ biên giới Kim Thành thành chợ đầu mối nông sản", ["BQL Khu kinh tế tỉnh"], "Quý III/2027",
              ["Sở Công Thương", "Sở Xây dựng", "UBND xã Bản Lầu"]),
        _task("Tuần tra liên ngành chống buôn lậu trên tuyến biên giới", ["BCHQS tỉnh", "Công an tỉnh"], "Thường xuyên",
              ["Chi cục Hải quan khu vực", "BĐBP tỉnh"]),
        _task("Cho vay ưu đãi hộ kinh doanh tại các chợ biên giới", ["NHNN Chi nhánh Khu vực 9"], "Năm 2027",
              ["Ngân hàng Chính sách xã hội tỉnh", "LĐLĐ tỉnh"]),
    ],
    "duty_agencies": _duties("Sở Công Thương", "Sở Tài chính"),
}

GOLD["s43_markdown_raw_html_table.md"] = {
    "metadata": {"number": "0303/KH-UBND", "issue_date": "5/5/2026", "province": "Quảng Trị", "signer": "Lê Đức Tiến",
                 "title": "Phát triển du lịch biển, đảo năm 2027"},
    "tasks": [
        _task("Xây dựng sản phẩm du lịch đêm tại Cửa Tùng", ["Sở Văn hóa, Thể thao và Du lịch"], "Tháng 3/2027 - Tháng 9/2027",
              ["Ủy ban nhân dân xã Cửa Tùng"]),
        _task("Nâng cấp bãi tắm cộng đồng Cửa Việt", ["Sở Xây dựng"], "Quý I/2027 - Quý III/2027",
              ["Sở Tài chính", "Ủy ban nhân dân xã Cửa Việt"]),
        _task("Mở tuyến tàu khách Cửa Việt - đảo Cồn Cỏ", ["Sở Xây dựng"], "Tháng 4/2027 - Tháng 5/2027"),
    ],
    "duty_agencies": _duties("Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính"),
}
GOLD["s44_capital_letter_sections.txt"] = {
    "metadata": {"number": "0202/KH-UBND", "issue_date": "4/4/2026", "province": "Gia Lai", "signer": "Rah Lan Chung",
                 "title": "Phòng, chống bệnh dịch tả lợn châu Phi năm 2026"},
    "tasks": [
        _task("Giám sát dịch bệnh tại 100% xã có chăn nuôi lợn tập trung", ["Chi cục Chăn nuôi và Thú y"], "Thường xuyên"),
        _task("Tiêm phòng vắc xin cho đàn lợn nái, lợn đực giống", ["Ủy ban nhân dân các xã"], "Quý II/2026",
              ["Chi cục Chăn nuôi và Thú y"]),
    ],
    "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Sở Tài chính", "Ủy ban nhân dân các xã"),
}
GOLD["s45_start_end_columns.md"] = {
    "metadata": {"number": "0101/KH-UBND", "issue_date": "3/3/2026", "province": "Hà Tĩnh", "signer": "Võ Trọng Hải",
                 "title": "Phát triển rừng gỗ lớn năm 2026"},
    "tasks": [
        _task("Rà soát quỹ đất trồng rừng gỗ lớn", ["Sở Nông nghiệp và Môi trường"], "Tháng 3/2026 - Tháng 6/2026",
              ["Ủy ban nhân dân các xã"]),
        _task("Cấp chứng chỉ rừng FSC cho 500 ha rừng trồng", ["Chi cục Kiểm lâm"], "Quý II/2026 - Quý IV/2026",
              ["Hội Nông dân tỉnh"]),
    ],
    "duty_agencies": _duties("Sở Tài chính"),
}

# s46–s48 (session 10) were written with their gold before the parser change meant for them (shapes of the
# released s9 plans g2, g3 and h2, in other wording): a table whose start column sits beside a COMPLETION column
# (the completion is the timeline, the start an extra column); sentences assigning in the passive ("do X chủ
# trì, Y phối hợp thực hiện"), with "được giao chủ trì", or dated by a clause of their own ("…; <việc> phải hoàn
# tất trước ngày …", "…; thời gian thực hiện: …"); lead and coordinator cells abbreviated as a legend below the
# table ("Ghi chú: SYT: Sở Y tế; …") and a prose definition ("(sau đây gọi tắt là …)") explain.
GOLD["s46_start_and_completion_columns.md"] = {
    "metadata": {"number": "0512/KH-UBND", "issue_date": "9/2/2027", "province": "Quảng Trị", "signer": "Lê Quang Vinh",
                 "title": "Phục hồi rừng ngập mặn ven biển năm 2027"},
    "tasks": [
        _task("Khảo sát bãi bồi đủ điều kiện trồng rừng ngập mặn", ["Sở Nông nghiệp và Môi trường"], "Tháng 4/2027",
              ["Ủy ban nhân dân các xã ven biển"]),
        _task("Trồng mới 300 ha rừng ngập mặn", ["Ban Quản lý rừng phòng hộ tỉnh"], None, ["Hội Nông dân tỉnh"]),
        _task("Xây dựng 05 trạm quan trắc xâm nhập mặn", ["Sở Khoa học và Công nghệ"], "Quý IV/2027", ["Sở Tài chính"]),
    ],
    "duty_agencies": _duties("Sở Tài chính"),
}
GOLD["s47_passive_and_dated_assignment_sentences.txt"] = {
    "metadata": {"number": "0733/KH-UBND", "issue_date": "15/3/2027", "province": "Bến Tre", "signer": "Huỳnh Văn Tâm",
                 "title": "Phát triển giao thông nông thôn năm 2027"},
    "tasks": [
        _task("Sở Xây dựng được giao chủ trì, phối hợp với Sở Tài chính rà soát quy hoạch", ["Sở Xây dựng"],
              "hồ sơ quy hoạch phải trình UBND tỉnh trước ngày 30/6/2027", ["Sở Tài chính"]),
        _task("Việc lập kế hoạch bảo trì các tuyến đường xã", ["Sở Xây dựng"], "hoàn thành trong Quý III/2027",
              ["Ủy ban nhân dân các xã"]),
        _task("Sở Giáo dục và Đào tạo tổ chức tuyên truyền an toàn giao thông", ["Sở Giáo dục và Đào tạo"],
              "việc tuyên truyền đầu năm học phải hoàn tất trước ngày 30/9/2027", ["Công an tỉnh"]),
        _task("Công an tỉnh có trách nhiệm lắp đặt camera giám sát", ["Công an tỉnh"], "Quý II/2027"),
    ],
    "duty_agencies": _duties("Sở Xây dựng", "Sở Tài chính"),
}
GOLD["s48_abbreviation_legend.md"] = {
    "metadata": {"number": "0288/KH-UBND", "issue_date": "20/4/2027", "province": "Kon Tum", "signer": "A Pớt",
                 "title": "Phòng, chống sốt rét năm 2027"},
    "tasks": [
        _task("Phun tồn lưu hóa chất tại 30 thôn có ca bệnh", ["Trung tâm Kiểm soát bệnh tật tỉnh"], "Quý II/2027",
              ["Ủy ban nhân dân các xã"]),
        _task("Cấp màn tẩm hóa chất cho hộ nghèo vùng rừng", ["Sở Y tế"], "Tháng 5/2027",
              ["Sở Tài chính", "Ủy ban nhân dân các xã"]),
        _task("Tuyên truyền phòng bệnh cho người đi rừng, ngủ rẫy", ["Báo và Phát thanh, Truyền hình Kon Tum"], "Năm 2027",
              ["Sở Y tế"]),
    ],
    "duty_agencies": _duties("Sở Y tế", "Sở Tài chính"),
}

# s49 (session 10) was written AFTER the change it tests (parsing of an unruled PDF table, from the released s9 plan
# h1_can-tho): a regression fixture in another layout — fpdf2 cells centred vertically in their row, a narrow STT
# column whose header runs into the next, an extra "Kết quả" column. Its first run showed the two shapes the
# reader did not yet handle (rows by white space, header cells parted by their roles), both fixed generally.
GOLD["s49_pdf_unruled_table.pdf"] = {
    "metadata": {"number": "0644/KH-UBND", "issue_date": "6/5/2027", "province": "An Giang", "signer": "Nguyễn Thị Thu Hà",
                 "title": "Phát triển du lịch cộng đồng năm 2027"},
    "tasks": [
        _task("Khảo sát, lựa chọn các thôn, ấp có tiềm năng phát triển du lịch cộng đồng",
              ["Sở Văn hóa, Thể thao và Du lịch"], "Tháng 6/2027", ["Ủy ban nhân dân các xã", "Hội Nông dân tỉnh"]),
        _task("Tập huấn kỹ năng đón khách, nấu ăn, hướng dẫn viên tại điểm cho hộ dân",
              ["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch"], "Quý III/2027", ["Trường Cao đẳng nghề tỉnh"]),
        _task("Hỗ trợ cải tạo nhà ở thành nhà lưu trú cho khách", ["Ủy ban nhân dân các xã"], "Năm 2027",
              ["Sở Tài chính", "Ngân hàng Chính sách xã hội chi nhánh tỉnh"]),
    ],
    "duty_agencies": _duties("Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính"),
}

# s36 is s34's table and duties in another province, its duties lettered under a numbered "Trách nhiệm của …" item.
GOLD["s36_pdf_tab_table_lettered_duties.txt"] = {
    **GOLD["s34_pdf_tab_table.txt"],
    "metadata": {"number": "0209/KH-UBND", "issue_date": "17/8/2026", "province": "Ninh Bình", "signer": "Phạm Quang Ngọc",
                 "title": "Bảo tồn hệ thống hang động năm 2026"},
}

# s50–s52 (session 11) are other realisations of the grammar read for the released s10 plans j1 (every task ends
# with its assignment in parentheses), j2 (a decision's plan title followed by its issuing note) and j3 (the number
# in the cell after its label), written by the engineer in other wordings, positions and formats. The clause reader
# was built on j1; on its first run it read these fixtures but for two gaps, both closed in the data and the
# clause grammar (a label value after a role phrase, "thời gian: năm 2027" → "năm 2027"; "hướng dẫn" as a taking-
# part role). Before the session's change the parser read none of their 11 tasks (s51: one, with the assigning
# sentence as its text) and missed s52's number and title.
GOLD["s50_assignment_clause_positions.txt"] = {
    "metadata": {"number": "0521/KH-UBND", "issue_date": "14/4/2027", "province": "Phú Yên", "signer": "Đào Mỹ Linh",
                 "title": "Phát triển thương mại điện tử nông thôn năm 2027"},
    "tasks": [
        # a closing parenthesis: "là cơ quan đầu mối", "cùng tham gia", a "tiến độ:" label
        _task("Xây dựng gian hàng nông sản tỉnh trên ba sàn", ["Sở Công Thương"], "quý III/2027",
              ["Sở Nông nghiệp và Môi trường", "Hội Nông dân tỉnh"]),
        # a last sentence: "chủ trì thực hiện, thời gian: …"
        _task("Cấp mã vùng trồng và truy xuất nguồn gốc", ["Chi cục Trồng trọt và Bảo vệ thực vật"], "năm 2027"),
        # after a spaced dash: "phối hợp với …, hoàn thành trước …"
        _task("Khảo sát nhu cầu bán hàng trực tuyến", ["Liên minh Hợp tác xã tỉnh"], "hoàn thành trước ngày 30/9/2027",
              ["Sở Công Thương"]),
        # after a semicolon: "X thực hiện, Y hỗ trợ; hằng quý" (no "chủ trì": the executing body leads)
        _task("Tổ chức 20 lớp tập huấn kỹ năng livestream", ["Tỉnh đoàn"], "hằng quý", ["Hội Liên hiệp Phụ nữ tỉnh"]),
        # the parenthesis on the next line
        _task("Xây dựng bản đồ số các điểm giao nhận", ["Sở Khoa học và Công nghệ"], "tháng 10/2027", ["Bưu điện tỉnh"]),
    ],
    # "(gồm Sở …, Sở …)" lists members, it assigns nothing; "Sở Công Thương chủ trì, phối hợp các sở, ngành theo dõi,
    # đôn đốc …" in Tổ chức thực hiện is a duty, not a task
    "duty_agencies": _duties("Sở Công Thương", "Sở Tài chính"),
}
GOLD["s51_assignment_clause_next_line.md"] = {
    "metadata": {"number": "0688/KH-UBND", "issue_date": "3/6/2027", "province": "Kiên Giang", "signer": "Lâm Minh Thành",
                 "title": "Phòng, chống sạt lở bờ biển năm 2027"},
    "tasks": [
        # the clause alone on the line under a numbered task: "Giao X chủ trì; Y hướng dẫn; hoàn thành trong …"
        _task("Rà soát, cắm mốc cảnh báo 25 điểm sạt lở", ["Ủy ban nhân dân các xã ven biển"], "hoàn thành trong tháng 7/2027",
              ["Sở Nông nghiệp và Môi trường"]),
        # a dash line under the task: "X thực hiện, Y tham gia, giai đoạn …"
        _task("Trồng 40 ha rừng phòng hộ chắn sóng", ["Ban Quản lý rừng phòng hộ tỉnh"], "giai đoạn 2027 - 2028",
              ["Đoàn Thanh niên tỉnh"]),
        # after an em dash on the task's line
        _task("Lắp đặt hệ thống quan trắc sóng, triều", ["Đài Khí tượng Thủy văn tỉnh"], "quý IV/2027",
              ["Sở Khoa học và Công nghệ"]),
        # a last sentence whose time phrase follows the role word
        _task("Tuyên truyền kỹ năng ứng phó sạt lở", ["Báo và Phát thanh, Truyền hình Kiên Giang"], "thường xuyên"),
    ],
    "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Sở Tài chính"),
}
GOLD["s52_decision_note_inline_number_cell.html"] = {
    # a decision issuing the plan: the number in the header-table cell after "Số:", the issuing note on the title's
    # own line ("… năm 2028 (Kèm theo Quyết định số …)")
    "metadata": {"kind": "quyết định ban hành kế hoạch", "number": "0903/QĐ-UBND", "issue_date": "10/8/2027",
                 "province": "Bạc Liêu", "signer": "Ngô Thị Thu Sương", "title": "Phát triển điện gió ven biển năm 2028"},
    "tasks": [
        _task("Rà soát quỹ đất ven biển cho các dự án điện gió", ["Sở Nông nghiệp và Môi trường"], "quý I/2028",
              ["Ủy ban nhân dân các xã ven biển"]),
        _task("Đôn đốc tiến độ đấu nối các dự án", ["Sở Công Thương"], "thường xuyên", ["Công ty Điện lực Bạc Liêu"]),
    ],
    "duty_agencies": _duties("Sở Công Thương", "Sở Tài chính"),
}

# s53 (session 11) is another realisation of the duty shapes of the released s9 g3 (an aside between a duty's subject
# and its verb: "Công an tỉnh, ngoài nhiệm vụ …, còn chịu trách nhiệm …") and s10 j3 (a second body handed a duty in a
# later clause of the same item: "…; Bưu điện tỉnh Đồng Tháp duy trì …"), under another heading ("PHÂN CÔNG NHIỆM
# VỤ"), with other asides ("bên cạnh …", "với vai trò …") and other bodies (Kho bạc, Bưu điện, Thư viện tỉnh). Written
# after the change; its first run read all but the Kho bạc clause ("kiểm soát" was not yet a verb) and the task led
# by "Thư viện tỉnh" (a library was not yet a body's head), both added to the data. Before the session the parser
# read three of its five duty holders and not its task.
GOLD["s53_duty_asides_and_clause_holders.txt"] = {
    "metadata": {"number": "0276/KH-UBND", "issue_date": "21/5/2027", "province": "Hậu Giang", "signer": "Trương Cảnh Tuyên",
                 "title": "Phát triển mạng lưới thư viện cơ sở năm 2027"},
    "tasks": [
        _task("Bổ sung 20.000 bản sách cho tủ sách cộng đồng", ["Thư viện tỉnh"], "quý III/2027", ["Sở Tài chính"]),
    ],
    "duty_agencies": _duties("Sở Văn hóa, Thể thao và Du lịch", "Sở Tài chính", "Kho bạc Nhà nước khu vực XIX",
                             "Hội Khuyến học tỉnh", "Bưu điện tỉnh Hậu Giang"),
}

# s58-s61 (session 12) are other realisations of the shape of the released s11 k2 (tasks listed unassigned, the duty
# section assigning them by pointing at the outline), written after the change (parsing/references, by_reference) and
# before any further code: "PHẦN II" parts, a range "từ điểm a đến điểm c", "nhiệm vụ số 2", "các khoản 3 và 4" over a
# khoản with letters and one without, "tiết a điểm 4", another document's article that must not resolve (s58, Markdown);
# a decision whose Điều 1 holds the tasks and Điều 2 assigns "khoản 1 Điều 1", "các điểm a, b khoản 2 Điều 1" (s59,
# Word); references in the cells of a duty table, to dotted items ("mục 1.1 và mục 2.2 Mục II") (s60, HTML); a
# hard-wrapped text whose duty section comes BEFORE the task section it points at ("khoản 1 Mục III") (s61).
GOLD["s58_reference_ranges_parts.md"] = {
    "metadata": {"number": "0412/KH-UBND", "issue_date": "14/4/2027", "province": "Quảng Trị", "signer": "Hoàng Nam Sơn",
                 "title": "Phát triển cây dược liệu dưới tán rừng năm 2027"},
    "tasks": [
        _task("Khảo sát, khoanh vùng 300 ha đất rừng", ["Sở Nông nghiệp và Môi trường"],
              "hoàn thành khoanh vùng trước ngày 30/6/2027", ["Ủy ban nhân dân các xã vùng núi"]),
        _task("Xây dựng bản đồ vùng trồng dược liệu", ["Sở Nông nghiệp và Môi trường"], None,
              ["Ủy ban nhân dân các xã vùng núi"]),
        _task("Công bố vùng trồng và hướng dẫn người dân", ["Sở Nông nghiệp và Môi trường"], None,
              ["Ủy ban nhân dân các xã vùng núi"]),
        _task("Cấp mã số vùng trồng cho các hợp tác xã", ["Chi cục Kiểm lâm"], "Quý IV/2027"),
        _task("Sản xuất giống dược liệu tại vườn ươm", ["Sở Nông nghiệp và Môi trường"], None),
        _task("Hỗ trợ liên kết tiêu thụ sản phẩm", ["Sở Công Thương"], "hoàn thành kết nối tiêu thụ trong Quý III/2027",
              ["Liên minh Hợp tác xã tỉnh"]),
        _task("Tổ chức 02 hội chợ giới thiệu sản phẩm", ["Sở Công Thương"], None,
              ["Liên minh Hợp tác xã tỉnh", "Sở Văn hóa, Thể thao và Du lịch"]),
        _task("Xây dựng chuyên trang quảng bá sản phẩm", ["Sở Công Thương"], None, ["Liên minh Hợp tác xã tỉnh"]),
    ],
    "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Chi cục Kiểm lâm", "Sở Công Thương",
                             "Sở Văn hóa, Thể thao và Du lịch", "Ủy ban nhân dân các xã vùng núi", "Sở Tài chính"),
}
GOLD["s59_decision_articles_by_reference.docx"] = {
    "metadata": {"number": "1120/QĐ-UBND", "issue_date": "6/8/2027", "province": "Cao Bằng", "signer": "Nông Thanh Tùng"},
    "tasks": [
        _task("Phục tráng 150 ha chè Shan tuyết", ["Sở Nông nghiệp và Môi trường"], "hoàn thành trước ngày 31/12/2028",
              ["Ủy ban nhân dân các xã vùng cao"]),
        _task("Đăng ký chỉ dẫn địa lý cho sản phẩm", ["Sở Khoa học và Công nghệ"], "hoàn thành trong Quý III/2028",
              ["Hiệp hội Chè tỉnh"]),
        _task("Thiết kế bộ nhận diện và bao bì", ["Sở Khoa học và Công nghệ"], "hoàn thành trong Quý III/2028",
              ["Hiệp hội Chè tỉnh"]),
        _task("Xây dựng 02 xưởng chế biến chè", ["Sở Công Thương"], "năm 2028"),
    ],
    "duty_agencies": _duties("Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ", "Sở Công Thương",
                             "Ủy ban nhân dân các xã vùng cao"),
}
GOLD["s60_reference_in_duty_table.html"] = {
    "metadata": {"number": "0729/KH-UBND", "issue_date": "2/7/2027", "province": "Ninh Bình", "signer": "Đinh Văn Điện",
                 "title": "Bảo tồn và phát huy giá trị di sản Quần thể danh thắng Tràng An năm 2028"},
    "tasks": [
        _task("Trùng tu 03 di tích đình, đền", ["Sở Văn hóa, Thể thao và Du lịch"], "trùng tu xong trước ngày 31/10/2028",
              ["Ban Quản lý Quần thể danh thắng Tràng An"]),
        _task("Quan trắc sạt lở vách núi đá vôi", ["Sở Nông nghiệp và Môi trường"], "hằng quý",
              ["Ban Quản lý Quần thể danh thắng Tràng An"]),
        _task("Số hóa hồ sơ di sản", ["Sở Khoa học và Công nghệ"], "hoàn thành trong năm 2028",
              ["Sở Văn hóa, Thể thao và Du lịch"]),
        _task("Đào tạo 200 lái đò", ["Sở Văn hóa, Thể thao và Du lịch"], None, ["Ban Quản lý Quần thể danh thắng Tràng An"]),
    ],
    "duty_agencies": _duties("Sở Văn hóa, Thể thao và Du lịch", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ",
                             "Ban Quản lý Quần thể danh thắng Tràng An", "Sở Tài chính"),
}
GOLD["s61_reference_wrapped_text.txt"] = {
    "metadata": {"number": "0958/KH-UBND", "issue_date": "18/9/2027", "province": "Điện Biên", "signer": "Lò Văn Mừng",
                 "title": "Phòng, chống cháy rừng mùa khô 2027 - 2028"},
    "tasks": [
        _task("Rà soát, cập nhật phương án phòng cháy", ["Chi cục Kiểm lâm tỉnh"], "hoàn thành trước ngày 30/11/2027",
              ["Ủy ban nhân dân các xã có rừng"]),
        _task("Xây dựng 20 km đường băng cản lửa", ["Chi cục Kiểm lâm tỉnh"], "hoàn thành trước ngày 30/11/2027",
              ["Ủy ban nhân dân các xã có rừng"]),
        _task("Lắp đặt 12 camera giám sát", ["Sở Khoa học và Công nghệ"], "hoàn thành trong Quý I/2028",
              ["Viễn thông Điện Biên", "Ủy ban nhân dân các xã có rừng"]),
        _task("Diễn tập chữa cháy rừng", ["Bộ Chỉ huy Quân sự tỉnh"], "tháng 3/2028", ["Công an tỉnh"]),
    ],
    "duty_agencies": _duties("Chi cục Kiểm lâm tỉnh", "Bộ Chỉ huy Quân sự tỉnh", "Sở Khoa học và Công nghệ",
                             "Ủy ban nhân dân các xã có rừng"),
}

# Before any change made for them (the honest generalisation signal), the parser read: metadata of all 5;
# tasks with lead and timeline of s4 and s5 (s1: leads right, 2 of 4 timelines kept the ")" of their
# parentheses; s2: the table not read at all, 58 % of words placed); coordinators of s1, s4, s5; duties of
# s1, s2 and s4 (s3: bodies mangled, "Các cơ quan, đơn vị" split, "Văn phòng UBND tỉnh" read as UBND tỉnh;
# s5: none under a mixed-case "III. Tổ chức thực hiện" in hard-wrapped text); no phantom task except in s2 and s4.
# Second round: s6 and s7 were written after the changes made for s1-s5 and scored before any change for
# them: duties of both read (s7's strict check needed the scorer's list expansion, a test fix), s7's metadata;
# no task of either (s6: a table with no TT column; s7: "– Chủ trì: … – Hoàn thành: …" on the task's line),
# s6's number, date and signer missed (a decision whose header is a Markdown table).
# Aspects still not read are listed here as strict expected failures; each change that closes one removes it.
GAPS: dict[tuple[str, str], str] = {
}


def _gap(request, aspect: str, name: str) -> None:
    if (aspect, name) in GAPS:
        request.applymarker(pytest.mark.xfail(strict=True, reason=GAPS[(aspect, name)]))


@pytest.fixture(scope="module", params=sorted(GOLD))
def scored(request):
    name = request.param
    gold = {"file": name, **GOLD[name]}
    plan = parse(FIXTURES / name)
    return name, gold, plan, score_plan(gold, plan)


def test_tasks_found_with_lead_and_timeline(scored, request) -> None:
    name, _, _, score = scored
    _gap(request, "tasks", name)
    assert (score.found, score.missed_tasks) == (score.gold_tasks, []), name
    assert score.lead_right == score.found and score.timeline_right == score.found, name


def test_coordinators_read(scored, request) -> None:
    name, gold, plan, _ = scored
    _gap(request, "coordinators", name)
    for task in gold["tasks"]:
        parsed = next(t for t in plan.tasks if fold(t.task).startswith(fold(task["task_start"])))
        assert _agency_set(parsed.coordinators) == _agency_set(task["coordinators"]), (name, task["task_start"])


def test_duties_metadata_no_fragments(scored, request) -> None:
    name, gold, plan, score = scored
    _gap(request, "duties", name)
    assert score.missed_duties == [], name
    # Every duty holder is one of the gold bodies, whole and unmangled (the scorer alone accepts a prefix).
    assert _agency_set([d.agency for d in plan.duties]) == _agency_set([d["agency"] for d in gold["duty_agencies"]]), name
    assert score.fragments == [], name
    assert score.meta_wrong == [], name
    assert plan.placed_share >= 0.98, name


def test_no_synthetic_layout_gives_phantom_tasks(scored, request) -> None:
    name, gold, plan, _ = scored
    _gap(request, "phantom", name)
    assert len(plan.tasks) == len(gold["tasks"]), (name, [t.task[:40] for t in plan.tasks])


def test_word_table_rows_keep_their_group_extra_columns_and_whole_cells() -> None:
    plan = parse(FIXTURES / "s8_word_appendix_table.docx")
    by_number = {row.number: row for row in plan.tasks}
    assert by_number["1"].group and fold(by_number["1"].group).endswith(fold("CẢI TẠO, NÂNG CẤP CÔNG TRÌNH"))
    assert fold(by_number["3"].group).endswith(fold("TRUYỀN THÔNG, VẬN ĐỘNG"))
    assert by_number["3"].task.endswith("(phát sóng 24 kỳ trên sóng phát thanh, truyền hình)")  # a cell's 2nd paragraph
    assert by_number["2"].extra["Kết quả đầu ra"] == "30 điểm quan trắc trực tuyến"
    assert by_number["4"].extra["Nguồn vốn"] == "Nguồn xã hội hóa"
    # the merged group rows are text of the plan too: kept as clauses of their own
    assert any(c.text.startswith("I. CẢI TẠO, NÂNG CẤP CÔNG TRÌNH") for c in plan.clauses if c.kind == "table_row")


def test_pdf_label_lines_are_not_read_into_the_task_above() -> None:
    plan = parse(FIXTURES / "s9_pdf_inline_blocks.pdf")
    first = next(row for row in plan.tasks if row.task.startswith("Rà soát"))
    assert first.task == "Rà soát, cập nhật phương án phòng cháy, chữa cháy rừng của các chủ rừng"


def test_word_automatic_numbering_prints_its_markers() -> None:
    from plan_qa.ingest.readers import read_document

    lines = [line for line in read_document(FIXTURES / "s18_word_auto_numbering.docx").splitlines() if line]
    for marked in ("I. MỤC ĐÍCH, YÊU CẦU", "a) Bảo đảm an toàn", "b) Nâng tỷ lệ", "II. NHIỆM VỤ", "1. Kiểm tra an toàn",
                   "- Cơ quan chủ trì: Sở Y tế.", "3. Tập huấn", "III. TỔ CHỨC THỰC HIỆN",
                   "1. Sở Giáo dục và Đào tạo:", "3. Ủy ban nhân dân các xã, phường:"):
        assert any(line.startswith(marked) for line in lines), marked
    assert not any(line.startswith("4.") for line in lines)  # items restart under each section


def test_page_furniture_that_varies_by_more_than_the_page_number_is_dropped() -> None:
    plan = parse(FIXTURES / "s37_pdf_varying_page_furniture.txt")
    # the footer (own code, date, "Trang n/4"), the print time and the short-title header, on all four pages
    assert plan.chrome_lines == 11
    for clause in plan.clauses:
        assert "In lúc" not in clause.text and "KH 0386" not in clause.text, clause.text
    duty = next(d for d in plan.duties if d.agency == "Sở Nông nghiệp và Môi trường")
    assert duty.text.endswith("báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện trước ngày 15 tháng 12 năm 2027.")


def test_repeated_shapes_that_are_not_page_furniture_are_kept() -> None:
    from plan_qa.parsing.chrome import drop_chrome

    text = ("Số: 0386/KH-UBND\nKẾ HOẠCH\nCăn cứ Quyết định số 12/QĐ-UBND ngày 3/4/2025 của UBND tỉnh;\n"
            "Căn cứ Quyết định số 45/QĐ-UBND ngày 5/6/2025 của UBND tỉnh;\nI. NHIỆM VỤ\n1. Khám sàng lọc\n"
            "KH 0386/KH-UBND ngày 8/7/2026 - Trang 1/3\n- Cơ quan chủ trì: Sở Y tế\n2. Tiêm chủng\n"
            "KH 0386/KH-UBND ngày 8/7/2026 - Trang 2/3\n- Cơ quan chủ trì: Sở Y tế\nTheo dõi, báo cáo.")
    # two legal bases of one shape name other documents; a label line repeated beside the footers is text
    assert drop_chrome(text) == (text.replace("KH 0386/KH-UBND ngày 8/7/2026 - Trang 1/3\n", "")
                                 .replace("KH 0386/KH-UBND ngày 8/7/2026 - Trang 2/3\n", ""), 2)


def test_unruled_pdf_table_keeps_its_extra_column_and_prose_stays_prose() -> None:
    from plan_qa.ingest.readers import read_document

    plan = parse(FIXTURES / "s49_pdf_unruled_table.pdf")
    assert [row.extra.get("Kết quả") for row in plan.tasks] == ["Danh sách 05 điểm", "300 lượt người", "40 nhà"]
    text = read_document(FIXTURES / "s49_pdf_unruled_table.pdf")
    # only the table's rows are tab rows: the prose after it is not read into its columns
    assert sum("\t" in line for line in text.splitlines()) == 4
    # a PDF with no table keeps its text layer as it was
    assert "\t" not in read_document(FIXTURES / "s9_pdf_inline_blocks.pdf")


def test_signers_with_a_one_letter_given_name_prefix() -> None:
    from plan_qa.parsing.metadata import read_signature

    assert read_signature(["TM. ỦY BAN NHÂN DÂN", "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Y Ngọc Hà"])[0] == "Y Ngọc Hà"
    assert read_signature(["TM. ỦY BAN NHÂN DÂN CHỦ TỊCH H'Yim Kđoh"])[0] == "H'Yim Kđoh"
    assert read_signature(["TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Võ Thị Em"])[0] == "Võ Thị Em"


def test_a_start_column_opens_the_span_an_answer_gives() -> None:
    plan = parse(FIXTURES / "s46_start_and_completion_columns.md")
    assert [(t.timeline, t.span) for t in plan.tasks] == [
        ("Tháng 4/2027", "Tháng 2/2027 - Tháng 4/2027"), (None, None), ("Quý IV/2027", "Quý II/2027 - Quý IV/2027")]
    assert plan.tasks[0].extra == {"Thời gian bắt đầu thực hiện": "Tháng 2/2027"}


def test_signature_read_beside_recipients_after_ocr() -> None:
    """A scanned closing read line by line: recipients on the left, the signature beside them — the title with
    its "PHÓ" read "PHO" by OCR, the name after a recipient's ";" (the scan g1_nghe-an of blind set s9)."""
    from plan_qa.ingest.ocr import _corrected_phrases
    from plan_qa.parsing.metadata import read_signature, recipient_and_signature

    lines = ["Nơi nhận: KT. CHỦ TỊCH", "- Bộ Xây dựng (để b/c); 2", _corrected_phrases("- TT Tỉnh ủy; PHO CHỦ TỊCH"),
             "- Các sở, ngành; Lê Thị Mai", "- Bộ Tài chính; Bộ Công Thương", "- Lưu: VT."]
    signature = [beside for line in lines if (beside := recipient_and_signature(line)[1])]
    assert read_signature(signature)[:2] == ("Lê Thị Mai", "PHÓ CHỦ TỊCH")
    assert _corrected_phrases("THÀNH PHO HẢI PHÒNG") == "THÀNH PHO HẢI PHÒNG"  # "PHO" alone may be "PHỐ"


def test_a_heading_between_appendix_tables_groups_the_rows_under_it() -> None:
    plan = parse(FIXTURES / "s41_appendix_tables_per_group.md")
    groups = {row.task.split()[0]: row.group for row in plan.tasks}
    assert groups["Nâng"] == groups["Xây"] == "1. Nhóm nhiệm vụ về hạ tầng du lịch"
    assert groups["Tổ"] == groups["Quảng"] == "2. Nhóm nhiệm vụ về quảng bá, xúc tiến"
    assert any(c.text == "2. Nhóm nhiệm vụ về quảng bá, xúc tiến" for c in plan.clauses)  # and text of the plan
    # a note under the last table is text of the plan too, not left unplaced
    assert any(c.text == "Ghi chú: Kinh phí các nhiệm vụ do ngân sách tỉnh bảo đảm." for c in plan.clauses)
    assert plan.unplaced == []


def test_html_cells_listing_one_body_per_line_keep_them_apart(tmp_path: Path) -> None:
    from plan_qa.ingest.readers import read_document

    page = tmp_path / "bang.html"
    page.write_text("<table><tr><td>1</td><td>Sở Công Thương<br>Viễn thông Lào Cai</td>"
                    "<td><p>Rà soát các chợ biên giới</p><p>(trừ chợ tạm)</p></td>"
                    "<td>Đợt 1: tháng 5/2027<br>Đợt 2: tháng 9/2027</td></tr></table>", encoding="utf-8")
    from plan_qa.ingest.cells import CELL_BREAK

    # bodies one per line become a list; a note in parentheses and labelled lines read on as written, each
    # paragraph still parted from the next by the cell break (a space to every reader but the table's)
    text = read_document(page).strip()
    assert text.replace(CELL_BREAK, " ") == ("1\tSở Công Thương; Viễn thông Lào Cai\tRà soát các chợ biên giới (trừ chợ tạm)"
                                             "\tĐợt 1: tháng 5/2027 Đợt 2: tháng 9/2027")
    assert text.split("\t")[3].split(CELL_BREAK) == ["Đợt 1: tháng 5/2027", "Đợt 2: tháng 9/2027"]


def test_kind_word_and_title_on_one_line_under_the_issuer_block() -> None:
    from plan_qa.parsing import parse_text

    text = ("**ỦY BAN NHÂN DÂN TỈNH ĐỒNG THÁP**\n\n**CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM**\nĐộc lập - Tự do - Hạnh phúc\n\n"
            "Số: 77/KH-UBND\n\n*Đồng Tháp, ngày 5 tháng 5 năm 2026*\n\n"
            "# KẾ HOẠCH Phát triển vùng nguyên liệu sen giai đoạn 2026 - 2030\n\n"
            "Căn cứ Luật Trồng trọt ngày 19 tháng 11 năm 2018;\n\n## I. MỤC ĐÍCH\n\nNâng diện tích sen lên 3.000 ha.\n")
    plan = parse_text(text, "dong-thap_77")
    assert plan.metadata.title == "Phát triển vùng nguyên liệu sen giai đoạn 2026 - 2030"
    assert (plan.metadata.province, plan.metadata.number, plan.metadata.issue_date) == ("Đồng Tháp", "77/KH-UBND", "05/5/2026")


def test_a_portal_footer_after_the_plan_is_chrome() -> None:
    from plan_qa.parsing.chrome import drop_chrome

    plan = "KẾ HOẠCH\nI. NHIỆM VỤ\nĐịa chỉ: tiếp nhận hồ sơ tại Sở Y tế.\nLưu: VT.\n"
    footer = ("\nCỔNG THÔNG TIN ĐIỆN TỬ TỈNH KIÊN TRUNG\nCơ quan chủ quản: Ủy ban nhân dân tỉnh Kiên Trung\n"
              "Địa chỉ: Số 1 đường Trần Phú\nĐiện thoại: 0297.000.000 | Email: cong@kientrung.gov.vn\n"
              "Ghi rõ nguồn khi phát hành lại thông tin từ website này.")
    # the footer's lines go; the same words inside the plan stay
    assert drop_chrome(plan + footer) == (plan + "", 5)
