"""Word 97–2003 (.doc), OpenDocument (.odt) and RTF plans: converted by LibreOffice, read as .docx.

The files are made here from a development plan of an earlier blind set (released, in eval/), saved by
LibreOffice in each format, as an office that still uses them would send it. Its structure gold says what
must come back. LibreOffice is a system program; CI installs it (scripts/install_readers.sh); without it the
conversion tests skip and say so."""

from __future__ import annotations

import json
import subprocess
from pathlib import Path

import pytest

from plan_qa.corpus import parse
from plan_qa.evaluation.structure import score_plan
from plan_qa.ingest import DocumentError, read_document
from plan_qa.ingest import office_convert

EVAL = Path(__file__).resolve().parents[1] / "eval"
HAI_PHONG = EVAL / "blind_2026-11-28-s6" / "plans" / "b2_hai-phong.docx"
HAI_PHONG_GOLD = EVAL / "blind_2026-11-28-s6" / "structure" / "b2_hai-phong.json"

needs_libreoffice = pytest.mark.skipif(
    office_convert.office_program() is None,
    reason="LibreOffice (libreoffice-writer-nogui) chưa cài: bash scripts/install_readers.sh",
)


def saved_as(source: Path, folder: Path, suffix: str) -> Path:
    """`source` saved by LibreOffice in the format of `suffix`."""
    program = office_convert.office_program()
    assert program is not None
    subprocess.run([program, "--headless", "--norestore", f"-env:UserInstallation={(folder / 'profile').as_uri()}",
                    "--convert-to", suffix.lstrip("."), "--outdir", str(folder), str(source)],
                   capture_output=True, timeout=120, check=True)
    return folder / (source.stem + suffix)


def structure_score(plan):
    return score_plan(json.loads(HAI_PHONG_GOLD.read_text(encoding="utf-8")), plan)


@pytest.fixture(scope="module")
def docx_plan():
    return parse(HAI_PHONG)


@pytest.fixture(scope="module")
def docx_score(docx_plan):
    score = structure_score(docx_plan)
    assert score.found == score.gold_tasks  # the .docx itself reads fully: the baseline to match
    return score


@needs_libreoffice
@pytest.mark.parametrize("suffix", [".doc", ".odt", ".rtf"])
def test_older_word_formats_read_like_the_docx(suffix: str, tmp_path: Path, docx_plan, docx_score) -> None:
    plan = parse(saved_as(HAI_PHONG, tmp_path, suffix))
    score = structure_score(plan)
    # Saving python-docx's borderless signature table, LibreOffice runs the recipients' last line into
    # "TM. ỦY BAN NHÂN DÂN", so the signing authority keeps only "KT. CHỦ TỊCH"; every other field matches.
    differing = {name for name, value in vars(plan.metadata).items() if value != getattr(docx_plan.metadata, name)}
    assert differing <= {"source", "signing_authority"}
    assert plan.metadata.signer == docx_plan.metadata.signer and plan.metadata.number
    assert (score.found, score.lead_right, score.timeline_right) == (docx_score.found, docx_score.lead_right,
                                                                     docx_score.timeline_right)
    assert score.duties_found == docx_score.duties_found
    assert score.meta_right == docx_score.meta_right


@needs_libreoffice
def test_word_97_file_named_docx_is_read(tmp_path: Path, docx_score) -> None:
    legacy = saved_as(HAI_PHONG, tmp_path, ".doc")
    misnamed = legacy.rename(tmp_path / "ke-hoach.docx")
    assert structure_score(parse(misnamed)).found == docx_score.found


def test_doc_without_libreoffice_says_what_to_install(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(office_convert, "office_program", lambda: None)
    monkeypatch.setenv("PLAN_QA_PARSE_SECONDS", "0")  # read in this process, where the patch applies
    path = tmp_path / "cu.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(DocumentError) as error:
        read_document(path)
    assert error.value.reason == ("tệp Word 97–2003 (.doc) cần LibreOffice để đọc — cài LibreOffice "
                                  "(bash scripts/install_readers.sh: libreoffice-writer-nogui) hoặc lưu lại tệp dạng .docx")


@needs_libreoffice
def test_damaged_doc_is_refused_in_vietnamese(tmp_path: Path) -> None:
    path = tmp_path / "hong.doc"
    path.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    with pytest.raises(DocumentError) as error:
        read_document(path)
    assert "LibreOffice không chuyển được" in error.value.reason
