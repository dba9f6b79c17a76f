"""Cost of bounding the whole read + parse of each corpus file in a child process.

Run: `python bench/bench_parse_bound.py`. Writes `bench/results/parse_bound.md`.

Each file (the bundled corpus, then the train and validation real plans — never the test plans) is parsed
with `plan_qa.corpus.parse` in this process (`PLAN_QA_PARSE_SECONDS=0`) and bounded in a child process
(the default), alternating, REPEATS times; the median of each is kept. The figure that matters is the
ratio bounded / in-process over a whole corpus, measured in the same run.
"""

from __future__ import annotations

import os
import statistics
import time
from pathlib import Path

from plan_qa.corpus import parse, plan_files

ROOT = Path(__file__).resolve().parents[1]
REALPLANS = ROOT.parent / "shared" / "realplans"
TRAIN_VALIDATION = ("bac-ninh_144", "son-la_2954", "thanh-hoa_235", "bac-ninh_141", "lai-chau_7360",
                    "ho-chi-minh_2853", "dak-lak_0129", "dong-nai_182", "can-tho_157", "ho-chi-minh_172",
                    "nghe-an_1026", "ha-tinh_624")
REPEATS = 5


def _seconds(path: Path, bound: str) -> float:
    os.environ["PLAN_QA_PARSE_SECONDS"] = bound
    start = time.perf_counter()
    parse(path)
    return time.perf_counter() - start


def measure(files: list[Path]) -> list[tuple[str, float, float]]:
    """(file, median in-process seconds, median bounded seconds) per file."""
    rows = []
    for path in files:
        parse(path)  # warm caches and start the fork server
        here, child = [], []
        for _ in range(REPEATS):
            here.append(_seconds(path, "0"))
            child.append(_seconds(path, "120"))
        rows.append((path.name, statistics.median(here), statistics.median(child)))
    return rows


def main() -> None:
    groups = {"bundled corpus": plan_files(ROOT / "corpus")}
    if REALPLANS.is_dir():
        groups["real plans (train + validation)"] = [p for p in plan_files(REALPLANS)
                                                     if p.name.startswith(TRAIN_VALIDATION)]
    lines = ["# Bounding read + parse of each corpus file", "",
             f"Median of {REPEATS} runs per file; in-process = `PLAN_QA_PARSE_SECONDS=0`, bounded = child "
             "process (fork server, JSON back).", ""]
    for name, files in groups.items():
        rows = measure(files)
        here, child = sum(r[1] for r in rows), sum(r[2] for r in rows)
        lines += [f"## {name} ({len(rows)} files)", "", "| file | in-process ms | bounded ms | ratio |",
                  "|---|---|---|---|"]
        lines += [f"| {f} | {h * 1000:.1f} | {c * 1000:.1f} | {c / h:.2f} |" for f, h, c in rows]
        lines += ["", f"Total: in-process {here * 1000:.0f} ms, bounded {child * 1000:.0f} ms, ratio "
                      f"{child / here:.2f}, added {(child - here) / len(rows) * 1000:.0f} ms per file.", ""]
    out = ROOT / "bench" / "results" / "parse_bound.md"
    out.write_text("\n".join(lines), encoding="utf-8")
    print(out.read_text(encoding="utf-8"))


if __name__ == "__main__":
    main()
