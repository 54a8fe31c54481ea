"""`warkg build --check`: the committed triples/ are the build of the shipped snapshot.

Each part the build makes ("war", "references", "sources") must equal the file of that
name in triples/, triple for triple, with every literal exactly as written (the files
are read by pyoxigraph, which keeps lexical forms; no blank nodes are allowed, so equal
sets of triples are isomorphic graphs). The build record is not compared (see
`warkg.build.pipeline`).

triples/wikidata-links.ttl is not built: its links come from the `warkg wikidata`
workflow, checked against Wikidata by a person, and the article states none of them.
The check requires only that every entity it links is one the build describes, so that
a renamed IRI cannot leave a link dangling.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pyoxigraph

from warkg.build.output import Output, nt_term
from warkg.errors import InputError
from warkg.rdf.namespaces import WARKG

__all__ = ["Difference", "compare_with_files"]

LINKS_FILE = "wikidata-links.ttl"


@dataclass(frozen=True)
class Difference:
    """One file that differs from its part: triples only in the file, only in the build."""

    file: str
    only_in_file: tuple[str, ...]
    only_in_build: tuple[str, ...]


def _file_triples(path: Path) -> set[str]:
    try:
        data = path.read_bytes()
        quads = list(pyoxigraph.parse(input=data, format=pyoxigraph.RdfFormat.TURTLE))
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror}") from None
    except SyntaxError as error:
        raise InputError(f"{path}: not valid Turtle: {error}") from None
    lines = set()
    for quad in quads:
        lines.add(f"{quad.subject} {quad.predicate} {quad.object}")
    return lines


def compare_with_files(output: Output, directory: Path, parts: tuple[str, ...]) -> list[Difference]:
    """Each part against directory/<part>.ttl; and the links file against the build."""
    differences = []
    for part in parts:
        path = directory / f"{part}.ttl"
        in_file = _file_triples(path)
        built = {" ".join(nt_term(t) for t in triple) for triple in output.parts.get(part, set())}
        if in_file != built:
            differences.append(
                Difference(
                    f"{directory.name}/{path.name}",
                    tuple(sorted(in_file - built)),
                    tuple(sorted(built - in_file)),
                )
            )
    links = directory / LINKS_FILE
    if links.is_file():
        subjects = {nt_term(s) for s, _, _ in output.triples()}
        linked = [
            line
            for line in sorted(_file_triples(links))
            if line.split(" ", 2)[1] == f"<{WARKG.linksEntity}>"
            and line.split(" ", 2)[2] not in subjects
        ]
        if linked:
            differences.append(Difference(f"{directory.name}/{LINKS_FILE}", tuple(linked), ()))
    known = {f"{part}.ttl" for part in parts} | {LINKS_FILE}
    for path in sorted(directory.glob("*.ttl")):
        if path.name not in known:
            differences.append(
                Difference(
                    f"{directory.name}/{path.name}", ("(a file the build does not make)",), ()
                )
            )
    return differences
