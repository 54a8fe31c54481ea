"""The real dump is there, whole, and is what the gold list was written from."""

from __future__ import annotations

import bz2


def test_sample_dump_has_206_pages_and_the_war(dump_path, arw_wikitext):
    with bz2.open(dump_path) as stream:
        data = stream.read()
    assert data.count(b"<page>") == 206
    assert b"<id>717770601</id>" in data
    assert arw_wikitext.count("<ref") == 202
    assert len(arw_wikitext) == 153_999
