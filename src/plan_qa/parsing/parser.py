"""Plan text → `Plan`: metadata, clause outline, appendix task rows, duties."""

from __future__ import annotations

import re
from pathlib import Path

from plan_qa.agencies import parse_agency_list
from plan_qa.parsing.cleaning import clean_line, footnote_number, is_page_number, is_rule, nfc
from plan_qa.parsing.duties import agency_of_heading, leading_agency, other_agencies, role_of
from plan_qa.parsing.metadata import (
    appendix_number_and_date,
    find_period,
    find_year,
    find_province,
    issuer_for_place,
    legal_bases,
    read_front_matter,
    read_signature,
)
from plan_qa.parsing.model import Clause, Duty, Plan, PlanMetadata, TaskRow
from plan_qa.parsing.outline import OutlineNode, classify, join_wrapped, locator_of, place, unwrap
from plan_qa.parsing.tables import Appendix, read_appendix

PARSER_VERSION = "2"
_CLOSING_START = re.compile(r"^(?:Nơi nhận|TM\.|KT\. CHỦ TỊCH)")
_ORGANISATION_SECTION = re.compile(r"TỔ CHỨC THỰC HIỆN")
_HEADING_MAX_WORDS = 30


def plan_id_for(path: Path) -> str:
    """"000" for "000_hanoi_....txt"; otherwise a slug of the file name."""
    stem = nfc(path.stem)
    prefix = stem.split("_", 1)[0]
    if re.fullmatch(r"\d{3}", prefix):
        return prefix
    slug = re.sub(r"[^\w]+", "-", stem, flags=re.UNICODE).strip("-").lower()
    return slug or "plan"


def _regions(lines: list[str]) -> tuple[int, int, int]:
    """Indexes where the body (section I), the closing block and the appendix start."""
    cleaned = [clean_line(line, keep_tabs=False) for line in lines]
    body = next(
        (i for i, line in enumerate(cleaned) if classify(line)[:2] == ("roman", "I")), len(lines)
    )
    appendix = next((i for i in range(body, len(lines)) if cleaned[i].startswith("PHỤ LỤC")), len(lines))
    closing = next((i for i in range(body, appendix) if _CLOSING_START.match(cleaned[i])), appendix)
    return body, closing, appendix


def _outline_clauses(plan_id: str, nodes: list[OutlineNode]) -> list[Clause]:
    clauses = []
    for node in nodes:
        kind = {"roman": "section", "number": "item", "letter": "lettered", "dash": "bullet"}.get(
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


def _duties(plan_id: str, province: str | None, nodes: list[OutlineNode], clauses: list[Clause]) -> list[Duty]:
    by_id = {c.id: c for c in clauses}
    duties: list[Duty] = []
    section = next(
        (n for n in nodes if n.block.kind == "roman" and _ORGANISATION_SECTION.search(n.block.text)), None
    )
    if section is None:
        return duties
    items = [n for n in nodes if n.path[:1] == section.path and n.block.kind == "number" and len(n.path) == 2]
    for item in items:
        children = [n for n in nodes if n.path[:2] == item.path and len(n.path) > 2]
        leaves = [n for n in children if not any(m.path[: len(n.path)] == n.path and m is not n for m in children)]
        if children:
            agency, agency_text = agency_of_heading(item.block.text), item.block.text
            duty_nodes = leaves
        else:
            agency, agency_text = leading_agency(item.block.text)
            duty_nodes = [item]
        for node in duty_nodes:
            clause = by_id[f"{plan_id}:{'.'.join(node.path)}"]
            duties.append(
                Duty(
                    plan_id=plan_id,
                    province=province,
                    agency=agency,
                    agency_text=agency_text,
                    role=role_of(node.block.text),
                    text=node.block.text,
                    other_agencies=other_agencies(node.block.text, agency),
                    locator=clause.locator,
                    clause_id=clause.id,
                )
            )
    return duties


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


def _task_rows(plan_id: str, province: str | None, appendix: Appendix) -> tuple[list[TaskRow], list[Clause]]:
    rows: list[TaskRow] = []
    clauses: list[Clause] = []
    for raw in appendix.rows:
        clause_id = f"{plan_id}:PL.r{raw.row}"
        locator = f"Phụ lục, dòng {raw.row}"
        parts = [raw.task.rstrip()]
        if raw.lead:
            parts.append(f"Đơn vị chủ trì: {raw.lead}")
        if raw.coordinators:
            parts.append(f"Đơn vị phối hợp: {raw.coordinators}")
        if raw.unit or raw.quantity:
            parts.append(f"Đơn vị tính: {raw.unit}; số lượng: {raw.quantity}")
        if raw.timeline:
            parts.append(f"Thời gian thực hiện: {raw.timeline}")
        text = " | ".join(parts)
        headings = [f"PHỤ LỤC: {appendix.title}"] + ([raw.group] if raw.group else [])
        clauses.append(Clause(clause_id, plan_id, "task_row", locator, ["PL", f"r{raw.row}"], headings, text))
        rows.append(
            TaskRow(
                plan_id=plan_id,
                province=province,
                row=raw.row,
                group=raw.group,
                task=raw.task,
                lead=parse_agency_list(raw.lead),
                lead_text=raw.lead,
                coordinators=parse_agency_list(raw.coordinators),
                coordinators_text=raw.coordinators,
                timeline=raw.timeline or None,
                unit=raw.unit or None,
                quantity=raw.quantity or None,
                locator=locator,
                clause_id=clause_id,
            )
        )
    return rows, clauses


def parse_text(text: str, plan_id: str, source: str = "") -> Plan:
    """Parse the text of one plan (already read from its file)."""
    lines = nfc(text).splitlines()
    body_start, closing_start, appendix_start = _regions(lines)
    front_lines = [clean_line(line, keep_tabs=False) for line in lines[:body_start]]
    front = read_front_matter([line for line in front_lines if line and not is_page_number(line)])

    nodes = place(unwrap(lines[body_start:closing_start]))
    _reparent_closing_paragraph(nodes)
    closing, signature_lines = _closing_clauses(plan_id, lines[closing_start:appendix_start])
    appendix = read_appendix(lines[appendix_start:]) if appendix_start < len(lines) else None

    province, issuer = issuer_for_place(front.place)
    if province is None:
        province, issuer = find_province(front.title, front.preamble)
    number, issue_date = front.number, front.issue_date
    if appendix and appendix.note:
        note_number, note_date = appendix_number_and_date(appendix.note)
        number, issue_date = number or note_number, issue_date or note_date
    signer, signer_title, authority = read_signature(signature_lines)

    clauses: list[Clause] = []

    def add(suffix: str, kind: str, locator: str, clause_text: str) -> None:
        if clause_text:
            clauses.append(Clause(f"{plan_id}:{suffix}", plan_id, kind, locator, [suffix], [], clause_text))

    add("front", "front", "Phần đầu văn bản", " ".join(t for t in (front.number_text, front.issue_date_text) if t))
    add("title", "title", "Tiêu đề", f"KẾ HOẠCH {front.title}".strip())
    add("preamble", "preamble", "Phần mở đầu", front.preamble)
    clauses.extend(_outline_clauses(plan_id, nodes))
    clauses.extend(closing)
    tasks: list[TaskRow] = []
    unplaced: list[str] = []
    if appendix:
        add("PL.title", "appendix_heading", "Phụ lục, tiêu đề", f"PHỤ LỤC {appendix.title} {appendix.note}".strip())
        tasks, row_clauses = _task_rows(plan_id, province, appendix)
        clauses.extend(row_clauses)
        unplaced.extend(appendix.unplaced)
    duties = _duties(plan_id, province, nodes, clauses)
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
        legal_bases=legal_bases(front.preamble),
    )
    return Plan(metadata=metadata, clauses=clauses, tasks=tasks, duties=duties, unplaced=unplaced)
