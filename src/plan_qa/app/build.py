"""The gr.Blocks app: five tabs over one loaded assistant, an `/ask` API endpoint, and its launch."""

from __future__ import annotations

import json
from functools import partial
from typing import Any

import gradio as gr

from plan_qa.app import chat, documents, evaluation_tab, similar, tasks_tab
from plan_qa.app.auth import LOG, LOGIN_MESSAGE, LoginGuard, exposure_warning
from plan_qa.app.state import AppState

TITLE = "Trợ lý kế hoạch UBND"
CONCURRENCY = 4  # questions answered at once; the rest wait in the queue
UPLOAD_HARD_LIMIT = 10  # × the configured limit: larger bodies are refused before reaching the app
CACHE_SWEEP = (600, 3600)  # every 10 min, Gradio deletes uploaded/cached files older than an hour
# Local fonts only (no web-font download); tables use the sans font too, because monospace fonts
# commonly lack precomposed Vietnamese letters and stack the tone marks wrongly.
FONTS = ["Noto Sans", "DejaVu Sans", "Arial", "sans-serif"]
THEME = gr.themes.Soft(primary_hue="blue", font=FONTS, font_mono=FONTS)
CSS = """
.gradio-container { max-width: 1400px !important; }
.pq-header h2 { margin-bottom: 0; }
.pq-muted { color: var(--body-text-color-subdued); font-size: 0.9em; }
#pq-plans td:last-child, #pq-plans th:last-child { color: var(--body-text-color-subdued); font-size: 0.85em; }
.pq-sources { display: flex; flex-direction: column; gap: 10px; max-height: 720px; overflow-y: auto; }
.pq-sources-head { font-weight: 600; }
.pq-card { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 10px 12px;
           background: var(--background-fill-secondary); overflow-wrap: anywhere; }
.pq-card-title { font-weight: 600; }
.pq-ref { color: var(--color-accent); margin-right: 4px; }
.pq-meta { color: var(--body-text-color-subdued); font-size: 0.85em; margin: 2px 0 6px; }
.pq-text { line-height: 1.5; }
.pq-sources mark, .pq-section mark { background: #ffe58f; color: inherit; padding: 0 1px; border-radius: 2px; }
.pq-section { margin-top: 8px; font-size: 0.9em; }
.pq-section summary { cursor: pointer; color: var(--color-accent); }
.pq-section ul { margin: 6px 0 0 0; padding-left: 18px; }
.pq-section li { margin-bottom: 4px; }
.pq-section li.pq-cited { background: #e6f4ff; border-radius: 4px; padding: 2px 4px; list-style: none;
                          margin-left: -18px; padding-left: 18px; }
.pq-section-title { font-weight: 600; margin-top: 6px; }
.pq-loc { color: var(--body-text-color-subdued); font-size: 0.85em; }
.pq-note { background: var(--background-fill-secondary); border-left: 4px solid #faad14; padding: 6px 10px;
           margin: 6px 0; border-radius: 4px; }
.pq-error { background: #fff1f0; border: 1px solid #ffa39e; color: #a8071a; padding: 10px 12px; border-radius: 6px; }
.pq-ok { background: #f6ffed; border: 1px solid #b7eb8f; color: #135200; padding: 10px 12px; border-radius: 6px; }
.pq-columns { display: grid; grid-template-columns: repeat(auto-fit, minmax(300px, 1fr)); gap: 12px; margin-top: 8px; }
.pq-col h4 { margin: 0 0 6px; }
.pq-plan { border: 1px solid var(--border-color-primary); border-radius: 8px; padding: 8px; margin-bottom: 10px; }
.pq-plan-title { font-weight: 600; font-size: 0.9em; margin-bottom: 6px; }
.pq-match { border-top: 1px dashed var(--border-color-primary); padding-top: 6px; margin-top: 6px; }
.pq-task { margin: 4px 0; }
.pq-field { font-size: 0.9em; padding: 1px 4px; border-radius: 3px; }
.pq-diff { background: #fff7c2; }
.pq-diff b { color: #ad4e00; }
.pq-same { color: var(--body-text-color-subdued); }
.pq-tag { background: #e6f4ff; color: #0958d9; border-radius: 3px; padding: 0 4px; font-size: 0.85em; }
.pq-table { border-collapse: collapse; width: 100%; font-size: 0.9em; margin: 6px 0 12px; }
.pq-table th, .pq-table td { border: 1px solid var(--border-color-primary); padding: 4px 6px; vertical-align: top;
                             text-align: left; overflow-wrap: anywhere; }
.pq-facts th { width: 32%; background: var(--background-fill-secondary); }
/* every tab reachable on a phone: the tab bar wraps instead of hiding tabs behind "⋯" (gradio measures the
   hidden copy of the bar to decide what overflows; measured narrow, every tab stays in the bar) */
.tab-wrapper { height: auto !important; min-height: var(--size-8); }
.tab-container { flex-wrap: wrap !important; height: auto !important; row-gap: 2px; }
.tab-container[role=tablist] button { height: auto; min-height: var(--size-8); }
@media (max-width: 640px) {
  .pq-header p { display: none; }
  #pq-chatbot { height: 34vh !important; min-height: 180px !important; }
}
.tab-container.visually-hidden button { max-width: 1px !important; padding: 0 !important; overflow: hidden; }
.pq-cite-link { border: none; background: none; padding: 0 1px; margin: 0; font: inherit; cursor: pointer;
                color: var(--color-accent); text-decoration: underline dotted; }
.pq-card.pq-flash { outline: 3px solid #1677ff; background: #e6f4ff; }
.pq-scroll { overflow-x: auto; max-width: 100%; }
.pq-scroll .pq-table { min-width: 760px; table-layout: fixed; }
.pq-table td.pq-num, .pq-table th.pq-num { width: 88px; white-space: nowrap; }
.pq-table th.pq-when { width: 120px; }
.pq-table th.pq-who { width: 170px; }
#pq-chat-status { min-height: 0; }
#pq-chat-status p { margin: 2px 0 0; color: #a8071a; }
/* data tables keep readable columns and scroll sideways on a narrow screen */
.pq-grid .table-wrap, .pq-grid table { min-width: 720px; }
.pq-grid { overflow-x: auto; }
.pq-banner { background: #fff1f0; border: 2px solid #cf1322; color: #a8071a; padding: 10px 12px; border-radius: 6px;
             font-weight: 600; }
table.diff { font-size: 0.85em; border-collapse: collapse; width: 100%; }
table.diff td { vertical-align: top; white-space: pre-wrap; overflow-wrap: anywhere; padding: 1px 4px; }
table.diff .diff_add { background: #d9f7be; } table.diff .diff_chg { background: #fff1b8; }
table.diff .diff_sub { background: #ffccc7; } table.diff .diff_next, table.diff .diff_header { color: #8c8c8c; }
"""

# Gradio's own tooltips and screen-reader labels are English; this puts them in Vietnamese.
TOOLTIPS = {
    "Clear": "Xóa hội thoại", "Copy conversation": "Chép cả hội thoại", "Copy message": "Chép tin nhắn",
    "Like": "Câu trả lời hữu ích", "Dislike": "Câu trả lời chưa đúng", "Copy table data": "Chép bảng",
    "Copied message": "Đã chép",
    "Copied conversation": "Đã chép cả hội thoại", "Scroll down": "Cuộn xuống cuối",
    "Fullscreen": "Toàn màn hình", "Exit fullscreen mode": "Thoát toàn màn hình", "Table actions": "Thao tác bảng",
    "Open cell menu": "Mở menu ô", "Reset to default value": "Về giá trị mặc định", "More tabs": "Thêm thẻ",
    "File upload": "Tải tệp lên", "Dataframe": "Bảng", "chatbot conversation": "Hội thoại",
}
# Gradio's own messages (toasts raised by its frontend) are English too; these say them in Vietnamese.
MESSAGES = [
    [r"^File\(s\) exceed the maximum allowed size of ([^:]+): (.*)$",
     "Tệp vượt quá dung lượng tối đa cho phép ($1): $2"],
    [r"^File size exceeded maximum allowed size of (\d+) bytes\.?$",
     "Tệp vượt quá dung lượng tối đa cho phép ($1 byte)."],
    [r"^Invalid file type\.?(.*)$", "Định dạng tệp không được chấp nhận.$1"],
    [r"^Connection errored out\.?$", "Mất kết nối tới máy chủ; hãy tải lại trang."],
    [r"^Error$", "Lỗi"], [r"^Warning$", "Cảnh báo"], [r"^Info$", "Thông báo"],
]
PAGE_JS = r"""() => {
  document.documentElement.lang = "vi";
  const vi = TOOLTIPS;
  const messages = MESSAGES.map(([pattern, text]) => [new RegExp(pattern), text]);
  const selector = Object.keys(vi).flatMap(k => [`[title="${k}"]`, `[aria-label="${k}"]`]).join(",");
  const translateText = (node) => {
    const value = node.nodeValue && node.nodeValue.trim();
    if (!value) return;
    for (const [pattern, text] of messages) {
      if (pattern.test(value)) { node.nodeValue = value.replace(pattern, text); return; }
    }
  };
  const translate = () => {
    document.querySelectorAll(selector).forEach(el => {
      for (const name of ["title", "aria-label"]) {
        const value = el.getAttribute(name);
        if (value && vi[value]) el.setAttribute(name, vi[value]);
      }
    });
    document.querySelectorAll(".toast-body, .toast-title, .toast-text, [data-testid='toast-body']").forEach(el => {
      const walker = document.createTreeWalker(el, NodeFilter.SHOW_TEXT);
      while (walker.nextNode()) translateText(walker.currentNode);
    });
  };
  // [n] in an answer: a button that scrolls to its source card and highlights it.
  const linkMarkers = () => document.querySelectorAll("#pq-chatbot .bot .prose, #pq-chatbot .bot.message .md")
    .forEach(box => {
      const walker = document.createTreeWalker(box, NodeFilter.SHOW_TEXT);
      const found = [];
      while (walker.nextNode()) {
        const node = walker.currentNode;
        if (/\[\d+\]/.test(node.nodeValue) && !node.parentElement.closest(".pq-cite-link")) found.push(node);
      }
      for (const node of found) {
        const part = document.createDocumentFragment();
        node.nodeValue.split(/(\[\d+\])/).forEach(text => {
          const number = /^\[(\d+)\]$/.exec(text);
          if (!number) { part.append(text); return; }
          const link = document.createElement("button");
          link.type = "button"; link.className = "pq-cite-link"; link.dataset.ref = number[1];
          link.textContent = text; link.title = `Xem nguồn ${text}`;
          part.append(link);
        });
        node.replaceWith(part);
      }
    });
  const turnOf = element => {
    const rows = [...document.querySelectorAll("#pq-chatbot .message-row, #pq-chatbot .message-wrap > .message")];
    const row = element.closest(".message-row") || element.closest(".message");
    return rows.slice(0, rows.indexOf(row) + 1)
      .filter(r => r.querySelector(".user") || r.classList.contains("user-row")).length - 1;
  };
  document.addEventListener("click", event => {
    const link = event.target.closest(".pq-cite-link");
    if (!link) return;
    const turn = String(turnOf(link));
    let tries = 0;
    const show = () => {
      const panel = document.querySelector("#pq-sources .pq-sources");
      const card = panel && panel.dataset.turn === turn && panel.querySelector(`[data-ref="${link.dataset.ref}"]`);
      if (!card) { if (tries++ < 40) setTimeout(show, 100); return; }
      document.querySelectorAll(".pq-card.pq-flash").forEach(c => c.classList.remove("pq-flash"));
      card.classList.add("pq-flash");
      card.scrollIntoView({behavior: "smooth", block: "center"});
    };
    show();
  });
  new MutationObserver(() => { translate(); linkMarkers(); })
    .observe(document.body, {subtree: true, childList: true, characterData: true});
  translate();
}""".replace("TOOLTIPS", json.dumps(TOOLTIPS, ensure_ascii=False)).replace(
    "MESSAGES", json.dumps(MESSAGES, ensure_ascii=False))


def _refresh(state: AppState, tabs: list[Any]) -> list[Any]:
    return [update for tab in tabs for update in tab.updates(state)]


def build_app(state: AppState, banner: str | None = None) -> gr.Blocks:
    """The Blocks app; handlers read the live assistant from `state` on every call.

    `banner` (the warning of an app open to the network without login) is shown above every tab.
    """
    with gr.Blocks(title=TITLE, analytics_enabled=False, delete_cache=CACHE_SWEEP) as demo:
        gr.Markdown(f"## 🏛️ {TITLE}\nTra cứu ngữ nghĩa và hỏi đáp có dẫn nguồn trên các kế hoạch của UBND "
                    "tỉnh/thành phố. Mọi câu trả lời đều trích đúng điều khoản trong kế hoạch.",
                    elem_classes="pq-header")
        if banner:
            gr.HTML(f'<div class="pq-banner" role="alert">⚠️ {banner}</div>', elem_id="pq-banner")
        with gr.Tabs():
            with gr.Tab("Hỏi đáp", id="chat"):
                chat_tab = chat.render(state)
            with gr.Tab("Nhiệm vụ tương tự", id="similar"):
                similar_tab = similar.render(state)
            with gr.Tab("Danh mục nhiệm vụ", id="tasks"):
                catalogue = tasks_tab.render(state)
            with gr.Tab("Đánh giá", id="evaluation"):
                evaluation_tab.render(state)
            with gr.Tab("Tài liệu", id="documents"):
                changes = documents.render(state)
        tabs = [chat_tab, similar_tab, catalogue]
        refreshed = [component for tab in tabs for component in tab.components()]
        for change in changes:
            change.then(partial(_refresh, state, tabs), outputs=refreshed, api_visibility="private")
        demo.load(partial(_refresh, state, tabs), outputs=refreshed, api_visibility="private")
        chat_tab.restore(demo)

        def ask(question: str, province: str = "", plan: str = "") -> dict:
            """Hỏi một câu (không lưu lịch sử); trả về câu trả lời kèm trích dẫn dạng JSON."""
            return chat.api_ask(state, question, province, plan)

        gr.api(ask, api_name="ask")
    return demo


def launch(state: AppState, host: str, port: int, auth: tuple[str, str] | None = None,
           block: bool = True) -> gr.Blocks:
    """Queue and serve the app; `block=False` returns once the server is up (tests).

    With `auth`, every page and API call needs a login, failed logins are slowed down, and only a
    logged-in user may change the corpus; without it beyond loopback, a warning is shown and logged.
    """
    state.config.auth = auth
    banner = exposure_warning(host, auth)
    if banner:
        LOG.warning(banner)
    demo = build_app(state, banner)
    demo.queue(default_concurrency_limit=CONCURRENCY)
    config = state.config
    demo.launch(
        server_name=host, server_port=port, auth=LoginGuard(*auth) if auth else None,
        auth_message=LOGIN_MESSAGE,
        prevent_thread_lock=not block, theme=THEME, css=CSS, js=PAGE_JS, footer_links=[], ssr_mode=False,
        quiet=not block,
        max_file_size=config.max_upload_bytes * UPLOAD_HARD_LIMIT,
        allowed_paths=[str(config.work_dir), str(config.reports_dir)],
    )
    return demo
