"""The installed distribution's version (`warkg.__version__`), for modules at every layer."""

from __future__ import annotations

import functools


@functools.cache
def package_version() -> str:
    """The installed distribution's version; read only when asked for, because
    importlib.metadata costs more to import than most commands take to run."""
    from importlib.metadata import PackageNotFoundError, version

    try:
        return version("warkg")
    except PackageNotFoundError:  # running from a source tree that was never installed
        return "0+unknown"
