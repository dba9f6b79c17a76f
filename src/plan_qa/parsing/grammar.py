"""The plan grammar data file (`plan_qa/data/plan_grammar.json`), compiled.

Column vocabulary of task tables, labels of inline assignments, headings of
duty sections, outline rules and the grammar of public bodies live in the data
file; this module loads it and answers the questions about tables, labels and
sections (the bodies' grammar is read by `plan_qa.parsing.bodies`).
"""

from __future__ import annotations

import json
import re
from functools import lru_cache
from importlib import resources

from plan_qa.parsing.notation import active

# What may stand before a label on its line: a bullet, or an arrow pointing from a task to its assignment
# ("→ CT: Sở …; TG: …", l3_hai-phong of blind set s11).
_BULLET = r"(?:[-–+•→⇒➔►▸]\s*)?"


@lru_cache(maxsize=1)
def grammar() -> dict:
    """The parsed data file."""
    text = resources.files("plan_qa.data").joinpath("plan_grammar.json").read_text(encoding="utf-8")
    return json.loads(text)


def alternation(patterns: list[str]) -> str:
    """One regular expression matching any of the data file's patterns."""
    return "|".join(f"(?:{p})" for p in patterns)


@lru_cache(maxsize=1)
def _column_patterns() -> list[tuple[str, re.Pattern[str]]]:
    columns = grammar()["columns"]
    return [(role, re.compile(alternation(p), re.I)) for role, p in columns.items() if not role.startswith("_")]


def column_role(header: str) -> str | None:
    """Role of a table column from what its header means, e.g. "Cơ quan chủ trì" → "lead"."""
    text = re.sub(r"\s+", " ", header).strip()
    if not text:
        return None
    for role, pattern in _column_patterns():
        if pattern.search(text):
            return role
    return None


@lru_cache(maxsize=2)
def time_column(kind: str) -> re.Pattern[str]:
    """How a time column's header says it starts a span ("Thời gian bắt đầu", "Từ" under "Thời gian") or gives
    the completion ("Thời hạn hoàn thành"); plan_grammar.json columns._timeline_span."""
    return re.compile(alternation(grammar()["columns"]["_timeline_span"][kind]), re.I)


@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern[str]:
    starts = alternation(grammar()["assignment_labels"]["starts"])
    # A label opens a line, or follows ";", ".", "(" or a spaced dash ("… – Chủ trì: Sở Y tế – Hoàn thành: …").
    return re.compile(rf"(?:^|(?<=[;.(])\s*|\s[-–]\s+){_BULLET}(?P<label>(?:{starts})[^:;.()]{{0,40}}?)\s*:\s*", re.I)


@lru_cache(maxsize=1)
def _label_roles() -> list[tuple[str, re.Pattern[str]]]:
    roles = grammar()["assignment_labels"]["roles"]
    return [(role, re.compile(alternation(p), re.I)) for role, p in roles.items()]


def _label_role(label: str) -> str | None:
    own = active().roles.get(label.strip())
    if own:
        return "lead" if own == "execute" else own  # a plan's own short label ("CT", "TG")
    return next((role for role, pattern in _label_roles() if pattern.search(label)), None)


@lru_cache(maxsize=32)
def _own_label_pattern(shorts: tuple[str, ...], in_cell: bool) -> re.Pattern[str]:
    """A label written with the plan's own short forms ("CT: …; PH: …; TG: …"), case as the legend writes it."""
    opening = r"(?:^|(?<=[\s;.,(]))" if in_cell else r"(?:^|(?<=[;.(])\s*|\s[-–]\s+|^\s*)"
    labels = "|".join(re.escape(short) for short in sorted(shorts, key=len, reverse=True))
    return re.compile(rf"{opening}{_BULLET}(?P<label>(?:{labels}))\s*:\s*")


def _label_matches(text: str, pattern: re.Pattern[str], in_cell: bool) -> list[re.Match[str]]:
    """The labels of a text, in order: the vocabulary's and the plan's own short labels."""
    matches = [m for m in pattern.finditer(text) if _label_role(m["label"])]
    shorts = tuple(active().roles)
    if shorts:
        own = [m for m in _own_label_pattern(shorts, in_cell).finditer(text)
               if not any(o.start() <= m.start() < o.end() or m.start() <= o.start() < m.end() for o in matches)]
        matches = sorted(matches + own, key=lambda m: m.start())
    return matches


def assignment_fields(text: str) -> tuple[str, dict[str, str]]:
    """(task text before the labels, fields) of an inline assignment
    ("Đơn vị chủ trì: Sở Y tế; Thời gian: Quý IV/2025"); fields are empty when there is none."""
    matches = _label_matches(text, _label_pattern(), in_cell=False)
    if not matches:
        return text, {}
    fields: dict[str, str] = {}
    for match, following in zip(matches, matches[1:] + [None]):
        end = following.start() if following else len(text)
        fields.setdefault(_label_role(match["label"]), _field_value(text[match.end() : end]))
    return text[: matches[0].start()].strip(" ("), fields


@lru_cache(maxsize=1)
def _cell_label_pattern() -> re.Pattern[str]:
    starts = alternation(grammar()["assignment_labels"]["starts"])
    # Inside one cell a label may follow the previous value after a mere space (its paragraphs joined), and
    # each labelled paragraph may be a bullet ("- Chủ trì: Sở X;" / "- Phối hợp: Sở Y.").
    return re.compile(rf"(?:^|(?<=[\s;.,(])){_BULLET}(?P<label>(?:{starts})[^:;.()]{{0,40}}?)\s*:\s*", re.I)


def cell_roles(cell: str) -> dict[str, str]:
    """Roles of a table cell that opens with a label and labels each role ("Chủ trì: Sở X Phối hợp: Sở Y, Sở Z",
    a "Phân công" cell of two paragraphs joined); empty when the cell does not open with a label."""
    matches = _label_matches(cell.strip(), _cell_label_pattern(), in_cell=True)
    if not matches or matches[0].start() != 0:
        return {}
    fields: dict[str, str] = {}
    for match, following in zip(matches, matches[1:] + [None]):
        end = following.start() if following else len(cell.strip())
        fields.setdefault(_label_role(match["label"]), _field_value(cell.strip()[match.end() : end]))
    return fields


def is_bare_label(text: str) -> bool:
    """True for an assignment label whose value is written on the next line(s) ("- Cơ quan chủ trì:")."""
    before, fields = assignment_fields(text)
    return bool(fields) and not before and not any(fields.values()) and text.rstrip().endswith(":")


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
    return re.compile(alternation(grammar()["duty_sections"]["patterns"]), re.I)


def is_duty_section(heading: str) -> bool:
    """True for the heading of a section that assigns duties (any letter case)."""
    return bool(_duty_section().search(heading))


def is_execution_clause(text: str) -> bool:
    """The closing article naming who executes a decision ("… chịu trách nhiệm thi hành Quyết định này")."""
    return bool(re.search(grammar()["sentences"]["execution_clause"], text, re.I))


@lru_cache(maxsize=1)
def _generic_task_label() -> re.Pattern[str]:
    return re.compile(grammar()["outline"]["generic_task_label"], re.I)


def is_generic_task_label(text: str) -> bool:
    """An item title that only numbers an activity ("Hoạt động 1"): its "Nội dung: …" line is the task."""
    return bool(_generic_task_label().match(text.strip()))
