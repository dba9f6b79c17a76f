"""A near miss is said: the plan speaks of the subject but gives no deadline for it (real Lai Châu plan)."""

from __future__ import annotations

import pytest

from plan_qa.answering import Assistant
from plan_qa.answering.answerability import QUESTION_FEATURES
from plan_qa.answering.unstated import said_anyway, unstated_field, unstated_line

from conftest import realplans_assistant

PLANS = ("lai-chau_7360-KH-UBND.md",)


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return realplans_assistant(tmp_path_factory, PLANS)


def _rows(assistant: Assistant, timed: bool):
    return [row for row in assistant.plans[next(iter(assistant.plans))].tasks if bool(row.timeline) == timed]


def _near_miss(assistant: Assistant, question: str):
    reading = assistant._read(question, None, None, None)
    vector = assistant.embedder.encode_queries([reading.dense_query])
    candidates, features = assistant.candidates(reading, reading.scope, vector)
    subject = reading.subject
    weights = assistant.vocabulary.within(list(assistant.plans))
    return unstated_field(reading.frame.intent, subject, set(), candidates, features, assistant.support,
                          assistant.rows, assistant.duties, weights), candidates, features, reading


def test_a_task_row_without_a_deadline_is_the_near_miss_of_a_when_question(assistant: Assistant) -> None:
    untimed, timed = _rows(assistant, False), _rows(assistant, True)
    assert untimed and timed, "the Lai Châu plan has task rows with and without a deadline"
    task = untimed[0].task.rstrip(". ")
    near, _, _, reading = _near_miss(assistant, f"Việc {task[:1].lower() + task[1:]} phải hoàn thành khi nào?")
    assert reading.frame.intent == "timeline"
    assert near is not None and assistant.rows[near.document.id].task == untimed[0].task
    line = unstated_line("timeline", near, set(), reading.subject, "Kế hoạch 7360")
    assert "không ghi thời hạn" in line and "[1]" in line


def test_a_task_row_with_its_deadline_is_no_near_miss(assistant: Assistant) -> None:
    task = _rows(assistant, True)[0].task.rstrip(". ")
    near, *_ = _near_miss(assistant, f"Việc {task[:1].lower() + task[1:]} phải hoàn thành khi nào?")
    assert near is None


def test_the_near_miss_is_a_feature_of_the_decision(assistant: Assistant) -> None:
    untimed = _rows(assistant, False)[0].task.rstrip(". ")
    timed = _rows(assistant, True)[0].task.rstrip(". ")
    rows = {}
    for name, task in (("untimed", untimed), ("timed", timed)):
        _, candidates, features, reading = _near_miss(assistant, f"Khi nào phải xong việc {task[:1].lower() + task[1:]}?")
        rows[name] = dict(zip(QUESTION_FEATURES, assistant.answerability_features(reading, reading.scope, candidates,
                                                                                 features)))
    assert rows["untimed"]["matched_states_field"] == 0.0 and rows["timed"]["matched_states_field"] == 1.0
    assert rows["untimed"]["near_miss"] > rows["timed"]["near_miss"]


def test_a_refusal_does_not_say_a_deadline_is_missing_when_the_clause_states_a_time() -> None:
    # a duration, and a deadline that a table without ruling lines left in the lead cell
    assert said_anyway("timeline", "Xử lý các điểm nước tù đọng trong 24-48 giờ sau khi nước rút.", set())
    assert said_anyway("timeline", "Đơn vị chủ trì: UBND phường Cái Răng Sở Xây dựng Tháng 6/2026", set())
    assert not said_anyway("timeline", "Rà soát văn bản quy phạm pháp luật liên quan.", set())


def test_a_refusal_names_a_missing_year_only_when_no_sentence_gives_that_year() -> None:
    text = "Tỷ lệ tiêm phòng đạt trên 80% tổng đàn; năm 2026 đạt 70%."
    assert said_anyway("target", text, {2026})
    assert not said_anyway("target", text, {2024})
    assert not said_anyway("budget", "Lắp đặt 150 trạm cảnh báo sớm.", set())


def test_a_when_question_about_a_row_without_a_deadline_is_not_answered(assistant: Assistant) -> None:
    """Answered from the row or refused by the gate, the plan's silence is said, never as an answer."""
    task = _rows(assistant, False)[0].task.rstrip(". ")
    answer = assistant.ask(f"Thời hạn hoàn thành việc {task[:1].lower() + task[1:]} là khi nào?")
    assert not answer.found
    assert "không ghi thời hạn" in answer.answer or "không nêu" in answer.answer
