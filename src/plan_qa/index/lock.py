"""One build at a time per index folder, across processes (an OS file lock, not a thread lock)."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from filelock import FileLock, Timeout

from plan_qa.oserrors import os_reason

LOCK_NAME = ".lock"
DEFAULT_WAIT_SECONDS = 1800.0  # a full rebuild of a large corpus; beyond this something is stuck


class IndexError_(RuntimeError):
    """The index is missing, stale, damaged or cannot be written (message in Vietnamese)."""


@contextmanager
def index_lock(index_dir: Path, wait: float | None = None) -> Iterator[None]:
    """Hold the index folder's lock: build, swap and prune happen inside it, one process at a time."""
    wait = float(os.environ.get("PLAN_QA_LOCK_WAIT", DEFAULT_WAIT_SECONDS)) if wait is None else wait
    try:
        index_dir.mkdir(parents=True, exist_ok=True)
        lock = FileLock(index_dir / LOCK_NAME, timeout=wait)
        lock.acquire()
    except Timeout as error:
        raise IndexError_(f"Một tiến trình khác đang dựng chỉ mục tại {index_dir} quá {wait:.0f} giây; "
                          "hãy thử lại sau.") from error
    except OSError as error:
        raise IndexError_(f"Không ghi được vào thư mục chỉ mục {index_dir} ({os_reason(error)}).") from error
    try:
        yield
    finally:
        lock.release()
