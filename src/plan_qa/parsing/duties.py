"""Duties per agency: items of the duty sections ("Tổ chức thực hiện", "Phân công nhiệm vụ",
"Trách nhiệm …", "Kinh phí") and articles of a decision, each addressed to a body."""

from __future__ import annotations

import re

from plan_qa.agencies import DEPARTMENTS, OTHER_BODIES, find_agencies, normalize_agency, parse_agency_list
from plan_qa.parsing.bodies import agency_list, agency_subject, agency_subjects, current_names, is_bare_collective
from plan_qa.parsing.grammar import grammar, is_duty_section, is_execution_clause
from plan_qa.parsing.model import Clause, Duty
from plan_qa.parsing.outline import OutlineNode, children, leaves

_CLAUSE = re.compile(r"\s*;\s*")

_HEADING_MAX_WORDS = 30
_ISSUER = "Ủy ban nhân dân tỉnh/thành phố"
_HEADING_KINDS = ("roman", "number", "subnumber")
_MIN_BODY_ITEMS = 2
_LEAD_IN_MAX_CHARS = 80
_SUBTITLE_MAX_WORDS = 12

_ROLES = (
    ("chủ trì", re.compile(r"^(?:Chủ trì|Chủ động chủ trì)\b", re.I)),
    ("phối hợp", re.compile(r"^(?:Phối hợp|Chủ động phối hợp)\b|có trách nhiệm phối hợp", re.I)),
    ("tham mưu", re.compile(r"^Tham mưu\b", re.I)),
)


def _predicate(text: str) -> str:
    """A duty's words after its holder: after a lead-in naming bodies ("Sở Công Thương: …") or the subject of its
    sentence ("Giao Sở Nội vụ (…) chủ trì …"); the text itself when it opens with neither."""
    text = re.sub(r"\s*\([^()]*\)", "", current_names(text))  # an aside on the holder ("(cơ quan tiếp nhận …)")
    head, colon, rest = text.partition(":")
    if colon and len(head) <= _LEAD_IN_MAX_CHARS and duty_holders(head):
        return rest.strip()
    subject = agency_subject(text)
    at = text.find(subject) if subject else -1
    return text[at + len(subject):].strip(" ,") if at >= 0 and at <= len("Đề nghị ") else text


def role_of(text: str) -> str:
    """The role a duty gives its agency: chủ trì, phối hợp, tham mưu or thực hiện — read on the words after its
    holder, past an apposition naming its standing ("Là cơ quan thường trực, chủ trì …": chủ trì)."""
    parts = [p.strip() for p in _CLAUSE.split(_predicate(text), maxsplit=1)[0].split(",")]
    while len(parts) > 1 and re.match(r"(?i)là\s", parts[0]):
        parts = parts[1:]
    for part in (text, parts[0]):
        for role, pattern in _ROLES:
            if pattern.search(part):
                return role
    return "thực hiện"


def agency_of_heading(heading: str) -> str:
    """Canonical agency of a heading such as "1. Sở Công Thương"; the text itself if unknown."""
    canonical = normalize_agency(heading)
    if canonical:
        return canonical
    names = agency_list(heading) or parse_agency_list(heading)
    if _torn(heading, names) or (len(names) == 1 and names[0] not in DEPARTMENTS and names[0] not in OTHER_BODIES):
        return _as_written(heading)  # one body the name table does not know: as written, whole
    return " và ".join(names) if names else heading


def _torn(heading: str, names: list[str]) -> bool:
    """True when reading the heading as a list of known names tore one holder apart: a piece is bare nouns
    or an office with no determiner ("Thủ trưởng" of "Thủ trưởng các sở, ban, ngành", "Đơn vị" of "Các Sở,
    ngành, đơn vị liên quan"), or a Sở was read from a bare field name in running words ("các Ban Xây dựng Đảng")."""
    if any(name not in OTHER_BODIES and is_bare_collective(name) and not re.match(r"(?i)các\b", name) for name in names):
        return True
    return any(name in DEPARTMENTS and not re.search(r"\b[Ss]ở\b", heading) for name in names)


def _as_written(heading: str) -> str:
    name = heading.strip(" .:;,")
    return name[:1].upper() + name[1:]


def duty_holders(text: str) -> list[str]:
    """The bodies (as written) a duty item is addressed to; empty when it names none.

    "Sở Y tế", "Sở Y tế: chủ trì …", "Đề nghị Công an tỉnh: …" and "Các sở, ban, ngành
    và Ủy ban nhân dân các xã, phường căn cứ …" name one body; "Đề nghị Ủy ban MTTQ tỉnh,
    Công an tỉnh, … phối hợp …" names each body of its list; "Căn cứ nội dung Kế hoạch …" none.
    """
    return agency_subjects(text)


def other_agencies(text: str, agency: str) -> list[str]:
    """Agencies a duty names besides its own."""
    return [name for name in find_agencies(text) if name != agency and name not in agency]


def agency_subjects_of_clause(clause: str) -> list[str]:
    """The bodies a clause is written to when it opens with them and a verb follows (a duty of their own);
    empty for a clause continuing the item's own predicate ("phối hợp Sở Y …", "báo cáo UBND tỉnh …")."""
    clause = clause.strip()
    subject = agency_subject(clause)
    if not subject or not clause.startswith(subject):
        return []
    verb = re.match(rf"\s+(?:{'|'.join(grammar()['sentences']['verbs'])})\b", clause[len(subject):])
    return duty_holders(clause) if verb else []


def _duty_items(nodes: list[OutlineNode], section: OutlineNode) -> list[tuple[OutlineNode, str]]:
    """(item, agency as written) for every body of every item of a duty section written to bodies
    (an item handing its duty to a list of bodies gives one pair per body).

    An item opens with its body (a heading, a bold lead-in "Sở Y tế:", or a sentence
    subject); an item that names no body but has sub-items ("1. Trách nhiệm của các sở")
    is looked into. Items that name no body give no duty (their text stays a clause).
    """
    found: list[tuple[OutlineNode, str]] = []
    items = children(nodes, section)
    for index, item in enumerate(items):
        holders = duty_holders(item.block.text)
        if item.block.kind == "text" and holders and agency_of_heading(holders[0]) == _ISSUER:
            continue  # "Ủy ban nhân dân tỉnh yêu cầu …": the issuer's closing words, not a duty
        following = _paragraphs_after(items[index + 1:]) if item.block.kind == "text" and holders else []
        if following and _heads_paragraphs(item.block.text):
            # "Trách nhiệm của Sở Tài chính" / "Sở Y tế có trách nhiệm:" on a line of its own: the paragraphs
            # under it that name no body of their own are its duty ("… của các sở, ngành" over their
            # own "Sở X: …" items stays a title)
            found.extend((node, holder) for node in following for holder in holders)
            continue
        if holders and _retitles_section(item.block.text):
            # "Trách nhiệm của các sở, ngành, địa phương" over the bodies' items: a title, not a duty holder
            if item.block.kind == "text":
                continue
            if within := _duty_items(nodes, item):
                found.extend(within)
                continue
        if holders:
            found.extend((item, holder) for holder in holders)
            # A later clause of the item opening with a body of its own ("…; Bưu điện tỉnh duy trì tủ sách …")
            # hands that body a duty of its own.
            found.extend((item, holder) for clause in _CLAUSE.split(item.block.text)[1:]
                         for holder in agency_subjects_of_clause(clause) if holder not in holders)
            found.extend((sub, holder) for sub in children(nodes, item) if sub.block.kind == "dash"
                         for holder in _lead_in_bodies(sub.block.text))
            # An unnumbered paragraph under the item that opens with another body ("Hội, hiệp hội …
            # chủ động …" after "18. Khuyến khích Mặt trận …") is that body's own duty.
            found.extend((sub, holder) for sub in children(nodes, item) if sub.block.kind == "text"
                         for holder in duty_holders(sub.block.text) if holder not in holders)
        elif item.children:
            found.extend(_duty_items(nodes, item))
    return found


def _heads_paragraphs(text: str) -> bool:
    """A short unnumbered line that only names whose duty follows: "Trách nhiệm của Sở Tài chính" (no sentence
    end) or "Sở Y tế có trách nhiệm:" (a lead-in colon with nothing after it)."""
    short = len(text.split()) <= _SUBTITLE_MAX_WORDS
    return short and (text.rstrip().endswith(":") or (is_duty_section(text) and not re.search(r"[.;]\W*$", text)))


def _paragraphs_after(siblings: list[OutlineNode]) -> list[OutlineNode]:
    """The unnumbered paragraphs that follow a holder line, up to the next item or a paragraph naming its own body."""
    run: list[OutlineNode] = []
    for node in siblings:
        if node.block.kind != "text" or duty_holders(node.block.text):
            break
        run.append(node)
    return run


def _retitles_section(text: str) -> bool:
    """An unnumbered line that titles the duty items under it ("Trách nhiệm của các sở, ngành, địa phương"):
    a short duty-section heading that states no duty (no sentence end, no lead-in colon)."""
    return is_duty_section(text) and len(text.split()) <= _SUBTITLE_MAX_WORDS and not re.search(r"[.:;]\W*$", text)


def _body_headed(nodes: list[OutlineNode], section: OutlineNode) -> bool:
    """A section whose numbered items are mostly headed by a body ("II. NỘI DUNG THỰC HIỆN" with
    "1. Sở Y tế", "2. Sở Tài chính", …): a duty section under whatever title the clerk gave it."""
    items = [c for c in children(nodes, section) if c.block.kind in _HEADING_KINDS and c.children]
    headed = [c for c in items if len(c.block.text.split()) <= _HEADING_MAX_WORDS and duty_holders(c.block.text)]
    return len(headed) >= _MIN_BODY_ITEMS and 2 * len(headed) >= len(items)


def _lead_in_bodies(text: str) -> list[str]:
    """The bodies of a sub-item that opens with its own body and a colon ("+ Sở Xây dựng: hướng dẫn …"):
    a share of the item's duty given to one of its members."""
    head = text.split(":", 1)[0] if ":" in text[:_LEAD_IN_MAX_CHARS] else ""
    return duty_holders(text) if head and duty_holders(head) else []


def duty_sections(nodes: list[OutlineNode]) -> list[OutlineNode]:
    """Sections titled "Tổ chức thực hiện", "Phân công nhiệm vụ", "Trách nhiệm …" (any case), or whose
    items are headed by bodies; outermost only."""
    sections = [
        n for n in nodes
        if n.block.kind in ("article",) + _HEADING_KINDS and len(n.block.text.split()) <= _HEADING_MAX_WORDS
        and n.children and (is_duty_section(n.block.text) or _body_headed(nodes, n))
    ]
    return [s for s in sections if not any(o is not s and s.path[: len(o.path)] == o.path for o in sections)]


def _addressed_elsewhere(node: OutlineNode, item: OutlineNode) -> bool:
    """An unnumbered paragraph under a body's item that opens with other bodies ("Yêu cầu các sở, ban,
    ngành; UBND các phường, xã … triển khai …" after "21. Các cơ sở đào tạo …") is their duty, not the item's."""
    if node is item or node.block.kind != "text":
        return False
    own = " ".join(agency_of_heading(holder) for holder in duty_holders(item.block.text))
    return any(agency_of_heading(holder) not in own for holder in duty_holders(node.block.text))


def section_duties(plan_id: str, province: str | None, nodes: list[OutlineNode], clauses: list[Clause]) -> list[Duty]:
    """One duty per leaf under each body's item of each duty section."""
    by_id = {c.id: c for c in clauses}
    duties: list[Duty] = []
    for section in duty_sections(nodes):
        for item, agency_text in _duty_items(nodes, section):
            agency = agency_of_heading(agency_text)
            # the item's own sentence is its duty when all under it is addressed to other bodies
            duty_nodes = [node for node in leaves(nodes, item) if not _addressed_elsewhere(node, item)] or [item]
            for node in duty_nodes:
                clause = by_id[f"{plan_id}:{'.'.join(node.path)}"]
                duties.append(
                    Duty(
                        plan_id=plan_id,
                        province=province,
                        agency=agency,
                        agency_text=item.block.text if item.children and len(duty_holders(item.block.text)) == 1 else agency_text,
                        role=role_of(node.block.text),
                        text=node.block.text,
                        other_agencies=other_agencies(node.block.text, agency),
                        locator=clause.locator,
                        clause_id=clause.id,
                    )
                )
    return duties


def decision_duties(plan_id: str, province: str | None, clauses: list[Clause]) -> list[Duty]:
    """Duties a decision's own articles give ("Điều 2. Giao Sở Công Thương chủ trì, phối hợp …")."""
    duties = []
    for clause in clauses:
        article = re.match(r"^Điều\s+\d+\s*[.:]?\s*", clause.text)
        text = clause.text[article.end():] if article else ""
        if is_execution_clause(text):
            continue
        for holder in duty_holders(text) if article else []:
            agency = agency_of_heading(holder)
            duties.append(Duty(plan_id, province, agency, holder, role_of(text), text,
                               other_agencies(text, agency), clause.locator, clause.id))
    return duties
