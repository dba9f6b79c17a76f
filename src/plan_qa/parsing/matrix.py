"""Assignment matrices: one column (or one row) per body, a mark in the body's cell giving its role in the task.

An appendix may name its bodies once, in the header ("Sở NN&MT | Sở TC | CA tỉnh | …"), and mark each task row
"C" under the lead and "P" under the coordinators (k1_gia-lai of blind set s11), or write the bodies down the first
column and the tasks across ("bodies as rows"). A header cell is a body when it reads as one, as written or through
the plan's own short names (`plan_qa.parsing.notation`); a cell's mark is read by the plan's legend, else by the
default marks of `plan_qa/data/plan_grammar.json` ("notation.default_marks").
"""

from __future__ import annotations

import re
from functools import lru_cache

from plan_qa.agencies import normalize_agency
from plan_qa.parsing.bodies import is_agency_name, is_bare_collective
from plan_qa.parsing.gantt import is_period
from plan_qa.parsing.grammar import column_role, grammar
from plan_qa.parsing.legend import expand, meaning_role
from plan_qa.parsing.notation import active
from plan_qa.parsing.task_codes import is_code

_NUMBERED = re.compile(r"^(?:(?:NV|[Nn]hiệm vụ)\s*)?(?P<n>\d{1,3}(?:\.\d{1,3})*)[.):]?\s+(?P<t>\S.*)$")
_MIN_BODIES = 2


@lru_cache(maxsize=1)
def _default_marks() -> dict[str, str]:
    return {mark: role for role, marks in grammar()["notation"]["default_marks"].items() for mark in marks}


def mark_role(cell: str) -> str | None:
    """The role a cell's mark gives its body ("C" → "lead", "○" → "coordinators", "x" → "execute"); None when the
    cell holds no mark."""
    mark = " ".join(cell.split()).strip(" .")
    if not mark:
        return None
    own = active().roles.get(mark)
    if own and own != "timeline":
        return own
    if mark in _default_marks():
        return _default_marks()[mark]
    role = meaning_role(mark) if len(mark.split()) <= 3 else None
    return role if role in ("lead", "coordinators", "execute") else None


def is_body(cell: str) -> bool:
    """Whether a header cell names a body: as written, through a short name the plan defines, or as the agency table
    knows a short header ("NN&MT", "SYT", a bare sector "Y tế" over a matrix's column)."""
    text = " ".join(cell.split())
    if not text or column_role(text):
        return False
    full = expand(text, active().bodies)
    upper = full[:1].upper() + full[1:]
    return is_agency_name(upper) or is_bare_collective(upper) or normalize_agency(full) is not None


def body_columns(header: list[str]) -> dict[int, str]:
    """Column index → body of a header that names at least two bodies, one per column; empty otherwise."""
    columns = {index: " ".join(cell.split()) for index, cell in enumerate(header) if is_body(cell)}
    return columns if len(columns) >= _MIN_BODIES else {}


def marked_roles(cells: list[str], columns: dict[int, str], grouped: dict[int, str] | None = None) -> dict[str, str]:
    """"lead" / "coordinators" → the bodies a row marks ("Sở A; Sở B"). A mark in a column `grouped` under a role
    header ("Cơ quan chủ trì" over the bodies) gives that role; the bodies marked as carrying the task out lead it
    when no body is marked as lead, else they take part."""
    by_role: dict[str, list[str]] = {"lead": [], "coordinators": [], "execute": []}
    for index, body in columns.items():
        role = mark_role(cells[index]) if index < len(cells) else None
        if role:
            by_role[(grouped or {}).get(index) or role].append(body)
    if by_role["lead"]:
        by_role["coordinators"] += by_role["execute"]
    else:
        by_role["lead"] = by_role["execute"]
    return {role: "; ".join(bodies) for role, bodies in by_role.items() if bodies and role != "execute"}


def is_mark_cell(cell: str) -> bool:
    """A cell holding only a mark (or nothing): what a matrix cell holds."""
    return not cell.strip() or mark_role(cell) is not None


def transposed(rows: list[list[str]]) -> list[list[str]] | None:
    """A matrix written with its bodies down a column and its tasks across, turned so each task is a row: the new
    header is "TT | Nhiệm vụ | <bodies and the other row labels>", each task's leading number ("1.", "NV1") going to
    the TT column. None when the rows are not such a matrix (at least two rows naming a body in their label column
    and marking only, every other cell of theirs a mark or empty, one at least marked; every column across headed
    by a task, not a period or a field)."""
    width = max((len(row) for row in rows), default=0)
    grid = [row + [""] * (width - len(row)) for row in rows if any(cell.strip() for cell in row)]
    if len(grid) < 1 + _MIN_BODIES or width < 2:
        return None
    label = _label_column(grid)
    if label is None:
        return None
    header, body = grid[0], grid[1:]
    tasks = [j for j in range(label + 1, width) if header[j].strip()]
    if not all(_names_task(header[j]) for j in tasks):
        return None  # periods or fields across ("Quý I | Quý II", "Kinh phí"): a schedule or a figures table per body
    bodies = [row for row in body if is_body(row[label])]
    if len(bodies) < _MIN_BODIES or not tasks or not all(is_mark_cell(row[j]) for row in bodies for j in tasks) \
            or not any(mark_role(row[j]) for row in bodies for j in tasks):
        return None
    labels = [" ".join(row[label].split()) for row in body]
    corner = " ".join(header[label].split())
    task_header = f"Nhiệm vụ / {corner}" if corner and column_role(f"Nhiệm vụ / {corner}") == "task" else "Nhiệm vụ"
    new_rows = [["TT", task_header, *labels]]
    for position, j in enumerate(tasks, start=1):
        title = " ".join(header[j].split())
        numbered = _NUMBERED.match(title)
        number, task = (numbered["n"], numbered["t"]) if numbered else (str(position), title)
        new_rows.append([number, task, *[row[j] for row in body]])
    return new_rows


def _names_task(cell: str) -> bool:
    """A header cell that can name a task: words of a task (at least two), no period and no field of a table — or
    the code of an item of the outline ("NV3", "1.2": `task_codes`)."""
    text = " ".join(cell.split())
    return (len(text.split()) >= 2 or is_code(text)) and not is_period(text) and column_role(text) in (None, "task")


def _label_column(grid: list[list[str]]) -> int | None:
    """The label column of a matrix written with its bodies down a column: the first column (or the one after a
    number column) whose cells under the header row name bodies."""
    for column in range(min(2, len(grid[0]))):
        if sum(is_body(row[column]) for row in grid[1:]) >= _MIN_BODIES:
            return column
    return None


def without_marks(text: str) -> str:
    """The text with the mark cells of its tables emptied: a schedule's mark ("x" under "Quý II") is read into its
    row's timeline, a matrix's mark into its row's lead or coordinators; neither is a word of the plan."""
    marks = {*grammar()["gantt"]["marks"], *_default_marks(),
             *(mark for mark, role in active().roles.items() if role != "timeline")}
    pattern = "|".join(re.escape(mark) for mark in sorted(marks, key=len, reverse=True))
    return re.sub(rf"(?<=[\t|])[ ]*(?:{pattern})[ ]*(?=[\t|]|$)", "", text, flags=re.M)
