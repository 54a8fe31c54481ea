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
from warkg.validation import ValidationReport, ValidationResult, validate

__all__ = [
    "InputError",
    "ValidationReport",
    "ValidationResult",
    "__version__",
    "article_path",
    "canonical_turtle",
    "canonicalise",
    "data_root",
    "format_file",
    "load_data",
    "load_files",
    "load_ontology",
    "load_shapes",
    "new_graph",
    "validate",
]
