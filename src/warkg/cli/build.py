"""`warkg build`: the graph of one or more articles, built by the rules (and curation).

Exit codes: 0 built (or, with --check, triples/ is the build); 1 --check found a
difference; 2 usage or input error (a file that is not an article, a page with no
infobox, a curation entry the article contradicts, a dump that breaks off), reported in
one line; 3 a dump was built but some of its pages could not be read (each named).
Dumps are streamed as N-Quads (cli/build_stream.py).

A saved page or a wikitext file does not say its licence or address: --licence and
--source-url state them (never guessed; without a licence the build warns and the graph
does not validate). A dump states each page's own, so they are refused with one.
"""

from __future__ import annotations

import sys
from pathlib import Path
from typing import TYPE_CHECKING

import click

from warkg.cli.choices import BUILD_FORMATS
from warkg.errors import InputError

if TYPE_CHECKING:
    from warkg.build.pipeline import Built, Stated
    from warkg.build.readers import Input

EXIT_OK, EXIT_FAILED, EXIT_INPUT = 0, 1, 2
SHOWN_DIFFERENCES = 10


def _inputs(names: tuple[str, ...]) -> list[Input]:
    from warkg.build.readers import Input

    inputs = []
    for name in names:
        if name == "-":
            inputs.append(Input(name="<stdin>", data=sys.stdin.buffer.read()))
            continue
        path = Path(name)
        if path.is_dir():
            raise InputError(f"{name}: a directory, not an article file")
        if not path.exists():
            raise InputError(f"{name}: no such file")
        inputs.append(Input(name=name, path=path))
    return inputs


def _absolute_iri(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    import pyoxigraph

    if value is None:
        return None
    try:
        pyoxigraph.NamedNode(value)  # RFC 3987, with a scheme: no relative names, no spaces
    except ValueError:
        raise click.BadParameter(
            f"{value!r} is not an absolute IRI (e.g. https://creativecommons.org/licenses/by-sa/4.0/)"
        ) from None
    return value


def _stated(
    sources: list[Input], format_name: str | None, licence: str | None, source_url: str | None
) -> Stated | None:
    """What --licence and --source-url say of the inputs; refused where they cannot apply."""
    from warkg.build.pipeline import Stated
    from warkg.cli import build_stream

    if licence is None and source_url is None:
        return None
    option = "--licence" if licence else "--source-url"
    if source_url is not None and len(sources) > 1:
        raise click.UsageError(f"--source-url names the page of one INPUT, not {len(sources)}")
    for source in sources:
        if build_stream.is_dump(source, format_name):
            raise InputError(
                f"{source.name}: a dump states each page's address and licence itself; "
                f"{option} is for text and wikitext files"
            )
    return Stated(url=source_url, licence=licence)


def _summary(built: Built) -> str:
    rules, curation = built.counts()
    total = rules + curation
    share = 100 * rules / total if total else 0.0
    return (
        f"built '{built.article.title}': {total:,} triples, {rules:,} ({share:.1f}%) from "
        f"rules, {curation:,} from curation"
    )


def _check(built: Built) -> int:
    from warkg import paths
    from warkg.build.check import compare_with_files
    from warkg.build.pipeline import SHIPPED_PARTS

    differences = compare_with_files(built.output, paths.triples_dir(), SHIPPED_PARTS)
    if not differences:
        click.echo(f"triples/ is the build of {built.article.source.file}; {_summary(built)}")
        return EXIT_OK
    for difference in differences:
        click.echo(
            f"{difference.file} differs from the build of {built.article.source.file}: "
            f"{len(difference.only_in_file)} triples only in the file, "
            f"{len(difference.only_in_build)} only in the build"
        )
        for line in difference.only_in_file[:SHOWN_DIFFERENCES]:
            click.echo(f"  only in the file:  {line} .")
        for line in difference.only_in_build[:SHOWN_DIFFERENCES]:
            click.echo(f"  only in the build: {line} .")
    click.echo("rebuild the files with `warkg build -o triples` if the build is right")
    return EXIT_FAILED


def _write_file(path: Path, content: bytes) -> None:
    """Write `path` whole or not at all; InputError naming it if it cannot be written."""
    from warkg.rdf.canonical import write_atomically

    try:
        if not path.exists():
            path.touch()
        write_atomically(path, content)
    except OSError as error:
        raise InputError(f"{path}: cannot write: {error.strerror}") from None


def _write(text: str, output: Path | None) -> None:
    if output is None:
        click.echo(text, nl=False)
        return
    _write_file(output, text.encode("utf-8"))


@click.command()
@click.argument("inputs", nargs=-1)
@click.option(
    "--format",
    "format_name",
    type=click.Choice(BUILD_FORMATS),
    help="The inputs' format: a dump (.xml, .xml.bz2, .xml.gz), a page's wikitext, or the "
    "text of a saved page. Default: detected from the first bytes, in that order.",
)
@click.option(
    "--curation",
    type=click.Path(path_type=Path, dir_okay=False),
    help="A curation file (YAML) for the article whose title it names.",
)
@click.option(
    "-o",
    "--output",
    type=click.Path(path_type=Path),
    help="Write here instead of standard output: FILE.nq as N-Quads, FILE.ttl as Turtle (one "
    "article), else as on standard output; an existing directory gets one canonical Turtle "
    "file per part of the graph (`-o triples` rebuilds the shipped files). A dump is streamed "
    "as N-Quads unless FILE ends in .ttl.",
)
@click.option(
    "--jobs",
    type=click.IntRange(min=1),
    default=1,
    help="Processes building a dump's articles (a progress bar shows on a terminal).",
)
@click.option(
    "--licence",
    "--license",
    metavar="IRI",
    callback=_absolute_iri,
    help="The licence of text or wikitext INPUTs, which they do not say themselves (never "
    "guessed: without one the graph does not validate). A dump states each page's own.",
)
@click.option(
    "--source-url",
    metavar="URL",
    callback=_absolute_iri,
    help="The address of the page one text or wikitext INPUT was saved from.",
)
@click.option("--check", is_flag=True, help="Check that triples/ is the build of the snapshot.")
@click.option(
    "--explain", is_flag=True, help="Print each triple as N-Triples with the rule that made it."
)
@click.option("--quiet", is_flag=True, help="No summary or warnings on standard error.")
def build(
    inputs: tuple[str, ...],
    format_name: str | None,
    curation: Path | None,
    output: Path | None,
    jobs: int,
    licence: str | None,
    source_url: str | None,
    check: bool,
    explain: bool,
    quiet: bool,
) -> int:
    """Build the graph of articles from their text, wikitext or a dump (default: the
    shipped snapshot, with the shipped curation).

    One article is written as Turtle, several as N-Quads with one named graph per
    article. Each graph holds the article's content and a build record (the warkg
    version, the source file, how many triples came from rules and from curation).

    Exit codes: 0 built (with --check: triples/ is the build); 1 --check found a
    difference; 2 usage or input error, in one line naming the file (and the article);
    3 a dump was built, but pages with an infobox could not be read (each named)."""
    from warkg.build import pipeline
    from warkg.cli import build_stream

    if check and (inputs or output or explain):
        raise click.UsageError(
            "--check builds the shipped snapshot: give no INPUT, -o or --explain"
        )
    if format_name and not inputs:
        raise click.UsageError("--format names the format of the INPUT files: give some")
    if (licence or source_url) and not inputs:
        option = "--licence" if licence else "--source-url"
        raise click.UsageError(f"{option} describes the INPUT files: give some")
    if inputs:
        sources = _inputs(inputs)
        stated = _stated(sources, format_name, licence, source_url)
        whole = (
            check
            or explain
            or (output is not None and (output.is_dir() or output.suffix == ".ttl"))
        )
        if not whole and any(build_stream.is_dump(source, format_name) for source in sources):
            return build_stream.stream(sources, format_name, curation, output, jobs, quiet)
        built = list(
            pipeline.build_inputs(sources, format_name, curation, jobs=jobs, stated=stated)
        )
    else:
        built = [pipeline.build_shipped(curation)]
    if check:
        return _check(built[0])
    if explain:
        _write("".join(line + "\n" for one in built for line in one.output.explain()), output)
    elif output is not None and output.is_dir():
        _write_parts(built, output)
    else:
        quads = output is not None and output.suffix == ".nq"
        if output is not None and output.suffix == ".ttl" and len(built) > 1:
            raise InputError(
                f"{output}: {len(built)} articles are written as N-Quads, one graph each; "
                "name the file .nq"
            )
        _write(pipeline.serialise(built, quads=quads), output)
    if not quiet:  # after writing, so a failed write is the only line
        for one in built:
            for warning in one.warnings:
                click.echo(f"warkg build: {warning}", err=True)
            click.echo(f"warkg build: {_summary(one)}", err=True)
    return EXIT_OK


def _write_parts(built: list[Built], directory: Path) -> None:
    from warkg.rdf.canonical import canonical_turtle

    if len(built) != 1:
        raise InputError(
            f"{directory}: a directory takes the parts of one article, not {len(built)}"
        )
    for part in sorted(built[0].output.parts):
        path = directory / f"{part}.ttl"
        _write_file(path, canonical_turtle(built[0].output.graph(part)).encode("utf-8"))
