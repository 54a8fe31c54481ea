"""Session-wide fixtures: the shipped graphs, loaded once, and the article snapshot.

Everything here reads the repository (or the installed package's bundled copy) and
nothing touches the network. Tests that need broken inputs write them to tmp_path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from warkg import paths
from warkg.rdf import loading


@pytest.fixture(scope="session")
def repo_root() -> Path:
    """The folder holding ontology/, triples/, shapes/ and queries/."""
    return paths.data_root()


@pytest.fixture(scope="session")
def ontology_graph() -> Graph:
    return loading.load_ontology()


@pytest.fixture(scope="session")
def data_graph() -> Graph:
    return loading.load_data()


@pytest.fixture(scope="session")
def shapes_graph() -> Graph:
    return loading.load_shapes()


@pytest.fixture(scope="session")
def article_text() -> str:
    return paths.article_path().read_text(encoding="utf-8")


# ---- query backends: one of each for the whole session ----------------------------------


@pytest.fixture(scope="session")
def rdflib_backend():
    from warkg.engines.opening import open_graph

    return open_graph("rdflib")


@pytest.fixture(scope="session")
def oxigraph_backend():
    from warkg.engines.opening import open_graph

    return open_graph("oxigraph")


@pytest.fixture(scope="session")
def oxigraph_endpoint(tmp_path_factory: pytest.TempPathFactory):
    """A real `oxigraph serve` on 127.0.0.1 holding the shipped ontology and triples,
    uploaded with our Graph Store Protocol code; its SPARQL query endpoint URL."""
    from tests.support.loopback import oxigraph_server
    from warkg.engines.upload import load_remote

    with oxigraph_server(tmp_path_factory.mktemp("oxigraph")) as url:
        load_remote(url)
        yield url


@pytest.fixture(scope="session")
def remote_backend(oxigraph_endpoint: str):
    from warkg.engines.opening import open_graph

    return open_graph("remote", oxigraph_endpoint)


@pytest.fixture(params=["rdflib", "oxigraph", "remote"])
def backend(request: pytest.FixtureRequest):
    """Each backend in turn (the test runs three times)."""
    return request.getfixturevalue(f"{request.param}_backend")
