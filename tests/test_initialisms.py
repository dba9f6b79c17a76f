"""Short forms of any body a corpus names (issue 14, part 3)."""

from __future__ import annotations

import pytest

from plan_qa.answering.initialisms import Initialisms, short_forms
from plan_qa.answering.intents import intent_classifier
from plan_qa.answering.question import QuestionReader
from plan_qa.text.restore import DiacriticRestorer

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
