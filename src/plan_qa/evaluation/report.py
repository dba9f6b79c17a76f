"""Evaluation outputs: results.jsonl, summary.json, charts and report.md in one folder.

The report is rendered from the JSON files alone (summary + rows), so it can be
re-rendered after an evaluator adds judgments (`refresh_human`).
"""

from __future__ import annotations

import json
import shutil
import statistics
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from plan_qa.config import reports_dir
from plan_qa.corpus import PROJECT_ROOT
from plan_qa.evaluation.aggregate import METRIC_BY_NAME
from plan_qa.evaluation.charts import accuracy_by_type, latency_histogram
from plan_qa.evaluation.failures import failures
from plan_qa.evaluation.judgments import JudgmentStore, compare_with_auto
from plan_qa.evaluation.matching import MIN_RUN, OVERLAP_SHARE
from plan_qa.evaluation.runner import SYSTEM, EvalRun
from plan_qa.evaluation.scoring import CONTEXT_K, CONTEXT_METRIC
from plan_qa.evaluation.type_names import SINGLE_FACT_TYPES, type_name
from plan_qa.labels import vietnamese_key

# The summary committed with the source (README figures): written only when asked (`plan-qa eval --publish`).
LATEST_SUMMARY = PROJECT_ROOT / "eval" / "reports" / "latest_summary.json"
LATEST = "latest_summary.json"  # a copy of the newest run's summary beside the runs
RESULTS, SUMMARY, REPORT = "results.jsonl", "summary.json", "report.md"
ACCURACY_CHART, LATENCY_CHART = "accuracy_by_type.png", "latency.png"
FAILURE_LIMIT = 40
TEXT_LIMIT = 600

HEADLINE = ("accuracy", "answerable_accuracy", "refusal_accuracy", "token_f1", "citation_precision",
            "citation_recall", CONTEXT_METRIC, "recall@1", "recall@5", "recall@10", "hit@4", "mrr",
            "answer_words")
SHORT = {"accuracy": "Acc", "answerable_accuracy": "Acc (có đáp án)",
         "refusal_accuracy": "Từ chối đúng", "token_f1": "F1", "citation_precision": "Cit. P",
         "citation_recall": "Cit. R", CONTEXT_METRIC: f"Top-{CONTEXT_K} chứa đáp án",
         "recall@1": "R@1", "recall@5": "R@5", "recall@10": "R@10", "hit@4": "Hit@4", "mrr": "MRR",
         "answer_words": "Số từ"}


def new_run_dir(root: Path | None = None) -> Path:
    """<root, default the data folder's reports>/<UTC timestamp>/ (not yet created)."""
    return (root or reports_dir()) / datetime.now(UTC).strftime("%Y%m%d-%H%M%S")


def latest_results(root: Path | None = None) -> Path | None:
    """results.jsonl of the newest run folder under `root` (default the data folder's reports)."""
    found = sorted((root or reports_dir()).glob(f"*/{RESULTS}"), key=lambda p: (p.stat().st_mtime, p.parent.name))
    return found[-1] if found else None


def read_rows(path: Path) -> list[dict[str, Any]]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def _dump(data: Any) -> str:
    return json.dumps(data, ensure_ascii=False, indent=2) + "\n"


def write_outputs(run: EvalRun, out_dir: Path, latest: Path | None = None) -> Path:
    """Write every output of `run` into `out_dir`; copy summary.json to `latest` if given."""
    out_dir.mkdir(parents=True, exist_ok=True)
    rows = run.rows()
    (out_dir / RESULTS).write_text(
        "".join(json.dumps(row, ensure_ascii=False) + "\n" for row in rows), encoding="utf-8")
    (out_dir / SUMMARY).write_text(_dump(run.summary), encoding="utf-8")
    accuracy_by_type(run.summary, out_dir / ACCURACY_CHART)
    latency_histogram([r["systems"][SYSTEM]["scores"]["latency_ms"] for r in rows],
                      out_dir / LATENCY_CHART)
    (out_dir / REPORT).write_text(render_report(run.summary, rows), encoding="utf-8")
    if latest is not None:
        copy_summary(out_dir, latest)
    return out_dir / REPORT


def copy_summary(out_dir: Path, to: Path) -> None:
    """Copy a run's summary.json to `to` (the latest summary)."""
    to.parent.mkdir(parents=True, exist_ok=True)
    shutil.copyfile(out_dir / SUMMARY, to)


def refresh_human(out_dir: Path, store: JudgmentStore) -> dict[str, Any]:
    """Recompute the human-vs-automatic section of a written run and re-render its report."""
    rows = read_rows(out_dir / RESULTS)
    summary = json.loads((out_dir / SUMMARY).read_text(encoding="utf-8"))
    answers = [(r["id"], r["systems"][SYSTEM]["answer"] or "",
                bool(r["systems"][SYSTEM]["scores"]["correct"])) for r in rows]
    summary["human"] = compare_with_auto(answers, store)
    (out_dir / SUMMARY).write_text(_dump(summary), encoding="utf-8")
    (out_dir / REPORT).write_text(render_report(summary, rows), encoding="utf-8")
    return summary["human"]


# --------------------------------------------------------------------------- rendering


def _num(value: float | None, digits: int = 3) -> str:
    return "—" if value is None else f"{value:.{digits}f}"


def _digits(metric: str) -> int:
    return 1 if metric == "answer_words" else 3


def _ms(value: float | None) -> str:
    return "—" if value is None else f"{value:,.0f}"


def _cell(text: str | None, limit: int = TEXT_LIMIT) -> str:
    text = " ".join((text or "").split())
    return (text[: limit - 1] + "…" if len(text) > limit else text).replace("|", "\\|")


def _metric(block: dict[str, Any], name: str) -> float | None:
    return block["metrics"].get(name, {}).get("value")


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    return ["| " + " | ".join(header) + " |", "|" + "---|" * len(header),
            *("| " + " | ".join(row) + " |" for row in rows)]


def _run_info(summary: dict[str, Any]) -> list[str]:
    run = summary["run"]
    return [
        "# Báo cáo đánh giá plan-qa", "",
        f"- Thời điểm chạy (UTC): {run['started_at']} → {run['finished_at']}",
        (f"- Bộ câu hỏi: `{Path(run['qa_path']).name}` — tập: {run['split'] or 'tất cả (dev + test)'}"
        f" — {run['questions']} câu"),
        (f"- Mô hình nhúng (embeddings, dùng chung cho mọi hệ thống): `{run['model']}`;"
        f" {run['documents']} điều khoản trong chỉ mục"),
        f"- Commit: `{run['commit'] or '?'}`; lỗi khi chạy plan-qa: {run['errors']}", "",
    ]


def _headline(summary: dict[str, Any]) -> list[str]:
    header = ["Hệ thống", "n", *(SHORT[m] for m in HEADLINE), "p50 ms", "p95 ms"]
    rows = []
    for system in summary["systems"].values():
        overall = system["overall"]
        rows.append([f"**{system['label']}**", str(overall["n"]),
                     *(_num(_metric(overall, m), _digits(m)) for m in HEADLINE),
                     _ms(overall["latency_ms"]["p50"]), _ms(overall["latency_ms"]["p95"])])
    return ["## Kết quả chính: plan-qa và các hệ thống so sánh", "",
            *_table(header, rows), "",
            (f"Baselines chỉ truy hồi, không soạn câu trả lời: cột *{SHORT[CONTEXT_METRIC]}* là tỉ lệ "
            f"câu có đáp án mà mọi `must_include` đều nằm trong {CONTEXT_K} đoạn đầu trả về — **cận "
            "trên** cho một LLM đọc các đoạn đó, không phải độ chính xác thật. Các cột Acc/F1/Cit "
            "chỉ có nghĩa với plan-qa; *Số từ* cho biết độ dài câu trả lời — câu càng dài càng dễ chứa đủ "
            "`must_include`, nên hãy đọc Acc cùng với F1 và Số từ. Tutorial RAG chỉ trả 4 đoạn nên R@5/R@10 để trống; đoạn 1000 "
            "ký tự dài hơn nhiều so với một điều khoản nên dễ “trúng” hơn ở cùng thứ hạng."), ""]


def _methodology() -> list[str]:
    return [
        "## Cách tính", "",
        ("- **Chuẩn hóa khi so khớp**: NFC, không phân biệt hoa/thường và khoảng trắng, bỏ markup "
        "(`**`, `#`, `|`, thẻ HTML), vị trí dấu thanh (hoá = hóa), Hằng/Hàng, UBND = Ủy ban nhân dân,"
        " bỏ từ chỉ số nhiều “các”, viết tắt tên Sở (NN&MT, SCT…), số 0 đứng đầu (01/1 = 1/1), ngày “4 tháng 9 năm 2025” = "
        "“04/9/2025”."),
        ("- **Độ chính xác (accuracy)**: câu có đáp án chỉ đúng khi `found = true` và câu trả lời chứa "
        "**mọi** `must_include`; câu `unanswerable` chỉ đúng khi `found = false`. Token F1 so với đáp án "
        "gần nhất trong `answers` — chỉ để tham khảo, không quyết định đúng/sai."),
        (f"- **Khớp căn cứ (evidence match)**: một đoạn (trích dẫn, điều khoản, chunk) khớp một trích "
        "dẫn vàng khi cùng kế hoạch và chứa nguyên văn trích dẫn, hoặc chứa ≥ "
        f"{OVERLAP_SHARE:.0%} số token của trích dẫn thành **một dãy liên tiếp** dài ít nhất "
        f"{MIN_RUN} token (hoặc cả trích dẫn nếu ngắn hơn) — để các cụm chung như “phát triển công "
        "nghiệp môi trường” không tính là căn cứ. Một trích dẫn đúng nhưng khác câu với căn cứ vàng "
        "không được tính (lỗi mức thấp nhất bên dưới; người chấm có thể ghi nhận)."),
        ("- **Citation precision**: tỉ lệ trích dẫn khớp một căn cứ vàng (trên các câu có trích dẫn); "
        "**citation recall**: tỉ lệ căn cứ vàng được ít nhất một trích dẫn khớp."),
        ("- **Recall@k**: tỉ lệ căn cứ vàng có mặt trong k kết quả truy hồi đầu; **Hit@k**: có ít nhất "
        "một; **MRR**: 1/thứ hạng của kết quả khớp đầu tiên (0 nếu không có)."),
        ("- **Khoảng tin cậy 95 %**: bootstrap phân vị, 1000 lần lấy mẫu lại theo câu hỏi, seed cố "
        "định — chạy lại cho cùng kết quả. Mỗi chỉ số tính trên các câu mà nó xác định (cột n)."),
        "- Mọi hệ thống nhận cùng phạm vi (tỉnh/kế hoạch) của câu hỏi.", "",
    ]


def median_words(rows: list[dict[str, Any]], question_types: tuple[str, ...] | None = None) -> float | None:
    """Median answer length in words of plan-qa's answers (of some question types), or None."""
    words = [row["systems"][SYSTEM]["scores"]["answer_words"] for row in rows
             if question_types is None or row["type"] in question_types]
    words = [w for w in words if w is not None]
    return float(statistics.median(words)) if words else None


def _per_type(summary: dict[str, Any], rows: list[dict[str, Any]]) -> list[str]:
    systems = summary["systems"]
    mine = systems[SYSTEM]["by_type"]
    others = [name for name in systems if name != SYSTEM]
    header = ["Loại", "n", "Acc", "Số từ (trung vị)", "F1", "Cit. R", "R@5", "MRR",
              f"Top-{CONTEXT_K}: plan-qa", *(f"Top-{CONTEXT_K}: {n}" for n in others)]
    table = []
    for qtype, block in sorted(mine.items(), key=lambda item: vietnamese_key(type_name(item[0]))):
        words = median_words(rows, (qtype,))
        table.append([type_name(qtype), str(block["n"]), _num(_metric(block, "accuracy"), 2),
                      "—" if words is None else f"{words:g}",
                      *(_num(_metric(block, m), 2) for m in
                        ("token_f1", "citation_recall", "recall@5", "mrr", CONTEXT_METRIC)),
                      *(_num(_metric(systems[n]["by_type"][qtype], CONTEXT_METRIC), 2) for n in others)])
    single = median_words(rows, SINGLE_FACT_TYPES)
    brevity = ("" if single is None else
               (f"Câu hỏi một dữ kiện ({', '.join(type_name(t) for t in SINGLE_FACT_TYPES)}): câu trả lời dài "
                f"trung vị **{single:g} từ** — câu trả lời đứng đầu, mỗi kế hoạch một dòng ngắn."))
    return ["## Theo loại câu hỏi", "", *_table(header, table), "", brevity, "",
            f"![Độ chính xác theo loại câu hỏi]({ACCURACY_CHART})", ""]


def _per_split(summary: dict[str, Any]) -> list[str]:
    header = ["Tập", "Hệ thống", "n", "Acc", SHORT[CONTEXT_METRIC], "R@5", "MRR", "p50 ms"]
    rows = []
    for name, system in summary["systems"].items():
        for split, block in system["by_split"].items():
            rows.append([split, name, str(block["n"]),
                         *(_num(_metric(block, m)) for m in ("accuracy", CONTEXT_METRIC, "recall@5", "mrr")),
                         _ms(block["latency_ms"]["p50"])])
    rows.sort(key=lambda row: row[0])
    return ["## Theo tập (dev / test)", "", *_table(header, rows), ""]


def _intervals(summary: dict[str, Any]) -> list[str]:
    systems = summary["systems"]
    header = ["Chỉ số", *systems]
    rows = []
    for name in HEADLINE:
        cells = []
        for system in systems.values():
            metric = system["overall"]["metrics"][name]
            ci = metric.get("ci")
            digits = _digits(name)
            cells.append("—" if metric["value"] is None else
                         f"{metric['value']:.{digits}f} [{ci[0]:.{digits}f}, {ci[1]:.{digits}f}] "
                         f"(n={metric['n']})")
        rows.append([METRIC_BY_NAME[name].label, *cells])
    return ["## Khoảng tin cậy 95 % (bootstrap, 1000 lần lấy mẫu lại)", "", *_table(header, rows), ""]


def _latency(summary: dict[str, Any]) -> list[str]:
    rows = [[name, *(_ms(s["overall"]["latency_ms"][k]) for k in ("p50", "p95", "mean", "max"))]
            for name, s in summary["systems"].items()]
    return ["## Độ trễ: thời gian trả lời (ms)", "", *_table(["Hệ thống", "trung vị", "p95", "trung bình", "lớn nhất"], rows),
            "", ("plan-qa: thời gian thực của `assistant.ask` (truy hồi + soạn câu trả lời); hệ thống so sánh: "
            "chỉ truy hồi."), "", f"![Thời gian trả lời]({LATENCY_CHART})", ""]


def _citations(output: dict[str, Any]) -> str:
    return "; ".join(f"[{c['ref']}] {c['plan_id']} {c['locator']}" for c in output["citations"]) or "(không có)"


def _failures(rows: list[dict[str, Any]]) -> list[str]:
    failing = failures(rows)
    lines = [f"## Lỗi, nặng nhất trước — {len(failing)} câu", ""]
    for row in failing[:FAILURE_LIMIT]:
        output = row["systems"][SYSTEM]
        scores = output["scores"]
        gold = row["gold"]
        lines += [
            f"### {row['id']} ({type_name(row['type'])}, {row['split']}) — {row['reason']}", "",
            f"- **Câu hỏi**: {_cell(row['question'])}",
            (f"- **Trả lời** (found={output['found']}, F1={_num(scores['token_f1'], 2)}): "
            f"{_cell(output['answer']) or '(trống)'}"),
            f"- **Đáp án vàng**: {_cell(gold['answers'][0] if gold['answers'] else '(không có — câu không trả lời được)')}",
        ]
        if scores["missing"]:
            lines.append(f"- **Thiếu nội dung bắt buộc**: {', '.join(scores['missing'])}")
        lines.append(f"- **Trích dẫn**: {_cell(_citations(output))}")
        for evidence in gold["evidence"]:
            lines.append(f"- **Căn cứ vàng** ({evidence['plan_id']}): “{_cell(evidence['quote'])}”")
        if output.get("error"):
            lines.append(f"- **Lỗi**: `{_cell(output['error'])}`")
        lines.append("")
    if len(failing) > FAILURE_LIMIT:
        lines += [f"… và {len(failing) - FAILURE_LIMIT} câu nữa (xem `{RESULTS}`).", ""]
    return lines


def _verdict(right: bool) -> str:
    return "đúng" if right else "sai"


def _human(summary: dict[str, Any]) -> list[str]:
    human = summary["human"]
    lines = ["## Đánh giá thủ công so với chấm tự động", ""]
    if not human["judged"]:
        lines.append("Chưa có câu nào được chấm cho đúng các câu trả lời của lần chạy này.")
    else:
        lines += [
            (f"- Số câu đã chấm: {human['judged']}; độ chính xác theo người chấm: "
            f"{_num(human['human_accuracy'])}; theo tự động trên cùng các câu: "
            f"{_num(human['auto_accuracy'])}; **tỉ lệ đồng thuận**: {_num(human['agreement'])}"),
            "",
            *_table(["Câu", "Tự động", "Người chấm", "Nhận xét", "Lúc chấm"],
                    [[r["id"], _verdict(r["auto"]), _verdict(r["human"]) +
                      (" ⚠" if r["auto"] != r["human"] else ""), _cell(r["comment"], 200), r["judged_at"]]
                     for r in human["rows"]]),
        ]
    if human["stale"]:
        lines += ["", (f"{human['stale']} câu chỉ có điểm chấm cho câu trả lời cũ (câu trả lời đã thay "
                  "đổi) nên không được tính.")]
    lines += ["", ("Chấm thêm: `plan-qa judge <mã câu> --right|--wrong --comment \"...\"` (khóa theo mã câu "
              "+ sha256 câu trả lời; báo cáo này được cập nhật lại)."), ""]
    return lines


def render_report(summary: dict[str, Any], rows: list[dict[str, Any]]) -> str:
    """The Markdown report, sections in reading order."""
    sections = (_run_info(summary), _headline(summary), _methodology(), _per_type(summary, rows),
                _per_split(summary), _intervals(summary), _latency(summary), _failures(rows),
                _human(summary))
    return "\n".join(line for section in sections for line in section)
