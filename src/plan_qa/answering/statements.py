"""What a text states: a time, a figure, an amount, a legal reference, a body — read the same way everywhere.

The evidence features (`support.has_field`), the part of a candidate that states the asked field
(`answerability.field_part`) and whether a refusal may say a field is missing (`unstated.said_anyway`) all ask
one question, "does this text state what the question asks for?", and read the answer here (`stated`), so the
model's features and the refusal's wording cannot disagree about it.
"""

from __future__ import annotations

import re

from plan_qa.data import load_json
from plan_qa.parsing.bodies import names_body
from plan_qa.parsing.legal_refs import mention_pattern
from plan_qa.parsing.timelines import timeline_in_text

PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*%")
DOC_REFERENCE = mention_pattern()
FIGURE = re.compile(r"\d+(?:[.,]\d+)?\s*%|\b(?!(?:19|20)\d\d\b)\d+(?:[.,]\d+)?\b(?!\s*/)")
MONEY = re.compile(r"\d[\d.,]*\s*(?:tỷ|triệu|nghìn|ngàn)?\s*(?:đồng|VNĐ|VND)\b", re.IGNORECASE)
BUDGET_WORDS = re.compile(r"kinh phí|ngân sách|nguồn vốn", re.IGNORECASE)  # a clause about money, amount or not
# Any statement of when, as plans write it (a date, month, quarter, year, period or frequency): looser than
# the parser's time frame (`timeline_in_text`), it only says that a clause may answer a "khi nào / hạn chót" question.
TIME = re.compile(
    r"\b(?:ngày|tháng|quý|quí|năm)\s+(?:\d|[IVX]+\b)|\b\d{1,2}/\d{1,2}(?:/\d{4})?\b|\b(?:hằng|hàng)\s+(?:năm|quý|tháng|tuần|ngày)"
    r"|\bđịnh kỳ\b|\bthường xuyên\b|\btrước ngày\b|\bchậm nhất\b|\bgiai đoạn\s+\d{4}|\b(?:19|20)\d\d\b"
    r"|\b\d+(?:\s*[-–]\s*\d+)?\s*(?:giờ|ngày|tuần|tháng)\b",  # a duration: "trong 24-48 giờ"
    re.IGNORECASE)
REPORT = re.compile(load_json("reporting_grammar")["verb"], re.IGNORECASE)
SURE, MAYBE = 1.0, 0.5
WHO_INTENTS = frozenset({"lead", "coordinators", "comparison"})


def states_time(text: str) -> bool:
    """Whether a clause says when (a date, period, frequency or duration) at all."""
    return bool(TIME.search(text))


def stated(intent: str, text: str) -> float:
    """How surely a text states the field an intent asks for: 1 surely (a time frame the parser reads, a figure,
    an amount, a legal reference, a body's name), 0.5 maybe (a time the parser does not read as a time frame —
    a bare year, a duration —, money words without an amount), 0 not at all. Other intents: 1."""
    if intent == "timeline":
        return SURE if timeline_in_text(text) is not None else MAYBE if states_time(text) else 0.0
    if intent == "target":
        return SURE if FIGURE.search(text) else 0.0
    if intent == "budget":
        return SURE if MONEY.search(text) else MAYBE if BUDGET_WORDS.search(text) else 0.0
    if intent == "legal_basis":
        return SURE if DOC_REFERENCE.search(text) else 0.0
    if intent in WHO_INTENTS:
        return SURE if names_body(text) else 0.0
    if intent == "reporting":  # a report's recipient, period or deadline is said where something is reported
        return SURE if REPORT.search(text) else 0.0
    return SURE


__all__ = ["BUDGET_WORDS", "DOC_REFERENCE", "FIGURE", "MAYBE", "MONEY", "PERCENT", "REPORT", "SURE", "TIME", "WHO_INTENTS",
           "stated", "states_time"]
