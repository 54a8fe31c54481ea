from __future__ import annotations

import bz2
import os
from pathlib import Path

import pytest

from tests.support.sample_dump import Unavailable, sample_dump


@pytest.fixture(scope="session")
def dump_path() -> Path:
    """gensim's shortened English Wikipedia dump (fetched once, cached). Skipped when it
    cannot be fetched, except in CI, where that is a failure."""
    try:
        return sample_dump()
    except Unavailable as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"the sample dump cannot be fetched from PyPI: {error}")


@pytest.fixture(scope="session")
def arw_wikitext(dump_path: Path) -> str:
    """The wikitext of "American Revolutionary War", revision 717770601."""
    import mwxml

    with bz2.open(dump_path) as stream:
        for page in mwxml.Dump.from_file(stream):
            for revision in page:
                if page.title == "American Revolutionary War":
                    return revision.text
    raise AssertionError("American Revolutionary War is not in the sample dump")
