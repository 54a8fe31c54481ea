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
import hashlib
import io
import multiprocessing
import re
import sys
import warnings
import xml.etree.ElementTree as ElementTree
from collections import Counter
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, BinaryIO

from warkg.build.model import Article, Source
from warkg.build.readers.wikitext import WikitextWarning, article_from_wikitext, licence_for
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
    base: str | None = None  # the wiki's main page URL, from the dump's <siteinfo>

    @property
    def permalink(self) -> str | None:
        """The revision's address, as MediaWiki forms it from the wiki's base URL."""
        if self.base is None or self.revision_id is None:
            return None
        match = re.match(r"(https?://[^/]+)/", self.base)
        return f"{match.group(1)}/w/index.php?oldid={self.revision_id}" if match else None


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


def open_dump(name: str, raw: BinaryIO) -> BinaryIO:
    """The dump's bytes, decompressed; refuses what is not a MediaWiki XML export.
    ``raw`` is the file as stored (compressed or not); ``name`` names it in messages."""
    head = raw.read(3)
    raw.seek(0)
    suffix = Path(name).suffix
    if suffix in (".bz2", ".gz") and head != _BZ2 and head[:2] != _GZIP:
        kind = "bz2" if suffix == ".bz2" else "gzip"
        raw.close()
        raise InputError(f"{name}: not a {kind} file (it starts with {head!r})")
    stream = _decompressed(raw, head)
    try:
        start = stream.peek(512)[:512] if hasattr(stream, "peek") else stream.read(0)
    except (OSError, EOFError) as error:
        stream.close()
        raise InputError(f"{name}: not a readable compressed file: {error}") from None
    if b"<mediawiki" not in start:
        stream.close()
        what = "XML but not a MediaWiki dump" if start.lstrip().startswith(b"<") else "not XML"
        raise InputError(f"{name}: not a MediaWiki XML dump ({what}; no <mediawiki> element)")
    return stream


def iter_pages(name: str, raw: BinaryIO, report: DumpReport) -> Iterator[DumpPage]:
    """Every page with its latest revision, in dump order. A page is yielded only once it
    was read to its end; if the dump breaks, ``report.broken_at`` says where."""
    import mwxml  # the build extra; checked by the command before a run
    import mwxml.errors

    stream = open_dump(name, raw)
    last = "the start"
    try:
        dump = mwxml.Dump.from_file(stream)
        base = getattr(getattr(dump, "site_info", None), "base", None)
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
                source=name,
                redirect=page.redirect,
                base=base,
            )
    except (
        ElementTree.ParseError,
        mwxml.errors.MalformedXML,
        EOFError,
        OSError,
        AssertionError,
        ValueError,
    ) as error:
        reason = str(error) or type(error).__name__
        report.broken_at = f"{name}: the dump breaks off after {last}: {reason}"
    finally:
        stream.close()


def build_dump(
    name: str,
    raw: BinaryIO,
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
        for page in iter_pages(name, raw, report):
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
                pool.close()  # let the workers exit (and be waited for) rather than be
                pool.join()  # killed by the pool's exit, so their CPU time is accounted
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


def split_header(xml_start: bytes) -> bytes:
    """The dump's opening up to the first <page> (the <mediawiki> tag and <siteinfo>),
    which every stream of a multistream dump is read with."""
    at = xml_start.find(b"<page>")
    if at < 0 or b"<mediawiki" not in xml_start[:at]:
        raise InputError("not the start of a MediaWiki XML dump (no <mediawiki> before <page>)")
    return xml_start[:at]


def stream_pages(header: bytes, stream: bytes, name: str) -> Iterator[DumpPage]:
    """The pages of one stream of a multistream dump (a run of whole <page> elements,
    decompressed), read with the dump's header: the unit a cluster job maps over."""
    report = DumpReport()
    document = header + stream.split(b"</mediawiki>")[0] + b"</mediawiki>"
    yield from iter_pages(name, io.BytesIO(document), report)
    if report.broken_at:
        raise InputError(report.broken_at)


def select_page(page: DumpPage) -> str | None:
    """None for an article page with an Infobox military conflict; else why it is skipped."""
    from warkg.build.wikitext.infobox import MENTION

    if page.namespace != 0:
        return "not an article"
    if page.redirect is not None:
        return "redirect"
    if MENTION.search(page.text) is None:
        return "no infobox"
    return None


def article_from_page(page: DumpPage) -> Article:
    """One dump page read into an article; InputError naming it when it cannot be."""
    source = Source(
        title=page.title,
        sha256=hashlib.sha256(page.text.encode("utf-8")).hexdigest(),
        format="dump",
        url=page.permalink,
        file=page.source,
        revision_id=page.revision_id,
        timestamp=page.timestamp,
        licence=licence_for(page.timestamp),
    )
    return article_from_wikitext(page.text, source, where=page.source)


Rendered = tuple[str, tuple[str, ...]]  # an article's complete output, and its warnings


def page_outcome(page: DumpPage, render: Callable[[Article], str | Rendered]) -> Outcome:
    """Reads one page and renders its article (``render``: article -> its complete
    output, or the output and warnings), turning every failure into a skip with one line
    naming the article: a worker never raises, so one bad page costs only itself. Wrap
    with functools.partial for ``build_dump``."""
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always", WikitextWarning)
        try:
            rendered = render(article_from_page(page))
        except InputError as error:
            kind = "broken template" if "broken template" in error.message else "unreadable"
            if "no Infobox military conflict" in error.message:
                kind = "no infobox"
            return Outcome(page.title, skipped=kind, message=error.message)
        except RecursionError:
            message = f"{page.source}: '{page.title}': wikitext nested too deeply to read"
            return Outcome(page.title, skipped="unreadable", message=message)
        except Exception as error:  # a bug must not cost the other articles
            message = f"{page.source}: '{page.title}': not built: {type(error).__name__}: {error}"
            return Outcome(page.title, skipped="failed", message=" ".join(message.split()))
    notes = tuple(str(w.message) for w in caught if issubclass(w.category, WikitextWarning))
    output, more = rendered if isinstance(rendered, tuple) else (rendered, ())
    return Outcome(page.title, output=output, warnings=notes + tuple(more))


def read_dump(name: str, raw: BinaryIO) -> Iterator[Article]:
    """Every article of a dump with the infobox, in order, one process. A page that cannot
    be read is skipped with a warning naming it; a dump that breaks off raises InputError
    after the articles read before the break."""
    report = DumpReport()
    for page in iter_pages(name, raw, report):
        if select_page(page) is not None:
            continue
        try:
            yield article_from_page(page)
        except InputError as error:
            warnings.warn(error.message, WikitextWarning, stacklevel=2)
    if report.broken_at:
        raise InputError(report.broken_at)


def _decompressed(raw: BinaryIO, head: bytes) -> BinaryIO:
    """The stream read through bz2 or gzip when its first bytes say so."""
    if head == _BZ2:
        return bz2.BZ2File(raw)  # type: ignore[return-value]
    if head[:2] == _GZIP:
        return gzip.GzipFile(fileobj=raw)  # type: ignore[return-value]
    return io.BufferedReader(raw) if not hasattr(raw, "peek") else raw  # type: ignore[arg-type]


def looks_like_dump(head: bytes) -> bool:
    """A MediaWiki export, or a bz2 or gzip file (which only a dump is expected to be;
    reading it says so if it is something else)."""
    return head.startswith((_BZ2, _GZIP)) or b"<mediawiki" in head[:4096]


__all__ = [
    "DumpPage",
    "DumpReport",
    "Outcome",
    "article_from_page",
    "build_dump",
    "iter_pages",
    "looks_like_dump",
    "open_dump",
    "read_dump",
    "select_page",
    "split_header",
    "stream_pages",
]
