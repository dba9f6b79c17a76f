"""Evaluate on any corpus folder restricted to the plans a Q&A set lists.

A real-plan folder may hold plans that must never be loaded (the held-out test plans). The
view is a folder of links to exactly the files whose plan id the questions name (in `scope` or
`evidence`), with its own index folder, so nothing else is ever read, parsed or embedded.
"""

from __future__ import annotations

import hashlib
from collections.abc import Iterable
from pathlib import Path

from plan_qa.evaluation.dataset import QAItem
from plan_qa.parsing import plan_id_for
from plan_qa.retrieval.filters import plan_key


def listed_plans(items: Iterable[QAItem]) -> set[str]:
    """Plan keys the questions name in their scope or evidence."""
    keys = {plan_key(e.plan_id) for item in items for e in item.evidence}
    return keys | {plan_key(item.scope.plan_id) for item in items if item.scope and item.scope.plan_id}


def corpus_view(source: Path, keys: set[str], root: Path) -> tuple[Path, Path]:
    """(corpus folder, index root) of the view of `source` holding only the listed plans."""
    files = sorted(p for p in source.iterdir() if p.is_file() and plan_key(plan_id_for(p)) in keys)
    if not files:
        raise ValueError(f"Thư mục {source} không có kế hoạch nào mà bộ câu hỏi nêu tên.")
    digest = hashlib.sha256("\n".join(str(p.resolve()) for p in files).encode("utf-8")).hexdigest()[:12]
    corpus = root / digest / "corpus"
    corpus.mkdir(parents=True, exist_ok=True)
    for stale in corpus.iterdir():
        stale.unlink()
    for path in files:
        (corpus / path.name).symlink_to(path.resolve())
    return corpus, root / digest / "index"
