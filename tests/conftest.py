"""Session-wide fixtures: the shipped graphs, loaded once, and the article snapshot.

Everything here reads the repository (or the installed package's bundled copy) and
nothing touches the network. Tests that need broken inputs write them to tmp_path.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from rdflib import Graph

from warkg import loading, paths


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
