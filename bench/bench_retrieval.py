"""Retrieval benchmark: dense only vs BM25 only vs hybrid (RRF), in one run.

Questions: the answerable items of eval/qa.jsonl whose answer is found by retrieval (their
evidence quotes mark the right clauses). Agency-duty and plan-metadata questions are left out:
the answerer reads those from the parsed structure (duties, front matter), not from retrieval. A hit at k: a clause among the top k comes from the evidence's plan and
contains the quote (the evaluation's own matching rule). Fusion weights are chosen on
the dev split only; the test split is reported with the chosen weights.

The tables use the shipped weights (Settings). Also measured: full index build time (fresh folder, no embedding cache), an incremental
rebuild after one plan changes, query latency p50/p95 per mode, and peak RSS.

    python bench/bench_retrieval.py            # writes bench/results/retrieval.md
"""

from __future__ import annotations

import resource
import shutil
import statistics
import tempfile
import time
from pathlib import Path

from plan_qa.config import Settings
from plan_qa.embeddings import load_embedder
from plan_qa.evaluation.dataset import load_qa
from plan_qa.evaluation.matching import supports_quote
from plan_qa.index import build_index, load_index
from plan_qa.retrieval import HybridRetriever

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "retrieval.md"
GRID = [(fusion, weights) for fusion in ("rrf", "minmax")
        for weights in ((1.0, 1.0), (0.5, 1.0), (1.0, 0.5))]  # (fusion, (dense, lexical))
REPORTED_TYPES = ("no_diacritics", "abbreviation", "paraphrase")
STRUCTURE_TYPES = ("agency_duties", "plan_metadata")


def first_hit(retriever: HybridRetriever, item, mode: str, k: int = 10) -> tuple[int | None, float]:
    province = item.scope.province if item.scope else None
    plan = item.scope.plan_id if item.scope else None
    started = time.perf_counter()
    hits = retriever.search(item.question, k=k, province=province, plan=plan, mode=mode)
    elapsed = (time.perf_counter() - started) * 1000
    for rank, hit in enumerate(hits, 1):
        doc = hit.document
        if any(ev.plan_id == doc.plan_id and supports_quote(doc.text, ev.quote) for ev in item.evidence):
            return rank, elapsed
    return None, elapsed


def metrics(ranks: list[int | None]) -> dict[str, float]:
    n = len(ranks) or 1
    return {
        "hit@1": sum(r == 1 for r in ranks if r) / n,
        "hit@5": sum(r <= 5 for r in ranks if r) / n,
        "MRR": sum(1 / r for r in ranks if r) / n,
    }


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    settings = Settings.from_env()
    started = time.perf_counter()
    embedder = load_embedder(settings.model)
    load_seconds = time.perf_counter() - started

    scratch = Path(tempfile.mkdtemp(prefix="plan-qa-bench-"))
    corpus = scratch / "corpus"
    shutil.copytree(settings.corpus_dir, corpus)
    full = build_index(corpus, scratch / "index", embedder)
    first = sorted(corpus.iterdir())[0]
    first.write_text(first.read_text(encoding="utf-8") + "\nNhiệm vụ bổ sung để đo thời gian dựng lại.\n", encoding="utf-8")
    incremental = build_index(corpus, scratch / "index", embedder)
    index = load_index(scratch / "index")
    shutil.rmtree(scratch)

    items = [i for i in load_qa(ROOT / "eval" / "qa.jsonl")
             if i.evidence and i.answers and i.type not in STRUCTURE_TYPES]
    dev = [i for i in items if i.split == "dev"]
    choice: dict[tuple[str, tuple[float, float]], tuple[float, float]] = {}
    for fusion, weights in GRID:
        retriever = HybridRetriever(index, embedder, *weights, fusion=fusion)
        found = metrics([first_hit(retriever, i, "hybrid")[0] for i in dev])
        choice[(fusion, weights)] = (found["hit@5"], found["MRR"])
    shipped = (settings.fusion, (settings.dense_weight, settings.lexical_weight))
    retriever = HybridRetriever(index, embedder, *shipped[1], fusion=shipped[0])

    rows, latency, by_type = {}, {}, {}
    for mode in ("dense", "lexical", "hybrid"):
        results = [(item, *first_hit(retriever, item, mode)) for item in items]
        latency[mode] = [ms for _, _, ms in results]
        for split in ("dev", "test", None):
            ranks = [rank for item, rank, _ in results if split is None or item.split == split]
            rows[(mode, split or "all")] = metrics(ranks)
        for kind in REPORTED_TYPES:
            ranks = [rank for item, rank, _ in results if item.type == kind]
            by_type[(mode, kind)] = (metrics(ranks)["hit@5"], len(ranks))
    rss_mb = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024

    lines = [
        "# Retrieval benchmark (dense vs BM25 vs hybrid)",
        "",
        f"Questions: {len(items)} answerable items of eval/qa.jsonl answered through retrieval ({len(dev)} dev; "
        f"types {', '.join(STRUCTURE_TYPES)} are answered from structure and left out). Model: {settings.model}. "
        f"Documents: {len(index.documents)}.",
        "",
        "Fusion tried on dev — (method, (dense, lexical weight)) → hit@5 / MRR: "
        + "; ".join(f"{k} → {h:.3f} / {m:.3f}" for k, (h, m) in choice.items())
        + f". Shipped (tables below): {shipped}.",
        "",
        "| mode | split | hit@1 | hit@5 | MRR |",
        "|---|---|---|---|---|",
    ]
    for (mode, split), m in rows.items():
        lines.append(f"| {mode} | {split} | {m['hit@1']:.3f} | {m['hit@5']:.3f} | {m['MRR']:.3f} |")
    lines += ["", "hit@5 by question type (all splits):", "", "| mode | " + " | ".join(REPORTED_TYPES) + " |",
              "|---|" + "---|" * len(REPORTED_TYPES)]
    for mode in ("dense", "lexical", "hybrid"):
        cells = [f"{by_type[(mode, t)][0]:.3f} (n={by_type[(mode, t)][1]})" for t in REPORTED_TYPES]
        lines.append(f"| {mode} | " + " | ".join(cells) + " |")
    base = statistics.median(latency["lexical"])
    lines += ["", "| mode | query p50 ms | p95 ms | p50 ÷ BM25 p50 |", "|---|---|---|---|"]
    for mode, values in latency.items():
        lines.append(f"| {mode} | {percentile(values, 0.5):.1f} | {percentile(values, 0.95):.1f} | "
                     f"{percentile(values, 0.5) / base:.1f}× |")
    lines += [
        "",
        f"Model load: {load_seconds:.1f} s. Full index build ({full.documents} clauses embedded from scratch): "
        f"{full.seconds:.1f} s. Rebuild after one plan changed: {incremental.seconds:.1f} s "
        f"({incremental.embedded} embedded, {incremental.reused} reused; {incremental.seconds / full.seconds:.2f}× the full build).",
        f"Peak RSS of this process: {rss_mb:.0f} MB.",
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
