"""Options and defaults the query and load commands share (importing only click)."""

from __future__ import annotations

import click

from warkg.cli import choices

# The defaults are the fast paths (benchmarks/README.md): pyoxigraph gives the same rows
# as rdflib for every stored query, reasonable the same closure of the data as owlrl.
# rdflib and owlrl stay available as the reference implementations.
DEFAULT_BACKEND = "oxigraph"
DEFAULT_REASONER = "auto"


REASONER = click.option(
    "--reasoner",
    type=click.Choice(("auto", "owlrl", "reasonable")),
    help="Reasoning engine for --reason (implies it) [default: auto: reasonable, or owlrl "
    "(the reference) when the graph uses an OWL construct reasonable cannot handle].",
)


METHOD = click.option(
    "--method",
    type=click.Choice(choices.REQUEST_METHODS),
    default="auto",
    show_default=True,
    help="How queries go to the endpoint: auto (GET, or a form POST when the URL would pass "
    "2 KB), get, post-form, or post-direct (application/sparql-query; Virtuoso 7 never "
    "answers it).",
)
