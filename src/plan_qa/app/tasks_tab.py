"""Tab "Danh mục nhiệm vụ": every task row and duty, filterable, exportable; workload per agency."""

from __future__ import annotations

import io
from collections import Counter
from dataclasses import dataclass
from functools import partial
from pathlib import Path

import gradio as gr
import pandas as pd

from plan_qa.app.choices import ALL, chosen, plan_options, province_options
from plan_qa.app.files import download_file
from plan_qa.app.state import AppState
from plan_qa.comparison.tasks import TaskItem, plan_items
from plan_qa.comparison.workload import MENTIONED, agency_workload, resolve_agency, role_of, workload_by_province
from plan_qa.labels import plan_short_label, sorted_vietnamese
from plan_qa.parsing import Plan
from plan_qa.text.vietnamese import fold_diacritics

COLUMNS = ["Tỉnh/TP", "Kế hoạch", "Loại", "Vị trí", "Nhiệm vụ", "Cơ quan", "Vai trò", "Chủ trì", "Phối hợp",
           "Thời gian"]
ROLES = ["chủ trì", "phối hợp", "thực hiện", "tham mưu", MENTIONED]
KINDS = {"row": "Phụ lục", "duty": "Tổ chức thực hiện"}
WORKLOAD_COLUMNS = ["Tỉnh/TP", "Cơ quan", "Chủ trì", "Phối hợp", "Thực hiện", "Tham mưu", "Được nêu tên", "Tổng"]
DETAIL_COLUMNS = ["Tỉnh/TP", "Kế hoạch", "Vị trí", "Vai trò", "Nhiệm vụ", "Thời gian"]
EXPORT_NAME = "danh-muc-nhiem-vu"


def _folded(text: str | None) -> str:
    return fold_diacritics(text or "").lower()


def all_items(plans: list[Plan]) -> list[TaskItem]:
    """Appendix rows then duties of every plan, in plan order."""
    return [item for plan in sorted(plans, key=lambda p: p.plan_id) for item in plan_items(plan)]


def agency_options(plans: list[Plan]) -> list[str]:
    """Every agency a row or duty names, in Vietnamese alphabetical order."""
    names = {name for item in all_items(plans) for name in (*item.lead, *item.coordinators, item.agency) if name}
    return sorted_vietnamese(names)


def _plan_names(plans: list[Plan]) -> dict[str, str]:
    return {plan.plan_id: plan_short_label(plan) for plan in plans}


def _row(item: TaskItem, agency: str | None, names: dict[str, str]) -> dict[str, str]:
    if agency:
        who, role = agency, role_of(item, agency) or ""
    else:
        who = item.agency if item.kind == "duty" else "; ".join(item.lead)
        role = item.role if item.kind == "duty" else "chủ trì"
    return {"Tỉnh/TP": item.province or "?", "Kế hoạch": names.get(item.plan_id, item.plan_id), "Loại": KINDS[item.kind],
            "Vị trí": item.locator, "Nhiệm vụ": item.task, "Cơ quan": who or "", "Vai trò": role or "",
            "Chủ trì": "; ".join(item.lead), "Phối hợp": "; ".join(item.coordinators),
            "Thời gian": item.timeline or ""}


def task_table(plans: list[Plan], province: str | None = None, plan: str | None = None,
               agency: str | None = None, role: str | None = None, timeline: str = "",
               keyword: str = "") -> pd.DataFrame:
    """The filtered catalogue; `agency` (any known spelling) keeps the tasks involving it, with its role."""
    canonical = resolve_agency(agency) if agency else None
    names = _plan_names(plans)
    rows = []
    for item in all_items(plans):
        if (province and item.province != province) or (plan and item.plan_id != plan):
            continue
        if canonical and role_of(item, canonical) is None:
            continue
        row = _row(item, canonical, names)
        if (role and row["Vai trò"] != role) or _folded(timeline) not in _folded(item.timeline):
            continue
        if _folded(keyword) not in _folded(item.task):
            continue
        rows.append(row)
    return pd.DataFrame(rows, columns=COLUMNS)


def exports(table: pd.DataFrame, folder: Path) -> tuple[Path, Path]:
    """The table as CSV (UTF-8 with BOM, opens in Excel) and as XLSX."""
    csv = download_file(folder, f"{EXPORT_NAME}.csv", table.to_csv(index=False).encode("utf-8-sig"))
    buffer = io.BytesIO()
    table.to_excel(buffer, index=False, sheet_name="Nhiệm vụ", engine="openpyxl")
    return csv, download_file(folder, f"{EXPORT_NAME}.xlsx", buffer.getvalue())


def _summary(table: pd.DataFrame) -> str:
    kinds = Counter(table["Loại"])
    return (f"**{len(table)}** nhiệm vụ ({kinds.get(KINDS['row'], 0)} trong phụ lục, "
            f"{kinds.get(KINDS['duty'], 0)} trong phần tổ chức thực hiện)")


def filter_tasks(state: AppState, province: str | None, plan: str | None, agency: str | None,
                 role: str | None, timeline: str, keyword: str) -> tuple[object, ...]:
    """Table, count and both export buttons for the filters; an unknown agency gives a message."""
    try:
        table = task_table(state.plans, chosen(province), chosen(plan), agency or None, role or None,
                           timeline or "", keyword or "")
    except ValueError as error:
        return pd.DataFrame(columns=COLUMNS), f"⚠️ {error}", gr.DownloadButton(), gr.DownloadButton()
    csv, xlsx = exports(table, state.config.work_dir / "exports")
    return table, _summary(table), gr.DownloadButton(value=str(csv)), gr.DownloadButton(value=str(xlsx))


# -- workload ---------------------------------------------------------------------------------------------


def workload_overview(plans: list[Plan]) -> pd.DataFrame:
    """Per province, then per agency of that province: how many tasks it leads, coordinates, carries out,
    advises on or is named in (same-named bodies of different provinces are different bodies)."""
    labels = dict(zip(ROLES, WORKLOAD_COLUMNS[2:7]))
    rows = [{"Tỉnh/TP": load.province or "?", "Cơ quan": load.agency,
             **{labels[r]: load.roles.get(r, 0) for r in labels}, "Tổng": load.total}
            for load in workload_by_province(plans)]
    return pd.DataFrame(rows, columns=WORKLOAD_COLUMNS)


def agency_detail(state: AppState, agency: str | None, provinces: list[str] | None) -> tuple[str, pd.DataFrame]:
    """Every task of one agency, by province and plan, with its role."""
    if not agency:
        return "Chọn hoặc gõ tên cơ quan (viết tắt, không dấu đều được).", pd.DataFrame(columns=DETAIL_COLUMNS)
    try:
        workload = agency_workload(state.plans, agency, provinces or None)
    except ValueError as error:
        return f"⚠️ {error}", pd.DataFrame(columns=DETAIL_COLUMNS)
    names = _plan_names(state.plans)
    rows = [{"Tỉnh/TP": a.item.province or "?", "Kế hoạch": names.get(a.item.plan_id, a.item.plan_id),
             "Vị trí": a.item.locator,
             "Vai trò": a.role, "Nhiệm vụ": a.item.task, "Thời gian": a.item.timeline or ""}
            for a in workload.assignments]
    per_province: dict[str, Counter[str]] = {}
    for a in workload.assignments:
        per_province.setdefault(a.item.province or "?", Counter())[a.role] += 1
    parts = [f"{province}: {sum(roles.values())} ({', '.join(f'{n} {r}' for r, n in roles.most_common())})"
             for province, roles in per_province.items()]
    summary = f"**{workload.agency}** — " + ("; ".join(parts) if parts else "không có nhiệm vụ nào") + "."
    if len(parts) > 1:
        summary += " Mỗi tỉnh là một cơ quan riêng, nên không cộng gộp giữa các tỉnh."
    return summary, pd.DataFrame(rows, columns=DETAIL_COLUMNS)


# -- layout ---------------------------------------------------------------------------------------------------


@dataclass
class TasksTab:
    """Filters, table and workload, refreshed (filters reset) when the set of plans changes."""

    filters: list[gr.components.Component]
    results: list[gr.components.Component]  # table, count, CSV button, XLSX button
    overview: gr.Dataframe
    workload_agency: gr.Dropdown

    def components(self) -> list[gr.components.Component]:
        return [*self.filters, *self.results, self.overview, self.workload_agency]

    @staticmethod
    def updates(state: AppState) -> list[object]:
        agencies = agency_options(state.plans)
        filters = [gr.Dropdown(choices=province_options(state), value=ALL),
                   gr.Dropdown(choices=plan_options(state), value=ALL),
                   gr.Dropdown(choices=agencies, value=None), gr.Dropdown(value=None), "", ""]
        return [*filters, *filter_tasks(state, ALL, ALL, None, None, "", ""), workload_overview(state.plans),
                gr.Dropdown(choices=agencies)]


def render(state: AppState) -> TasksTab:
    """Build the tab inside the current gr.Tab and wire its events."""
    agencies = agency_options(state.plans)
    table = task_table(state.plans)
    csv, xlsx = exports(table, state.config.work_dir / "exports")
    with gr.Row():
        province = gr.Dropdown(province_options(state), value=ALL, label="Tỉnh/thành phố")
        plan = gr.Dropdown(plan_options(state), value=ALL, label="Kế hoạch")
        agency = gr.Dropdown(agencies, value=None, label="Cơ quan", allow_custom_value=True)
        role = gr.Dropdown(ROLES, value=None, label="Vai trò của cơ quan")
    with gr.Row():
        timeline = gr.Textbox(label="Thời gian có chứa", placeholder="Ví dụ: 2027, hằng năm, Quý II")
        keyword = gr.Textbox(label="Nhiệm vụ có chứa", placeholder="Ví dụ: chất thải")
    with gr.Row():
        count = gr.Markdown(_summary(table))
        csv_button = gr.DownloadButton("⬇ Xuất CSV", value=str(csv), size="sm", elem_id="pq-export-csv")
        xlsx_button = gr.DownloadButton("⬇ Xuất Excel (XLSX)", value=str(xlsx), size="sm", elem_id="pq-export-xlsx")
    grid = gr.Dataframe(table, interactive=False, wrap=True, max_height=460, label="Danh mục nhiệm vụ",
                        elem_classes="pq-grid",
                        column_widths=["90px", "150px", "100px", "100px", "320px", "150px", "90px", "150px", "150px",
                                       "100px"])
    filters = [province, plan, agency, role, timeline, keyword]
    apply = {"fn": partial(filter_tasks, state), "inputs": filters, "outputs": [grid, count, csv_button, xlsx_button],
             "api_visibility": "private"}
    for dropdown in (province, plan, agency, role):
        dropdown.change(**apply)
    for box in (timeline, keyword):
        box.submit(**apply)
        box.blur(**apply)

    gr.Markdown("### Khối lượng công việc theo cơ quan (từng tỉnh/thành phố)")
    overview = gr.Dataframe(workload_overview(state.plans), interactive=False, max_height=300,
                            label="Số nhiệm vụ theo vai trò, từng tỉnh/thành phố", elem_classes="pq-grid")
    with gr.Row():
        workload_agency = gr.Dropdown(agencies, value=None, label="Cơ quan", allow_custom_value=True, scale=2)
        workload_provinces = gr.Dropdown(state.provinces(), multiselect=True, label="Tỉnh/thành phố", scale=2)
        show = gr.Button("Xem nhiệm vụ của cơ quan", variant="primary")
    detail_summary = gr.Markdown()
    detail = gr.Dataframe(pd.DataFrame(columns=DETAIL_COLUMNS), interactive=False, wrap=True, max_height=400,
                          elem_classes="pq-grid")
    show.click(partial(agency_detail, state), inputs=[workload_agency, workload_provinces],
               outputs=[detail_summary, detail], api_visibility="private")
    return TasksTab(filters, apply["outputs"], overview, workload_agency)
