"""Reporting duties: to whom, through which office, how often and by when a plan has something reported.

A plan states its reporting duty in a duty section ("Sở Công Thương … tổng hợp, báo cáo UBND tỉnh") or in its
closing section ("Định kỳ hằng năm, các cơ quan gửi báo cáo kết quả về Sở Tư pháp trước ngày 15/11 để tổng hợp,
báo cáo UBND tỉnh"). `statements` cuts a clause into its sentences and ";" items and reads, from each that
reports, its recipient, the office it goes through, its period and its deadline (grammar kept as data:
`plan_qa/data/reporting_grammar.json`). `best_statements` chooses the statements a question is about: those of
the body it names as reporting, covering its subject, stating what it asks (recipient, period, deadline).
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

from plan_qa.answering.answerability import WordWeights
from plan_qa.answering.asks import asks
from plan_qa.answering.statements import REPORT
from plan_qa.data import load_json
from plan_qa.parsing import Clause
from plan_qa.text.vietnamese import fold_diacritics

_PARTS = re.compile(r"(?<=[.;])\s+|\n+")
ASKED = ("recipient", "period", "deadline")


@lru_cache(maxsize=1)
def _grammar() -> dict[str, re.Pattern[str]]:
    data = load_json("reporting_grammar")
    cased = {"recipient", "through"}
    return {name: re.compile(data[name], 0 if name in cased else re.IGNORECASE)
            for name in ("recipient", "through", "period", "deadline")}


@lru_cache(maxsize=1)
def frame_words() -> frozenset[str]:
    """Folded words that say what is asked of a report, not which report."""
    return frozenset(load_json("reporting_grammar")["frame_words"].split())


@dataclass(frozen=True)
class Statement:
    """One sentence or item of a clause that has something reported, with what it says of the report."""

    clause: Clause
    text: str
    recipient: str | None
    through: str | None
    period: str | None
    deadline: str | None

    def states(self, field: str) -> bool:
        return bool(getattr(self, field))

    def summary(self) -> str:
        """"gửi UBND tỉnh (qua Sở Tư pháp); định kỳ: hằng năm; hạn: trước ngày 15/11" — what was read."""
        parts = []
        if self.recipient:
            parts.append(f"báo cáo {self.recipient}" + (f" (qua {self.through})" if self.through else ""))
        elif self.through:
            parts.append(f"qua {self.through}")
        if self.period:
            parts.append(f"định kỳ: {self.period}")
        if self.deadline:
            parts.append(f"hạn: {self.deadline}")
        return "; ".join(parts)


def _first(name: str, text: str, group: int | str = 0) -> str | None:
    match = _grammar()[name].search(text)
    return match.group(group).strip(" ,") if match else None


def reports(text: str) -> bool:
    """Whether a text has something reported (a report verb)."""
    return bool(REPORT.search(text))


def statements(clause: Clause, timeline: str | None = None) -> list[Statement]:
    """The sentences and items of a clause that report, each with its recipient, office, period and deadline
    (`timeline`: the time cell of the task row the clause is, the deadline of a report its text dates nowhere)."""
    found = []
    for part in _PARTS.split(clause.text):
        part = part.strip(" -–•*")
        if not part or not reports(part):
            continue
        periods = [m.group(0) for m in _grammar()["period"].finditer(part)]
        deadlines = [m.group(0).strip(" *") for m in _grammar()["deadline"].finditer(part)]
        found.append(Statement(clause, part, _first("recipient", part, "to"), _first("through", part, "via"),
                               ", ".join(dict.fromkeys(periods)) or None,
                               ", ".join(dict.fromkeys(deadlines)) or timeline or None))
    return found


def asked_fields(folded: str) -> tuple[str, ...]:
    """What a reporting question asks of the report (every field when it names none)."""
    fields = tuple(field for field in ASKED if asks(f"report_{field}", folded))
    return fields or ASKED


def _words(text: str) -> set[str]:
    return set(re.findall(r"\w+", fold_diacritics(text).lower()))


def best_statements(clauses: Iterable[Clause], subject: set[str], fields: tuple[str, ...], acting: list[str],
                    weights: WordWeights, speakers: dict[str, str], support: dict[str, float],
                    timelines: dict[str, str] | None = None) -> list[Statement]:
    """The statements a reporting question is about: the best by (the body it names as reporting is the clause's,
    share of the subject in the clause and its headings, share of the asked fields stated, the evidence model's
    support), then the other statements of that clause that state an asked field the best one lacks. `timelines`:
    the time cell of each task row by its clause id."""
    named = [fold_diacritics(a).lower() for a in acting]
    scored: list[tuple[float, Statement]] = []
    for clause in clauses:
        found = statements(clause, (timelines or {}).get(clause.id))
        if not found:
            continue
        context = _words(" ".join([*clause.headings, speakers.get(clause.id, ""), clause.text]))
        share = weights.share_in(subject, context) if subject else 0.0
        holder = fold_diacritics(f"{speakers.get(clause.id, '')} {clause.text}").lower()
        body = 1.0 if named and any(n in holder for n in named) else 0.0
        for statement in found:
            stated = sum(statement.states(f) for f in fields) / len(fields)
            scored.append((share + 0.6 * stated + 0.5 * body + 0.3 * support.get(clause.id, 0.0), statement))
    if not scored:
        return []
    best = max(scored, key=lambda item: item[0])[1]
    chosen = [best]
    for _, other in sorted(scored, key=lambda item: -item[0]):
        if other.clause.id == best.clause.id and other not in chosen and any(
                other.states(f) and not any(c.states(f) for c in chosen) for f in fields):
            chosen.append(other)
    return chosen


__all__ = ["ASKED", "Statement", "asked_fields", "best_statements", "frame_words", "reports", "statements"]
