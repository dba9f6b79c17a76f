"""Common abbreviations of plan vocabulary (not agencies; see `plan_qa.agencies`)."""

from __future__ import annotations

import re

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


def expand_terms(text: str) -> str:
    """Replace standalone abbreviations with their full words ("BVMT" → "bảo vệ môi trường")."""
    return _PATTERN.sub(lambda m: TERMS[m.group(1)], text)
