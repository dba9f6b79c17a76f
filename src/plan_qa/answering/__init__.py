"""Answer stage: question → grounded answer with numbered citations, or an honest refusal."""

from plan_qa.answering.assistant import Assistant
from plan_qa.answering.model import Answer, Citation

__all__ = ["Answer", "Assistant", "Citation"]
