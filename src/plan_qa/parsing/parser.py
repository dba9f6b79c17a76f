"""Plan text → `Plan`: metadata, clause outline, task rows (tables and inline blocks), duties.

Web-saved text (one-cell-per-line tables, hard-wrapped paragraphs) is first rebuilt into
logical lines (`webtext`); text whose lines are whole paragraphs (DOCX, HTML) is read line
by line; PDF-like text is unwrapped by the outline rules.
"""

from __future__ import annotations

import re
from collections import Counter
from pathlib import Path

from plan_qa.parsing.text_columns import aligned_text_tables
from plan_qa.parsing.assignments import inline_tasks
from plan_qa.parsing.by_reference import referenced_tasks
from plan_qa.parsing.references import read_references
from plan_qa.parsing.chrome import drop_chrome
from plan_qa.parsing.cleaning import clean_line, clean_table_cell, flat, footnote_number, is_page_number, is_rule, nfc
from plan_qa.parsing.duties import decision_duties, duty_sections, section_duties
from plan_qa.parsing.duty_tables import duty_table_lines
from plan_qa.parsing.matrix import without_marks
from plan_qa.parsing.bodies import agency_list, assignment_notes, lead_and_coordinators
from plan_qa.parsing.heading_times import with_heading_times
from plan_qa.parsing.legend import expand, read_notation
from plan_qa.parsing.metadata import (
    appendix_number_and_date,
    find_period,
    find_year,
    find_province,
    issuer_for_place,
    issuer_in_header,
    legal_bases,
    read_front_matter,
    read_signature,
    recipient_and_signature,
)
from plan_qa.parsing.model import Clause, Plan, PlanMetadata, TaskRow
from plan_qa.parsing.notation import active, reading
from plan_qa.parsing.outline import OutlineNode, classify, join_wrapped, locator_of, place, unwrap
from plan_qa.parsing.task_codes import join_codes
from plan_qa.parsing.tables import Appendix, is_appendix_heading, read_appendix, read_table
from plan_qa.parsing.webtext import (
    gfm_tables,
    grid_tables,
    is_paragraph_per_line,
    is_web_saved,
    layout_tables,
    to_lines,
)

PARSER_VERSION = "5"
_CLOSING_START = re.compile(r"^(?:Nơi nhận|TM\.|KT\. CHỦ TỊCH)")
_HEADING_MAX_WORDS = 30
_WORD = re.compile(r"\w+")
_DECISION_START = re.compile(r"^QUYẾT ĐỊNH\s*:?$")


def plan_id_for(path: Path) -> str:
    """"000" for "000_hanoi_....txt"; otherwise a slug of the file name."""
    stem = nfc(path.stem)
    prefix = stem.split("_", 1)[0]
    if re.fullmatch(r"\d{3}", prefix):
        return prefix
    slug = re.sub(r"[^\w]+", "-", stem, flags=re.UNICODE).strip("-").lower()
    return slug or "plan"


def _headless_body_start(cleaned: list[str]) -> int | None:
    """Where the body of a text with no section I starts: after its title line, else after its
    place-date line; None when it has neither (not an administrative document)."""
    title = next((i for i, line in enumerate(cleaned) if line.upper() in ("KẾ HOẠCH", "THÔNG BÁO")), None)
    if title is not None:
        return min(title + 2, len(cleaned))
    dated = next((i for i, line in enumerate(cleaned) if re.search(r"^[^,\d]{2,40},\s*ngày\b", line)), None)
    return dated + 1 if dated is not None else None


def _regions(lines: list[str], whole_paragraphs: bool = False) -> tuple[int, int, int]:
    """Indexes where the body (section I), the closing block and the appendix start."""
    cleaned = [clean_line(line, keep_tabs=False) for line in lines]
    body = next(
        (i for i, line in enumerate(cleaned) if classify(line, whole_paragraphs)[:2] in (("roman", "I"), ("roman", "A"))), len(lines)
    )
    if body == len(lines):  # no section I: a decision's articles, else the paragraphs after the title
        first_article = next((i for i, line in enumerate(cleaned) if re.match(r"^Điều\s+1\b", line)), None)
        headless = first_article if first_article is not None and whole_paragraphs else _headless_body_start(cleaned)
        body = headless if headless is not None else (0 if whole_paragraphs else len(lines))
    appendix = next((i for i in range(body, len(lines)) if is_appendix_heading(cleaned[i])), len(lines))
    closing = next((i for i in range(body, appendix) if _CLOSING_START.match(cleaned[i])), appendix)
    return body, closing, appendix


def _outline_clauses(plan_id: str, nodes: list[OutlineNode]) -> list[Clause]:
    clauses = []
    for node in nodes:
        kind = {"article": "article", "roman": "section", "number": "item", "subnumber": "item", "letter": "lettered",
                "dash": "bullet"}.get(
            node.block.kind, "paragraph"
        )
        text = node.block.text
        is_heading = node.children > 0 and len(text.split()) <= _HEADING_MAX_WORDS
        clauses.append(
            Clause(
                id=f"{plan_id}:{'.'.join(node.path)}",
                plan_id=plan_id,
                kind=kind,
                locator=locator_of(node.path),
                path=list(node.path),
                headings=list(node.headings),
                text=text,
                is_heading=is_heading or kind == "section",
            )
        )
    return clauses


def _reparent_closing_paragraph(nodes: list[OutlineNode]) -> None:
    """The plan's final "…./." paragraph belongs to its section, not to the last agency item."""
    if not nodes:
        return
    last = nodes[-1]
    if last.block.kind == "text" and last.block.text.rstrip().endswith("./.") and len(last.path) > 2:
        section = last.path[0]
        siblings = [n for n in nodes if n.path[:1] == [section] and len(n.path) == 2 and n.path[1].startswith("p")]
        parent = next((n for n in nodes if n.path == last.path[:-1]), None)
        if parent:
            parent.children -= 1
        last.path = [section, f"p{len(siblings) + 1}"]
        last.headings = last.headings[:1]


def _closing_clauses(plan_id: str, lines: list[str]) -> tuple[list[Clause], list[str]]:
    """Recipients, signature and footnotes after the body."""
    clauses: list[Clause] = []
    recipients: list[str] = []
    signature: list[str] = []
    footnotes: list[tuple[str, list[str]]] = []
    for raw in lines:
        number = footnote_number(raw)
        line = clean_line(raw, keep_tabs=False)
        if not line or is_rule(raw) or is_page_number(line):
            continue
        if number:
            footnotes.append((number, [line]))
        elif footnotes:
            footnotes[-1][1].append(line)
        elif (beside := recipient_and_signature(line))[1]:
            recipients.append(beside[0])
            signature.append(beside[1])
        elif signature or re.match(r"^(?:TM\.|KT\.)", line):
            signature.append(line)
        else:
            recipients.append(line)

    def add(suffix: str, kind: str, locator: str, text: str) -> None:
        clauses.append(Clause(f"{plan_id}:{suffix}", plan_id, kind, locator, [suffix], [], text))

    if recipients:
        add("recipients", "recipients", "Nơi nhận", " ".join(recipients))
    if signature:
        add("signature", "signature", "Phần ký", " ".join(signature))
    for number, text_lines in footnotes:
        add(f"fn{number}", "footnote", f"Chú thích {number}", join_wrapped(text_lines))
    return clauses, signature


def with_unit(value: str, unit: str | None) -> str:
    """A bare figure of a row read with the row's unit ("92" under "Đơn vị tính: %" → "92 %"), so the
    row's text states what it counts; any other value as written."""
    if unit and re.fullmatch(r"\d[\d.,]*", value.strip()) and len(unit) <= 20 and not re.search(r"\d", unit):
        return f"{value.strip()} {unit.strip()}"
    return value


def _task_rows(
    plan_id: str, province: str | None, appendix: Appendix, prefix: str, label: str, heading: str,
    abbreviations: dict[str, str],
) -> tuple[list[TaskRow], list[Clause]]:
    """Task rows of one table and their clauses; `prefix` ("PL", "PL2", "BG1", …) keeps ids unique,
    `label` ("Phụ lục 2", "Bảng 1") opens their locators, `heading` titles them; lead and coordinator cells
    are read with the plan's own `abbreviations` written out (the clause keeps the cells as written)."""
    rows: list[TaskRow] = []
    clauses: list[Clause] = []
    numbers: Counter[int] = Counter()
    for raw in appendix.rows:
        numbers[raw.row] += 1
        suffix = f"r{raw.row}" if numbers[raw.row] == 1 else f"r{raw.row}#{numbers[raw.row]}"
        clause_id = f"{plan_id}:{prefix}.{suffix}"
        locator = f"{label}, dòng {raw.number or raw.row}" + (f" ({raw.group})" if numbers[raw.row] > 1 and raw.group else "")
        parts = [raw.task.rstrip()]
        if raw.lead:
            parts.append(f"{appendix.lead_label}: {raw.lead}")
        if raw.coordinators:
            parts.append(f"Đơn vị phối hợp: {raw.coordinators}")
        if raw.unit:
            parts.append(f"Đơn vị tính: {raw.unit}")
        if raw.quantity:
            parts.append(f"Số lượng: {with_unit(raw.quantity, raw.unit)}")
        if raw.timeline:
            parts.append(f"Thời gian thực hiện: {raw.timeline}")
        parts.extend(f"{key}: {with_unit(value, raw.unit)}" for key, value in raw.extra.items())
        text = " | ".join(parts)
        headings = [heading] + ([raw.group] if raw.group else [])
        clauses.append(Clause(clause_id, plan_id, "task_row", locator, [prefix, suffix], headings, text))
        lead_text, coordinators_text = lead_and_coordinators(expand(raw.lead, abbreviations),
                                                             expand(raw.coordinators, abbreviations))
        rows.append(
            TaskRow(
                plan_id=plan_id,
                province=province,
                row=raw.row,
                group=raw.group,
                task=raw.task,
                lead=agency_list(lead_text),
                lead_text=lead_text,
                coordinators=agency_list(coordinators_text),
                coordinators_text=coordinators_text,
                timeline=raw.timeline or None,
                unit=raw.unit or None,
                quantity=raw.quantity or None,
                locator=locator,
                clause_id=clause_id,
                number=raw.number or str(raw.row),
                extra={**raw.extra, **assignment_notes(raw.lead, raw.coordinators)},
            )
        )
    for index, row_text in enumerate(appendix.other_rows, start=1):
        path = [prefix, f"t{index}"]
        clauses.append(Clause(f"{plan_id}:{'.'.join(path)}", plan_id, "table_row", f"{label}, hàng bảng {index}",
                              path, [heading], row_text))
    return rows, clauses


def _lift_tables(lines: list[str]) -> tuple[list[str], list[Appendix]]:
    """Tables inside the body (runs of tab-separated rows) taken out of the outline and read as
    tables; each is titled by the line above it."""
    body: list[str] = []
    tables: list[Appendix] = []
    run: list[list[str]] = []

    def flush() -> None:
        if run and (items := duty_table_lines([[flat(cell) for cell in row] for row in run])) is not None:
            body.extend(items)  # a duty table is written back as the items of its section
            run.clear()
        if run:
            caption = next((clean_line(line, keep_tabs=False) for line in reversed(body) if line.strip()), "")
            tables.append(read_table([list(row) for row in run], caption or f"Bảng {len(tables) + 1}"))
            run.clear()

    for line in lines:
        if "\t" in line and clean_line(line).strip():
            run.append([clean_table_cell(cell) for cell in line.split("\t")])
        elif run and is_page_number(clean_line(line, keep_tabs=False)):
            body.append(line)  # a page footer inside a table copied from a PDF: the table goes on
        elif line.strip() or not run:
            flush()
            body.append(line)
    flush()
    return body, tables


def _appendix_parts(lines: list[str]) -> list[list[str]]:
    """The appendix region split at each "PHỤ LỤC …" heading (a plan may carry several)."""
    parts: list[list[str]] = []
    for line in lines:
        if not parts or (is_appendix_heading(clean_line(line, keep_tabs=False)) and any(
            "\t" in seen or seen.lstrip().startswith("|") for seen in parts[-1])):
            parts.append([])
        parts[-1].append(line)
    return parts


def _header_clauses(plan_id: str, header: list[str]) -> tuple[str, list[Clause]]:
    """The issuer block (kept for the front clause) and, for a decision that issues the plan,
    its articles as clauses ("Điều 1. Ban hành kèm theo …")."""
    start = next((i for i, line in enumerate(header) if _DECISION_START.match(line)), len(header))
    clauses = []
    for index, line in enumerate(header[start:], start=1):
        article = re.match(r"^Điều\s+(\d+)", line)
        locator = f"Quyết định, Điều {article.group(1)}" if article else f"Quyết định, đoạn {index}"
        clauses.append(Clause(f"{plan_id}:QD.{index}", plan_id, "decision", locator, ["QD", str(index)], [], line))
    return " ".join(header[:start]), clauses


def _decision_preamble(decision: list[Clause]) -> list[tuple[str, str]]:
    """(clause id, text) of a decision's lines before its first article: its "Căn cứ …" bases."""
    before: list[tuple[str, str]] = []
    for clause in decision:
        if re.match(r"^Điều\s+\d+", clause.text):
            break
        before.append((clause.id, clause.text))
    return before


def placed_share(text: str, clauses: list[Clause]) -> float:
    """Share of the words of the text that appear in some clause (counted with multiplicity).

    Outline markers ("II.", "3.", "a)") and row numbers live in the clause's locator; the marks of a
    schedule table ("x" per quarter) in its rows' timelines, those of an assignment matrix in their bodies' roles;
    page numbers ("Trang 3/8") are no text of the plan."""
    body = "\n".join(line for line in text.splitlines() if not is_page_number(clean_line(line, keep_tabs=False)))
    source = Counter(_WORD.findall(clean_line(without_marks(body), keep_tabs=False).lower()))
    placed = Counter(_WORD.findall(" ".join(f"{c.locator} {c.text}" for c in clauses).lower()))
    total = sum(source.values())
    return round(sum(min(n, placed[w]) for w, n in source.items()) / total, 4) if total else 1.0


def parse_text(text: str, plan_id: str, source: str = "") -> Plan:
    """Parse the text of one plan (already read from its file), under the notation its legends define."""
    text, chrome_lines = drop_chrome(nfc(text))
    with reading(read_notation(text)):
        return _parse(text, plan_id, source, chrome_lines)


def _parse(text: str, plan_id: str, source: str, chrome_lines: int) -> Plan:
    """Parse the text of one plan, site chrome dropped."""
    text = aligned_text_tables(gfm_tables(grid_tables(layout_tables(text))))
    web = is_web_saved(text)
    whole = web or is_paragraph_per_line(text)
    lines = to_lines(text) if web else text.splitlines()
    body_start, closing_start, appendix_start = _regions(lines, whole)
    # Header tables read as tab rows (DOCX, HTML) hold one front-matter line per cell.
    front_lines = [clean_line(cell, keep_tabs=False) for line in lines[:body_start] for cell in line.split("\t")]
    front = read_front_matter([line for line in front_lines if line and not is_page_number(line) and not is_rule(line)], whole)

    body_lines, body_tables = _lift_tables(lines[body_start:closing_start])
    nodes = place(unwrap(body_lines, whole))
    _reparent_closing_paragraph(nodes)
    closing, signature_lines = _closing_clauses(plan_id, lines[closing_start:appendix_start])
    appendices = [read_appendix(part) for part in _appendix_parts(lines[appendix_start:])]
    appendix = appendices[0] if appendices else None

    province, issuer = issuer_in_header(front.header)
    if province is None:
        province, issuer = issuer_for_place(front.place)
    if province is None:
        province, issuer = find_province(front.title, front.preamble)
    number, issue_date = front.number, front.issue_date
    if appendix and appendix.note:
        note_number, note_date = appendix_number_and_date(appendix.note)
        number, issue_date = number or note_number, issue_date or note_date
    signer, signer_title, authority = read_signature(signature_lines)
    if signer is None and front.header:
        signer, signer_title, authority = read_signature(front.header)

    duty_paths = [s.path for s in duty_sections(nodes)]
    joined = [node for table in [*appendices, *body_tables] for node in join_codes(table.rows, nodes, duty_paths)]
    clauses: list[Clause] = []

    def add(suffix: str, kind: str, locator: str, clause_text: str) -> None:
        if clause_text:
            clauses.append(Clause(f"{plan_id}:{suffix}", plan_id, kind, locator, [suffix], [], clause_text))

    issuer_block, decision = _header_clauses(plan_id, front.header)
    add("front", "front", "Phần đầu văn bản",
        " ".join(t for t in (issuer_block, front.number_text, front.issue_date_text) if t))
    clauses.extend(decision)
    add("title", "title", "Tiêu đề", f"{front.kind_line} {front.title}".strip())
    add("preamble", "preamble", "Phần mở đầu", front.preamble)
    clauses.extend(_outline_clauses(plan_id, nodes))
    clauses.extend(closing)
    tasks: list[TaskRow] = []
    unplaced: list[str] = []
    abbreviations = active().bodies
    for index, part in enumerate(appendices, start=1):
        prefix = "PL" if index == 1 else f"PL{index}"
        add(f"{prefix}.title", "appendix_heading", "Phụ lục, tiêu đề" if index == 1 else f"Phụ lục {index}, tiêu đề",
            f"PHỤ LỤC {part.title} {part.note} {part.header}".strip())
        label = "Phụ lục" if index == 1 else f"Phụ lục {index}"
        part_rows, row_clauses = _task_rows(plan_id, province, part, prefix, label, f"PHỤ LỤC: {part.title}", abbreviations)
        tasks.extend(part_rows)
        clauses.extend(row_clauses)
        unplaced.extend(part.unplaced)
    for index, table in enumerate(body_tables, start=1):
        add(f"BG{index}.title", "table_row", f"Bảng {index}, tiêu đề cột", table.header)
        table_rows, row_clauses = _task_rows(plan_id, province, table, f"BG{index}", f"Bảng {index}", table.title,
                                             abbreviations)
        tasks.extend(table_rows)
        clauses.extend(row_clauses)
        unplaced.extend(table.unplaced)
    # an item a table names by its code is assigned by that table
    named = {f"{plan_id}:{'.'.join(node.path)}" for node in joined}
    inline = [row for row in inline_tasks(plan_id, province, nodes, len(tasks)) if row.clause_id not in named]
    duties = decision_duties(plan_id, province, decision) + section_duties(plan_id, province, nodes, clauses)
    by_reference, pointing = referenced_tasks(plan_id, province, nodes, duties, duty_paths,
                                              {row.clause_id for row in [*tasks, *inline]} | named, len(tasks) + len(inline))
    # a duty sentence that points at items is their assignment, not a task of its own
    tasks.extend(row for row in inline if row.clause_id not in pointing or not read_references(row.task))
    tasks.extend(by_reference)
    tasks = with_heading_times(plan_id, tasks, nodes, find_period(front.title))
    metadata = PlanMetadata(
        plan_id=plan_id,
        source=source,
        title=front.title,
        issuer=issuer,
        province=province,
        number=number,
        number_text=front.number_text,
        issue_date=issue_date,
        issue_date_text=front.issue_date_text,
        issue_year=find_year(issue_date, front.issue_date_text, appendix.note if appendix else None),
        period=find_period(front.title),
        signer=signer,
        signer_title=signer_title,
        signing_authority=authority,
        legal_bases=legal_bases([*_decision_preamble(decision), (f"{plan_id}:preamble", front.preamble)], number),
        kind=front.kind,
    )
    return Plan(metadata=metadata, clauses=clauses, tasks=tasks, duties=duties, unplaced=unplaced,
                placed_share=placed_share(text, clauses), chrome_lines=chrome_lines, abbreviations=abbreviations)
