"""The scorer on hand-made answers: accuracy, citations, retrieval, CIs, failures, judgments."""

from __future__ import annotations

from dataclasses import asdict

import pytest

from plan_qa.answering.model import Answer, Citation
from plan_qa.evaluation.aggregate import bootstrap_ci, summarize
from plan_qa.evaluation.dataset import Evidence, QAItem
from plan_qa.evaluation.failures import failures
from plan_qa.evaluation.judgments import JudgmentStore, answer_sha256, compare_with_auto
from plan_qa.evaluation.matching import contains_key, supports_quote, token_f1
from plan_qa.evaluation.scoring import QuestionScore, score_question

QUOTE = "Sở Nông nghiệp và Môi trường chủ trì, phối hợp với các sở, ngành liên quan đề xuất xây dựng các khu xử lý"
LEAD = QAItem(
    id="q001", question="Cơ quan nào chủ trì đề xuất xây dựng các khu xử lý chất thải?",
    type="lead_agency", split="dev", answers=["Sở Nông nghiệp và Môi trường"],
    must_include=["Sở Nông nghiệp và Môi trường"], evidence=[Evidence("000", QUOTE)],
)
TIMELINE = QAItem(
    id="q002", question="Nhiệm vụ tuyên truyền thực hiện khi nào?", type="timeline", split="test",
    answers=["Hằng năm"], must_include=["Hằng năm"],
    evidence=[Evidence("000", "Tuyên truyền, phổ biến nâng cao nhận thức về phát triển công nghiệp môi trường")],
)
COORDINATION = QAItem(
    id="q003", question="Ai phối hợp?", type="coordinating_agencies", split="dev",
    answers=["Ủy ban nhân dân các xã, phường"], must_include=["Ủy ban nhân dân xã, phường"],
    evidence=[Evidence("001", "Các sở, ngành Thành phố; UBND xã, phường")],
)
NONE = QAItem(id="q004", question="Giá vé xe buýt là bao nhiêu?", type="unanswerable", split="test")

GOOD_CLAUSE = {"id": "000:III.2", "plan_id": "000", "locator": "III.2", "text": QUOTE + " chất thải."}
OTHER_CLAUSE = {"id": "000:I.1", "plan_id": "000", "locator": "I.1",
                "text": "Triển khai có hiệu quả mục tiêu phát triển ngành công nghiệp môi trường."}


def cite(clause: dict, ref: int = 1) -> dict:
    return asdict(Citation(ref, clause["id"], clause["plan_id"], "Kế hoạch", "Hà Nội",
                           clause["locator"], clause["text"]))


def ask(item: QAItem, text: str, found: bool, citations=(), retrieved=()) -> QuestionScore:
    answer = Answer(item.question, text, found, "lookup",
                    citations=[Citation(**c) for c in citations], retrieved=list(retrieved))
    return score_question(item, answer.retrieved, 12.0, answer.answer, answer.found,
                          [asdict(c) for c in answer.citations])


# --------------------------------------------------------------------------- answers


def test_correct_answer_with_good_citation():
    score = ask(LEAD, "Sở Nông nghiệp và Môi trường chủ trì [1].", True, [cite(GOOD_CLAUSE)],
                [OTHER_CLAUSE, GOOD_CLAUSE])
    assert score.correct and score.missing == []
    assert score.token_f1 == pytest.approx(2 * (6 / 9) / (6 / 9 + 1))
    assert (score.citation_precision, score.citation_recall) == (1.0, 1.0)
    assert score.first_hit == 2 and score.reciprocal_rank == 0.5
    assert score.recall_at(1) == 0.0 and score.hit_at(1) == 0.0
    assert score.recall_at(10) is None  # only two passages were retrieved
    assert score.context_correct is True


def test_wrong_agency():
    score = ask(LEAD, "Sở Công Thương chủ trì [1].", True, [cite(GOOD_CLAUSE)])
    assert score.correct is False
    assert score.missing == ["Sở Nông nghiệp và Môi trường"]
    assert score.citation_recall == 1.0  # cited the right clause but answered wrong


def test_missing_one_of_several_must_include():
    item = QAItem(id="q005", question="Ai chủ trì, khi nào?", type="timeline", split="dev",
                  answers=["Sở Công Thương, Quý II-IV/2026"],
                  must_include=["Sở Công Thương", "Quý II-IV/2026"], evidence=LEAD.evidence)
    score = ask(item, "Sở Công Thương chủ trì.", True)
    assert not score.correct and score.missing == ["Quý II-IV/2026"]
    assert ask(item, "Sở Công Thương chủ trì, thời gian Quý II - IV/2026.", True).correct


def test_quarter_key_without_its_word_matches_the_plans_spelling():
    item = QAItem(id="q006", question="Khi nào xong?", type="timeline", split="dev",
                  answers=["Quí IV-2025"], must_include=["IV-2025"], evidence=LEAD.evidence)
    assert ask(item, "Thời gian thực hiện: Quí IV-2025 [1].", True).correct
    assert ask(item, "Thời gian thực hiện: Quý IV/2025 [1].", True).correct
    assert not ask(item, "Thời gian thực hiện: Quý III/2025 [1].", True).correct


def test_correct_refusal_on_unanswerable():
    score = ask(NONE, "Không tìm thấy thông tin này trong các kế hoạch.", False)
    assert score.correct is True
    assert score.token_f1 is None and score.citation_precision is None


def test_wrong_refusal_on_answerable():
    score = ask(LEAD, "Không tìm thấy thông tin. Sở Nông nghiệp và Môi trường có thể liên quan.", False)
    assert score.correct is False  # found=False on an answerable question, even with the key text
    assert score.token_f1 == 0.0


def test_confident_answer_on_unanswerable():
    score = ask(NONE, "Giá vé là 7.000 đồng [1].", True, [cite(OTHER_CLAUSE)])
    assert score.correct is False
    assert score.citation_precision is None  # no gold evidence to judge citations against


def test_bad_citation():
    score = ask(LEAD, "Sở Nông nghiệp và Môi trường chủ trì [1][2].", True,
                [cite(OTHER_CLAUSE, 1), cite(GOOD_CLAUSE, 2)])
    assert score.correct
    assert score.citation_precision == 0.5 and score.citation_recall == 1.0
    only_bad = ask(LEAD, "Sở Nông nghiệp và Môi trường chủ trì [1].", True, [cite(OTHER_CLAUSE)])
    assert (only_bad.citation_precision, only_bad.citation_recall) == (0.0, 0.0)


def test_citation_from_another_plan_does_not_count():
    elsewhere = {**GOOD_CLAUSE, "plan_id": "004"}
    score = ask(LEAD, "Sở Nông nghiệp và Môi trường chủ trì [1].", True, [cite(elsewhere)])
    assert score.citation_precision == 0.0


def test_hang_nam_variants():
    for text in ("Thực hiện hàng năm [1].", "Thực hiện HẰNG NĂM.", "hằng   năm"):
        assert ask(TIMELINE, text, True).correct, text


def test_ubnd_variants():
    for text in ("UBND các xã, phường phối hợp.", "Uỷ ban nhân dân xã, phường phối hợp.",
                 "**UBND** xã,  phường"):
        assert ask(COORDINATION, text, True).correct, text


@pytest.mark.parametrize(
    ("text", "key"),
    [
        ("Hoàn thành trước ngày 01/1/2026", "1/1/2026"),
        ("ngày 4 tháng 9 năm 2025", "04/9/2025"),
        ("công nghiệp hoá", "công nghiệp hóa"),
        ("Sở NN&MT chủ trì", "Sở Nông nghiệp và Môi trường"),
        ("SCT chủ trì", "Sở Công Thương"),
        ("đạt 20 %", "20%"),
        ("Quý I- IV/2026", "Quý I - IV/2026"),
        ("ban hành ngày 19/11/2025", "19 tháng 11 năm 2025"),
        ("hạn chót 15/11 hằng năm", "15 tháng 11"),
        ("hoàn thành trong Quý IV/2025", "Quí IV-2025"),
        ("trong quý II năm 2026", "Quý II/2026"),
    ],
)
def test_spelling_variants_match(text, key):
    assert contains_key(text, key)


def test_whole_words_only():
    assert not contains_key("đạt 120%", "20%")
    assert not contains_key("ngày 19/11/2025", "9/11/2025")
    assert not contains_key("trong 3 tháng năm 2026", "3/2026")
    assert not contains_key("Sở Công Thương", "Công Thương Hà Nội")


def test_token_f1():
    assert token_f1("Sở Công Thương", "sở công thương") == 1.0
    assert token_f1("", "x") == 0.0


def test_quote_overlap_needs_a_contiguous_run():
    assert supports_quote("1. **Sở Nông nghiệp và  Môi trường** chủ trì, phối hợp với các sở, ngành "
                          "liên quan đề xuất xây dựng các khu xử lý chất thải.", QUOTE)
    # half the quote, contiguous: the clause was split at "liên quan"
    assert supports_quote("Sở Nông nghiệp và Môi trường chủ trì, phối hợp với các sở, ngành", QUOTE)
    assert not supports_quote("Sở Nông nghiệp và Môi trường chủ trì, phối hợp", QUOTE)
    # the same words scattered: not evidence
    scattered = "các khu phối hợp với ngành xử lý và Môi trường, sở liên quan chủ trì Nông nghiệp"
    assert not supports_quote(scattered, QUOTE)
    assert supports_quote("| Tuyên truyền, phổ biến |\n nâng cao nhận thức về phát triển công nghiệp môi trường |",
                          TIMELINE.evidence[0].quote)


def test_context_upper_bound_for_retrieval_only_systems():
    score = score_question(LEAD, [OTHER_CLAUSE, GOOD_CLAUSE], 3.0)
    assert score.correct is None and score.context_correct is True
    assert score_question(NONE, [OTHER_CLAUSE], 3.0).context_correct is None


# --------------------------------------------------------------------------- aggregation


def test_bootstrap_ci_is_deterministic():
    values = [1.0, 0.0, 1.0, 1.0, 0.0, 1.0, 1.0, 1.0, 0.0, 1.0]
    first, second = bootstrap_ci(values), bootstrap_ci(values)
    assert first == second
    low, high = first
    assert 0.0 <= low < 0.7 < high <= 1.0
    continuous = [((i * 37) % 101) / 101 for i in range(50)]
    assert bootstrap_ci(continuous, seed=1) != bootstrap_ci(continuous)
    assert bootstrap_ci([]) is None


def test_summary_counts_each_metric_where_defined():
    scored = [
        (LEAD, ask(LEAD, "Sở Nông nghiệp và Môi trường [1]", True, [cite(GOOD_CLAUSE)], [GOOD_CLAUSE])),
        (TIMELINE, ask(TIMELINE, "Không tìm thấy.", False)),
        (NONE, ask(NONE, "Không tìm thấy.", False)),
    ]
    summary = summarize(scored)
    metrics = summary["metrics"]
    assert metrics["accuracy"]["value"] == pytest.approx(2 / 3) and metrics["accuracy"]["n"] == 3
    assert metrics["answerable_accuracy"]["value"] == 0.5
    assert metrics["refusal_accuracy"] == {"value": 1.0, "n": 1, "ci": [1.0, 1.0]}
    assert metrics["citation_precision"]["n"] == 1  # only the answer that cited something
    assert metrics["mrr"]["value"] == 0.5
    assert summary["latency_ms"]["p50"] == 12.0


def _row(qid: str, qtype: str, found: bool, correct: bool, missing=(), f1=None, recall=None) -> dict:
    scores = {"correct": correct, "missing": list(missing), "token_f1": f1, "citation_recall": recall}
    return {"id": qid, "type": qtype, "systems": {"plan_qa": {"found": found, "error": None, "scores": scores}}}


def test_failures_worst_first():
    rows = [
        _row("q1", "lead_agency", True, True, f1=1.0, recall=1.0),
        _row("q2", "lead_agency", False, False, f1=0.0),
        _row("q3", "unanswerable", True, False),
        _row("q4", "timeline", True, False, ["Hằng năm"], f1=0.6),
        _row("q5", "timeline", True, False, ["Hằng năm"], f1=0.2),
        _row("q6", "lead_agency", True, True, f1=1.0, recall=0.0),
        _row("q7", "unanswerable", False, True),
    ]
    assert [r["id"] for r in failures(rows)] == ["q3", "q5", "q4", "q2", "q6"]


# --------------------------------------------------------------------------- judgments


def test_judgments_round_trip(tmp_path):
    store = JudgmentStore(tmp_path / "sub" / "judgments.sqlite")
    assert store.get("q001", "x") is None and store.all() == []
    store.record("q001", "Sở Công Thương chủ trì.", False, " sai cơ quan ")
    store.record("q002", "Hằng năm.", True)
    again = JudgmentStore(tmp_path / "sub" / "judgments.sqlite")
    judged = again.get("q001", "Sở Công Thương chủ trì.")
    assert judged is not None and judged.right is False and judged.comment == "sai cơ quan"
    assert judged.answer_sha256 == answer_sha256("Sở Công Thương chủ trì.")
    assert again.get("q001", "Một câu trả lời khác.") is None
    again.record("q001", "Sở Công Thương chủ trì.", True, "chấm lại")
    assert len(again.all()) == 2 and again.get("q001", "Sở Công Thương chủ trì.").right


def test_human_vs_auto(tmp_path):
    store = JudgmentStore(tmp_path / "judgments.sqlite")
    store.record("q001", "A", True)
    store.record("q002", "B", True)
    store.record("q003", "old answer", False)
    compared = compare_with_auto([("q001", "A", True), ("q002", "B", False), ("q003", "new", True)], store)
    assert compared["judged"] == 2 and compared["stale"] == 1
    assert compared["agreement"] == 0.5
    assert compared["human_accuracy"] == 1.0 and compared["auto_accuracy"] == 0.5
