"""Task cells that name an outline item instead of writing its task: "NV3", "Nhiệm vụ số 5", "mục 2.3", "II.3", "1.2".

A plan may write its tasks once, in its outline ("**NV3.** Cung cấp dịch vụ công trực tuyến …" under "III.
NHIỆM VỤ, GIẢI PHÁP"), and assign them in a table that names each task by its code only — a matrix whose columns
are "NV1 … NV12" (n3_da-nang of blind set s12), or a row-per-task table whose task column holds "1.2", "mục 2.3".
Such a cell is read as a reference to the item: the item that carries the code as its own label ("NV3." opening
its text), else (a code whose capitals abbreviate a task word, "NV", "GP" …, or none, or a reference) the item it
addresses in the outline, read as "mục <code>" by the plan's reference grammar (`plan_qa.parsing.references`:
"II.3", "2.3", "3"), a number after a numbered item naming its lettered items by position when it has no numbered
ones ("1.2" → item 1, point b); an address with no section is read in the sections whose heading names tasks
("NHIỆM VỤ, GIẢI PHÁP") first. The row then takes the item's text (and the time the text gives, when the table
gives none), keeping the code as its number.
"""

from __future__ import annotations

import re
from typing import TYPE_CHECKING

from plan_qa.parsing.by_reference import dated_tail, task_text
from plan_qa.parsing.grammar import column_role
from plan_qa.parsing.outline import OutlineNode, locator_of
from plan_qa.parsing.references import read_references, resolve, words
from plan_qa.parsing.sentences import item_parts

if TYPE_CHECKING:
    from plan_qa.parsing.tables import RawRow

_ADDRESS = r"(?:[IVX]{1,5}\.)?\d{1,3}(?:\.\d{1,3})*(?:\.?[a-zđ])?"
# "NV3", "NV 03", "GP-2", "1.2", "II.3", "2.1.a": a code of capitals and an address, or an address alone; one capital
# and a number ("Q1", "T3") is a period's short form, no task's code
_CODE = re.compile(rf"^(?:(?P<prefix>(?![IVX]+\.)[A-ZĐ]{{2,5}})[ .-]?)?(?P<address>{_ADDRESS})\.?$")
# an item's own label opening its text: "NV3. …", "GP 2: …"
_LABEL = re.compile(r"^(?P<code>[A-ZĐ]{2,5}[ .-]?\d{1,3}(?:\.\d{1,3})*)\s*[.:)–-]\s+(?=\S)")
_MAX_REFERENCE_WORDS = 8
_MAX_TIME_WORDS = 10  # a closing part longer than this is work of its own, not the verb of a time
_LETTERS = "abcdđeghiklmnopqrstuvxy"


def _key(code: str) -> str:
    """A code as compared: capitals, no separators, no leading zeros ("NV 03" → "NV3")."""
    return re.sub(r"(?<!\d)0+(?=\d)", "", re.sub(r"[\s.\-–]", "", code.upper()))


def is_code(cell: str) -> bool:
    """Whether a cell only names an outline item: a code ("NV3", "1.2", "II.3") or a short reference ("Nhiệm vụ
    số 5", "mục 2.3", "điểm a khoản 1 Mục II")."""
    text = " ".join(cell.split()).strip(" .;:")
    if not text:
        return False
    if _CODE.fullmatch(text):
        return True
    return len(text.split()) <= _MAX_REFERENCE_WORDS and bool(references := read_references(text)) \
        and references[0].start == 0 and references[-1].end >= len(text) - 1


def _labels(nodes: list[OutlineNode]) -> dict[str, OutlineNode]:
    """Code → the item whose text opens with it as its label ("NV3. …")."""
    labels: dict[str, OutlineNode] = {}
    for node in nodes:
        if found := _LABEL.match(node.block.text):
            labels.setdefault(_key(found["code"]), node)
    return labels


def _scopes(nodes: list[OutlineNode], avoid: list[list[str]]) -> list[OutlineNode | None]:
    """Where an address with no section is read: each section outside the duty sections, those whose heading names
    tasks first, then the whole outline."""
    sections = [n for n in nodes if len(n.path) == 1 and not any(n.path[:len(p)] == p for p in avoid)]
    return [*sorted(sections, key=lambda n: column_role(n.block.text) != "task"), None]


def _addressed(cell: str, nodes: list[OutlineNode], avoid: list[list[str]]) -> OutlineNode | None:
    """The item a code or reference addresses in the outline (see the module note)."""
    text = " ".join(cell.split()).strip(" .;:")
    code = _CODE.fullmatch(text)
    if code and code["prefix"] and code["prefix"] not in words()["task_code_prefixes"]:
        return None  # capitals that abbreviate no task word: the plan's own label, found only where an item carries it
    phrases = [text] if not code else [f"mục {code['address']}"]
    if code and (parts := code["address"].split(".")) and len(parts) == 2 and parts[0].isdigit() \
            and parts[1].isdigit() and 0 < int(parts[1]) <= len(_LETTERS):
        phrases.append(f"điểm {_LETTERS[int(parts[1]) - 1]} khoản {parts[0]}")  # "1.2": item 1, point b
    for phrase in phrases:
        for reference in read_references(phrase)[:1]:
            scopes = [None] if reference.terms[0].kind in ("roman", "article") else _scopes(nodes, avoid)
            for scope in scopes:
                found = [n for n in resolve(reference, nodes, [scope]) if not any(n.path[:len(p)] == p for p in avoid)]
                if len(found) == 1:
                    return found[0]
    return None


def _item_text(nodes: list[OutlineNode], node: OutlineNode) -> str:
    """The item's task as its row writes it: its text (and the paragraphs under a titled item), without its label."""
    text = task_text(nodes, node)
    found = _LABEL.match(text)
    return text[found.end():] if found else text


def _time_of(text: str) -> str:
    """The time an item's text gives, as the comma part that dates it: a closing part holding the time with its verb
    ("…, ban hành trước ngày 31/12/2025"), else the dating clause cut to its dating part ("công bố danh mục …, hoàn
    thành trong quý II/2026" → "hoàn thành trong quý II/2026")."""
    when = item_parts(text)[1]
    if not when:
        return ""
    parts = [part.strip(" .") for part in re.split(r"[,;]", text)]
    closing = next((part for part in reversed(parts[1:]) if when in part), "")
    return closing if closing and len(closing.split()) <= _MAX_TIME_WORDS else dated_tail(when)[1] or when


def join_codes(rows: list[RawRow], nodes: list[OutlineNode], avoid: list[list[str]]) -> list[OutlineNode]:
    """Rows whose task cell names an outline item take the item's text (and its time, when the row has none),
    their code kept as the row's number; the items joined, in order. `avoid`: the paths of the duty sections,
    whose items are no tasks to name."""
    labels = _labels(nodes)
    joined: list[OutlineNode] = []
    for row in rows:
        cell = " ".join(row.task.split()).strip(" .;:")
        if not is_code(cell):
            continue
        node = labels.get(_key(cell)) or _addressed(cell, nodes, avoid)
        if node is None:
            continue
        text = _item_text(nodes, node)
        row.number, row.task = cell, text
        row.timeline = row.timeline or _time_of(text)
        row.extra.setdefault("nội dung tại", locator_of(node.path))
        joined.append(node)
    return joined
