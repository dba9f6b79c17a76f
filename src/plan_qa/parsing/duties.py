"""Duties per agency from the duty sections ("Tổ chức thực hiện", "Phân công nhiệm vụ", …)."""

from __future__ import annotations

import re

from plan_qa.agencies import find_agencies, normalize_agency, parse_agency_list
from plan_qa.parsing.grammar import agency_list, agency_subject

_ROLES = (
    ("chủ trì", re.compile(r"^(?:Chủ trì|Chủ động chủ trì)\b", re.I)),
    ("phối hợp", re.compile(r"^(?:Phối hợp|Chủ động phối hợp)\b|có trách nhiệm phối hợp", re.I)),
    ("tham mưu", re.compile(r"^Tham mưu\b", re.I)),
)


def role_of(text: str) -> str:
    """The role a duty gives its agency: chủ trì, phối hợp, tham mưu or thực hiện."""
    for role, pattern in _ROLES:
        if pattern.search(text):
            return role
    return "thực hiện"


def agency_of_heading(heading: str) -> str:
    """Canonical agency of a heading such as "1. Sở Công Thương"; the text itself if unknown."""
    canonical = normalize_agency(heading)
    if canonical:
        return canonical
    names = agency_list(heading) or parse_agency_list(heading)
    return " và ".join(names) if names else heading


def duty_holder(text: str) -> str | None:
    """The body (as written) a duty item is addressed to, or None when it names none.

    "Sở Y tế", "Sở Y tế: chủ trì …", "Đề nghị Công an tỉnh: …" and "Các sở, ban, ngành
    và Ủy ban nhân dân các xã, phường căn cứ …" name their body; "Căn cứ nội dung Kế hoạch …"
    does not.
    """
    return agency_subject(text)


def other_agencies(text: str, agency: str) -> list[str]:
    """Agencies a duty names besides its own."""
    return [name for name in find_agencies(text) if name != agency and name not in agency]
