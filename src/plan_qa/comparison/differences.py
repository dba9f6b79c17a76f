"""What differs between two matched tasks: lead, coordinators, timeline.

Agencies are compared by canonical name as sets (order is not a difference).
Names are province-independent, so "Ban Quản lý các khu công nghệ cao và khu
công nghiệp" of Hà Nội and of Đồng Tháp compare equal as a kind of body; when
the tasks belong to different provinces the pair carries a note saying so.
Timelines are compared after light normalisation: case, spacing, "Hằng
năm"/"Hàng năm", "Quý I- IV/2026"/"Quý I-IV/2026" are the same.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Any, Literal

from plan_qa.comparison.tasks import TaskItem
from plan_qa.parsing.timelines import normalize_timeline

Field = Literal["lead", "coordinators", "timeline"]
FIELD_LABELS: dict[str, str] = {"lead": "Chủ trì", "coordinators": "Phối hợp", "timeline": "Thời gian"}


@dataclass(frozen=True)
class Difference:
    """One field that differs: both values as written, and for agencies what only one side has."""

    field: Field
    a: str
    b: str
    only_a: tuple[str, ...] = ()
    only_b: tuple[str, ...] = ()

    @property
    def label(self) -> str:
        return FIELD_LABELS[self.field]

    def describe(self) -> str:
        """One Vietnamese sentence: "Chủ trì: A ≠ B (chỉ bên A: …; chỉ bên B: …)"."""
        parts = [f"chỉ bên A: {', '.join(self.only_a)}" if self.only_a else "",
                 f"chỉ bên B: {', '.join(self.only_b)}" if self.only_b else ""]
        detail = "; ".join(p for p in parts if p)
        return f"{self.label}: {self.a} ≠ {self.b}" + (f" ({detail})" if detail else "")

    def to_dict(self) -> dict[str, Any]:
        data = asdict(self)
        data["only_a"] = list(self.only_a)
        data["only_b"] = list(self.only_b)
        data["label"] = self.label
        data["description"] = self.describe()
        return data


def _agencies(field: Field, a: tuple[str, ...], b: tuple[str, ...]) -> Difference | None:
    if set(a) == set(b):
        return None
    return Difference(
        field=field,
        a="; ".join(a) or "(không ghi)",
        b="; ".join(b) or "(không ghi)",
        only_a=tuple(x for x in a if x not in b),
        only_b=tuple(x for x in b if x not in a),
    )


def task_differences(a: TaskItem, b: TaskItem) -> list[Difference]:
    """Lead, coordinator and timeline differences between two tasks (empty when they agree)."""
    found = [_agencies("lead", a.lead, b.lead), _agencies("coordinators", a.coordinators, b.coordinators)]
    if normalize_timeline(a.timeline) != normalize_timeline(b.timeline):
        found.append(Difference("timeline", a.timeline or "(không ghi)", b.timeline or "(không ghi)"))
    return [d for d in found if d is not None]


def province_note(a: TaskItem, b: TaskItem) -> str | None:
    """A note when the two tasks belong to different provinces (same names, different bodies)."""
    if a.province == b.province:
        return None
    return (
        f"Khác tỉnh/thành phố ({a.province or '?'} – {b.province or '?'}): cơ quan cùng tên là "
        "cùng loại cơ quan, không phải cùng một cơ quan."
    )
