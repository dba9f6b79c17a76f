"""Tasks assigned in sentences ("Sở Y tế chủ trì, phối hợp với … ; hoàn thành trước …"), read on the
released blind plans of session 5 and checked for phantom rows on the 22 real plans.

The s5 plans (eval/blind_2026-11-27-s5/plans) were scored unseen, then released as development data:
p4_phu-tho.html's 13 sentence-assigned tasks were read and this reader built for them, so these figures
are tuned ones. The real plans' gold counts every task row: a sentence reader that reads duties or
running text as tasks would give more rows than the gold has.
"""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from plan_qa.corpus import parse
from plan_qa.evaluation.structure import _agency_set, fold, score_plan
from plan_qa.parsing.sentences import sentence_assignment, split_sentences

ROOT = Path(__file__).resolve().parents[1]
S5 = ROOT / "eval" / "blind_2026-11-27-s5"
REALPLANS = Path(__file__).resolve().parents[2] / "shared" / "realplans"


def _coordinators_right(gold: dict, plan) -> int:
    used: set[int] = set()
    right = 0
    for task in gold["tasks"]:
        start = fold(task["task_start"])[:40]
        match = next(i for i, t in enumerate(plan.tasks) if i not in used and fold(t.task).startswith(start))
        used.add(match)
        right += _agency_set(plan.tasks[match].coordinators) == _agency_set(task["coordinators"])
    return right


@pytest.mark.parametrize("name", sorted(p.stem for p in (S5 / "structure").glob("*.json")))
def test_released_unseen_plans_every_task_with_lead_timeline_and_coordinators(name: str) -> None:
    gold = json.loads((S5 / "structure" / f"{name}.json").read_text(encoding="utf-8"))
    plan = parse(S5 / "plans" / gold["file"])
    score = score_plan(gold, plan)
    assert score.missed_tasks == [], name
    assert (score.lead_right, score.timeline_right) == (score.found, score.found), name
    assert _coordinators_right(gold, plan) == len(gold["tasks"]), name
    assert len(plan.tasks) == len(gold["tasks"]), name  # no phantom row


@pytest.mark.skipif(not REALPLANS.is_dir(), reason="../shared/realplans (real plans for development) is absent")
def test_no_real_plan_gets_more_task_rows_than_its_gold() -> None:
    extra = {}
    for path in sorted((ROOT / "eval" / "realplans" / "structure").glob("*.json")):
        gold = json.loads(path.read_text(encoding="utf-8"))
        plan = parse(REALPLANS / gold["file"])
        if len(plan.tasks) > len(gold["tasks"]):
            extra[gold["file"]] = [t.task[:60] for t in plan.tasks][len(gold["tasks"]):]
    assert extra == {}


@pytest.mark.skipif(not REALPLANS.is_dir(), reason="../shared/realplans (real plans for development) is absent")
def test_coordinators_named_in_the_task_text_of_a_real_plan() -> None:
    """quang-ngai_1627: the lead is the heading's body, the coordinators are in the task's own words ("Phối hợp
    với các cơ quan chuyên môn có liên quan hướng dẫn …", "Sở Tài chính phối hợp Ban Quản lý Khu kinh tế …:");
    "Phối hợp hướng dẫn các cơ quan, …" names none (a verb follows)."""
    gold = json.loads((ROOT / "eval" / "realplans" / "structure" / "quang-ngai_1627-QĐ-UBND.json").read_text(encoding="utf-8"))
    plan = parse(REALPLANS / gold["file"])
    assert _coordinators_right(gold, plan) == len(gold["tasks"])
    assert [t.coordinators for t in plan.tasks if t.task.startswith("Phối hợp hướng dẫn")] == [[]]


def test_subject_with_lead_verb_coordinators_and_dating_clause() -> None:
    fields = sentence_assignment("Công an tỉnh chủ trì, phối hợp với Đội Quản lý thị trường khu vực và các cơ quan liên quan "
                                 "đấu tranh, triệt phá các đường dây buôn lậu; thực hiện thường xuyên trong năm 2026.")
    assert fields is not None
    assert (fields["lead"], fields["timeline"]) == ("Công an tỉnh", "thực hiện thường xuyên trong năm 2026")
    assert fields["coordinators"] == "Đội Quản lý thị trường khu vực và các cơ quan liên quan"


def test_sentences_that_assign_nothing() -> None:
    # a subject with no lead verb and no completion clause; a coordinating subject alone; no body at all
    assert sentence_assignment("Các xã, phường bố trí cán bộ hướng dẫn người dân nộp hồ sơ trực tuyến.") is None
    assert sentence_assignment("Các doanh nghiệp viễn thông phối hợp các đơn vị liên quan triển khai kế hoạch.") is None
    assert sentence_assignment("Nâng cao chất lượng dịch vụ công; hoàn thành trước ngày 30/6/2026.") is None
    # in a duty section a standing duty is no task, a dated one led with "chủ trì" is
    duty = "Sở Y tế chủ trì, phối hợp với các sở, ngành theo dõi, đôn đốc thực hiện Kế hoạch."
    assert sentence_assignment(duty) is not None and sentence_assignment(duty, duty=True) is None
    assert sentence_assignment("Sở Nội vụ chủ trì tham mưu kiện toàn Ban Chỉ đạo; hoàn thành trước ngày 31/01/2027.",
                               duty=True) is not None


def test_sentences_split_at_a_full_stop_not_after_an_abbreviation() -> None:
    text = "Kinh phí do TP. Hồ Chí Minh bố trí. Sở Tài chính chủ trì thẩm định; hoàn thành trước ngày 31/3/2026."
    assert split_sentences(text) == ["Kinh phí do TP. Hồ Chí Minh bố trí.",
                                     "Sở Tài chính chủ trì thẩm định; hoàn thành trước ngày 31/3/2026."]


def test_timeline_in_a_parenthesis_or_a_closing_time_phrase() -> None:
    """"(hoàn thành trong tháng 3/2026)" and "… sơ kết trong tháng 6/2026" date the task; only a clause of its
    own makes a completion (a standing duty's "… báo cáo trước ngày 15/12" in a duty section is no task)."""
    bracket = sentence_assignment("Giao Sở Nội vụ chủ trì tham mưu thành lập Ban Chỉ đạo (hoàn thành trong tháng 3/2026).")
    assert bracket is not None and bracket["timeline"] == "hoàn thành trong tháng 3/2026"
    closing = sentence_assignment("Sở Y tế chủ trì tổ chức hội nghị sơ kết trong tháng 6/2026.")
    assert closing is not None and closing["timeline"] == "trong tháng 6/2026"
    assert "timeline" not in (sentence_assignment("Sở Y tế chủ trì triển khai đến năm 2030.") or {"timeline": 1})
    assert sentence_assignment("Sở Y tế chủ trì tổng hợp, báo cáo Ủy ban nhân dân tỉnh trước ngày 15/12.", duty=True) is None
