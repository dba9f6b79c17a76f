"""Human names for plans, and Vietnamese alphabetical order, for everything a user reads.

A plan is named the way officials name it: kind and number ("KH 524/KH-UBND"), or
"chưa ghi số" when the text leaves the number blank, then a short subject cut from the
title, the province and the year or period. Internal ids ("000") are never shown.

The short subject keeps what the plan is about: a title "Triển khai Quyết định số … phê duyệt
Chương trình X …" is about X; leading verbs ("Thực hiện", "Công tác"), the period, the place
("của thành phố Hà Nội", "trên địa bàn tỉnh …") and "Việt Nam" are dropped.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable
from typing import TypeVar

from plan_qa.parsing import Plan
from plan_qa.text.abbreviations import TERMS

SUBJECT_WORDS = 7  # longest short subject, in words
_KINDS = {"KH": "KH", "QĐ": "QĐ", "QD": "QĐ", "CT": "CT", "NQ": "NQ"}  # number suffix → kind shown
_APPROVED = re.compile(r"\bphê duyệt\s+", re.IGNORECASE)
_LEADING = re.compile(r"^(?:(?:thực hiện|triển khai|công tác|kế hoạch|tổ chức thực hiện)\s+)+", re.IGNORECASE)
_PERIOD = re.compile(r",?\s*(?:giai đoạn|năm|thời kỳ)?\s*\d{4}(?:\s*[-–]\s*\d{4})?", re.IGNORECASE)
_PLACE = re.compile(r"\s*(?:của|trên địa bàn|tại)?\s*(?:tỉnh|thành phố|TP\.?)\s+\S.*$", re.IGNORECASE)
_LETTERHEAD = re.compile(r"ỦY BAN NHÂN DÂN|UỶ BAN NHÂN DÂN|CỘNG HÒA XÃ HỘI|CỘNG HOÀ XÃ HỘI")
_COUNTRY = re.compile(r"\s+Việt Nam\b")
_PROGRAMME = re.compile(r"^Chương trình\s+", re.IGNORECASE)
# Multi-word plan terms and their usual abbreviation ("bảo vệ môi trường" → "BVMT"), from the shared table.
_ABBREVIATIONS = {long.lower(): short for short, long in TERMS.items() if " " in long and short.isupper()}


def plan_kind(plan: Plan) -> str:
    """"KH", "QĐ", … from the number (or the blank number line); "KH" when neither says."""
    meta = plan.metadata
    found = re.search(r"/\s*([A-ZĐ]{2})\b", meta.number or meta.number_text or "")
    return _KINDS.get(found.group(1), found.group(1)) if found else "KH"


def short_subject(title: str, province: str | None = None, limit: int = SUBJECT_WORDS) -> str:
    """What the plan is about, in a few words: "Bảo vệ môi trường ngành Công Thương"."""
    text = " ".join(unicodedata.normalize("NFC", title or "").split())
    if "|" in text or _LETTERHEAD.search(text):  # the letterhead read as the title: no subject to show
        return ""
    approved = _APPROVED.search(text)
    if approved:
        text = text[approved.end():]
    text = _LEADING.sub("", text)
    if province:
        text = re.sub(rf"\s+(?:(?:của|trên địa bàn|tại)\s+)?(?:(?:tỉnh|thành phố|TP\.?)\s+)?{re.escape(province)}\b.*$",
                      "", text, flags=re.IGNORECASE)
    text = _PLACE.sub("", text)
    text = _PERIOD.sub("", text)
    text = _COUNTRY.sub("", text)
    text = _PROGRAMME.sub("", text).strip(" ,.;:-")
    words = text.split()
    if len(words) > limit:
        text = " ".join(words[:limit]) + "…"
    return text[:1].upper() + text[1:]


def _period(plan: Plan) -> str:
    meta = plan.metadata
    return (meta.period or meta.issue_year or "").replace(" ", "").replace("-", "–")


def _number(plan: Plan) -> str:
    return plan.metadata.number or "chưa ghi số"


def plan_label(plan: Plan) -> str:
    """The full human label: "KH 524/KH-UBND · Phát triển ngành công nghiệp môi trường · Đồng Tháp · 2026–2030"."""
    meta = plan.metadata
    parts = [f"{plan_kind(plan)} {_number(plan)}", short_subject(meta.title, meta.province),
             meta.province or "", _period(plan)]
    return " · ".join(part for part in parts if part)


def abbreviate(text: str) -> str:
    """Plan terms replaced by their usual abbreviations ("bảo vệ môi trường" → "BVMT")."""
    for long, short in _ABBREVIATIONS.items():
        text = re.sub(rf"\b{re.escape(long)}\b", short, text, flags=re.IGNORECASE)
    return text


def plan_short_label(plan: Plan) -> str:
    """The short name used in answer lines: "KH 524/KH-UBND Đồng Tháp".

    A plan without a number is told apart by its subject and period:
    "KH chưa ghi số – BVMT ngành Công Thương, Hà Nội 2026".
    """
    meta = plan.metadata
    province = meta.province or ""
    if meta.number:
        return f"{plan_kind(plan)} {meta.number} {province}".strip()
    subject = " ".join(abbreviate(short_subject(meta.title, meta.province, 99)).split()[:4])
    return " ".join(filter(None, [f"{plan_kind(plan)} chưa ghi số", f"– {subject}," if subject else "",
                                  province, _period(plan)]))


# -- Vietnamese alphabetical order ------------------------------------------------------------------

_ALPHABET = "aăâbcdđeêfghijklmnoôơpqrstuưvwxyz"
_TONES = {"\u0300": 1, "\u0309": 2, "\u0303": 3, "\u0301": 4, "\u0323": 5}  # huyền, hỏi, ngã, sắc, nặng
_RANK = {letter: rank for rank, letter in enumerate(_ALPHABET)}


def _letter(char: str) -> tuple[str, int]:
    """(base letter of the Vietnamese alphabet, tone number) of one character."""
    lower = char.lower()
    if lower == "đ":
        return "đ", 0
    decomposed = unicodedata.normalize("NFD", lower)
    base, marks = decomposed[0], decomposed[1:]
    tone = next((_TONES[m] for m in marks if m in _TONES), 0)
    if "\u0306" in marks and base == "a":
        base = "ă"
    elif "\u0302" in marks:
        base = {"a": "â", "e": "ê", "o": "ô"}.get(base, base)
    elif "\u031b" in marks:
        base = {"o": "ơ", "u": "ư"}.get(base, base)
    return base, tone


def vietnamese_key(text: str) -> tuple[tuple[int, ...], tuple[int, ...], str]:
    """Sort key in Vietnamese dictionary order: letters (a < ă < â … d < đ), then tones, then case."""
    letters, tones = [], []
    for char in text:
        base, tone = _letter(char)
        if base.isspace():
            letters.append(0)
        elif base.isdigit():
            letters.append(1 + int(base))
        elif base.isalpha():
            letters.append(100 + _RANK.get(base, 100 + ord(base)))
        else:
            letters.append(20)
        tones.append(tone)
    return tuple(letters), tuple(tones), text


T = TypeVar("T")


def sorted_vietnamese(items: Iterable[T], key: Callable[[T], str] = str) -> list[T]:
    """Items in Vietnamese alphabetical order of `key(item)`."""
    return sorted(items, key=lambda item: vietnamese_key(key(item)))
