"""The selection's cache is used only by the code, data and sets that wrote it."""

from __future__ import annotations

import pickle
from pathlib import Path

from plan_qa.answering import answerability_select as select


def test_the_cache_key_follows_the_sets_file(tmp_path: Path) -> None:
    sets = tmp_path / "sets.json"
    sets.write_text('{"sets": []}', encoding="utf-8")
    first = select.cache_key(sets)
    assert select.cache_key(sets) == first
    sets.write_text('{"sets": [], "note": "another"}', encoding="utf-8")
    assert select.cache_key(sets) != first


def test_a_cache_written_by_the_same_code_and_sets_is_read_back(tmp_path: Path) -> None:
    sets = tmp_path / "sets.json"
    sets.write_text('{"sets": []}', encoding="utf-8")
    cache = tmp_path / "cache.pkl"
    cache.write_bytes(pickle.dumps({"key": select.cache_key(sets), "collected": "stored"}))
    assert select.cached(sets, cache) == "stored"
    # the cheap run's features are read with another evidence model: its cache is a different one
    assert select.cache_key(sets) + "-keep-support" != pickle.loads(cache.read_bytes())["key"]
