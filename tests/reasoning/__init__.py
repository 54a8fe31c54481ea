"""Tests of `warkg.reasoning`."""
