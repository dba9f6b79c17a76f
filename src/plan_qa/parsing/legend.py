"""A plan's legends read into its notation (`plan_qa.parsing.notation`).

A legend under (or before) a task table, or as a footnote, says what the plan's short forms mean: "Ghi chú: C -
chủ trì; P - phối hợp; Sở TC - Sở Tài chính", "(Ký hiệu: CT – cơ quan chủ trì; TG – thời gian hoàn thành)", or a
legend head alone on its line with one pair per line under it. A meaning that is a role ("chủ trì", "cơ quan phối
hợp", "thời hạn") makes its short form a role mark; one that reads as a public body makes it the body's short name.
The prose defines short names too ("Trung tâm Kiểm soát bệnh tật tỉnh (sau đây gọi tắt là Trung tâm KSBT)").
Task cells written with the short forms are read under the full names; the cells themselves stay as written for
citations. The words live in `plan_qa/data/plan_grammar.json` ("abbreviations", "notation")."""

from __future__ import annotations

import re
from functools import lru_cache

from plan_qa.parsing.bodies import is_agency_name
from plan_qa.parsing.grammar import alternation, grammar
from plan_qa.parsing.notation import ROLES, Notation


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str], re.Pattern[str]]:
    words = grammar()["abbreviations"]
    # A few lower-case words may run from the head to its colon ("Quy ước trong bảng:", "Giải thích ký hiệu và chữ
    # viết tắt:"); a pair may follow a head that has no colon ("(*) C: chủ trì").
    filler = r"(?:\s+(?-i:[a-zđà-ỹ])[^:;=]{0,40}:)?"
    legend = re.compile(rf"^[-*_\s(]*(?:{alternation(words['legend_heads'])}){filler}\s*:?\s*(?P<pairs>.*?)[)*_\s]*$", re.I)
    definition = re.compile(rf"\(\s*(?:{alternation(words['definitions'])})\s*:?\s*(?P<short>[^()]+?)\s*\)", re.I)
    return legend, definition, re.compile(words["pair_separator"])


@lru_cache(maxsize=1)
def _role_meanings() -> list[tuple[str, re.Pattern[str]]]:
    roles = grammar()["notation"]["roles"]
    return [(role, re.compile(alternation(roles[role]), re.I)) for role in ROLES]


def meaning_role(meaning: str) -> str | None:
    """The role a legend's meaning names ("cơ quan chủ trì" → "lead", "thời gian hoàn thành" → "timeline")."""
    meaning = " ".join(meaning.split()).strip(" .;,")
    if not meaning or len(meaning.split()) > grammar()["notation"]["max_meaning_words"]:
        return None
    return next((role for role, pattern in _role_meanings() if pattern.search(meaning)), None)


def _short_form(text: str) -> bool:
    """A body's short form: a few words, one of them written with capitals (SYT, Trung tâm KSBT, UBND xã, Báo và
    PTTH), no number in it (a document's number is a reference, not a body's short name)."""
    words = text.split()
    return not re.search(r"\d", text) and 0 < len(words) <= grammar()["abbreviations"]["max_short_words"] and any(
        sum(ch.isupper() for ch in word) >= 2 for word in words)


def _mark(text: str) -> bool:
    """A role mark: one short word or symbol ("C", "CT", "ĐM", "x", "●"), no digit."""
    return bool(text) and len(text.split()) == 1 and not re.search(r"\d", text) and (
        len(text) <= 4 or text.isupper())


def _pair(piece: str) -> tuple[str, str, str] | None:
    """(short form, meaning, kind) of one legend pair: kind "role" with the role as its meaning ("lead"), or "body"
    with the body's full name; None for any other text."""
    separator = _patterns()[2].search(piece)
    if not separator or not separator.start():
        return None
    short, meaning = piece[: separator.start()].strip(" *_-•+"), piece[separator.end():].strip(" .*_")
    short = short.strip("()") if re.fullmatch(r"\(\S+\)", short) else short
    role = meaning_role(meaning)
    if role and _mark(short):
        return short, role, "role"
    if _short_form(short) and is_agency_name(meaning):
        return short, meaning, "body"
    return None


def _pairs(text: str) -> list[tuple[str, str, str]]:
    """The pairs of a legend's text, parted by ";" — or by "," when every piece is a pair ("C: chủ trì, P: phối hợp";
    a body's full name may hold a comma: "UBND xã, phường - Ủy ban nhân dân các xã, phường")."""
    found = []
    for piece in text.split(";"):
        commas = [_pair(part) for part in piece.split(",")]
        if len(commas) > 1 and all(commas):
            found.extend(pair for pair in commas if pair)
        elif pair := _pair(piece):
            found.append(pair)
    return found


def _legend_pairs(text: str) -> list[tuple[str, str, str]]:
    """The pairs of every legend of the plan: a legend line, or a legend head ending its line with a colon
    ("Giải thích ký hiệu và chữ viết tắt:") and the pair lines under it (one per line, bullets allowed) up to the
    first line that is no pair."""
    legend = _patterns()[0]
    found: list[tuple[str, str, str]] = []
    lines = [line.strip() for line in text.splitlines()]
    for index, line in enumerate(lines):
        match = legend.match(line.replace("\t", " "))
        if not match:
            continue
        if pairs := _pairs(match["pairs"]):
            found.extend(pairs)
            continue
        if match["pairs"].strip() and not line.rstrip(" *_)").endswith(":"):
            continue  # a legend head in running text, not a legend
        for following in lines[index + 1:]:
            if not following:
                continue
            pairs = _pairs(following.replace("\t", " : ", 1).strip(" -•+*_"))
            if not pairs:
                break
            found.extend(pairs)
    return found


def _named_before(text: str) -> str | None:
    """The body whose full name ends `text` ("…; Trung tâm Kiểm soát bệnh tật tỉnh" → that name): the longest
    run of words from a capitalised word to the end that reads as a public body."""
    tail = re.split(r"[;:.]\s", text)[-1].strip()
    words = tail.split()
    for start in range(len(words)):
        if words[start][:1].isupper() and is_agency_name(name := " ".join(words[start:])):
            return name
    return None


def read_notation(text: str) -> Notation:
    """The plan's notation: role marks and body short names from its legends, body short names from its prose."""
    roles: dict[str, str] = {}
    bodies: dict[str, str] = {}
    for short, meaning, kind in _legend_pairs(text):
        if kind == "body":
            bodies.setdefault(short, meaning)
        else:
            roles.setdefault(short, meaning)
    flat = " ".join(text.split())
    for match in _patterns()[1].finditer(flat):
        short = match["short"].strip(" .;,*_")
        full = _named_before(flat[:match.start()])
        if full and _short_form(short):
            bodies.setdefault(short, full)
    return Notation(roles=roles, bodies=bodies)


def expand(cell: str, abbreviations: dict[str, str]) -> str:
    """The cell with each short form the plan defined written as its full name ("SYT; STC" → "Sở Y tế; Sở Tài
    chính"); longer short forms first, each only as a whole word."""
    for short in sorted(abbreviations, key=len, reverse=True):
        cell = re.sub(rf"(?<![\w&-]){re.escape(short)}(?![\w&-])", lambda _: abbreviations[short], cell)
    return cell
