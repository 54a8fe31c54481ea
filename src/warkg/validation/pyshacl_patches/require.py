"""The check every module here makes when it is imported: what it replaces or reads
exists in the installed library (pySHACL, or rdflib for `speedups`' SPARQL processor). A
version outside the range pyproject.toml allows may have moved or renamed it; then warkg
stops at import with the reason, rather than validating without the patch, or with it
half applied."""

from __future__ import annotations

from importlib import metadata


def require(owner: object, name: str) -> None:
    """ImportError unless `owner` (a module or class of pySHACL or rdflib) has `name`."""
    if not hasattr(owner, name):
        where = getattr(owner, "__qualname__", None) or getattr(owner, "__name__", repr(owner))
        module = getattr(owner, "__module__", None) or getattr(owner, "__name__", "")
        library = "rdflib" if module.split(".")[0] == "rdflib" else "pySHACL"
        try:
            version = metadata.version(library.lower())
        except metadata.PackageNotFoundError:
            version = "(not installed)"
        raise ImportError(
            f"warkg patches {library}'s {where}.{name}, which {library} {version} "
            f"does not have; install the {library} version pyproject.toml names"
        )
