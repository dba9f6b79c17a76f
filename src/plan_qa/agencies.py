"""One agency normaliser for the whole product.

Plans name the same body in many ways: "Sở Nông nghiệp và Môi trường",
"Sở NN&MT", "NN&MT", a bare "Nông nghiệp và Môi trường" inside
"Các Sở: Công Thương, Nông nghiệp và Môi trường, Tài chính", "UBND xã,
phường" vs "Ủy ban nhân dân các phường, xã". This module maps every variant
to one canonical name, expands lists, and keeps collectives ("Các sở, ban,
ngành") as collectives. Names are province-independent: rows and duties carry
their plan's province beside the name, because Sở Công Thương of Hà Nội and of
Đồng Tháp are different bodies (the agency workload view groups by province).
"""

from __future__ import annotations

import re
from functools import lru_cache

from plan_qa.text.renames import old_abbreviations
from plan_qa.text.vietnamese import fold_diacritics, harmonise_tone_marks

DEPARTMENTS: dict[str, tuple[str, ...]] = {
    # canonical name: aliases usable after "Sở"/"Các Sở:" or alone in a table cell
    "Sở Công Thương": ("Công Thương", "CT", "SCT"),
    "Sở Nông nghiệp và Môi trường": ("Nông nghiệp và Môi trường", "NN&MT", "NNMT", "NN và MT"),
    "Sở Khoa học và Công nghệ": ("Khoa học và Công nghệ", "KH&CN", "KHCN", "KH và CN"),
    "Sở Tài chính": ("Tài chính", "TC"),
    "Sở Xây dựng": ("Xây dựng", "XD"),
    "Sở Nội vụ": ("Nội vụ", "NV"),
    "Sở Văn hóa và Thể thao": ("Văn hóa và Thể thao", "VH&TT", "VHTT"),
    "Sở Văn hóa, Thể thao và Du lịch": ("Văn hóa, Thể thao và Du lịch", "VHTTDL", "VH,TT&DL"),
    "Sở Tài nguyên và Môi trường": ("Tài nguyên và Môi trường", "TN&MT", "TNMT"),
    "Sở Kế hoạch và Đầu tư": ("Kế hoạch và Đầu tư", "KH&ĐT", "KHĐT"),
    "Sở Giáo dục và Đào tạo": ("Giáo dục và Đào tạo", "GD&ĐT", "GDĐT"),
    "Sở Y tế": ("Y tế", "YT"),
    "Sở Tư pháp": ("Tư pháp", "TP"),
    "Sở Giao thông vận tải": ("Giao thông vận tải", "GTVT"),
    "Sở Lao động - Thương binh và Xã hội": ("Lao động - Thương binh và Xã hội", "LĐTB&XH"),
    "Sở Thông tin và Truyền thông": ("Thông tin và Truyền thông", "TT&TT"),
}
for _old, _aliases in old_abbreviations().items():  # bodies renamed in 2025 stay recognisable
    DEPARTMENTS[_old] = (*DEPARTMENTS.get(_old, (_old.removeprefix("Sở "),)), *_aliases)
for _name, _aliases in DEPARTMENTS.items():  # "SKHCN", "SGDĐT": "Sở" written as its initial, glued on
    _glued = tuple(f"S{a}" for a in _aliases[1:] if " " not in a and a.isupper() and not a.startswith("S"))
    DEPARTMENTS[_name] = (*_aliases, *_glued)

_LOWER = "a-zđàáảãạăằắẳẵặâầấẩẫậèéẻẽẹêềếểễệìíỉĩịòóỏõọôồốổỗộơờớởỡợùúủũụưừứửữựỳýỷỹỵ"
_CAPITAL = rf"[^\W\d_{_LOWER}]"  # a capital letter, Vietnamese ones included

# Other bodies, matched by their full names or abbreviations anywhere.
OTHER_BODIES: dict[str, tuple[str, ...]] = {
    "Ban Quản lý các khu công nghệ cao và khu công nghiệp": (
        r"Ban Quản lý các (?:Khu|khu) công nghệ cao và (?:Khu|khu) công nghiệp(?: (?:thành phố|tỉnh) [A-ZĐ]\w*(?: [A-ZĐ]\w*)*)?",
        r"BQL các KCNC và KCN",
        r"BQL ?CKCNC ?& ?KCN",
        r"BQL các KCNC&KCN",
    ),
    # the province's zone; a zone with a name of its own ("… Khu kinh tế Hải Phòng", "… Dung Quất", "… cửa khẩu
    # Đồng Đăng - Lạng Sơn") is another body, read whole by the bodies' grammar
    "Ban Quản lý Khu kinh tế": (rf"Ban Quản lý Khu kinh tế(?!\s+(?:{_CAPITAL}|cửa khẩu|mở\b|ven biển))", r"BQL KKT"),
    "Văn phòng Ủy ban nhân dân tỉnh/thành phố": (
        r"Văn phòng (?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân) (?:tỉnh|thành phố|Thành phố|TP)\b",
    ),
    "Ủy ban nhân dân xã, phường": (
        r"(?:UBND|Ủy ban nhân dân|Uỷ ban nhân dân) (?:các )?(?:xã, phường|phường, xã)(?:,? (?:và )?đặc khu)?",
        r"(?:UBND|Ủy ban nhân dân) cấp xã",
    ),
    "Ủy ban nhân dân tỉnh/thành phố": (
        r"(?:UBND|Ủy ban nhân dân) (?:Thành phố|thành phố|tỉnh|TP)\b(?! (?:Hà Nội|Hồ Chí Minh) (?:ban hành|về))",
        r"UBND TP\b",
    ),
    "Các sở, ban, ngành": (
        r"[Cc]ác [Ss]ở, (?:[Bb]an,? )?(?:[Bb]an )?ngành(?: (?:có liên quan|liên quan|Thành phố|thuộc Thành phố|thuộc tỉnh))?",
        r"[Cc]ác [Ss]ở, ban ngành(?: thuộc Thành phố)?",
        r"[Cc]ác cơ quan, đơn vị có liên quan",
        r"(?<=với )sở, ngành(?:, địa phương)?(?: có liên quan| liên quan)",
    ),
    "Doanh nghiệp ngành Công Thương": (
        r"[Cc]ác doanh nghiệp,? (?:hoạt động )?sản xuất, kinh doanh trong lĩnh vực Công Thương",
    ),
    "Doanh nghiệp công nghiệp môi trường": (r"[Cc]ác doanh nghiệp công nghiệp môi trường",),
    "Sở Công Thương các tỉnh, thành phố": (r"Sở Công Thương các tỉnh, thành phố",),
    "Bộ Công Thương": (r"Bộ Công Thương", r"BCT"),
    "Bộ Nông nghiệp và Môi trường": (r"Bộ Nông nghiệp và Môi trường",),
    "Bộ Khoa học và Công nghệ": (r"Bộ Khoa học và Công nghệ",),
    "Cục An toàn Môi trường": (r"Cục An toàn Môi trường",),
    "Cục Xuất nhập khẩu": (r"Cục Xuất nhập khẩu",),
    "Cơ quan báo chí": (r"(?:các )?cơ quan báo chí(?: Hà Nội)?",),
}

COLLECTIVES = frozenset(
    {
        "Ủy ban nhân dân xã, phường",
        "Các sở, ban, ngành",
        "Doanh nghiệp ngành Công Thương",
        "Doanh nghiệp công nghiệp môi trường",
        "Sở Công Thương các tỉnh, thành phố",
        "Cơ quan báo chí",
    }
)

_SO_PREFIX = r"(?:Sở|sở|SỞ)"
_LIST_HEAD = re.compile(r"^\s*(?:Các|các)\s+(?:Sở|sở)\s*:\s*")
_SEPARATORS = re.compile(r"^[\s,;:.\-–]*(?:\bvà\b)?[\s,;:.\-–]*$")


# A department named without "Sở" ("Các Sở: Công Thương, Y tế") only where a list item begins: at the start of
# the text, after a separator or "và". After another head noun it names that body's own field ("Trạm Y tế",
# "Phòng Tài chính", "Trung tâm Y tế huyện" are not Sở Y tế / Sở Tài chính).
_ITEM_START = r"(?:(?<=^)|(?<=[,;:(/+\n\-–])|(?<=[,;:(/+\n\-–]\s)|(?<=\svà\s)|(?<=^và\s))"

_ABBREVIATION_PARTS = re.compile(r"\s*(?:&|,|-|–|\svà\s)\s*|\s+")
_ABBREVIATION_JOIN = r"(?:\s*(?:&|,|-|–|\svà\s)\s*|\s?)"


def _alias_pattern(alias: str) -> str:
    """A name as a pattern; an abbreviation ("VH,TT&DL", "LĐ-TB&XH", "NN và MT") with its letter groups
    joined by any separator officials use, or none: "VH-TT&DL", "VHTTDL", "VH, TT và DL" are one body."""
    parts = [p for p in _ABBREVIATION_PARTS.split(alias) if p]
    if len(parts) > 1 and all(p.isupper() for p in parts):
        return _ABBREVIATION_JOIN.join(re.escape(p) for p in parts)
    return re.escape(alias).replace(r"\ ", r"\s+")


@lru_cache(maxsize=1)
def _compiled() -> tuple[list[tuple[re.Pattern[str], str]], list[tuple[re.Pattern[str], str]]]:
    """(free-text patterns, list-item patterns), longest alternatives first."""
    free: list[tuple[str, str]] = []
    items: list[tuple[str, str]] = []
    for canonical, patterns in OTHER_BODIES.items():
        for pattern in patterns:
            free.append((pattern, canonical))
            items.append((pattern, canonical))
    for canonical, aliases in DEPARTMENTS.items():
        full = aliases[0]
        free.append((rf"{_SO_PREFIX}\s+{_alias_pattern(full)}", canonical))
        items.append((rf"(?:{_SO_PREFIX}\s+|{_ITEM_START}){_alias_pattern(full)}", canonical))
        for abbreviation in aliases[1:]:
            free.append((rf"{_SO_PREFIX}\s+{_alias_pattern(abbreviation)}(?![\w&])", canonical))
            if len(abbreviation) >= 3:  # SCT, NN&MT, KH&CN stand alone; "TC" does not
                free.append((rf"(?<![\w&]){_alias_pattern(abbreviation)}(?![\w&])", canonical))
            items.append((rf"(?:{_SO_PREFIX}\s+|{_ITEM_START})(?<![\w&]){_alias_pattern(abbreviation)}(?![\w&])", canonical))

    def order(pairs: list[tuple[str, str]]) -> list[tuple[re.Pattern[str], str]]:
        pairs = sorted(pairs, key=lambda p: -len(p[0]))
        return [(re.compile(p), c) for p, c in pairs]

    return order(free), order(items)


def _key(text: str) -> str:
    return harmonise_tone_marks(text)


def _scan(text: str, patterns: list[tuple[re.Pattern[str], str]]) -> list[tuple[int, int, str]]:
    """Non-overlapping matches, leftmost-longest, as (start, end, canonical)."""
    matches = sorted(
        ((m.start(), m.end(), canonical) for pattern, canonical in patterns for m in pattern.finditer(text)),
        key=lambda span: (span[0], span[0] - span[1]),
    )
    found: list[tuple[int, int, str]] = []
    for start, end, canonical in matches:  # "Văn phòng Ủy ban nhân dân tỉnh" wins over the "Ủy ban nhân dân tỉnh" in it
        if not any(start < e and s < end for s, e, _ in found):
            found.append((start, end, canonical))
    return found


def known_name_end(text: str) -> int:
    """Where the name of a known body that opens the text ends ("Sở Y tế cấp phép …" → 7); 0 when none opens it."""
    spans = _scan(text, _compiled()[0])
    return spans[0][1] if spans and spans[0][0] == 0 else 0


def normalize_agency(name: str) -> str | None:
    """Canonical name for one agency mention, or None when it is not one we know."""
    text = _key(name).strip(" .;,")
    if not text:
        return None
    spans = _scan(text, _compiled()[1])
    if len(spans) == 1 and spans[0][0] == 0 and spans[0][1] >= len(text) - 1:
        return spans[0][2]
    return _folded_spellings().get(fold_diacritics(text).lower())


@lru_cache(maxsize=1)
def _folded_spellings() -> dict[str, str]:
    """Every known spelling, folded, → its canonical name (departments first, as `normalize_agency` reads them)."""
    spellings: dict[str, str] = {}
    for canonical, aliases in DEPARTMENTS.items():
        for spelling in (canonical, *aliases, *(f"Sở {a}" for a in aliases)):
            spellings.setdefault(fold_diacritics(_key(spelling)).lower(), canonical)
    for canonical in OTHER_BODIES:
        spellings.setdefault(fold_diacritics(canonical).lower(), canonical)
    return spellings


def _list_items(cell: str) -> tuple[str, list[tuple[int, int, str]]]:
    """A cell without its "Các Sở:" head, and the agency names found in it (start, end, canonical)."""
    text = _LIST_HEAD.sub("", _key(cell).strip())
    return text, _scan(text, _compiled()[1])


def parse_agency_list(cell: str) -> list[str]:
    """Expand a table cell or list ("Các Sở: A, B và UBND xã, phường") into canonical names.

    Text that matches no known agency is kept as written, so nothing is lost.
    """
    text, spans = _list_items(cell)
    if not text:
        return []
    names: list[str] = []
    cursor = 0
    for start, end, canonical in spans + [(len(text), len(text), "")]:
        gap = text[cursor:start]
        if gap.strip() and not _SEPARATORS.match(gap):
            leftover = re.sub(r"^[\s,;:.]*(?:và\s+)?|[\s,;:.]+$", "", gap)
            leftover = re.sub(r"\s*\b(?:thuộc Thành phố|thuộc tỉnh|(?:có )?liên quan)\b\s*$", "", leftover)
            if leftover and not re.fullmatch(r"(?:và|thuộc Thành phố|thuộc tỉnh|có liên quan)", leftover):
                names.append(leftover)
        if canonical and canonical not in names:
            names.append(canonical)
        cursor = max(cursor, end)
    return names


def spellings(cell: str) -> dict[str, str]:
    """Canonical name → the words a table cell or list uses for it (first mention)."""
    text, spans = _list_items(cell)
    written: dict[str, str] = {}
    for start, end, canonical in spans:
        written.setdefault(canonical, text[start:end])
    return written


def find_agencies(text: str) -> list[str]:
    """Agencies mentioned in free text, in order of first mention.

    Bare department names ("Công Thương") are only read as agencies inside an
    explicit "các Sở: ..." list, since "ngành Công Thương" is a sector.
    """
    normalised = _key(text)
    names: list[str] = []
    for match in re.finditer(r"(?:[Cc]ác\s+[Ss]ở\s*:\s*)([^.;()]+)", normalised):
        for name in parse_agency_list(match.group(1)):
            if name not in names and (name in DEPARTMENTS or name in OTHER_BODIES):
                names.append(name)
    for _, _, canonical in _scan(normalised, _compiled()[0]):
        if canonical not in names:
            names.append(canonical)
    return names


# Without diacritics "so" is "sở" (a department) only where a name may begin — at the start, after
# punctuation or a function word ("các", "và", "giao", …); after a noun it is "số" ("chuyển đổi số
# tài chính", "kế hoạch số 12").
_FOLDED_SO = (r"(?:^|[,.;:?!(]\s*|\b(?:cac|va|voi|cua|giao|cho|la|thi|hay|hoac|do|ve|tai|nhu|o|ma|ngoai|rieng|"
              r"con|nhung|moi|ca|den|tu|gom|phan cong|yeu cau|de nghi)\s+)so\s+")


@lru_cache(maxsize=1)
def _folded_patterns() -> list[tuple[re.Pattern[str], str]]:
    """Known bodies as a question typed without diacritics writes them: "so y te", "sct", "so nn&mt"."""
    pairs: list[tuple[str, str]] = []
    for canonical, aliases in DEPARTMENTS.items():
        for alias in aliases:
            folded = re.escape(fold_diacritics(_key(alias)).lower()).replace(r"\ ", r"\s+")
            if len(alias) > 2:  # "so tp", "so ct": too easily a number ("số") and a word
                pairs.append((rf"{_FOLDED_SO}{folded}(?![\w&])", canonical))
            if len(alias) >= 3 and alias.replace("&", "").isupper():  # SCT, NN&MT stand alone; "TC" does not
                pairs.append((rf"(?<![\w&]){folded}(?![\w&])", canonical))
    for canonical in OTHER_BODIES:
        pairs.append((rf"\b{re.escape(fold_diacritics(canonical).lower())}\b", canonical))
    return [(re.compile(p), c) for p, c in sorted(pairs, key=lambda pair: -len(pair[0]))]


def find_folded_agencies(folded: str) -> list[str]:
    """Agencies named in a lower-case text without diacritics, in order of first mention."""
    names: list[str] = []
    for _, _, canonical in _scan(folded, _folded_patterns()):
        if canonical not in names:
            names.append(canonical)
    return names


def expand_abbreviations(query: str) -> str:
    """Append the full names of abbreviated agencies in a query (for retrieval)."""
    additions = [name for name in find_agencies(query) if name not in query]
    return query if not additions else f"{query} ({'; '.join(additions)})"
