"""Task tables read by their grammar, not their layout: each mechanism proved on realisations written here, none of
them a released plan (invented names, numbers and dates).

- row hierarchy by number depth (1 → 1.1 → 1.1.1, I → 1 → a): a Word table, an HTML table and a pipe table;
- columns recovered from the alignment of words (fixed-width text, tab stops);
- marked-period columns (years; months under a year header; quarters) in Word, HTML and text.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.corpus import parse

FRONT = ["ỦY BAN NHÂN DÂN TỈNH PHÚ YÊN", "Số: 0418/KH-UBND", "Phú Yên, ngày 9 tháng 3 năm 2027", "KẾ HOẠCH",
         "Cải cách hành chính năm 2027", "I. MỤC ĐÍCH, YÊU CẦU",
         "Nâng cao chất lượng phục vụ người dân và doanh nghiệp trên địa bàn tỉnh.",
         "II. TỔ CHỨC THỰC HIỆN", "1. Sở Nội vụ: theo dõi, tổng hợp kết quả thực hiện Kế hoạch.",
         "2. Sở Tài chính: bố trí kinh phí thực hiện Kế hoạch.", "PHỤ LỤC", "DANH MỤC NHIỆM VỤ CẢI CÁCH HÀNH CHÍNH NĂM 2027"]
CLOSING = ["Nơi nhận:", "- Như trên;", "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Lê Văn Bình"]


def _rows(plan) -> dict[str, tuple[list[str], list[str], str | None]]:
    return {row.number: (row.lead, row.coordinators, row.timeline) for row in plan.tasks}


def _write_docx(path: Path, table: list[list[str]]) -> Path:
    from docx import Document

    document = Document()
    for line in FRONT:
        document.add_paragraph(line)
    grid = document.add_table(rows=len(table), cols=len(table[0]))
    grid.style = "Table Grid"
    for r, cells in enumerate(table):
        for c, text in enumerate(cells):
            grid.cell(r, c).text = text
    for line in CLOSING:
        document.add_paragraph(line)
    document.save(str(path))
    return path


def _write_html(path: Path, table: list[list[str]]) -> Path:
    rows = "".join("<tr>" + "".join(f"<td>{cell}</td>" for cell in cells) + "</tr>" for cells in table)
    body = "".join(f"<p>{line}</p>" for line in FRONT) + f"<table>{rows}</table>" + "".join(f"<p>{line}</p>" for line in CLOSING)
    path.write_text(f"<html><body>{body}</body></html>", encoding="utf-8")
    return path


def _write_pipe(path: Path, table: list[list[str]]) -> Path:
    lines = ["| " + " | ".join(table[0]) + " |", "|" + "---|" * len(table[0])]
    lines += ["| " + " | ".join(cells) + " |" for cells in table[1:]]
    path.write_text("\n\n".join(FRONT) + "\n\n" + "\n".join(lines) + "\n\n" + "\n\n".join(CLOSING) + "\n", encoding="utf-8")
    return path


# Three levels, time column before the bodies; a parent naming a lead and a time; a group heading naming neither.
HIERARCHY = [
    ["STT", "Nội dung công việc", "Thời hạn", "Đơn vị chủ trì", "Đơn vị phối hợp"],
    ["1", "Đơn giản hóa thủ tục hành chính", "Năm 2027", "Sở Tư pháp", ""],
    ["1.1", "Rà soát thủ tục hành chính lĩnh vực đất đai", "Quý I/2027", "", "Sở Nông nghiệp và Môi trường"],
    ["1.2", "Công bố danh mục thủ tục được cắt giảm", "", "Sở Khoa học và Công nghệ", "Sở Tư pháp"],
    ["1.2.1", "Cắt giảm thủ tục cấp phép xây dựng", "Quý II/2027", "", "Sở Xây dựng"],
    ["2", "Nâng cao chất lượng phục vụ", "", "", ""],
    ["2.1", "Khảo sát mức độ hài lòng của người dân", "Quý III/2027", "Sở Nội vụ", ""],
    ["a", "Khảo sát tại Trung tâm Phục vụ hành chính công tỉnh", "", "", "Công an tỉnh"],
    ["b", "Khảo sát tại bộ phận một cửa cấp xã", "Quý IV/2027", "Ủy ban nhân dân các xã", "Sở Nội vụ"],
]
HIERARCHY_READ = {
    "1": (["Sở Tư pháp"], [], "Năm 2027"),
    "1.1": (["Sở Tư pháp"], ["Sở Nông nghiệp và Môi trường"], "Quý I/2027"),
    "1.2": (["Sở Khoa học và Công nghệ"], ["Sở Tư pháp"], "Năm 2027"),
    "1.2.1": (["Sở Khoa học và Công nghệ"], ["Sở Xây dựng"], "Quý II/2027"),
    "2.1": (["Sở Nội vụ"], [], "Quý III/2027"),
    "a": (["Sở Nội vụ"], ["Công an tỉnh"], "Quý III/2027"),
    "b": (["Ủy ban nhân dân các xã"], ["Sở Nội vụ"], "Quý IV/2027"),
}


@pytest.mark.parametrize("writer, suffix", [(_write_docx, ".docx"), (_write_html, ".html"), (_write_pipe, ".md")])
def test_rows_nest_by_number_depth_in_any_table_source(tmp_path: Path, writer, suffix: str) -> None:
    plan = parse(writer(tmp_path / f"hierarchy{suffix}", HIERARCHY))
    assert _rows(plan) == HIERARCHY_READ
    groups = {row.number: row.group for row in plan.tasks}
    assert groups["1.2.1"] == "1.2. Công bố danh mục thủ tục được cắt giảm"
    assert groups["2.1"] == "2. Nâng cao chất lượng phục vụ"  # the heading naming no body titles its rows


# Roman groups over numbered parents over lettered children "a)", coordinators never inherited.
ROMAN_LETTERS = [
    ["TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian hoàn thành"],
    ["I", "Hạ tầng số", "", "", ""],
    ["1", "Phủ sóng di động vùng lõm", "Sở Khoa học và Công nghệ", "Ủy ban nhân dân các xã", "Năm 2027"],
    ["a)", "Lắp trạm phát sóng tại xã vùng cao", "", "", "Quý II/2027"],
    ["b)", "Kéo cáp quang đến thôn bản", "Công an tỉnh", "", ""],
    ["II", "Dữ liệu số", "", "", ""],
    ["1", "Xây dựng kho dữ liệu dùng chung", "Sở Tài chính", "Sở Nội vụ", "Quý IV/2027"],
]


@pytest.mark.parametrize("writer, suffix", [(_write_docx, ".docx"), (_write_html, ".html")])
def test_lettered_rows_under_numbered_rows_under_roman_groups(tmp_path: Path, writer, suffix: str) -> None:
    plan = parse(writer(tmp_path / f"roman{suffix}", ROMAN_LETTERS))
    assert [(row.number, row.lead, row.coordinators, row.timeline) for row in plan.tasks] == [
        ("1", ["Sở Khoa học và Công nghệ"], ["Ủy ban nhân dân các xã"], "Năm 2027"),
        ("a", ["Sở Khoa học và Công nghệ"], [], "Quý II/2027"),
        ("b", ["Công an tỉnh"], [], "Năm 2027"),
        ("1", ["Sở Tài chính"], ["Sở Nội vụ"], "Quý IV/2027"),
    ]
    assert plan.tasks[1].group == "1. Phủ sóng di động vùng lõm"


# A fixed-width table of its own: time column before the bodies, two-line header cells, other widths, in the body
# of the plan (not an appendix), a row broken by a page break with its running header and page number.
FIXED_WIDTH = """ỦY BAN NHÂN DÂN TỈNH KON TUM
Số: 0277/KH-UBND                                Kon Tum, ngày 4 tháng 2 năm 2027

                              KẾ HOẠCH
                 Phòng chống thiên tai năm 2027

I. MỤC TIÊU
    Giảm thiểu thiệt hại do thiên tai gây ra trên địa bàn tỉnh.
II. NHIỆM VỤ
    Các nhiệm vụ cụ thể như sau:

STT  Nội dung                      Thời gian      Cơ quan         Cơ quan
                                   hoàn thành     chủ trì         phối hợp
1    Kiện toàn Ban Chỉ huy phòng   Tháng 3/2027   Sở Nông nghiệp  Bộ Chỉ huy
     chống thiên tai các cấp                      và Môi trường   Quân sự tỉnh
2    Diễn tập ứng phó lũ quét      Quý II/2027    Bộ Chỉ huy      Công an tỉnh;
     tại các xã vùng núi                          Quân sự tỉnh    Sở Y tế
3    Nạo vét kênh mương thoát lũ   Năm 2027       Ủy ban nhân     Sở Tài chính

                                       2

Kế hoạch phòng chống thiên tai năm 2027 - UBND tỉnh Kon Tum

     trước mùa mưa bão                            dân các xã
4    Cảnh báo sớm qua tin nhắn     Thường xuyên   Sở Khoa học và
                                                  Công nghệ

III. TỔ CHỨC THỰC HIỆN
    1. Sở Tài chính: bố trí kinh phí thực hiện Kế hoạch.
Nơi nhận:                                        TM. ỦY BAN NHÂN DÂN
- Như trên;                                      CHỦ TỊCH
                                                 Lê Quang Hưng

                                       3

Kế hoạch phòng chống thiên tai năm 2027 - UBND tỉnh Kon Tum
"""
FIXED_WIDTH_READ = [
    ("1", ["Sở Nông nghiệp và Môi trường"], ["Bộ Chỉ huy Quân sự tỉnh"], "Tháng 3/2027"),
    ("2", ["Bộ Chỉ huy Quân sự tỉnh"], ["Công an tỉnh", "Sở Y tế"], "Quý II/2027"),
    ("3", ["Ủy ban nhân dân các xã"], ["Sở Tài chính"], "Năm 2027"),
    ("4", ["Sở Khoa học và Công nghệ"], [], "Thường xuyên"),
]


def test_fixed_width_table_other_order_two_line_header_over_a_page_break(tmp_path: Path) -> None:
    path = tmp_path / "kon-tum.txt"
    path.write_text(FIXED_WIDTH, encoding="utf-8")
    plan = parse(path)
    assert [(row.number, row.lead, row.coordinators, row.timeline) for row in plan.tasks] == FIXED_WIDTH_READ
    assert plan.tasks[2].task == "Nạo vét kênh mương thoát lũ trước mùa mưa bão"
    assert plan.placed_share >= 0.99


# Columns laid out with tab stops (several tabs pad a short cell), cells wrapping onto continuation lines.
TAB_STOPS = "\n".join([
    "ỦY BAN NHÂN DÂN TỈNH BẠC LIÊU", "Số: 091/KH-UBND", "Bạc Liêu, ngày 8 tháng 4 năm 2027", "KẾ HOẠCH",
    "Phát triển du lịch cộng đồng năm 2027", "I. MỤC TIÊU", "Thu hút 50.000 lượt khách.", "II. NHIỆM VỤ",
    "TT\tNhiệm vụ\t\t\tĐơn vị chủ trì\t\tĐơn vị phối hợp\t\tTiến độ",
    "1\tXây dựng sản phẩm du lịch\tSở Văn hóa, Thể\t\tỦy ban nhân dân\t\tQuý II/2027",
    "\tcộng đồng ven biển\t\tthao và Du lịch\t\tcác xã ven biển",
    "2\tĐào tạo kỹ năng cho hộ\t\tSở Nội vụ\t\tHội Nông dân tỉnh\tNăm 2027",
    "\tlàm du lịch",
    "III. TỔ CHỨC THỰC HIỆN", "1. Sở Tài chính: bố trí kinh phí.", "Nơi nhận:", "- Như trên;",
    "TM. ỦY BAN NHÂN DÂN", "CHỦ TỊCH", "Võ Văn Dũng", ""])


def test_tab_stop_table_read_by_where_its_words_stand(tmp_path: Path) -> None:
    path = tmp_path / "bac-lieu.txt"
    path.write_text(TAB_STOPS, encoding="utf-8")
    plan = parse(path)
    assert [(row.number, row.lead, row.coordinators, row.timeline) for row in plan.tasks] == [
        ("1", ["Sở Văn hóa, Thể thao và Du lịch"], ["Ủy ban nhân dân các xã ven biển"], "Quý II/2027"),
        ("2", ["Sở Nội vụ"], ["Hội Nông dân tỉnh"], "Năm 2027"),
    ]
    assert plan.tasks[0].task == "Xây dựng sản phẩm du lịch cộng đồng ven biển"
    assert any(c.kind == "section" and "TỔ CHỨC THỰC HIỆN" in c.text for c in plan.clauses)  # not a table row


FONT = Path("/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
PDF_ROWS = [(str(n), f"Kiểm tra an toàn đập, hồ chứa thủy lợi số {n} trước mùa mưa lũ và báo cáo kết quả",
             lead, coordinators, time) for n, (lead, coordinators, time) in enumerate([
                 ("Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân các xã", "Quý II/2027"),
                 ("Công an tỉnh", "Sở Xây dựng", "Tháng 5/2027"),
                 ("Sở Xây dựng", "Sở Tài chính", "Năm 2027"),
             ] * 9, start=1)]


def _unruled_pdf(path: Path) -> Path:
    """A PDF whose task table has no ruling lines and runs over two pages, header not repeated, a running
    header and a page number on every page."""
    fpdf = pytest.importorskip("fpdf")
    if not FONT.exists():
        pytest.skip("DejaVuSans.ttf is not installed")

    class Plan(fpdf.FPDF):
        def header(self) -> None:
            self.set_font("DejaVu", size=8)
            self.cell(0, 5, "Kế hoạch số 0519/KH-UBND ngày 3/5/2027 của UBND tỉnh Hậu Giang", align="C",
                      new_x="LMARGIN", new_y="NEXT")

        def footer(self) -> None:
            self.set_y(-12)
            self.set_font("DejaVu", size=8)
            self.cell(0, 5, str(self.page_no()), align="C")

    pdf = Plan(format="A4")
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.add_page()
    pdf.set_font("DejaVu", size=10)
    for line in ["ỦY BAN NHÂN DÂN TỈNH HẬU GIANG", "Số: 0519/KH-UBND", "Hậu Giang, ngày 3 tháng 5 năm 2027", "KẾ HOẠCH",
                 "Bảo đảm an toàn hồ đập năm 2027", "I. MỤC TIÊU", "Bảo đảm an toàn các hồ chứa trên địa bàn tỉnh.",
                 "PHỤ LỤC", "DANH MỤC NHIỆM VỤ"]:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    with pdf.table(borders_layout="NONE", col_widths=(8, 70, 40, 40, 24), line_height=5, repeat_headings=0,
                   headings_style=fpdf.fonts.FontFace(emphasis=None), padding=1) as table:
        for values in [("TT", "Nhiệm vụ", "Cơ quan chủ trì", "Cơ quan phối hợp", "Thời gian"), *PDF_ROWS]:
            row = table.row()
            for value in values:
                row.cell(value)
    pdf.multi_cell(0, 6, "Nơi nhận: - Như trên;", new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))
    return path


def test_unruled_pdf_table_read_whole_across_a_page_break(tmp_path: Path) -> None:
    from plan_qa.ingest.readers import read_document

    path = _unruled_pdf(tmp_path / "hau-giang.pdf")
    assert "Kế hoạch số 0519/KH-UBND ngày 3/5/2027 của UBND tỉnh Hậu Giang" in read_document(path)
    plan = parse(path)
    assert [(row.number, row.lead, row.coordinators, row.timeline) for row in plan.tasks] == [
        (number, [lead], [coordinators], time) for number, _, lead, coordinators, time in PDF_ROWS]
    assert all(row.task.endswith("trước mùa mưa lũ và báo cáo kết quả") for row in plan.tasks)


# Marked-period columns: the periods a row marks "x" are its timeline, whatever the periods and the source.
YEAR_MARKS = [
    ["TT", "Nội dung", "Đơn vị chủ trì", "Đơn vị phối hợp", "Thời gian thực hiện", "", ""],
    ["", "", "", "", "2026", "2027", "2028"],
    ["1", "Xây dựng cơ sở dữ liệu giá đất", "Sở Nông nghiệp và Môi trường", "Sở Tài chính", "x", "x", ""],
    ["2", "Chỉnh lý hồ sơ địa chính cấp xã", "Ủy ban nhân dân các xã", "", "", "x", "x"],
]


@pytest.mark.parametrize("writer, suffix", [(_write_docx, ".docx"), (_write_html, ".html")])
def test_year_columns_marked_x_under_a_time_header(tmp_path: Path, writer, suffix: str) -> None:
    plan = parse(writer(tmp_path / f"years{suffix}", YEAR_MARKS))
    assert [(row.number, row.lead, row.coordinators, row.timeline) for row in plan.tasks] == [
        ("1", ["Sở Nông nghiệp và Môi trường"], ["Sở Tài chính"], "2026, 2027"),
        ("2", ["Ủy ban nhân dân các xã"], [], "2027, 2028"),
    ]


MONTH_MARKS = [
    ["STT", "Hoạt động", "Cơ quan chủ trì", "Năm 2027", "", "", ""],
    ["", "", "", "Tháng 3", "Tháng 6", "Tháng 9", "Tháng 12"],
    ["1", "Tiêm vắc xin phòng dại cho đàn chó", "Chi cục Chăn nuôi và Thú y", "x", "", "x", ""],
    ["2", "Kiểm tra vận chuyển động vật", "Công an tỉnh", "", "", "", "✓"],
]


@pytest.mark.parametrize("writer, suffix", [(_write_docx, ".docx"), (_write_html, ".html")])
def test_month_columns_under_a_year_header(tmp_path: Path, writer, suffix: str) -> None:
    plan = parse(writer(tmp_path / f"months{suffix}", MONTH_MARKS))
    assert [(row.number, row.lead, row.timeline) for row in plan.tasks] == [
        ("1", ["Chi cục Chăn nuôi và Thú y"], "Tháng 3, Tháng 9/2027"),
        ("2", ["Công an tỉnh"], "Tháng 12/2027"),
    ]


# Quarter columns in a fixed-width text table: the alignment reader and the marked periods together.
QUARTER_TEXT = """ỦY BAN NHÂN DÂN TỈNH NINH THUẬN
Số: 0602/KH-UBND                               Ninh Thuận, ngày 2 tháng 12 năm 2026

                               KẾ HOẠCH
                    Phòng chống hạn hán năm 2027

I. MỤC TIÊU
    Bảo đảm nước sinh hoạt cho Nhân dân trong mùa khô.
II. NHIỆM VỤ

TT   Nhiệm vụ                       Chủ trì             Quý I   Quý II   Quý III   Quý IV
1    Nạo vét hồ chứa nước           Sở Nông nghiệp      x       x
     Sông Sắt                       và Môi trường
2    Cấp nước sinh hoạt bằng xe     Ủy ban nhân dân              x        x
     bồn cho thôn thiếu nước        các xã
3    Tổng kết công tác phòng hạn    Sở Nông nghiệp                                 x
                                    và Môi trường

III. TỔ CHỨC THỰC HIỆN
    1. Sở Tài chính: bố trí kinh phí thực hiện Kế hoạch.
Nơi nhận:                                       TM. ỦY BAN NHÂN DÂN
- Như trên;                                     CHỦ TỊCH
                                                Trần Quốc Nam
"""


def test_quarter_marks_in_a_fixed_width_table(tmp_path: Path) -> None:
    path = tmp_path / "ninh-thuan.txt"
    path.write_text(QUARTER_TEXT, encoding="utf-8")
    plan = parse(path)
    assert [(row.number, row.lead, row.timeline) for row in plan.tasks] == [
        ("1", ["Sở Nông nghiệp và Môi trường"], "Quý I, Quý II"),
        ("2", ["Ủy ban nhân dân các xã"], "Quý II, Quý III"),
        ("3", ["Sở Nông nghiệp và Môi trường"], "Quý IV"),
    ]


# A table drawn in box-drawing characters (a text export): the same grid as "+---+" / "|" rules, here with a
# double-line frame, the time column before the bodies, a group row across the table and cells wrapping inside
# their column between the rules.
BOX_DRAWN = """ỦY BAN NHÂN DÂN TỈNH ĐẮK NÔNG
Số: 077/KH-UBND
Đắk Nông, ngày 3 tháng 3 năm 2027
KẾ HOẠCH
Phòng chống cháy rừng mùa khô năm 2027
I. MỤC TIÊU
Không để xảy ra cháy rừng lớn.
II. NHIỆM VỤ
╔════╦═══════════════════════════╦══════════════╦════════════════╦═══════════════╗
║ TT ║ Nội dung                  ║ Thời hạn     ║ Cơ quan chủ trì║ Cơ quan phối  ║
║    ║                           ║              ║                ║ hợp           ║
╠════╬═══════════════════════════╩══════════════╩════════════════╩═══════════════╣
║ A  ║ Phòng ngừa                                                                ║
╠════╬═══════════════════════════╦══════════════╦════════════════╦═══════════════╣
║ 1  ║ Tuần tra các khu rừng có  ║ Tháng 3/2027 ║ Chi cục Kiểm   ║ Công an tỉnh  ║
║    ║ nguy cơ cháy cao          ║              ║ lâm            ║               ║
╠════╬═══════════════════════════╬══════════════╬════════════════╬═══════════════╣
║ 2  ║ Diễn tập chữa cháy rừng   ║ Quý II/2027  ║ Bộ Chỉ huy Quân║               ║
║    ║ cấp tỉnh                  ║              ║ sự tỉnh        ║               ║
╚════╩═══════════════════════════╩══════════════╩════════════════╩═══════════════╝
III. TỔ CHỨC THỰC HIỆN
1. Sở Tài chính: bố trí kinh phí thực hiện Kế hoạch.
"""


def test_box_drawn_table_read_as_the_grid_it_draws(tmp_path: Path) -> None:
    path = tmp_path / "dak-nong.txt"
    path.write_text(BOX_DRAWN, encoding="utf-8")
    plan = parse(path)
    assert [(row.number, row.lead, row.coordinators, row.timeline) for row in plan.tasks] == [
        ("1", ["Chi cục Kiểm lâm"], ["Công an tỉnh"], "Tháng 3/2027"),
        ("2", ["Bộ Chỉ huy Quân sự tỉnh"], [], "Quý II/2027"),
    ]
    assert plan.tasks[0].task == "Tuần tra các khu rừng có nguy cơ cháy cao"
