"""End to end in headless Chromium: the launched app as an official uses it.

Needs Debian's chromium at /usr/bin/chromium and Playwright's Python package
(scripts/install_browser.sh); skipped otherwise. Screenshots of every tab go to
test-artifacts/ (git-ignored); with PLAN_QA_DOCS_SCREENSHOT=1 the chat tab also replaces
docs/screenshot-chat.png.
"""

from __future__ import annotations

import importlib.util
import json
import os
from collections.abc import Iterator
from pathlib import Path

import pytest
from test_app import EXPECTED_LEAD, REPO, app_state, live_url  # noqa: F401 - session fixtures shared with test_app

CHROMIUM = Path("/usr/bin/chromium")
ARGS = ["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]
ARTIFACTS = REPO / "test-artifacts"
TIMEOUT = 60_000  # ms; the first answer of a cold browser includes loading the page's scripts

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not CHROMIUM.exists(), reason="cần /usr/bin/chromium (chạy scripts/install_browser.sh)"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None,
                       reason="cần gói playwright (chạy scripts/install_browser.sh)"),
]


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=str(CHROMIUM), args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture
def page(browser, live_url: str):  # noqa: F811 - the imported fixture
    context = browser.new_context(viewport={"width": 1440, "height": 1000}, locale="vi-VN", accept_downloads=True)
    page = context.new_page()
    page.set_default_timeout(TIMEOUT)
    page.goto(live_url)
    page.wait_for_selector("#pq-question textarea")
    yield page
    context.close()


def screenshot(page, name: str) -> Path:
    ARTIFACTS.mkdir(exist_ok=True)
    path = ARTIFACTS / f"{name}.png"
    page.screenshot(path=str(path), full_page=True)
    return path


def open_tab(page, name: str) -> None:
    page.get_by_role("tab", name=name).click()


def test_chat_answers_the_example_question_with_citations(page) -> None:
    page.get_by_text("Hỏi cơ quan chủ trì:").click()  # the example fills the box and asks
    page.wait_for_selector("#pq-sources .pq-card")
    assert EXPECTED_LEAD in page.inner_text("#pq-chatbot")
    cards = page.locator("#pq-sources .pq-card")
    assert cards.count() >= 1 and "[1]" in cards.first.inner_text()
    assert page.locator("#pq-sources mark").count() >= 1
    page.locator("#pq-sources summary").first.click()  # the surrounding section opens
    assert page.locator("#pq-sources .pq-section li.pq-cited").first.is_visible()
    page.get_by_placeholder("Viết nhận xét rồi bấm").fill("Đúng, rõ ràng")
    page.locator('#pq-chatbot button[title="Câu trả lời hữu ích"]').last.click()  # tooltips are Vietnamese
    page.get_by_text("Đã ghi nhận 👍 cho câu trả lời số 1 kèm nhận xét").wait_for()
    page.fill("#pq-question textarea", "Còn ở Đồng Tháp thì sao?")
    page.click("#pq-send")
    page.wait_for_function("document.querySelectorAll('#pq-chatbot .message-row, #pq-chatbot .message').length >= 4"
                           " && document.querySelector('#pq-sources').innerText.includes('Đồng Tháp')")
    page.locator("#pq-sources summary").first.click()
    page.wait_for_timeout(300)
    path = screenshot(page, "1-hoi-dap")
    if os.environ.get("PLAN_QA_DOCS_SCREENSHOT"):  # refresh the README picture on request only
        (REPO / "docs" / "screenshot-chat.png").write_bytes(path.read_bytes())


def test_similar_task_search_shows_provinces(page) -> None:
    open_tab(page, "Nhiệm vụ tương tự")
    page.fill("#pq-similar-text textarea", "Đề xuất xây dựng các khu xử lý, tái chế chất thải")
    page.click("#pq-similar-search")
    page.wait_for_selector("#pq-similar-result .pq-col")
    result = page.inner_text("#pq-similar-result")
    assert "Đồng Tháp" in result and "Hà Nội" in result and EXPECTED_LEAD in result
    screenshot(page, "2-nhiem-vu-tuong-tu")


def test_task_catalogue_exports_csv(page, tmp_path: Path) -> None:
    open_tab(page, "Danh mục nhiệm vụ")
    page.wait_for_selector("#pq-export-csv")
    screenshot(page, "3-danh-muc-nhiem-vu")
    with page.expect_download() as download_info:
        page.click("#pq-export-csv")
    download = download_info.value
    assert download.suggested_filename == "danh-muc-nhiem-vu.csv"
    saved = tmp_path / download.suggested_filename
    download.save_as(saved)
    header = saved.read_text(encoding="utf-8-sig").splitlines()[0]
    assert header.startswith("Tỉnh/TP,Kế hoạch,Loại")


def test_evaluation_runs_an_uploaded_set(page, tmp_path: Path) -> None:
    rows = [json.loads(line) for line in (REPO / "eval" / "qa.jsonl").read_text(encoding="utf-8").splitlines()]
    chosen = [r for r in rows if r["id"] in ("q001", "q119", "q130")]
    qa = tmp_path / "bo-cau-hoi.jsonl"
    qa.write_text("".join(json.dumps(r, ensure_ascii=False) + "\n" for r in chosen), encoding="utf-8")
    open_tab(page, "Đánh giá")
    page.locator('input[data-testid="Tải lên bộ câu hỏi (.jsonl, .csv)…-upload-button"]').set_input_files(str(qa))
    page.get_by_text("Đã chọn tệp: bo-cau-hoi.jsonl").wait_for()
    page.click("#pq-eval-run")
    page.get_by_text("3 câu hỏi").wait_for()
    page.wait_for_timeout(500)
    screenshot(page, "4-danh-gia")


@pytest.mark.parametrize(("name", "mime", "content", "message"), [
    ("trong.txt", "text/plain", b"", "tệp rỗng"),
    ("setup.exe", "application/octet-stream", b"MZ\x90\x00", "định dạng không hỗ trợ"),
])
def test_bad_upload_shows_a_vietnamese_error(page, name: str, mime: str, content: bytes, message: str) -> None:
    open_tab(page, "Tài liệu")
    page.locator('input[data-testid="Chọn tệp kế hoạch để tải lên…-upload-button"]').set_input_files(
        {"name": name, "mimeType": mime, "buffer": content})
    page.wait_for_selector("#pq-upload-result .pq-error")
    assert message in page.inner_text("#pq-upload-result")
    assert not page.locator("#pq-add").is_visible()
    screenshot(page, f"5-tai-lieu-{Path(name).suffix.lstrip('.')}")
