"""Reading a MediaWiki XML dump (mwxml), streamed: every article page whose wikitext has an
Infobox military conflict, built in ``jobs`` processes, written one whole article at a time.

A dump run never writes half an article: a worker returns an article's complete output or
a reason it was skipped, and only complete outputs are written, each in one write. A dump
that ends early (a truncated download) keeps every article read before the break and
reports where it broke.
"""

from __future__ import annotations

import bz2
import gzip
import multiprocessing
import sys
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO

from warkg.errors import InputError

_BZ2 = b"BZh"
_GZIP = b"\x1f\x8b"


@dataclass(frozen=True)
class DumpPage:
    """The latest revision of one page, as the dump gives it."""

    title: str
    page_id: int
    namespace: int
    revision_id: int | None
    timestamp: str | None
    text: str
    source: str  # the dump's file name
    redirect: str | None = None


@dataclass(frozen=True)
class Outcome:
    """What building one page gave: its complete output, or why it was skipped."""

    title: str
    output: str | None = None
    skipped: str | None = None  # a short kind: "no infobox", "broken template", ...
    message: str | None = None  # one line naming the article and what was wrong
    warnings: tuple[str, ...] = ()


@dataclass
class DumpReport:
    pages: int = 0
    built: int = 0
    skipped: Counter[str] = field(default_factory=Counter)
    messages: list[str] = field(default_factory=list)
    broken_at: str | None = None  # set when the dump itself ended early or was malformed

    def summary(self, source: str) -> str:
        kinds = ", ".join(f"{kind} {count}" for kind, count in sorted(self.skipped.items()))
        skipped = sum(self.skipped.values())
        line = f"{source}: read {self.pages} pages: built {self.built}, skipped {skipped}"
        return line + (f" ({kinds})" if kinds else "")


def open_dump(path: Path) -> BinaryIO:
    """The dump's bytes, decompressed; refuses what is not a MediaWiki XML export."""
    try:
        with path.open("rb") as probe:
            head = probe.read(3)
    except OSError as error:
        raise InputError(f"{path}: cannot read: {error.strerror or error}") from error
    if path.suffix in (".bz2", ".gz") and head != _BZ2 and head[:2] != _GZIP:
        kind = "bz2" if path.suffix == ".bz2" else "gzip"
        raise InputError(f"{path}: not a {kind} file (it starts with {head!r})")
    stream = _decompressed(path, head)
    try:
        start = stream.peek(512)[:512] if hasattr(stream, "peek") else b""  # type: ignore[attr-defined]
    except (OSError, EOFError) as error:
        stream.close()
        raise InputError(f"{path}: not a readable compressed file: {error}") from error
    if b"<mediawiki" not in start:
        stream.close()
        what = "not XML" if not start.lstrip().startswith(b"<") else "XML but not a MediaWiki dump"
        raise InputError(f"{path}: not a MediaWiki XML dump ({what}; no <mediawiki> element)")
    return stream


def iter_pages(path: Path, report: DumpReport) -> Iterator[DumpPage]:
    """Every page with its latest revision, in dump order. A page is yielded only once it
    was read to its end; if the dump breaks, ``report.broken_at`` says where."""
    import mwxml  # the build extra; checked by the command before a run

    stream = open_dump(path)
    last = "the start"
    try:
        dump = mwxml.Dump.from_file(stream)
        for page in dump:
            latest = None
            for revision in page:
                latest = revision
            if latest is None:
                continue
            last = f"page {page.id} {page.title!r}"
            yield DumpPage(
                title=page.title,
                page_id=page.id,
                namespace=page.namespace,
                revision_id=latest.id,
                timestamp=str(latest.timestamp) if latest.timestamp is not None else None,
                text=latest.text or "",
                source=path.name,
                redirect=page.redirect,
            )
    except (ElementTree.ParseError, EOFError, OSError, AssertionError, ValueError) as error:
        reason = str(error) or type(error).__name__
        report.broken_at = f"{path}: the dump breaks off after {last}: {reason}"
    finally:
        stream.close()


def build_dump(
    path: Path,
    build: Callable[[DumpPage], Outcome],
    out: IO[str],
    *,
    select: Callable[[DumpPage], str | None],
    jobs: int = 1,
    progress: bool | None = None,
    warn: Callable[[str], None] = lambda line: print(line, file=sys.stderr),
) -> DumpReport:
    """Builds every selected page of a dump into ``out``. ``select`` returns None for a
    page to build or the kind of skip ("no infobox", "redirect", ...); ``build`` must be a
    module-level function (it runs in worker processes)."""
    report = DumpReport()
    seen_warnings: set[str] = set()

    def chosen() -> Iterator[DumpPage]:
        for page in iter_pages(path, report):
            report.pages += 1
            bar.update(1)
            skip = select(page)
            if skip is None:
                yield page
            else:
                report.skipped[skip] += 1

    def record(outcome: Outcome) -> None:
        for warning in outcome.warnings:
            if warning not in seen_warnings:
                seen_warnings.add(warning)
                warn(warning)
        if outcome.output is not None:
            out.write(outcome.output)
            out.flush()
            report.built += 1
        else:
            report.skipped[outcome.skipped or "unreadable"] += 1
            if outcome.message:
                report.messages.append(outcome.message)
                warn(outcome.message)

    with _progress_bar(progress) as bar:
        if jobs <= 1:
            for page in chosen():
                record(build(page))
        else:
            context = multiprocessing.get_context("fork" if sys.platform == "linux" else "spawn")
            with context.Pool(jobs) as pool:
                for outcome in pool.imap(build, chosen(), chunksize=2):
                    record(outcome)
    if report.broken_at:
        warn(report.broken_at)
    return report


class _NoBar:
    def __enter__(self) -> _NoBar:
        return self

    def __exit__(self, *exc: object) -> None:
        return None

    def update(self, count: int) -> None:
        return None


def _progress_bar(progress: bool | None) -> _NoBar:
    """tqdm on standard error when it is a terminal (or when asked), else nothing."""
    if progress is None:
        progress = sys.stderr.isatty()
    if not progress:
        return _NoBar()
    try:
        from tqdm import tqdm
    except ImportError:
        return _NoBar()
    return tqdm(unit=" pages", file=sys.stderr, dynamic_ncols=True, smoothing=0.1)  # type: ignore[return-value]


def _decompressed(path: Path, head: bytes) -> BinaryIO:
    """The file opened through bz2 or gzip when its first bytes say so."""
    if head == _BZ2:
        return bz2.open(path, "rb")  # type: ignore[return-value]
    if head[:2] == _GZIP:
        return gzip.open(path, "rb")  # type: ignore[return-value]
    return path.open("rb")


def read_head(path: Path, size: int = 4096) -> bytes:
    """The first bytes of a file after decompression (for format detection)."""
    try:
        with path.open("rb") as probe:
            head = probe.read(3)
        with _decompressed(path, head) as stream:
            return stream.read(size)
    except (OSError, EOFError):
        return b""


def looks_like_dump(head: bytes) -> bool:
    return b"<mediawiki" in head[:4096]


__all__ = ["DumpPage", "DumpReport", "Outcome", "build_dump", "iter_pages", "open_dump"]
