"""What every `plan-qa` sub-command shares: console, common options, JSON output, loading plans."""

from __future__ import annotations

import json
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from plan_qa.corpus import default_corpus_dir, load_corpus
from plan_qa.parsing import Plan

console = Console()

CorpusOption = Annotated[Path | None, typer.Option("--corpus", help="Thư mục kế hoạch (mặc định: corpus/).")]
JsonOption = Annotated[bool, typer.Option("--json", help="In kết quả dạng JSON.")]
ProvinceOption = Annotated[list[str] | None, typer.Option("--province", help="Lọc theo tỉnh/thành phố (lặp lại được).")]


def print_json(data: Any) -> None:
    """Write JSON to stdout, UTF-8, Vietnamese unescaped."""
    sys.stdout.write(json.dumps(data, ensure_ascii=False, indent=2) + "\n")


def fail(error: Exception) -> typer.Exit:
    """Print a Vietnamese error line; return the exit to raise."""
    console.print(f"[red]Lỗi:[/red] {error}")
    return typer.Exit(2)


def load_plans(corpus: Path | None) -> list[Plan]:
    """The parsed plans of a corpus folder, or a clean exit with the reason."""
    try:
        return load_corpus(corpus or default_corpus_dir())
    except (ValueError, OSError) as error:
        raise fail(error) from error
