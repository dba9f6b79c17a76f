"""Word's automatic numbering → the marker Word prints before a paragraph ("I.", "1.", "1.2.", "a)", "-").

python-docx gives a paragraph's text without it, so a plan whose sections and items are numbered by a
Word list (not typed) would lose its whole outline. The markers are rebuilt from numbering.xml as Word
counts them (ECMA-376 §17.9): a paragraph is numbered by its own `w:numPr` or its style's; each list
instance (`w:num`) counts its levels from `w:start` (or a `w:startOverride`), a level restarting after
any higher one; `w:lvlText` places the counters ("%1.%2.") in the level's `w:numFmt`. A bullet prints
as "-" (or "+"), the dash of Vietnamese administrative texts.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from docx.document import Document
from docx.oxml.ns import qn
from docx.oxml.xmlchemy import BaseOxmlElement
from docx.text.paragraph import Paragraph

_ROMAN = ((1000, "M"), (900, "CM"), (500, "D"), (400, "CD"), (100, "C"), (90, "XC"), (50, "L"), (40, "XL"),
          (10, "X"), (9, "IX"), (5, "V"), (4, "IV"), (1, "I"))


def _roman(n: int) -> str:
    out = ""
    for value, letters in _ROMAN:
        while n >= value:
            out, n = out + letters, n - value
    return out


def _letters(n: int) -> str:
    """a … z, then aa, bb … (Word's letter numbering repeats the letter)."""
    return chr(ord("a") + (n - 1) % 26) * ((n - 1) // 26 + 1)


_FORMATS = {
    "decimal": str,
    "decimalZero": lambda n: f"{n:02d}",
    "upperRoman": _roman,
    "lowerRoman": lambda n: _roman(n).lower(),
    "upperLetter": lambda n: _letters(n).upper(),
    "lowerLetter": _letters,
}


def counter_text(fmt: str, n: int) -> str:
    """The counter `n` in a Word number format ("upperRoman" → "IV"); decimal for any other format."""
    return _FORMATS.get(fmt, str)(n)


@dataclass
class _Level:
    fmt: str
    text: str
    start: int


def _val(element: BaseOxmlElement | None, tag: str) -> str | None:
    child = element.find(qn(tag)) if element is not None else None
    return child.get(qn("w:val")) if child is not None else None


def _int(value: str | None, default: int) -> int:
    return int(value) if value and value.lstrip("-").isdigit() else default


@dataclass
class Numbering:
    """The numbering definitions of one document and the counters of its lists, in reading order."""

    levels: dict[str, dict[int, _Level]] = field(default_factory=dict)  # numId → level → definition
    counters: dict[str, dict[int, int]] = field(default_factory=dict)

    @classmethod
    def of(cls, document: Document) -> Numbering:
        try:
            root = document.part.numbering_part.element
        except (KeyError, NotImplementedError, AttributeError):  # a document with no numbering part
            return cls()
        abstract = {
            node.get(qn("w:abstractNumId")): {
                _int(lvl.get(qn("w:ilvl")), 0): _Level(_val(lvl, "w:numFmt") or "decimal", _val(lvl, "w:lvlText") or "",
                                                      _int(_val(lvl, "w:start"), 1))
                for lvl in node.findall(qn("w:lvl"))
            }
            for node in root.findall(qn("w:abstractNum"))
        }
        levels: dict[str, dict[int, _Level]] = {}
        for num in root.findall(qn("w:num")):
            defined = dict(abstract.get(_val(num, "w:abstractNumId") or "", {}))
            for override in num.findall(qn("w:lvlOverride")):
                ilvl = _int(override.get(qn("w:ilvl")), 0)
                start = _val(override, "w:startOverride")
                if ilvl in defined and start is not None:
                    base = defined[ilvl]
                    defined[ilvl] = _Level(base.fmt, base.text, _int(start, base.start))
            levels[num.get(qn("w:numId"))] = defined
        return cls(levels)

    def marker(self, paragraph: Paragraph) -> str:
        """The marker Word prints before the paragraph ("" when it is not numbered); counts it."""
        num_id, ilvl = _num_pr(paragraph)
        defined = self.levels.get(num_id or "", {})
        level = defined.get(ilvl)
        if level is None or level.fmt == "none":
            return ""
        if level.fmt == "bullet":
            return "+" if level.text.strip() == "+" else "-"
        counts = self.counters.setdefault(num_id, {})
        counts[ilvl] = counts.get(ilvl, level.start - 1) + 1
        for deeper in [k for k in counts if k > ilvl]:
            del counts[deeper]
        text = level.text
        for k in range(ilvl, -1, -1):  # "%10" never occurs (nine levels): replace from the deepest
            above = defined.get(k)
            value = counts.get(k, above.start if above else 1)
            text = text.replace(f"%{k + 1}", counter_text(above.fmt if above else "decimal", value))
        return text.strip()


def _num_pr(paragraph: Paragraph) -> tuple[str | None, int]:
    """(numId, level) from the paragraph's own properties, else from its style or the styles it is based on."""
    p_pr = paragraph._p.pPr
    num_pr = p_pr.find(qn("w:numPr")) if p_pr is not None else None
    style = paragraph.style
    while num_pr is None and style is not None:
        style_pr = style.element.find(qn("w:pPr"))
        num_pr = style_pr.find(qn("w:numPr")) if style_pr is not None else None
        style = style.base_style
    if num_pr is None:
        return None, 0
    num_id = _val(num_pr, "w:numId")
    return (None if num_id in (None, "0") else num_id), _int(_val(num_pr, "w:ilvl"), 0)
