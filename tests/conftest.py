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
