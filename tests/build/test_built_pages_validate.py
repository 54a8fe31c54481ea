"""What `warkg build` makes of real and minimal pages validates with the shipped shapes,
through the command line as a user runs it: the American Revolutionary War from the
sample dump, and a page that is only an Infobox military conflict. A wikitext file does
not say its licence: `--licence` states it (never guessed), and without it the build
warns and validation names the missing licence."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest

from warkg import paths
from warkg.cli.main import main

CC_BY_SA_4 = "https://creativecommons.org/licenses/by-sa/4.0/"
ONLY_AN_INFOBOX = """\
{{Infobox military conflict
| conflict    = Battle of Nowhere
| partof      = the [[War of Somewhere]]
| date        = 1 May 2000 \u2013 3 May 2000
| place       = [[Nowhere]], [[Elsewhere]]
| result      = Draw
| territory   = None
| combatant1  = {{flag|Freedonia}}
| combatant2  = {{flag|Sylvania}}
| commander1  = [[Rufus T. Firefly]]
| commander2  = Trentino {{KIA}}
| strength1   = ~11,000
| strength2   = 9,000\u201310,000
| casualties1 = 60+ killed<ref>{{cite web |url=http://example.org/a |title=Report \
|website=Example News |date=2 May 2000}}</ref>
| casualties2 = 23,049 total (3,155 killed; 14,529 wounded; 5,365 captured/missing)\
<ref name=b>A reference written as free text.</ref>
}}
"""
ARTICLE = "<https://w3id.org/warkg/id/article/battle-of-nowhere>"
NO_LICENCE = (
    "warkg build: {page}: 'Battle of Nowhere': no licence: the source does not name one; "
    "give it with --licence IRI (or article.source.licence in a curation file), else the "
    "graph does not validate\n"
)
CONFORMS = re.compile(r"^conforms: (\d+) claims, (\d+) references \([\d,]+ shapes, [\d,]+ focus")


ARW_AS_WRITTEN = {
    "location": [
        "Eastern North America, Gibraltar, Balearic Islands, the Indian subcontinent,parts of "
        "Africa and elsewhere;",
        "European coastal waters, Caribbean Sea, Atlantic and Indian Oceans",
    ],
    # the first line, "American victory", is the victor claim's
    "result": [
        "Peace of Paris",
        "British recognition of the independence of the",
        "United States of America",
        "End of the First British Empire",
        "Shattering of the Iroquois Confederacy",
    ],
    "territorial-changes": [
        "Great Britain loses area east of Mississippi River and south of Great Lakes and St. "
        "Lawrence River to independent United States and to Spain;",
        "Spain gains East Florida, West Florida and Minorca;",
        "Great Britain cedes Tobago and Senegal to France.",
        "Dutch Republic cedes Negapatnam to Great Britain.",
    ],
}
"""The lines of the place, result and territory rows, as textual claims (wikitext of
revision 717770601; one <br /> splits the second result item)."""

AS_WRITTEN = """
PREFIX warkg: <https://w3id.org/warkg/ontology/>
SELECT ?section ?text WHERE {
  ?claim a warkg:TextualClaim ; warkg:inSection ?section ; warkg:evidenceText ?text .
  FILTER(CONTAINS(STR(?section), "/infobox-"))
} ORDER BY ?claim
"""


def as_written(path: Path) -> dict[str, list[str]]:
    """Row (its section's local name) -> the evidence of its textual claims, in order."""
    import pyoxigraph

    store = pyoxigraph.Store()
    if path.suffix == ".nq":
        store.load(path=str(path), format=pyoxigraph.RdfFormat.N_QUADS)
    else:
        store.load(path=str(path), format=pyoxigraph.RdfFormat.TURTLE)
    found: dict[str, list[str]] = {}
    for row in store.query(AS_WRITTEN, use_default_graph_as_union=True):
        section = row["section"].value.rsplit("/infobox-", 1)[1]
        found.setdefault(section, []).append(row["text"].value)
    return found


def run(capsys: pytest.CaptureFixture[str], *args: str) -> tuple[int, str, str]:
    code = main(list(args))
    out, err = capsys.readouterr()
    return code, out, err


@pytest.fixture
def page(tmp_path: Path) -> Path:
    path = tmp_path / "nowhere.wiki"
    path.write_text(ONLY_AN_INFOBOX, encoding="utf-8")
    return path


def test_the_american_revolutionary_war_from_the_dump_builds_and_validates(
    dump_path: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built = tmp_path / "arw.nq"
    code, out, err = run(capsys, "build", str(dump_path), "-o", str(built))
    assert (code, out) == (0, "")
    assert err.endswith(
        f"warkg build: {dump_path}: read 206 pages: built 1, skipped 205 (no infobox 105, "
        "not an article 1, redirect 99)\n"
    )
    quads = built.read_text(encoding="utf-8").splitlines()
    assert len(quads) == 3848
    code, out, err = run(capsys, "validate", str(built))
    assert (code, err) == (0, "")
    assert CONFORMS.match(out).groups() == ("68", "193"), out
    assert as_written(built) == ARW_AS_WRITTEN


def test_a_page_that_is_only_an_infobox_builds_and_validates(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built = tmp_path / "nowhere.ttl"
    url = "https://en.wikipedia.org/wiki/Battle_of_Nowhere"
    code, out, err = run(
        capsys, "build", str(page), "--licence", CC_BY_SA_4, "--source-url", url, "-o", str(built)
    )
    assert (code, out) == (0, "")
    assert err == (
        "warkg build: built 'Battle of Nowhere': 293 triples, 291 (99.3%) from rules, "
        "2 from curation\n"
    )
    text = built.read_text(encoding="utf-8")
    assert f"dcterms:license <{CC_BY_SA_4}>" in text
    assert f"dcterms:source <{url}>" in text
    # "the [[War of Somewhere]]": the parent conflict is the link's, without the article
    assert 'rdfs:label "The conflict is part of the War of Somewhere"@en' in text
    assert "warkg:partOf event:war-of-somewhere" in text
    code, out, err = run(capsys, "validate", str(built))
    assert (code, err) == (0, "")
    assert CONFORMS.match(out).groups() == ("17", "2"), out
    assert as_written(built) == {
        "location": ["Nowhere, Elsewhere"],
        "result": ["Draw"],
        "territorial-changes": ["None"],
    }


def test_the_licence_and_address_given_count_as_decisions_and_say_so(
    page: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    code, out, _ = run(capsys, "build", str(page), "--explain", "--license", CC_BY_SA_4, "--quiet")
    assert code == 0
    assert [line for line in out.splitlines() if "/terms/license>" in line] == [
        f"{ARTICLE} <http://purl.org/dc/terms/license> <{CC_BY_SA_4}> . "
        "# rule article-source + option --licence"
    ]


def test_without_a_licence_the_build_warns_and_validation_names_it(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    built = tmp_path / "nowhere.ttl"
    code, out, err = run(capsys, "build", str(page), "-o", str(built))
    assert (code, out) == (0, "")
    assert err == NO_LICENCE.format(page=page) + (
        "warkg build: built 'Battle of Nowhere': 291 triples, 291 (100.0%) from rules, "
        "0 from curation\n"
    )
    assert "dcterms:license" not in built.read_text(encoding="utf-8")
    code, out, _ = run(capsys, "validate", str(built), "--format", "json")
    assert code == 1
    results = json.loads(out)["results"]
    assert [(r["focus"], r["shape"], r["message"]) for r in results] == [
        (
            ARTICLE,
            "wsh:ArticleSnapshotShape-license",
            "Snapshot must name its licence (dcterms:license).",
        )
    ]


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["PAGE", "--licence", "cc-by-sa"],
            "Invalid value for '--licence' / '--license': 'cc-by-sa' is not an absolute IRI",
        ),
        (["--licence", CC_BY_SA_4], "--licence describes the INPUT files: give some"),
        (
            ["PAGE", "PAGE", "--source-url", "https://example.org/page"],
            "--source-url names the page of one INPUT, not 2",
        ),
        (
            ["DUMP", "--licence", CC_BY_SA_4],
            "DUMP: a dump states each page's address and licence itself; --licence is for "
            "text and wikitext files",
        ),
    ],
    ids=["not-an-iri", "no-input", "one-url-two-pages", "dump"],
)
def test_the_licence_options_refuse_what_they_cannot_state(
    args: list[str],
    message: str,
    page: Path,
    dump_path: Path,
    capsys: pytest.CaptureFixture[str],
) -> None:
    named = {"PAGE": str(page), "DUMP": str(dump_path)}
    code, out, err = run(capsys, "build", *(named.get(arg, arg) for arg in args))
    assert (code, out) == (2, "")
    assert len(err.splitlines()) == 1
    assert message.replace("DUMP", str(dump_path)) in err


def test_the_output_file_s_suffix_names_its_format(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    one = tmp_path / "one.nq"
    code, _, _ = run(capsys, "build", str(page), "--quiet", "-o", str(one))
    assert code == 0
    graphs = {line.rsplit(" ", 2)[1] for line in one.read_text("utf-8").splitlines()}
    assert graphs == {"<https://w3id.org/warkg/id/graph/battle-of-nowhere>"}
    two = tmp_path / "two.ttl"
    code, out, err = run(
        capsys, "build", str(page), str(paths.article_path()), "--quiet", "-o", str(two)
    )
    assert (code, out) == (2, "")
    assert err == (
        f"warkg: {two}: 2 articles are written as N-Quads, one graph each; name the file .nq\n"
    )
    assert not two.exists()


def test_two_files_of_one_article_are_refused(
    page: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Two revisions of a page would merge into one graph: their IRIs come from the title."""
    again = tmp_path / "nowhere-again.wiki"
    again.write_text(ONLY_AN_INFOBOX.replace("Draw", "Stalemate"), encoding="utf-8")
    code, out, err = run(capsys, "build", str(page), str(again), "--quiet")
    assert (code, out) == (2, "")
    assert err == (
        f"warkg: {again}: 'Battle of Nowhere' is also the article of {page}: an article's "
        "IRIs are minted from its title, so build them apart\n"
    )
