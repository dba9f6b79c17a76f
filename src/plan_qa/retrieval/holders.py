"""Which indexed clauses belong to which body, so a question naming a body finds its clauses.

"Sở Ngoại vụ có nhiệm vụ gì", "Tỉnh đoàn được giao việc gì", "SCT phải báo cáo trước ngày nào":
the answer sits in the clauses a plan gives that body — its duty paragraphs ("3. Sở Ngoại vụ: …")
and the task rows it leads — whose words often share nothing with the rest of the question. The
bodies are the corpus's own: every duty holder and task lead the parser found, by its canonical
name (a department's bare "Công Thương" in a cell would match "ngành Công Thương"), folded, with a trailing place ("tỉnh", "Đắk Lắk") dropped so that "Công an
tỉnh Đồng Nai" in a question finds the duties of "Công an tỉnh".
"""

from __future__ import annotations

import re
from collections.abc import Iterable

from plan_qa.parsing import Plan
from plan_qa.text.places import all_province_names
from plan_qa.text.vietnamese import fold_diacritics

_LEADING = re.compile(r"^(?:de nghi |giao )?(?:cac )?")
_TRAILING = re.compile(r"(?: (?:tinh|thanh pho|tp))+$")
MIN_WORDS = 2  # a one-word key ("Sở") names no body


def _places() -> re.Pattern[str]:
    names = sorted({fold_diacritics(n).lower() for n in all_province_names()}, key=len, reverse=True)
    return re.compile(rf"(?: (?:{'|'.join(map(re.escape, names))}))+$")


_PLACES = _places()


def body_key(name: str) -> str:
    """Folded words of a body's name, without a leading "các"/"đề nghị" or a trailing place."""
    words = " ".join(re.findall(r"\w+", fold_diacritics(name).lower()))
    words = _LEADING.sub("", words)
    previous = None
    while previous != words:
        previous, words = words, _TRAILING.sub("", _PLACES.sub("", words))
    return words


class BodyClauses:
    """Body key → positions of the documents that body holds (its duties, the rows it leads)."""

    def __init__(self, plans: Iterable[Plan], positions: dict[str, int]) -> None:
        held: dict[str, set[int]] = {}
        for plan in plans:
            owners = [(d.clause_id, [d.agency]) for d in plan.duties]
            owners += [(row.clause_id, row.lead) for row in plan.tasks if len(row.lead) == 1]
            for clause_id, names in owners:
                if clause_id not in positions:
                    continue
                for key in {body_key(name) for name in names}:
                    if len(key.split()) >= MIN_WORDS:
                        held.setdefault(key, set()).add(positions[clause_id])
        self._held = held
        self._keys = sorted(held, key=len, reverse=True)

    def named(self, folded: str) -> list[str]:
        """Keys of the bodies a folded question names, longest first; a name inside a longer one is skipped."""
        padded = " " + " ".join(re.findall(r"\w+", folded)) + " "
        found: list[str] = []
        for key in self._keys:
            if f" {key} " in padded and not any(f" {key} " in f" {longer} " for longer in found):
                found.append(key)
        return found

    def positions(self, folded: str) -> set[int]:
        """Documents held by the bodies the folded question names."""
        return {p for key in self.named(folded) for p in self._held[key]}
