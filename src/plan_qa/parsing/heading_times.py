"""The time an outline heading states for the task items under it.

"1. Giai đoạn 1 (từ tháng 01/2026 đến hết tháng 6/2026)" / "a) <task> (Sở X chủ trì)": the task runs in its
phase. "1. Nhóm nhiệm vụ chuẩn bị (Thời gian thực hiện: năm 2026)": the tasks under it are done in 2026. An unnumbered
line that only names a period ("### Năm 2027", a bold "Năm 2027" in Word) heads the items after it in its section
the same way. An item that names its own time keeps it (plan_grammar.json `heading_times`). The lead a group line
names ("Sở X chủ trì thực hiện các nhiệm vụ sau:") is its items' already (`plan_qa.parsing.groups`); the time of a
heading above that line reaches them too.
"""

from __future__ import annotations

import re
from dataclasses import replace
from functools import lru_cache

from plan_qa.parsing.grammar import assignment_fields, grammar
from plan_qa.parsing.model import TaskRow
from plan_qa.parsing.outline import OutlineNode

_PARENTHESES = re.compile(r"\(([^()]+)\)")
_NUMBER = re.compile(r"^(?:\d+|[IVX]+)$")


@lru_cache(maxsize=1)
def _vocabulary() -> tuple[re.Pattern[str], frozenset[str], re.Pattern[str]]:
    data = grammar()["heading_times"]
    return re.compile(data["phase"], re.I), frozenset(data["words"]), re.compile(data["anchor"], re.I)


def is_period(text: str) -> bool:
    """True when a text only names a period ("Năm 2026", "từ tháng 7/2026 đến hết năm 2027", "Trong quý I/2026")."""
    _, words, anchor = _vocabulary()
    tokens = re.findall(r"\w+", text)
    return bool(tokens) and bool(anchor.search(text)) and all(
        token.lower() in words or _NUMBER.match(token) for token in tokens)


def period_heading(text: str) -> str | None:
    """The period of a line that is only a period, or a numbered phase and its period ("Giai đoạn 1 (từ tháng
    01/2026 đến hết tháng 6/2026)" → the parenthesis, "Đợt 2: từ tháng 7 đến tháng 9/2026" → after the colon); None
    for any other line."""
    text = text.strip().rstrip(" :.;")
    phase, _, _ = _vocabulary()
    rest = phase.sub("", text, count=1)
    if rest != text:
        inner = _PARENTHESES.fullmatch(rest.strip())
        rest = inner.group(1).strip() if inner else rest
        return rest if is_period(rest) else None
    return text if is_period(text) else None


def _is_whole_period(time: str, period: str | None) -> bool:
    """True when a time is only the plan's own period ("giai đoạn 2026 - 2030" in a plan for 2026-2030)."""
    def bare(text: str) -> str:
        return re.sub(r"[\s\-–]+|năm|giai đoạn", "", text.lower())
    return bool(period) and bare(time) == bare(period or "")


def heading_time(text: str, period: str | None = None) -> str | None:
    """The time a heading gives the items under it, as written: a time label's value ("(Thời gian thực hiện: năm
    2026)"), a parenthesis that only names a period, or the period the heading is. A parenthesis naming only the
    plan's own `period` ("II. NHIỆM VỤ, GIẢI PHÁP (giai đoạn 2026 - 2030)" in a plan for 2026-2030) dates nothing:
    the whole plan runs then."""
    timeline = assignment_fields(text)[1].get("timeline")
    if timeline:
        return timeline.strip(" .;")
    inner = next((found.strip() for found in _PARENTHESES.findall(text)
                  if is_period(found) and not _is_whole_period(found, period)), None)
    return inner or period_heading(text)


def _run_heading(node: OutlineNode, siblings: list[OutlineNode]) -> OutlineNode | None:
    """The nearest unnumbered line before `node` among its siblings that only names a period."""
    before = siblings[: siblings.index(node)]
    return next((line for line in reversed(before) if line.block.kind == "text" and not line.children
                 and period_heading(line.block.text)), None)


def _above(node: OutlineNode, nodes: list[OutlineNode]) -> list[tuple[str, bool]]:
    """(text, is a period line) of what heads `node`, nearest first: at each level up, the period line before it
    among its siblings, then the heading it sits under."""
    by_path = {tuple(n.path): n for n in nodes}
    heads: list[tuple[str, bool]] = []
    current: OutlineNode | None = node
    while current is not None:
        parent_path = tuple(current.path[:-1])
        siblings = [n for n in nodes if tuple(n.path[:-1]) == parent_path and len(n.path) == len(current.path)]
        run = _run_heading(current, siblings)
        if run is not None:
            heads.append((run.block.text, True))
        current = by_path.get(parent_path)
        if current is not None:
            heads.append((current.block.text, False))
    return heads


def with_heading_times(plan_id: str, rows: list[TaskRow], nodes: list[OutlineNode],
                             period: str | None = None) -> list[TaskRow]:
    """Rows of outline items given the time of the nearest heading above them that states one, where the item
    states none of its own (`period`: the plan's own, from its title)."""
    by_id = {f"{plan_id}:{'.'.join(node.path)}": node for node in nodes}
    result: list[TaskRow] = []
    for row in rows:
        node = by_id.get(row.clause_id)
        if node is None or row.timeline:
            result.append(row)
            continue
        above = _above(node, nodes)
        timeline = next((time for text, run in above
                         if (time := period_heading(text) if run else heading_time(text, period))), None)
        if timeline != row.timeline:
            row = replace(row, timeline=timeline)
        result.append(row)
    return result
