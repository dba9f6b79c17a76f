"""Answer texts composed from plan structure and clause sentences — never from elsewhere.

Every function returns the answer lines; each line ends with the [n] markers
of the clauses it rests on (added through the shared `CitationList`).
"""

from __future__ import annotations

import re

from plan_qa.answering.citations import CitationList, plan_label
from plan_qa.agencies import spellings
from plan_qa.answering.tasks import TaskCandidate, coverage
from plan_qa.parsing import Plan
from plan_qa.parsing.timelines import normalize_timeline
from plan_qa.retrieval import RetrievedClause
from plan_qa.text.vietnamese import fold_diacritics

_PERCENT = re.compile(r"\d+(?:[.,]\d+)?\s*%")
_DOC_REFERENCE = re.compile(r"(?:Quyết định|Nghị quyết|Chỉ thị|Kế hoạch|Nghị định|Thông tư|Luật)\s+(?:số\s+\d|[A-ZĐ])")
_FIGURE = re.compile(r"\d+(?:[.,]\d+)?\s*%|\b(?!(?:19|20)\d\d\b)\d+(?:[.,]\d+)?\b(?!\s*/)")
_MONEY = re.compile(r"\d[\d.,]*\s*(?:tỷ|triệu|nghìn|ngàn)?\s*(?:đồng|VNĐ|VND)\b", re.IGNORECASE)


def join_names(names: list[str]) -> str:
    return "; ".join(names) if names else "(không ghi)"


def short(text: str, limit: int = 220) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def snippet(text: str, subject: set[str], limit: int = 260) -> str:
    """The text, or — when too long — its part that best matches the subject words."""
    if len(text) <= limit or not subject:
        return short(text, limit)
    parts = [p.strip() for p in re.split(r"(?<=[;.])\s+", text) if p.strip()]
    best = max(range(len(parts)), key=lambda i: coverage(subject, parts[i]))
    if best == 0 or coverage(subject, parts[best]) == 0:
        return short(text, limit)
    return "… " + short(parts[best], limit)


def _names(names: list[str], as_written: str | None) -> str:
    """Canonical names, plus the wording of the plan when it differs."""
    joined = join_names(names)
    if as_written and fold_diacritics(as_written).lower().strip(" .") != fold_diacritics(joined).lower():
        return f"{joined} (văn bản ghi: “{as_written.strip()}”)"
    return joined


def task_lines(intent: str, chosen: list[TaskCandidate], plans: dict[str, Plan], cites: CitationList) -> list[str]:
    """Lead / coordinators / timeline per plan, with a headline when the plans agree."""
    refs = {c.hit.document.id: cites.ref(c.hit.document.id, c.hit.score) for c in chosen}
    lines: list[str] = []
    task = chosen[0].task.rstrip(". ")
    all_refs = "".join(refs.values())
    if intent == "lead" and all(c.lead == chosen[0].lead for c in chosen) and chosen[0].lead:
        lines.append(f"{join_names(chosen[0].lead)} chủ trì nhiệm vụ “{short(task, 160)}” {all_refs}.")
    elif intent == "timeline" and all(normalize_timeline(c.timeline) == normalize_timeline(chosen[0].timeline) for c in chosen) and chosen[0].timeline:
        lines.append(f"Thời gian thực hiện nhiệm vụ “{short(task, 160)}”: {chosen[0].timeline} {all_refs}.")
    elif intent == "coordinators" and all(c.coordinators == chosen[0].coordinators for c in chosen) and chosen[0].coordinators:
        lines.append(f"Đơn vị phối hợp thực hiện nhiệm vụ “{short(task, 160)}”: {join_names(chosen[0].coordinators)} {all_refs}.")
    elif len(chosen) > 1:
        lines.append("Các kế hoạch giao nhiệm vụ này khác nhau:")
    for candidate in chosen:
        plan = plans[candidate.plan_id]
        where = candidate.hit.document.locator
        timeline = candidate.timeline or "kế hoạch không ghi thời hạn cụ thể"
        row = candidate.row
        lead = _names(candidate.lead, row.lead_text if row else None) if candidate.lead else "(không ghi)"
        partners = _names(candidate.coordinators, row.coordinators_text if row else None)
        lines.append(
            f"- {plan_label(plan)}, {where}: chủ trì: {lead}; phối hợp: {partners}; "
            f"thời gian: {timeline} {refs[candidate.hit.document.id]}."
        )
    return lines


def duty_lines(agency: str, plans_in_scope: list[Plan], role: str | None, subject: set[str],
               cites: CitationList, limit_per_plan: int = 8) -> list[str]:
    """What an agency must do in each plan: its own duties, then rows it leads, then rows it joins.

    With subject words ("… về thị trường các-bon") the most relevant come first; nothing is dropped
    except past the per-plan limit, which the answer states.
    """
    lines: list[str] = []
    for plan in plans_in_scope:
        items: list[tuple[str, str]] = []  # (clause id, text)
        for duty in plan.duties:
            if duty.agency == agency and (role is None or duty.role == role):
                items.append((duty.clause_id, duty.text))
        for wanted, label in (("lead", "chủ trì"), ("coordinators", "phối hợp")):
            if role not in (None, label):
                continue
            for row in plan.tasks:
                if agency in getattr(row, wanted):
                    items.append((row.clause_id, f"{row.task.rstrip('. ')} ({label}; {row.timeline or 'không ghi thời hạn'})"))
        if not items:
            continue
        if subject:
            items.sort(key=lambda item: -coverage(subject, item[1]))
        shown = items[:limit_per_plan]
        lines.append(f"Theo {plan_label(plan)}, {agency} được giao:")
        lines.extend(f"- {snippet(text, subject)} {cites.ref(clause_id)}" for clause_id, text in shown)
        if len(items) > len(shown):
            rest = "".join(cites.ref(clause_id) for clause_id, _ in items[len(shown):])
            lines.append(f"- và {len(items) - len(shown)} nhiệm vụ khác {rest}")
    return lines


def kind_lines(kind: str, plans_in_scope: list[Plan], cites: CitationList, limit_per_agency: int = 3) -> list[str]:
    """Bodies of one kind ("ban quan ly": every Ban Quản lý …) that each plan gives work to.

    A body with its own duties in "TỔ CHỨC THỰC HIỆN" is shown with its first duty; a body
    that only appears in appendix rows is shown with the rows and its role in each.
    """
    lines: list[str] = []
    for plan in plans_in_scope:
        found: dict[str, list[tuple[str, str]]] = {}  # agency → (clause id, what it is given)
        written: dict[str, str] = {}  # agency → its name as a table cell writes it
        for duty in plan.duties:
            if _is_kind(duty.agency, kind):
                found.setdefault(duty.agency, []).append((duty.clause_id, short(duty.text, 200)))
        for row in plan.tasks:
            for names, cell, label in ((row.lead, row.lead_text, "chủ trì"),
                                       (row.coordinators, row.coordinators_text, "phối hợp")):
                for agency in (a for a in names if _is_kind(a, kind)):
                    if as_written := spellings(cell).get(agency):
                        written.setdefault(agency, as_written)
                    found.setdefault(agency, []).append(
                        (row.clause_id, f"{label} nhiệm vụ “{short(row.task.rstrip('. '), 160)}”"))
        if not found:
            continue
        lines.append(f"Theo {plan_label(plan)}:")
        for agency, items in found.items():
            refs = "".join(cites.ref(clause_id) for clause_id, _ in items[:limit_per_agency])
            more = f" (và {len(items) - limit_per_agency} nội dung khác)" if len(items) > limit_per_agency else ""
            lines.append(f"- {_names([agency], written.get(agency))}: {items[0][1]}{more} {refs}")
    return lines


def _is_kind(agency: str, kind: str) -> bool:
    return fold_diacritics(agency).lower().startswith(kind + " ")


def figure_lines(hits: list[RetrievedClause], subject: set[str], cites: CitationList,
                 pattern: re.Pattern[str] = _FIGURE, unit: str | None = None) -> list[str]:
    """The clause segments that state a figure and match the question's subject.

    `unit` is the noun the question counts ("bao nhiêu lớp" → "lop"): a segment that
    does not mention it does not answer, however many numbers it holds.
    """
    best: list[tuple[float, str, RetrievedClause]] = []
    for hit in hits:
        text = hit.document.text
        segments = [text] if hit.document.kind == "task_row" else re.split(r"(?<=[;.])\s+", text)
        for segment in segments:
            if not pattern.search(segment):
                continue
            if unit and unit not in re.findall(r"\w+", fold_diacritics(segment).lower()):
                continue
            match = coverage(subject, segment)
            if match >= 0.4:
                best.append((match + 0.3 * (hit.dense_score or 0.0), segment.strip(), hit))
    if not best:
        return []
    best.sort(key=lambda item: -item[0])
    top_score, segment, hit = best[0]
    lines = [f"{short(segment, 400)} {cites.ref(hit.document.id, hit.score)}"]
    plans_used = {hit.document.plan_id}
    for score, other, other_hit in best[1:]:
        if other_hit.document.plan_id not in plans_used and score >= top_score - 0.1 and len(lines) < 3:
            plans_used.add(other_hit.document.plan_id)
            lines.append(f"{short(other, 400)} {cites.ref(other_hit.document.id, other_hit.score)}")
    return lines


def percent_lines(hits: list[RetrievedClause], subject: set[str], cites: CitationList) -> list[str]:
    """Percentages only, for "bao nhiêu phần trăm" questions."""
    return figure_lines(hits, subject, cites, _PERCENT)


def reference_lines(hits: list[RetrievedClause], subject: set[str], cites: CitationList) -> list[str]:
    """Clause segments citing a legal document that match the question's subject."""
    return figure_lines(hits, subject, cites, _DOC_REFERENCE)


def money_lines(hits: list[RetrievedClause], subject: set[str], cites: CitationList) -> list[str]:
    """Budget amounts, only when a clause actually states one."""
    return figure_lines(hits, subject, cites, _MONEY)


def sentence_lines(hits: list[RetrievedClause], subject: set[str], cites: CitationList,
                   speakers: dict[str, str], count: int = 2) -> list[str]:
    """Best supporting sentences of the top clauses (extractive).

    `speakers` maps a duty clause to its agency heading, which opens the line:
    a duty sentence means nothing without the agency it is given to.
    """
    scored: list[tuple[float, str, RetrievedClause]] = []
    for rank, hit in enumerate(hits[:4]):
        speaker = speakers.get(hit.document.id, "")
        for sentence in re.split(r"(?<=[.;])\s+(?=[A-ZĐÀ-Ỹ])", hit.document.text):
            relevance = coverage(subject, f"{speaker} {sentence}") + (hit.dense_score or 0.0) - 0.02 * rank
            scored.append((relevance, sentence.strip(), hit))
    scored.sort(key=lambda item: -item[0])
    lines, used = [], set()
    for _, sentence, hit in scored:
        if sentence in used or len(lines) >= count:
            continue
        used.add(sentence)
        speaker = speakers.get(hit.document.id)
        prefix = f"{speaker}: " if speaker else ""
        lines.append(f"{prefix}{short(sentence, 400)} {cites.ref(hit.document.id, hit.score)}")
    return lines


def basis_lines(plans: list[Plan], subject: set[str], cites: CitationList) -> list[str]:
    """The legal basis the question describes, with every plan (in scope) that cites it."""
    best: dict[str, tuple[str, list[str]]] = {}  # number or text → (description, refs)
    for plan in plans:
        for basis in plan.metadata.legal_bases:
            about = f" {basis.subject}" if basis.subject else ""
            if coverage(subject, basis.text + about) >= 0.6:
                key = basis.number or basis.text
                description = best.get(key, (f"{basis.text}{about}", []))[0]
                best.setdefault(key, (description, []))[1].append(cites.ref(f"{plan.plan_id}:preamble"))
                break
    return [f"{description} {''.join(refs)}." for description, refs in best.values()]


def cited_as(plan: Plan, others: list[Plan]) -> tuple[Plan, str] | None:
    """(citing plan, number) when another plan cites this one by number ("Kế hoạch số 362/KH-UBND … về <title>")."""
    title = set(re.findall(r"\w+", fold_diacritics(plan.metadata.title).lower()))
    for other in others:
        if other.plan_id == plan.plan_id:
            continue
        for basis in other.metadata.legal_bases:
            if basis.kind == "Kế hoạch" and basis.number and basis.subject:
                subject = set(re.findall(r"\w+", fold_diacritics(basis.subject).lower()))
                if title and len(title & subject) / len(title) >= 0.8:
                    date = f" ngày {basis.date}" if basis.date else ""
                    return other, f"{basis.number}{date}"
    return None


def fact_lines(intents: list[str], plans: list[Plan], cites: CitationList,
               corpus: list[Plan] | None = None) -> tuple[list[str], bool]:
    """Metadata and legal-basis answers; (lines, found). A blank field is said to be blank."""
    lines: list[str] = []
    found = False
    for intent, plan in ((i, p) for i in intents for p in plans):
        meta = plan.metadata
        label = plan_label(plan)
        if intent == "metadata_number":
            if meta.number:
                found = True
                lines.append(f"{label} có số hiệu {meta.number} {cites.ref(f'{plan.plan_id}:front')}.")
            elif reference := cited_as(plan, corpus or []):
                found = True
                citing, number = reference
                blank = f" {cites.ref(f'{plan.plan_id}:front')}" if meta.number_text else ""
                lines.append(f"{label}: bản văn bản để trống số{blank}, nhưng {plan_label(citing)} dẫn chiếu "
                             f"kế hoạch này là Kế hoạch số {number} {cites.ref(f'{citing.plan_id}:preamble')}.")
            else:
                blank = f" (văn bản ghi “{meta.number_text}” {cites.ref(f'{plan.plan_id}:front')}, để trống số)" if meta.number_text else ""
                lines.append(f"{label}: văn bản không ghi số hiệu{blank}.")
        elif intent == "metadata_date":
            if meta.issue_date:
                found = True
                lines.append(f"{label} ban hành ngày {meta.issue_date} {cites.ref(f'{plan.plan_id}:front')}.")
            elif meta.issue_year:
                found = True
                source = f"{plan.plan_id}:front" if meta.issue_date_text else f"{plan.plan_id}:PL.title"
                lines.append(f"{label}: văn bản không ghi ngày, tháng cụ thể; chỉ ghi năm {meta.issue_year} "
                             f"{cites.ref(source)}.")
            else:
                lines.append(f"{label}: văn bản không ghi ngày ban hành.")
        elif intent == "metadata_signer" and meta.signer:
            found = True
            authority = f"{meta.signing_authority.replace(' / ', ', ')}, " if meta.signing_authority else ""
            lines.append(f"{label} do {meta.signer} ({authority}{meta.signer_title}) ký {cites.ref(f'{plan.plan_id}:signature')}.")
        elif intent == "metadata_issuer" and meta.issuer:
            found = True
            lines.append(f"{label} do {meta.issuer} ban hành {cites.ref(f'{plan.plan_id}:preamble')}.")
        elif intent == "metadata_period" and meta.period:
            found = True
            lines.append(f"{label} áp dụng cho {'giai đoạn' if '-' in meta.period else 'năm'} {meta.period} {cites.ref(f'{plan.plan_id}:title')}.")
        elif intent == "metadata_title":
            found = True
            lines.append(f"Tên đầy đủ: KẾ HOẠCH {meta.title} ({meta.issuer}) {cites.ref(f'{plan.plan_id}:title')}.")
        elif intent == "legal_basis" and meta.legal_bases:
            found = True
            bases = "; ".join(b.text for b in meta.legal_bases)
            lines.append(f"{label} căn cứ: {bases} {cites.ref(f'{plan.plan_id}:preamble')}.")
    return lines, found
