"""DOCX → text: body paragraphs and tables in document order, table rows as tab-separated lines."""

from __future__ import annotations

import io
import re
import zipfile
from collections.abc import Iterator
from pathlib import Path

import docx
from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.table import Table, _Cell
from docx.text.paragraph import Paragraph

from plan_qa.ingest.cells import CELL_BREAK, listed
from plan_qa.ingest.docx_numbering import Numbering
from plan_qa.ingest.errors import DocumentError
from plan_qa.ingest.layout import is_layout
from plan_qa.ingest.office_convert import office_program, to_docx

_OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_HEADING_STYLE = re.compile(r"Heading (\d)")


def read_docx(data: bytes, path: Path) -> str:
    """Blocks separated by a blank line; a table is a run of tab-separated lines, one per row."""
    if not zipfile.is_zipfile(io.BytesIO(data)):
        if data.startswith(_OLE_MAGIC):  # a Word 97–2003 file named .docx
            if office_program() is None:
                raise DocumentError(path, "đây là tệp Word 97–2003 (.doc) mang đuôi .docx — hãy lưu lại dạng .docx "
                                          "hoặc cài LibreOffice (bash scripts/install_readers.sh)")
            return read_docx(to_docx(data, path, ".doc"), path)
        raise DocumentError(path, "tệp DOCX bị hỏng (không phải gói ZIP hợp lệ)")
    try:
        document = docx.Document(io.BytesIO(data))
        blocks = [block for block in _blocks(document) if block.strip()]
    except KeyError as exc:  # zipfile: "There is no item named 'word/document.xml' ..."
        missing = re.search(r"'([^']+)'", str(exc))
        part = missing.group(1) if missing else "thành phần bắt buộc"
        raise DocumentError(path, f"tệp DOCX bị hỏng (thiếu {part})") from exc
    except Exception as exc:  # lxml, python-docx and zip errors on malformed packages
        raise DocumentError(path, "tệp DOCX bị hỏng hoặc không phải tài liệu Word") from exc
    if not blocks:
        raise DocumentError(path, "tệp DOCX không có chữ nào (có thể chỉ chứa hình ảnh)")
    return "\n\n".join(blocks)


def _blocks(document: Document) -> Iterator[str]:
    """Text of each body paragraph and table, in body order."""
    numbering = Numbering.of(document)
    for item in _body_items(document.element.body, document):
        if isinstance(item, Table) and _is_layout_table(item):
            yield from _layout_paragraphs(item)
        elif isinstance(item, Table):
            yield "\n".join(_table_rows(item, numbering))
        else:
            yield _paragraph_text(item, numbering)


def _is_layout_table(table: Table) -> bool:
    """The issuer/number header and the recipients/signature block are laid out as small
    two-column tables; their cells are paragraphs, not data."""
    return is_layout(len(table.rows), len(table.columns))


def _layout_paragraphs(table: Table) -> Iterator[str]:
    """Each paragraph of each cell of a layout table, row by row (merged cells once)."""
    seen: list[object] = []
    for row in table.rows:
        for cell in row.cells:
            if any(cell._tc is done for done in seen):
                continue
            seen.append(cell._tc)
            for paragraph in cell.paragraphs:
                if paragraph.text.strip():
                    yield paragraph.text.replace("\t", " ").strip()


def _body_items(element: BaseOxmlElement, parent: Document) -> Iterator[Paragraph | Table]:
    """w:p and w:tbl children in order, looking inside content controls (w:sdt)."""
    for child in element.iterchildren():
        if child.tag == qn("w:p"):
            yield Paragraph(child, parent)
        elif child.tag == qn("w:tbl"):
            yield Table(child, parent)
        elif child.tag == qn("w:sdt"):
            content = child.find(qn("w:sdtContent"))
            if content is not None:
                yield from _body_items(content, parent)


def _paragraph_text(paragraph: Paragraph, numbering: Numbering) -> str:
    """Paragraph text with tabs as spaces (tabs mark table cells), after the marker Word's automatic
    numbering prints before it ("II.", "1.", "a)", "-"); headings get markdown '#'."""
    text = paragraph.text.replace("\t", " ").strip()
    marker = numbering.marker(paragraph) if text else ""
    text = f"{marker} {text}" if marker else text
    style = paragraph.style.name if paragraph.style is not None else ""
    heading = _HEADING_STYLE.fullmatch(style or "")
    level = int(heading.group(1)) if heading else int(style == "Title")
    return f"{'#' * level} {text}" if level and text else text


def _table_rows(table: Table, numbering: Numbering, done: dict[object, str] | None = None) -> Iterator[str]:
    """One tab-joined line per non-empty row; a cell merged across appears once, in its first grid
    column, the other columns it spans left empty; a cell merged down holds for every row it spans
    ("Cơ quan chủ trì" written once for a group of tasks): its text is repeated in them (read, and its
    automatic numbers counted, once)."""
    done = {} if done is None else done
    for row in table.rows:
        first = row.grid_cols_before
        cells = row.cells
        here = {first + i: cell._tc for i, cell in enumerate(cells)}
        texts = [""] * first
        for col, cell in enumerate(cells, start=first):
            across = here.get(col - 1) is cell._tc
            if not across and cell._tc not in done:
                done[cell._tc] = _cell_text(cell, numbering, done)
            texts.append("" if across else done[cell._tc])
        texts += [""] * row.grid_cols_after
        if any(texts):
            yield "\t".join(texts)


def _cell_text(cell: _Cell, numbering: Numbering, done: dict[object, str]) -> str:
    """Cell paragraphs (and nested tables) on one line, whitespace collapsed. Word's automatic numbering
    prints in cells too: a numbered paragraph keeps its marker ("1." in a TT cell that holds no typed
    number); bulleted paragraphs are the items of a list, written inline as "a; b", and so are short
    capitalised paragraphs in a row ("Sở Khoa học và Công nghệ" / "Viễn thông Lạng Sơn": one body per
    paragraph, the usual way of listing bodies in a cell). Paragraphs are parted by `CELL_BREAK`."""
    parts: list[str] = []
    for item in cell.iter_inner_content():
        if isinstance(item, Table):
            parts.append(" ".join(_table_rows(item, numbering, done)))
            continue
        text = item.text.strip()
        marker = numbering.marker(item)
        if marker in ("-", "+") and text:
            parts.append(f"{text};" if not text.endswith((";", ".")) else text)
        else:
            if marker == "" and parts and listed(parts[-1], text):
                parts[-1] += ";"
            parts.append(f"{marker} {text}".strip())
    paragraphs = [" ".join(part.split()) for part in parts if part.strip()]
    return CELL_BREAK.join(paragraphs).rstrip(";")
