"""Question → what is asked (intent), about what (subject), where (scope).

Rules run on the diacritics-folded, lower-cased question so that "ai chu tri"
and "Ai chủ trì" are read the same way. Agencies are found on the question
with diacritics restored from the corpus vocabulary, abbreviations expanded.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from plan_qa.agencies import find_agencies
from plan_qa.text.vietnamese import fold_diacritics, harmonise_tone_marks, has_diacritics

# Intent → patterns on the folded question; the first intent that matches wins.
INTENT_PATTERNS: list[tuple[str, tuple[str, ...]]] = [
    ("comparison", (r"\bso sanh\b", r"\bkhac nhau\b", r"\bgiong nhau\b", r"\bkhac gi\b")),
    ("budget", (r"\bkinh phi\b.*\b(bao nhieu|ty|trieu|dong(?! thap))\b", r"\b(bao nhieu|may) (ty|trieu|tien)\b",
                r"\bngan sach\b.*\bbao nhieu\b", r"\btong (muc )?(von|kinh phi)\b")),
    ("metadata_number", (r"\bso hieu\b", r"\bso (cua )?ke hoach\b", r"\bke hoach so (may|bao nhieu)\b",
                         r"\bso van ban\b", r"\bso ky hieu\b", r"\bmang so\b")),
    ("metadata_signer", (r"\bai ky\b", r"\bnguoi ky\b", r"\bky ban hanh\b", r"\bky ke hoach\b", r"\bky van ban\b",
                         r"\bduoc ky boi\b", r"\bai la nguoi ky\b")),
    ("metadata_date", (r"\bngay ban hanh\b", r"\bban hanh (vao )?ngay\b", r"\bban hanh (vao )?(khi nao|luc nao)\b",
                       r"\bban hanh (vao )?(thoi gian|nam|thang) nao\b", r"\bnam ban hanh\b",
                       r"\bngay (ky|nao)\b", r"\bky (vao )?ngay\b")),
    ("metadata_issuer", (r"\bco quan (nao )?ban hanh\b", r"\bai ban hanh\b", r"\bdon vi (nao )?ban hanh\b",
                         r"\bdo (ai|co quan nao) ban hanh\b", r"\bcap nao ban hanh\b")),
    ("metadata_period", (r"\bgiai doan nao\b", r"\bthoi ky nao\b", r"\bap dung (cho )?giai doan\b",
                         r"\b(ke hoach|chuong trinh).*\bgiai doan (nao|bao nhieu)\b")),
    ("metadata_title", (r"\bten (day du )?(cua )?ke hoach\b", r"\btieu de\b", r"\btrich yeu\b")),
    ("legal_basis", (r"\bcan cu\b", r"\bco so phap ly\b", r"\bvan ban (nao|phap ly)\b", r"\bquyet dinh nao\b",
                     r"\b(trien khai|thuc hien|thi hanh) (quyet dinh|luat|nghi quyet|van ban) nao\b",
                     r"\bdua tren (quyet dinh|van ban)\b",
                     r"\b(chi thi|quyet dinh|nghi quyet|luat|thong tu|nghi dinh|ke hoach) (nao|so may|so bao nhieu)\b",
                     r"\bvien dan\b", r"\bdan chieu\b")),
    ("coordinators", (r"\bphoi hop\b", r"\bcung (voi )?(tham gia|thuc hien)\b", r"\bdon vi tham gia\b",
                      r"\bco quan tham gia\b")),
    ("lead", (r"\bchu tri\b", r"\b(ai|co quan nao|don vi nao|so nao) phu trach\b", r"\bdau moi\b", r"\bgiao (cho )?ai\b", r"\bchiu trach nhiem chinh\b",
              r"\b(co quan|don vi|so) nao (thuc hien|dam nhiem|lam)\b", r"\bai (thuc hien|dam nhiem|lam)\b",
              r"\bgiao cho (ai|co quan nao|don vi nao|so nao)\b", r"\b(ai|co quan nao|don vi nao) duoc giao\b")),
    ("timeline", (r"\bkhi nao\b", r"\bthoi gian\b", r"\bthoi han\b", r"\bbao gio\b", r"\btien do\b",
                  r"\bnam nao\b", r"\bluc nao\b", r"\bhan (chot|hoan thanh)\b", r"\bmoc\b", r"\bquy nao\b",
                  r"\bbao lau\b", r"\bmay lan\b", r"\btan suat\b")),
    ("duties", (r"\bnhiem vu (cua|gi|nao)\b", r"\bgiao (nhung )?viec\b", r"\blam (nhung )?gi\b", r"\btrach nhiem (cua|gi)\b",
                r"\bduoc giao (nhung )?(nhiem vu|gi|viec)\b", r"\bphan cong\b", r"\bgiao (nhung )?nhiem vu\b",
                r"\bnhung viec (gi|nao)\b", r"\bcong viec (gi|nao|cua)\b")),
    ("target", (r"\bmuc tieu\b", r"\bbao nhieu phan tram\b", r"\bphan tram\b", r"%", r"\bty le\b",
                r"\bchi tieu\b", r"\bdat (duoc )?bao nhieu\b", r"\bdap ung (khoang )?bao nhieu\b", r"\bbao nhieu\b")),
]

# "Ban quản lý nào …?", "Sở nào …?": the question asks for bodies of one kind (folded head words).
_AGENCY_KIND = re.compile(r"\b(ban quan ly|uy ban nhan dan|so|trung tam|doanh nghiep|bo|cuc)\s+nao\b")
_FOLLOW_UP = re.compile(r"^(con|the con|vay con|con o|con voi|con tai)\b|\bthi sao\b|\bthe nao\b\??$|^(vay|the) (thi|con)\b")
_ROLE_QUERY = re.compile(r"\b(chu tri|phoi hop)\b.{0,20}\b(nhiem vu|viec|cong viec) (gi|nao)\b|\b(chu tri|phoi hop) (nhung )?gi\b")
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

    @property
    def is_metadata(self) -> bool:
        return self.intent.startswith("metadata_")


def detect_intent(question: str, skip: tuple[str, ...] = ()) -> str:
    """The first intent whose pattern matches the folded question, else "open"."""
    folded = fold_diacritics(question).lower()
    for intent, patterns in INTENT_PATTERNS:
        if intent not in skip and any(re.search(p, folded) for p in patterns):
            return intent
    return "open"


def fact_intents(question: str) -> list[str]:
    """All metadata / legal-basis intents in the question ("số mấy, ban hành ngày nào?")."""
    folded = fold_diacritics(question).lower()
    return [
        intent
        for intent, patterns in INTENT_PATTERNS
        if (intent.startswith("metadata_") or intent == "legal_basis") and any(re.search(p, folded) for p in patterns)
    ]


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


def is_follow_up(question: str) -> bool:
    """"Còn ở Đồng Tháp thì sao?", "Thời hạn thì sao?" lean on the previous turn."""
    folded = fold_diacritics(question).lower().strip(" ?.!")
    return bool(_FOLLOW_UP.search(folded)) and len(folded.split()) <= 10


def understand(question: str, restored: str | None = None) -> QuestionFrame:
    """Read a question (and its diacritics-restored form, when the user typed none)."""
    text = question if restored is None else f"{question} {restored}"
    intent = detect_intent(question)
    agencies = find_agencies(text)
    folded = fold_diacritics(question).lower()
    role_filter = None
    if agencies and intent in ("lead", "coordinators") and _ROLE_QUERY.search(folded):
        role_filter = "chủ trì" if intent == "lead" else "phối hợp"
        intent = "duties"
    sub_intent = detect_intent(question, skip=("comparison",)) if intent == "comparison" else intent
    kind = _AGENCY_KIND.search(folded)
    return QuestionFrame(question, intent, agencies, is_follow_up(question), role_filter, fact_intents(question),
                         sub_intent, kind.group(1) if kind else None)


def content_words(text: str) -> set[str]:
    """Folded syllables of the question that carry its subject (question words removed)."""
    spelled = harmonise_tone_marks(text.lower())
    words = re.findall(r"\w+", spelled)
    if has_diacritics(spelled):
        kept = [w for w in words if w not in _NON_SUBJECT_SPELLED]
    else:
        kept = [w for w in words if w not in _NON_SUBJECT]
    return {f for f in (fold_diacritics(w) for w in kept) if len(f) > 1 or f.isdigit()}
