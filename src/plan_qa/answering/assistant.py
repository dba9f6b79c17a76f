"""The assistant: load once, then answer questions with cited clauses.

`Assistant.ask` reads the question (intent, agencies, scope, follow-up),
retrieves clauses within the scope, answers from structure where structure
holds the answer (task rows, duties, metadata) and from clause sentences
otherwise, and refuses — `found: false` with the nearest clauses — when the
plans do not support an answer.
"""

from __future__ import annotations

import re
import time
from collections.abc import Callable, Sequence
from dataclasses import dataclass, replace

import numpy as np

from plan_qa.answering.asks import asks, body_names, clause_states, frame_words
from plan_qa.answering.citations import CitationList, as_related, plan_label
from plan_qa.answering.compose import (
    asked_unit,
    asked_years,
    counted_words,
    basis_lines,
    duty_lines,
    fact_lines,
    figure_lines,
    kind_lines,
    money_lines,
    named_body,
    percent_lines,
    reference_lines,
    sentence_lines,
    short,
    states_asked,
    task_lines,
)
from plan_qa.answering.answerability import (
    AnswerabilityModel,
    PlanVocabulary,
    QuestionView,
    field_part,
    question_features,
)
from plan_qa.answering.reporting import asked_fields, best_statements
from plan_qa.answering.reporting import frame_words as reporting_frame_words
from plan_qa.answering.focal import asks_standing_body, asks_whole_plan, focal_lines
from plan_qa.answering.llm import LLMAnswerer, build_chat_model
from plan_qa.answering.model import Answer
from plan_qa.answering.scope import Scope, resolve_scope, without_plan_mentions
from plan_qa.answering.support import FRAMING_KINDS, Evidence, SupportModel, feature_matrix, load_support_model
from plan_qa.answering.statements import states_time
from plan_qa.answering.tasks import candidates_from, matching_set, rows_by_document
from plan_qa.answering.intents import intent_classifier
from plan_qa.answering.question import Question, QuestionReader, question_restorer
from plan_qa.answering.unstated import unstated_field, unstated_line
from plan_qa.answering.understanding import PART_ONLY_FLOOR, QuestionFrame, compound_parts, content_words, understand
from plan_qa.agencies import find_agencies, normalize_agency, spellings
from plan_qa.config import Settings
from plan_qa.embeddings import Embedder, load_embedder
from plan_qa.index import BuildReport, PlanIndex, ensure_index
from plan_qa.ingest.limits import question_problem
from plan_qa.parsing import Plan
from plan_qa.parsing.bodies import names_body
from plan_qa.parsing.legal_refs import issuers_asked, kinds_asked
from plan_qa.retrieval import HybridRetriever, RetrievedClause, scope_mask
from plan_qa.text.abbreviations import expand_paraphrases, spelled_out
from plan_qa.text.places import all_province_names
from plan_qa.text.vietnamese import fold_diacritics

RETRIEVE_K = 15
ROW_K = 6  # task rows searched beside the clauses: a row is the answer to who / when questions

NOT_FOUND = "Các kế hoạch trong kho không nêu thông tin này."
TASK_INTENTS = ("lead", "coordinators", "timeline", "comparison")


@dataclass
class Turn:
    """What a follow-up question inherits from the previous turn."""

    query: str
    intent: str
    province: list[str]
    plan_id: str | None


@dataclass
class Reading:
    """One question (or part of a compound question) as understood."""

    question: Question
    frame: QuestionFrame
    scope: Scope
    query: str  # what retrieval searches for (NFC, abbreviations expanded)
    dense_query: str  # what the embedding model reads
    held: set[int]  # positions of the clauses of the bodies the question names
    subject: set[str]  # folded words saying what the question is about (no scope words, no agencies)
    expanded_subject: set[str]  # the query's subject after everyday words are expanded into the plans' wording


@dataclass
class PartAnswer:
    """Answer lines for one reading; `refusal` says why there are none."""

    lines: list[str]
    found: bool
    hits: list[RetrievedClause]
    refusal: str | None = None


class Assistant:
    """Plans, index, model and retriever, loaded once; `ask` answers one question."""

    def __init__(self, index: PlanIndex, embedder: Embedder, settings: Settings,
                 build_report: BuildReport | None = None, llm: LLMAnswerer | None = None) -> None:
        self.index = index
        self.llm = llm
        self.embedder = embedder
        self.settings = settings
        self.build_report = build_report
        self.retriever = HybridRetriever(index, embedder, settings.dense_weight, settings.lexical_weight,
                                         fusion=settings.fusion, body_weight=settings.body_weight,
                                         restorer=question_restorer(doc.search_text for doc in index.documents))
        self.plans: dict[str, Plan] = {p.plan_id: p for p in index.plans}
        self.rows = rows_by_document(index.plans, list(index.positions))
        self.duties = {duty.clause_id: duty for p in index.plans for duty in p.duties}
        self.vocabulary = PlanVocabulary.of(index.plans)
        self.known_agencies: set[str] = set().union(*self.vocabulary.agencies.values())
        acting = {name for row in self.rows.values() for name in row.lead + row.coordinators}
        acting |= {duty.agency for duty in self.duties.values()}
        self._support: SupportModel | None = None
        self._answerability: AnswerabilityModel | None = None
        self.reader = QuestionReader(self.retriever.restorer, intent_classifier(), self.known_agencies, acting)
        self.speakers = {duty.clause_id: duty.agency_text for duty in self.duties.values()}
        # each plan's folded words in order: a body the question names is looked for in the plans in scope
        self.plan_texts = {p.plan_id: " ".join(re.findall(r"\w+", fold_diacritics(" ".join(c.text for c in p.clauses)).lower()))
                           for p in index.plans}
        # Words of plan titles and provinces say where, not what: they are no subject.
        self.scope_words = content_words(" ".join(
            f"{p.metadata.title} {p.metadata.province or ''}" for p in index.plans))

    @property
    def support(self) -> SupportModel:
        """The evidence model for this index's embedding model (fitted for it, else the bundled one)."""
        if self._support is None:
            self._support = load_support_model(self.settings.index_dir)
        return self._support

    @property
    def answerability(self) -> AnswerabilityModel:
        """The answer-or-refuse model for this index's embedding model (fitted for it, else the bundled one)."""
        if self._answerability is None:
            self._answerability = AnswerabilityModel.load(self.settings.index_dir)
        return self._answerability

    @classmethod
    def load(cls, settings: Settings | None = None,
             progress: Callable[[str, float], None] | None = None) -> "Assistant":
        """Load (building or refreshing the index if needed) from settings or the environment."""
        settings = settings or Settings.from_env()
        embedder = load_embedder(settings.model)
        index, report = ensure_index(settings.corpus_dir, settings.index_dir, embedder, settings.index_type, progress)
        llm = LLMAnswerer(build_chat_model(settings.llm)) if settings.llm else None
        return cls(index, embedder, settings, report, llm)

    # -- the question ---------------------------------------------------------------

    def _previous_turn(self, history: Sequence[Answer | dict] | None) -> Turn | None:
        if not history:
            return None
        last = history[-1]
        data = last.to_dict() if isinstance(last, Answer) else dict(last)
        scope = data.get("scope") or {}
        return Turn(scope.get("query") or data.get("question", ""), data.get("intent", "open"),
                    list(scope.get("province") or []), scope.get("plan_id"))

    def ask(self, question: str | Question, history: Sequence[Answer | dict] | None = None,
            province: str | None = None, plan: str | None = None) -> Answer:
        """Answer one question; `history` holds earlier answers of the conversation.

        `question` is the user's text or a `Question` already read by `self.reader` (the chat reads
        it once to check the filters; it is not read again). A compound question ("… ở Hà Nội thế
        nào, còn Gia Lai …?") is answered part by part, each part with its own intent and scope,
        under one list of citations.
        """
        started = time.perf_counter()
        prepared = question if isinstance(question, Question) else None
        question = prepared.text if prepared else (question or "").strip()
        if not question:
            return Answer(question, "Vui lòng nhập câu hỏi.", False, "empty")
        if too_long := question_problem(question):
            return Answer(question[:200] + "…", too_long, False, "too_long")
        previous = self._previous_turn(history)
        readings: list[Reading] = []
        parts = compound_parts(question)
        for part in parts:
            readings.append(self._read(part, previous, province, plan, prepared if len(parts) == 1 else None))
            previous = Turn(readings[-1].query, readings[-1].frame.intent, readings[-1].scope.provinces,
                            readings[-1].scope.plan_id)
        answer = self._answer(readings)
        answer.question = question
        answer.notices += [note for reading in readings for note in reading.question.notes()]
        if self.llm is not None:
            answer = self.llm.rewrite(answer)
        last = readings[-1]
        answer.scope = {"province": last.scope.provinces, "plan_id": last.scope.plan_id, "query": last.query}
        answer.latency_ms = (time.perf_counter() - started) * 1000
        return answer

    def _read(self, text: str, previous: Turn | None, province: str | None, plan: str | None,
              question: Question | None = None) -> Reading:
        """Intent, scope and search query of one question (a follow-up leans on `previous`);
        `question` is the text already read, when the caller has it."""
        question = question or self.reader.read(text)
        frame = understand(question)
        scope = resolve_scope(question, list(self.plans.values()), province, plan)
        query = without_plan_mentions(question.expanded, question.folded_expanded)  # the scope filters by plan; its title words only add noise
        if previous and frame.follow_up:
            query = f"{previous.query} {question.expanded}"
            if frame.intent == "open":
                frame.intent = previous.intent
            if not scope.provinces and not scope.missing_provinces:
                scope.provinces, scope.plan_id = previous.province, scope.plan_id or previous.plan_id
        dense_query = question.restored if query == question.expanded else self.reader.restore(query)
        subject = content_words(query) - self.scope_words - content_words(" ".join(frame.agencies))
        # A named body's own clauses are raised for what it is asked to do, not for who leads /
        # when: there the task rows answer, and the body's other duties crowd them out
        # (bundled validation recall@5 0.952 → 1.000 without the raise for these intents).
        held = set() if frame.intent in TASK_INTENTS else self.retriever.bodies.positions(question.folded_expanded)
        expanded_subject = content_words(expand_paraphrases(query)) - self.scope_words
        return Reading(question, frame, scope, query, dense_query,
                       held, subject, expanded_subject)

    # -- answering ----------------------------------------------------------------------

    def _plans_in(self, scope: Scope) -> list[Plan]:
        if scope.plan_id:
            return [self.plans[scope.plan_id]]
        return [p for p in self.plans.values() if not scope.provinces or p.metadata.province in scope.provinces]

    def _refuse(self, frame: QuestionFrame, hits: list[RetrievedClause], message: str = NOT_FOUND) -> Answer:
        related = as_related([h.document for h in hits[:3]], [h.score for h in hits[:3]])
        text = message + (" Các điều khoản gần nhất (có thể liên quan) được liệt kê bên dưới." if related else "")
        return Answer("", text, False, frame.intent, related=related, retrieved=[h.to_dict() for h in hits])

    def _answer(self, readings: list[Reading]) -> Answer:
        cites = CitationList(self.index)
        parts = [self._answer_part(reading, cites) for reading in readings]
        frame = readings[0].frame
        hits = parts[0].hits
        notes = [note for reading in readings for note in reading.question.notes()]
        if len(parts) == 1:
            part = parts[0]
            if part.refusal:
                return self._refuse(frame, hits, " ".join([*notes, part.refusal]))
            lines, found = part.lines, part.found
        else:  # each part under the provinces it is about, when the parts differ in that
            lines, found = [], False
            headed = len({tuple(reading.scope.provinces) for reading in readings}) > 1
            for reading, part in zip(readings, parts):
                body = part.lines or [f"- {part.refusal or NOT_FOUND}"]
                provinces = reading.scope.provinces
                if headed and len(provinces) == 1 and body[0] != f"{provinces[0]}:":
                    body = [f"{provinces[0]}:", *body]
                lines += [line for line in body if line.endswith(":") or line not in lines]
                found = found or part.found
        if not lines:
            return self._refuse(frame, hits, " ".join([*notes, NOT_FOUND]))
        lines = notes + lines
        retrieved = [h.to_dict() for h in hits]
        if not found:
            return Answer("", "\n".join(lines), False, frame.intent, related=cites.citations, retrieved=retrieved)
        return Answer("", "\n".join(lines), True, frame.intent, citations=cites.citations, retrieved=retrieved)

    def _answer_part(self, reading: Reading, cites: CitationList) -> PartAnswer:
        """Lines answering one question (or one part of a compound one)."""
        frame, scope, query = reading.frame, reading.scope, reading.query
        if scope.missing_provinces and not scope.provinces:
            names = ", ".join(scope.missing_provinces)
            return PartAnswer([], False, [], f"Kho kế hoạch hiện không có kế hoạch nào của {names}.")
        vector = self.embedder.encode_queries([reading.dense_query])
        hits = self.retriever.search(query, k=RETRIEVE_K, province=scope.provinces or None, plan=scope.plan_id,
                                     vector=vector, prepared=True, held=reading.held)
        unknown = [a for a in frame.agencies if a not in self.known_agencies] + unknown_bodies(
            frame.question, " ".join(self.plan_texts[p.plan_id] for p in self._plans_in(scope)))
        if unknown:
            return PartAnswer([], False, hits, f"Các kế hoạch không nhắc đến {', '.join(unknown)}.")
        candidates = self.candidates(reading, scope, vector, hits)
        if self.answerability_of(reading, scope, *candidates) < self.answerability.threshold:
            return self._refuse_part(reading, scope, hits, *candidates)
        if len(scope.provinces) > 1 and not scope.plan_id:
            lines: list[str] = []
            found = False
            for province in scope.provinces:
                part, part_found = self._compose(reading, Scope([province], None, []), vector, cites)
                lines += [f"{province}:"] + (part or [f"- {NOT_FOUND}"])
                found = found or (part_found and bool(part))
            return PartAnswer(lines, found, hits)
        lines, found = self._compose(reading, scope, vector, cites, hits, candidates)
        return PartAnswer(lines, found, hits)

    def _refuse_part(self, reading: Reading, scope: Scope, hits: list[RetrievedClause],
                     candidates: list[RetrievedClause], features: np.ndarray) -> PartAnswer:
        """A refusal; when the candidate the question is about lacks the asked field, it says so and
        lists that candidate first among the nearest clauses."""
        intent = reading.frame.asked
        years = {int(y) for y in asked_years(reading.query, self._plans_in(scope))}
        weights = self.vocabulary.within([p.plan_id for p in self._plans_in(scope)])
        near = unstated_field(intent, reading.expanded_subject, years, candidates, features, self.support, self.rows,
                              self.duties, weights)
        if near is None:
            return PartAnswer([], False, hits, NOT_FOUND)
        line = unstated_line(intent, near, years, reading.subject, plan_label(self.plans[near.document.plan_id]))
        return PartAnswer([], False, [near, *(h for h in hits if h.document.id != near.document.id)], line)

    def candidates(self, reading: Reading, scope: Scope, vector: np.ndarray,
                   hits: list[RetrievedClause] | None = None) -> tuple[list[RetrievedClause], np.ndarray]:
        """The retrieved clauses plus the best task rows in scope, and their support features."""
        province_filter = scope.provinces or None
        if hits is None:
            hits = self.retriever.search(reading.query, k=RETRIEVE_K, province=province_filter, plan=scope.plan_id,
                                         vector=vector, prepared=True, held=reading.held)
        row_hits = self.retriever.search(reading.query, k=ROW_K, province=province_filter, plan=scope.plan_id,
                                         kinds="task_row", vector=vector, prepared=True, held=reading.held)
        seen = {h.document.id for h in hits}
        everything = hits + [h for h in row_hits if h.document.id not in seen]
        mask = scope_mask(self.index.documents, province_filter, scope.plan_id)
        vectors = self.index.embeddings if mask is None else self.index.embeddings[mask]
        evidence = Evidence(reading.subject, reading.expanded_subject, reading.frame.asked, reading.frame.agencies,
                            vectors @ vector[0])
        return everything, feature_matrix(everything, evidence, self.rows, self.duties)

    def answerability_features(self, reading: Reading, scope: Scope, candidates: list[RetrievedClause],
                               features: np.ndarray, support: SupportModel | None = None) -> np.ndarray:
        """The question-level features (`answerability.QUESTION_FEATURES`) of one reading in one scope,
        read with `support` (the fit passes the evidence model it has just fitted) or this index's one."""
        support = support or self.support
        plans = self._plans_in(scope)
        frame, question = reading.frame, reading.question
        view = QuestionView(reading.subject, reading.expanded_subject,
                            frame.agencies, {int(y) for y in asked_years(reading.query, plans)}, frame.intent,
                            question.intents[0].confidence if question.intents else 0.0,
                            bool(scope.missing_provinces), [p.plan_id for p in plans])
        fields = [field_part(frame.asked, h, self.rows, self.duties) for h in candidates]
        return question_features(view, [h.document.text for h in candidates], fields, features,
                                 support.probabilities(features), support.threshold, self.vocabulary)

    def answerability_of(self, reading: Reading, scope: Scope, candidates: list[RetrievedClause],
                         features: np.ndarray) -> float:
        """P(the plans in scope answer this reading), by the fitted answerability model."""
        row = self.answerability_features(reading, scope, candidates, features)
        return float(self.answerability.probabilities(row[None, :])[0])

    def _compose(self, reading: Reading, scope: Scope, vector: np.ndarray, cites: CitationList,
                 hits: list[RetrievedClause] | None = None,
                 candidates: tuple[list[RetrievedClause], np.ndarray] | None = None) -> tuple[list[str], bool]:
        """Answer lines for one scope, and whether they answer the question: its main intent first,
        then every other intent it carries ("ai chủ trì và bao giờ xong", "cơ quan nào chủ trì, phối
        hợp", "… ai chủ trì, kế hoạch ký ngày nào?"), each answered and cited as if asked alone."""
        lines, found = self._compose_main(reading, scope, vector, cites, hits, candidates)
        if not lines:
            return lines, found
        for extra in extra_intents(reading.frame, reading.question.ranking, lines):
            frame = replace(reading.frame, intent=extra, sub_intent=extra,
                            fact_intents=[extra] if extra.startswith("metadata_") else reading.frame.fact_intents)
            more, more_found = self._compose_main(replace(reading, frame=frame), scope, vector, cites, hits)
            lines += [line for line in more if line not in lines]
            found = found or (more_found and bool(more))
        return lines, found

    def _compose_main(self, reading: Reading, scope: Scope, vector: np.ndarray, cites: CitationList,
                      hits: list[RetrievedClause] | None = None,
                      prepared: tuple[list[RetrievedClause], np.ndarray] | None = None) -> tuple[list[str], bool]:
        """Answer lines for the question's main intent (`prepared`: its candidates, already scored)."""
        frame, query, folded = reading.frame, reading.query, reading.question.folded
        candidates, features = prepared or self.candidates(reading, scope, vector, hits)
        hits = candidates[:RETRIEVE_K] if hits is None else hits
        probability = dict(zip((h.document.id for h in candidates), self.support.probabilities(features)))
        supporting = sorted((h for h in candidates if probability[h.document.id] >= self.support.threshold),
                            key=lambda h: -probability[h.document.id])
        subject = reading.subject
        intent = frame.asked
        if frame.is_metadata:
            lines, found = fact_lines(frame.fact_intents or [intent], self._plans_in(scope), cites,
                                      list(self.plans.values()))
            if not found and set(frame.fact_intents or [intent]) == {"metadata_period"}:
                # a title without years: the period is the clause saying when the plan runs
                stated = [h for h in supporting if h.document.kind not in FRAMING_KINDS
                          and states_time(h.document.text) and clause_states("plan_period", h.document.text)]
                return (sentence_lines(stated, subject, cites, self.speakers), True) if stated else (lines, found)
            return lines, found
        if intent == "legal_basis":
            plans = self._plans_in(scope)
            kinds, several = kinds_asked(folded)
            issuers = issuers_asked(folded)
            asks_all = several or asks("all_bases", folded)
            legal_subject = self.legal_subject(reading, scope)
            if not kinds and not issuers and (asks_all or not legal_subject):
                return fact_lines([intent], plans, cites)
            lines = basis_lines(plans, legal_subject, cites, kinds, asks_all or not legal_subject, issuers) \
                or reference_lines(supporting, legal_subject, cites, kinds)
            return (lines, True) if lines else fact_lines([intent], plans, cites)
        if intent == "reporting" and (lines := self._reporting(reading, scope, cites, probability)):
            return lines, True
        if frame.agency_kind and not frame.agencies and not subject - set(frame.agency_kind.split()):
            lines = kind_lines(frame.agency_kind, self._plans_in(scope), cites)
            if lines:
                return lines, True
        if lines := self._focal(reading, scope, cites):
            return lines, True
        spelled = fold_diacritics(spelled_out(reading.question.text)).lower()  # "BCHQS tỉnh": the body's name
        body = frame.agencies[0] if frame.agencies else named_body(spelled, self._plans_in(scope))
        if intent == "duties" and body:
            plans = self._plans_in(scope)
            lines = duty_lines(body, plans, frame.role_filter, subject, cites)
            if not lines and frame.role_filter and (every := duty_lines(body, plans, None, subject, cites)):
                # "X phối hợp làm gì?" where X only leads: say so, then what X is given
                lines = [f"Các kế hoạch không ghi việc nào {body} {frame.role_filter}.", *every]
            if lines or not (named := self._naming(body, supporting)):
                return lines, True
            # the parse gave the body no duty (an assignment in brackets after a task): the supporting clauses naming it
            return sentence_lines(named, subject, cites, self.speakers), True
        if intent == "budget":
            lines = money_lines(hits, subject, cites, {h.document.id: probability[h.document.id] for h in supporting})
            if lines or asks("amount", folded):  # where the money comes from is read from the clauses
                return lines, True
        if intent == "target":
            subject = subject - frame_words("target")
            if asks("money", folded):  # "mức tiền thưởng … bao nhiêu": an amount or nothing
                return money_lines(hits, subject, cites), True
            backed = {h.document.id: probability[h.document.id] for h in supporting}
            years = asked_years(query, self._plans_in(scope))
            if asks("percent", folded):
                lines = percent_lines(hits, subject, cites, backed, years)
                # "tỷ lệ / tỷ số" may be stated as a ratio ("107 trẻ trai/100 trẻ gái"): only "phần trăm" insists on %
                if lines or asks("percent_only", folded):
                    return lines, True
            unit = asked_unit(folded)
            return figure_lines(hits, subject, cites, unit=unit, support=backed,
                                counted=counted_words(folded, unit), years=years), True
        if intent in TASK_INTENTS:
            task_intent = "lead" if intent == "comparison" else intent
            rows = candidates_from(supporting, self.rows, self.duties, subject, task_intent, frame.agencies, self.index)
            if task_intent == "timeline":  # a duty whose parse found no time frame: its sentences may still say one
                rows = [c for c in rows if c.row is not None or c.timeline]
            if rows:
                rows.sort(key=lambda c: -probability[c.hit.document.id])
                if task_intent == "timeline" and (acting := acting_bodies(reading.question.text, frame.agencies)):
                    rows = [c for c in rows if set(c.lead) & acting] or rows  # "Sở Y tế gửi báo cáo … khi nào"
                chosen = matching_set(rows, bool(scope.plan_id), task_intent)
                # a row that leaves the asked field blank is said, as a refusal: the plan names the task, not the field
                return task_lines(task_intent, chosen, self.plans, cites), states_asked(task_intent, chosen)
        content = [h for h in supporting if h.document.kind not in FRAMING_KINDS]
        if intent == "timeline":  # a when-question is answered by a clause that states a time, or refused
            content = [h for h in content if states_time(h.document.text)]
        if intent in ("lead", "coordinators"):  # a who-question by a clause that names a body, or refused
            content = [h for h in content if names_body(h.document.text)]
        if content:
            return sentence_lines(content, subject, cites, self.speakers), True
        return [], True

    def _reporting(self, reading: Reading, scope: Scope, cites: CitationList,
                   probability: dict[str, float]) -> list[str]:
        """To whom, through which office, how often and by when the plans in scope have the asked report made:
        the reporting statements of their clauses (duty sections and the closing section alike) that the
        question is about, each with what it says of the report."""
        plans = self._plans_in(scope)
        weights = self.vocabulary.within([p.plan_id for p in plans])
        clauses = (c for p in plans for c in p.clauses if not c.is_heading and c.kind != "preamble")
        chosen = best_statements(clauses, reading.expanded_subject - reporting_frame_words(),
                                 asked_fields(reading.question.folded),
                                 sorted(acting_bodies(reading.question.text, reading.frame.agencies)),
                                 weights, self.speakers, probability,
                                 {cid: row.timeline for cid, row in self.rows.items() if row.timeline})
        lines = []
        for statement in chosen:
            speaker = self.speakers.get(statement.clause.id)
            prefix = f"{speaker.rstrip(' :')}: " if speaker else ""
            said = f" ({summary})" if (summary := statement.summary()) else ""
            lines.append(f"{prefix}{short(statement.text, 400)}{said} "
                         f"{cites.ref(statement.clause.id, probability.get(statement.clause.id, 0.0))}")
        return lines

    @staticmethod
    def _naming(body: str, clauses: list[RetrievedClause]) -> list[RetrievedClause]:
        """The content clauses that name a body, in their text or their headings."""
        key = fold_diacritics(body).lower()
        return [h for h in clauses if h.document.kind not in FRAMING_KINDS
                and (body in find_agencies(h.document.text) or key in fold_diacritics(h.document.search_text).lower())]

    def legal_subject(self, reading: Reading, scope: Scope) -> set[str]:
        """What a legal-basis question says about the document it means: its words less the words that
        frame such a question, the plan's own title and number (when one plan is asked), the plans' issuer
        and province, and a body the question names that is that issuer."""
        plans = self._plans_in(scope)
        own = content_words(" ".join(f"{p.metadata.title} {p.metadata.number or ''}" for p in plans)) \
            if scope.plan_id else set()
        issuers_named = set(find_agencies(" ".join(p.metadata.issuer or "" for p in plans)))  # the plans’ own issuer
        issuing = content_words(" ".join([f"{p.metadata.issuer or ''} {p.metadata.province or ''}" for p in plans]
                                         + [a for a in reading.frame.agencies if a in issuers_named]))
        return (content_words(reading.query) - frame_words("legal_basis") - own - issuing
                - content_words(" ".join(scope.provinces)))

    def _focal(self, reading: Reading, scope: Scope, cites: CitationList) -> list[str]:
        """Who leads the plan as a whole, or who is a board's standing body, when that is what is asked."""
        frame, plans = reading.frame, self._plans_in(scope)
        if asks_standing_body(reading.question) and frame.intent in ("lead", "open") and not frame.agencies:
            return focal_lines(plans, cites, reading.subject, standing=True)
        if frame.intent == "lead" and not frame.agencies:
            whole = [plan for plan in plans if asks_whole_plan(reading.question, [plan], frame.agencies)]
            return focal_lines(whole, cites, reading.subject)
        return []


# Intents answered from task rows, and facts about the plan itself: a second ask of either family is
# answered in its own right, when the whole question gives it some weight too (`PART_ONLY_FLOOR`); other
# intents (figures, money) count only above the model's 0.5.
ROW_FIELDS = ("lead", "coordinators", "timeline")


def extra_intents(frame: QuestionFrame, ranking: list, lines: list[str]) -> list[str]:
    """The intents a question carries beside its main one that its answer has not covered yet."""
    whole = {i.name: i.confidence for i in ranking}
    main = frame.intent
    extras = []
    for name, _ in frame.intents:
        if name in (main, frame.sub_intent, "open", "comparison") or name in extras:
            continue
        fact = name.startswith("metadata_") or name == "legal_basis"
        if fact and frame.is_metadata:
            continue  # the plan's facts are answered together with the main one
        if main == "duties" and name in ("lead", "coordinators"):
            continue  # "X phối hợp làm gì": the role filters the body's duties
        if name == "legal_basis" and whole.get(name, 0.0) <= 0.5:
            continue  # a task question naming a decree is not a legal-basis question
        floor = PART_ONLY_FLOOR if (fact or name in ROW_FIELDS) else 0.5
        if whole.get(name, 0.0) <= floor:
            continue
        said = " ".join(lines)
        if (name == "timeline" and "thời gian:" in said) or (name == "lead" and "chủ trì:" in said):
            continue  # the row's companion fact already states it
        extras.append(name)
    return extras


def acting_bodies(question: str, agencies: list[str]) -> set[str]:
    """The bodies a question names as doing the work, not as the addressee of a report or a draft
    ("Sở Y tế gửi báo cáo … lên UBND tỉnh": Sở Y tế; "… báo cáo về Sở Nông nghiệp và Môi trường": none)."""
    folded = fold_diacritics(question).lower()
    written = spellings(question)
    acting = set()
    for agency in agencies:
        at = folded.find(fold_diacritics(written.get(agency, agency)).lower())
        if at < 0 or not asks("recipient", folded[:at]):
            acting.add(agency)
    return acting


def unknown_bodies(question: str, corpus_text: str) -> list[str]:
    """Organisations the question names that no plan in scope mentions (`corpus_text`: their folded words), when
    the agency table does not know them ("Tỉnh đoàn", "Sở Dân tộc và Tôn giáo" asked of a plan that never names it).

    The name is the head noun and its capitalised words; a trailing province name is dropped.
    """
    unknown = []
    for name in body_names(question):
        words = name.split()
        for province in all_province_names():
            if name.endswith(province) and len(words) > len(province.split()) + 1:
                name = name[: -len(province)].strip()
        if normalize_agency(name) or find_agencies(name):
            continue  # a known agency or abbreviation; checked by name elsewhere
        key = " ".join(re.findall(r"\w+", fold_diacritics(name).lower()))
        if key and not re.search(rf"\b{re.escape(key)}\b", corpus_text):
            unknown.append(name)
    return unknown


def plan_choices(assistant: Assistant) -> list[tuple[str, str]]:
    """(label, plan id) pairs for UI drop-downs."""
    return [(f"{p.plan_id} – {plan_label(p)}", p.plan_id) for p in assistant.plans.values()]


__all__ = ["Assistant", "plan_choices"]
