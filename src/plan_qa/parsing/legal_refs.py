"""References to other documents ("Quyết định số 4255/QĐ-BNN-KHCN ngày 04/12/2024 của …"), as plans cite them.

The kinds of documents live in `plan_qa/data/document_kinds.json` (with their source). A number is written
the state's way ("06/2022/TT-BTTTT", "223/KH- UBND" with a stray space) or the Party's way ("14-KH/TU");
"số" before it is often left out.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from plan_qa.data import load_json
from plan_qa.parsing.model import LegalBasis
from plan_qa.text.vietnamese import fold_diacritics

# "223/KH-UBND", "06/2022/TT-BTTTT", "4255/QĐ-BNN-KHCN", "QĐ-TTg"; stray spaces a typist or a line wrap left
# around a slash ("15 /KH-UBND", "78/2021/ NĐ-CP") or a dash ("NĐ -CP", "KH- UBND") — after a dash only before a
# code of capitals, never before a word ("… - Sở"). A code may end in the number of a term of office: the
# Quốc hội numbers its laws and resolutions by legislature ("198/2025/QH15", "Luật số 78/2025/QH15").
_STATE_NUMBER = (r"\d+(?:[ ]?/[ ]?\d{4})?[ ]?/[ ]?[A-ZĐ][A-ZĐa-zđ]*\d*"
                 r"(?:[ ]?-(?:[A-ZĐ][A-ZĐa-zđ]*\d*|\s[A-ZĐ]{2}[A-ZĐa-zđ]*))*")
_PARTY_NUMBER = r"\d+-[A-ZĐ][A-ZĐa-z]*/[A-ZĐ]+(?:-[A-ZĐ]+)*"
NUMBER = rf"(?:{_STATE_NUMBER}|{_PARTY_NUMBER})"


@lru_cache(maxsize=1)
def document_kinds() -> tuple[str, ...]:
    """Names of the kinds of documents a plan may cite, longest first."""
    return tuple(sorted(load_json("document_kinds")["kinds"], key=len, reverse=True))


def kind_alternation() -> str:
    """A regular expression matching any kind's name."""
    return "|".join(re.escape(kind) for kind in document_kinds())


@lru_cache(maxsize=1)
def reference_pattern() -> re.Pattern[str]:
    """A cited document: its kind, up to three words qualifying it ("Chương trình hành động"), an optional
    "số" and its number (named groups `kind`, `number`)."""
    return re.compile(rf"(?P<kind>{kind_alternation()})(?:\s+[a-zà-ỹđ]+){{0,3}}?(?:\s+số)?\s+(?P<number>{NUMBER})")


def clean_number(number: str) -> str:
    """The number without the spaces a line wrap or typo left in it ("223/KH- UBND" → "223/KH-UBND")."""
    return re.sub(r"\s+", "", number)


@lru_cache(maxsize=1)
def mention_pattern() -> re.Pattern[str]:
    """A document named by kind and number or by a capitalised name ("Luật Đất đai", "Nghị quyết Đại hội …")."""
    return re.compile(rf"(?:{kind_alternation()})\s+(?:số\s+)?(?:\d|[A-ZĐ])")


def kind_mention(kinds: frozenset[str]) -> re.Pattern[str]:
    """A document of one of `kinds` named by kind and number or by a capitalised name (`mention_pattern`)."""
    names = "|".join(re.escape(kind) for kind in sorted(kinds, key=len, reverse=True))
    return re.compile(rf"(?:{names})\s+(?:số\s+)?(?:\d|[A-ZĐ])")


# Kinds that name no kind at all: "văn bản nào" asks for any document. A "công văn" is a kind of its own
# (the administrative letter, numbered "8935/BNV-CTTN": Nghị định 30/2020/NĐ-CP, Phụ lục III).
_ANY_KIND = frozenset({"Văn bản"})


def kinds_asked(folded_question: str) -> tuple[frozenset[str], bool]:
    """(kinds of document a legal-basis question asks for, whether it asks for several), from its folded text:
    "căn cứ quyết định … nào" → ({"Quyết định"}, False); "thực hiện những kế hoạch nào" → ({"Kế hoạch"}, True)."""
    kinds: set[str] = set()
    several = False
    for kind in document_kinds():
        folded = fold_diacritics(kind).lower()
        asked = re.search(rf"\b(?:can cu|thuc hien|theo|trien khai|dua tren|vien dan|thi hanh|cu the hoa)\s+"
                          rf"(?:vao\s+|theo\s+)?(?P<plural>(?:nhung|cac)\s+)?{folded}\b"
                          rf"|(?<!phap )\b(?P<plural2>(?:nhung|cac)\s+)?{folded}\s+nao\b", folded_question)
        if asked:
            several = several or bool(asked["plural"] or asked["plural2"])
            if kind not in _ANY_KIND:
                kinds.add(kind)
        folded_question = folded_question.replace(folded, " ") if asked else folded_question
    return frozenset(kinds), several


@dataclass(frozen=True)
class Issuer:
    """A body that issues documents: how questions name it, how plans write it, how numbers code it."""

    asked: tuple[str, ...]
    names: tuple[str, ...]
    codes: tuple[str, ...]

    def claims(self, basis: LegalBasis) -> bool:
        """True when the cited document reads as this body's, by its written issuer or its number's code."""
        if basis.issuer:
            return any(name.lower() in basis.issuer.lower() for name in self.names)
        code = re.search(r"[-/]([A-Za-zĐđ]+)\d*$", basis.number or "")
        return bool(code) and code.group(1) in self.codes


@lru_cache(maxsize=1)
def _issuers() -> tuple[Issuer, ...]:
    return tuple(Issuer(tuple(i["asked"]), tuple(i["names"]), tuple(i["codes"])) for i in load_json("document_kinds")["issuers"])


def issuer_of(basis: LegalBasis) -> Issuer | None:
    """The first issuer (in the data file's order) that claims the document: "Thủ tướng Chính phủ" is the
    Prime Minister's, not the Government's."""
    return next((issuer for issuer in _issuers() if issuer.claims(basis)), None)


def issuers_asked(folded_question: str) -> tuple[Issuer, ...]:
    """The issuers a legal-basis question asks for ("… văn bản nào của Thủ tướng", "nghị quyết số mấy của Tỉnh
    ủy"); an issuer elsewhere in the question ("Kế hoạch của UBND tỉnh căn cứ …") is the plan's own."""
    found: list[Issuer] = []
    for issuer in _issuers():
        pattern = rf"\b(?:nao|so may|so bao nhieu)\s+(?:cua|do)\s+(?:{'|'.join(issuer.asked)})\b"
        if re.search(pattern, folded_question):
            found.append(issuer)
            folded_question = re.sub(pattern, " ", folded_question)
    return tuple(found)
