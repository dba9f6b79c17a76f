"""Parser on the real corpus: metadata, all 30 task rows, duties, outline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plan_qa.corpus import PlanParseError, parse
from plan_qa.parsing import Plan

CT, NNMT, KHCN = "Sở Công Thương", "Sở Nông nghiệp và Môi trường", "Sở Khoa học và Công nghệ"
TC, XD, NV, VHTT = "Sở Tài chính", "Sở Xây dựng", "Sở Nội vụ", "Sở Văn hóa và Thể thao"
UBND_XA, SO_NGANH = "Ủy ban nhân dân xã, phường", "Các sở, ban, ngành"
BQL = "Ban Quản lý các khu công nghệ cao và khu công nghiệp"
SIX = [CT, NNMT, TC, XD, KHCN, VHTT]

# (row, lead, coordinators, timeline) read by hand from each appendix.
EXPECTED_ROWS = {
    "000": [
        (1, SIX, [SO_NGANH, UBND_XA], "Hằng năm"),
        (2, SIX, [SO_NGANH, UBND_XA], "Hằng năm"),
        (3, [TC], [NNMT, XD, KHCN, CT, UBND_XA], "Năm 2027"),
        (4, [NNMT], [CT, XD, KHCN, BQL, UBND_XA], "Hằng năm"),
        (5, [NNMT], [TC, CT, XD, KHCN, UBND_XA], "Năm 2027"),
        (6, [CT], [NNMT, TC, XD, KHCN, UBND_XA], "Hằng năm"),
        (7, [KHCN], [CT, NNMT, TC, XD, UBND_XA], "Hằng năm"),
        (8, [CT], [NNMT, TC, XD, KHCN, UBND_XA], "Hằng năm"),
        (9, [NV], [SO_NGANH, UBND_XA], "Năm 2027"),
        (10, [CT, NNMT, TC, XD, KHCN], [SO_NGANH, UBND_XA], "Thường xuyên"),
    ],
    "001": [
        (1, [CT], ["Doanh nghiệp ngành Công Thương", UBND_XA], "Quý II-IV/2026"),
        (2, [CT], [SO_NGANH, UBND_XA], "Quý I- IV/2026"),
        (3, [CT], [SO_NGANH, UBND_XA], "Quý I- IV/2026"),
        (4, [CT], [SO_NGANH, UBND_XA], "Quý I- IV/2026"),
    ],
    "003": [
        (1, [CT], ["Doanh nghiệp ngành Công Thương"], "Hàng năm"),
        (2, [CT], [SO_NGANH, UBND_XA], "Hàng năm"),
        (3, [CT], [SO_NGANH, UBND_XA], "Hàng năm"),
        (4, [CT], [SO_NGANH, UBND_XA], "Hàng năm"),
        (5, [KHCN], [SO_NGANH, UBND_XA], "Năm 2026"),
        (6, [TC], [SO_NGANH, UBND_XA], "Năm 2027"),
        (7, [NNMT], [SO_NGANH, UBND_XA], "Năm 2027"),
        (8, [CT], ["Sở Công Thương các tỉnh, thành phố"], "Hàng năm"),
    ],
    "004": [
        (1, SIX, [SO_NGANH, UBND_XA], "Hàng năm"),
        (2, SIX, [SO_NGANH, UBND_XA], "Hàng năm"),
        (3, [TC], [NNMT, XD, KHCN, CT, UBND_XA], "Năm 2027"),
        (4, [NNMT], [CT, XD, KHCN, BQL, UBND_XA], "Hàng năm"),
        (5, [CT], [NNMT, TC, XD, KHCN, UBND_XA], "Hàng năm"),
        (6, [KHCN], [CT, NNMT, TC, XD, UBND_XA], "Hàng năm"),
        (7, [CT], [NNMT, TC, XD, KHCN, UBND_XA], "Hàng năm"),
        (8, [NV], [SO_NGANH, UBND_XA], "Năm 2027"),
    ],
}


def test_thirty_task_rows_in_total(plans: dict[str, Plan]) -> None:
    assert sum(len(p.tasks) for p in plans.values()) == 30
    assert plans["002"].tasks == []


@pytest.mark.parametrize(
    ("plan_id", "expected"),
    [(plan_id, row) for plan_id, rows in EXPECTED_ROWS.items() for row in rows],
    ids=lambda value: str(value[0]) if isinstance(value, tuple) else value,
)
def test_task_row_fields(plans: dict[str, Plan], plan_id: str, expected: tuple) -> None:
    number, lead, coordinators, timeline = expected
    row = next(r for r in plans[plan_id].tasks if r.row == number)
    assert row.lead == lead
    assert row.coordinators == coordinators
    assert row.timeline == timeline
    assert row.task and row.lead_text and row.locator == f"Phụ lục, dòng {number}"


def test_task_texts_and_groups(plans: dict[str, Plan]) -> None:
    hanoi_row4 = plans["000"].tasks[3]
    assert hanoi_row4.task == "Đề xuất xây dựng các khu xử lý, tái chế chất thải."
    assert hanoi_row4.group == "Hoàn thiện chính sách, thể chế về phát triển công nghiệp môi trường"
    # 004 row 3 continues after a page break in a row with an empty TT cell.
    split_row = plans["004"].tasks[2]
    assert split_row.task.endswith("doanh nghiệp công nghiệp môi trường trên địa bàn tỉnh.")
    assert split_row.coordinators_text.endswith("Công Thương và Ủy ban nhân dân xã, phường")
    assert plans["004"].tasks[4].group == "Phát triển thị trường hàng hóa công nghiệp môi trường"
    # Flattened PDF rows: page numbers between rows are not rows, wrapped cells are joined.
    assert plans["000"].tasks[6].task.startswith("Nghiên cứu đề xuất các nhiệm vụ khoa học")
    assert plans["000"].tasks[0].lead_text.endswith("Văn hóa và Thể thao")


def test_markdown_table_units_and_quantities(plans: dict[str, Plan]) -> None:
    rows = plans["001"].tasks
    assert [(r.unit, r.quantity) for r in rows] == [("Lớp", "01")] + [("Kế hoạch", "01")] * 3


EXPECTED_METADATA = {
    "000": dict(province="Hà Nội", issuer="UBND thành phố Hà Nội", number=None, issue_date=None,
                period="2025-2030", signer="Nguyễn Mạnh Quyền", signer_title="PHÓ CHỦ TỊCH"),
    "001": dict(province="Hà Nội", issuer="UBND thành phố Hà Nội", number=None, issue_date=None,
                period="2026", signer="Nguyễn Mạnh Quyền", signer_title="PHÓ CHỦ TỊCH"),
    "002": dict(province="Gia Lai", issuer="UBND tỉnh Gia Lai", number=None, issue_date=None,
                period="2025-2030", signer="Nguyễn Tuấn Thanh", signer_title="PHÓ CHỦ TỊCH"),
    "003": dict(province="Hà Nội", issuer="UBND thành phố Hà Nội", number=None, issue_date=None,
                period="2026-2030", signer="Nguyễn Mạnh Quyền", signer_title="PHÓ CHỦ TỊCH"),
    "004": dict(province="Đồng Tháp", issuer="UBND tỉnh Đồng Tháp", number="524/KH-UBND",
                issue_date="28/4/2026", period="2026-2030", signer="Nguyễn Thành Diệu",
                signer_title="PHÓ CHỦ TỊCH"),
}


@pytest.mark.parametrize("plan_id", sorted(EXPECTED_METADATA))
def test_metadata(plans: dict[str, Plan], plan_id: str) -> None:
    metadata = plans[plan_id].metadata
    for field, value in EXPECTED_METADATA[plan_id].items():
        assert getattr(metadata, field) == value, field


def test_blank_numbers_stay_unknown_but_visible(plans: dict[str, Plan]) -> None:
    assert [plans[i].metadata.issue_year for i in sorted(plans)] == ["2026", "2025", None, "2025", "2026"]
    assert plans["001"].metadata.number_text == "Số: /KH-UBND"
    assert plans["003"].metadata.issue_date_text == "Hà Nội, ngày tháng năm 2025"
    assert plans["001"].metadata.title == "Công tác bảo vệ môi trường ngành Công Thương Hà Nội năm 2026"


def test_legal_bases(plans: dict[str, Plan]) -> None:
    dong_thap = [(b.kind, b.number, b.date) for b in plans["004"].metadata.legal_bases]
    assert dong_thap == [
        ("Luật", None, "17/11/2020"),
        ("Quyết định", "1894/QĐ-TTg", "04/9/2025"),
        ("Quyết định", "3637/QĐ-BCT", "15/12/2025"),
    ]
    assert plans["004"].metadata.legal_bases[2].issuer == "Bộ Công Thương"
    assert [(b.number, b.date) for b in plans["001"].metadata.legal_bases if b.number] == [("362/KH-UBND", "24/12/2025")]
    cited_plan = plans["001"].metadata.legal_bases[1]
    assert cited_plan.subject == "công tác bảo vệ môi trường ngành Công Thương Hà Nội giai đoạn 2026-2030"
    assert plans["002"].metadata.legal_bases[0].issuer == "Thủ tướng Chính phủ"


# (plan, heading agency) → roles of its duties, in order.
EXPECTED_DUTIES = {
    ("000", CT): ["thực hiện", "chủ trì", "thực hiện", "thực hiện", "thực hiện"],
    ("000", NNMT): ["chủ trì", "thực hiện", "thực hiện", "tham mưu"],
    ("000", KHCN): ["tham mưu", "phối hợp", "thực hiện", "thực hiện", "thực hiện", "thực hiện", "thực hiện"],
    ("000", TC): ["thực hiện", "chủ trì", "phối hợp"],
    ("000", XD): ["chủ trì", "chủ trì"],
    ("000", VHTT): ["phối hợp"],
    ("000", f"{SO_NGANH} và {UBND_XA}"): ["thực hiện"],
    ("000", "Doanh nghiệp công nghiệp môi trường"): ["phối hợp"],
    # the first is III.2 (Kinh phí): "Sở Công Thương và các Sở, ngành liên quan xây dựng nhiệm vụ, dự toán kinh phí …",
    # a duty handed to a list of bodies: one duty per body (Sở Công Thương, and the sở, ngành below)
    ("001", CT): ["thực hiện", "chủ trì", "chủ trì", "chủ trì", "thực hiện", "thực hiện", "thực hiện"],
    ("001", SO_NGANH): ["thực hiện"],
    ("001", NNMT): ["chủ trì", "tham mưu", "chủ trì", "thực hiện", "phối hợp", "thực hiện"],
    ("001", KHCN): ["chủ trì", "phối hợp"],
    ("001", TC): ["chủ trì", "thực hiện", "phối hợp"],
    ("001", BQL): ["chủ trì", "phối hợp"],
    # the last one is the closing paragraph of IV: "Căn cứ Kế hoạch này, các sở, ngành, UBND xã, phường xây dựng …"
    ("001", f"{SO_NGANH} và {UBND_XA}"): ["thực hiện", "thực hiện", "phối hợp", "thực hiện"],
    ("002", CT): ["chủ trì", "phối hợp", "thực hiện", "phối hợp", "phối hợp"],
    ("002", TC): ["chủ trì", "thực hiện", "phối hợp", "thực hiện"],
    ("002", NNMT): ["chủ trì", "thực hiện", "thực hiện", "chủ trì", "thực hiện"],
    ("002", KHCN): ["thực hiện", "thực hiện", "thực hiện"],
    ("002", "Sở Văn hóa, Thể thao và Du lịch"): ["thực hiện"],
    ("002", "Ban Quản lý Khu kinh tế"): ["thực hiện", "thực hiện"],
    ("002", UBND_XA): ["thực hiện", "phối hợp"],
    ("002", f"{SO_NGANH} và {UBND_XA}"): ["phối hợp"],
    ("003", CT): ["chủ trì", "chủ trì", "chủ trì", "thực hiện", "thực hiện", "thực hiện"],
    ("003", NNMT): ["chủ trì", "tham mưu", "chủ trì", "thực hiện", "phối hợp", "thực hiện"],
    ("003", KHCN): ["chủ trì", "phối hợp"],
    ("003", TC): ["chủ trì", "thực hiện", "phối hợp"],
    ("003", BQL): ["chủ trì", "phối hợp"],
    ("003", f"{SO_NGANH} và {UBND_XA}"): ["thực hiện", "thực hiện", "phối hợp"],
    ("004", NNMT): ["chủ trì", "thực hiện", "thực hiện", "tham mưu"],
    ("004", CT): ["thực hiện", "chủ trì", "thực hiện", "thực hiện", "thực hiện"],
    ("004", KHCN): ["tham mưu", "phối hợp", "thực hiện", "thực hiện", "thực hiện", "thực hiện"],
    ("004", TC): ["thực hiện", "chủ trì", "phối hợp"],
    ("004", XD): ["chủ trì", "chủ trì"],
    ("004", "Sở Văn hóa, Thể thao và Du lịch"): ["thực hiện"],
    ("004", f"{SO_NGANH} và {UBND_XA}"): ["thực hiện"],
    ("004", "Doanh nghiệp công nghiệp môi trường"): ["phối hợp"],
}


@pytest.mark.parametrize("plan_id", ["000", "001", "002", "003", "004"])
def test_duties_per_agency_heading(plans: dict[str, Plan], plan_id: str) -> None:
    got: dict[str, list[str]] = {}
    for duty in plans[plan_id].duties:
        got.setdefault(duty.agency, []).append(duty.role)
    expected = {agency: roles for (pid, agency), roles in EXPECTED_DUTIES.items() if pid == plan_id}
    assert got == expected


def test_duty_names_other_agencies(plans: dict[str, Plan]) -> None:
    duty = next(d for d in plans["001"].duties if d.locator == "IV.2.e")
    assert duty.other_agencies == [CT]
    gia_lai = next(d for d in plans["002"].duties if d.locator == "IV.1, gạch đầu dòng 5")
    assert gia_lai.other_agencies == ["Cục An toàn Môi trường", "Cục Xuất nhập khẩu"]


def test_outline_of_dong_thap_plan_end_to_end(plans: dict[str, Plan]) -> None:
    plan = plans["004"]
    # 98 outline and table clauses + the task table's 5 group rows, kept as clauses since 2026-11-27 (s5-e3)
    assert len(plan.clauses) == 103
    assert sum(c.kind == "table_row" for c in plan.clauses) == 5
    section_v = [c.locator for c in plan.clauses if c.path[:1] == ["V"]]
    assert section_v[:7] == ["V", "V.1", "V.1, gạch đầu dòng 1", "V.1, gạch đầu dòng 2",
                             "V.1, gạch đầu dòng 3", "V.1, gạch đầu dòng 4", "V.2"]
    assert section_v[-4:] == ["V.7, đoạn 1", "V.8", "V.8, đoạn 1", "V, đoạn 1"]
    assert [c.kind for c in plan.clauses].count("task_row") == 8
    clause = plan.clause("004:V.1.-1")
    assert clause.headings == ["V. TỔ CHỨC THỰC HIỆN", "1. Sở Nông nghiệp và Môi trường"]
    assert clause.text.startswith("Chủ trì, phối hợp với các sở, ngành, Ủy ban nhân dân xã, phường")
    assert plan.clause("004:fn1").text.startswith("Theo Quyết định số 1894/QĐ-TTg")
    assert "Kế hoạch số 524 /KH-UBND ngày 28 / 4 /2026" in plan.clause("004:PL.title").text
    assert len({c.id for c in plan.clauses}) == len(plan.clauses)


def test_unwrapping_keeps_original_words(plans: dict[str, Plan]) -> None:
    # 002 is double-spaced PDF text: a sentence runs over blank lines.
    clause = plans["002"].clause("002:IV.3.-1")
    assert "miễn giảm tiền sử dụng đất để thu hút đầu tư phát triển ngành công nghiệp môi trường;" in clause.text
    # "2025-" + "2030" and "980/QĐ-" + "TTg" across lines are rejoined without a space.
    assert "980/QĐ-TTg" in plans["002"].clause("002:II.3.a.-1").text
    assert "2025-2030" in plans["002"].clause("002:preamble").text
    # A repeated letter (typo "b)" twice in 003) stays a separate item.
    assert plans["003"].clause("003:V.6.b#2").locator == "V.6.b (lần 2)"


def test_markup_is_stripped_words_kept(plans: dict[str, Plan]) -> None:
    texts = " ".join(c.text for p in plans.values() for c in p.clauses)
    assert "**" not in texts and "<b>" not in texts and "<sup>" not in texts
    assert "CO2" in plans["001"].clause("001:II.3.-1").text


def test_plan_round_trips_through_json(plans: dict[str, Plan]) -> None:
    plan = plans["000"]
    assert Plan.from_dict(json.loads(json.dumps(plan.to_dict(), ensure_ascii=False))) == plan


def test_text_without_plan_structure_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "ghi_chu.txt"
    path.write_text("Đây là một ghi chú ngắn, không phải kế hoạch.\nKhông có mục nào.", encoding="utf-8")
    with pytest.raises(PlanParseError, match="ghi_chu.txt"):
        parse(path)


def test_decomposed_unicode_parses_like_composed(tmp_path: Path, plans: dict[str, Plan]) -> None:
    import unicodedata

    source = Path(__file__).resolve().parents[1] / "corpus"
    original = next(source.glob("004_*.txt")).read_text(encoding="utf-8")
    path = tmp_path / "004_nfd.txt"
    path.write_text(unicodedata.normalize("NFD", original), encoding="utf-8")
    plan = parse(path)
    assert [(t.lead, t.timeline) for t in plan.tasks] == [(t.lead, t.timeline) for t in plans["004"].tasks]


def test_a_deadline_naming_its_day_is_the_timeline_with_its_recurrence() -> None:
    """"định kỳ hàng năm báo cáo … chậm nhất ngày 17 tháng 12" (dong-thap_556) is due on a day, every year:
    the day is kept, not only "Hằng năm"."""
    from plan_qa.parsing.timelines import timeline_in_text

    text = "định kỳ hàng năm báo cáo kết quả về Sở Nông nghiệp và Môi trường chậm nhất *ngày 17 tháng 12.* Thời gian"
    assert timeline_in_text(text) == "Hàng năm, chậm nhất ngày 17 tháng 12"
    assert timeline_in_text("gửi báo cáo chậm nhất ngày 17/12 hằng năm") == "Hằng năm, chậm nhất ngày 17/12"
    assert timeline_in_text("hoàn thành trước ngày 30/6/2026") == "Trước ngày 30/6/2026"
    assert timeline_in_text("Hằng năm báo cáo kết quả") == "Hằng năm"
    assert timeline_in_text("phấn đấu đến năm 2030") is None
