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
