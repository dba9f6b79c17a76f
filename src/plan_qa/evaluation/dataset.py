"""Q&A sets (JSONL or CSV) → validated `QAItem`s.

Columns: id, question, type, scope ({province, plan_id} or empty), answers,
must_include, evidence ([{plan_id, quote}]), split ("train"/"validation"/"test", by plan), notes. In CSV
the list/object columns hold JSON; answers and must_include may instead be
``|``-separated. A bad row raises `QADatasetError` naming the file and line.
"""

from __future__ import annotations

import csv
import json
from dataclasses import asdict, dataclass, field
from pathlib import Path
from typing import Any

from plan_qa.corpus import PROJECT_ROOT
from plan_qa.text.vietnamese import nfc

DEFAULT_QA_PATH = PROJECT_ROOT / "eval" / "qa.jsonl"
TYPES = (
    "lead_agency", "coordinating_agencies", "timeline", "agency_duties", "target_figure",
    "legal_basis", "plan_metadata", "cross_province", "unanswerable", "paraphrase",
    "no_diacritics", "abbreviation",
)
SPLITS = ("train", "validation", "test")  # by plan: eval/split_by_plan.py
UNANSWERABLE = "unanswerable"


class QADatasetError(ValueError):
    """A Q&A file cannot be read or one of its rows is invalid."""


@dataclass(frozen=True)
class Evidence:
    """A verbatim span of a plan that supports the gold answer."""

    plan_id: str
    quote: str


@dataclass(frozen=True)
class Scope:
    """The province and/or plan the question is asked within."""

    province: str | None = None
    plan_id: str | None = None


@dataclass(frozen=True)
class QAItem:
    """One evaluation question with its gold answer and evidence."""

    id: str
    question: str
    type: str
    split: str
    scope: Scope | None = None
    answers: list[str] = field(default_factory=list)
    must_include: list[str] = field(default_factory=list)
    evidence: list[Evidence] = field(default_factory=list)
    notes: str | None = None

    @property
    def answerable(self) -> bool:
        return self.type != UNANSWERABLE

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)


def load_qa(path: str | Path | None = None) -> list[QAItem]:
    """Read and validate a .jsonl or .csv Q&A set (default `eval/qa.jsonl`)."""
    path = Path(path or DEFAULT_QA_PATH)
    if not path.is_file():
        raise QADatasetError(f"Không tìm thấy tệp bộ câu hỏi: {path}")
    suffix = path.suffix.lower()
    if suffix not in (".jsonl", ".csv"):
        raise QADatasetError(f"{path}: chỉ hỗ trợ tệp .jsonl hoặc .csv (nhận được '{suffix}')")
    try:
        text = path.read_text(encoding="utf-8-sig")
    except (OSError, UnicodeDecodeError) as exc:
        raise QADatasetError(f"{path}: không đọc được tệp dạng UTF-8 ({exc})") from exc
    rows = _jsonl_rows(path, text) if suffix == ".jsonl" else _csv_rows(path, text)
    items: list[QAItem] = []
    seen: dict[str, int] = {}
    for line, row in rows:
        item = _parse_row(row, _Where(path, line))
        if item.id in seen:
            raise QADatasetError(
                f"{path}, dòng {line}: mã câu hỏi '{item.id}' bị trùng (đã có ở dòng {seen[item.id]})"
            )
        seen[item.id] = line
        items.append(item)
    if not items:
        raise QADatasetError(f"{path}: tệp không có câu hỏi nào")
    return items


@dataclass(frozen=True)
class _Where:
    path: Path
    line: int

    def error(self, problem: str) -> QADatasetError:
        return QADatasetError(f"{self.path}, dòng {self.line}: {problem}")


# The json module's messages, in Vietnamese (any other: "cú pháp sai").
_JSON_PROBLEMS = {
    "Expecting value": "thiếu giá trị",
    "Expecting property name enclosed in double quotes": "tên trường phải đặt trong dấu ngoặc kép",
    "Expecting ',' delimiter": "thiếu dấu phẩy",
    "Expecting ':' delimiter": "thiếu dấu hai chấm",
    "Unterminated string starting at": "chuỗi chưa đóng dấu ngoặc kép",
    "Extra data": "thừa dữ liệu sau đối tượng JSON",
    "Invalid control character at": "có ký tự điều khiển trong chuỗi",
    "Invalid \\escape": "ký tự thoát không hợp lệ",
}


def _jsonl_rows(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    rows = []
    for line, raw in enumerate(text.splitlines(), 1):
        if not raw.strip():
            continue
        where = _Where(path, line)
        try:
            row = json.loads(raw)
        except json.JSONDecodeError as exc:
            problem = _JSON_PROBLEMS.get(exc.msg, "cú pháp sai")
            raise where.error(f"không phải JSON hợp lệ ({problem}, cột {exc.colno})") from exc
        if not isinstance(row, dict):
            raise where.error("mỗi dòng phải là một đối tượng JSON {...}")
        rows.append((line, row))
    return rows


_JSON_COLUMNS = ("scope", "answers", "must_include", "evidence")
_PIPE_COLUMNS = ("answers", "must_include")


def _csv_rows(path: Path, text: str) -> list[tuple[int, dict[str, Any]]]:
    reader = csv.reader(text.splitlines(keepends=True))
    header = [name.strip() for name in next(reader, [])]
    missing = {"id", "question", "type", "split"} - set(header)
    if missing:
        raise QADatasetError(f"{path}, dòng 1: thiếu cột {', '.join(sorted(missing))}")
    rows = []
    end = reader.line_num
    for record in reader:
        where = _Where(path, end + 1)
        end = reader.line_num
        if not any(cell.strip() for cell in record):
            continue
        if len(record) > len(header):
            raise where.error(f"dòng có {len(record)} ô, nhiều hơn {len(header)} cột của tiêu đề")
        cells = dict(zip(header, record))
        rows.append((where.line, {key: _csv_cell(key, value, where) for key, value in cells.items()}))
    return rows


def _csv_cell(column: str, value: str, where: _Where) -> Any:
    value = value.strip()
    if column == "notes":
        return value or None
    if column not in _JSON_COLUMNS:
        return value
    if not value:
        return None if column == "scope" else []
    if column in _PIPE_COLUMNS and value[0] != "[":
        return [part.strip() for part in value.split("|") if part.strip()]
    try:
        return json.loads(value)
    except json.JSONDecodeError as exc:
        raise where.error(f"cột '{column}' không phải JSON hợp lệ ({exc.msg})") from exc


def _text(row: dict[str, Any], key: str, where: _Where) -> str:
    value = row.get(key)
    if not isinstance(value, str) or not value.strip():
        raise where.error(f"thiếu trường '{key}' hoặc trường rỗng (cần một chuỗi)")
    return nfc(value.strip())


def _strings(row: dict[str, Any], key: str, where: _Where) -> list[str]:
    value = row.get(key, [])
    if value is None:
        return []
    if not isinstance(value, list) or not all(isinstance(x, str) and x.strip() for x in value):
        raise where.error(f"trường '{key}' phải là danh sách chuỗi không rỗng")
    return [nfc(x.strip()) for x in value]


def _scope(row: dict[str, Any], where: _Where) -> Scope | None:
    value = row.get("scope")
    if value is None:
        return None
    if not isinstance(value, dict) or set(value) - {"province", "plan_id"}:
        raise where.error("trường 'scope' phải là null hoặc {\"province\": ..., \"plan_id\": ...}")
    province, plan_id = value.get("province"), value.get("plan_id")
    for name, part in (("province", province), ("plan_id", plan_id)):
        if part is not None and not (isinstance(part, str) and part.strip()):
            raise where.error(f"scope.{name} phải là chuỗi hoặc null")
    if province is None and plan_id is None:
        return None
    return Scope(nfc(province.strip()) if province else None, plan_id.strip() if plan_id else None)


def _evidence(row: dict[str, Any], where: _Where) -> list[Evidence]:
    value = row.get("evidence", [])
    if value is None:
        return []
    if not isinstance(value, list):
        raise where.error("trường 'evidence' phải là danh sách [{\"plan_id\": ..., \"quote\": ...}]")
    evidence = []
    for number, entry in enumerate(value, 1):
        if not (isinstance(entry, dict) and isinstance(entry.get("plan_id"), str)
                and isinstance(entry.get("quote"), str) and entry["quote"].strip()):
            raise where.error(f"evidence thứ {number} phải có 'plan_id' và 'quote' (chuỗi không rỗng)")
        evidence.append(Evidence(entry["plan_id"].strip(), nfc(entry["quote"].strip())))
    return evidence


def _parse_row(row: dict[str, Any], where: _Where) -> QAItem:
    qid = _text(row, "id", where)
    qtype = _text(row, "type", where)
    if qtype not in TYPES:
        raise where.error(f"câu {qid}: loại '{qtype}' không hợp lệ; các loại: {', '.join(TYPES)}")
    split = _text(row, "split", where)
    if split not in SPLITS:
        raise where.error(f"câu {qid}: split phải là 'train', 'validation' hoặc 'test' (nhận được '{split}')")
    notes = row.get("notes")
    if notes is not None and not isinstance(notes, str):
        raise where.error(f"câu {qid}: trường 'notes' phải là chuỗi")
    item = QAItem(
        id=qid, question=_text(row, "question", where), type=qtype, split=split,
        scope=_scope(row, where), answers=_strings(row, "answers", where),
        must_include=_strings(row, "must_include", where), evidence=_evidence(row, where),
        notes=nfc(notes) if notes else None,
    )
    if item.answerable and not item.must_include:
        raise where.error(f"câu {qid}: câu hỏi có đáp án cần ít nhất một 'must_include'")
    if not item.answerable and (item.must_include or item.evidence):
        raise where.error(f"câu {qid}: câu 'unanswerable' không được có must_include hay evidence")
    return item
