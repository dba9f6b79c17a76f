"""Evaluation run end to end: a scripted assistant → results, summary, report, charts, judge CLI."""

from __future__ import annotations

import json
from pathlib import Path
from types import SimpleNamespace

import pytest
import typer
from typer.testing import CliRunner

from plan_qa.answering.model import Answer, Citation
from plan_qa.evaluation.cli import register
from plan_qa.evaluation.dataset import DEFAULT_QA_PATH
from plan_qa.evaluation.report import LATEST_SUMMARY, read_rows, write_outputs
from plan_qa.evaluation.runner import run_evaluation

CLAUSE = {"id": "000:III.2", "plan_id": "000", "locator": "III.2",
          "text": "Sở Công Thương chủ trì, phối hợp với các sở, ngành tổ chức tuyên truyền hằng năm."}
QA = [
    {"id": "q001", "question": "Ai chủ trì tuyên truyền?", "type": "lead_agency", "split": "train",
     "scope": {"province": "Hà Nội", "plan_id": None}, "answers": ["Sở Công Thương"],
     "must_include": ["Sở Công Thương"],
     "evidence": [{"plan_id": "000", "quote": "Sở Công Thương chủ trì, phối hợp với các sở, ngành"}]},
    {"id": "q002", "question": "Khi nào tuyên truyền?", "type": "timeline", "split": "test", "scope": None,
     "answers": ["Hằng năm"], "must_include": ["Hằng năm"],
     "evidence": [{"plan_id": "000", "quote": "tổ chức tuyên truyền hằng năm"}]},
    {"id": "q003", "question": "Giá vé xe buýt?", "type": "unanswerable", "split": "test", "scope": None,
     "answers": [], "must_include": [], "evidence": []},
    {"id": "q004", "question": "Câu làm hỏng hệ thống", "type": "unanswerable", "split": "train",
     "scope": None, "answers": [], "must_include": [], "evidence": []},
]
SCRIPT = {
    "Ai chủ trì tuyên truyền?": ("Sở Công Thương chủ trì [1].", True),
    "Khi nào tuyên truyền?": ("Sở Công Thương [1].", True),
    "Giá vé xe buýt?": ("Không tìm thấy thông tin này.", False),
}


class ScriptedAssistant:
    """Answers from SCRIPT, citing CLAUSE; raises on unknown questions."""

    def __init__(self) -> None:
        self.calls: list[tuple[str, str | None, str | None]] = []
        self.embedder = SimpleNamespace(name="fake")
        self.index = SimpleNamespace(documents=[])

    def ask(self, question, history=None, province=None, plan=None) -> Answer:
        self.calls.append((question, province, plan))
        text, found = SCRIPT[question]
        citations = [Citation(1, CLAUSE["id"], "000", "Kế hoạch", "Hà Nội", CLAUSE["locator"], CLAUSE["text"])]
        return Answer(question, text, found, "lookup", citations=citations if found else [],
                      retrieved=[CLAUSE] if found else [])


@pytest.fixture
def qa_file(tmp_path: Path) -> Path:
    path = tmp_path / "qa.jsonl"
    path.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in QA), encoding="utf-8")
    return path


def test_run_scores_and_reports(tmp_path, qa_file):
    assistant = ScriptedAssistant()
    ticks: list[tuple[int, int]] = []
    run = run_evaluation(assistant, qa_file, lambda done, total: ticks.append((done, total)),
                         baselines=False, judgments_path=tmp_path / "j.sqlite")
    assert ticks[0] == (0, 4) and ticks[-1] == (4, 4)
    assert assistant.calls[0] == ("Ai chủ trì tuyên truyền?", "Hà Nội", None)
    by_id = {r.item.id: r.outputs["plan_qa"] for r in run.results}
    assert by_id["q001"].score.correct and not by_id["q002"].score.correct
    assert by_id["q003"].score.correct
    assert by_id["q004"].error and by_id["q004"].score.correct is False  # a crash is no refusal
    overall = run.summary["systems"]["plan_qa"]["overall"]
    assert overall["metrics"]["accuracy"]["value"] == 0.5
    assert run.summary["run"]["errors"] == 1

    out = tmp_path / "report"
    latest = tmp_path / "latest_summary.json"
    report = write_outputs(run, out, latest=latest).read_text(encoding="utf-8")
    for heading in ("## Kết quả chính", "## Cách tính", "## Theo loại câu hỏi", "## Theo tập",
                    "## Khoảng tin cậy 95 %", "## Độ trễ", "## Lỗi, nặng nhất trước",
                    "## Đánh giá thủ công"):
        assert heading in report
    assert report.index("### q004") < report.index("### q002")  # crash before a wrong answer
    assert (out / "accuracy_by_type.png").stat().st_size > 0 and (out / "latency.png").exists()
    assert json.loads(latest.read_text(encoding="utf-8")) == run.summary
    rows = read_rows(out / "results.jsonl")
    assert [r["id"] for r in rows] == ["q001", "q002", "q003", "q004"]
    assert rows[0]["systems"]["plan_qa"]["citations"][0]["locator"] == "III.2"


def test_split_filter(tmp_path, qa_file):
    run = run_evaluation(ScriptedAssistant(), qa_file, split="test", baselines=False,
                         judgments_path=tmp_path / "j.sqlite")
    assert [r.item.id for r in run.results] == ["q002", "q003"]


def test_judge_command_updates_report(tmp_path, qa_file):
    run = run_evaluation(ScriptedAssistant(), qa_file, baselines=False, judgments_path=tmp_path / "j.sqlite")
    out = tmp_path / "report"
    write_outputs(run, out)
    app = typer.Typer()
    register(app)
    args = ["judge", "q002", "--right", "--comment", "thời gian nằm trong trích dẫn",
            "--results", str(out / "results.jsonl"), "--judgments", str(tmp_path / "j.sqlite")]
    result = CliRunner().invoke(app, args)
    assert result.exit_code == 0, result.output
    summary = json.loads((out / "summary.json").read_text(encoding="utf-8"))
    assert summary["human"]["judged"] == 1 and summary["human"]["agreement"] == 0.0
    report = (out / "report.md").read_text(encoding="utf-8")
    assert "thời gian nằm trong trích dẫn" in report and "đúng ⚠" in report
    missing = CliRunner().invoke(app, ["judge", "q999", "--wrong", "--results", str(out / "results.jsonl"),
                                       "--judgments", str(tmp_path / "j.sqlite")])
    assert missing.exit_code == 2


@pytest.mark.slow
@pytest.mark.skipif(not DEFAULT_QA_PATH.exists(), reason="eval/qa.jsonl not written yet")
def test_real_evaluation_on_five_questions(tmp_path):
    from plan_qa.answering import Assistant

    rows = DEFAULT_QA_PATH.read_text(encoding="utf-8").splitlines()
    picked = [json.loads(line) for line in rows if line.strip()][:5]
    qa = tmp_path / "qa.jsonl"
    qa.write_text("".join(json.dumps(row, ensure_ascii=False) + "\n" for row in picked), encoding="utf-8")
    before = LATEST_SUMMARY.read_bytes() if LATEST_SUMMARY.exists() else None
    run = run_evaluation(Assistant.load(), qa, judgments_path=tmp_path / "j.sqlite")
    assert set(run.summary["systems"]) == {"plan_qa", "tutorial_rag", "bm25", "dense"}
    assert all(r.outputs["plan_qa"].error is None for r in run.results)
    assert run.summary["systems"]["bm25"]["overall"]["metrics"]["mrr"]["value"] is not None
    write_outputs(run, tmp_path / "out")
    assert (tmp_path / "out" / "report.md").exists()
    assert (LATEST_SUMMARY.read_bytes() if LATEST_SUMMARY.exists() else None) == before


@pytest.mark.slow
def test_eval_and_judge_write_into_the_data_folder_by_default(tmp_path, qa_file, monkeypatch):
    """Without --out/--judgments, reports and marks go to PLAN_QA_DATA, never into the source tree."""
    from plan_qa.corpus import PROJECT_ROOT

    data = tmp_path / "data"
    monkeypatch.setenv("PLAN_QA_DATA", str(data))
    source_eval = sorted(p.relative_to(PROJECT_ROOT) for p in (PROJECT_ROOT / "eval").rglob("*"))
    published = LATEST_SUMMARY.read_bytes() if LATEST_SUMMARY.exists() else None
    app = typer.Typer()
    register(app)
    ran = CliRunner().invoke(app, ["eval", "--qa", str(qa_file), "--json"])
    assert ran.exit_code == 0, ran.output
    runs = list((data / "reports").glob("*/results.jsonl"))
    assert len(runs) == 1 and (data / "reports" / "latest_summary.json").is_file()
    judged = CliRunner().invoke(app, ["judge", "q001", "--right"])
    assert judged.exit_code == 0, judged.output
    assert (data / "judgments.sqlite").is_file()
    assert json.loads((runs[0].parent / "summary.json").read_text(encoding="utf-8"))["human"]["judged"] == 1
    assert sorted(p.relative_to(PROJECT_ROOT) for p in (PROJECT_ROOT / "eval").rglob("*")) == source_eval
    assert (LATEST_SUMMARY.read_bytes() if LATEST_SUMMARY.exists() else None) == published
