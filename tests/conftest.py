"""Shared fixtures: the real bundled corpus, parsed once per test session."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.corpus import load_corpus
from plan_qa.parsing import Plan

CORPUS_DIR = Path(__file__).resolve().parents[1] / "corpus"


@pytest.fixture(scope="session")
def plans() -> dict[str, Plan]:
    """The five bundled plans by id."""
    return {plan.plan_id: plan for plan in load_corpus(CORPUS_DIR)}


REALPLANS = Path(__file__).resolve().parents[2] / "shared" / "realplans"


def realplans_assistant(tmp_path_factory: pytest.TempPathFactory, names: tuple[str, ...]):
    """An assistant over a few real plans of ../shared/realplans (skips when the folder is absent)."""
    from plan_qa.answering import Assistant
    from plan_qa.config import Settings

    if not REALPLANS.is_dir():
        pytest.skip(f"không có thư mục kế hoạch thật {REALPLANS} (shared/realplans)")
    root = tmp_path_factory.mktemp("realplans")
    corpus = root / "corpus"
    corpus.mkdir()
    for name in names:
        (corpus / name).symlink_to(REALPLANS / name)
    return Assistant.load(Settings(corpus_dir=corpus, index_root=root / "indexes"))
