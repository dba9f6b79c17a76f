"""A plan's own notation: the marks and short forms it defines for a body's role in a task ("C" = chủ trì,
"PH" = cơ quan phối hợp, "TG" = thời gian hoàn thành, "●" / "○") and the short names it gives its bodies
("Sở NN&MT" = Sở Nông nghiệp và Môi trường).

The notation is read once per plan from its legends (`plan_qa.parsing.legend`) and is in force while that plan is
parsed (`reading`), so every reader of the plan — the table reader's matrices of marks, the label reader's
"CT: …; PH: …" blocks — reads the plan's own notation. A mark no legend defines is read by the default vocabulary
of `plan_qa/data/plan_grammar.json` ("notation.default_marks").
"""

from __future__ import annotations

from contextlib import contextmanager
from contextvars import ContextVar
from dataclasses import dataclass, field
from typing import Iterator

ROLES = ("lead", "coordinators", "timeline", "execute")


@dataclass(frozen=True)
class Notation:
    """Short form → role ("lead", "coordinators", "timeline", "execute") and short name → full name of a body."""

    roles: dict[str, str] = field(default_factory=dict)
    bodies: dict[str, str] = field(default_factory=dict)


_ACTIVE: ContextVar[Notation] = ContextVar("plan_notation", default=Notation())


def active() -> Notation:
    """The notation of the plan being parsed (empty outside a parse)."""
    return _ACTIVE.get()


@contextmanager
def reading(notation: Notation) -> Iterator[Notation]:
    """Parse under a plan's notation."""
    token = _ACTIVE.set(notation)
    try:
        yield notation
    finally:
        _ACTIVE.reset(token)
