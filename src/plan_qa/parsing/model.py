"""Data model of a parsed plan: metadata, clauses, appendix task rows and duties.

Everything is a plain dataclass so that a `Plan` round-trips through JSON
(`Plan.to_dict()` / `Plan.from_dict()`), which is how indexes store it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass, field
from typing import Any

from plan_qa.parsing.grammar import time_column


@dataclass
class LegalBasis:
    """A legal document cited by the plan (decision, resolution, law...)."""

    kind: str  # "Quyết định", "Nghị quyết", "Luật", "Kế hoạch", "Chỉ thị"...
    number: str | None  # e.g. "1894/QĐ-TTg"; None for laws without a number
    date: str | None  # as d/m/yyyy, e.g. "04/9/2025"
    issuer: str | None  # e.g. "Thủ tướng Chính phủ"
    text: str  # the citation as written
    subject: str | None = None  # what it is about ("về …"), to recognise a cited plan
    clause_id: str | None = None  # the clause that cites it (the preamble, or a decision's "Căn cứ …")


@dataclass
class PlanMetadata:
    """Front-matter facts of a plan. Unknown values stay None, never invented."""

    plan_id: str
    source: str  # file name the plan was parsed from
    title: str
    issuer: str | None  # e.g. "UBND tỉnh Đồng Tháp"
    province: str | None  # e.g. "Đồng Tháp"
    number: str | None  # e.g. "524/KH-UBND"; None when the text leaves it blank
    number_text: str | None  # the number line as written, e.g. "Số: /KH-UBND"
    issue_date: str | None  # d/m/yyyy, None when blank
    issue_date_text: str | None  # the place-date line as written
    issue_year: str | None  # the year alone when only the year is filled in
    period: str | None  # e.g. "2025-2030" or "2026"
    signer: str | None
    signer_title: str | None  # e.g. "PHÓ CHỦ TỊCH"
    signing_authority: str | None  # e.g. "TM. ỦY BAN NHÂN DÂN / KT. CHỦ TỊCH"
    legal_bases: list[LegalBasis] = field(default_factory=list)
    kind: str | None = None  # "kế hoạch", "quyết định ban hành kế hoạch", "thông báo"…


@dataclass
class Clause:
    """One unit of the plan's outline; the unit of retrieval and citation.

    `text` keeps the plan's wording (cleaned of extraction noise only);
    `headings` are the titles of the enclosing sections, outermost first.
    """

    id: str  # stable, e.g. "004:V.1.b2" or "004:PL.r4"
    plan_id: str
    kind: str  # "section" | "item" | "lettered" | "bullet" | "paragraph" | "preamble" | "task_row" | "closing"
    locator: str  # human locator, e.g. "V.1, gạch đầu dòng 2" or "Phụ lục, dòng 4"
    path: list[str]  # outline path, e.g. ["V", "1", "-2"]
    headings: list[str]
    text: str
    is_heading: bool = False  # True when the clause only titles its children


@dataclass
class TaskRow:
    """One assignment of a task to a lead body: a task-table row or an inline block under a task."""

    plan_id: str
    province: str | None
    row: int  # TT
    group: str | None  # the Roman-numbered group heading above the row
    task: str
    lead: list[str]  # canonical agency names
    lead_text: str  # as written
    coordinators: list[str]
    coordinators_text: str
    timeline: str | None
    unit: str | None = None
    quantity: str | None = None
    locator: str = ""
    clause_id: str = ""
    number: str = ""  # the row's TT / item number as printed ("1", "1.2", "a")
    shape: str = "table"  # "table" (a table row) or "inline" ("Đơn vị chủ trì: …" under the task)
    extra: dict[str, str] = field(default_factory=dict)  # other columns as written: kết quả, kinh phí…

    @property
    def span(self) -> str | None:
        """When the task runs: its timeline (the deadline), opened by its start when a column of its own gave
        one ("Thời gian bắt đầu": "10/2026 - 2030"); the timeline alone otherwise."""
        start = next((value for key, value in self.extra.items() if time_column("start").search(key)), None)
        return f"{start} - {self.timeline}" if start and self.timeline else self.timeline


@dataclass
class Duty:
    """One duty given to an agency: an item of a duty section ("Tổ chức thực hiện", "Phân công
    nhiệm vụ", "Trách nhiệm …", "Kinh phí") or an article of a decision."""

    plan_id: str
    province: str | None
    agency: str  # canonical name of the agency heading
    agency_text: str  # heading as written
    role: str  # "chủ trì" | "phối hợp" | "thực hiện" | "tham mưu"
    text: str
    other_agencies: list[str]
    locator: str
    clause_id: str


@dataclass
class Plan:
    """A parsed plan: metadata, clause outline, task rows and duties."""

    metadata: PlanMetadata
    clauses: list[Clause]
    tasks: list[TaskRow]
    duties: list[Duty]
    unplaced: list[str] = field(default_factory=list)  # text the parser could not place
    placed_share: float | None = None  # share of the body's words that landed in some clause
    chrome_lines: int = 0  # lines of website chrome (menus, login notices, share buttons) dropped
    abbreviations: dict[str, str] = field(default_factory=dict)  # short forms the plan defines → full names

    @property
    def plan_id(self) -> str:
        return self.metadata.plan_id

    def clause(self, clause_id: str) -> Clause:
        """Return the clause with this id (KeyError if absent)."""
        for clause in self.clauses:
            if clause.id == clause_id:
                return clause
        raise KeyError(clause_id)

    def to_dict(self) -> dict[str, Any]:
        return asdict(self)

    @classmethod
    def from_dict(cls, data: dict[str, Any]) -> "Plan":
        meta = dict(data["metadata"])
        meta["legal_bases"] = [LegalBasis(**b) for b in meta.get("legal_bases", [])]
        return cls(
            metadata=PlanMetadata(**meta),
            clauses=[Clause(**c) for c in data["clauses"]],
            tasks=[TaskRow(**t) for t in data["tasks"]],
            duties=[Duty(**d) for d in data["duties"]],
            unplaced=list(data.get("unplaced", [])),
            placed_share=data.get("placed_share"),
            chrome_lines=data.get("chrome_lines", 0),
            abbreviations=dict(data.get("abbreviations", {})),
        )
