"""Who a duty is carried out with, read from its own sentence as the plan writes it.

"Chủ động phối hợp với Sở Khoa học và Công nghệ, Sở Công Thương và các doanh nghiệp logistics
triển khai …" names its partners between "phối hợp (với)" and the verb of the action; a duty
heading "Sở Giáo dục và Đào tạo chủ trì, phối hợp với Sở Nông nghiệp và Môi trường, Ủy ban nhân
dân các phường, xã, đặc khu:" gives them to every item under it. The list is kept as written
("lực lượng Hải quan", "các doanh nghiệp logistics" are partners even though no agency table
knows them). The verbs and linking words that end the list are data (`partner_grammar.json`).
"""

from __future__ import annotations

import re
from functools import lru_cache

from plan_qa.agencies import normalize_agency
from plan_qa.data import load_json
from plan_qa.parsing.bodies import is_agency_name

_TRIGGER = re.compile(r"\bphối hợp(?:\s+chặt chẽ)?(?:\s+với)?\s+", re.IGNORECASE)
_END = re.compile(r"[.;:()\n]")
_PIECES = re.compile(r",\s*|\s+(?:và|hoặc|cùng)\s+")


@lru_cache(maxsize=1)
def _stop() -> re.Pattern[str]:
    """A lower-case action verb or linking word: the end of a list of partners."""
    grammar = load_json("partner_grammar")
    words = sorted({*grammar["verbs"], *grammar["links"]}, key=len, reverse=True)
    return re.compile(rf"(?<![\w])(?:{'|'.join(re.escape(w) for w in words)})(?![\w])")


def _list_end(rest: str) -> int:
    """Where the list of bodies at the start of `rest` ends."""
    cursor = 0
    for match in [*_PIECES.finditer(rest), None]:
        end = match.start() if match else len(rest)
        piece = rest[cursor:end]
        if not normalize_agency(piece):
            stop = _stop().search(piece)
            if stop:
                return cursor + stop.start() if stop.start() > 0 else cursor
        if match is None:
            return len(rest)
        cursor = match.end()
    return len(rest)


def _names_at(text: str) -> str:
    """The list of bodies that opens `text` (up to its first verb or stop), or "" when it opens with none."""
    rest = text[: m.start()] if (m := _END.search(text)) else text
    phrase = rest[: _list_end(rest)].strip(" ,")
    phrase = re.sub(r"\s+(?:và|hoặc|cùng)$", "", phrase)
    first = _PIECES.split(phrase, maxsplit=1)[0]
    return phrase if phrase and (first[:1].isupper() or is_agency_name(first[:1].upper() + first[1:])) else ""


def partners_in(text: str) -> list[str]:
    """Every list of partners the text names after "phối hợp (với)", as written.

    A list goes on past a semicolon when the next part opens with a body of its own: "Phối hợp với
    Cục An toàn Môi trường trong …; Cục Xuất nhập khẩu trong …" names both.
    """
    found: list[str] = []
    for trigger in _TRIGGER.finditer(text):
        rest = text[trigger.end():]
        names = [_names_at(rest)] if _names_at(rest) else []
        while names and (m := _END.search(rest)) and rest[m.start()] == ";":
            rest = rest[m.end():].lstrip()
            more = _names_at(rest)
            first = _PIECES.split(more, maxsplit=1)[0]
            if not more or not (normalize_agency(first) or is_agency_name(first)):
                break
            names.append(more)
        if names:
            found.append("; ".join(names))
    return found


def partners_for(sentences: list[str], subject_score) -> str | None:
    """The partners of the sentence that best matches the question (`subject_score(sentence)`)."""
    best: tuple[float, str] | None = None
    for sentence in sentences:
        for phrase in partners_in(sentence):
            score = subject_score(sentence)
            if best is None or score > best[0]:
                best = (score, phrase)
    return best[1] if best else None
