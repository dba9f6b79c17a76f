"""Text matching for scoring: one normal form for answers, keys, quotes and passages.

`match_key` makes spelling variants compare equal: NFC, case, whitespace,
markup (``**``, ``#``, ``|``, tags), tone placement ("hoá" = "hóa"), "Hằng/Hàng
năm", "UBND" = "Ủy ban nhân dân", the plural marker "các" (dropped), agency
abbreviations ("Sở NN&MT"), leading
zeros ("01/1" = "1/1"), Vietnamese dates written in words or figures ("4 tháng 9 năm 2025" =
"04/9/2025", "15 tháng 11" = "15/11") and quarters ("Quí IV-2025" = "quý IV năm 2025" =
"Quý IV/2025"). Both sides of every comparison go through it.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from functools import lru_cache

from plan_qa.agencies import DEPARTMENTS
from plan_qa.text.vietnamese import harmonise_tone_marks, nfc

OVERLAP_SHARE = 0.5  # a passage overlaps a quote when it holds >= 50 % of the quote's tokens…
MIN_RUN = 5  # …as one contiguous run of at least 5 tokens (or the whole quote when shorter)

_MARKUP = re.compile(r"<[^>]+>|[*#|`\t_]")
_DASHES = re.compile("[\u2010-\u2015\u2212]")
_WORD = re.compile(r"\w+")
_PHRASES = (
    (re.compile(r"\b(?:ủy|uỷ) ban nhân dân\b"), "ubnd"),
    (re.compile(r"\bhội đồng nhân dân\b"), "hđnd"),
    (re.compile(r"\bhằng\b"), "hàng"),
    (re.compile(r"\bcác "), ""),  # plural marker: "UBND các xã, phường" = "UBND xã, phường"
)
_FULL_DATE = re.compile(r"\b(\d{1,2})(?: tháng |/)(\d{1,2})(?: năm |/)(\d{4})\b")
_DAY_MONTH = re.compile(r"\b(\d{1,2}) tháng (\d{1,2})\b(?! năm)")  # "15 tháng 11": a day, read as 15/11
_MONTH_YEAR = re.compile(r"\btháng (\d{1,2})(?: năm |/)(\d{4})\b")
_QUARTER = re.compile(r"\bqu[ýí] ([ivx]+)(?:\s*[-/]\s*| năm )(\d{4})\b")
# A quarter written without its word ("IV-2025" in a gold key, "Quí IV-2025" in the plan): the same period.
_ROMAN_YEAR = re.compile(r"\b([ivx]+)\s*-\s*(\d{4})\b")
_LEADING_ZERO = re.compile(r"(?<![\d.,])0+(?=\d)")
_AROUND_JOINERS = re.compile(r"\s*([/\-])\s*")
_BEFORE_PUNCT = re.compile(r"\s+([,.;:)!?%])")
_AFTER_OPEN = re.compile(r"([(])\s+")
_SPACES = re.compile(r"\s+")


@lru_cache(maxsize=1)
def _abbreviations() -> tuple[tuple[re.Pattern[str], str], ...]:
    """Agency abbreviations of three or more letters → full names ("sct" → "sở công thương")."""
    pairs: list[tuple[str, str]] = []
    for canonical, aliases in DEPARTMENTS.items():
        full = aliases[0].lower()
        for abbreviation in aliases[1:]:
            if len(abbreviation) < 3:
                continue
            short = abbreviation.lower()
            bare = short[1:] if short.startswith("s") else ""
            expansion = canonical.lower() if bare and bare in {a.lower() for a in aliases} else full
            pairs.append((short, expansion))
    pairs.sort(key=lambda pair: -len(pair[0]))
    return tuple(
        (re.compile(rf"(?<![\w&]){re.escape(short)}(?![\w&])"), full) for short, full in pairs
    )


@lru_cache(maxsize=65536)
def match_key(text: str) -> str:
    """The normal form all scoring comparisons use (lower-case, variants unified)."""
    text = nfc(text)
    text = _MARKUP.sub(" ", text)
    text = _DASHES.sub("-", text).replace("“", '"').replace("”", '"')
    text = harmonise_tone_marks(_SPACES.sub(" ", text).lower())
    for pattern, replacement in _PHRASES:
        text = pattern.sub(replacement, text)
    for pattern, expansion in _abbreviations():
        text = pattern.sub(expansion, text)
    text = text.replace("sở sở ", "sở ")
    text = _FULL_DATE.sub(r"\1/\2/\3", text)
    text = _DAY_MONTH.sub(r"\1/\2", text)
    text = _MONTH_YEAR.sub(r"tháng \1/\2", text)
    text = _QUARTER.sub(r"quý \1/\2", text)
    text = _ROMAN_YEAR.sub(r"\1/\2", text)
    text = _LEADING_ZERO.sub("", text)
    text = _AROUND_JOINERS.sub(r"\1", text)
    text = _BEFORE_PUNCT.sub(r"\1", text)
    text = _AFTER_OPEN.sub(r"\1", text)
    return text.strip()


def tokens(text: str) -> list[str]:
    """Word tokens (syllables, numbers) of the normal form."""
    return _WORD.findall(match_key(text))


def contains_key(text: str, key: str) -> bool:
    """True when `key` occurs in `text` as whole words, after normalising both."""
    needle = match_key(key).strip(" .,;:")
    if not needle:
        return True
    return re.search(rf"(?<!\w){re.escape(needle)}(?!\w)", match_key(text)) is not None


def token_f1(prediction: str, reference: str) -> float:
    """SQuAD-style token F1 between two texts (multiset overlap of `tokens`)."""
    predicted, gold = tokens(prediction), tokens(reference)
    if not predicted or not gold:
        return float(predicted == gold)
    common = sum((Counter(predicted) & Counter(gold)).values())
    if common == 0:
        return 0.0
    precision, recall = common / len(predicted), common / len(gold)
    return 2 * precision * recall / (precision + recall)


def _longest_common_run(needle: list[str], haystack: list[str]) -> int:
    """Length of the longest contiguous token sequence shared by both lists."""
    best = 0
    previous = [0] * (len(haystack) + 1)
    for word in needle:
        current = [0] * (len(haystack) + 1)
        for j, other in enumerate(haystack, 1):
            if word == other:
                current[j] = previous[j - 1] + 1
                best = max(best, current[j])
        previous = current
    return best


def supports_quote(passage: str, quote: str) -> bool:
    """A passage supports a gold quote when it contains it or overlaps it.

    Overlap: at least `OVERLAP_SHARE` of the quote's tokens appear in the
    passage as one contiguous run of at least `MIN_RUN` tokens (the whole quote
    when it is shorter). Contiguity keeps boilerplate words ("phát triển công
    nghiệp môi trường" is in every clause) from counting as evidence.
    """
    quote_key = match_key(quote)
    if not quote_key:
        return False
    passage_key = match_key(passage)
    if quote_key in passage_key:
        return True
    needle = _WORD.findall(quote_key)
    needed = max(math.ceil(OVERLAP_SHARE * len(needle)), min(len(needle), MIN_RUN))
    return _longest_common_run(needle, _WORD.findall(passage_key)) >= needed
