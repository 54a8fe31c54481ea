"""Tests of `warkg.rdf`."""
