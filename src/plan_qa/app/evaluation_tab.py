"""Tab "Đánh giá": run a Q&A set, read the headline and the worst answers, judge them, download the report."""

from __future__ import annotations

from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from plan_qa.app.files import zip_folder
from plan_qa.app.state import AppState
from plan_qa.evaluation.charts import accuracy_by_type
from plan_qa.evaluation.dataset import DEFAULT_QA_PATH, QADatasetError, load_qa
from plan_qa.evaluation.failures import failures
from plan_qa.evaluation.judgments import JudgmentStore
from plan_qa.evaluation.report import (
    RESULTS,
    new_run_dir,
    read_rows,
    refresh_human,
    write_outputs,
)
from plan_qa.evaluation.runner import SYSTEM, run_evaluation
from plan_qa.evaluation.scoring import CONTEXT_K, CONTEXT_METRIC

BUNDLED, UPLOADED = "bundled", "uploaded"
SPLITS = [("Tất cả", ""), ("Chỉ train", "train"), ("Chỉ validation", "validation"), ("Chỉ test", "test")]
METRICS = [
    ("accuracy", "Độ chính xác (tất cả câu)"),
    ("answerable_accuracy", "Độ chính xác (câu có đáp án)"),
    ("refusal_accuracy", "Từ chối đúng (câu không có đáp án)"),
    ("citation_precision", "Trích dẫn đúng căn cứ (precision)"),
    ("citation_recall", "Căn cứ được trích dẫn (recall)"),
    ("recall@5", "Căn cứ nằm trong 5 đoạn truy hồi đầu"),
    ("mrr", "MRR (thứ hạng căn cứ đầu tiên)"),
    ("token_f1", "Token F1 so với đáp án mẫu"),
]
TYPE_LABELS = {
    "lead_agency": "Cơ quan chủ trì", "coordinating_agencies": "Cơ quan phối hợp", "timeline": "Thời gian",
    "agency_duties": "Nhiệm vụ của cơ quan", "target_figure": "Chỉ tiêu, số liệu", "legal_basis": "Căn cứ pháp lý",
    "plan_metadata": "Thông tin văn bản", "cross_province": "So sánh giữa các tỉnh",
    "unanswerable": "Không có trong kế hoạch", "paraphrase": "Diễn đạt khác", "no_diacritics": "Gõ không dấu",
    "abbreviation": "Viết tắt",
}
TABLE_COLUMNS = ["Mã", "Loại", "Kết quả", "Lỗi", "Câu hỏi", "Trả lời", "Thiếu", "F1", "ms"]
VERDICTS = [("Đúng", "right"), ("Sai", "wrong")]
ANSWER_CHARS = 300
PROGRESS = gr.Progress()  # gradio injects the live tracker for this default


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}".replace(".", ",")


def headline_markdown(summary: dict[str, Any]) -> str:
    """plan-qa's headline figures with 95 % CIs, latency, and the baselines' top-k bound."""
    run, systems = summary["run"], summary["systems"]
    overall = systems[SYSTEM]["overall"]
    lines = [(f"**{run['questions']} câu hỏi** · phần: {run['split'] or 'tất cả'} · mô hình `{run['model']}` · "
              f"lỗi khi chạy: {run['errors']}"), "",
             "| Chỉ số | Giá trị | Khoảng tin cậy 95 % | n |", "|---|---|---|---|"]
    for name, label in METRICS:
        metric = overall["metrics"][name]
        ci = metric.get("ci")
        interval = f"[{_number(ci[0])}; {_number(ci[1])}]" if ci else "—"
        lines.append(f"| {label} | **{_number(metric['value'])}** | {interval} | {metric['n']} |")
    latency = overall["latency_ms"]
    lines += ["", f"Thời gian trả lời: trung vị {latency['p50'] or 0:,.0f} ms, p95 {latency['p95'] or 0:,.0f} ms."]
    others = [name for name in systems if name != SYSTEM]
    if others:
        lines += ["", f"Tỉ lệ câu có đủ nội dung bắt buộc trong {CONTEXT_K} đoạn đầu (cận trên, chỉ truy hồi):", ""]
        lines += [f"- {system['label']}: {_number(system['overall']['metrics'][CONTEXT_METRIC]['value'])}"
                  for system in systems.values()]
    return "\n".join(lines)


def _cut(text: str | None, limit: int = ANSWER_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def question_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Every question, failures first (worst first), then the correct ones."""
    failing = failures(rows)
    failed_ids = {row["id"] for row in failing}
    ordered = failing + [row for row in rows if row["id"] not in failed_ids]
    records = []
    for row in ordered:
        output = row["systems"][SYSTEM]
        scores = output["scores"]
        records.append({
            "Mã": row["id"], "Loại": TYPE_LABELS.get(row["type"], row["type"]),
            "Kết quả": "Đúng" if scores["correct"] else "Sai",
            "Lỗi": row.get("reason", ""), "Câu hỏi": row["question"], "Trả lời": _cut(output["answer"]),
            "Thiếu": ", ".join(scores["missing"]), "F1": _number(scores["token_f1"])[:4],
            "ms": f"{scores['latency_ms']:,.0f}",
        })
    return pd.DataFrame(records, columns=TABLE_COLUMNS)


def type_chart(summary: dict[str, Any], path: Path) -> Path:
    """The per-type accuracy chart with the question types named in Vietnamese."""
    named = {**summary, "systems": {
        name: {**system, "by_type": {TYPE_LABELS.get(t, t): block for t, block in system["by_type"].items()}}
        for name, system in summary["systems"].items()}}
    path.parent.mkdir(parents=True, exist_ok=True)
    return accuracy_by_type(named, path)


def _unique_run_dir(root: Path) -> Path:
    folder = new_run_dir(root)
    number = 2
    while folder.exists():
        folder = folder.with_name(f"{new_run_dir(root).name}-{number}")
        number += 1
    return folder


def _report_zip(state: AppState, run_dir: Path) -> Path:
    return zip_folder(run_dir, state.config.work_dir / "reports" / f"bao-cao-danh-gia-{run_dir.name}.zip")


def _judge_choices(rows: list[dict[str, Any]]) -> list[tuple[str, str]]:
    return [(f"{row['id']} — {_cut(row['question'], 80)}", row["id"]) for row in rows]


def run(state: AppState, source: str, uploaded: str | None, split: str, baselines: bool,
        progress: gr.Progress = PROGRESS) -> tuple[Any, ...]:
    """Run the chosen set; headline, chart, worst-first table, report zip, run folder, judge choices."""
    skip = (gr.Image(visible=False), pd.DataFrame(columns=TABLE_COLUMNS), gr.DownloadButton(visible=False), None,
            gr.Dropdown())
    if source == UPLOADED and not uploaded:
        return ("⚠️ Hãy tải lên tệp bộ câu hỏi (.jsonl hoặc .csv) trước.", *skip)
    qa_path = Path(uploaded) if source == UPLOADED and uploaded else DEFAULT_QA_PATH

    def tick(done: int, total: int) -> None:
        progress((done, total), desc="Đang chạy đánh giá", unit="câu")

    try:
        result = run_evaluation(state.assistant, qa_path, tick, split or None, baselines=baselines,
                                judgments_path=state.config.judgments_path)
    except (QADatasetError, ValueError) as error:
        return (f"⚠️ {str(error).replace(str(qa_path), qa_path.name)}", *skip)
    run_dir = _unique_run_dir(state.config.reports_dir)
    write_outputs(result, run_dir)
    rows = result.rows()
    chart = type_chart(result.summary, state.config.work_dir / "charts" / f"{run_dir.name}.png")
    return (headline_markdown(result.summary), gr.Image(value=str(chart), visible=True),
            question_table(rows),
            gr.DownloadButton(value=str(_report_zip(state, run_dir)), visible=True), str(run_dir),
            gr.Dropdown(choices=_judge_choices(rows), value=None))


def judge(state: AppState, run_dir: str | None, question_id: str | None, verdict: str | None,
          comment: str) -> tuple[str, Any]:
    """Store a human mark for the shown answer, refresh the report's human section and its zip."""
    if not run_dir:
        return "⚠️ Hãy chạy đánh giá trước.", gr.skip()
    if not question_id or verdict not in ("right", "wrong"):
        return "⚠️ Chọn câu hỏi và đánh giá Đúng hoặc Sai.", gr.skip()
    folder = Path(run_dir)
    row = next((r for r in read_rows(folder / RESULTS) if r["id"] == question_id), None)
    if row is None:
        return f"⚠️ Không có câu {question_id} trong lần chạy này.", gr.skip()
    output = row["systems"][SYSTEM]
    store = JudgmentStore(state.config.judgments_path)
    store.record(question_id, output["answer"] or "", verdict == "right", comment or "")
    human = refresh_human(folder, store)
    auto = "đúng" if output["scores"]["correct"] else "sai"
    message = (f"Đã lưu: {question_id} → {'đúng' if verdict == 'right' else 'sai'} (tự động: {auto}). "
               f"Đồng thuận người chấm – tự động: {_number(human['agreement'])} trên {human['judged']} câu.")
    return message, gr.DownloadButton(value=str(_report_zip(state, folder)), visible=True)


def uploaded_qa(path: str | None) -> tuple[str | None, str, str]:
    """Remember the uploaded Q&A file and switch the source to it."""
    if not path:
        return None, BUNDLED, ""
    return path, UPLOADED, f"Đã chọn tệp: **{Path(path).name}**"


# -- layout ----------------------------------------------------------------------------------------------


def _bundled_label() -> str:
    try:
        return f"Bộ câu hỏi có sẵn (eval/qa.jsonl, {len(load_qa(DEFAULT_QA_PATH))} câu)"
    except QADatasetError:
        return "Bộ câu hỏi có sẵn (eval/qa.jsonl)"


def render(state: AppState) -> None:
    """Build the tab inside the current gr.Tab and wire its events."""
    uploaded = gr.State(None)
    run_dir = gr.State(None)
    with gr.Row():
        source = gr.Radio([(_bundled_label(), BUNDLED), ("Tệp tải lên", UPLOADED)], value=BUNDLED,
                          label="Bộ câu hỏi", scale=3)
        with gr.Column(scale=2):
            upload = gr.UploadButton("Tải lên bộ câu hỏi (.jsonl, .csv)…", size="sm")
            upload_name = gr.Markdown()
    with gr.Row():
        split = gr.Dropdown(SPLITS, value="", label="Phần câu hỏi")
        baselines = gr.Checkbox(label="So sánh với các baseline (chậm hơn)", value=False)
        start = gr.Button("Chạy đánh giá", variant="primary", elem_id="pq-eval-run")
    headline = gr.Markdown(elem_id="pq-eval-headline")
    chart = gr.Image(type="filepath", label="Độ chính xác theo loại câu hỏi", interactive=False, buttons=[],
                     visible=False)
    table = gr.Dataframe(pd.DataFrame(columns=TABLE_COLUMNS), interactive=False, wrap=True, max_height=460,
                         label="Từng câu hỏi (câu sai nặng nhất trước)",
                         column_widths=["5%", "8%", "6%", "13%", "23%", "27%", "8%", "5%", "5%"])
    report = gr.DownloadButton("⬇ Tải báo cáo (.zip: report.md, biểu đồ, kết quả)", visible=False, size="sm")
    gr.Markdown("### Chấm thủ công")
    with gr.Row():
        question = gr.Dropdown([], label="Câu hỏi", scale=3)
        verdict = gr.Radio(VERDICTS, label="Câu trả lời", scale=1)
        comment = gr.Textbox(label="Nhận xét", scale=2)
        save = gr.Button("Lưu đánh giá")
    judged = gr.Markdown()

    upload.upload(uploaded_qa, inputs=upload, outputs=[uploaded, source, upload_name])
    start.click(partial(run, state), inputs=[source, uploaded, split, baselines],
                outputs=[headline, chart, table, report, run_dir, question])
    save.click(partial(judge, state), inputs=[run_dir, question, verdict, comment], outputs=[judged, report])
