"""Limits on what comes in: zip bombs, part counts, PDF pages, text length, parse time, UTF-16 without BOM,
question length — each refused early with a Vietnamese reason, and never stopping the other files."""

from __future__ import annotations

import io
import os
import subprocess
import sys
import zipfile
from pathlib import Path

import docx
import pytest
from fpdf import FPDF

from plan_qa.corpus import load_corpus_report, parse
from plan_qa.ingest import DocumentError, read_document
from plan_qa.ingest.limits import MAX_QUESTION_CHARS, question_problem, upload_type_problem

REPO = Path(__file__).resolve().parents[1]
PLAN = REPO / "corpus" / "004_dongthap_524-KH-UBND_cong-nghiep-moi-truong.txt"


def real_docx(paragraphs: int = 40) -> bytes:
    """A Word document holding the first lines of a real plan."""
    document = docx.Document()
    lines = [line for line in PLAN.read_text(encoding="utf-8").splitlines() if line.strip()]
    for i in range(paragraphs):
        document.add_paragraph(lines[i % len(lines)])
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def with_extra_parts(data: bytes, parts: dict[str, bytes]) -> bytes:
    buffer = io.BytesIO()
    with zipfile.ZipFile(io.BytesIO(data)) as source, zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as out:
        for item in source.infolist():
            out.writestr(item, source.read(item))
        for name, content in parts.items():
            out.writestr(name, content)
    return buffer.getvalue()


def reason(path: Path) -> str:
    with pytest.raises(DocumentError) as caught:
        read_document(path)
    return caught.value.reason


def test_docx_zip_bomb_is_refused_before_reading(tmp_path: Path) -> None:
    bomb = with_extra_parts(real_docx(), {"word/media/bomb.xml": b"<a>" + b"0" * 100_000_000 + b"</a>"})
    assert len(bomb) < 1_000_000  # small on disk, 100 MB inflated
    path = tmp_path / "bom.docx"
    path.write_bytes(bomb)
    assert "zip bomb" in reason(path) and "MB" in reason(path)


def test_docx_with_too_many_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "nhieu-phan.docx"
    path.write_bytes(with_extra_parts(real_docx(), {f"customXml/extra{i}.xml": b"<a/>" for i in range(2_100)}))
    assert "quá nhiều thành phần" in reason(path)


def test_ordinary_docx_still_reads(tmp_path: Path) -> None:
    path = tmp_path / "ke-hoach.docx"
    path.write_bytes(real_docx())
    first = next(line for line in PLAN.read_text(encoding="utf-8").splitlines() if line.strip())
    assert first.strip() in read_document(path)


def test_pdf_page_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    pdf = FPDF()
    for number in range(5):
        pdf.add_page()
        pdf.set_font("helvetica", size=12)
        pdf.cell(text=f"Trang {number} ke hoach")
    path = tmp_path / "dai.pdf"
    pdf.output(str(path))
    monkeypatch.setenv("PLAN_QA_PDF_MAX_PAGES", "3")
    assert "quá nhiều trang (5, giới hạn 3)" in reason(path)


def test_text_length_limit(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAN_QA_MAX_TEXT_CHARS", "1000")
    assert "văn bản quá dài" in reason(PLAN)


def test_parse_time_is_bounded(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    path = tmp_path / "lau.docx"
    path.write_bytes(real_docx(paragraphs=6_000))
    monkeypatch.setenv("PLAN_QA_PARSE_SECONDS", "0.05")
    assert "đã dừng" in reason(path)
    monkeypatch.setenv("PLAN_QA_PARSE_SECONDS", "120")
    assert len(read_document(path)) > 100_000  # the same file reads within an ordinary bound


def test_read_and_parse_of_a_text_file_are_bounded_together(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A .txt that reads in an instant but holds the parser for seconds (a real plan followed by 150,000
    numbered lines, under the text-size limit) is stopped and skipped; the real plan, under the same bound,
    loads, and the parsed plan that comes back (as JSON) is the one parsed in this process."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "004_ke-hoach.txt").write_bytes(PLAN.read_bytes())
    lines = "\n".join(f"{i % 9 + 1}.{i % 7 + 1}.{i % 5 + 1}. a) - + Nội dung {i}" for i in range(150_000))
    (corpus / "005_dai.txt").write_text(PLAN.read_text(encoding="utf-8") + "\n" + lines, encoding="utf-8")
    monkeypatch.setenv("PLAN_QA_PARSE_SECONDS", "1")
    loaded = load_corpus_report(corpus)
    assert [(s.file, "đã dừng" in s.reason) for s in loaded.skipped] == [("005_dai.txt", True)]
    assert [p.plan_id for p in loaded.plans] == ["004"]
    monkeypatch.setenv("PLAN_QA_PARSE_SECONDS", "0")
    assert parse(corpus / "004_ke-hoach.txt") == loaded.plans[0]


@pytest.mark.parametrize("codec", ["utf-16-le", "utf-16-be"])
def test_utf16_without_bom_is_detected(tmp_path: Path, codec: str) -> None:
    path = tmp_path / "utf16.txt"
    text = PLAN.read_text(encoding="utf-8")
    path.write_bytes(text.encode(codec))
    assert read_document(path) == read_document(PLAN)


def test_a_bomb_in_the_corpus_is_skipped_and_the_rest_loads(tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "004_ke-hoach.txt").write_bytes(PLAN.read_bytes())
    (corpus / "005_bom.docx").write_bytes(with_extra_parts(real_docx(), {"word/x.xml": b"0" * 80_000_000}))
    loaded = load_corpus_report(corpus)
    assert [p.plan_id for p in loaded.plans] == ["004"]
    assert [s.file for s in loaded.skipped] == ["005_bom.docx"] and "zip bomb" in loaded.skipped[0].reason


def test_question_length_limit() -> None:
    assert question_problem("Ai ký kế hoạch 524/KH-UBND?") is None
    problem = question_problem("a" * (MAX_QUESTION_CHARS + 1))
    assert problem and "quá dài" in problem and "2.000" in problem


def test_cli_refuses_a_long_question_before_loading_anything() -> None:
    env = {**os.environ, "PYTHONPATH": str(REPO / "src")}
    result = subprocess.run([sys.executable, "-m", "plan_qa.cli", "ask", "chất thải " * 500], env=env,
                            capture_output=True, text=True, timeout=300)
    assert result.returncode == 2 and "Câu hỏi quá dài" in result.stdout and "Traceback" not in result.stderr


@pytest.mark.parametrize(("name", "refused"), [("a.pdf", False), ("b.DOCX", False), ("c.txt", False),
                                                ("d.md", False), ("e.html", False), ("f.htm", True),
                                                ("g.exe", True), ("h.doc", False), ("i", True),
                                                ("j.odt", False), ("k.rtf", False), ("l.xls", True)])
def test_upload_types(name: str, refused: bool) -> None:
    assert (upload_type_problem(name) is not None) == refused


def test_python_api_parses_from_a_script_without_a_main_guard(tmp_path: Path) -> None:
    """`plan_qa.parse` from a plain script (no `if __name__ == "__main__":`) works: the library reads in
    the caller's process unless the bound is asked for, so no child re-runs the script."""
    plan_file = Path(__file__).resolve().parents[1] / "corpus" / "004_dongthap_524-KH-UBND_cong-nghiep-moi-truong.txt"
    script = tmp_path / "unguarded.py"
    script.write_text(f"import plan_qa\nprint(len(plan_qa.parse({str(plan_file)!r}).tasks))\n", encoding="utf-8")
    env = {k: v for k, v in os.environ.items() if k != "PLAN_QA_PARSE_SECONDS"}
    done = subprocess.run([sys.executable, str(script)], capture_output=True, text=True, env=env, timeout=300)
    assert done.returncode == 0, done.stderr
    assert int(done.stdout.strip()) == 8
