"""`warkg build` over a MediaWiki dump: every conflict article, in `jobs` processes, as
N-Quads with one named graph per article, each article written whole or not at all.

The workers run the whole build of a page (read, rules, serialisation), so the parent
only reads the dump and writes; see `warkg.build.readers.dump` for the streaming and the
skips, and benchmarks/dump-on-a-cluster.md for the same map on a cluster.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import IO, BinaryIO

from warkg.build.curation import Curation
from warkg.build.model import Article
from warkg.build.output import nt_term
from warkg.build.pipeline import Built, build_article
from warkg.build.readers.dump import DumpReport, build_dump, page_outcome, select_page

__all__ = ["article_nquads", "nquads", "run_dump"]


def nquads(built: Built) -> str:
    """One article's graph (content and build record) as N-Quads in its named graph,
    lines sorted so that the same build writes the same bytes."""
    name = nt_term(built.graph_iri)
    lines = [
        " ".join(nt_term(term) for term in triple) + f" {name} .\n"
        for triple in built.output.triples() | set(built.record)
    ]
    return "".join(sorted(lines))


def article_nquads(
    article: Article, curation: Curation | None = None
) -> tuple[str, tuple[str, ...]]:
    """Build one article: its N-Quads and the rules' warnings (runs in a worker)."""
    built = build_article(article, curation)
    return nquads(built), tuple(built.warnings)


def run_dump(
    name: str,
    raw: BinaryIO,
    out: IO[str],
    *,
    curation: Curation | None = None,
    jobs: int = 1,
    progress: bool | None = None,
    warn: Callable[[str], None] | None = None,
) -> DumpReport:
    """Build every conflict article of the dump into `out` (see the module); `warn`
    takes each one-line message (default: standard error)."""
    render = functools.partial(article_nquads, curation=curation)
    kwargs = {"warn": warn} if warn is not None else {}
    return build_dump(
        name,
        raw,
        functools.partial(page_outcome, render=render),
        out,
        select=select_page,
        jobs=jobs,
        progress=progress,
        **kwargs,
    )
