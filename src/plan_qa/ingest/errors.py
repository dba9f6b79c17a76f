"""The single error type raised when a plan file cannot be turned into text."""

from __future__ import annotations

from pathlib import Path


class DocumentError(ValueError):
    """A file that cannot be read as a plan; the message is Vietnamese and user-facing.

    ``path`` is the offending file and ``reason`` the short Vietnamese explanation
    embedded in the message.
    """

    def __init__(self, path: str | Path, reason: str) -> None:
        self.path = Path(path)
        self.reason = reason
        super().__init__(f'Không đọc được tệp "{path}": {reason}.')
