"""A cold command costs about what its work costs: what each command imports (checked in
a fresh interpreter), the shipped queries checked once (queries/index.json), the query
catalogue read once, `--version`, and the choices `--help` shows without importing the
modules that own them. The timings themselves are in benchmarks/cold_start.py."""

from __future__ import annotations

import json
import subprocess
import sys
from importlib.metadata import version
from pathlib import Path

import click
import pytest

import warkg
from warkg import paths
from warkg.catalogue import index as catalogue_index
from warkg.catalogue import stored as stored_queries
from warkg.cli import choices
from warkg.cli import main as cli
from warkg.engines import base as engines_base
from warkg.engines.oxigraph import OxigraphBackend, oxigraph_store
from warkg.results import formats as result_formats
from warkg.results.model import Result
from warkg.sparql import protocol as sparql_protocol
from warkg.sparql import proven

SRC = Path(warkg.__file__).resolve().parents[1]

# What no cheap command may import: pySHACL, rdflib's SPARQL grammar (and pyparsing,
# which only it needs), YAML, the server and the Wikidata modules.
HEAVY = ("pyshacl", "rdflib.plugins.sparql", "pyparsing", "yaml", "warkg.server", "warkg.wikidata")


def imported_by(code: str) -> set[str]:
    """The modules a fresh interpreter holds after running `code`."""
    script = f"import sys\n{code}\nprint('\\n'.join(sys.modules), file=sys.stderr)"
    done = subprocess.run(
        [sys.executable, "-c", script],
        capture_output=True,
        text=True,
        cwd=SRC.parent,
        env={"PATH": "/usr/bin:/bin"},
        timeout=60,
        check=True,
    )
    return set(done.stderr.split())


def heavy(modules: set[str]) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in HEAVY))


def test_import_warkg_cli_loads_nothing_heavy() -> None:
    modules = imported_by("import warkg.cli.main")
    assert heavy(modules) == []
    assert not any(m == "rdflib" or m.startswith("rdflib.") for m in modules)
    assert "importlib.metadata" not in modules  # only `--version` reads the metadata


def test_help_and_the_query_list_load_no_rdflib() -> None:
    modules = imported_by(
        "from warkg.cli.main import main\nmain(['--help'])\nmain(['queries'])\n"
        "main(['queries', 'reference-supports'])"
    )
    assert heavy(modules) == []
    assert not any(m == "rdflib" or m.startswith("rdflib.") for m in modules)


def test_a_stored_query_loads_no_rdflib_at_all() -> None:
    """The default path (oxigraph, shipped data): warkg.catalogue.quick, in every format."""
    modules = imported_by(
        "from warkg.cli.main import main\n"
        "for fmt in ('table', 'csv', 'tsv', 'json', 'markdown'):\n"
        "    main(['query', 'casualty-figures', '-f', fmt])\n"
        "main(['query', 'timeline'])\n"
        "main(['query', 'reference-supports', '-p', 'reference=57'])\n"
        "main(['query', 'claim-references'])"
    )
    assert heavy(modules) == []
    assert not any(m == "rdflib" or m.startswith("rdflib.") for m in modules)


def test_an_ad_hoc_query_is_still_parsed_by_rdflib() -> None:
    """The trusted path is for shipped query files only: text typed by a user keeps the
    full check, so rdflib's parser is loaded for it."""
    modules = imported_by(
        "import io, sys\nfrom warkg.cli.main import main\n"
        "sys.stdin = io.StringIO('SELECT ?s WHERE { ?s ?p ?o } LIMIT 1')\n"
        "main(['sparql', '-'])"
    )
    assert "rdflib.plugins.sparql.parser" in modules


def test_the_package_still_exports_every_name() -> None:
    for name in warkg.__all__:
        assert getattr(warkg, name) is not None
    assert warkg.Result is Result
    assert set(warkg.__all__) <= set(dir(warkg))
    with pytest.raises(AttributeError, match="no attribute 'nope'"):
        warkg.nope  # noqa: B018


def test_version_flag_and_command_agree_with_the_metadata(capsys) -> None:
    assert cli.main(["--version"]) == 0
    flag = capsys.readouterr()
    assert cli.main(["version"]) == 0
    command = capsys.readouterr()
    assert flag.out == command.out == f"{version('warkg')}\n"
    assert flag.err == command.err == ""
    assert warkg.__version__ == version("warkg")


def test_the_choices_help_shows_are_those_the_modules_use() -> None:
    from warkg.build.readers import READERS
    from warkg.validation import model, report_formats

    assert tuple(reader.name for reader in READERS) == choices.BUILD_FORMATS
    assert choices.RESULT_FORMATS == result_formats.FORMATS
    assert choices.BACKENDS == engines_base.BACKENDS
    assert choices.DEFAULT_TIMEOUT == engines_base.DEFAULT_TIMEOUT
    assert choices.REQUEST_METHODS == sparql_protocol.METHODS
    assert tuple(report_formats.FORMATS) == choices.REPORT_FORMATS
    assert choices.FAIL_ON == model.FAIL_ON


@pytest.mark.parametrize("name", sorted(cli.LAZY_COMMANDS))
def test_a_lazy_command_is_listed_as_its_own_help_says(name: str) -> None:
    import importlib

    target, summary = cli.LAZY_COMMANDS[name]
    module, _, attribute = target.partition(":")
    command = getattr(importlib.import_module(module), attribute)
    assert command.name == name
    assert command.help.split("\n\n")[0].split() == summary.split()
    stand_in = click.Command(name, help=summary)
    for limit in (20, 45, 70, 200):
        assert stand_in.get_short_help_str(limit) == command.get_short_help_str(limit)


def test_help_lists_the_lazy_commands(capsys) -> None:
    assert cli.main(["--help"]) == 0
    out = capsys.readouterr().out
    assert "  serve     Serve the graph read-only over HTTP: a SPARQL 1.1 endpoint..." in out
    assert "  wikidata  Check, export and compare against Wikidata; reconcile and...\n" in out
    assert "  --version   Print the package version and exit (as `warkg version`).\n" in out


def test_a_lazy_command_runs_when_named(capsys) -> None:
    assert cli.main(["wikidata", "--help"]) == 0
    assert (
        "Check, export and compare against Wikidata; reconcile and accept"
        in capsys.readouterr().out
    )


# ---- the shipped queries, checked once --------------------------------------------------


def test_the_query_index_is_current_and_every_check_passes() -> None:
    """`python -m warkg.catalogue.index --write` after editing a query in queries/."""
    built = catalogue_index.build()  # runs every check on every query (YAML, rdflib, pyoxigraph)
    assert sorted(built["queries"]) == [p.stem for p in paths.query_files()]
    assert len(built["queries"]) == 13
    assert proven.index_path().read_text(encoding="utf-8") == catalogue_index.render(built)


@pytest.mark.parametrize("path", paths.query_files(), ids=lambda p: p.stem)
def test_an_indexed_query_is_what_its_yaml_says(path: Path) -> None:
    from warkg.sparql import checks as sparql

    from_index = stored_queries.parse_query_file(path)
    from_yaml = stored_queries.parse_query_file(path, use_index=False)
    assert from_index == from_yaml
    checked = proven.checked(from_index.text)
    assert checked is not None
    prepared = sparql.prepare(from_index.text, path.name)
    assert (checked.text, checked.form, checked.variables, checked.has_values_clause) == (
        prepared.text,
        prepared.form,
        prepared.variables,
        prepared.has_values_clause,
    )


def test_an_edited_query_is_not_trusted(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """A file whose content differs from what was checked (here: a SERVICE added to a
    copy of a shipped query, under its name, in its folder) gets the full check."""
    from warkg.errors import InputError

    original = paths.queries_dir() / "uncited-claims.rq"
    text = original.read_text(encoding="utf-8").replace(
        "WHERE {", "WHERE { SERVICE <http://example.org/sparql> { ?x ?y ?z } ", 1
    )
    folder = tmp_path / "queries"
    folder.mkdir()
    (folder / "uncited-claims.rq").write_text(text, encoding="utf-8")
    (folder / proven.INDEX_NAME).write_text(
        proven.index_path().read_text(encoding="utf-8"), encoding="utf-8"
    )
    monkeypatch.setattr(paths, "queries_dir", lambda: folder)
    proven._entries.cache_clear()
    proven._by_digest.cache_clear()
    stored_queries.forget()
    try:
        edited = stored_queries.parse_query_file(folder / "uncited-claims.rq")
        assert proven.checked(edited.text) is None
        graph = OxigraphBackend(oxigraph_store())
        with pytest.raises(InputError, match=r"refusing SERVICE <http://example\.org/sparql>"):
            warkg.run_query(graph, edited)
    finally:
        proven._entries.cache_clear()
        proven._by_digest.cache_clear()
        stored_queries.forget()


def test_a_checked_text_is_found_by_its_content_in_a_fresh_process() -> None:
    """As in the server's worker processes, which never read the catalogue."""
    modules = imported_by(
        "from warkg import paths\nfrom warkg.sparql import proven\n"
        "text = (paths.queries_dir() / 'timeline.rq').read_text(encoding='utf-8')\n"
        "assert proven.checked(text).variables[0] == 'war'\n"
        "assert proven.checked(text + ' ') is None\n"
    )
    assert "warkg.catalogue.stored" not in modules


def test_a_query_outside_the_shipped_folder_is_not_trusted(tmp_path: Path) -> None:
    copy = tmp_path / "casualty-figures.rq"
    copy.write_text(
        (paths.queries_dir() / "casualty-figures.rq").read_text(encoding="utf-8"),
        encoding="utf-8",
    )
    assert proven.lookup(copy, copy.read_text(encoding="utf-8")) is None


def test_the_catalogue_is_read_once() -> None:
    first = stored_queries.get_query("timeline")
    assert stored_queries.get_query("timeline") is first
    assert (
        stored_queries.list_queries()[
            [q.name for q in stored_queries.list_queries()].index("timeline")
        ]
        is first
    )


def test_the_index_check_command_says_current(capsys) -> None:
    assert catalogue_index.main(["--check"]) == 0
    assert capsys.readouterr().out == "queries/index.json is current\n"
    assert catalogue_index.main(["--nope"]) == 2


def test_the_index_is_json_with_one_entry_per_query() -> None:
    data = json.loads(proven.index_path().read_text(encoding="utf-8"))
    assert data["format"] == proven.FORMAT
    assert data["queries"]["reference-supports"]["params"] == [
        {
            "name": "reference",
            "type": "xsd:positiveInteger",
            "description": "The reference's number in the article's reference list (1-91).",
            "default": "10",
        },
        {
            "name": "war",
            "type": "iri",
            "description": "The war whose article the rows come from, as an IRI, a prefixed "
            "name or a bare slug.",
            "default": "event:second-nagorno-karabakh-war",
        },
    ]


def test_the_prefix_table_agrees_with_rdflib_namespaces() -> None:
    from rdflib.namespace import DCTERMS, OWL, PROV, RDF, RDFS, SH, SKOS, XSD

    from warkg.rdf import namespaces, prefixes

    assert namespaces.PREFIXES is prefixes.PREFIXES
    rdflibs = {"dcterms": DCTERMS, "owl": OWL, "prov": PROV, "rdf": RDF, "rdfs": RDFS}
    rdflibs |= {"sh": SH, "skos": SKOS, "xsd": XSD}
    for prefix, namespace in rdflibs.items():
        assert prefixes.PREFIXES[prefix] == str(namespace)
    assert str(namespaces.CLAIM) == "https://w3id.org/warkg/id/claim/"


def test_the_wheel_build_refuses_a_stale_index(tmp_path: Path) -> None:
    """hatch_build.py (the wheel's build hook) runs the same hash comparison."""
    import shutil

    import hatch_build as hook

    assert hook.stale_queries(SRC.parent) == []
    shutil.copytree(paths.queries_dir(), tmp_path / "queries")
    with (tmp_path / "queries" / "timeline.rq").open("a", encoding="utf-8") as file:
        file.write("# edited\n")
    (tmp_path / "queries" / "extra.rq").write_text("SELECT * {}\n", encoding="utf-8")
    assert hook.stale_queries(tmp_path) == ["extra", "timeline"]


def test_the_launcher_raises_the_collectors_threshold(capsys) -> None:
    """A `warkg` process collects young objects every 10,000 new ones, not Python's 700
    (launch.GC_THRESHOLD: 7-10% of a cold validate)."""
    import gc

    from warkg.cli import launch

    saved = gc.get_threshold()
    try:
        assert launch.run(["--version"]) == 0
        assert gc.get_threshold() == launch.GC_THRESHOLD == (10_000, 10, 10)
    finally:
        gc.set_threshold(*saved)
    assert capsys.readouterr().out == f"{version('warkg')}\n"
