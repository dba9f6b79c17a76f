"""Tab "Nhiệm vụ tương tự": counterparts of a task per province, plan-to-plan alignment, conflicts."""

from __future__ import annotations

import html
from dataclasses import dataclass
from functools import partial

import gradio as gr

from plan_qa.app.choices import ALL, ALL_PROVINCES, chosen, plan_options
from plan_qa.app.state import AppState
from plan_qa.comparison.align import Alignment, Pair, compare
from plan_qa.comparison.conflicts import CONTRADICTION, OTHER_PERIOD, OTHER_WORDING, Conflict, conflicts
from plan_qa.comparison.differences import FIELD_LABELS, task_differences
from plan_qa.comparison.similar import MATCH_THRESHOLD, NO_COUNTERPART, Match, PlanMatches, SimilarResult
from plan_qa.comparison.tasks import TaskItem
from plan_qa.labels import plan_short_label

RELAXED_MIN_SCORE = 0.5  # shows counterparts written independently (they score 0.51–0.63)
TASK_LABEL_CHARS = 110
# Similarity words from the matcher's calibration (comparison/similar.py): every labelled same-task pair
# scored ≥ 0.779, every different pair ≤ 0.628, and MATCH_THRESHOLD sits in between.
VERY_SIMILAR = 0.78


def _e(text: str | None) -> str:
    return html.escape(text or "")


def _agencies(names: tuple[str, ...]) -> str:
    return "; ".join(names) or "(không ghi)"


def _field_values(item: TaskItem) -> dict[str, str]:
    return {"lead": _agencies(item.lead), "coordinators": _agencies(item.coordinators),
            "timeline": item.timeline or "(không ghi)"}


def decimal(value: float, digits: int = 2) -> str:
    """A number with a Vietnamese decimal comma: 0,85."""
    return f"{value:.{digits}f}".replace(".", ",")


def similarity_words(score: float) -> str:
    """"rất giống" / "giống" / "hơi giống" for a match score (see VERY_SIMILAR)."""
    if score >= VERY_SIMILAR:
        return "rất giống"
    return "giống" if score >= MATCH_THRESHOLD else "hơi giống"


def _score(score: float) -> str:
    return (f'<span class="pq-tag" title="Điểm giống nhau {decimal(score)} (0 – 1)">'
            f"{similarity_words(score)} · {decimal(score)}</span>")


def plan_names(state: AppState) -> dict[str, str]:
    """Plan id → the short human label shown in tables."""
    return {plan_id: plan_short_label(plan) for plan_id, plan in state.matcher.plans.items()}


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
    tag = ' <span class="pq-tag">đối chiếu</span>' if is_reference else ""
    return (f'<div class="pq-match"><div class="pq-meta">{_e(item.locator)} · {_score(match.score)}{tag}</div>'
            f'<div class="pq-task">{_e(item.task)}</div>{_task_fields(item, differs)}</div>')


def _plan_block(group: PlanMatches, reference: TaskItem | None, names: dict[str, str]) -> str:
    body = "".join(_match_card(m, reference) for m in group.matches) or \
        f'<div class="pq-muted">{NO_COUNTERPART}</div>'
    title = _e(names.get(group.plan_id, group.plan_title))
    return f'<div class="pq-plan"><div class="pq-plan-title">{title}</div>{body}</div>'


def similar_html(result: SimilarResult, names: dict[str, str]) -> str:
    """One column per province, side by side; fields that differ from the reference task highlighted."""
    best = max((m for g in result.groups for m in g.matches), key=lambda m: m.score, default=None)
    reference = result.source or (best.item if best else None)
    if result.source:
        s = result.source
        head = (f'<div class="pq-card pq-source"><div class="pq-card-title">Nhiệm vụ gốc — '
                f"{_e(names.get(s.plan_id, s.plan_id))} · {_e(s.locator)}</div><div class='pq-task'>{_e(s.task)}</div>"
                f"{_task_fields(s, set())}</div>")
        hint = "Ô được tô màu là chỗ khác với nhiệm vụ gốc."
    else:
        head = f'<div class="pq-note">Tìm nhiệm vụ giống: “{_e(result.query)}”.</div>'
        hint = "Ô được tô màu là chỗ khác với kết quả giống nhất (đối chiếu)."
    provinces: dict[str, list[PlanMatches]] = {}
    for group in result.groups:
        provinces.setdefault(group.province or "?", []).append(group)
    columns = "".join(
        f'<div class="pq-col"><h4>{_e(province)}</h4>'
        f'{"".join(_plan_block(g, reference, names) for g in groups)}</div>'
        for province, groups in provinces.items()
    )
    found = sum(len(g.matches) for g in result.groups)
    summary = (f'<div class="pq-muted">{found} nhiệm vụ tương tự trong {len(result.groups)} kế hoạch · {hint} '
               f"Mức giống: rất giống (điểm ≥ {decimal(VERY_SIMILAR)}), giống (≥ {decimal(MATCH_THRESHOLD)}), "
               f"hơi giống (thấp hơn; chỉ hiện khi nới ngưỡng). Ngưỡng đang dùng: {decimal(result.min_score)}.</div>")
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
    return similar_html(result, plan_names(state))


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


def _task_cell(item: TaskItem, names: dict[str, str]) -> str:
    return (f"<td><div class='pq-meta'>{_e(names.get(item.plan_id, item.plan_id))} · {_e(item.locator)}</div>"
            f"{_e(item.task)}</td>")


def _pairs_table(pairs: tuple[Pair, ...] | list[Pair], names: dict[str, str]) -> str:
    """Pairs side by side in a table that keeps readable column widths and scrolls sideways when narrow."""
    columns = ("<colgroup><col style='width:22%'><col style='width:22%'><col style='width:15%'>"
               "<col style='width:19%'><col style='width:11%'><col style='width:11%'></colgroup>")
    head = "".join(f"<th>{label}</th>" for label in FIELD_LABELS.values())
    rows = "".join(
        f"<tr>{_task_cell(p.a, names)}{_task_cell(p.b, names)}{_pair_cells(p)}"
        f"<td class='pq-score'>{_score(p.score)}</td></tr>"
        for p in pairs
    )
    return (f'<div class="pq-scroll"><table class="pq-table">{columns}<tr><th>Kế hoạch A</th><th>Kế hoạch B</th>'
            f"{head}<th>Mức giống</th></tr>{rows}</table></div>")


def _unmatched(items: tuple[TaskItem, ...], title: str) -> str:
    if not items:
        return ""
    rows = "".join(f"<tr><td>{_e(i.locator)}</td><td>{_e(i.task)}</td><td>{_e(_agencies(i.lead))}</td>"
                   f"<td>{_e(i.timeline or '—')}</td></tr>" for i in items)
    columns = ("<colgroup><col style='width:14%'><col style='width:50%'><col style='width:22%'>"
               "<col style='width:14%'></colgroup>")
    return (f"<h4>{_e(title)} ({len(items)})</h4><div class='pq-scroll'><table class='pq-table'>{columns}"
            f"<tr><th>Vị trí</th><th>Nhiệm vụ</th><th>Chủ trì</th><th>Thời gian</th></tr>{rows}</table></div>")


def alignment_html(alignment: Alignment, names: dict[str, str]) -> str:
    """Pairs side by side (differences highlighted), then what only A and only B have."""
    a, b = names.get(alignment.plan_a, alignment.plan_a), names.get(alignment.plan_b, alignment.plan_b)
    notes = "".join(_message(n) for n in sorted({p.note for p in alignment.pairs if p.note}))
    return (f"<div class='pq-compare'><h4>So sánh {_e(a)} (A) với {_e(b)} (B): {len(alignment.pairs)} cặp nhiệm vụ "
            f"tương ứng</h4><div class='pq-muted'>Ô được tô màu là chỗ hai kế hoạch ghi khác nhau.</div>{notes}"
            f"{_pairs_table(alignment.pairs, names) if alignment.pairs else _message('Không có cặp nhiệm vụ nào tương ứng.')}"
            f"{_unmatched(alignment.only_a, f'Chỉ có trong {a} (A)')}"
            f"{_unmatched(alignment.only_b, f'Chỉ có trong {b} (B)')}</div>")


def compare_plans(state: AppState, plan_a: str | None, plan_b: str | None) -> str:
    if not plan_a or not plan_b:
        return _message("Chọn hai kế hoạch để so sánh.")
    if plan_a == plan_b:
        return _message("Hãy chọn hai kế hoạch khác nhau.")
    try:
        return alignment_html(compare(state.matcher, plan_a, plan_b), plan_names(state))
    except ValueError as error:
        return _message(str(error))


KIND_NOTES = {
    CONTRADICTION: "Mâu thuẫn: khác cơ quan chủ trì, hoặc thời hạn của hai kế hoạch không thể cùng đúng.",
    OTHER_PERIOD: ("Khác kỳ kế hoạch (không mâu thuẫn): kế hoạch ngắn hạn xếp lịch bên trong kỳ của kế hoạch "
                   "dài hạn, ví dụ “Quý II-IV/2026” trong kế hoạch năm 2026 và “Hàng năm” trong kế hoạch 2026–2030."),
    OTHER_WORDING: "Khác cách ghi thời gian (không mâu thuẫn): cùng kỳ, thời gian ghi khác nhưng trùng nhau.",
}


def conflicts_html(found: list[Conflict], names: dict[str, str]) -> str:
    """Lead/timeline differences between plans of one province, per province, real contradictions first."""
    if not found:
        return _message("Không phát hiện khác biệt về chủ trì hoặc thời gian giữa các kế hoạch của cùng một tỉnh.")
    parts = []
    for province, kind in dict.fromkeys((c.province, c.kind) for c in found):
        pairs = [c.pair for c in found if (c.province, c.kind) == (province, kind)]
        parts.append(f"<h4>{_e(kind.capitalize())} — {_e(province or '?')} ({len(pairs)})</h4>"
                     f"<div class='pq-muted'>{_e(KIND_NOTES[kind])}</div>{_pairs_table(pairs, names)}")
    return f"<div class='pq-compare'>{''.join(parts)}</div>"


def find_conflicts(state: AppState, province: str | None) -> str:
    return conflicts_html(conflicts(state.matcher, chosen(province)), plan_names(state))


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
    gr.Markdown("### Khác biệt giữa các kế hoạch cùng tỉnh: mâu thuẫn thật trước, rồi khác kỳ kế hoạch")
    with gr.Row():
        conflict_province = gr.Dropdown(_conflict_provinces(state), value=ALL, label="Tỉnh/thành phố")
        run_conflicts = gr.Button("Tìm khác biệt")
    conflict_view = gr.HTML()

    search_inputs = [text, task, provinces, k, relaxed]
    private = {"api_visibility": "private"}  # UI handlers only; the API is /ask
    search.click(partial(find_similar, state), inputs=search_inputs, outputs=result, **private)
    text.submit(partial(find_similar, state), inputs=search_inputs, outputs=result, **private)
    task.select(partial(find_similar, state), inputs=[gr.State(""), task, provinces, k, relaxed], outputs=result,
                **private)
    task_plan.change(lambda plan_id: gr.Dropdown(choices=task_options(state, plan_id), value=None),
                     inputs=task_plan, outputs=task, **private)
    run_compare.click(partial(compare_plans, state), inputs=[plan_a, plan_b], outputs=alignment, **private)
    run_conflicts.click(partial(find_conflicts, state), inputs=conflict_province, outputs=conflict_view, **private)
    return SimilarTab(task_plan, provinces, plan_a, plan_b, conflict_province)
