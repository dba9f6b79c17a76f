"""Data tables split into rows that read on their own, label blocks that assign one task, lists that
are not assignments, collective media bodies as coordinators, and holders parted by ";" — on the
real plans (../shared/realplans) where each was found, and on small tables built here."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.corpus import parse
from plan_qa.parsing.bodies import agency_list
from plan_qa.parsing.datatables import column_labels, row_texts
from plan_qa.parsing.webtext import table_rows

REALPLANS = Path(__file__).resolve().parents[2] / "shared" / "realplans"
needs_realplans = pytest.mark.skipif(
    not REALPLANS.is_dir(), reason="../shared/realplans (real plans for development) is absent"
)


def _cells(*rows: list[str]) -> list[list[str]]:
    """Cells as the web-saved reader meets them: rows parted by an empty pseudo-cell."""
    cells: list[list[str]] = []
    for index, row in enumerate(rows):
        if index:
            cells.append([])
        cells.extend([cell] if cell else [] for cell in row)
    return cells


def test_a_row_whose_left_cells_are_merged_down_is_its_own_row() -> None:
    header = ["TT", "Đối tượng", "Thông số", "Tần suất", "Số mẫu"]
    rows = table_rows(_cells(header, ["1", "Nước cấp", "pH, DO", "02 lần/tháng", "240"],
                             ["Kim loại nặng", "02 lần/năm", "30"],
                             ["2", "Ao nuôi", "pH", "02 lần/tháng", "336"]))
    assert [len(row) for row in rows] == [5, 5, 5, 5]
    assert [" ".join(cell) for cell in rows[2]] == ["", "", "Kim loại nặng", "02 lần/năm", "30"]
    assert [" ".join(cell) for cell in rows[3]][:2] == ["2", "Ao nuôi"]


def test_data_rows_carry_their_headers_merged_cells_and_units() -> None:
    texts = row_texts([
        ["TT", "Đối tượng", "Thông số", "Tổng số (mẫu)"],
        ["1", "Nước cấp", "pH, DO", "240"],
        ["", "", "Kim loại nặng", "30"],
        ["", "Tổng cộng", "", "270"],
    ])
    assert texts[0] == "TT | Đối tượng | Thông số | Tổng số (mẫu)"
    assert texts[1] == "TT: 1 | Đối tượng: Nước cấp | Thông số: pH, DO | Tổng số (mẫu): 240 mẫu"
    assert texts[2] == "TT: 1 | Đối tượng: Nước cấp | Thông số: Kim loại nặng | Tổng số (mẫu): 30 mẫu"
    assert texts[3] == "Đối tượng: Tổng cộng | Tổng số (mẫu): 270 mẫu"  # a total belongs to no row


def test_a_two_level_header_names_each_column_by_both_levels() -> None:
    assert column_labels([["TT", "Địa điểm", "Tọa độ"], ["", "", "X", "Y"]]) == ["TT", "Địa điểm", "Tọa độ – X", "Tọa độ – Y"]


def test_sub_rows_are_titled_by_their_numbered_row() -> None:
    texts = row_texts([["TT", "Chỉ tiêu", "ĐVT"], ["1", "Cà phê", ""], ["-", "Diện tích", "Ha"]])
    assert texts[2] == "1. Cà phê – Chỉ tiêu: Diện tích | ĐVT: Ha"


@needs_realplans
def test_one_cell_per_line_figures_table_is_read_row_by_row() -> None:
    plan = parse(REALPLANS / "thanh-hoa_235-KH-UBND.md")
    rows = [c.text for c in plan.clauses if c.id.startswith(f"{plan.plan_id}:PL2.") and c.kind == "table_row"]
    assert len(rows) == 9  # header, 4 objects (3 with a second row of parameters), the total
    shrimp = [text for text in rows if "Môi trường ao nuôi tôm đại diện" in text]
    assert len(shrimp) == 1 and "Tổng số (mẫu): 336 mẫu" in shrimp[0] and len(shrimp[0]) < 400
    # the second row of object 1 (its TT and object merged down) reads on its own
    assert any("Nguồn nước cấp nuôi tôm nước lợ" in text and "Thuốc Bảo vệ thực vật" in text and "30 mẫu" in text
               for text in rows)
    total = next(text for text in rows if "732" in text)
    assert "Môi trường" not in total


@needs_realplans
def test_one_label_block_under_several_bullets_assigns_one_task() -> None:
    plan = parse(REALPLANS / "bac-ninh_141-KH-UBND.md")
    assert len(plan.tasks) == 16
    task = next(row for row in plan.tasks if row.task.startswith("Các cơ quan, đơn vị, địa phương tiếp tục"))
    assert "Đề nghị người đứng đầu cấp ủy" in task.task
    assert not any(row.task.startswith("Đề nghị người đứng đầu cấp ủy") for row in plan.tasks)


@needs_realplans
def test_every_task_row_of_every_real_plan_names_a_body_or_a_date() -> None:
    for path in sorted(REALPLANS.glob("*.md")):
        if path.name == "README.md":
            continue
        for row in parse(path).tasks:
            assert row.lead or row.coordinators or row.timeline, (path.name, row.task[:80])


@needs_realplans
def test_a_list_after_a_colon_in_a_duty_is_not_an_assignment() -> None:
    plan = parse(REALPLANS / "dong-thap_556-KH-UBND.md")
    assert plan.tasks == []  # "…; phối hợp với Ủy ban nhân dân 04 xã: Gia Thuận, …" lists communes


def test_newspapers_and_broadcasters_listed_as_common_nouns_are_coordinators() -> None:
    names = agency_list("các sở, ban, ngành, đoàn thể Thành phố, Ủy ban nhân dân phường, xã, đặc khu, báo, đài "
                        "và các đơn vị có liên quan")
    assert "Báo, đài" in names
    assert agency_list("Sở Y tế, báo, đài") == ["Sở Y tế", "Báo, đài"]


@needs_realplans
def test_media_coordinators_kept_on_real_rows() -> None:
    plan = parse(REALPLANS / "ho-chi-minh_174-KH-UBND.md")
    with_media = [row for row in plan.tasks if "báo, đài" in row.coordinators_text]
    assert with_media and all("Báo, đài" in row.coordinators for row in with_media)


@needs_realplans
def test_holders_parted_by_semicolons_are_each_a_holder() -> None:
    plan = parse(REALPLANS / "dong-nai_179-KH-UBND.md")
    closing = [d for d in plan.duties if d.text.startswith("Yêu cầu các sở, ban, ngành, đoàn thể tỉnh")]
    assert {d.agency for d in closing} == {"Các sở, ban, ngành", "Ủy ban nhân dân xã, phường", "Các đơn vị liên quan"}
    assert not any(" và " in d.agency and "Ủy ban nhân dân" in d.agency for d in plan.duties)
    # the paragraph addresses other bodies: it is not a duty of the item it follows (21. Các cơ sở đào tạo …)
    assert not any(d.agency.startswith("Các cơ sở đào tạo") and d.text.startswith("Yêu cầu") for d in plan.duties)


@needs_realplans
def test_a_numbered_task_and_its_description_are_one_task_titled_by_the_heading() -> None:
    """"9. Tổ chức nghiên cứu, học tập kinh nghiệm …" + an unmarked description + its label block."""
    plan = parse(REALPLANS / "bac-ninh_141-KH-UBND.md")
    row = next(r for r in plan.tasks if r.task.startswith("Tổ chức nghiên cứu, học tập kinh nghiệm"))
    assert "Tham mưu, đề xuất tổ chức Đoàn" in row.task
    assert row.lead == ["Sở Tư pháp"] and row.timeline
    assert not any(r.task.startswith("Tham mưu, đề xuất tổ chức Đoàn") for r in plan.tasks)
