"""Clean text → outline blocks → clauses.

PDF extraction breaks sentences across lines (and 002 double-spaces every
line), so blank lines are not paragraph breaks. A new block starts only at an
outline marker (I., 1., a), dash) or where the previous text ended a sentence
and the next line starts with a capital. Short numbered lines followed by a
capitalised line are headings ("6. Sở Văn hóa và Thể thao" / "Phối hợp...").
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from functools import lru_cache

from plan_qa.parsing.cleaning import clean_line, is_page_number, is_rule
from plan_qa.parsing.grammar import assignment_fields, grammar, is_bare_label

ROMAN_VALUES = {"I": 1, "V": 5, "X": 10}
_ROMAN = re.compile(r"^(?P<m>X{0,3}(?:IX|IV|V?I{0,3}))\.\s+(?P<t>\S.*)$")
# "A. MỤC ĐÍCH, YÊU CẦU" / "B. NHIỆM VỤ" / "C. TỔ CHỨC THỰC HIỆN": capital letters in place of Roman numerals
# at the top of the outline (a section like a Roman one; the sequence must open with "A.").
_CAPITAL = re.compile(r"^(?P<m>[A-H])\.\s+(?P<t>\S.*)$")
# "1." as the genre writes it; "1)" as pandoc and some editors print a numbered list, before a capital.
_NUMBER = re.compile(r"^(?P<m>\d{1,2})(?:\.|\)(?=\s+[A-ZĐÀ-Ỹ\"“(]))\s+(?P<t>\S.*)$")
_ARTICLE = re.compile(r"^Điều\s+(?P<m>\d{1,3})\s*[.:]?\s*(?P<t>\S.*)$")
_SUBNUMBER = re.compile(r"^(?P<m>\d{1,2}(?:\.\d{1,2}){1,3})\.?\s+(?P<t>\S.*)$")
# "a)" as the genre writes it; "a." as Word's letter numbering or a typist may print it, before a capital.
_LETTER = re.compile(r"^(?P<m>[a-zđ])(?:\)|\.(?=\s+[A-ZĐÀ-Ỹ0-9\"“(]))\s+(?P<t>\S.*)$")
_DASH = re.compile(r"^[-–•+]\s*(?P<t>[A-ZĐÀ-Ỹ0-9“\"(].*)$")
_ANY_DASH = re.compile(r"^[-–•+]\s*(?P<t>\S.*)$")
_SHORT_HEADING_WORDS = 15
_SENTENCE_END = re.compile(r"(?:[.!?:…]|\./\.)[\"”)]?$")
_HEADING_MAX_CHARS = 70


def roman_to_int(numeral: str) -> int:
    """Value of a Roman numeral (I..XXXIX)."""
    total = 0
    for char, following in zip(numeral, numeral[1:] + " "):
        value = ROMAN_VALUES[char]
        total += -value if following != " " and ROMAN_VALUES.get(following, 0) > value else value
    return total


def _starts_upper(text: str) -> bool:
    first = text.lstrip("“\"(")[:1]
    return bool(first) and (first.isupper() or first.isdigit())


def _short_title(text: str) -> bool:
    """A mixed-case section title ("Tổ chức thực hiện"): short, capitalised, not ending a sentence —
    a Roman marker before it opens a section in any layout, a wrapped sentence rarely reads so."""
    return _starts_upper(text) and len(text.split()) <= _SHORT_HEADING_WORDS and not _SENTENCE_END.search(text)


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


@dataclass
class Block:
    """A logical line: one outline item or paragraph, unwrapped."""

    kind: str  # "roman" | "number" | "letter" | "dash" | "text"
    marker: str
    lines: list[str] = field(default_factory=list)
    wrapped: bool = False  # True once a second physical line was joined

    @property
    def text(self) -> str:
        return join_wrapped(self.lines)


def join_wrapped(lines: list[str]) -> str:
    """Join physical lines of one sentence: `2025-` + `2030` keeps no space."""
    out = ""
    for line in lines:
        if not out:
            out = line
        elif out.endswith("-") and not out.endswith(" -") and line[:1].isalnum():
            out += line
        else:
            out += " " + line
    return out


def classify(line: str, whole_paragraph: bool = False) -> tuple[str, str, str]:
    """(kind, marker, text) of a cleaned line.

    `whole_paragraph` says the line is a complete paragraph (web-saved text), so a
    mixed-case "I. Mục tiêu", a "1.1." sub-item or a "+" bullet cannot be a wrapped
    sentence and is read as a marker.
    """
    patterns = [("roman", _part_pattern()), ("roman", _ROMAN), ("roman", _CAPITAL), ("number", _NUMBER), ("letter", _LETTER)]
    # "1.1. Rà soát …": a sub-item in any layout when its text opens with a capital (a wrapped
    # sentence seldom starts with "2.5. X"); in whole paragraphs whatever follows.
    patterns.insert(3, ("subnumber", _SUBNUMBER))
    if whole_paragraph:
        patterns.insert(0, ("article", _ARTICLE))  # "Điều 2. …" of a decision
    for kind, pattern in patterns:
        match = pattern.match(line)
        if match and match.group("m"):
            title = match.group("t")
            if kind == "roman" and not _mostly_upper(title) and not _short_title(title):
                continue
            if kind == "subnumber" and not whole_paragraph and not _starts_upper(title):
                continue
            return kind, match.group("m"), title
    match = (_ANY_DASH if whole_paragraph else _DASH).match(line)
    if match:
        return "dash", "-", match.group("t")
    return "text", "", line


@lru_cache(maxsize=1)
def _part_pattern() -> re.Pattern[str]:
    """A section opened by a part word before its Roman numeral ("Phần I. MỤC ĐÍCH", "PHẦN II: …",
    "Chương III - …"); the words live in plan_grammar.json ("outline", "part_words")."""
    words = "|".join(grammar()["outline"]["part_words"])
    return re.compile(rf"^(?i:{words})\s+(?P<m>X{{0,3}}(?:IX|IV|V?I{{0,3}}))\s*[.:\-–]?\s+(?P<t>\S.*)$")


def _first_roman_max() -> int:
    """The highest Roman numeral that may open an outline (plan_grammar.json, "outline")."""
    return int(grammar()["outline"]["first_roman_max"])


_CAPITALS = "ABCDEFGH"


class _NumberingGuard:
    """Rejects numbered/lettered markers that break the running sequence (wrapped text)."""

    def __init__(self, allow_repeats: bool = False) -> None:
        self.last: dict[str, int] = {}
        self.allow_repeats = allow_repeats  # "IV." twice in a row: a numbering slip, still a section

    def accept(self, kind: str, marker: str) -> bool:
        if kind in ("subnumber", "article"):
            return True
        if kind == "roman" and marker in _CAPITALS:
            value = _CAPITALS.index(marker) + 1
            ok = value == self.last.get("capital", 0) + 1
            if ok:
                self.last = {"capital": value}
            return ok
        if kind == "roman":
            value = roman_to_int(marker)
            previous = self.last.get("roman", 0)
            ok = (value == previous + 1 or value == previous > 0  # "IV." twice: a numbering slip, still a section
                  or previous == 0 and value <= _first_roman_max())  # a plan whose first section is "II." (no "I.")
            if ok:
                self.last = {"roman": value}
            return ok
        if kind == "number":
            value = int(marker)
            previous = self.last.get("number", 0)
            ok = value == 1 or value == previous + 1 or (self.allow_repeats and value == previous)
            if ok:
                self.last["number"] = value
                self.last.pop("letter", None)
            return ok
        if kind == "letter":
            order = "abcdđeghiklmnopqrstuvxy"
            value = order.index(marker) + 1 if marker in order else 99
            previous = self.last.get("letter", 0)
            ok = value == 1 or previous <= value <= previous + 2  # a repeated letter is a typo, still an item
            if ok:
                self.last["letter"] = value
            return ok
        return True


def unwrap(raw_lines: list[str], whole_paragraphs: bool = False) -> list[Block]:
    """Turn physical body lines into blocks (markers, unwrapped sentences).

    With `whole_paragraphs` (web-saved text, already unwrapped) every line is a block.
    """
    blocks: list[Block] = []
    guard = _NumberingGuard(allow_repeats=whole_paragraphs)
    for raw in raw_lines:
        if is_rule(raw):
            continue
        line = clean_line(raw, keep_tabs=False)
        if not line or is_page_number(line):
            continue
        kind, marker, text = classify(line, whole_paragraphs)
        if kind in _LEVEL and not guard.accept(kind, marker):
            kind, marker, text = "text", "", line
        current = blocks[-1] if blocks else None
        if kind == "text" and current is not None and len(current.lines) == 1 and is_bare_label(current.text):
            current.lines.append(text)  # "- Cơ quan chủ trì:" / "Sở Y tế": the label's value on the next line
            current.wrapped = True
            continue
        if kind != "text" or current is None or whole_paragraphs or _MARKDOWN_HEADING.match(raw):
            blocks.append(Block(kind, marker, [text]))  # a Markdown heading ("### 2. …") is never a wrapped line
            continue
        previous_text = current.text
        ends_sentence = bool(_SENTENCE_END.search(previous_text))
        is_short_heading = (
            current.kind in ("roman", "number", "letter")
            and not current.wrapped
            and len(previous_text) <= _HEADING_MAX_CHARS
            and not ends_sentence
        )
        # A line opening with an assignment label ("Cơ quan thực hiện: …") never continues the task above it.
        before_label, labels = assignment_fields(text)
        opens_label = bool(labels) and not before_label
        if _starts_upper(text) and (ends_sentence or is_short_heading or current.kind == "roman" or opens_label):
            blocks.append(Block("text", "", [text]))
        else:
            current.lines.append(text)
            current.wrapped = True
    return blocks


_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s+\S")
_LEVEL = {"article": 0, "roman": 1, "number": 2, "subnumber": 3, "letter": 4}


@dataclass
class OutlineNode:
    """A block placed in the outline: its path, locator and enclosing headings."""

    block: Block
    path: list[str]
    headings: list[str]
    children: int = 0

    @property
    def label(self) -> str:
        """The block as a heading line, e.g. "V. TỔ CHỨC THỰC HIỆN"."""
        marker = self.block.marker
        if self.block.kind == "article":
            return f"Điều {marker}. {self.block.text}"
        if self.block.kind in ("roman", "number", "subnumber"):
            return f"{marker}. {self.block.text}"
        if self.block.kind == "letter":
            return f"{marker}) {self.block.text}"
        return self.block.text


def locator_of(path: list[str]) -> str:
    """Human locator: ["V","2","c"] → "V.2.c"; ["V","2","-3"] → "V.2, gạch đầu dòng 3"."""
    outline: list[str] = []
    for part in (p for p in path if not p.startswith(("-", "p"))):
        if outline and part.split("#")[0].startswith(outline[-1].split("#")[0] + "."):
            outline[-1] = part  # "1.1" under "1" reads "1.1", not "1.1.1"
        else:
            outline.append(part)
    base = ".".join(p.replace("#", " (lần ") + ")" if "#" in p else p for p in outline)
    base = re.sub(r"^Đ(\d+)", r"Điều \1", base)
    last = path[-1] if path else ""
    if last.startswith("-"):
        return f"{base}, gạch đầu dòng {last[1:]}" if base else f"gạch đầu dòng {last[1:]}"
    if last.startswith("p"):
        return f"{base}, đoạn {last[1:]}" if base else f"đoạn {last[1:]}"
    return base


def place(blocks: list[Block]) -> list[OutlineNode]:
    """Place blocks in the outline tree (Roman → number → letter → dash/paragraph)."""
    nodes: list[OutlineNode] = []
    stack: list[OutlineNode] = []  # open containers, outermost first
    counters: dict[tuple[str, ...], dict[str, int]] = {}

    def next_index(parent_path: list[str], kind: str) -> int:
        bucket = counters.setdefault(tuple(parent_path), {})
        bucket[kind] = bucket.get(kind, 0) + 1
        return bucket[kind]

    for block in blocks:
        if block.kind in _LEVEL:
            level = _LEVEL[block.kind]
            while stack and _LEVEL[stack[-1].block.kind] >= level:
                stack.pop()
            parent = stack[-1] if stack else None
            parent_path = parent.path if parent else []
            marker = f"Đ{block.marker}" if block.kind == "article" else block.marker
            occurrence = next_index(parent_path, f"marker:{marker}")
            part = marker if occurrence == 1 else f"{marker}#{occurrence}"
            node = OutlineNode(block, parent_path + [part], [n.label for n in stack])
            if parent:
                parent.children += 1
            stack.append(node)
        else:
            parent = stack[-1] if stack else None
            parent_path = parent.path if parent else []
            prefix = "-" if block.kind == "dash" else "p"
            index = next_index(parent_path, prefix)
            node = OutlineNode(block, parent_path + [f"{prefix}{index}"], [n.label for n in stack])
            if parent:
                parent.children += 1
        nodes.append(node)
    return nodes


def children(nodes: list[OutlineNode], parent: OutlineNode) -> list[OutlineNode]:
    """The nodes directly under `parent`, in order."""
    depth = len(parent.path)
    return [n for n in nodes if len(n.path) == depth + 1 and n.path[:depth] == parent.path]


def leaves(nodes: list[OutlineNode], parent: OutlineNode) -> list[OutlineNode]:
    """The nodes under `parent` that have nothing under them."""
    depth = len(parent.path)
    below = [n for n in nodes if len(n.path) > depth and n.path[:depth] == parent.path]
    return [n for n in below if not any(len(m.path) > len(n.path) and m.path[: len(n.path)] == n.path for m in below)]
