"""Where plan-qa keeps what it can rebuild (converted models, OCR text): outside git, per user."""

from __future__ import annotations

import os
from pathlib import Path


def default_cache_root() -> Path:
    """Root cache dir: ``$PLAN_QA_CACHE`` or ``~/.cache/plan-qa``."""
    env = os.environ.get("PLAN_QA_CACHE")
    return Path(env).expanduser() if env else Path.home() / ".cache" / "plan-qa"
