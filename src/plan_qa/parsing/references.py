"""References to the plan's own outline, read and resolved: "điểm a, b khoản 1 và điểm a khoản 3 Mục II",
"nhiệm vụ số 5 tại Mục II", "mục 2.1, 2.2 và 2.3", "từ điểm a đến điểm d khoản 2", "tiết b điểm 2",
"khoản 2 Điều 1".

A term is a level word and its markers ("khoản 1", "các điểm a, c"); its level is read from the shape of the
marker (Roman numeral, number, dotted number, letter, "Điều N"). Terms written inner first with nothing but a
linking word between them address one item ("điểm a khoản 1 Mục II"); an outer term written after a list
("… khoản 1 và điểm a khoản 3 Mục II") anchors every address of the list that lacks it. An address is resolved
against the outline by descending from its outermost term. The words live in
`plan_qa/data/outline_references.json`.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources

from plan_qa.parsing.grammar import alternation
from plan_qa.parsing.outline import OutlineNode, roman_to_int

_LETTERS = "abcdđeghiklmnopqrstuvxy"
_MARKER = r"(?<!\w)(?:[IVX]{1,6}(?:\.\d{1,2}(?:\.\d{1,2})?)?(?:\.[a-zđ])?|\d{1,2}(?:\.\d{1,2}){0,3}|[a-zđ])(?![\w/])"
# "mục III.2", "mục II.1.a": a section's numeral and the item under it written as one dotted address
_COMPOUND = re.compile(r"^(?P<roman>[IVX]+)\.(?P<rest>.+)$")
# outline kind and depth of a marker's shape; an article's level comes from its word
_LEVEL = {"article": 0, "roman": 1, "number": 2, "subnumber": 3, "letter": 4}


@lru_cache(maxsize=1)
def words() -> dict:
    """The data file."""
    text = resources.files("plan_qa.data").joinpath("outline_references.json").read_text(encoding="utf-8")
    return json.loads(text)


@lru_cache(maxsize=1)
def _term() -> re.Pattern[str]:
    level = alternation(words()["level_words"])
    # "khoản 1, 2 và 4" is one term; "khoản 1 và khoản 3" two (after "điểm a" the first is its anchor alone);
    # a range may repeat its word ("từ điểm a đến điểm d")
    joint = rf"\s*(?:(?:,\s*và|,|và)\s*|(?:{alternation(words()['range'])})\s*(?:(?P=word)\s+)?)"
    # a task code ("NV3", "GP 2"): the initials of a task word standing for the word ("nhiệm vụ 3")
    code = alternation(words()["task_code_prefixes"])
    first = rf"(?:{_MARKER}|(?<=[A-ZĐ])\d{{1,2}}(?:\.\d{{1,2}}){{0,3}}(?![\w/]))"  # "NV3": the number right after
    return re.compile(rf"(?<![\wÀ-ỹ])(?i:các\s+)?(?:(?P<word>(?i:{level}))\s+(?i:từ\s+)?|(?P<code>{code}) ?(?=\d))"
                      rf"(?P<markers>{first}(?:{joint}{_MARKER})*)")


@lru_cache(maxsize=1)
def _link() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:(?:{alternation(words()['link'])})\s+)?$", re.I)


@lru_cache(maxsize=1)
def _list_gap() -> re.Pattern[str]:
    return re.compile(r"^\s*(?:,\s*và|,|và|;)?\s*$")


@lru_cache(maxsize=1)
def _external() -> re.Pattern[str]:
    return re.compile(rf"^\s*(?:(?:{alternation(words()['link'])})\s+)?(?:{alternation(words()['external'])})\b")


@dataclass(frozen=True)
class Term:
    """One level of an address: its outline kind and its markers; `span` marks a range (first, last)."""

    kind: str
    markers: tuple[str, ...]
    span: bool = False

    @property
    def level(self) -> int:
        return _LEVEL[self.kind]


@dataclass(frozen=True)
class Reference:
    """An address into the outline, outermost term first, and where it was written in the text."""

    terms: tuple[Term, ...]
    start: int
    end: int


def _kind(word: str, marker: str) -> str:
    if word.lower().startswith("điều"):
        return "article"
    if re.fullmatch(r"[IVX]+", marker):
        return "roman"
    if "." in marker:
        return "subnumber"
    return "number" if marker[0].isdigit() else "letter"


def _terms_of(found: re.Match[str]) -> list[Term]:
    """The terms of one written term, inner first: one, or the levels of a dotted address ("III.2.a")."""
    markers = re.findall(_MARKER, found["markers"])
    if len(markers) == 1 and (compound := _COMPOUND.match(markers[0])):
        parts = compound["rest"].split(".")
        letter = [parts.pop()] if parts[-1].isalpha() else []
        inner = [Term("number" if len(parts) == 1 else "subnumber", (".".join(parts),))] if parts else []
        return [*(Term("letter", (m,)) for m in letter), *inner, Term("roman", (compound["roman"],))]
    kinds = {_kind(found["word"] or "", m) for m in markers}
    if len(kinds) != 1 or any(_COMPOUND.match(m) for m in markers):
        return []
    ranged = bool(re.search(rf"\s(?:{alternation(words()['range'])})\s", f" {found['markers']} ")) and len(markers) == 2
    return [Term(kinds.pop(), tuple(markers), ranged)]


def read_references(text: str) -> list[Reference]:
    """Every address into the plan's own outline the text writes, in order (another document's articles
    — "khoản 2 Điều 5 Nghị định số 30/2020/NĐ-CP" — are not the plan's)."""
    found = [(m, t) for m in _term().finditer(text) if (t := _terms_of(m))]
    chains: list[tuple[list[Term], int, int]] = []  # inner first
    phrases: list[list[int]] = []  # indexes of chains written as one list
    for match, written in found:
        if chains:
            terms, start, end = chains[-1]
            gap = text[end:match.start()]
            if _link().match(gap) and written[0].level < min(t.level for t in terms):
                chains[-1] = ([*terms, *written], start, match.end())
                continue
            chains.append((list(written), match.start(), match.end()))
            if _list_gap().match(gap):
                phrases[-1].append(len(chains) - 1)
            else:
                phrases.append([len(chains) - 1])
            continue
        chains.append((list(written), match.start(), match.end()))
        phrases.append([0])
    references: list[Reference] = []
    for phrase in phrases:
        last_terms, _, phrase_end = chains[phrase[-1]]
        if _external().match(text[phrase_end:]):
            continue
        for index in phrase:
            terms, start, end = chains[index]
            outermost = min(t.level for t in terms)
            anchor = [t for t in last_terms if t.level < outermost]
            references.append(Reference(tuple(sorted([*terms, *anchor], key=lambda t: t.level)), start, end))
    return references


def _below(nodes: list[OutlineNode], scope: OutlineNode | None) -> list[OutlineNode]:
    if scope is None:
        return nodes
    depth = len(scope.path)
    return [n for n in nodes if len(n.path) > depth and n.path[:depth] == scope.path]


def _marker_order(kind: str, marker: str) -> float:
    if kind == "letter":
        return _LETTERS.index(marker) if marker in _LETTERS else 99
    if kind == "roman":
        return roman_to_int(marker)
    return float(marker.split(".")[-1]) if kind == "subnumber" else float(marker)


def _matches(term: Term, kind: str, marker: str) -> bool:
    if kind != term.kind:
        return False
    if not term.span:
        return marker in term.markers
    low, high = (_marker_order(term.kind, m) for m in term.markers)
    return low <= _marker_order(kind, marker) <= high


def resolve(reference: Reference, nodes: list[OutlineNode], scope: list[OutlineNode | None]) -> list[OutlineNode]:
    """The outline items an address names, descending from its outermost term within `scope` (None: the whole
    outline); at each level the nearest items of the term's kind and marker under each item found so far."""
    found: list[OutlineNode | None] = list(scope)
    for term in reference.terms:
        step: list[OutlineNode] = []
        for parent in found:
            below = [n for n in _below(nodes, parent) if _matches(term, n.block.kind, n.block.marker)]
            if below:
                depth = min(len(n.path) for n in below)
                step.extend(n for n in below if len(n.path) == depth and n not in step)
        if not step:
            return []
        found = list(step)
    return [n for n in found if n is not None]
