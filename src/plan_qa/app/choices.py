"""Drop-down choices shared by the tabs: provinces and plans, with an "all" entry."""

from __future__ import annotations

from plan_qa.answering.assistant import plan_choices
from plan_qa.app.state import AppState

ALL = ""  # the value of the "all provinces" / "all plans" entry
ALL_PROVINCES = ("Tất cả tỉnh/thành phố", ALL)
ALL_PLANS = ("Tất cả kế hoạch", ALL)


def chosen(value: str | None) -> str | None:
    """None for the "all" entry, else the value."""
    return value or None


def province_options(state: AppState) -> list[tuple[str, str]]:
    return [ALL_PROVINCES, *((p, p) for p in state.provinces())]


def plan_options(state: AppState, province: str | None = None, include_all: bool = True) -> list[tuple[str, str]]:
    """Plans of one province (or all), labelled "000 – Kế hoạch số … (Tỉnh)"."""
    assistant = state.assistant
    options = [(label, plan_id) for label, plan_id in plan_choices(assistant)
               if not province or assistant.plans[plan_id].metadata.province == province]
    return [ALL_PLANS, *options] if include_all else options
