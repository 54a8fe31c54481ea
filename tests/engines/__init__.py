"""Tests of `warkg.engines`: the remote engine, uploads to real stores, other engines' rows."""
