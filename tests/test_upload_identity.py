"""Who may change the answers, and how: uploads identified by content and by number + province, a tampered
copy held for side-by-side review, removal, README-named uploads, login, the data folder, the question limit.
Real corpus, real model and index; each test works on its own copy."""

from __future__ import annotations

import shutil
from pathlib import Path

import gradio as gr
import pytest
from gradio.utils import get_upload_folder

from plan_qa.app import chat, documents
from plan_qa.app.auth import LoginGuard, auth_from_env, exposure_warning
from plan_qa.app.build import build_app
from plan_qa.app.state import AppConfig, AppState
from plan_qa.config import Settings
from plan_qa.embeddings import load_embedder
from plan_qa.index import IndexError_, build_index
from plan_qa.labels import plan_label
from plan_qa.ingest.limits import MAX_QUESTION_CHARS
from plan_qa.uploads import UploadError, add_to_corpus

REPO = Path(__file__).resolve().parents[1]
SOURCE_004 = REPO / "corpus" / "004_dongthap_524-KH-UBND_cong-nghiep-moi-truong.txt"
QUESTION = "Cơ quan nào chủ trì đề xuất xây dựng các khu xử lý, tái chế chất thải?"
ROW = "4\tĐề xuất xây dựng các khu xử lý, tái chế chất thải.\tSở Nông nghiệp và Môi trường\t"
TAMPERED_ROW = "4\tĐề xuất xây dựng các khu xử lý, tái chế chất thải.\tSở Tài chính\t"


def no_progress(*_args: object, **_kwargs: object) -> None:
    """Stands in for gr.Progress when a handler is called directly."""


@pytest.fixture(scope="module")
def base(tmp_path_factory: pytest.TempPathFactory) -> Path:
    root = tmp_path_factory.mktemp("uploads")
    shutil.copytree(REPO / "corpus", root / "corpus")
    settings = Settings(corpus_dir=root / "corpus", index_root=root / "indexes")
    build_index(settings.corpus_dir, settings.index_dir, load_embedder())
    return root


def make_state(base: Path, root: Path, auth: tuple[str, str] | None = None) -> AppState:
    shutil.copytree(base, root / "site")
    settings = Settings(corpus_dir=root / "site" / "corpus", index_root=root / "site" / "indexes")
    config = AppConfig(feedback_dir=root / "feedback", reports_dir=root / "reports",
                       judgments_path=root / "judgments.sqlite", removed_dir=root / "removed",
                       work_dir=root / "work", auth=auth)
    return AppState.load(settings, config)


@pytest.fixture
def state(base: Path, tmp_path: Path) -> AppState:
    return make_state(base, tmp_path)


def corpus_names(state: AppState) -> list[str]:
    return sorted(p.name for p in state.settings.corpus_dir.iterdir())


def lead_for_004(state: AppState) -> str:
    return state.assistant.ask(QUESTION, plan="004").answer


def test_exact_and_text_identical_copies_are_refused(state: AppState, tmp_path: Path) -> None:
    before = corpus_names(state)
    same_bytes = tmp_path / "ban-sao-khac-ten.txt"
    shutil.copyfile(SOURCE_004, same_bytes)
    view, button = documents.preview(state, str(same_bytes))
    assert "trùng hoàn toàn" in view and button.visible is False
    same_text = tmp_path / "ban-sao-crlf.txt"
    same_text.write_bytes(SOURCE_004.read_bytes().replace(b"\n", b"\r\n"))
    view, _ = documents.preview(state, str(same_text))
    assert "Nội dung tệp trùng với kế hoạch" in view and "004" in view
    view, *_ = documents.add(state, str(same_text), progress=no_progress)
    assert "pq-error" in view and corpus_names(state) == before


def test_tampered_copy_is_held_for_review_then_replaces_only_when_confirmed(state: AppState,
                                                                             tmp_path: Path) -> None:
    text = SOURCE_004.read_text(encoding="utf-8")
    assert ROW in text
    tampered = tmp_path / "ke-hoach-524-dong-thap.txt"
    tampered.write_text(text.replace(ROW, TAMPERED_ROW), encoding="utf-8")
    before = corpus_names(state)
    view, button = documents.preview(state, str(tampered))
    assert "cùng số hiệu 524/KH-UBND" in view and "chưa được thêm" in view
    assert 'class="diff_chg"' in view or 'class="diff_add"' in view
    assert "Tài" in view and "Thay thế KH 524/KH-UBND Đồng Tháp bằng tệp" in button.value and button.visible
    assert corpus_names(state) == before and "Sở Nông nghiệp và Môi trường" in lead_for_004(state)
    with pytest.raises(UploadError, match="xác nhận thay thế"):
        add_to_corpus(tampered, state.settings.corpus_dir, existing=state.plans)  # never silently added
    assert corpus_names(state) == before
    view, table, _ = documents.add(state, str(tampered), progress=no_progress)  # the confirmed replacement
    assert "thay cho kế hoạch KH 524/KH-UBND · " in view, view
    assert sorted(table["Mã nội bộ"]) == ["000", "001", "002", "003", "004"]
    assert corpus_names(state) == before  # stored under the replaced file's name: the plan keeps its id
    assert (state.settings.corpus_dir / SOURCE_004.name).read_text(encoding="utf-8") == tampered.read_text(
        encoding="utf-8")
    assert [p.name for p in state.config.removed_dir.rglob("*.txt")] == [SOURCE_004.name]  # kept, not deleted
    assert "Sở Tài chính" in lead_for_004(state)


def test_readme_named_upload_is_added_and_indexed(state: AppState, tmp_path: Path) -> None:
    upload = tmp_path / "readme.txt"
    upload.write_text(SOURCE_004.read_text(encoding="utf-8").replace("Số: 524/KH-UBND", "Số: 997/KH-UBND"),
                      encoding="utf-8")
    view, table, _ = documents.add(state, str(upload), progress=no_progress)
    assert "Đã thêm" in view and "ke-hoach-readme" in set(table["Mã nội bộ"])
    assert "ke-hoach-readme" in state.assistant.plans and not state.assistant.index.skipped


def test_remove_a_plan_reindexes_and_undoes_on_failure(state: AppState, monkeypatch: pytest.MonkeyPatch) -> None:
    label = plan_label(state.assistant.plans["003"])
    view, table = documents.remove(state, "003", progress=no_progress)
    assert f"Đã gỡ kế hoạch {label}" in view and "003" not in set(table["Mã nội bộ"]) and "003" not in state.assistant.plans
    assert len(list(state.config.removed_dir.rglob("003_*"))) == 1
    before = corpus_names(state)

    def broken(progress: object = None) -> None:
        raise IndexError_("đĩa đầy")

    monkeypatch.setattr(state, "reindex", broken)
    view, _ = documents.remove(state, "002", progress=no_progress)
    assert "đĩa đầy" in view and corpus_names(state) == before


def test_with_login_on_only_a_logged_in_user_changes_the_corpus(base: Path, tmp_path: Path) -> None:
    state = make_state(base, tmp_path, auth=("canbo", "mat-khau"))
    upload = tmp_path / "moi.txt"
    upload.write_text(SOURCE_004.read_text(encoding="utf-8").replace("Số: 524/KH-UBND", "Số: 996/KH-UBND"),
                      encoding="utf-8")
    before = corpus_names(state)
    view, button = documents.preview(state, str(upload))
    assert "Cần đăng nhập" in view and button.visible is False
    assert "Cần đăng nhập" in documents.add(state, str(upload), progress=no_progress)[0]
    assert "Cần đăng nhập" in documents.remove(state, "003", progress=no_progress)[0]
    assert corpus_names(state) == before
    view, *_ = documents.add(state, str(upload), progress=no_progress, request=gr.Request(username="canbo"))
    assert "Đã thêm" in view and len(corpus_names(state)) == len(before) + 1


def test_auth_needs_both_variables(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("PLAN_QA_USERNAME", "canbo")
    monkeypatch.delenv("PLAN_QA_PASSWORD", raising=False)
    with pytest.raises(ValueError, match="thiếu PLAN_QA_PASSWORD"):
        auth_from_env()


def test_failed_logins_are_slowed_down(monkeypatch: pytest.MonkeyPatch) -> None:
    waits: list[float] = []
    monkeypatch.setattr("plan_qa.app.auth.time.sleep", waits.append)
    guard = LoginGuard("canbo", "mat-khau")
    assert not guard("canbo", "sai") and not guard("canbo", "sai") and not guard("khach", "")
    assert waits == [1.0, 2.0, 4.0]
    assert guard("canbo", "mat-khau") and len(waits) == 3
    assert not guard("canbo", "sai") and waits[-1] == 1.0  # reset after a success


@pytest.mark.parametrize(("host", "auth", "warned"), [
    ("127.0.0.1", None, False), ("localhost", None, False), ("::1", None, False),
    ("0.0.0.0", None, True), ("192.168.1.5", None, True), ("0.0.0.0", ("a", "b"), False)])
def test_exposure_warning(host: str, auth: tuple[str, str] | None, warned: bool) -> None:
    assert (exposure_warning(host, auth) is not None) == warned


def test_banner_is_shown_when_exposed(state: AppState) -> None:
    banner = exposure_warning("0.0.0.0", None)
    demo = build_app(state, banner)
    assert any(banner in str(getattr(block, "value", "")) for block in demo.blocks.values())


def test_app_writes_under_the_data_folder(monkeypatch: pytest.MonkeyPatch, tmp_path: Path) -> None:
    monkeypatch.setenv("PLAN_QA_DATA", str(tmp_path / "du-lieu"))
    monkeypatch.delenv("PLAN_QA_FEEDBACK_DIR", raising=False)
    config = AppConfig()
    for path in (config.feedback_dir, config.reports_dir, config.judgments_path, config.removed_dir):
        assert path.is_relative_to(tmp_path / "du-lieu") and not path.is_relative_to(REPO)


def test_uploads_are_removed_from_gradio_cache_only(tmp_path: Path) -> None:
    cached = Path(get_upload_folder()) / "plan-qa-test" / "tai-len.txt"
    cached.parent.mkdir(parents=True, exist_ok=True)
    cached.write_text("x")
    elsewhere = tmp_path / "cua-nguoi-dung.txt"
    elsewhere.write_text("x")
    documents.forget_upload(str(cached))
    documents.forget_upload(str(elsewhere))
    assert not cached.exists() and elsewhere.exists()
    cached.parent.rmdir()


def test_long_question_is_refused_at_the_door(state: AppState) -> None:
    answer = chat.api_ask(state, "chất thải " * (MAX_QUESTION_CHARS // 5))
    assert answer["found"] is False and "quá dài" in answer["answer"] and not answer["citations"]
    assert len(answer["question"]) < 300


def test_gradio_messages_are_said_in_vietnamese(tmp_path: Path) -> None:
    """The toast patterns of the page script, run by node on Gradio's own English messages."""
    import json
    import subprocess

    from plan_qa.app.build import MESSAGES

    node = shutil.which("node")
    if node is None:
        pytest.skip("node không có trên máy: bỏ qua kiểm tra mẫu dịch thông báo của Gradio")
    script = "const messages = " + json.dumps(MESSAGES) + r""".map(([p, t]) => [new RegExp(p), t]);
for (const s of ['File(s) exceed the maximum allowed size of 200 MB: "a.pdf"', 'Error', 'Connection errored out.',
                 'File size exceeded maximum allowed size of 200000000 bytes.']) {
  const hit = messages.find(([p]) => p.test(s)); console.log(hit ? s.replace(hit[0], hit[1]) : s);
}"""
    out = subprocess.run([node, "-e", script], capture_output=True, text=True, timeout=60).stdout.splitlines()
    assert out == ['Tệp vượt quá dung lượng tối đa cho phép (200 MB): "a.pdf"', "Lỗi",
                   "Mất kết nối tới máy chủ; hãy tải lại trang.",
                   "Tệp vượt quá dung lượng tối đa cho phép (200000000 byte)."]


def test_documents_tab_lists_skipped_files_with_reasons(base: Path, tmp_path: Path) -> None:
    shutil.copytree(base, tmp_path / "prepared")
    (tmp_path / "prepared" / "corpus" / "010_trong.txt").write_bytes(b"")
    (tmp_path / "prepared" / "corpus" / "011_ban-sao.txt").write_bytes(b"\x00\x01\x02" * 100)
    state = make_state(tmp_path / "prepared", tmp_path)
    status = documents.status_html(state)
    assert "2 tệp trong kho không được đưa vào chỉ mục" in status
    assert "010_trong.txt" in status and "rỗng" in status and "011_ban-sao.txt" in status
    assert sorted(state.assistant.plans) == ["000", "001", "002", "003", "004"]
