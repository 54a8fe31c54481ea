"""Tests of `warkg.sparql`: the scan, the checks, and what queries may not do."""
