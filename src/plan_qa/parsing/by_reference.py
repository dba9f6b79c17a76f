"""Tasks assigned by reference: a duty sentence that points at items of the plan's outline ("Sở Công Thương: chủ
trì thực hiện các nhiệm vụ tại điểm a, b khoản 1 Mục II; phối hợp với Sở Y tế thực hiện nội dung tại mục 2.3")
makes each item it names a task, with the role the sentence gives its holder.

A duty's text is read clause by clause (";" and sentence breaks); a clause is cut into segments at a comma before
a role word once it has named an item. A segment leads the items it names when "chủ trì" stands before them, takes
part when "phối hợp" does, dates them when it opens with a completion word ("Hoàn thành … tại điểm a khoản 1 …
trước ngày 30/6/2026"), else carries them out (leads when no body chủ trì). Bodies after "phối hợp với" in a leading
segment, or in a segment with no item of its own after it, coordinate its items. A dating clause naming no item
dates the item its holder leads (the one its words share most with, when it leads several); a report ("báo cáo …
trước ngày …") dates no task. The role words live in `plan_qa/data/outline_references.json`.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass, field
from functools import lru_cache

from plan_qa.parsing.bodies import agency_list, coordinators_in_sentence, is_agency_name
from plan_qa.parsing.grammar import alternation, assignment_fields, column_role, grammar
from plan_qa.parsing.model import Duty, TaskRow
from plan_qa.parsing.outline import OutlineNode, children, locator_of
from plan_qa.parsing.references import Reference, read_references, resolve, words
from plan_qa.parsing.sentences import split_sentences

_TASK_KINDS = ("number", "subnumber", "letter")
_CLAUSE = re.compile(r"\s*;\s*")
_LEAD_IN_MAX_CHARS = 150
_WORD = re.compile(r"\w+")
_MIN_SHARED_WORDS = 2


@lru_cache(maxsize=1)
def _role(role: str) -> re.Pattern[str]:
    return re.compile(rf"(?<!\w)(?:{alternation(words()['roles'][role])})(?!\w)", re.I)


@lru_cache(maxsize=1)
def _segment_cut() -> re.Pattern[str]:
    roles = [w for role in ("lead", "coordinate", "execute") for w in words()["roles"][role]]
    return re.compile(rf",\s+(?=(?:{alternation(roles)})(?!\w))", re.I)


@lru_cache(maxsize=1)
def _dating() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    sentences = grammar()["sentences"]
    return (re.compile(rf"^(?:{sentences['timeline_clause']})", re.I), re.compile(sentences["dated_clause"], re.I),
            re.compile(rf"^(?:[\w\s,]*\s)?(?:{sentences['report_clause']})\b", re.I))


@lru_cache(maxsize=1)
def _delegation() -> re.Pattern[str]:
    prefixes = alternation(words()["delegated_prefixes"])
    return re.compile(rf"(?:^|\s)(?:{alternation(words()['delegation'])})\s+(?:(?:{prefixes})\s+)?(?P<body>.+)$", re.I)


def timeline_of(clause: str) -> str | None:
    """The timeline a clause gives as written ("thời gian: Quý III/2026" → "Quý III/2026"; "hoàn thành trong Quý
    III/2026"; "trình … trong Quý II/2026"), or None when it dates nothing or dates a report."""
    clause = clause.strip(" .;,")
    opens, dated, report = _dating()
    if report.match(clause) or not (opens.match(clause) or dated.search(clause)):
        return None
    return assignment_fields(clause)[1].get("timeline") or clause


@dataclass
class _Assigned:
    """What the duty sentences say about one outline item."""

    node: OutlineNode
    leads: list[str] = field(default_factory=list)
    executing: list[str] = field(default_factory=list)
    coordinators: list[str] = field(default_factory=list)  # named by the sentence that leads it, first
    partners: list[str] = field(default_factory=list)  # holders that say they take part
    timeline: str | None = None
    sources: list[str] = field(default_factory=list)


def _key(plan_id: str, node: OutlineNode) -> str:
    return f"{plan_id}:{'.'.join(node.path)}"


def _tasks_of(nodes: list[OutlineNode], node: OutlineNode) -> list[OutlineNode]:
    """The task items an outline item stands for: its numbered or lettered items, else itself."""
    below = [c for c in children(nodes, node) if c.block.kind in _TASK_KINDS]
    return [t for c in below for t in _tasks_of(nodes, c)] if below else [node]


def task_text(nodes: list[OutlineNode], node: OutlineNode) -> str:
    """An item's task: its own text, or its title and the paragraphs under it ("5. Phòng ngừa …" / "Nắm tình hình …")."""
    described = [c.block.text for c in children(nodes, node) if c.block.kind in ("text", "dash")]
    return f"{node.block.text}: {' '.join(described)}" if described else node.block.text


def _without_lead_in(text: str) -> str:
    """A duty item's text after its holder's lead-in ("Sở Công Thương: Là cơ quan …" → "Là cơ quan …")."""
    head, colon, rest = text.partition(":")
    return rest.strip() if colon and len(head) <= _LEAD_IN_MAX_CHARS and not read_references(head) else text


def _segments(clause: str) -> list[tuple[str, list[Reference]]]:
    """The clause cut at each comma before a role word once an item has been named, with the references of each."""
    parts: list[str] = []
    cursor = 0
    for cut in _segment_cut().finditer(clause):
        if read_references(clause[cursor:cut.start()]):
            parts.append(clause[cursor:cut.start()])
            cursor = cut.end()
    parts.append(clause[cursor:])
    return [(part, read_references(part)) for part in parts if part.strip()]


def _role_of(segment: str, references: list[Reference]) -> str:
    before = segment[: references[0].start] if references else segment
    if _role("lead").search(before):
        return "lead"
    if _role("coordinate").search(before):
        return "coordinate"
    if _dating()[0].match(segment.strip()):
        return "date"
    return "execute" if _role("execute").search(before) else ""


def _delegate(segment: str, references: list[Reference]) -> list[str]:
    """The body a holder hands the items to ("chỉ đạo lực lượng Cảnh sát … chủ trì thực hiện điểm c …")."""
    before = segment[: references[0].start] if references else segment
    role = _role("lead").search(before) or _role("execute").search(before)
    if not role:
        return []
    found = _delegation().search(before[: role.start()].strip(" ,"))
    name = found["body"].strip(" ,") if found else ""
    return [name[:1].upper() + name[1:]] if name and is_agency_name(name[:1].upper() + name[1:]) else []


def dated_tail(segment: str) -> tuple[str, str | None]:
    """(the segment without its last comma parts that date it, their timeline): "phối hợp với Viễn thông Điện Biên,
    hoàn thành trong Quý I/2028" → ("phối hợp với Viễn thông Điện Biên", "hoàn thành trong Quý I/2028")."""
    parts = segment.split(",")
    for index in range(1, len(parts)):
        when = timeline_of(",".join(parts[index:]))
        if when and _dating()[0].match(parts[index].strip()):
            return ",".join(parts[:index]), when
    return segment, None


def _shared_words(a: str, b: str) -> int:
    return len(set(_WORD.findall(a.lower())) & set(_WORD.findall(b.lower())))


class _Reader:
    """Reads the duties of one plan into assignments of the outline items they point at."""

    def __init__(self, plan_id: str, nodes: list[OutlineNode], duty_paths: list[list[str]]) -> None:
        self.plan_id = plan_id
        self.nodes = nodes
        self.duty_paths = duty_paths
        self.assigned: dict[str, _Assigned] = {}
        self.anchor: OutlineNode | None = None

    def _in_duties(self, node: OutlineNode) -> bool:
        return any(node.path[: len(p)] == p for p in self.duty_paths)

    def items(self, reference: Reference) -> list[OutlineNode]:
        """The task items a reference names outside the duty sections; an address with no section is read
        under the plan's most used section (its other references name it), else under the first that has it, the
        sections whose heading names tasks ("NHIỆM VỤ, GIẢI PHÁP") before the others ("MỤC ĐÍCH")."""
        outermost = reference.terms[0].kind
        if len(reference.terms) == 1 and outermost in ("roman", "article"):
            return []  # "triển khai các nhiệm vụ tại Phần III": a standing duty over a whole part, no task of its own
        if outermost in ("roman", "article"):
            found = resolve(reference, self.nodes, [None])
        else:
            scopes = [self.anchor] if self.anchor else []
            sections = [n for n in self.nodes if len(n.path) == 1 and not self._in_duties(n) and n is not self.anchor]
            scopes += sorted(sections, key=lambda n: column_role(n.block.text) != "task")  # "NHIỆM VỤ …" first
            found = next((hit for scope in scopes if (hit := resolve(reference, self.nodes, [scope]))), [])
        return [t for node in found if not self._in_duties(node) for t in _tasks_of(self.nodes, node)]

    def choose_anchor(self, duties: list[Duty]) -> None:
        """The section most of the duties' anchored references name: the one an address with no section is read under."""
        counts: Counter[str] = Counter()
        for duty in duties:
            for reference in read_references(duty.text):
                if reference.terms[0].kind in ("roman", "article"):
                    counts[reference.terms[0].markers[0]] += 1
        if counts:
            marker = counts.most_common(1)[0][0]
            self.anchor = next((n for n in self.nodes if len(n.path) == 1 and n.block.marker == marker
                                and not self._in_duties(n)), None)

    def slot(self, node: OutlineNode) -> _Assigned:
        return self.assigned.setdefault(_key(self.plan_id, node), _Assigned(node))

    def read(self, holder: str, text: str, locator: str) -> bool:
        """Read one duty; True when it pointed at some item."""
        led: list[OutlineNode] = []
        pointed = False
        clauses = [c for sentence in split_sentences(_without_lead_in(text)) for c in _CLAUSE.split(sentence)]
        dating: list[tuple[str, list[OutlineNode]]] = []
        last_led: list[OutlineNode] = []
        for index, clause in enumerate(clauses):
            previous: list[OutlineNode] = []
            for segment, references in _segments(clause):
                items = [t for r in references for t in self.items(r)]
                if not items:
                    if previous and _role("coordinate").search(segment):  # "…, phối hợp với Sở X, Sở Y trong việc …"
                        named, when = dated_tail(segment)
                        for node in previous:
                            self._add(self.slot(node).coordinators, agency_list(coordinators_in_sentence(named)))
                            if when:
                                self.slot(node).timeline = self.slot(node).timeline or when
                    elif timeline_of(segment) and not references:
                        dating.append((segment, list(last_led)))
                    continue
                role = _role_of(segment, references)
                if not role:
                    continue  # "danh sách như nêu tại mục III.2": the item is cited, not assigned
                pointed = True
                bodies = (_delegate(segment, references) if index else []) or [holder]
                tail = segment[references[-1].end:]
                tail_time = next((t for part in tail.split(",")[1:] if (t := timeline_of(part))), None)
                for node in items:
                    slot = self.slot(node)
                    slot.sources.append(locator)
                    if role == "date":
                        slot.timeline = slot.timeline or timeline_of(segment)
                        continue
                    if role == "coordinate":
                        self._add(slot.partners, bodies)
                        continue
                    self._add(slot.leads if role == "lead" else slot.executing, bodies)
                    self._add(slot.coordinators, agency_list(coordinators_in_sentence(segment[: references[0].start])))
                    if tail_time:
                        slot.timeline = slot.timeline or tail_time
                    led.append(node)
                previous = items if role in ("lead", "execute") else []
                last_led = previous or last_led
        self._date(led, dating)
        return pointed

    def _date(self, led: list[OutlineNode], dating: list[tuple[str, list[OutlineNode]]]) -> None:
        """Each dating clause naming no item dates the item the duty leads; when it leads several, the one the clause
        shares most words with ("hoàn thành khoanh vùng …" → "Khảo sát, khoanh vùng …"), else, a clause speaking of
        none of them ("hoàn thành trước ngày …"), every item of the leading clause before it."""
        for clause, before in dating:
            unique = list({id(n): n for n in led}.values())
            open_items = [n for n in unique if not self.slot(n).timeline]
            if len(unique) == 1 and open_items:
                self.slot(open_items[0]).timeline = timeline_of(clause)
                continue
            scored = [(_shared_words(clause, task_text(self.nodes, n)), n) for n in open_items]
            best = max(scored, key=lambda pair: pair[0], default=(0, None))
            if best[1] is not None and best[0] >= _MIN_SHARED_WORDS:
                self.slot(best[1]).timeline = timeline_of(clause)
            elif not any(shared for shared, _ in scored):
                for node in before:
                    self.slot(node).timeline = self.slot(node).timeline or timeline_of(clause)

    @staticmethod
    def _add(target: list[str], names: list[str]) -> None:
        target.extend(n for n in names if n not in target)


def referenced_tasks(plan_id: str, province: str | None, nodes: list[OutlineNode], duties: list[Duty],
                     duty_paths: list[list[str]], taken: set[str], start: int) -> tuple[list[TaskRow], set[str]]:
    """(the task rows the duties assign by reference, the clause ids of the duties that pointed at items).
    Items that already have a row (`taken` clause ids) are left to it."""
    reader = _Reader(plan_id, nodes, duty_paths)
    reader.choose_anchor(duties)
    pointing: set[str] = set()
    seen: set[tuple[str, str]] = set()
    for duty in duties:
        if (duty.clause_id, duty.agency) in seen:
            continue
        seen.add((duty.clause_id, duty.agency))
        if reader.read(duty.agency, duty.text, duty.locator):
            pointing.add(duty.clause_id)
    rows: list[TaskRow] = []
    order = {_key(plan_id, n): i for i, n in enumerate(nodes)}
    for key in sorted(reader.assigned, key=order.__getitem__):
        slot = reader.assigned[key]
        if key in taken:
            continue
        leads = slot.leads or slot.executing
        if not leads:
            continue
        others = [*slot.coordinators, *slot.partners, *(slot.executing if slot.leads else [])]
        coordinators = [name for name in dict.fromkeys(others) if name not in leads]
        node = slot.node
        rows.append(TaskRow(
            plan_id=plan_id, province=province, row=start + len(rows) + 1,
            group=node.headings[-1] if node.headings else None, task=task_text(nodes, node),
            lead=leads, lead_text="; ".join(leads), coordinators=coordinators, coordinators_text="; ".join(coordinators),
            timeline=slot.timeline, locator=locator_of(node.path), clause_id=key,
            number=node.block.marker, shape="inline",
            extra={"phân công tại": ", ".join(dict.fromkeys(slot.sources))},
        ))
    return rows, pointing
