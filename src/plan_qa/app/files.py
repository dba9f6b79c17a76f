"""Files the user downloads: written once per content under the app's work folder."""

from __future__ import annotations

import hashlib
import os
import shutil
import tempfile
from pathlib import Path


def download_file(folder: Path, name: str, content: bytes) -> Path:
    """`folder/<content hash>/name`, written atomically; the same content gives the same path."""
    digest = hashlib.sha256(content).hexdigest()[:16]
    target = folder / digest / name
    if not target.exists():
        target.parent.mkdir(parents=True, exist_ok=True)
        fd, temporary = tempfile.mkstemp(dir=target.parent)
        with os.fdopen(fd, "wb") as file:
            file.write(content)
        os.replace(temporary, target)
    return target


def zip_folder(folder: Path, destination: Path) -> Path:
    """A .zip of `folder` at `destination` (suffix added by shutil)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    return Path(shutil.make_archive(str(destination.with_suffix("")), "zip", folder))
