"""Held-out intent accuracy: does the intent reader generalise to questions nobody wrote for it?

Every released question set is labelled with the intents its questions ask:
- from the gold `type` where it names the ask (lead_agency → lead, coordinating_agencies → coordinators,
  timeline, agency_duties → duties, target_figure → target, legal_basis);
- by hand where the type does not (paraphrase, no_diacritics, abbreviation, unanswerable, plan_metadata,
  cross_province …) in `eval/intent/hand_labels.jsonl` (each line says who labelled it and how); a hand label
  overrides a derived one. Questions with neither are left out and counted.

Leave-one-source-out: for each question set, the classifier is fitted on the example bank less every phrasing
that copies one of that set's questions (≥ 90 % of a phrasing's ≥ 6 frame words, in order, inside a question),
so no measured question is in what the model learnt. Scores: the main intent is one the question asks
(top-1), and the share of a question's asks the reader returns (asks recall). Both readers are scored in the
same run: the whole-question reader (the product's, `masked=False`) and the frame reader (topic masked, the
measured alternative, not adopted).

    PYTHONPATH=src python eval/intent_heldout.py        # writes eval/intent/heldout_results.{md,json}
"""

from __future__ import annotations

import argparse
import json
import re
from collections import defaultdict
from difflib import SequenceMatcher
from pathlib import Path

from plan_qa.answering.intents import IntentClassifier
from plan_qa.data import load_json
from plan_qa.text.vietnamese import fold_diacritics

ROOT = Path(__file__).resolve().parents[1]
EVAL = ROOT / "eval"
SETS: dict[str, list[Path]] = {
    "qa": [EVAL / "qa.jsonl"],
    "realplans": [EVAL / "realplans" / "questions.jsonl"],
    "s0": sorted((EVAL / "blind_2026-11-27").glob("*.jsonl")),
    "s5": sorted((EVAL / "blind_2026-11-27-s5").glob("*.jsonl")),
    "s6": sorted((EVAL / "blind_2026-11-28-s6").glob("*.jsonl")),
    "s7": sorted((EVAL / "blind_2026-11-28-s7").glob("*.jsonl")),
    "s8": sorted((EVAL / "blind_2026-11-28-s8").glob("*.jsonl")),
    "s9": sorted((EVAL / "blind_2026-11-28-s9").glob("*.jsonl")),
    "s10": sorted((EVAL / "blind_2026-11-28-s10").glob("*.jsonl")),
    "s11": sorted((EVAL / "blind_2026-11-28-s11").glob("*.jsonl")),
    "s12": sorted((EVAL / "blind_2026-11-28-s12").glob("*.jsonl")),
}
FROM_TYPE = {"lead_agency": "lead", "coordinating_agencies": "coordinators", "timeline": "timeline",
             "agency_duties": "duties", "target_figure": "target", "legal_basis": "legal_basis"}
HAND = EVAL / "intent" / "hand_labels.jsonl"
COPY_SHARE, COPY_MIN_WORDS = 0.9, 6


def _words(text: str) -> list[str]:
    return re.findall(r"\w+", fold_diacritics(re.sub(r"\{[a-z]\}", " ", text)).lower())


def labelled(name: str) -> tuple[list[dict], int]:
    """(questions of the set with their labels, how many had none)."""
    hand = {}
    if HAND.exists():
        hand = {(r["set"], r["id"]): r["intents"] for r in map(json.loads, HAND.read_text().splitlines())}
    rows, unlabelled = [], 0
    for path in SETS[name]:
        for line in path.read_text(encoding="utf-8").splitlines():
            if not line.strip():
                continue
            item = json.loads(line)
            labels = hand.get((name, item["id"])) or ([FROM_TYPE[item["type"]]] if item["type"] in FROM_TYPE else None)
            if labels is None:
                unlabelled += 1
                continue
            rows.append({"id": item["id"], "split": item.get("split", ""), "type": item["type"],
                         "question": item["question"], "labels": labels,
                         "by": "hand" if (name, item["id"]) in hand else "type"})
    return rows, unlabelled


def _copies(frame: str, questions: list[list[str]]) -> bool:
    """Whether a bank phrasing is (nearly) one of the questions: its words, in order, inside a question."""
    words = _words(frame)
    if len(words) < COPY_MIN_WORDS:
        return False
    for question in questions:
        blocks = SequenceMatcher(None, words, question, autojunk=False).get_matching_blocks()
        if sum(b.size for b in blocks) >= COPY_SHARE * len(words):
            return True
    return False


def held_out_bank(rows: list[dict]) -> tuple[dict, int]:
    """The example bank less every phrasing copying a measured question, and how many were dropped."""
    bank = load_json("intent_examples")
    questions = [_words(r["question"]) for r in rows]
    kept = {intent: [f for f in frames if not _copies(f, questions)] for intent, frames in bank["intents"].items()}
    multi = [pair for pair in bank["multi"] if not _copies(pair[0], questions)]
    dropped = sum(map(len, bank["intents"].values())) + len(bank["multi"]) - sum(map(len, kept.values())) - len(multi)
    return {**bank, "intents": kept, "multi": multi}, dropped


def score(classifier: IntentClassifier, rows: list[dict]) -> list[dict]:
    out = []
    for row in rows:
        chosen, _ = classifier.asked(fold_diacritics(row["question"]).lower())
        names = [i.name for i in chosen]
        out.append({**row, "predicted": names, "top1": names[0] in row["labels"],
                    "recall": sum(label in names for label in row["labels"]) / len(row["labels"])})
    return out


def summary(results: list[dict]) -> dict:
    n = len(results)
    return {"n": n, "top1": round(sum(r["top1"] for r in results) / n, 3) if n else None,
            "asks_recall": round(sum(r["recall"] for r in results) / n, 3) if n else None}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sets", nargs="*", default=list(SETS))
    parser.add_argument("--out", type=Path, default=EVAL / "intent")
    args = parser.parse_args()
    report: dict = {}
    for name in args.sets:
        rows, unlabelled = labelled(name)
        bank, dropped = held_out_bank(rows)
        entry: dict = {"unlabelled": unlabelled, "bank_phrasings_dropped": dropped}
        for reader, masked in (("whole_question", False), ("frame", True)):
            results = score(IntentClassifier(bank, masked=masked), rows)
            by_split: dict[str, list[dict]] = defaultdict(list)
            by_label: dict[str, list[dict]] = defaultdict(list)
            for r in results:
                by_split[r["split"]].append(r)
                by_label[r["labels"][0]].append(r)
            entry[reader] = {"all": summary(results), "by_split": {k: summary(v) for k, v in sorted(by_split.items())},
                             "by_intent": {k: summary(v) for k, v in sorted(by_label.items())},
                             "misses": [{k: r[k] for k in ("id", "question", "labels", "predicted")}
                                        for r in results if not r["top1"]]}
        report[name] = entry
        print(name, entry["whole_question"]["all"], "->", entry["frame"]["all"], f"(dropped {dropped})", flush=True)
    args.out.mkdir(parents=True, exist_ok=True)
    (args.out / "heldout_results.json").write_text(json.dumps(report, ensure_ascii=False, indent=1), encoding="utf-8")
    lines = ["# Held-out intent accuracy (eval/intent_heldout.py)", "",
             "Leave-one-source-out: the example bank less any phrasing copying a question of the measured set. "
             "top-1 = the main intent is one the question asks; recall = share of its asks returned.", "",
             "| set | n | unlabelled | bank phrasings dropped | whole question top-1 | frame top-1 | "
             "whole question recall | frame recall |", "|---|---|---|---|---|---|---|---|"]
    for name, e in report.items():
        w, f = e["whole_question"]["all"], e["frame"]["all"]
        lines.append(f"| {name} | {w['n']} | {e['unlabelled']} | {e['bank_phrasings_dropped']} | {w['top1']} | "
                     f"{f['top1']} | {w['asks_recall']} | {f['asks_recall']} |")
    lines += ["", "By split (frame reader; whole-question reader in brackets):", ""]
    for name, e in report.items():
        for split, s in e["frame"]["by_split"].items():
            lines.append(f"- {name} {split or '—'}: {s['top1']} [{e['whole_question']['by_split'][split]['top1']}] (n={s['n']})")
    (args.out / "heldout_results.md").write_text("\n".join(lines) + "\n", encoding="utf-8")


if __name__ == "__main__":
    main()
