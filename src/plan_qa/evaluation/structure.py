"""Parsed structure of real plans scored against hand-annotated gold (eval/realplans/GOLD_FORMAT.md).

Per plan: gold task rows found, lead and timeline right on the found rows, duty-agency
recall, fragment agencies (duty holders that do not read as a body), metadata fields
right, share of words placed, and the refusal reason if the file was refused. Works on
any folder of gold files; the plan files are looked up by the gold's "file".
"""

from __future__ import annotations

import json
import re
from dataclasses import dataclass, field
from pathlib import Path

from plan_qa.agencies import DEPARTMENTS, OTHER_BODIES, normalize_agency
from plan_qa.parsing import Plan
from plan_qa.parsing.bodies import agency_list, is_agency_name, split_bodies
from plan_qa.parsing.legend import expand
from plan_qa.text.vietnamese import fold_diacritics

META_FIELDS = ("kind", "number", "issue_date", "province", "issuer", "signer", "signer_title", "title")
_START_CHARS = 40


def fold(text: str | None) -> str:
    """Lower case, no diacritics, single spaces, no trailing punctuation."""
    folded = fold_diacritics(text or "").lower()
    return re.sub(r"\s+", " ", folded).strip(" .;,:")


def agency_key(name: str) -> str:
    """Comparable form of an agency name: canonical when known, "UBND" spelled out, folded."""
    canonical = normalize_agency(name) or name
    text = re.sub(r"\bUBND\b", "Ủy ban nhân dân", canonical)
    return re.sub(r"^cac ", "", fold(text.replace("Uỷ", "Ủy")))


def _date_key(text: str | None) -> str:
    match = re.match(r"\s*(\d{1,2})/(\d{1,2})/(\d{4})", text or "")
    return f"{int(match[1])}/{int(match[2])}/{match[3]}" if match else fold(text)


def _meta_key(name: str, value: str | None) -> str:
    if name == "issue_date":
        return _date_key(value)
    if name == "issuer":
        return agency_key(value or "")
    return fold(value)


@dataclass
class PlanScore:
    """Structure scores of one plan."""

    plan: str
    split: str
    refused: str | None = None
    gold_tasks: int = 0
    found: int = 0
    lead_right: int = 0
    timeline_right: int = 0
    gold_duties: int = 0
    duties_found: int = 0
    fragments: list[str] = field(default_factory=list)
    meta_right: int = 0
    meta_total: int = 0
    meta_wrong: list[str] = field(default_factory=list)
    placed: float = 0.0
    missed_tasks: list[str] = field(default_factory=list)
    missed_duties: list[str] = field(default_factory=list)


def _agency_set(names: list[str]) -> set[str]:
    """Names through the parser's own agency normaliser (lists expanded, non-bodies dropped), keyed."""
    return {agency_key(n) for name in names for n in (agency_list(name) or [name])}


def _duty_names(plan: Plan) -> list[str]:
    names: list[str] = []
    for duty in plan.duties:
        for name in [duty.agency, *agency_list(duty.agency_text), *agency_list(duty.agency)]:
            if name and name not in names:
                names.append(name)
    return names


def fragment_agencies(plan: Plan) -> list[str]:
    """Duty holders that are neither a known body nor read as one (sentence fragments)."""
    return sorted({
        d.agency for d in plan.duties
        if d.agency not in DEPARTMENTS and d.agency not in OTHER_BODIES
        and not all(is_agency_name(part) or part in DEPARTMENTS or part in OTHER_BODIES
                    for part in split_bodies(d.agency))
    })


def _score_tasks(score: PlanScore, gold_tasks: list[dict], plan: Plan) -> None:
    used: set[int] = set()
    score.gold_tasks = len(gold_tasks)
    for gold in gold_tasks:
        start = fold(gold["task_start"])[:_START_CHARS]
        match = next((i for i, t in enumerate(plan.tasks) if i not in used and fold(t.task).startswith(start)), None)
        if match is None:
            score.missed_tasks.append(gold["task_start"])
            continue
        used.add(match)
        task = plan.tasks[match]
        score.found += 1
        # gold names a body as the cell writes it ("CCCNTY"): read under the plan's own legend, as the parser does
        gold_lead = [expand(name, plan.abbreviations) for name in gold.get("lead") or []]
        score.lead_right += _agency_set(task.lead) == _agency_set(gold_lead)
        score.timeline_right += fold(task.timeline) == fold(gold.get("timeline"))


def score_plan(gold: dict, plan: Plan | None, split: str = "", refused: str | None = None) -> PlanScore:
    """Score one parsed plan (None when the file was refused) against its gold."""
    score = PlanScore(plan=Path(gold["file"]).stem, split=split, refused=refused)
    duties = gold.get("duty_agencies") or []
    score.gold_duties = len(duties)
    metadata = {k: v for k, v in (gold.get("metadata") or {}).items() if k in META_FIELDS and v is not None}
    score.meta_total = len(metadata)
    if plan is None:
        score.gold_tasks = len(gold.get("tasks") or [])
        return score
    _score_tasks(score, gold.get("tasks") or [], plan)
    parsed = [agency_key(n) for n in _duty_names(plan)]
    for duty in duties:
        keys = _agency_set([duty["agency"]]) | {agency_key(duty["agency"])}
        if any(p == key or p.startswith(key + " ") or key.startswith(p + " ") for p in parsed for key in keys):
            score.duties_found += 1
        else:
            score.missed_duties.append(duty["agency"])
    score.fragments = fragment_agencies(plan)
    for name, value in metadata.items():
        if _meta_key(name, getattr(plan.metadata, name, None)) == _meta_key(name, value):
            score.meta_right += 1
        else:
            score.meta_wrong.append(name)
    score.placed = plan.placed_share or 0.0
    return score


def read_splits(format_file: Path) -> dict[str, str]:
    """Plan-name prefix → split, from the split table of GOLD_FORMAT.md ("| train | a, b | … |")."""
    splits: dict[str, str] = {}
    if not format_file.is_file():
        return splits
    for line in format_file.read_text(encoding="utf-8").splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if len(cells) >= 2 and re.fullmatch(r"[a-z]+(?: \([a-z]+\))?", cells[0]) and "_" in cells[1]:
            for name in cells[1].split(","):
                splits[name.strip()] = cells[0].split()[0]
    return splits


def split_of(stem: str, splits: dict[str, str]) -> str:
    return next((s for name, s in splits.items() if stem == name or stem.startswith(name + "-")), "")


def score_folder(gold_dir: Path, plans_dir: Path, splits: dict[str, str] | None = None) -> list[PlanScore]:
    """Score every gold file in `gold_dir` against its plan file in `plans_dir`."""
    from plan_qa.corpus import parse

    scores = []
    for gold_path in sorted(Path(gold_dir).glob("*.json")):
        gold = json.loads(gold_path.read_text(encoding="utf-8"))
        stem = Path(gold["file"]).stem
        split = split_of(stem, splits or {})
        try:
            plan, refused = parse(Path(plans_dir) / gold["file"]), None
        except Exception as exc:  # a refused file is a result to report, not a crash
            plan, refused = None, str(exc)
        scores.append(score_plan(gold, plan, split, refused))
    return scores


def _pct(part: float, whole: float) -> str:
    return f"{100 * part / whole:.0f} %" if whole else "–"


def totals(scores: list[PlanScore]) -> dict[str, float]:
    """Pooled rates over plans: tasks found, lead, timeline, duty recall, metadata; worst placed share."""
    found = sum(s.found for s in scores)
    return {
        "tasks_found": sum(s.found for s in scores) / max(1, sum(s.gold_tasks for s in scores)),
        "lead_right": sum(s.lead_right for s in scores) / max(1, found),
        "timeline_right": sum(s.timeline_right for s in scores) / max(1, found),
        "duty_recall": sum(s.duties_found for s in scores) / max(1, sum(s.gold_duties for s in scores)),
        "fragments": float(sum(len(s.fragments) for s in scores)),
        "metadata": sum(s.meta_right for s in scores) / max(1, sum(s.meta_total for s in scores)),
        "min_placed": min((s.placed for s in scores if s.refused is None), default=0.0),
        "refused": float(sum(s.refused is not None for s in scores)),
    }


def markdown(scores: list[PlanScore]) -> str:
    """Per-plan table, one block per split, with pooled totals."""
    out: list[str] = []
    for split in sorted({s.split for s in scores}):
        group = [s for s in scores if s.split == split]
        out += [f"### {split or 'all'}", "",
                "| plan | task rows found | lead right | timeline right | duty recall | fragment agencies "
                "| metadata right | placed | refused |", "|---|---|---|---|---|---|---|---|---|"]
        for s in group:
            out.append(
                f"| {s.plan} | {s.found}/{s.gold_tasks} | {s.lead_right}/{s.found} | {s.timeline_right}/{s.found} "
                f"| {s.duties_found}/{s.gold_duties} | {len(s.fragments)} | {s.meta_right}/{s.meta_total}"
                f"{' (' + ', '.join(s.meta_wrong) + ')' if s.meta_wrong else ''} | {100 * s.placed:.1f} % "
                f"| {s.refused or ''} |"
            )
        t = totals(group)
        out += [
            f"| **total** | {_pct(t['tasks_found'], 1)} | {_pct(t['lead_right'], 1)} | {_pct(t['timeline_right'], 1)} "
            f"| {_pct(t['duty_recall'], 1)} | {t['fragments']:.0f} | {_pct(t['metadata'], 1)} "
            f"| min {100 * t['min_placed']:.1f} % | {t['refused']:.0f} |",
            "",
        ]
    return "\n".join(out)
