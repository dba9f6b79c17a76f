"""The plan grammar data file (`plan_qa/data/plan_grammar.json`), compiled.

Column vocabulary of task tables, labels of inline assignments, headings of
duty sections and the head nouns of public bodies live in the data file; this
module turns them into patterns and answers the questions the parser asks.
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from plan_qa.agencies import DEPARTMENTS, OTHER_BODIES, parse_agency_list

# A verb phrase ends the subject; "các tổ chức" and ", tổ chức" are nouns in a list, not the verb.
_SUBJECT_END = re.compile(
    r"(?<!các)(?<!,)\s+(?:chủ trì|có trách nhiệm|chịu trách nhiệm|phối hợp|căn cứ|thực hiện|tổ chức|chỉ đạo|theo dõi|tham mưu"
    r"|hướng dẫn|triển khai|xây dựng|là cơ quan|được giao|khẩn trương|chủ động|rà soát|bố trí|nghiên cứu|tăng cường"
    r"|đẩy mạnh|quan tâm|giao|tiếp tục|tập trung|thường xuyên|kịp thời|kiện toàn|nâng cao|bảo đảm|đảm bảo|hỗ trợ"
    r"|phát huy|vận động|huy động|kiểm tra|quản lý|cung cấp|đôn đốc|tuyên truyền|phổ biến|ban hành|lồng ghép|tiếp nhận"
    r"|báo cáo|tổng hợp|thẩm định|cập nhật|phân bổ|chuẩn bị|duy trì|ưu tiên|đề xuất|xác định|hoàn thành|thúc đẩy"
    r"|tiến hành|nắm|yêu cầu|cần|phải|sẽ|cùng|trong|theo|tại|để|nhằm|được)\b"
)
_INTRO = re.compile(r"^(?:Căn cứ|Trên cơ sở|Trong quá trình|Theo|Để)\b[^,:]*,\s*")
_LIST_SEPARATOR = re.compile(r"(?:,|;|\s+và)\s+")
_REQUEST = re.compile(r"^(?:Đề nghị|Giao|Yêu cầu|Trách nhiệm của|Nhiệm vụ của)\s+", re.I)


@lru_cache(maxsize=1)
def grammar() -> dict:
    """The parsed data file."""
    text = resources.files("plan_qa.data").joinpath("plan_grammar.json").read_text(encoding="utf-8")
    return json.loads(text)


def _alternation(patterns: list[str]) -> str:
    return "|".join(f"(?:{p})" for p in patterns)


@lru_cache(maxsize=1)
def _column_patterns() -> list[tuple[str, re.Pattern[str]]]:
    columns = grammar()["columns"]
    return [(role, re.compile(_alternation(p), re.I)) for role, p in columns.items() if not role.startswith("_")]


def column_role(header: str) -> str | None:
    """Role of a table column from what its header means, e.g. "Cơ quan chủ trì" → "lead"."""
    text = re.sub(r"\s+", " ", header).strip()
    if not text:
        return None
    for role, pattern in _column_patterns():
        if pattern.search(text):
            return role
    return None


@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern[str]:
    starts = _alternation(grammar()["assignment_labels"]["starts"])
    return re.compile(rf"(?:^|(?<=[;.])\s*)(?:[-–+•]\s*)?(?P<label>(?:{starts})[^:;.]{{0,40}}?)\s*:\s*", re.I)


@lru_cache(maxsize=1)
def _label_roles() -> list[tuple[str, re.Pattern[str]]]:
    roles = grammar()["assignment_labels"]["roles"]
    return [(role, re.compile(_alternation(p), re.I)) for role, p in roles.items()]


def _label_role(label: str) -> str | None:
    return next((role for role, pattern in _label_roles() if pattern.search(label)), None)


def assignment_fields(text: str) -> tuple[str, dict[str, str]]:
    """(task text before the labels, fields) of an inline assignment
    ("Đơn vị chủ trì: Sở Y tế; Thời gian: Quý IV/2025"); fields are empty when there is none."""
    matches = [m for m in _label_pattern().finditer(text) if _label_role(m["label"])]
    if not matches:
        return text, {}
    fields: dict[str, str] = {}
    for match, following in zip(matches, matches[1:] + [None]):
        end = following.start() if following else len(text)
        fields.setdefault(_label_role(match["label"]), text[match.end() : end].strip(" ;"))
    return text[: matches[0].start()].strip(), fields


@lru_cache(maxsize=1)
def _duty_section() -> re.Pattern[str]:
    return re.compile(_alternation(grammar()["duty_sections"]["patterns"]), re.I)


def is_duty_section(heading: str) -> bool:
    """True for the heading of a section that assigns duties (any letter case)."""
    return bool(_duty_section().search(heading))


@lru_cache(maxsize=1)
def _agency_head() -> re.Pattern[str]:
    return re.compile(rf"^(?:{_alternation(grammar()['agency_heads']['patterns'])})")


def is_agency_name(text: str) -> bool:
    """True when the text reads as the name of a public body (or a list of them), not a sentence."""
    name = _REQUEST.sub("", text.strip(" .:;,-–"))
    name = "C" + name[1:] if name.startswith("các ") else name
    words = name.split()
    return bool(words) and len(words) <= grammar()["agency_heads"]["max_words"] and bool(_agency_head().match(name))


def agency_subject(text: str) -> str | None:
    """The body a duty item is written to: "Sở Y tế: …", "Đề nghị Công an tỉnh: …", or the subject
    of "Sở Y tế chủ trì, phối hợp …". None when the item does not open with a body's name."""
    head = text.split(":", 1)[0] if ":" in text[:200] else text
    if _INTRO.match(head):
        head = _INTRO.sub("", head)
        head = head[:1].upper() + head[1:]
    subject = _SUBJECT_END.split(head, maxsplit=1)[0].strip(" ,.;:")
    subject = _REQUEST.sub("", subject)
    subject = "C" + subject[1:] if subject.startswith("các ") else subject
    return subject if is_agency_name(subject) else None


def split_bodies(text: str) -> list[str]:
    """Split a run of unknown body names at ",", ";" or "và" where the next piece opens a new body
    ("Liên đoàn Lao động tỉnh, Hội Nông dân tỉnh và Tỉnh đoàn"); other separators stay inside a name
    ("Báo và Phát thanh, Truyền hình tỉnh")."""
    pieces: list[str] = []
    cursor = 0
    for match in _LIST_SEPARATOR.finditer(text):
        rest = text[match.end():]
        rest = "C" + rest[1:] if rest.startswith("các ") else rest
        if is_agency_name(rest) and text[cursor : match.start()].strip():
            pieces.append(text[cursor : match.start()].strip())
            cursor = match.end()
    pieces.append(text[cursor:].strip())
    return [p for p in pieces if p]


def agency_list(cell: str) -> list[str]:
    """Bodies named in a lead/coordinators cell: canonical names, plus unknown names that read
    as bodies; words that are not a body ("thúc đẩy, theo dõi, báo cáo chỉ tiêu") are left out."""
    names: list[str] = []
    for name in parse_agency_list(cell):
        if name in DEPARTMENTS or name in OTHER_BODIES:
            candidates: list[str | None] = [name]
        else:
            candidates = [agency_subject(piece) for piece in split_bodies(re.sub(r"\s+và$", "", name.strip(" ,;.")))]
        for kept in candidates:
            if kept and kept not in names:
                names.append(kept)
    return names
