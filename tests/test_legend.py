"""A plan's own abbreviations (legend under a table, "(sau đây gọi tắt là …)" in prose) read into task cells."""

from __future__ import annotations

from pathlib import Path

from plan_qa.corpus import parse
from plan_qa.parsing.legend import expand, read_notation

FIXTURE = Path(__file__).resolve().parent / "fixtures" / "synthetic" / "s48_abbreviation_legend.md"


def test_legend_and_prose_definitions_of_bodies_only() -> None:
    text = ("Căn cứ Nghị quyết số 21-NQ/TW của Hội nghị lần thứ sáu Ban Chấp hành Trung ương (sau đây viết tắt là "
            "Nghị quyết số 21-NQ/TW); ban hành Kế hoạch (sau đây gọi tắt là Kế hoạch) do Trung tâm Y tế khu vực "
            "(sau đây gọi tắt là TTYT KV) thực hiện.\nGhi chú: SYT: Sở Y tế; CAT: Công an tỉnh; x: không phải")
    assert read_notation(text).bodies == {"SYT": "Sở Y tế", "CAT": "Công an tỉnh", "TTYT KV": "Trung tâm Y tế khu vực"}


def test_expansion_is_whole_word_and_longest_first() -> None:
    legend = {"UBND xã": "Ủy ban nhân dân các xã", "SYT": "Sở Y tế", "SYT KV": "Sở Y tế khu vực"}
    assert expand("SYT; UBND xã; SYTE; SYT KV", legend) == "Sở Y tế; Ủy ban nhân dân các xã; SYTE; Sở Y tế khu vực"


def test_task_rows_read_full_names_and_clauses_keep_the_cells_as_written() -> None:
    plan = parse(FIXTURE)
    row = next(t for t in plan.tasks if t.task.startswith("Cấp màn"))
    assert row.lead == ["Sở Y tế"] and row.coordinators == ["Sở Tài chính", "Ủy ban nhân dân các xã"]
    clause = next(c for c in plan.clauses if c.id == row.clause_id)
    assert "SYT" in clause.text and "STC; UBND xã" in clause.text

