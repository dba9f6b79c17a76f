"""Assignment clauses read by their grammar, wherever they follow a task.

A task's assignment is often written after the task as a clause of its own: in a closing parenthesis
("… (Sở X chủ trì, phối hợp Sở Y; hoàn thành trong quý IV/2026)"), as a last sentence ("… . Sở X chủ trì
thực hiện, thời gian: năm 2026"), after a dash or a semicolon, or on the next line. Such a clause is made only
of role phrases (bodies + "chủ trì" / "thực hiện" / "phối hợp (với)" …, or a label "Chủ trì: …"), bodies read
as an open class (`plan_qa.parsing.bodies`) and time expressions; any other word makes it a sentence, not an
assignment clause. The words live in `plan_qa/data/assignment_clauses.json`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from plan_qa.agencies import normalize_agency
from plan_qa.parsing.bodies import agency_subject, current_names, is_agency_name, is_bare_collective, split_bodies
from plan_qa.parsing.grammar import alternation, assignment_fields

_PARTS = re.compile(r"\s*;\s*")


@lru_cache(maxsize=1)
def _words() -> dict:
    text = resources.files("plan_qa.data").joinpath("assignment_clauses.json").read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _role() -> re.Pattern[str]:
    roles = _words()["roles"]
    groups = "|".join(f"(?P<{role}>{alternation(roles[role])})" for role in ("lead", "execute", "coordinate"))
    return re.compile(rf"(?<!\w)(?:{groups})(?!\w)")


@lru_cache(maxsize=1)
def _request() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(_words()['requests'])})\s+", re.I)


@lru_cache(maxsize=1)
def _time() -> re.Pattern[str]:
    return re.compile(alternation(_words()["time"]), re.I)


@lru_cache(maxsize=1)
def _sentence_words() -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternation(_words()['sentence_words'])})(?!\w)", re.I)


@lru_cache(maxsize=1)
def _separators() -> re.Pattern[str]:
    return re.compile(alternation(_words()["separators"]))


@dataclass
class Clause:
    """What an assignment clause says: the bodies by role (names as written, or canonical when known)
    and its timeline as written."""

    lead: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)
    timeline: str = ""
    executing: list[str] = field(default_factory=list)

    def resolved(self) -> "Clause":
        """The bodies that carry the task out lead it when no body leads, else they take part."""
        if self.lead:
            return Clause(self.lead, [*self.coordinators, *self.executing], self.timeline)
        return Clause(self.executing, self.coordinators, self.timeline)


def is_time(text: str) -> bool:
    """Whether a text is a time phrase: short, it carries a time expression and does not open with a body (the
    subject of a sentence of its own: "Sở Tài chính … tổ chức rà soát …, hoàn thành trước ngày …")."""
    text = _request().sub("", text.strip(" ,."))
    if len(text.split()) > _words()["max_time_words"]:
        return False  # "… tổ chức rà soát, sắp xếp lại mạng lưới …, hoàn thành trước ngày …": a sentence
    return bool(_time().search(text)) and agency_subject(text[:1].upper() + text[1:]) is None


def time_value(text: str) -> str:
    """A time phrase as the timeline: a label's value ("thời gian: năm 2027" → "năm 2027"), else as written."""
    text = text.strip(" ,.")
    prefix, fields = assignment_fields(text)
    return fields["timeline"].strip(" .") if not prefix and fields.keys() == {"timeline"} else text


def _name(piece: str) -> str:
    piece = piece.strip(" ,.;:")
    piece = re.sub(r"^(?:và|cùng)\s+", "", piece)
    return normalize_agency(piece) or piece[:1].upper() + piece[1:]


def bodies(text: str) -> list[str] | None:
    """The bodies a text lists, when it is nothing but a list of bodies; None otherwise."""
    text = current_names(text.strip(" ,.;:"))
    if not text:
        return None
    pieces = split_bodies(text)
    limit = _words()["max_body_words"]
    names: list[str] = []
    for piece in pieces:
        piece = re.sub(r"^(?:và|cùng)\s+", "", piece.strip(" ,"))
        upper = piece[:1].upper() + piece[1:]
        if len(piece.split()) > limit or _time().search(piece) or not (is_agency_name(upper) or is_bare_collective(upper)):
            return None
        subject = agency_subject(upper)
        if subject and subject != upper and _sentence_words().search(upper[len(subject):]):
            return None  # the name runs on into a predicate: a sentence, not a body
        names.append(_name(piece))
    return names


def _bodies_then_time(text: str) -> tuple[list[str], str] | None:
    """(bodies, timeline) of "Sở Y, Sở Z, hoàn thành trong quý II/2026": the bodies, then a dated rest."""
    whole = bodies(text)
    if whole is not None:
        return whole, ""
    for comma in re.finditer(r",\s*", text):
        head, tail = text[: comma.start()], text[comma.end():]
        if is_time(tail):
            named = bodies(head)
            if named is not None:
                return named, time_value(tail)
    return None


def _role_part(part: str, clause: Clause) -> bool:
    """Read one ";"-part written as role phrases ("Sở X chủ trì, phối hợp Sở Y, Sở Z", "Đài A, Báo B thực
    hiện", "các sở, ngành liên quan phối hợp"); False, leaving `clause` unchanged, when it is not one."""
    text = _request().sub("", part.strip())
    found = list(_role().finditer(text))
    if not found:
        return False
    reading = Clause()
    cursor = 0
    index = 0
    while index < len(found):
        match = found[index]
        role = match.lastgroup or ""
        before = text[cursor : match.start()].strip(" ,")
        if before:
            named = bodies(before)
            if named is None:
                return False
            {"lead": reading.lead, "execute": reading.executing, "coordinate": reading.coordinators}[role].extend(named)
            cursor = match.end()
        elif role == "coordinate":  # "phối hợp (với) Sở Y, Sở Z": the bodies follow
            end = found[index + 1].start() if index + 1 < len(found) else len(text)
            if index + 1 < len(found) and not text[match.end():end].strip(" ,"):
                end = len(text)
            read = _bodies_then_time(text[match.end():end])
            if read is None:
                return False
            reading.coordinators.extend(read[0])
            reading.timeline = reading.timeline or read[1]
            cursor = end
            while index + 1 < len(found) and found[index + 1].start() < end:
                index += 1  # a role word after the coordinators ("… thực hiện") only closes their phrase
        elif index == 0:
            return False  # a role word with no body: "thực hiện …" opens a sentence, not a clause
        else:
            cursor = match.end()
        index += 1
    rest = text[cursor:].strip(" ,.")
    if rest and not _is_object(rest):
        if not is_time(rest):
            return False
        reading.timeline = reading.timeline or time_value(rest)
    clause.lead.extend(reading.lead)
    clause.executing.extend(reading.executing)
    clause.coordinators.extend(reading.coordinators)
    clause.timeline = clause.timeline or reading.timeline
    return True


def _is_object(text: str) -> bool:
    """A short lower-case object of the last role word ("hướng dẫn kỹ thuật"): what the body does, no time."""
    words = text.split()
    return (len(words) <= _words()["max_object_words"] and text[:1].islower() and not _time().search(text)
            and not _sentence_words().search(text) and not re.search(r"\d", text) and bodies(text) is None)


def _label_part(part: str, clause: Clause) -> bool:
    """Read one ";"-part written as a label ("Cơ quan thực hiện: Sở Y tế", "phối hợp: Sở Tài chính",
    "thời gian: năm 2026"); False when it is not a label naming bodies or a time."""
    prefix, fields = assignment_fields(part)
    if prefix or not fields:
        return False
    for role, value in fields.items():
        if role == "timeline":
            clause.timeline = clause.timeline or value.strip(" .")
            continue
        named = bodies(value)
        if role not in ("lead", "coordinators") or named is None:
            return False
        (clause.lead if role == "lead" else clause.coordinators).extend(named)
    return True


def read_clause(text: str) -> Clause | None:
    """The assignment a text states when it is wholly an assignment clause naming who leads the task; None
    when any part of it is not a role phrase, a label or a time expression, or when no body leads."""
    text = text.strip().rstrip(".").strip()
    if text.startswith("(") and text.endswith(")"):
        text = text[1:-1]
    clause = Clause()
    for part in _PARTS.split(text):
        if not part.strip(" ,."):
            continue
        if _label_part(part, clause) or _role_part(part, clause):
            continue
        if is_time(part):
            clause.timeline = clause.timeline or time_value(part)
            continue
        return None
    clause = clause.resolved()
    return clause if clause.lead else None


def _closing_parenthesis(text: str) -> int | None:
    """Where the parenthesis closing the text opens, or None."""
    if not text.endswith(")"):
        return None
    depth = 0
    for at in range(len(text) - 1, -1, -1):
        depth += {")": 1, "(": -1}.get(text[at], 0)
        if depth == 0:
            return at
    return None


def trailing_clause(text: str) -> tuple[str, Clause] | None:
    """(the task, its assignment) when a task's text ends with an assignment clause: a closing parenthesis,
    or — the earliest place whose rest reads wholly as one — after a sentence break, a spaced dash or a
    semicolon. None when it ends with none, or nothing of the task is left before it."""
    text = text.strip().rstrip(".;").strip()
    opening = _closing_parenthesis(text)
    if opening:
        clause = read_clause(text[opening + 1 : -1])
        if clause:
            return text[:opening].strip(" ,;–-"), clause
    for separator in _separators().finditer(text):
        task = text[: separator.start()].strip(" ,;–-")
        clause = read_clause(text[separator.end():])
        if clause and len(task.split()) >= 2:
            return task, clause
    return None
