"""Atomic file writes: a reader — in this process or another — sees the old file or the whole new one, never a part.

The content goes to a temporary file in the target's own folder (a rename across file systems would not be
atomic), is flushed to disk (fsync), then published under the target's name with one rename (`os.replace`);
the folder is flushed so the rename survives a crash. The temporary file ends in ".tmp", a suffix no reader of
the corpus or the caches takes for one of its files. With `replace=False` an existing target is never
overwritten, even by a writer in another process: the file is published with a hard link, which the OS refuses
when the name is taken.
"""

from __future__ import annotations

import errno
import os
import shutil
import tempfile
from pathlib import Path

# File systems without hard links (FAT, some network shares) refuse os.link with one of these.
_NO_HARD_LINKS = {errno.EPERM, errno.ENOTSUP, errno.EOPNOTSUPP, errno.EXDEV, errno.EMLINK}


def write_atomically(target: Path, content: bytes | str | Path, *, replace: bool = True) -> Path:
    """Write bytes, UTF-8 text, or a copy of the file at a Path to `target` atomically; return `target`.

    Raises OSError as the OS gives it (the temporary file is removed), FileExistsError when `replace` is
    False and the target exists."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    fd, temporary = tempfile.mkstemp(dir=target.parent, prefix=f".{target.name}.", suffix=".tmp")
    try:
        with os.fdopen(fd, "wb") as handle:
            if isinstance(content, Path):
                with content.open("rb") as source:
                    shutil.copyfileobj(source, handle)
            else:
                handle.write(content.encode("utf-8") if isinstance(content, str) else content)
            handle.flush()
            os.fsync(handle.fileno())
        if replace:
            os.replace(temporary, target)
        else:
            _publish_new(Path(temporary), target)
    except BaseException:
        Path(temporary).unlink(missing_ok=True)
        raise
    _flush_folder(target.parent)
    return target


def _publish_new(temporary: Path, target: Path) -> None:
    """Give the temporary file the target's name unless the name is taken (atomic check-and-create)."""
    try:
        os.link(temporary, target)
    except OSError as error:
        if error.errno not in _NO_HARD_LINKS:
            raise
        if target.exists():  # no hard links here: the check and the rename are two steps
            raise FileExistsError(errno.EEXIST, os.strerror(errno.EEXIST), str(target)) from error
        os.replace(temporary, target)
        return
    temporary.unlink()


def _flush_folder(folder: Path) -> None:
    """Make the rename durable; a folder cannot be opened on every OS (Windows), which only costs durability."""
    try:
        fd = os.open(folder, os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)
