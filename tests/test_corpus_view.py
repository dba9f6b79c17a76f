"""Evaluating on a corpus folder reads only the plans the Q&A set names (never the held-out ones)."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.corpus import default_corpus_dir
from plan_qa.evaluation.corpus_view import corpus_view, listed_plans
from plan_qa.evaluation.dataset import load_qa

ROOT = Path(__file__).resolve().parents[1]
REALPLANS = Path(__file__).resolve().parents[2] / "shared" / "realplans"
TEST_PLANS = ("dong-nai_179", "dong-thap_617", "ho-chi-minh_174", "quang-ngai_1627", "dak-lak_0130", "dak-lak_0125",
              "can-tho_159", "can-tho_165", "dong-thap_556", "nghe-an_987")


def test_view_of_the_bundled_corpus_holds_only_the_listed_plans(tmp_path: Path):
    items = [item for item in load_qa() if item.split == "validation"]
    corpus, index_root = corpus_view(default_corpus_dir(), listed_plans(items), tmp_path)
    assert sorted(p.name[:3] for p in corpus.iterdir()) == ["002"]
    assert all(p.is_symlink() for p in corpus.iterdir()) and index_root.parent == corpus.parent


def test_view_of_a_folder_without_the_plans_is_refused(tmp_path: Path):
    with pytest.raises(ValueError, match="không có kế hoạch nào"):
        corpus_view(default_corpus_dir(), {"khong-co"}, tmp_path)


def test_real_plan_questions_never_reach_the_test_plans(tmp_path: Path):
    if not REALPLANS.is_dir():
        pytest.skip(f"không có thư mục kế hoạch thật {REALPLANS} (shared/realplans)")
    items = load_qa(ROOT / "eval" / "realplans" / "questions.jsonl")
    assert {item.split for item in items} <= {"train", "validation"}
    corpus, _ = corpus_view(REALPLANS, listed_plans(items), tmp_path)
    names = [p.name for p in corpus.iterdir()]
    assert len(names) == 12
    assert not [n for n in names if n.startswith(TEST_PLANS)]
