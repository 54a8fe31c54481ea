"""The Turtle files under a folder, found as ruff and pytest find their inputs: what
`warkg validate` and `warkg fmt` act on when no path is named.

Inside a git work tree the files are git's: tracked or new, not ignored
(`git ls-files --cached --others --exclude-standard`), so a `.gitignore`d build output or
virtual environment is never read. Elsewhere the folder is walked, leaving out hidden
folders (`.git`, `.venv`, `.tox`, ...), `node_modules`, `__pycache__` and any virtual
environment (a folder holding `pyvenv.cfg`).
"""

from __future__ import annotations

import os
import shutil
import subprocess
from pathlib import Path

SKIPPED = frozenset({"node_modules", "__pycache__", "site-packages"})


def turtle_files_under(root: Path) -> list[Path]:
    """The `*.ttl` files under `root`, sorted, as paths below `root`."""
    found = _git_files(root)
    if found is None:
        found = _walked(root)
    return sorted(found, key=lambda path: path.as_posix())


def _git_files(root: Path) -> list[Path] | None:
    """git's files, or None outside a work tree or without git."""
    git = shutil.which("git")
    if git is None:
        return None
    try:
        listed = subprocess.run(
            [git, "ls-files", "-z", "--cached", "--others", "--exclude-standard", "--", "*.ttl"],
            cwd=root,
            capture_output=True,
            timeout=60,
            check=False,
        )
    except (OSError, subprocess.SubprocessError):
        return None
    if listed.returncode != 0:
        return None
    names = {name for name in listed.stdout.decode("utf-8", "surrogateescape").split("\0") if name}
    # Tracked files deleted from the working tree are still listed by --cached.
    return [root / name for name in names if (root / name).is_file()]


def _walked(root: Path) -> list[Path]:
    found = []
    for folder, subfolders, files in os.walk(root):
        subfolders[:] = [
            name
            for name in subfolders
            if not name.startswith(".")
            and name not in SKIPPED
            and not (Path(folder) / name / "pyvenv.cfg").exists()
        ]
        found.extend(Path(folder) / name for name in files if name.endswith(".ttl"))
    return found
