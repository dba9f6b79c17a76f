"""Timelines as plans write them: found in a duty's text, compared across plans."""

from __future__ import annotations

import re

from plan_qa.text.vietnamese import nfc

_TIMELINE = re.compile(
    r"(?P<value>"
    r"trước ngày \d{1,2}/\d{1,2}/\d{4}"
    r"|[Qq]uý [IV]+(?:\s*[-–]\s*[IV]+)?(?:/\d{4}| năm \d{4})?"
    r"|(?:[Đđ]ịnh kỳ )?[Hh][ằà]ng năm"
    r"|[Tt]hường xuyên"
    r"|(?<!đến )(?<!giai đoạn )(?<!từ )(?<!\d{2}/)năm \d{4}(?!\s*[-–])"
    r")"
)


def timeline_in_text(text: str) -> str | None:
    """The time frame a duty's text states, capitalised ("Hằng năm", "Năm 2026"), or None.

    "đến năm 2030" and "giai đoạn 2026-2030" describe goals, not when the duty is done.
    """
    match = _TIMELINE.search(text)
    if match is None:
        return None
    value = re.sub(r"^[Đđ]ịnh kỳ ", "", match.group("value"))
    return value[0].upper() + value[1:]


def normalize_timeline(timeline: str | None) -> str:
    """Comparable form of a timeline: lower case, single spaces, "hằng năm" as "hàng năm"."""
    text = nfc(timeline or "").lower().strip(" .;")
    text = re.sub(r"\s*([-–/])\s*", lambda m: "-" if m.group(1) in "-–" else "/", text)
    text = re.sub(r"\s+", " ", text)
    return text.replace("hằng năm", "hàng năm")
