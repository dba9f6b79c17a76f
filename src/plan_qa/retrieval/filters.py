"""Scope filters (province, plan, clause kind) → a boolean mask over index documents."""

from __future__ import annotations

import re
from collections.abc import Iterable, Sequence
from functools import lru_cache

import numpy as np

from plan_qa.index.documents import IndexDocument
from plan_qa.text.vietnamese import fold_diacritics, nfc


@lru_cache(maxsize=512)  # a corpus has few provinces; every search filters every document by one
def province_key(name: str | None) -> str:
    """Compare provinces typed any way: "Ha Noi", "hà nội", "Thành phố Hà Nội"."""
    folded = fold_diacritics(name or "").lower().strip()
    for prefix in ("thanh pho ", "tp. ", "tp ", "tinh "):
        if folded.startswith(prefix):
            folded = folded[len(prefix):]
    return folded


@lru_cache(maxsize=1024)
def plan_key(plan_id: str | None) -> str:
    """Compare plan ids written any way: "bac-ninh_141-KH-UBND" (a file stem) = "bac-ninh_141-kh-ubnd"."""
    return re.sub(r"[^\w]+", "-", nfc(plan_id or ""), flags=re.UNICODE).strip("-").lower()


def _as_list(value: str | Iterable[str] | None) -> list[str]:
    if value is None:
        return []
    return [value] if isinstance(value, str) else list(value)


def scope_mask(
    documents: Sequence[IndexDocument],
    province: str | Iterable[str] | None = None,
    plan: str | Iterable[str] | None = None,
    kinds: str | Iterable[str] | None = None,
) -> np.ndarray | None:
    """Mask of documents inside the scope, or None when nothing is filtered."""
    provinces = {province_key(p) for p in _as_list(province) if p}
    plans = {plan_key(p) for p in _as_list(plan)}
    wanted_kinds = set(_as_list(kinds))
    if not (provinces or plans or wanted_kinds):
        return None
    return np.array(
        [
            (not provinces or province_key(doc.province) in provinces)
            and (not plans or plan_key(doc.plan_id) in plans)
            and (not wanted_kinds or doc.kind in wanted_kinds)
            for doc in documents
        ],
        dtype=bool,
    )
