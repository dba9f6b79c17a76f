"""A question typed without diacritics is read like its written twin, on the bundled plans.

Officials type "so nao chu tri …". The reader must restore the words questions are asked in
(which plans seldom use: "sở nào", "lấy từ đâu"), keep the same subject words, and expand
everyday words typed folded ("dung ra" = "đứng ra" → "chủ trì"); the answer then matches the
written question's. Measured over every development set by eval/diacritics_gap.py.
"""

from __future__ import annotations

import pytest

from plan_qa.answering import Assistant
from plan_qa.answering.understanding import content_words
from plan_qa.text.abbreviations import expand_paraphrases
from plan_qa.text.vietnamese import fold_diacritics


@pytest.fixture(scope="module")
def assistant() -> Assistant:
    return Assistant.load()


def test_everyday_words_typed_folded_are_expanded_but_a_folded_syllable_is_not_guessed() -> None:
    assert "chủ trì" in expand_paraphrases("co quan nao dung ra de xuat")
    assert "học tập kinh nghiệm" in expand_paraphrases("di hoc hoi cac dia phuong")
    # "tien" is "tiền", "tiến" or "tiên": a one-syllable word is not read folded
    assert expand_paraphrases("tien do thuc hien") == "tien do thuc hien"


def test_question_words_stay_out_of_the_subject_when_an_accented_name_is_appended() -> None:
    written = "Sở Tài chính có những nhiệm vụ gì về kinh phí thực hiện kế hoạch?"
    folded = fold_diacritics(written) + " (Sở Tài chính)"  # the reader appends names the question abbreviates
    assert content_words(folded) - content_words("Sở Tài chính") == content_words(written) - content_words(
        "Sở Tài chính")


@pytest.mark.parametrize("written", [
    "Sở Công Thương tỉnh Gia Lai phối hợp với những cục nào của Bộ Công Thương?",
    "Ở Hà Nội, Gia Lai và Đồng Tháp, sở nào được giao khuyến khích, hỗ trợ doanh nghiệp khởi nghiệp?",
    "Kinh phí thực hiện kế hoạch môi trường ngành Công Thương Hà Nội lấy từ đâu?",
])
def test_question_words_are_restored_from_the_way_questions_are_asked(assistant: Assistant, written: str) -> None:
    restored = assistant.reader.read(fold_diacritics(written)).restored
    for word in ("nào", "sở nào", "lấy từ đâu"):
        if word in written.lower():
            assert word in restored, restored


@pytest.mark.parametrize(("written", "expected"), [
    ("Cơ quan nào đứng ra đề xuất xây dựng các khu xử lý, tái chế chất thải?", "Sở Nông nghiệp và Môi trường"),
])
def test_a_folded_question_is_answered_like_its_written_twin(assistant: Assistant, written: str,
                                                               expected: str) -> None:
    twin = assistant.ask(written)
    folded = assistant.ask(fold_diacritics(written))
    assert twin.found and expected in twin.answer, twin.answer
    assert folded.found and expected in folded.answer, folded.answer
    assert {c.clause_id for c in folded.citations} & {c.clause_id for c in twin.citations}
