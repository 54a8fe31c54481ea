"""Tests of `warkg serve` (`warkg.server`)."""
