"""Fusion weights and the raise on a named body's clauses, chosen by retrieval on train plans.

Grid over (dense weight, lexical weight, body weight) with min-max fusion; for each, recall@5,
hit@4 and MRR of the assistant's own retrieval path (the question read by `Assistant._read`,
the scope it resolves, k = RETRIEVE_K) on the answerable questions of the real-plan set
(eval/realplans/questions.jsonl over ../shared/realplans, views as `plan-qa eval --corpus`) and
of the bundled set (eval/qa.jsonl), per split. The shipped weights are the best recall@5 on the
two train splits together; validation and test are reported, never used to choose.

    python bench/bench_fusion.py        # writes bench/results/fusion.md
"""

from __future__ import annotations

import sys
from pathlib import Path

from plan_qa.answering.assistant import RETRIEVE_K, Assistant
from plan_qa.config import Settings
from plan_qa.evaluation.corpus_view import corpus_view, listed_plans
from plan_qa.evaluation.dataset import load_qa
from plan_qa.evaluation.scoring import score_question

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "fusion.md"
REAL_PLANS = ROOT.parent / "shared" / "realplans"
GRID = [(d, 1.0, b) for d in (1.0, 0.5) for b in (0.0, 0.6, 1.0)]


def scores(assistant: Assistant, items: list, weights: tuple[float, float, float]) -> dict[str, list]:
    """Split → the eval's per-question scores under the given weights."""
    retriever = assistant.retriever
    retriever.dense_weight, retriever.lexical_weight, retriever.body_weight = weights
    by_split: dict[str, list] = {}
    for item, reading, vector in items:
        hits = retriever.search(reading.query, k=RETRIEVE_K, province=reading.scope.provinces or None,
                                plan=reading.scope.plan_id, vector=vector, prepared=True, held=reading.held)
        by_split.setdefault(item.split, []).append(score_question(item, [h.to_dict() for h in hits], 0))
    return by_split


def figures(found: list) -> str:
    def mean(values: list) -> float:
        values = [v for v in values if v is not None]
        return sum(values) / len(values) if values else float("nan")
    return (f"{mean([s.recall_at(5) for s in found]):.3f} / {mean([s.hit_at(4) for s in found]):.3f} / "
            f"{mean([s.reciprocal_rank for s in found]):.3f}")


def read_set(qa: Path, corpus: Path | None) -> tuple[Assistant, list]:
    items = load_qa(qa)
    settings = Settings.from_env()
    if corpus is not None:
        settings.corpus_dir, settings.index_root = corpus_view(corpus, listed_plans(items), settings.index_root / "views")
    assistant = Assistant.load(settings)
    read = []
    for item in items:
        if item.answerable and item.evidence:
            province, plan = (item.scope.province, item.scope.plan_id) if item.scope else (None, None)
            reading = assistant._read(item.question.strip(), None, province, plan)
            read.append((item, reading, assistant.embedder.encode_queries([reading.dense_query])))
    return assistant, read


def main() -> None:
    sets = [("real plans", ROOT / "eval" / "realplans" / "questions.jsonl", REAL_PLANS),
            ("bundled", ROOT / "eval" / "qa.jsonl", None)]
    if not REAL_PLANS.is_dir():
        sys.exit(f"Không thấy thư mục kế hoạch thật {REAL_PLANS}.")
    table: dict[tuple[float, float, float], dict[str, dict[str, list]]] = {w: {} for w in GRID}
    for name, qa, corpus in sets:
        assistant, items = read_set(qa, corpus)
        for weights in GRID:
            table[weights][name] = scores(assistant, items, weights)
    columns = [(name, split) for name, _, _ in sets for split in ("train", "validation", "test")
               if split in table[GRID[0]][name]]

    def train_recall(weights: tuple[float, float, float]) -> float:
        found = [s for name, _, _ in sets for s in table[weights][name].get("train", [])]
        values = [s.recall_at(5) for s in found if s.recall_at(5) is not None]
        return sum(values) / len(values)

    best = max(GRID, key=train_recall)
    lines = ["# Fusion weights and the named-body raise (retrieval, assistant's path)", "",
             "Cells: recall@5 / hit@4 / MRR of the answerable questions with evidence. Weights = (dense, lexical, "
             "body); min-max fusion; the body raise goes to the 3 clauses of the named bodies closest to the question. "
             f"Chosen: the best recall@5 on the two train splits together → {best}.", "",
             "| weights | " + " | ".join(f"{n} {s} (n={len(table[GRID[0]][n][s])})" for n, s in columns) + " |",
             "|---|" + "---|" * len(columns)]
    for weights in GRID:
        lines.append(f"| {weights} | " + " | ".join(figures(table[weights][n][s]) for n, s in columns) + " |")
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
