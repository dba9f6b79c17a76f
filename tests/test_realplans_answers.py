"""Answers on real plans cite an indexed clause even when the fact sits on a heading or in a decision's header."""

from __future__ import annotations

import pytest

from plan_qa.answering import Assistant
from conftest import realplans_assistant

PLANS = ("ho-chi-minh_172-KH-UBND.md", "ho-chi-minh_2853-QĐ-UBND.md")


@pytest.fixture(scope="module")
def assistant(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return realplans_assistant(tmp_path_factory, PLANS)


def _cited(assistant: Assistant, question: str) -> list[str]:
    answer = assistant.ask(question)
    documents = {d.id: d for d in assistant.index.documents}
    assert answer.found, answer.answer
    assert all(documents[c.clause_id].text == c.text for c in answer.citations)
    return [c.clause_id for c in answer.citations]


def test_duty_under_an_agency_heading_cites_its_items(assistant: Assistant) -> None:
    cited = _cited(assistant, "Sở Tài chính TP.HCM được giao những việc gì trong kế hoạch triển khai Luật Việc làm?")
    assert cited and all(c.startswith("ho-chi-minh_172") for c in cited)


def test_signer_read_from_a_decision_header_is_cited(assistant: Assistant) -> None:
    answer = assistant.ask("Quyết định 2853/QĐ-UBND của TP.HCM do ai ký?")
    assert answer.found and answer.citations
    assert answer.citations[0].plan_id.startswith("ho-chi-minh_2853")
