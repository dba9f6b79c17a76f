"""Rich tables for the comparison commands, side by side, differences highlighted."""

from __future__ import annotations

from rich.console import Group
from rich.markup import escape
from rich.table import Table
from rich.text import Text

from plan_qa.comparison.align import Alignment, Pair
from plan_qa.comparison.conflicts import CONTRADICTION, OTHER_PERIOD, OTHER_WORDING, Conflict
from plan_qa.comparison.differences import FIELD_LABELS, task_differences
from plan_qa.comparison.similar import NO_COUNTERPART, SimilarResult
from plan_qa.comparison.tasks import TaskItem
from plan_qa.comparison.workload import Workload

_DIFF = "bold yellow"
KIND_TITLES = {CONTRADICTION: "Mâu thuẫn (khác cơ quan chủ trì hoặc thời hạn không thể cùng đúng)",
               OTHER_PERIOD: "Khác kỳ kế hoạch (không mâu thuẫn)",
               OTHER_WORDING: "Khác cách ghi thời gian (không mâu thuẫn)"}


def _agencies(names: tuple[str, ...]) -> str:
    return "; ".join(names) or "—"


def _cite(item: TaskItem) -> str:
    return f"{item.plan_id} · {item.locator}"


def similar_table(result: SimilarResult) -> Group:
    """Source task (for an id query), then one line per match, grouped by province and plan."""
    parts: list[Table | Text] = []
    if result.source:
        s = result.source
        parts.append(Text.from_markup(
            f"[bold]Nhiệm vụ gốc[/bold] ({escape(s.province or '?')}, {escape(_cite(s))}): {escape(s.task)}\n"
            f"Chủ trì: {escape(_agencies(s.lead))} · Phối hợp: {escape(_agencies(s.coordinators))} · "
            f"Thời gian: {escape(s.timeline or '—')}"
        ))
    else:
        parts.append(Text.from_markup(f"[bold]Tìm nhiệm vụ tương tự:[/bold] {escape(result.query)}"))
    table = Table("Tỉnh/TP", "Kế hoạch", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Điểm",
                  show_lines=True, caption=f"Ngưỡng điểm: {result.min_score:.2f}")
    for group in result.groups:
        if not group.matches:
            table.add_row(group.province or "?", group.plan_id, Text(NO_COUNTERPART, style="italic dim"),
                          "", "", "", "")
        for match in group.matches:
            item = match.item
            differs = {d.field for d in task_differences(result.source, item)} if result.source else set()
            table.add_row(
                item.province or "?",
                _cite(item),
                item.task,
                Text(_agencies(item.lead), style=_DIFF if "lead" in differs else ""),
                Text(_agencies(item.coordinators), style=_DIFF if "coordinators" in differs else ""),
                Text(item.timeline or "—", style=_DIFF if "timeline" in differs else ""),
                f"{match.score:.3f}",
            )
    parts.append(table)
    return Group(*parts)


def _field_cell(pair: Pair, field: str) -> Text:
    difference = next((d for d in pair.differences if d.field == field), None)
    if difference is None:
        value = {"lead": _agencies(pair.a.lead), "coordinators": _agencies(pair.a.coordinators),
                 "timeline": pair.a.timeline or "—"}[field]
        return Text(value, style="dim")
    text = Text()
    text.append(f"A: {difference.a}\n", style=_DIFF)
    text.append(f"B: {difference.b}", style=_DIFF)
    return text


def pairs_table(pairs: list[Pair], title: str | None = None) -> Table:
    """Matched pairs side by side; equal fields dim, differing fields A/B in yellow."""
    table = Table("A", "B", *FIELD_LABELS.values(), "Điểm", show_lines=True, title=title)
    for pair in pairs:
        table.add_row(
            f"{_cite(pair.a)}\n{pair.a.task}",
            f"{_cite(pair.b)}\n{pair.b.task}",
            *(_field_cell(pair, field) for field in FIELD_LABELS),
            f"{pair.score:.3f}",
        )
    return table


def _unmatched_table(items: tuple[TaskItem, ...], title: str) -> Table:
    table = Table("Vị trí", "Nhiệm vụ", "Chủ trì", "Thời gian", title=title, show_lines=True)
    for item in items:
        table.add_row(_cite(item), item.task, _agencies(item.lead), item.timeline or "—")
    return table


def alignment_view(alignment: Alignment) -> Group:
    """Pairs, then tasks of A and of B without a counterpart."""
    parts: list[Table | Text] = [
        Text.from_markup(f"[bold]So sánh kế hoạch {alignment.plan_a} (A) với {alignment.plan_b} (B)[/bold] · "
                         f"{len(alignment.pairs)} cặp nhiệm vụ tương ứng, ngưỡng {alignment.threshold:.2f}")
    ]
    notes = {p.note for p in alignment.pairs if p.note}
    parts += [Text(note, style="italic") for note in sorted(notes)]
    parts.append(pairs_table(list(alignment.pairs)))
    if alignment.only_a:
        parts.append(_unmatched_table(alignment.only_a, f"Chỉ có trong {alignment.plan_a} (A): {NO_COUNTERPART.lower()} ở B"))
    if alignment.only_b:
        parts.append(_unmatched_table(alignment.only_b, f"Chỉ có trong {alignment.plan_b} (B): {NO_COUNTERPART.lower()} ở A"))
    return Group(*parts)


def conflicts_view(found: list[Conflict]) -> Group | Text:
    """One table per province and kind ("mâu thuẫn" first, then "khác kỳ kế hoạch", …)."""
    if not found:
        return Text("Không phát hiện khác biệt về chủ trì hoặc thời gian giữa các kế hoạch của cùng một tỉnh/thành phố.")
    tables = []
    for province, kind in dict.fromkeys((c.province, c.kind) for c in found):
        pairs = [c.pair for c in found if (c.province, c.kind) == (province, kind)]
        tables.append(pairs_table(pairs, title=f"{KIND_TITLES[kind]} — các kế hoạch của {province or '?'}"))
    return Group(*tables)


def workload_table(workload: Workload) -> Table:
    """Every assignment of the agency, by province and plan."""
    table = Table("Tỉnh/TP", "Kế hoạch", "Vị trí", "Vai trò", "Nhiệm vụ", "Thời gian", show_lines=True,
                  title=f"Nhiệm vụ của {workload.agency} ({len(workload.assignments)})")
    for assignment in workload.assignments:
        item = assignment.item
        table.add_row(item.province or "?", item.plan_id, item.locator, assignment.role, item.task,
                      item.timeline or "—")
    return table
