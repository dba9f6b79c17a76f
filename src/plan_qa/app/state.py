"""What the web app holds for every session: the loaded assistant and task matcher, swapped on re-index.

The model and the index are loaded once, at start. A re-index (after an upload)
builds the new index and a new matcher beside the live ones and swaps both in
under a lock, so questions asked meanwhile are answered from the old index.
"""

from __future__ import annotations

import os
import secrets
import tempfile
import threading
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

from plan_qa.answering import Assistant
from plan_qa.comparison.similar import TaskMatcher
from plan_qa.config import Settings, data_dir, judgments_path, reports_dir
from plan_qa.index import BuildReport, ensure_index
from plan_qa.labels import sorted_vietnamese
from plan_qa.parsing import Plan

DEFAULT_MAX_UPLOAD_MB = 20.0
BROWSER_KEY_FILE = "browser-state.key"


@dataclass
class AppConfig:
    """Where the app writes (all under the data folder), how big an upload may be, who may change the corpus."""

    feedback_dir: Path = field(default_factory=lambda: data_dir() / "feedback")
    reports_dir: Path = field(default_factory=reports_dir)
    judgments_path: Path = field(default_factory=judgments_path)
    removed_dir: Path = field(default_factory=lambda: data_dir() / "removed-plans")
    max_upload_mb: float = DEFAULT_MAX_UPLOAD_MB
    work_dir: Path = field(default_factory=lambda: Path(tempfile.mkdtemp(prefix="plan-qa-app-")))
    auth: tuple[str, str] | None = None  # (username, password); None = no login

    @property
    def feedback_path(self) -> Path:
        return self.feedback_dir / "feedback.jsonl"

    def browser_secret(self) -> str:
        """The key that encrypts conversations kept in the browser: PLAN_QA_BROWSER_SECRET, else one kept
        beside the feedback (made once), so saved conversations still open after the server restarts."""
        if os.environ.get("PLAN_QA_BROWSER_SECRET"):
            return os.environ["PLAN_QA_BROWSER_SECRET"]
        path = self.feedback_dir / BROWSER_KEY_FILE
        if not path.exists():
            path.parent.mkdir(parents=True, exist_ok=True)
            fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
            with os.fdopen(fd, "w", encoding="utf-8") as file:
                file.write(secrets.token_hex(16))
        return path.read_text(encoding="utf-8").strip()

    @property
    def max_upload_bytes(self) -> int:
        return int(self.max_upload_mb * 1_000_000)

    @classmethod
    def from_env(cls, **overrides: object) -> AppConfig:
        """Defaults, then PLAN_QA_FEEDBACK_DIR / PLAN_QA_MAX_UPLOAD_MB, then explicit overrides."""
        config = cls()
        if os.environ.get("PLAN_QA_FEEDBACK_DIR"):
            config.feedback_dir = Path(os.environ["PLAN_QA_FEEDBACK_DIR"])
        if os.environ.get("PLAN_QA_MAX_UPLOAD_MB"):
            config.max_upload_mb = float(os.environ["PLAN_QA_MAX_UPLOAD_MB"])
        for key, value in overrides.items():
            if value is not None:
                setattr(config, key, value)
        return config


class AppState:
    """The live assistant and matcher; `reindex` rebuilds and swaps them."""

    def __init__(self, assistant: Assistant, config: AppConfig | None = None) -> None:
        self.config = config or AppConfig.from_env()
        self._lock = threading.Lock()
        self._reindexing = threading.Lock()
        self._assistant = assistant
        self._matcher = self._new_matcher(assistant)

    @classmethod
    def load(cls, settings: Settings | None = None, config: AppConfig | None = None) -> AppState:
        """Load the model and index (building the index if needed) once."""
        return cls(Assistant.load(settings or Settings.from_env()), config)

    @staticmethod
    def _new_matcher(assistant: Assistant) -> TaskMatcher:
        matcher = TaskMatcher(list(assistant.plans.values()), assistant.embedder)
        _ = matcher.vectors  # embed every task now, not on the first click
        return matcher

    @property
    def assistant(self) -> Assistant:
        with self._lock:
            return self._assistant

    @property
    def matcher(self) -> TaskMatcher:
        with self._lock:
            return self._matcher

    def may_change_corpus(self, username: str | None) -> bool:
        """Adding, replacing and removing plans needs a logged-in user whenever login is on."""
        return self.config.auth is None or bool(username)

    @property
    def settings(self) -> Settings:
        return self.assistant.settings

    @property
    def plans(self) -> list[Plan]:
        return list(self.assistant.plans.values())

    def provinces(self) -> list[str]:
        """Provinces that have at least one plan, in Vietnamese alphabetical order."""
        return sorted_vietnamese({p.metadata.province for p in self.plans if p.metadata.province})

    def reindex(self, progress: Callable[[str, float], None] | None = None) -> BuildReport | None:
        """Bring the index up to date with the corpus folder and swap in a new assistant and matcher."""
        with self._reindexing:
            current = self.assistant
            settings = current.settings
            index, report = ensure_index(settings.corpus_dir, settings.index_dir, current.embedder,
                                         settings.index_type, progress)
            fresh = Assistant(index, current.embedder, settings, report)
            matcher = self._new_matcher(fresh)
            with self._lock:
                self._assistant, self._matcher = fresh, matcher
            return report
