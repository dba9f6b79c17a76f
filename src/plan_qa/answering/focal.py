"""Who leads a plan as a whole: the body its "Tổ chức thực hiện" makes the focal point.

"Cơ quan nào chủ trì triển khai Kế hoạch chuyển đổi số …?" asks about the plan, not about one
of its tasks: the answer is the body the plan names "cơ quan đầu mối", the standing body of its
steering board, or the body told to lead the rollout of the plan itself — never the lead of
whichever appendix row shares the most words with the plan's title. The wording that says so
is data (`plan_qa/data/focal_roles.json`).
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from plan_qa.agencies import COLLECTIVES
from plan_qa.answering.citations import CitationList
from plan_qa.answering.compose import first_words
from plan_qa.answering.question import Question
from plan_qa.answering.tasks import coverage
from plan_qa.answering.understanding import content_words
from plan_qa.data import load_json
from plan_qa.labels import plan_short_label
from plan_qa.parsing import Duty, Plan
from plan_qa.text.vietnamese import fold_diacritics, harmonise_tone_marks

QUOTE_WORDS = 30  # the duty is quoted up to this many words: enough to show the role it gives


@dataclass(frozen=True)
class FocalDuty:
    """A duty that makes its body the plan's focal point, and how strongly it says so
    (0: only listed first under "Tổ chức thực hiện")."""

    duty: Duty
    strength: int


@dataclass(frozen=True)
class _Grammar:
    focal: list[tuple[int, str, re.Pattern[str]]]  # (strength, "heading" | "text", pattern)
    this_plan_tail: re.Pattern[str]
    first_listed_section: str
    not_first_listed: re.Pattern[str]
    standing_question: re.Pattern[str]
    plan_nouns: re.Pattern[str]
    plan_words: frozenset[str]


@lru_cache(maxsize=1)
def _grammar() -> _Grammar:
    data = load_json("focal_roles")
    return _Grammar([(e["strength"], e["on"], re.compile(e["pattern"], re.IGNORECASE)) for e in data["focal"]],
                    re.compile(data["this_plan_tail"], re.IGNORECASE), fold_diacritics(data["first_listed_section"]),
                    re.compile(data["not_first_listed"], re.IGNORECASE), re.compile(data["standing_body_question"]),
                    re.compile(data["plan_nouns"]), frozenset(data["plan_level_words"].split()))


def _names_this_plan(match: re.Match[str], title: set[str]) -> bool:
    """A pattern's plan noun is the plan itself: "Kế hoạch này", "Kế hoạch;", or the plan's own title after it."""
    if "plan" not in match.groupdict():
        return True
    tail = match.group("tail")
    if _grammar().this_plan_tail.search(tail):
        return True
    named = content_words(" ".join(tail.split()[:12]))
    return bool(named) and len(named & title) / len(named) >= 0.6


def focal_strength(duty: Duty, plan: Plan) -> int:
    """How strongly a duty (its heading and its text) makes its body the plan's focal point; 0 when not."""
    heading = harmonise_tone_marks(duty.agency_text)
    text = f"{heading} {harmonise_tone_marks(duty.text)}"
    title = content_words(plan.metadata.title)
    return max((strength for strength, on, pattern in _grammar().focal
                for match in pattern.finditer(heading if on == "heading" else text)
                if _names_this_plan(match, title)), default=0)


def _first_listed(plan: Plan) -> Duty | None:
    """The first body given duties under "Tổ chức thực hiện" (not a body the plan only asks, "Đề nghị …",
    nor a collective such as "Các sở, ban, ngành")."""
    grammar = _grammar()
    headings = {clause.id: fold_diacritics(" ".join(clause.headings)).lower() for clause in plan.clauses}
    for duty in plan.duties:
        if grammar.first_listed_section not in headings.get(duty.clause_id, "") \
                or grammar.not_first_listed.search(duty.text) or duty.agency in COLLECTIVES \
                or re.match(r"(?i)(?:các|thủ trưởng)\b", duty.agency):
            continue
        return duty
    return None


def focal_duties(plan: Plan, standing: bool = False) -> list[FocalDuty]:
    """The plan's duties that name a focal body, strongest first (the plan's order on a tie); with none,
    the first body listed under "Tổ chức thực hiện" (strength 0).

    `standing`: only the duties that name a standing body ("cơ quan thường trực"), no fallback.
    """
    found = []
    for duty in plan.duties:
        if standing and not re.search(r"thường trực", harmonise_tone_marks(f"{duty.agency_text} {duty.text}"), re.I):
            continue
        strength = focal_strength(duty, plan)
        if strength:
            found.append(FocalDuty(duty, strength))
    if not found and not standing and (first := _first_listed(plan)):
        found.append(FocalDuty(first, 0))
    return sorted(found, key=lambda f: -f.strength)


def asks_standing_body(question: Question) -> bool:
    """"Cơ quan thường trực Ban … là đơn vị nào?": the question asks for a board's standing body."""
    return bool(_grammar().standing_question.search(question.folded))


def asks_whole_plan(question: Question, plans: list[Plan], agencies: list[str]) -> bool:
    """True when a who-leads question is about the plan itself: it names the plan (kế hoạch, đề án,
    chương trình) and says nothing the plan's own title, number and province do not say."""
    grammar = _grammar()
    if not plans or not grammar.plan_nouns.search(question.folded_expanded):
        return False
    own = content_words(" ".join(f"{p.metadata.title} {p.metadata.province or ''} {p.metadata.number or ''}"
                                 for p in plans))
    rest = content_words(question.expanded) - own - grammar.plan_words - content_words(" ".join(agencies))
    return not {word for word in rest if not word.isdigit()}


def focal_lines(plans: list[Plan], cites: CitationList, subject: set[str], standing: bool = False) -> list[str]:
    """One line per plan naming its focal (or standing) body, quoting the duty that says so.

    Among equally strong duties the one closest to the question's subject words comes first
    (a plan with two boards has two standing bodies); empty when no plan names one."""
    lines = []
    for plan in plans:
        duties = focal_duties(plan, standing)
        if not duties:
            continue
        top = max(f.strength for f in duties)
        best = max((f for f in duties if f.strength == top),
                   key=lambda f: coverage(subject, f"{f.duty.agency_text} {f.duty.text}"))
        duty = best.duty
        heading = duty.agency_text.strip(" :.")
        quote = f"“{first_words(duty.text, QUOTE_WORDS)}”"
        said = f"{heading}: {quote}" if heading != duty.agency else quote
        role = "cơ quan thường trực" if standing else "cơ quan chủ trì, đầu mối triển khai kế hoạch"
        lines.append(f"{duty.agency} là {role} ({plan_short_label(plan)}; {said}) {cites.ref(duty.clause_id)}.")
    return lines
