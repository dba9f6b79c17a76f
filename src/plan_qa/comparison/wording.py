"""What a task does, as text to match on, and the lexical overlap of two such texts.

Matching is about the action, not about who does it or where: a duty's opening
"Chủ trì, phối hợp với các sở, ngành, UBND xã, phường …" is cut off, and the
place and year phrases that differ between provinces and editions
("trên địa bàn Thành phố", "năm 2026") are ignored by the lexical score, which
works on folded syllables and syllable pairs.
"""

from __future__ import annotations

import re
from itertools import pairwise

from plan_qa.comparison.tasks import TaskItem
from plan_qa.text.vietnamese import fold_diacritics, nfc

_ACTION_VERBS = (
    "tham mưu|thực hiện|tổ chức|rà soát|nghiên cứu|xây dựng|tham gia|triển khai|đề xuất"
    "|lồng ghép|hướng dẫn|kiểm tra|hình thành|tuyên truyền|phổ biến|bố trí"
)
_DUTY_OPENING = re.compile(
    rf"^(?:(?:Chủ trì|Chủ động)\s*,?\s*)?(?:và\s+)?"
    rf"(?:phối hợp(?:\s+chặt chẽ)?\s+với\s+[^.;:]{{0,120}}?\s+|phối hợp\s*,?\s*)?"
    rf"(?=(?:{_ACTION_VERBS})\b)",
    re.IGNORECASE,
)
_PLACE_AND_YEAR = re.compile(
    r"\btren dia ban (?:thanh pho|tinh)(?: ha noi| dong thap| gia lai)?\b"
    r"|\b(?:thanh pho|tinh) (?:ha noi|dong thap|gia lai)\b|\bnam \d{4}\b|\b\d{4}\b"
)
_SEGMENT = re.compile(r"[^\w\s]+")  # bigrams never cross punctuation
_SYLLABLE = re.compile(r"\w+")


def action_text(item: TaskItem) -> str:
    """The wording of what is done: a row's task; a duty's text without its role-and-partners opening."""
    text = nfc(item.task).strip()
    if item.kind == "duty":
        stripped = _DUTY_OPENING.sub("", text, count=1)
        text = stripped[:1].upper() + stripped[1:] if stripped else text
    return text


def terms(text: str, bigrams: bool = True) -> frozenset[str]:
    """Folded, lower-case syllables of a text and (by default) its adjacent-syllable pairs.

    Place names and years are removed first. Pairs keep some word order, so
    "kiểm kê" and "kế … kiểm tra" no longer look alike once folded.
    """
    folded = _PLACE_AND_YEAR.sub(" ", fold_diacritics(nfc(text)).lower())
    found: set[str] = set()
    for segment in _SEGMENT.split(folded):
        words = _SYLLABLE.findall(segment)
        found.update(words)
        if bigrams:
            found.update(f"{a} {b}" for a, b in pairwise(words))
    return frozenset(found)


def jaccard(a: frozenset[str], b: frozenset[str]) -> float:
    """|a ∩ b| / |a ∪ b| (0 for two empty sets)."""
    union = len(a | b)
    return len(a & b) / union if union else 0.0


def coverage(query: frozenset[str], text: frozenset[str]) -> float:
    """Share of the query's terms that the text contains (0 for an empty query)."""
    return len(query & text) / len(query) if query else 0.0
