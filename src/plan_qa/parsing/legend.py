"""Abbreviations a plan defines for itself: a legend under its task table ("Ghi chú: SYT: Sở Y tế; STC: Sở Tài
chính; …") and definitions in its prose ("Trung tâm Kiểm soát bệnh tật tỉnh (sau đây gọi tắt là Trung tâm KSBT)").
Task cells written with the short forms are read under the full names; the cells themselves stay as written
for citations. The words live in `plan_qa/data/plan_grammar.json` ("abbreviations")."""

from __future__ import annotations

import re
from functools import lru_cache

from plan_qa.parsing.bodies import is_agency_name
from plan_qa.parsing.grammar import alternation, grammar


@lru_cache(maxsize=1)
def _patterns() -> tuple[re.Pattern[str], re.Pattern[str]]:
    words = grammar()["abbreviations"]
    legend = re.compile(rf"^[*_\s]*(?:{alternation(words['legend_heads'])})\s*:\s*(?P<pairs>.+?)[*_\s]*$", re.I)
    definition = re.compile(rf"\(\s*(?:{alternation(words['definitions'])})\s*:?\s*(?P<short>[^()]+?)\s*\)", re.I)
    return legend, definition


def _short_form(text: str) -> bool:
    """A short form: a few words, one of them written with capitals (SYT, Trung tâm KSBT, UBND xã, Báo và PTTH),
    no number in it (a document's number is a reference, not a body's short name)."""
    words = text.split()
    return not re.search(r"\d", text) and 0 < len(words) <= grammar()["abbreviations"]["max_short_words"] and any(
        sum(ch.isupper() for ch in word) >= 2 for word in words)


def _named_before(text: str) -> str | None:
    """The body whose full name ends `text` ("…; Trung tâm Kiểm soát bệnh tật tỉnh" → that name): the longest
    run of words from a capitalised word to the end that reads as a public body."""
    tail = re.split(r"[;:.]\s", text)[-1].strip()
    words = tail.split()
    for start in range(len(words)):
        if words[start][:1].isupper() and is_agency_name(name := " ".join(words[start:])):
            return name
    return None


def plan_abbreviations(text: str) -> dict[str, str]:
    """Short form → full name of a public body, from the plan's legends and prose definitions."""
    legend, definition = _patterns()
    found: dict[str, str] = {}
    for line in text.splitlines():
        match = legend.match(line)
        for pair in match["pairs"].split(";") if match else []:
            short, colon, full = pair.partition(":")
            short, full = short.strip(" *_-"), full.strip(" .*_")
            if colon and _short_form(short) and is_agency_name(full):
                found.setdefault(short, full)
    flat = " ".join(text.split())
    for match in definition.finditer(flat):
        short = match["short"].strip(" .;,*_")
        full = _named_before(flat[:match.start()])
        if full and _short_form(short):
            found.setdefault(short, full)
    return found


def expand(cell: str, abbreviations: dict[str, str]) -> str:
    """The cell with each short form the plan defined written as its full name ("SYT; STC" → "Sở Y tế; Sở Tài
    chính"); longer short forms first, each only as a whole word."""
    for short in sorted(abbreviations, key=len, reverse=True):
        cell = re.sub(rf"(?<![\w&-]){re.escape(short)}(?![\w&-])", lambda _: abbreviations[short], cell)
    return cell
