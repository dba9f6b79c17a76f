"""Vietnamese names of the Q&A set's question types, for reports, charts and the app."""

from __future__ import annotations

TYPE_NAMES = {
    "lead_agency": "Cơ quan chủ trì", "coordinating_agencies": "Cơ quan phối hợp", "timeline": "Thời gian",
    "agency_duties": "Nhiệm vụ của cơ quan", "target_figure": "Chỉ tiêu, số liệu", "legal_basis": "Căn cứ pháp lý",
    "plan_metadata": "Thông tin văn bản", "cross_province": "So sánh giữa các tỉnh",
    "unanswerable": "Không có trong kế hoạch", "paraphrase": "Diễn đạt khác", "no_diacritics": "Gõ không dấu",
    "abbreviation": "Viết tắt",
}
# One-fact questions: their answers should be one sentence (brevity is measured on these).
SINGLE_FACT_TYPES = ("lead_agency", "coordinating_agencies", "timeline", "plan_metadata")


def type_name(question_type: str) -> str:
    """The Vietnamese name of a question type (an unknown type is shown as written)."""
    return TYPE_NAMES.get(question_type, question_type)
