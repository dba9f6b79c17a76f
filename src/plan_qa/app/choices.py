"""Drop-down choices shared by the tabs: provinces and plans, with an "all" entry."""

from __future__ import annotations

from plan_qa.app.state import AppState
from plan_qa.labels import plan_label, sorted_vietnamese

ALL = ""  # the value of the "all provinces" / "all plans" entry
ALL_PROVINCES = ("Tất cả tỉnh/thành phố", ALL)
ALL_PLANS = ("Tất cả kế hoạch", ALL)


def chosen(value: str | None) -> str | None:
    """None for the "all" entry, else the value."""
    return value or None


def province_options(state: AppState) -> list[tuple[str, str]]:
    return [ALL_PROVINCES, *((p, p) for p in state.provinces())]


def plan_options(state: AppState, province: str | None = None, include_all: bool = True) -> list[tuple[str, str]]:
    """Plans of one province (or all) by human label ("KH 524/KH-UBND · … · Đồng Tháp · 2026–2030"), in
    Vietnamese alphabetical order."""
    plans = [p for p in state.plans if not province or p.metadata.province == province]
    options = sorted_vietnamese(((plan_label(p), p.plan_id) for p in plans), key=lambda option: option[0])
    return [ALL_PLANS, *options] if include_all else options
