"""Mark the question's wording in a clause: diacritic- and case-insensitive, HTML-escaped.

Vietnamese words are mostly two syllables, and single syllables ("lý", "khu")
occur everywhere, so a clause's syllables are marked only where two neighbours
follow each other in the question too ("xử lý", "tái chế"); numbers and codes
("524", "2027") are marked alone.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass
from itertools import pairwise

from plan_qa.agencies import find_agencies
from plan_qa.answering.understanding import content_words
from plan_qa.text.abbreviations import expand_terms
from plan_qa.text.vietnamese import fold_diacritics

_WORD = re.compile(r"\w+")
_JOINED = re.compile(r"</mark>(\s+)<mark>")


def _folded_words(text: str) -> list[str]:
    return [fold_diacritics(w).lower() for w in _WORD.findall(text)]


@dataclass(frozen=True)
class Marks:
    """What to mark: adjacent syllable pairs, and single tokens holding a digit."""

    pairs: frozenset[tuple[str, str]]
    singles: frozenset[str]


def question_marks(question: str) -> Marks:
    """The question's (abbreviations and agency names expanded) pairs of syllables that carry its subject."""
    expanded = expand_terms(question)
    subject = content_words(expanded)
    pairs = set()
    for phrase in [expanded, *find_agencies(question)]:
        words = _folded_words(phrase)
        pairs.update((a, b) for a, b in pairwise(words) if a in subject and b in subject)
    singles = {w for w in subject if any(ch.isdigit() for ch in w)}
    return Marks(frozenset(pairs), frozenset(singles))


def highlight(text: str, marks: Marks) -> str:
    """The text as HTML with the marked words wrapped in <mark> (neighbouring marks merged)."""
    tokens = list(_WORD.finditer(text))
    folded = [fold_diacritics(t.group(0)).lower() for t in tokens]
    marked = [word in marks.singles for word in folded]
    for i in range(len(tokens) - 1):
        adjacent = not text[tokens[i].end():tokens[i + 1].start()].strip()
        if adjacent and (folded[i], folded[i + 1]) in marks.pairs:
            marked[i] = marked[i + 1] = True
    parts, last = [], 0
    for token, mark in zip(tokens, marked):
        word = html.escape(token.group(0))
        parts += [html.escape(text[last:token.start()]), f"<mark>{word}</mark>" if mark else word]
        last = token.end()
    parts.append(html.escape(text[last:]))
    return _JOINED.sub(r"\1", "".join(parts))
