"""Tab "Hỏi đáp": answers with numbered citations, the cited clauses beside them, feedback and download."""

from __future__ import annotations

import html
import uuid
from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from functools import partial
from typing import Any

import gradio as gr

from plan_qa.answering import Answer, Citation
from plan_qa.app.choices import ALL, chosen, plan_options, province_options
from plan_qa.app.feedback import record_feedback
from plan_qa.app.files import download_file
from plan_qa.app.highlight import Marks, highlight, question_marks
from plan_qa.answering.question import Question
from plan_qa.answering.scope import pin_plan
from plan_qa.app.state import AppState
from plan_qa.ingest.limits import question_problem
from plan_qa.labels import plan_label, plan_short_label
from plan_qa.parsing import Clause, Plan

EXAMPLE_QUESTION = "Cơ quan nào chủ trì đề xuất xây dựng các khu xử lý, tái chế chất thải?"
# Every example stands on its own: a follow-up ("Còn ở Đồng Tháp thì sao?") means nothing in a fresh chat,
# so it is suggested in the placeholder instead.
EXAMPLES: list[tuple[str, str]] = [
    ("Hỏi cơ quan chủ trì", EXAMPLE_QUESTION),
    ("Gõ không dấu", "so nao chu tri danh gia nhu cau nguon nhan luc nganh cong nghiep moi truong o dong thap"),
    ("Dùng chữ viết tắt", "KH 524/KH-UBND giao ai chủ trì hỗ trợ DN CNMT áp dụng mô hình KTTH, thời gian thực hiện?"),
    ("Hỏi trong một tỉnh", "Ở Hà Nội, sở nào chủ trì đánh giá nhu cầu nguồn nhân lực ngành công nghiệp môi trường?"),
    ("Ngoài phạm vi kế hoạch", "Giá vé xe buýt ở Hà Nội là bao nhiêu?"),
]
MAX_QUESTION_CHARS = 2000  # the server refuses longer questions; the box warns before that
SAVED_KEY = "plan-qa-hoi-thoai"  # the browser's local storage key of the saved conversations
SAVED_LIMIT = 20
TITLE_CHARS = 70
EMPTY_SOURCES = ('<div class="pq-sources"><p class="pq-muted">Các điều khoản được trích dẫn sẽ hiện ở đây '
                 "sau khi bạn đặt câu hỏi.</p></div>")
SECTION_LIMIT = 40


# -- what the user reads -------------------------------------------------------------------------


def filter_scope(state: AppState, question: str | Question, province: str | None,
                 plan: str | None) -> tuple[str | None, str | None, str]:
    """The filters to ask under, and a note saying which were used or set aside.

    A question that names a province or singles out a plan wins over a leftover filter;
    the note says so and how to get the other reading. `question` may be already read.
    """
    province, plan = chosen(province), chosen(plan)
    if not province and not plan:
        return None, None, ""
    plans = state.assistant.plans
    read = question if isinstance(question, Question) else state.assistant.reader.read(question)
    named = [mention.province for mention in read.provinces]
    named_plan = pin_plan(read, list(plans.values())) if plan else None
    filter_names = ", ".join(filter(None, [province, plan_short_label(plans[plan]) if plan in plans else None]))
    plan_province = plans[plan].metadata.province if plan in plans else None
    overridden = (named and ((province and province not in named) or (plan_province and plan_province not in named))) \
        or (named_plan and named_plan != plan)
    if overridden:
        about = ", ".join(named) if named else plan_short_label(plans[named_plan])
        return None, None, (f"ℹ️ Câu hỏi nêu {about} nên câu trả lời theo {about}, không theo bộ lọc "
                            f"“{filter_names}”. Muốn hỏi trong {filter_names}, hãy bỏ {about} khỏi câu hỏi.")
    return province, plan, f"ℹ️ Trả lời trong phạm vi bộ lọc: {filter_names}."


def answer_message(answer: Answer, note: str = "", plans: dict[str, Plan] | None = None) -> str:
    """The chat bubble: the note on filters, the answer text, and for a refusal the nearest clauses."""
    text = f"{note}\n\n{answer.answer}" if note else answer.answer
    if not answer.found and answer.related:
        plans = plans or {}
        nearest = "\n".join(
            f"- [{c.ref}] {plan_short_label(plans[c.plan_id]) if c.plan_id in plans else c.plan_title}, {c.locator}"
            for c in answer.related)
        text += f"\n\nCó thể liên quan:\n{nearest}"
    return text


def detail_lines(answer: Answer, state: AppState) -> list[str]:
    """Per cited clause: the plan, where, and for a task row every field as the plan writes it."""
    assistant = state.assistant
    lines = []
    for citation in answer.citations:
        plan = assistant.plans.get(citation.plan_id)
        where = f"{plan_short_label(plan) if plan else citation.plan_title}, {citation.locator}"
        row = assistant.rows.get(citation.clause_id)
        if row is None:
            lines.append(f"[{citation.ref}] {where}.")
            continue
        lines.append(f"[{citation.ref}] {where}: chủ trì: {row.lead_text or 'không ghi'}; phối hợp: "
                     f"{row.coordinators_text or 'không ghi'}; thời gian: {row.timeline or 'không ghi'}.")
    return lines


def answer_messages(answer: Answer, state: AppState, note: str = "") -> list[dict[str, Any]]:
    """The answer bubble, then its details folded under "Chi tiết" (only when there are some)."""
    plans = state.assistant.plans
    messages: list[dict[str, Any]] = [{"role": "assistant", "content": answer_message(answer, note, plans)}]
    details = detail_lines(answer, state) if answer.found else []
    if details:
        messages.append({"role": "assistant", "content": "\n".join(f"- {line}" for line in details),
                         "metadata": {"title": "Chi tiết", "status": "done"}})
    return messages


def section_clauses(plan: Plan, clause_id: str) -> list[Clause]:
    """The clause's surrounding section: its heading and the clauses beside it (or its own children)."""
    try:
        clause = plan.clause(clause_id)
    except KeyError:
        return []
    if len(clause.path) == 1:
        return [c for c in plan.clauses if c.path[:1] == clause.path and len(c.path) <= 2][:SECTION_LIMIT]
    parent = clause.path[:-1]
    heading = [c for c in plan.clauses if c.path == parent]
    siblings = [c for c in plan.clauses
                if c.path[:-1] == parent and len(c.path) == len(clause.path) and c.headings == clause.headings]
    return (heading + siblings)[:SECTION_LIMIT]


def section_html(plan: Plan, citation: Citation, marks: Marks) -> str:
    """An expandable <details> with the section around the cited clause (the clause itself marked)."""
    clauses = section_clauses(plan, citation.clause_id)
    if not clauses:
        return ""
    title = " › ".join(clauses[0].headings + ([clauses[0].text] if clauses[0].is_heading else []))
    rows = "".join(
        f'<li class="{"pq-cited" if c.id == citation.clause_id else ""}">'
        f'<span class="pq-loc">{html.escape(c.locator)}</span> '
        f"{highlight(c.text, marks) if c.id == citation.clause_id else html.escape(c.text)}</li>"
        for c in clauses
    )
    return (f'<details class="pq-section"><summary>Xem cả mục chứa điều khoản</summary>'
            f'<div class="pq-section-title">{html.escape(title)}</div><ul>{rows}</ul></details>')


def citation_card(citation: Citation, plan: Plan | None, marks: Marks) -> str:
    """One cited clause: the plan's human label, where in it, the clause with the question's words marked."""
    title = plan_label(plan) if plan else citation.plan_title
    return (
        f'<div class="pq-card" id="pq-cite-{citation.ref}" data-ref="{citation.ref}">'
        f'<div class="pq-card-title"><span class="pq-ref">[{citation.ref}]</span> {html.escape(title)}</div>'
        f'<div class="pq-meta">{html.escape(citation.locator)}</div>'
        f'<div class="pq-text">{highlight(citation.text, marks)}</div>'
        f"{section_html(plan, citation, marks) if plan else ''}</div>"
    )


def sources_html(answer: Answer, plans: dict[str, Plan], turn: int = 0) -> str:
    """The side panel for answer number `turn`: cited clauses, or the "có thể liên quan" clauses of a refusal."""
    cited = answer.citations if answer.found else answer.related
    if not cited:
        return EMPTY_SOURCES
    marks = question_marks(f"{answer.question} {(answer.scope or {}).get('query', '')}")  # a follow-up's subject too
    heading = (f"Nguồn trích dẫn ({len(cited)})" if answer.found
               else f"Có thể liên quan ({len(cited)}) — không đủ căn cứ để trả lời")
    seconds = f"{answer.latency_ms / 1000:.2f}".replace(".", ",")
    cards = "".join(citation_card(c, plans.get(c.plan_id), marks) for c in cited)
    return (f'<div class="pq-sources" data-turn="{turn}"><div class="pq-sources-head">{heading}'
            f'<span class="pq-muted"> · câu hỏi {turn + 1} · trả lời trong {seconds} giây</span></div>{cards}</div>')


def answer_markdown(answer: Answer, plans: dict[str, Plan]) -> str:
    """The answer with its sources as a Markdown document to download."""
    scope = answer.scope or {}
    plan_id = scope.get("plan_id")
    where = ", ".join(filter(None, [", ".join(scope.get("province") or []),
                                    plan_label(plans[plan_id]) if plan_id in plans else None]))
    cited = answer.citations if answer.found else answer.related
    lines = ["# Câu hỏi", "", answer.question, ""]
    if where:
        lines += [f"Phạm vi: {where}", ""]
    lines += ["## Trả lời", "", answer.answer, "", "## Nguồn" if answer.found else "## Có thể liên quan", ""]
    for c in cited:
        name = plan_label(plans[c.plan_id]) if c.plan_id in plans else c.plan_title
        lines += [f"**[{c.ref}]** {name} — {c.locator}", "", f"> {c.text}", ""]
    if not cited:
        lines += ["(không có)", ""]
    lines += ["---", f"Tạo bởi plan-qa lúc {datetime.now().strftime('%H:%M %d/%m/%Y')}."]
    return "\n".join(lines) + "\n"


def answer_json(answer: Answer) -> dict[str, Any]:
    """The answer's public fields for the API and the browser's saved conversations (ranked retrieval left out)."""
    data = answer.to_dict()
    data.pop("retrieved")
    return data


def answer_from_json(data: dict[str, Any]) -> Answer:
    """An answer saved by `answer_json`, back as an Answer."""
    fields = dict(data)
    for key in ("citations", "related"):
        fields[key] = [Citation(**c) for c in fields.get(key) or []]
    return Answer(**fields)


def answer_position(messages: list[dict], message_index: int) -> int:
    """Which answer (0-based) chat message `message_index` belongs to: count the questions up to it."""
    return sum(1 for m in messages[: message_index + 1] if m.get("role") == "user") - 1


# -- handlers ----------------------------------------------------------------------------------------


def respond(state: AppState, question: str, messages: list[dict], answers: list[Answer],
            province: str | None, plan: str | None) -> tuple[Any, ...]:
    """Ask within the filters (unless the question names another place or plan), with the session's
    earlier answers as history; update chat, panel, download and the status under the input."""
    question = (question or "").strip()
    if not question:
        return messages, answers, gr.skip(), gr.skip(), gr.skip(), "⚠️ Vui lòng nhập câu hỏi."
    if len(question) > MAX_QUESTION_CHARS:
        length = f"{len(question):,}".replace(",", ".")
        return (messages, answers, gr.skip(), gr.skip(), gr.skip(),
                f"⚠️ Câu hỏi dài {length} ký tự, quá giới hạn {LIMIT_TEXT} ký tự. Hãy rút gọn.")
    assistant = state.assistant
    read = assistant.reader.read(question)  # read once: for the filters and for the answer
    province_used, plan_used, note = filter_scope(state, read, province, plan)
    answer = assistant.ask(read, history=answers, province=province_used, plan=plan_used)
    if note:
        answer.notices.append(note)
    messages = [*messages, {"role": "user", "content": question}, *answer_messages(answer, state, note)]
    path = download_file(state.config.work_dir / "answers", "cau-tra-loi.md",
                         answer_markdown(answer, assistant.plans).encode())
    return (messages, [*answers, answer], sources_html(answer, assistant.plans, len(answers)),
            gr.DownloadButton(value=str(path), visible=True), "", "")


def show_sources(state: AppState, answers: list[Answer], messages: list[dict], data: gr.SelectData) -> Any:
    """The sources of the answer whose message was clicked (the latest one is shown after asking)."""
    index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
    position = answer_position(messages, int(index))
    if not 0 <= position < len(answers):
        return gr.skip()
    return sources_html(answers[position], state.assistant.plans, position)


def rate(state: AppState, answers: list[Answer], position: int, helpful: bool, comment: str) -> str:
    """Save 👍/👎 (and the comment) for answer number `position` (0-based)."""
    if not 0 <= position < len(answers):
        return "Không tìm thấy câu trả lời để ghi nhận đánh giá."
    record_feedback(state.config.feedback_path, answers[position], helpful, comment)
    mark = "👍" if helpful else "👎"
    return f"Đã ghi nhận {mark} cho câu trả lời số {position + 1}{' kèm nhận xét' if comment.strip() else ''}. Cảm ơn!"


def on_like(state: AppState, answers: list[Answer], messages: list[dict], comment: str,
            data: gr.LikeData) -> tuple[str, str]:
    """Chatbot like/dislike event → `rate`; clears the comment box."""
    index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
    helpful = data.liked is True or data.liked == "Like"
    return rate(state, answers, answer_position(messages, int(index)), helpful, comment or ""), ""


def api_ask(state: AppState, question: str, province: str = "", plan: str = "") -> dict[str, Any]:
    """One stateless question → the answer JSON (the `/ask` API endpoint); filters as in the chat."""
    question = (question or "").strip()
    read = question if not question or question_problem(question) else state.assistant.reader.read(question)
    province_used, plan_used, note = filter_scope(state, read, province, plan)
    answer = state.assistant.ask(read, province=province_used, plan=plan_used)
    if note:
        answer.notices.append(note)
    return answer_json(answer)


def plan_filter(state: AppState, province: str | None) -> gr.Dropdown:
    """Plan choices narrowed to the chosen province."""
    return gr.Dropdown(choices=plan_options(state, chosen(province)), value=ALL)


def new_conversation() -> tuple[Any, ...]:
    """Empty chat, history, sources panel, download, status, both filters and a new conversation id."""
    return [], [], EMPTY_SOURCES, gr.DownloadButton(visible=False), "", ALL, ALL, None


# -- conversations kept in the browser ----------------------------------------------------------------


def conversation_title(messages: list[dict]) -> str:
    """The first question, cut short, as the conversation's name."""
    first = next((m for m in messages if m.get("role") == "user"), None)
    text = " ".join(_text(first["content"]).split()) if first else "Hội thoại"
    return text if len(text) <= TITLE_CHARS else text[: TITLE_CHARS - 1] + "…"


def _text(content: Any) -> str:
    """A message's text, whether gradio hands it back as a string or as content blocks."""
    if isinstance(content, str):
        return content
    if isinstance(content, list):
        return " ".join(block.get("text", "") for block in content if isinstance(block, dict))
    return str(content or "")


def _plain(messages: list[dict]) -> list[dict]:
    return [{"role": m["role"], "content": _text(m["content"]),
             **({"metadata": m["metadata"]} if m.get("metadata") else {})} for m in messages]


def save_conversation(saved: list[dict], conversation_id: str | None, messages: list[dict],
                      answers: list[Answer]) -> tuple[list[dict], str | None, gr.Dropdown]:
    """Store the current conversation (newest first, at most SAVED_LIMIT) in the browser's storage."""
    if not messages:
        return saved, conversation_id, gr.Dropdown(choices=saved_choices(saved))
    conversation_id = conversation_id or uuid.uuid4().hex[:12]
    entry = {"id": conversation_id, "title": conversation_title(messages),
             "time": datetime.now().strftime("%H:%M %d/%m"), "messages": _plain(messages),
             "answers": [answer_json(a) for a in answers]}
    kept = [entry, *(c for c in saved or [] if c.get("id") != conversation_id)][:SAVED_LIMIT]
    return kept, conversation_id, gr.Dropdown(choices=saved_choices(kept), value=conversation_id)


def saved_choices(saved: list[dict]) -> list[tuple[str, str]]:
    return [(f"{c['time']} · {c['title']}", c["id"]) for c in saved or []]


def open_conversation(state: AppState, saved: list[dict], conversation_id: str | None) -> tuple[Any, ...]:
    """A saved conversation back in the chat, with its last answer's sources."""
    entry = next((c for c in saved or [] if c.get("id") == conversation_id), None)
    if entry is None:
        return gr.skip(), gr.skip(), gr.skip(), gr.skip()
    answers = [answer_from_json(a) for a in entry["answers"]]
    sources = sources_html(answers[-1], state.assistant.plans, len(answers) - 1) if answers else EMPTY_SOURCES
    return entry["messages"], answers, sources, conversation_id


def restore(state: AppState, saved: list[dict]) -> tuple[Any, ...]:
    """On page load: the list of saved conversations and the latest one in the chat."""
    choices = gr.Dropdown(choices=saved_choices(saved), value=saved[0]["id"] if saved else None)
    if not saved:
        return choices, gr.skip(), gr.skip(), gr.skip(), gr.skip()
    return (choices, *open_conversation(state, saved, saved[0]["id"]))


# -- layout --------------------------------------------------------------------------------------------


@dataclass
class ChatTab:
    """The filters, refreshed when the set of plans changes; `restore` reloads the saved conversations."""

    province: gr.Dropdown
    plan: gr.Dropdown
    restore: Callable[[gr.Blocks], None]

    def components(self) -> list[gr.components.Component]:
        return [self.province, self.plan]

    @staticmethod
    def updates(state: AppState) -> list[gr.Dropdown]:
        return [gr.Dropdown(choices=province_options(state)), gr.Dropdown(choices=plan_options(state))]


LIMIT_TEXT = f"{MAX_QUESTION_CHARS:,}".replace(",", ".")  # Vietnamese thousands separator
LENGTH_JS = f"""(q) => (q || "").length > {MAX_QUESTION_CHARS}
  ? `⚠️ Câu hỏi dài ${{(q || "").length.toLocaleString("vi-VN")}} ký tự, quá giới hạn {LIMIT_TEXT} ký tự. Hãy rút gọn.`
  : "" """


def render(state: AppState) -> ChatTab:
    """Build the tab inside the current gr.Tab and wire its events."""
    answers = gr.State([])
    conversation_id = gr.State(None)
    saved = gr.BrowserState([], storage_key=SAVED_KEY, secret=state.config.browser_secret())
    with gr.Row(equal_height=False, elem_id="pq-chat-row"):
        with gr.Column(scale=3, min_width=320):
            with gr.Row(elem_classes="pq-filters"):
                province = gr.Dropdown(province_options(state), value=ALL, label="Tỉnh/thành phố", min_width=160)
                plan = gr.Dropdown(plan_options(state), value=ALL, label="Kế hoạch", scale=2, min_width=200)
            chatbot = gr.Chatbot(
                show_label=False, height="min(460px, calc(100vh - 400px))", min_height=220,
                buttons=["copy", "copy_all"], elem_id="pq-chatbot",
                placeholder=("Hỏi về cơ quan chủ trì, phối hợp, thời hạn, mục tiêu… trong các kế hoạch của UBND. "
                             "Sau một câu trả lời có thể hỏi tiếp, ví dụ “Còn ở Đồng Tháp thì sao?”."),
            )
            with gr.Row(elem_classes="pq-ask"):
                question = gr.Textbox(label="Câu hỏi", show_label=False, scale=5, elem_id="pq-question",
                                      placeholder="Nhập câu hỏi rồi nhấn Enter hoặc bấm Gửi…", min_width=200)
                send = gr.Button("Gửi", variant="primary", scale=1, min_width=70, elem_id="pq-send")
                reset = gr.Button("Hội thoại mới", scale=1, min_width=120, elem_id="pq-reset")
            status = gr.Markdown(elem_id="pq-chat-status")
        with gr.Column(scale=2, min_width=300):
            sources = gr.HTML(EMPTY_SOURCES, elem_id="pq-sources")
            download = gr.DownloadButton("⬇ Tải câu trả lời kèm nguồn (.md)", visible=False, size="sm")
    with gr.Row(equal_height=False):
        with gr.Column(scale=3, min_width=320):
            comment = gr.Textbox(label="Nhận xét (không bắt buộc)", lines=1,
                                 placeholder="Viết nhận xét rồi bấm 👍 hoặc 👎 dưới câu trả lời để gửi kèm")
            examples = gr.Examples([[q] for _, q in EXAMPLES], inputs=[question], label="Câu hỏi mẫu (bấm để hỏi)",
                                   example_labels=[f"{kind}: {q}" for kind, q in EXAMPLES], api_visibility="private")
        with gr.Column(scale=2, min_width=300):
            history = gr.Dropdown([], value=None, label="Hội thoại trước (lưu trên trình duyệt này)",
                                  elem_id="pq-history")
    ask = partial(respond, state)
    io = {"inputs": [question, chatbot, answers, province, plan],
          "outputs": [chatbot, answers, sources, download, question, status], "api_visibility": "private"}
    keep = {"fn": save_conversation, "inputs": [saved, conversation_id, chatbot, answers],
            "outputs": [saved, conversation_id, history], "api_visibility": "private"}
    send.click(ask, **io).then(**keep)
    question.submit(ask, **io).then(**keep)
    examples.load_input_event.then(ask, **io).then(**keep)
    question.change(None, inputs=question, outputs=status, js=LENGTH_JS)
    fresh = {"fn": new_conversation,
             "outputs": [chatbot, answers, sources, download, status, province, plan, conversation_id],
             "api_visibility": "private"}
    reset.click(**fresh).then(lambda: gr.Dropdown(value=None), outputs=history, api_visibility="private")
    chatbot.clear(**fresh)
    province.change(partial(plan_filter, state), inputs=province, outputs=plan, api_visibility="private")
    history.select(partial(open_conversation, state), inputs=[saved, history],
                   outputs=[chatbot, answers, sources, conversation_id], api_visibility="private")

    def select(answers_: list[Answer], messages_: list[dict], data: gr.SelectData) -> Any:
        return show_sources(state, answers_, messages_, data)  # plain functions: gradio reads their type hints

    def like(answers_: list[Answer], messages_: list[dict], comment_: str, data: gr.LikeData) -> tuple[str, str]:
        return on_like(state, answers_, messages_, comment_, data)

    chatbot.select(select, inputs=[answers, chatbot], outputs=sources, api_visibility="private")
    chatbot.like(like, inputs=[answers, chatbot, comment], outputs=[status, comment], api_visibility="private")

    def on_load(demo: gr.Blocks) -> None:
        demo.load(partial(restore, state), inputs=saved,
                  outputs=[history, chatbot, answers, sources, conversation_id], api_visibility="private")

    return ChatTab(province, plan, on_load)
