"""Helpers the tests and benchmarks share, imported as `tests.support.NAME`: loopback
servers and listeners, a running `warkg serve`, real triplestores, mutations of the
shipped data, plain pySHACL reports, a stand-in Wikidata search API."""
