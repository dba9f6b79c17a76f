"""Bounded load test of the served app over loopback: 50 concurrent clients asking through `/ask`,
while one plan is uploaded (Tài liệu handler, with its re-index) and a second process runs
`plan-qa index --force` on the same index folder.

Reports errors, wrong answers (an answer missing a gold `must_include` string that the same question
had without load), p50/p95 latency against a single-client baseline measured in the same run, RSS of
this process (server + clients) before and after, and whether the index is whole afterwards.

    python bench/bench_load.py       # writes bench/results/load.md  (loopback only, ~200 requests)
"""

from __future__ import annotations

import json
import os
import shutil
import socket
import subprocess
import sys
import tempfile
import threading
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

from gradio_client import Client

from plan_qa.app import documents
from plan_qa.app.build import launch
from plan_qa.app.state import AppConfig, AppState
from plan_qa.config import Settings
from plan_qa.index import stale_reasons
from plan_qa.index.integrity import read_pointer, verify_version

ROOT = Path(__file__).resolve().parents[1]
OUT = ROOT / "bench" / "results" / "load.md"
CLIENTS = 50
REQUESTS_PER_CLIENT = 4
HOST = "127.0.0.1"  # loopback only


def rss_mb() -> float:
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return float("nan")


def percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind((HOST, 0))
        return sock.getsockname()[1]


def questions() -> list[dict]:
    rows = [json.loads(line) for line in (ROOT / "eval" / "qa.jsonl").read_text(encoding="utf-8").splitlines()
            if line.strip()]
    return [r for r in rows if r["split"] == "dev" and r.get("must_include") and not r.get("scope")][:40]


def right(answer: dict, row: dict) -> bool:
    return all(part in answer["answer"] for part in row["must_include"])


def ask(client: Client, row: dict) -> tuple[dict | None, float, str | None]:
    started = time.perf_counter()
    try:
        answer = client.predict(row["question"], api_name="/ask")
    except Exception as error:  # the bench counts every failure
        return None, time.perf_counter() - started, f"{type(error).__name__}: {error}"[:200]
    return answer, time.perf_counter() - started, None


def main() -> None:
    site = Path(tempfile.mkdtemp(prefix="plan-qa-load-"))
    shutil.copytree(ROOT / "corpus", site / "corpus")
    settings = Settings.from_env(corpus_dir=site / "corpus", index_root=site / "indexes")
    config = AppConfig(feedback_dir=site / "data" / "feedback", reports_dir=site / "data" / "reports",
                       judgments_path=site / "data" / "judgments.sqlite", removed_dir=site / "data" / "removed",
                       work_dir=site / "work")
    state = AppState.load(settings, config)
    port = free_port()
    demo = launch(state, HOST, port, block=False)
    url = f"http://{HOST}:{port}/"
    rows = questions()
    try:
        clients = [Client(url, verbose=False) for _ in range(CLIENTS)]  # connected before the load starts
        baseline = {}
        single = []
        for row in rows:  # warm-up and the single-client baseline
            answer, seconds, error = ask(clients[0], row)
            assert error is None, error
            baseline[row["id"]] = right(answer, row)
            single.append(seconds)
        rss_before = rss_mb()
        upload = site / "tai-len.txt"
        upload.write_text((ROOT / "corpus" / "004_dongthap_524-KH-UBND_cong-nghiep-moi-truong.txt").read_text(
            encoding="utf-8").replace("Số: 524/KH-UBND", "Số: 999/KH-UBND"), encoding="utf-8")
        side: dict[str, object] = {}

        def upload_then_reindex() -> None:
            time.sleep(2)
            env = {**os.environ, "PLAN_QA_CORPUS": str(settings.corpus_dir),
                   "PLAN_QA_INDEX_ROOT": str(settings.index_root)}
            cli = subprocess.Popen([sys.executable, "-m", "plan_qa.cli", "index", "--force"], env=env,
                                   stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)
            started = time.perf_counter()
            side["upload"] = documents.add(state, str(upload), progress=lambda *a, **k: None)[0]
            side["upload_seconds"] = time.perf_counter() - started
            out, err = cli.communicate(timeout=900)
            side["cli"] = (cli.returncode, (out + err)[-300:])

        def client_session(number: int) -> list[tuple]:
            mine = [rows[(number * REQUESTS_PER_CLIENT + r) % len(rows)] for r in range(REQUESTS_PER_CLIENT)]
            return [(row, *ask(clients[number], row)) for row in mine]

        jobs = range(CLIENTS * REQUESTS_PER_CLIENT)
        mixer = threading.Thread(target=upload_then_reindex)
        started = time.perf_counter()
        mixer.start()
        with ThreadPoolExecutor(max_workers=CLIENTS) as pool:
            results = [result for session in pool.map(client_session, range(CLIENTS)) for result in session]
        mixer.join()
        wall = time.perf_counter() - started
        rss_after = rss_mb()
    finally:
        demo.close()
    errors = [e for _, _, _, e in results if e]
    wrong = [row["id"] for row, answer, _, e in results if not e and baseline[row["id"]] and not right(answer, row)]
    latencies = [s for _, _, s, e in results if not e]
    name, _ = read_pointer(settings.index_dir)
    whole = name is not None and not verify_version(settings.index_dir / "versions" / name) and not stale_reasons(
        settings.index_dir, settings.corpus_dir, settings.model, settings.index_type)
    p50, p95, base50 = percentile(latencies, 0.5), percentile(latencies, 0.95), percentile(single, 0.5)
    lines = [
        "# Load test (bench/bench_load.py)", "",
        f"{CLIENTS} concurrent clients × {REQUESTS_PER_CLIENT} questions = {len(jobs)} `/ask` calls over {HOST} "
        f"(50 gradio_client clients, each asking its questions one after another), {len(rows)} dev questions of eval/qa.jsonl with gold "
        "`must_include`; meanwhile one upload through the Tài liệu handler (with its re-index) and a second "
        "process running `plan-qa index --force` on the same index folder.", "",
        "| measure | value |", "|---|---|",
        f"| requests | {len(jobs)} |",
        f"| errors | {len(errors)} |",
        f"| wrong answers (right without load, wrong under load) | {len(wrong)} |",
        f"| single-client p50 (baseline, same run) | {base50 * 1000:.0f} ms |",
        f"| under load p50 / p95 | {p50 * 1000:.0f} ms / {p95 * 1000:.0f} ms |",
        f"| p50 ratio load / baseline | {p50 / base50:.1f}× |",
        f"| wall time | {wall:.1f} s ({len(jobs) / wall:.1f} req/s) |",
        f"| RSS before / after (server + clients, one process) | {rss_before:.0f} MB / {rss_after:.0f} MB |",
        f"| upload during load | {'ok' if 'Đã thêm' in str(side.get('upload')) else side.get('upload')} "
        f"({side.get('upload_seconds', 0):.1f} s) |",
        f"| `plan-qa index --force` in another process | exit {side.get('cli', ('?',))[0]} |",
        f"| index whole and up to date afterwards | {'yes' if whole else 'NO'} |",
        "", f"Machine: {os.cpu_count()} CPU(s), shared. Errors: {errors[:3] or 'none'}.",
    ]
    OUT.write_text("\n".join(lines) + "\n", encoding="utf-8")
    print("\n".join(lines))
    shutil.rmtree(site, ignore_errors=True)


if __name__ == "__main__":
    main()
