"""The tutorial works as written: every command it shows prints what it shows, every
Python example gives its output, and every page it sends the reader to is there.

The page is read as a reader reads it (see `tests.docs.tutorial`), so a change to the
command line, the data or the library that the tutorial does not follow fails here.
"""

from __future__ import annotations

import doctest
from pathlib import Path

import pytest

from tests.docs import tutorial
from tests.support.serving import request, warkg_server

PAGE = tutorial.read()


def test_the_tutorial_has_its_three_questions_in_three_places() -> None:
    assert len(PAGE.commands) >= 6
    assert PAGE.python.count(">>>") >= 6
    assert len(PAGE.addresses) >= 3
    for question in (
        "Which casualty figures does Armenia claim, and from which sources?",
        "Which references are in Russian?",
        "Which dates are uncited?",
    ):
        assert f"## {question}" in PAGE.text


def test_every_command_prints_what_the_tutorial_shows(tmp_path: Path) -> None:
    for command, output in tutorial.replay(PAGE, tmp_path):
        assert output == command.shown, (
            f"{PAGE.path.name}:{command.line}: `{command.command}` printed:\n{output}"
        )


def test_every_python_example_gives_its_output(tmp_path: Path, monkeypatch) -> None:
    pytest.importorskip("pandas")  # the tutorial's DataFrame (warkg[pandas], in [test])
    for step in PAGE.steps:  # the files the reader saved, where the reader works
        if step.file is not None:
            (tmp_path / step.file[0]).write_text(step.file[1], encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    parser = doctest.DocTestParser()
    test = parser.get_doctest(PAGE.python, {}, "tutorial", str(PAGE.path), 0)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE)
    runner.run(test)
    results = runner.summarize(verbose=False)
    assert results.attempted >= 6
    assert results.failed == 0


def test_every_page_it_sends_the_reader_to_is_there() -> None:
    with warkg_server() as server:
        for address in PAGE.addresses:
            answer = request(server.url + address, headers={"Accept": "text/html"})
            assert answer.status == 200, address
            assert answer.headers["content-type"].startswith("text/html"), address
