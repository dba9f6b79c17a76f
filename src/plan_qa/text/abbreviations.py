"""Common abbreviations of plan vocabulary and of bodies outside the departments
(`plan_qa/data/abbreviations.json`; departments are in `plan_qa.agencies`)."""

from __future__ import annotations

import re

from plan_qa.data import load_json
from plan_qa.text.vietnamese import fold_diacritics, has_diacritics

_DATA = load_json("abbreviations")
TERMS: dict[str, str] = _DATA["terms"]  # replaced in place; also shortens plan labels
QUERY_TERMS: dict[str, str] = _DATA["query_terms"]  # kept beside their full words: plans use both


def _pattern(keys: dict[str, str]) -> re.Pattern[str]:
    """Standalone abbreviations, longest first; a number may be glued on ("KV14")."""
    alternatives = "|".join(sorted(map(re.escape, keys), key=len, reverse=True))
    return re.compile(rf"(?<![\w/&-])({alternatives})(\d*)(?![\w/&-])")


_PATTERN = _pattern(TERMS)
_QUERY_PATTERN = _pattern(QUERY_TERMS)


# Everyday words → the administrative words plans use for the same thing (query side only).
PARAPHRASES: dict[str, str] = load_json("wording")["paraphrases"]
_PARAPHRASE = re.compile("|".join(rf"\b{re.escape(k)}\b" for k in sorted(PARAPHRASES, key=len, reverse=True)),
                         re.IGNORECASE)


# The same everyday words typed without diacritics ("dung ra" = "đứng ra"). A one-syllable word
# folds onto others ("tien" is "tiền", "tiến", "tiên"), so only phrases, and words that carry no
# diacritics anyway ("online"), are read folded.
_FOLDED_PARAPHRASES: dict[str, str] = {
    fold_diacritics(k): v for k, v in PARAPHRASES.items() if " " in k or not has_diacritics(k)}
_FOLDED_PARAPHRASE = re.compile(
    "|".join(rf"\b{re.escape(k)}\b" for k in sorted(_FOLDED_PARAPHRASES, key=len, reverse=True)), re.IGNORECASE)


def expand_paraphrases(text: str) -> str:
    """Append the plans' own words for everyday words in a query ("học hỏi" → "học tập kinh nghiệm");
    a query typed without diacritics is matched folded ("dung ra" → "chủ trì")."""
    if has_diacritics(text):
        extra = [PARAPHRASES[m.group(0).lower()] for m in _PARAPHRASE.finditer(text)]
    else:
        extra = [_FOLDED_PARAPHRASES[m.group(0).lower()] for m in _FOLDED_PARAPHRASE.finditer(text)]
    return f"{text} {' '.join(extra)}" if extra else text


def _full(table: dict[str, str], match: re.Match[str]) -> str:
    """The abbreviation's full words, with a number glued to it kept ("KV14" → "Khu vực 14")."""
    number = f" {match.group(2)}" if match.group(2) else ""
    return table[match.group(1)] + number


def _term(match: re.Match[str]) -> str:
    return _full(TERMS, match)


def _query_term(match: re.Match[str]) -> str:
    return f"{_full(QUERY_TERMS, match)} ({match.group(0)})"


def expand_terms(text: str) -> str:
    """Abbreviations written out: plan terms replaced ("BVMT" → "bảo vệ môi trường"), other
    abbreviations kept beside their full words ("BCHQS" → "Bộ Chỉ huy Quân sự (BCHQS)")."""
    return _QUERY_PATTERN.sub(_query_term, _PATTERN.sub(_term, text))


def spelled_out(text: str) -> str:
    """Every abbreviation replaced by its full words ("BCHQS tỉnh" → "Bộ Chỉ huy Quân sự tỉnh"), so a body's
    name reads whole where `expand_terms` would put the abbreviation inside it."""
    return _QUERY_PATTERN.sub(lambda match: _full(QUERY_TERMS, match), _PATTERN.sub(_term, text))
