"""Short forms of the bodies a corpus names, derived from the grammar of agency names.

Officials shorten a body's name to the initials of its content words: "Sở Khoa học và Công nghệ" →
"SKHCN", "Sở KH&CN", "S.KHCN", "So KHCN"; "Bộ Chỉ huy Quân sự tỉnh" → "BCHQS"; "Công an tỉnh" → "CA
tỉnh"; "Liên đoàn Lao động tỉnh" → "LĐLĐ" / "LDLD". Rather than list these one by one, every body the
loaded plans name gets its short forms here, so a body found only in a newly loaded plan is understood
by its initials too. Forms: the initials of every syllable (function words "và", "các", "của" … left out,
"và" also written "&"), with a trailing place word ("tỉnh", "thành phố", "Việt Nam") dropped, and for a
"Sở" the head written "Sở", "So", "S", "S." or left out. Compared folded, so diacritics do not matter.
"""

from __future__ import annotations

import re
from collections import defaultdict

from plan_qa.text.vietnamese import fold_diacritics

_FUNCTION = frozenset({"va", "cac", "cua", "ve"})  # "và", "các khu …", "của", "về"
_PLACE = ("tinh", "thanh pho", "tp", "viet nam", "huyen", "xa", "phuong")
_MIN_LETTERS = 2
# A short form in a question: capitals (with & . - inside), optionally after "Sở"/"So"/"S."
_WRITTEN = re.compile(r"(?<![\w&.])((?:s[oở]\s+|s\.\s*)?[A-ZĐ][A-ZĐ&.\-]*[A-ZĐ])(?![\w&])", re.IGNORECASE)


def _key(text: str) -> str:
    """A short form as compared: folded, lower case, without '&', '.', '-' or spaces."""
    return re.sub(r"[&.\-\s]", "", fold_diacritics(text).lower())


def short_forms(name: str) -> set[str]:
    """Compared keys of the usual short forms of one body's name (empty when the name is too short)."""
    words = re.findall(r"\w+", fold_diacritics(name).lower())
    stripped = True
    while stripped:  # "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh" → "UBMTTQ"; "Công an tỉnh" → "CA"
        stripped = False
        for place in _PLACE:
            tail = place.split()
            if len(words) > len(tail) and words[-len(tail):] == tail:
                words, stripped = words[:-len(tail)], True
    so = bool(words) and words[0] == "so"
    core = "".join(w[0] for w in (words[1:] if so else words) if w not in _FUNCTION)
    if len(core) < _MIN_LETTERS:
        return set()
    if not so:
        return {core}
    # a bare department code stands alone only from three letters on ("KHCN"; "TC" is too many things)
    return {"s" + core, "so" + core} | ({core} if len(core) > _MIN_LETTERS else set())


class Initialisms:
    """The bodies of one corpus by their short forms (a form shared by two bodies is dropped)."""

    def __init__(self, names: set[str]) -> None:
        owners: dict[str, set[str]] = defaultdict(set)
        for name in names:
            for form in short_forms(name):
                owners[form].add(name)
        self._bodies = {form: next(iter(found)) for form, found in owners.items() if len(found) == 1}

    def find(self, text: str) -> list[str]:
        """Bodies a question names by a short form ("SKHCN", "Sở TC", "S.TC", "CA tỉnh", "LĐLĐ")."""
        found: list[str] = []
        for match in _WRITTEN.finditer(text):
            written = match.group(1)
            letters = re.sub(r"^(s[oở]\s+|s\.\s*)", "", written, flags=re.IGNORECASE)
            if not letters.isupper():  # "so" alone or an ordinary word
                continue
            prefixed = written[: len(written) - len(letters)]
            keys = [_key(prefixed + letters)] + ([_key("s" + letters)] if prefixed else [])
            body = next((self._bodies[k] for k in keys if k in self._bodies), None)
            if body and body not in found:
                found.append(body)
        return found
