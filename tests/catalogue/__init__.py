"""Tests of `warkg.catalogue`: the stored queries and the quick path."""
