"""Common abbreviations of plan vocabulary (not agencies; see `plan_qa.agencies`)."""

from __future__ import annotations

import re

from plan_qa.data import load_json

TERMS: dict[str, str] = {
    "BVMT": "bảo vệ môi trường",
    "CNMT": "công nghiệp môi trường",
    "KCN": "khu công nghiệp",
    "CCN": "cụm công nghiệp",
    "KCNC": "khu công nghệ cao",
    "KTTH": "kinh tế tuần hoàn",
    "TKNL": "tiết kiệm năng lượng",
    "NLTT": "năng lượng tái tạo",
    "CTR": "chất thải rắn",
    "CTNH": "chất thải nguy hại",
    "KHCN": "khoa học công nghệ",
    "ĐMST": "đổi mới sáng tạo",
    "CĐS": "chuyển đổi số",
    "XTTM": "xúc tiến thương mại",
    "QĐ": "Quyết định",
    "KH": "Kế hoạch",
    "TTg": "Thủ tướng Chính phủ",
    "HĐND": "Hội đồng nhân dân",
}
_PATTERN = re.compile(r"(?<![\w/-])(" + "|".join(sorted(map(re.escape, TERMS), key=len, reverse=True)) + r")(?![\w/&-])")


# Everyday words → the administrative words plans use for the same thing (query side only).
PARAPHRASES: dict[str, str] = load_json("wording")["paraphrases"]
_PARAPHRASE = re.compile("|".join(rf"\b{re.escape(k)}\b" for k in sorted(PARAPHRASES, key=len, reverse=True)),
                         re.IGNORECASE)


def expand_paraphrases(text: str) -> str:
    """Append the plans' own words for everyday words in a query ("học hỏi" → "học tập kinh nghiệm")."""
    extra = [PARAPHRASES[m.group(0).lower()] for m in _PARAPHRASE.finditer(text)]
    return f"{text} {' '.join(extra)}" if extra else text


def expand_terms(text: str) -> str:
    """Replace standalone abbreviations with their full words ("BVMT" → "bảo vệ môi trường")."""
    return _PATTERN.sub(lambda m: TERMS[m.group(1)], text)
