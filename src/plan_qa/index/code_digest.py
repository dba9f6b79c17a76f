"""A digest of the code and data that turn plan files into indexed documents.

An index records it in its manifest; an index built by other parsing code is rebuilt. `PARSER_VERSION` alone
depended on someone remembering to bump it: parser changes merged without a bump left old structure in
existing indexes (measured 2026-11-27: 3 of 120 answers differed between a stale and a fresh index).
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

from plan_qa.hashing import files_digest

_PACKAGE = Path(__file__).resolve().parents[1]
_SHAPING_CODE = ("parsing", "ingest", "text", "agencies.py", "corpus.py", "index/documents.py", "index/lexical.py")
# Data files read only while answering; every other data file may shape documents and is digested.
_ANSWERING_ONLY_DATA = frozenset({"focal_roles.json", "partner_grammar.json", "intent_examples.json",
                                  "support_model.json", "answerability_model.json", "question_asks.json"})


def _shaping_files() -> list[Path]:
    files: list[Path] = []
    for entry in _SHAPING_CODE:
        path = _PACKAGE / entry
        files += sorted(path.rglob("*.py")) if path.is_dir() else [path]
    files += sorted(p for p in (_PACKAGE / "data").glob("*.json") if p.name not in _ANSWERING_ONLY_DATA)
    return files


@lru_cache(maxsize=1)
def parsing_code_digest() -> str:
    """Short SHA-256 over the relative path and bytes of every file that shapes indexed documents."""
    return files_digest(_shaping_files(), _PACKAGE)
