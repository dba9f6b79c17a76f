"""The diacritics gap: every development question asked as written and typed without diacritics.

Officials type "so nao chu tri …" for "Sở nào chủ trì …". For each development question set
this script makes a folded twin of every question (the product's own `fold_diacritics`:
tone and letter marks removed, đ→d, case kept), asks both through the Assistant on the
set's corpus (the same view `plan-qa eval --corpus` builds), scores both with the evaluation's
own scorer, and writes accuracy with vs without diacritics per set, split and question type,
and the questions that flip (right with diacritics, wrong or refused without).

    PYTHONPATH=src python eval/diacritics_gap.py                 # all sets
    PYTHONPATH=src python eval/diacritics_gap.py --sets qa s8-real --out /tmp/gap

Writes <out>/diacritics_gap.md and <out>/diacritics_gap.json (default eval/reports/).
"""

from __future__ import annotations

import argparse
import json
from collections import defaultdict
from dataclasses import replace
from pathlib import Path

from plan_qa.answering import Assistant
from plan_qa.config import Settings
from plan_qa.evaluation.corpus_view import corpus_view, listed_plans
from plan_qa.evaluation.dataset import QAItem, load_qa
from plan_qa.evaluation.runner import ask_plan_qa
from plan_qa.text.vietnamese import fold_diacritics

ROOT = Path(__file__).resolve().parents[1]
REAL = ROOT.parent / "shared" / "realplans"
# name → (question set, plans folder or None for the bundled corpus)
SETS: dict[str, tuple[Path, Path | None]] = {
    "realplans": (ROOT / "eval" / "realplans" / "questions.jsonl", REAL),
    "qa": (ROOT / "eval" / "qa.jsonl", None),
    "s7-unseen": (ROOT / "eval" / "blind_2026-11-28-s7" / "unseen_plans.jsonl", ROOT / "eval" / "blind_2026-11-28-s7" / "plans"),
    "s7-real": (ROOT / "eval" / "blind_2026-11-28-s7" / "real_plans.jsonl", REAL),
    "s8-unseen": (ROOT / "eval" / "blind_2026-11-28-s8" / "unseen_plans.jsonl", ROOT / "eval" / "blind_2026-11-28-s8" / "plans"),
    "s8-real": (ROOT / "eval" / "blind_2026-11-28-s8" / "real_plans.jsonl", REAL),
    "s9-unseen": (ROOT / "eval" / "blind_2026-11-28-s9" / "unseen_plans.jsonl", ROOT / "eval" / "blind_2026-11-28-s9" / "plans"),
    "s9-real": (ROOT / "eval" / "blind_2026-11-28-s9" / "real_plans.jsonl", REAL),
}


def assistant_for(items: list[QAItem], plans: Path | None) -> Assistant:
    """The Assistant over the set's corpus, as `plan-qa eval --corpus` loads it."""
    settings = Settings.from_env()
    if plans is not None:
        settings.corpus_dir, settings.index_root = corpus_view(plans, listed_plans(items), settings.index_root / "views")
    return Assistant.load(settings)


def run_set(name: str, qa: Path, plans: Path | None) -> list[dict]:
    """One row per question: its split, type and whether each form was answered right."""
    items = load_qa(qa)
    assistant = assistant_for(items, plans)
    written = [ask_plan_qa(assistant, item) for item in items]
    folded = [ask_plan_qa(assistant, replace(item, question=fold_diacritics(item.question))) for item in items]
    return [{"set": name, "id": item.id, "split": item.split, "type": item.type, "question": item.question,
             "written": bool(w.score.correct), "folded": bool(f.score.correct),
             "folded_found": f.found, "folded_answer": (f.answer or "")[:300]}
            for item, w, f in zip(items, written, folded)]


def _line(label: str, rows: list[dict]) -> str:
    n = len(rows)
    w = sum(r["written"] for r in rows)
    f = sum(r["folded"] for r in rows)
    flips = sum(r["written"] and not r["folded"] for r in rows)
    gains = sum(r["folded"] and not r["written"] for r in rows)
    return f"| {label} | {n} | {w / n:.3f} | {f / n:.3f} | {(w - f) / n:+.3f} | {flips} | {gains} |"


def report(rows: list[dict]) -> str:
    """Markdown: per set and split, per type, and the flipped questions."""
    head = ["| group | n | with diacritics | without | gap | flips (right→wrong) | gains |",
            "|---|---|---|---|---|---|---|"]
    by_split: dict[tuple[str, str], list[dict]] = defaultdict(list)
    by_type: dict[str, list[dict]] = defaultdict(list)
    for row in rows:
        by_split[(row["set"], row["split"])].append(row)
        by_type[row["type"]].append(row)
    out = ["# Diacritics gap", "", "Each question asked as written and folded (`fold_diacritics`, đ→d, case kept).", "",
           "## Per set and split", "", *head, _line("all", rows)]
    out += [_line(f"{s} / {sp}", group) for (s, sp), group in sorted(by_split.items())]
    out += ["", "## Per question type (all sets)", "", *head]
    out += [_line(t, group) for t, group in sorted(by_type.items())]
    out += ["", "## Flips (right with diacritics, wrong or refused without)", ""]
    out += [f"- {r['set']} {r['id']} ({r['split']}, {r['type']}, {'answered' if r['folded_found'] else 'refused'}): "
            f"{r['question']}" for r in rows if r["written"] and not r["folded"]]
    return "\n".join(out) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=list(SETS), choices=list(SETS))
    parser.add_argument("--out", type=Path, default=ROOT / "eval" / "reports")
    args = parser.parse_args()
    rows: list[dict] = []
    for name in args.sets:
        qa, plans = SETS[name]
        if plans is not None and not plans.is_dir():
            print(f"bỏ qua {name}: không có thư mục {plans}")
            continue
        rows += run_set(name, qa, plans)
        print(_line(name, [r for r in rows if r["set"] == name]), flush=True)
        args.out.mkdir(parents=True, exist_ok=True)  # written after every set: a long run is never lost
        (args.out / "diacritics_gap.json").write_text(json.dumps(rows, ensure_ascii=False, indent=1), encoding="utf-8")
        (args.out / "diacritics_gap.md").write_text(report(rows), encoding="utf-8")
    print(f"→ {args.out / 'diacritics_gap.md'}")


if __name__ == "__main__":
    main()
