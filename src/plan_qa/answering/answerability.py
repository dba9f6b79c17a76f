"""Do the plans in scope answer this question at all? A question-level logistic model.

The evidence model (`support.py`) scores each candidate clause; whether to answer is a decision
about the whole question and its scope, described by features that mean the same thing
whatever the embedding model:

- the best and second-best support probabilities, their margin and how many candidates reach
  the support threshold; the best candidate's cosine z-score, subject coverage and whether it
  holds the asked field (a lead, a deadline, a figure, a legal reference);
- whether the question's subject words — rarer words weigh more (IDF over the clauses of
  the plans in scope, so other loaded plans do not change it), before and after everyday words are expanded into the plans' wording — occur
  anywhere in the plans in scope, and how many occur nowhere in them;
- whether the agencies and years the question names occur in the plans in scope and in the
  best candidate, and whether a province it names has no plan;
- the intent and its confidence;
- whether the candidates state the asked field FOR the asked subject: the IDF-weighted share of
  the subject found in the part of a candidate that holds the field (a row's task when the row
  has the asked lead / deadline, the sentences of a clause that state a deadline, a figure, an
  amount, a body or a legal reference), best candidate and best of the top five; how specific the
  rarest subject word that no top candidate contains is; whether a body the question names, and a
  year it asks about (on its own, not as the end of a range), are named in that part (a plan gives a deadline for a similar task, a figure for another indicator,
  a budget never stated, a body never named for that task: the near misses of unanswerable
  questions on the released blind sets);
- the near miss itself: the top candidate that matches the subject best (its whole text), how much of
  the subject it covers, how much less of it the part stating the asked field covers (`near_miss`:
  the plan speaks of the subject but not of that field for it), whether it states the field at all,
  and whether that part names the year asked (`matched_candidate` finds it for the refusal's wording).

Coefficients and the threshold are fitted by `support_fit` (the same command as the evidence
model, so each embedding model gets both) on the TRAIN questions of the development sets plus
synthetic unanswerable questions built from the training plans, and stored as JSON
(`plan_qa/data/answerability_model.json`, or `answerability_model.json` in an index folder).
"""

from __future__ import annotations

import math
import re
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np

from plan_qa.agencies import find_agencies
from plan_qa.answering.support import FEATURES as SUPPORT_FEATURES
from plan_qa.answering.support import LogisticModel
from plan_qa.answering.statements import stated
from plan_qa.parsing import Duty, Plan, TaskRow
from plan_qa.retrieval import RetrievedClause
from plan_qa.text.vietnamese import fold_diacritics

QUESTION_FEATURES = (
    "best_support", "second_support", "support_margin", "supporting", "top_dense_z",
    "best_coverage", "best_has_field", "field_in_top3",
    "subject_in_scope", "expanded_in_scope", "missing_words", "missing_everywhere",
    "agency_named", "agency_out_of_scope", "best_agency_match",
    "year_asked", "year_out_of_scope", "best_states_year", "province_missing",
    "intent_confidence", "is_open", "is_fact",
    "field_share_best", "field_share_top", "unmatched_rare", "agency_in_field", "year_in_field",
    "matched_share", "near_miss", "matched_states_field", "matched_states_year",
)
FIELD_TOP = 5  # candidates (by support probability) whose field-bearing part is read
_YEAR = re.compile(r"\b(?:19|20)\d{2}\b")
_RANGE = re.compile(r"\b((?:19|20)\d{2})\s*(?:[-–—]|đến|den)\s*(?:năm\s+|nam\s+)?((?:19|20)\d{2})\b")
_SENTENCE = re.compile(r"(?<=[.;:!?])\s+|\n+")
_COLUMN = {name: SUPPORT_FEATURES.index(name) for name in ("top_dense_z", "coverage_expanded", "has_field",
                                                            "agency_match")}


class AnswerabilityModel(LogisticModel):
    """P(the plans in scope answer the question)."""

    FEATURES = QUESTION_FEATURES
    FILE = "answerability_model.json"
    WHAT = "quyết định trả lời hay từ chối"


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold_diacritics(text).lower()))


def _years(text: str) -> set[int]:
    """Years a text names, every year of a range ("2026 - 2030") included."""
    years = {int(y) for y in _YEAR.findall(text)}
    for start, end in _RANGE.findall(fold_diacritics(text).lower()):
        if 0 < int(end) - int(start) <= 30:
            years.update(range(int(start), int(end) + 1))
    return years


def _single_years(text: str) -> set[int]:
    """Years a text names on their own, not as the ends of a range ("2026 - 2027" names no single year)."""
    return {int(y) for y in _YEAR.findall(_RANGE.sub(" ", fold_diacritics(text).lower()))}


def _found(asked: bool, found: bool) -> float:
    """0 when nothing is asked, 1 when it is found, -1 when it is asked and not found."""
    return (1.0 if found else -1.0) if asked else 0.0


@dataclass(frozen=True)
class WordWeights:
    """Each word's IDF over the clauses of the plans in one scope (a word no clause holds weighs most)."""

    idf: dict[str, float]
    unseen_idf: float

    def weight(self, word: str) -> float:
        return self.idf.get(word, self.unseen_idf)

    def share_in(self, subject: set[str], plan_words: set[str]) -> float:
        """IDF-weighted share of the subject words found in the plans' words (1 when there is no subject)."""
        total = sum(self.weight(w) for w in subject)
        return sum(self.weight(w) for w in subject if w in plan_words) / total if total else 1.0


@dataclass
class PlanVocabulary:
    """Per plan: its folded words, agencies, years, and in how many of its clauses each word occurs.

    How rare a word is (its IDF) is read over the plans in the question's scope only (`within`), never over
    the whole corpus: a question about one plan weighs its words the same whichever other plans are loaded
    (the app's corpus and an evaluation's view of a few plans decide alike)."""

    words: dict[str, set[str]]
    agencies: dict[str, set[str]]
    years: dict[str, set[int]]
    frequencies: dict[str, Counter]  # per plan: word → number of its clauses holding it
    clauses: dict[str, int]  # per plan: number of clauses
    _scopes: dict[tuple[str, ...], tuple[set[str], set[str], set[int]]] = field(default_factory=dict)
    _weights: dict[tuple[str, ...], WordWeights] = field(default_factory=dict)

    @classmethod
    def of(cls, plans: Iterable[Plan]) -> "PlanVocabulary":
        words, agencies, years, frequencies, clauses = {}, {}, {}, {}, {}
        for plan in plans:
            texts = [c.text for c in plan.clauses]
            seen = [_words(t) for t in texts]
            frequencies[plan.plan_id] = Counter(w for clause_words in seen for w in clause_words)
            clauses[plan.plan_id] = len(seen)
            words[plan.plan_id] = set().union(*seen) if seen else set()
            named = {name for row in plan.tasks for name in row.lead + row.coordinators}
            named |= {name for duty in plan.duties for name in (duty.agency, *duty.other_agencies)}
            named |= {name for t in texts for name in find_agencies(t)}
            agencies[plan.plan_id] = named
            years[plan.plan_id] = _years(" ".join([plan.metadata.title, plan.metadata.period or "", *texts]))
        return cls(words, agencies, years, frequencies, clauses)

    def scope(self, plan_ids: list[str]) -> tuple[set[str], set[str], set[int]]:
        """(words, agencies, years) of the plans in a scope, unioned once per scope."""
        key = tuple(sorted(plan_ids))
        if key not in self._scopes:
            self._scopes[key] = (set().union(*(self.words[p] for p in key)),
                                 set().union(*(self.agencies[p] for p in key)),
                                 set().union(*(self.years[p] for p in key)))
        return self._scopes[key]

    def within(self, plan_ids: list[str]) -> WordWeights:
        """The words' IDF over the clauses of the plans in a scope, computed once per scope."""
        key = tuple(sorted(plan_ids))
        if key not in self._weights:
            df: Counter = Counter()
            for p in key:
                df.update(self.frequencies[p])
            total = sum(self.clauses[p] for p in key)
            self._weights[key] = WordWeights({w: math.log((1 + total) / (1 + n)) + 1 for w, n in df.items()},
                                             math.log(1 + total) + 1)
        return self._weights[key]


def field_part(intent: str, hit: RetrievedClause, rows: dict[str, TaskRow], duties: dict[str, Duty]) -> str:
    """The part of a candidate that states the field the question asks for, or "" when none does:
    a task row's task when the row holds the asked lead / coordinators / deadline, a duty's text
    for who-questions, else the clause's sentences that state it, surely or maybe (`statements.stated`)."""
    row, duty = rows.get(hit.document.id), duties.get(hit.document.id)
    if row is not None and intent in ("lead", "coordinators", "timeline", "comparison"):
        held = {"coordinators": row.coordinators, "timeline": row.timeline}.get(intent, row.lead)
        return row.task if held else ""
    if duty is not None and intent in ("lead", "coordinators", "duties", "comparison"):
        return hit.document.text
    return " ".join(s for s in _SENTENCE.split(hit.document.text) if s and stated(intent, s))


@dataclass(frozen=True)
class QuestionView:
    """What the question-level features are computed from, for one question and scope."""

    subject: set[str]
    expanded_subject: set[str]
    agencies: list[str]
    years: set[int]  # years the question names that do not name a plan in scope
    intent: str
    confidence: float
    province_missing: bool
    plan_ids: list[str]


def question_features(view: QuestionView, texts: list[str], fields: list[str], support: np.ndarray,
                      probabilities: np.ndarray, support_threshold: float, vocabulary: PlanVocabulary) -> np.ndarray:
    """One row of `QUESTION_FEATURES` from the candidates' texts, the parts of them that state the asked
    field (`field_part`), their support features and probabilities."""
    order = np.argsort(-probabilities) if len(probabilities) else np.zeros(0, dtype=int)
    best = int(order[0]) if len(order) else None
    first = float(probabilities[order[0]]) if len(order) else 0.0
    second = float(probabilities[order[1]]) if len(order) > 1 else 0.0

    def column(name: str, i: int | None) -> float:
        return float(support[i, _COLUMN[name]]) if i is not None else 0.0

    scope_words, scope_agencies, scope_years = vocabulary.scope(view.plan_ids)
    weights = vocabulary.within(view.plan_ids)
    every_word = vocabulary.scope(list(vocabulary.words))[0]
    best_years = _years(texts[best]) if best is not None else set()
    fact = view.intent.startswith("metadata_") or view.intent == "legal_basis"
    top = [int(i) for i in order[:FIELD_TOP]]
    field_words = [_words(fields[i]) for i in top]
    shares = [weights.share_in(view.expanded_subject, w) if w else 0.0 for w in field_words]
    near = set().union(*(_words(texts[i]) for i in top)) if top else set()
    unmatched = [weights.weight(w) for w in view.subject if w not in near]
    named = [fold_diacritics(a).lower() for a in view.agencies]
    in_field = any(a in fold_diacritics(fields[i]).lower() for a in named for i in top)
    year_in_field = any(view.years & _single_years(fields[i]) for i in top)
    matched = matched_candidate(view.expanded_subject, [texts[i] for i in top], weights)
    whole = weights.share_in(view.expanded_subject, _words(texts[top[matched]])) if top else 0.0
    matched_field = fields[top[matched]] if top else ""
    return np.array([
        first, second, first - second,
        math.log1p(int((probabilities >= support_threshold).sum())),
        column("top_dense_z", best), column("coverage_expanded", best), column("has_field", best),
        max((float(support[i, _COLUMN["has_field"]]) for i in order[:3]), default=0.0),
        weights.share_in(view.subject, scope_words), weights.share_in(view.expanded_subject, scope_words),
        min(3, len(view.subject - scope_words)), min(3, len(view.subject - every_word)),
        float(bool(view.agencies)), float(any(a not in scope_agencies for a in view.agencies)),
        column("agency_match", best),
        float(bool(view.years)), float(bool(view.years - scope_years)),
        float(bool(view.years & best_years)), float(view.province_missing),
        view.confidence, float(view.intent == "open"), float(fact),
        shares[0] if shares else 0.0, max(shares, default=0.0),
        max(unmatched, default=0.0) / weights.unseen_idf, _found(bool(named), in_field),
        _found(bool(view.years), year_in_field),
        whole, whole - (shares[matched] if top else 0.0), float(bool(matched_field)),
        _found(bool(view.years), bool(view.years & _single_years(matched_field))),
    ], dtype=float)


def matched_candidate(subject: set[str], texts: list[str], weights: WordWeights) -> int:
    """Position of the text that covers most of the subject (IDF-weighted; the earlier one of equals):
    the candidate the question is about, whether or not it states what is asked."""
    shares = [weights.share_in(subject, _words(text)) for text in texts]
    return max(range(len(shares)), key=lambda i: (shares[i], -i)) if shares else 0


__all__ = ["AnswerabilityModel", "PlanVocabulary", "WordWeights", "QUESTION_FEATURES", "QuestionView", "field_part", "matched_candidate", "question_features"]
