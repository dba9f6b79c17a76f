"""Unruled PDF tables read from word positions (ingest/pdf_columns.py); the table itself is tested on the
synthetic s49 (tests/test_synthetic_layouts.py) and the released s9 plan h1 (tests/test_released_s9_structure.py)."""

from __future__ import annotations


def test_a_prose_line_naming_columns_is_no_unruled_table() -> None:
    from plan_qa.ingest.pdf_columns import unruled_tables

    def word(text: str, x0: float, top: float) -> dict:
        return {"text": text, "x0": x0, "x1": x0 + 6 * len(text), "top": top, "bottom": top + 10}

    # a justified line whose wide gaps part "Nhiệm vụ" / "chủ trì" / "phối hợp", then full-width prose
    header = [word("Nhiệm", 40, 100), word("vụ", 80, 100), word("chủ", 200, 100), word("trì", 230, 100),
              word("phối", 350, 100), word("hợp", 385, 100)]
    prose = [word("Các", 40, 114), word("sở,", 70, 114), word("ngành", 100, 114), word("triển", 140, 114),
             word("khai", 180, 114), word("thực", 220, 114), word("hiện", 260, 114), word("nghiêm", 300, 114),
             word("túc", 350, 114), word("nội", 380, 114), word("dung", 410, 114)]
    assert unruled_tables([header + prose]) == {}
