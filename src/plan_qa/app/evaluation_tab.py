"""Tab "Đánh giá": run a Q&A set, read the headline and the worst answers, judge them, download the report."""

from __future__ import annotations

import html
from functools import partial
from pathlib import Path
from typing import Any

import gradio as gr
import pandas as pd

from plan_qa.app.files import zip_folder
from plan_qa.app.state import AppState
from plan_qa.evaluation.dataset import DEFAULT_QA_PATH, QADatasetError, load_qa
from plan_qa.evaluation.failures import failures
from plan_qa.evaluation.judgments import JudgmentStore
from plan_qa.evaluation.report import (
    ACCURACY_CHART,
    RESULTS,
    median_words,
    new_run_dir,
    read_rows,
    refresh_human,
    write_outputs,
)
from plan_qa.evaluation.runner import SYSTEM, run_evaluation
from plan_qa.evaluation.scoring import CONTEXT_K, CONTEXT_METRIC
from plan_qa.evaluation.type_names import SINGLE_FACT_TYPES, type_name
from plan_qa.labels import plan_short_label

BUNDLED, UPLOADED = "bundled", "uploaded"
SPLITS = [("Tất cả", ""), ("Chỉ train", "train"), ("Chỉ validation", "validation"), ("Chỉ test", "test")]
METRICS = [
    ("accuracy", "Độ chính xác (tất cả câu)"),
    ("answerable_accuracy", "Độ chính xác (câu có đáp án)"),
    ("refusal_accuracy", "Từ chối đúng (câu không có đáp án)"),
    ("citation_precision", "Trích dẫn đúng căn cứ"),
    ("citation_recall", "Căn cứ được trích dẫn"),
    ("recall@5", "Căn cứ nằm trong 5 đoạn truy hồi đầu"),
    ("mrr", "MRR (thứ hạng căn cứ đầu tiên)"),
    ("token_f1", "Độ trùng từ với đáp án mẫu (F1)"),
]
TABLE_COLUMNS = ["Mã", "Loại", "Kết quả", "Lỗi", "Câu hỏi", "Trả lời", "Số từ", "Thiếu", "F1", "ms"]
VERDICTS = [("Đúng", "right"), ("Sai", "wrong")]
ANSWER_CHARS = 300
PROGRESS = gr.Progress()  # gradio injects the live tracker for this default


def _number(value: float | None) -> str:
    return "—" if value is None else f"{value:.3f}".replace(".", ",")


def headline_markdown(summary: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    """plan-qa's headline figures with 95 % CIs, answer length, latency, and the baselines' top-k bound."""
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
    single = median_words(rows, SINGLE_FACT_TYPES)
    if single is not None:
        lines += ["", "Độ dài câu trả lời cho câu hỏi một dữ kiện (chủ trì, phối hợp, thời gian, "
                      f"thông tin văn bản): trung vị **{single:g} từ**."]
    p50, p95 = (f"{latency[k] or 0:,.0f}".replace(",", ".") for k in ("p50", "p95"))
    lines += ["", f"Thời gian trả lời: trung vị {p50} ms, p95 {p95} ms."]
    others = [name for name in systems if name != SYSTEM]
    if others:
        lines += ["", f"Tỉ lệ câu có đủ nội dung bắt buộc trong {CONTEXT_K} đoạn đầu (cận trên, chỉ truy hồi):", ""]
        lines += [f"- {system['label']}: {_number(system['overall']['metrics'][CONTEXT_METRIC]['value'])}"
                  for system in systems.values()]
    return "\n".join(lines)


def _cut(text: str | None, limit: int = ANSWER_CHARS) -> str:
    text = " ".join((text or "").split())
    return text if len(text) <= limit else text[: limit - 1] + "…"


def worst_first(rows: list[dict[str, Any]]) -> list[dict[str, Any]]:
    """Failures, worst first, then the correct answers."""
    failing = failures(rows)
    failed = {row["id"] for row in failing}
    return failing + [row for row in rows if row["id"] not in failed]


def question_table(rows: list[dict[str, Any]]) -> pd.DataFrame:
    """Every question, failures first (worst first), then the correct ones."""
    records = []
    for row in worst_first(rows):
        output = row["systems"][SYSTEM]
        scores = output["scores"]
        records.append({
            "Mã": row["id"], "Loại": type_name(row["type"]),
            "Kết quả": "Đúng" if scores["correct"] else "Sai",
            "Lỗi": row.get("reason", ""), "Câu hỏi": row["question"], "Trả lời": _cut(output["answer"]),
            "Số từ": scores["answer_words"] or 0,
            "Thiếu": ", ".join(scores["missing"]), "F1": _number(scores["token_f1"])[:4],
            "ms": f"{scores['latency_ms']:,.0f}",
        })
    return pd.DataFrame(records, columns=TABLE_COLUMNS)


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
    """Questions to mark, failures worst first: "q012 · Sai · Cơ quan chủ trì — câu hỏi…"."""
    return [(f"{row['id']} · {'Sai' if row.get('severity') else 'Đúng'} · {type_name(row['type'])} — "
             f"{_cut(row['question'], 80)}", row["id"]) for row in worst_first(rows)]


def _block(title: str, body: str) -> str:
    return f'<div class="pq-col"><h4>{html.escape(title)}</h4>{body}</div>'


def _paragraphs(text: str) -> str:
    return "".join(f"<p>{html.escape(line)}</p>" for line in (text or "").splitlines() if line.strip()) or \
        "<p class='pq-muted'>(trống)</p>"


def side_by_side(row: dict[str, Any], names: dict[str, str]) -> str:
    """Question and gold, plan-qa's full answer, and the clauses it cited, side by side."""
    output = row["systems"][SYSTEM]
    scores = output["scores"]
    gold = row["gold"]
    verdict = "Đúng" if scores["correct"] else "Sai"
    reason = failures([row])
    missing = (f"<p><b>Thiếu:</b> {html.escape(', '.join(scores['missing']))}</p>" if scores["missing"] else "")
    evidence = "".join(f"<li>{html.escape(e['quote'])}</li>" for e in gold["evidence"])
    question = (f"<p><b>{html.escape(row['id'])}</b> · {html.escape(type_name(row['type']))}</p>"
                f"<p>{html.escape(row['question'])}</p><p><b>Đáp án mẫu:</b> "
                f"{html.escape('; '.join(gold['answers']) or '(không có — kế hoạch không nêu)')}</p>"
                f"<p><b>Nội dung bắt buộc:</b> {html.escape(', '.join(gold['must_include']) or '—')}</p>"
                + (f"<p><b>Căn cứ mẫu:</b></p><ul>{evidence}</ul>" if evidence else ""))
    answer = (f"<p><b>Chấm tự động: {verdict}</b>{' — ' + html.escape(reason[0]['reason']) if reason else ''}</p>"
              f"{missing}{_paragraphs(output['answer'] or '')}")
    cited = "".join(f'<div class="pq-card"><div class="pq-card-title"><span class="pq-ref">[{c["ref"]}]</span> '
                    f'{html.escape(names.get(c["plan_id"], c["plan_id"]))}</div>'
                    f'<div class="pq-meta">{html.escape(c["locator"])}</div>'
                    f'<div class="pq-text">{html.escape(c["text"])}</div></div>'
                    for c in output["citations"]) or "<p class='pq-muted'>(không trích dẫn)</p>"
    return (f'<div class="pq-columns pq-judge">{_block("Câu hỏi và đáp án mẫu", question)}'
            f'{_block("Câu trả lời của plan-qa", answer)}{_block("Điều khoản được trích", cited)}</div>')


def show_question(state: AppState, run_dir: str | None, question_id: str | None) -> str:
    """The side-by-side view of one question of the last run."""
    if not run_dir or not question_id:
        return ""
    row = next((r for r in read_rows(Path(run_dir) / RESULTS) if r["id"] == question_id), None)
    names = {plan.plan_id: plan_short_label(plan) for plan in state.plans}
    return side_by_side(row, names) if row else f"⚠️ Không có câu {html.escape(question_id)} trong lần chạy này."


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

    preparing = "đọc bộ câu hỏi" + (", dựng các hệ thống so sánh" if baselines else "")
    progress(0.0, desc=f"Đang chuẩn bị: {preparing}…")
    try:
        result = run_evaluation(state.assistant, qa_path, tick, split or None, baselines=baselines,
                                judgments_path=state.config.judgments_path)
    except (QADatasetError, ValueError) as error:
        return (f"⚠️ {str(error).replace(str(qa_path), qa_path.name)}", *skip)
    run_dir = _unique_run_dir(state.config.reports_dir)
    write_outputs(result, run_dir)
    rows = result.rows()
    progress(1.0, desc="Đang viết báo cáo…")
    chart = run_dir / ACCURACY_CHART
    return (headline_markdown(result.summary, rows), gr.Image(value=str(chart), visible=True),
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
        return f"Bộ câu hỏi có sẵn ({len(load_qa(DEFAULT_QA_PATH))} câu)"
    except QADatasetError:
        return "Bộ câu hỏi có sẵn"


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
                         label="Từng câu hỏi (câu sai nặng nhất trước)", elem_classes="pq-grid",
                         column_widths=["60px", "110px", "60px", "150px", "260px", "320px", "60px", "110px", "50px",
                                        "60px"])
    report = gr.DownloadButton("⬇ Tải báo cáo (.zip: report.md, biểu đồ, kết quả)", visible=False, size="sm")
    gr.Markdown("### Chấm thủ công (câu sai nặng nhất trước)")
    question = gr.Dropdown([], label="Câu hỏi", elem_id="pq-judge-question")
    compared = gr.HTML(elem_id="pq-judge-view")
    with gr.Row():
        verdict = gr.Radio(VERDICTS, label="Câu trả lời", scale=1)
        comment = gr.Textbox(label="Nhận xét", scale=2)
        save = gr.Button("Lưu đánh giá", elem_id="pq-judge-save")
    judged = gr.Markdown()

    # UI handlers only: closed to API clients (evaluation runs and judgments write to the data folder)
    upload.upload(uploaded_qa, inputs=upload, outputs=[uploaded, source, upload_name], api_visibility="private")
    start.click(partial(run, state), inputs=[source, uploaded, split, baselines],
                outputs=[headline, chart, table, report, run_dir, question], show_progress="full",
                api_visibility="private")
    question.change(partial(show_question, state), inputs=[run_dir, question], outputs=compared,
                    api_visibility="private")
    save.click(partial(judge, state), inputs=[run_dir, question, verdict, comment], outputs=[judged, report],
               api_visibility="private")
