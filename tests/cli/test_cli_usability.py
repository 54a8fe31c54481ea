"""What a first-time user meets on the command line (issue 17): errors that name the
help to read and the invisible character at fault, `fmt` that will not drop comments
silently, `serve` that says it listens only once it does, `load --append` that does not
claim more than it knows, and one wording for an endpoint that cannot be reached."""

from __future__ import annotations

import re
import subprocess
import sys
from pathlib import Path

import pytest

from tests.support.loopback import free_port
from warkg.cli import main as cli

ROOT = Path(__file__).parents[2]
CLI_PAGE = (ROOT / "docs" / "reference" / "cli.md").read_text(encoding="utf-8")


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = cli.main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


def test_the_readme_syntax_error_example_is_the_real_message(
    capsys, tmp_path: Path, monkeypatch
) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "claims.ttl").write_text(
        "@prefix ex: <http://example.org/> .\nex:a ex:b ex:c\nex:d ex:e ex:f .\n",
        encoding="utf-8",
    )
    code, _, err = run(capsys, "validate", "data/claims.ttl")
    assert code == 2
    assert err == (
        "warkg: data/claims.ttl:3:1: bad syntax: A dot is expected at the end of statements\n"
    )
    flat = " ".join(CLI_PAGE.split())
    assert f"`{err.strip()}`" in flat


def test_a_byte_order_mark_is_named(capsys, tmp_path: Path, monkeypatch) -> None:
    monkeypatch.chdir(tmp_path)
    (tmp_path / "data").mkdir()
    (tmp_path / "data" / "claims.ttl").write_bytes(
        b"\xef\xbb\xbf@prefix ex: <http://example.org/> .\nex:a ex:b ex:c .\n"
    )
    for command in (["validate"], ["fmt", "--check"], ["query", "casualty-figures", "--data"]):
        code, _, err = run(capsys, *command, "data/claims.ttl")
        assert code == 2
        assert err == (
            "warkg: data/claims.ttl:1:1: bad syntax: the file starts with a U+FEFF "
            "byte-order mark, which Turtle does not allow; save it as UTF-8 without a BOM\n"
        )
        assert "\ufeff" not in err
    assert " ".join(err.strip().split()) in " ".join(CLI_PAGE.split())


def test_other_invisible_characters_are_named(capsys, tmp_path: Path) -> None:
    bad = tmp_path / "nbsp.ttl"
    bad.write_text("@prefix ex: <http://example.org/> .\nex:a\u00a0ex:b ex:c .\n", encoding="utf-8")
    code, _, err = run(capsys, "validate", str(bad))
    assert code == 2
    assert err == (
        f"warkg: {bad}:2:5: bad syntax: 'U+00A0 (NO-BREAK SPACE)' is not allowed at the "
        "beginning of a prefix name\n"
    )


@pytest.mark.parametrize(
    ("args", "help_of"),
    [
        (["bogus"], "warkg"),
        (["query", "casualty-figures", "--bogus"], "warkg query"),
        (["sparql"], "warkg sparql"),
        (["fmt", "--bogus"], "warkg fmt"),
        (["wikidata", "check", "--bogus"], "warkg wikidata check"),
        (["serve", "--port", "x"], "warkg serve"),
    ],
)
def test_usage_errors_point_to_the_subcommands_help(capsys, args, help_of: str) -> None:
    code, out, err = run(capsys, *args)
    assert (code, out) == (2, "")
    assert err.endswith(f" (see {help_of} --help)\n")
    assert err.count("\n") == 1


COMMENTED = (
    '@prefix ex: <http://example.org/> .\n# why ex:a\nex:a ex:b "x # y", <http://e.org/#f> .\n'
)


def test_fmt_refuses_to_drop_comments_without_force(capsys, tmp_path: Path) -> None:
    path = tmp_path / "commented.ttl"
    path.write_text(COMMENTED, encoding="utf-8")
    code, out, err = run(capsys, "fmt", str(path))
    assert (code, out) == (2, "")
    assert err == (
        f"warkg: {path}:2:1: has comments, which canonical form would drop; not rewritten "
        "(--force rewrites it without them)\n"
    )
    assert path.read_text(encoding="utf-8") == COMMENTED
    code, out, _ = run(capsys, "fmt", "--check", str(path))
    assert code == 1
    code, out, _ = run(capsys, "fmt", "--force", str(path))
    assert code == 0
    assert out == f"reformatted: {path}\n1 of 1 files reformatted\n"
    assert "# why" not in path.read_text(encoding="utf-8")
    assert '"x # y"' in path.read_text(encoding="utf-8")  # a '#' in a string is no comment


def test_fmt_leaves_a_canonical_file_with_hashes_in_strings_alone(capsys, tmp_path: Path) -> None:
    path = tmp_path / "hashes.ttl"
    path.write_text('@prefix ex: <http://example.org/> .\nex:a ex:b "x # y" .\n', encoding="utf-8")
    code, _, err = run(capsys, "fmt", str(path))
    assert (code, err) == (0, "")


def test_serve_on_a_bad_address_never_says_it_listens() -> None:
    done = subprocess.run(
        [sys.executable, "-m", "warkg", "serve", "--host", "999.1.1.1", "--port", "0"],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert done.returncode == 2
    assert "listening" not in done.stderr
    assert re.fullmatch(r"warkg: cannot listen on 999\.1\.1\.1:0: [^\n]+\n", done.stderr)


def test_an_unreachable_endpoint_is_worded_the_same_everywhere(capsys) -> None:
    url = f"http://127.0.0.1:{free_port()}/sparql"
    expected = f"warkg: cannot reach SPARQL endpoint {url}: connection refused\n"
    assert run(capsys, "query", "casualty-figures", "--endpoint", url)[1:] == ("", expected)
    assert run(capsys, "wikidata", "check", "--endpoint", url)[1:] == ("", expected)


def test_load_append_does_not_claim_the_triples_were_new(capsys, oxigraph_endpoint: str) -> None:
    """The store already holds the shipped graph: appending it adds nothing, and the
    message says so, counted by the store before and after, not by what was sent."""
    from warkg.rdf import loading

    code, out, err = run(capsys, "load", "--endpoint", oxigraph_endpoint, "--append")
    assert (code, err) == (0, "")
    sent = len(loading.load_ontology()) + len(loading.load_data())
    assert re.fullmatch(
        rf"added 0 new triples to the default graph of Oxigraph/\S+ at \S+ with the Graph "
        rf"Store Protocol \({sent} sent, {sent} already there\); it holds {sent} now\n",
        out,
    )
