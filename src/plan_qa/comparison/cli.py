"""Comparison commands for the `plan-qa` app: similar, compare, conflicts, agency.

`register(app)` adds them to the main typer app; each loads the corpus, builds
what it needs and prints a rich table, or JSON with --json.
"""

from __future__ import annotations

from typing import Annotated

import typer

from plan_qa.comparison.align import compare
from plan_qa.comparison.conflicts import conflicts
from plan_qa.comparison.render import alignment_view, conflicts_view, similar_table, workload_table
from plan_qa.comparison.similar import TaskMatcher
from plan_qa.comparison.workload import agency_workload
from plan_qa.cli_common import CorpusOption, JsonOption, ProvinceOption, console, fail, load_plans, print_json

DutiesOption = Annotated[bool, typer.Option("--duties", help="Xét cả nhiệm vụ trong phần Tổ chức thực hiện.")]
MinScoreOption = Annotated[float | None, typer.Option("--min-score", help="Điểm tối thiểu (mặc định: ngưỡng đã hiệu chỉnh).")]


def similar(
    query: Annotated[str, typer.Argument(help='Mô tả nhiệm vụ, hoặc mã nhiệm vụ như "000:PL.r4".')],
    province: ProvinceOption = None,
    plan: Annotated[str | None, typer.Option("--plan", help="Chỉ tìm trong kế hoạch này.")] = None,
    k: Annotated[int, typer.Option("--k", min=1, help="Số nhiệm vụ tối đa mỗi kế hoạch.")] = 3,
    min_score: MinScoreOption = None,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """Tìm nhiệm vụ tương tự ở các tỉnh/kế hoạch khác: ai chủ trì, ai phối hợp, thời gian."""
    matcher = TaskMatcher(load_plans(corpus))
    try:
        result = matcher.similar(query, provinces=province, plan=plan, k=k, min_score=min_score)
    except ValueError as error:
        raise fail(error) from error
    if as_json:
        print_json(result.to_dict())
    else:
        console.print(similar_table(result))


def compare_plans(
    plan_a: Annotated[str, typer.Argument(help="Mã kế hoạch A, ví dụ 000.")],
    plan_b: Annotated[str, typer.Argument(help="Mã kế hoạch B, ví dụ 004.")],
    duties: DutiesOption = False,
    min_score: MinScoreOption = None,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """Ghép cặp nhiệm vụ của hai kế hoạch và chỉ ra khác biệt về chủ trì, phối hợp, thời gian."""
    matcher = TaskMatcher(load_plans(corpus))
    try:
        alignment = compare(matcher, plan_a, plan_b, include_duties=True if duties else None, min_score=min_score)
    except ValueError as error:
        raise fail(error) from error
    if as_json:
        print_json(alignment.to_dict())
    else:
        console.print(alignment_view(alignment))


def conflicts_command(
    province: Annotated[str | None, typer.Option("--province", help="Chỉ xét tỉnh/thành phố này.")] = None,
    duties: DutiesOption = False,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """Nhiệm vụ giống nhau trong hai kế hoạch của cùng một tỉnh nhưng khác chủ trì hoặc thời gian."""
    found = conflicts(TaskMatcher(load_plans(corpus)), province, include_duties=True if duties else None)
    if as_json:
        print_json([c.to_dict() for c in found])
    else:
        console.print(conflicts_view(found))


def agency(
    name: Annotated[str, typer.Argument(help='Tên cơ quan, viết tắt hay không dấu đều được: "SCT", "so cong thuong".')],
    province: ProvinceOption = None,
    corpus: CorpusOption = None,
    as_json: JsonOption = False,
) -> None:
    """Mọi nhiệm vụ một cơ quan chủ trì, phối hợp hoặc được nêu tên, theo tỉnh và kế hoạch."""
    try:
        workload = agency_workload(load_plans(corpus), name, province)
    except ValueError as error:
        raise fail(error) from error
    if as_json:
        print_json(workload.to_dict())
    else:
        console.print(workload_table(workload))


def register(app: typer.Typer) -> None:
    """Add the comparison commands to the main `plan-qa` app."""
    app.command("similar")(similar)
    app.command("compare")(compare_plans)
    app.command("conflicts")(conflicts_command)
    app.command("agency")(agency)
