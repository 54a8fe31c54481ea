"""`warkg build` over dumps: articles streamed as N-Quads, each written whole.

A dump may hold any number of conflict articles, so it is not collected and then written
like a few saved pages: each article's N-Quads are written as soon as a worker has built
them (in dump order), and `-o FILE` is written as FILE.part and renamed when the run ends,
so FILE is never a half-written file. Skipped pages are reported one line each, with a
summary per dump.

Exit codes (beside cli/build.py's): 0 every conflict article built; 2 an input is not a
dump or a page, or a dump breaks off (the whole articles read before the break are
written); 3 built, but some pages with an infobox could not be read (each named on
standard error: a broken template, unreadable wikitext).
"""

from __future__ import annotations

import io
import sys
from pathlib import Path
from typing import TYPE_CHECKING, TextIO

import click

from warkg.errors import InputError

if TYPE_CHECKING:
    from warkg.build.readers import Input

EXIT_OK, EXIT_INPUT, EXIT_SKIPPED = 0, 2, 3
# What makes a dump run exit 3: a page named the infobox but could not be built.
_UNREADABLE = ("broken template", "unreadable", "failed")


def is_dump(source: Input, format_name: str | None) -> bool:
    from warkg.build.readers import detect, reader_named

    reader = reader_named(format_name) if format_name else detect(source)
    return reader.name == "dump"


def stream(
    sources: list[Input],
    format_name: str | None,
    curation_path: Path | None,
    output: Path | None,
    jobs: int,
    quiet: bool,
) -> int:
    """Build every article of `sources` into N-Quads, dumps streamed (see the module)."""
    from warkg.build import dumps, pipeline
    from warkg.build.curation import load_curation

    curation = load_curation(curation_path) if curation_path else None

    def say(line: str) -> None:
        if not quiet:
            click.echo(f"warkg build: {line}", err=True)

    partial = output.with_name(output.name + ".part") if output is not None else None
    out: TextIO = partial.open("w", encoding="utf-8") if partial else sys.stdout
    code = EXIT_OK
    seen: dict = {}  # the pages' graphs, so that two files of one article are refused
    try:
        for source in sources:
            if not is_dump(source, format_name):
                for built in pipeline.build_inputs([source], format_name, curation_path, seen=seen):
                    out.write(dumps.nquads(built))
                    for warning in built.warnings:
                        say(warning)
                continue
            raw = source.path.open("rb") if source.path else io.BytesIO(source.data or b"")
            with raw:
                report = dumps.run_dump(
                    source.name,
                    raw,  # type: ignore[arg-type]
                    out,
                    curation=curation,
                    jobs=jobs,
                    progress=False if quiet else None,
                    warn=say,
                )
            say(report.summary(source.name))
            if report.broken_at:
                code = EXIT_INPUT
            elif code == EXIT_OK and any(report.skipped[kind] for kind in _UNREADABLE):
                code = EXIT_SKIPPED
    except (InputError, KeyboardInterrupt):
        if partial is not None:
            out.close()
            partial.unlink(missing_ok=True)
        raise
    if partial is not None and output is not None:
        out.close()
        partial.replace(output)
    return code
