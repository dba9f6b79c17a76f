"""What every `plan-qa` sub-command shares: console, common options, JSON output, loading plans."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from plan_qa.corpus import Skipped, default_corpus_dir, load_corpus_report
from plan_qa.oserrors import os_reason
from plan_qa.parsing import Plan

console = Console()
err_console = Console(stderr=True)

CorpusOption = Annotated[Path | None, typer.Option("--corpus", help="Thư mục kế hoạch (mặc định: corpus/).")]
JsonOption = Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")]
ProvinceOption = Annotated[list[str] | None, typer.Option("--province", help="Lọc theo tỉnh/thành phố (lặp lại được).")]


def print_json(data: Any) -> None:
    """Write JSON to stdout, UTF-8, Vietnamese unescaped."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def fail(error: Exception) -> typer.Exit:
    """Print a Vietnamese error line (OS errors said in Vietnamese too); return the exit to raise."""
    console.print(f"[red]Lỗi:[/red] {vietnamese_error(error)}", highlight=False)
    return typer.Exit(2)


def vietnamese_error(error: BaseException) -> str:
    """The message of an error, with OS errors (English strerror) replaced by a Vietnamese reason."""
    if isinstance(error, OSError):
        where = f": {error.filename}" if error.filename else ""
        return f"{os_reason(error)}{where}"
    return str(error)


def warn(skipped: list[Skipped], notes: list[str] = ()) -> None:
    """Skipped files and index notes as warnings on stderr (stdout stays clean for --json)."""
    for note in notes:
        err_console.print(f"[yellow]Cảnh báo:[/yellow] {note}", highlight=False)
    for item in skipped:
        err_console.print(f"[yellow]Bỏ qua {item.file}:[/yellow] {item.reason}", highlight=False)


def load_plans(corpus: Path | None) -> list[Plan]:
    """The parsed plans of a corpus folder (bad files skipped with a warning), or a clean exit."""
    try:
        loaded = load_corpus_report(corpus or default_corpus_dir())
    except (ValueError, OSError) as error:
        raise fail(error) from error
    warn(loaded.skipped)
    return loaded.plans
