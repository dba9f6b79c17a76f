"""Answer texts composed from plan structure and clause sentences — never from elsewhere.

Every function returns the answer lines; each line ends with the [n] markers
of the clauses it rests on (added through the shared `CitationList`).
"""

from __future__ import annotations

import re

from plan_qa.answering.citations import CitationList
from plan_qa.agencies import normalize_agency, spellings
from plan_qa.answering.statements import DOC_REFERENCE, FIGURE, MONEY, PERCENT
from plan_qa.answering.tasks import TaskCandidate, coverage
from plan_qa.labels import plan_short_label as plan_label
from plan_qa.parsing import LegalBasis, Plan, TaskRow
from plan_qa.parsing.legal_refs import Issuer, issuer_of, kind_mention
from plan_qa.parsing.timelines import normalize_timeline
from plan_qa.retrieval import RetrievedClause
from plan_qa.text.vietnamese import fold_diacritics, harmonise_tone_marks

_YEAR = re.compile(r"\b(?:19|20)\d\d\b")
HEADLINE_TASK_WORDS = 8  # the task as the answer's first sentence names it: enough to recognise it
COMPANION_AGENCIES = 2  # a longer lead list is left to the details
_SO_LIST = re.compile(r"^\s*các\s+sở\s*:\s*", re.IGNORECASE)


def join_names(names: list[str]) -> str:
    return "; ".join(names) if names else "(không ghi)"


def short(text: str, limit: int = 220) -> str:
    text = text.strip()
    return text if len(text) <= limit else text[: limit - 1].rsplit(" ", 1)[0] + "…"


def first_words(text: str, count: int) -> str:
    """The first `count` words of the text, "…" marking a cut."""
    words = text.split()
    return " ".join(words) if len(words) <= count else " ".join(words[:count]).rstrip(",;:") + "…"


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


def written_names(cell: str) -> str:
    """A table cell as the plan writes it, a "Các sở: A, B" list spelled out as "Sở A, Sở B"."""
    text = harmonise_tone_marks(cell).strip().rstrip(".;, ")
    head = _SO_LIST.match(text)
    if not head:
        return text
    body = text[head.end():]
    for canonical, written in spellings(text).items():
        if canonical.startswith("Sở ") and not fold_diacritics(written).lower().startswith("so "):
            body = re.sub(rf"(?<!Sở )(?<!\w){re.escape(written)}", f"Sở {written}", body, count=1)
    return body


def _agencies(names: list[str], cell: str | None) -> str:
    """Agencies in the plan's own wording (when the row has it), else by their canonical names."""
    if not cell or not cell.strip() or normalize_agency(cell):  # a lone name: its full canonical form
        return join_names(names)
    return written_names(cell)


def _asked(intent: str, candidate: TaskCandidate, agreed: bool = False) -> str:
    """The field a task question asks about; `agreed` (several plans, one value) uses canonical names."""
    row = None if agreed else candidate.row
    if intent == "timeline":
        return candidate.timeline or ""
    names = candidate.coordinators if intent == "coordinators" else candidate.lead
    if row is None and intent == "coordinators" and candidate.partners:
        return candidate.partners.strip()  # a duty's partners, as its sentence writes them
    cell = (row.coordinators_text if intent == "coordinators" else row.lead_text) if row else None
    if names:
        return _agencies(names, cell)
    return _cell(intent, candidate.row)  # a name the agency table does not know ("CCCNTY"): as the plan writes it


def _cell(intent: str, row: TaskRow | None) -> str:
    """A row's lead / coordinators / deadline cell as written, "" when it is empty."""
    if row is None:
        return ""
    return ({"timeline": row.timeline, "coordinators": row.coordinators_text}.get(intent, row.lead_text) or "").strip()


def _companion(intent: str, candidate: TaskCandidate) -> str:
    """The one other fact worth a few words: the deadline of a lead, the lead of a deadline.

    When the asked field is blank, the row's other agencies are said instead.
    """
    lead = join_names(candidate.lead) if 0 < len(candidate.lead) <= COMPANION_AGENCIES else ""
    timeline = candidate.timeline or ""
    if not _asked(intent, candidate, agreed=True):
        partners = join_names(candidate.coordinators) if candidate.coordinators else ""
        known = [f"chủ trì: {lead}" if lead and intent != "lead" else "",
                 f"phối hợp: {partners}" if partners and intent != "coordinators" else "",
                 f"thời gian: {timeline}" if timeline and intent != "timeline" else ""]
        return "; ".join(k for k in known if k)
    if intent == "lead":
        return f"thời gian: {timeline}" if timeline else ""
    return f"chủ trì: {lead}" if lead and intent == "timeline" else ""


_BLANK = {"timeline": "không ghi thời hạn cụ thể", "coordinators": "không ghi đơn vị phối hợp",
          "lead": "không ghi cơ quan chủ trì"}
_CELL_DATE = re.compile(r"\b(?:\d{1,2}|[IVX]+)/(?:\d{1,2}/)?(?:19|20)\d{2}\b")  # "6/2026", "31/5/2026", "IV/2026"
_UNSURE = {"timeline": "thời hạn", "coordinators": "đơn vị phối hợp", "lead": "cơ quan chủ trì"}


def field_is_blank(intent: str, row: TaskRow | None, plan: Plan) -> bool:
    """True when the plan surely gives this row no deadline (lead, coordinators: `intent`): other rows of
    its shape (the same table, the same inline blocks) state one, so the field exists and is empty here.
    A duty sentence, or a plan none of whose rows of that shape has it, is not sure: the parse may have
    missed the column (a table without ruling lines runs its columns together)."""
    if row is None or _cell(intent, row):
        return False
    if intent == "timeline" and _CELL_DATE.search(f"{row.lead_text} {row.coordinators_text}"):
        return False  # a date in another cell: the columns ran together, the deadline is there
    if intent == "coordinators" and len(row.lead) > 1:
        return False  # several bodies in the lead cell: the coordinators may have run into it
    return any(_cell(intent, other) for other in plan.tasks if other.shape == row.shape and other is not row)


def _headline(intent: str, value: str, task: str, extra: str, refs: str) -> str:
    extra = f" ({extra})" if extra else ""
    if intent == "timeline":
        return f"Thời gian thực hiện “{task}”: {value}{extra} {refs}."
    if intent == "coordinators":
        return f"Phối hợp “{task}”: {value}{extra} {refs}."
    return f"{value} chủ trì “{task}”{extra} {refs}."


def task_lines(intent: str, chosen: list[TaskCandidate], plans: dict[str, Plan], cites: CitationList) -> list[str]:
    """The asked field in one sentence first, then one short line per plan.

    Each plan is named by its short label ("KH 524/KH-UBND Đồng Tháp"); beside the asked field
    only one companion fact is given (the deadline of a lead, the lead of a deadline). The rest
    of each row stays in the cited clauses, which the app folds under "Chi tiết".
    """
    refs = {c.hit.document.id: cites.ref(c.cited, c.hit.score) for c in chosen}
    task = first_words(chosen[0].task.rstrip(". "), HEADLINE_TASK_WORDS)
    values = [_asked(intent, c) for c in chosen]
    extras = [_companion(intent, c) for c in chosen]
    agreed = [_asked(intent, c, agreed=True) for c in chosen]
    key = normalize_timeline if intent == "timeline" else (lambda value: value)
    if agreed[0] and all(key(v) == key(agreed[0]) for v in agreed):
        if len(chosen) == 1:  # the plan is named in the sentence itself
            extra = "; ".join(filter(None, [extras[0], plan_label(plans[chosen[0].plan_id])]))
            return [_headline(intent, values[0], task, extra, "".join(refs.values()))]
        same_extra = extras[0] if all(e == extras[0] for e in extras) else ""
        lines = [_headline(intent, agreed[0], task, same_extra, "".join(refs.values()))]
        lines += [f"- {plan_label(plans[c.plan_id])}{', ' + e if e and not same_extra else ''} "
                  f"{refs[c.hit.document.id]}" for c, e in zip(chosen, extras)]
        return lines
    lines = [f"Các kế hoạch giao nhiệm vụ “{task}” khác nhau:" if len(chosen) > 1
             else f"Nhiệm vụ “{task}”:"]
    lines += [f"- {plan_label(plans[c.plan_id])}: {value or _blank(intent, c, plans[c.plan_id])}{'; ' + e if e else ''} "
              f"{refs[c.hit.document.id]}" for c, value, e in zip(chosen, values, extras)]
    return lines


def states_asked(intent: str, chosen: list[TaskCandidate]) -> bool:
    """Whether any chosen row or duty states the field asked for: when none does, the lines say what the
    plan gives for the task ("không ghi đơn vị phối hợp; chủ trì: …") but do not answer the question."""
    return any(_asked(intent, c) for c in chosen)


def _blank(intent: str, candidate: TaskCandidate, plan: Plan) -> str:
    """What to say of an empty asked field; a missing deadline only when the parse is sure of it."""
    if not field_is_blank(intent, candidate.row, plan):
        return f"không đọc được {_UNSURE[intent]} cho nhiệm vụ này (văn bản có thể nêu ở phần khác)"
    return _BLANK[intent]


def _same_body(a: str, b: str) -> bool:
    return fold_diacritics(a).lower().strip() == fold_diacritics(b).lower().strip()


def named_body(folded_question: str, plans: list[Plan]) -> str | None:
    """The body the question names among those the plans give duties or rows to ("Tỉnh đoàn",
    "Sở Ngoại vụ"), when the agency table does not know it: the longest name found in the question."""
    names = {name for plan in plans for name in
             [*(d.agency for d in plan.duties), *(a for row in plan.tasks for a in row.lead + row.coordinators)]}
    found = [name for name in names if len(name.split()) >= 2
             and re.search(rf"\b{re.escape(fold_diacritics(name).lower())}\b", folded_question)]
    return max(found, key=len) if found else None


def duty_lines(agency: str, plans_in_scope: list[Plan], role: str | None, subject: set[str],
               cites: CitationList, limit_per_plan: int = 8, characters_per_plan: int = 1500) -> list[str]:
    """What an agency must do in each plan: its own duties, then rows it leads, then rows it joins.

    With subject words ("… về thị trường các-bon") the most relevant come first; nothing is dropped
    except past the per-plan limit, which the answer states. The fewer the items, the more of each
    is shown (a single duty is read whole, up to `characters_per_plan`).
    """
    lines: list[str] = []
    for plan in plans_in_scope:
        items: list[tuple[str, str]] = []  # (clause id, text)
        for duty in plan.duties:
            if _same_body(duty.agency, agency) and (role is None or duty.role == role):
                items.append((duty.clause_id, duty.text))
        for wanted, label in (("lead", "chủ trì"), ("coordinators", "phối hợp")):
            if role not in (None, label):
                continue
            for row in plan.tasks:
                if any(_same_body(agency, name) for name in getattr(row, wanted)):
                    when = row.timeline or ("không ghi thời hạn" if field_is_blank("timeline", row, plan) else "")
                    items.append((row.clause_id, f"{row.task.rstrip('. ')} ({label}{'; ' + when if when else ''})"))
        if not items:
            continue
        if subject:
            items.sort(key=lambda item: -coverage(subject, item[1]))
        shown = items[:limit_per_plan]
        limit = max(260, characters_per_plan // len(shown))
        lines.append(f"Theo {plan_label(plan)}, {agency} được giao:")
        lines.extend(f"- {snippet(text, subject, limit)} {cites.ref(clause_id)}" for clause_id, text in shown)
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


_NOT_A_UNIT = frozenset("la duoc thi con nao gi vay the co da se voi muc".split())  # "so với", "ở mức" count nothing


# What follows "bao nhiêu <unit>" up to one of these words is the thing counted ("bao nhiêu lượt khách
# quốc tế đến …" counts "khách quốc tế"): verbs, prepositions and linking words end the noun phrase.
_PHRASE_END = frozenset("la thi duoc phai trong nam den vao cho tai o se can moi tu va hoac nhu theo cua dat muc tren "
                        "khi sau truoc nay do".split())
# Numbers that are no figure: dates ("ngày 02 tháng 02 năm 2018") and document numbers ("số 15/2018/NĐ-CP").
_NOT_FIGURES = re.compile(r"(?:ngày\s+)?\d{1,2}\s+tháng\s+\d{1,2}(?:\s+năm\s+\d{4})?|\bsố\s+\d+[\w/-]*|\d+(?:/[\w-]+)+",
                          re.IGNORECASE)


# The cells of a row clause (`parsing.parser`: "task | <lead label>: … | Đơn vị phối hợp: … | Thời gian thực hiện: …")
# that name bodies or times: "Ngân hàng Nhà nước Khu vực 6", "Quý IV/2026" are no figure of the task.
_BODY_OR_TIME_CELL = re.compile(r"^(?:[^:|]*\b(?:chu tri|phoi hop|thoi gian|thoi han|co quan|don vi(?! tinh))\b[^:|]*):")


def _without_cells(row_text: str) -> str:
    """A row clause without its body and time cells: the task and the cells that may state its figure."""
    cells = row_text.split(" | ")
    return " | ".join([cells[0], *(c for c in cells[1:] if not _BODY_OR_TIME_CELL.match(fold_diacritics(c).lower()))])


def counted_words(folded: str, unit: str | None) -> set[str]:
    """The noun phrase a figure question counts after its unit, folded ("lượt khách quốc tế" → khach, quoc, te).

    Without a one-syllable unit ("bao nhiêu cơ sở", whose "co" folds like "có") the phrase is read from
    "bao nhiêu" on: the two-syllable noun is what is counted."""
    lead = rf"\bbao nhieu {re.escape(unit)} " if unit else r"\bbao nhieu "
    after = re.search(rf"{lead}((?:\w+ ?){{1,3}})", folded)
    words: set[str] = set()
    for word in (after.group(1).split() if after else []):
        if word in _PHRASE_END or (not unit and word in _NOT_A_UNIT - {"co"}):
            break
        words.add(word)
    return words


def asked_unit(folded: str) -> str | None:
    """The noun a figure question counts, folded: "bao nhiêu lớp" → "lop"; "số mẫu … là bao nhiêu" → "mau"."""
    after = re.search(r"\bbao nhieu (\w+)", folded)
    if after and after.group(1) not in _NOT_A_UNIT:
        return after.group(1)
    before = re.search(r"(?<!ty )(?<!ti )\bso (?:luong )?(\w+)\b.*\bbao nhieu\b", folded)  # "tỷ số" counts nothing
    return before.group(1) if before and before.group(1) not in _NOT_A_UNIT else None


def asked_years(query: str, plans: list[Plan]) -> set[str]:
    """The years a figure question asks about ("kim ngạch năm 2025"), not those naming a plan in scope
    ("Kế hoạch … năm 2026 của …": the plan's title or period)."""
    naming = {year for plan in plans for year in _YEAR.findall(f"{plan.metadata.title} {plan.metadata.period or ''}")}
    return set(_YEAR.findall(query)) - naming


def figure_lines(hits: list[RetrievedClause], subject: set[str], cites: CitationList,
                 pattern: re.Pattern[str] = FIGURE, unit: str | None = None,
                 support: dict[str, float] | None = None, counted: set[str] | None = None,
                 years: set[str] | None = None, references: bool = False) -> list[str]:
    """The clause segments that state a figure (`references`: that cite a document) and match the question's subject.

    `unit` is the noun the question counts ("bao nhiêu lớp" → "lop"): the segment must state a
    number of it ("336 mẫu/năm"), however many other numbers it holds. A segment's subject may lie
    in its clause or headings ("Môi trường ao nuôi tôm đại diện" > "… số lượng mẫu 336 mẫu/năm"): the
    clause's coverage counts at half weight. `counted` is what the question counts after its unit
    ("bao nhiêu lượt khách quốc tế"): a segment counting something else ("600 lượt lao động") is no answer,
    however well the model backs its clause. A date or a document number is no figure. `years` are the years
    the question asks about ("năm 2025", a year neither the plan's title nor its period names): a segment whose
    words (or, naming none, its clause's) do not name one of them is no answer — "đến năm 2030 đạt …" does not
    say what 2027 reaches, nor a standing target "không vượt quá 25 µg/m3" what was reached in 2025. `support` holds the evidence model's probability for
    the clauses it holds as supporting: their segments qualify whatever the word overlap (a question in
    everyday words shares few words with the plan), and the probability adds to the segment's rank.
    """
    support = support or {}
    best: list[tuple[float, str, RetrievedClause]] = []
    # "1,2 triệu lượt": a magnitude word may stand between the number and its unit
    counted_pattern = re.compile(rf"\d[\d.,]*\s*(?:(?:nghin|ngan|trieu|ty|van)\s+)?{re.escape(unit)}\b") if unit else None
    things = counted or set()
    for hit in hits:
        text = hit.document.text
        segments = [_without_cells(text)] if hit.document.kind == "task_row" else re.split(r"(?<=[;.])\s+", text)
        whole = coverage(subject, hit.document.search_text)  # the clause with its headings
        for segment in segments:
            if not pattern.search(segment if references else _NOT_FIGURES.sub(" ", segment)):
                continue
            folded = fold_diacritics(segment).lower()
            if unit and not (counted_pattern.search(folded) if hit.document.kind != "task_row"
                             else unit in re.findall(r"\w+", folded)):  # a row states its unit in its own column
                continue
            if things and not things <= set(re.findall(r"\w+", folded)):
                continue
            named_years = set(_YEAR.findall(segment)) or set(_YEAR.findall(text))  # else the clause's years
            if years and not years & named_years:
                continue
            match = max(coverage(subject, segment), whole / 2 if counted_pattern else 0.0)
            backed = support.get(hit.document.id, 0.0)
            if match >= 0.4 or (counted_pattern and whole >= 0.4) or backed:
                best.append((match + 0.3 * (hit.dense_score or 0.0) + backed, segment.strip(), hit))
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


def percent_lines(hits: list[RetrievedClause], subject: set[str], cites: CitationList,
                  support: dict[str, float] | None = None, years: set[str] | None = None) -> list[str]:
    """Percentages only, for "bao nhiêu phần trăm" questions."""
    return figure_lines(hits, subject, cites, PERCENT, support=support, years=years)


def reference_lines(hits: list[RetrievedClause], subject: set[str], cites: CitationList,
                    kinds: frozenset[str] = frozenset()) -> list[str]:
    """Clause segments citing a legal document (of one of `kinds`, when the question names any) that match the
    question's subject: "thực hiện nghị quyết nào" is not answered by a segment citing only a plan."""
    return figure_lines(hits, subject, cites, kind_mention(kinds) if kinds else DOC_REFERENCE, references=True)


def money_lines(hits: list[RetrievedClause], subject: set[str], cites: CitationList,
                support: dict[str, float] | None = None) -> list[str]:
    """Budget amounts, only when a clause actually states one; `support` as for `figure_lines` (a clause the
    evidence model backs qualifies whatever the word overlap: "tiền … lấy từ nguồn nào" shares few words with
    "18,5 tỷ đồng; Quỹ Phòng, chống thiên tai …")."""
    return figure_lines(hits, subject, cites, MONEY, support=support)


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
        prefix = f"{speaker.rstrip(' :')}: " if speaker else ""
        lines.append(f"{prefix}{short(sentence, 400)} {cites.ref(hit.document.id, hit.score)}")
    return lines


def basis_lines(plans: list[Plan], subject: set[str], cites: CitationList, kinds: frozenset[str] = frozenset(),
                every: bool = False, issuers: tuple[Issuer, ...] = ()) -> list[str]:
    """The legal basis the question describes, with every plan (in scope) that cites it.

    A question naming a kind ("theo hướng dẫn nào", "căn cứ quyết định … nào") or an issuer ("… của Thủ
    tướng") is answered from the bases of that kind and issuer: all of them when it asks for several, else the
    one its words describe best; the only such basis in a plan is the one meant. Otherwise, the basis covering
    most of the question's words."""
    best: dict[str, tuple[str, list[str]]] = {}  # number or text → (description, refs)
    named = bool(kinds or issuers)
    for plan in plans:
        bases = [b for b in plan.metadata.legal_bases
                 if (not kinds or b.kind in kinds) and (not issuers or issuer_of(b) in issuers)]
        if every and named:
            chosen = bases
        else:
            score, basis = max(((coverage(subject, _described(b)), b) for b in bases),
                               key=lambda pair: pair[0], default=(0.0, None))
            chosen = [basis] if basis and (score >= 0.6 or (named and len(bases) == 1)) else []
        for basis in chosen:
            key = basis.number or basis.text
            description = best.get(key, (_described(basis), []))[0]
            best.setdefault(key, (description, []))[1].append(cites.ref(basis.clause_id or f"{plan.plan_id}:preamble"))
    return [f"{description} {''.join(refs)}." for description, refs in best.values()]


def _described(basis: LegalBasis) -> str:
    """A basis as cited, with what it is about when the plan says."""
    return f"{basis.text}, về {basis.subject}" if basis.subject else basis.text


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
            where = dict.fromkeys(b.clause_id or f"{plan.plan_id}:preamble" for b in meta.legal_bases)
            lines.append(f"{label} căn cứ: {bases} {''.join(cites.ref(c) for c in where)}.")
    return lines, found
