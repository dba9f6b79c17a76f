"""A table row whose task cell holds several tasks, one per paragraph, read as one row per task.

A plan may give each body one row and list its tasks as paragraphs of one cell ("Cơ quan, đơn vị | Nhiệm vụ cụ
thể | Thời hạn hoàn thành": "- Tham mưu …" / "- Chỉ đạo …" beside "Tháng 01/2026" / "Thường xuyên"; m1_quang-tri
of blind set s12). The task cell's paragraphs are parallel items — each a task of a few words opening with a list
mark or a capital, the first no title ending in ":" — when another cell of the row that is no body's
cell has as many paragraphs (the k-th deadline dates the k-th task), or when every one opens with the same list
mark and the row is keyed by its body (the body column before the task column). Each item becomes a row: a cell
with as many paragraphs gives each row its own paragraph (a deadline cell whose times ran together is parted into
them, "cell_items" of `plan_qa/data/plan_grammar.json`), any other cell (the body, the row number, a single
deadline) holds for every row. Paragraphs reach the table as `CELL_BREAK`-parted text (`plan_qa.ingest.cells`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from plan_qa.ingest.cells import CELL_BREAK
from plan_qa.parsing.cleaning import flat
from plan_qa.parsing.grammar import alternation, grammar

_LIST_MARK = re.compile(r"^(?P<mark>[-–+•*]|[a-zđ]\)|\d{1,2}[.)])\s+(?=\S)")
_MIN_ITEM_WORDS = 3
_BODY_ROLES = ("lead", "coordinators", "row")
_MIN_TIME_WORDS = 2


@lru_cache(maxsize=1)
def _time_opener() -> re.Pattern[str]:
    return re.compile(rf"(?<!\S)(?:{alternation(grammar()['cell_items']['time_openers'])})(?!\w)")


def _times(cell: str, count: int) -> list[str] | None:
    """A one-paragraph time cell read as `count` times run together (a PDF or grid cell whose line breaks were
    wraps to its reader: "Tháng 11/2026 Tháng 01/2027"), parted before each word opening a time once the time
    before it has two words; None unless it gives exactly `count` times."""
    text = flat(cell).strip()
    times: list[str] = []
    start = 0
    for opener in _time_opener().finditer(text):
        if len(text[start:opener.start()].split()) >= _MIN_TIME_WORDS:
            times.append(text[start:opener.start()].strip())
            start = opener.start()
    times.append(text[start:].strip())
    return times if len(times) == count else None


def _paragraphs(cell: str) -> list[str]:
    """A cell's paragraphs, each without the ";" that listed it."""
    return [part.strip().rstrip(";").strip() for part in cell.split(CELL_BREAK) if part.strip()]


def _mark(paragraph: str) -> str | None:
    """The kind of a paragraph's list mark ("-", "a)", "1."), None when it has none."""
    found = _LIST_MARK.match(paragraph)
    return re.sub(r"[a-zđ]", "a", re.sub(r"\d+", "1", found["mark"])) if found else None


def _unmarked(paragraph: str) -> str:
    """A task paragraph without its list mark ("- Tham mưu …" → "Tham mưu …")."""
    return _LIST_MARK.sub("", paragraph, count=1)


def _parallel(items: list[str], cells: list[list[str]], roles: dict[int, str], task: int) -> bool:
    """Whether the task cell's paragraphs are tasks of their own (see the module note)."""
    if len(items) < 2 or items[0].endswith(":") or any(
            len(_unmarked(i).split()) < _MIN_ITEM_WORDS or not (_mark(i) or i[:1].isupper()) for i in items):
        return False  # a title over its points, or a sentence going on ("(phát sóng 24 kỳ …)", lower case)
    aligned = any(len(paragraphs) == len(items) for index, paragraphs in enumerate(cells)
                  if index != task and roles.get(index) not in _BODY_ROLES)
    marks = {_mark(item) for item in items}
    lead = next((index for index, role in roles.items() if role == "lead"), None)
    keyed = lead is not None and lead < task and len(cells[lead]) <= 1
    return aligned or (len(marks) == 1 and None not in marks and keyed)


def item_rows(cells: list[str], roles: dict[int, str]) -> list[list[str]]:
    """The row as one row per task of its task cell, each cell flattened to one line; the row itself (flattened)
    when its task cell holds one task."""
    task = next((index for index, role in roles.items() if role == "task"), None)
    paragraphs = [_paragraphs(cell) for cell in cells]
    items = paragraphs[task] if task is not None and task < len(cells) else []
    if task is None or not _parallel(items, paragraphs, roles, task):
        return [[flat(cell) for cell in cells]]
    for index, role in roles.items():  # one time per task written as one run of text
        if role == "timeline" and index < len(cells) and len(paragraphs[index]) == 1:
            paragraphs[index] = _times(cells[index], len(items)) or paragraphs[index]
    rows = []
    for k, item in enumerate(items):
        row = [(parts[k] if len(parts) == len(items) else flat(cell)) for cell, parts in zip(cells, paragraphs)]
        row[task] = _unmarked(item)
        rows.append(row)
    return rows
