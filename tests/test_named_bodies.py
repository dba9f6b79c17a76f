"""A question naming a body — by its name, an abbreviation or its pre-2025 name — reads it as the
body the plans use and retrieves the clauses that body holds (real plans of the train split)."""

from __future__ import annotations

import pytest

from plan_qa.answering import Assistant
from plan_qa.answering.assistant import RETRIEVE_K
from conftest import realplans_assistant
from plan_qa.retrieval.holders import body_key

PLANS = ("dak-lak_0129-KH-UBND.md", "son-la_2954-QĐ-UBND.md")


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return realplans_assistant(tmp_path_factory, PLANS)


def _top_holders(assistant: Assistant, question: str, k: int = 5) -> list[str]:
    """The duty holders of the top k clauses the assistant retrieves for the question."""
    reading = assistant._read(question, None, None, None)
    vector = assistant.embedder.encode_queries([reading.dense_query])
    hits = assistant.retriever.search(reading.query, k=RETRIEVE_K, province=reading.scope.provinces or None,
                                      plan=reading.scope.plan_id, vector=vector, prepared=True, held=reading.held)
    duties = assistant.duties
    return [duties[h.document.id].agency for h in hits[:k] if h.document.id in duties]


def test_body_key_drops_the_place_and_the_plural() -> None:
    assert body_key("Công an tỉnh Đồng Nai") == "cong an"
    assert body_key("Bộ Chỉ huy Quân sự tỉnh:") == "bo chi huy quan su"
    assert body_key("Các doanh nghiệp viễn thông") == "doanh nghiep vien thong"


def test_abbreviations_and_old_names_become_the_plans_names(assistant: Assistant) -> None:
    army = assistant.reader.read("BCHQS tỉnh Đắk Lắk làm gì khi có mưa lũ?")
    assert "Bộ Chỉ huy Quân sự" in army.expanded and "BCHQS" in army.expanded
    glued = assistant.reader.read("SCT Sơn La báo cáo những gì?")
    assert glued.agencies == ["Sở Công Thương"] and "Sở Công Thương" in glued.restored
    old = assistant.reader.read("Sở KH&ĐT Sơn La có nhiệm vụ gì?")
    assert old.agencies == ["Sở Tài chính"] and [r.new for r in old.renamed] == ["Sở Tài chính"]
    assert "(Sở Tài chính)" in old.expanded and "Kế hoạch và Đầu tư" not in old.expanded


def test_a_named_body_retrieves_its_own_duties(assistant: Assistant) -> None:
    holders = _top_holders(assistant, "Sở Ngoại vụ Sơn La phải làm những gì cho hoạt động xuất khẩu?")
    assert holders and holders.count("Sở Ngoại Vụ") >= 1, holders
    army = _top_holders(assistant, "BCHQS tỉnh Đắk Lắk được phân công việc gì khi cứu trợ người dân vùng lũ?")
    assert "Bộ Chỉ huy Quân sự tỉnh" in army, army


def test_a_question_naming_no_body_raises_nothing(assistant: Assistant) -> None:
    reading = assistant._read("Tổng thiệt hại do mưa lũ ở Đắk Lắk ước tính bao nhiêu?", None, None, None)
    assert reading.held == set()


def test_hyphenated_abbreviation_is_one_name_not_an_unknown_body() -> None:
    """"Sở VH-TT&DL" is the Sở of culture, sports and tourism: its name must not be cut at the hyphen
    ("Sở VH"), which no plan contains and which the assistant would then report as an unknown body."""
    from plan_qa.answering.assistant import unknown_bodies

    corpus = "so van hoa, the thao va du lich chu tri"
    assert unknown_bodies("Sở VH-TT&DL chủ trì những việc gì?", corpus) == []
    assert unknown_bodies("Sở VH - TT&DL chủ trì những việc gì?", corpus) == []
    assert unknown_bodies("Sở Hàng không chủ trì những việc gì?", corpus) == ["Sở Hàng"]


def test_an_abbreviated_body_outside_the_name_table_gets_all_its_duties(assistant: Assistant) -> None:
    # "BCHQS tỉnh" is "Bộ Chỉ huy Quân sự tỉnh", whose two duty bullets sit under its bold heading.
    answer = assistant.ask("BCHQS tỉnh Đắk Lắk được giao gì trong kế hoạch hỗ trợ nhu yếu phẩm cho dân vùng lũ?")
    assert answer.found and "Bộ Chỉ huy Quân sự tỉnh" in answer.answer
    assert "vận chuyển" in answer.answer and "nhà bạt" in answer.answer
