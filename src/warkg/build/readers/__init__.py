"""Readers: each turns one kind of source into `Article`s (see `warkg.build.model`).

`READERS` is the one registry: `warkg build --format NAME` picks a reader by name, and
without --format the first reader whose `detect` accepts the input's first bytes reads
it (so more specific formats come first, plain text last). A reader yields one article
per page it reads (a dump yields many) and raises `InputError` with a one-line message
naming the input for anything it cannot read.
"""

from __future__ import annotations

import io
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from warkg.build.model import Article
from warkg.build.readers.dump import looks_like_dump, read_dump
from warkg.build.readers.text import looks_like_text, read_text
from warkg.build.readers.wikitext import looks_like_wikitext, read_wikitext
from warkg.errors import InputError

__all__ = ["READERS", "Input", "Reader", "detect", "reader_named"]

HEAD_BYTES = 65536


@dataclass(frozen=True)
class Input:
    """One input as given on the command line: a file, or bytes read from stdin."""

    name: str
    path: Path | None = None
    data: bytes | None = None

    def read_bytes(self) -> bytes:
        if self.data is not None:
            return self.data
        assert self.path is not None
        try:
            return self.path.read_bytes()
        except OSError as error:
            raise InputError(f"{self.name}: cannot read: {error.strerror}") from None

    def head(self, size: int = HEAD_BYTES) -> bytes:
        """The first `size` bytes, for detection."""
        if self.data is not None:
            return self.data[:size]
        assert self.path is not None
        try:
            with self.path.open("rb") as handle:
                return handle.read(size)
        except OSError as error:
            raise InputError(f"{self.name}: cannot read: {error.strerror}") from None


@dataclass(frozen=True)
class Reader:
    """A source format: its name for --format, how to recognise it, how to read it."""

    name: str
    detect: Callable[[bytes], bool]
    read: Callable[[Input], Iterator[Article]]
    description: str


def _read_text(source: Input) -> Iterator[Article]:
    yield read_text(source.read_bytes(), file=source.name)


def _read_wikitext(source: Input) -> Iterator[Article]:
    yield read_wikitext(source.read_bytes(), file=source.name)


def _read_dump(source: Input) -> Iterator[Article]:
    if source.path is not None:
        try:
            raw = source.path.open("rb")
        except OSError as error:
            raise InputError(f"{source.name}: cannot read: {error.strerror}") from None
    else:
        raw = io.BytesIO(source.data or b"")
    with raw:
        yield from read_dump(source.name, raw)


READERS: tuple[Reader, ...] = (
    Reader(
        "dump",
        looks_like_dump,
        _read_dump,
        "a MediaWiki XML dump (.xml, .xml.bz2, .xml.gz): every article with an infobox",
    ),
    Reader(
        "wikitext",
        looks_like_wikitext,
        _read_wikitext,
        "a page's wikitext, as MediaWiki serves it (raw page, API, a dump's revision)",
    ),
    Reader(
        "text",
        looks_like_text,
        _read_text,
        "the rendered text of a page, as saving or copying it from a browser gives",
    ),
)


def reader_named(name: str) -> Reader:
    for reader in READERS:
        if reader.name == name:
            return reader
    known = ", ".join(reader.name for reader in READERS)
    raise InputError(f"--format {name}: unknown format (known: {known})")


def detect(source: Input) -> Reader:
    """The first reader that recognises `source`; InputError naming it if none does."""
    head = source.head()
    for reader in READERS:
        if reader.detect(head):
            return reader
    raise InputError(
        f"{source.name}: not a format warkg build reads "
        f"({', '.join(reader.name for reader in READERS)}); name one with --format"
    )
