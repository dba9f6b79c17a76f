"""Short forms of any body a corpus names, and reporting asks (issue 14, parts 2 and 3)."""

from __future__ import annotations

import pytest

from plan_qa.answering.initialisms import Initialisms, short_forms
from plan_qa.answering.intents import intent_classifier
from plan_qa.answering.question import QuestionReader
from plan_qa.answering.understanding import answered_as, understand
from plan_qa.data import load_json
from plan_qa.text.restore import DiacriticRestorer
from plan_qa.text.vietnamese import fold_diacritics

BODIES = {"Sở Tài chính", "Sở Khoa học và Công nghệ", "Sở Nông nghiệp và Môi trường", "Sở Văn hóa, Thể thao và Du lịch",
          "Bộ Chỉ huy Quân sự tỉnh", "Công an tỉnh", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh", "Bảo hiểm xã hội tỉnh",
          "Liên đoàn Lao động tỉnh", "Ủy ban nhân dân tỉnh/thành phố", "Ủy ban nhân dân xã, phường"}


@pytest.mark.parametrize("written, body", [
    ("So TC", "Sở Tài chính"), ("S.TC", "Sở Tài chính"), ("STC", "Sở Tài chính"), ("Sở TC", "Sở Tài chính"),
    ("SNN&MT", "Sở Nông nghiệp và Môi trường"), ("SKHCN", "Sở Khoa học và Công nghệ"),
    ("so KH&CN", "Sở Khoa học và Công nghệ"), ("SVHTTDL", "Sở Văn hóa, Thể thao và Du lịch"),
    ("BCHQS", "Bộ Chỉ huy Quân sự tỉnh"), ("CA tỉnh", "Công an tỉnh"), ("CA tinh", "Công an tỉnh"),
    ("UBMTTQ", "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh"), ("BHXH", "Bảo hiểm xã hội tỉnh"),
    ("LĐLĐ", "Liên đoàn Lao động tỉnh"), ("LDLD", "Liên đoàn Lao động tỉnh"),
])
def test_short_forms_follow_the_grammar_of_agency_names(written: str, body: str):
    assert Initialisms(BODIES).find(f"{written} chủ trì những nhiệm vụ gì?") == [body]


def test_a_short_form_two_bodies_share_names_neither():
    assert short_forms("Ủy ban nhân dân xã, phường") == short_forms("Ủy ban nhân dân tỉnh/thành phố") == {"ubnd"}
    assert Initialisms(BODIES).find("UBND làm gì?") == []


def test_ordinary_words_and_two_letter_department_codes_are_not_bodies():
    assert Initialisms(BODIES).find("sở tài chính so sánh TC với năm trước") == []


def test_a_body_only_a_newly_loaded_plan_names_is_found_by_its_initials():
    # no data table lists this body: its short form comes from the name the plan writes
    new = "Trung tâm Xúc tiến Đầu tư, Thương mại và Du lịch"
    reader = QuestionReader(DiacriticRestorer.from_texts([new]), intent_classifier(), {new, "Sở Tài chính"})
    question = reader.read("TTXTĐTTMDL chủ trì những việc gì?")
    assert new in question.agencies


def test_reporting_has_twenty_phrasings_with_and_without_diacritics():
    phrasings = load_json("intent_examples")["intents"]["reporting"]
    assert len(phrasings) >= 20
    assert sum(fold_diacritics(p) == p for p in phrasings) >= 8


@pytest.mark.parametrize("question, path", [
    ("Kết quả thực hiện kế hoạch phải báo cáo về đâu?", "open"),
    ("Các sở gửi kết quả cho ai?", "open"),
    ("Định kỳ báo cáo việc kiểm kê trước ngày nào?", "timeline"),
    ("so tai chinh tong hop bao cao ubnd tinh truoc ngay nao", "timeline"),
    ("bao cao ket qua trien khai gui ve dau", "open"),
])
def test_reporting_asks_are_their_own_ask_answered_from_the_reporting_clause(question: str, path: str):
    folded = fold_diacritics(question).lower()
    chosen, _ = intent_classifier().asked(folded)
    assert chosen[0].name == "reporting"
    assert answered_as(chosen[0].name, folded) == path


def test_the_frame_carries_the_answer_path_of_a_reporting_ask():
    reader = QuestionReader(DiacriticRestorer.from_texts(["Sở Tài chính"]), intent_classifier(), {"Sở Tài chính"})
    frame = understand(reader.read("Sở Tài chính phải gửi báo cáo kết quả trước ngày nào?"))
    assert frame.intent == "timeline"
    assert "reporting" not in [name for name, _ in frame.intents]
