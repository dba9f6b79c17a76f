"""Tab "Tài liệu": the plans in the index, and adding a plan file (preview, then add and re-index)."""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd
from gradio.events import Dependency

from plan_qa.app.state import AppState
from plan_qa.embeddings import EmbeddingModelError
from plan_qa.index import IndexError_
from plan_qa.ingest import SUPPORTED_EXTENSIONS, DocumentError
from plan_qa.uploads import UploadError, UploadPreview, add_to_corpus, preview_upload

PLAN_COLUMNS = ["Mã", "Tỉnh/TP", "Số hiệu", "Ngày ban hành", "Giai đoạn", "Người ký", "Tên kế hoạch", "Tệp",
                "Điều khoản", "Nhiệm vụ PL", "Nhiệm vụ TCTH"]
UNPLACED_SHOWN = 20
PROGRESS = gr.Progress()  # gradio injects the live tracker for this default


def plans_table(state: AppState) -> pd.DataFrame:
    """One row per indexed plan: metadata and how much the parser found."""
    rows = []
    for plan in sorted(state.plans, key=lambda p: p.plan_id):
        m = plan.metadata
        rows.append([m.plan_id, m.province or "?", m.number or "(chưa ghi số)", m.issue_date or m.issue_year or "",
                     m.period or "", " – ".join(filter(None, [m.signer, m.signer_title])), m.title, m.source,
                     len(plan.clauses), len(plan.tasks), len(plan.duties)])
    return pd.DataFrame(rows, columns=PLAN_COLUMNS)


def _error(message: str) -> str:
    return f'<div class="pq-error" role="alert">❌ {html.escape(message)}</div>'


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
    return (f'<div class="pq-preview"><h4>Xem trước kết quả phân tích</h4><table class="pq-table pq-facts">{rows}'
            f"</table>{notes}<p>Kiểm tra thông tin rồi bấm <b>Thêm vào kho và lập chỉ mục</b>.</p></div>")


def preview(state: AppState, path: str | None) -> tuple[str, Any]:
    """Parse the uploaded file without writing anything; show the add button only when it parses."""
    if not path:
        return "", gr.Button(visible=False)
    try:
        found, _ = preview_upload(path, state.settings.corpus_dir, Path(path).name, state.config.max_upload_bytes)
    except (UploadError, DocumentError) as error:
        return _error(str(error)), gr.Button(visible=False)
    return preview_html(found), gr.Button(visible=True)


def add(state: AppState, path: str | None, progress: gr.Progress = PROGRESS) -> tuple[Any, ...]:
    """Copy the file into the corpus and re-index; undo the copy if the index cannot be built."""
    if not path:
        return _error("Chưa có tệp nào được tải lên."), gr.skip(), gr.Button(visible=False)
    corpus = state.settings.corpus_dir
    try:
        added = add_to_corpus(path, corpus, Path(path).name, state.config.max_upload_bytes)
    except (UploadError, DocumentError, OSError) as error:
        return _error(str(error)), gr.skip(), gr.Button(visible=False)
    def report_progress(stage: str, done: float) -> None:
        progress(done, desc=stage)

    try:
        report = state.reindex(report_progress)
    except (IndexError_, EmbeddingModelError, ValueError, OSError) as error:
        (corpus / added.file_name).unlink(missing_ok=True)
        return (_error(f"Không lập được chỉ mục ({error}). Tệp đã được gỡ khỏi kho; chỉ mục cũ vẫn dùng được."),
                gr.skip(), gr.Button(visible=False))
    seconds = f"{report.seconds:.1f}".replace(".", ",") if report else ""
    done = (f"nhúng mới {report.embedded} đoạn, dùng lại {report.reused}, {seconds} giây"
            if report else "chỉ mục đã cập nhật")
    message = (f'<div class="pq-ok">✅ Đã thêm "{html.escape(added.file_name)}" (mã {html.escape(added.plan_id)}) '
               f"vào kho và lập lại chỉ mục: {done}. Kế hoạch đã sẵn sàng ở các thẻ khác.</div>")
    return message, plans_table(state), gr.Button(visible=False)


def render(state: AppState) -> Dependency:
    """Build the tab; returns the add-and-re-index event, which the other tabs refresh after."""
    gr.Markdown("### Các kế hoạch trong chỉ mục")
    table = gr.Dataframe(plans_table(state), interactive=False, wrap=True, max_height=440, elem_id="pq-plans",
                         column_widths=["4%", "7%", "9%", "7%", "7%", "12%", "26%", "10%", "6%", "6%", "6%"])
    gr.Markdown("PL: phụ lục danh mục nhiệm vụ; TCTH: phần tổ chức thực hiện.", elem_classes="pq-muted")
    limit = f"{state.config.max_upload_mb:g}".replace(".", ",")
    gr.Markdown(f"### Thêm kế hoạch\nĐịnh dạng: {', '.join(e.lstrip('.').upper() for e in SUPPORTED_EXTENSIONS)}; "
                f"tối đa {limit} MB. Tệp được phân tích và xem trước trước khi thêm; tệp lỗi không làm thay đổi "
                "kho và chỉ mục hiện có.")
    uploaded = gr.State(None)
    upload = gr.UploadButton("Chọn tệp kế hoạch để tải lên…", variant="primary", elem_id="pq-upload")
    result = gr.HTML(elem_id="pq-upload-result")
    add_button = gr.Button("Thêm vào kho và lập chỉ mục", variant="primary", visible=False, elem_id="pq-add")
    upload.upload(lambda path: path, inputs=upload, outputs=uploaded).then(
        partial(preview, state), inputs=uploaded, outputs=[result, add_button])
    return add_button.click(partial(add, state), inputs=uploaded, outputs=[result, table, add_button])
