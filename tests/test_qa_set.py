"""Sanity checks for the hand-written evaluation set ``eval/qa.jsonl``.

Every gold answer must be grounded: each evidence quote is a verbatim span of
its plan (whitespace-insensitive, markdown/HTML stripped, inside one table
cell) and each key string of a single-plan answer occurs in that plan.
"""

from __future__ import annotations

import json
import importlib.util
import re
import unicodedata
from collections import Counter
from functools import cache
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
CORPUS_DIR = ROOT / "corpus"
QA_PATH = ROOT / "eval" / "qa.jsonl"

TYPES = {
    "lead_agency",
    "coordinating_agencies",
    "timeline",
    "agency_duties",
    "target_figure",
    "legal_basis",
    "plan_metadata",
    "cross_province",
    "unanswerable",
    "paraphrase",
    "no_diacritics",
    "abbreviation",
}
PLAN_IDS = {"000", "001", "002", "003", "004"}
PROVINCE_OF_PLAN = {
    "000": "Hà Nội",
    "001": "Hà Nội",
    "002": "Gia Lai",
    "003": "Hà Nội",
    "004": "Đồng Tháp",
}
PROVINCES = set(PROVINCE_OF_PLAN.values())
REQUIRED = {
    "id": str,
    "question": str,
    "type": str,
    "answers": list,
    "must_include": list,
    "evidence": list,
    "split": str,
}
MIN_PER_TYPE = 8
MIN_QUESTIONS = 120


# --------------------------------------------------------------------------- helpers

_TAG = re.compile(r"<[^>]+>")
_WS = re.compile(r"\s+")


def _nfc(text: str) -> str:
    return unicodedata.normalize("NFC", text)


def _collapse(text: str) -> str:
    return _WS.sub(" ", _nfc(text)).strip()


def _strip_markup(text: str) -> str:
    """Plan text without HTML tags, bold/italic stars and heading hashes."""
    text = _TAG.sub("", _nfc(text))
    return text.replace("*", "").replace("#", "")


def _key_norm(text: str) -> str:
    """Normalisation used for must_include matching (as the scorer does)."""
    text = _collapse(text).lower()
    text = text.replace("uỷ", "ủy").replace("ủy ban nhân dân", "ubnd")
    text = text.replace("hằng", "hàng")
    text = re.sub(r"\s*/\s*", "/", text)  # "28 / 4 /2026" == "28/4/2026"
    text = re.sub(r"(?<!\d)0(\d)", r"\1", text)  # 01/1 == 1/1
    return text


@cache
def plan_raw(plan_id: str) -> str:
    matches = sorted(CORPUS_DIR.glob(f"{plan_id}_*.txt"))
    assert len(matches) == 1, f"expected one corpus file for {plan_id}, got {matches}"
    return matches[0].read_text(encoding="utf-8")


@cache
def plan_cells(plan_id: str) -> tuple[str, ...]:
    """The plan split at table-cell borders (tab, ``|``), each cell collapsed.

    Prose has no tab or pipe, so it stays one piece; a quote must lie inside
    one piece, i.e. it may not straddle two table cells.
    """
    stripped = _strip_markup(plan_raw(plan_id))
    return tuple(_collapse(cell) for cell in re.split(r"[\t|]", stripped))


@cache
def plan_keytext(plan_id: str) -> str:
    return _key_norm(_strip_markup(plan_raw(plan_id)))


def quote_in_plan(plan_id: str, quote: str) -> bool:
    q = _collapse(quote)
    return any(q in cell for cell in plan_cells(plan_id))


@cache
def load_items() -> tuple[dict, ...]:
    assert QA_PATH.exists(), f"missing {QA_PATH}"
    items = []
    for lineno, line in enumerate(QA_PATH.read_text(encoding="utf-8").splitlines(), 1):
        if not line.strip():
            continue
        try:
            items.append(json.loads(line))
        except json.JSONDecodeError as exc:  # pragma: no cover - reported below
            pytest.fail(f"line {lineno} is not valid JSON: {exc}")
    return tuple(items)


def answerable(item: dict) -> bool:
    return item["type"] != "unanswerable"


ITEMS = load_items()
IDS = [item.get("id", f"line{i}") for i, item in enumerate(ITEMS, 1)]


# --------------------------------------------------------------------------- set-level


def test_every_line_parses_as_object():
    lines = [ln for ln in QA_PATH.read_text(encoding="utf-8").splitlines() if ln.strip()]
    assert len(lines) == len(ITEMS)
    for line in lines:
        assert isinstance(json.loads(line), dict)


def test_file_is_nfc_utf8():
    raw = QA_PATH.read_bytes().decode("utf-8")
    assert unicodedata.is_normalized("NFC", raw)
    assert "\\u" not in raw, "write with ensure_ascii=False"


def test_enough_questions():
    assert len(ITEMS) >= MIN_QUESTIONS


def test_ids_unique_and_well_formed():
    ids = [item["id"] for item in ITEMS]
    assert len(ids) == len(set(ids))
    for qid in ids:
        assert re.fullmatch(r"q\d{3}", qid), qid


def test_each_type_has_enough_questions():
    counts = Counter(item["type"] for item in ITEMS)
    for qtype in TYPES:
        assert counts[qtype] >= MIN_PER_TYPE, (qtype, counts[qtype])


def test_unanswerable_share():
    share = sum(not answerable(item) for item in ITEMS) / len(ITEMS)
    assert 0.08 <= share <= 0.15, share


def test_split_by_plan_rule():
    """Splits follow eval/split_by_plan.py: no plan's questions are both held out and trained on alone."""
    spec = importlib.util.spec_from_file_location("split_by_plan", QA_PATH.with_name("split_by_plan.py"))
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert [item["split"] for item in ITEMS] == [module.split_of(item) for item in ITEMS]
    held_out = {(e["plan_id"], item["split"]) for item in ITEMS if item["split"] != "train" for e in item["evidence"]}
    assert len({plan for plan, _ in held_out}) == len(held_out)  # a held-out plan sits in one split only


def test_every_split_has_answerable_and_unanswerable_questions():
    for split in ("train", "validation", "test"):
        kinds = {answerable(item) for item in ITEMS if item["split"] == split}
        assert kinds == {True, False}, split


def test_questions_unique():
    questions = [_collapse(item["question"]).lower() for item in ITEMS]
    dupes = [q for q, n in Counter(questions).items() if n > 1]
    assert not dupes, dupes


# --------------------------------------------------------------------------- per item


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_fields_and_types(item):
    for field, kind in REQUIRED.items():
        assert field in item, field
        assert isinstance(item[field], kind), (field, type(item[field]))
    assert "scope" in item
    assert item["type"] in TYPES
    assert item["split"] in {"train", "validation", "test"}
    assert item["question"].strip()
    for key in ("answers", "must_include"):
        assert all(isinstance(x, str) and x.strip() for x in item[key]), key
    for ev in item["evidence"]:
        assert isinstance(ev, dict) and set(ev) == {"plan_id", "quote"}, ev
        assert ev["plan_id"] in PLAN_IDS
        assert isinstance(ev["quote"], str)
    if "notes" in item and item["notes"] is not None:
        assert isinstance(item["notes"], str)


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_scope(item):
    scope = item["scope"]
    if scope is None:
        return
    assert isinstance(scope, dict) and set(scope) == {"province", "plan_id"}, scope
    assert scope["province"] in PROVINCES | {None}
    assert scope["plan_id"] in PLAN_IDS | {None}
    assert scope["province"] is not None or scope["plan_id"] is not None
    if scope["plan_id"] is not None and scope["province"] is not None:
        assert PROVINCE_OF_PLAN[scope["plan_id"]] == scope["province"]


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_answer_shape(item):
    if answerable(item):
        assert item["answers"], "answerable question needs an answer"
        assert item["evidence"], "answerable question needs evidence"
        assert item["must_include"], "answerable question needs must_include"
    else:
        assert item["answers"] == []
        assert item["evidence"] == []
        assert item["must_include"] == []


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_evidence_quotes_are_verbatim(item):
    for ev in item["evidence"]:
        quote = ev["quote"]
        assert not re.search(r"\*\*|#|\||<[^>]*>|\t", quote), f"markup in quote: {quote!r}"
        n_words = len(_collapse(quote).split())
        assert 4 <= n_words <= 30, (n_words, quote)
        assert quote_in_plan(ev["plan_id"], quote), f"not verbatim in {ev['plan_id']}: {quote!r}"


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_evidence_respects_scope(item):
    scope = item["scope"]
    if scope is None or not item["evidence"]:
        return
    for ev in item["evidence"]:
        # A plan may be answered from another plan of the same province that
        # cites it (e.g. 001 cites the 2026-2030 plan by number), so only the
        # province is enforced.
        province = scope["province"] or PROVINCE_OF_PLAN[scope["plan_id"]]
        assert PROVINCE_OF_PLAN[ev["plan_id"]] == province, ev


@pytest.mark.parametrize("item", ITEMS, ids=IDS)
def test_must_include_in_plan_text(item):
    if not answerable(item):
        return
    plan_ids = sorted({ev["plan_id"] for ev in item["evidence"]})
    for key in item["must_include"]:
        k = _key_norm(key)
        if len(plan_ids) == 1:
            assert k in plan_keytext(plan_ids[0]), f"{key!r} not in plan {plan_ids[0]}"
        else:
            assert any(k in plan_keytext(p) for p in plan_ids), f"{key!r} not in {plan_ids}"


@pytest.mark.parametrize(
    "item", [i for i in ITEMS if i["type"] == "cross_province"], ids=lambda i: i["id"]
)
def test_cross_province_cites_two_provinces(item):
    provinces = {PROVINCE_OF_PLAN[ev["plan_id"]] for ev in item["evidence"]}
    assert len(provinces) >= 2, provinces


@pytest.mark.parametrize(
    "item", [i for i in ITEMS if i["type"] == "no_diacritics"], ids=lambda i: i["id"]
)
def test_no_diacritics_questions_are_ascii(item):
    assert item["question"].isascii(), item["question"]
