"""The `plan-qa` command line: one sub-command per stage, thin over the Python API."""

from __future__ import annotations

import json
import sys
from dataclasses import asdict
from pathlib import Path
from typing import Annotated, Any, Optional

import typer
from rich.console import Console
from rich.table import Table

from plan_qa.corpus import default_corpus_dir, load_corpus
from plan_qa.parsing import Plan

app = typer.Typer(help="plan-qa: tìm kiếm và hỏi đáp trên các kế hoạch của UBND tỉnh/thành phố.", no_args_is_help=True)
console = Console()

CorpusOption = Annotated[Optional[Path], typer.Option("--corpus", help="Thư mục kế hoạch (mặc định: corpus/).")]
JsonOption = Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")]
ProvinceOption = Annotated[Optional[list[str]], typer.Option("--province", help="Lọc theo tỉnh/thành phố.")]


def print_json(data: Any) -> None:
    """Write JSON to stdout, UTF-8, Vietnamese unescaped."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def _load(corpus: Path | None) -> list[Plan]:
    try:
        return load_corpus(corpus or default_corpus_dir())
    except (ValueError, OSError) as error:
        console.print(f"[red]Lỗi:[/red] {error}")
        raise typer.Exit(2) from error


def _matches_province(plan: Plan, provinces: list[str] | None) -> bool:
    from plan_qa.text.vietnamese import fold_diacritics

    if not provinces:
        return True
    wanted = {fold_diacritics(p).lower().strip() for p in provinces}
    return fold_diacritics(plan.metadata.province or "").lower() in wanted


@app.command()
def plans(corpus: CorpusOption = None, as_json: JsonOption = False) -> None:
    """Liệt kê các kế hoạch và thông tin văn bản."""
    loaded = _load(corpus)
    if as_json:
        print_json([asdict(p.metadata) | {"clauses": len(p.clauses), "tasks": len(p.tasks), "duties": len(p.duties)} for p in loaded])
        return
    table = Table("Mã", "Tỉnh/TP", "Số", "Ngày", "Giai đoạn", "Người ký", "Tên kế hoạch", show_lines=True)
    for plan in loaded:
        m = plan.metadata
        table.add_row(m.plan_id, m.province or "?", m.number or "(chưa ghi số)", m.issue_date or "(chưa ghi)",
                      m.period or "", f"{m.signer or ''} ({m.signer_title or ''})", m.title)
    console.print(table)


@app.command()
def tasks(
    corpus: CorpusOption = None,
    province: ProvinceOption = None,
    plan: Annotated[Optional[str], typer.Option("--plan", help="Mã kế hoạch, ví dụ 004.")] = None,
    as_json: JsonOption = False,
) -> None:
    """In các nhiệm vụ trong phụ lục (chủ trì, phối hợp, thời gian)."""
    rows = [
        row
        for p in _load(corpus)
        if _matches_province(p, province) and (plan is None or p.plan_id == plan)
        for row in p.tasks
    ]
    if as_json:
        print_json([asdict(r) for r in rows])
        return
    table = Table("Kế hoạch", "TT", "Nhiệm vụ", "Chủ trì", "Phối hợp", "Thời gian", show_lines=True)
    for r in rows:
        table.add_row(f"{r.plan_id} ({r.province})", str(r.row), r.task, "; ".join(r.lead),
                      "; ".join(r.coordinators), r.timeline or "")
    console.print(table)


@app.command()
def show(plan_id: str, corpus: CorpusOption = None) -> None:
    """In dàn ý điều khoản của một kế hoạch."""
    found = [p for p in _load(corpus) if p.plan_id == plan_id]
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
    if plan.unplaced:
        console.print("[yellow]Không xếp được vào cấu trúc:[/yellow]")
        for line in plan.unplaced:
            console.print(f"  {line}", highlight=False)
