"""Task tables ("PHỤ LỤC ... Danh mục các nhiệm vụ", or a table in the body) → `TaskRow`s.

Three layouts reach us: tab-separated rows (DOCX/HTML/PDF readers and the web-saved
text reader emit these; a row split over a page break continues in a row with an empty
TT cell), markdown pipe tables, and PDF text where every cell was flattened into wrapped
lines. The first two are read cell by cell: the header row is the first whose columns
mean a task and who leads or coordinates it (column vocabulary in
`plan_qa/data/plan_grammar.json`), other columns are kept as extras; group rows (I., A.,
a numbered row heading its sub-rows) title the rows under them. The flattened layout is
read row by row, using the TT sequence to tell row numbers from page numbers and the
agency-list openings ("Sở …", "Các Sở: …") to tell the task text from the agencies.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plan_qa.agencies import parse_agency_list
from plan_qa.parsing.bodies import agency_list
from plan_qa.parsing.cell_items import item_rows
from plan_qa.parsing.cleaning import clean_line, flat, is_page_number, is_rule
from plan_qa.parsing.datatables import row_texts
from plan_qa.parsing.duty_tables import is_holder_header
from plan_qa.parsing.gantt import is_mark, is_period, marked_timeline, period_columns
from plan_qa.parsing.grammar import column_role, grammar, time_column
from plan_qa.parsing.matrix import body_columns, is_body, is_mark_cell, marked_roles, transposed
from plan_qa.parsing.outline import join_wrapped
from plan_qa.parsing.row_hierarchy import letter_label, nest
from plan_qa.parsing.sentences import coordinators_in_task

_ROMAN_CELL = re.compile(r"^(?P<r>X{0,3}(?:IX|IV|V?I{0,3}))\b\.?\s*(?P<t>.*)$")
_ROW_NUMBER = re.compile(r"^(?P<n>\d{1,3})(?:\s+(?P<t>\S.*))?$")
_TIMELINE = re.compile(
    r"(?:(?:Hằng|Hàng) năm|Thường xuyên|Năm \d{4}|Quý\s*[IV]+(?:\s*-\s*[IV]+)?\s*/\s*\d{4}"
    r"|(?:Giai đoạn\s+)?\d{4}\s*-\s*\d{4})\s*$",
    re.IGNORECASE,
)
_AGENCY_START = re.compile(r"^(?:Các [Ss]ở\b|Sở |Công Thương\b|Ban Quản lý|UBND|Ủy ban|Bộ )")
_COORDINATORS_START = re.compile(r"\bCác [Ss]ở\b")
_ROW_LABEL = re.compile(r"^(?P<n>\d{1,3}(?:\.\d{1,3})*)\.?$")
_GROUP_CELL = re.compile(r"^(?:[IVX]{1,5}|[A-ZĐ])\.?\s+\S|^(?:[IVX]{1,5}|[A-ZĐ])$")
_PART_CELL = re.compile(r"[A-DĐE]\.?")
# A numbered heading on a line of its own between the tables of an appendix ("2. Nhóm nhiệm vụ về hạ tầng"
# over the second of four tables with one header each): the group of the rows under it. A task row keeps its
# number in a cell of its own, so a line holding number and words alone is no row.
_HEADING_LINE = re.compile(r"^(?:\d{1,2}|[IVX]{1,5}|[A-ZĐ])\.\s+\S+\s+\S")
_FIELD_ROLES = ("task", "lead", "coordinators", "timeline", "unit", "quantity")


@dataclass
class RawRow:
    """A task row before agency normalisation, fields as written."""

    row: int
    group: str | None
    task: str = ""
    lead: str = ""
    coordinators: str = ""
    timeline: str = ""
    unit: str = ""
    quantity: str = ""
    number: str = ""  # as printed: "1", "1.2"
    extra: dict[str, str] = field(default_factory=dict)  # other columns, keyed by their header


@dataclass
class Appendix:
    """The appendix heading lines, its task rows and the rows of its other tables."""

    title: str
    note: str  # "(Ban hành kèm theo Kế hoạch số … )"
    rows: list[RawRow] = field(default_factory=list)
    unplaced: list[str] = field(default_factory=list)
    other_rows: list[str] = field(default_factory=list)  # rows of tables that assign nothing, cells joined
    header: str = ""  # the task table's header row, cells joined ("TT | Nhiệm vụ | Chủ trì | …")
    lead_label: str = "Đơn vị chủ trì"  # how a row's clause names its lead: the header's own words when it
    # names a body that follows the target up ("Cơ quan theo dõi"), not one that carries the task out


def _column_roles(header_cells: list[str]) -> dict[int, str]:
    """Column index → role by what the header means; a role is claimed by its first column,
    later columns of the same meaning (and unknown ones) are kept as extras under their header."""
    roles: dict[int, str] = {}
    for index, cell in enumerate(header_cells):
        role = column_role(cell)
        if role and role not in _FIELD_ROLES + ("row",):
            role = None  # kết quả, kinh phí, ghi chú …: kept on the row under their own header
        if role and (role not in roles.values() or _ends_span(role, roles, header_cells, index)):
            if role in roles.values() and time_column("completion").search(" ".join(cell.split())):
                start = next(i for i, r in roles.items() if r == role)
                roles[start] = "extra:" + " ".join(header_cells[start].split())  # kept beside the deadline
            roles[index] = role
        elif cell.strip():
            roles[index] = "extra:" + " ".join(cell.split())
    return _holder_leads(header_cells, roles)


def _holder_leads(header_cells: list[str], roles: dict[int, str]) -> dict[int, str]:
    """A table keyed by its bodies ("Cơ quan, đơn vị | Nhiệm vụ cụ thể | Thời hạn hoàn thành"): with a task and a
    timeline column and no column naming who leads, the column headed only by the noun of the bodies gives each
    row's lead (without a timeline it is a duty table, `duty_tables`)."""
    if "lead" in roles.values() or not {"task", "timeline"} <= set(roles.values()):
        return roles
    holder = next((i for i, cell in enumerate(header_cells) if is_holder_header(cell)), None)
    return roles if holder is None else {**roles, holder: "lead"}


def _ends_span(role: str, roles: dict[int, str], header_cells: list[str], index: int) -> bool:
    """A second timeline column after one that starts the span ("… bắt đầu" then "… kết thúc"): the span's end."""
    first = next((i for i, r in roles.items() if r == role), None)
    return (role == "timeline" and first is not None and list(roles.values()).count(role) == 1
            and bool(time_column("start").search(" ".join(header_cells[first].split()))) and index > first)


def _merged_across(upper: list[str], lower: list[str]) -> list[str]:
    """The upper header row with a cell merged across written in each column it spans: an empty upper cell
    over a filled lower one continues the upper cell on its left ("Thời gian thực hiện" over "Từ" | "Đến")."""
    spread: list[str] = []
    for index, cell in enumerate(upper):
        below = lower[index] if index < len(lower) else ""
        spread.append(cell if cell.strip() or not below.strip() or not spread else spread[-1])
    return spread


def _under(upper: str, lower: str) -> str:
    """A header cell of a two-row header: the lower cell when it names a column by itself ("Chủ trì" under
    "Cơ quan thực hiện"), else read under the upper one ("Từ" / "Đến" under "Thời gian thực hiện")."""
    if not lower.strip():
        return upper
    if column_role(lower) or not column_role(upper) or is_body(lower):
        return lower
    return f"{upper.strip()} {lower.strip()}"


def _is_task_header(cells: list[str], below: list[list[str]] | None = None) -> bool:
    """A header naming a task column and who leads or coordinates it — by a column of its own, or, with the rows
    `below` it, by a column per body whose cells mark each body's role (an assignment matrix)."""
    roles = set(_column_roles(cells).values())
    return "task" in roles and (bool(roles & {"lead", "coordinators"}) or (below is not None and _is_matrix(cells, below)))


def _is_matrix(header: list[str], below: list[list[str]]) -> bool:
    """A header with a column per body, the cells under them marks: most filled, all but a few a mark."""
    columns = body_columns(header)
    cells = [row[i] for row in below for i in columns if i < len(row) and row[i].strip()]
    return bool(columns) and bool(cells) and sum(is_mark_cell(cell) for cell in cells) >= 0.8 * len(cells)


def _is_sub_header(header: list[str], row: list[str]) -> bool:
    """A second header row splitting a header cell ("Chủ trì | Phối hợp" under "Cơ quan thực hiện", "Quý I … Quý IV"
    under "2026", bodies under "Cơ quan chủ trì"): no row number, a cell naming who leads or coordinates, a period or
    a body under a header cell that said something else, and every other cell empty or the header cell above repeated
    (a Word or HTML header cell merged down over both rows)."""
    first = row[0].strip() if row else ""
    if _ROW_NUMBER.fullmatch(first) or _ROW_LABEL.fullmatch(first):
        return False
    above = _merged_across(header + [""] * max(0, len(row) - len(header)), row)
    split = [(cell, top) for cell, top in zip(row, above) if cell.strip() and cell.strip() != top.strip()]
    return bool(split) and all(column_role(cell) or is_period(cell) or _span_word(top, cell) or _body_under_role(top, cell)
                               for cell, top in split) and any(
        column_role(cell) in ("lead", "coordinators") or is_period(cell) or _span_word(top, cell)
        or _body_under_role(top, cell) for cell, top in split)


def _body_under_role(upper: str, lower: str) -> bool:
    """A body's column under a header naming a role ("Sở Y tế" under "Cơ quan chủ trì" merged across the bodies):
    a mark in it gives the body that role."""
    return column_role(upper) in ("lead", "coordinators") and is_body(lower)


def _span_word(upper: str, lower: str) -> bool:
    """A word splitting a timeline header into the ends of its span ("Từ" / "Đến", "Bắt đầu" / "Kết thúc" under
    "Thời gian thực hiện"): short, no date in it."""
    return (column_role(upper) == "timeline" and not column_role(lower) and len(lower.split()) <= 3
            and not re.search(r"\d", lower))


def _set_field(row: RawRow, role: str, value: str, append: bool) -> None:
    if role.startswith("extra:"):
        key = role[len("extra:"):]
        row.extra[key] = _append(row.extra.get(key, ""), value) if append else value
    elif role in _FIELD_ROLES:
        setattr(row, role, _append(getattr(row, role), value) if append else value)


def _append(existing: str, addition: str) -> str:
    return join_wrapped([part for part in (existing, addition) if part])


def _read_cell_rows(rows: list[list[str]], appendix: Appendix) -> None:
    """Tab- or pipe-separated rows (header rows included) → appendix.rows.

    The header is the first row whose columns mean a task and who leads or coordinates it;
    a table without one assigns nothing: its rows are kept one text each, cells named by their
    column (`datatables`).
    """
    cell_rows, rows = rows, [[flat(cell) for cell in row] for row in rows]  # cells with their paragraphs, and as lines
    header_index = next((i for i, r in enumerate(rows[:4]) if _is_task_header(r, rows[i + 1:])), None)
    if header_index is None:
        turned = transposed(rows)  # bodies down the first column, tasks across
        if turned:
            _read_cell_rows(turned, appendix)
        else:
            appendix.other_rows.extend(row_texts(rows))
        return
    appendix.other_rows.extend(" | ".join(c for c in r if c.strip()) for r in rows[:header_index] if any(c.strip() for c in r))
    group: str | None = next((r[0].strip() for r in reversed(rows[:header_index]) if _heading_line(r)), None)
    header = list(rows[header_index])
    body = rows[header_index + 1 :]
    # A second header row ("Đơn vị chủ trì | Đơn vị phối hợp" under "Đơn vị thực hiện"; quarters under years).
    periods = period_columns(header)
    grouped: dict[int, str] = {}  # a body's column under a role header → that role
    if body and _is_sub_header(header, body[0]):
        sub = body.pop(0)
        periods = period_columns(header, sub)
        appendix.other_rows.append(" | ".join(c.strip() for c in header if c.strip()))  # the wording above it
        above = _merged_across(header + [""] * len(sub), sub)
        grouped = {i: column_role(top) or "" for i, (top, cell) in enumerate(zip(above, sub)) if _body_under_role(top, cell)}
        header = [_under(h, s) for h, s in zip(above, sub + [""] * len(header))]
    roles = _column_roles(header)
    # a task cell holding several tasks, one per paragraph: a row per task
    body = [row for cells in cell_rows[len(rows) - len(body):] for row in item_rows(cells, roles)]
    matrix = body_columns(header) if _is_matrix(header, body) else {}
    roles = {i: role for i, role in roles.items() if i not in matrix}  # a body's column holds marks, not a field
    appendix.header = " | ".join(c.strip() for c in header if c.strip())
    lead_header = next((" ".join(header[i].split()) for i, role in roles.items() if role == "lead"), "")
    if re.search(grammar()["columns"]["_lead_watch"], lead_header, re.I):
        appendix.lead_label = lead_header
    # The row number sits in the "TT" column wherever the clerk put it (the first column, usually).
    number_column = next((i for i, role in roles.items() if role == "row"), 0)
    numbered = "row" in roles.values()  # a table with no TT column: every row naming a task and a body is one
    part: str | None = None
    current: RawRow | None = None
    for cells in body:
        if len(cells) == 1 and is_page_number(cells[0]):
            continue  # a page number among the rows of a table copied from pages
        first = cells[number_column].strip() if len(cells) > number_column else ""
        filled = [c.strip() for c in cells if c.strip()]
        values = _row_values(cells, roles, periods)
        if (marked := marked_timeline(cells, periods)) and "timeline" not in values:
            values["timeline"] = marked  # a schedule table: the periods the row marks
        for role, bodies in marked_roles(cells, matrix, grouped).items():
            values.setdefault(role, bodies)  # an assignment matrix: the bodies the row marks
        label = _ROW_NUMBER.fullmatch(first) or _ROW_LABEL.fullmatch(first)
        letter = letter_label(first) if current is not None or appendix.rows else None
        if label or letter:
            number = label["n"] if label else letter
            current = RawRow(row=int(number) if number.isdigit() else len(appendix.rows) + 1, group=group, number=number)
            appendix.rows.append(current)
            for role, value in values.items():
                _set_field(current, role, value, append=False)
        elif first and (match := _ROMAN_CELL.match(first)) and match["r"]:
            group = join_wrapped([t for t in (match["t"], values.get("task", "")) if t]).strip()
            appendix.other_rows.append(" ".join(filled))  # the group row, as written, is a clause of its own
            group, current = (f"{part} / {group}" if part else group), None
        elif _PART_CELL.fullmatch(first) and 1 < len(filled) <= 2:  # "A | PHÁT TRIỂN NỀN MÓNG …": a part of the table
            part = group = f"{first.rstrip('.')}. {filled[1]}"
            appendix.other_rows.append(" ".join(filled))  # the part row, as written, is a clause of its own
            current = None
        elif _is_task_header(cells) or (matrix and body_columns(cells) == matrix):  # the header repeated after a page break or a part row
            appendix.other_rows.append(" | ".join(filled))
        elif _heading_line(cells):
            group, current = filled[0], None
            appendix.other_rows.append(group)
        elif not numbered and values.get("task") and values.keys() & {"lead", "coordinators", "timeline"}:
            current = RawRow(row=len(appendix.rows) + 1, group=group)
            appendix.rows.append(current)
            for role, value in values.items():
                _set_field(current, role, value, append=False)
        elif not numbered and len(filled) == 1 and values.get("task") == filled[0]:
            group, current = filled[0], None  # a title alone in the task column heads the rows under it
            appendix.other_rows.append(group)
        elif len(filled) == 1 and _GROUP_CELL.match(filled[0]) and values.get("task", filled[0]) == filled[0]:
            group, current = filled[0], None
            appendix.other_rows.append(group)
        elif not first and current is not None:
            for role, value in values.items():
                _set_field(current, role, value, append=True)
        elif len(cells) == 1 and filled:
            appendix.other_rows.append(filled[0])  # a line of text among the tables ("Ghi chú: …"): text of the plan
        elif filled:
            appendix.unplaced.append("\t".join(cells))
    if "coordinators" not in roles.values() and not matrix:
        for row in appendix.rows:  # "…, phối hợp với UBND các xã, phường": the task's own words name them (the
            # bodies only: "phối hợp với ngành y tế xử lý ổ dịch …" names none the agency reader knows)
            row.coordinators = row.coordinators or "; ".join(agency_list(coordinators_in_task(row.task)))
    appendix.rows = nest(appendix.rows)


def _row_values(cells: list[str], roles: dict[int, str], periods: dict[int, tuple[str, str]]) -> dict[str, str]:
    """Role → cell text of one row. Two timeline columns ("Thời gian bắt đầu" / "Thời gian kết thúc", "Từ" /
    "Đến" under "Thời gian thực hiện") give one span "start - end"; of other repeated roles the last column wins."""
    values: dict[str, str] = {}
    for i, cell in enumerate(cells):
        if i not in roles or not cell.strip() or (i in periods and is_mark(cell)):
            continue
        role = roles[i]
        values[role] = f"{values[role]} - {cell.strip()}" if role == "timeline" and role in values else cell.strip()
    return values


def _heading_line(cells: list[str]) -> bool:
    """A line of its own (no cell separator) that is a numbered heading: the group of the table under it."""
    return len(cells) == 1 and bool(_HEADING_LINE.match(cells[0].strip()))


def _split_flat_row(number: int, group: str | None, lines: list[str]) -> RawRow:
    """Split the wrapped lines of one flattened row into its cells."""
    start = next((i for i, line in enumerate(lines) if i > 0 and _AGENCY_START.match(line)), len(lines))
    row = RawRow(row=number, group=group, task=join_wrapped(lines[:start]))
    rest = join_wrapped(lines[start:])
    if match := _TIMELINE.search(rest):
        row.timeline, rest = match.group(0).strip(), rest[: match.start()].strip()
    split = next((m.start() for m in _COORDINATORS_START.finditer(rest) if m.start() > 0), None)
    if split is None:
        row.lead = rest
    else:
        row.lead, row.coordinators = rest[:split].strip(), rest[split:].strip()
    return row


def _read_flattened(lines: list[str], appendix: Appendix) -> None:
    """Flattened PDF table text → appendix.rows."""
    group: str | None = None
    expected = 1
    number: int | None = None
    row_lines: list[str] = []

    def flush() -> None:
        if number is not None:
            appendix.rows.append(_split_flat_row(number, group, row_lines))

    for line in lines:
        match = _ROW_NUMBER.fullmatch(line)
        if match and int(match["n"]) == expected:
            flush()
            number, expected, row_lines = expected, expected + 1, []
            if match["t"]:
                row_lines.append(match["t"])
            continue
        if match and not match["t"]:
            continue  # a page number between rows
        roman = _ROMAN_CELL.match(line)
        if roman and roman["r"] and roman["t"][:1].isupper():
            flush()
            number, row_lines, group = None, [], roman["t"].strip()
            continue
        if number is None:
            if not re.match(r"^(?:TT|thực hiện)\b", line):
                appendix.unplaced.append(line)
            continue
        row_lines.append(line)
    flush()
    for row in appendix.rows:
        row.task = row.task.strip()


def read_table(rows: list[list[str]], title: str) -> Appendix:
    """A table met inside the body (cells already split), read like an appendix table."""
    table = Appendix(title=title, note="")
    _read_cell_rows(rows, table)
    return table


# "PHỤ LỤC …" in capitals opens an appendix whatever follows; in sentence case ("Phụ lục: DANH MỤC NHIỆM VỤ",
# "Phụ lục II.", "Phụ lục số 1") only as a heading — a number and/or a colon, never a sentence ("Phụ lục kèm theo …").
_APPENDIX_HEADING = re.compile(r"^(?:PHỤ LỤC|Phụ lục(?:\s+(?:số\s+)?[IVXLC\d]+[a-z]?)?\s*(?:[:.–-]|$))")


def is_appendix_heading(line: str) -> bool:
    """Whether a cleaned line opens an appendix ("PHỤ LỤC I", "Phụ lục: Danh mục nhiệm vụ")."""
    return bool(_APPENDIX_HEADING.match(line))


def read_appendix(raw_lines: list[str]) -> Appendix:
    """Parse the appendix lines (from the "PHỤ LỤC" line on)."""
    cleaned = [clean_line(line) for line in raw_lines if not is_rule(line)]
    cleaned = [line for line in cleaned if line.strip()]
    heading: list[str] = []
    note = ""
    body_start = len(cleaned)
    for index, line in enumerate(cleaned):
        if "\t" in line or line.startswith("|") or re.match(r"^(?:TT|STT)\b", line):
            body_start = index
            break
        if _HEADING_LINE.match(line) and any("\t" in after or after.startswith("|") for after in cleaned[index + 1:index + 3]):
            body_start = index  # the group heading over the first table
            break
        if "Ban hành kèm theo" in line:
            note_match = re.search(r"\(?Ban hành kèm theo.*", line)
            note = note_match.group(0) if note_match else line
            heading.append(line[: note_match.start()] if note_match else "")
        elif note and not note.endswith(")"):
            note = _append(note, line)
        else:
            heading.append(line)
    title = join_wrapped([h for h in heading if h]).strip()
    title = re.sub(r"^(?:PHỤ LỤC|Phụ lục)\s*:?\s*", "", title)
    appendix = Appendix(title=title, note=note.strip())
    body = cleaned[body_start:]
    if any("\t" in line for line in body):
        _read_cell_rows([line.split("\t") for line in body], appendix)
    elif any(line.startswith("|") for line in body):
        rows = [
            [cell.strip() for cell in line.strip().strip("|").split("|")] if line.startswith("|") else [line]
            for line in body
            if not re.fullmatch(r"\|[\s|:-]+\|?", line.strip())
        ]
        _read_cell_rows(rows, appendix)
    else:
        _read_flattened(body, appendix)
    return appendix


def agencies_of(cell_text: str) -> list[str]:
    """Canonical agencies of a lead/coordinators cell."""
    return parse_agency_list(cell_text)
