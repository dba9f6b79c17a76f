"""File readers: every supported format → corpus-shaped NFC text, every bad input → DocumentError."""

from __future__ import annotations

import io
import re
import unicodedata
import zipfile
from pathlib import Path

import docx
import pytest
from pypdf import PdfReader, PdfWriter
from pypdf.errors import DependencyError

from plan_qa.ingest import SUPPORTED_EXTENSIONS, DocumentError, pdf_reader, read_document

CORPUS = Path(__file__).resolve().parents[1] / "corpus"
PLAN_004 = CORPUS / "004_dongthap_524-KH-UBND_cong-nghiep-moi-truong.txt"
PLAN_002 = CORPUS / "002_gialai_qd1894_cong-nghiep-moi-truong.txt"
BOLD_TAG = re.compile(r"</?b>")
CP1258_TONES = "\u0300\u0301\u0303\u0309\u0323"


# ---------------------------------------------------------------- corpus-derived fixtures


def plan_parts() -> tuple[list[str], list[list[str]]]:
    """Plan 004 split into its body lines and its appendix table (5 cells per row, tags removed)."""
    lines = PLAN_004.read_text(encoding="utf-8").splitlines()
    first = next(i for i, line in enumerate(lines) if "\t" in line)
    assert all("\t" in line or not line.strip() for line in lines[first:]), "table ends the file"
    body = [line.strip() for line in lines[:first] if line.strip()]
    rows = [BOLD_TAG.sub("", line).split("\t") for line in lines[first:] if "\t" in line]
    return body, [(row + [""] * 5)[:5] for row in rows]


def tokens(text: str) -> set[str]:
    return set(text.split())


def font_path() -> str:
    """DejaVuSans (covers Vietnamese) as shipped inside the matplotlib wheel."""
    matplotlib = pytest.importorskip("matplotlib")
    path = Path(matplotlib.get_data_path()) / "fonts" / "ttf" / "DejaVuSans.ttf"
    assert path.is_file()
    return str(path)


def make_pdf(lines: list[str]) -> bytes:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_font("DejaVu", fname=font_path())
    pdf.set_font("DejaVu", size=11)
    pdf.add_page()
    for line in lines:
        pdf.multi_cell(0, 6, line, new_x="LMARGIN", new_y="NEXT")
    return bytes(pdf.output())


def encode_cp1258(text: str) -> bytes:
    """cp1258 as Vietnamese Windows wrote it: base letter (with its hat/horn) + combining tone."""
    out = bytearray()
    for ch in text:
        try:
            out += ch.encode("cp1258")
        except UnicodeEncodeError:
            parts = unicodedata.normalize("NFD", ch)
            base = unicodedata.normalize("NFC", "".join(c for c in parts if c not in CP1258_TONES))
            out += (base + "".join(c for c in parts if c in CP1258_TONES)).encode("cp1258")
    return bytes(out)


@pytest.fixture(scope="module")
def pdf_bytes() -> bytes:
    return make_pdf(PLAN_002.read_text(encoding="utf-8").splitlines()[:60])


def write(tmp_path: Path, name: str, data: bytes | str) -> Path:
    path = tmp_path / name
    path.write_bytes(data.encode("utf-8") if isinstance(data, str) else data)
    return path


def read_error(path: Path, **kwargs: int) -> DocumentError:
    with pytest.raises(DocumentError) as info:
        read_document(path, **kwargs)
    error = info.value
    assert isinstance(error, ValueError)
    assert error.path == path
    assert str(error).startswith(f'Không đọc được tệp "{path}": ')
    assert error.reason in str(error)
    return error


# ---------------------------------------------------------------- DOCX


def test_docx_paragraphs_and_table_in_body_order(tmp_path: Path) -> None:
    body, rows = plan_parts()
    document = docx.Document()
    for line in body:
        heading = re.match(r"(#+) (.*)", line)
        if heading:
            document.add_heading(heading.group(2), level=len(heading.group(1)))
        else:
            document.add_paragraph(line)
    table = document.add_table(rows=len(rows), cols=5)
    for r, row in enumerate(rows):
        for c, text in enumerate(row):
            table.cell(r, c).paragraphs[0].add_run(text).bold = r == 0
        last = max(c for c, text in enumerate(row) if text)
        if last <= 1:  # section rows ("I  Công tác truyền thông…") span the rest of the row
            table.cell(r, last).merge(table.cell(r, 4))
    document.add_paragraph("Nơi nhận: như trên.")
    path = tmp_path / "ke-hoach-524.docx"
    document.save(path)

    text = read_document(path)

    lines = [line for line in text.split("\n") if line]
    expected_rows = ["\t".join(row) for row in rows]
    start = lines.index(expected_rows[0])
    assert lines[start : start + len(rows)] == expected_rows
    assert lines[start - 1] == body[-1]
    assert lines[start + len(rows)] == "Nơi nhận: như trên."
    merged = next(row for row in expected_rows if row.startswith("III"))
    assert merged.endswith("\t\t\t\t")  # spanned columns are empty, not repeated
    assert "## KẾ HOẠCH" in lines and "#### I. MỤC ĐÍCH, YÊU CẦU" in lines
    assert not any("\t" in line for line in lines[:start])
    missing = {w for line in body for w in line.split() if not w.startswith("#")} - tokens(text)
    assert not missing
    assert unicodedata.is_normalized("NFC", text)


def test_docx_vertical_merge_text_holds_for_every_row_it_spans(tmp_path: Path) -> None:
    """A cell merged down (one "Thời gian" written for two tasks) is the value of both rows."""
    _, rows = plan_parts()
    task_1, task_2 = rows[2], rows[3]
    document = docx.Document()
    table = document.add_table(rows=2, cols=5)
    for r, row in enumerate((task_1, task_2)):
        for c, text in enumerate(row):
            table.cell(r, c).text = "" if (r, c) == (1, 4) else text
    table.cell(0, 4).merge(table.cell(1, 4))
    path = tmp_path / "gop-doc.docx"
    document.save(path)

    assert read_document(path).split("\n") == [
        "\t".join(task_1),
        "\t".join(task_2[:4] + [task_1[4]]),
    ]


def test_docx_with_no_text(tmp_path: Path) -> None:
    document = docx.Document()
    document.add_paragraph("   ")
    document.add_table(rows=2, cols=2)
    path = tmp_path / "trong.docx"
    document.save(path)
    assert "không có chữ nào" in read_error(path).reason


def test_docx_not_a_zip(tmp_path: Path) -> None:
    path = write(tmp_path, "hong.docx", PLAN_004.read_bytes()[:400])
    assert "không phải gói ZIP" in read_error(path).reason


def test_docx_missing_document_xml(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    source = zipfile.ZipFile(buffer)
    broken = io.BytesIO()
    with zipfile.ZipFile(broken, "w") as target:
        for name in source.namelist():
            if name != "word/document.xml":
                target.writestr(name, source.read(name))
    path = write(tmp_path, "thieu.docx", broken.getvalue())
    assert "word/document.xml" in read_error(path).reason


def test_legacy_doc_renamed_to_docx(tmp_path: Path) -> None:
    path = write(tmp_path, "cu.docx", b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x00" * 600)
    assert ".doc" in read_error(path).reason


# ---------------------------------------------------------------- PDF


def test_pdf_vietnamese_text_layer(tmp_path: Path, pdf_bytes: bytes) -> None:
    source = PLAN_002.read_text(encoding="utf-8").splitlines()[:60]
    path = write(tmp_path, "gialai.pdf", pdf_bytes)
    assert len(PdfReader(path).pages) >= 2

    text = read_document(path)

    assert unicodedata.is_normalized("NFC", text)
    assert text.split() == "\n".join(source).split()  # every word, in order
    assert "trên địa bàn tỉnh Gia Lai" in text
    assert "  " not in text  # justified-line gaps come back as single spaces


def test_pdf_owner_password_only_is_read(tmp_path: Path, pdf_bytes: bytes) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes))
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="RC4-128")
    path = tmp_path / "han-che.pdf"
    writer.write(path)
    assert "Gia Lai" in read_document(path)


def test_pdf_aes_owner_password_only_is_read(tmp_path: Path, pdf_bytes: bytes) -> None:
    pytest.importorskip("cryptography")
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes))
    writer.encrypt(user_password="", owner_password="chu-so-huu", algorithm="AES-256")
    path = tmp_path / "han-che-aes.pdf"
    writer.write(path)
    assert "Gia Lai" in read_document(path)


def test_pdf_aes_without_cryptography_says_so(
    tmp_path: Path, pdf_bytes: bytes, monkeypatch: pytest.MonkeyPatch
) -> None:
    def reader_without_cryptography(*args: object, **kwargs: object) -> None:
        raise DependencyError("cryptography>=3.1 is required for AES algorithm")

    monkeypatch.setattr(pdf_reader, "PdfReader", reader_without_cryptography)
    monkeypatch.setenv("PLAN_QA_PARSE_SECONDS", "0")  # read in this process, where the patch applies
    assert "cryptography" in read_error(write(tmp_path, "aes.pdf", pdf_bytes)).reason


def test_pdf_with_user_password(tmp_path: Path, pdf_bytes: bytes) -> None:
    writer = PdfWriter(clone_from=io.BytesIO(pdf_bytes))
    writer.encrypt(user_password="mat-khau", algorithm="RC4-128")
    path = tmp_path / "mat-khau.pdf"
    writer.write(path)
    assert "mật khẩu" in read_error(path).reason


def test_pdf_truncated(tmp_path: Path, pdf_bytes: bytes) -> None:
    path = write(tmp_path, "cut.pdf", pdf_bytes[: len(pdf_bytes) // 2])
    assert "bị hỏng" in read_error(path).reason


def _picture_only_pdf(tmp_path: Path) -> Path:
    fpdf = pytest.importorskip("fpdf")
    pdf = fpdf.FPDF()
    pdf.add_page()
    pdf.rect(20, 20, 100, 60, style="F")
    return write(tmp_path, "scan.pdf", bytes(pdf.output()))


def test_pdf_without_text_layer_and_without_ocr(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """Where Tesseract is not installed, a scan is refused with the way to install it."""
    from plan_qa.ingest import ocr

    monkeypatch.setattr(ocr, "ocr_available", lambda: False)
    monkeypatch.setenv("PLAN_QA_PARSE_SECONDS", "0")  # read in this process, where the patch applies
    path = _picture_only_pdf(tmp_path)
    error = read_error(path)
    assert str(error) == (
        f'Không đọc được tệp "{path}": tệp PDF là ảnh quét (không có lớp văn bản) — để đọc được, '
        "cài bộ nhận dạng chữ tiếng Việt (bash scripts/install_readers.sh: tesseract-ocr, tesseract-ocr-vie)."
    )


def test_pdf_picture_without_any_letters(tmp_path: Path) -> None:
    """A page holding only a drawing is read by OCR, which finds no word in it."""
    from plan_qa.ingest import ocr

    if not ocr.ocr_available():
        pytest.skip("Tesseract (tesseract-ocr, tesseract-ocr-vie) chưa cài: bash scripts/install_readers.sh")
    assert "không có chữ đọc được" in read_error(_picture_only_pdf(tmp_path)).reason


# ---------------------------------------------------------------- text encodings


def test_utf8_nfd_comes_back_nfc(tmp_path: Path) -> None:
    original = PLAN_004.read_text(encoding="utf-8")
    decomposed = unicodedata.normalize("NFD", original)
    assert decomposed != original
    assert read_document(write(tmp_path, "nfd.md", decomposed)) == original


@pytest.mark.parametrize("codec", ["utf-8-sig", "utf-16"])
def test_unicode_with_bom(tmp_path: Path, codec: str) -> None:
    original = PLAN_004.read_text(encoding="utf-8")[:3000]
    assert read_document(write(tmp_path, "bom.txt", original.encode(codec))) == original


@pytest.mark.parametrize("size", [31, 3000, None])
def test_cp1258_legacy_file(tmp_path: Path, size: int | None) -> None:
    original = PLAN_004.read_text(encoding="utf-8")[:size]
    data = encode_cp1258(original)
    with pytest.raises(UnicodeDecodeError):
        data.decode("utf-8")
    assert read_document(write(tmp_path, "cu.txt", data)) == original


@pytest.mark.parametrize("wrong_codec", ["latin-1", "cp1252"])
def test_utf8_read_as_western_codepage_is_repaired(tmp_path: Path, wrong_codec: str) -> None:
    original = PLAN_004.read_text(encoding="utf-8")[:3000]
    # Bytes cp1252 leaves undefined come through as C1 controls, as Windows tools do.
    garbled = "".join(
        bytes([b]).decode(wrong_codec, errors="ignore") or chr(b) for b in original.encode("utf-8")
    )
    assert "Káº¿ hoáº¡ch" in garbled
    assert read_document(write(tmp_path, "mojibake.txt", garbled)) == original


def test_non_vietnamese_legacy_text_is_refused(tmp_path: Path) -> None:
    text = "Это документ на русском языке в кодировке Windows-1251. " * 5
    path = write(tmp_path, "nga.txt", text.encode("cp1251"))
    assert "bảng mã" in read_error(path).reason


# ---------------------------------------------------------------- HTML


def test_html_blocks_table_bold_and_footnote_marks(tmp_path: Path) -> None:
    _, rows = plan_parts()
    raw_rows = [line for line in PLAN_004.read_text(encoding="utf-8").splitlines() if "\t" in line][
        :4
    ]
    table = "".join(
        "<tr>" + "".join(f"<td>{cell}</td>" for cell in line.split("\t")) + "</tr>\n"
        for line in raw_rows
    )
    html = f"""<!DOCTYPE html><html><head><meta charset="utf-8"><title>524/KH-UBND</title>
<style>td {{ border: 1px solid }}</style><script>var x = "<p>không</p>";</script></head>
<body><h2>KẾ HOẠCH</h2>
<p>Triển khai <b>Luật Bảo vệ môi trường</b> ngày 17/11/2020; Quyết định số
   1894/QĐ-TTg<sup>1</sup> của <i>Thủ tướng</i>&nbsp;Chính phủ.</p>
<div>Xử lý nước thải 1.000 m<sup>3</sup>/ngày đêm<br>Hàng năm</div>
<table>
{table}<tr><td colspan="2">Gộp hai cột</td><td rowspan="2">Sở Công Thương</td><td>a</td>
<td>b</td></tr><tr><td>x</td><td>y</td><td>z</td><td>w</td></tr>
</table><p>Nguyễn Thành Diệu<sup>ghi chú</sup></p></body></html>"""
    text = read_document(write(tmp_path, "ke-hoach.HTM", html))

    assert text.split("\n") == [
        "## KẾ HOẠCH",
        "",
        (
            "Triển khai Luật Bảo vệ môi trường ngày 17/11/2020; Quyết định số 1894/QĐ-TTg "
            "của Thủ tướng Chính phủ."
        ),
        "",
        "Xử lý nước thải 1.000 m³/ngày đêm",
        "Hàng năm",
        "",
        *("\t".join(row) for row in rows[:4]),
        "Gộp hai cột\t\tSở Công Thương\ta\tb",
        "x\ty\tSở Công Thương\tz\tw",  # a cell merged down holds for each row it spans
        "",
        "Nguyễn Thành Diệughi chú",
    ]


# ---------------------------------------------------------------- generic refusals


def test_supported_extensions() -> None:
    assert set(SUPPORTED_EXTENSIONS) == {".txt", ".md", ".docx", ".doc", ".odt", ".rtf", ".pdf", ".html", ".htm"}


def test_missing_file(tmp_path: Path) -> None:
    assert "không tìm thấy" in read_error(tmp_path / "khong-co.pdf").reason


def test_empty_file(tmp_path: Path) -> None:
    assert read_error(write(tmp_path, "rong.txt", b"")).reason == "tệp rỗng (0 byte)"


@pytest.mark.parametrize("name", ["trang.txt", "trang.pdf"])
def test_whitespace_only_file(tmp_path: Path, name: str) -> None:
    assert "chỉ có khoảng trắng" in read_error(write(tmp_path, name, " \n\t\r\n  ")).reason


def test_whitespace_only_utf16(tmp_path: Path) -> None:
    path = write(tmp_path, "trang16.txt", "  \n \n".encode("utf-16"))
    assert "không có nội dung" in read_error(path).reason


def test_binary_file_named_txt(tmp_path: Path) -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    assert "nhị phân" in read_error(write(tmp_path, "that-ra-docx.txt", buffer.getvalue())).reason


def test_control_characters_named_md(tmp_path: Path) -> None:
    path = write(tmp_path, "rac.md", bytes(range(1, 9)) * 50 + "Kế hoạch".encode())
    assert "ký tự điều khiển" in read_error(path).reason


def test_unsupported_extension(tmp_path: Path) -> None:
    error = read_error(write(tmp_path, "bang.xlsx", b"PK\x03\x04"))
    assert '".xlsx" không được hỗ trợ' in error.reason
    assert all(ext in error.reason for ext in SUPPORTED_EXTENSIONS)


def test_too_large(tmp_path: Path) -> None:
    path = write(tmp_path, "lon.txt", PLAN_004.read_bytes())
    error = read_error(path, max_bytes=1_000)
    assert "quá lớn" in error.reason and "1.000 byte" in error.reason
    assert read_document(path, max_bytes=path.stat().st_size)
