"""The web app, in process: Blocks build, every tab's handlers, the `serve` command, and 20 concurrent
questions through gradio_client against a launched app.

The assistant is loaded once per session over a temporary copy of the corpus and index, so nothing
here writes into corpus/, indexes/, eval/ or feedback/.
"""

from __future__ import annotations

import json
import re
import runpy
import shutil
import socket
import urllib.error
import urllib.request
import zipfile
from pathlib import Path

import gradio as gr
import pandas as pd
import pytest
import typer
from openpyxl import load_workbook
from typer.testing import CliRunner

from plan_qa.app import chat, documents, evaluation_tab, similar, splash, tasks_tab
from plan_qa.app.build import build_app, launch
from plan_qa.app.cli import auth_from_env, register
from plan_qa.app.state import AppConfig, AppState
from plan_qa.config import Settings
from plan_qa.index import IndexError_
from plan_qa.labels import plan_label, sorted_vietnamese

REPO = Path(__file__).resolve().parents[1]
EXPECTED_LEAD = "Sở Nông nghiệp và Môi trường"
_SHARED: dict[str, object] = {}


def no_progress(*_args: object, **_kwargs: object) -> None:
    """Stands in for gr.Progress when a handler is called directly."""


def make_state(root: Path) -> AppState:
    """An AppState over copies of the bundled corpus and its index under `root` (index reused if built)."""
    corpus, index_root = root / "corpus", root / "indexes"
    shutil.copytree(REPO / "corpus", corpus)
    live = Settings.from_env(index_root=REPO / "indexes")
    settings = Settings.from_env(corpus_dir=corpus, index_root=index_root)
    if live.index_dir.is_dir():
        shutil.copytree(live.index_dir, settings.index_dir)
    config = AppConfig(feedback_dir=root / "feedback", reports_dir=root / "reports",
                       judgments_path=root / "judgments.sqlite", work_dir=root / "work")
    return AppState.load(settings, config)


@pytest.fixture(scope="session")
def app_state(tmp_path_factory: pytest.TempPathFactory) -> AppState:
    """One loaded app state for the whole session (shared with the browser tests)."""
    if "state" not in _SHARED:
        _SHARED["state"] = make_state(tmp_path_factory.getbasetemp() / "app")
    return _SHARED["state"]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


@pytest.fixture(scope="session")
def live_url(app_state: AppState, request: pytest.FixtureRequest) -> str:
    """The app served on a free 127.0.0.1 port in a background thread, once per session."""
    if "url" not in _SHARED:
        port = free_port()
        demo = launch(app_state, "127.0.0.1", port, block=False)
        request.session.config.add_cleanup(demo.close)
        _SHARED["url"] = f"http://127.0.0.1:{port}/"
    return _SHARED["url"]


@pytest.fixture
def isolated_state(tmp_path: Path, app_state: AppState) -> AppState:
    """A state of its own (same cached model) for tests that add plans to the corpus."""
    return make_state(tmp_path)


# -- the Blocks -------------------------------------------------------------------------------------------


def test_blocks_have_the_five_tabs_and_the_ask_api(app_state: AppState) -> None:
    demo = build_app(app_state)
    labels = [block.label for block in demo.blocks.values() if isinstance(block, gr.Tab)]
    assert labels == ["Hỏi đáp", "Nhiệm vụ tương tự", "Danh mục nhiệm vụ", "Đánh giá", "Tài liệu"]
    assert "ask" in {fn.api_name for fn in demo.fns.values()}


def test_only_the_ask_api_is_public(app_state: AppState) -> None:
    """With login off, every UI handler (evaluation runs, judgments, uploads, …) is closed to API clients:
    the API info lists /ask alone, and no other handler is callable as an undocumented endpoint."""
    demo = build_app(app_state)
    info = demo.get_api_info()
    assert list(info["named_endpoints"]) == ["/ask"] and not info["unnamed_endpoints"]
    open_handlers = [fn.api_name for fn in demo.fns.values() if fn.api_name != "ask" and fn.api_visibility != "private"]
    assert open_handlers == []


# -- Hỏi đáp -----------------------------------------------------------------------------------------------


def test_example_question_is_answered_with_marked_citations_and_a_download(app_state: AppState) -> None:
    messages, answers, sources, download, cleared, status = chat.respond(
        app_state, chat.EXAMPLE_QUESTION, [], [], "", "")
    assert messages[0] == {"role": "user", "content": chat.EXAMPLE_QUESTION}
    assert EXPECTED_LEAD in messages[1]["content"] and "[1]" in messages[1]["content"]
    assert len(answers) == 1 and answers[0].found and cleared == "" and status == ""
    assert sources.count('class="pq-card"') == len(answers[0].citations) >= 1
    assert "<mark>tái chế chất thải</mark>" in sources
    assert "Xem cả mục chứa điều khoản" in sources
    markdown = Path(download.value["path"]).read_text(encoding="utf-8")
    assert chat.EXAMPLE_QUESTION in markdown and "## Nguồn" in markdown and "> Đề xuất xây dựng" in markdown


def test_follow_up_question_uses_the_conversation(app_state: AppState) -> None:
    first = "Ở Hà Nội, sở nào chủ trì đánh giá nhu cầu nguồn nhân lực ngành công nghiệp môi trường?"
    messages, answers, *_ = chat.respond(app_state, first, [], [], "", "")
    messages, answers, sources, *_ = chat.respond(app_state, "Còn ở Đồng Tháp thì sao?", messages, answers, "", "")
    assert "<mark>nguồn nhân lực</mark>" in sources  # the inherited subject is marked too
    assert [m["role"] for m in messages].count("user") == 2 and len(answers) == 2
    assert "Sở Nội vụ" in answers[1].answer
    assert {c.province for c in answers[1].citations} == {"Đồng Tháp"}


def test_question_naming_a_province_wins_over_a_leftover_filter(app_state: AppState) -> None:
    question = "Ở Hà Nội, sở nào chủ trì đánh giá nhu cầu nguồn nhân lực ngành công nghiệp môi trường?"
    messages, answers, *_ = chat.respond(app_state, question, [], [], "Gia Lai", "")
    assert {c.province for c in answers[0].citations} == {"Hà Nội"} and "Sở Nội vụ" in answers[0].answer
    note = messages[-2]["content"].split("\n")[0]  # said plainly, first, with the other reading
    assert "không theo bộ lọc “Gia Lai”" in note and "hãy bỏ Hà Nội khỏi câu hỏi" in note
    assert note in chat.api_ask(app_state, question, "Gia Lai")["notices"]
    # A question that names nothing stays in the filter, and says so.
    messages, answers, *_ = chat.respond(app_state, chat.EXAMPLE_QUESTION, [], [], "Đồng Tháp", "")
    assert {c.province for c in answers[0].citations} == {"Đồng Tháp"}
    assert "Trả lời trong phạm vi bộ lọc: Đồng Tháp" in messages[1]["content"]
    # A plan filter loses to a question that pins another plan by its number.
    _, _, note = chat.filter_scope(app_state, "Ai ký Kế hoạch 524/KH-UBND?", "", "001")
    assert "KH 524/KH-UBND Đồng Tháp" in note


def test_examples_stand_on_their_own(app_state: AppState) -> None:
    for _, question in chat.EXAMPLES:  # each answers (or honestly refuses) in a fresh chat
        answer = app_state.assistant.ask(question)
        assert answer.found or "xe buýt" in question, question


def test_new_conversation_resets_chat_and_filters() -> None:
    messages, answers, sources, download, status, province, plan, conversation = chat.new_conversation()
    assert (messages, answers, status, province, plan, conversation) == ([], [], "", chat.ALL, chat.ALL, None)
    assert sources == chat.EMPTY_SOURCES and download.visible is False


def test_answer_is_short_with_details_folded_and_numbered_cards(app_state: AppState) -> None:
    messages, answers, sources, *_ = chat.respond(app_state, chat.EXAMPLE_QUESTION, [], [], "", "")
    bubble, details = messages[1], messages[2]
    assert len(bubble["content"].split()) <= 50 and "**" not in bubble["content"]
    assert bubble["content"].splitlines()[0].startswith(EXPECTED_LEAD)
    assert details["metadata"] == {"title": "Chi tiết", "status": "done"}  # folded under "Chi tiết"
    assert "phối hợp:" in details["content"] and "thời gian:" in details["content"]
    assert 'id="pq-cite-1"' in sources and 'data-turn="0"' in sources
    assert "KH 524/KH-UBND · Phát triển ngành công nghiệp môi trường · Đồng Tháp · 2026–2030" in sources
    assert "mã 00" not in sources and ":PL." not in sources  # no internal codes


def test_clicked_answer_shows_its_own_sources(app_state: AppState) -> None:
    first = "Ở Hà Nội, sở nào chủ trì đánh giá nhu cầu nguồn nhân lực ngành công nghiệp môi trường?"
    messages, answers, *_ = chat.respond(app_state, first, [], [], "", "")
    messages, answers, latest, *_ = chat.respond(app_state, "Còn ở Đồng Tháp thì sao?", messages, answers, "", "")
    assert 'data-turn="1"' in latest
    earlier = chat.show_sources(app_state, answers, messages, gr.SelectData(None, {"index": 1, "value": ""}))
    assert 'data-turn="0"' in earlier and "Hà Nội" in earlier and "Đồng Tháp" not in earlier


def test_conversations_are_saved_and_reopened(app_state: AppState) -> None:
    first = "Ở Hà Nội, sở nào chủ trì đánh giá nhu cầu nguồn nhân lực ngành công nghiệp môi trường?"
    messages, answers, *_ = chat.respond(app_state, first, [], [], "", "")
    saved, conversation, listing = chat.save_conversation([], None, messages, answers)
    assert len(saved) == 1 and conversation and listing.choices[0][1] == conversation
    json.dumps(saved, ensure_ascii=False)  # what the browser stores is plain JSON
    saved, again, _ = chat.save_conversation(saved, conversation, messages, answers)
    assert len(saved) == 1 and again == conversation  # the same conversation is updated, not duplicated
    key = app_state.config.browser_secret()  # saved conversations stay readable after a restart
    assert key == app_state.config.browser_secret() and len(key) == 32
    assert (app_state.config.feedback_dir / "browser-state.key").stat().st_mode & 0o077 == 0
    restored_messages, restored, sources, opened = chat.open_conversation(app_state, saved, conversation)
    assert opened == conversation and restored_messages == messages and "Hà Nội" in sources
    # The reopened conversation carries on: its follow-up inherits the subject.
    _, answers, *_ = chat.respond(app_state, "Còn ở Đồng Tháp thì sao?", restored_messages, restored, "", "")
    assert "Sở Nội vụ" in answers[-1].answer and {c.province for c in answers[-1].citations} == {"Đồng Tháp"}


def test_refusal_lists_related_clauses(app_state: AppState) -> None:
    messages, answers, sources, *_ = chat.respond(app_state, "Giá vé xe buýt ở Hà Nội là bao nhiêu?", [], [], "", "")
    assert not answers[0].found
    assert "Có thể liên quan" in messages[-1]["content"] and "Có thể liên quan" in sources


def test_province_filter_scopes_answers_and_narrows_plans(app_state: AppState) -> None:
    _, answers, *_ = chat.respond(app_state, chat.EXAMPLE_QUESTION, [], [], "Đồng Tháp", "")
    assert {c.province for c in answers[0].citations} == {"Đồng Tháp"}
    plans = chat.plan_filter(app_state, "Đồng Tháp")
    assert [value for _, value in plans.choices] == ["", "004"]


def test_empty_question_changes_nothing(app_state: AppState) -> None:
    messages, answers, *_, status = chat.respond(app_state, "  ", [], [], "", "")
    assert messages == [] and answers == [] and "Vui lòng nhập câu hỏi" in status
    long = "Sở nào chủ trì " + "x" * 2_100
    messages, answers, *_, status = chat.respond(app_state, long, [], [], "", "")
    assert messages == [] and "quá giới hạn 2.000 ký tự" in status


def test_section_is_the_clause_with_its_neighbours(app_state: AppState) -> None:
    plan = app_state.assistant.plans["000"]
    rows = [c.id for c in chat.section_clauses(plan, "000:PL.r4")]
    assert "000:PL.r4" in rows and "000:PL.r3" in rows and "000:PL.r1" not in rows
    bullets = [c.id for c in chat.section_clauses(plan, "000:I.1.-2")]
    assert bullets[0] == "000:I.1" and "000:I.1.-1" in bullets and "000:I.1.-3" in bullets


def test_feedback_is_saved_with_question_answer_and_citations(app_state: AppState) -> None:
    _, answers, *_ = chat.respond(app_state, chat.EXAMPLE_QUESTION, [], [], "", "")
    messages, answers, *_ = chat.respond(app_state, chat.EXAMPLE_QUESTION, [], [], "", "")
    like = gr.LikeData(None, {"index": len(messages) - 1, "value": "…", "liked": False})  # on "Chi tiết"
    status, comment = chat.on_like(app_state, answers, messages, "Thiếu Gia Lai", like)
    assert "👎" in status and comment == ""
    entry = json.loads(app_state.config.feedback_path.read_text(encoding="utf-8").splitlines()[-1])
    assert entry["rating"] == "down" and entry["comment"] == "Thiếu Gia Lai"
    assert entry["question"] == chat.EXAMPLE_QUESTION and EXPECTED_LEAD in entry["answer"]
    assert entry["citations"][0]["clause_id"]
    assert "Không tìm thấy" in chat.rate(app_state, answers, 7, True, "")


def test_api_answer_is_json_without_the_ranked_list(app_state: AppState) -> None:
    data = chat.api_ask(app_state, chat.EXAMPLE_QUESTION)
    assert data["found"] and EXPECTED_LEAD in data["answer"] and "retrieved" not in data
    json.dumps(data, ensure_ascii=False)


# -- Nhiệm vụ tương tự -----------------------------------------------------------------------------------


def test_similar_task_by_id_shows_provinces_side_by_side(app_state: AppState) -> None:
    view = similar.find_similar(app_state, "", "000:PL.r4", [], 3, False)
    assert "Nhiệm vụ gốc" in view and 'class="pq-col"' in view
    assert "KH 524/KH-UBND Đồng Tháp" in view and "Phụ lục, dòng 4" in view and "004" not in view
    assert "rất giống · " in view and "Ô được tô màu" in view
    assert "Không có nhiệm vụ mã 999:X" in similar.find_similar(app_state, "", "999:X", [], 3, False)
    assert "Nhập mô tả" in similar.find_similar(app_state, " ", None, [], 3, False)


def test_similar_free_text_highlights_differences(app_state: AppState) -> None:
    view = similar.find_similar(app_state, "Tuyên truyền nâng cao nhận thức về công nghiệp môi trường", None,
                                ["Hà Nội", "Đồng Tháp"], 3, True)
    assert "đối chiếu" in view and "pq-diff" in view and "Gia Lai" not in view


def test_task_picker_lists_rows_and_duties_of_a_plan(app_state: AppState) -> None:
    options = similar.task_options(app_state, "004")
    assert "004:PL.r4" in {value for _, value in options}
    assert any("(Sở Công Thương)" in label for label, _ in options)


def test_compare_two_plans_and_conflicts(app_state: AppState) -> None:
    view = similar.compare_plans(app_state, "000", "004")
    assert "8 cặp nhiệm vụ tương ứng" in view and "Khác tỉnh/thành phố" in view
    assert "Chỉ có trong KH chưa ghi số – Phát triển ngành CNMT, Hà Nội 2025–2030 (A)" in view
    assert "pq-scroll" in view and "Mức giống" in view and not re.search(r"\d\.\d", view)  # decimal commas
    assert "hai kế hoạch khác nhau" in similar.compare_plans(app_state, "000", "000")
    conflicts = similar.find_conflicts(app_state, "Hà Nội")
    # The 2026 plan scheduling inside its 2026–2030 parent is a different planning period, not a contradiction.
    assert "Khác kỳ kế hoạch — Hà Nội" in conflicts and "Quý II-IV/2026" in conflicts
    assert "Mâu thuẫn — Hà Nội" not in conflicts


# -- Danh mục nhiệm vụ -----------------------------------------------------------------------------------


def test_task_table_filters_by_province_agency_role_and_timeline(app_state: AppState) -> None:
    plans = app_state.plans
    everything = tasks_tab.task_table(plans)
    assert len(everything) == sum(len(p.tasks) + len(p.duties) for p in plans)
    dong_thap = tasks_tab.task_table(plans, province="Đồng Tháp")
    assert set(dong_thap["Tỉnh/TP"]) == {"Đồng Tháp"}
    leads = tasks_tab.task_table(plans, agency="SCT", role="chủ trì", timeline="2026")
    assert len(leads) and set(leads["Cơ quan"]) == {"Sở Công Thương"} and set(leads["Vai trò"]) == {"chủ trì"}
    assert all("2026" in t for t in leads["Thời gian"])


def test_exports_csv_and_xlsx_of_the_filtered_table(app_state: AppState) -> None:
    table, summary, csv, xlsx = tasks_tab.filter_tasks(app_state, "Gia Lai", "", None, None, "", "chất thải")
    assert summary.startswith(f"**{len(table)}** nhiệm vụ") and len(table)
    exported = pd.read_csv(csv.value["path"], encoding="utf-8-sig")
    assert list(exported.columns) == tasks_tab.COLUMNS and len(exported) == len(table)
    sheet = load_workbook(xlsx.value["path"]).active
    assert [cell.value for cell in sheet[1]] == tasks_tab.COLUMNS and sheet.max_row == len(table) + 1
    _, message, *_ = tasks_tab.filter_tasks(app_state, "", "", "Sở Không Có", None, "", "")
    assert "Không nhận ra cơ quan" in message


def test_agency_workload(app_state: AppState) -> None:
    overview = tasks_tab.workload_overview(app_state.plans)
    # Grouped by province first (Vietnamese order: Đồng Tháp before Gia Lai before Hà Nội), busiest first within.
    assert list(dict.fromkeys(overview["Tỉnh/TP"])) == ["Đồng Tháp", "Gia Lai", "Hà Nội"]
    for _, group in overview.groupby("Tỉnh/TP"):
        assert list(group["Tổng"]) == sorted(group["Tổng"], reverse=True)
    trade = overview[overview["Cơ quan"] == "Sở Công Thương"]
    assert len(trade) == 3  # one Sở Công Thương per province, never summed together
    summary, detail = tasks_tab.agency_detail(app_state, "so cong thuong", ["Đồng Tháp"])
    assert summary.startswith("**Sở Công Thương** — Đồng Tháp:") and set(detail["Tỉnh/TP"]) == {"Đồng Tháp"}
    assert set(detail["Kế hoạch"]) == {"KH 524/KH-UBND Đồng Tháp"}
    summary, _ = tasks_tab.agency_detail(app_state, "SCT", None)
    assert "không cộng gộp" in summary


# -- Đánh giá ----------------------------------------------------------------------------------------------


@pytest.fixture
def small_qa(tmp_path: Path) -> Path:
    """Three questions of the bundled set: two answerable (q001, q119), one not."""
    rows = [json.loads(line) for line in (REPO / "eval" / "qa.jsonl").read_text(encoding="utf-8").splitlines()]
    chosen = [r for r in rows if r["id"] in ("q001", "q119")] + [next(r for r in rows if r["type"] == "unanswerable")]
    path = tmp_path / "bo-cau-hoi.jsonl"
    path.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")
    return path


def test_evaluation_runs_reports_and_takes_judgments(app_state: AppState, small_qa: Path) -> None:
    headline, chart, table, report, run_dir, questions = evaluation_tab.run(
        app_state, evaluation_tab.UPLOADED, str(small_qa), "", False, progress=no_progress)
    assert "**3 câu hỏi**" in headline and "Độ chính xác (tất cả câu)" in headline and "từ**" in headline
    assert Path(chart.value["path"]).is_file() and len(table) == 3
    assert list(table["Kết quả"]) == sorted(table["Kết quả"], key=lambda r: r != "Sai")  # failures first
    with zipfile.ZipFile(report.value["path"]) as archive:
        assert {"report.md", "summary.json", "results.jsonl", "accuracy_by_type.png"} <= set(archive.namelist())
    question_id = questions.choices[0][1]
    view = evaluation_tab.show_question(app_state, run_dir, question_id)  # question, gold, answer, cited clauses side by side
    assert all(title in view for title in ("Câu hỏi và đáp án mẫu", "Câu trả lời của plan-qa", "Điều khoản được trích"))
    report_md = (Path(run_dir) / "report.md").read_text(encoding="utf-8")
    assert "Cơ quan chủ trì" in report_md and "lead_agency" not in report_md and "Số từ (trung vị)" in report_md
    assert str(small_qa.parent) not in report_md and "bo-cau-hoi.jsonl" in report_md
    message, _ = evaluation_tab.judge(app_state, run_dir, question_id, "wrong", "Kiểm tra lại")
    assert message.startswith(f"Đã lưu: {question_id} → sai") and "trên 1 câu" in message
    assert "Kiểm tra lại" in (Path(run_dir) / "report.md").read_text(encoding="utf-8")


def test_evaluation_reports_a_bad_file_by_line(app_state: AppState, tmp_path: Path) -> None:
    bad = tmp_path / "hong.csv"
    bad.write_text("id,question,type,split\nq1,,lead_agency,dev\n", encoding="utf-8")
    headline, *_ = evaluation_tab.run(app_state, evaluation_tab.UPLOADED, str(bad), "", False, progress=no_progress)
    assert headline.startswith("⚠️") and "hong.csv" in headline and str(tmp_path) not in headline
    missing, *_ = evaluation_tab.run(app_state, evaluation_tab.UPLOADED, None, "", False, progress=no_progress)
    assert "Hãy tải lên" in missing
    assert evaluation_tab.judge(app_state, None, "q001", "right", "")[0].startswith("⚠️")
    broken = tmp_path / "hong.jsonl"
    broken.write_text('{"id": "q1", "question": }\n', encoding="utf-8")
    headline, *_ = evaluation_tab.run(app_state, evaluation_tab.UPLOADED, str(broken), "", False, progress=no_progress)
    assert "dòng 1: không phải JSON hợp lệ (thiếu giá trị, cột" in headline and "Expecting" not in headline


# -- Tài liệu ----------------------------------------------------------------------------------------------


def _snapshot(state: AppState) -> tuple[list[str], str]:
    settings = state.settings
    return sorted(p.name for p in settings.corpus_dir.iterdir()), (settings.index_dir / "CURRENT").read_text()


@pytest.mark.parametrize(("name", "content", "message"), [
    ("trong.txt", b"", "tệp rỗng"),
    ("setup.exe", b"MZ\x90\x00", "định dạng không hỗ trợ"),
    ("ghi-chu.txt", "Chỉ là một ghi chú, không phải kế hoạch.".encode(), "không có cấu trúc kế hoạch"),
])
def test_bad_upload_is_refused_and_nothing_changes(app_state: AppState, tmp_path: Path, name: str,
                                                   content: bytes, message: str) -> None:
    path = tmp_path / name
    path.write_bytes(content)
    before = _snapshot(app_state)
    view, button = documents.preview(app_state, str(path))
    assert "pq-error" in view and message in view and button.visible is False
    view, *_ = documents.add(app_state, str(path), progress=no_progress)
    assert "pq-error" in view and _snapshot(app_state) == before


def test_upload_size_limit_comes_from_the_config(app_state: AppState, tmp_path: Path) -> None:
    path = tmp_path / "lon.txt"
    path.write_bytes(b"x" * 2_000)
    small = AppState(app_state.assistant, AppConfig(max_upload_mb=0.001, work_dir=tmp_path / "work"))
    view, _ = documents.preview(small, str(path))
    assert "quá lớn" in view


def test_upload_preview_then_add_reindexes_and_swaps(isolated_state: AppState, tmp_path: Path) -> None:
    # Another plan of the same province (its own number): an exact copy is refused (test_upload_identity.py).
    source = REPO / "corpus" / "004_dongthap_524-KH-UBND_cong-nghiep-moi-truong.txt"
    upload = tmp_path / "005_Kế hoạch mới (Đồng Tháp).txt"
    upload.write_text(source.read_text(encoding="utf-8").replace("Số: 524/KH-UBND", "Số: 999/KH-UBND"),
                      encoding="utf-8")
    view, button = documents.preview(isolated_state, str(upload))
    assert "005_Ke-hoach-moi-Dong-Thap.txt" in view and "Nhiệm vụ trong phụ lục" in view and button.visible
    assert "005" not in isolated_state.assistant.plans
    view, table, _ = documents.add(isolated_state, str(upload), progress=no_progress)
    assert "Đã thêm" in view and "005" in set(table["Mã nội bộ"])
    assert "005" in isolated_state.assistant.plans and "005" in isolated_state.matcher.plans
    answer = isolated_state.assistant.ask(chat.EXAMPLE_QUESTION, plan="005")
    assert answer.found and {c.plan_id for c in answer.citations} == {"005"}


def test_failed_reindex_removes_the_added_file(isolated_state: AppState, tmp_path: Path,
                                               monkeypatch: pytest.MonkeyPatch) -> None:
    upload = tmp_path / "006_them.txt"
    upload.write_text((REPO / "corpus" / "004_dongthap_524-KH-UBND_cong-nghiep-moi-truong.txt").read_text(
        encoding="utf-8").replace("Số: 524/KH-UBND", "Số: 998/KH-UBND"), encoding="utf-8")
    before = _snapshot(isolated_state)

    def broken(progress: object = None) -> None:
        raise IndexError_("đĩa đầy")

    monkeypatch.setattr(isolated_state, "reindex", broken)
    view, *_ = documents.add(isolated_state, str(upload), progress=no_progress)
    assert "đĩa đầy" in view and "gỡ khỏi kho" in view and _snapshot(isolated_state) == before


def test_plans_table_lists_the_indexed_plans(app_state: AppState) -> None:
    """Plans named by label in Vietnamese order; "chưa ghi số" without brackets; the internal id only last."""
    table = documents.plans_table(app_state)
    labels = {plan.plan_id: plan_label(plan) for plan in app_state.plans}
    assert list(table["Kế hoạch"]) == sorted_vietnamese(labels.values())
    assert list(table.columns)[0] == "Kế hoạch" and list(table.columns)[-1] == "Mã nội bộ"
    assert sorted(table["Mã nội bộ"])[:5] == ["000", "001", "002", "003", "004"]
    rows = table.set_index("Mã nội bộ")
    assert rows.loc["004", "Số hiệu"] == "524/KH-UBND" and rows.loc["001", "Số hiệu"] == "chưa ghi số"
    assert rows.loc["004", "Kế hoạch"] == labels["004"]
    shown = table.drop(columns="Mã nội bộ").astype(str).to_numpy().ravel()
    assert not any(cell in labels for cell in shown) and not any("(chưa ghi số)" in cell for cell in shown)
    assert all(plan_label(p) in label for p, (label, _) in zip(sorted_vietnamese(app_state.plans, key=plan_label),
                                                             documents.plan_choices(app_state)))


# -- serve command and configuration -----------------------------------------------------------------------


def test_loading_page_answers_at_once_and_frees_the_port() -> None:
    port = free_port()
    with splash.loading_page("127.0.0.1", port) as server:
        assert server is not None
        with pytest.raises(urllib.error.HTTPError) as raised:
            urllib.request.urlopen(f"http://127.0.0.1:{port}/", timeout=5)
        page = raised.value.read().decode("utf-8")
        assert raised.value.code == 503 and raised.value.headers["Retry-After"]
        assert '<html lang="vi">' in page and "đang khởi động" in page and 'http-equiv="refresh"' in page
    with socket.socket() as sock:  # closed before the app is launched on the same port (as uvicorn binds it)
        sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        sock.bind(("127.0.0.1", port))


def test_serve_command_is_registered_with_host_and_port() -> None:
    cli = typer.Typer()
    register(cli)

    @cli.command()
    def other() -> None:  # a second command keeps typer from collapsing the app into `serve`
        """Không dùng."""

    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0 and "--host" in result.output and "--port" in result.output


def test_environment_configures_auth_upload_limit_and_feedback(monkeypatch: pytest.MonkeyPatch,
                                                               tmp_path: Path) -> None:
    monkeypatch.delenv("PLAN_QA_USERNAME", raising=False)
    monkeypatch.delenv("PLAN_QA_PASSWORD", raising=False)
    monkeypatch.delenv("PLAN_QA_FEEDBACK_DIR", raising=False)
    assert auth_from_env() is None
    monkeypatch.setenv("PLAN_QA_USERNAME", "canbo")
    monkeypatch.setenv("PLAN_QA_PASSWORD", "mat-khau")
    monkeypatch.setenv("PLAN_QA_MAX_UPLOAD_MB", "5")
    monkeypatch.setenv("PLAN_QA_FEEDBACK_DIR", str(tmp_path))
    assert auth_from_env() == ("canbo", "mat-khau")
    config = AppConfig.from_env()
    assert config.max_upload_bytes == 5_000_000 and config.feedback_path == tmp_path / "feedback.jsonl"


def test_root_app_py_starts_the_serve_command() -> None:
    namespace = runpy.run_path(str(REPO / "app.py"), run_name="app")  # imported, not run: no server
    assert namespace["serve"].__module__ == "plan_qa.app.cli"


# -- the launched app ----------------------------------------------------------------------------------------


def test_twenty_concurrent_questions_through_the_api(live_url: str) -> None:
    from gradio_client import Client

    client = Client(live_url, verbose=False)
    warm = client.predict(chat.EXAMPLE_QUESTION, api_name="/ask")
    assert warm["latency_ms"] < 1000
    jobs = [client.submit(chat.EXAMPLE_QUESTION, api_name="/ask") for _ in range(20)]
    answers = [job.result(timeout=120) for job in jobs]
    assert len(answers) == 20 and all(EXPECTED_LEAD in a["answer"] and a["citations"] for a in answers)
