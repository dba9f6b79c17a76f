"""👍/👎 on answers, with an optional comment, appended to a local JSONL file."""

from __future__ import annotations

import json
import threading
from dataclasses import asdict
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

from plan_qa.answering import Answer

_LOCK = threading.Lock()


def feedback_entry(answer: Answer, helpful: bool, comment: str = "") -> dict[str, Any]:
    """One feedback record: the rating, the comment, and the answer with its citations."""
    return {
        "time": datetime.now(UTC).isoformat(timespec="seconds"),
        "rating": "up" if helpful else "down",
        "comment": comment.strip(),
        "question": answer.question,
        "answer": answer.answer,
        "found": answer.found,
        "intent": answer.intent,
        "scope": answer.scope,
        "citations": [asdict(c) for c in answer.citations or answer.related],
    }


def record_feedback(path: Path, answer: Answer, helpful: bool, comment: str = "") -> dict[str, Any]:
    """Append the record to `path` (one JSON object per line) and return it."""
    entry = feedback_entry(answer, helpful, comment)
    with _LOCK:
        path.parent.mkdir(parents=True, exist_ok=True)
        with path.open("a", encoding="utf-8") as file:
            file.write(json.dumps(entry, ensure_ascii=False) + "\n")
    return entry
