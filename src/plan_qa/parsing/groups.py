"""Tasks grouped under the body that leads them: "1. Sở Y tế chủ trì thực hiện các nhiệm vụ sau:" / "a) …" "b) …".

Each item under such a line is a task of that body; its coordinators and timeline are the item's own when it
names them ("…, phối hợp với Công an tỉnh; thời gian: năm 2026"), else the group line's ("… chủ trì, phối hợp
với Y thực hiện các nhiệm vụ sau, hoàn thành trong Quý IV/2027:"). The group line itself is no task.
"""

from __future__ import annotations

from plan_qa.parsing.outline import OutlineNode, children
from plan_qa.parsing.sentences import coordinators_in_task, group_assignment, item_parts

_GROUP_HEADS = ("number", "subnumber", "letter", "roman", "text")
_GROUP_ITEMS = ("number", "subnumber", "letter", "dash", "text")


def task_groups(nodes: list[OutlineNode]) -> list[tuple[OutlineNode, list[tuple[OutlineNode, dict[str, str]]]]]:
    """(group line, [(item, its fields)]) for every line that leads the items listed under it."""
    groups = []
    for node in nodes:
        if node.block.kind not in _GROUP_HEADS or not node.children:
            continue
        group = group_assignment(node.block.text)
        if group is None:
            continue
        items = []
        for item in children(nodes, node):
            if item.block.kind not in _GROUP_ITEMS:
                continue
            fields = {"lead": group["lead"]}
            rest, timeline = item_parts(item.block.text)
            coordinators = coordinators_in_task(rest) or group.get("coordinators", "")
            timeline = timeline or group.get("timeline", "")
            fields.update({role: value for role, value in (("coordinators", coordinators), ("timeline", timeline))
                           if value})
            items.append((item, fields))
        if items:
            groups.append((node, items))
    return groups
