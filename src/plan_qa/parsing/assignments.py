"""Tasks assigned inline in the body: "- Đơn vị chủ trì: …", "- Thời gian thực hiện: …"."""

from __future__ import annotations

from plan_qa.parsing.clauses import Clause, read_clause, trailing_clause
from plan_qa.parsing.duties import duty_sections
from plan_qa.parsing.bodies import (
    agency_list,
    agency_subjects,
    assignment_notes,
    breakdown_bodies,
    lead_and_coordinators,
)
from plan_qa.parsing.grammar import assignment_fields, is_generic_task_label
from plan_qa.parsing.groups import task_groups
from plan_qa.parsing.legend import expand
from plan_qa.parsing.notation import active
from plan_qa.parsing.model import TaskRow
from plan_qa.parsing.outline import OutlineNode, children, locator_of
from plan_qa.parsing.sentences import coordinators_in_task, sentence_tasks

_ASSIGNING = {"lead", "coordinators"}
_HEADINGS = ("roman", "number", "subnumber", "letter")
_TASK_TITLES = ("number", "subnumber", "letter")
_TASK_ITEMS = (*_TASK_TITLES, "dash")  # items a sentence under them may assign ("Giao Sở X chủ trì thực hiện")


def _inline_row(plan_id: str, province: str | None, node: OutlineNode, fields: dict[str, str], row: int,
                joined: tuple[OutlineNode, ...] = (), task: str | None = None, clause: Clause | None = None) -> TaskRow:
    """The task of `node` (and of the lines `joined` to it: one label block under several bullets), or
    `task`, one sentence of it that assigns a task of its own; `clause`, when given, names its bodies."""
    task = task or " ".join(assignment_fields(n.block.text)[0] for n in (node, *joined))
    if fields.get("content") and (not task or is_generic_task_label(task)):
        task = fields["content"]  # "a) Hoạt động 1" / "- Nội dung: Triển khai …": the content is the task
    own = active().bodies  # the plan's own short names ("CT: STP; PH: CAT")
    lead_text, coordinators_text = lead_and_coordinators(expand(fields.get("lead", ""), own),
                                                         expand(fields.get("coordinators", ""), own))
    coordinators_text = coordinators_text or coordinators_in_task(task)
    extra = {role: value for role, value in fields.items()
             if role not in ("lead", "coordinators", "timeline") and value != task}
    extra.update(assignment_notes(lead_text, coordinators_text))
    if clause:
        lead_text, coordinators_text = "; ".join(clause.lead), "; ".join(clause.coordinators)
    return TaskRow(
        plan_id=plan_id,
        province=province,
        row=row,
        group=node.headings[-1] if node.headings else None,
        task=task,
        lead=list(clause.lead) if clause else agency_list(lead_text),
        lead_text=lead_text,
        coordinators=list(clause.coordinators) if clause else agency_list(coordinators_text),
        coordinators_text=coordinators_text,
        timeline=fields.get("timeline") or None,
        locator=locator_of(node.path),
        clause_id=f"{plan_id}:{'.'.join(node.path)}",
        number=node.block.marker if node.block.kind != "dash" else "",
        shape="inline",
        extra=extra,
    )


def inline_tasks(plan_id: str, province: str | None, nodes: list[OutlineNode], start: int) -> list[TaskRow]:
    """Tasks assigned inline. Read in order under each heading: a run of label lines
    ("Đơn vị chủ trì: …", "Thời gian thực hiện: …") assigns the task lines written since the
    previous run — one task, its lines joined — or the heading itself when none were; labels
    written after a task's own sentence assign that task; labels naming no body and no date
    assign nothing. A run that only dates its tasks ("Thời gian thực hiện: …") under a
    heading naming a body ("1.2. Sở Tài chính") gives them that body as lead; a task opening with
    its own body ("+ Sở Xây dựng: …") keeps its own."""
    rows: list[TaskRow] = []
    absorbed: set[str] = set()  # lines read as the value of a label above them, or as a group's items
    heads: set[str] = set()
    for head, items in task_groups(nodes):  # "1. Sở Y tế chủ trì thực hiện các nhiệm vụ sau:" / "a) …"
        heads.add(f"{plan_id}:{'.'.join(head.path)}")
        for item, fields in items:
            rows.append(_inline_row(plan_id, province, item, fields, start + len(rows) + 1))
    absorbed |= heads

    def assign(fields: dict[str, str], targets: list[OutlineNode], heading_bodies: list[str]) -> None:
        if fields.keys() & _ASSIGNING:
            if not _names_a_body(fields):
                return  # "…; phối hợp với Ủy ban nhân dân 04 xã: Gia Thuận, …": a list, not an assignment
            if len(targets) > 1 and not heading_bodies:  # one label block under several bullets: one task
                absorbed.update(f"{plan_id}:{'.'.join(node.path)}" for node in targets[1:])
                targets, joined = targets[:1], tuple(targets[1:])
            else:
                joined = ()
            for node in targets:
                rows.append(_inline_row(plan_id, province, node, fields, start + len(rows) + 1, joined))
        elif "timeline" in fields and heading_bodies:
            for node in targets:
                if node is not container:
                    lead = agency_subjects(node.block.text) or heading_bodies
                    rows.append(_inline_row(plan_id, province, node, {**fields, "lead": "; ".join(lead)}, start + len(rows) + 1))

    for container in nodes:
        if f"{plan_id}:{'.'.join(container.path)}" in heads:
            continue
        heading_bodies = agency_subjects(container.block.text) if container.block.kind in _HEADINGS else []
        pending: list[OutlineNode] = []
        run: dict[str, str] = {}
        open_label: str | None = None  # a label with nothing after its colon takes the lines under it
        for child in children(nodes, container):
            prefix, fields = assignment_fields(child.block.text)
            if fields and not prefix and "content" in fields and fields.keys() & _ASSIGNING:
                # "Nhiệm vụ 1: … – Chủ trì: … – Hoàn thành: …": a whole task with its assignment on one line
                if run:
                    assign(run, _assigned(container, pending, heading_bodies), heading_bodies)
                    run, pending = {}, []
                assign(fields, [child], heading_bodies)
                open_label = None
                continue
            if fields and not prefix:
                for role, value in fields.items():
                    run.setdefault(role, value)
                open_label = next((role for role, value in fields.items() if not value), None)
                continue
            if open_label and not fields and child.block.kind == "dash":
                run[open_label] = "; ".join(v for v in (run[open_label], child.block.text.rstrip(" .;")) if v)
                absorbed.add(f"{plan_id}:{'.'.join(child.path)}")
                continue
            open_label = None
            if run:
                assign(run, _assigned(container, pending, heading_bodies), heading_bodies)
                run, pending = {}, []
            if fields:
                assign(fields, [child], heading_bodies)
            else:
                pending.append(child)
        if run:
            assign(run, _assigned(container, pending, heading_bodies), heading_bodies)
    assigned = {row.clause_id for row in rows} | absorbed
    in_duties = [s.path for s in duty_sections(nodes)]
    by_path = {tuple(node.path): node for node in nodes}
    clause_tasks = _clause_tasks(plan_id, nodes, assigned, in_duties)
    for node in nodes:
        if f"{plan_id}:{'.'.join(node.path)}" in clause_tasks:  # "… (Sở X chủ trì, phối hợp Sở Y; quý II/2026)"
            task, clause = clause_tasks[f"{plan_id}:{'.'.join(node.path)}"]
            fields = {"lead": "; ".join(clause.lead), "coordinators": "; ".join(clause.coordinators),
                      "timeline": clause.timeline}
            rows.append(_inline_row(plan_id, province, node, fields, start + len(rows) + 1, task=task, clause=clause))
            continue
        if f"{plan_id}:{'.'.join(node.path)}" in assigned:
            continue
        in_duty = any(node.path[: len(path)] == path for path in in_duties)
        parent = by_path.get(tuple(node.path[:-1]))
        item = parent.block.text if parent and parent.block.kind in _TASK_ITEMS and not in_duty \
            and f"{plan_id}:{'.'.join(parent.path)}" not in assigned else ""
        sentences = sentence_tasks(node.block.text, duty=in_duty, item=item)
        bodies, shares = breakdown_bodies(node.block.text) if not in_duty else ([], "")
        for fields in sentences:  # "Sở Y tế chủ trì, phối hợp với … ; hoàn thành trước …": a task per sentence
            rows.append(_inline_row(plan_id, province, node, fields, start + len(rows) + 1, task=fields["content"]))
        if bodies and not sentences:  # a target split among the bodies that carry it
            rows.append(_inline_row(plan_id, province, node, {"lead": "; ".join(bodies), "phân bổ": shares},
                                    start + len(rows) + 1))
    return rows


def _clause_tasks(plan_id: str, nodes: list[OutlineNode], assigned: set[str],
                  in_duties: list[list[str]]) -> dict[str, tuple[str, Clause]]:
    """Tasks outside the duty sections whose assignment is a clause after the task (see `plan_qa.parsing.clauses`):
    at the end of the task's own line, or alone on the line after it; by the task line's clause id, its task
    text and clause. Each line read is added to `assigned`."""
    def key(node: OutlineNode) -> str:
        return f"{plan_id}:{'.'.join(node.path)}"

    def free(node: OutlineNode) -> bool:
        return key(node) not in assigned and not any(node.path[: len(path)] == path for path in in_duties)

    found: dict[str, tuple[str, Clause]] = {}
    for index, node in enumerate(nodes):
        if not free(node) or node.block.kind in ("roman",):
            continue
        trailing = trailing_clause(node.block.text)
        if trailing:
            found[key(node)] = trailing
            assigned.add(key(node))
            continue
        following = nodes[index + 1] if index + 1 < len(nodes) else None
        if following is None or not free(following) or following.block.kind not in ("text", "dash") \
                or assignment_fields(following.block.text)[1]:
            continue  # a label line ("- Cơ quan thực hiện: …") is the label reader's
        clause = read_clause(following.block.text)
        if clause and node.block.kind in (*_TASK_ITEMS, "text") and len(node.block.text.split()) >= 2:
            found[key(node)] = (node.block.text, clause)
            assigned.update({key(node), key(following)})
    return found


def _names_a_body(fields: dict[str, str]) -> bool:
    """True when a label block names who leads or joins, or dates the task: a colon that only
    introduces a list of places or items assigns nothing."""
    return bool(fields.get("timeline") or agency_list(fields.get("lead", "")) or agency_list(fields.get("coordinators", "")))


def _assigned(container: OutlineNode, pending: list[OutlineNode], heading_bodies: list[str]) -> list[OutlineNode]:
    """The task lines a label run assigns: the lines since the previous run, unless there are
    none or they enumerate one task ("Các nội dung … bao gồm:" + its list): then the heading; the heading
    and its lines when they are unmarked paragraphs describing a numbered task (one task, titled by the heading).
    Under a heading that names a body ("1.2. Sở Tài chính") the lines are tasks of that body,
    an enumerating line and its sub-items ("+ Sở Xây dựng: …") alike."""
    if heading_bodies and pending:
        return pending
    if not pending or any(node.block.text.rstrip().endswith(":") for node in pending):
        return [container]
    if container.block.kind in _TASK_TITLES and all(node.block.kind == "text" for node in pending):
        return [container, *pending]  # "1. <task title>" + its unmarked description: one task, titled by the heading
    return pending
