"""Timelines as plans write them: found in a duty's text, compared across plans."""

from __future__ import annotations

import re

from plan_qa.text.vietnamese import nfc

_DATE = r"\d{1,2}(?:/\d{1,2}(?:/\d{4})?| tháng \d{1,2}(?: năm \d{4})?)"
# A deadline names its day: "trước ngày 30/6/2026", "chậm nhất ngày 17 tháng 12", "chậm nhất là ngày 15/12".
_DEADLINE = re.compile(rf"(?P<value>(?:[Tt]rước|[Cc]hậm nhất(?: là)?|[Hh]ạn chót(?: là)?|[Kk]hông muộn hơn) ngày {_DATE})")
_RECURRENCE = re.compile(r"(?:[Đđ]ịnh kỳ )?(?P<value>[Hh][ằà]ng (?:năm|quý|tháng))")
_TIMELINE = re.compile(
    r"(?P<value>"
    r"[Qq]uý [IV]+(?:\s*[-–]\s*[IV]+)?(?:/\d{4}| năm \d{4})?"
    r"|(?:[Đđ]ịnh kỳ )?[Hh][ằà]ng năm"
    r"|[Tt]hường xuyên"
    r"|(?<!đến )(?<!giai đoạn )(?<!từ )(?<!\d{2}/)năm \d{4}(?!\s*[-–])"
    r")"
)


def timeline_in_text(text: str) -> str | None:
    """The time frame a duty's text states, capitalised ("Hằng năm", "Năm 2026"), or None. A deadline
    that names its day wins, with its recurrence when it recurs ("Hằng năm, chậm nhất ngày 17 tháng 12").

    "đến năm 2030" and "giai đoạn 2026-2030" describe goals, not when the duty is done.
    """
    text = text.replace("*", "")
    deadline = _DEADLINE.search(text)
    if deadline:
        recurrence = _RECURRENCE.search(text)
        value = deadline["value"][0].lower() + deadline["value"][1:]
        value = f"{recurrence['value'].lower()}, {value}" if recurrence else value
    else:
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
