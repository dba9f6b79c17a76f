"""Evaluators' manual marks (right/wrong + comment), stored in SQLite.

A mark is keyed by question id + sha256 of the answer text, so it applies to
exactly the answer the evaluator read: when the system's answer changes, the
old mark no longer matches and the question counts as not yet judged.
"""

from __future__ import annotations

import hashlib
import sqlite3
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from plan_qa.config import judgments_path
from plan_qa.text.vietnamese import nfc

DEFAULT_JUDGMENTS_PATH = judgments_path()  # the data folder as set when imported; the CLI re-reads it per call

_SCHEMA = """
CREATE TABLE IF NOT EXISTS judgments (
    question_id TEXT NOT NULL,
    answer_sha256 TEXT NOT NULL,
    right INTEGER NOT NULL,
    comment TEXT NOT NULL DEFAULT '',
    judged_at TEXT NOT NULL,
    PRIMARY KEY (question_id, answer_sha256)
)
"""


def answer_sha256(answer: str) -> str:
    """Key of an answer text (NFC, surrounding whitespace ignored)."""
    return hashlib.sha256(nfc(answer).strip().encode("utf-8")).hexdigest()


@dataclass(frozen=True)
class Judgment:
    """One evaluator mark on one answer."""

    question_id: str
    answer_sha256: str
    right: bool
    comment: str
    judged_at: str


class JudgmentStore:
    """Judgments in one SQLite file (created on first write)."""

    def __init__(self, path: str | Path = DEFAULT_JUDGMENTS_PATH) -> None:
        self.path = Path(path)

    @contextmanager
    def _connect(self) -> Iterator[sqlite3.Connection]:
        self.path.parent.mkdir(parents=True, exist_ok=True)
        connection = sqlite3.connect(self.path)
        try:
            connection.execute(_SCHEMA)
            yield connection
            connection.commit()
        finally:
            connection.close()

    def record(self, question_id: str, answer: str, right: bool, comment: str = "") -> Judgment:
        """Store (or replace) the mark for this question's answer."""
        judgment = Judgment(question_id, answer_sha256(answer), right, comment.strip(),
                            datetime.now(UTC).isoformat(timespec="seconds"))
        with self._connect() as db:
            db.execute(
                "INSERT OR REPLACE INTO judgments VALUES (?, ?, ?, ?, ?)",
                (judgment.question_id, judgment.answer_sha256, int(right), judgment.comment,
                 judgment.judged_at),
            )
        return judgment

    def get(self, question_id: str, answer: str) -> Judgment | None:
        """The mark for exactly this answer text, if any."""
        if not self.path.exists():
            return None
        with self._connect() as db:
            row = db.execute(
                "SELECT * FROM judgments WHERE question_id = ? AND answer_sha256 = ?",
                (question_id, answer_sha256(answer)),
            ).fetchone()
        return _judgment(row) if row else None

    def all(self) -> list[Judgment]:
        """Every stored mark, oldest first."""
        if not self.path.exists():
            return []
        with self._connect() as db:
            rows = db.execute("SELECT * FROM judgments ORDER BY judged_at, question_id").fetchall()
        return [_judgment(row) for row in rows]


def _judgment(row: tuple) -> Judgment:
    question_id, digest, right, comment, judged_at = row
    return Judgment(question_id, digest, bool(right), comment, judged_at)


def _share(count: int, total: int) -> float | None:
    return count / total if total else None


def compare_with_auto(answers: Iterable[tuple[str, str, bool]], store: JudgmentStore) -> dict:
    """Human vs automatic verdicts for (question id, answer text, auto correct) triples.

    Returns judged count, human and automatic accuracy on the judged questions,
    their agreement rate, how many questions only have marks on other (older)
    answers, and one row per judged question.
    """
    by_question: dict[str, list[Judgment]] = {}
    for judgment in store.all():
        by_question.setdefault(judgment.question_id, []).append(judgment)
    rows, stale = [], 0
    for question_id, answer, auto in answers:
        digest = answer_sha256(answer)
        match = next((j for j in by_question.get(question_id, []) if j.answer_sha256 == digest), None)
        if match is None:
            stale += bool(by_question.get(question_id))
            continue
        rows.append({"id": question_id, "auto": auto, "human": match.right,
                     "comment": match.comment, "judged_at": match.judged_at})
    return {
        "judged": len(rows),
        "human_accuracy": _share(sum(r["human"] for r in rows), len(rows)),
        "auto_accuracy": _share(sum(r["auto"] for r in rows), len(rows)),
        "agreement": _share(sum(r["human"] == r["auto"] for r in rows), len(rows)),
        "stale": stale,
        "rows": rows,
    }
