"""Data files of the parser and answerer: plan grammar, provinces, agency renames, everyday wording, intents.

Each JSON file states its source in a `_source` field. `load_json` reads one by name.
"""

from __future__ import annotations

import json
from functools import lru_cache
from importlib.resources import files
from typing import Any


@lru_cache(maxsize=None)
def load_json(name: str) -> Any:
    """The parsed `<name>.json` of this package (cached; treat as read-only)."""
    return json.loads(files(__package__).joinpath(f"{name}.json").read_text(encoding="utf-8"))
