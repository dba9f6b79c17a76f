"""References to the plan's own outline (parsing/references) and the tasks duty sentences assign through them
(parsing/by_reference): the reader on many wordings, and the released s11 plan k2 (tuned: the mechanism was built
reading it; fixtures s58-s61 in test_synthetic_layouts are the other realisations, read without code for them)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plan_qa.corpus import parse
from plan_qa.evaluation.structure import _agency_set, fold, score_plan
from plan_qa.parsing.by_reference import timeline_of
from plan_qa.parsing.bodies import agency_subjects
from plan_qa.parsing.duties import role_of
from plan_qa.parsing.references import read_references

S11 = Path(__file__).resolve().parents[1] / "eval" / "blind_2026-11-28-s11"


def _addresses(text: str) -> list[list[tuple[str, tuple[str, ...], bool]]]:
    return [[(t.kind, t.markers, t.span) for t in r.terms] for r in read_references(text)]


@pytest.mark.parametrize("text, expected", [
    # an anchor written after a list anchors every address of it
    ("chủ trì các nhiệm vụ tại điểm a, b khoản 1 và điểm a khoản 3 Mục II",
     [[("roman", ("II",), False), ("number", ("1",), False), ("letter", ("a", "b"), False)],
      [("roman", ("II",), False), ("number", ("3",), False), ("letter", ("a",), False)]]),
    ("tại điểm a, c khoản 1 và khoản 3 Mục II",
     [[("roman", ("II",), False), ("number", ("1",), False), ("letter", ("a", "c"), False)],
      [("roman", ("II",), False), ("number", ("3",), False)]]),
    # "mục" names a section or an item: the marker's shape tells which
    ("các nội dung nêu tại mục 2.1, 2.2 và 2.3 khoản 2 Mục II",
     [[("roman", ("II",), False), ("number", ("2",), False), ("subnumber", ("2.1", "2.2", "2.3"), False)]]),
    ("nhiệm vụ số 5 tại Mục II", [[("roman", ("II",), False), ("number", ("5",), False)]]),
    ("từ điểm a đến điểm d khoản 2 Phần III",
     [[("roman", ("III",), False), ("number", ("2",), False), ("letter", ("a", "d"), True)]]),
    ("các khoản 1 - 4 Mục II", [[("roman", ("II",), False), ("number", ("1", "4"), True)]]),
    ("các khoản 1, 2 và 4 Điều 1", [[("article", ("1",), False), ("number", ("1", "2", "4"), False)]]),
    ("phối hợp thực hiện nhiệm vụ tại tiết b điểm 2", [[("number", ("2",), False), ("letter", ("b",), False)]]),
    ("như nêu tại mục III.2.a",
     [[("roman", ("III",), False), ("number", ("2",), False), ("letter", ("a",), False)]]),
    ("nội dung 1.2 mục 1 Mục II",
     [[("roman", ("II",), False), ("number", ("1",), False), ("subnumber", ("1.2",), False)]]),
    # another document's article is not the plan's
    ("theo quy định tại khoản 2 Điều 5 Nghị định số 30/2020/NĐ-CP", []),
    ("các nhiệm vụ tại Mục II Kế hoạch này", [[("roman", ("II",), False)]]),
    ("trong năm 2026, các nhiệm vụ trọng tâm", []),
])
def test_reference_reader(text: str, expected: list) -> None:
    assert _addresses(text) == expected


@pytest.mark.parametrize("clause, timeline", [
    ("thời gian: Quý III/2026", "Quý III/2026"),
    ("hoàn thành trong Quý III/2026", "hoàn thành trong Quý III/2026"),
    ("trình Ủy ban nhân dân tỉnh phê duyệt Kế hoạch cấp tỉnh trong Quý II/2026.",
     "trình Ủy ban nhân dân tỉnh phê duyệt Kế hoạch cấp tỉnh trong Quý II/2026"),
    ("quan trắc chất lượng nước tối thiểu 04 đợt trong năm", None),  # a frequency, not a date
    ("Tổng hợp, báo cáo Ủy ban nhân dân tỉnh kết quả thực hiện trước ngày 15/12/2026", None),  # a report
])
def test_dating_clauses(clause: str, timeline: str | None) -> None:
    assert timeline_of(clause) == timeline


def test_released_s11_k2_tasks_by_reference() -> None:
    gold = json.loads((S11 / "structure" / "k2_tay-ninh.json").read_text(encoding="utf-8"))
    plan = parse(S11 / "plans" / "k2_tay-ninh.pdf")
    score = score_plan(gold, plan)
    assert (score.found, score.lead_right, score.timeline_right) == (15, 15, 15), score.missed_tasks
    assert score.meta_right == score.meta_total  # the issue date wrapped before its year
    for task in gold["tasks"]:
        parsed = next(t for t in plan.tasks if fold(t.task).startswith(fold(task["task_start"])[:40]))
        assert _agency_set(parsed.coordinators) == _agency_set(task["coordinators"]), task["task_start"]
    assert len(plan.tasks) == 15  # the duty sentences that point at items are not tasks of their own


@pytest.mark.parametrize("text, role", [
    ("Sở Công Thương: Là cơ quan thường trực, chủ trì thực hiện các nhiệm vụ tại điểm a khoản 1 Mục II.", "chủ trì"),
    ("Giao Sở Nội vụ (cơ quan tiếp nhận chức năng của Sở Lao động - Thương binh và Xã hội trước đây) chủ trì, "
     "phối hợp với Sở Công Thương thực hiện nhiệm vụ tại điểm a khoản 6 Mục II.", "chủ trì"),
    ("Ban Quản lý Khu kinh tế tỉnh: Phối hợp với Sở Công Thương thực hiện nhiệm vụ tại điểm b khoản 1 Mục II.", "phối hợp"),
    ("Sở Tài chính: Tham mưu Ủy ban nhân dân tỉnh bố trí kinh phí.", "tham mưu"),
    ("Ủy ban nhân dân các xã, phường: Rà soát, thống kê các cơ sở; phối hợp với Sở Y tế …", "thực hiện"),
    ("Nghiên cứu, tham mưu xây dựng các điều kiện cơ sở vật chất.", "thực hiện"),
])
def test_duty_role_read_after_its_holder(text: str, role: str) -> None:
    assert role_of(text) == role


@pytest.mark.parametrize("text, holder", [
    ("Ban Quản lý Khu kinh tế tỉnh cấp phép cho doanh nghiệp trong khu công nghiệp", "Ban Quản lý Khu kinh tế tỉnh"),
    ("Công an Thành phố Hồ Chí Minh điều tra các vụ vi phạm", "Công an Thành phố Hồ Chí Minh"),
    ("Trung tâm Kiểm soát bệnh tật tỉnh xét nghiệm mẫu bệnh phẩm", "Trung tâm Kiểm soát bệnh tật tỉnh"),
    ("Đài Phát thanh và Truyền hình tỉnh và Báo tỉnh đưa tin", "Đài Phát thanh và Truyền hình tỉnh"),
])
def test_duty_subject_ends_with_its_place(text: str, holder: str) -> None:
    assert agency_subjects(text)[0] == holder
