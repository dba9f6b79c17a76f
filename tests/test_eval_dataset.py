"""The Q&A set loader: JSONL and CSV in, validated `QAItem`s out, bad rows named by line."""

from __future__ import annotations

import csv
import json
import unicodedata
from pathlib import Path

import pytest

from plan_qa.evaluation.dataset import DEFAULT_QA_PATH, Evidence, QADatasetError, Scope, load_qa

GOOD = [
    {"id": "q001", "question": "Cơ quan nào chủ trì?", "type": "lead_agency",
     "scope": {"province": "Hà Nội", "plan_id": None}, "answers": ["Sở Công Thương"],
     "must_include": ["Sở Công Thương"],
     "evidence": [{"plan_id": "000", "quote": "Sở Công Thương chủ trì, phối hợp"}],
     "split": "train", "notes": "ghi chú"},
    {"id": "q002", "question": "Giá vé xe buýt là bao nhiêu?", "type": "unanswerable",
     "scope": None, "answers": [], "must_include": [], "evidence": [], "split": "test"},
]
COLUMNS = ["id", "question", "type", "scope", "answers", "must_include", "evidence", "split", "notes"]


def write_jsonl(path: Path, rows: list[dict | str]) -> Path:
    lines = [row if isinstance(row, str) else json.dumps(row, ensure_ascii=False) for row in rows]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def write_csv(path: Path, rows: list[dict]) -> Path:
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=COLUMNS)
        writer.writeheader()
        writer.writerows(rows)
    return path


def csv_row(item: dict, pipes: bool = False) -> dict:
    def encode(key: str) -> str:
        value = item.get(key)
        if pipes and key in ("answers", "must_include"):
            return "|".join(value)
        return "" if value is None else json.dumps(value, ensure_ascii=False)

    return {**{k: item.get(k) or "" for k in ("id", "question", "type", "split", "notes")},
            **{k: encode(k) for k in ("scope", "answers", "must_include", "evidence")}}


def test_good_jsonl(tmp_path):
    items = load_qa(write_jsonl(tmp_path / "qa.jsonl", [GOOD[0], "", GOOD[1]]))
    assert [i.id for i in items] == ["q001", "q002"]
    first, second = items
    assert first.scope == Scope("Hà Nội", None)
    assert first.evidence == [Evidence("000", "Sở Công Thương chủ trì, phối hợp")]
    assert first.answerable and not second.answerable
    assert second.scope is None and second.notes is None


def test_good_csv_json_and_pipe_columns(tmp_path):
    multi = {**GOOD[0], "id": "q003", "answers": ["Sở Công Thương", "SCT"],
             "must_include": ["Sở Công Thương", "Hằng năm"], "notes": "dòng 1\ndòng 2"}
    path = write_csv(tmp_path / "qa.csv", [csv_row(GOOD[0]), csv_row(GOOD[1]), csv_row(multi, pipes=True)])
    items = load_qa(path)
    assert items[0] == load_qa(write_jsonl(tmp_path / "same.jsonl", [GOOD[0]]))[0]
    assert items[1].scope is None and items[1].must_include == []
    assert items[2].answers == ["Sở Công Thương", "SCT"]
    assert items[2].must_include == ["Sở Công Thương", "Hằng năm"]
    assert items[2].notes == "dòng 1\ndòng 2"


def test_csv_with_bom_from_excel(tmp_path):
    path = write_csv(tmp_path / "qa.csv", [csv_row(GOOD[0])])
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    assert load_qa(path)[0].id == "q001"


def test_text_is_nfc(tmp_path):
    decomposed = {**GOOD[0], "question": unicodedata.normalize("NFD", "Cơ quan nào chủ trì?")}
    item = load_qa(write_jsonl(tmp_path / "qa.jsonl", [decomposed]))[0]
    assert item.question == "Cơ quan nào chủ trì?"


@pytest.mark.parametrize(
    ("bad", "message"),
    [
        ("{not json", "không phải JSON hợp lệ"),
        ("[1, 2]", "đối tượng JSON"),
        ({**GOOD[0], "id": "q009", "question": "  "}, "'question'"),
        ({**GOOD[0], "id": "q009", "type": "who_knows"}, "loại 'who_knows' không hợp lệ"),
        ({**GOOD[0], "id": "q009", "split": "dev"}, "split phải là"),
        ({**GOOD[0], "id": "q009", "must_include": []}, "must_include"),
        ({**GOOD[0], "id": "q009", "must_include": "Sở Công Thương"}, "danh sách chuỗi"),
        ({**GOOD[0], "id": "q009", "evidence": [{"plan_id": "000"}]}, "evidence thứ 1"),
        ({**GOOD[0], "id": "q009", "scope": "Hà Nội"}, "'scope'"),
        ({**GOOD[1], "id": "q009", "must_include": ["x"]}, "unanswerable"),
        ({**GOOD[0]}, "bị trùng (đã có ở dòng 1)"),
    ],
)
def test_bad_jsonl_row_names_file_and_line(tmp_path, bad, message):
    path = write_jsonl(tmp_path / "qa.jsonl", [GOOD[0], GOOD[1], "", bad])
    with pytest.raises(QADatasetError) as caught:
        load_qa(path)
    text = str(caught.value)
    assert f"{path}, dòng 4:" in text
    assert message in text


def test_bad_csv_row_line_counts_multiline_cells(tmp_path):
    first = {**csv_row(GOOD[0]), "notes": "ba\ndòng\nghi chú"}  # lines 2-4
    bad = {**csv_row(GOOD[1]), "id": "q005", "evidence": "[{oops"}  # line 5
    path = write_csv(tmp_path / "qa.csv", [first, bad])
    with pytest.raises(QADatasetError, match=r"dòng 5: cột 'evidence' không phải JSON hợp lệ"):
        load_qa(path)


def test_csv_missing_columns(tmp_path):
    path = tmp_path / "qa.csv"
    path.write_text("id,question\nq1,Hỏi?\n", encoding="utf-8")
    with pytest.raises(QADatasetError, match="dòng 1: thiếu cột split, type"):
        load_qa(path)


def test_missing_file_and_unknown_extension(tmp_path):
    with pytest.raises(QADatasetError, match="Không tìm thấy"):
        load_qa(tmp_path / "nope.jsonl")
    other = tmp_path / "qa.xlsx"
    other.write_bytes(b"x")
    with pytest.raises(QADatasetError, match="chỉ hỗ trợ"):
        load_qa(other)


def test_empty_file(tmp_path):
    with pytest.raises(QADatasetError, match="không có câu hỏi"):
        load_qa(write_jsonl(tmp_path / "qa.jsonl", [""]))


@pytest.mark.skipif(not DEFAULT_QA_PATH.exists(), reason="eval/qa.jsonl not written yet")
def test_bundled_set_loads():
    items = load_qa()
    assert len(items) >= 100
    assert {item.split for item in items} == {"train", "validation", "test"}
