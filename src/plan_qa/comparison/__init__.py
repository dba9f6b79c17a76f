"""Tasks across plans: similar-task search, plan alignment, conflicts, agency workload."""

from plan_qa.comparison.align import Alignment, Pair, compare
from plan_qa.comparison.conflicts import Conflict, conflicts
from plan_qa.comparison.differences import Difference, normalize_timeline, task_differences
from plan_qa.comparison.similar import (
    DENSE_WEIGHT,
    MATCH_THRESHOLD,
    NO_COUNTERPART,
    QUERY_THRESHOLD,
    Match,
    PlanMatches,
    SimilarResult,
    TaskMatcher,
)
from plan_qa.comparison.tasks import TaskItem, plan_items
from plan_qa.comparison.workload import Assignment, Workload, agency_workload, resolve_agency

__all__ = [
    "DENSE_WEIGHT", "MATCH_THRESHOLD", "NO_COUNTERPART", "QUERY_THRESHOLD",
    "Alignment", "Assignment", "Conflict", "Difference", "Match", "Pair", "PlanMatches",
    "SimilarResult", "TaskItem", "TaskMatcher", "Workload",
    "agency_workload", "compare", "conflicts", "normalize_timeline", "plan_items",
    "resolve_agency", "task_differences",
]
