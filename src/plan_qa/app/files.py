"""Files the user downloads: written once per content under the app's work folder."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from plan_qa.atomic import write_atomically


def download_file(folder: Path, name: str, content: bytes) -> Path:
    """`folder/<content hash>/name`, written atomically; the same content gives the same path."""
    digest = hashlib.sha256(content).hexdigest()[:16]
    target = folder / digest / name
    if not target.exists():
        try:
            write_atomically(target, content, replace=False)
        except FileExistsError:
            pass  # another request wrote the same content under the same name first
    return target


def zip_folder(folder: Path, destination: Path) -> Path:
    """A .zip of `folder` at `destination` (suffix added by shutil)."""
    destination.parent.mkdir(parents=True, exist_ok=True)
    return Path(shutil.make_archive(str(destination.with_suffix("")), "zip", folder))
