"""Duties per agency from the "TỔ CHỨC THỰC HIỆN" section."""

from __future__ import annotations

import re

from plan_qa.agencies import find_agencies, normalize_agency, parse_agency_list

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
    names = parse_agency_list(heading)
    return " và ".join(names) if names else heading


def leading_agency(text: str) -> tuple[str, str]:
    """(canonical, as written) of the agency a headless duty opens with.

    "Các sở, ban, ngành và Ủy ban nhân dân các xã, phường căn cứ theo chức năng…"
    names its subject before the first lower-case verb phrase.
    """
    subject = re.split(r"\s+(?:căn cứ|có trách nhiệm|chủ động|thực hiện|phối hợp)\b", text, maxsplit=1)[0]
    return agency_of_heading(subject), subject


def other_agencies(text: str, agency: str) -> list[str]:
    """Agencies a duty names besides its own."""
    return [name for name in find_agencies(text) if name != agency and name not in agency]
