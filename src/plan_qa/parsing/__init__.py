"""Parsing stage: plan files → `Plan` objects."""

from plan_qa.parsing.model import Clause, Duty, LegalBasis, Plan, PlanMetadata, TaskRow
from plan_qa.parsing.parser import PARSER_VERSION, parse_text, plan_id_for

__all__ = [
    "Clause", "Duty", "LegalBasis", "Plan", "PlanMetadata", "TaskRow",
    "PARSER_VERSION", "parse_text", "plan_id_for",
]
