"""Which province and which plan a question is about.

Hà Nội has three plans in the bundled corpus, so naming the province is not
enough: a plan is pinned when the question names its number, its period
("năm 2026", "giai đoạn 2026-2030") or enough of its title's own words.
A province the corpus has no plan for is reported, so the answer can say so
instead of answering from another province.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from plan_qa.parsing import Plan
from plan_qa.retrieval.filters import plan_key, province_key
from plan_qa.answering.question import Question
from plan_qa.text.places import all_province_names
from plan_qa.text.vietnamese import fold_diacritics

_GENERIC_TITLE_WORDS = set(
    "ke hoach thuc hien trien khai chuong trinh viet nam giai doan tren dia ban tinh thanh pho cua "
    "nam va ve quyet dinh so ngay thu tuong chinh phu phe duyet nganh phat trien".split()
)


@dataclass
class Scope:
    """Provinces named, the plan pinned (if any) and provinces with no plan in the corpus."""

    provinces: list[str]
    plan_id: str | None
    missing_provinces: list[str]


def _title_words(plan: Plan) -> set[str]:
    words = set(re.findall(r"\w+", fold_diacritics(plan.metadata.title).lower()))
    words = {w for w in words if not w.isdigit()}
    return words - _GENERIC_TITLE_WORDS - set(fold_diacritics(plan.metadata.province or "").lower().split())


def pin_plan(question: Question, plans: list[Plan]) -> str | None:
    """The one plan the question singles out, or None when it does not."""
    if len(plans) == 1:
        return None
    folded = question.folded_expanded
    words = set(re.findall(r"\w+", folded))
    periods = {f"{a}-{b}" for a, b in re.findall(r"(\d{4})\s*-\s*(\d{4})", folded)}
    single_years = set(re.findall(r"\bnam (\d{4})\b(?!\s*-)", folded))
    names_a_plan = bool(re.search(r"\bke hoach\b", folded))
    scores: dict[str, float] = {}
    for plan in plans:
        meta = plan.metadata
        score = 0.0
        if meta.number and meta.number.split("/")[0] in re.findall(r"\d+", folded):
            score += 3
        if meta.period and (meta.period in periods or meta.period in single_years):
            score += 2
        title = _title_words(plan)
        if title and names_a_plan:
            score += len(title & words) / len(title)
        scores[plan.plan_id] = score
    ranked = sorted(scores.items(), key=lambda item: -item[1])
    best, second = ranked[0], ranked[1]
    return best[0] if best[1] >= 0.6 and best[1] - second[1] >= 0.25 else None


def _plan_mention() -> re.Pattern[str]:
    """"(các) kế hoạch … <province>[ và (của) <province>][ giai đoạn 2026-2030 | năm 2026]", folded."""
    names = "|".join(sorted({re.escape(fold_diacritics(n).lower()) for n in all_province_names()}, key=len, reverse=True))
    place = rf"(?:(?:cua |o |tai )?(?:tinh |thanh pho |tp )?(?:{names}))"
    period = r"(?: giai doan \d{4} ?- ?\d{4}| nam \d{4})"
    return re.compile(rf"\b(?:cac )?(?:ke hoach|kh)\b[^,;?.!]*?\b{place}(?:,? (?:va|voi) {place})*{period}?\b")


_PLAN_MENTION = _plan_mention()


def without_plan_mentions(question: str, folded: str | None = None) -> str:
    """The question without the phrases that only say which plans it is about.

    "Kế hoạch công nghiệp môi trường của Đồng Tháp dựa vào những nguồn vốn nào?" →
    "dựa vào những nguồn vốn nào?": once the scope filters the search, the plan's own title
    words only pull its title and preamble up. The question is kept whole when little would
    be left of it. `folded`: the question folded and lower-cased, when the caller holds it.
    """
    folded = fold_diacritics(question).lower() if folded is None else folded
    if len(folded) != len(question):
        return question
    kept, cursor = [], 0
    for match in _PLAN_MENTION.finditer(folded):
        kept.append(question[cursor:match.start()])
        cursor = match.end()
    kept.append(question[cursor:])
    remainder = re.sub(r"\s+", " ", "".join(kept)).strip(" ,;")
    return remainder if len(re.findall(r"\w+", remainder)) >= 4 else question


def _named_provinces(question: Question, corpus: set[str]) -> list[str]:
    """Provinces the question names; a merged-away province the corpus still files plans under stays itself."""
    return [m.merged_from if m.merged_from and province_key(m.merged_from) in corpus else m.province
            for m in question.provinces]


def resolve_scope(question: Question, plans: list[Plan], province: str | None = None,
                  plan_id: str | None = None) -> Scope:
    """Scope from explicit filters first, then from the question's own words."""
    corpus_provinces = {province_key(p.metadata.province): p.metadata.province for p in plans}
    if plan_id is not None:  # a plan named by its file stem or in any case is the corpus's plan
        plan_id = next((p.plan_id for p in plans if plan_key(p.plan_id) == plan_key(plan_id)), plan_id)
    pinned = next((p for p in plans if p.plan_id == plan_id), None)
    if pinned is not None:
        # The plan chosen is the scope: the province it belongs to comes with it, and a province named beside it
        # is not looked for among the plans (a plan whose place was read amiss is still the plan chosen).
        return Scope([pinned.metadata.province] if pinned.metadata.province else [], plan_id, [])
    named = [province] if province else _named_provinces(question, set(corpus_provinces))
    provinces = [corpus_provinces[province_key(n)] for n in named if province_key(n) in corpus_provinces]
    missing = [n for n in named if province_key(n) not in corpus_provinces]
    if plan_id is None and len(provinces) <= 1:
        candidates = [p for p in plans if not provinces or p.metadata.province in provinces]
        plan_id = pin_plan(question, candidates) if candidates else None
    return Scope(provinces, plan_id, missing)
