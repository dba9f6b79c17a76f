"""Two table grammars of session 13, each on the released plan that showed it and on realisations written apart.

1. A task cell that names an outline item by its code or a short reference ("NV3", "1.2", "Nhiệm vụ số 2") takes the
   item's text (`plan_qa.parsing.task_codes`): n3_da-nang of blind set s12 (a transposed ●/○ matrix, columns
   "NV1" … "NV12" naming the "NV1." paragraphs of section III); s62 (a Word row-per-task table, "Mã nhiệm vụ"
   codes "1.2" naming lettered points by position); s63 (an HTML matrix, one row per "Nhiệm vụ số N", CT/PH marks
   and a time column).
2. A cell holding several tasks as paragraphs becomes one row per task (`plan_qa.parsing.cell_items`): m1_quang-tri
   of blind set s12 (Word, one row per body, dashes, deadlines one paragraph per task); s64 (Markdown, "<br>",
   "a)" marks, the body column after the tasks); s65 (HTML "<p>", "+" marks, one deadline for all the body's tasks,
   no TT column).

The fixtures s62–s65 were written after the mechanisms, for this check, and are read with no code of their own.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plan_qa.corpus import parse
from plan_qa.evaluation.structure import _agency_set, fold, score_plan
from plan_qa.ingest.cells import CELL_BREAK
from plan_qa.parsing.task_codes import is_code

ROOT = Path(__file__).resolve().parent.parent
FIXTURES = Path(__file__).resolve().parent / "fixtures" / "synthetic"
S12 = ROOT / "eval" / "blind_2026-11-28-s12"


def _task(start: str, lead: list[str], timeline: str | None, coordinators: list[str] | None = None,
          number: str | None = None) -> dict:
    return {"task_start": start, "lead": lead, "timeline": timeline, "coordinators": coordinators or [], "number": number}


GOLD = {
    "s62_word_task_codes_table.docx": [
        _task("Rà soát, lập danh mục 120 km đường trục xã", ["Sở Xây dựng"], "Quý I/2027", ["Ủy ban nhân dân các xã"], "1.1"),
        _task("Cứng hóa 45 km đường giao thông nội đồng", ["Ủy ban nhân dân các xã"], "Quý III/2027",
              ["Sở Nông nghiệp và Môi trường"], "1.2"),
        _task("Lắp đặt hệ thống chiếu sáng công cộng", ["Ủy ban nhân dân các xã"], "Quý IV/2027", ["Công ty Điện lực tỉnh"], "1.3"),
        _task("Ban hành quy chế quản lý, bảo trì đường giao thông", ["Sở Xây dựng"], "Tháng 6/2027", ["Sở Tư pháp"], "2.1"),
        _task("Tổ chức tuyên truyền an toàn giao thông", ["Công an tỉnh"], "Năm 2027",
              ["Đoàn Thanh niên Cộng sản Hồ Chí Minh tỉnh"], "2.2"),
    ],
    "s63_matrix_rows_by_task_number.html": [
        _task("Tiêm phòng cho đàn chó, mèo: Tổ chức hai đợt tiêm phòng", ["Sở Nông nghiệp và Môi trường"],
              "Tháng 3 và tháng 9/2027", ["Ủy ban nhân dân các xã, phường"], "Nhiệm vụ số 1"),
        _task("Giám sát và xử lý ổ dịch", ["Sở Nông nghiệp và Môi trường"], "Thường xuyên",
              ["Sở Y tế", "Ủy ban nhân dân các xã, phường"], "Nhiệm vụ số 2"),
        _task("Điều trị dự phòng cho người bị phơi nhiễm", ["Sở Y tế"], "Năm 2027", [], "Nhiệm vụ số 3"),
        _task("Truyền thông thay đổi hành vi", ["Sở Văn hóa, Thể thao và Du lịch"], "Quý II/2027",
              ["Sở Nông nghiệp và Môi trường", "Sở Y tế", "Công an tỉnh"], "Nhiệm vụ số 4"),
    ],
    "s64_markdown_tasks_per_cell_br.md": [
        _task("Khảo sát, lựa chọn 08 thôn, bản", ["Sở Văn hóa, Thể thao và Du lịch"], "Quý I/2027",
              ["Ủy ban nhân dân các xã"]),
        _task("Xây dựng bộ tiêu chí chấm điểm homestay", ["Sở Văn hóa, Thể thao và Du lịch"], "Tháng 5/2027"),
        _task("Tổ chức Ngày hội văn hóa các dân tộc", ["Sở Văn hóa, Thể thao và Du lịch"], "Tháng 10/2027",
              ["Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch"]),
        _task("Hỗ trợ 200 hộ gia đình cải tạo nhà sàn", ["Ủy ban nhân dân các xã"], "Năm 2027"),
        _task("Mở 06 lớp dạy nghề nấu ăn", ["Ủy ban nhân dân các xã"], "Quý III/2027", ["Trường Cao đẳng Kỹ thuật tỉnh"]),
        _task("Cho vay ưu đãi hộ kinh doanh du lịch cộng đồng", ["Ngân hàng Chính sách xã hội chi nhánh tỉnh"], "Thường xuyên"),
    ],
    "s65_html_tasks_as_paragraphs_one_deadline.html": [
        _task("Khảo sát, đánh giá hiện trạng rạn san hô", ["Sở Nông nghiệp và Môi trường"], "Năm 2027"),
        _task("Trồng phục hồi 15 ha san hô", ["Sở Nông nghiệp và Môi trường"], "Năm 2027", ["Viện Hải dương học"]),
        _task("Cắm mốc ranh giới vùng bảo vệ nghiêm ngặt", ["Sở Nông nghiệp và Môi trường"], "Năm 2027"),
        _task("Tuần tra, kiểm soát, xử lý hành vi khai thác san hô", ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"], "Thường xuyên"),
        _task("Tuyên truyền ngư dân không sử dụng chất nổ", ["Bộ Chỉ huy Bộ đội Biên phòng tỉnh"], "Thường xuyên",
              ["Ủy ban nhân dân các xã ven biển"]),
        _task("Hướng dẫn các doanh nghiệp lặn biển", ["Sở Văn hóa, Thể thao và Du lịch"], "Quý II/2027"),
    ],
}


@pytest.fixture(scope="module", params=sorted(GOLD))
def fixture_plan(request):
    return request.param, parse(FIXTURES / request.param)


def test_every_task_found_once_with_its_lead_time_coordinators_and_code(fixture_plan) -> None:
    name, plan = fixture_plan
    gold = {"file": name, "tasks": GOLD[name]}
    score = score_plan(gold, plan)
    assert (score.found, score.missed_tasks) == (len(GOLD[name]), []), name
    assert score.lead_right == score.timeline_right == score.found, name
    assert len(plan.tasks) == len(GOLD[name]), (name, [t.task[:40] for t in plan.tasks])  # no phantom rows
    for task in GOLD[name]:
        parsed = next(t for t in plan.tasks if fold(t.task).startswith(fold(task["task_start"])))
        assert _agency_set(parsed.coordinators) == _agency_set(task["coordinators"]), (name, task["task_start"])
        if task["number"]:
            assert parsed.number == task["number"], (name, task["task_start"])
    assert plan.placed_share >= 0.98, name


def test_a_coded_row_cites_the_outline_item_it_takes_its_text_from() -> None:
    plan = parse(FIXTURES / "s62_word_task_codes_table.docx")
    row = next(t for t in plan.tasks if t.number == "1.2")
    assert row.extra["nội dung tại"] == "II.1.b"  # "1.2": group 1, its second lettered point
    clause = next(c for c in plan.clauses if c.id == row.clause_id)
    assert clause.text.startswith("Cứng hóa 45 km") and row.locator == "Phụ lục, dòng 1.2"


def test_codes_and_short_references_are_told_from_task_text() -> None:
    for cell in ("NV3", "NV 03", "1.2", "II.3", "2.1.a", "Nhiệm vụ số 5", "mục 2.3", "Nhiệm vụ 3", "điểm a khoản 1 Mục II"):
        assert is_code(cell), cell
    for cell in ("Quý II/2026", "2026", "Sở Y tế", "Xây dựng kế hoạch năm 2026", "Thường xuyên", ""):
        assert not is_code(cell), cell


def _released_gold(name: str) -> dict:
    return json.loads((S12 / "structure" / f"{name}.json").read_text(encoding="utf-8"))


def test_released_n3_matrix_of_task_codes_reads_every_task_of_the_outline() -> None:
    gold = _released_gold("n3_da-nang")
    plan = parse(S12 / "plans" / gold["file"])
    score = score_plan(gold, plan)
    assert (score.found, score.lead_right, score.timeline_right) == (12, 12, 12)
    by_code = {t.number: t for t in plan.tasks}
    assert sorted(by_code, key=lambda c: int(c[2:])) == [f"NV{i}" for i in range(1, 13)]
    assert by_code["NV3"].task.startswith("Cung cấp dịch vụ công trực tuyến toàn trình")
    assert by_code["NV1"].timeline == "hoàn thành trước ngày 31/5/2026"
    assert by_code["NV2"].timeline == "hoàn thành trong quý II/2026"  # the dating part of "công bố …, hoàn thành …"
    assert by_code["NV7"].timeline == "ban hành trước ngày 31/12/2025"  # a closing part: the time with its verb
    assert by_code["NV6"].timeline is None
    # the page's title "… – UBND TP Đà Nẵng" is no header in capitals: the province comes whole from the one below it
    assert (plan.metadata.province, plan.metadata.issuer) == ("Đà Nẵng", "UBND thành phố Đà Nẵng")


def test_released_m1_row_per_body_reads_each_paragraph_as_a_task_with_its_deadline() -> None:
    gold = _released_gold("m1_quang-tri")
    plan = parse(S12 / "plans" / gold["file"])
    score = score_plan(gold, plan)
    assert (score.found, score.lead_right, score.timeline_right) == (23, 23, 23)
    assert len(plan.tasks) == 23
    report = next(t for t in plan.tasks if t.task.startswith("Phản ánh kịp thời tình hình dịch"))
    assert _agency_set(report.coordinators) == _agency_set(["Sở Y tế", "Sở Nông nghiệp và Môi trường"])
    # "Phối hợp với ngành y tế xử lý ổ dịch …" names no body the agency reader knows: no fragment as coordinators
    assert not any("xử lý" in t.coordinators_text for t in plan.tasks)


def test_a_cell_whose_paragraphs_are_one_task_stays_one_row(tmp_path: Path) -> None:
    """A title with its points under it, a sentence going on in parentheses, bodies one per paragraph: no rows of
    their own."""
    page = tmp_path / "bang.md"
    page.write_text(
        "KẾ HOẠCH\n\nThử nghiệm\n\nI. NHIỆM VỤ\n\nPHỤ LỤC\n\n"
        "| TT | Nhiệm vụ | Cơ quan chủ trì | Cơ quan phối hợp | Thời gian |\n|---|---|---|---|---|\n"
        "| 1 | Xây dựng cơ sở dữ liệu đất đai:<br>- số hóa hồ sơ địa chính các xã<br>- kết nối với cơ sở dữ liệu quốc gia"
        " | Sở Nông nghiệp và Môi trường | Sở Khoa học và Công nghệ<br>Ủy ban nhân dân các xã | Năm 2027 |\n"
        "| 2 | Tổ chức chiến dịch truyền thông về sử dụng nước sạch<br>(phát sóng 24 kỳ trên sóng phát thanh) | Sở Y tế"
        " | Báo và Phát thanh, Truyền hình tỉnh | Quý II/2027<br>Quý IV/2027 |\n", encoding="utf-8")
    plan = parse(page)
    assert [t.number for t in plan.tasks] == ["1", "2"]
    assert plan.tasks[0].task.endswith("kết nối với cơ sở dữ liệu quốc gia") and CELL_BREAK not in plan.tasks[0].task
    assert _agency_set(plan.tasks[0].coordinators) == _agency_set(["Sở Khoa học và Công nghệ", "Ủy ban nhân dân các xã"])
    assert all(CELL_BREAK not in c.text for c in plan.clauses)


def test_an_address_with_no_section_is_read_in_the_section_of_tasks(tmp_path: Path) -> None:
    """Section I numbers its aims "1.", "2.", "3." as well: "mục 2" and "Nhiệm vụ 1" name the tasks of section II."""
    page = tmp_path / "ma.md"
    page.write_text(
        "KẾ HOẠCH\n\nThử nghiệm mã nhiệm vụ\n\nI. MỤC ĐÍCH, YÊU CẦU\n\n1. Nâng cao nhận thức của người dân.\n\n"
        "2. Bảo đảm nguồn lực thực hiện.\n\n3. Gắn trách nhiệm người đứng đầu.\n\nII. NHIỆM VỤ, GIẢI PHÁP\n\n"
        "1. Điều tra, đánh giá hiện trạng nguồn nước các xã vùng cao.\n\n2. Xây dựng 12 công trình cấp nước tập trung.\n\n"
        "3. Tuyên truyền sử dụng nước tiết kiệm.\n\nPHỤ LỤC\n\n"
        "| TT | Nhiệm vụ | Cơ quan chủ trì | Thời gian |\n|---|---|---|---|\n"
        "| 1 | Nhiệm vụ 1 | Sở Nông nghiệp và Môi trường | Quý I/2027 |\n"
        "| 2 | mục 2 | Sở Xây dựng | Năm 2027 |\n| 3 | II.3 | Sở Văn hóa, Thể thao và Du lịch | Quý II/2027 |\n",
        encoding="utf-8")
    plan = parse(page)
    assert [t.task[:20] for t in plan.tasks] == ["Điều tra, đánh giá h", "Xây dựng 12 công trì", "Tuyên truyền sử dụng"]
    assert [t.extra["nội dung tại"] for t in plan.tasks] == ["II.1", "II.2", "II.3"]


def _pdf_per_body_table(path: Path) -> None:
    """A PDF (fpdf2, ruled table) whose task cells list a body's tasks as "- " lines and whose deadline cells hold one
    time per task, as lines: to the PDF reader a cell is lines, paragraphs and wraps alike."""
    from fpdf import FPDF
    from fpdf.fonts import FontFace

    pdf = FPDF(format="A4")
    pdf.add_page()
    pdf.add_font("DejaVu", fname="/usr/share/fonts/truetype/dejavu/DejaVuSans.ttf")
    pdf.set_font("DejaVu", size=10)

    def lines(texts: list[str]) -> None:
        for text in texts:
            pdf.multi_cell(0, 6, text, new_x="LMARGIN", new_y="NEXT")

    lines(["ỦY BAN NHÂN DÂN TỈNH BẮC KẠN", "Số: 0418/KH-UBND", "Bắc Kạn, ngày 3 tháng 11 năm 2026", "KẾ HOẠCH",
           "Phòng cháy, chữa cháy rừng mùa khô 2026-2027", "I. MỤC TIÊU", "Không để xảy ra cháy rừng lớn trên địa bàn tỉnh.",
           "II. NHIỆM VỤ", "Nhiệm vụ của các cơ quan, đơn vị như sau:"])
    rows = [("STT", "Cơ quan, đơn vị", "Nhiệm vụ cụ thể", "Thời hạn"),
            ("1", "Chi cục Kiểm lâm", "- Xây dựng phương án chữa cháy rừng cho 12 xã trọng điểm cháy của tỉnh.\n"
             "- Tổ chức diễn tập chữa cháy rừng cấp tỉnh, phối hợp với Công an tỉnh.", "Tháng 11/2026\nTháng 01/2027"),
            ("2", "Ủy ban nhân dân các xã", "- Thành lập tổ đội quần chúng bảo vệ rừng tại các thôn.\n"
             "- Trực cháy 24/24 giờ trong những ngày nắng nóng cao điểm.", "Tháng 12/2026\nThường xuyên")]
    with pdf.table(col_widths=(10, 40, 100, 30), line_height=5, headings_style=FontFace(emphasis=None)) as table:
        for values in rows:
            row = table.row()
            for value in values:
                row.cell(value)
    lines(["III. TỔ CHỨC THỰC HIỆN", "1. Chi cục Kiểm lâm theo dõi, tổng hợp, báo cáo Ủy ban nhân dân tỉnh.",
           "KT. CHỦ TỊCH", "PHÓ CHỦ TỊCH", "Nông Quang Nhất"])
    pdf.output(str(path))


GRID = """KẾ HOẠCH

Phòng, chống bệnh tay chân miệng năm 2027

I. MỤC TIÊU

Giảm 20% số ca mắc so với năm 2026.

II. NHIỆM VỤ

+-----+-----------------+-----------------------------------+---------------+
| STT | Đơn vị thực     | Nhiệm vụ                          | Thời gian     |
|     | hiện            |                                   |               |
+=====+=================+===================================+===============+
| 1   | Sở Y tế         | - Giám sát ca bệnh tại 24 điểm    | Tháng 3/2026  |
|     |                 |   trọng điểm của tỉnh.            |               |
|     |                 |                                   | Quý II/2026   |
|     |                 | - Tập huấn phác đồ điều trị cho   |               |
|     |                 |   100% cơ sở khám bệnh, phối hợp  |               |
|     |                 |   với Sở Tài chính.               |               |
+-----+-----------------+-----------------------------------+---------------+
| 2   | Sở Giáo dục và  | Hướng dẫn trường mầm non vệ sinh  | Năm học       |
|     | Đào tạo         | đồ chơi, lớp học hằng tuần.       | 2026-2027     |
+-----+-----------------+-----------------------------------+---------------+

III. TỔ CHỨC THỰC HIỆN

1. Sở Y tế theo dõi, tổng hợp kết quả thực hiện Kế hoạch.
"""


def test_pdf_and_grid_cells_part_their_tasks_at_list_marks_and_blank_lines(tmp_path: Path) -> None:
    """A PDF cell and a plain-text grid cell are lines: a line opening with a list mark, or a blank line, starts a
    paragraph; a deadline cell whose times ran together is parted into one time per task."""
    pdf = tmp_path / "ke-hoach.pdf"
    _pdf_per_body_table(pdf)
    grid = tmp_path / "ke-hoach.txt"
    grid.write_text(GRID, encoding="utf-8")
    expected = {
        pdf: [("Xây dựng phương án chữa cháy rừng", "Chi cục Kiểm lâm", "Tháng 11/2026", []),
              ("Tổ chức diễn tập chữa cháy rừng", "Chi cục Kiểm lâm", "Tháng 01/2027", ["Công an tỉnh"]),
              ("Thành lập tổ đội quần chúng", "Ủy ban nhân dân các xã", "Tháng 12/2026", []),
              ("Trực cháy 24/24 giờ", "Ủy ban nhân dân các xã", "Thường xuyên", [])],
        grid: [("Giám sát ca bệnh tại 24 điểm trọng điểm của tỉnh.", "Sở Y tế", "Tháng 3/2026", []),
               ("Tập huấn phác đồ điều trị", "Sở Y tế", "Quý II/2026", ["Sở Tài chính"]),
               ("Hướng dẫn trường mầm non", "Sở Giáo dục và Đào tạo", "Năm học 2026-2027", [])],
    }
    for path, rows in expected.items():
        plan = parse(path)
        assert len(plan.tasks) == len(rows), (path.name, [t.task for t in plan.tasks])
        for task, (start, lead, timeline, coordinators) in zip(plan.tasks, rows):
            assert task.task.startswith(start) and task.lead == [lead] and task.timeline == timeline, (path.name, task)
            assert _agency_set(task.coordinators) == _agency_set(coordinators), (path.name, task.task)


def test_a_code_of_task_initials_names_the_numbered_item_when_no_item_carries_it(tmp_path: Path) -> None:
    """"NV2" over a transposed matrix, the outline numbering its tasks "1.", "2." with no "NV" labels: item 2 of the
    section of tasks; capitals that abbreviate no task word ("HK1") name no item."""
    page = tmp_path / "nv.md"
    page.write_text(
        "KẾ HOẠCH\n\nThử nghiệm mã NV\n\nI. MỤC ĐÍCH\n\n1. Nâng cao chất lượng dịch vụ.\n\n2. Bảo đảm an toàn.\n\n"
        "II. NHIỆM VỤ\n\n1. Khảo sát nhu cầu của người dân tại 20 xã.\n\n2. Lắp đặt 50 điểm truy cập Internet công cộng.\n\n"
        "PHỤ LỤC\n\n| Cơ quan | NV1 | NV2 |\n|---|---|---|\n| Sở Khoa học và Công nghệ | C | P |\n"
        "| Ủy ban nhân dân các xã | P | C |\n\nGhi chú: C - chủ trì; P - phối hợp\n", encoding="utf-8")
    plan = parse(page)
    assert [(t.number, t.task[:20], t.lead) for t in plan.tasks] == [
        ("NV1", "Khảo sát nhu cầu của", ["Sở Khoa học và Công nghệ"]),
        ("NV2", "Lắp đặt 50 điểm truy", ["Ủy ban nhân dân các xã"])]
    other = page.read_text(encoding="utf-8").replace("NV1", "HK1").replace("NV2", "HK2")
    page.write_text(other, encoding="utf-8")
    assert [t.task for t in parse(page).tasks] == ["HK1", "HK2"]  # rows of their own: no item of the outline


def test_duty_sentences_name_tasks_by_code_too(tmp_path: Path) -> None:
    """"chủ trì thực hiện NV1 và NV3 …; phối hợp thực hiện NV2" in the duty section: the codes are read as "nhiệm vụ
    1" …, in the section of tasks before the numbered aims of section I."""
    page = tmp_path / "nv.md"
    page.write_text(
        "KẾ HOẠCH\n\nThử nghiệm mã nhiệm vụ trong câu\n\nI. MỤC ĐÍCH\n\n1. Nâng cao chất lượng dịch vụ y tế cơ sở.\n\n"
        "2. Bảo đảm an toàn thực phẩm.\n\nII. NHIỆM VỤ\n\n1. Khảo sát nhu cầu khám chữa bệnh của người dân tại 20 xã.\n\n"
        "2. Nâng cấp 15 trạm y tế xã đạt chuẩn quốc gia.\n\n3. Kiểm tra an toàn thực phẩm tại 300 bếp ăn tập thể.\n\n"
        "III. TỔ CHỨC THỰC HIỆN\n\n1. Sở Y tế: chủ trì thực hiện NV1 và NV3, hoàn thành trong Quý III/2027; phối hợp thực "
        "hiện NV2.\n\n2. Sở Xây dựng: chủ trì thực hiện NV2, phối hợp với Ủy ban nhân dân các xã.\n", encoding="utf-8")
    plan = parse(page)
    rows = {t.locator: t for t in plan.tasks}
    assert sorted(rows) == ["II.1", "II.2", "II.3"]
    assert rows["II.1"].lead == rows["II.3"].lead == ["Sở Y tế"] and rows["II.3"].timeline == "hoàn thành trong Quý III/2027"
    assert rows["II.2"].lead == ["Sở Xây dựng"]
    assert _agency_set(rows["II.2"].coordinators) == _agency_set(["Ủy ban nhân dân các xã", "Sở Y tế"])
