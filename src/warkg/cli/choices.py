"""The choices and defaults the command line shows in `--help`, in a module that
imports nothing, so that `warkg --help` and `warkg queries` cost little more than click.

The modules that use them at run time keep their own names
(`results.formats.FORMATS`, `engines.base.BACKENDS`, `validation.report_formats.FORMATS`,
...); `tests/cli/test_cold_start.py` checks that they agree with these, so the two
cannot drift apart.
"""

from __future__ import annotations

RESULT_FORMATS = ("table", "csv", "tsv", "json", "markdown")
"""`warkg query --format` and `warkg sparql --format` (`results.formats.FORMATS`)."""

REPORT_FORMATS = ("text", "json", "junit", "sarif", "github")
"""`warkg validate --format` (`validation.report_formats.FORMATS`)."""

FAIL_ON = ("violation", "warning", "info")
"""`warkg validate --fail-on` (`validation.model.FAIL_ON`)."""

BUILD_FORMATS = ("dump", "wikitext", "text")
"""`warkg build --format`: the readers, in the order detection tries them
(`warkg.build.readers.READERS`)."""

BACKENDS = ("rdflib", "oxigraph", "remote")
"""`--backend` (`engines.base.BACKENDS`)."""

DEFAULT_TIMEOUT = 10.0
"""`--timeout` for a remote endpoint, in seconds (`engines.base.DEFAULT_TIMEOUT`)."""
EMBEDDED_TIMEOUT = 60.0
"""`--timeout` for a query on an embedded engine, in seconds: generous, since a query
that needs more on the shipped graph is almost always a mistake (a cross join)."""

REQUEST_METHODS = ("auto", "get", "post-form", "post-direct")
"""`--method` for a remote endpoint (`warkg.sparql.protocol.METHODS`)."""
