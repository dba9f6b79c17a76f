"""Agency renames and mergers of 2025 (`plan_qa/data/agency_renames.json`).

A question that names a body by its old name ("Sở TN&MT") is read as the body that
took over its work ("Sở Nông nghiệp và Môi trường"), and the answer says so.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache

from plan_qa.data import load_json


@dataclass(frozen=True)
class Rename:
    """An old body, the body that replaced it, and how."""

    old: str
    new: str
    note: str

    def sentence(self) -> str:
        """The Vietnamese line telling the user which body the question's name now means."""
        return f"{self.old} nay là {self.new} — {self.note}."


@lru_cache(maxsize=1)
def renames() -> dict[str, Rename]:
    """Old canonical name → its rename."""
    return {r["old"]: Rename(r["old"], r["new"], r["note"]) for r in load_json("agency_renames")["renames"]}


def old_abbreviations() -> dict[str, tuple[str, ...]]:
    """Abbreviations of the old bodies, for the agency normaliser."""
    return {name: tuple(aliases) for name, aliases in load_json("agency_renames")["abbreviations"].items()}
