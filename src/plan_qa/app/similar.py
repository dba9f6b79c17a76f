"""Tab "Nhiệm vụ tương tự": counterparts of a task per province, plan-to-plan alignment, conflicts."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import partial

import gradio as gr

from plan_qa.app.choices import ALL, ALL_PROVINCES, chosen, plan_options
from plan_qa.app.state import AppState
from plan_qa.comparison.align import Alignment, Pair, compare
from plan_qa.comparison.conflicts import Conflict, conflicts
from plan_qa.comparison.differences import FIELD_LABELS, task_differences
from plan_qa.comparison.similar import NO_COUNTERPART, Match, PlanMatches, SimilarResult
from plan_qa.comparison.tasks import TaskItem

RELAXED_MIN_SCORE = 0.5  # shows counterparts written independently (they score 0.51–0.63)
TASK_LABEL_CHARS = 110


def _e(text: str | None) -> str:
    return html.escape(text or "")


def _agencies(names: tuple[str, ...]) -> str:
    return "; ".join(names) or "(không ghi)"


def _field_values(item: TaskItem) -> dict[str, str]:
    return {"lead": _agencies(item.lead), "coordinators": _agencies(item.coordinators),
            "timeline": item.timeline or "(không ghi)"}


def _message(text: str) -> str:
    return f'<div class="pq-note">{_e(text)}</div>'


def task_options(state: AppState, plan_id: str | None) -> list[tuple[str, str]]:
    """Rows and duties of one plan for the picker, labelled by locator (and agency for a duty)."""
    if not plan_id:
        return []
    options = []
    for item in state.matcher.items_of(plan_id):
        who = f" ({item.agency})" if item.kind == "duty" else ""
        task = item.task if len(item.task) <= TASK_LABEL_CHARS else item.task[: TASK_LABEL_CHARS - 1] + "…"
        options.append((f"{item.locator}{who} — {task}", item.id))
    return options


# -- similar tasks -------------------------------------------------------------------------------------


def _task_fields(item: TaskItem, differs: set[str]) -> str:
    values = _field_values(item)
    rows = []
    for field, label in FIELD_LABELS.items():
        differs_here = field in differs
        css = "pq-field pq-diff" if differs_here else "pq-field"
        hint = ' title="Khác với nhiệm vụ đối chiếu"' if differs_here else ""
        rows.append(f'<div class="{css}"{hint}><b>{label}:</b> {_e(values[field])}</div>')
    return "".join(rows)


def _match_card(match: Match, reference: TaskItem | None) -> str:
    item = match.item
    is_reference = reference is not None and item.id == reference.id
    differs = set() if reference is None or is_reference else {d.field for d in task_differences(reference, item)}
    tag = '<span class="pq-tag">đối chiếu</span>' if is_reference else ""
    return (f'<div class="pq-match"><div class="pq-meta">{_e(item.plan_id)} · {_e(item.locator)} · điểm '
            f"<b>{match.score:.3f}</b> (ngữ nghĩa {match.dense:.2f}, từ ngữ {match.lexical:.2f}) {tag}</div>"
            f'<div class="pq-task">{_e(item.task)}</div>{_task_fields(item, differs)}</div>')


def _plan_block(group: PlanMatches, reference: TaskItem | None) -> str:
    body = "".join(_match_card(m, reference) for m in group.matches) or \
        f'<div class="pq-muted">{NO_COUNTERPART}</div>'
    title = f"{_e(group.plan_id)} – {_e(group.plan_title)}"
    return f'<div class="pq-plan"><div class="pq-plan-title">{title}</div>{body}</div>'


def similar_html(result: SimilarResult) -> str:
    """One column per province, side by side; fields that differ from the reference task highlighted."""
    best = max((m for g in result.groups for m in g.matches), key=lambda m: m.score, default=None)
    reference = result.source or (best.item if best else None)
    if result.source:
        s = result.source
        head = (f'<div class="pq-card pq-source"><div class="pq-card-title">Nhiệm vụ gốc — {_e(s.province)}, '
                f"{_e(s.plan_id)} · {_e(s.locator)}</div><div class='pq-task'>{_e(s.task)}</div>"
                f"{_task_fields(s, set())}</div>")
    else:
        head = (f'<div class="pq-note">Tìm nhiệm vụ giống: “{_e(result.query)}”. Ô tô màu là chỗ khác với kết quả '
                "điểm cao nhất (đối chiếu).</div>")
    provinces: dict[str, list[PlanMatches]] = {}
    for group in result.groups:
        provinces.setdefault(group.province or "?", []).append(group)
    columns = "".join(
        f'<div class="pq-col"><h4>{_e(province)}</h4>{"".join(_plan_block(g, reference) for g in groups)}</div>'
        for province, groups in provinces.items()
    )
    found = sum(len(g.matches) for g in result.groups)
    summary = (f'<div class="pq-muted">{found} nhiệm vụ tương tự trong {len(result.groups)} kế hoạch · '
               f"ngưỡng điểm {result.min_score:.2f}</div>")
    return f'<div class="pq-similar">{head}{summary}<div class="pq-columns">{columns}</div></div>'


def find_similar(state: AppState, text: str, task_id: str | None, provinces: list[str] | None,
                 k: float, relaxed: bool) -> str:
    """Typed text first, else the picked task; HTML of the counterparts or a Vietnamese message."""
    query = (text or "").strip() or (task_id or "")
    if not query:
        return _message("Nhập mô tả nhiệm vụ hoặc chọn một nhiệm vụ trong kế hoạch.")
    try:
        result = state.matcher.similar(query, provinces=provinces or None, k=int(k),
                                       min_score=RELAXED_MIN_SCORE if relaxed else None)
    except ValueError as error:
        return _message(str(error))
    return similar_html(result)


# -- two plans -------------------------------------------------------------------------------------------


def _pair_cells(pair: Pair) -> str:
    differences = {d.field: d for d in pair.differences}
    same = _field_values(pair.a)
    cells = []
    for field in FIELD_LABELS:
        d = differences.get(field)
        cells.append(f'<td class="pq-same">{_e(same[field])}</td>' if d is None else
                     f'<td class="pq-diff"><div><b>A:</b> {_e(d.a)}</div><div><b>B:</b> {_e(d.b)}</div></td>')
    return "".join(cells)


def _pairs_table(pairs: tuple[Pair, ...] | list[Pair]) -> str:
    head = "".join(f"<th>{label}</th>" for label in FIELD_LABELS.values())
    rows = "".join(
        f"<tr><td><div class='pq-meta'>{_e(p.a.plan_id)} · {_e(p.a.locator)}</div>{_e(p.a.task)}</td>"
        f"<td><div class='pq-meta'>{_e(p.b.plan_id)} · {_e(p.b.locator)}</div>{_e(p.b.task)}</td>"
        f"{_pair_cells(p)}<td>{p.score:.3f}</td></tr>"
        for p in pairs
    )
    return f'<table class="pq-table"><tr><th>A</th><th>B</th>{head}<th>Điểm</th></tr>{rows}</table>'


def _unmatched(items: tuple[TaskItem, ...], title: str) -> str:
    if not items:
        return ""
    rows = "".join(f"<tr><td>{_e(i.locator)}</td><td>{_e(i.task)}</td><td>{_e(_agencies(i.lead))}</td>"
                   f"<td>{_e(i.timeline or '—')}</td></tr>" for i in items)
    return (f"<h4>{_e(title)} ({len(items)})</h4><table class='pq-table'><tr><th>Vị trí</th><th>Nhiệm vụ</th>"
            f"<th>Chủ trì</th><th>Thời gian</th></tr>{rows}</table>")


def alignment_html(alignment: Alignment) -> str:
    """Pairs side by side (differences highlighted), then what only A and only B have."""
    notes = "".join(_message(n) for n in sorted({p.note for p in alignment.pairs if p.note}))
    return (f"<div class='pq-compare'><h4>So sánh kế hoạch {_e(alignment.plan_a)} (A) với {_e(alignment.plan_b)} "
            f"(B): {len(alignment.pairs)} cặp nhiệm vụ tương ứng · ngưỡng {alignment.threshold:.2f}</h4>{notes}"
            f"{_pairs_table(alignment.pairs) if alignment.pairs else _message('Không có cặp nhiệm vụ nào tương ứng.')}"
            f"{_unmatched(alignment.only_a, f'Chỉ có trong {alignment.plan_a} (A)')}"
            f"{_unmatched(alignment.only_b, f'Chỉ có trong {alignment.plan_b} (B)')}</div>")


def compare_plans(state: AppState, plan_a: str | None, plan_b: str | None) -> str:
    if not plan_a or not plan_b:
        return _message("Chọn hai kế hoạch để so sánh.")
    if plan_a == plan_b:
        return _message("Hãy chọn hai kế hoạch khác nhau.")
    try:
        return alignment_html(compare(state.matcher, plan_a, plan_b))
    except ValueError as error:
        return _message(str(error))


def conflicts_html(found: list[Conflict]) -> str:
    """Same task in two plans of one province with a different lead or timeline, per province."""
    if not found:
        return _message("Không phát hiện mâu thuẫn (khác chủ trì hoặc thời gian) giữa các kế hoạch của cùng một tỉnh.")
    parts = []
    for province in dict.fromkeys(c.province for c in found):
        pairs = [c.pair for c in found if c.province == province]
        parts.append(f"<h4>Mâu thuẫn trong các kế hoạch của {_e(province or '?')} ({len(pairs)})</h4>"
                     f"{_pairs_table(pairs)}")
    return f"<div class='pq-compare'>{''.join(parts)}</div>"


def find_conflicts(state: AppState, province: str | None) -> str:
    return conflicts_html(conflicts(state.matcher, chosen(province)))


# -- layout --------------------------------------------------------------------------------------------------


def _conflict_provinces(state: AppState) -> list[tuple[str, str]]:
    return [ALL_PROVINCES, *((p, p) for p in state.provinces())]


@dataclass
class SimilarTab:
    """The plan and province pickers, refreshed when the set of plans changes."""

    task_plan: gr.Dropdown
    provinces: gr.Dropdown
    plan_a: gr.Dropdown
    plan_b: gr.Dropdown
    conflict_province: gr.Dropdown

    def components(self) -> list[gr.components.Component]:
        return [self.task_plan, self.provinces, self.plan_a, self.plan_b, self.conflict_province]

    @staticmethod
    def updates(state: AppState) -> list[gr.Dropdown]:
        plans = plan_options(state, include_all=False)
        return [gr.Dropdown(choices=plans), gr.Dropdown(choices=state.provinces()), gr.Dropdown(choices=plans),
                gr.Dropdown(choices=plans), gr.Dropdown(choices=_conflict_provinces(state))]


def render(state: AppState) -> SimilarTab:
    """Build the tab inside the current gr.Tab and wire its events."""
    plans = plan_options(state, include_all=False)
    gr.Markdown("### Tìm nhiệm vụ tương tự ở các tỉnh/kế hoạch khác")
    with gr.Row():
        text = gr.Textbox(label="Mô tả nhiệm vụ", scale=3, elem_id="pq-similar-text",
                          placeholder="Ví dụ: Tuyên truyền nâng cao nhận thức về công nghiệp môi trường")
        provinces = gr.Dropdown(state.provinces(), multiselect=True, label="Chỉ xét tỉnh/thành phố", scale=2)
    with gr.Row():
        task_plan = gr.Dropdown(plans, value=None, label="…hoặc chọn nhiệm vụ trong kế hoạch", scale=2)
        task = gr.Dropdown([], value=None, label="Nhiệm vụ (phụ lục hoặc tổ chức thực hiện)", scale=3)
    with gr.Row():
        k = gr.Slider(1, 5, value=3, step=1, label="Số nhiệm vụ tối đa mỗi kế hoạch")
        relaxed = gr.Checkbox(label="Nới ngưỡng điểm (hiện cả nhiệm vụ gần giống)", value=False)
        search = gr.Button("Tìm nhiệm vụ tương tự", variant="primary", elem_id="pq-similar-search")
    result = gr.HTML(elem_id="pq-similar-result")
    gr.Markdown("### So sánh hai kế hoạch")
    with gr.Row():
        plan_a = gr.Dropdown(plans, value=plans[0][1] if plans else None, label="Kế hoạch A")
        plan_b = gr.Dropdown(plans, value=plans[-1][1] if plans else None, label="Kế hoạch B")
        run_compare = gr.Button("So sánh", variant="primary")
    alignment = gr.HTML()
    gr.Markdown("### Mâu thuẫn giữa các kế hoạch cùng tỉnh (khác cơ quan chủ trì hoặc thời gian)")
    with gr.Row():
        conflict_province = gr.Dropdown(_conflict_provinces(state), value=ALL, label="Tỉnh/thành phố")
        run_conflicts = gr.Button("Tìm mâu thuẫn")
    conflict_view = gr.HTML()

    search_inputs = [text, task, provinces, k, relaxed]
    search.click(partial(find_similar, state), inputs=search_inputs, outputs=result)
    text.submit(partial(find_similar, state), inputs=search_inputs, outputs=result)
    task.select(partial(find_similar, state), inputs=[gr.State(""), task, provinces, k, relaxed], outputs=result)
    task_plan.change(lambda plan_id: gr.Dropdown(choices=task_options(state, plan_id), value=None),
                     inputs=task_plan, outputs=task)
    run_compare.click(partial(compare_plans, state), inputs=[plan_a, plan_b], outputs=alignment)
    run_conflicts.click(partial(find_conflicts, state), inputs=conflict_province, outputs=conflict_view)
    return SimilarTab(task_plan, provinces, plan_a, plan_b, conflict_province)
