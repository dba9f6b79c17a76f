"""Three grammars the released s12 plans showed, each proven on a realisation written here (fixtures s66–s69).

- A task's time stated by the heading it sits under: phase headings "Giai đoạn 1 (từ tháng … đến …)"
  (s12 m2_lam-dong, a PDF); numbered Word headings with a time label "(Thời gian thực hiện: năm 2026)" and a group line
  under a phase (s66); unnumbered Markdown headings "### Năm 2026" / "### Trong quý IV/2027" (s67).
- Tables drawn without `<table>`: CSS `display: table-row / table-cell` in a style sheet (s12 n1_vinh-long); a
  Bootstrap grid `<div class="row"><div class="col-…">` with another column order (s68); inline styles (below).
- Label words the vocabulary did not hold: "Cơ quan đầu mối", "Hạn hoàn thành" (s12 n2_thai-nguyen, Word); "Đơn vị
  đầu mối", "Đầu mối", "Hạn chót", "Mốc thời gian", "Mốc hoàn thành" (s69, text).
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plan_qa.corpus import parse
from plan_qa.evaluation.structure import _agency_set, fold, score_plan
from plan_qa.ingest.cells import CELL_BREAK
from plan_qa.ingest.html_reader import html_to_text
from plan_qa.parsing.heading_times import heading_time, period_heading

ROOT = Path(__file__).resolve().parents[1]
S12 = ROOT / "eval" / "blind_2026-11-28-s12"
FIXTURES = ROOT / "tests" / "fixtures" / "synthetic"


def _task(start: str, lead: list[str], timeline: str | None, coordinators: list[str] | None = None) -> dict:
    return {"task_start": start, "lead": lead, "timeline": timeline, "coordinators": coordinators or []}


GOLD = {
    "s66_heading_times.docx": {
        "metadata": {"number": "0612/KH-UBND", "issue_date": "5/12/2025", "province": "Thái Bình",
                     "signer": "Nguyễn Quang Hưng"},
        "tasks": [
            _task("Rà soát, cập nhật quy hoạch mạng lưới đường", ["Sở Xây dựng"], "năm 2026", ["Ủy ban nhân dân các xã"]),
            _task("Lập danh mục 45 tuyến đường ưu tiên", ["Sở Xây dựng"], "hoàn thành trước ngày 30/6/2026",
                  ["Sở Tài chính"]),
            _task("Cân đối, bố trí vốn đối ứng", ["Sở Tài chính"], "năm 2026"),
            _task("Cứng hóa 120 km đường trục xã", ["Ủy ban nhân dân các xã"], "từ tháng 7 đến hết tháng 12/2027",
                  ["Sở Xây dựng"]),
            _task("Kiểm tra chất lượng công trình", ["Sở Xây dựng"], "từ tháng 7 đến hết tháng 12/2027"),
            _task("Duy tu định kỳ các tuyến đường", ["Ủy ban nhân dân các xã"], "năm 2028"),
            _task("Vận động Nhân dân hiến đất", ["Ủy ban nhân dân các xã"], "năm 2028",
                  ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]),
            _task("Tổng kết thực hiện Kế hoạch", ["Sở Xây dựng"], "hoàn thành trước ngày 15/11/2028"),
        ],
        "duty_agencies": [{"agency": "Sở Xây dựng"}, {"agency": "Sở Tài chính"}],
    },
    "s67_year_headings.md": {
        "metadata": {"number": "0731/KH-UBND", "issue_date": "14/12/2025", "province": "Đồng Tháp",
                     "signer": "Huỳnh Minh Tuấn"},
        "tasks": [
            _task("Xây dựng kho học liệu số", ["Sở Giáo dục và Đào tạo"], "Năm 2026", ["Sở Khoa học và Công nghệ"]),
            _task("Kéo cáp quang đến 120 điểm trường", ["Viễn thông Đồng Tháp"], "Năm 2026", ["Ủy ban nhân dân các xã"]),
            _task("Ban hành quy chế quản lý hồ sơ", ["Sở Giáo dục và Đào tạo"], "hoàn thành trước ngày 31/3/2026"),
            _task("Trang bị 300 phòng học thông minh", ["Sở Giáo dục và Đào tạo"], "Năm 2027", ["Sở Tài chính"]),
            _task("Bồi dưỡng kỹ năng số cho 6.000 giáo viên", ["Trường Cao đẳng Cộng đồng Đồng Tháp"], "Năm 2027"),
            _task("Tổng kết, đánh giá kết quả", ["Sở Giáo dục và Đào tạo"], "Trong quý IV/2027",
                  ["các sở, ban, ngành"]),
        ],
        "duty_agencies": [{"agency": "Sở Giáo dục và Đào tạo"}, {"agency": "Sở Tài chính"}],
    },
    "s68_html_grid_columns.html": {
        "metadata": {"number": "0845/KH-UBND", "issue_date": "22/12/2026", "province": "An Giang",
                     "signer": "Trần Anh Thư"},
        "tasks": [
            _task("Gia cố 3,5 km kè bờ sông Hậu", ["Sở Xây dựng"], "Quý III/2027",
                  ["Sở Tài chính", "Ủy ban nhân dân phường Long Xuyên"]),
            _task("Lắp đặt 60 biển cảnh báo", ["Ủy ban nhân dân các xã, phường"], "Trước ngày 31/3/2027", ["Công an tỉnh"]),
            _task("Di dời 420 hộ dân", ["Ủy ban nhân dân các xã, phường"], "Năm 2027",
                  ["Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"]),
            _task("Quan trắc, cảnh báo diễn biến sạt lở", ["Sở Nông nghiệp và Môi trường"], "Thường xuyên"),
        ],
        "duty_agencies": [{"agency": "Sở Nông nghiệp và Môi trường"}, {"agency": "Sở Tài chính"}],
    },
    "s69_uncommon_label_words.txt": {
        "metadata": {"number": "0118/KH-UBND", "issue_date": "12/1/2027", "province": "Ninh Bình",
                     "signer": "Phạm Quang Ngọc"},
        "tasks": [
            _task("Khảo sát, lựa chọn 12 thôn, bản", ["Sở Văn hóa, Thể thao và Du lịch"], "30/4/2027",
                  ["Ủy ban nhân dân các xã", "Hội Nông dân tỉnh"]),
            _task("Đào tạo kỹ năng đón tiếp khách", ["Trường Cao đẳng Văn hóa Nghệ thuật tỉnh"], "Quý II - Quý III/2027"),
            _task("Xây dựng bộ nhận diện và quảng bá", ["Trung tâm Thông tin và Xúc tiến du lịch tỉnh"], "tháng 9/2027",
                  ["Sở Khoa học và Công nghệ"]),
            _task("Hỗ trợ vay vốn cải tạo nhà ở", ["Ngân hàng Chính sách xã hội chi nhánh tỉnh Ninh Bình"], "năm 2027"),
        ],
        "duty_agencies": [{"agency": "Sở Văn hóa, Thể thao và Du lịch"}, {"agency": "Sở Tài chính"}],
    },
}


@pytest.fixture(scope="module", params=sorted(GOLD))
def fixture_plan(request):
    name = request.param
    gold = {"file": name, **GOLD[name]}
    plan = parse(FIXTURES / name)
    return name, gold, plan, score_plan(gold, plan)


def test_fixture_tasks_read_whole(fixture_plan) -> None:
    name, gold, plan, score = fixture_plan
    assert (score.found, score.missed_tasks) == (score.gold_tasks, []), name
    assert (score.lead_right, score.timeline_right) == (score.found, score.found), name
    assert len(plan.tasks) == len(gold["tasks"]), (name, [t.task[:40] for t in plan.tasks])
    for task in gold["tasks"]:
        parsed = next(t for t in plan.tasks if fold(t.task).startswith(fold(task["task_start"])))
        assert _agency_set(parsed.coordinators) == _agency_set(task["coordinators"]), (name, task["task_start"])


def test_fixture_duties_and_metadata(fixture_plan) -> None:
    name, _, plan, score = fixture_plan
    assert (score.missed_duties, score.fragments, score.meta_wrong) == ([], [], []), name
    assert plan.placed_share >= 0.98, name


@pytest.mark.parametrize("name", ["m2_lam-dong", "n1_vinh-long", "n2_thai-nguyen"])
def test_released_s12_plans_read_whole(name: str) -> None:
    gold = json.loads((S12 / "structure" / f"{name}.json").read_text(encoding="utf-8"))
    score = score_plan(gold, parse(S12 / "plans" / gold["file"]))
    assert (score.found, score.missed_tasks) == (score.gold_tasks, []), name
    assert (score.lead_right, score.timeline_right) == (score.found, score.found), name


def test_phase_time_yields_to_the_task_own_deadline() -> None:
    plan = parse(S12 / "plans" / "m2_lam-dong.pdf")
    timelines = {fold(t.task)[:30]: t.timeline for t in plan.tasks}
    assert timelines[fold("Xây dựng, trình ban hành danh mục loài cây")[:30]] == "hoàn thành trước ngày 31/3/2026"
    assert timelines[fold("Rà soát, đánh giá hiện trạng diện tích rừng")[:30]] == "từ tháng 01/2026 đến hết tháng 6/2026"


@pytest.mark.parametrize(("heading", "time"), [
    ("Giai đoạn 1 (từ tháng 01/2026 đến hết tháng 6/2026)", "từ tháng 01/2026 đến hết tháng 6/2026"),
    ("Đợt 2: từ tháng 7 đến tháng 9/2026", "từ tháng 7 đến tháng 9/2026"),
    ("Giai đoạn 2026 – 2027", "Giai đoạn 2026 – 2027"),
    ("Năm 2026:", "Năm 2026"),
    ("Trong quý I/2026", "Trong quý I/2026"),
    ("Nhóm nhiệm vụ chuẩn bị (Thời gian thực hiện: năm 2026)", "năm 2026"),
    ("Nhóm nhiệm vụ cấp bách (quý I/2026)", "quý I/2026"),
    ("Nhiệm vụ trọng tâm năm 2026", None),  # says more than a period: no time for the items under it
    ("Mục tiêu đến năm 2030", None),
    ("Tuyên truyền, phổ biến", None),
])
def test_heading_time(heading: str, time: str | None) -> None:
    assert heading_time(heading) == time


def test_plan_period_on_a_section_title_dates_nothing() -> None:
    assert heading_time("NHIỆM VỤ, GIẢI PHÁP (giai đoạn 2026 - 2030)", "2026-2030") is None
    assert heading_time("Nhóm nhiệm vụ cấp bách (quý I/2026)", "2026") == "quý I/2026"
    assert period_heading("Thời gian thực hiện: năm 2026") is None  # a label line under a task, not a heading


def test_inline_css_table_with_span_cells_and_row_group() -> None:
    markup = """<div style="display: table"><div style="display: table-row-group">
      <p style="display:table-row"><span style="display:table-cell">STT</span><span style="display:table-cell">Nhiệm vụ</span>
        <span style="display:table-cell">Chủ trì</span></p>
      <p style="display:table-row"><span style="display:table-cell">1</span>
        <span style="display:table-cell">Rà soát <b>hồ sơ</b></span><span style="display:table-cell">Sở Y tế<br>(Chi cục)</span></p>
    </div></div><p>Sau bảng</p>"""
    assert html_to_text(markup).splitlines() == ["STT\tNhiệm vụ\tChủ trì", f"1\tRà soát hồ sơ\tSở Y tế{CELL_BREAK}(Chi cục)",
                                                 "", "Sau bảng"]  # a styled cell keeps its paragraphs as a <td> does


def test_style_sheet_rows_and_a_layout_grid_row() -> None:
    markup = """<style>.list > .item { display: table-row } .item .c { display: table-cell }</style>
      <section><div class="item"><div class="c">A</div><div class="c">B</div><div class="c">E</div></div>
      <div class="item"><div class="c">C</div><div class="c">D</div><div class="c">F</div></div></section>
      <div class="row"><div class="col-md-8"><p>Nội dung</p><p>Đoạn hai</p></div><div class="col-md-4">Lề</div></div>"""
    lines = [line for line in html_to_text(markup).splitlines() if line]
    # rows outside any table: their parent is the table; one grid row alone is page layout, read as paragraphs
    assert lines == ["A\tB\tE", "C\tD\tF", "Nội dung", "Đoạn hai", "Lề"]


@pytest.mark.parametrize(("written", "kept"), [
    ("Ban Quản lý Khu kinh tế Hải Phòng", ["Ban Quản lý Khu kinh tế Hải Phòng"]),
    ("Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn", ["Ban Quản lý Khu kinh tế cửa khẩu Đồng Đăng - Lạng Sơn"]),
    ("Ban Quản lý Khu kinh tế tỉnh", ["Ban Quản lý Khu kinh tế"]),  # the province's own zone: the known body
    ("Sở Y tế, Ban Quản lý Khu kinh tế, Sở Tài chính", ["Sở Y tế", "Ban Quản lý Khu kinh tế", "Sở Tài chính"]),
])
def test_a_named_economic_zone_board_keeps_its_name(written: str, kept: list[str]) -> None:
    from plan_qa.parsing.bodies import agency_list

    assert agency_list(written) == kept


@pytest.mark.parametrize(("sentence", "holder"), [
    ("Sở Y tế cấp phép hoạt động cho các cơ sở.", "Sở Y tế"),  # a verb no closed list holds, no place word
    ("Sở Nội vụ bồi dưỡng cán bộ làm công tác chuyển đổi số.", "Sở Nội vụ"),
    ("Văn phòng Ủy ban nhân dân tỉnh cập nhật Cổng thông tin.", "Văn phòng Ủy ban nhân dân tỉnh"),
    ("Sở Y tế tỉnh cấp phép hoạt động.", "Sở Y tế tỉnh"),
    ("Trung tâm Kiểm soát bệnh tật giám sát ổ dịch.", "Trung tâm Kiểm soát bệnh tật"),
    ("Các sở, ban, ngành tỉnh, Ủy ban nhân dân các xã, phường căn cứ Kế hoạch xây dựng kế hoạch của đơn vị.",
     "Các sở, ban, ngành tỉnh, Ủy ban nhân dân các xã, phường"),  # a list goes on after its comma
    ("Các sở, ban, ngành cấp tỉnh, Ủy ban nhân dân các xã, phường nghiên cứu triển khai thực hiện.",
     "Các sở, ban, ngành cấp tỉnh, Ủy ban nhân dân các xã, phường"),  # "cấp tỉnh" names the level, "cấp phép" is a verb
])
def test_a_duty_subject_ends_with_the_known_name(sentence: str, holder: str) -> None:
    from plan_qa.parsing.bodies import agency_subject

    assert agency_subject(sentence) == holder
