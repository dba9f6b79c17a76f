"""The same real plan as web-saved Markdown, as a Word file and as a PDF gives the same structure.

The .docx is built from the plan's own text: paragraphs as Word paragraphs, the header and
signature blocks as two-column layout tables with one paragraph per line, appendix tables
as real Word tables whose group rows are merged cells and whose cells hold several
paragraphs. The .pdf is the plan's text laid out and wrapped by fpdf2 (text layer only).
"""

from __future__ import annotations

import json
from pathlib import Path

import matplotlib
import pytest

from plan_qa.corpus import parse
from plan_qa.evaluation.structure import score_plan
from plan_qa.parsing.cleaning import clean_line
from plan_qa.parsing.webtext import cell_lines, is_layout_table, segments

ROOT = Path(__file__).resolve().parents[1]
REALPLANS = Path(__file__).resolve().parents[2] / "shared" / "realplans"
GOLD = ROOT / "eval" / "realplans" / "structure"
FONT = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"

pytestmark = pytest.mark.skipif(
    not REALPLANS.is_dir(), reason="../shared/realplans (real plans for development) is absent"
)


def _plain(line: str) -> str:
    return clean_line(line, keep_tabs=False)


def _write_docx(markdown: str, path: Path) -> None:
    import docx

    document = docx.Document()
    for kind, content in segments(markdown):
        if kind == "paragraphs":
            for line in content:
                if _plain(line):
                    document.add_paragraph(_plain(line))
            continue
        width = max(len(row) for row in content)
        table = document.add_table(rows=len(content), cols=width)
        for r, row in enumerate(content):
            filled = [i for i, cell in enumerate(row) if _plain(" ".join(cell))]
            if not is_layout_table(content) and len(filled) == 1 and width > 1:
                merged = table.cell(r, 0).merge(table.cell(r, width - 1))
                merged.text = _plain(" ".join(row[filled[0]]))
                continue
            for c, cell in enumerate(row):
                lines = [_plain(line) for line in cell_lines(cell) if _plain(line)]
                target = table.cell(r, c)
                target.text = lines[0] if lines else ""
                for line in lines[1:]:
                    target.add_paragraph(line)
    document.save(str(path))


def _write_pdf(markdown: str, path: Path) -> None:
    from fpdf import FPDF

    pdf = FPDF()
    pdf.add_page()
    pdf.add_font("DejaVu", fname=str(FONT))
    pdf.set_font("DejaVu", size=11)
    for kind, content in segments(markdown):
        lines = content if kind == "paragraphs" else [
            line for row in content for cell in row for line in cell_lines(cell)
        ]
        for line in lines:
            if _plain(line):
                pdf.multi_cell(0, 6, _plain(line), new_x="LMARGIN", new_y="NEXT")
    pdf.output(str(path))


def _figures(stem: str, path: Path) -> tuple:
    gold = json.loads((GOLD / f"{stem}.json").read_text(encoding="utf-8"))
    score = score_plan(gold, parse(path))
    return (score.found, score.lead_right, score.timeline_right, score.duties_found,
            score.meta_right, score.fragments)


@pytest.mark.parametrize("stem", ["bac-ninh_144-KH-UBND", "lai-chau_7360-KH-UBND", "dak-lak_0129-KH-UBND"])
def test_docx_version_reads_like_the_saved_text(stem: str, tmp_path: Path) -> None:
    source = REALPLANS / f"{stem}.md"
    path = tmp_path / f"{stem}.docx"
    _write_docx(source.read_text(encoding="utf-8"), path)
    assert _figures(stem, path) == _figures(stem, source)
    assert parse(path).metadata.title == parse(source).metadata.title


@pytest.mark.parametrize("stem", ["lai-chau_7360-KH-UBND", "dak-lak_0129-KH-UBND"])
def test_pdf_version_reads_like_the_saved_text(stem: str, tmp_path: Path) -> None:
    source = REALPLANS / f"{stem}.md"
    path = tmp_path / f"{stem}.pdf"
    _write_pdf(source.read_text(encoding="utf-8"), path)
    assert _figures(stem, path) == _figures(stem, source)
