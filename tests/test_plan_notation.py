"""A plan's own notation — role marks and short names defined by its legends — read by the table reader and the
label reader. Proved on the two released s11 plans that showed it (k1_gia-lai: a C/P matrix with a legend under
it; l3_hai-phong: "→ CT: …; PH: …; TG: …" labels defined by "Ký hiệu: …") and on realisations of my own (invented
names, numbers and dates), read with no further code:

- s54 (plain text): a legend head alone on its line and one "short = meaning" pair per line, labels "ĐM / TH / HT"
  in a parenthesis, after a dash, after "⇒" or bare, bodies written with the legend's short names;
- s55 (HTML): a transposed matrix — bodies down the first column, tasks across, a "Thời hạn" row — marked ● / ○,
  its legend BEFORE the table ("Quy ước trong bảng: ● = cơ quan chủ trì; …");
- s56 (Markdown pipe table): bodies as columns under their full names, marks C / P / x with NO legend (the default
  marks of plan_grammar.json), part rows A / B;
- s57 (HTML): the bodies under a role header merged across them ("Cơ quan chủ trì" over "Sở KH&CN | Sở GD&ĐT |
  Tỉnh đoàn", "Cơ quan phối hợp" over the same), a bare "x" in a body's column taking the role above it;
- a Word table written here: full-name columns after the time column, marks "CT" / "PH" defined by a footnote
  "(*) CT - chủ trì thực hiện; PH - tham gia phối hợp" under the table.
"""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.corpus import parse
from plan_qa.parsing.legend import read_notation

ROOT = Path(__file__).resolve().parent
SYNTHETIC = ROOT / "fixtures" / "synthetic"
S11 = ROOT.parent / "eval" / "blind_2026-11-28-s11" / "plans"


def _rows(plan) -> dict[str, tuple[list[str], list[str], str | None]]:
    return {row.number: (row.lead, row.coordinators, row.timeline) for row in plan.tasks}


def test_legend_pairs_give_roles_and_short_names() -> None:
    notation = read_notation(
        "Ghi chú: C - chủ trì; P - phối hợp; Sở TC - Sở Tài chính; UBND xã, phường - Ủy ban nhân dân các xã, phường.\n"
        "(Ký hiệu: CT – cơ quan chủ trì; PH – cơ quan phối hợp; TG – thời gian hoàn thành)\n"
        "(*) ● = đơn vị đầu mối, ○ = đơn vị tham gia\n"
        "Giải thích từ ngữ:\n- HT là hạn hoàn thành\n- CAT: Công an tỉnh\nIII. TỔ CHỨC THỰC HIỆN")
    assert notation.roles == {"C": "lead", "P": "coordinators", "CT": "lead", "PH": "coordinators", "TG": "timeline",
                              "●": "lead", "○": "coordinators", "HT": "timeline"}
    assert notation.bodies == {"Sở TC": "Sở Tài chính", "UBND xã, phường": "Ủy ban nhân dân các xã, phường",
                               "CAT": "Công an tỉnh"}


def test_running_text_is_no_legend() -> None:
    notation = read_notation("Ghi chú các nội dung khác tại Phụ lục; Sở Y tế là cơ quan thường trực của Ban Chỉ đạo.")
    assert notation.roles == {} and notation.bodies == {}


def test_labels_with_other_abbreviations() -> None:
    plan = parse(SYNTHETIC / "s54_legend_labels_other_abbreviations.txt")
    rows = [(row.task[:20], row.lead, row.coordinators, row.timeline) for row in plan.tasks]
    assert rows == [
        ("Rà soát, phân loại s", ["Sở Tư pháp"], ["Ủy ban nhân dân xã, phường"], "Quý II/2027"),
        ("Nhập liệu, số hóa dữ", ["Sở Tư pháp"], ["Sở Khoa học và Công nghệ", "Công an tỉnh"], "30/9/2027"),
        ("Kết nối Cơ sở dữ liệ", ["Công an tỉnh"], ["Sở Tư pháp", "Sở Khoa học và Công nghệ"], "tháng 10/2027"),
        ("Bảo đảm an toàn thôn", ["Sở Khoa học và Công nghệ"], [], "thường xuyên"),
    ]
    assert plan.placed_share == 1.0


def test_transposed_matrix_with_symbols_and_legend_before_it() -> None:
    plan = parse(SYNTHETIC / "s55_transposed_matrix_symbols.html")
    assert _rows(plan) == {
        "1": (["Sở Giáo dục và Đào tạo"], ["Sở Văn hóa, Thể thao và Du lịch", "Tỉnh đoàn Quảng Trị",
                                            "Ủy ban nhân dân xã, phường"], "Tháng 6/2027"),
        "2": (["Sở Y tế"], ["Sở Giáo dục và Đào tạo"], "Quý II/2027"),
        "3": (["Ủy ban nhân dân xã, phường"], [], "Tháng 5/2027"),
        "4": (["Sở Văn hóa, Thể thao và Du lịch"], ["Sở Giáo dục và Đào tạo", "Tỉnh đoàn Quảng Trị"], "Tháng 6 - 8/2027"),
    }
    assert plan.tasks[0].task == "Tổ chức lớp dạy bơi an toàn cho học sinh tiểu học"
    assert plan.placed_share == 1.0


def test_matrix_with_default_marks_and_no_legend() -> None:
    plan = parse(SYNTHETIC / "s56_matrix_default_marks.md")
    assert _rows(plan) == {
        "1": (["Sở Văn hóa, Thể thao và Du lịch"], ["UBND các xã"], "Quý III/2027"),
        "2": (["Sở Tài chính"], ["Sở Văn hóa, Thể thao và Du lịch", "UBND các xã"], "Năm 2027"),
        "3": (["Sở Nông nghiệp và Môi trường"], ["Sở Văn hóa, Thể thao và Du lịch"], "Quý IV/2027"),
        "4": (["UBND các xã"], [], "Tháng 10/2027"),
    }
    assert plan.tasks[3].group == "B. Quảng bá" and plan.placed_share == 1.0


def test_bodies_under_role_headers_marked_x() -> None:
    plan = parse(SYNTHETIC / "s57_role_grouped_matrix.html")
    assert _rows(plan) == {
        "1": (["Sở Khoa học và Công nghệ"], ["Sở Giáo dục và Đào tạo"], "Quý IV/2027"),
        "2": (["Sở Giáo dục và Đào tạo"], ["Sở Khoa học và Công nghệ", "Tỉnh đoàn"], "Năm 2027"),
        "3": (["Tỉnh đoàn"], ["Sở Khoa học và Công nghệ"], "Tháng 11/2027"),
    }
    assert plan.placed_share == 1.0


def test_matrix_under_bare_sector_headers(tmp_path: Path) -> None:
    """Bodies named only by their sector or the agency table's short forms ("Y tế", "NN&MT"), no legend."""
    text = (SYNTHETIC / "s56_matrix_default_marks.md").read_text(encoding="utf-8")
    text = text.replace("| Sở Văn hóa, Thể thao và Du lịch | Sở Tài chính | Sở Nông nghiệp và Môi trường |",
                        "| VH-TT&DL | Tài chính | NN&MT |")
    path = tmp_path / "ma_tran_nganh.md"
    path.write_text(text, encoding="utf-8")
    rows = _rows(parse(path))
    assert rows["2"] == (["Sở Tài chính"], ["Sở Văn hóa, Thể thao và Du lịch", "UBND các xã"], "Năm 2027")
    assert rows["3"] == (["Sở Nông nghiệp và Môi trường"], ["Sở Văn hóa, Thể thao và Du lịch"], "Quý IV/2027")


WORD_FRONT = ["ỦY BAN NHÂN DÂN TỈNH CÀ MAU", "Số: 0377/KH-UBND", "Cà Mau, ngày 21 tháng 7 năm 2027", "KẾ HOẠCH",
              "Phòng, chống xâm nhập mặn mùa khô 2027 - 2028", "I. MỤC ĐÍCH, YÊU CẦU",
              "Bảo đảm nước sinh hoạt cho người dân vùng ven biển trong mùa khô.", "II. TỔ CHỨC THỰC HIỆN",
              "1. Sở Nông nghiệp và Môi trường: theo dõi, tổng hợp kết quả thực hiện Kế hoạch.", "PHỤ LỤC",
              "PHÂN CÔNG THỰC HIỆN"]
WORD_TABLE = [
    ["TT", "Nhiệm vụ", "Thời hạn", "Sở Nông nghiệp và Môi trường", "Sở Xây dựng", "Công an tỉnh",
     "Ủy ban nhân dân các xã ven biển"],
    ["1", "Vận hành các cống ngăn mặn theo độ mặn đo được", "Tháng 12/2027", "CT", "", "", "PH"],
    ["2", "Cấp nước sinh hoạt bằng xe bồn cho khu dân cư thiếu nước", "Mùa khô 2028", "PH", "CT", "", "PH"],
    ["3", "Bảo đảm an ninh trật tự tại các điểm cấp nước tập trung", "Mùa khô 2028", "", "PH", "CT", ""],
]
WORD_CLOSING = ["(*) CT - chủ trì thực hiện; PH - tham gia phối hợp.", "Nơi nhận:", "- Lưu: VT.", "KT. CHỦ TỊCH",
                "PHÓ CHỦ TỊCH", "Nguyễn Minh Luân"]


def test_word_matrix_with_footnote_legend(tmp_path: Path) -> None:
    docx = pytest.importorskip("docx")
    document = docx.Document()
    for line in WORD_FRONT:
        document.add_paragraph(line)
    grid = document.add_table(rows=len(WORD_TABLE), cols=len(WORD_TABLE[0]))
    for r, cells in enumerate(WORD_TABLE):
        for c, text in enumerate(cells):
            grid.cell(r, c).text = text
    for line in WORD_CLOSING:
        document.add_paragraph(line)
    path = tmp_path / "ma_tran_word.docx"
    document.save(str(path))
    assert _rows(parse(path)) == {
        "1": (["Sở Nông nghiệp và Môi trường"], ["Ủy ban nhân dân các xã ven biển"], "Tháng 12/2027"),
        "2": (["Sở Xây dựng"], ["Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân các xã ven biển"], "Mùa khô 2028"),
        "3": (["Công an tỉnh"], ["Sở Xây dựng"], "Mùa khô 2028"),
    }


def test_released_agency_matrix_k1() -> None:
    plan = parse(S11 / "k1_gia-lai.docx")
    rows = _rows(plan)
    assert len(rows) == 15
    assert rows["1"] == (["Ủy ban nhân dân xã, phường"], ["Sở Nông nghiệp và Môi trường"], "Quý I/2026")
    assert rows["5"] == (["Công an tỉnh"], ["Sở Nông nghiệp và Môi trường", "Ủy ban nhân dân xã, phường"],
                         "Thường xuyên")
    clause = next(c for c in plan.clauses if c.id == plan.tasks[0].clause_id)
    assert "Đơn vị chủ trì: UBND xã, phường" in clause.text  # the cell as the plan writes it
    assert plan.placed_share == 1.0


def test_released_abbreviated_labels_l3() -> None:
    plan = parse(S11 / "l3_hai-phong.md")
    rows = _rows(plan)
    assert len(rows) == 15
    assert rows["1"][0] == ["Sở Nông nghiệp và Môi trường"] and rows["1"][2] == "Quý I/2026"
    assert rows["6"] == (["Sở Nông nghiệp và Môi trường"], [], "6 tháng/lần")  # the italic "_CT: …; TG: …_" line
    assert rows["11"][1] == ["Trường Đại học Hàng hải Việt Nam"] and rows["11"][2] == "Quý II/2026"
