"""Tab "Tài liệu": the plans in the index, the files left out and why, and changing the corpus —
add a plan (preview first), replace one carrying the same number (after a side-by-side review), remove one.
Every change re-indexes atomically and is undone when the index cannot be built."""

from __future__ import annotations

import difflib
import html
import re
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd
from gradio.events import Dependency
from gradio.utils import get_upload_folder

from plan_qa.app.state import AppState
from plan_qa.cli_common import vietnamese_error
from plan_qa.corpus import plan_files
from plan_qa.embeddings import EmbeddingModelError
from plan_qa.index import IndexError_
from plan_qa.ingest import DocumentError
from plan_qa.ingest.limits import UPLOAD_EXTENSIONS
from plan_qa.labels import plan_label, plan_short_label, sorted_vietnamese
from plan_qa.parsing import Plan, plan_id_for
from plan_qa.uploads import (CorpusChange, UploadError, UploadPreview, add_to_corpus, preview_upload,
                             remove_from_corpus)

# Plans named by their human label; the internal id (file stem) only in the last, muted column, for the
# administrator who looks for the file.
PLAN_COLUMNS = ["Kế hoạch", "Tỉnh/TP", "Số hiệu", "Ngày ban hành", "Giai đoạn", "Người ký", "Tên kế hoạch", "Tệp",
                "Điều khoản", "Nhiệm vụ PL", "Nhiệm vụ TCTH", "Mã nội bộ"]
UNPLACED_SHOWN = 20
PROGRESS = gr.Progress()  # gradio injects the live tracker for this default
LOGIN_NEEDED = "Cần đăng nhập để thêm, thay thế hoặc gỡ kế hoạch."
ADD_LABEL = "Thêm vào kho và lập chỉ mục"


def plans_table(state: AppState) -> pd.DataFrame:
    """One row per indexed plan: metadata and how much the parser found."""
    rows = []
    for plan in sorted_vietnamese(state.plans, key=plan_label):
        m = plan.metadata
        rows.append([plan_label(plan), m.province or "?", m.number or "chưa ghi số", m.issue_date or m.issue_year or "",
                     m.period or "", " – ".join(filter(None, [m.signer, m.signer_title])), m.title, m.source,
                     len(plan.clauses), len(plan.tasks), len(plan.duties), m.plan_id])
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def status_html(state: AppState) -> str:
    """Warnings about the index (fallback, failed update) and the files left out, with their reasons."""
    index = state.assistant.index
    notes = "".join(f'<div class="pq-note">⚠️ {html.escape(note)}</div>' for note in index.notes)
    if not index.skipped:
        return notes
    rows = "".join(f"<tr><td>{html.escape(s.file)}</td><td>{html.escape(s.reason)}</td></tr>" for s in index.skipped)
    return (f'{notes}<details open><summary>{len(index.skipped)} tệp trong kho không được đưa vào chỉ mục'
            f'</summary><table class="pq-table"><tr><th>Tệp</th><th>Lý do</th></tr>{rows}</table></details>')


def plan_choices(state: AppState) -> list[tuple[str, str]]:
    """Plans to remove, by label and file (two plans may share a label; never two files)."""
    return [(f"{plan_label(p)} — tệp {p.metadata.source}", p.plan_id)
            for p in sorted_vietnamese(state.plans, key=plan_label)]


def _error(message: str) -> str:
    return f'<div class="pq-error" role="alert">❌ {html.escape(message)}</div>'


def _username(request: gr.Request | None) -> str | None:
    return getattr(request, "username", None) if request is not None else None


def forget_upload(path: str | None) -> None:
    """Delete an uploaded file from Gradio's cache once it has been read (never a file elsewhere)."""
    if path and Path(path).resolve().is_relative_to(Path(get_upload_folder()).resolve()):
        Path(path).unlink(missing_ok=True)


def preview_html(preview: UploadPreview) -> str:
    """What the parser found: metadata, counts, warnings and the text it could not place."""
    facts = [("Lưu vào kho với tên", preview.file_name), ("Mã kế hoạch", preview.plan_id),
             ("Tên kế hoạch", preview.title), ("Tỉnh/thành phố", preview.province or "(không nhận ra)"),
             ("Số hiệu", preview.number or "(chưa ghi số)"), ("Ngày ban hành", preview.issue_date or "(chưa ghi)"),
             ("Điều khoản", str(preview.clauses)), ("Nhiệm vụ trong phụ lục", str(preview.tasks)),
             ("Nhiệm vụ trong phần tổ chức thực hiện", str(preview.duties))]
    rows = "".join(f"<tr><th>{html.escape(k)}</th><td>{html.escape(v)}</td></tr>" for k, v in facts)
    warnings = []
    if not preview.province:
        warnings.append("Không nhận ra tỉnh/thành phố: bộ lọc theo tỉnh sẽ không tìm thấy kế hoạch này.")
    if preview.unplaced:
        lines = "".join(f"<li>{html.escape(line)}</li>" for line in preview.unplaced[:UNPLACED_SHOWN])
        more = f"<li>… và {len(preview.unplaced) - UNPLACED_SHOWN} dòng nữa</li>" \
            if len(preview.unplaced) > UNPLACED_SHOWN else ""
        warnings.append(f"<details><summary>{len(preview.unplaced)} dòng không xếp được vào cấu trúc kế hoạch"
                        f"</summary><ul>{lines}{more}</ul></details>")
    notes = "".join(f'<div class="pq-note">{w if w.startswith("<details") else html.escape(w)}</div>'
                    for w in warnings)
    action = "<b>Thay thế …</b>" if preview.replaces else f"<b>{ADD_LABEL}</b>"
    return (f'<div class="pq-preview"><h4>Xem trước kết quả phân tích</h4><table class="pq-table pq-facts">{rows}'
            f"</table>{notes}<p>Kiểm tra thông tin rồi bấm {action}.</p></div>")


def _clause_lines(plan: Plan) -> list[str]:
    return [f"{clause.locator}: {' '.join(clause.text.split())}" for clause in plan.clauses]


def replacement_html(old: Plan, new: Plan) -> str:
    """The plan in the corpus and the uploaded one side by side, changed clauses highlighted."""
    table = difflib.HtmlDiff(wrapcolumn=70).make_table(
        _clause_lines(old), _clause_lines(new), f"Trong kho: {old.metadata.source}", "Tệp tải lên",
        context=True, numlines=1)
    table = re.sub(r'<td class="diff_next"[^>]*>.*?</td>', '<td class="diff_next"></td>', table)
    table = table.replace("No Differences Found", "Không có khác biệt").replace("Empty File", "Tệp trống")
    number = html.escape(old.metadata.number or "")
    return (f'<div class="pq-note" role="alert">⚠️ Kho đã có kế hoạch <b>{html.escape(plan_label(old))}</b> cùng '
            f"số hiệu {number} ({html.escape(old.metadata.province or '')}). Tệp này chưa được thêm: đối chiếu các "
            "điều khoản khác nhau (tô màu) dưới đây; chỉ bấm thay thế nếu đây là bản đúng.</div>"
            f'<div class="pq-diff-view">{table}</div>')


def _upload_preview(state: AppState, path: str) -> tuple[UploadPreview, Plan]:
    return preview_upload(path, state.settings.corpus_dir, Path(path).name, state.config.max_upload_bytes,
                          state.plans)


def preview(state: AppState, path: str | None, request: gr.Request = None) -> tuple[str, Any]:
    """Parse the uploaded file without writing anything; show the add (or replace) button only when it parses."""
    if not path:
        return "", gr.Button(visible=False)
    try:
        found, plan = _upload_preview(state, path)
    except (UploadError, DocumentError) as error:
        forget_upload(path)
        return _error(str(error)), gr.Button(visible=False)
    view = preview_html(found)
    label = ADD_LABEL
    if found.replaces:
        view = replacement_html(state.assistant.plans[found.replaces], plan) + view
        label = f"Thay thế {plan_short_label(state.assistant.plans[found.replaces])} bằng tệp này và lập lại chỉ mục"
    allowed = state.may_change_corpus(_username(request))
    if not allowed:
        view += _error(LOGIN_NEEDED)
    return view, gr.Button(value=label, visible=allowed)


def _apply(state: AppState, change: Callable[[], tuple[str, CorpusChange]],
           progress: Callable[..., Any]) -> tuple[str, bool]:
    """Change the corpus, re-index, and undo the change when the index cannot be built."""
    try:
        done_what, made = change()
    except (UploadError, DocumentError, OSError) as error:
        return _error(vietnamese_error(error)), False

    def report_progress(stage: str, done: float) -> None:
        progress(done, desc=stage)

    try:
        report = state.reindex(report_progress)
    except (IndexError_, EmbeddingModelError, ValueError, OSError) as error:
        made.undo()
        return (_error(f"Không lập được chỉ mục ({vietnamese_error(error)}). Đã hoàn tác: tệp mới được gỡ khỏi "
                       "kho, tệp cũ trở lại chỗ cũ; chỉ mục cũ vẫn dùng được."), False)
    seconds = f"{report.seconds:.1f}".replace(".", ",") if report else ""
    done = (f"nhúng mới {report.embedded} đoạn, dùng lại {report.reused}, {seconds} giây"
            if report else "chỉ mục đã cập nhật")
    return f'<div class="pq-ok">✅ {done_what} và lập lại chỉ mục: {done}.</div>', True


def add(state: AppState, path: str | None, progress: gr.Progress = PROGRESS,
        request: gr.Request = None) -> tuple[Any, ...]:
    """Copy the file into the corpus — replacing the plan with its number when the preview said so — and
    re-index; undo the change if the index cannot be built."""
    if not path:
        return _error("Chưa có tệp nào được tải lên."), gr.skip(), gr.Button(visible=False)
    if not state.may_change_corpus(_username(request)):
        return _error(LOGIN_NEEDED), gr.skip(), gr.Button(visible=False)

    def change() -> tuple[str, CorpusChange]:
        added, made = add_to_corpus(path, state.settings.corpus_dir, Path(path).name,
                                    state.config.max_upload_bytes, state.plans, state.config.removed_dir)
        what = f'Đã thêm "{html.escape(added.file_name)}" (mã {html.escape(added.plan_id)}) vào kho'
        if added.replaces:
            old = state.assistant.plans.get(added.replaces)
            what += f", thay cho kế hoạch {html.escape(plan_label(old) if old else added.replaces)} (bản cũ được lưu lại)"
        return what, made

    try:
        message, ok = _apply(state, change, progress)
    finally:
        forget_upload(path)
    if ok:
        message = message.replace("</div>", " Kế hoạch đã sẵn sàng ở các thẻ khác.</div>")
    return message, plans_table(state) if ok else gr.skip(), gr.Button(visible=False)


def remove(state: AppState, plan_id: str | None, progress: gr.Progress = PROGRESS,
           request: gr.Request = None) -> tuple[Any, ...]:
    """Move a plan's file out of the corpus (kept in the data folder) and re-index atomically."""
    if not state.may_change_corpus(_username(request)):
        return _error(LOGIN_NEEDED), gr.skip()
    corpus = state.settings.corpus_dir
    file = next((p for p in plan_files(corpus) if plan_id_for(p) == plan_id), None) if plan_id else None
    if file is None:
        return _error("Chưa chọn kế hoạch, hoặc kế hoạch không còn trong kho."), gr.skip()
    if len(state.plans) <= 1:
        return _error("Không thể gỡ kế hoạch cuối cùng của kho."), gr.skip()

    def change() -> tuple[str, CorpusChange]:
        name = plan_label(state.assistant.plans[plan_id]) if plan_id in state.assistant.plans else plan_id
        return f'Đã gỡ kế hoạch {html.escape(name)} ("{html.escape(file.name)}") khỏi kho', \
            remove_from_corpus(file, state.config.removed_dir)

    message, ok = _apply(state, change, progress)
    return message, plans_table(state) if ok else gr.skip()


def refresh(state: AppState) -> tuple[str, Any]:
    """The status panel and the remove choices after a change."""
    return status_html(state), gr.Dropdown(choices=plan_choices(state), value=None)


def render(state: AppState) -> list[Dependency]:
    """Build the tab; returns the events that change the corpus, which the other tabs refresh after."""
    gr.Markdown("### Các kế hoạch trong chỉ mục")
    table = gr.Dataframe(plans_table(state), interactive=False, wrap=True, max_height=440, elem_id="pq-plans",
                         column_widths=["16%", "6%", "8%", "7%", "6%", "10%", "18%", "9%", "5%", "5%", "5%", "5%"])
    gr.Markdown("PL: phụ lục danh mục nhiệm vụ; TCTH: phần tổ chức thực hiện.", elem_classes="pq-muted")
    status = gr.HTML(status_html(state), elem_id="pq-corpus-status")
    limit = f"{state.config.max_upload_mb:g}".replace(".", ",")
    gr.Markdown(f"### Thêm kế hoạch\nĐịnh dạng: {', '.join(e.lstrip('.').upper() for e in UPLOAD_EXTENSIONS)}; "
                f"tối đa {limit} MB. Tệp được phân tích và xem trước trước khi thêm; tệp lỗi không làm thay đổi "
                "kho và chỉ mục hiện có. Tệp trùng nội dung bị từ chối; tệp cùng số hiệu với kế hoạch đã có chỉ "
                "thay thế sau khi đối chiếu và xác nhận.")
    uploaded = gr.State(None)
    upload = gr.UploadButton("Chọn tệp kế hoạch để tải lên…", variant="primary", elem_id="pq-upload")
    result = gr.HTML(elem_id="pq-upload-result")
    add_button = gr.Button(ADD_LABEL, variant="primary", visible=False, elem_id="pq-add")
    upload.upload(lambda path: path, inputs=upload, outputs=uploaded, api_visibility="private").then(
        partial(preview, state), inputs=uploaded, outputs=[result, add_button], api_visibility="private")
    added = add_button.click(partial(add, state), inputs=uploaded, outputs=[result, table, add_button],
                             api_visibility="private")
    gr.Markdown("### Gỡ kế hoạch\nTệp được chuyển ra khỏi kho (vẫn lưu trong thư mục dữ liệu) rồi lập lại chỉ mục.")
    with gr.Row():
        chosen = gr.Dropdown(plan_choices(state), value=None, label="Kế hoạch cần gỡ", elem_id="pq-remove-plan")
        remove_button = gr.Button("Gỡ kế hoạch khỏi kho", variant="stop", elem_id="pq-remove")
    removed_result = gr.HTML(elem_id="pq-remove-result")
    removed = remove_button.click(partial(remove, state), inputs=chosen, outputs=[removed_result, table],
                                  api_visibility="private")
    for event in (added, removed):
        event.then(partial(refresh, state), outputs=[status, chosen], api_visibility="private")
    return [added, removed]
