"""An appendix opens at its heading in any letter case ("PHỤ LỤC I", "Phụ lục: Danh mục nhiệm vụ"),
never at a sentence that merely mentions an appendix — a sentence-case heading after the signature used
to leave the whole task table inside the signature clause (0 task rows)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.corpus import parse
from plan_qa.parsing.tables import is_appendix_heading

REALPLANS = Path(__file__).resolve().parents[2] / "shared" / "realplans"
needs_realplans = pytest.mark.skipif(
    not REALPLANS.is_dir(), reason="../shared/realplans (real plans for development) is absent"
)


@pytest.mark.parametrize("line", ["PHỤ LỤC", "PHỤ LỤC II", "Phụ lục", "Phụ lục: DANH MỤC NHIỆM VỤ",
                                  "Phụ lục II.", "Phụ lục số 1: Danh mục chỉ tiêu", "Phụ lục 02 - Kinh phí"])
def test_a_heading_opens_an_appendix(line: str) -> None:
    assert is_appendix_heading(line)


@pytest.mark.parametrize("line", ["Phụ lục kèm theo Kế hoạch này được cập nhật hằng năm.",
                                  "(Phụ lục chi tiết kèm theo)", "Phụ lục hóa các nhiệm vụ còn lại"])
def test_a_sentence_mentioning_an_appendix_does_not(line: str) -> None:
    assert not is_appendix_heading(line)


@needs_realplans
@pytest.mark.parametrize("plan", ["dong-thap_617-KH-UBND.md", "dong-nai_179-KH-UBND.md", "bac-ninh_144-KH-UBND.md"])
def test_a_sentence_case_appendix_heading_reads_the_same_task_rows(plan: str, tmp_path: Path) -> None:
    original = REALPLANS / plan
    recased = tmp_path / plan
    recased.write_text(original.read_text(encoding="utf-8").replace("**PHỤ LỤC**", "**Phụ lục:**"),
                       encoding="utf-8")
    expected = [(row.task, row.lead, row.timeline) for row in parse(original).tasks]
    assert expected and [(row.task, row.lead, row.timeline) for row in parse(recased).tasks] == expected
