"""Tests of `warkg.wikidata` and `warkg wikidata`."""
