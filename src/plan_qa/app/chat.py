"""Tab "Hỏi đáp": answers with numbered citations, the cited clauses beside them, feedback and download."""

from __future__ import annotations

import html
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
from plan_qa.app.state import AppState
from plan_qa.parsing import Clause, Plan

EXAMPLE_QUESTION = "Cơ quan nào chủ trì đề xuất xây dựng các khu xử lý, tái chế chất thải?"
EXAMPLES: list[tuple[str, str]] = [
    ("Hỏi cơ quan chủ trì", EXAMPLE_QUESTION),
    ("Gõ không dấu", "so nao chu tri danh gia nhu cau nguon nhan luc nganh cong nghiep moi truong o dong thap"),
    ("Dùng chữ viết tắt", "KH 524/KH-UBND giao ai chủ trì hỗ trợ DN CNMT áp dụng mô hình KTTH, thời gian thực hiện?"),
    ("Hỏi trong một tỉnh", "Ở Hà Nội, sở nào chủ trì đánh giá nhu cầu nguồn nhân lực ngành công nghiệp môi trường?"),
    ("Hỏi tiếp câu trên", "Còn ở Đồng Tháp thì sao?"),
    ("Ngoài phạm vi kế hoạch", "Giá vé xe buýt ở Hà Nội là bao nhiêu?"),
]
EMPTY_SOURCES = ('<div class="pq-sources"><p class="pq-muted">Các điều khoản được trích dẫn sẽ hiện ở đây '
                 "sau khi bạn đặt câu hỏi.</p></div>")
SECTION_LIMIT = 40


# -- what the user reads -------------------------------------------------------------------------


def answer_message(answer: Answer) -> str:
    """The chat bubble: the answer text, and for a refusal the nearest clauses by reference."""
    text = answer.answer
    if not answer.found and answer.related:
        nearest = "\n".join(f"- [{c.ref}] {c.plan_title} ({c.province or '?'}), {c.locator}" for c in answer.related)
        text += f"\n\n**Có thể liên quan:**\n{nearest}"
    return text


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
    """One cited clause: plan, province, locator, the clause with the question's words marked."""
    number = f" · Số {html.escape(plan.metadata.number)}" if plan and plan.metadata.number else ""
    return (
        f'<div class="pq-card" id="pq-cite-{citation.ref}">'
        f'<div class="pq-card-title"><span class="pq-ref">[{citation.ref}]</span> '
        f"{html.escape(citation.plan_title)}</div>"
        f'<div class="pq-meta">{html.escape(citation.province or "?")}{number} · '
        f"{html.escape(citation.locator)} · mã {html.escape(citation.plan_id)}</div>"
        f'<div class="pq-text">{highlight(citation.text, marks)}</div>'
        f"{section_html(plan, citation, marks) if plan else ''}</div>"
    )


def sources_html(answer: Answer, plans: dict[str, Plan]) -> str:
    """The side panel: cited clauses, or the "có thể liên quan" clauses of a refusal."""
    cited = answer.citations if answer.found else answer.related
    if not cited:
        return EMPTY_SOURCES
    marks = question_marks(f"{answer.question} {(answer.scope or {}).get('query', '')}")  # a follow-up's subject too
    heading = (f"Nguồn trích dẫn ({len(cited)})" if answer.found
               else f"Có thể liên quan ({len(cited)}) — không đủ căn cứ để trả lời")
    seconds = f"{answer.latency_ms / 1000:.2f}".replace(".", ",")
    cards = "".join(citation_card(c, plans.get(c.plan_id), marks) for c in cited)
    return (f'<div class="pq-sources"><div class="pq-sources-head">{heading}'
            f'<span class="pq-muted"> · trả lời trong {seconds} giây</span></div>{cards}</div>')


def answer_markdown(answer: Answer) -> str:
    """The answer with its sources as a Markdown document to download."""
    scope = answer.scope or {}
    where = ", ".join(filter(None, [", ".join(scope.get("province") or []), scope.get("plan_id")]))
    cited = answer.citations if answer.found else answer.related
    lines = ["# Câu hỏi", "", answer.question, ""]
    if where:
        lines += [f"Phạm vi: {where}", ""]
    lines += ["## Trả lời", "", answer.answer, "", "## Nguồn" if answer.found else "## Có thể liên quan", ""]
    for c in cited:
        lines += [f"**[{c.ref}]** {c.plan_title} ({c.province or '?'}) — {c.locator} (mã {c.clause_id})", "",
                  f"> {c.text}", ""]
    if not cited:
        lines += ["(không có)", ""]
    lines += ["---", f"Tạo bởi plan-qa lúc {datetime.now().strftime('%H:%M %d/%m/%Y')}."]
    return "\n".join(lines) + "\n"


def answer_json(answer: Answer) -> dict[str, Any]:
    """The answer's public fields for the API (ranked retrieval left out)."""
    data = answer.to_dict()
    data.pop("retrieved")
    return data


# -- handlers ----------------------------------------------------------------------------------------


def respond(state: AppState, question: str, messages: list[dict], answers: list[Answer],
            province: str | None, plan: str | None) -> tuple[Any, ...]:
    """Ask within the filters, with the session's earlier answers as history; update chat, panel, download."""
    question = (question or "").strip()
    if not question:
        return messages, answers, gr.skip(), gr.skip(), "", "Vui lòng nhập câu hỏi."
    assistant = state.assistant
    answer = assistant.ask(question, history=answers, province=chosen(province), plan=chosen(plan))
    messages = [*messages, {"role": "user", "content": question},
                {"role": "assistant", "content": answer_message(answer)}]
    path = download_file(state.config.work_dir / "answers", "cau-tra-loi.md", answer_markdown(answer).encode())
    return (messages, [*answers, answer], sources_html(answer, assistant.plans),
            gr.DownloadButton(value=str(path), visible=True), "", "")


def rate(state: AppState, answers: list[Answer], message_index: int, helpful: bool, comment: str) -> str:
    """Save 👍/👎 (and the comment) for the answer shown as chat message `message_index`."""
    position = message_index // 2  # messages alternate: question, answer
    if not 0 <= position < len(answers):
        return "Không tìm thấy câu trả lời để ghi nhận đánh giá."
    record_feedback(state.config.feedback_path, answers[position], helpful, comment)
    mark = "👍" if helpful else "👎"
    return f"Đã ghi nhận {mark} cho câu trả lời số {position + 1}{' kèm nhận xét' if comment.strip() else ''}. Cảm ơn!"


def on_like(state: AppState, answers: list[Answer], comment: str, data: gr.LikeData) -> tuple[str, str]:
    """Chatbot like/dislike event → `rate`; clears the comment box."""
    index = data.index[0] if isinstance(data.index, (list, tuple)) else data.index
    helpful = data.liked is True or data.liked == "Like"
    return rate(state, answers, int(index), helpful, comment or ""), ""


def api_ask(state: AppState, question: str, province: str = "", plan: str = "") -> dict[str, Any]:
    """One stateless question → the answer JSON (the `/ask` API endpoint)."""
    return answer_json(state.assistant.ask(question, province=chosen(province), plan=chosen(plan)))


def plan_filter(state: AppState, province: str | None) -> gr.Dropdown:
    """Plan choices narrowed to the chosen province."""
    return gr.Dropdown(choices=plan_options(state, chosen(province)), value=ALL)


def new_conversation() -> tuple[list, list, str, gr.DownloadButton, str]:
    """Empty chat, history, sources panel, download and status."""
    return [], [], EMPTY_SOURCES, gr.DownloadButton(visible=False), ""


# -- layout --------------------------------------------------------------------------------------------


@dataclass
class ChatTab:
    """The filters, refreshed when the set of plans changes."""

    province: gr.Dropdown
    plan: gr.Dropdown

    def components(self) -> list[gr.components.Component]:
        return [self.province, self.plan]

    @staticmethod
    def updates(state: AppState) -> list[gr.Dropdown]:
        return [gr.Dropdown(choices=province_options(state)), gr.Dropdown(choices=plan_options(state))]


def render(state: AppState) -> ChatTab:
    """Build the tab inside the current gr.Tab and wire its events."""
    answers = gr.State([])
    with gr.Row(equal_height=False):
        with gr.Column(scale=3):
            with gr.Row():
                province = gr.Dropdown(province_options(state), value=ALL, label="Tỉnh/thành phố")
                plan = gr.Dropdown(plan_options(state), value=ALL, label="Kế hoạch", scale=2)
            chatbot = gr.Chatbot(
                show_label=False, height=460, buttons=["copy", "copy_all"], elem_id="pq-chatbot",
                placeholder="Hỏi về cơ quan chủ trì, phối hợp, thời hạn, mục tiêu… trong các kế hoạch của UBND.",
            )
            with gr.Row():
                question = gr.Textbox(label="Câu hỏi", show_label=False, scale=5, elem_id="pq-question",
                                      placeholder="Nhập câu hỏi rồi nhấn Enter hoặc bấm Gửi…")
                send = gr.Button("Gửi", variant="primary", scale=1, min_width=80, elem_id="pq-send")
                reset = gr.Button("Hội thoại mới", scale=1, min_width=150)
            comment = gr.Textbox(label="Nhận xét (không bắt buộc)", lines=1,
                                 placeholder="Viết nhận xét rồi bấm 👍 hoặc 👎 dưới câu trả lời để gửi kèm")
            status = gr.Markdown(elem_id="pq-chat-status")
            examples = gr.Examples([[q] for _, q in EXAMPLES], inputs=[question], label="Câu hỏi mẫu (bấm để hỏi)",
                                   example_labels=[f"{kind}: {q}" for kind, q in EXAMPLES])
        with gr.Column(scale=2, min_width=320):
            sources = gr.HTML(EMPTY_SOURCES, elem_id="pq-sources")
            download = gr.DownloadButton("⬇ Tải câu trả lời kèm nguồn (.md)", visible=False, size="sm")
    ask = partial(respond, state)
    io = {"inputs": [question, chatbot, answers, province, plan],
          "outputs": [chatbot, answers, sources, download, question, status]}
    send.click(ask, **io)
    question.submit(ask, **io)
    examples.load_input_event.then(ask, **io)
    reset.click(new_conversation, outputs=[chatbot, answers, sources, download, status])
    chatbot.clear(new_conversation, outputs=[chatbot, answers, sources, download, status])
    province.change(partial(plan_filter, state), inputs=province, outputs=plan)

    def like(answers_: list[Answer], comment_: str, data: gr.LikeData) -> tuple[str, str]:
        return on_like(state, answers_, comment_, data)  # a plain function: gradio reads its type hints

    chatbot.like(like, inputs=[answers, comment], outputs=[status, comment])
    return ChatTab(province, plan)
