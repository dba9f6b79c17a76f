"""A read `Question` → the frame the answerer acts on (intent, role, kind of body, follow-up).

Intents come from the classifier (`intents.py`) through the `Question`; the few rules left
here read the folded question for structure the classifier does not give: the role an
agency-centred question asks about, the kind of body asked for, a follow-up.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plan_qa.answering.question import Question
from plan_qa.text.vietnamese import fold_diacritics, harmonise_tone_marks, has_diacritics
from plan_qa.text.restore import needs_restoring

# "Ban quản lý nào …?", "Sở nào …?": the question asks for bodies of one kind (folded head words).
_AGENCY_KIND = re.compile(r"\b(ban quan ly|uy ban nhan dan|so|trung tam|doanh nghiep|bo|cuc)\s+nao\b")
_FOLLOW_UP = re.compile(r"^(con|the con|vay con|con o|con voi|con tai)\b|\bthi sao\b|\bthe nao\b\??$|^(vay|the) (thi|con)\b")
# "X chủ trì những việc nào", "X phối hợp làm gì", "X tham gia những nhiệm vụ gì": the role verb, then
# what is done, then the question word — with no question word before the verb ("cơ quan nào phối hợp …"
# asks for the partners of a task, not for a body's tasks).
_ROLE_QUERY = re.compile(
    r"^(?!.*\b(ai|nao)\b.*\b(chu tri|phoi hop|tham gia)\b).*"
    r"\b(chu tri|phoi hop|tham gia)(( voi [^?]{0,40}?)? (thuc hien|lam|trien khai|dam nhan))?( (nhung|cac))?"
    r"( (nhiem vu|viec|cong viec|noi dung|hoat dong))? (gi|nao)\b")
# Words that shape a question but are not its subject, as spelled with diacritics. A question
# typed with diacritics is read by these, so "khi" (when) goes and "khí" (gas) stays.
_NON_SUBJECT_SPELLED = frozenset(
    "ai cơ quan đơn vị nào những gì là thì sao còn bao giờ thời gian chủ trì phối hợp với của "
    "được không hay cho biết theo kế hoạch trong việc nhiệm vụ các và thực hiện làm giao tham gia "
    "khác nhau giống so sánh thế nhắc đến mà gặp lên lần lượt khi lúc để tại ở có".split()
)
# The same list folded, for a question typed without diacritics, less the words whose folded
# form is also a content word ("khi" = "khí", "luc" = "lực", "de" = "đề", "tai" = "tái", "so" = "sở").
_NON_SUBJECT = frozenset(fold_diacritics(w) for w in _NON_SUBJECT_SPELLED) - {"khi", "luc", "de", "tai", "so"}


# A second ask read only in one phrase of the question ("…, và bao lâu một lần?") counts when the whole question
# gives it some weight too: every spurious extra on the train questions of both sets had p ≤ 0.07 on the whole
# question ("quy chuẩn kỹ thuật" read alone looks like "ai ký"), real second asks 0.2–0.99.
PART_ONLY_FLOOR = 0.1


@dataclass
class QuestionFrame:
    """The parts of a question the answerer acts on."""

    question: str
    intent: str  # lead | coordinators | timeline | duties | target | budget | legal_basis | metadata_* | comparison | open
    agencies: list[str] = field(default_factory=list)  # canonical names mentioned
    follow_up: bool = False
    role_filter: str | None = None  # "chủ trì"/"phối hợp" for "SCT chủ trì những nhiệm vụ nào?"
    fact_intents: list[str] = field(default_factory=list)  # every metadata/legal intent asked
    sub_intent: str = "open"  # for a comparison: what is compared (target, lead, …)
    agency_kind: str | None = None  # folded head words of the bodies asked for ("ban quan ly")
    intents: list[tuple[str, float]] = field(default_factory=list)  # every intent with its confidence

    @property
    def is_metadata(self) -> bool:
        return self.intent.startswith("metadata_")

    @property
    def asked(self) -> str:
        """What is asked of each plan: the compared field for a comparison, else the intent."""
        return self.sub_intent if self.intent == "comparison" else self.intent


_COMPOUND = re.compile(r"[,;]\s+(?=còn\s)", re.IGNORECASE)
_FOLDED_COMPOUND = re.compile(r"[,;]\s+(?=con\s)")


def compound_parts(question: str) -> list[str]:
    """"Hà Nội đặt mục tiêu gì, còn Gia Lai giao sở nào …?" → its two questions.

    The split is made at ", còn" (", con" in a question typed without diacritics) and only
    when each side has at least four words; a short second side ("…, còn ai phối hợp?") is
    answered as a follow-up of the first.
    """
    pattern = _COMPOUND if has_diacritics(question) else _FOLDED_COMPOUND
    pieces = [p.strip() for p in pattern.split(question.strip()) if p.strip()]
    if len(pieces) < 2 or any(len(p.split()) < 4 for p in pieces):
        return [question.strip()]
    return pieces


def is_follow_up(folded: str) -> bool:
    """"Còn ở Đồng Tháp thì sao?", "Thời hạn thì sao?" (folded) lean on the previous turn."""
    folded = folded.strip(" ?.!")
    return bool(_FOLLOW_UP.search(folded)) and len(folded.split()) <= 10


def understand(question: Question) -> QuestionFrame:
    """The frame the answerer acts on, from a question already read."""
    names = question.intent_names
    intent = question.intent
    role_filter = None
    role = _ROLE_QUERY.search(question.folded)
    if question.agencies and intent in ("lead", "coordinators", "duties") and role:
        both = re.search(r"\bchu tri\b", question.folded) and re.search(r"\b(phoi hop|tham gia)\b", question.folded)
        role_filter = None if both else "chủ trì" if role.group(3) == "chu tri" else "phối hợp"
        intent = "duties"
    if intent == "duties" and not question.agencies and not role:
        # "X có nhiệm vụ gì" needs an X: with no body named, a row field asked too ("… có những đơn vị
        # nào phối hợp?") is what the question wants (not a field read in a scope phrase alone, "… mùa lũ, công ty
        # điện lực phải làm gì": the body is one the agency table does not know, and "mùa lũ" is no time
        # intent): a field read in one phrase only counts when the whole question gives it some weight too
        whole = {i.name: i.confidence for i in question.ranking}
        intent = next((name for name in names[1:] if name in ("coordinators", "lead", "timeline")
                       and whole.get(name, 0.0) > PART_ONLY_FLOOR), intent)
    facts = [name for name in names if name.startswith("metadata_") or name == "legal_basis"]
    ranked = [i.name for i in question.ranking if i.name not in ("comparison", "open")]
    sub_intent = ranked[0] if intent == "comparison" else intent
    kind = _AGENCY_KIND.search(question.folded)
    return QuestionFrame(question.text, intent, question.agencies, is_follow_up(question.folded), role_filter, facts,
                         sub_intent, kind.group(1) if kind else None,
                         [(i.name, i.confidence) for i in question.intents])


def content_words(text: str) -> set[str]:
    """Folded syllables of the question that carry its subject (question words removed)."""
    spelled = harmonise_tone_marks(text.lower())
    words = re.findall(r"\w+", spelled)
    if not needs_restoring(spelled):
        kept = [w for w in words if w not in _NON_SUBJECT_SPELLED]
    else:  # typed without diacritics, even with an accented name or expansion appended ("… (Sở Tài chính)")
        kept = [w for w in words if w not in (_NON_SUBJECT_SPELLED if has_diacritics(w) else _NON_SUBJECT)]
    return {f for f in (fold_diacritics(w) for w in kept) if len(f) > 1 or f.isdigit()}
