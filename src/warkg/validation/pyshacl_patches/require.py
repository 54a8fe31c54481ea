"""The check every patch makes when it is imported: what it replaces exists in the
installed pySHACL. A pySHACL outside the range pyproject.toml allows may have moved or
renamed it; then warkg stops at import with the reason, rather than validating without
the patch, or with it half applied."""

from __future__ import annotations

import pyshacl


def require(owner: object, name: str) -> None:
    """ImportError unless `owner` (a pySHACL module or class) has attribute `name`."""
    if not hasattr(owner, name):
        where = getattr(owner, "__qualname__", None) or getattr(owner, "__name__", repr(owner))
        raise ImportError(
            f"warkg patches pySHACL's {where}.{name}, which pySHACL {pyshacl.__version__} "
            "does not have; install the pySHACL version pyproject.toml names"
        )
