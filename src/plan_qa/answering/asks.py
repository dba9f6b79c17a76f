"""What a question asks for, by the wording kept as data in `plan_qa/data/question_asks.json`.

`asks("money", folded)`: whether the folded question asks for that kind of answer; `frame_words("target")`:
words that frame a question of that kind rather than say what it is about; `clause_states("plan_period",
text)`: whether a clause's original text states it; `body_names(question)`: the organisations a question
names by a head noun and its capitalised words.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from functools import lru_cache

from plan_qa.data import load_json


def _data() -> dict:
    return load_json("question_asks")


@lru_cache(maxsize=None)
def _pattern(group: str, name: str) -> re.Pattern[str]:
    return re.compile(_data()[group][name]["pattern"], re.IGNORECASE)


def asks(kind: str, folded: str) -> bool:
    """Whether the folded question asks for `kind` (a key of `asks` in the data file)."""
    return bool(_pattern("asks", kind).search(folded))


def clause_states(kind: str, text: str) -> bool:
    """Whether a clause's original text states `kind` (a key of `clauses` in the data file)."""
    return bool(_pattern("clauses", kind).search(text))


@lru_cache(maxsize=None)
def frame_words(kind: str) -> frozenset[str]:
    """Folded words that frame a question of `kind` rather than say what it is about."""
    return frozenset(_data()["frame_words"][kind]["words"].split())


@lru_cache(maxsize=1)
def _body() -> re.Pattern[str]:
    heads = "|".join(re.escape(h) for h in sorted(_data()["body_heads"]["words"], key=len, reverse=True))
    # a capitalised word may be an abbreviation joined by hyphens ("Sở VH-TT&DL", "Đài PT-TH"): one word
    return re.compile(rf"\b({heads})((?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ&]*(?:\s?[-–]\s?[A-ZĐÀ-Ỹ][\wÀ-ỹ&]*)*)*)")


def body_names(question: str) -> Iterator[str]:
    """Names of organisations in a question: a head noun and the capitalised words after it."""
    return (match.group(0).strip() for match in _body().finditer(question))


__all__ = ["asks", "body_names", "clause_states", "frame_words"]
