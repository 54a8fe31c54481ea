"""warkg: a knowledge graph of the Second Nagorno-Karabakh War in which every claim
carries its provenance.

Importing the package does no I/O and imports nothing else: no network, no logging
set-up, no prints. Each public name is imported from its module when first used, and
`__version__` read from the package metadata when first asked for.
"""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING, Any

# Where each public name lives. Importing the package imports none of them: a command
# that only lists stored queries must not pay for rdflib, pySHACL or the SPARQL parser
# (see `__getattr__`), and `warkg.cli.main` imports only what its command needs.
_EXPORTS = {
    "warkg.catalogue.run": ("list_queries", "run_query", "run_sparql"),
    "warkg.catalogue.stored": ("Param", "StoredQuery"),
    "warkg.engines.base": ("Backend",),
    "warkg.engines.opening": ("open_graph",),
    "warkg.engines.oxigraph": ("OxigraphBackend",),
    "warkg.engines.rdflib": ("RdflibBackend",),
    "warkg.engines.remote": ("RemoteBackend",),
    "warkg.engines.upload": ("load_remote",),
    "warkg.errors": ("InputError",),
    "warkg.paths": ("article_path", "data_root"),
    "warkg.rdf.canonical": ("canonical_turtle", "canonicalise", "format_file"),
    "warkg.rdf.loading": (
        "load_data",
        "load_files",
        "load_graph",
        "load_graph",
        "load_ontology",
        "load_shapes",
        "new_graph",
    ),
    "warkg.results.csv": ("format_csv",),
    "warkg.results.formats": ("FORMATS", "format_result"),
    "warkg.results.json": ("format_json",),
    "warkg.results.markdown": ("format_markdown",),
    "warkg.results.model": ("Result", "ResultRow"),
    "warkg.results.table": ("format_table",),
    "warkg.results.tsv": ("format_tsv",),
    "warkg.validation.api": ("ValidationReport", "ValidationResult", "validate"),
}
_HOME = {name: module for module, names in _EXPORTS.items() for name in names}


def __getattr__(name: str) -> Any:
    """A public name, imported from its module on first use and kept (PEP 562)."""
    if name == "__version__":
        from warkg.version import package_version

        value = package_version()
    elif name in _HOME:
        value = getattr(importlib.import_module(_HOME[name]), name)
    else:
        raise AttributeError(f"module 'warkg' has no attribute {name!r}")
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *_HOME, "__version__"})


if TYPE_CHECKING:  # what the names are, for type checkers and editors
    from warkg.catalogue.run import list_queries, run_query, run_sparql
    from warkg.catalogue.stored import Param, StoredQuery
    from warkg.engines.base import Backend
    from warkg.engines.opening import open_graph
    from warkg.engines.oxigraph import OxigraphBackend
    from warkg.engines.rdflib import RdflibBackend
    from warkg.engines.remote import RemoteBackend
    from warkg.engines.upload import load_remote
    from warkg.errors import InputError
    from warkg.paths import article_path, data_root
    from warkg.rdf.canonical import canonical_turtle, canonicalise, format_file
    from warkg.rdf.loading import (
        load_data,
        load_files,
        load_graph,
        load_ontology,
        load_shapes,
        new_graph,
    )
    from warkg.results.csv import format_csv
    from warkg.results.formats import FORMATS, format_result
    from warkg.results.json import format_json
    from warkg.results.markdown import format_markdown
    from warkg.results.model import Result, ResultRow
    from warkg.results.table import format_table
    from warkg.results.tsv import format_tsv
    from warkg.validation.api import ValidationReport, ValidationResult, validate

    __version__: str

__all__ = [
    "FORMATS",
    "Backend",
    "InputError",
    "OxigraphBackend",
    "Param",
    "RdflibBackend",
    "RemoteBackend",
    "Result",
    "ResultRow",
    "StoredQuery",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "article_path",
    "canonical_turtle",
    "canonicalise",
    "data_root",
    "format_csv",
    "format_file",
    "format_json",
    "format_markdown",
    "format_result",
    "format_table",
    "format_tsv",
    "list_queries",
    "load_data",
    "load_files",
    "load_graph",
    "load_ontology",
    "load_remote",
    "load_shapes",
    "new_graph",
    "open_graph",
    "run_query",
    "run_sparql",
    "validate",
]
