"""Similar tasks, plan alignment, conflicts and agency workload on the real corpus and embedder."""

from __future__ import annotations

import json

import pytest
import typer
from typer.testing import CliRunner

from plan_qa.comparison.align import compare
from plan_qa.comparison.cli import register
from plan_qa.comparison.conflicts import CONTRADICTION, OTHER_PERIOD, conflicts, timelines_can_both_hold, years
from plan_qa.comparison.differences import normalize_timeline
from plan_qa.comparison.similar import NO_COUNTERPART, TaskMatcher
from plan_qa.comparison.workload import agency_workload, resolve_agency
from plan_qa.embeddings import load_embedder
from plan_qa.parsing import Plan

# Hà Nội 000 appendix row → Đồng Tháp 004 appendix row (the gold); rows 5 and 10 have none.
GOLD = {1: 1, 2: 2, 3: 3, 4: 4, 6: 5, 7: 6, 8: 7, 9: 8}
UNMATCHED = {5, 10}


@pytest.fixture(scope="session")
def matcher(plans: dict[str, Plan]) -> TaskMatcher:
    return TaskMatcher(list(plans.values()), load_embedder())


@pytest.fixture(scope="session")
def app() -> typer.Typer:
    app = typer.Typer()
    register(app)
    return app


def test_alignment_gold_precision_and_recall(matcher: TaskMatcher) -> None:
    alignment = compare(matcher, "000", "004")
    found = {(p.a.row, p.b.row) for p in alignment.pairs}
    gold = set(GOLD.items())
    precision = len(found & gold) / len(found)
    recall = len(found & gold) / len(gold)
    assert (precision, recall) == (1.0, 1.0)
    assert {item.row for item in alignment.only_a} == UNMATCHED
    assert alignment.only_b == ()
    assert all(p.a.kind == p.b.kind == "row" for p in alignment.pairs)


def test_alignment_differences_ignore_spelling_and_note_provinces(matcher: TaskMatcher) -> None:
    pairs = {p.a.row: p for p in compare(matcher, "000", "004").pairs}
    assert (pairs[1].a.timeline, pairs[1].b.timeline) == ("Hằng năm", "Hàng năm")
    assert pairs[1].differences == ()  # Hằng năm = Hàng năm
    assert "Ban Quản lý các khu công nghệ cao và khu công nghiệp" in pairs[4].a.coordinators
    assert pairs[4].differences == ()  # same kind of body in both provinces
    assert "Hà Nội" in pairs[4].note and "Đồng Tháp" in pairs[4].note


def test_alignment_json_shape(matcher: TaskMatcher) -> None:
    data = json.loads(json.dumps(compare(matcher, "001", "003").to_dict(), ensure_ascii=False))
    assert set(data) >= {"pairs", "only_a", "only_b"}
    pair = data["pairs"][0]
    for task in (pair["a"], pair["b"]):
        assert set(task) >= {"plan_id", "row", "locator", "task", "lead", "coordinators", "timeline"}
    assert isinstance(pair["score"], float) and isinstance(pair["differences"], list)


def test_alignment_of_plan_without_appendix_uses_duties(matcher: TaskMatcher) -> None:
    alignment = compare(matcher, "002", "004")
    kinds_a = {p.a.kind for p in alignment.pairs} | {x.kind for x in alignment.only_a}
    assert kinds_a == {"duty"}
    assert any(x.kind == "duty" for x in alignment.only_b) or any(p.b.kind == "duty" for p in alignment.pairs)
    b_ids = [p.b.id for p in alignment.pairs]
    assert len(b_ids) == len(set(b_ids))  # one-to-one


def test_similar_finds_dong_thap_counterpart_first(matcher: TaskMatcher) -> None:
    for row_a, row_b in GOLD.items():
        (group,) = matcher.similar(f"000:PL.r{row_a}", provinces=["Đồng Tháp"]).groups
        assert group.matches, row_a
        best = group.matches[0].item
        assert (best.plan_id, best.row) == ("004", row_b)


@pytest.mark.parametrize("row", sorted(UNMATCHED))
@pytest.mark.parametrize("include_duties", [None, True])
def test_similar_says_no_counterpart(matcher: TaskMatcher, row: int, include_duties: bool | None) -> None:
    (group,) = matcher.similar(f"000:PL.r{row}", provinces=["dong thap"], include_duties=include_duties).groups
    assert group.matches == []
    assert group.to_dict()["message"] == NO_COUNTERPART


def test_similar_id_excludes_own_plan_and_groups_by_plan(matcher: TaskMatcher) -> None:
    result = matcher.similar("000:PL.r4")
    assert result.source is not None and result.source.lead == ("Sở Nông nghiệp và Môi trường",)
    assert [g.plan_id for g in result.groups] == ["004", "002", "001", "003"]  # Đồng Tháp, Gia Lai, Hà Nội
    first = result.groups[0].matches[0]
    assert first.item.id == "004:PL.r4" and first.item.locator == "Phụ lục, dòng 4"
    assert first.item.lead == ("Sở Nông nghiệp và Môi trường",) and first.item.timeline == "Hàng năm"


def test_similar_free_text_returns_gia_lai_duty(matcher: TaskMatcher) -> None:
    result = matcher.similar("xúc tiến thương mại, tổ chức hội chợ cho doanh nghiệp")
    gia_lai = next(g for g in result.groups if g.plan_id == "002")
    best = gia_lai.matches[0].item
    assert (best.id, best.kind, best.lead, best.timeline) == ("002:IV.1.-3", "duty", ("Sở Công Thương",), None)
    assert best.locator == "IV.1, gạch đầu dòng 3"


def test_similar_filters(matcher: TaskMatcher) -> None:
    result = matcher.similar("xây dựng khu xử lý, tái chế chất thải", provinces=["ha noi"], k=2)
    assert {g.province for g in result.groups} == {"Hà Nội"}
    assert all(len(g.matches) <= 2 for g in result.groups)
    only = matcher.similar("xây dựng khu xử lý, tái chế chất thải", plan="004", min_score=0.0, k=5)
    assert [g.plan_id for g in only.groups] == ["004"] and len(only.groups[0].matches) == 5
    strict = matcher.similar("000:PL.r1", min_score=0.999)
    assert [m.item.id for g in strict.groups for m in g.matches] == ["004:PL.r1"]
    with pytest.raises(ValueError, match="Không có nhiệm vụ mã"):
        matcher.similar("000:PL.r99")


def test_hanoi_conflicts_found_with_both_citations(matcher: TaskMatcher) -> None:
    found = {(c.pair.a.id, c.pair.b.id): c for c in conflicts(matcher, province="Hà Nội")}
    legal = found[("001:PL.r1", "003:PL.r1")]  # phổ biến pháp luật về bảo vệ môi trường
    assert legal.fields == ("timeline",)
    assert (legal.pair.a.timeline, legal.pair.b.timeline) == ("Quý II-IV/2026", "Hàng năm")
    assert (legal.pair.a.locator, legal.pair.b.locator) == ("Phụ lục, dòng 1", "Phụ lục, dòng 1")
    assert {d.field for d in legal.pair.differences} == {"timeline", "coordinators"}
    sustainable = found[("001:PL.r3", "003:PL.r2")]  # KH sản xuất và tiêu dùng bền vững
    assert sustainable.fields == ("timeline",) and "tiêu dùng bền vững" in sustainable.pair.b.task
    assert ("001:PL.r4", "003:PL.r3") in found  # KH năng lượng tiết kiệm và hiệu quả, same pattern
    assert ("001:PL.r2", "003:PL.r4") not in found  # different plans: not the same task
    assert conflicts(matcher, province="Đồng Tháp") == []


def test_one_year_plan_inside_its_parent_is_another_period_not_a_contradiction(matcher: TaskMatcher) -> None:
    found = {(c.pair.a.id, c.pair.b.id): c for c in conflicts(matcher, province="Hà Nội")}
    legal = found[("001:PL.r1", "003:PL.r1")]  # "Quý II-IV/2026" (plan 2026) vs "Hàng năm" (plan 2026–2030)
    assert legal.kind == OTHER_PERIOD and legal.to_dict()["kind"] == "khác kỳ kế hoạch"
    assert all(c.kind != CONTRADICTION for c in found.values())  # the bundled Hà Nội plans never contradict
    assert years("Quý II-IV/2026") == {2026} and years("2026 - 2028") == {2026, 2027, 2028}
    assert timelines_can_both_hold("Quý II-IV/2026", "Hằng năm", {2026}, set(range(2026, 2031)))
    assert not timelines_can_both_hold("Năm 2026", "Năm 2027", {2026}, set(range(2026, 2031)))  # one-off deadlines
    assert timelines_can_both_hold("Quý II", "Năm 2027", set(), set())  # no year on one side: not provable


def test_agency_workload_by_hand(plans: dict[str, Plan]) -> None:
    interior = agency_workload(list(plans.values()), "Sở Nội vụ")
    assert [(a.item.plan_id, a.item.row, a.role) for a in interior.assignments] == [
        ("004", 8, "chủ trì"), ("000", 9, "chủ trì")]
    assert resolve_agency("SCT") == resolve_agency("so cong thuong") == "Sở Công Thương"
    assert resolve_agency("Sở NN&MT") == "Sở Nông nghiệp và Môi trường"
    industry = agency_workload(list(plans.values()), "SCT", provinces=["Đồng Tháp"])
    roles = {a.item.id: a.role for a in industry.assignments}
    assert {a.item.plan_id for a in industry.assignments} == {"004"}
    assert roles["004:PL.r5"] == "chủ trì" and roles["004:PL.r3"] == "phối hợp"
    assert roles["004:V.2.-2"] == "chủ trì" and roles["004:V.2.-3"] == "thực hiện"
    everywhere = {a.item.id: a.role for a in agency_workload(list(plans.values()), "Sở Công Thương").assignments}
    assert everywhere["002:IV.1.-3"] == "thực hiện" and everywhere["001:PL.r1"] == "chủ trì"
    assert everywhere["003:V.2.e"] == "được nêu tên"  # "Phối hợp với Sở Công Thương …" of Sở NN&MT
    with pytest.raises(ValueError, match="Không nhận ra cơ quan"):
        agency_workload(list(plans.values()), "Bộ Ngoại giao xyz")


def test_duty_tasks_take_lead_and_timeline_from_the_text(matcher: TaskMatcher) -> None:
    budget = matcher.item("002:IV.2.-2")
    assert budget.lead == ("Sở Tài chính",) and budget.timeline == "Hằng năm"
    attract = matcher.item("002:IV.1.-2")  # role phối hợp: no lead, the agency coordinates
    assert attract.lead == () and attract.coordinators[0] == "Sở Công Thương"
    assert normalize_timeline("Quý I- IV/2026") == normalize_timeline("Quý I-IV/2026")
    assert normalize_timeline("Hằng năm") == normalize_timeline("Hàng năm")


def test_cli_commands(app: typer.Typer) -> None:
    runner = CliRunner()
    compared = runner.invoke(app, ["compare", "000", "004", "--json"])
    assert compared.exit_code == 0, compared.output
    data = json.loads(compared.stdout)
    assert len(data["pairs"]) == 8 and [t["row"] for t in data["only_a"]] == [5, 10]
    table = runner.invoke(app, ["similar", "000:PL.r5", "--province", "Đồng Tháp"], env={"COLUMNS": "200"})
    assert table.exit_code == 0 and NO_COUNTERPART in table.stdout
    agency = runner.invoke(app, ["agency", "SCT", "--province", "Đồng Tháp", "--json"])
    assert json.loads(agency.stdout)["agency"] == "Sở Công Thương"
    unknown = runner.invoke(app, ["compare", "000", "999"])
    assert unknown.exit_code == 2 and "Không có kế hoạch mã 999" in unknown.stdout
