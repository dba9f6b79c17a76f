"""`plan-qa eval` and `plan-qa judge`, added to the main Typer app by `register`."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.progress import (
    BarColumn,
    MofNCompleteColumn,
    Progress,
    TimeElapsedColumn,
    TimeRemainingColumn,
)
from rich.table import Table

from plan_qa.config import judgments_path, reports_dir
from plan_qa.evaluation.dataset import SPLITS, QADatasetError, load_qa
from plan_qa.evaluation.judgments import JudgmentStore
from plan_qa.evaluation.report import (
    LATEST,
    LATEST_SUMMARY,
    copy_summary,
    REPORT,
    latest_results,
    new_run_dir,
    read_rows,
    refresh_human,
    write_outputs,
)
from plan_qa.evaluation.runner import SYSTEM, run_evaluation
from plan_qa.evaluation.scoring import CONTEXT_K, CONTEXT_METRIC

console = Console(stderr=True)

JudgmentsOption = Annotated[Path | None, typer.Option(
    "--judgments", help="Tệp SQLite lưu điểm chấm thủ công (mặc định: thư mục dữ liệu, PLAN_QA_DATA).")]


TABLE_METRICS = ("accuracy", CONTEXT_METRIC, "citation_recall", "recall@5", "mrr")


def _value(overall: dict, metric: str) -> str:
    number = overall["metrics"][metric]["value"]
    return "—" if number is None else f"{number:.3f}"


def _headline_table(summary: dict) -> Table:
    table = Table("Hệ thống", "Acc", f"Top-{CONTEXT_K} chứa đáp án", "Cit. R", "R@5", "MRR", "p50 ms")
    for name, system in summary["systems"].items():
        overall = system["overall"]
        table.add_row(name, *(_value(overall, m) for m in TABLE_METRICS),
                      f"{overall['latency_ms']['p50'] or 0:,.0f}")
    return table


def evaluate(
    qa: Annotated[Path | None, typer.Option("--qa", help="Bộ câu hỏi .jsonl/.csv (mặc định eval/qa.jsonl).")] = None,
    out: Annotated[Path | None, typer.Option(
        "--out", help="Thư mục kết quả (mặc định: <thư mục dữ liệu>/reports/<thời điểm>/).")] = None,
    split: Annotated[str | None, typer.Option("--split", help="Chỉ chạy tập train, validation hoặc test.")] = None,
    as_json: Annotated[bool, typer.Option("--json", help="In summary dạng JSON ra stdout.")] = False,
    judgments: JudgmentsOption = None,
    publish: Annotated[bool, typer.Option(
        "--publish", help="Chép summary.json vào eval/reports/latest_summary.json của mã nguồn (số liệu README).")] = False,
    corpus: Annotated[Path | None, typer.Option("--corpus", help="Thư mục kế hoạch; chỉ các kế hoạch bộ câu hỏi nêu tên được đọc.")] = None,
    model: Annotated[str | None, typer.Option("--model", help="Mô hình embedding (tên hoặc thư mục sentence-transformers).")] = None,
) -> None:
    """Đánh giá plan-qa và các baseline trên bộ câu hỏi, ghi báo cáo."""
    if split not in (None, *SPLITS):
        console.print("[red]--split phải là train, validation hoặc test.[/red]")
        raise typer.Exit(2)
    from plan_qa.answering import Assistant

    from plan_qa.config import Settings

    settings = Settings.from_env(model=model)
    if corpus is not None:
        from plan_qa.evaluation.corpus_view import corpus_view, listed_plans

        try:
            settings.corpus_dir, settings.index_root = corpus_view(
                corpus, listed_plans(load_qa(qa)), settings.index_root / "views")
        except (QADatasetError, ValueError, OSError) as error:
            console.print(f"[red]Lỗi:[/red] {error}")
            raise typer.Exit(2) from error
    with console.status("Đang tải chỉ mục và mô hình…"):
        assistant = Assistant.load(settings)
    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn(), TimeRemainingColumn())
    with Progress(*columns, console=console) as bar:
        task = bar.add_task("Đánh giá", total=None)
        try:
            run = run_evaluation(assistant, qa, lambda done, total: bar.update(task, completed=done, total=total),
                                 split, judgments_path=judgments or judgments_path())
        except (QADatasetError, ValueError) as error:
            console.print(f"[red]Lỗi:[/red] {error}")
            raise typer.Exit(2) from error
    report = write_outputs(run, out or new_run_dir(), latest=None if out else reports_dir() / LATEST)
    if publish:
        copy_summary(report.parent, LATEST_SUMMARY)
    if as_json:
        sys.stdout.write(json.dumps(run.summary, ensure_ascii=False, indent=2) + "\n")
        return
    console.print(_headline_table(run.summary))
    console.print(f"Báo cáo: [bold]{report}[/bold]")


def judge(
    question_id: Annotated[str, typer.Argument(help="Mã câu hỏi, ví dụ q012.")],
    right: Annotated[bool | None, typer.Option("--right/--wrong", help="Câu trả lời đúng hay sai.")] = None,
    comment: Annotated[str, typer.Option("--comment", help="Nhận xét của người chấm.")] = "",
    results: Annotated[Path | None, typer.Option("--results", help="results.jsonl cần chấm (mặc định: lần chạy mới nhất).")] = None,
    judgments: JudgmentsOption = None,
) -> None:
    """Chấm thủ công câu trả lời của plan-qa cho một câu hỏi (lần chạy mới nhất)."""
    if right is None:
        console.print("[red]Cần chọn --right hoặc --wrong.[/red]")
        raise typer.Exit(2)
    path = results or latest_results()
    if path is None or not path.is_file():
        console.print("[red]Chưa có kết quả đánh giá nào; hãy chạy `plan-qa eval` trước.[/red]")
        raise typer.Exit(2)
    row = next((r for r in read_rows(path) if r["id"] == question_id), None)
    if row is None:
        console.print(f"[red]Không có câu {question_id} trong {path}.[/red]")
        raise typer.Exit(2)
    output = row["systems"][SYSTEM]
    store = JudgmentStore(judgments or judgments_path())
    store.record(question_id, output["answer"] or "", right, comment)
    human = refresh_human(path.parent, store)
    auto = "đúng" if output["scores"]["correct"] else "sai"
    console.print(f"Đã lưu: {question_id} → {'đúng' if right else 'sai'} (tự động: {auto}). "
                  f"Đồng thuận hiện tại: {human['agreement']:.3f} trên {human['judged']} câu; "
                  f"đã cập nhật {path.parent / REPORT}")


def register(app: typer.Typer) -> None:
    """Add the `eval` and `judge` commands to the main CLI."""
    app.command("eval")(evaluate)
    app.command("judge")(judge)
