"""warkg: a knowledge graph of the Second Nagorno-Karabakh War in which every claim
carries its provenance.

Importing the package does no I/O beyond reading its own metadata: no network, no
logging set-up, no prints.
"""

from __future__ import annotations

from importlib.metadata import PackageNotFoundError, version

try:
    __version__ = version("warkg")
except PackageNotFoundError:  # running from a source tree that was never installed
    __version__ = "0+unknown"

from warkg.backends import (
    Backend,
    OxigraphBackend,
    RdflibBackend,
    RemoteBackend,
    load_remote,
    open_graph,
)
from warkg.errors import InputError
from warkg.formatting import canonical_turtle, canonicalise, format_file
from warkg.loading import (
    load_data,
    load_files,
    load_ontology,
    load_shapes,
    new_graph,
)
from warkg.paths import article_path, data_root
from warkg.querying import list_queries, run_query, run_sparql
from warkg.results import (
    FORMATS,
    Result,
    format_csv,
    format_json,
    format_markdown,
    format_result,
    format_table,
    format_tsv,
)
from warkg.stored_queries import Param, StoredQuery
from warkg.validation import ValidationReport, ValidationResult, validate

__all__ = [
    "FORMATS",
    "Backend",
    "InputError",
    "OxigraphBackend",
    "Param",
    "RdflibBackend",
    "RemoteBackend",
    "Result",
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
    "load_ontology",
    "load_remote",
    "load_shapes",
    "new_graph",
    "open_graph",
    "run_query",
    "run_sparql",
    "validate",
]
