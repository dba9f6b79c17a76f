"""plan-qa: search and grounded answers over Vietnamese provincial plans.

Each stage is usable on its own: `parse`/`load_corpus` (files → plans),
`plan_qa.index` (plans → index), `plan_qa.retrieval` (index → clauses),
`plan_qa.answering.Assistant` (question → cited answer).
"""

from plan_qa.corpus import load_corpus, parse
from plan_qa.parsing import Clause, Duty, Plan, PlanMetadata, TaskRow

__all__ = ["Clause", "Duty", "Plan", "PlanMetadata", "TaskRow", "load_corpus", "parse"]
