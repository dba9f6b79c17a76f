"""Tasks assigned in a sentence rather than by labels or a table:
"Sở Y tế chủ trì, phối hợp với Sở Nội vụ tham mưu …; hoàn thành trước ngày 28/02/2026",
"Giao Sở Tài chính chủ trì, phối hợp với Sở Xây dựng thực hiện …; thời gian hoàn thành: Quý II/2026",
"Sở Tư pháp là cơ quan đầu mối, phối hợp Sở Nội vụ …", "Ủy ban nhân dân các xã kiện toàn …; hoàn thành trước …".

The lead is the sentence's subject when a lead verb ("chủ trì", "là cơ quan đầu mối") or "phối hợp (với)"
follows it, or when a completion clause dates the sentence; the coordinators follow "phối hợp (với)";
the timeline is the clause after ";" (or the last "," part) that dates the task. The words live in
`plan_qa/data/plan_grammar.json` ("sentences").
"""

from __future__ import annotations

import re
from functools import lru_cache

from plan_qa.parsing.bodies import (
    agency_subjects,
    coordinators_in_sentence,
    current_names,
    is_agency_name,
    split_bodies,
)
from plan_qa.parsing.grammar import alternation, assignment_fields, grammar

# A sentence ends at ". " before a capital, unless the dot closes an abbreviation ("TP. Hồ Chí Minh").
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])\s+(?=\S)")
_ABBREVIATION = re.compile(r"(?:^|\s)(?:[A-ZĐ]{1,4}|[A-ZĐa-zđ]\w{0,2}\.)\.$")
_CLAUSE = re.compile(r"\s*;\s*")
_OPENING = re.compile(r"^(?:-|–|\+|•)\s*")


@lru_cache(maxsize=1)
def _patterns() -> dict[str, re.Pattern[str]]:
    words = grammar()["sentences"]
    return {
        "lead": re.compile(rf"^[,\s]*(?:{alternation(words['leads'])})\b", re.I),
        "coordinates": re.compile(rf"(?:^|[,;])\s*(?:cùng\s+)?(?:{alternation(words['coordinates'])})\s+", re.I),
        "timeline": re.compile(rf"^(?:{words['timeline_clause']})", re.I),
        "completion": re.compile(rf"^(?:{words['completion_clause']})", re.I),
        "adjunct": re.compile(rf"\s(?P<value>{words['timeline_adjunct']})$"),
        "delivery": re.compile(rf",\s+(?P<value>{words['delivery_clause']})$"),
        "report": re.compile(rf"\b(?:{words['report_clause']})\b[^,;]*(?:,[^,;]*)?$", re.I),
        "dated_clause": re.compile(words["dated_clause"], re.I),
        "passive": re.compile(words["passive_lead"], re.I),
    }


def split_sentences(text: str) -> list[str]:
    """The sentences of a paragraph, as written."""
    sentences: list[str] = []
    cursor = 0
    for found in _SENTENCE_BREAK.finditer(text):
        before = text[cursor:found.start()]
        if text[found.end()].isupper() and not _ABBREVIATION.search(before):
            sentences.append(before)
            cursor = found.end()
    sentences.append(text[cursor:])
    return [s.strip() for s in sentences if s.strip()]


def _timeline(sentence: str) -> tuple[str, str, str]:
    """(the sentence without its dating clause, the timeline as written, how it is dated: "label" by a labelled
    clause, "clause" by a clause of its own, "" by an adjunct or not at all) — the first clause after ";" that
    dates the task ("hoàn thành trước ngày …"; a label's value for "thời gian hoàn thành: Quý II/2026"; a clause
    completing or handing over the work by a date, "việc thu … phải hoàn tất trước ngày …"), else the last "," part of a clause when it does, else a last "," part
    handing the product over by a date ("trình UBND tỉnh ban hành trước ngày …"), else a closing parenthesis
    that does ("(hoàn thành trong tháng 3/2026)"); else, not a clause of its own, a time adjunct
    ending the sentence ("… tổ chức hội nghị sơ kết trong tháng 6/2026")."""
    clauses = _CLAUSE.split(sentence.strip().rstrip(" .;"))
    dated = _patterns()["timeline"]
    for index, clause in enumerate(clauses[1:], start=1):
        if dated.match(clause) or _patterns()["dated_clause"].search(clause):
            labelled = assignment_fields(clause)[1].get("timeline") if dated.match(clause) else None
            rest = clauses[:index] + clauses[index + 1:]
            return "; ".join(rest), labelled or clause, "label" if labelled else "clause"
    for index, clause in enumerate(clauses):  # "…, hoàn thành trong tháng 3/2026; UBND các xã bố trí …"
        head, comma, tail = clause.rpartition(", ")
        if comma and dated.match(tail) and _patterns()["completion"].match(tail):
            return "; ".join([*clauses[:index], head, *clauses[index + 1:]]), tail, "clause"
    last = clauses[-1]
    delivery = _patterns()["delivery"].search(last)
    if delivery:  # "…, trình UBND tỉnh ban hành trước ngày 31/12/2025"
        return "; ".join([*clauses[:-1], last[:delivery.start()]]), delivery["value"], "clause"
    bracket = re.search(r"\s*\((?P<inner>[^()]+)\)$", last)
    if bracket and dated.match(bracket["inner"].strip()):
        inner = bracket["inner"].strip()
        value = assignment_fields(inner)[1].get("timeline") or inner
        reported = bool(_patterns()["report"].search(last[:bracket.start()]))  # "báo cáo … (trước ngày 15/12)"
        return "; ".join([*clauses[:-1], last[:bracket.start()]]), value, "" if reported else "clause"
    adjunct = _patterns()["adjunct"].search(last)
    if adjunct:
        return "; ".join([*clauses[:-1], last[:adjunct.start()]]), adjunct["value"], ""
    return "; ".join(clauses), "", ""


@lru_cache(maxsize=1)
def _group_lead() -> re.Pattern[str]:
    return re.compile(rf"\b(?:{grammar()['sentences']['group_lead']})\b", re.I)


def group_assignment(text: str) -> dict[str, str] | None:
    """The assignment of a line that leads the tasks listed under it ("Sở Y tế chủ trì thực hiện các nhiệm vụ
    sau:", "Giao Sở X chủ trì, phối hợp với Y triển khai các nội dung sau, hoàn thành trong Quý IV/2027:"):
    its lead, coordinators and timeline; None for any other line. The lead must govern the list: a line whose
    list opens a clause of its own ("Sở X là cơ quan đầu mối …; tổ chức thực hiện các nhiệm vụ sau:") lists the
    body's standing duties, not tasks it leads."""
    text = text.strip()
    if not text.endswith(":"):
        return None
    listing = _CLAUSE.split(text.rstrip(" :"))[-1]
    if not _group_lead().search(listing):
        return None
    fields = sentence_assignment(listing)
    return fields if fields and fields.get("lead") else None


def item_parts(text: str) -> tuple[str, str]:
    """(a task item's text without its dating clause, its timeline) — ("…", "năm 2026") for "…; thời gian: năm
    2026", ("…", "hoàn thành trong Quý II/2026") for "… (hoàn thành trong Quý II/2026)"; "" when it gives none."""
    rest, timeline, _ = _timeline(_OPENING.sub("", text.strip()))
    return rest, timeline.strip(" .;")


def _coordinators_after(text: str) -> str:
    """The bodies after "phối hợp (với)" where it opens the text or one of its clauses."""
    coordinating = _patterns()["coordinates"].search(text)
    return coordinators_in_sentence(text[coordinating.start():]) if coordinating else ""


def coordinators_in_task(task: str) -> str:
    """The coordinators a task's own text names, its lead given elsewhere (a heading, a label):
    "Phối hợp với các cơ quan chuyên môn hướng dẫn …", "…; phối hợp với Sở Tài chính hướng dẫn …",
    "Sở Tài chính phối hợp Ban Quản lý Khu kinh tế: hướng dẫn …"."""
    task = _OPENING.sub("", task.strip())
    subjects = agency_subjects(task)
    at = task.lower().find(subjects[-1].lower()) if subjects else -1
    if at == 0:
        task = task[len(subjects[-1]):]
    return _coordinators_after(task).strip(" :")


def sentence_assignment(sentence: str, duty: bool = False) -> dict[str, str] | None:
    """The fields ("content", "lead", "coordinators", "timeline") a sentence assigns, or None when it
    assigns no task (it does not open with a body, or its body neither leads nor is given a dated task).
    In a duty section (`duty`) the body's standing duties are not tasks: only a sentence that both names
    its lead ("chủ trì") and dates its completion assigns one."""
    sentence = _OPENING.sub("", sentence.strip())
    if assignment_fields(sentence)[1].keys() & {"lead", "coordinators"}:
        return None  # a label block ("Đơn vị chủ trì: …") is read by the label reader
    body, timeline, closing = _timeline(sentence)
    body = current_names(body)
    completed = closing == "label" or bool(closing and (
        _patterns()["completion"].match(timeline) or _patterns()["delivery"].match(", " + timeline)
        or _patterns()["dated_clause"].search(timeline)))
    subjects = agency_subjects(body)
    if not subjects:
        return _passive_assignment(sentence, body, timeline, completed, duty)
    at = body.lower().find(subjects[-1].lower())
    rest = body[at + len(subjects[-1]):] if at >= 0 else ""
    leads = bool(_patterns()["lead"].match(rest))
    if not (leads and completed if duty else leads or completed):
        return None
    fields = {
        "content": sentence,
        "lead": "; ".join(subjects),
        "coordinators": _coordinators_after(rest),
        "timeline": timeline.strip(" .;"),
    }
    return {role: value for role, value in fields.items() if value}


def _passive_assignment(sentence: str, body: str, timeline: str, completed: bool, duty: bool) -> dict[str, str] | None:
    """The fields of a task written in the passive ("Việc … do Sở X chủ trì, Y và Z phối hợp thực hiện, hoàn
    thành trong Quý IV/2026"): the bodies after "do" lead, those before "phối hợp" coordinate. In a duty
    section only a dated one is a task, as for a sentence with its subject."""
    found = _patterns()["passive"].search(body)
    if not found or (duty and not completed):
        return None
    leads = split_bodies(found["lead"].strip())
    if not leads or not all(is_agency_name(lead) for lead in leads):
        return None
    fields = {"content": sentence, "lead": "; ".join(leads), "coordinators": (found["coordinators"] or "").strip(),
              "timeline": timeline.strip(" .;")}
    return {role: value for role, value in fields.items() if value}


def _closed(text: str) -> str:
    """A task title ended as a sentence before the assigning sentence is appended to it."""
    return text if re.search(r"[.;:!?]$", text.rstrip()) else text.rstrip() + "."


@lru_cache(maxsize=1)
def _referring() -> re.Pattern[str]:
    return re.compile(rf"(?:{grammar()['sentences']['referring_predicate']})$", re.I)


_LEAD_IN_MAX_CHARS = 150


def _lead_in(text: str) -> tuple[str, str]:
    """(the bodies a paragraph opens with before its colon, the text after it) — ("Sở Xây dựng", "là cơ quan …")
    for "Sở Xây dựng: là cơ quan …" (a duty item, a duty-table row written back as an item); ("", text) else."""
    head, colon, rest = text.partition(":")
    if not colon or len(head) > _LEAD_IN_MAX_CHARS or assignment_fields(text)[1]:
        return "", text
    bodies = split_bodies(current_names(head).strip())
    return ("; ".join(bodies), rest.strip()) if bodies and all(is_agency_name(b) for b in bodies) else ("", text)


def _holder_assignment(holder: str, sentence: str, duty: bool) -> dict[str, str] | None:
    """The task a sentence with no subject of its own assigns to the paragraph's holder ("Sở X: … Chủ trì tổ
    chức diễn tập …, hoàn thành trước ngày …"): read as if the holder were its subject, kept as written."""
    opening = _OPENING.sub("", sentence.strip())
    if not _patterns()["lead"].match(opening):
        return None  # only a sentence the holder leads ("Chủ trì …") is given to it
    fields = sentence_assignment(f"{holder.split('; ')[0]} {opening[:1].lower()}{opening[1:]}", duty)
    if fields:
        fields.update({"content": sentence, "lead": holder.split("; ")[0]})
    return fields


def sentence_tasks(text: str, duty: bool = False, item: str = "") -> list[dict[str, str]]:
    """Every task a paragraph assigns in its sentences (see `sentence_assignment`). An assigning sentence
    whose predicate only refers back ("Giao Sở X chủ trì, phối hợp với Y thực hiện; …") assigns the task the
    sentences before it describe: the task text opens with them — or with `item`, the task item the
    paragraph is written under, when the paragraph opens with that sentence."""
    tasks: list[dict[str, str]] = []
    described: list[str] = []
    holder, text = _lead_in(text)
    for index, sentence in enumerate(split_sentences(text)):
        fields = sentence_assignment(sentence, duty)
        if fields is None and holder and not agency_subjects(sentence):
            fields = _holder_assignment(holder, sentence, duty)
        if fields is None:
            described.append(sentence)
            continue
        if _patterns()["passive"].search(sentence):
            described = []  # "Việc … do X chủ trì, … phối hợp thực hiện": its own subject is the task
        elif index == 0 and item:
            described = [item]
        if described and _referring().search(_timeline(_OPENING.sub("", sentence))[0]):
            fields["content"] = " ".join([*(_closed(part) for part in described), sentence])
        described = []
        tasks.append(fields)
    return tasks
