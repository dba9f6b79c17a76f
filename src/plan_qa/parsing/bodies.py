"""Public bodies by their grammar: whether a phrase names a body, which bodies a duty sentence or a lead
cell is addressed to, how a list of bodies splits, and the shares of a target split among bodies.

The vocabulary (head nouns, office titles, plural determiners, collective nouns, request words, verbs)
lives in `plan_qa/data/plan_grammar.json`; the canonical-name table of `plan_qa.agencies` refines known
variants and is never the gate.
"""

from __future__ import annotations

import re
from functools import lru_cache

from plan_qa.agencies import DEPARTMENTS, OTHER_BODIES, known_name_end, parse_agency_list
from plan_qa.parsing.grammar import alternation, cell_roles, grammar

# PDF text joins a heading to the sentence under it: "… trên địa bàn Chủ trì, phối hợp …".
_SENTENCE_UNDER = re.compile(r"(?<=[a-zà-ỹđ])\s+(?=(?:Chủ trì|Phối hợp|Tham mưu|Thực hiện|Triển khai|Chủ động|Căn cứ|Có trách nhiệm)\b)")
# An adjunct opening a duty sentence before its subject: a ground ("Căn cứ …,") or a time ("Định kỳ 6 tháng, các
# cơ quan, đơn vị báo cáo …", n3_da-nang of blind set s12; "Hằng năm, Sở Y tế …").
_INTRO = re.compile(r"^(?:Căn cứ|Trên cơ sở|Trong quá trình|Theo|Để|Định kỳ|Hằng|Hàng (?:năm|quý|tháng|tuần)|Trước ngày)\b[^,:]*,\s*")
_CLAUSES = re.compile(r"\s*;\s*")
_LIST_SEPARATOR = re.compile(r"(?:,|;|\s+và)\s+")
# "các sở: Tài chính, Xây dựng …": a collective head whose members follow a colon.
_DISTRIBUTIVE = re.compile(r"^[Cc]ác [Ss]ở\s*(?=:)")
# "1.2. Sở Tài chính - Cơ quan thường trực Ban Chỉ đạo": the part after the dash is the body's role.
_ROLE_APPOSITION = re.compile(r"\s+[-–]\s+[Cc]ơ quan (?:thường trực|đầu mối|chủ trì)\b.*$", re.S)
_HOLDER_MAX_WORDS = 15


@lru_cache(maxsize=1)
def _subject_end() -> re.Pattern[str]:
    """A verb (or an adjunct: "trong phạm vi …", "theo …") ends the subject; "các tổ chức" and
    ", tổ chức" are nouns in a list, not the verb."""
    verbs = "|".join(grammar()["sentences"]["verbs"])
    asides = alternation(grammar()["sentences"]["subject_asides"])
    return re.compile(rf"(?<!các)(?<!,)\s+(?:{verbs}|cùng|trong|theo|tại|để|nhằm|được)\b|,\s+(?:{asides})\b")


@lru_cache(maxsize=1)
def _predicate() -> re.Pattern[str]:
    """Only a verb ends the bodies of a lead cell: "Sở Nội vụ, các sở trong phạm vi …, và các cơ quan …" lists on."""
    verbs = "|".join(grammar()["sentences"]["verbs"])
    return re.compile(rf"(?<!các)(?<!,)\s+(?:{verbs})\b")


@lru_cache(maxsize=1)
def _request() -> re.Pattern[str]:
    """The words opening a sentence handed to a body, not part of its name ("Đề nghị:", "Khuyến khích",
    "Trách nhiệm của")."""
    words = grammar()["sentences"]["requests"] + grammar()["sentences"]["holder_markers"]
    return re.compile(rf"^(?:{alternation(words)})\s*:?\s+", re.I)


@lru_cache(maxsize=1)
def _holder_marker() -> re.Pattern[str]:
    """"Trách nhiệm của X": X is the holder whatever its head noun."""
    return re.compile(rf"^(?:{alternation(grammar()['sentences']['holder_markers'])})\s+", re.I)


@lru_cache(maxsize=1)
def _membership() -> re.Pattern[str]:
    return re.compile(grammar()["sentences"]["membership"], re.I)


@lru_cache(maxsize=1)
def _office() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(grammar()['agency_heads']['office_titles'])})\b")


@lru_cache(maxsize=1)
def _plural() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(grammar()['agency_heads']['plural_determiners'])})\s+", re.I)


@lru_cache(maxsize=1)
def _collective() -> re.Pattern[str]:
    nouns = alternation(sorted(grammar()["agency_heads"]["collective_nouns"], key=len, reverse=True))
    return re.compile(rf"^(?:{nouns})\b", re.I)


def lone_noun(text: str) -> bool:
    """One common noun with neither determiner nor words of its own ("đơn vị", "Hội", "Thủ trưởng"):
    it names no addressee ("Các cơ quan, đơn vị, địa phương" does: every one of them)."""
    return "," not in text and _plural().sub("", text) == text and is_bare_collective(text)


def _standalone(piece: str) -> bool:
    """"Các sở": a bare noun that names a closed class of bodies and stands alone in a list."""
    return _plural().sub("", piece.strip(" ,")).lower() in grammar()["agency_heads"]["standalone_collectives"]


def is_bare_collective(text: str) -> bool:
    """Common nouns of bodies with no words of their own ("các cơ quan", "Đơn vị", "Hội", "Các Sở, ngành",
    "Thủ trưởng"): never a body by themselves, only the head of a group or an office."""
    for part in text.strip(" ,.;:").split(","):
        name = _plural().sub("", part.strip())
        match = _collective().match(name) or _office().match(name)
        if not match or match.end() != len(name):
            return False
    return True


@lru_cache(maxsize=1)
def _agency_head() -> re.Pattern[str]:
    return re.compile(rf"^(?:{alternation(grammar()['agency_heads']['patterns'])})")


@lru_cache(maxsize=1)
def _body_anywhere() -> re.Pattern[str]:
    return re.compile(rf"(?<![\wÀ-ỹ])(?:{alternation(grammar()['agency_heads']['patterns'])})")


@lru_cache(maxsize=1)
def _renamed() -> re.Pattern[str]:
    words = grammar()["renamed"]
    return re.compile(rf"\s*\(\s*(?:(?:{alternation(words['now'])})\s+(?P<new>[^()]+?)|(?:{alternation(words['formerly'])})\b[^()]*)\s*\)")


def current_names(text: str) -> str:
    """The text with each body renamed in a parenthesis written under its current name only:
    "Chi cục Thủy sản (nay là Chi cục Chăn nuôi, Thú y và Thủy sản) chủ trì" → "Chi cục Chăn nuôi, Thú y
    và Thủy sản chủ trì"; a parenthesis recalling a former name or duties taken over is dropped."""
    for match in reversed(list(_renamed().finditer(text))):
        before, after = text[:match.start()], text[match.end():]
        if match["new"] is None:
            text = before + after
            continue
        old = next((m.start() for m in _body_anywhere().finditer(before)
                    if ". " not in before[m.start():] and len(split_bodies(before[m.start():])) == 1
                    and is_agency_name(before[m.start():])), None)
        if old is not None:
            text = before[:old] + match["new"].strip() + after
    return text


def names_body(text: str) -> bool:
    """Whether a text names a public body anywhere (a body's head noun opening a word run)."""
    return bool(_body_anywhere().search(text))


def is_agency_name(text: str) -> bool:
    """True when the text reads as the name of a public body (or a list of them), not a sentence;
    a plural ("Các Trường Đại học …", "các chủ đầu tư …") when the noun after its determiner does."""
    name = _request().sub("", text.strip(" .:;,-–"))
    name = "C" + name[1:] if name.startswith("các ") else name
    words = name.split()
    if not words or len(words) > grammar()["agency_heads"]["max_words"]:
        return False
    if _reads_as_body(name):
        return True
    while (lead := re.match(r"^([^,]+),\s+", name)) and is_bare_collective(lead[1]):
        name = name[lead.end():]  # "Hội, hiệp hội xã hội nghề nghiệp": read the last of the nouns
        if _reads_as_body(name) or _reads_as_body("Các " + name):
            return True
    return False


def _reads_as_body(name: str) -> bool:
    """The name opens with a body's head noun, itself or after a plural determiner."""
    if _agency_head().match(name):
        return True
    single = _plural().sub("", name)
    return single != name and bool(single and _agency_head().match(single[:1].upper() + single[1:]))


def _marked_holder(text: str) -> str | None:
    """The holder a heading names after "Trách nhiệm của" — the whole noun phrase, up to its colon or
    a parenthesis ("Trách nhiệm của các cơ quan quản lý cấp trên (bao gồm …):")."""
    marker = _holder_marker().match(text.strip())
    if not marker:
        return None
    holder = re.split(r"\s*[:(]", text.strip()[marker.end():], maxsplit=1)[0].strip(" .;,")
    if not holder or len(holder.split()) > _HOLDER_MAX_WORDS:
        return None
    return holder[:1].upper() + holder[1:]


def _subject_text(text: str) -> str:
    """The words before the verb of a duty item: "Sở Y tế" of "Sở Y tế: …" or of "Sở Y tế chủ trì, …"."""
    text = _request().sub("", text.strip())
    head = text.split(":", 1)[0] if ":" in text[:200] else text
    head = _SENTENCE_UNDER.split(head, maxsplit=1)[0]
    if _INTRO.match(head):
        head = _INTRO.sub("", head)
        head = head[:1].upper() + head[1:]
    subject = _at_known_end(_at_place_end(_request().sub("", _subject_end().split(head, maxsplit=1)[0].strip(" ,.;:"))))
    return "C" + subject[1:] if subject.startswith("các ") else subject


def _at_place_end(subject: str) -> str:
    """A body's name ends with its level of government, "tỉnh" / "thành phố" and the proper name after it ("tỉnh
    Tây Ninh"): a lower-case word after it opens the predicate, whatever verb it is ("Ban Quản lý Khu kinh tế tỉnh
    cấp phép …", a verb no closed list holds)."""
    words = subject.split(" ")
    for index, word in enumerate(words):
        if word == "tỉnh" or (word == "phố" and index and words[index - 1].lower() == "thành"):
            end = index + 1
            while end < len(words) and words[end][:1].isupper():
                end += 1
            if end < len(words) and words[end][:1].islower() and words[end] not in ("và", "cùng") \
                    and not words[end - 1].endswith(","):
                return " ".join(words[:end])
    return subject


# Lower-case words that carry a known body's name on: another body ("và", "cùng"), its level of government ("tỉnh",
# "thành phố", "cấp tỉnh", "thuộc tỉnh", "trực thuộc")
_NAME_GOES_ON = re.compile(r"^(?:và|cùng|tỉnh|thành phố|cấp (?:tỉnh|thành phố|xã|huyện)|(?:trực )?thuộc)(?!\w)")


@lru_cache(maxsize=1)
def _sector() -> re.Pattern[str]:
    """A sector named by a department's field ("ngành y tế", "ngành giáo dục", "các ngành Công Thương, Xây dựng"):
    its name ends with the field, the whole field or its first part before "và" or a comma."""
    fields = {part for aliases in DEPARTMENTS.values() for part in (aliases[0], re.split(r",| và ", aliases[0])[0])}
    names = alternation(sorted(fields, key=len, reverse=True))
    return re.compile(rf"^(?:[Cc]ác )?[Nn]gành\s+(?:{names})(?![\wÀ-ỹ])", re.I)


def _name_end(text: str) -> int:
    """Where a known body's name (`known_name_end`) or a sector's (`_sector`) opening the text ends; 0 when none."""
    sector = _sector().match(text)
    return known_name_end(text) or (sector.end() if sector else 0)


_JOINS_ANOTHER = re.compile(r",?\s+(?:và|cùng)\s+|,\s+")


def _at_known_end(subject: str) -> str:
    """A known body's name (the canonical table) ends where it ends, with any capitalised proper name written
    after it: a lower-case word after it opens the predicate,
    whatever verb it is ("Sở Y tế cấp phép …", "Sở Nội vụ bồi dưỡng …", verbs no closed list holds), unless it
    joins another body ("và", "cùng", a list going on after a comma) or names the level of government ("tỉnh",
    "cấp tỉnh": `_at_place_end`)."""
    end = _name_end(subject)
    while end and (joined := _JOINS_ANOTHER.match(subject, end)) and (more := _name_end(subject[joined.end():])):
        end = joined.end() + more  # "Sở Y tế và Sở Tài chính cấp phép …": the list of known names goes on
    words = subject[end:].split()
    if not end or not words or subject[end - 1] == "," or subject[end:end + 1] not in (" ", ""):
        return subject
    named = 0
    while named < len(words) and words[named][:1].isupper():
        named += 1
    following = words[named] if named < len(words) else ""
    if following[:1].islower() and not _NAME_GOES_ON.match(" ".join(words[named:named + 3])) \
            and not following.endswith(",") and not (named and words[named - 1].endswith(",")):
        return " ".join([subject[:end], *words[:named]])
    return subject


def agency_subject(text: str) -> str | None:
    """The body a duty item is written to: "Sở Y tế: …", "Đề nghị Công an tỉnh: …", or the subject
    of "Sở Y tế chủ trì, phối hợp …". None when the item does not open with a body's name."""
    subject = _subject_text(text)
    return subject if is_agency_name(subject) else None


def agency_subjects(text: str) -> list[str]:
    """Every body a duty item is written to, in order: one ("Sở Y tế chủ trì …"), or each body of a
    list the sentence hands its duty to ("Đề nghị Ủy ban MTTQ tỉnh, Công an tỉnh, … phối hợp …",
    "Giao các sở: Tài chính, Xây dựng chủ trì …"). Empty when the item does not open with a body."""
    text = _ROLE_APPOSITION.sub("", current_names(text))
    # A heading that ends listing its members: "Các cơ quan tham mưu … (gồm các Sở: Xây dựng, Công Thương)".
    members = _membership().search(text.strip(" .:;"))
    if members and members.end() == len(text.strip(" .:;")):
        named = [n for n in parse_agency_list(members["members"]) if n in DEPARTMENTS or n in OTHER_BODIES or is_agency_name(n)]
        if named:
            return named
    marked = _marked_holder(text)
    if marked and is_agency_name(marked):
        return [marked]
    distributed = _DISTRIBUTIVE.match(_request().sub("", text.strip()))
    if distributed:
        rest = text.strip()[text.strip().index(":") + 1:]
        names = parse_agency_list(distributed.group(0) + ": " + _subject_end().split(rest, maxsplit=1)[0].strip(" ,.;"))
        if len(names) > 1 and all(is_agency_name(n) for n in names):
            return names
    subject = _subject_text(text)
    # Addressees parted by ";" ("các sở, ban, ngành, đoàn thể tỉnh; UBND các phường, xã; các đơn vị liên
    # quan") are each a holder, whatever each part holds.
    parts = [part[:1].upper() + part[1:] for part in _CLAUSES.split(subject) if part.strip(" ,.")]
    if len(parts) > 1 and all(is_agency_name(part) for part in parts):
        return parts
    # A list opening with a collective ("Các sở, ban, ngành và UBND các xã") is one addressee: everyone.
    pieces = [] if subject.startswith("Các ") else split_bodies(subject)
    if len(pieces) > 1 and all(is_agency_name(p) for p in pieces):
        return pieces
    return [subject] if is_agency_name(subject) and not lone_noun(subject) else []


def _opens_body(text: str) -> bool:
    """True when the text starts with the head noun of a public body (whatever follows); a body
    met inside a list may be written in lower case ("…, cơ quan thông tấn báo chí")."""
    text = text[:1].upper() + text[1:]
    return bool(_agency_head().match(text))


def split_bodies(text: str) -> list[str]:
    """Split a run of unknown body names at ",", ";" or "và" where the next piece opens a new body
    ("Liên đoàn Lao động tỉnh, Hội Nông dân tỉnh và Tỉnh đoàn"); other separators stay inside a name
    ("Báo và Phát thanh, Truyền hình tỉnh") or inside parentheses ("Các doanh nghiệp (VNPT, Viettel và doanh nghiệp khác)")."""
    pieces: list[str] = []
    cursor = 0
    for match in _LIST_SEPARATOR.finditer(text):
        piece = text[cursor : match.start()]
        rest = text[match.end():]
        if match.group(0).startswith(",") and is_bare_collective(piece) and not _standalone(piece) \
                and _collective().match(_plural().sub("", rest)):
            continue  # "các cơ quan, đơn vị liên quan": nouns sharing the words after the last one
        if _opens_body(rest) and piece.strip() and piece.count("(") == piece.count(")"):
            pieces.append(text[cursor : match.start()].strip())
            cursor = match.end()
    pieces.append(text[cursor:].strip())
    return [p for p in pieces if p]


def cell_parts(cell: str) -> tuple[str, str]:
    """(bodies, the rest) of a lead or coordinators cell. A cell that runs on into a sentence
    ("Sở Nội vụ chủ trì tham mưu …; Sở Tư pháp và các sở, ban, ngành chủ động tổ chức …") keeps,
    clause by clause, the subject before its verb; the predicates are the rest ("" for a list of names)."""
    names: list[str] = []
    rest: list[str] = []
    for clause in _CLAUSES.split(cell.strip()):
        clause = clause.strip(" ,.")
        subject = _predicate().split(clause, maxsplit=1)[0].strip(" ,.")
        if subject and subject != clause and _opens_body(subject):
            names.append(subject)
            rest.append(clause[len(subject):].strip(" ,."))
        elif clause:
            names.append(clause)
    return "; ".join(names), "; ".join(rest)


_COORDINATING = re.compile(r"^(?:cùng\s+)?phối hợp\b", re.I)


def coordinating_clauses(cell: str) -> str:
    """The bodies of a cell's clauses whose verb is "phối hợp": "Công an tỉnh chủ trì; Ban Quản lý …
    phối hợp" → "Ban Quản lý …" (they coordinate, whatever label the cell has)."""
    return "; ".join(name for clause in _CLAUSES.split(cell.strip())
                     for name, rest in [cell_parts(clause)] if name and _COORDINATING.match(rest))


def leading_clauses(cell: str) -> str:
    """The cell without its coordinating clauses (see `coordinating_clauses`)."""
    return "; ".join(clause for clause in _CLAUSES.split(cell.strip())
                     if clause.strip() and not _COORDINATING.match(cell_parts(clause)[1]))


_COORDINATES_WITH = re.compile(r"\bphối hợp(?:\s+với)?\s+", re.I)


def coordinators_in_sentence(lead_cell: str) -> str:
    """The bodies a lead written as a sentence coordinates with: "Sở Nội vụ chủ trì, phối hợp với các sở,
    ban, ngành và các đơn vị có liên quan tham mưu …" → "các sở, ban, ngành và các đơn vị có liên quan"."""
    found = _COORDINATES_WITH.search(lead_cell)
    if not found:
        return ""
    rest = _CLAUSES.split(lead_cell[found.end():], maxsplit=1)[0]
    if _predicate().match(" " + rest):
        return ""  # "phối hợp hướng dẫn …": the verb phrase goes on, no body is named
    return _predicate().split(rest, maxsplit=1)[0].strip(" ,.")


_ROLE_MARK = re.compile(r"\s*\((?P<role>(?:cơ quan |đơn vị )?(?:chủ trì|đầu mối|thường trực)(?: thực hiện)?|(?:cùng )?phối hợp(?: thực hiện)?)\)\s*$", re.I)


def marked_roles(cell: str) -> tuple[str, str] | None:
    """(leads, coordinators) of a cell naming the bodies of a task with their role in parentheses — "Sở X
    (chủ trì); Ủy ban nhân dân các xã", "Sở X (chủ trì), Sở Tài chính (phối hợp)": the bodies marked as leading
    lead, the others coordinate. None when no body is marked as leading."""
    leads: list[str] = []
    others: list[str] = []
    for clause in _CLAUSES.split(cell.strip(" .;")):
        for piece in split_bodies(clause):
            mark = _ROLE_MARK.search(piece)
            name = piece[:mark.start()] if mark else piece
            leading = bool(mark) and "phối hợp" not in mark["role"].lower()
            (leads if leading else others).append(name.strip(" ,;"))
    return ("; ".join(leads), "; ".join(n for n in others if n)) if leads else None


def lead_and_coordinators(lead_cell: str, coordinators_cell: str = "") -> tuple[str, str]:
    """The lead and coordinators of a task from its lead cell (or label) and coordinators cell: a lead cell may
    name its coordinators too — roles in parentheses ("Sở X (chủ trì); Sở Y"), a coordinating clause ("Công an
    tỉnh chủ trì; Ban Quản lý … phối hợp"), a sentence ("Sở X chủ trì, phối hợp với Sở Y") or labels ("Chủ trì: Sở X
    Phối hợp: Sở Y")."""
    labelled = cell_roles(lead_cell)
    if labelled.get("lead"):
        return labelled["lead"], coordinators_cell or labelled.get("coordinators", "")
    marked = marked_roles(lead_cell)
    if marked:
        lead, named = marked
        return lead, coordinators_cell or named
    coordinating = coordinating_clauses(lead_cell)
    coordinators = coordinators_cell or coordinators_in_sentence(lead_cell) or coordinating
    return (leading_clauses(lead_cell) if coordinating else lead_cell), coordinators


@lru_cache(maxsize=1)
def _breakdown() -> re.Pattern[str]:
    return re.compile(grammar()["outline"]["breakdown"], re.I)


def breakdown_bodies(text: str) -> tuple[list[str], str]:
    """(bodies, shares as written) of a target split among bodies ("58 trạm (Trong đó: VNPT: 25 trạm,
    Viettel: 33 trạm)"); empty when the text splits no target or names something else than bodies."""
    found = _breakdown().search(text)
    if not found:
        return [], ""
    shares = [share.strip() for share in re.split(r"[,;]\s*", found["shares"]) if share.strip()]
    pairs = [share.split(":", 1) for share in shares]
    if not pairs or any(len(p) != 2 or not p[1].strip()[:1].isdigit() or not is_agency_name(p[0]) for p in pairs):
        return [], ""
    return [p[0].strip() for p in pairs], found["shares"].strip()


def assignment_notes(lead_cell: str, coordinators_cell: str) -> dict[str, str]:
    """What the lead and coordinators cells say besides their bodies, kept as extra fields of the row."""
    notes = {"lead_note": cell_parts(lead_cell)[1], "coordinators_note": cell_parts(coordinators_cell)[1]}
    return {key: value for key, value in notes.items() if value}


def _trim(name: str) -> str:
    """A listed name without separators at its ends nor a parenthesis left open or unopened by the split
    ("Trung tâm Dịch vụ việc làm (" of "Trung tâm Dịch vụ việc làm (Sở Nội vụ)")."""
    name = name.strip(" ,;.").removesuffix("(").rstrip()
    return name.removeprefix(")").lstrip() if name.count(")") > name.count("(") else name


def _listed_body(piece: str) -> str | None:
    """A body named in a lead or coordinators cell: a name that reads as a body, or several
    common nouns of bodies listed together ("báo, đài": the newspapers and broadcasters), which in
    such a cell name a group of bodies even with no words of their own."""
    if named := agency_subject(piece):
        return named
    return piece if "," in piece and is_bare_collective(piece) else None


def agency_list(cell: str) -> list[str]:
    """Bodies named in a lead/coordinators cell: canonical names, plus unknown names that read
    as bodies; words that are not a body ("thúc đẩy, theo dõi, báo cáo chỉ tiêu") and the sentence
    a cell runs on into are left out."""
    names: list[str] = []
    for name in parse_agency_list(cell_parts(current_names(cell))[0]):
        if name in DEPARTMENTS or name in OTHER_BODIES:
            candidates: list[str | None] = [name]
        else:
            candidates = [_listed_body(piece[:1].upper() + piece[1:]) for piece in split_bodies(re.sub(r"\s+và$", "", _trim(name)))]
        for kept in candidates:
            if kept and kept not in names:
                names.append(kept)
    return names
