"""Tests of the shipped knowledge graph itself: ontology, triples and shapes against the article."""
