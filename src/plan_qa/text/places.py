"""Province names in a question: today's 34 provinces, their aliases, and the provinces merged in 2025.

Data: `plan_qa/data/provinces.json`. A question naming an old province ("Bình Dương") is read as
the province that absorbed it ("Hồ Chí Minh"), and the mention is kept so the answer can say so.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from plan_qa.data import load_json
from plan_qa.text.vietnamese import fold_diacritics


@dataclass(frozen=True)
class ProvinceMention:
    """A province named in a question: where, as which name, and the merged-away name if any."""

    position: int
    province: str  # the province today
    written: str  # the name or alias as the question writes it (folded)
    merged_from: str | None = None  # the pre-2025 province the question named


def _key(text: str) -> str:
    return " ".join(re.findall(r"\w+", fold_diacritics(text).lower()))


@lru_cache(maxsize=1)
def _names() -> list[tuple[str, str, str | None]]:
    """(folded key, province today, old province) for every name, longest keys first."""
    data = load_json("provinces")
    names: list[tuple[str, str, str | None]] = []
    for province, entry in data["provinces"].items():
        names.append((_key(province), province, None))
        names += [(_key(alias), province, None) for alias in entry["aliases"]]
        for old in entry["merged"]:
            names.append((_key(old), province, old))
            names += [(_key(alias), province, old) for alias in data["old_aliases"].get(old, [])]
    return sorted(names, key=lambda item: -len(item[0]))


def province_mentions(folded: str) -> list[ProvinceMention]:
    """Provinces a folded, lower-cased text names, in order; a longer name hides the names inside it."""
    padded = f" {_key(folded)} "
    taken: list[tuple[int, int]] = []
    found: list[ProvinceMention] = []
    for key, province, old in _names():
        start = padded.find(f" {key} ")
        while start >= 0:
            end = start + len(key) + 1
            if not any(a < end and start < b for a, b in taken):
                taken.append((start, end))
                if not any(m.province == province for m in found):
                    found.append(ProvinceMention(start, province, key, old))
                break
            start = padded.find(f" {key} ", start + 1)
    return sorted(found, key=lambda m: m.position)


def all_province_names() -> list[str]:
    """Every province name, today's and merged-away ones (for phrases that name a place)."""
    data = load_json("provinces")
    return [*data["provinces"], *(old for entry in data["provinces"].values() for old in entry["merged"])]
