"""Front matter and signature block → `PlanMetadata` fields.

Blank fields in the source ("Số: /KH-UBND", "ngày tháng năm") stay None:
a number or date is never guessed.
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources

from plan_qa.parsing.bodies import is_agency_name
from plan_qa.parsing.legal_refs import NUMBER, clean_number, document_kinds, kind_alternation, reference_pattern
from plan_qa.parsing.model import LegalBasis
from plan_qa.parsing.outline import join_wrapped

CITIES = ("Hà Nội", "Hồ Chí Minh", "Hải Phòng", "Đà Nẵng", "Cần Thơ", "Huế")
_NUMBER_LINE = re.compile(r"^Số\s*:?\s*(?P<value>.*)$")
# A number line's value when it opens with the number itself ("Số: 312/KH-UBND", not "Số ký hiệu" nor "Số lượng …").
_NUMBER_VALUE = re.compile(r"^(?:(?:ký hiệu|hiệu)\s*:?\s*)?\d+\s*/\s*[A-ZĐ]")
_TITLE_MAX_LINES = 6  # the lines after "KẾ HOẠCH" a title (and its issuing note) may take
_BARE_NUMBER = re.compile(r"^\d+\s*/\s*[A-ZĐ][A-Za-zĐđ0-9\- /]*$")  # a cell holding only the number
_DOC_NUMBER = re.compile(r"(?P<n>\d+)\s*/\s*(?P<code>[A-ZĐ]+(?:[ ]?-[ ]?[A-ZĐ]+)+)")
_PLACE_DATE = re.compile(r"^(?P<place>[A-ZĐÀ-Ỹ][^,\d]{1,30}),\s*ngày\b(?P<rest>.*)$")
# A two-column header row flattened into one line (PDF text layer): "Số: 186/KH-UBND Gia Lai, ngày 05 tháng …".
_PLACE_DATE_AFTER = re.compile(r"\s(?=[A-ZĐÀ-Ỹ][^,\d]{1,30},\s*ngày\b)")
_MOTTO = re.compile(r"CỘNG H[OÒ]A XÃ HỘI CHỦ NGHĨA VIỆT NAM|Độc lập\s*[-–]\s*Tự do\s*[-–]\s*Hạnh phúc", re.I)
_DATE_WORDS = re.compile(r"(?P<d>\d{1,2})\s*tháng\s*(?P<m>\d{1,2})\s*năm\s*(?P<y>\d{4})")
_PREAMBLE_START = re.compile(r"^(?:Triển khai|Thực hiện|Thi hành|Căn cứ|Nhằm|Để)\b")
_PERIOD = re.compile(r"(?:giai đoạn|thời kỳ)\s*(\d{4})\s*[-–]\s*(\d{4})|năm\s+(\d{4})(?!\s*[-–])", re.IGNORECASE)
_PROVINCE = re.compile(r"\b(tỉnh|thành phố)\s+((?:[A-ZĐÀ-Ỹ][\wÀ-ỹ]*)(?:\s+[A-ZĐÀ-Ỹ][\wÀ-ỹ]*){0,3})")
# A person's name: capitalised words; the given-name prefix of the Central Highlands peoples may be a lone
# capital or carry an apostrophe ("Y Ngọc Hà", "H'Yim Kđoh": Ê Đê, M'nông names of Đắk Lắk, Gia Lai officials).
_NAME = r"(?:[A-ZĐÀ-Ỹ](?:'[A-ZĐÀ-Ỹ])?[a-zà-ỹđ]*)(?:\s+[A-ZĐÀ-Ỹ](?:'[A-ZĐÀ-Ỹ])?[a-zà-ỹđ]+){1,4}"
_PERSON = re.compile(rf"^{_NAME}$")
_AUTHORITY = re.compile(r"^(?:TM\.|KT\.|Q\.|TL\.|TUQ\.)")
_TITLE_WORDS = re.compile(r"^(?:PHÓ CHỦ TỊCH|CHỦ TỊCH|GIÁM ĐỐC|PHÓ GIÁM ĐỐC)\b")
# A document cited by its name ("Luật Việc làm", "Bộ luật Lao động", "Nghị định Chính phủ số 80/2025/NĐ-CP"), its
# number, date or year and issuer written after the name in any order ("Luật Việc làm số 74/2025/QH15 ngày 16/6/2025
# của Quốc hội", "Luật Đất đai năm 2024"). A name may hold a comma or "và" before a lower-case word ("Luật Phòng,
# chống thiên tai", "Luật Tiêu chuẩn và quy chuẩn kỹ thuật"); before a capital they start the next document.
_DATE = r"\d{1,2}\s*/\s*\d{1,2}\s*/\s*\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}"
_ABOUT = r"về|phê duyệt|ban hành|quy định|sửa đổi|thực hiện|giao|hướng dẫn"
_NAMED_KINDS = ("Bộ luật", "Luật")  # kinds cited by name alone; any other kind named is a basis only with its number


@lru_cache(maxsize=1)
def _named() -> re.Pattern[str]:
    """A document cited by kind and capitalised name, then its number, date, year, issuer in any order."""
    kinds = "|".join(re.escape(kind) for kind in sorted({*_NAMED_KINDS, *document_kinds()}, key=len, reverse=True))
    return re.compile(
        rf"(?<![\wÀ-ỹ])(?P<kind>{kinds})\s+(?P<name>[A-ZĐ](?:[^;,.()]|,(?=\s+[a-zà-ỹđ]))*?)"
        rf"(?:,?\s+(?:số\s+(?P<number>{NUMBER})|ngày\s+(?P<date>{_DATE})|năm\s+(?P<year>\d{{4}})))*"
        rf"(?:\s+của\s+(?P<issuer>[^,;.()]+?)(?=\s+(?:{_ABOUT}|và\s+(?:{kinds}))\b|[,;.()]|$))?"
        r"(?=\s*(?:[;.(]|,(?!\s+[a-zà-ỹđ]))|\s+và\s+(?![a-zà-ỹđ])|\s+(?:" + _ABOUT + r"|của)\s|$)"
    )


# The kind word in capitals with the title after it on the same line ("KẾ HOẠCH Phát triển kinh tế …").
_KIND_THEN_TITLE = re.compile(r"^KẾ HOẠCH\s+[A-ZĐÀ-Ỹ]")
_KIND_LINE = re.compile(r"^(?:KẾ HOẠCH|QUYẾT ĐỊNH|THÔNG BÁO|CHỈ THỊ|CHƯƠNG TRÌNH|PHƯƠNG ÁN|ĐỀ ÁN)$")
_HEADER_ISSUER = re.compile(
    r"(?:(?:ỦY|UỶ) BAN NHÂN DÂN|UBND)[\s|]+(?P<kind>TỈNH|THÀNH PHỐ|TP\.?|THỦ ĐÔ)\s+"
    r"(?P<name>[A-ZĐÀ-Ỹ](?:[A-ZĐÀ-Ỹ ]| - )*[A-ZĐÀ-Ỹ])"
)
_PLACE_PREFIX = re.compile(r"^(?:Thành phố|thành phố|TP\.|Tp\.|Thủ đô|Tỉnh|tỉnh)\s*")
_KIND_BY_CODE = {"KH": "kế hoạch", "QĐ": "quyết định", "TB": "thông báo", "CT": "chỉ thị", "CTr": "chương trình"}


@dataclass
class FrontMatter:
    """What the lines before section I say."""

    number: str | None
    number_text: str | None
    place: str | None
    issue_date: str | None
    issue_date_text: str | None
    title: str
    preamble: str
    header: list[str] = field(default_factory=list)  # issuer block, decision articles, signature before the title
    kind: str | None = None  # "kế hoạch", "quyết định ban hành kế hoạch", …
    kind_line: str = "KẾ HOẠCH"  # the word the title stands under, as printed


_DATE_DIGITS = re.compile(r"^\s*(?P<d>\d{1,2})\s*/\s*(?P<m>\d{1,2})\s*/\s*(?P<y>\d{4})")


def _date_from_words(text: str) -> str | None:
    """"05/12/2025" from " 05 tháng 12 năm 2025" (or " 05/12/2025" as some place lines write it)."""
    match = _DATE_WORDS.search(text) or _DATE_DIGITS.search(text)
    return f"{int(match['d']):02d}/{int(match['m'])}/{match['y']}" if match else None


_DATE_CUT = re.compile(r",\s*ngày\b[^,]*?(?:tháng|năm)\s*$")
_DATE_REST = re.compile(r"^(?:\d{1,2}\s+năm\s+)?\d{4}\b")


def _dates_rejoined(lines: list[str]) -> list[str]:
    """The place-date line whole when a two-column header wrapped it ("Tây Ninh, ngày 05 tháng 12 năm" / "2025":
    the PDF text layer puts the year, or month and year, on a line of its own)."""
    out: list[str] = []
    for line in lines:
        if out and _DATE_CUT.search(out[-1]) and _DATE_REST.match(line):
            out[-1] = f"{out[-1]} {line}"
        else:
            out.append(line)
    return out


def document_number(text: str) -> str | None:
    """"524/KH-UBND" from "Số: 524/KH-UBND"; None for "Số: /KH-UBND"."""
    match = _DOC_NUMBER.search(text)
    return f"{match['n']}/{clean_number(match['code'])}" if match else None  # "15 /KH -UBND" → "15/KH-UBND"


def _split_number_line(line: str) -> tuple[str, str]:
    """("Số: 186/KH-UBND", "Gia Lai, ngày 05 tháng 12 năm 2025") from the two cells of a flattened header row;
    (line, "") when the number line carries nothing else."""
    parts = _PLACE_DATE_AFTER.split(line, maxsplit=1)
    return (parts[0].strip(), parts[1].strip()) if len(parts) == 2 else (line, "")


def _kind(header: list[str], kind_line: str | None, number: str | None) -> str | None:
    """"quyết định ban hành kế hoạch" when a decision carries the plan; else the title word or the number code."""
    if kind_line == "KẾ HOẠCH" and any(line.upper() == "QUYẾT ĐỊNH" for line in header):
        return "quyết định ban hành kế hoạch"
    if kind_line:
        return kind_line.lower()
    code = re.search(r"/([A-Za-zĐđ]+)-", number or "")
    return _KIND_BY_CODE.get(code.group(1)) if code else None


def _split_title(rest: list[str], whole_paragraphs: bool) -> int:
    """How many of the lines after "KẾ HOẠCH" form the title."""
    starts = [i for i, line in enumerate(rest) if _PREAMBLE_START.match(line)]
    if not whole_paragraphs:
        basis = next((i for i, line in enumerate(rest) if line.startswith("Căn cứ")), 0)
        if basis > 0:  # the legal bases always open the preamble
            return basis
        return starts[-1] if starts and starts[-1] > 0 else min(1, len(rest))
    count = min(1, len(rest))
    while count < len(rest) and _mostly_upper(rest[count]) and not _PREAMBLE_START.match(rest[count]):
        count += 1
    return count


@lru_cache(maxsize=1)
def _issuing_note() -> re.Pattern[str]:
    """The note under a decision-issued plan's title ("(Ban hành kèm theo Quyết định số …)"), document_kinds.json."""
    text = resources.files("plan_qa.data").joinpath("document_kinds.json").read_text(encoding="utf-8")
    return re.compile(json.loads(text)["issuing_note"], re.I)


def _title_and_note(title_lines: list[str]) -> tuple[list[str], list[str]]:
    """(the title's lines, the issuing note and what follows it): the title ends where the note opens."""
    for index, line in enumerate(title_lines):
        note = _issuing_note().search(line)
        if note and (index or note.start()):
            head = line[: note.start()].strip()
            return [*title_lines[:index], *([head] if head else [])], [line[note.start():], *title_lines[index + 1:]]
    return title_lines, []


def _mostly_upper(text: str) -> bool:
    letters = [c for c in text if c.isalpha()]
    return bool(letters) and sum(c.isupper() for c in letters) >= 0.8 * len(letters)


def read_front_matter(lines: list[str], whole_paragraphs: bool = False) -> FrontMatter:
    """Parse the cleaned, non-empty lines before section I.

    Lines before the last "KẾ HOẠCH" line (issuer block, the articles of a decision that
    issues the plan, its signature) are kept apart as `header`.
    """
    number = number_text = place = issue_date = issue_date_text = None
    rest: list[str] = []
    lines = _dates_rejoined(lines)
    for index, line in enumerate(lines):
        if (match := _NUMBER_LINE.match(line)) and (number_text is None or number is None and _NUMBER_VALUE.match(match["value"])):
            number_text, place_date = _split_number_line(line)
            number = document_number(number_text)
            if number is None and index + 1 < len(lines) and _BARE_NUMBER.match(lines[index + 1].strip()):
                number = document_number(lines[index + 1])  # "Số ký hiệu" | "312/KH-UBND": the value in the next cell
            if place_date and issue_date_text is None and (match := _PLACE_DATE.match(place_date)):
                place, issue_date_text = match["place"].strip(), place_date
                issue_date = _date_from_words(match["rest"])
        elif issue_date_text is None and (match := _PLACE_DATE.match(line)):
            place, issue_date_text = match["place"].strip(), line
            issue_date = _date_from_words(match["rest"])
        else:
            rest.append(line)
    kind_lines = [i for i, line in enumerate(rest) if _KIND_LINE.match(line.upper().strip(" :"))]
    plan_lines = [i for i in kind_lines if rest[i].upper() == "KẾ HOẠCH"]
    cut = plan_lines[-1] if plan_lines else (kind_lines[0] if kind_lines else None)
    header: list[str] = []
    kind_line = None
    if cut is not None:
        header, kind_line, rest = rest[:cut], rest[cut].upper().strip(" :"), rest[cut + 1 :]
    elif rest and rest[0].upper().startswith("KẾ HOẠCH"):
        kind_line, rest[0] = "KẾ HOẠCH", rest[0][len("KẾ HOẠCH"):].strip()
    elif (inline := next((i for i, line in enumerate(rest) if _KIND_THEN_TITLE.match(line)), None)) is not None:
        # "KẾ HOẠCH Phát triển …" on one line under the issuer block (a Markdown "# KẾ HOẠCH …" heading)
        header, kind_line, rest = rest[:inline], "KẾ HOẠCH", [rest[inline][len("KẾ HOẠCH"):].strip(), *rest[inline + 1:]]
    split = _split_title(rest, whole_paragraphs)
    noted = next((i + 1 for i, line in enumerate(rest[:_TITLE_MAX_LINES]) if _issuing_note().search(line)), 0)
    split = max(split, noted)  # the title runs on to its issuing note ("BẢO TỒN …" / "GIAI ĐOẠN …" / "(Ban hành kèm theo …)")
    title_lines, note = _title_and_note(rest[:split])
    rest = [*title_lines, *note, *rest[split:]]
    split = len(title_lines)
    return FrontMatter(
        number=number,
        number_text=number_text,
        place=place,
        issue_date=issue_date,
        issue_date_text=issue_date_text,
        title=join_wrapped(rest[:split]),
        preamble=join_wrapped(rest[split:]),
        header=header,
        kind=_kind(header, kind_line, number),
        kind_line=kind_line or "KẾ HOẠCH",
    )


def issuer_in_header(header: list[str]) -> tuple[str | None, str | None]:
    """(province, issuer) from "ỦY BAN NHÂN DÂN / TỈNH BẮC NINH" or "… THÀNH PHỐ HỒ CHÍ MINH" — also when the
    national motto shares its lines (a two-column header read line by line: "TỈNH BẮC NINH Độc lập - …")."""
    text = _MOTTO.sub("|", " | ".join(header))
    # the name in capitals, as the header writes it ("À-Ỹ" holds small letters too: "UBND TP Đà Nẵng" in a page's
    # title would give "Đà Nẵ")
    match = next((m for m in _HEADER_ISSUER.finditer(text) if m["name"] == m["name"].upper()), None)
    if not match:
        return None, None
    name = " ".join(word[:1] + word[1:].lower() for word in match["name"].split())
    kind = "tỉnh" if match["kind"] == "TỈNH" else "thành phố"
    return name, f"UBND {kind} {name}"


def appendix_number_and_date(appendix_note: str) -> tuple[str | None, str | None]:
    """Number and date from "(Ban hành kèm theo Kế hoạch số 524 /KH-UBND ngày 28 / 4 /2026 ...)"."""
    number = document_number(appendix_note)
    match = re.search(r"ngày\s*(\d{1,2})\s*/\s*(\d{1,2})\s*/\s*(\d{4})", appendix_note)
    date = f"{int(match[1]):02d}/{int(match[2])}/{match[3]}" if match else None
    return number, date


def find_province(*texts: str) -> tuple[str | None, str | None]:
    """(province, issuer) from the place line, title or preamble."""
    for text in texts:
        for match in _PROVINCE.finditer(text or ""):
            kind, name = match.groups()
            name = re.split(r"\s+(?:ban|về|như|với|giai|năm|thực|trên)\b", name)[0]
            if kind == "thành phố" and name not in CITIES:
                continue
            return name, f"UBND {kind} {name}"
    return None, None


def issuer_for_place(place: str | None) -> tuple[str | None, str | None]:
    """(province, issuer) from the place of the place-date line."""
    place = _PLACE_PREFIX.sub("", place or "").strip()
    if not place:
        return None, None
    kind = "thành phố" if place in CITIES else "tỉnh"
    return place, f"UBND {kind} {place}"


def find_year(*texts: str | None) -> str | None:
    """The first four-digit year in the texts ("ngày tháng năm 2025", "ngày / /2026")."""
    for text in texts:
        match = re.search(r"\b(20\d\d|19\d\d)\b", text or "")
        if match:
            return match.group(1)
    return None


def find_period(title: str) -> str | None:
    """"2025-2030" or "2026" from the title."""
    match = _PERIOD.search(title)
    if not match:
        return None
    return f"{match[1]}-{match[2]}" if match[1] else match[3]


_AUTHORITY_SPLIT = re.compile(r"\s+(?=(?:TM|KT|Q|TL|TUQ)\.\s)")
_AUTHORITY_THEN_TITLE = re.compile(r"^((?:TM|KT|Q|TL|TUQ)\.\s+.+?)\s+(?=(?:PHÓ CHỦ TỊCH|CHỦ TỊCH|GIÁM ĐỐC|PHÓ GIÁM ĐỐC)\b)")
# A recipient line and a signature line side by side ("- Lưu: VT, KGVX. PHÓ CHỦ TỊCH"): the title ends the line.
_TEXT_THEN_TITLE = re.compile(r"^(?P<text>.*[a-zà-ỹđ;:,].*?)\s+(?P<title>(?:PHÓ CHỦ TỊCH|CHỦ TỊCH|GIÁM ĐỐC|PHÓ GIÁM ĐỐC))$")
_CAPS_THEN_NAME = re.compile(rf"^(.*?\S)\s+({_NAME})$")
# The signer's name beside a recipient line, after its ";" ("- Các sở, ban, ngành cấp tỉnh; Phùng Thành Vinh").
_RECIPIENT_THEN_NAME = re.compile(rf"^(?P<text>.*;)\s+(?P<title>{_NAME})$")


def _signature_parts(line: str) -> list[str]:
    """A signature block flattened into one line ("TM. ỦY BAN NHÂN DÂN KT. CHỦ TỊCH PHÓ CHỦ TỊCH Võ Thị Em",
    a table cell) → its lines: authorities, title, name."""
    parts: list[str] = []
    for part in _AUTHORITY_SPLIT.split(line.strip()):
        name = None if _PERSON.match(part) else _CAPS_THEN_NAME.match(part)
        if name and name[1].isupper():
            part, person = name[1], name[2]
        else:
            person = ""
        authority = _AUTHORITY_THEN_TITLE.match(part)
        beside = None if _AUTHORITY.match(part) else _TEXT_THEN_TITLE.match(part)
        if authority:
            parts.extend([authority[1], part[authority.end():]])
        else:
            parts.extend([beside["text"], beside["title"]] if beside else [part])
        parts.extend([person] if person else [])
    return parts


_RECIPIENT_LINE = re.compile(r"^(?:Nơi nhận|[-+•])")
_AUTHORITY_AT = re.compile(r"\s+(?=(?:TM|KT|Q|TL|TUQ)\.\s)")


def recipient_and_signature(line: str) -> tuple[str, str]:
    """A line of the recipient list with the signature block's line beside it (a two-column closing table
    read line by line: "Nơi nhận: TM. ỦY BAN NHÂN DÂN", "- Lưu: VT. PHÓ CHỦ TỊCH", "- Các sở, ngành; Phùng Thành Vinh")
    → (recipients, signature);
    (line, "") when nothing signs beside it."""
    if not _RECIPIENT_LINE.match(line):
        return line, ""
    authority = _AUTHORITY_AT.split(line, maxsplit=1)
    if len(authority) == 2:
        return authority[0], authority[1]
    title = _TEXT_THEN_TITLE.match(line)
    if title is None and (name := _RECIPIENT_THEN_NAME.match(line)) and not is_agency_name(name["title"]):
        title = name  # a person's name, not the next recipient ("…; Bộ Công Thương")
    return (title["text"], title["title"]) if title else (line, "")


def read_signature(lines: list[str]) -> tuple[str | None, str | None, str | None]:
    """(signer, signer_title, signing_authority) from the closing lines."""
    authority: list[str] = []
    title = signer = None
    for line in (part for raw in lines for part in _signature_parts(raw)):
        clean = re.sub(r"\s+[a-z]+$", "", line).strip()  # stray stamp words ("meau")
        if _AUTHORITY.match(clean):
            authority.append(clean)
        elif _TITLE_WORDS.match(clean) and clean.isupper():
            title = clean
        elif title and _PERSON.match(clean):
            signer = clean
            break
    return signer, title, " / ".join(authority) or None


@lru_cache(maxsize=1)
def _legal() -> re.Pattern[str]:
    """A cited document with its date and issuer when the plan gives them; an issuer ends before what the
    document is about, or before the next document cited ("… của Ban Thường vụ Tỉnh ủy và Kế hoạch số …")."""
    return re.compile(
        reference_pattern().pattern
        + r"(?:\s+ngày\s+(?P<date>\d{1,2}/\d{1,2}/\d{4}|\d{1,2}\s+tháng\s+\d{1,2}\s+năm\s+\d{4}))?"
        + r"(?:\s+của\s+(?P<issuer>[^,;.()]+?)(?=\s+(?:" + _ABOUT + r"|và\s+(?:"
        + kind_alternation() + r"))\b|[,;.()]|$))?"
    )


_ISSUING_ACT = re.compile(r"kèm theo\s*$", re.I)


def legal_bases(passages: list[tuple[str, str]], own_number: str | None = None) -> list[LegalBasis]:
    """Laws, decisions, resolutions and plans cited in (clause id, text) passages — the preamble and a
    decision's "Căn cứ …" lines — de-duplicated, in order. The act issuing the plan ("Ban hành kèm theo
    Quyết định số …", or the document's own number) is not a basis."""
    bases: list[LegalBasis] = []
    seen: set[str] = {own_number} if own_number else set()
    for clause_id, text in passages:
        bases += _cited(text, clause_id, seen)
    return bases


def _cited(preamble: str, clause_id: str, seen: set[str]) -> list[LegalBasis]:
    """The documents a passage cites as bases, in order (see `legal_bases`)."""
    # (start, keys, basis): a basis is new when its first key (its number, else its name) is; a law cited with its
    # number also claims its name, so a later mention by name alone is the same law, while an amending law of the
    # same name has a number of its own ("Luật Dược số 105/2016/QH13", "Luật Dược số 44/2024/QH15").
    found: list[tuple[int, tuple[str, ...], LegalBasis]] = []
    for match in _named().finditer(preamble):
        kind, number = match["kind"], match["number"] and clean_number(match["number"])
        if kind not in _NAMED_KINDS and not number:
            continue
        basis = LegalBasis(kind, number, _date(match["date"]) or match["year"], match["issuer"],
                           match.group(0).strip(), clause_id=clause_id)
        name = f"{kind} {match['name'].strip()}"
        found.append((match.start(), (number, name) if number else (name,), basis))
    for match in _legal().finditer(preamble):
        if _ISSUING_ACT.search(preamble[max(0, match.start() - 20):match.start()]):
            continue
        about = re.match(r"\s*(?:về|phê duyệt|ban hành)\s+([^;()]+?)(?=[;(]|,\s+(?:UBND|Ủy ban|[A-ZĐ])|\.\s|\.$|$)",
                         preamble[match.end():])
        subject = about.group(1).strip(" ,.") if about else None
        basis = LegalBasis(match["kind"], clean_number(match["number"]), _date(match["date"]), match["issuer"],
                           match.group(0).strip(), subject, clause_id)
        found.append((match.start(), (basis.number,), basis))
    bases: list[LegalBasis] = []
    for _, keys, basis in sorted(found, key=lambda item: item[0]):
        if keys[0] not in seen:
            seen.update(keys)
            bases.append(basis)
    return bases


def _date(written: str | None) -> str | None:
    """A cited date as d/m/yyyy, however written ("16 tháng 6 năm 2025", "16/ 6/2025")."""
    if written and "tháng" in written:
        return _date_from_words(written)
    return re.sub(r"\s+", "", written) if written else None
