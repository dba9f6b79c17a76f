"""Settings shared by the CLI, the app and the Python API (environment overrides)."""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from pathlib import Path

import platformdirs

from plan_qa.corpus import PROJECT_ROOT, default_corpus_dir
from plan_qa.embeddings import DEFAULT_MODEL


def data_dir() -> Path:
    """Where the app writes (evaluation reports, judgments, feedback, removed plans): $PLAN_QA_DATA or the
    user's data folder — never the source tree."""
    return Path(os.environ.get("PLAN_QA_DATA") or platformdirs.user_data_dir("plan-qa", appauthor=False))


def reports_dir() -> Path:
    """Evaluation runs (one folder each) and the latest summary, in the data folder."""
    return data_dir() / "reports"


def judgments_path() -> Path:
    """The evaluators' right/wrong marks, in the data folder."""
    return data_dir() / "judgments.sqlite"


def _slug(name: str) -> str:
    return re.sub(r"[^A-Za-z0-9._-]+", "_", name).strip("_") or "model"


@dataclass
class Settings:
    """Where the corpus and index live, which model embeds, how retrieval fuses."""

    corpus_dir: Path = field(default_factory=default_corpus_dir)
    model: str = DEFAULT_MODEL
    index_root: Path = PROJECT_ROOT / "indexes"
    index_type: str = "flat"  # "flat" (exact) or "hnsw" for a national-size corpus
    # Fusion and the raise on a named body's clauses: best recall@5 on the train plans of the
    # real-plan and bundled sets together (bench/results/fusion.md, bench/bench_fusion.py).
    dense_weight: float = 0.5
    lexical_weight: float = 1.0
    fusion: str = "minmax"  # or "rrf"
    body_weight: float = 1.0
    llm: str = ""  # optional: "ollama:<model>" or "openai:<model>@<base_url>"; empty = grounded answers only

    @property
    def index_dir(self) -> Path:
        """One index folder per embedding model, so switching models never clobbers."""
        return self.index_root / _slug(self.model)

    @classmethod
    def from_env(cls, **overrides: object) -> "Settings":
        """Defaults, then PLAN_QA_* environment variables, then explicit non-None overrides."""
        settings = cls()
        env = {
            "corpus_dir": os.environ.get("PLAN_QA_CORPUS"),
            "model": os.environ.get("PLAN_QA_MODEL"),
            "index_root": os.environ.get("PLAN_QA_INDEX_ROOT"),
            "index_type": os.environ.get("PLAN_QA_INDEX_TYPE"),
            "llm": os.environ.get("PLAN_QA_LLM"),
            "fusion": os.environ.get("PLAN_QA_FUSION"),
        }
        for key, value in {**env, **overrides}.items():
            if value is not None:
                current = getattr(settings, key)
                setattr(settings, key, Path(value) if isinstance(current, Path) else type(current)(value))
        return settings
