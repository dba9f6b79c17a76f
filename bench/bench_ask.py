"""Ask latency in batch mode, warm, with the query-embedding time as the floor.

Runs `plan-qa ask --questions eval/qa.jsonl --json` (the real batch command, loading the
index once), takes each answer's `latency_ms`, and measures in the same run the time the
embedding model alone needs per question — the part no answerer can avoid.

    python bench/bench_ask.py          # writes bench/results/ask_latency.md
"""

from __future__ import annotations

import json
import subprocess
import sys
import time
from pathlib import Path

from plan_qa.config import Settings
from plan_qa.embeddings import load_embedder

ROOT = Path(__file__).resolve().parents[1]
QUESTIONS = ROOT / "eval" / "qa.jsonl"
OUT = ROOT / "bench" / "results" / "ask_latency.md"
WARMUP = 10


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def main() -> None:
    questions = [json.loads(line)["question"] for line in QUESTIONS.read_text(encoding="utf-8").splitlines() if line]
    batch = "\n".join(json.dumps({"question": q}, ensure_ascii=False) for q in questions[:WARMUP] + questions)
    source = ROOT / "bench" / "results" / ".questions.tmp"
    source.write_text(batch + "\n", encoding="utf-8")
    started = time.perf_counter()
    output = subprocess.run([sys.executable, "-m", "plan_qa.cli", "ask", "--questions", str(source), "--json"],
                            capture_output=True, text=True, check=True).stdout
    wall = time.perf_counter() - started
    source.unlink()
    latencies = [json.loads(line)["latency_ms"] for line in output.splitlines() if line.strip()][WARMUP:]

    embedder = load_embedder(Settings.from_env().model)
    for question in questions[:WARMUP]:
        embedder.encode_queries([question])
    floor = []
    for question in questions:
        tick = time.perf_counter()
        embedder.encode_queries([question])
        floor.append((time.perf_counter() - tick) * 1000)

    p50, p95 = percentile(latencies, 0.5), percentile(latencies, 0.95)
    f50, f95 = percentile(floor, 0.5), percentile(floor, 0.95)
    lines = [
        "# Ask latency, batch mode (warm)",
        "",
        f"{len(latencies)} questions of eval/qa.jsonl through `plan-qa ask --questions … --json` "
        f"(after {WARMUP} warm-up questions; whole command incl. model and index load: {wall:.1f} s).",
        "",
        "| | p50 ms | p95 ms |",
        "|---|---|---|",
        f"| ask (answer + citations) | {p50:.1f} | {p95:.1f} |",
        f"| query embedding alone (floor) | {f50:.1f} | {f95:.1f} |",
        f"| ask ÷ floor | {p50 / f50:.2f}× | {p95 / f95:.2f}× |",
        "",
        "Target: p50 ≤ 40 ms, p95 ≤ 80 ms.",
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))


if __name__ == "__main__":
    main()
