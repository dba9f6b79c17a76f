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
_VERBS = (
    r"chủ trì|có trách nhiệm|chịu trách nhiệm|phối hợp|căn cứ|thực hiện|tổ chức|chỉ đạo|theo dõi|tham mưu"
    r"|hướng dẫn|triển khai|xây dựng|là cơ quan|được giao|khẩn trương|chủ động|rà soát|bố trí|nghiên cứu|tăng cường"
    r"|đẩy mạnh|quan tâm|giao|tiếp tục|tập trung|thường xuyên|kịp thời|kiện toàn|nâng cao|bảo đảm|đảm bảo|hỗ trợ"
    r"|phát huy|vận động|huy động|kiểm tra|quản lý|cung cấp|đôn đốc|tuyên truyền|phổ biến|ban hành|lồng ghép|tiếp nhận"
    r"|báo cáo|tổng hợp|thẩm định|cập nhật|phân bổ|chuẩn bị|duy trì|ưu tiên|đề xuất|xác định|hoàn thành|thúc đẩy"
    r"|tiến hành|tham gia|nắm|yêu cầu|nghiêm túc|tích cực|cần|phải|sẽ"
)
# A verb phrase (or an adjunct: "trong phạm vi …", "theo …") ends the subject; "các tổ chức" and
# ", tổ chức" are nouns in a list, not the verb.
_SUBJECT_END = re.compile(rf"(?<!các)(?<!,)\s+(?:{_VERBS}|cùng|trong|theo|tại|để|nhằm|được)\b")
# Only a verb ends the bodies of a lead cell: "Sở Nội vụ, các sở trong phạm vi …, và các cơ quan …" lists on.
_PREDICATE = re.compile(rf"(?<!các)(?<!,)\s+(?:{_VERBS})\b")
# PDF text joins a heading to the sentence under it: "… trên địa bàn Chủ trì, phối hợp …".
_SENTENCE_UNDER = re.compile(r"(?<=[a-zà-ỹđ])\s+(?=(?:Chủ trì|Phối hợp|Tham mưu|Thực hiện|Triển khai|Chủ động|Căn cứ|Có trách nhiệm)\b)")
_INTRO = re.compile(r"^(?:Căn cứ|Trên cơ sở|Trong quá trình|Theo|Để)\b[^,:]*,\s*")
_CLAUSES = re.compile(r"\s*;\s*")
_LIST_SEPARATOR = re.compile(r"(?:,|;|\s+và)\s+")
# "các sở: Tài chính, Xây dựng …": a collective head whose members follow a colon.
_DISTRIBUTIVE = re.compile(r"^[Cc]ác [Ss]ở\s*(?=:)")
# "1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo": the part after the dash is the body's role.
_ROLE_APPOSITION = re.compile(r"\s+[-–]\s+[Cc]ơ quan (?:thường trực|đầu mối|chủ trì)\b.*$", re.S)
_REQUEST = re.compile(r"^(?:Đề nghị|Khuyến khích|Giao|Yêu cầu|Trách nhiệm của|Nhiệm vụ của)\s+", re.I)


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
    return re.compile(rf"(?:^|(?<=[;.(])\s*)(?:[-–+•]\s*)?(?P<label>(?:{starts})[^:;.()]{{0,40}}?)\s*:\s*", re.I)


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
        fields.setdefault(_label_role(match["label"]), _field_value(text[match.end() : end]))
    return text[: matches[0].start()].strip(" ("), fields


def _field_value(value: str) -> str:
    """A label's value without the separators around it nor the ")" closing a parenthesised label run
    ("… (chủ trì: Sở Y tế; thời gian: tháng 9/2026)." → "tháng 9/2026")."""
    value = value.strip(" ;")
    closing = re.search(r"\)\.?$", value)
    if closing and value.count(")") > value.count("("):
        value = value[: closing.start()]
    return value.strip()


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


def _subject_text(text: str) -> str:
    """The words before the verb of a duty item: "Sở Y tế" of "Sở Y tế: …" or of "Sở Y tế chủ trì, …"."""
    head = text.split(":", 1)[0] if ":" in text[:200] else text
    head = _SENTENCE_UNDER.split(head, maxsplit=1)[0]
    if _INTRO.match(head):
        head = _INTRO.sub("", head)
        head = head[:1].upper() + head[1:]
    subject = _SUBJECT_END.split(head, maxsplit=1)[0].strip(" ,.;:")
    subject = _REQUEST.sub("", subject)
    return "C" + subject[1:] if subject.startswith("các ") else subject


def agency_subject(text: str) -> str | None:
    """The body a duty item is written to: "Sở Y tế: …", "Đề nghị Công an tỉnh: …", or the subject
    of "Sở Y tế chủ trì, phối hợp …". None when the item does not open with a body's name."""
    subject = _subject_text(text)
    return subject if is_agency_name(subject) else None


def agency_subjects(text: str) -> list[str]:
    """Every body a duty item is written to, in order: one ("Sở Y tế chủ trì …"), or each body of a
    list the sentence hands its duty to ("Đề nghị Ủy ban MTTQ tỉnh, Công an tỉnh, … phối hợp …",
    "Giao các sở: Tài chính, Xây dựng chủ trì …"). Empty when the item does not open with a body."""
    text = _ROLE_APPOSITION.sub("", text)
    distributed = _DISTRIBUTIVE.match(_REQUEST.sub("", text.strip()))
    if distributed:
        rest = text.strip()[text.strip().index(":") + 1:]
        names = parse_agency_list(distributed.group(0) + ": " + _SUBJECT_END.split(rest, maxsplit=1)[0].strip(" ,.;"))
        if len(names) > 1 and all(is_agency_name(n) for n in names):
            return names
    subject = _subject_text(text)
    # A list opening with a collective ("Các sở, ban, ngành và UBND các xã") is one addressee: everyone.
    pieces = [] if subject.startswith("Các ") else split_bodies(subject)
    if len(pieces) > 1 and all(is_agency_name(p) for p in pieces):
        return pieces
    return [subject] if is_agency_name(subject) else []


def _opens_body(text: str) -> bool:
    """True when the text starts with the head noun of a public body (whatever follows); a body
    met inside a list may be written in lower case ("…, cơ quan thông tấn báo chí")."""
    text = text[:1].upper() + text[1:]
    return bool(_agency_head().match(text))


def split_bodies(text: str) -> list[str]:
    """Split a run of unknown body names at ",", ";" or "và" where the next piece opens a new body
    ("Liên đoàn Lao động tỉnh, Hội Nông dân tỉnh và Tỉnh đoàn"); other separators stay inside a name
    ("Báo và Phát thanh, Truyền hình tỉnh") or inside parentheses ("Các doanh nghiệp (VNPT, Viettel và doanh nghiệp khác)")."""
    pieces: list[str] = []
    cursor = 0
    for match in _LIST_SEPARATOR.finditer(text):
        piece = text[cursor : match.start()]
        if _opens_body(text[match.end():]) and piece.strip() and piece.count("(") == piece.count(")"):
            pieces.append(text[cursor : match.start()].strip())
            cursor = match.end()
    pieces.append(text[cursor:].strip())
    return [p for p in pieces if p]


def cell_parts(cell: str) -> tuple[str, str]:
    """(bodies, the rest) of a lead or coordinators cell. A cell that runs on into a sentence
    ("Sở Nội vụ chủ trì tham mưu …; Sở Tư pháp và các sở, ban, ngành chủ động tổ chức …") keeps,
    clause by clause, the subject before its verb; the predicates are the rest ("" for a list of names)."""
    names: list[str] = []
    rest: list[str] = []
    for clause in _CLAUSES.split(cell.strip()):
        clause = clause.strip(" ,.")
        subject = _PREDICATE.split(clause, maxsplit=1)[0].strip(" ,.")
        if subject and subject != clause and _opens_body(subject):
            names.append(subject)
            rest.append(clause[len(subject):].strip(" ,."))
        elif clause:
            names.append(clause)
    return "; ".join(names), "; ".join(rest)


def assignment_notes(lead_cell: str, coordinators_cell: str) -> dict[str, str]:
    """What the lead and coordinators cells say besides their bodies, kept as extra fields of the row."""
    notes = {"lead_note": cell_parts(lead_cell)[1], "coordinators_note": cell_parts(coordinators_cell)[1]}
    return {key: value for key, value in notes.items() if value}


def _trim(name: str) -> str:
    """A listed name without separators at its ends nor a parenthesis left open or unopened by the split
    ("Trung tâm Dịch vụ việc làm (" of "Trung tâm Dịch vụ việc làm (Sở Nội vụ)")."""
    name = name.strip(" ,;.").removesuffix("(").rstrip()
    return name.removeprefix(")").lstrip() if name.count(")") > name.count("(") else name


def agency_list(cell: str) -> list[str]:
    """Bodies named in a lead/coordinators cell: canonical names, plus unknown names that read
    as bodies; words that are not a body ("thúc đẩy, theo dõi, báo cáo chỉ tiêu") and the sentence
    a cell runs on into are left out."""
    names: list[str] = []
    for name in parse_agency_list(cell_parts(cell)[0]):
        if name in DEPARTMENTS or name in OTHER_BODIES:
            candidates: list[str | None] = [name]
        else:
            candidates = [agency_subject(piece[:1].upper() + piece[1:]) for piece in split_bodies(re.sub(r"\s+và$", "", _trim(name)))]
        for kept in candidates:
            if kept and kept not in names:
                names.append(kept)
    return names
